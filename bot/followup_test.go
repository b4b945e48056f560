package bot

import (
	"strings"
	"testing"
	"unicode/utf8"
)

func TestFollowUp(t *testing.T) {
	t.Parallel()
	padilla := Turn{Question: "Who is Alex Padilla?", Speakers: []string{"Alex Padilla"}}
	saidPadilla := Turn{Question: "What did Padilla say?", Speakers: []string{"Alex Padilla", "Alex Padilla"}}
	refused := Turn{Question: "How many states refused the request?"}
	lower := Turn{Question: "what did padilla say", Speakers: []string{"Alex Padilla"}}
	tests := []struct {
		name string
		prev Turn
		q    string
		want string // "" when q stands alone
	}{
		{"he is the person asked about", padilla, "and what did he say?", "what did Alex Padilla say?"},
		{"she, without a conjunction", Turn{Question: "Who is Ann Lee?"}, "what did she say", "what did Ann Lee say"},
		{"his is possessive", padilla, "what was his answer?", "what was Alex Padilla's answer?"},
		{"he is the person quoted when none is named", Turn{Question: "who refused the request?", Speakers: []string{"Alex Padilla"}}, "what did he say?", "what did Alex Padilla say?"},
		{"a name typed in lower case is known from the answer", lower, "and why did he refuse?", "why did padilla refuse?"},
		{"why alone carries the subject", refused, "why?", "why states refused request?"},
		{"when was that", refused, "when was that?", "when was states refused request?"},
		{"a bare question word", saidPadilla, "when?", "when Padilla say?"},
		{"they are the names asked about", Turn{Question: "What did Kobach and Padilla argue about?"}, "when did they meet?", "when did Kobach and Padilla meet?"},
		{"they are the subject when no name", refused, "why did they refuse?", "why did states refused request refuse?"},
		{"what about X replaces the person quoted", saidPadilla, "what about Kobach?", "What did Kobach say?"},
		{"what about X is added when no one was quoted", refused, "what about California?", "How many states refused the request California?"},
		{"how about X", refused, "how about California", "How many states refused the request California?"},
		{"and X", refused, "and California?", "How many states refused the request California?"},
		{"a conjunction and a few words carry the subject", refused, "and the others?", "How many states refused the request the others?"},

		{"a question that stands alone", padilla, "How many states refused the request?", ""},
		{"a long question with 'that' as a conjunction", refused, "Who said that the commission would keep the data confidential?", ""},
		{"no previous question", Turn{}, "what did he say?", ""},
		{"nothing but a conjunction", refused, "and", ""},
		{"a name is not a pronoun", padilla, "What did Kobach write?", ""},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			got, ok := followUp(tt.prev, tt.q)
			want := tt.want
			if want == "" {
				want = tt.q
			}
			if got != want || ok != (tt.want != "") {
				t.Errorf("FollowUp(%q, %q) = %q, %v; want %q, %v", tt.prev.Question, tt.q, got, ok, want, tt.want != "")
			}
		})
	}
}

func TestFollowUpFocus(t *testing.T) {
	t.Parallel()
	tests := []struct {
		q     string
		focus string
		text  string // a passage
		says  bool   // whether it is about the focus
	}{
		{"what about California?", "California", "I will not provide Californians' data.", true},
		{"and the tax plan?", "tax plan", "The council cut the TAX rate.", true},
		{"what about pizza?", "pizza", "The council approved the budget.", false},
		{"how about the 44 states", "44 states", "Forty-four states refused.", true},
		{"what did he say?", "", "", false},
		{"why?", "", "", false},
	}
	for _, tt := range tests {
		focus := followUpFocus(tt.q)
		if strings.Join(focus, " ") != tt.focus {
			t.Errorf("followUpFocus(%q) = %q, want %q", tt.q, focus, tt.focus)
		}
		if focus != nil && mentions(tt.text, focus) != tt.says {
			t.Errorf("mentions(%q, %q) = %v", tt.text, focus, !tt.says)
		}
	}
}

func TestSalientAndNames(t *testing.T) {
	t.Parallel()
	tests := []struct {
		q            string
		names, words string
	}{
		{"Who is Alex Padilla?", "Alex Padilla", "Alex Padilla"},
		{"What did Kobach's letter ask for?", "Kobach", "Kobach letter ask"},
		{"Padilla said what about the 44 states?", "Padilla", "Padilla said 44 states"},
		{"how many states refused", "", "states refused"},
	}
	for _, tt := range tests {
		prev := Turn{Question: tt.q}
		if got := strings.Join(names(prev), "|"); got != tt.names {
			t.Errorf("names(%q) = %q, want %q", tt.q, got, tt.names)
		}
		if got := strings.Join(salient(prev), " "); got != tt.words {
			t.Errorf("salient(%q) = %q, want %q", tt.q, got, tt.words)
		}
	}
}

// FuzzFollowUp: any previous question and any follow-up give a question
// of valid text, never a panic, and the follow-up unchanged when it is not
// read as one.
func FuzzFollowUp(f *testing.F) {
	f.Add("Who is Alex Padilla?", "Alex Padilla", "and what did he say?")
	f.Add("How many states refused?", "", "what about California?")
	f.Add("", "", "why?")
	f.Add("’s ' ?", "'", "and ’s")
	f.Fuzz(func(t *testing.T, prev, speaker, q string) {
		got, ok := followUp(Turn{Question: prev, Speakers: []string{speaker}}, q)
		if !ok && got != q {
			t.Errorf("not a follow-up, yet changed: %q → %q", q, got)
		}
		if utf8.ValidString(prev) && utf8.ValidString(q) && utf8.ValidString(speaker) && !utf8.ValidString(got) {
			t.Errorf("invalid UTF-8 from valid input: %q", got)
		}
	})
}
