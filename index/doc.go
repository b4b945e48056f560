// Package index answers questions about a folder of stories: it splits
// them into sentences, reads what they say about their people and things,
// indexes each sentence as a bleve document, and answers a question with
// the passages that answer it — or with none, when the stories do not
// hold the answer. It knows nothing of Slack.
//
// # Where things are
//
// Loading: story.go (a folder of story files), in their formats
// (formats.go: the parser a file's extension or first bytes pick;
// format_text.go: plain text with an optional header, and FormatStory,
// which writes one; format_markdown.go: Markdown with front matter;
// format_html.go and html_article.go: a web page's article without the
// site's furniture), as UTF-8 or refused, saying what the file seems to be
// (encoding.go); a story that does not name itself is named after its file
// and its opening words (naming.go). sentence.go is the sentence splitter.
// The corpus folder is read without following links out of it
// (corpus_fs.go), and changed only here, whoever asks (`storybot add`, an
// admin in Slack): a story added (corpus_add.go), found by its id and
// removed (corpus_remove.go).
//
// Reading the stories, at index time: annotate.go (passages, and what is
// shown), speakers.go (who says a sentence), entities.go (names and what
// else they are called), facts.go (numbers, dates, reasons…), numbers.go
// (numbers in digits and in words), openers.go (capitalised words that
// are not names), lexicon.go (WordNet synonyms of the corpus's words),
// wordvec.go (word vectors of the corpus's words).
//
// The index: engine.go (Open), build.go (indexing: the stories prepared in
// parallel, prepare.go, and added to bleve in batches); asker.go says what
// it answers with, for the bot and package live, and result.go what an
// answer holds (Result, Answer, Source, Explanation); paragraph.go gives a
// paragraph's sentences back, in order. passages.go (the passage table the
// ranker reads), analyzer.go (English analysis with irregular forms),
// ondisk.go and indexdir.go (an on-disk index that storybot owns).
//
// The reader, a sentence encoder (index/encoder) that reads by meaning:
// reader.go (the passages' vectors, encoded at once or in the background,
// kept by text in the process), vecfile.go (kept in the index folder),
// reading.go (a question's vector, its cosines, the passages closest in
// meaning as more candidates, a misspelt name read as the story writes it).
//
// A question, in the order it is answered (ask.go): focus.go (in a long
// message, the words outside its questions count for less), intent.go
// (what kind of answer it wants), terms.go and spelling.go (its words and
// the other forms that stand for them: synonyms, spelling fixes, words of
// near meaning), retrieve.go (bleve's first stage), reading.go (the
// reader's view of it), match.go (where each word matched in each
// candidate), features.go (what describes a candidate), model.go and
// model_params.go (the learned ranker and judge, with the reader and by
// words alone), judge.go (whether to answer at all), highlight.go and
// explain.go (what is shown). kinds.go holds the kinds of fact both sides
// share; plain.go is plain BM25, never abstaining, for comparison
// (Options.Plain).
//
// The models are fitted on the public answer sets' tune halves by
// internal/gen/train (go generate, below), which reads the engine through
// training.go, the names kept for it; internal/evalset reads the answer
// sets for it and for eval_test.go. See docs/answers.md.
package index

//go:generate go run ./internal/gen/train -o model_params.go
