package index

import (
	"strings"
	"testing"
)

func TestIDFromName(t *testing.T) {
	t.Parallel()
	for file, want := range map[string]string{
		"corpus/000_88049dc20f240b8c.txt":           "000_88049dc20f240b8c",
		"Riverton bridge _ The Prairie Ledger.html": "Riverton-bridge-The-Prairie-Ledger",
		"kobach-voter-data.md":                      "kobach-voter-data",
		"2017.07.26 story.txt":                      "2017.07.26-story",
		"Élection (draft 2).txt":                    "Élection-draft-2",
		"---.txt":                                   "",
		`C:\stories\a b.txt`:                        "a-b",
		"page.html":                                 "page",
	} {
		if got := idFromName(file); got != want {
			t.Errorf("idFromName(%q) = %q, want %q", file, got, want)
		}
	}
}

func TestReadableName(t *testing.T) {
	t.Parallel()
	for file, want := range map[string]string{
		"kobach-voter-data.txt":    "Kobach voter data",
		"top_10_moments.md":        "Top 10 moments",
		"élection.txt":             "Élection",
		"000_88049dc20f240b8c.txt": "",
		"IMG_20.txt":               "IMG 20",
		"a1b2.txt":                 "",
	} {
		got, ok := readableName(file)
		if got != want || ok != (want != "") {
			t.Errorf("readableName(%q) = %q, %v; want %q", file, got, ok, want)
		}
	}
}

func TestSlug(t *testing.T) {
	t.Parallel()
	for title, want := range map[string]string{
		"Kobach renews request for states' voter roll data after court declines to halt collection": "kobach-renews-request-for-states-voter-roll-data-after-court",
		"Riverton council approves $4.2 million bridge repair":                                      "riverton-council-approves-4-2-million-bridge-repair",
		"Élection: “Le vote”":   "élection-le-vote",
		"!!!":                   "story",
		strings.Repeat("x", 70): strings.Repeat("x", maxSlug),
	} {
		if got := slug(title); got != want {
			t.Errorf("slug(%q) = %q, want %q", title, got, want)
		}
	}
}

func TestClipWords(t *testing.T) {
	t.Parallel()
	for _, tt := range []struct {
		s    string
		max  int
		want string
	}{
		{"short", 10, "short"},
		{"a sentence with words, cut", 24, "a sentence with words…"},
		{"oneverylongword", 5, "oneve…"},
		{"ééééé", 5, "éé…"},
	} {
		if got := clipWords(tt.s, tt.max); got != tt.want {
			t.Errorf("clipWords(%q, %d) = %q, want %q", tt.s, tt.max, got, tt.want)
		}
	}
}
