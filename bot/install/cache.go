package install

import (
	"crypto/rand"
	"encoding/hex"
	"sync"
	"time"

	"storybot/bot/store"
	"storybot/internal/ttlcache"
)

// The installations found are cached in process, so that a workspace
// already served is answered without asking the database: a database
// that hangs then costs nothing to the workspaces in the cache, and one
// lookup deadline (Options.LookupTimeout) to the others.
//
// The cache holds each bot token sealed (AES-256-GCM, under a key made
// at random by this process and never written anywhere, bound to the
// installation's key), as the database does, so that nothing in it
// prints or dumps as a token. It is bounded (cacheSize entries, the
// oldest dropped first), an entry is trusted for cacheFresh and then
// looked up again, and an entry past cacheFresh is still used, up to
// cacheStale, while the database fails (not when it says the
// installation is gone). An uninstall or a revocation drops the entry at
// once on the replica that receives it; the other replicas drop theirs
// within cacheFresh, when they look it up again.
const (
	cacheSize  = 10000
	cacheFresh = time.Minute
	cacheStale = time.Hour
)

// cache is the installations cache.
type cache struct {
	cipher *store.Cipher
	now    func() time.Time
	m      *ttlcache.Cache[string, cached] // each for cacheStale
	// mu guards gen, which counts drops: a lookup that began before one
	// does not put back what was dropped meanwhile.
	mu  sync.Mutex
	gen uint64
}

// cached is an installation without its token, and the token sealed.
type cached struct {
	inst   store.Installation
	sealed []byte
	at     time.Time
}

func newCache(now func() time.Time) *cache {
	key := make([]byte, 32)
	rand.Read(key)
	c, err := store.NewCipher(hex.EncodeToString(key))
	if err != nil {
		panic(err) // 64 hexadecimal characters always make a cipher
	}
	if now == nil {
		now = time.Now
	}
	return &cache{cipher: c, now: now, m: ttlcache.New[string, cached](cacheSize, now)}
}

// get returns the installation cached under key, and whether it is
// fresh; ok is false if there is none, or it is too old even to stand in
// for a failing database.
func (c *cache) get(key string) (inst store.Installation, fresh, ok bool) {
	e, ok := c.m.Peek(key)
	if !ok {
		return inst, false, false
	}
	tok, err := c.cipher.Open(e.sealed, []byte(key))
	if err != nil {
		return inst, false, false
	}
	inst = e.inst
	inst.BotToken = store.Secret(tok)
	return inst, c.now().Sub(e.at) <= cacheFresh, true
}

// generation is what put needs to know that no drop came since.
func (c *cache) generation() uint64 {
	c.mu.Lock()
	defer c.mu.Unlock()
	return c.gen
}

// put caches inst under key, found when the cache was at generation gen
// (nothing is put if an entry was dropped since: it may have been this
// one). When the cache is full, the entry cached longest ago goes.
func (c *cache) put(key string, inst store.Installation, gen uint64) {
	sealed := c.cipher.Seal([]byte(inst.BotToken), []byte(key))
	inst.BotToken = ""
	inst.Scopes = append([]string(nil), inst.Scopes...)
	c.mu.Lock()
	defer c.mu.Unlock()
	if gen != c.gen || key == "" {
		return
	}
	c.m.Put(key, cached{inst: inst, sealed: sealed, at: c.now()}, cacheStale)
}

// drop forgets the installation cached under key.
func (c *cache) drop(key string) {
	c.mu.Lock()
	defer c.mu.Unlock()
	c.gen++
	c.m.Remove(key)
}

// len is how many installations are cached.
func (c *cache) len() int { return c.m.Len() }
