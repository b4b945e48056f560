// Package console is a chat with the bot in the terminal, like Hubot's
// shell: each line a question, as a direct message to the bot would be;
// "/story …" takes the slash command's path; "why" shows why the last
// answer came up. Replies come from the same Reply model as in Slack,
// rendered as text (package render).
//
// The files: console.go (Console, and IsTerminal, which tells a person
// at a terminal from a service).
//
// Package graph: console imports package bot (it builds the bot's
// Incoming itself), bot/render and index ("why" asks the engine for its
// explanation); nothing imports console but cmd/storybot.
package console
