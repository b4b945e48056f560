package bot

import (
	"fmt"
	"regexp"
	"storybot/bot/render"
	"strings"
)

// The admins are the people who may change the corpus from Slack: add a
// story by sending the bot a file, remove one with /story remove. They
// are named by their Slack member ids in STORYBOT_ADMINS; nobody is an
// admin when it is empty. An entry TEAM:USER (T123:U456) is an admin in
// that workspace only; a bare USER is one in every workspace the bot
// serves, which is what one workspace needs, and a risk with many (the
// start warns: see BareAdmins).

// ParseAdmins reads STORYBOT_ADMINS: Slack member ids (U…, or W… in an
// Enterprise Grid), separated by commas, spaces allowed around them. Its
// error names what is not a member id and says where to find one.
func ParseAdmins(s string) ([]string, error) {
	var ids []string
	for _, f := range strings.Split(s, ",") {
		id := strings.TrimSpace(f)
		switch {
		case id == "":
			continue
		case !adminEntry(id):
			return nil, fmt.Errorf("STORYBOT_ADMINS: %q is not a Slack member id: list the admins' member ids (U…), or TEAM:USER (T123:U456) "+
				"for an admin of one workspace, separated by commas (in Slack: a person's profile → ⋮ → Copy member ID)", render.Clip(id, 40))
		}
		ids = append(ids, id)
	}
	return ids, nil
}

// teamIDPattern is a workspace's id (T…), or an organization's (E…).
var teamIDPattern = regexp.MustCompile(`^[TE][A-Z0-9]{2,30}$`)

// adminEntry tells whether id is USER or TEAM:USER.
func adminEntry(id string) bool {
	team, user, scoped := strings.Cut(id, ":")
	if !scoped {
		return render.UserID(id) != ""
	}
	return teamIDPattern.MatchString(team) && render.UserID(user) != ""
}

// BareAdmins are the entries of admins that name no workspace: admins in
// every workspace the bot serves.
func BareAdmins(admins []string) []string {
	var out []string
	for _, id := range admins {
		if !strings.Contains(id, ":") {
			out = append(out, id)
		}
	}
	return out
}

// adminSet are the admins, by their entries of STORYBOT_ADMINS: USER or
// TEAM:USER.
type adminSet map[string]bool

func newAdminSet(ids []string) adminSet {
	s := adminSet{}
	for _, id := range ids {
		s[id] = true
	}
	return s
}

// has tells whether user, of workspace team, is one of the admins:
// named with that team, or bare.
func (s adminSet) has(team, user string) bool {
	return user != "" && (s[user] || (team != "" && s[team+":"+user]))
}
