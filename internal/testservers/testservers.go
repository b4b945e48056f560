package testservers

import (
	"context"
	"crypto/rand"
	"encoding/hex"
	"net/url"
	"os"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/jackc/pgx/v5"
	"github.com/redis/go-redis/v9"
)

// Default addresses of the servers, as .ci/run starts them.
const (
	DefaultPostgres = "postgres://postgres@127.0.0.1:5432/test?sslmode=disable"
	DefaultRedis    = "redis://127.0.0.1:6379/0"
)

// unavailable skips t, or fails it where the server is required.
func unavailable(t testing.TB, what, env, where string, err error) {
	t.Helper()
	msg := "no " + what + " at " + where + " (" + err.Error() + "): start one there, or point " + env +
		" at one; `bash .ci/run` starts it."
	if slices.Contains(strings.Split(os.Getenv("STORYBOT_TEST_SERVICES"), ","), strings.ToLower(what)) {
		t.Fatal(msg + " (It is required here: STORYBOT_TEST_SERVICES names it.)")
	}
	t.Skip(msg + " Skipping the tests that need it.")
}

func name(prefix string) string {
	b := make([]byte, 6)
	rand.Read(b)
	return prefix + hex.EncodeToString(b)
}

// Postgres returns the URL of a fresh, empty schema in the test
// database, dropped when t ends; the URL sets search_path to it, so that
// everything made through it lands there.
func Postgres(t testing.TB) string {
	t.Helper()
	base := os.Getenv("STORYBOT_TEST_POSTGRES")
	if base == "" {
		base = DefaultPostgres
	}
	ctx, cancel := context.WithTimeout(context.Background(), 5*time.Second)
	defer cancel()
	conn, err := pgx.Connect(ctx, base)
	if err != nil {
		unavailable(t, "PostgreSQL", "STORYBOT_TEST_POSTGRES", redact(base), err)
	}
	schema := name("storybot_test_")
	if _, err := conn.Exec(ctx, "CREATE SCHEMA "+schema); err != nil {
		conn.Close(ctx)
		t.Fatalf("create schema: %v", err)
	}
	conn.Close(ctx)
	t.Cleanup(func() {
		ctx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
		defer cancel()
		conn, err := pgx.Connect(ctx, base)
		if err != nil {
			t.Errorf("drop schema %s: %v", schema, err)
			return
		}
		defer conn.Close(ctx)
		if _, err := conn.Exec(ctx, "DROP SCHEMA "+schema+" CASCADE"); err != nil {
			t.Errorf("drop schema %s: %v", schema, err)
		}
	})
	u, err := url.Parse(base)
	if err != nil {
		t.Fatal(err)
	}
	q := u.Query()
	q.Set("search_path", schema)
	u.RawQuery = q.Encode()
	return u.String()
}

// Redis returns the URL of the test Redis and a key prefix of t's own,
// whose keys are deleted when t ends.
func Redis(t testing.TB) (redisURL, prefix string) {
	t.Helper()
	redisURL = os.Getenv("STORYBOT_TEST_REDIS")
	if redisURL == "" {
		redisURL = DefaultRedis
	}
	opt, err := redis.ParseURL(redisURL)
	if err != nil {
		t.Fatalf("STORYBOT_TEST_REDIS: %v", err)
	}
	opt.MaxRetries = -1 // a Redis that is not there is not there: skip at once
	c := redis.NewClient(opt)
	ctx, cancel := context.WithTimeout(context.Background(), 5*time.Second)
	defer cancel()
	if err := c.Ping(ctx).Err(); err != nil {
		c.Close()
		unavailable(t, "Redis", "STORYBOT_TEST_REDIS", redact(redisURL), err)
	}
	prefix = name("storybot-test-") + ":"
	t.Cleanup(func() {
		defer c.Close()
		ctx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
		defer cancel()
		iter := c.Scan(ctx, 0, prefix+"*", 1000).Iterator()
		for iter.Next(ctx) {
			c.Del(ctx, iter.Val())
		}
		if err := iter.Err(); err != nil {
			t.Errorf("delete the test's keys: %v", err)
		}
	})
	return redisURL, prefix
}

func redact(raw string) string {
	u, err := url.Parse(raw)
	if err != nil {
		return "an unreadable URL"
	}
	if u.User != nil {
		u.User = url.User(u.User.Username())
		if u.User.Username() == "" {
			u.User = nil
		}
	}
	return u.String()
}
