-- The question log (see questionlog.go): one row per question answered
-- or refused, kept STORYBOT_LOG_DAYS days. id is the answer's id, which
-- the votes name. Who asked is a keyed hash (user_hash), never an id.
-- passages is JSON: [{"story":…,"paragraph":…,"sentence":…}].
CREATE TABLE questions (
	id         TEXT             NOT NULL PRIMARY KEY,
	asked_at   BIGINT           NOT NULL, -- Unix milliseconds
	team       TEXT             NOT NULL DEFAULT '',
	surface    TEXT             NOT NULL,
	question   TEXT             NOT NULL,
	user_hash  TEXT             NOT NULL DEFAULT '',
	answered   BOOLEAN          NOT NULL,
	confidence DOUBLE PRECISION NOT NULL DEFAULT 0,
	passages   TEXT             NOT NULL DEFAULT '[]'
);
CREATE INDEX questions_team_at ON questions (team, asked_at);
CREATE INDEX questions_at ON questions (asked_at);

-- The votes on answers: one row per person and answer (a second click
-- replaces the first, a replayed one changes nothing).
CREATE TABLE votes (
	answer_id TEXT   NOT NULL,
	user_hash TEXT   NOT NULL,
	vote_id   TEXT   NOT NULL DEFAULT '',
	team      TEXT   NOT NULL DEFAULT '',
	voted_at  BIGINT NOT NULL, -- Unix milliseconds
	vote      TEXT   NOT NULL, -- up or down
	question  TEXT   NOT NULL,
	asked     TEXT   NOT NULL DEFAULT '',
	passages  TEXT   NOT NULL DEFAULT '[]',
	PRIMARY KEY (answer_id, user_hash)
);
CREATE INDEX votes_team_at ON votes (team, voted_at);

-- The groups of refused questions an editor marked handled: hidden until
-- asked again.
CREATE TABLE handled_groups (
	team       TEXT   NOT NULL,
	group_key  TEXT   NOT NULL,
	handled_at BIGINT NOT NULL,
	PRIMARY KEY (team, group_key)
);

-- Leases: what one replica of many does (the weekly digest of a
-- workspace, an import): whoever holds the name until expires_at.
CREATE TABLE leases (
	name       TEXT   NOT NULL PRIMARY KEY,
	holder     TEXT   NOT NULL,
	expires_at BIGINT NOT NULL
);
