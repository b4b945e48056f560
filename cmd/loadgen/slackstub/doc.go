// Command slackstub is a stand-in for Slack's side of a benchmark: the Web
// API a bot calls (auth.test at start-up, chat.postMessage for answers to
// events) and the response_url a slash command may answer on later. Every
// call succeeds, so a benchmark measures the bot and not Slack, and nothing
// leaves the machine.
//
//	slackstub [-addr 127.0.0.1:0] [-bot-user UBOT] [-delay 0]
//
// It prints its base URL (http://127.0.0.1:PORT/) on a line of its own
// once it listens; use BASE + "api/" as SLACK_API_URL and BASE +
// "response/..." as loadgen's -response-url. GET /stats says how many calls
// of each kind it got, as JSON, and so does its standard error at exit.
//
// Files: main.go (the flags, and the stub's handler and counts).
package main
