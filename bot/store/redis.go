package store

import (
	"context"
	"errors"
	"fmt"
	"net/url"
	"strconv"
	"strings"
	"sync/atomic"
	"time"

	"github.com/redis/go-redis/v9"
)

// Redis is the state replicas share: deduplication, rate limits and
// values, each key under a prefix so that several deployments (or tests)
// can share one Redis.
type Redis struct {
	c      *redis.Client
	prefix string
	// timeout bounds each call: a Redis that does not answer must not
	// hold an answer up for long (see fallback.go for what happens then).
	timeout time.Duration
	where   string
	// restUntil (Unix nanoseconds) is when Redis is tried again after a
	// call failed: until then calls fail at once, so that a Redis that
	// hangs costs one timeout every restFor, not one per question.
	restUntil atomic.Int64
}

// restFor is how long calls are not even tried after one failed.
const restFor = 2 * time.Second

// errResting is the error of a call not tried (see Redis.restUntil).
var errResting = errors.New("not tried: Redis failed less than 2s ago")

// call runs f with the call timeout, unless Redis is resting; a failure
// (other than Redis's own answers) starts a rest.
func (r *Redis) call(ctx context.Context, f func(ctx context.Context) error) error {
	if time.Now().UnixNano() < r.restUntil.Load() {
		return errResting
	}
	ctx, cancel := context.WithTimeout(ctx, r.timeout)
	defer cancel()
	err := f(ctx)
	var answer redis.Error
	if err != nil && !errors.Is(err, redis.Nil) && !errors.As(err, &answer) {
		r.restUntil.Store(time.Now().Add(restFor).UnixNano())
	}
	return err
}

// DefaultRedisPrefix is the prefix of storybot's keys in Redis.
const DefaultRedisPrefix = "storybot:"

// OpenRedis connects to the Redis that rawURL names (redis:// or
// rediss://, as go-redis reads them). It does not wait for Redis to
// answer: Ping does. Its errors never show the URL's password.
func OpenRedis(rawURL, prefix string) (*Redis, error) {
	u, err := url.Parse(rawURL)
	if err != nil || (u.Scheme != "redis" && u.Scheme != "rediss") || u.Host == "" {
		return nil, fmt.Errorf("REDIS_URL is not a redis:// URL: write it as redis://[:PASSWORD@]HOST:6379/DB (rediss:// for TLS)")
	}
	where := redactedURL(u)
	opt, err := redis.ParseURL(rawURL)
	if err != nil {
		return nil, fmt.Errorf("REDIS_URL (%s): %v", where, strings.ReplaceAll(err.Error(), rawURL, where))
	}
	// Fail fast: a call that cannot be made in time is made without
	// Redis. go-redis stops dialling a Redis that refused PoolSize
	// dials in a row, and tries again once a second in the background.
	opt.DialTimeout = 500 * time.Millisecond
	opt.ReadTimeout = 500 * time.Millisecond
	opt.WriteTimeout = 500 * time.Millisecond
	opt.PoolTimeout = time.Second
	opt.MaxRetries = 1
	return &Redis{c: redis.NewClient(opt), prefix: prefix, timeout: time.Second, where: where}, nil
}

// Where is the Redis, without its password.
func (r *Redis) Where() string { return r.where }

// Ping checks that Redis answers.
func (r *Redis) Ping(ctx context.Context) error {
	return r.call(ctx, func(ctx context.Context) error { return r.c.Ping(ctx).Err() })
}

// Close closes the connections.
func (r *Redis) Close() error { return r.c.Close() }

func (r *Redis) key(kind, k string) string { return r.prefix + kind + ":" + k }

// Dedupe is deduplication in Redis: each key is set if absent, with ttl.
func (r *Redis) Dedupe(ttl time.Duration) Dedupe { return &redisDedupe{r: r, ttl: ttl} }

type redisDedupe struct {
	r   *Redis
	ttl time.Duration
}

// First sets every key if it is absent (SET NX PX, in one round trip):
// the delivery is fresh if it set them all. Two replicas racing on the
// same event cannot both set its key.
func (d *redisDedupe) First(ctx context.Context, keys ...string) (bool, error) {
	var sets []*redis.BoolCmd
	err := d.r.call(ctx, func(ctx context.Context) error {
		sets = sets[:0]
		_, err := d.r.c.Pipelined(ctx, func(p redis.Pipeliner) error {
			for _, k := range keys {
				if k != "" {
					sets = append(sets, p.SetNX(ctx, d.r.key("dedupe", k), 1, d.ttl))
				}
			}
			return nil
		})
		return err
	})
	if err != nil {
		return false, fmt.Errorf("redis dedupe: %w", err)
	}
	fresh := true
	for _, s := range sets {
		fresh = fresh && s.Val()
	}
	return fresh, nil
}

// Limiter is the rate limits in Redis, shared by every replica: one
// script takes from both buckets, or from neither, atomically.
func (r *Redis) Limiter(cfg RateLimit) Limiter {
	return &redisLimiter{r: r, cfg: cfg.withDefaults(), script: redis.NewScript(tokenBuckets)}
}

type redisLimiter struct {
	r      *Redis
	cfg    RateLimit
	script *redis.Script
}

// tokenBuckets is a user's bucket (KEYS[1]) and a team's (KEYS[2]), each a
// hash of its tokens (t) at a time in milliseconds (ts); the user's also
// holds w, set while the user has been told to slow down. ARGV: the time
// now in milliseconds, then the rate (tokens per millisecond) and burst
// of the user's bucket and of the team's (a team rate of 0: no team
// limit). It returns {ok, scope, wait in microseconds, warn}. The time is
// the caller's, so that tests can set it; replicas' clocks are assumed
// to agree within a fraction of a token's time, and a clock behind the
// bucket's last time adds nothing.
const tokenBuckets = `
local now = tonumber(ARGV[1])
local function level(key, rate, burst)
  local v = redis.call('HMGET', key, 't', 'ts')
  local t, ts = tonumber(v[1]), tonumber(v[2])
  if t == nil or ts == nil then return burst end
  return math.min(burst, t + math.max(0, now - ts) * rate)
end
local function take(key, tokens, rate, burst)
  redis.call('HSET', key, 't', string.format('%.9f', tokens - 1), 'ts', ARGV[1])
  redis.call('PEXPIRE', key, math.ceil(burst / rate) + 1000)
end
local ur, ub = tonumber(ARGV[2]), tonumber(ARGV[3])
local tr, tb = tonumber(ARGV[4]), tonumber(ARGV[5])
local u = level(KEYS[1], ur, ub)
local scope, wait = -1, 0
if u < 1 then
  scope, wait = 0, (1 - u) / ur
elseif tr > 0 then
  local t = level(KEYS[2], tr, tb)
  if t < 1 then
    scope, wait = 1, (1 - t) / tr
  else
    take(KEYS[2], t, tr, tb)
  end
end
if scope < 0 then
  take(KEYS[1], u, ur, ub)
  redis.call('HDEL', KEYS[1], 'w')
  return {1, 0, 0, 0}
end
local warn = 1
if redis.call('HGET', KEYS[1], 'w') then warn = 0 end
redis.call('HSET', KEYS[1], 'w', '1')
redis.call('PEXPIRE', KEYS[1], math.ceil(ub / ur) + 1000)
return {0, scope, math.ceil(wait * 1000), warn}
`

// Allow implements Limiter.
func (l *redisLimiter) Allow(ctx context.Context, user, team string, now time.Time) (Verdict, error) {
	perMS := func(perMinute float64) string { return strconv.FormatFloat(perMinute/60_000, 'g', -1, 64) }
	var res []int64
	err := l.r.call(ctx, func(ctx context.Context) (err error) {
		res, err = l.script.Run(ctx, l.r.c,
			[]string{l.r.key("rate:user", user), l.r.key("rate:team", team)},
			now.UnixMilli(), perMS(l.cfg.PerUser), l.cfg.UserBurst, perMS(l.cfg.PerTeam), l.cfg.TeamBurst,
		).Int64Slice()
		return err
	})
	if err != nil {
		return Verdict{}, fmt.Errorf("redis rate limit: %w", err)
	}
	if len(res) != 4 {
		return Verdict{}, errors.New("redis rate limit: the script answered something else")
	}
	if res[0] == 1 {
		return Verdict{OK: true}, nil
	}
	return Verdict{Scope: Scope(res[1]), Wait: time.Duration(res[2]) * time.Microsecond, Warn: res[3] == 1}, nil
}

// Values are Values in Redis.
func (r *Redis) Values() Values { return redisValues{r} }

type redisValues struct{ r *Redis }

func (v redisValues) Get(ctx context.Context, key string) ([]byte, bool, error) {
	var b []byte
	err := v.r.call(ctx, func(ctx context.Context) (err error) {
		b, err = v.r.c.Get(ctx, v.r.key("value", key)).Bytes()
		return err
	})
	if errors.Is(err, redis.Nil) {
		return nil, false, nil
	}
	if err != nil {
		return nil, false, fmt.Errorf("redis get: %w", err)
	}
	return b, true, nil
}

func (v redisValues) Put(ctx context.Context, key string, value []byte, ttl time.Duration) error {
	err := v.r.call(ctx, func(ctx context.Context) error {
		return v.r.c.Set(ctx, v.r.key("value", key), value, ttl).Err()
	})
	if err != nil {
		return fmt.Errorf("redis put: %w", err)
	}
	return nil
}
