-- The workspaces and organizations the app is installed in. id is
-- Tenant.Key(): "T:<team>" for a workspace, "E:<enterprise>" for an
-- org-wide install. bot_token is sealed (AES-256-GCM, see cipher.go).
-- In the SQL both databases speak: BYTEA is a blob to SQLite too.
CREATE TABLE installations (
	id                    TEXT    NOT NULL PRIMARY KEY,
	enterprise_id         TEXT    NOT NULL DEFAULT '',
	enterprise_name       TEXT    NOT NULL DEFAULT '',
	team_id               TEXT    NOT NULL DEFAULT '',
	team_name             TEXT    NOT NULL DEFAULT '',
	is_enterprise_install BOOLEAN NOT NULL DEFAULT FALSE,
	app_id                TEXT    NOT NULL DEFAULT '',
	bot_user_id           TEXT    NOT NULL,
	bot_id                TEXT    NOT NULL DEFAULT '',
	bot_token             BYTEA   NOT NULL,
	bot_scopes            TEXT    NOT NULL DEFAULT '',
	installer_user_id     TEXT    NOT NULL DEFAULT '',
	installed_at          BIGINT  NOT NULL -- Unix milliseconds
);
