// Package evalset reads the answer sets of ../shared/eval the way its
// scorers read them, and scores answers as they do. The index's tests
// (TestEval, TestDevSet) and the trainer (index/internal/gen/train) share
// it; it knows nothing of the engine, only of the texts it answers with.
//
// Each set is also split into the half that techniques are tuned on and
// the half they are checked on: casual.jsonl by id (even numbers tune, odd
// check), others.jsonl by writer, news/ by story, SQuAD by article
// (alternate articles in name order).
//
// # Files
//
//   - set.go: Item, Set, ReadItems and Load (the sets and their halves);
//   - score.go: Scores, Set.Rank and Set.Score, the story sets' rule and
//     SQuAD's.
package evalset
