package store

import (
	"crypto/aes"
	"crypto/cipher"
	"crypto/rand"
	"encoding/hex"
	"errors"
	"fmt"
	"strings"
)

// ErrNoKey is what saving an installation says when there is no key to
// encrypt its token with.
var ErrNoKey = errors.New("installs are refused: STORYBOT_ENCRYPTION_KEY is not set, and bot tokens are only kept encrypted; " +
	"set it to 64 hexadecimal characters (32 bytes), e.g. the output of `openssl rand -hex 32`, the same on every replica")

// Cipher encrypts bot tokens at rest with AES-256-GCM.
type Cipher struct{ aead cipher.AEAD }

// sealVersion is the first byte of a sealed value: the format (a random
// 12-byte nonce, then the ciphertext and its tag).
const sealVersion = 1

// NewCipher reads a key of 32 bytes written as 64 hexadecimal characters
// (STORYBOT_ENCRYPTION_KEY). Its errors never show the key.
func NewCipher(hexKey string) (*Cipher, error) {
	hexKey = strings.TrimSpace(hexKey)
	key, err := hex.DecodeString(hexKey)
	if err != nil || len(key) != 32 {
		return nil, fmt.Errorf("STORYBOT_ENCRYPTION_KEY has %d characters, not the 64 hexadecimal ones of a 32-byte key: set it to the output of `openssl rand -hex 32`", len(hexKey))
	}
	block, err := aes.NewCipher(key)
	if err != nil {
		return nil, err
	}
	aead, err := cipher.NewGCM(block)
	if err != nil {
		return nil, err
	}
	return &Cipher{aead: aead}, nil
}

// Seal encrypts plain, bound to aad (what it belongs to: a sealed value
// moved to another row does not open).
func (c *Cipher) Seal(plain, aad []byte) []byte {
	out := make([]byte, 1+c.aead.NonceSize(), 1+c.aead.NonceSize()+len(plain)+c.aead.Overhead())
	out[0] = sealVersion
	rand.Read(out[1:])
	return c.aead.Seal(out, out[1:1+c.aead.NonceSize()], plain, aad)
}

// Open decrypts what Seal made with the same aad.
func (c *Cipher) Open(sealed, aad []byte) ([]byte, error) {
	n := c.aead.NonceSize()
	if len(sealed) < 1+n+c.aead.Overhead() || sealed[0] != sealVersion {
		return nil, errors.New("sealed token: not in a format this storybot knows")
	}
	plain, err := c.aead.Open(nil, sealed[1:1+n], sealed[1+n:], aad)
	if err != nil {
		return nil, errors.New("sealed token does not open: STORYBOT_ENCRYPTION_KEY is not the key it was sealed with")
	}
	return plain, nil
}
