package bot

import (
	"crypto/hmac"
	"crypto/sha256"
	"encoding/hex"
	"errors"
	"net/http"
	"strconv"
	"strings"
	"time"
)

// Headers of a signed request from Slack.
const (
	HeaderSignature = "X-Slack-Signature"
	HeaderTimestamp = "X-Slack-Request-Timestamp"
	HeaderRetryNum  = "X-Slack-Retry-Num"
)

// MaxSkew is how far a request's timestamp may be from now.
const MaxSkew = 5 * time.Minute

// Verification failures.
var (
	ErrMissingSignature = errors.New("missing X-Slack-Signature or X-Slack-Request-Timestamp")
	ErrBadTimestamp     = errors.New("bad X-Slack-Request-Timestamp")
	ErrStaleTimestamp   = errors.New("X-Slack-Request-Timestamp is more than 5 minutes from now")
	ErrBadSignature     = errors.New("signature does not match")
	ErrNoSecret         = errors.New("no signing secret")
)

// CheckHeaders checks what can be checked of a request's signature before
// its body is read: both headers there, a v0 signature of the right
// shape, and a timestamp within MaxSkew of now. A request that fails it is
// refused unread, so that an unsigned body costs no memory.
func CheckHeaders(header http.Header, now time.Time) error {
	_, _, err := parseSignature(header, now)
	return err
}

// parseSignature returns the timestamp and the decoded signature of a
// request whose headers pass CheckHeaders.
func parseSignature(header http.Header, now time.Time) (ts string, sig []byte, err error) {
	hexSig, ts := header.Get(HeaderSignature), header.Get(HeaderTimestamp)
	if hexSig == "" || ts == "" {
		return "", nil, ErrMissingSignature
	}
	sec, err := strconv.ParseInt(ts, 10, 64)
	if err != nil || sec <= 0 {
		return "", nil, ErrBadTimestamp
	}
	// Compare in seconds so that no timestamp can overflow a Duration.
	if d := now.Unix() - sec; d > int64(MaxSkew/time.Second) || d < -int64(MaxSkew/time.Second) {
		return "", nil, ErrStaleTimestamp
	}
	hexSig, ok := strings.CutPrefix(hexSig, "v0=")
	if !ok || len(hexSig) != 2*sha256.Size {
		return "", nil, ErrBadSignature
	}
	sig, err = hex.DecodeString(hexSig)
	if err != nil {
		return "", nil, ErrBadSignature
	}
	return ts, sig, nil
}

// Verify checks that body was signed by Slack with secret: the v0 scheme,
// HMAC-SHA256 of "v0:<timestamp>:<body>", compared in constant time, with a
// timestamp within 5 minutes of now.
func Verify(secret []byte, header http.Header, body []byte, now time.Time) error {
	if len(secret) == 0 {
		return ErrNoSecret
	}
	ts, sig, err := parseSignature(header, now)
	if err != nil {
		return err
	}
	if !hmac.Equal(sig, Sign(secret, ts, body)) {
		return ErrBadSignature
	}
	return nil
}

// Sign returns the v0 HMAC-SHA256 of a body sent at timestamp ts.
func Sign(secret []byte, ts string, body []byte) []byte {
	m := hmac.New(sha256.New, secret)
	m.Write([]byte("v0:"))
	m.Write([]byte(ts))
	m.Write([]byte(":"))
	m.Write(body)
	return m.Sum(nil)
}

// SignatureHeader is the X-Slack-Signature value for a body sent at ts.
func SignatureHeader(secret []byte, ts string, body []byte) string {
	return "v0=" + hex.EncodeToString(Sign(secret, ts, body))
}
