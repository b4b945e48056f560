package index

// Source says where a passage comes from, precisely enough for a reader to
// find it in the story.
type Source struct {
	Story     string `json:"story"`
	Title     string `json:"title"`
	Paragraph int    `json:"paragraph"`
	Sentence  int    `json:"sentence"`
	URL       string `json:"url"`
	// Speaker is who is quoted, when the passage is a quotation.
	Speaker string `json:"speaker,omitempty"`
}

// Span is a half-open byte range [Start, End) in an Answer's Text.
type Span struct {
	Start int `json:"start"`
	End   int `json:"end"`
}

// Answer is one passage that answers a question.
type Answer struct {
	Text   string  `json:"text"`
	Score  float64 `json:"score"`
	Source Source  `json:"source"`
	// Matches are the words of Text that matched the question, for
	// renderers that highlight them.
	Matches []Span `json:"matches,omitempty"`
	// Explain is filled only when the caller asked for it.
	Explain *Explanation `json:"explain,omitempty"`
}

// Result is the engine's whole reply to one question. Answered is false
// (and Answers empty) when the corpus does not hold the answer.
type Result struct {
	Question string   `json:"question"`
	Answered bool     `json:"answered"`
	Answers  []Answer `json:"answers"`
	// Confidence is the judge's probability that the best passage answers
	// (answered at or above the threshold), for calibration.
	Confidence float64 `json:"confidence,omitempty"`
	// Explain, on an abstention, tells why the best passage fell short.
	Explain *Explanation `json:"explain,omitempty"`
}

// Explanation tells why a passage came up: where the question's words
// matched and in what form, and how sure the engine is that the passages
// answer the question.
type Explanation struct {
	Terms    []TermMatch `json:"terms"`
	Features []string    `json:"features,omitempty"`
	// Confidence is the probability, as the engine judges it, that the
	// passages answer the question; it answers only when Confidence
	// reaches Threshold. Margin is the difference.
	Confidence float64 `json:"confidence"`
	Threshold  float64 `json:"threshold"`
	Margin     float64 `json:"margin"`
}

// TermMatch is one word of the question and where, if anywhere, the
// passage holds it.
type TermMatch struct {
	Term   string  `json:"term"`            // the word as the question has it ("refused")
	Weight float64 `json:"weight"`          // its rarity in the corpus (idf)
	Field  string  `json:"field,omitempty"` // where it matched; empty if nowhere
	How    string  `json:"how,omitempty"`   // itself, synonym, spelling or related (meaning)
	Form   string  `json:"form,omitempty"`  // the passage's word that matched ("declined")
	Earned float64 `json:"earned"`          // the share of its weight the match earns
}

// StoryInfo describes a story in the corpus without its text.
type StoryInfo struct {
	ID        string `json:"id"`
	Title     string `json:"title"`
	URL       string `json:"url,omitempty"`
	Published string `json:"published,omitempty"`
	Outlet    string `json:"outlet,omitempty"`
	Sentences int    `json:"sentences"`
}
