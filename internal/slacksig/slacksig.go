package slacksig

import (
	"crypto/hmac"
	"crypto/sha256"
	"encoding/hex"
	"errors"
	"hash"
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
// timestamp within MaxSkew of now.
func Verify(secret []byte, header http.Header, body []byte, now time.Time) error {
	if len(secret) == 0 {
		return ErrNoSecret
	}
	ts, sig, err := parseSignature(header, now)
	if err != nil {
		return err
	}
	if !hmac.Equal(sig, NewSigner(secret).sum(ts, body)) {
		return ErrBadSignature
	}
	return nil
}

// Signer computes Slack's v0 signature of request bodies with one secret:
// "v0=" + hex(HMAC-SHA256(secret, "v0:" + timestamp + ":" + body)). It
// reuses its hash, so it is not safe for concurrent use: a load
// generator's worker keeps its own.
type Signer struct {
	mac hash.Hash
	buf []byte
}

// NewSigner is a Signer with secret.
func NewSigner(secret []byte) *Signer {
	return &Signer{mac: hmac.New(sha256.New, secret)}
}

// sum is the HMAC of body sent at timestamp ts; it is valid until the
// next call.
func (s *Signer) sum(ts string, body []byte) []byte {
	s.mac.Reset()
	s.mac.Write([]byte("v0:"))
	s.mac.Write([]byte(ts))
	s.mac.Write([]byte{':'})
	s.mac.Write(body)
	s.buf = s.mac.Sum(s.buf[:0])
	return s.buf
}

// Sign is the X-Slack-Signature value of body sent at timestamp ts.
func (s *Signer) Sign(ts string, body []byte) string {
	return "v0=" + hex.EncodeToString(s.sum(ts, body))
}

// SignRequest sets r's signature headers as Slack would for body sent at
// time at.
func SignRequest(r *http.Request, secret []byte, body []byte, at time.Time) {
	ts := strconv.FormatInt(at.Unix(), 10)
	r.Header.Set(HeaderTimestamp, ts)
	r.Header.Set(HeaderSignature, NewSigner(secret).Sign(ts, body))
}
