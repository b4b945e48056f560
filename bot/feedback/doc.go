// Package feedback turns the votes people gave the bot's answers into
// evaluation data (export.go): the feedback log read back (ReadVotes),
// and the votes written out as questions for the evaluation sets and
// answers to review (ExportFeedback, ExportVotes). `storybot feedback`
// runs it; the bot records the votes (package bot, in the database of
// package bot/store, or the log).
//
// Package graph: feedback imports bot/store (the votes' type) and
// bot/render (text made safe); nothing of package bot.
package feedback
