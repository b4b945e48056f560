package index

import (
	"bytes"
	"path"
	"strings"
	"unicode"
)

// A story comes as people have it: plain text (format_text.go), Markdown
// (format_markdown.go) or a saved web page (format_html.go). Each format
// reads what its file says (an id or a title only when the file names
// one) and the story's text as paragraphs separated by blank lines;
// finish fills in what is missing the same way for all of them.

// storyExts names the extensions of story files, for messages.
const storyExts = ".txt, .md, .markdown, .html or .htm"

// parser reads one format. Errors are *StoryError naming file.
type parser func(file string, data []byte) (Story, error)

// formatOf is the parser for a file name's extension, or nil.
func formatOf(name string) parser {
	switch strings.ToLower(path.Ext(name)) {
	case ".txt":
		return parseText
	case ".md", ".markdown":
		return parseMarkdown
	case ".html", ".htm":
		return parseHTML
	}
	return nil
}

// IsStoryFile says whether LoadDir reads a file of this name: one with a
// story's extension, neither hidden (an editor's or a copy's temporary
// file) nor a README, which explains a folder rather than tells a story.
func IsStoryFile(name string) bool {
	base := path.Base(name)
	if strings.HasPrefix(base, ".") || strings.EqualFold(stem(base), "readme") {
		return false
	}
	return formatOf(base) != nil
}

// ParseStory reads one story file of the corpus in the format its name's
// extension says. What the file does not say is made up the same way for
// every format: the id from the file's name, the title from the file's
// name made readable or, failing that, from the story's opening words.
func ParseStory(file string, data []byte) (Story, error) {
	parse := formatOf(file)
	if parse == nil {
		return Story{File: file}, storyErr(file, 0, "not a story file: want a %s file", storyExts)
	}
	st, err := parse(file, data)
	if err != nil {
		return st, err
	}
	return st, finish(&st, file, true)
}

// ParseInput reads a story given to `storybot add`: name "-" is standard
// input. Its format comes from the name's extension or, when it has none
// of a story's, from the content. Unlike ParseStory, it leaves the id
// empty unless the story names one: the name of a file at hand
// ("page.html", "Untitled.txt", standard input) makes a poor id, and the
// corpus picks one from the title (see AddStory).
func ParseInput(name string, data []byte) (Story, error) {
	parse := formatOf(name)
	if name == "-" || parse == nil {
		parse = sniff(data)
	}
	st, err := parse(name, data)
	if err != nil {
		return st, err
	}
	return st, finish(&st, name, false)
}

// sniff picks the format of a story that came without a telling name.
func sniff(data []byte) parser {
	head := bytes.TrimLeftFunc(bytes.TrimPrefix(data, []byte(utf8BOM)), unicode.IsSpace)
	head = head[:min(len(head), 1024)]
	lower := bytes.ToLower(head)
	for _, p := range []string{"<!doctype html", "<html", "<head", "<body", "<meta", "<title", "<!--"} {
		if bytes.HasPrefix(lower, []byte(p)) {
			return parseHTML
		}
	}
	if bytes.Contains(lower, []byte("<html")) {
		return parseHTML
	}
	for _, p := range []string{"---\n", "---\r\n", "+++", "# "} {
		if bytes.HasPrefix(head, []byte(p)) {
			return parseMarkdown
		}
	}
	return parseText
}

// finish fills in what a story file did not say, and checks the story.
// nameID: a missing id comes from the file's name.
func finish(st *Story, file string, nameID bool) error {
	st.File = file
	if strings.TrimSpace(st.Text) == "" {
		return storyErr(file, 0, "no story text")
	}
	if st.ID == "" && nameID {
		if st.ID = idFromName(file); st.ID == "" {
			return storyErr(file, 0, "no story id: name the file with letters or digits, or give it an id")
		}
	}
	if strings.IndexFunc(st.ID, func(r rune) bool { return unicode.IsSpace(r) || unicode.IsControl(r) }) >= 0 {
		return storyErr(file, 0, "story id %q must not contain spaces", clip(st.ID))
	}
	if st.Title == "" {
		title, ok := "", false
		if file != "-" {
			title, ok = readableName(file)
		}
		if !ok {
			title = openingWords(st.Text)
		}
		st.Title = title
	}
	return nil
}

func clip(s string) string {
	if len(s) > 60 {
		cut := 60
		for cut > 0 && s[cut]&0xc0 == 0x80 {
			cut--
		}
		return s[:cut] + "…"
	}
	return s
}
