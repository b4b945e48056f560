package config

import (
	"fmt"
	"strconv"
	"strings"
	"time"

	"storybot/bot"
)

// readConversations reads the settings of the conversations: the thread
// memory's bounds and the feedback log.
func (c *Config) readConversations(get func(string) string) error {
	c.ThreadMemory, c.ThreadTTL = bot.DefaultThreadMemory, bot.DefaultThreadTTL
	if v := get("STORYBOT_THREAD_MEMORY"); v != "" {
		n, err := strconv.Atoi(v)
		if err != nil || n < 1 || n > 10_000_000 {
			return fmt.Errorf("STORYBOT_THREAD_MEMORY=%q: set it to how many conversations to remember for follow-ups (1 to 10000000; default %d)", v, bot.DefaultThreadMemory)
		}
		c.ThreadMemory = n
	}
	if v := get("STORYBOT_THREAD_TTL"); v != "" {
		d, err := time.ParseDuration(v)
		if err != nil || d < time.Minute {
			return fmt.Errorf("STORYBOT_THREAD_TTL=%q: set it to how long a conversation is remembered after its last question, a duration of a minute or more such as 24h (default %v)", v, bot.DefaultThreadTTL)
		}
		c.ThreadTTL = d
	}
	switch v := get("STORYBOT_FEEDBACK"); {
	case v == "":
		c.Feedback = bot.DefaultFeedbackLog
	case strings.EqualFold(v, "off"):
		c.Feedback = ""
	default:
		c.Feedback = v
	}
	c.FeedbackSecret = get("STORYBOT_FEEDBACK_SECRET")
	return c.readQuestionLog(get)
}

// DefaultLogDays is how long questions are kept when STORYBOT_LOG_DAYS
// is not set.
const DefaultLogDays = 30

// readQuestionLog reads the question log's retention and the digest.
func (c *Config) readQuestionLog(get func(string) string) error {
	c.LogDays = DefaultLogDays
	if v := get("STORYBOT_LOG_DAYS"); v != "" {
		n, err := strconv.Atoi(v)
		if err != nil || n < 0 || n > 3650 {
			return fmt.Errorf("STORYBOT_LOG_DAYS=%q: set it to how many days questions are kept (0 keeps none; default %d)", v, DefaultLogDays)
		}
		c.LogDays = n
	}
	switch v := strings.ToLower(get("STORYBOT_DIGEST")); v {
	case "", "off":
	case "weekly":
		c.Digest = true
	default:
		return fmt.Errorf("STORYBOT_DIGEST=%q: set it to weekly (the editors get a digest by DM each week) or off", v)
	}
	return nil
}
