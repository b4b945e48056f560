// Package bot puts the answer engine in front of Slack users: the /story
// slash command, @mentions and direct messages, the assistant panel and
// the Home tab. It is the transport-free core: what Slack sent comes in
// through a transport (packages bot/httpserver, bot/socket and
// bot/console), and the answer goes back the same way. The engine itself
// (package index) knows nothing of Slack; this package consumes it
// through the small Engine interface (bot.go).
//
// A question flows one way. A transport hands over what Slack sent,
// which becomes an Incoming (incoming.go, events.go); the Bot (bot.go)
// decides whether and what to answer (answer.go, from the question text
// of question.go) and builds a Reply, which package render renders as
// Block Kit or text; the reply goes back through the transport, which
// encodes it once: a Web API post or a response_url (deliver.go, with
// where answers may be posted), a slash command's immediate response
// (slash.go, with the slash command's commands).
//
// The transports are packages of their own, which know the bot only as
// an interface of the methods they call (HandleEvent, AnswerSlash,
// Interact, Go, Ready…): HTTP (package bot/httpserver), Socket Mode
// (package bot/socket, which keeps its link's state: the bot is ready
// only while the link is up, see NeedLink) and the console chat
// (package bot/console). Every call to Slack goes through package
// bot/slackapi's guards.
//
// The Events API's inner events go to one handler per type (events.go:
// one table of the types, their handlers and the manifest's bot_events,
// which TestManifest holds against manifest.yaml) and clicks to one
// handler per action_id (actions.go, with the answers' buttons: More,
// the paragraph, the votes, Share). Conversations (conversation.go)
// remember each thread's last question (threads.go, shared between
// replicas when there is Redis) so that the next one is read as a
// follow-up (followup.go); the assistant panel (assistant.go) and the
// Home tab (home.go, the editors' figures first for an editor) are
// events too. Votes go to the database, who voted as a keyed hash
// (feedback.go), and package bot/feedback turns them into evaluation
// data.
//
// The question log (questionlog.go): each question answered or refused is
// queued, never holding up its answer, and written to the database in
// batches. The editors (the admins) see it in their Home tab (with the
// figures of package internal/insights) and in a weekly digest sent once
// per workspace under a lease (digest.go).
//
// The admins (admins.go) change the corpus from Slack (corpus_admin.go):
// a DM with a story file adds it (upload.go, which looks the file up and
// downloads it), "/story remove ID" removes one once confirmed
// (remove.go). What the admins read of a failure is an *Error's message
// (error.go: a code, the message, the cause), never an error's own text.
//
// Every Web API call the bot makes is one of the Slack interface's
// (bot.go; *slack.Client is one, nil in the console). Many workspaces
// (workspaces.go): each event, command and click is answered with its
// own workspace's token and bot user, which every Web API call of its
// work uses; app_uninstalled and tokens_revoked forget an installation.
// The app's scopes are read from its manifest (manifest.go).
//
// Around them: rate limits and redeliveries (state.go, kept by package
// bot/store in process or in Redis), the conversations.replies limit
// (replies_limit.go), example questions (examples.go), and metrics
// (metrics.go, with the label values of the outcomes; each transport
// registers its own). The bot reads no environment: the command reads the
// configuration (package cmd/storybot/internal/config) and makes its
// Options. The index it asks is served, and reloaded, by package
// index/live; the bot sees it only as its Engine.
//
// The Bot (bot.go) is the core the transports call, and the one that
// asks the engine and delivers a reply; each of its other concerns is a
// small unexported type that owns its state, gets what else it needs as
// fields set by New (never the Bot itself), and of which the Bot holds
// one:
//   - lifecycle (lifecycle.go), embedded, so that its methods are the
//     Bot's: the work in the background (Go, Wait, Recover), readiness
//     (Ready, NeedLink, LinkChanged, ReaderStatus), Drain and Shutdown;
//   - tenants (workspaces.go): whom each piece of work is for and the
//     token it is done with (auth, inWorkspace, answeredAt), and the app
//     gone from a workspace;
//   - limits (state.go): redeliveries (firstDelivery) and rate limits
//     (allow), and the shared state's failures (failed);
//   - hooks (deliver.go): the posts to response_urls, where hookPolicy
//     lets them (respond, ephemeral, note, replace, late);
//   - conversations (conversation.go): the thread memory (threads.go),
//     the threads that are not the bot's, the replies gate
//     (replies_limit.go), and the assistant panel (assistant.go);
//   - ballot (feedback.go): the votes recorded, who voted as a hash;
//   - editors (questionlog.go): the question log, the editors' Home
//     (home.go) and the weekly digest (digest.go);
//   - corpusAdmin (corpus_admin.go): the admins (adminSet, admins.go) and
//     their changes to the corpus, a story added (upload.go) or removed
//     (remove.go).
//
// Package graph: bot imports index, bot/store, bot/render, bot/slackapi,
// internal/insights, internal/logthrottle and internal/ttlcache; never
// its transports, which import it (console) or are handed it as their
// interface (httpserver, socket) by cmd/storybot.
package bot
