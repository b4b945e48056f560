package bot

import (
	"errors"
	"fmt"
	"strings"
	"testing"
	"time"

	"storybot/bot/slackfake"
)

// errPgxRefused is the error a PostgreSQL that refuses connections gives
// through pgx: several lines, one per address tried.
var errPgxRefused = errors.New("find installation of T:TB: failed to connect to `user=storybot database=storybot`:\n" +
	"\t127.0.0.1:5432 (localhost): dial error: dial tcp 127.0.0.1:5432: connect: connection refused\n" +
	"\t[::1]:5432 (localhost): dial error: dial tcp [::1]:5432: connect: connection refused")

// linesWith are the lines of log that contain s.
func linesWith(log, s string) []string {
	var out []string
	for _, line := range strings.Split(log, "\n") {
		if strings.Contains(line, s) {
			out = append(out, line)
		}
	}
	return out
}

// TestDatabaseDownLogsThrottled: with the installations' database
// refusing connections, every event and command fails its look-up; the
// log says so once per 10 s per kind of line, each on one line, with the
// failures since. A workspace not installed is still logged each time.
func TestDatabaseDownLogsThrottled(t *testing.T) {
	t.Parallel()
	clk := &clock{t: time.Unix(1_700_000_000, 0)}
	rig, ws, _ := newWorkspacesRig(t, Options{Now: clk.now})
	ws.fail = errPgxRefused
	burst := func(from, n int) {
		for i := from; i < from+n; i++ {
			rig.Event(callbackFor(fmt.Sprint("Ev", i), "TB", map[string]any{"team_id": "TB"},
				slackfake.Mention("C1", "U1", "<@UBOTB> budget?", fmt.Sprint(i, ".1"), "")))
			f := slackfake.Form(slackfake.Slash("C1", "U1", "budget?", rig.Slack.ResponseURL(fmt.Sprint("r", i))))
			f.Set("team_id", "TB")
			rig.Form(f)
			clk.add(100 * time.Millisecond)
		}
	}
	burst(0, 60) // 6 s
	clk.add(5 * time.Second)
	burst(60, 1)
	log := rig.Log.String()
	for _, msg := range []string{"no token to answer with: event dropped", "answering through response_url alone"} {
		lines := linesWith(log, msg)
		if len(lines) != 2 || !strings.Contains(lines[0], "failures=1 ") || !strings.Contains(lines[1], "failures=60 ") {
			t.Errorf("%q: %d lines, want 2 (failures=1, then 60):\n%s", msg, len(lines), strings.Join(lines, "\n"))
		}
		for _, l := range lines {
			if !strings.Contains(l, "connection refused; [::1]:5432") {
				t.Errorf("not the whole error, on one line: %s", l)
			}
		}
	}
	if n := len(linesWith(log, "dial error")); n != 4 {
		t.Errorf("%d lines of the database's error, want 4:\n%s", n, log)
	}
	if got := metricValue(t, rig.Bot, "storybot_authorizations_failed_total", "reason", "error"); got != 122 {
		t.Errorf("failed look-ups counted %v, want 122", got)
	}
	ws.fail = nil
	for i := range 3 {
		rig.Event(callbackFor(fmt.Sprint("EvZ", i), "TZ", map[string]any{"team_id": "TZ"},
			slackfake.Mention("C1", "U1", "<@UBOTZ> budget?", fmt.Sprint(i, ".9"), "")))
	}
	if n := len(linesWith(rig.Log.String(), "no token to answer with")); n != 5 {
		t.Errorf("%d dropped-event lines, want 5: each of a workspace not installed is logged", n)
	}
}
