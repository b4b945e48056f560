package slackfake

import (
	"encoding/json"
	"strings"
	"testing"
)

func TestCheckBlocks(t *testing.T) {
	t.Parallel()
	section := func(text string) map[string]any {
		return map[string]any{"type": "section", "text": map[string]any{"type": "mrkdwn", "text": text}}
	}
	btn := func(id, text, value string) map[string]any {
		return map[string]any{"type": "button", "action_id": id, "value": value, "text": map[string]any{"type": "plain_text", "text": text}}
	}
	actions := func(es ...any) map[string]any { return map[string]any{"type": "actions", "elements": es} }
	many := func(n int) []any {
		var bs []any
		for range n {
			bs = append(bs, section("x"))
		}
		return bs
	}
	tests := []struct {
		name   string
		blocks []any
		view   bool
		bad    string // part of the error; "" for none
	}{
		{"fine", []any{section("hello"), actions(btn("a", "A", "1"), btn("b", "B", "2"))}, false, ""},
		{"50 blocks", many(50), false, ""},
		{"51 blocks", many(51), false, "51 blocks, more than 50"},
		{"100 blocks in a view", many(100), true, ""},
		{"text over 3000", []any{section(strings.Repeat("é", 3001))}, false, "text of 3001 characters"},
		{"empty text", []any{section("")}, false, "text of 0 characters"},
		{"a repeated action_id", []any{actions(btn("a", "A", "1"), btn("a", "B", "2"))}, false, `action_id "a"`},
		{"button text over 75", []any{actions(btn("a", strings.Repeat("x", 76), "1"))}, false, "text of 76 characters"},
		{"button value over 2000", []any{actions(btn("a", "A", strings.Repeat("v", 2001)))}, false, "value of 2001"},
		{"unknown block", []any{map[string]any{"type": "carousel"}}, false, "unknown block type"},
	}
	for _, tt := range tests {
		js, _ := json.Marshal(tt.blocks)
		errs := strings.Join(CheckBlocks(js, tt.view), "; ")
		if (errs == "") != (tt.bad == "") || !strings.Contains(errs, tt.bad) {
			t.Errorf("%s: %q, want %q", tt.name, errs, tt.bad)
		}
	}
}
