package index

import (
	"testing"
)

func TestParseMarkdown(t *testing.T) {
	t.Parallel()
	tests := []struct {
		name, data string
		want       Story
		wantErr    string
	}{
		{
			name: "front matter",
			data: "---\nid: s1\ntitle: \"Storm: schools close\"\nurl: https://example.com/s\npublished: 2024-03-04\noutlet: Riverton Daily\ntags: [weather]\n---\n\nA storm closed eleven schools.\n",
			want: Story{ID: "s1", Title: "Storm: schools close", URL: "https://example.com/s", Published: "2024-03-04", Outlet: "Riverton Daily", Text: "A storm closed eleven schools."},
		},
		{
			name: "Hugo's date, and the end of a YAML document",
			data: "---\ntitle: Storm\ndate: 2024-03-04T07:30:00Z\n...\nText.",
			want: Story{ID: "f", Title: "Storm", Published: "2024-03-04T07:30:00Z", Text: "Text."},
		},
		{
			name: "title from the first level-one heading; headings are not passages",
			data: "## Kicker\n\n# Storm closes schools\n\nText one.\n\n## Subhead\n\nText two.\n\n# Another\n",
			want: Story{ID: "f", Title: "Storm closes schools", Text: "Text one.\n\nText two."},
		},
		{
			name: "a setext heading",
			data: "Storm closes schools\n====================\n\nText.",
			want: Story{ID: "f", Title: "Storm closes schools", Text: "Text."},
		},
		{
			name: "links keep their text, emphasis marks go",
			data: "# T\n\nThe *council* voted **7-2** to [rebuild](https://x.example \"t\") the _bridge_, said <https://city.example>.",
			want: Story{ID: "f", Title: "T", Text: "The council voted 7-2 to rebuild the bridge, said https://city.example."},
		},
		{
			name: "escapes, entities, code, line breaks",
			data: "# T\n\nA \\*starred\\* word &amp; caf&eacute; &#8220;quoted&#8221;,\nwrapped  \nand `a < b` &lt;kept&gt;.",
			want: Story{ID: "f", Title: "T", Text: "A *starred* word & café “quoted”, wrapped and a < b <kept>."},
		},
		{
			name: "images, raw HTML, code blocks and rules are left out",
			data: "# T\n\n![a bridge](b.jpg)\n\nText <span class=x>here</span>.\n\n<div>\nblock\n</div>\n\n```\ncode\n```\n\n    indented code\n\n---\n\nEnd.",
			want: Story{ID: "f", Title: "T", Text: "Text here.\n\nEnd."},
		},
		{
			name: "lists and quotes are paragraphs",
			data: "# T\n\n- one point\n- two points\n\n> A quote\n> on two lines.\n",
			want: Story{ID: "f", Title: "T", Text: "one point\n\ntwo points\n\nA quote on two lines."},
		},
		{
			name: "no title anywhere: the opening words",
			data: "Text without a title. More.",
			want: Story{ID: "f", Title: "Text without a title.", Text: "Text without a title. More."},
		},
		{name: "TOML front matter", data: "+++\ntitle = \"T\"\n+++\n\nText.", wantErr: "f.md:1: TOML front matter"},
		{name: "front matter never closed", data: "---\ntitle: T\n\nText.", wantErr: "f.md:1: front matter opened by --- is never closed"},
		{name: "bad YAML, its line in the file", data: "---\ntitle: T\nurl: x\nbad: : :\n---\nText.", wantErr: "f.md: front matter (YAML between the --- lines): line 4: mapping values are not allowed"},
		{name: "a list for a title", data: "---\ntitle: [a, b]\n---\nText.", wantErr: "f.md: front matter (YAML between the --- lines): unmarshal errors:\n  line 2: cannot unmarshal !!seq into string"},
		{name: "a front matter that is no mapping", data: "---\n- a\n---\nText.", wantErr: "f.md: front matter"},
		{name: "headings only", data: "---\ntitle: T\n---\n# Heading\n\n## Another", wantErr: "f.md: no paragraphs of text"},
		{name: "space in the id", data: "---\nid: a b\n---\nText.", wantErr: `f.md: story id "a b" must not contain spaces`},
		{name: "Latin-1", data: "# T\n\ncaf\xe9", wantErr: "f.md:3: not UTF-8 (byte 0xe9)"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			st, err := ParseStory("f.md", []byte(tt.data))
			if wantedErr(t, err, tt.wantErr) {
				return
			}
			tt.want.File = "f.md"
			if st != tt.want {
				t.Errorf("got  %+v\nwant %+v", st, tt.want)
			}
		})
	}
}

func FuzzParseMarkdown(f *testing.F) {
	f.Add([]byte("---\ntitle: T\ndate: 2024-03-04\n---\n# H\n\nText *with* [a link](u) &amp; `code`.\n\n> quote\n"))
	f.Add([]byte("+++\n"))
	f.Add([]byte("---\n&a [*a]\n---\n\\*x\\*"))
	f.Fuzz(func(t *testing.T, data []byte) {
		checkParsed(t, "f.md", data)
	})
}
