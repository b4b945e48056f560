package slackfake

import (
	"encoding/json"
	"fmt"
	"regexp"
	"strings"
	"testing"
	"unicode/utf8"

	"github.com/slack-go/slack"
)

// Slack refuses a message whose blocks break its limits with
// {"ok":false,"error":"invalid_blocks"} (a 400 on a response_url), and
// posts nothing. The fake checks the limits the bot's replies come near,
// so that a reply Slack would refuse fails the test that sent it.
const (
	maxMessageBlocks = 50  // blocks in a message
	maxViewBlocks    = 100 // blocks in a Home tab
	maxSectionText   = 3000
	maxContextElems  = 10
	maxActionElems   = 25
	maxButtonText    = 75
	maxButtonValue   = 2000
	maxID            = 255 // action_id, block_id
	maxHeaderText    = 150
)

// CheckBlocks says what is wrong with blocks (a JSON array of Block Kit
// blocks) by Slack's rules, in a message (max 50 blocks) or, with view,
// a Home tab (max 100); nil if nothing is.
func CheckBlocks(raw []byte, view bool) []string {
	var blocks []map[string]any
	if err := json.Unmarshal(raw, &blocks); err != nil {
		return []string{"blocks are not a JSON array of objects: " + err.Error()}
	}
	limit := maxMessageBlocks
	if view {
		limit = maxViewBlocks
	}
	var errs []string
	bad := func(i int, format string, a ...any) {
		errs = append(errs, fmt.Sprintf("block %d: ", i)+fmt.Sprintf(format, a...))
	}
	if len(blocks) > limit {
		errs = append(errs, fmt.Sprintf("%d blocks, more than %d", len(blocks), limit))
	}
	blockIDs, actionIDs := map[string]bool{}, map[string]bool{}
	for i, b := range blocks {
		if id, _ := b["block_id"].(string); id != "" {
			if blockIDs[id] || len(id) > maxID {
				bad(i, "block_id %q repeated or too long", id)
			}
			blockIDs[id] = true
		}
		switch b["type"] {
		case "section":
			checkText(b["text"], maxSectionText, func(f string, a ...any) { bad(i, "section: "+f, a...) })
		case "header":
			checkText(b["text"], maxHeaderText, func(f string, a ...any) { bad(i, "header: "+f, a...) })
		case "context":
			elems, _ := b["elements"].([]any)
			if len(elems) == 0 || len(elems) > maxContextElems {
				bad(i, "context with %d elements", len(elems))
			}
			for _, e := range elems {
				checkText(e, maxSectionText, func(f string, a ...any) { bad(i, "context: "+f, a...) })
			}
		case "actions":
			elems, _ := b["elements"].([]any)
			if len(elems) == 0 || len(elems) > maxActionElems {
				bad(i, "actions with %d elements", len(elems))
			}
			for _, e := range elems {
				checkButton(e, actionIDs, func(f string, a ...any) { bad(i, "button: "+f, a...) })
			}
		case "divider", "rich_text", "image":
		default:
			bad(i, "unknown block type %v", b["type"])
		}
	}
	return errs
}

// checkText checks a text object: a known type, some text, at most max
// characters.
func checkText(v any, max int, bad func(string, ...any)) {
	t, _ := v.(map[string]any)
	if t == nil {
		bad("no text object")
		return
	}
	if t["type"] != "mrkdwn" && t["type"] != "plain_text" {
		bad("text of type %v", t["type"])
	}
	s, _ := t["text"].(string)
	if n := utf8.RuneCountInString(s); n == 0 || n > max {
		bad("text of %d characters (1 to %d)", n, max)
	}
}

// checkButton checks a button: plain text of at most 75 characters, an
// action_id unique in the message, a value of at most 2000 characters.
func checkButton(v any, actionIDs map[string]bool, bad func(string, ...any)) {
	e, _ := v.(map[string]any)
	if e == nil || e["type"] != "button" {
		bad("not a button: %v", v)
		return
	}
	if t, _ := e["text"].(map[string]any); t == nil || t["type"] != "plain_text" {
		bad("text is not plain_text")
	} else {
		checkText(t, maxButtonText, bad)
	}
	id, _ := e["action_id"].(string)
	if id == "" || len(id) > maxID || actionIDs[id] {
		bad("action_id %q empty, too long or repeated", id)
	}
	actionIDs[id] = true
	if val, _ := e["value"].(string); utf8.RuneCountInString(val) > maxButtonValue {
		bad("value of %d characters", utf8.RuneCountInString(val))
	}
	if st, ok := e["style"]; ok && st != "primary" && st != "danger" {
		bad("style %v", st)
	}
}

// ButtonValues are the values of the buttons in blocks (a JSON array of
// Block Kit blocks, as a chat.postMessage's "blocks" or a response's),
// by action_id.
func ButtonValues(t testing.TB, blocks []byte) map[string]string {
	t.Helper()
	var bs []struct {
		Type     string `json:"type"`
		Elements []struct {
			Type     string `json:"type"`
			ActionID string `json:"action_id"`
			Value    string `json:"value"`
		} `json:"elements"`
	}
	if err := json.Unmarshal(blocks, &bs); err != nil {
		t.Fatalf("blocks: %v %s", err, blocks)
	}
	out := map[string]string{}
	for _, b := range bs {
		for _, e := range b.Elements {
			if b.Type == "actions" && e.Type == "button" {
				out[e.ActionID] = e.Value
			}
		}
	}
	return out
}

// Texts are the text objects of blocks: sections', contexts' and
// buttons', for tests that look for what a message says.
func Texts(blocks []slack.Block) []*slack.TextBlockObject {
	var out []*slack.TextBlockObject
	for _, b := range blocks {
		switch b := b.(type) {
		case *slack.SectionBlock:
			out = append(out, b.Text)
		case *slack.ContextBlock:
			for _, e := range b.ContextElements.Elements {
				if txt, ok := e.(*slack.TextBlockObject); ok {
					out = append(out, txt)
				}
			}
		case *slack.ActionBlock:
			for _, e := range b.Elements.ElementSet {
				if btn, ok := e.(*slack.ButtonBlockElement); ok {
					out = append(out, btn.Text)
				}
			}
		}
	}
	return out
}

// CheckLimits fails if blocks break Slack's limits or could ping someone.
func CheckLimits(t testing.TB, blocks []slack.Block) {
	t.Helper()
	if len(blocks) > maxMessageBlocks {
		t.Errorf("%d blocks, the limit is %d", len(blocks), maxMessageBlocks)
	}
	for _, txt := range Texts(blocks) {
		if n := utf8.RuneCountInString(txt.Text); n > maxSectionText || n == 0 {
			t.Errorf("text object of %d characters: %.80q…", n, txt.Text)
		}
		if err := txt.Validate(); err != nil {
			t.Errorf("text object: %v", err)
		}
		CheckNoPing(t, txt.Text)
	}
}

// pingMarkup is Slack markup that notifies someone.
var pingMarkup = regexp.MustCompile(`<[!@#]`)

// CheckNoPing fails if s has markup that notifies someone, other than
// the mention of the user USHARER (who shared an answer).
func CheckNoPing(t testing.TB, s string) {
	t.Helper()
	for _, m := range pingMarkup.FindAllStringIndex(s, -1) {
		// The only mention the bot writes is the sharer's, on purpose.
		if strings.HasPrefix(s[m[0]:], "<@USHARER>") {
			continue
		}
		t.Errorf("text would ping: %q", s)
	}
}
