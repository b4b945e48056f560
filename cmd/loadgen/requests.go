package main

import (
	"encoding/json"
	"net/url"
	"strconv"
	"strings"
	"time"
)

// kind is what a request is and so which answer counts as right.
type kind int

const (
	kindSlash kind = iota
	kindEvent
	kindBadSignature // signed with the wrong secret: expect 401
	kindOversize     // a correctly signed 2 MiB body: expect 413
	kindBadJSON      // a correctly signed, truncated JSON event: expect 400
	numKinds
)

var kindNames = [numKinds]string{"slash", "event", "bad-signature", "oversize", "bad-json"}

// expect is the status a malformed request must get; 0 means any 2xx.
var expect = [numKinds]int{0, 0, 401, 413, 400}

func (k kind) String() string { return kindNames[k] }

// oversizeBytes is past any sane limit for a Slack request (Slack's own
// bodies are a few KiB) but small enough to send often.
const oversizeBytes = 2 << 20

// kindOf says what request number i is. It is a pure function of i, so a
// run's mix is reproducible and a test can predict it exactly.
func kindOf(mode string, i int64, bad float64) kind {
	switch mode {
	case "slash":
		return kindSlash
	case "event":
		return kindEvent
	}
	h := mix(uint64(i))
	if float64(h>>11)/(1<<53) < bad {
		return kindBadSignature + kind(mix(h)%3)
	}
	if mix(h^0x5eed)&1 == 0 {
		return kindSlash
	}
	return kindEvent
}

// mix is SplitMix64's finalizer, a cheap well-spread hash of i.
func mix(x uint64) uint64 {
	x += 0x9e3779b97f4a7c15
	x = (x ^ (x >> 30)) * 0xbf58476d1ce4e5b9
	x = (x ^ (x >> 27)) * 0x94d049bb133111eb
	return x ^ (x >> 31)
}

// builder makes the bodies of one worker's requests.
type builder struct {
	cfg    *config
	worker int
	runID  string
}

// slashBody is a form body with the fields Slack sends for a slash
// command, in Slack's order.
func (b *builder) slashBody(i int64, question string) []byte {
	w := strconv.Itoa(b.worker)
	seq := strconv.FormatInt(i, 10)
	var sb strings.Builder
	sb.Grow(400 + len(question))
	sb.WriteString("token=bench0verification0token&team_id=T0BENCH01&team_domain=bench")
	sb.WriteString("&channel_id=C0BENCH01&channel_name=general&user_id=U0BENCH")
	sb.WriteString(w)
	sb.WriteString("&user_name=bench")
	sb.WriteString(w)
	sb.WriteString("&command=")
	sb.WriteString(url.QueryEscape(b.cfg.command))
	sb.WriteString("&text=")
	sb.WriteString(url.QueryEscape(question))
	sb.WriteString("&api_app_id=A0BENCH01&is_enterprise_install=false&response_url=")
	sb.WriteString(url.QueryEscape(strings.TrimSuffix(b.cfg.responseURL, "/") + "/" + seq))
	sb.WriteString("&trigger_id=")
	sb.WriteString(seq + "." + b.runID + "." + strconv.FormatUint(mix(uint64(i))>>20, 16))
	return []byte(sb.String())
}

type eventCallback struct {
	Token     string     `json:"token"`
	TeamID    string     `json:"team_id"`
	APIAppID  string     `json:"api_app_id"`
	Event     appMention `json:"event"`
	Type      string     `json:"type"`
	EventID   string     `json:"event_id"`
	EventTime int64      `json:"event_time"`
}

type appMention struct {
	Type    string `json:"type"`
	User    string `json:"user"`
	Text    string `json:"text"`
	TS      string `json:"ts"`
	Channel string `json:"channel"`
	EventTS string `json:"event_ts"`
}

// eventBody is an Events API app_mention callback. event_id is unique
// within the run and across runs (runID), as a bot that drops retried
// events would otherwise drop most of a second run.
func (b *builder) eventBody(i int64, question string, now time.Time) []byte {
	ts := strconv.FormatInt(now.Unix(), 10) + "." + leftPad(strconv.FormatInt(i%1000000, 10), 6)
	body, _ := json.Marshal(eventCallback{
		Token:    "bench0verification0token",
		TeamID:   "T0BENCH01",
		APIAppID: "A0BENCH01",
		Event: appMention{
			Type:    "app_mention",
			User:    "U0BENCH" + strconv.Itoa(b.worker),
			Text:    "<@" + b.cfg.botUser + "> " + question,
			TS:      ts,
			Channel: "C0BENCH01",
			EventTS: ts,
		},
		Type:      "event_callback",
		EventID:   "Ev" + b.runID + leftPad(strconv.FormatInt(i, 36), 8),
		EventTime: now.Unix(),
	})
	return body
}

func leftPad(s string, n int) string {
	if len(s) >= n {
		return s
	}
	return strings.Repeat("0", n-len(s)) + s
}

// oversizeBody is a slash command whose text pads it to oversizeBytes.
// It is built once and shared read-only by every request.
func oversizeBody(b *builder) []byte {
	body := b.slashBody(0, "")
	pad := oversizeBytes - len(body)
	out := make([]byte, 0, oversizeBytes)
	// Put the padding in text=, where a bot would look for the question.
	at := strings.Index(string(body), "&text=") + len("&text=")
	out = append(out, body[:at]...)
	out = append(out, strings.Repeat("a", pad)...)
	out = append(out, body[at:]...)
	return out
}

// badJSONBody is an event cut off half way, so that it is not JSON.
func (b *builder) badJSONBody(i int64, question string, now time.Time) []byte {
	body := b.eventBody(i, question, now)
	return body[:len(body)/2]
}
