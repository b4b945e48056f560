package bot

import (
	"context"
	"storybot/bot/render"
	"storybot/bot/slackapi"
	"strings"

	"github.com/slack-go/slack"
	"github.com/slack-go/slack/slackevents"
)

// Slack's assistant panel: a person opens a thread beside whatever they
// are reading; the bot suggests questions (made from the corpus), shows a
// status while it answers, and titles the thread with its first question.
// The thread is a DM thread for everything else: its messages come as
// message.im and are answered in the thread, follow-ups and all.

// What the panel shows.
const (
	assistantPromptsTitle = "Ask about the stories"
	assistantStatus       = "is looking through the stories…"
	maxPrompts            = 4  // Slack shows at most four
	maxPromptTitle        = 75 // characters of a prompt's title
	maxThreadTitle        = 80 // characters of a thread's title
)

// assistantThreadStarted remembers a new assistant thread and suggests
// questions for it.
func (c *conversations) assistantThreadStarted(ctx context.Context, ev slackevents.EventsAPIEvent) {
	e, _ := ev.InnerEvent.Data.(*slackevents.AssistantThreadStartedEvent)
	if e == nil {
		return
	}
	t := e.AssistantThread
	c.put(ctx, assistantKey(ev, t), Thread{Assistant: true, ContextChannel: t.Context.ChannelID, Updated: c.now()})
	api := c.tenants.auth(ctx).Slack
	if api == nil {
		return
	}
	p := slack.AssistantThreadsSetSuggestedPromptsParameters{Title: assistantPromptsTitle, ChannelID: t.ChannelID, ThreadTS: t.ThreadTimeStamp}
	seen := map[string]bool{}
	for _, q := range c.examples() {
		q = render.OneLine(q)
		if len(p.Prompts) == maxPrompts || seen[strings.ToLower(q)] {
			continue // never the same prompt twice
		}
		seen[strings.ToLower(q)] = true
		p.AddPrompt(render.Clip(q, maxPromptTitle), q)
	}
	if len(p.Prompts) == 0 {
		return
	}
	if err := api.SetAssistantThreadsSuggestedPromptsContext(ctx, p); err != nil {
		c.assistantFailed(ctx, "assistant.threads.setSuggestedPrompts", err)
	}
}

// assistantContextChanged remembers which channel the person now looks at
// beside the panel. (The answers do not depend on it: the stories are the
// same wherever one asks.)
func (c *conversations) assistantContextChanged(ctx context.Context, ev slackevents.EventsAPIEvent) {
	e, _ := ev.InnerEvent.Data.(*slackevents.AssistantThreadContextChangedEvent)
	if e == nil {
		return
	}
	t := e.AssistantThread
	k := assistantKey(ev, t)
	th, _, err := c.threads.Get(ctx, k)
	if err != nil {
		slackapi.LoggerFrom(ctx, c.log).Warn("thread memory failed", "err", err)
		return
	}
	th.Assistant, th.ContextChannel, th.Updated = true, t.Context.ChannelID, c.now()
	c.put(ctx, k, th)
}

// thinking sets the status of in's assistant thread while the bot answers;
// the reply clears it.
func (c *conversations) thinking(ctx context.Context, in Incoming) {
	api := c.tenants.auth(ctx).Slack
	if api == nil || !in.Assistant || in.ThreadTS == "" {
		return
	}
	err := api.SetAssistantThreadsStatusContext(ctx, slack.AssistantThreadsSetStatusParameters{ChannelID: in.Channel, ThreadTS: in.ThreadTS, Status: assistantStatus})
	if err != nil {
		c.assistantFailed(ctx, "assistant.threads.setStatus", err)
	}
}

// setTitle titles assistant thread k with the question r answers, as it
// was asked; it tells whether that worked.
func (c *conversations) setTitle(ctx context.Context, k ThreadKey, r render.Reply) bool {
	api := c.tenants.auth(ctx).Slack
	if api == nil {
		return false
	}
	title := r.Asked
	if title == "" {
		title = r.Question
	}
	err := api.SetAssistantThreadsTitleContext(ctx, slack.AssistantThreadsSetTitleParameters{ChannelID: k.Channel, ThreadTS: k.Thread, Title: render.Clip(render.OneLine(title), maxThreadTitle)})
	if err != nil {
		c.assistantFailed(ctx, "assistant.threads.setTitle", err)
		return false
	}
	return true
}

func (c *conversations) assistantFailed(ctx context.Context, method string, err error) {
	c.metrics.apiErrors.WithLabelValues(method, slackapi.ErrorReason(err)).Inc()
	slackapi.LoggerFrom(ctx, c.log).Warn("assistant panel call failed", "method", method, "err", slackapi.Redact(err))
}

// put puts conversation k in the thread memory, logging a failure.
func (c *conversations) put(ctx context.Context, k ThreadKey, th Thread) {
	if err := c.threads.Put(ctx, k, th); err != nil {
		c.metrics.conv.lookups[lookupError].Inc()
		slackapi.LoggerFrom(ctx, c.log).Warn("thread memory failed", "err", err)
	}
	c.metrics.conv.threads.Set(float64(c.threads.Len()))
}

// assistantKey names the conversation of assistant thread t.
func assistantKey(ev slackevents.EventsAPIEvent, t slackevents.AssistantThread) ThreadKey {
	return ThreadKey{Team: eventTeam(ev), Channel: t.ChannelID, Thread: t.ThreadTimeStamp}
}

// eventTeam is the workspace an event_callback came from.
func eventTeam(ev slackevents.EventsAPIEvent) string {
	if cb, ok := ev.Data.(*slackevents.EventsAPICallbackEvent); ok && cb != nil {
		return cb.TeamID
	}
	return ev.TeamID
}
