package bot

import (
	"regexp"
	"storybot/bot/render"
	"strings"
)

// questionOf turns the text of a Slack message into the question it asks:
// the bot's own mentions go, other markup (<@U…>, <#C…|name>, <!here>,
// <url|label>) becomes the plain text it stands for, &amp; &lt; &gt; are
// unescaped and white space is folded.
func questionOf(text, botUserID string) string {
	text = slackMarkup.ReplaceAllStringFunc(text, func(m string) string {
		inner := m[1 : len(m)-1]
		target, label, hasLabel := strings.Cut(inner, "|")
		switch {
		case strings.HasPrefix(target, "@"):
			if botUserID != "" && target[1:] == botUserID {
				return " "
			}
			if hasLabel && label != "" {
				return "@" + strings.TrimPrefix(label, "@")
			}
			return target
		case strings.HasPrefix(target, "#"):
			if hasLabel && label != "" {
				return "#" + label
			}
			return target
		case strings.HasPrefix(target, "!"):
			if hasLabel && label != "" {
				return label
			}
			name, _, _ := strings.Cut(target[1:], "^")
			return "@" + name
		}
		if hasLabel && label != "" {
			return label
		}
		return target
	})
	text = unescaper.Replace(text)
	return strings.Join(strings.Fields(render.Clean(text)), " ")
}

var (
	slackMarkup = regexp.MustCompile(`<[^<>]*>`)
	unescaper   = strings.NewReplacer("&lt;", "<", "&gt;", ">", "&amp;", "&")
)
