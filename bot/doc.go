// Package bot puts the answer engine in front of Slack users: the /story
// slash command, @mentions and direct messages, over Socket Mode or HTTP, and
// a console chat that needs no Slack at all. The engine itself (package
// index) knows nothing of Slack; this package consumes it through the small
// Answerer interface.
//
// A question flows one way. A transport turns what Slack sent into an
// Incoming (events.go); the Bot (bot.go) decides whether and what to
// answer (answer.go, from the question text of question.go) and returns a
// Reply (package render renders it as Block Kit or text); the reply goes
// back through the transport, which encodes it once: a Web API post or a
// response_url (deliver.go), a slash command's immediate response
// (slash.go), a shared answer (share.go).
//
// The transports are packages of their own, which know the bot only as
// an interface of the methods they call (HandleEvent, AnswerSlash,
// Interact, Go, Ready…): HTTP (package bot/httpserver), Socket Mode
// (package bot/socket, with its link's state: the bot is ready only
// while the link is up, see NeedLink) and the console chat (console.go).
// Every call to Slack goes through package bot/slackapi's guards.
//
// Both Slack transports hand the Events API's inner events to one handler
// per type (inner_events.go) and clicks to one handler per action_id
// (actions.go). Conversations (conversation.go) remember each thread's
// last question (threads.go; shared between replicas in
// threads_shared.go) so that the next one is read as a follow-up
// (followup.go); the assistant panel (assistant.go) and the Home tab
// (home.go) are events too. The buttons under an answer (package render,
// answered in answer_actions.go) carry the answer in their value; votes
// go to the database, who voted as a keyed hash (feedback.go), and out as
// evaluation data (feedback_export.go).
//
// The question log (questionlog.go): each question answered or refused is
// queued, never holding up its answer, and written to the database in
// batches. The editors (the admins) see it in their Home tab (editors.go,
// with the figures of package insights) and in a weekly digest sent once
// per workspace under a lease (digest.go).
//
// The admins (admins.go) change the corpus from Slack (corpus_admin.go):
// a DM with a story file adds it (upload.go; the file is looked up and
// downloaded in fetch.go), "/story remove ID" removes one (remove.go,
// one of the slash command's commands of commands.go) once confirmed
// (remove_confirm.go).
//
// Many workspaces (workspaces.go): each event, command and click is
// answered with its own workspace's token and bot user, which every Web
// API call of its work uses; app_uninstalled and tokens_revoked forget
// an installation.
//
// Around them: the configuration (config.go, config_workspaces.go), rate
// limits and redeliveries (state.go and keys.go, kept by package store in
// process or in Redis), where answers may be posted (hooks.go), metrics (metrics.go, with the
// label values of outcome.go). The index it asks is served, and reloaded,
// by package live; the bot sees it only as its Answerer.
package bot
