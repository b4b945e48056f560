package bot

import (
	"fmt"
	"strconv"
	"strings"
	"time"
)

// readConversations reads the settings of the conversations: the thread
// memory's bounds and the feedback log.
func (c *Config) readConversations(get func(string) string) error {
	c.ThreadMemory, c.ThreadTTL = DefaultThreadMemory, DefaultThreadTTL
	if v := get("STORYBOT_THREAD_MEMORY"); v != "" {
		n, err := strconv.Atoi(v)
		if err != nil || n < 1 || n > 10_000_000 {
			return fmt.Errorf("STORYBOT_THREAD_MEMORY=%q: set it to how many conversations to remember for follow-ups (1 to 10000000; default %d)", v, DefaultThreadMemory)
		}
		c.ThreadMemory = n
	}
	if v := get("STORYBOT_THREAD_TTL"); v != "" {
		d, err := time.ParseDuration(v)
		if err != nil || d < time.Minute {
			return fmt.Errorf("STORYBOT_THREAD_TTL=%q: set it to how long a conversation is remembered after its last question, a duration of a minute or more such as 24h (default %v)", v, DefaultThreadTTL)
		}
		c.ThreadTTL = d
	}
	switch v := get("STORYBOT_FEEDBACK"); {
	case v == "":
		c.Feedback = DefaultFeedbackLog
	case strings.EqualFold(v, "off"):
		c.Feedback = ""
	default:
		c.Feedback = v
	}
	c.FeedbackSecret = get("STORYBOT_FEEDBACK_SECRET")
	return nil
}
