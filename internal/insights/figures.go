package insights

import (
	"context"
	"sort"
	"time"

	"storybot/bot/store"
)

// Source is where the figures are read; *store.SQL is one.
type Source interface {
	DayCounts(ctx context.Context, team string, since, until time.Time) ([]store.DayCount, error)
	VoteCounts(ctx context.Context, team string, since, until time.Time) (up, down int, err error)
	Refused(ctx context.Context, team string, since, until time.Time, limit int) ([]store.Question, error)
	DownVoted(ctx context.Context, team string, since, until time.Time, limit int) ([]store.Vote, error)
	Handled(ctx context.Context, team string) (map[string]time.Time, error)
}

// Figures are what the editors see of a span of days.
type Figures struct {
	Since, Until      time.Time
	Answered, Refused int
	Up, Down          int
	// Days are each day of the span (UTC), oldest first, zeros included.
	Days []store.DayCount
	// Weeks are the four weeks that end at Until, oldest first.
	Weeks []store.DayCount
	// Groups are the refused questions not yet handled, grouped, the most
	// asked first.
	Groups []Group
	// DownVoted are the answers voted 👎, the latest first.
	DownVoted []store.Vote
}

// Rate is the share of questions answered, 0 to 1 (0 with none).
func (f Figures) Rate() float64 { return rate(f.Answered, f.Refused) }

func rate(answered, refused int) float64 {
	if answered+refused == 0 {
		return 0
	}
	return float64(answered) / float64(answered+refused)
}

// Options say what to build.
type Options struct {
	Team string    // "" for every workspace
	Now  time.Time // the end of the span
	Days int       // its length (7 if zero)
	// Grouper groups the refused questions (Words if nil).
	Grouper Grouper
	// MaxRefused bounds the refused questions read to be grouped, the
	// latest kept (5,000 if zero); MaxDownVoted the answers voted down
	// (20 if zero).
	MaxRefused, MaxDownVoted int
}

// Build reads the figures of the span opt names from src.
func Build(ctx context.Context, src Source, opt Options) (Figures, error) {
	opt = opt.withDefaults()
	f := Figures{Until: opt.Now, Since: opt.Now.AddDate(0, 0, -opt.Days)}
	from := opt.Now.AddDate(0, 0, -28) // the trend's four weeks
	if f.Since.Before(from) {
		from = f.Since
	}
	days, err := src.DayCounts(ctx, opt.Team, from, opt.Now)
	if err != nil {
		return Figures{}, err
	}
	f.Days = spanDays(days, f.Since, f.Until)
	for _, d := range f.Days {
		f.Answered += d.Answered
		f.Refused += d.Refused
	}
	f.Weeks = weeks(days, opt.Now)
	if f.Up, f.Down, err = src.VoteCounts(ctx, opt.Team, f.Since, f.Until); err != nil {
		return Figures{}, err
	}
	if f.DownVoted, err = src.DownVoted(ctx, opt.Team, f.Since, f.Until, opt.MaxDownVoted); err != nil {
		return Figures{}, err
	}
	refused, err := src.Refused(ctx, opt.Team, f.Since, f.Until, opt.MaxRefused)
	if err != nil {
		return Figures{}, err
	}
	handled, err := src.Handled(ctx, opt.Team)
	if err != nil {
		return Figures{}, err
	}
	f.Groups = openGroups(opt.Grouper.Group(refused), handled)
	return f, nil
}

func (o Options) withDefaults() Options {
	if o.Days <= 0 {
		o.Days = 7
	}
	if o.Grouper == nil {
		o.Grouper = Words{}
	}
	if o.MaxRefused <= 0 {
		o.MaxRefused = 5000
	}
	if o.MaxDownVoted <= 0 {
		o.MaxDownVoted = 20
	}
	if o.Now.IsZero() {
		o.Now = time.Now()
	}
	return o
}

// spanDays are the days from since to until, each with its counts.
func spanDays(days []store.DayCount, since, until time.Time) []store.DayCount {
	byDay := map[time.Time]store.DayCount{}
	for _, d := range days {
		byDay[d.Day] = d
	}
	var out []store.DayCount
	for d := since.UTC().Truncate(24 * time.Hour); d.Before(until); d = d.Add(24 * time.Hour) {
		c := byDay[d]
		c.Day = d
		out = append(out, c)
	}
	return out
}

// weeks are the four weeks ending at now, oldest first: each the sum of
// its seven days.
func weeks(days []store.DayCount, now time.Time) []store.DayCount {
	out := make([]store.DayCount, 4)
	today := now.UTC().Truncate(24 * time.Hour)
	for i := range out {
		out[i].Day = today.AddDate(0, 0, -7*(4-i)+1)
	}
	for _, d := range days {
		ago := int(today.Sub(d.Day).Hours() / 24)
		if ago < 0 || ago >= 28 {
			continue
		}
		w := &out[3-ago/7]
		w.Answered += d.Answered
		w.Refused += d.Refused
	}
	return out
}

// openGroups are the groups with questions asked since they were last
// marked handled, with their counts and examples, the most asked first.
func openGroups(groups []Group, handled map[string]time.Time) []Group {
	var out []Group
	for _, g := range groups {
		at, ok := handled[g.Key]
		var open []store.Question
		for _, q := range g.Questions {
			if !ok || q.At.After(at) {
				open = append(open, q)
			}
		}
		if len(open) == 0 {
			continue
		}
		g.Questions, g.Count, g.Examples = open, len(open), examples(open, 2)
		out = append(out, g)
	}
	sort.SliceStable(out, func(i, j int) bool {
		if out[i].Count != out[j].Count {
			return out[i].Count > out[j].Count
		}
		return out[i].Questions[0].At.After(out[j].Questions[0].At)
	})
	return out
}

// examples are up to n different texts of qs, the latest first.
func examples(qs []store.Question, n int) []string {
	var out []string
	seen := map[string]bool{}
	for _, q := range qs {
		if len(out) < n && !seen[q.Text] {
			seen[q.Text] = true
			out = append(out, q.Text)
		}
	}
	return out
}
