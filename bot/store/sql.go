package store

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"io/fs"
	"math/rand/v2"
	"net/url"
	"os"
	"strconv"
	"strings"
	"time"

	_ "github.com/jackc/pgx/v5/stdlib" // database/sql driver "pgx"
	"modernc.org/sqlite"               // database/sql driver "sqlite", pure Go
)

// isBusy tells whether err is SQLite's "database is locked" (SQLITE_BUSY,
// or one of its extended codes).
func isBusy(err error) bool {
	var se *sqlite.Error
	return errors.As(err, &se) && se.Code()&0xff == 5
}

// dialect is what differs between the SQL databases.
type dialect struct {
	driver string
	// lock is run first in a migration's transaction ("" if beginning it
	// takes the lock already).
	lock string
	// dollars: placeholders are $1, $2… rather than ?.
	dollars bool
}

func sqliteDialect() dialect { return dialect{driver: "sqlite"} }

// postgresDialect serializes migrations on an advisory lock of the
// number below (any fixed number: it only has to be storybot's own).
func postgresDialect() dialect {
	return dialect{driver: "pgx", lock: "SELECT pg_advisory_xact_lock(7316027811)", dollars: true}
}

// rebind writes q's ? placeholders as the dialect does.
func (d dialect) rebind(q string) string {
	if !d.dollars {
		return q
	}
	var b strings.Builder
	n := 0
	for _, c := range q {
		if c == '?' {
			n++
			b.WriteString("$" + strconv.Itoa(n))
			continue
		}
		b.WriteRune(c)
	}
	return b.String()
}

// SQL are Installations in SQLite or PostgreSQL, shared by every process
// that opens the same database.
type SQL struct {
	db      *sql.DB
	d       dialect
	cipher  *Cipher
	where   string // the database, without its password, for messages
	Applied []int  // the migrations this Open applied
	// Tightened are the SQLite files this Open found readable by others
	// and made readable by their owner alone, for the log.
	Tightened []string
}

// DefaultDatabaseURL is where installations are kept when DATABASE_URL
// is not set: a SQLite file in the working folder.
const DefaultDatabaseURL = "sqlite:storybot.db"

// OpenDatabase opens the database that rawURL names, `sqlite:PATH` or a
// `postgres://` URL, and brings its schema up to date. Tokens are sealed
// with cipher; without one, Save refuses (ErrNoKey). Its errors never
// show the URL's password.
func OpenDatabase(ctx context.Context, rawURL string, cipher *Cipher) (*SQL, error) {
	d, dsn, where, err := parseDatabaseURL(rawURL)
	if err != nil {
		return nil, err
	}
	var tightened []string
	if d.driver == "sqlite" {
		if tightened, err = ownerOnly(strings.TrimPrefix(where, "sqlite:")); err != nil {
			return nil, fmt.Errorf("database %s: %w", where, err)
		}
	}
	db, err := sql.Open(d.driver, dsn)
	if err != nil {
		return nil, OneLine(fmt.Errorf("open %s: %w", where, err))
	}
	db.SetConnMaxIdleTime(5 * time.Minute)
	s := &SQL{db: db, d: d, cipher: cipher, where: where, Tightened: tightened}
	ctx, cancel := context.WithTimeout(ctx, 30*time.Second)
	defer cancel()
	ms, err := migrations(migrationFiles)
	for err == nil {
		s.Applied, err = migrate(ctx, db, d, ms, time.Now())
		// SQLite does not always wait for a lock (switching a new file
		// to WAL, recovering its index): processes opening one file at
		// once may be told "busy". Try again, until the context ends.
		if !isBusy(err) || ctx.Err() != nil {
			break
		}
		time.Sleep(20*time.Millisecond + rand.N(80*time.Millisecond))
		err = nil
	}
	if err != nil {
		db.Close()
		return nil, OneLine(fmt.Errorf("database %s: %w", where, err))
	}
	return s, nil
}

// ownerOnly makes the SQLite file path readable by its owner alone: a
// new one is created empty with mode 0600 (SQLite then gives its -wal and
// -shm files the same mode), and an existing one, or its -wal and -shm,
// readable or writable by others loses those bits. It returns the files
// it changed. (The tokens are sealed, but the workspaces' names and ids
// are no one else's business.)
func ownerOnly(path string) ([]string, error) {
	f, err := os.OpenFile(path, os.O_RDWR|os.O_CREATE|os.O_EXCL, 0o600)
	if err == nil {
		return nil, f.Close()
	}
	if !errors.Is(err, fs.ErrExist) {
		return nil, err
	}
	var changed []string
	for _, p := range []string{path, path + "-wal", path + "-shm"} {
		fi, err := os.Stat(p)
		if err != nil || fi.Mode().Perm()&0o077 == 0 || !fi.Mode().IsRegular() {
			continue
		}
		if os.Chmod(p, fi.Mode().Perm()&0o700) == nil {
			changed = append(changed, p)
		}
	}
	return changed, nil
}

// parseDatabaseURL reads DATABASE_URL.
func parseDatabaseURL(raw string) (d dialect, dsn, where string, err error) {
	switch {
	case strings.HasPrefix(raw, "sqlite:"):
		p := strings.TrimPrefix(strings.TrimPrefix(raw, "sqlite:"), "//")
		if p == "" || strings.ContainsAny(p, "?#") || p == ":memory:" {
			return d, "", "", fmt.Errorf("DATABASE_URL=%q: name a file, as sqlite:storybot.db or sqlite:/var/lib/storybot/storybot.db", raw)
		}
		// WAL lets readers go on while one process writes; the busy
		// timeout makes a writer wait its turn rather than fail;
		// BEGIN IMMEDIATE takes the write lock at once, so that two
		// migrating processes queue instead of deadlocking.
		q := url.Values{"_pragma": {"busy_timeout(10000)", "journal_mode(WAL)", "foreign_keys(1)"}, "_txlock": {"immediate"}}
		return sqliteDialect(), "file:" + p + "?" + q.Encode(), "sqlite:" + p, nil
	case strings.HasPrefix(raw, "postgres://"), strings.HasPrefix(raw, "postgresql://"):
		u, perr := url.Parse(raw)
		if perr != nil {
			return d, "", "", fmt.Errorf("DATABASE_URL is not a URL: write it as postgres://USER:PASSWORD@HOST:5432/DATABASE")
		}
		return postgresDialect(), raw, redactedURL(u), nil
	}
	return d, "", "", fmt.Errorf("DATABASE_URL must start with sqlite: (a file, e.g. %s) or postgres:// (e.g. postgres://storybot:PASSWORD@db:5432/storybot)", DefaultDatabaseURL)
}

// redactedURL is u without its password, query and fragment (in which
// url.Parse leaves all that follows a stray '#', a password among it).
func redactedURL(u *url.URL) string {
	c := *u
	switch {
	case c.User == nil:
	case c.User.Username() == "":
		c.User = nil
	default:
		c.User = url.User(c.User.Username())
	}
	c.RawQuery, c.Fragment, c.RawFragment = "", "", ""
	// A path is the database's name; a ':' or '@' in it is shown escaped,
	// so that nothing shown reads as a password.
	path := strings.NewReplacer(":", "%3A", "@", "%40").Replace(c.EscapedPath())
	c.Path, c.RawPath = "", ""
	return c.String() + path
}

// Where is the database, without its password.
func (s *SQL) Where() string { return s.where }

// Close closes the database.
func (s *SQL) Close() error { return s.db.Close() }

// Ping checks that the database answers.
func (s *SQL) Ping(ctx context.Context) error { return s.db.PingContext(ctx) }

// Save implements Installations; the token is sealed, bound to the
// installation's key.
func (s *SQL) Save(ctx context.Context, inst Installation) error {
	if err := inst.check(); err != nil {
		return err
	}
	if s.cipher == nil {
		return ErrNoKey
	}
	key := inst.Tenant().Key()
	sealed := s.cipher.Seal([]byte(inst.BotToken), []byte(key))
	_, err := s.db.ExecContext(ctx, s.d.rebind(`INSERT INTO installations
		(id, enterprise_id, enterprise_name, team_id, team_name, is_enterprise_install, app_id,
		 bot_user_id, bot_id, bot_token, bot_scopes, installer_user_id, installed_at)
		VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
		ON CONFLICT (id) DO UPDATE SET
		 enterprise_id = excluded.enterprise_id, enterprise_name = excluded.enterprise_name,
		 team_id = excluded.team_id, team_name = excluded.team_name,
		 is_enterprise_install = excluded.is_enterprise_install, app_id = excluded.app_id,
		 bot_user_id = excluded.bot_user_id, bot_id = excluded.bot_id, bot_token = excluded.bot_token,
		 bot_scopes = excluded.bot_scopes, installer_user_id = excluded.installer_user_id,
		 installed_at = excluded.installed_at`),
		key, inst.EnterpriseID, inst.EnterpriseName, inst.TeamID, inst.TeamName, inst.EnterpriseInstall, inst.AppID,
		inst.BotUserID, inst.BotID, sealed, strings.Join(inst.Scopes, ","), inst.InstallerUserID, inst.InstalledAt.UnixMilli())
	if err != nil {
		return OneLine(fmt.Errorf("save installation of %s: %w", key, err))
	}
	return nil
}

// Find implements Installations.
func (s *SQL) Find(ctx context.Context, t Tenant) (Installation, error) {
	key := t.Key()
	if key == "" {
		return Installation{}, ErrNotFound
	}
	var inst Installation
	var sealed []byte
	var scopes string
	var at int64
	err := s.db.QueryRowContext(ctx, s.d.rebind(`SELECT enterprise_id, enterprise_name, team_id, team_name,
		is_enterprise_install, app_id, bot_user_id, bot_id, bot_token, bot_scopes, installer_user_id, installed_at
		FROM installations WHERE id = ?`), key).Scan(
		&inst.EnterpriseID, &inst.EnterpriseName, &inst.TeamID, &inst.TeamName, &inst.EnterpriseInstall, &inst.AppID,
		&inst.BotUserID, &inst.BotID, &sealed, &scopes, &inst.InstallerUserID, &at)
	if errors.Is(err, sql.ErrNoRows) {
		return Installation{}, ErrNotFound
	}
	if err != nil {
		return Installation{}, OneLine(fmt.Errorf("find installation of %s: %w", key, err))
	}
	if s.cipher == nil {
		return Installation{}, fmt.Errorf("installation of %s: %w", key, ErrNoKey)
	}
	tok, err := s.cipher.Open(sealed, []byte(key))
	if err != nil {
		return Installation{}, fmt.Errorf("installation of %s: %w", key, err)
	}
	inst.BotToken = Secret(tok)
	if scopes != "" {
		inst.Scopes = strings.Split(scopes, ",")
	}
	inst.InstalledAt = time.UnixMilli(at)
	return inst, nil
}

// Delete implements Installations.
func (s *SQL) Delete(ctx context.Context, t Tenant) error {
	if _, err := s.db.ExecContext(ctx, s.d.rebind(`DELETE FROM installations WHERE id = ?`), t.Key()); err != nil {
		return OneLine(fmt.Errorf("delete installation of %s: %w", t.Key(), err))
	}
	return nil
}
