package config

import (
	"strings"
	"testing"
	"time"

	"storybot/bot"
)

func TestConfigConversations(t *testing.T) {
	tests := []struct {
		env     map[string]string
		check   func(Config) bool
		wantErr string
	}{
		{nil, func(c Config) bool {
			return c.ThreadMemory == bot.DefaultThreadMemory && c.ThreadTTL == bot.DefaultThreadTTL && c.Feedback == bot.DefaultFeedbackLog && c.FeedbackSecret == ""
		}, ""},
		{map[string]string{"STORYBOT_THREAD_MEMORY": "50", "STORYBOT_THREAD_TTL": "2h", "STORYBOT_FEEDBACK": "/var/lib/storybot/votes.jsonl", "STORYBOT_FEEDBACK_SECRET": "s3cret"},
			func(c Config) bool {
				return c.ThreadMemory == 50 && c.ThreadTTL == 2*time.Hour && c.Feedback == "/var/lib/storybot/votes.jsonl" && c.FeedbackSecret == "s3cret"
			}, ""},
		{map[string]string{"STORYBOT_FEEDBACK": "OFF"}, func(c Config) bool { return c.Feedback == "" }, ""},
		{map[string]string{"STORYBOT_THREAD_MEMORY": "0"}, nil, "STORYBOT_THREAD_MEMORY=\"0\""},
		{map[string]string{"STORYBOT_THREAD_MEMORY": "lots"}, nil, "STORYBOT_THREAD_MEMORY"},
		{map[string]string{"STORYBOT_THREAD_TTL": "5s"}, nil, "STORYBOT_THREAD_TTL=\"5s\": set it to how long"},
		{map[string]string{"STORYBOT_THREAD_TTL": "forever"}, nil, "STORYBOT_THREAD_TTL"},
	}
	for _, tt := range tests {
		c, err := FromEnv(func(k string) string { return tt.env[k] })
		if tt.wantErr != "" {
			if err == nil || !strings.Contains(err.Error(), tt.wantErr) {
				t.Errorf("%v: err = %v, want %q", tt.env, err, tt.wantErr)
			}
			continue
		}
		if err != nil || !tt.check(c) {
			t.Errorf("%v: %+v, %v", tt.env, c, err)
		}
		if strings.Contains(c.String(), "s3cret") {
			t.Errorf("the feedback secret is in the config's log value: %s", c)
		}
	}
}
