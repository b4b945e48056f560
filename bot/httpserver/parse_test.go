package httpserver

import (
	"net/url"
	"testing"
)

// docBody is the slash command of Slack's "Verifying requests from Slack".
const docBody = "token=xyzz0WbapA4vBCDEFasx0q6G&team_id=T1DC2JH3J&team_domain=testteamnow&channel_id=G8PSS9T3V&channel_name=foobar&user_id=U2CERLKJA&user_name=roadrunner&command=%2Fwebhook-collect&text=&response_url=https%3A%2F%2Fhooks.slack.com%2Fcommands%2FT1DC2JH3J%2F397700885554%2F96rGlfmibIGlgcZRskXaIFfN&trigger_id=398738663015.47445629121.803a0bc887a14d10d2c447fce8b6703c"

func BenchmarkParseSlashForm(b *testing.B) {
	body := docBody
	b.ReportAllocs()
	for b.Loop() {
		form, err := url.ParseQuery(body)
		if err != nil {
			b.Fatal(err)
		}
		if cmd := parseSlashForm(form); cmd.Command != "/webhook-collect" {
			b.Fatal(cmd.Command)
		}
	}
}
