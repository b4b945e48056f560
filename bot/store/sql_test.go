package store

import (
	"bytes"
	"context"
	"database/sql"
	"errors"
	"path/filepath"
	"strings"
	"sync"
	"testing"
	"testing/fstest"
	"time"

	"storybot/internal/testservers"
)

// sqlURLs are the SQL backends, each a fresh database of t's.
func sqlURLs() map[string]func(t *testing.T) string {
	return map[string]func(t *testing.T) string{
		"sqlite":   func(t *testing.T) string { return "sqlite:" + filepath.Join(t.TempDir(), "storybot.db") },
		"postgres": func(t *testing.T) string { return testservers.Postgres(t) },
	}
}

// TestTokensSealedAtRest reads the table behind the store: no token in
// the clear, and a sealed token opens neither under another key nor in
// another row.
func TestTokensSealedAtRest(t *testing.T) {
	t.Parallel()
	for name, url := range sqlURLs() {
		t.Run(name, func(t *testing.T) {
			ctx := context.Background()
			u := url(t)
			s := openSQL(t, u)
			tok := "xoxb-very-secret-token"
			for _, team := range []string{"T1", "T2"} {
				if err := s.Save(ctx, Installation{TeamID: team, BotUserID: "U", BotToken: Secret(tok + team)}); err != nil {
					t.Fatal(err)
				}
			}
			rows, err := s.db.QueryContext(ctx, `SELECT id, bot_token FROM installations`)
			if err != nil {
				t.Fatal(err)
			}
			sealed := map[string][]byte{}
			for rows.Next() {
				var id string
				var b []byte
				rows.Scan(&id, &b)
				sealed[id] = b
				if bytes.Contains(b, []byte("secret")) {
					t.Errorf("token of %s stored in the clear", id)
				}
			}
			rows.Close()
			// T1's sealed token copied onto T2's row does not open there.
			if _, err := s.db.ExecContext(ctx, s.d.rebind(`UPDATE installations SET bot_token = ? WHERE id = ?`), sealed["T:T1"], "T:T2"); err != nil {
				t.Fatal(err)
			}
			if _, err := s.Find(ctx, Tenant{TeamID: "T2"}); err == nil {
				t.Error("a token moved to another row opened")
			}
			other, err := NewCipher(strings.Repeat("ab", 32))
			if err != nil {
				t.Fatal(err)
			}
			s2, err := OpenDatabase(ctx, u, other)
			if err != nil {
				t.Fatal(err)
			}
			defer s2.Close()
			if _, err := s2.Find(ctx, Tenant{TeamID: "T1"}); err == nil || !strings.Contains(err.Error(), "STORYBOT_ENCRYPTION_KEY") || strings.Contains(err.Error(), "secret") {
				t.Errorf("under another key: %v", err)
			}
			s3, err := OpenDatabase(ctx, u, nil)
			if err != nil {
				t.Fatal(err)
			}
			defer s3.Close()
			if err := s3.Save(ctx, Installation{TeamID: "T3", BotUserID: "U", BotToken: "xoxb-x"}); !errors.Is(err, ErrNoKey) || !strings.Contains(err.Error(), "openssl rand -hex 32") {
				t.Errorf("save without a key: %v", err)
			}
			if _, err := s3.Find(ctx, Tenant{TeamID: "T1"}); !errors.Is(err, ErrNoKey) {
				t.Errorf("find without a key: %v", err)
			}
		})
	}
}

// TestReplicasMigrateOnce opens one database from many replicas at once:
// every version is applied once, and what one saves the others find.
func TestReplicasMigrateOnce(t *testing.T) {
	for name, url := range sqlURLs() {
		t.Run(name, func(t *testing.T) {
			u := url(t)
			stores := make([]*SQL, 4)
			errs := make([]error, 4)
			var wg sync.WaitGroup
			for i := range stores {
				wg.Go(func() { stores[i], errs[i] = OpenDatabase(context.Background(), u, testCipher(t)) })
			}
			wg.Wait()
			applied := 0
			ms, _ := migrations(migrationFiles)
			for i, s := range stores {
				if errs[i] != nil {
					t.Fatalf("replica %d: %v", i, errs[i])
				}
				defer s.Close()
				applied += len(s.Applied)
			}
			if applied != len(ms) {
				t.Errorf("%d migrations applied %d times in all, want each once", len(ms), applied)
			}
			ctx := context.Background()
			if err := stores[0].Save(ctx, Installation{TeamID: "T1", BotUserID: "U", BotToken: "xoxb-1"}); err != nil {
				t.Fatal(err)
			}
			if got, err := stores[3].Find(ctx, Tenant{TeamID: "T1"}); err != nil || got.BotToken != "xoxb-1" {
				t.Errorf("another replica: %v", err)
			}
		})
	}
}

// TestMigrationsVersioned applies a schema's first version, then a second
// one beside it: only the new version runs.
func TestMigrationsVersioned(t *testing.T) {
	t.Parallel()
	ctx := context.Background()
	path := filepath.Join(t.TempDir(), "m.db")
	d, dsn, _, err := parseDatabaseURL("sqlite:" + path)
	if err != nil {
		t.Fatal(err)
	}
	db, err := sql.Open(d.driver, dsn)
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	files := fstest.MapFS{"migrations/0001_a.sql": {Data: []byte("CREATE TABLE a (x INTEGER);")}}
	run := func() []int {
		t.Helper()
		ms, err := migrations(files)
		if err != nil {
			t.Fatal(err)
		}
		applied, err := migrate(ctx, db, d, ms, time.Now())
		if err != nil {
			t.Fatal(err)
		}
		return applied
	}
	if a := run(); len(a) != 1 || a[0] != 1 {
		t.Errorf("first: applied %v", a)
	}
	if a := run(); len(a) != 0 {
		t.Errorf("again: applied %v", a)
	}
	files["migrations/0002_b.sql"] = &fstest.MapFile{Data: []byte("ALTER TABLE a ADD COLUMN y TEXT NOT NULL DEFAULT '';")}
	if a := run(); len(a) != 1 || a[0] != 2 {
		t.Errorf("second version: applied %v", a)
	}
	if _, err := db.ExecContext(ctx, "INSERT INTO a (x, y) VALUES (1, 'z')"); err != nil {
		t.Errorf("the second version's column: %v", err)
	}
	// A broken migration applies nothing, not even the good one before it.
	files["migrations/0003_c.sql"] = &fstest.MapFile{Data: []byte("CREATE TABLE c (x INTEGER);")}
	files["migrations/0004_d.sql"] = &fstest.MapFile{Data: []byte("NOT SQL;")}
	ms, _ := migrations(files)
	if _, err := migrate(ctx, db, d, ms, time.Now()); err == nil || !strings.Contains(err.Error(), "0004_d") {
		t.Errorf("broken migration: %v", err)
	}
	if _, err := db.ExecContext(ctx, "SELECT * FROM c"); err == nil {
		t.Error("a migration before the broken one was kept")
	}
	for _, bad := range []string{"migrations/x.sql", "migrations/0002_again.sql"} {
		f := fstest.MapFS{"migrations/0002_b.sql": {}, bad: {}}
		if _, err := migrations(f); err == nil {
			t.Errorf("%s: no error", bad)
		}
	}
}

func TestParseDatabaseURL(t *testing.T) {
	t.Parallel()
	tests := []struct {
		url, dialect, where, err string
	}{
		{"sqlite:storybot.db", "sqlite", "sqlite:storybot.db", ""},
		{"sqlite:///var/lib/storybot/s.db", "sqlite", "sqlite:/var/lib/storybot/s.db", ""},
		{"postgres://bot:hunter2@db:5432/storybot?sslmode=require", "postgres", "postgres://bot@db:5432/storybot", ""},
		{"postgresql://db/storybot", "postgres", "postgresql://db/storybot", ""},
		{"sqlite:", "", "", "name a file"},
		{"sqlite::memory:", "", "", "name a file"},
		{"sqlite:x.db?_pragma=foo", "", "", "name a file"},
		{"mysql://bot:hunter2@db/x", "", "", "must start with sqlite: (a file"},
		{"", "", "", "must start with"},
	}
	for _, tt := range tests {
		d, _, where, err := parseDatabaseURL(tt.url)
		if tt.err != "" {
			if err == nil || !strings.Contains(err.Error(), tt.err) || strings.Contains(err.Error(), "hunter2") {
				t.Errorf("%q: err %v, want one saying %q without the password", tt.url, err, tt.err)
			}
			continue
		}
		if err != nil || d.dollars != (tt.dialect == "postgres") || where != tt.where {
			t.Errorf("%q: %s %q %v, want %s %q", tt.url, d.driver, where, err, tt.dialect, tt.where)
		}
	}
}

// FuzzParseDatabaseURL: any DATABASE_URL is read or refused, and the
// password in it is never shown.
func FuzzParseDatabaseURL(f *testing.F) {
	for _, s := range []string{"sqlite:x.db", "postgres://u:pw@h/db", "postgres://u:pw@h:99999/db?x=%zz", "sqlite://", "redis://x"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, raw string) {
		_, _, where, err := parseDatabaseURL(raw)
		if err == nil && strings.Contains(raw, ":pw@") && strings.Contains(where, "pw@") {
			t.Errorf("%q shown as %q", raw, where)
		}
		if err != nil && strings.Contains(raw, "pw@") && strings.Contains(err.Error(), "pw@") {
			t.Errorf("%q: error shows the password: %v", raw, err)
		}
	})
}

// TestCheckKey: the key that sealed the tokens passes; another, or none,
// is refused with a message naming the setting and never the key; an
// empty database passes anything.
func TestCheckKey(t *testing.T) {
	t.Parallel()
	for name, url := range sqlURLs() {
		t.Run(name, func(t *testing.T) {
			ctx := context.Background()
			u := url(t)
			s := openSQL(t, u)
			if err := s.CheckKey(ctx); err != nil {
				t.Errorf("empty database: %v", err)
			}
			if err := s.Save(ctx, Installation{TeamID: "T1", BotUserID: "U", BotToken: "xoxb-t1"}); err != nil {
				t.Fatal(err)
			}
			if err := s.CheckKey(ctx); err != nil {
				t.Errorf("the right key: %v", err)
			}
			wrongKey := strings.Repeat("ab", 32)
			other, _ := NewCipher(wrongKey)
			for what, c := range map[string]*Cipher{"another key": other, "no key": nil} {
				s2, err := OpenDatabase(ctx, u, c)
				if err != nil {
					t.Fatal(err)
				}
				err = s2.CheckKey(ctx)
				s2.Close()
				if err == nil || !strings.Contains(err.Error(), "set STORYBOT_ENCRYPTION_KEY to ") || strings.Contains(err.Error(), wrongKey) {
					t.Errorf("%s: %v", what, err)
				}
			}
		})
	}
}
