package bot

import (
	"crypto/sha256"
	"encoding/base64"
	"encoding/binary"
	"strings"
)

// maxKeyLen bounds the keys the bot remembers (deduplication, rate
// limits). Slack's ids are short (Ev0123ABCD, C0123, 1700000000.000100,
// T0123, U0123); ids in a request are whatever its sender wrote, and are
// kept for up to an hour, so a longer key is remembered by its hash.
const maxKeyLen = 80

// keySep joins a key's parts; no Slack id holds it.
const keySep = "\x1f"

// memoKey makes the key of kind and parts: as they are while short, else
// kind and a SHA-256 of the parts, so that memory per key is bounded and
// two different ids never share a key.
func memoKey(kind string, parts ...string) string {
	n, plain := len(kind), true
	for _, p := range parts {
		n += len(keySep) + len(p)
		plain = plain && !strings.Contains(p, keySep)
	}
	if plain && n <= maxKeyLen {
		return kind + keySep + strings.Join(parts, keySep)
	}
	// Each part with its length before it, so that no two lists of
	// parts hash the same input.
	h := sha256.New()
	var size [8]byte
	for _, p := range parts {
		binary.BigEndian.PutUint64(size[:], uint64(len(p)))
		h.Write(size[:])
		h.Write([]byte(p))
	}
	// "#" is not keySep: a hashed key cannot equal a plain one.
	return kind + "#" + base64.RawURLEncoding.EncodeToString(h.Sum(nil))
}
