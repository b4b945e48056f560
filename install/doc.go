// Package install serves many workspaces from one storybot: Slack's OAuth
// v2 install flow (GET /slack/install, GET /slack/oauth_redirect), as
// Bolt's InstallProvider does it, and the token of each workspace for
// the bot (bot.Workspaces), from the installations in store.
package install
