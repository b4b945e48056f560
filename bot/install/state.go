package install

import (
	"crypto/hmac"
	"crypto/rand"
	"crypto/sha256"
	"encoding/base64"
	"encoding/binary"
	"errors"
	"strings"
	"time"
)

// The OAuth state: a random nonce and an expiry, signed with a key of the
// app's own (from its client secret), so that any replica can check a
// state another one made, with nothing stored. The browser that asked
// holds the same state in a cookie, and the redirect must bring both: a
// link that reaches another browser installs nothing.

// stateTTL is how long an install link works.
const stateTTL = 10 * time.Minute

// stateKey derives the key that signs states from the client secret.
func stateKey(clientSecret string) []byte {
	h := sha256.Sum256([]byte("storybot oauth state\x00" + clientSecret))
	return h[:]
}

// newState makes a state that expires at exp.
func newState(key []byte, exp time.Time) string {
	payload := make([]byte, 24)
	rand.Read(payload[:16])
	binary.BigEndian.PutUint64(payload[16:], uint64(exp.Unix()))
	return enc(payload) + "." + enc(sign(key, payload))
}

func sign(key, payload []byte) []byte {
	m := hmac.New(sha256.New, key)
	m.Write(payload)
	return m.Sum(nil)
}

func enc(b []byte) string { return base64.RawURLEncoding.EncodeToString(b) }

// Errors of checkState, shown to the person installing.
var (
	errStateMissing = errors.New("this install link did not come back with its state, or the browser that started it did not keep its cookie")
	errStateOther   = errors.New("this install was started in another browser (or another tab's link was used)")
	errStateBad     = errors.New("this install link is not one storybot made")
	errStateOld     = errors.New("this install link has expired")
)

// checkState checks that the state the redirect brought is the one in
// the browser's cookie, that storybot signed it, and that it has not
// expired.
func checkState(key []byte, got, cookie string, now time.Time) error {
	switch {
	case got == "" || cookie == "":
		return errStateMissing
	case !hmac.Equal([]byte(got), []byte(cookie)):
		return errStateOther
	}
	p, s, ok := strings.Cut(got, ".")
	strict := base64.RawURLEncoding.Strict()
	payload, err1 := strict.DecodeString(p)
	sig, err2 := strict.DecodeString(s)
	if !ok || err1 != nil || err2 != nil || len(payload) != 24 || !hmac.Equal(sig, sign(key, payload)) {
		return errStateBad
	}
	// Go's base64 skips line breaks: a state is taken only as storybot
	// wrote it, so that no other spelling of it passes as another state
	// (each state is used once, by its spelling).
	if enc(payload)+"."+enc(sig) != got {
		return errStateBad
	}
	if exp := int64(binary.BigEndian.Uint64(payload[16:])); now.Unix() > exp {
		return errStateOld
	}
	return nil
}
