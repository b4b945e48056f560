package store

import (
	"context"
	"errors"
	"fmt"
	"time"

	"github.com/redis/go-redis/v9"
)

// CappedValues are Values in Redis of which at most max are kept, over
// every replica: each Keep sets its value and records its key in an
// index (a sorted set under the prefix, named by index, scored by when
// the value expires), and, in the same script, forgets the index's
// expired keys and deletes the values closest to expiring past max. So
// the number of keys stays bounded whatever the load, while Redis still
// expires each value on its own. (The script touches keys it was not
// handed: one Redis, not a cluster.)
func (r *Redis) CappedValues(index string, max int) CappedValues {
	return &redisCapped{redisValues: redisValues{r}, index: r.key("index", index), max: max,
		script: redis.NewScript(cappedPut), now: time.Now}
}

type redisCapped struct {
	redisValues
	index  string
	max    int
	script *redis.Script
	now    func() time.Time // the clock of the index's scores (tests set it)
}

// cappedPut sets KEYS[1] to ARGV[1] for ARGV[2] milliseconds and indexes
// it in KEYS[2] by its expiry (ARGV[3], the time now in milliseconds, is
// the caller's, as the rate limits' is); then drops from the index what
// expired by now, and deletes the values closest to expiring past ARGV[4]
// of them. It returns {held, evicted}.
const cappedPut = `
local ttl, now, cap = tonumber(ARGV[2]), tonumber(ARGV[3]), tonumber(ARGV[4])
redis.call('SET', KEYS[1], ARGV[1], 'PX', ttl)
redis.call('ZADD', KEYS[2], now + ttl, KEYS[1])
redis.call('ZREMRANGEBYSCORE', KEYS[2], '-inf', now)
local n = redis.call('ZCARD', KEYS[2])
local evicted = 0
if n > cap then
  local old = redis.call('ZRANGE', KEYS[2], 0, n - cap - 1)
  for i = 1, #old, 1000 do
    redis.call('DEL', unpack(old, i, math.min(i + 999, #old)))
  end
  redis.call('ZREMRANGEBYRANK', KEYS[2], 0, n - cap - 1)
  evicted, n = #old, cap
end
if redis.call('PTTL', KEYS[2]) < ttl then redis.call('PEXPIRE', KEYS[2], ttl) end
return {n, evicted}
`

// Keep implements CappedValues.
func (c *redisCapped) Keep(ctx context.Context, key string, value []byte, ttl time.Duration) (Kept, error) {
	var res []int64
	err := c.r.call(ctx, func(ctx context.Context) (err error) {
		res, err = c.script.Run(ctx, c.r.c, []string{c.r.key("value", key), c.index},
			value, max(ttl.Milliseconds(), 1), c.now().UnixMilli(), max(c.max, 1)).Int64Slice()
		return err
	})
	if err != nil {
		return Kept{}, fmt.Errorf("redis put: %w", err)
	}
	if len(res) != 2 {
		return Kept{}, errors.New("redis put: the script answered something else")
	}
	return Kept{Held: int(res[0]), Evicted: int(res[1])}, nil
}

// Put implements Values.
func (c *redisCapped) Put(ctx context.Context, key string, value []byte, ttl time.Duration) error {
	_, err := c.Keep(ctx, key, value, ttl)
	return err
}
