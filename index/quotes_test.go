package index

import (
	"strings"
	"testing"
)

func TestBalanceQuotes(t *testing.T) {
	tests := []struct {
		text      string
		continues bool
		want      string
	}{
		{`"The members are interested in facts.`, false, `"The members are interested in facts.…"`},
		{`Once again, my answer is no," he said.`, true, `"…Once again, my answer is no," he said.`},
		{`“Curly opens and never closes.`, false, `“Curly opens and never closes.…”`},
		{`"Balanced," he said.`, false, `"Balanced," he said.`},
		{`No quotes at all.`, true, `No quotes at all.`},
	}
	for _, tt := range tests {
		if got := balanceQuotes(tt.text, tt.continues); got != tt.want {
			t.Errorf("balanceQuotes(%q, %v) = %q, want %q", tt.text, tt.continues, got, tt.want)
		}
	}
}

// TestShownQuotesBalanced checks every passage of the test corpus: what
// is shown never leaves a quotation open or closes one it did not open.
func TestShownQuotesBalanced(t *testing.T) {
	e := engine(t)
	for _, r := range e.recs {
		if quoteMarks(r.show)%2 != 0 {
			t.Errorf("unbalanced quotation marks: %q", r.show)
		}
		if strings.Count(r.show, "“") != strings.Count(r.show, "”") {
			t.Errorf("curly quotes unbalanced: %q", r.show)
		}
	}
}
