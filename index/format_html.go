package index

import (
	"bytes"
	"net/url"
	"regexp"
	"strings"
	"unicode"
	"unicode/utf8"

	readability "codeberg.org/readeck/go-readability/v2"
	"golang.org/x/net/html"
	"golang.org/x/net/html/atom"
	"golang.org/x/net/html/charset"
)

// A saved web page (.html, .htm) is read for its article only, with a
// maintained port of Mozilla's Readability (Firefox's Reader View), which
// leaves out the navigation, cookie banners, "most read" lists, footers
// and the like; what it keeps of the page's furniture in the article (an
// advertisement's label, a date line, share buttons, a caption) is
// dropped here. Title, url, date and outlet come from the page's
// metadata. A page that is not valid UTF-8 is read in the encoding it
// declares (<meta charset>), as a browser would; one that declares none
// is refused like any other text (see encoding.go).

// minArticle is the least text, in bytes, of a page that Readability does
// not take for an article (its check wants a paragraph or so of 140
// characters): less is a front page, a list of links or a cookie wall.
const minArticle = 500

// maxElements bounds the elements of a page read: a news page has a few
// thousand, and Readability's time grows faster than their number (on the
// development machine a page of 50,000 links took 1 s, one of 95,000 6.5 s).
const maxElements = 50_000

// boilerplate matches the class names and ids of a page's furniture that
// can sit inside an article: advertisements, promotions, sharing and
// newsletter boxes, date lines, bylines and author notes, captions,
// related links, consent banners.
var boilerplate = regexp.MustCompile(`(?i)(^|[\s_-])(ads?|advert\w*|sponsor\w*|promo\w*|newsletter\w*|share\w*|social|subscri\w*|byline|dateline|timestamp|bio|caption|credit|related|recirc\w*|comments?)($|[\s_-])`)

// consent matches the class names and ids of cookie and consent banners.
// They are taken out of the page before Readability reads it: when a page
// has little text Readability tries again without its own filters, and a
// banner's paragraph of legal prose can then pass for the article.
var consent = regexp.MustCompile(`(?i)cookie|consent|gdpr|onetrust|didomi|(^|[\s_-])cmp($|[\s_-])`)

// parseHTML reads a saved web page.
func parseHTML(file string, data []byte) (st Story, err error) {
	// Readability is a large body of code run on whatever a page holds: a
	// panic in it is this file's error, not the end of the process.
	defer func() {
		if p := recover(); p != nil {
			err = storyErr(file, 0, "the page could not be read: %v", p)
		}
	}()
	src, err := htmlBytes(file, data)
	if err != nil {
		return st, err
	}
	doc, err := html.Parse(bytes.NewReader(src))
	if err != nil {
		return st, storyErr(file, 0, "not an HTML page: %v", err)
	}
	st.URL = pageURL(doc)
	base, _ := url.Parse(st.URL)
	removeFurniture(doc)
	p := readability.NewParser()
	p.KeepClasses = true // for the furniture left in the article (boilerplate)
	p.MaxElemsToParse = maxElements
	readable := p.CheckDocument(doc)
	art, err := p.ParseAndMutate(doc, base)
	if err != nil {
		return st, storyErr(file, 0, "the page could not be read (%v): storybot reads pages of up to %d elements", err, maxElements)
	}
	var paras []string
	if art.Node != nil {
		paras = articleParagraphs(art.Node)
	}
	st.Text = strings.Join(paras, "\n\n")
	if len(paras) == 0 || !readable && len(st.Text) < minArticle {
		return st, storyErr(file, 0, "no article in the page (%d bytes of text outside its navigation, lists of links and other furniture): "+
			"is it a front page, a list of links, or a cookie or paywall page? Save the article's own page", len(st.Text))
	}
	st.Outlet = oneLine(art.SiteName())
	st.Title = withoutSite(oneLine(art.Title()), st.Outlet)
	if t, err := art.PublishedTime(); err == nil {
		st.Published = t.Format("2006-01-02")
	}
	return st, nil
}

// htmlBytes is a page as UTF-8: binary data is refused; a page that is not
// valid UTF-8 is converted from the encoding it declares, or refused when
// it declares none.
func htmlBytes(file string, data []byte) ([]byte, error) {
	if why := binaryWhy(data); why != "" {
		return nil, storyErr(file, 0, "%s", why)
	}
	data = bytes.TrimPrefix(data, []byte(utf8BOM))
	if utf8.Valid(data) {
		return data, nil
	}
	label := declaredCharset(data)
	enc, name := charset.Lookup(label)
	if enc == nil || name == "utf-8" || strings.HasPrefix(name, "utf-16") {
		return nil, notUTF8(file, data)
	}
	out, err := enc.NewDecoder().Bytes(data)
	if err != nil || !utf8.Valid(out) {
		return nil, storyErr(file, 0, "not valid %s, the encoding the page declares", name)
	}
	return out, nil
}

// declaredCharset is the encoding a page's <meta> declares, or "".
func declaredCharset(data []byte) string {
	doc, err := html.Parse(bytes.NewReader(data))
	if err != nil {
		return ""
	}
	for n := range doc.Descendants() {
		if n.Type != html.ElementNode || n.DataAtom != atom.Meta {
			continue
		}
		if cs := attr(n, "charset"); cs != "" {
			return cs
		}
		if strings.EqualFold(attr(n, "http-equiv"), "content-type") {
			if _, cs, ok := strings.Cut(strings.ToLower(attr(n, "content")), "charset="); ok {
				return strings.Trim(cs, ` "';`)
			}
		}
	}
	return ""
}

// pageURL is the page's own address: og:url, else the canonical link;
// only an absolute http(s) URL counts.
func pageURL(doc *html.Node) string {
	var og, canonical string
	for n := range doc.Descendants() {
		switch {
		case n.Type != html.ElementNode:
		case n.DataAtom == atom.Meta && attr(n, "property") == "og:url" && og == "":
			og = strings.TrimSpace(attr(n, "content"))
		case n.DataAtom == atom.Link && strings.EqualFold(attr(n, "rel"), "canonical") && canonical == "":
			canonical = strings.TrimSpace(attr(n, "href"))
		}
	}
	for _, u := range []string{og, canonical} {
		if p, err := url.Parse(u); err == nil && (p.Scheme == "http" || p.Scheme == "https") && p.Host != "" {
			return u
		}
	}
	return ""
}

// removeFurniture takes out of the page what is never an article and
// that Readability might keep: navigation, page footers, dialogs and
// cookie or consent banners.
func removeFurniture(doc *html.Node) {
	var gone []*html.Node
	for n := range doc.Descendants() {
		if n.Type != html.ElementNode {
			continue
		}
		switch role := attr(n, "role"); {
		case n.DataAtom == atom.Nav, n.DataAtom == atom.Footer,
			role == "navigation", role == "dialog", role == "alertdialog", role == "contentinfo",
			consent.MatchString(attr(n, "class")), consent.MatchString(attr(n, "id")):
			gone = append(gone, n)
		}
	}
	for _, n := range gone {
		if n.Parent != nil {
			n.Parent.RemoveChild(n)
		}
	}
}

// withoutSite drops the site's name from the end of a title ("Bridge
// repair approved | The Prairie Ledger").
func withoutSite(title, site string) string {
	if site == "" {
		return title
	}
	for _, sep := range []string{" | ", " - ", " – ", " — ", " · ", " :: "} {
		if t, ok := strings.CutSuffix(title, sep+site); ok && t != "" {
			return t
		}
	}
	return title
}

func attr(n *html.Node, key string) string {
	for _, a := range n.Attr {
		if a.Key == key {
			return a.Val
		}
	}
	return ""
}

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
