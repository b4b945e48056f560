package bot

import (
	"regexp"
	"storybot/bot/render"
	"strings"
	"unicode"
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

// People talk in threads too: after the bot answered in a channel
// thread, the messages there that do not mention it are answered only
// when they read as a question or a request to the bot. Thanks,
// acknowledgements ("ok, got it"), a reply sent to the channel as well
// ("broadcasting this reply") and talk between people get nothing, and
// cost no lookup of the thread.
//
// The rule is about the shape of the message, never about its subject:
//
//   - it holds a question mark;
//   - its first word (after a few fillers: "and", "so", "ok", "please",
//     "hey", "bot,") is a question word or an auxiliary verb that opens
//     a question ("who…", "did…", "can…");
//   - its first word is a request made to the bot ("tell me…", "show…",
//     "explain…", "what about…");
//   - it addresses the bot by name ("storybot, …", "bot: …").

// asksTheBot tells whether q, a message in a thread (the bot's mention
// already stripped, see questionOf), reads as a question or a request to
// the bot.
func asksTheBot(q string) bool {
	if strings.ContainsAny(q, "?？¿") {
		return true
	}
	words := strings.Fields(strings.ToLower(q))
	if len(words) > 0 && addressesBot(words[0]) {
		return true
	}
	for len(words) > 0 && isFiller(lowerWord(words[0])) {
		words = words[1:]
	}
	if len(words) == 0 {
		return false
	}
	first := lowerWord(words[0])
	return isWh(first) || opensQuestion(first) || isRequest(first)
}

// addressesBot tells whether w, the first word of a message, names the
// bot: "storybot", "bot", "@storybot", followed by a comma or a colon or
// alone.
func addressesBot(w string) bool {
	core := strings.TrimRightFunc(strings.TrimPrefix(w, "@"), func(r rune) bool { return r == ',' || r == ':' || unicode.IsSpace(r) })
	return core == "storybot" || (core == "bot" && core != w)
}

// isFiller tells the words that may open a question without being part
// of it.
func isFiller(w string) bool {
	switch w {
	case "please", "pls", "hey", "hi", "hello", "bot", "storybot":
		return true
	}
	return isConjunction(w)
}

// opensQuestion tells the auxiliary verbs that open an English question
// ("did he…", "is it…", "can you…").
func opensQuestion(w string) bool {
	switch w {
	case "is", "are", "was", "were", "am", "do", "does", "did", "has", "have", "had",
		"can", "could", "will", "would", "shall", "should", "may", "might", "must",
		"isn't", "aren't", "wasn't", "weren't", "don't", "doesn't", "didn't", "hasn't", "haven't",
		"can't", "couldn't", "won't", "wouldn't", "shouldn't":
		return true
	}
	return false
}

// isRequest tells the verbs of a request to the bot, in the imperative
// ("tell me", "show the quote", "explain", "list them").
func isRequest(w string) bool {
	switch w {
	case "tell", "show", "explain", "describe", "list", "give", "find", "quote", "summarize", "summarise",
		"name", "say", "define", "clarify", "elaborate", "compare":
		return true
	}
	return false
}
