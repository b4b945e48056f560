// Package live serves an index and reloads it while it is served: on
// SIGHUP and, when asked to, when the corpus folder changes.
//
// New loads the first engine; the Index it returns (live.go, with the
// Engine it serves and its Options) answers (Ask, Stories, Paragraph)
// from whichever engine is current, and says whether it can (Ready). Run
// owns the reload loop until its context is done, as slack-go's
// socketmode.Client.RunContext owns its connection: the signal channel is
// passed in by the command, which alone calls signal.Notify. A reload
// builds the new engine beside the running one (reload.go) and serves it
// only if it loaded cleanly; the old engine is closed once the questions it
// is answering are done (served.go). Reloads asked for during a reload
// make one more after it (run.go); Reload reloads at once and returns
// when the new engine is served, for a caller that changed the corpus
// itself and must say whether the change is served. The watch compares
// the names, sizes and modification times of the files in the corpus
// folder (watch.go).
//
// The package knows nothing of Slack: it serves an Engine (an index.Asker
// that can be closed), and the bot sees an Index only as its bot.Engine.
// Its metrics (metrics.go: the stories served, when they were loaded, the
// reloads) are registered by NewMetrics on the command's registry.
package live
