// Package insights turns the question log (package bot/store) into what
// the editors read: the figures of a span of days (figures.go, Build:
// questions answered and refused, votes, a four-week trend, the refused
// questions grouped by meaning, the answers voted down), as text (text.go,
// WriteText) and as one self-contained HTML page with inline SVG charts
// (html.go, WriteHTML, from report.html.tmpl). The Home tab and the weekly
// digest (package bot) and `storybot report` show them.
//
// Refused questions are grouped by a Grouper: Words (group.go) groups by
// shared content words; Meaning (meaning.go) then merges the most asked
// groups whose questions the engine's sentence encoder reads as close in
// meaning. The package knows nothing of Slack, and never sees who asked:
// the log keeps only a keyed hash, which nothing here shows.
package insights
