package bot

import (
	"context"
	"encoding/json"
	"fmt"
	"net/url"
	"strings"
	"sync"
	"testing"

	"github.com/slack-go/slack"

	"storybot/bot/render"
	"storybot/bot/slackfake"
	"storybot/bot/store"
	"storybot/index"
)

// paragraphs is a pagedAnswerer that also gives paragraphs: paragraph K of
// story "a" is passage K and a second sentence.
type paragraphs struct{ pagedAnswerer }

func (*paragraphs) Paragraph(story string, para int) ([]string, error) {
	if story != "a" || para < 1 || para > 7 {
		return nil, fmt.Errorf("story %q paragraph %d: %w", story, para, index.ErrNoParagraph)
	}
	return []string{"Passage number " + string(rune('0'+para)) + " about the budget.", "It goes on."}, nil
}

// responseBlocks is a response_url post's message: its text and blocks.
func responseBlocks(t *testing.T, r slackfake.Response) (slack.WebhookMessage, string) {
	t.Helper()
	var msg struct {
		slack.WebhookMessage
		Blocks json.RawMessage `json:"blocks"`
	}
	if err := json.Unmarshal(r.Body, &msg); err != nil {
		t.Fatalf("response: %v %s", err, r.Body)
	}
	return msg.WebhookMessage, strings.NewReplacer(`\u003c`, "<", `\u003e`, ">", `\u0026`, "&").Replace(string(msg.Blocks))
}

func clickForm(t *testing.T, payload map[string]any) url.Values {
	return url.Values{"payload": {string(slackfake.JSON(t, payload))}}
}

// TestAnswerButtons clicks each button under a DM's answer, as Slack
// sends the clicks: More pages through the passages, the paragraph shows
// the first passage's, the votes go to the feedback log (the second
// replacing the first), and an answer the bot cannot read gets a polite
// line.
func TestAnswerButtons(t *testing.T) {
	t.Parallel()
	votes := &memVotes{}
	rig := newHTTPRig(t, &paragraphs{}, Options{Votes: votes, Hasher: NewHasher([]byte("test-key"))})
	rig.Event(slackfake.Callback("Ev1", slackfake.DM("D1", "U1", "budget?", "1.1")))
	ps := rig.Posts()
	if len(ps) != 1 {
		t.Fatalf("%d posts", len(ps))
	}
	btns := slackfake.ButtonValues(t, []byte(ps[0].Get("blocks")))
	for _, id := range []string{render.ActionMore, render.ActionContext, render.ActionVoteUp, render.ActionVoteDown} {
		if btns[id] == "" {
			t.Errorf("no %s button: %v", id, btns)
		}
	}
	respURL := rig.Slack.ResponseURL("click")
	click := func(action, value string) (slack.WebhookMessage, string) {
		t.Helper()
		rig.Form(clickForm(t, slackfake.Click("D1", "U1", action, value, "1700000000.000001", "", respURL)))
		rs := slackfake.Drain(rig.Slack.Responses)
		if len(rs) != 1 {
			t.Fatalf("%s: %d responses, want 1", action, len(rs))
		}
		return responseBlocks(t, rs[0])
	}

	// More: passages 4-6, then 7, then nothing more.
	msg, blocks := click(render.ActionMore, btns[render.ActionMore])
	if msg.ResponseType != ResponseEphemeral || msg.ReplaceOriginal || !strings.Contains(blocks, "More passages: 4–6") || !strings.Contains(blocks, "Passage number 6") || strings.Contains(blocks, "Passage number 7") {
		t.Errorf("first More: %+v %s", msg, blocks)
	}
	more := slackfake.ButtonValues(t, []byte(blocks))[render.ActionMore]
	msg, blocks = click(render.ActionMore, more)
	if !strings.Contains(blocks, "More passages: 7") || slackfake.ButtonValues(t, []byte(blocks))[render.ActionMore] != "" {
		t.Errorf("second More: %s", blocks)
	}
	last := slackfake.ButtonValues(t, []byte(blocks))[render.ActionContext] // the ref of the last page: 7 shown
	if _, blocks = click(render.ActionMore, last); !strings.Contains(blocks, textNoMore) {
		t.Errorf("More after the last: %s", blocks)
	}

	// The paragraph of the first passage, its sentence in bold.
	if _, blocks = click(render.ActionContext, btns[render.ActionContext]); !strings.Contains(blocks, "> *Passage number 1 about the budget.* It goes on.") || !strings.Contains(blocks, "paragraph 1") {
		t.Errorf("paragraph: %s", blocks)
	}

	// Votes: up, then down on the same answer; thanks each time.
	if _, blocks = click(render.ActionVoteUp, btns[render.ActionVoteUp]); !strings.Contains(blocks, textVotedUp) {
		t.Errorf("vote up: %s", blocks)
	}
	org := slackfake.OrgWide(slackfake.Click("D1", "U1", render.ActionVoteDown, btns[render.ActionVoteDown], "1700000000.000001", "", respURL))
	rig.Form(clickForm(t, org))
	if rs := slackfake.Drain(rig.Slack.Responses); len(rs) != 1 || !strings.Contains(string(rs[0].Body), "Thanks for telling me") {
		t.Errorf("vote down from an org-wide install: %v", rs)
	}
	got := votes.all()
	if len(got) != 2 || got[0].ID != got[1].ID || got[0].Vote != store.VoteUp || got[1].Vote != store.VoteDown || got[0].Answer != got[1].Answer {
		t.Fatalf("votes: %+v", got)
	}
	v := got[1]
	if v.Team != slackfake.Team || v.User == "" || strings.Contains(v.User, "U1") || v.Question != "budget?" || len(v.Passages) != 3 || v.Passages[0].Text != "Passage number 1 about the budget." {
		t.Errorf("vote: %+v", v)
	}
	if n := metricValue(t, rig.Bot, "storybot_feedback_total", "vote", "up"); n != 1 {
		t.Errorf("storybot_feedback_total{vote=up} = %v", n)
	}
}

// TestUnreadableAnswers: a click on a button whose answer the bot cannot
// read gets a polite line, and records nothing.
func TestUnreadableAnswers(t *testing.T) {
	t.Parallel()
	votes := &memVotes{}
	rig := newHTTPRig(t, &paragraphs{}, Options{Votes: votes})
	for _, action := range []string{render.ActionVoteUp, render.ActionMore, render.ActionContext} {
		for _, value := range []string{"", "not json", `{"v":9,"id":"x","q":"budget?"}`, `{"v":1,"id":"x","q":"  "}`, `{"v":1,"id":"x","q":"q","n":99}`} {
			rig.Form(clickForm(t, slackfake.Click("D1", "U1", action, value, "1.1", "", rig.Slack.ResponseURL("x"))))
			if rs := slackfake.Drain(rig.Slack.Responses); len(rs) != 1 || !strings.Contains(string(rs[0].Body), textUnknownAnswer) {
				t.Errorf("%s on %q: %v", action, value, rs)
			}
		}
	}
	if got := votes.all(); len(got) != 0 {
		t.Errorf("%d votes recorded from unreadable answers", len(got))
	}
}

// TestParagraphGone: the story or paragraph is no longer in the corpus.
func TestParagraphGone(t *testing.T) {
	t.Parallel()
	rig := newHTTPRig(t, &paragraphs{}, Options{})
	ref := render.RefOf("id1", "budget?", "", 1, 1, []index.Answer{{Source: index.Source{Story: "gone", Paragraph: 2, Sentence: 1}}})
	value, _ := ref.Encode()
	rig.Form(clickForm(t, slackfake.Click("C1", "U1", render.ActionContext, value, "1.1", "", rig.Slack.ResponseURL("p"))))
	if rs := slackfake.Drain(rig.Slack.Responses); len(rs) != 1 || !strings.Contains(string(rs[0].Body), textNoParagraph) {
		t.Errorf("responses: %v", rs)
	}
}

// memVotes records the votes it is given, in order.
type memVotes struct {
	mu    sync.Mutex
	votes []store.Vote
}

func (m *memVotes) RecordVote(_ context.Context, v store.Vote) error {
	m.mu.Lock()
	defer m.mu.Unlock()
	m.votes = append(m.votes, v)
	return nil
}

func (m *memVotes) all() []store.Vote {
	m.mu.Lock()
	defer m.mu.Unlock()
	return append([]store.Vote(nil), m.votes...)
}

func TestAnswerRef(t *testing.T) {
	t.Parallel()
	long := strings.Repeat(`"`, 1000)
	tests := []struct {
		name        string
		ref         render.Ref
		fits        bool
		asked, ps   bool // kept
		wantDecoded bool
	}{
		{"short", render.RefOf("id", "Who is Ann Lee?", "and who is she?", 2, 1, typicalResult("q").Answers), true, true, true, true},
		{"a long follow-up loses what was asked", render.RefOf("id", strings.Repeat("q", 1000), strings.Repeat("a", 1000), 2, 1, typicalResult("q").Answers), true, false, true, true},
		{"a question of quotation marks loses its passages", render.RefOf("id", long[:970], "", 2, 1, typicalResult("q").Answers), true, false, false, true},
		{"a question that cannot fit", render.RefOf("id", long, "", 2, 1, nil), false, false, false, false},
	}
	for _, tt := range tests {
		v, ok := tt.ref.Encode()
		if ok != tt.fits {
			t.Errorf("%s: encode ok = %v, want %v", tt.name, ok, tt.fits)
			continue
		}
		if !ok {
			continue
		}
		if n := len([]rune(v)); n > render.MaxButtonVal {
			t.Errorf("%s: a value of %d characters", tt.name, n)
		}
		got, ok := render.DecodeRef(v)
		if !ok || got.Question != tt.ref.Question || (got.Asked != "") != tt.asked || (len(got.Passages) > 0) != tt.ps {
			t.Errorf("%s: decoded %+v, %v", tt.name, got, ok)
		}
	}
}

// FuzzDecodeRef: any button value decodes to a ref that encodes again, or
// to nothing; never a panic.
func FuzzDecodeRef(f *testing.F) {
	v, _ := render.RefOf("id", "Who is Ann Lee?", "who?", 2, 1, typicalResult("q").Answers).Encode()
	f.Add(v)
	f.Add(`{"v":1,"id":"x","q":"q","n":-1}`)
	f.Add(`{"v":1,"id":"x","q":"q","p":[["a",1]]}`)
	f.Fuzz(func(t *testing.T, s string) {
		r, ok := render.DecodeRef(s)
		if !ok {
			return
		}
		if r.Shown < 0 || r.Shown > render.MaxRefShown || r.ID == "" {
			t.Errorf("accepted %+v", r)
		}
		if _, ok := r.Encode(); !ok && len([]rune(r.Question)) < 500 {
			t.Errorf("a decoded ref does not encode again: %+v", r)
		}
	})
}
