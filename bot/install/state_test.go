package install

import (
	"encoding/base64"
	"strings"
	"testing"
	"time"
)

func TestCheckState(t *testing.T) {
	t.Parallel()
	key, other := stateKey("secret"), stateKey("another app's secret")
	now := time.Unix(1_700_000_000, 0)
	good := newState(key, now.Add(stateTTL))
	forged := newState(other, now.Add(stateTTL))
	tests := []struct {
		name        string
		got, cookie string
		at          time.Time
		want        error
	}{
		{"the one made", good, good, now, nil},
		{"just before it expires", good, good, now.Add(stateTTL), nil},
		{"expired", good, good, now.Add(stateTTL + time.Second), errStateOld},
		{"no cookie", good, "", now, errStateMissing},
		{"no state", "", good, now, errStateMissing},
		{"another browser's", good, newState(key, now.Add(stateTTL)), now, errStateOther},
		{"signed by another key", forged, forged, now, errStateBad},
		{"garbage in both", "x.y", "x.y", now, errStateBad},
		{"no signature", strings.Split(good, ".")[0], strings.Split(good, ".")[0], now, errStateBad},
		{"another spelling (a line break, which base64 skips)", good[:5] + "\n" + good[5:], good[:5] + "\n" + good[5:], now, errStateBad},
	}
	for _, tt := range tests {
		if err := checkState(key, tt.got, tt.cookie, tt.at); err != tt.want {
			t.Errorf("%s: %v, want %v", tt.name, err, tt.want)
		}
	}
}

// FuzzCheckState: whatever a redirect brings, checkState answers, and a
// state that passes is written one way only (no other spelling of a
// state storybot made passes too).
func FuzzCheckState(f *testing.F) {
	key := stateKey("secret")
	now := time.Unix(1_700_000_000, 0)
	good := newState(key, now.Add(time.Minute))
	f.Add(good)
	f.Add("x.y")
	f.Add("")
	f.Add("AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA.")
	f.Fuzz(func(t *testing.T, s string) {
		if checkState(key, s, s, now) != nil {
			return
		}
		p, sig, _ := strings.Cut(s, ".")
		payload, _ := base64.RawURLEncoding.DecodeString(p)
		mac, _ := base64.RawURLEncoding.DecodeString(sig)
		if enc(payload)+"."+enc(mac) != s {
			t.Errorf("%q passed, a spelling of %q", s, enc(payload)+"."+enc(mac))
		}
	})
}
