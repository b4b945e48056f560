package index

import (
	"slices"
	"testing"
)

func TestOtherNumberForms(t *testing.T) {
	t.Parallel()
	tests := []struct {
		text string
		want []string
	}{
		{"Forty-four states refused parts of the request.", []string{"44"}},
		{"30 states have responded", []string{"thirty"}},
		{"It cost two hundred and five thousand dollars", []string{"205000"}},
		{"one of them, and three more", []string{"1", "3"}},
		{"In 2016, 13799 people", nil},
		{"Executive Order 13799", nil},
		{"no numbers here", nil},
		{"ninety-nine and 7", []string{"99", "seven"}},
	}
	for _, tt := range tests {
		if got := otherNumberForms(tt.text); !slices.Equal(got, tt.want) {
			t.Errorf("otherNumberForms(%q) = %q, want %q", tt.text, got, tt.want)
		}
	}
}

func FuzzOtherNumberForms(f *testing.F) {
	f.Add("Forty-four states and 30 more, two hundred thousand")
	f.Fuzz(func(t *testing.T, s string) {
		otherNumberForms(s) // never panics
	})
}
