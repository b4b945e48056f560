package index

import (
	"regexp"
	"strings"
	"unicode"

	"golang.org/x/net/html"
	"golang.org/x/net/html/atom"
)

// What Readability keeps of a page is the article's container, with some
// of the page's furniture still in it. Its text becomes the story's
// paragraphs here: one per block, without headings, figures and captions,
// and without what reads as furniture rather than text.

// boilerplate matches the class names and ids of a page's furniture that
// can sit inside an article: advertisements, promotions, sharing and
// newsletter boxes, date lines, bylines and author notes, captions,
// related links, comments.
var boilerplate = regexp.MustCompile(`(?i)(^|[\s_-])(ads?|advert\w*|sponsor\w*|promo\w*|newsletter\w*|share\w*|social|subscri\w*|byline|dateline|timestamp|bio|caption|credit|related|recirc\w*|comments?)($|[\s_-])`)

// articleParagraphs is the text of an article's blocks, one paragraph
// each, without headings, figures and the page's furniture.
func articleParagraphs(article *html.Node) []string {
	pb := paragraphs{total: alnum(textOf(article))}
	pb.walk(article, false)
	pb.flush()
	return pb.out
}

// paragraphs gathers the text of blocks as it walks them.
type paragraphs struct {
	out       []string
	total     int // letters and digits of the whole article
	cur       strings.Builder
	linkChars int  // letters and digits of cur inside links
	hasTime   bool // cur holds a <time>
}

// skipped are the elements whose text is never the story's: headings,
// figures, forms and the like, and the page's furniture by its class or
// id, unless it holds half the article (a class name is a hint, and a
// story's own container may carry a misleading one).
func (pb *paragraphs) skipped(n *html.Node) bool {
	switch n.DataAtom {
	case atom.H1, atom.H2, atom.H3, atom.H4, atom.H5, atom.H6, atom.Figure, atom.Figcaption,
		atom.Aside, atom.Nav, atom.Footer, atom.Header, atom.Form, atom.Button, atom.Script,
		atom.Style, atom.Noscript, atom.Template, atom.Svg, atom.Iframe, atom.Select, atom.Textarea:
		return true
	}
	if !boilerplate.MatchString(attr(n, "class")) && !boilerplate.MatchString(attr(n, "id")) {
		return false
	}
	return alnum(textOf(n))*2 < pb.total
}

// textOf is the text of n and all it holds.
func textOf(n *html.Node) string {
	var b strings.Builder
	for d := range n.Descendants() {
		if d.Type == html.TextNode {
			b.WriteString(d.Data)
		}
	}
	return b.String()
}

func (pb *paragraphs) walk(n *html.Node, inLink bool) {
	switch n.Type {
	case html.TextNode:
		pb.cur.WriteString(n.Data)
		if inLink {
			pb.linkChars += alnum(n.Data)
		}
		return
	case html.ElementNode:
		if pb.skipped(n) {
			return
		}
	default:
		if n.Type != html.DocumentNode {
			return
		}
	}
	block := isBlock(n.DataAtom)
	if block {
		pb.flush()
	}
	switch n.DataAtom {
	case atom.Br:
		pb.cur.WriteByte(' ')
	case atom.Time:
		pb.hasTime = true
	case atom.A:
		inLink = true
	}
	for c := n.FirstChild; c != nil; c = c.NextSibling {
		pb.walk(c, inLink)
	}
	if block {
		pb.flush()
	}
}

// flush ends the paragraph being gathered, keeping it when it reads as
// text: not a label of a few words without a sentence's end
// ("Advertisement"), not mostly links ("Related: …"), not a short date
// line ("Published 6:45 p.m. March 12").
func (pb *paragraphs) flush() {
	t := oneLine(pb.cur.String())
	letters := alnum(t)
	label := len(strings.Fields(t)) < 4 && !strings.ContainsAny(t, ".!?")
	switch {
	case letters == 0, label, pb.linkChars*2 >= letters, pb.hasTime && len(t) < 100:
	default:
		pb.out = append(pb.out, t)
	}
	pb.cur.Reset()
	pb.linkChars, pb.hasTime = 0, false
}

func alnum(s string) int {
	n := 0
	for _, r := range s {
		if unicode.IsLetter(r) || unicode.IsDigit(r) {
			n++
		}
	}
	return n
}

// isBlock: the elements that start and end a paragraph.
func isBlock(a atom.Atom) bool {
	switch a {
	case atom.P, atom.Div, atom.Section, atom.Article, atom.Main, atom.Blockquote, atom.Pre,
		atom.Ul, atom.Ol, atom.Li, atom.Dl, atom.Dt, atom.Dd, atom.Table, atom.Tr, atom.Td, atom.Th,
		atom.Hr, atom.Address, atom.Details, atom.Summary, atom.Center:
		return true
	}
	return false
}
