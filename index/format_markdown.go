package index

import (
	"bufio"
	"bytes"
	"html"
	"regexp"
	"strconv"
	"strings"

	"github.com/yuin/goldmark"
	"github.com/yuin/goldmark/ast"
	gmhtml "github.com/yuin/goldmark/renderer/html"
	"github.com/yuin/goldmark/text"
	"go.yaml.in/yaml/v3"
)

// A Markdown story (.md, .markdown) has YAML front matter between "---"
// lines, as Hugo, Jekyll and the other static-site tools write it (id,
// title, url, published or date, outlet; other keys are theirs and
// ignored), then CommonMark read with goldmark into plain paragraphs:
// headings are not passages, links keep their text, emphasis marks go,
// code and raw HTML blocks are left out. The title is the front matter's,
// else the first level-one heading.

// frontMatter is what storybot reads of a Markdown story's front matter.
type frontMatter struct {
	ID        string `yaml:"id"`
	Title     string `yaml:"title"`
	URL       string `yaml:"url"`
	Published string `yaml:"published"`
	Date      string `yaml:"date"` // Hugo's and Jekyll's name for it
	Outlet    string `yaml:"outlet"`
}

// parseMarkdown reads a Markdown story.
func parseMarkdown(file string, data []byte) (Story, error) {
	src, err := utf8Text(file, data)
	if err != nil {
		return Story{}, err
	}
	fm, body, err := readFrontMatter(file, src)
	if err != nil {
		return Story{}, err
	}
	st := Story{ID: strings.TrimSpace(fm.ID), Title: oneLine(fm.Title), URL: strings.TrimSpace(fm.URL),
		Published: strings.TrimSpace(fm.Published), Outlet: oneLine(fm.Outlet)}
	if st.Published == "" {
		st.Published = strings.TrimSpace(fm.Date)
	}
	b := []byte(body)
	doc := goldmark.New().Parser().Parse(text.NewReader(b))
	heading, paras := markdownParagraphs(doc, b)
	if st.Title == "" {
		st.Title = heading
	}
	st.Text = strings.Join(paras, "\n\n")
	if st.Text == "" {
		return st, storyErr(file, 0, "no paragraphs of text (headings, code and HTML blocks are not read as the story)")
	}
	return st, nil
}

// yamlLine finds the line numbers in the YAML library's messages, which
// count from the front matter's first line.
var yamlLine = regexp.MustCompile(`line (\d+)`)

// readFrontMatter splits off the front matter, if there is one, and
// reads it.
func readFrontMatter(file, src string) (frontMatter, string, error) {
	var fm frontMatter
	first, rest, _ := strings.Cut(src, "\n")
	switch strings.TrimRight(first, " \t\r") {
	case "---":
	case "+++":
		return fm, "", storyErr(file, 1, "TOML front matter (between +++ lines) is not read: write it in YAML between --- lines")
	default:
		return fm, src, nil
	}
	var yml strings.Builder
	for line := 2; rest != ""; line++ {
		var l string
		l, rest, _ = strings.Cut(rest, "\n")
		if end := strings.TrimRight(l, " \t\r"); end == "---" || end == "..." {
			if strings.TrimSpace(yml.String()) == "" {
				return fm, rest, nil
			}
			if err := yaml.Unmarshal([]byte(yml.String()), &fm); err != nil {
				msg := yamlLine.ReplaceAllStringFunc(err.Error(), func(m string) string {
					n, _ := strconv.Atoi(strings.TrimPrefix(m, "line "))
					return "line " + strconv.Itoa(n+1)
				})
				return fm, "", storyErr(file, 0, "front matter (YAML between the --- lines): %s", strings.TrimPrefix(msg, "yaml: "))
			}
			return fm, rest, nil
		}
		yml.WriteString(l + "\n")
	}
	return fm, "", storyErr(file, 1, "front matter opened by --- is never closed: end it with a --- line")
}

// markdownParagraphs walks a parsed Markdown document: the text of its
// first level-one heading, and its paragraphs as plain text (in lists and
// block quotes too), each on one line.
func markdownParagraphs(doc ast.Node, src []byte) (heading string, paras []string) {
	ast.Walk(doc, func(n ast.Node, entering bool) (ast.WalkStatus, error) {
		if !entering {
			return ast.WalkContinue, nil
		}
		switch n := n.(type) {
		case *ast.Heading:
			if n.Level == 1 && heading == "" {
				heading = inlineText(n, src)
			}
			return ast.WalkSkipChildren, nil
		case *ast.Paragraph, *ast.TextBlock:
			if p := inlineText(n, src); p != "" {
				paras = append(paras, p)
			}
			return ast.WalkSkipChildren, nil
		case *ast.FencedCodeBlock, *ast.CodeBlock, *ast.HTMLBlock, *ast.ThematicBreak:
			return ast.WalkSkipChildren, nil
		}
		return ast.WalkContinue, nil
	})
	return heading, paras
}

// inlineText is the plain text of a block's inline content: links keep
// their text, emphasis marks go, images and raw HTML are left out, line
// breaks become spaces, escapes and entities become the characters they
// stand for.
func inlineText(block ast.Node, src []byte) string {
	// goldmark's HTML writer resolves backslash escapes and entities, as
	// its own rendering does, and escapes HTML; what is written raw is
	// escaped here alike, and html.UnescapeString undoes the escaping.
	var b bytes.Buffer
	w := bufio.NewWriter(&b)
	raw := func(v []byte) { w.WriteString(html.EscapeString(string(v))) }
	ast.Walk(block, func(n ast.Node, entering bool) (ast.WalkStatus, error) {
		if !entering {
			return ast.WalkContinue, nil
		}
		switch n := n.(type) {
		case *ast.Text:
			if n.IsRaw() {
				raw(n.Value(src))
			} else {
				gmhtml.DefaultWriter.Write(w, n.Value(src))
			}
			if n.SoftLineBreak() || n.HardLineBreak() {
				w.WriteByte(' ')
			}
		case *ast.String:
			raw(n.Value)
		case *ast.AutoLink:
			raw(n.Label(src))
			return ast.WalkSkipChildren, nil
		case *ast.Image, *ast.RawHTML:
			return ast.WalkSkipChildren, nil
		}
		return ast.WalkContinue, nil
	})
	w.Flush()
	return oneLine(html.UnescapeString(b.String()))
}

// oneLine collapses runs of white space to one space.
func oneLine(s string) string { return strings.Join(strings.Fields(s), " ") }
