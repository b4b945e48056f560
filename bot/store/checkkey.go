package store

import (
	"context"
	"errors"
	"fmt"
)

// ErrWrongKey is what CheckKey says when the key opens none of the
// stored tokens.
var ErrWrongKey = errors.New("STORYBOT_ENCRYPTION_KEY is not the key the stored bot tokens were sealed with")

// keyProbes is how many stored tokens CheckKey tries: one that opens is
// enough, and one damaged row should not stop a start.
const keyProbes = 3

// CheckKey opens a few stored bot tokens (the latest installed), so that
// a wrong or missing STORYBOT_ENCRYPTION_KEY stops the start instead of
// every event being dropped later. With no installation stored there is
// nothing to check. Its errors name the setting and the fix, never the
// key or a token.
func (s *SQL) CheckKey(ctx context.Context) error {
	rows, err := s.db.QueryContext(ctx, s.d.rebind(`SELECT id, bot_token FROM installations ORDER BY installed_at DESC LIMIT ?`), keyProbes)
	if err != nil {
		return fmt.Errorf("database %s: read the installations: %w", s.where, err)
	}
	defer rows.Close()
	tried := 0
	for rows.Next() {
		var id string
		var sealed []byte
		if err := rows.Scan(&id, &sealed); err != nil {
			return fmt.Errorf("database %s: read the installations: %w", s.where, err)
		}
		tried++
		if s.cipher != nil {
			if _, err := s.cipher.Open(sealed, []byte(id)); err == nil {
				return nil
			}
		}
	}
	if err := rows.Err(); err != nil {
		return fmt.Errorf("database %s: read the installations: %w", s.where, err)
	}
	switch {
	case tried == 0:
		return nil
	case s.cipher == nil:
		return fmt.Errorf("STORYBOT_ENCRYPTION_KEY is not set, but the database %s holds installations whose bot tokens are sealed with a key: "+
			"set STORYBOT_ENCRYPTION_KEY to that key (the one the other replicas have); without it no workspace can be served", s.where)
	}
	return fmt.Errorf("%w in the database %s (it opens none of the %d latest): set STORYBOT_ENCRYPTION_KEY to the key they were sealed with, "+
		"the one the other replicas have; if that key is lost, delete the installations and have each workspace install the app again", ErrWrongKey, s.where, tried)
}
