// Command gencorpus writes a deterministic synthetic news corpus in
// storybot's corpus format, for load tests and benchmarks that need far
// more stories than the real corpus holds.
//
//	go run ./cmd/gencorpus -stories 30000 -seed 1 -out /tmp/corpus -questions /tmp/questions.txt
//
// The text is English-like rather than English: real function words, news
// verbs and nouns at the head of a Zipf distribution and some 50,000
// pronounceable pseudo-words in its tail, with names, places, numbers,
// dates, abbreviations ("U.S.", "Sen.", "a.m.") and quotations that span
// sentences, so that a sentence splitter and a ranker have real work to do.
// The same seed gives the same bytes on every machine and at any -workers.
// Files are named gen-NNNNNN.txt; other files in -out, including those of
// an earlier, larger run, are left alone.
//
// # Files
//
//   - main.go: the flags, the workers and the summary of the text's shape;
//   - vocab.go: the vocabulary of a seed, real words first and pseudo-words
//     after them, with people's names and places;
//   - story.go: a story's generator (its people, organisations and
//     facts) and the writing primitives;
//   - sentences.go: clauses and sentences, reported speech;
//   - phrases.go: the words and phrases a sentence is made of (people,
//     organisations, numbers, money, time);
//   - quotes.go: quotations and their attribution, counts, the headline;
//   - questions.go: the -questions file, questions drawn from the stories.
package main
