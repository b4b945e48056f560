// Package render says a bot's Reply, whatever the surface: Block Kit for
// Slack (Blocks), the plain text sent beside it (Fallback), and text for a
// terminal (Text). All story and user text is escaped, and every message
// keeps to Slack's limits.
//
// The files:
//
//   - reply.go: the Reply model (one kind a reply, and what it says),
//     Blocks, Fallback, Text and Message (a reply as a response_url's or
//     a slash command's message, encoded once by EncodeWithin).
//   - passage.go: a passage with the words that matched in bold (mrkdwn,
//     or ANSI on a terminal).
//   - buttons.go: the buttons under an answer, and a passage's whole
//     paragraph (Paragraph).
//   - ref.go: what the buttons carry in their value (Ref), so that a
//     click, on any replica, can be answered.
//   - mrkdwn.go: text made safe for Slack: escaped, clipped, on one line,
//     without control characters, and mentions only of real user ids.
//   - home.go: the App Home tab's blocks, and the editors' figures.
//
// The golden files of testdata/ hold the blocks of each kind of reply
// (reply_test.go compares them; go test -update rewrites them).
//
// Package graph: render imports slack-go, package index (the answers'
// types) and internal/insights (the editors' figures); package bot builds
// Replies and the transports deliver what it renders. render imports no
// package of the bot.
package render
