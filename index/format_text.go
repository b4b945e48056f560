package index

import (
	"strings"
	"unicode"
	"unicode/utf8"
)

// A plain-text story (.txt) is its text, paragraphs separated by blank
// lines, optionally after a header of "key: value" lines (id, title, url,
// published, outlet) and a blank line. Without a title, a first line that
// reads as a headline is the title.

// maxHeadline bounds a first line taken for a headline, in characters.
const maxHeadline = 150

// parseText reads a plain-text story.
func parseText(file string, data []byte) (Story, error) {
	text, err := utf8Text(file, data)
	if err != nil {
		return Story{}, err
	}
	var st Story
	block, body, bodyLine := firstBlock(text)
	header := isHeader(block)
	if header {
		if err := readHeader(&st, file, block); err != nil {
			return st, err
		}
	} else {
		body, bodyLine = text, 1
	}
	if st.Title == "" {
		if title, rest, ok := headline(body); ok {
			st.Title, body = title, rest
		}
	}
	st.Text = strings.TrimRight(body, " \t\r\n")
	if strings.TrimSpace(st.Text) == "" {
		if header {
			return st, storyErr(file, bodyLine-1, "story has no text after the header")
		}
		return st, storyErr(file, 0, "no story text")
	}
	return st, nil
}

// firstBlock cuts text at its first blank line: the lines before it, what
// follows it, and the line number that starts there.
func firstBlock(text string) (lines []string, rest string, restLine int) {
	for line := 1; ; line++ {
		l, after, found := strings.Cut(text, "\n")
		l = strings.TrimRight(l, "\r")
		if strings.TrimSpace(l) == "" {
			return lines, after, line + 1
		}
		lines = append(lines, l)
		if !found {
			return lines, "", line + 1
		}
		text = after
	}
}

// isHeader says whether a story's first lines are a header: every one a
// "key: value" line with a one-word key, one key at least storybot's. A
// story whose first line happens to hold a colon ("Update: the court
// ruled…") is not taken for one; a header with a misspelt key is, and
// says so.
func isHeader(lines []string) bool {
	known := false
	for _, l := range lines {
		key, _, ok := strings.Cut(l, ":")
		key = strings.TrimSpace(key)
		if !ok || key == "" || strings.IndexFunc(key, func(r rune) bool {
			return !unicode.IsLetter(r) && !unicode.IsDigit(r) && r != '_' && r != '-'
		}) >= 0 {
			return false
		}
		known = known || headerKey(strings.ToLower(key)) != nil
	}
	return known
}

// headerKey is where a header key's value goes, or nil for an unknown key.
func headerKey(key string) func(st *Story) *string {
	switch key {
	case "id":
		return func(st *Story) *string { return &st.ID }
	case "title":
		return func(st *Story) *string { return &st.Title }
	case "url":
		return func(st *Story) *string { return &st.URL }
	case "published":
		return func(st *Story) *string { return &st.Published }
	case "outlet":
		return func(st *Story) *string { return &st.Outlet }
	}
	return nil
}

// readHeader reads the header's lines into st.
func readHeader(st *Story, file string, lines []string) error {
	for i, l := range lines {
		key, value, _ := strings.Cut(l, ":")
		field := headerKey(strings.ToLower(strings.TrimSpace(key)))
		if field == nil {
			return storyErr(file, i+1, "unknown header key %q (want id, title, url, published or outlet)", clip(strings.TrimSpace(key)))
		}
		*field(st) = strings.TrimSpace(value)
	}
	return nil
}

// headline takes a story's first line for its title when it reads as one:
// a paragraph of one line, short, with a letter in it, and not ending the
// way a sentence or a lead-in does (a full stop, a colon, a comma). It
// returns the title and the text after it.
func headline(body string) (title, rest string, ok bool) {
	block, rest, _ := firstBlock(strings.TrimLeft(body, " \t\r\n"))
	if len(block) != 1 || strings.TrimSpace(rest) == "" {
		return "", body, false
	}
	title = strings.Join(strings.Fields(block[0]), " ")
	end := strings.TrimRight(title, "\"'”’»)]")
	last, _ := utf8.DecodeLastRuneInString(end)
	if utf8.RuneCountInString(title) > maxHeadline || strings.IndexFunc(title, unicode.IsLetter) < 0 ||
		strings.ContainsRune(".,;:…-–—", last) {
		return "", body, false
	}
	return title, rest, true
}

// FormatStory writes st as a plain-text story file with a full header,
// the form `storybot add` keeps stories in: ParseStory reads it back as
// st. Header values are kept to one line.
func FormatStory(st Story) []byte {
	var b strings.Builder
	for _, f := range []struct{ key, value string }{
		{"id", st.ID}, {"title", st.Title}, {"url", st.URL}, {"published", st.Published}, {"outlet", st.Outlet},
	} {
		if v := strings.Join(strings.Fields(f.value), " "); v != "" {
			b.WriteString(f.key + ": " + v + "\n")
		}
	}
	b.WriteString("\n")
	b.WriteString(strings.TrimRight(st.Text, " \t\r\n"))
	b.WriteString("\n")
	return []byte(b.String())
}
