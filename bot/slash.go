package bot

import (
	"context"
	"encoding/json"
	"time"
)

// AnswerSlash answers a slash command. The answer is returned, as JSON,
// when it is ready within the bot's SlashWait and is under maxBytes, for
// the transport to put in its immediate response (the HTTP body, the
// Socket Mode ack); otherwise AnswerSlash returns nil and the answer goes
// to the command's response_url when it is ready.
func (b *Bot) AnswerSlash(ctx context.Context, in Incoming, maxBytes int) json.RawMessage {
	wait := b.slashWait
	ch := make(chan Reply, 1)
	b.Go(ctx, "slash command", func(ctx context.Context) {
		r, _ := b.HandleQuestion(ctx, in)
		ch <- r
	})
	late := func(ctx context.Context, r Reply) {
		log := b.logFor(in)
		if err := b.Deliver(withLogger(ctx, log), in, r); err != nil {
			log.Error("slash reply failed", "err", err)
		}
	}
	timer := time.NewTimer(wait)
	defer timer.Stop()
	select {
	case r := <-ch:
		msg := b.slashMessage(r)
		if js, err := json.Marshal(&msg); err == nil && len(js) < maxBytes {
			return js
		}
		b.logFor(in).Info("slash answer too big for the immediate response; using response_url")
		b.Go(ctx, "slash reply", func(ctx context.Context) { late(ctx, r) })
	case <-timer.C:
		b.logFor(in).Warn("slash answer slow; will use response_url", "wait", wait)
		b.Go(ctx, "late slash reply", func(ctx context.Context) {
			select {
			case r := <-ch:
				late(ctx, r)
			case <-ctx.Done():
				b.logFor(in).Error("slash answer never came", "err", ctx.Err())
			}
		})
	}
	return nil
}
