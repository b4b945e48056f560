package bot

import (
	"fmt"
	"net/url"
	"strings"
	"testing"

	"github.com/slack-go/slack"

	"storybot/bot/render"
	"storybot/bot/slackfake"
)

// TestWorkspacesEveryCall: with two workspaces installed, every Web API
// call the work of an event makes is made with that event's workspace's
// token, and finds the bot user of that workspace: a thread read back
// (conversations.replies), the assistant panel (assistant.threads.*),
// the Home tab (views.publish), an admin's upload (files.info and the
// download), and the replies (chat.postMessage). The bot's own client
// (slackfake.BotToken) is never used.
func TestWorkspacesEveryCall(t *testing.T) {
	t.Parallel()
	rig, _, ans := newWorkspacesRig(t, Options{Examples: []string{"Who is Ann Lee?"},
		Corpus: CorpusOptions{Dir: t.TempDir(), Admins: []string{"UADMIN"}}})
	for i, w := range []struct{ team, token, botUser, channel string }{
		{"TA", "xoxb-a", "UBOTA", "CA"},
		{"TB", "xoxb-b", "UBOTB", "CB"},
	} {
		auth := map[string]any{"team_id": w.team, "user_id": w.botUser, "is_bot": true}
		event := func(id string, ev map[string]any) {
			t.Helper()
			rig.Event(callbackFor(fmt.Sprintf("Ev%d%s", i, id), w.team, auth, ev))
		}
		// A thread answered by another replica: known only from Slack
		// (whose ts go before the fake's posts').
		const thread = "1600000000.000100"
		rig.Slack.AddMessageIn(w.team, w.channel, "U1", "<@"+w.botUser+"> Who is Ann Lee?", thread, "")
		if _, _, err := slack.New(w.token, slack.OptionAPIURL(rig.Slack.APIURL())).PostMessage(w.channel, slack.MsgOptionText("Ann Lee is…", false), slack.MsgOptionTS(thread)); err != nil {
			t.Fatal(err)
		}
		rig.Posts()
		event("thread", slackfake.ChannelMessage(w.channel, "U2", "and what did she say?", "1800000000.000300", thread))
		if q := ans.Questions(); len(q) != 2*i+1 || q[2*i] != "what did Ann Lee say?" {
			t.Errorf("%s: engine asked %q, not the follow-up in the thread's context", w.team, q)
		}
		// The assistant panel, a question in it, the Home tab, an upload.
		event("panel", slackfake.AssistantThreadStarted("D"+w.team, "U1", "300.1", w.channel))
		event("ask", slackfake.InThread(slackfake.DM("D"+w.team, "U1", "Who is Ann Lee?", "300.2"), "300.1"))
		event("home", slackfake.AppHomeOpened("U1", "D"+w.team))
		story := fmt.Sprintf("id: story-%s\ntitle: The council of %s\n\nThe council of %s approved the plan on Tuesday.\n", w.team, w.team, w.team)
		file := rig.Slack.UploadIn(w.team, "UADMIN", w.team+".txt", []byte(story))
		event("upload", slackfake.FileShare("D"+w.team, "UADMIN", "", "400.1", file))

		var methods []string
		for _, c := range slackfake.Drain(rig.Slack.API) {
			methods = append(methods, c.Method)
			if c.Token != w.token {
				t.Errorf("%s: %s made with %q", w.team, c.Method, c.Token)
			}
		}
		want := "conversations.replies assistant.threads.setSuggestedPrompts assistant.threads.setStatus assistant.threads.setTitle views.publish files.info file download"
		if strings.Join(methods, " ") != want {
			t.Errorf("%s: calls %q, want %q", w.team, methods, want)
		}
		ps := rig.Posts()
		for _, p := range ps {
			if p.Get("token") != w.token {
				t.Errorf("%s: posted to %s with %q", w.team, p.Get("channel"), p.Get("token"))
			}
		}
		if len(ps) != 3 || !strings.Contains(ps[2].Get("text"), "Added") {
			t.Errorf("%s: %d posts (want the follow-up's answer, the panel's, the upload's reply): %v", w.team, len(ps), ps)
		}
	}
}

// TestWorkspacesCommandsAndClicks: a slash command and a click are
// answered through their response_url even when their workspace's token
// cannot be found (none is needed there), and the failure is counted and
// logged.
func TestWorkspacesCommandsAndClicks(t *testing.T) {
	t.Parallel()
	rig, _, _ := newWorkspacesRig(t, Options{})
	for _, team := range []string{"TB", "TZ"} {
		f := slackfake.Form(slackfake.Slash("C1", "U1", "budget?", rig.Slack.ResponseURL("r-"+team)))
		f.Set("team_id", team)
		if w := rig.Form(f); w.Code != 200 || !strings.Contains(w.Body.String(), "budget") {
			t.Errorf("%s: %d %s", team, w.Code, w.Body.String())
		}
		click := slackfake.With(slackfake.ShareClick("C1", "U1", render.ActionShare, "budget?", rig.Slack.ResponseURL("s-"+team)), "team", map[string]any{"id": team})
		rig.Form(url.Values{"payload": {string(slackfake.JSON(t, click))}})
		if rs := slackfake.Drain(rig.Slack.Responses); len(rs) != 2 || !strings.Contains(string(rs[0].Body), "in_channel") {
			t.Errorf("%s: the share click's responses: %+v", team, rs)
		}
	}
	if got := metricValue(t, rig.Bot, "storybot_authorizations_failed_total", "reason", "not_installed"); got != 2 {
		t.Errorf("authorizations failed %v, want 2 (TZ's command and click)", got)
	}
	if !strings.Contains(rig.Log.String(), "answering through response_url alone") {
		t.Errorf("not logged:\n%s", rig.Log.String())
	}
}
