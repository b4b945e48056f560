package slacksig

import (
	"errors"
	"net/http"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/slack-go/slack"
)

// Slack's published example, from "Verifying requests from Slack".
const (
	docSecret    = "8f742231b10e8888abcd99yyyzzz85a5"
	docTimestamp = "1531420618"
	docBody      = "token=xyzz0WbapA4vBCDEFasx0q6G&team_id=T1DC2JH3J&team_domain=testteamnow&channel_id=G8PSS9T3V&channel_name=foobar&user_id=U2CERLKJA&user_name=roadrunner&command=%2Fwebhook-collect&text=&response_url=https%3A%2F%2Fhooks.slack.com%2Fcommands%2FT1DC2JH3J%2F397700885554%2F96rGlfmibIGlgcZRskXaIFfN&trigger_id=398738663015.47445629121.803a0bc887a14d10d2c447fce8b6703c"
	docSignature = "v0=a2114d57b48eac39b9ad189dd8316235a7b4a8d21a10bd27519666489c69b503"
)

var docTime = time.Unix(1531420618, 0)

func docHeader(sig, ts string) http.Header {
	h := http.Header{}
	if sig != "" {
		h.Set(HeaderSignature, sig)
	}
	if ts != "" {
		h.Set(HeaderTimestamp, ts)
	}
	return h
}

func TestVerifySlackExample(t *testing.T) {
	if got := NewSigner([]byte(docSecret)).Sign(docTimestamp, []byte(docBody)); got != docSignature {
		t.Fatalf("signature of Slack's example = %s, want %s", got, docSignature)
	}
	tests := []struct {
		name   string
		secret string
		header http.Header
		body   string
		now    time.Time
		want   error
	}{
		{"the example", docSecret, docHeader(docSignature, docTimestamp), docBody, docTime, nil},
		{"4m59s later", docSecret, docHeader(docSignature, docTimestamp), docBody, docTime.Add(5*time.Minute - time.Second), nil},
		{"5 minutes later", docSecret, docHeader(docSignature, docTimestamp), docBody, docTime.Add(5 * time.Minute), nil},
		{"5m01s later", docSecret, docHeader(docSignature, docTimestamp), docBody, docTime.Add(5*time.Minute + time.Second), ErrStaleTimestamp},
		{"5m01s earlier", docSecret, docHeader(docSignature, docTimestamp), docBody, docTime.Add(-5*time.Minute - time.Second), ErrStaleTimestamp},
		{"today", docSecret, docHeader(docSignature, docTimestamp), docBody, time.Now(), ErrStaleTimestamp},
		{"wrong secret", docSecret + "x", docHeader(docSignature, docTimestamp), docBody, docTime, ErrBadSignature},
		{"body changed", docSecret, docHeader(docSignature, docTimestamp), strings.Replace(docBody, "roadrunner", "coyote", 1), docTime, ErrBadSignature},
		{"body with a byte more", docSecret, docHeader(docSignature, docTimestamp), docBody + "&", docTime, ErrBadSignature},
		{"timestamp changed", docSecret, docHeader(docSignature, "1531420619"), docBody, docTime, ErrBadSignature},
		{"v1 scheme", docSecret, docHeader(strings.Replace(docSignature, "v0=", "v1=", 1), docTimestamp), docBody, docTime, ErrBadSignature},
		{"upper-case hex", docSecret, docHeader("v0="+strings.ToUpper(docSignature[3:]), docTimestamp), docBody, docTime, nil},
		{"short signature", docSecret, docHeader(docSignature[:60], docTimestamp), docBody, docTime, ErrBadSignature},
		{"not hex", docSecret, docHeader("v0="+strings.Repeat("zz", 32), docTimestamp), docBody, docTime, ErrBadSignature},
		{"no signature", docSecret, docHeader("", docTimestamp), docBody, docTime, ErrMissingSignature},
		{"no timestamp", docSecret, docHeader(docSignature, ""), docBody, docTime, ErrMissingSignature},
		{"timestamp not a number", docSecret, docHeader(docSignature, "soon"), docBody, docTime, ErrBadTimestamp},
		{"huge timestamp", docSecret, docHeader(docSignature, "9223372036854775807"), docBody, docTime, ErrStaleTimestamp},
		{"no secret", "", docHeader(docSignature, docTimestamp), docBody, docTime, ErrNoSecret},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			err := Verify([]byte(tt.secret), tt.header, []byte(tt.body), tt.now)
			if !errors.Is(err, tt.want) {
				t.Errorf("Verify = %v, want %v", err, tt.want)
			}
		})
	}
}

// TestVerifyAgreesWithSlackGo checks Verify against slack-go's own
// verifier, on fresh requests (it has no clock to inject).
func TestVerifyAgreesWithSlackGo(t *testing.T) {
	now := time.Now()
	secret := "s3cr3t"
	bodies := []string{"", docBody, `{"type":"event_callback"}`, "ünïcødé & <tags>"}
	for _, body := range bodies {
		for _, skew := range []time.Duration{0, -4 * time.Minute, 6 * time.Minute} {
			for _, signWith := range []string{secret, "other"} {
				ts := strconv.FormatInt(now.Add(-skew).Unix(), 10)
				h := docHeader(NewSigner([]byte(signWith)).Sign(ts, []byte(body)), ts)
				mine := Verify([]byte(secret), h, []byte(body), now)
				sv, err := slack.NewSecretsVerifier(h, secret)
				if err == nil {
					sv.Write([]byte(body))
					err = sv.Ensure()
				}
				if (mine == nil) != (err == nil) {
					t.Errorf("body %q skew %v signed with %q: Verify = %v, slack-go = %v", body, skew, signWith, mine, err)
				}
			}
		}
	}
}

func FuzzVerify(f *testing.F) {
	f.Add(docSecret, docSignature, docTimestamp, []byte(docBody))
	f.Add("x", "v0=", "0", []byte{})
	f.Add("x", "v0="+strings.Repeat("0", 64), "-1", []byte("a"))
	f.Fuzz(func(t *testing.T, secret, sig, ts string, body []byte) {
		err := Verify([]byte(secret), docHeader(sig, ts), body, docTime)
		if err != nil {
			return
		}
		// Whatever passes must be the real signature of body.
		if want := NewSigner([]byte(secret)).Sign(ts, body); !strings.EqualFold(sig, want) {
			t.Fatalf("accepted %q for body %q, want %q", sig, body, want)
		}
	})
}

func BenchmarkVerify(b *testing.B) {
	h := docHeader(docSignature, docTimestamp)
	body := []byte(docBody)
	b.ReportAllocs()
	for b.Loop() {
		if err := Verify([]byte(docSecret), h, body, docTime); err != nil {
			b.Fatal(err)
		}
	}
}
