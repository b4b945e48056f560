package bot

import (
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"net/url"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"unicode/utf8"

	"storybot/bot/render"
	"storybot/bot/slackfake"
	"storybot/internal/filetree"
)

func TestParseRemove(t *testing.T) {
	t.Parallel()
	for _, tt := range []struct{ args, id, err string }{
		{"budget", "budget", ""},
		{" `000_88049dc20f240b8c` ", "000_88049dc20f240b8c", ""},
		{"“budget”", "budget", ""},
		{"riverton-council.txt", "riverton-council.txt", ""},
		{"", "", "Say which story"},
		{"two words", "", "A story id has no spaces"},
		{"../budget", "", `"../budget" is not a story id: a story id names no folder`},
		{`..\budget`, "", "is not a story id"},
		{"/etc/passwd", "", "is not a story id"},
		{".hidden", "", "is not a story id"},
		{"bud\x00get", "", "no control or invisible characters"},
		{"bud\u202eget", "", "no control or invisible characters"},
		{"\xff", "", "no control or invisible characters"},
		{strings.Repeat("a", maxRemoveID+1), "", "longer than any story id"},
	} {
		id, err := parseRemove(tt.args)
		if id != tt.id || (err == nil) != (tt.err == "") || err != nil && !strings.Contains(err.Error(), tt.err) {
			t.Errorf("ParseRemove(%q) = %q, %v; want %q, %q", tt.args, id, err, tt.id, tt.err)
		}
	}
}

// FuzzParseRemove: an id taken is one word that names no path.
func FuzzParseRemove(f *testing.F) {
	for _, s := range []string{"budget", "`x`", "../x", "a/b", ".x", "a b", "\x00", "“x”"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, args string) {
		id, err := parseRemove(args)
		if err != nil {
			if id != "" {
				t.Errorf("%q: id %q with error %v", args, id, err)
			}
			return
		}
		if id == "" || !utf8.ValidString(id) || strings.ContainsAny(id, "/\\ \t\n\x00") || strings.HasPrefix(id, ".") || utf8.RuneCountInString(id) > maxRemoveID {
			t.Errorf("%q: took %q", args, id)
		}
	})
}

// FuzzDecodeRemove: a Remove button's value read names a story file
// directly in the corpus folder, and nothing else.
func FuzzDecodeRemove(f *testing.F) {
	sum := strings.Repeat("a", 64)
	for _, r := range []removeRef{{V: 1, ID: "budget", File: "budget.txt", Sum: sum}, {V: 1, ID: "x", File: "../x.txt", Sum: sum}, {V: 2, ID: "x", File: "x.txt", Sum: sum}} {
		v, _ := r.encode()
		f.Add(v)
	}
	f.Add(`{"v":1,"id":"x","file":"sub/x.txt","sum":""}`)
	f.Fuzz(func(t *testing.T, v string) {
		r, ok := decodeRemove(v)
		if !ok {
			return
		}
		if r.File != filepath.Base(r.File) || !filepath.IsLocal(r.File) || strings.ContainsAny(r.File, "/\\") || strings.HasPrefix(r.File, ".") {
			t.Errorf("%q: file %q", v, r.File)
		}
		if _, err := parseRemove(r.ID); err != nil {
			t.Errorf("%q: id %q: %v", v, r.ID, err)
		}
	})
}

// slash sends /story TEXT from user and returns the immediate response.
func (c *corpusRig) slash(user, text string) string {
	c.T.Helper()
	return c.Form(slackfake.Form(slackfake.Slash("C1", user, text, c.Slack.ResponseURL("rm")))).Body.String()
}

// click clicks action with value, as user, and returns the response.
func (c *corpusRig) click(user, action, value string) string {
	c.T.Helper()
	c.Form(url.Values{"payload": {string(slackfake.JSON(c.T, slackfake.ShareClick("C1", user, action, value, c.Slack.ResponseURL("rm"))))}})
	return string(slackfake.Receive(c.T, c.Slack.Responses, action).Body)
}

// removeValue is the Remove button's value of /story remove ID.
func (c *corpusRig) removeValue(id string) string {
	c.T.Helper()
	var msg struct{ Blocks json.RawMessage }
	body := c.slash("UADMIN", "remove "+id)
	if err := json.Unmarshal([]byte(body), &msg); err != nil {
		c.T.Fatal(err)
	}
	v := slackfake.ButtonValues(c.T, msg.Blocks)[render.ActionRemoveConfirm]
	if v == "" {
		c.T.Fatalf("no Remove button: %s", body)
	}
	return v
}

func sha(data string) string {
	h := sha256.Sum256([]byte(data))
	return hex.EncodeToString(h[:])
}

// TestRemoveOnlyThatStory: /story remove deletes only a regular story
// file of the corpus folder holding exactly the id, as it was shown: not
// a link, not a file named like the id, not a file that changed since,
// not what a forged button names, not the last story.
func TestRemoveOnlyThatStory(t *testing.T) {
	t.Parallel()
	rig := newCorpusRig(t)
	write := func(name, data string) {
		if err := os.WriteFile(filepath.Join(rig.dir, name), []byte(data), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	outside := filepath.Join(t.TempDir(), "outside.txt")
	if err := os.WriteFile(outside, []byte("Outside story\n\nIt is kept elsewhere.\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	if err := os.Symlink(outside, filepath.Join(rig.dir, "linked.txt")); err != nil {
		t.Fatal(err)
	}
	os.Mkdir(filepath.Join(rig.dir, "kept"), 0o755)
	write("kept/inner.txt", "id: inner\ntitle: Inner\n\nA story kept in a folder of the corpus.\n")
	if err := os.Symlink("kept/inner.txt", filepath.Join(rig.dir, "inner.txt")); err != nil {
		t.Fatal(err)
	}
	write("storm.txt", "id: tuesday-storm\ntitle: Storm\n\nA storm closed schools.\n")
	changing := rig.removeValue("tuesday-storm")
	write("storm.txt", "id: tuesday-storm\ntitle: Storm\n\nA storm closed eleven schools.\n")
	before := filetree.Describe(t, rig.dir)
	for _, tt := range []struct{ name, got, want string }{
		{"a link inside", rig.slash("UADMIN", "remove inner"), "inner.txt is a link or not a regular file: remove it from the corpus folder by hand"},
		// Never read, so never a story (issue 18, item 1).
		{"a link out of the corpus", rig.slash("UADMIN", "remove linked"), "No story has the id linked."},
		{"the file's name, not its id", rig.slash("UADMIN", "remove storm"), "No story has the id storm. Did you mean tuesday-storm?"},
		{"changed since shown", rig.click("UADMIN", render.ActionRemoveConfirm, changing), "Not removed: storm.txt has changed since I showed it: run /story remove tuesday-storm again"},
		{"a forged button: a path", rig.click("UADMIN", render.ActionRemoveConfirm, `{"v":1,"id":"x","file":"../outside.txt","sum":"`+sha("x")+`"}`), textRemoveUnread},
		{"a forged button: another story's file", rig.click("UADMIN", render.ActionRemoveConfirm, `{"v":1,"id":"tuesday-storm","file":"budget.txt","sum":"`+sha(budgetStory)+`"}`),
			"Not removed: budget.txt has changed since I showed it"},
	} {
		if !strings.Contains(tt.got, tt.want) {
			t.Errorf("%s: %s\nwant %s", tt.name, tt.got, tt.want)
		}
	}
	if after := filetree.Describe(t, rig.dir); after != before || !fileExists(outside) {
		t.Errorf("the corpus changed:\n%s\nwas\n%s", after, before)
	}
	if len(rig.reloads) != 0 {
		t.Errorf("reloaded: %q", rig.reloads)
	}
	// The last story is not removed.
	for _, f := range []string{"linked.txt", "inner.txt", "storm.txt"} {
		os.Remove(filepath.Join(rig.dir, f))
	}
	if got := rig.slash("UADMIN", "remove budget"); !strings.Contains(got, "budget is my only story, and I need one to answer from") {
		t.Errorf("the last story: %s", got)
	}
}

// TestRemoveStory: Remove deletes the file and reloads once; the reply
// replaces the confirmation.
func TestRemoveStory(t *testing.T) {
	t.Parallel()
	rig := newCorpusRig(t)
	if err := os.WriteFile(filepath.Join(rig.dir, "storm.txt"), []byte("Storm closes schools\n\nA storm closed schools.\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	got := rig.click("UADMIN", render.ActionRemoveConfirm, rig.removeValue("storm"))
	if !strings.Contains(got, `*Removed* “Storm closes schools” (id storm): its file storm.txt is deleted. I answer from the stories as they are now.`) || !strings.Contains(got, `"replace_original":true`) {
		t.Errorf("reply: %s", got)
	}
	if _, err := os.Stat(filepath.Join(rig.dir, "storm.txt")); !os.IsNotExist(err) {
		t.Errorf("storm.txt: %v", err)
	}
	if len(rig.reloads) != 1 || metricValue(t, rig.Bot, "storybot_corpus_changes_total", "action", "remove", "outcome", "done") != 1 {
		t.Errorf("reloads %q", rig.reloads)
	}
}

func TestParseAdmins(t *testing.T) {
	t.Parallel()
	for _, tt := range []struct {
		in   string
		want []string
		err  string
	}{
		{"", nil, ""},
		{"U0123ABCD", []string{"U0123ABCD"}, ""},
		{" U1AA , W2BB,,", []string{"U1AA", "W2BB"}, ""},
		{"U1AA,bob", nil, `STORYBOT_ADMINS: "bob" is not a Slack member id`},
		{"@alice", nil, "is not a Slack member id"},
		{"u1aa", nil, "is not a Slack member id"},
		{"T0001:U1AA, E999:W2BB", []string{"T0001:U1AA", "E999:W2BB"}, ""},
		{"T0001:", nil, "is not a Slack member id"},
		{"U1AA:T0001", nil, "is not a Slack member id"},
		{"T0001:U1AA:U2", nil, "is not a Slack member id"},
	} {
		got, err := ParseAdmins(tt.in)
		if strings.Join(got, ",") != strings.Join(tt.want, ",") || (err == nil) != (tt.err == "") || err != nil && !strings.Contains(err.Error(), tt.err) {
			t.Errorf("ParseAdmins(%q) = %q, %v; want %q, %q", tt.in, got, err, tt.want, tt.err)
		}
	}
}

// TestTeamScopedAdmins: an admin named TEAM:USER is one in that workspace
// only; a bare id is one in every workspace.
func TestTeamScopedAdmins(t *testing.T) {
	t.Parallel()
	c := &corpusRig{dir: t.TempDir()}
	c.httpRig = newHTTPRig(t, &fakeAnswerer{}, Options{Corpus: CorpusOptions{Dir: c.dir, Admins: []string{"T0002:UADMIN", "UEVERY"}, Reload: c.reload}})
	ask := func(team, user string) string {
		form := slackfake.Slash("C1", user, "remove budget", c.Slack.ResponseURL("rm"))
		form["team_id"] = team
		return c.Form(slackfake.Form(form)).Body.String()
	}
	if body := ask(slackfake.Team, "UADMIN"); !strings.Contains(body, "only storybot's admins") {
		t.Errorf("an admin of T0002 removed a story in %s: %s", slackfake.Team, body)
	}
	for _, who := range [][2]string{{"T0002", "UADMIN"}, {slackfake.Team, "UEVERY"}} {
		if body := ask(who[0], who[1]); strings.Contains(body, "only storybot's admins") {
			t.Errorf("%s of %s refused: %s", who[1], who[0], body)
		}
	}
	if got := BareAdmins([]string{"T1:U1", "U2"}); len(got) != 1 || got[0] != "U2" {
		t.Errorf("BareAdmins = %q", got)
	}
}

// FuzzParseAdmins: every admin taken is a member id (scoped to a team or
// not), fit for a mention.
func FuzzParseAdmins(f *testing.F) {
	for _, s := range []string{"U1AA,W2BB", " U1AA , ", "bob", "U1AA,<!channel>"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		ids, err := ParseAdmins(s)
		for _, id := range ids {
			_, user, _ := strings.Cut(id, ":")
			if err != nil || render.UserID(user) != user {
				t.Errorf("%q: took %q (err %v)", s, id, err)
			}
		}
	})
}

func fileExists(name string) bool {
	_, err := os.Stat(name)
	return err == nil
}
