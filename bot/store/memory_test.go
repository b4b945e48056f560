package store

import (
	"context"
	"fmt"
	"strings"
	"testing"
	"time"
)

func TestMemoryDedupeBounds(t *testing.T) {
	t.Parallel()
	now := time.Unix(1000, 0)
	d := NewMemoryDedupe(time.Minute, 3, func() time.Time { return now })
	if !d.first("a") || d.first("a") {
		t.Fatal("a: first twice, or never")
	}
	d.first("b")
	d.first("c")
	d.first("d") // pushes "a" out: at most 3 kept
	if d.len() != 3 || !d.first("a") {
		t.Errorf("size limit not kept: len %d", d.len())
	}
	now = now.Add(2 * time.Minute)
	if !d.first("d") || d.len() != 1 {
		t.Errorf("old keys not forgotten: len %d", d.len())
	}
	for i := range 1000 {
		d.first(fmt.Sprint(i))
	}
	if d.len() != 3 || !d.first("a") || d.first("999") {
		t.Errorf("size limit not kept under a flood: len %d, or the newest forgotten", d.len())
	}
}

func TestMemoryLimiterForgetsIdleUsers(t *testing.T) {
	t.Parallel()
	now := time.Unix(1_700_000_000, 0)
	l := NewMemoryLimiter(RateLimit{PerUser: 60, UserBurst: 2, PerTeam: 6000})
	for i := range 1000 {
		l.Allow(context.Background(), fmt.Sprint("U", i), "T1", now)
	}
	if u, tm := l.size(); u != 1000 || tm != 1 {
		t.Fatalf("%d users, %d teams", u, tm)
	}
	now = now.Add(2 * time.Minute)
	l.Allow(context.Background(), "Unew", "T1", now)
	if u, _ := l.size(); u != 1 {
		t.Errorf("%d users remembered after all were idle, want 1", u)
	}
	if NewMemoryLimiter(RateLimit{}) != nil {
		t.Error("a zero RateLimit limits")
	}
}

func TestMemoryValuesBounded(t *testing.T) {
	t.Parallel()
	now := time.Unix(1000, 0)
	ctx := context.Background()
	v := NewMemoryValues(2, func() time.Time { return now })
	v.Put(ctx, "a", []byte("1"), time.Minute)
	v.Put(ctx, "b", []byte("2"), time.Hour)
	v.Put(ctx, "c", []byte("3"), time.Hour) // "a" expires first: it goes
	if _, ok, _ := v.Get(ctx, "a"); ok {
		t.Error("over the bound, the value closest to expiring was kept")
	}
	if _, ok, _ := v.Get(ctx, "c"); !ok {
		t.Error("the new value was not kept")
	}
	got, _, _ := v.Get(ctx, "b")
	got[0] = 'x'
	if again, _, _ := v.Get(ctx, "b"); string(again) != "2" {
		t.Error("a value got is the one kept: changing it changed the store")
	}
}

func TestCipher(t *testing.T) {
	t.Parallel()
	c := testCipher(t)
	a := c.Seal([]byte("xoxb-1"), []byte("T:T1"))
	b := c.Seal([]byte("xoxb-1"), []byte("T:T1"))
	if string(a) == string(b) {
		t.Error("the same token sealed twice looks the same: nonces repeat")
	}
	if p, err := c.Open(a, []byte("T:T1")); err != nil || string(p) != "xoxb-1" {
		t.Errorf("Open = %q, %v", p, err)
	}
	for _, bad := range [][]byte{nil, a[:10], append([]byte{9}, a[1:]...)} {
		if _, err := c.Open(bad, []byte("T:T1")); err == nil {
			t.Errorf("opened %x", bad)
		}
	}
	flipped := append([]byte(nil), a...)
	flipped[len(flipped)-1] ^= 1
	if _, err := c.Open(flipped, []byte("T:T1")); err == nil {
		t.Error("a tampered token opened")
	}
	for _, key := range []string{"", "abc", testKey[:62], testKey + "00", "zz" + testKey[2:]} {
		if _, err := NewCipher(key); err == nil || (len(key) > 8 && strings.Contains(err.Error(), key)) {
			t.Errorf("key %q: %v", key, err)
		}
	}
}

func TestSecretNeverPrinted(t *testing.T) {
	t.Parallel()
	inst := Installation{TeamID: "T1", BotToken: "xoxb-secret"}
	for _, s := range []string{fmt.Sprint(inst), fmt.Sprintf("%+v", inst), fmt.Sprintf("%#v", inst), fmt.Sprintf("%q %x", inst.BotToken, inst.BotToken), inst.LogValue().String()} {
		if strings.Contains(s, "xoxb-secret") {
			t.Errorf("token printed: %s", s)
		}
	}
}
