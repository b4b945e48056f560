package index

import (
	"bytes"
	"net/url"
	"regexp"
	"strings"
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
	valid := utf8.Valid(data)
	if why := binaryWhy(data, valid); why != "" {
		return nil, storyErr(file, 0, "%s", why)
	}
	data = bytes.TrimPrefix(data, []byte(utf8BOM))
	if valid {
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
