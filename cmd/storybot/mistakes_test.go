package main

import (
	"encoding/json"
	"errors"
	"log/slog"
	"path/filepath"
	"strings"
	"syscall"
	"testing"

	"storybot/bot/slackfake"
)

// TestConfigMistakes runs storybot with settings an admin gets wrong:
// each either stops the start with a message naming the variable, or
// starts with a warning, and no secret is ever printed.
func TestConfigMistakes(t *testing.T) {
	fake := slackfake.New(t)
	corpus := testCorpus(t)
	withPassword := strings.Replace(fake.APIURL(), "http://", "http://storybot:hunter2pw@", 1)
	// Many workspaces: OAuth credentials and no bot token, installations
	// in a SQLite file of the test's.
	many := func(kv ...string) map[string]string {
		m := map[string]string{"SLACK_BOT_TOKEN": "", "SLACK_CLIENT_ID": slackfake.ClientID, "SLACK_CLIENT_SECRET": "hunter2pw-client",
			"DATABASE_URL": "sqlite:" + filepath.Join(t.TempDir(), "s.db")}
		for i := 0; i+1 < len(kv); i += 2 {
			m[kv[i]] = kv[i+1]
		}
		return m
	}
	tests := []struct {
		name    string
		vars    map[string]string
		wantErr string   // the start fails, saying this
		wantLog []string // else it starts, logging these
	}{
		{"a password in SLACK_API_URL", map[string]string{"SLACK_API_URL": withPassword}, "",
			[]string{`msg="signed in to Slack"`, "xxxxx@127.0.0.1"}},
		{"a signing secret that is not 32 hex characters", map[string]string{"SLACK_SIGNING_SECRET": "hunter2pw-but-not-hex"}, "",
			[]string{"level=WARN", "SLACK_SIGNING_SECRET has 21 characters, not the 32 hexadecimal ones"}},
		{"a real-looking signing secret: no warning", map[string]string{"SLACK_SIGNING_SECRET": "8f742231b10e8888abcd99aaabbb85a5"}, "",
			[]string{`msg="signed in to Slack"`}},
		{"GOMEMLIMIT set", map[string]string{"GOMEMLIMIT": "300MiB"}, "", []string{`msg="memory limit" limit_mib=300 from=GOMEMLIMIT`}},
		{"GOMEMLIMIT not set", nil, "", []string{`msg="memory limit" limit_mib=`, `from="default (set GOMEMLIMIT to choose)"`}},
		{"GOMEMLIMIT wrong", map[string]string{"GOMEMLIMIT": "300MB"}, `GOMEMLIMIT="300MB": set it to a size such as 512MiB`, nil},
		{"PORT=0", map[string]string{"PORT": "0"}, "set PORT to a number from 1 to 65535", nil},
		{"STORYBOT_RATE_LIMIT=NaN", map[string]string{"STORYBOT_RATE_LIMIT": "NaN"}, `STORYBOT_RATE_LIMIT="NaN"`, nil},
		{"STORYBOT_TEAM_RATE_LIMIT=-Inf", map[string]string{"STORYBOT_TEAM_RATE_LIMIT": "-Inf"}, `STORYBOT_TEAM_RATE_LIMIT="-Inf"`, nil},
		{"many workspaces without an encryption key", many(), "",
			[]string{`msg="serving many workspaces"`, "many_workspaces=true", "level=WARN msg=\"installs are refused: STORYBOT_ENCRYPTION_KEY is not set"}},
		{"many workspaces and bare admin ids", many("STORYBOT_ADMINS", "T0001:U1AA,U2BB"), "",
			[]string{`level=WARN msg="STORYBOT_ADMINS: bare member ids are admins in every workspace`, "bare=U2BB"}},
		{"many workspaces with a key", many("STORYBOT_ENCRYPTION_KEY", strings.Repeat("0f", 32)), "",
			[]string{`msg=installations database=sqlite:`, "migrations_applied=2"}},
		{"an encryption key too short", many("STORYBOT_ENCRYPTION_KEY", "hunter2pw"), "STORYBOT_ENCRYPTION_KEY has 9 characters", nil},
		{"a database that does not answer, with a password", many("DATABASE_URL", "postgres://bot:hunter2pw@127.0.0.1:1/x?connect_timeout=2"),
			"database postgres://bot@127.0.0.1:1/x", nil},
		{"a database of another kind", many("DATABASE_URL", "mysql://bot:hunter2pw@db/x"), "DATABASE_URL must start with sqlite:", nil},
		{"Redis down at the start", map[string]string{"REDIS_URL": "redis://:hunter2pw@127.0.0.1:1/0"}, "",
			[]string{"level=WARN msg=\"Redis does not answer", "redis://127.0.0.1:1/0"}},
		{"REDIS_URL not a URL", map[string]string{"REDIS_URL": "hunter2pw@cache:6379"}, "REDIS_URL is not a redis:// URL", nil},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			vars := map[string]string{"STORYBOT_CORPUS": corpus, "SLACK_BOT_TOKEN": slackfake.BotToken, "SLACK_SIGNING_SECRET": "0123456789abcdef0123456789abcdef", "SLACK_API_URL": fake.APIURL()}
			for k, v := range tt.vars {
				vars[k] = v
			}
			r := start(t, []string{"http", "--addr", "127.0.0.1:0"}, vars, nil)
			var err error
			if tt.wantErr != "" {
				err = r.wait()
				if err == nil || !strings.Contains(err.Error(), tt.wantErr) {
					t.Errorf("run = %v, want an error saying %q", err, tt.wantErr)
				}
			} else {
				slackfake.Receive(t, r.stderr.addrs, "the HTTP server to listen")
				if err = r.stop(); err != nil {
					t.Fatalf("run: %v", err)
				}
			}
			log := r.stderr.String()
			for _, want := range tt.wantLog {
				if !strings.Contains(log, want) {
					t.Errorf("the log does not say %q:\n%s", want, log)
				}
			}
			if strings.Contains(log, "hunter2pw") || (err != nil && strings.Contains(err.Error(), "hunter2pw")) {
				t.Errorf("a secret is printed:\n%s%v", log, err)
			}
			if tt.name == "a real-looking signing secret: no warning" && strings.Contains(log, "level=WARN") {
				t.Errorf("warned:\n%s", log)
			}
		})
	}
}

func TestProcessLog(t *testing.T) {
	tests := []struct {
		name       string
		vars       map[string]string
		json       bool
		libraryLog bool // the library's warning is shown
	}{
		{"default", nil, false, true},
		{"json", map[string]string{"LOG_FORMAT": "json"}, true, true},
		{"JSON, with spaces", map[string]string{"LOG_FORMAT": " JSON "}, true, true},
		{"unreadable format: text", map[string]string{"LOG_FORMAT": "xml"}, false, true},
		{"errors only", map[string]string{"LOG_FORMAT": "json", "LOG_LEVEL": "error"}, true, false},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			var out strings.Builder
			p := newProcessLog(func(k string) string { return tt.vars[k] }, &out)
			p.Write([]byte("unable to load snapshot, segment gone, continuing\n"))
			p.report(errors.New(`load corpus: "x" is broken`))
			lines := strings.Split(strings.TrimSpace(out.String()), "\n")
			if want := map[bool]int{true: 2, false: 1}[tt.libraryLog]; len(lines) != want {
				t.Fatalf("%d lines, want %d:\n%s", len(lines), want, out.String())
			}
			last := lines[len(lines)-1]
			if tt.json {
				for _, l := range lines {
					var v map[string]any
					if err := json.Unmarshal([]byte(l), &v); err != nil {
						t.Errorf("not JSON: %s", l)
					}
				}
				var v map[string]string
				json.Unmarshal([]byte(last), &v)
				if v["level"] != slog.LevelError.String() || v["err"] != `load corpus: "x" is broken` {
					t.Errorf("final error: %s", last)
				}
			} else if last != `storybot: load corpus: "x" is broken` {
				t.Errorf("final error: %q", last)
			}
			if tt.libraryLog && !strings.Contains(lines[0], "unable to load snapshot, segment gone, continuing") || strings.Contains(lines[0], "\\n\"") {
				t.Errorf("library line: %s", lines[0])
			}
		})
	}
}

// TestProcessOutput runs storybot as a process: the lines libraries write
// through the log package and the final error follow LOG_FORMAT, and a
// bare storybot with nothing to do (no Slack settings, standard input
// /dev/null, as a service's is) says so and exits 1.
func TestProcessOutput(t *testing.T) {
	t.Run("library lines in JSON", func(t *testing.T) {
		fake := slackfake.New(t)
		p := startProcess(t, "http --addr 127.0.0.1:0", map[string]string{
			"STORYBOT_CORPUS": testCorpus(t), "SLACK_BOT_TOKEN": slackfake.BotToken, "SLACK_SIGNING_SECRET": "0123456789abcdef0123456789abcdef",
			"SLACK_API_URL": fake.APIURL(), "LOG_FORMAT": "json", "STORYBOT_TEST_STDLOG": "unable to load snapshot, test, continuing",
		})
		p.waitFor(`\{"time":"[^"]+","level":"WARN","msg":"unable to load snapshot, test, continuing","from":"library"\}`)
		p.waitFor(`"msg":"listening"`)
		p.signal(syscall.SIGTERM)
		if code := p.exit(); code != 0 {
			t.Errorf("exit code %d", code)
		}
	})
	t.Run("final error in JSON", func(t *testing.T) {
		p := startProcess(t, "ask who?", map[string]string{"STORYBOT_CORPUS": "/nonexistent", "LOG_FORMAT": "json"})
		if code := p.exit(); code != 1 {
			t.Errorf("exit code %d, want 1", code)
		}
		p.waitFor(`(?m)^\{"time":"[^"]+","level":"ERROR","msg":"storybot stopped","err":"load corpus /nonexistent: [^"]+"\}$`)
	})
	t.Run("nothing to do", func(t *testing.T) {
		p := startProcess(t, "", map[string]string{"STORYBOT_CORPUS": testCorpus(t)})
		if code := p.exit(); code != 1 {
			t.Errorf("exit code %d, want 1", code)
		}
		p.waitFor(`(?m)^storybot: nothing to do: no Slack settings .*run ` + "`storybot console`$")
	})
}
