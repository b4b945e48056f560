package bot

import (
	"context"
	"fmt"
	"log/slog"
	"runtime/debug"
	"strings"
	"time"
	"unicode"
	"unicode/utf8"

	"storybot/bot/render"
	"storybot/bot/slackapi"
	"storybot/index"
)

// HandleQuestion decides whether in deserves an answer and, if so, returns
// it. It ignores the bot's own messages, other bots, message subtypes and
// deliveries it has already seen (by event_id, and by channel and ts so
// that a DM that also mentions the bot is answered once). A failure to
// answer becomes an apology; the log gets the detail.
//
// It also keeps to the rate limits: a question over them gets a "slow
// down" reply, once per burst of refused questions (every time for a
// slash command, whose reply costs Slack nothing), and no answer.
//
// A slash command that is one of the commands ("/story remove ID") is
// answered by its handler (slash.go), not as a question.
func (b *Bot) HandleQuestion(ctx context.Context, in Incoming) (r render.Reply, ok bool) {
	if in.Kind == KindSlash {
		ctx = b.tenants.answeredAt(ctx, in.Tenant, b.logFor(in))
	}
	if r, ok := b.command(ctx, in); ok {
		return r, true
	}
	if why := ignored(in, b.tenants.auth(ctx).Self); why != "" {
		b.metrics.question(in.Kind, outcomeIgnored)
		if b.log.Enabled(ctx, slog.LevelDebug) {
			b.logFor(in).Debug("ignored", "why", why)
		}
		return render.Reply{}, false
	}
	if !b.limits.firstDelivery(ctx, in) {
		b.metrics.question(in.Kind, outcomeDuplicate)
		b.metrics.dedupHits.Inc()
		b.logFor(in).Info("duplicate delivery ignored", "ts", slackapi.ClipID(in.TS))
		return render.Reply{}, false
	}
	if v := b.limits.allow(ctx, in); !v.OK {
		b.metrics.question(in.Kind, outcomeRateLimited)
		b.metrics.rateLimited[v.Scope].Inc()
		// A flood is logged once (then at debug level), as it is told once.
		told := v.Warn || in.Kind == KindSlash
		level := slog.LevelInfo
		if !told {
			level = slog.LevelDebug
		}
		if b.log.Enabled(ctx, level) {
			b.logFor(in).Log(ctx, level, "rate limited", "scope", [...]string{"user", "team"}[v.Scope], "wait", v.Wait.Round(time.Second).String(), "told", told)
		}
		if !v.Warn && in.Kind != KindSlash {
			return render.Reply{}, false
		}
		return render.Reply{Kind: render.ReplySlowDown, Command: slashCommand(in), Wait: v.Wait, Busy: v.Scope == scopeTeam}, true
	}
	b.conv.thinking(ctx, in)
	r = b.reply(ctx, in)
	b.editors.logQuestion(in, r)
	return r, true
}

// slashCommand is the command a slash command came with, fit to be shown
// in a reply (see cleanCommand); "" for anything else.
func slashCommand(in Incoming) string {
	if in.Kind != KindSlash {
		return ""
	}
	return cleanCommand(in.Command)
}

// maxCommandLen is the longest slash command Slack lets an app declare,
// the slash included.
const maxCommandLen = 32

// cleanCommand keeps what a command's name may hold (a slash, then
// letters, digits, "-", "_" and "."), at most maxCommandLen characters of
// it: the name is shown in replies ("/story sources"), and it comes in the
// request, which anyone with a forged or replayed one can fill.
func cleanCommand(cmd string) string {
	var b strings.Builder
	b.WriteByte('/')
	n := 1
	for _, r := range strings.TrimPrefix(strings.TrimSpace(cmd), "/") {
		if n == maxCommandLen {
			break
		}
		if unicode.IsLetter(r) || unicode.IsDigit(r) || r == '-' || r == '_' || r == '.' {
			b.WriteRune(r)
			n++
		}
	}
	if n == 1 {
		return "/story"
	}
	return b.String()
}

// ignored says why in is not answered (the bot that is self does not
// answer its own messages, other bots' and most subtypes); "" if it is.
func ignored(in Incoming, self Identity) string {
	if in.Kind == KindSlash {
		return ""
	}
	switch {
	case in.SubType != "" && !answeredSubtype(in.SubType):
		return "message subtype " + in.SubType
	case in.SubType == "file_share" && strings.TrimSpace(in.Text) == "":
		return "a file without a question"
	case in.BotID != "" && in.BotID == self.BotID, in.User != "" && in.User == self.UserID:
		return "own message"
	case in.BotID != "":
		return "message from a bot"
	case in.User == "":
		return "no user"
	}
	return ""
}

// answersMention tells whether one of res's passages mentions one of
// words.
func answersMention(res index.Result, words []string) bool {
	for _, a := range res.Answers {
		if mentions(a.Text, words) {
			return true
		}
	}
	return false
}

// answeredSubtype tells the message subtypes that are a person's question
// all the same: a message with a file attached, and a reply in a thread
// also sent to the channel.
func answeredSubtype(subtype string) bool {
	return subtype == "file_share" || subtype == "thread_broadcast"
}

func dedupKeys(in Incoming) []string {
	var keys []string
	if in.EventID != "" {
		keys = append(keys, memoKey("event", in.EventID))
	}
	if in.Channel != "" && in.TS != "" {
		keys = append(keys, memoKey("msg", in.Channel, in.TS))
	}
	return keys
}

// reply answers in, whatever it is.
func (b *Bot) reply(ctx context.Context, in Incoming) (r render.Reply) {
	cmd := slashCommand(in)
	q := questionOf(in.Text, b.tenants.auth(ctx).Self.UserID)
	start := time.Now()
	defer func() {
		if v := recover(); v != nil {
			b.metrics.panics.Inc()
			b.logFor(in).Error("panic answering", "panic", fmt.Sprint(v), "stack", string(debug.Stack()))
			r = render.Reply{Kind: render.ReplyApology, Question: q, Command: cmd, Restate: in.Kind == KindSlash}
		}
		b.metrics.question(in.Kind, outcomeOf(r))
		switch r.Kind {
		case render.ReplyAnswer, render.ReplyApology:
			b.metrics.answered(in.Kind, time.Since(start))
		}
		if r.Kind == render.ReplyAnswer && !r.Result.Answered {
			b.metrics.abstentions.Inc()
		}
	}()
	if n := utf8.RuneCountInString(q); n > render.MaxQuestionChars {
		return render.Reply{Kind: render.ReplyTooLong, Command: cmd, Length: n}
	}
	switch strings.ToLower(strings.Trim(q, " ?!.")) {
	case "", "help", "usage":
		return render.Reply{Kind: render.ReplyUsage, Command: cmd, Examples: b.exampleQuestions()}
	case "sources", "stories":
		return render.Reply{Kind: render.ReplySources, Command: cmd, Stories: b.ans.Stories()}
	}
	asked := ""
	if in.Previous != nil {
		if f, ok := followUp(*in.Previous, q); ok {
			asked, q = q, f
			b.metrics.conv.followUps.Inc()
		}
	}
	// One passage more than shown tells whether there are more (the
	// More button).
	res, err := b.ans.Ask(ctx, q, index.AskOptions{Top: b.top + 1})
	if focus := followUpFocus(asked); err == nil && len(focus) > 0 && !answersMention(res, focus) {
		// "what about X?" answered without X: ask it as it was typed.
		q, asked = asked, ""
		res, err = b.ans.Ask(ctx, q, index.AskOptions{Top: b.top + 1})
	}
	if err != nil {
		b.logFor(in).Error("answer failed", "err", err)
		return render.Reply{Kind: render.ReplyApology, Question: q, Command: cmd, Restate: in.Kind == KindSlash}
	}
	if b.log.Enabled(ctx, slog.LevelDebug) {
		b.logFor(in).Debug("answered", "question", q, "asked", asked, "answered", res.Answered, "passages", len(res.Answers), "took", time.Since(start))
	}
	r = render.Reply{
		Kind:      render.ReplyAnswer,
		Question:  q,
		Asked:     asked,
		Result:    res,
		Command:   cmd,
		Restate:   in.Kind == KindSlash,
		Shareable: in.Kind == KindSlash && b.slashType == ResponseEphemeral,
	}
	if res.Answered && len(res.Answers) > 0 {
		r.More = len(res.Answers) > b.top
		r.Result.Answers = res.Answers[:min(len(res.Answers), b.top)]
		r.Ref = render.RefOf(render.NewAnswerID(), q, asked, len(r.Result.Answers), b.now().Unix(), r.Result.Answers)
		r.Votes = b.votes.open()
	}
	return r
}
