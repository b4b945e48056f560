// Package index answers questions about a folder of stories: it splits
// them into sentences, reads what they say about their people and things,
// indexes each sentence as a bleve document, and answers a question with
// the passages that answer it — or with none, when the stories do not
// hold the answer. It knows nothing of Slack.
//
// # Where things are
//
// Loading: story.go (a folder of story files), sentence.go (the
// sentence splitter). The corpus folder is read without following links
// out of it (corpus_fs.go), and changed only here, whoever asks
// (`storybot add`, an admin in Slack): a story added (corpus_add.go),
// found by its id and removed (corpus_remove.go).
//
// Reading the stories, at index time: annotate.go (passages, and what is
// shown), speakers.go (who says a sentence), entities.go (names and what
// else they are called), facts.go (numbers, dates, reasons…), numbers.go
// (numbers in digits and in words), openers.go (capitalised words that
// are not names), lexicon.go (WordNet synonyms of the corpus's words),
// wordvec.go (word vectors of the corpus's words).
//
// The index: engine.go (Open, indexing; asker.go says what it answers
// with, for the bot and package live), passages.go (the passage table
// the ranker reads), analyzer.go (English analysis with irregular forms),
// ondisk.go and indexdir.go (an on-disk index that storybot owns).
//
// The reader, a sentence encoder (index/encoder) that reads by meaning:
// reader.go (the passages' vectors, encoded at once or in the background,
// kept by text in the process), vecfile.go (kept in the index folder),
// reading.go (a question's vector, its cosines, the passages closest in
// meaning as more candidates, a misspelt name read as the story writes it).
//
// A question, in the order it is answered (ask.go): intent.go (what kind
// of answer it wants), terms.go and spelling.go (its words and the other
// forms that stand for them: synonyms, spelling fixes, words of near
// meaning), retrieve.go (bleve's first stage), reading.go (the reader's
// view of it), match.go (where each word matched in each candidate),
// features.go (what describes a candidate), model.go and model_params.go
// (the learned ranker and judge, with the reader and by words alone),
// judge.go (whether to answer at all), highlight.go and explain.go (what
// is shown).
// kinds.go holds the kinds of fact both sides share.
//
// The models are fitted on the public answer sets' tune halves by
// internal/gen/train (go generate, below), which reads the engine through
// training.go, the names kept for it; internal/evalset reads the answer
// sets for it and for eval_test.go. See docs/answers.md.
package index

//go:generate go run ./internal/gen/train -o model_params.go
