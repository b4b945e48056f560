// Package install serves many workspaces from one storybot: Slack's OAuth
// v2 install flow (GET /slack/install, GET /slack/oauth_redirect), as
// Bolt's InstallProvider does it, and the token of each workspace for the
// bot (bot.Workspaces), from the installations in package bot/store.
//
// The flow (install.go, redirect.go): a state signed by the app and kept
// in a Secure cookie (state.go), good once on every replica
// (Options.UsedStates); the redirect rate-limited per client and in all,
// its failures logged once per 10 s (limits.go); the scopes granted
// compared with those asked for; what the browser is shown, one plain HTML
// page (pages.go): the "Add to Slack" link, the success, or what went
// wrong and what to do. The tokens (authorize.go): each look-up in the
// database bounded by Options.LookupTimeout, and the installations cached
// in process, sealed, bounded and short-lived (an internal/ttlcache),
// dropped on an uninstall (cache.go). Installs and uninstalls are counted
// (metrics.go: NewMetrics registers them on the command's registry).
package install
