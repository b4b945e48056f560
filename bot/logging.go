package bot

import (
	"context"
	"log/slog"
)

// maxLogID bytes (Slack's are far shorter; a forged one may be huge).
func (in Incoming) logAttrs() []any {
	a := make([]any, 0, 12)
	if in.EventID != "" {
		a = append(a, "event_id", clipID(in.EventID))
	}
	if in.TriggerID != "" {
		a = append(a, "trigger_id", clipID(in.TriggerID))
	}
	return append(a, "kind", in.Kind.String(), "team", clipID(in.Team), "channel", clipID(in.Channel), "user", clipID(in.User))
}

const maxLogID = 100

func clipID(id string) string {
	if len(id) <= maxLogID {
		return id
	}
	return clip(id, maxLogID) + "…"
}

// logFor is the logger for lines about in.
func (b *Bot) logFor(in Incoming) *slog.Logger { return b.log.With(in.logAttrs()...) }

type logKey struct{}

// withLogger makes l the logger of the work done with ctx, so that the
// Slack calls made for an event log with its ids.
func withLogger(ctx context.Context, l *slog.Logger) context.Context {
	return context.WithValue(ctx, logKey{}, l)
}

func loggerFrom(ctx context.Context, fallback *slog.Logger) *slog.Logger {
	if l, ok := ctx.Value(logKey{}).(*slog.Logger); ok {
		return l
	}
	if fallback == nil {
		return slog.New(slog.DiscardHandler)
	}
	return fallback
}
