package index

import (
	"strings"
	"testing"

	"golang.org/x/net/html"
	"golang.org/x/text/encoding/charmap"
)

// TestParseHTMLNewsPage: the saved news page gives its article and its
// metadata, and none of the page around the article.
func TestParseHTMLNewsPage(t *testing.T) {
	t.Parallel()
	st, err := ParseStory(riverton, readFixture(t, riverton))
	if err != nil {
		t.Fatal(err)
	}
	want := Story{
		ID:        "Riverton-council-approves-bridge-repair-The-Prairie-Ledger",
		Title:     "Riverton council approves $4.2 million bridge repair after months of debate",
		URL:       "https://www.prairie-ledger.example/news/local/2024/03/12/riverton-bridge-repair-approved/",
		Published: "2024-03-12",
		Outlet:    "The Prairie Ledger",
		File:      riverton,
	}
	got := st
	got.Text = ""
	if got != want {
		t.Errorf("got  %+v\nwant %+v", got, want)
	}
	for _, furniture := range []string{
		"cookies", "Accept all", "Manage preferences", // the cookie banner
		"Skip to main", "Subscribe", "Log in", "Obituaries", "Breaking", "I-70", // the header and navigation
		"Advertisement",     // the ad slots' labels
		"Share on", "Email", // the sharing tools
		"Traffic crosses", "Photo:", // the caption and credit
		"Published 6:45", "Updated", // the date line
		"Related", "water plant upgrade", // a related link in the story's body
		"Morning Ledger", "Sign up", "inbox", // the newsletter box
		"Topics:", "mkeller@", "covers Riverton", // tags, the author's note
		"Most Read", "Beloved Salina diner", "Wheat prices fall", // the "most read" list
		"More from", "Downtown parking meters", "Comments are closed",
		"©", "All rights reserved", "Privacy policy", "Careers", // the footer
		"gtag", "dataLayer", "{", // scripts and styles
	} {
		if strings.Contains(st.Text, furniture) {
			t.Errorf("the story holds the page's %q", furniture)
		}
	}
}

// page is a small web page around an article of n sentences.
func page(head, article string) string {
	return "<!DOCTYPE html><html><head>" + head + "</head><body><nav><a href='/'>Home</a></nav><article>" +
		article + "</article><footer>© 2024 Riverton Daily</footer></body></html>"
}

// storm is an article's worth of paragraphs.
var storm = strings.Repeat("<p>A storm closed eleven schools in the north of the city on Monday, and the district said they would open again on Wednesday.</p>\n", 5)

// parseHTMLTest is a page, and the story read from it or the error.
type parseHTMLTest struct {
	name, data string
	want       Story // Text is checked for a substring
	wantErr    string
}

func parseHTMLTests(t *testing.T) []parseHTMLTest {
	latin1 := func(s string) string {
		b, err := charmap.Windows1252.NewEncoder().String(s)
		if err != nil {
			t.Fatal(err)
		}
		return b
	}
	return []parseHTMLTest{
		{
			name: "title from <title>, without the site's name",
			data: page(`<title>Storm closes eleven schools | Riverton Daily</title><meta property="og:site_name" content="Riverton Daily">`, storm),
			want: Story{Title: "Storm closes eleven schools", Outlet: "Riverton Daily", Text: "eleven schools"},
		},
		{
			name: "og:title before <title>; a site's name in it goes",
			data: page(`<title>Schools | Riverton Daily</title><meta property="og:title" content="Storm closes eleven schools - Riverton Daily"><meta property="og:site_name" content="Riverton Daily">`, storm),
			want: Story{Title: "Storm closes eleven schools", Outlet: "Riverton Daily", Text: "eleven schools"},
		},
		{
			name: "og:url before the canonical link",
			data: page(`<title>Storm closes eleven schools</title><link rel="canonical" href="https://riverton.example/c"><meta property="og:url" content="https://riverton.example/og">`, storm),
			want: Story{Title: "Storm closes eleven schools", URL: "https://riverton.example/og", Text: "eleven schools"},
		},
		{
			name: "the canonical link; a relative one does not count",
			data: page(`<title>Storm closes eleven schools</title><link rel="canonical" href="https://riverton.example/c"><meta property="og:url" content="/og">`, storm),
			want: Story{Title: "Storm closes eleven schools", URL: "https://riverton.example/c", Text: "eleven schools"},
		},
		{
			name: "the date from JSON-LD",
			data: page(`<title>Storm closes eleven schools</title><script type="application/ld+json">{"@context":"https://schema.org","@type":"NewsArticle","headline":"Storm closes eleven schools","datePublished":"2024-03-04T07:30:00Z"}</script>`, storm),
			want: Story{Title: "Storm closes eleven schools", Published: "2024-03-04", Text: "eleven schools"},
		},
		{
			name: "Windows-1252, declared, is read in it",
			data: latin1(page(`<meta charset="windows-1252"><title>Caf&eacute; closes</title>`, strings.ReplaceAll(storm, "schools", "schools near the café"))),
			want: Story{Title: "Café closes", Text: "near the café"},
		},
		{
			name: "Latin-1, declared the old way, is read in it",
			data: latin1(page(`<meta http-equiv="Content-Type" content="text/html; charset=ISO-8859-1"><title>Storm</title>`, strings.ReplaceAll(storm, "schools", "schools near the café"))),
			want: Story{Title: "Storm", Text: "near the café"},
		},
		{
			name:    "Latin-1, undeclared, is refused",
			data:    latin1(page(`<title>Storm</title>`, strings.ReplaceAll(storm, "schools", "schools near the café"))),
			wantErr: `f.html:1: not UTF-8 (byte 0xe9); read as Latin-1 (Windows-1252) it says`,
		},
		{
			name:    "a front page, all links",
			data:    string(readFixture(t, "testdata/formats/section-front.html")),
			wantErr: "f.html: no article in the page",
		},
		{
			name:    "a cookie wall",
			data:    page(`<title>Before you continue</title>`, `<div class="consent-wall"><p>`+strings.Repeat("We and our 842 partners store and access information on your device, such as cookies, and process personal data for personalised advertising and content, measurement and audience research. ", 4)+`</p><button>Accept all</button></div>`),
			wantErr: "f.html: no article in the page",
		},
		{name: "too many elements", data: page("<title>T</title>", storm+strings.Repeat("<span>x</span>", maxElements)), wantErr: "f.html: the page could not be read (documents too large: 50"},
		{name: "an empty page", data: "<html><body></body></html>", wantErr: "f.html: no article in the page"},
		{name: "not HTML at all", data: "\x89PNG\r\n\x1a\n\x00\x00", wantErr: "f.html: a PNG image, not text"},
	}
}

func TestParseHTML(t *testing.T) {
	t.Parallel()
	for _, tt := range parseHTMLTests(t) {
		t.Run(tt.name, func(t *testing.T) {
			st, err := ParseStory("f.html", []byte(tt.data))
			if wantedErr(t, err, tt.wantErr) {
				return
			}
			if !strings.Contains(st.Text, tt.want.Text) || strings.Contains(st.Text, "©") || strings.Contains(st.Text, "Home") {
				t.Errorf("text %q, want the article's, with %q", st.Text, tt.want.Text)
			}
			st.Text, st.File, st.ID, tt.want.Text = "", "", "", ""
			if st != tt.want {
				t.Errorf("got  %+v\nwant %+v", st, tt.want)
			}
		})
	}
}

// TestArticleParagraphs: what is kept of an article's own blocks.
func TestArticleParagraphs(t *testing.T) {
	t.Parallel()
	long := "The council voted 7-2 on Tuesday to rebuild the Third Street bridge, which carries 14,000 vehicles a day."
	tests := []struct{ name, article, want string }{
		{"paragraphs", "<p>" + long + "</p><p>Second <b>one</b>.</p>", long + "\n\nSecond one."},
		{"headings are not passages", "<h2>Subhead</h2><p>" + long + "</p>", long},
		{"a label is no paragraph", "<p>Advertisement</p><p>" + long + "</p>", long},
		{"a line mostly of links is none", "<p>Read more: <a href='/x'>Council delays vote on the water plant</a></p><p>" + long + "</p>", long},
		{"a link in a sentence stays", "<p>The <a href='/c'>council</a> voted 7-2 to rebuild the bridge.</p>", "The council voted 7-2 to rebuild the bridge."},
		{"a date line", "<p><time>March 12, 2024</time> Updated 9:10 a.m.</p><p>" + long + "</p>", long},
		{"furniture by its class", "<div class='share-tools'><p>Share this story with your friends and family today.</p></div><p>" + long + "</p>", long},
		{"a story in a container with a misleading class", "<div class='story social-enabled'><p>" + long + "</p></div>", long},
		{"line breaks", "<p>One line,<br>the next line of the same paragraph.</p>", "One line, the next line of the same paragraph."},
		{"lists and quotes", "<ul><li>The first point of the list is here.</li><li>The second point is here.</li></ul><blockquote><p>" + long + "</p></blockquote>",
			"The first point of the list is here.\n\nThe second point is here.\n\n" + long},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			doc := parseFragment(t, tt.article)
			if got := strings.Join(articleParagraphs(doc), "\n\n"); got != tt.want {
				t.Errorf("got  %q\nwant %q", got, tt.want)
			}
		})
	}
}

func FuzzParseHTML(f *testing.F) {
	f.Add([]byte(page("<title>T | S</title><meta property='og:site_name' content='S'>", storm)))
	f.Add([]byte("<meta charset=windows-1252><p>caf\xe9 " + strings.Repeat("word ", 120) + "</p>"))
	f.Add([]byte("<html><body><div><div><p>x</p></div></div>"))
	f.Fuzz(func(t *testing.T, data []byte) {
		checkParsed(t, "f.html", data)
	})
}

// parseFragment parses an article's HTML.
func parseFragment(t *testing.T, s string) *html.Node {
	t.Helper()
	doc, err := html.Parse(strings.NewReader("<div>" + s + "</div>"))
	if err != nil {
		t.Fatal(err)
	}
	return doc
}
