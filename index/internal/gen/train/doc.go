// Command train fits the index's ranker and judge (storybot/index's
// model.go) on the answer sets and writes them to model_params.go: one
// model with the reader's features and one without them, for words
// alone. It asks every question of the sets the way the engine does, up
// to the ranker (index.Engine.Candidates), labels each candidate by the
// scorers' rule (index/internal/evalset), and fits on the tune halves;
// it then prints each model's judge and its figures on the check halves,
// which are never fitted on.
//
// Usage, from the module's root or from index/ (go generate ./index runs
// it there):
//
//	go run ./index/internal/gen/train            # fit, write model_params.go, print the trade-off
//	go run ./index/internal/gen/train -ablation  # refit without each technique, both halves held out in turn
//
// It reads ../shared/eval beside the module, index/testdata/dev.jsonl and
// the story in corpus/. The reader's vectors are kept in the temporary
// folder (storybot-train-vectors-*.gob), so that a second run encodes
// nothing; a run then takes about a minute. Two runs on the same data
// write the same file, byte for byte: the engine finds and describes a
// question's candidates the same way every time (index's
// TestCandidatesDeterministic). See docs/answers.md for the sets, the
// halves and the figures.
//
// # Files
//
//   - main.go: the flags, and training both models;
//   - samples.go: the sets' questions with their candidates, labelled;
//     the judge's questions asked of corpora that do not hold them;
//   - fit.go: the ranker's conditional logit, the judge's logistic
//     regression and its threshold, the held-out figures;
//   - ablation.go: the held-out table without each technique or feature;
//   - memo.go: the reader, remembered between runs;
//   - write.go: model_params.go (write_test.go: the file read back and
//     written again is the same, byte for byte).
package main
