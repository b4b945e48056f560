package index

import "context"

// Asker is what answers from a corpus: *Engine is one. The bot asks
// through it (bot.Engine adds whether it can answer now), and package
// live serves one while it reloads it (live.Engine adds Close).
type Asker interface {
	Ask(ctx context.Context, question string, opt AskOptions) (Result, error)
	Stories() []StoryInfo
	// Paragraph gives the sentences of a story's paragraph, or an error
	// wrapping ErrNoParagraph.
	Paragraph(storyID string, para int) ([]string, error)
	// ReaderStatus says whether the sentence encoder reads along:
	// "off", "encoding" or "ready".
	ReaderStatus() string
}

var _ Asker = (*Engine)(nil)
