package bot

import (
	"fmt"
	"strings"
)

// The admins are the people who may change the corpus from Slack: add a
// story by sending the bot a file, remove one with /story remove. They
// are named by their Slack member ids in STORYBOT_ADMINS; nobody is an
// admin when it is empty.

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
		case userID(id) == "":
			return nil, fmt.Errorf("STORYBOT_ADMINS: %q is not a Slack member id: list the admins' member ids (U…), separated by commas "+
				"(in Slack: a person's profile → ⋮ → Copy member ID)", clip(id, 40))
		}
		ids = append(ids, id)
	}
	return ids, nil
}

// readAdmins reads the admins (STORYBOT_ADMINS) into c.
func (c *Config) readAdmins(get func(string) string) error {
	var err error
	c.Admins, err = ParseAdmins(get("STORYBOT_ADMINS"))
	return err
}

// isAdmin tells whether user is one of the admins.
func (b *Bot) isAdmin(user string) bool { return user != "" && b.corpus.admins[user] }
