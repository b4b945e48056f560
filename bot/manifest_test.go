package bot

import (
	"bytes"
	"os"
	"slices"
	"strings"
	"testing"

	"github.com/slack-go/slack"
	"go.yaml.in/yaml/v3"
)

// TestManifest decodes the app manifest strictly into slack-go's
// slack.Manifest (a misspelt key fails) and checks what the bot needs.
func TestManifest(t *testing.T) {
	t.Parallel()
	data, err := os.ReadFile("manifest.yaml")
	if err != nil {
		t.Fatal(err)
	}
	dec := yaml.NewDecoder(bytes.NewReader(data))
	dec.KnownFields(true)
	var m slack.Manifest
	if err := dec.Decode(&m); err != nil {
		t.Fatalf("manifest.yaml: %v", err)
	}
	if m.Display.Name == "" || m.Features.BotUser.DisplayName == "" {
		t.Error("no app or bot user name")
	}
	var story *slack.ManifestSlashCommand
	for i, c := range m.Features.SlashCommands {
		if c.Command == "/story" {
			story = &m.Features.SlashCommands[i]
		}
	}
	if story == nil || story.ShouldEscape {
		t.Errorf("slash command /story missing, or escaped: %+v", m.Features.SlashCommands)
	}
	// Exactly the scopes the bot uses: none it does not.
	scopes := []string{"app_mentions:read", "assistant:write", "channels:history", "chat:write", "commands", "files:read", "groups:history", "im:history"}
	for _, s := range scopes {
		if !slices.Contains(m.OAuthConfig.Scopes.Bot, s) {
			t.Errorf("bot scope %s missing", s)
		}
	}
	if len(m.OAuthConfig.Scopes.Bot) != len(scopes) {
		t.Errorf("bot scopes %q, want only %q", m.OAuthConfig.Scopes.Bot, scopes)
	}
	// Every event the bot handles (innerEvents), and no other.
	if es := m.Settings.EventSubscriptions; es == nil || len(es.UserEvents) > 0 {
		t.Errorf("event subscriptions: %+v, want the bot's alone", es)
	} else {
		checkBotEvents(t, es.BotEvents)
	}
	if !m.Features.AppHome.HomeTabEnabled {
		t.Error("the Home tab is off")
	}
	if m.Features.AssistantView == nil || m.Features.AssistantView.AssistantDescription == "" {
		t.Error("no assistant view")
	}
	if !m.Settings.SocketModeEnabled {
		t.Error("Socket Mode is off")
	}
	if m.Settings.Interactivity == nil || !m.Settings.Interactivity.IsEnabled {
		t.Error("interactivity is off: the share button would not work")
	}
	if !m.Features.AppHome.MessagesTabEnabled || m.Features.AppHome.MessagesTabReadOnlyEnabled {
		t.Error("people cannot DM the bot")
	}

	// A misspelt key must fail, or this test proves nothing.
	bad := bytes.Replace(data, []byte("bot_events:"), []byte("bot_event:"), 1)
	dec = yaml.NewDecoder(bytes.NewReader(bad))
	dec.KnownFields(true)
	if err := dec.Decode(new(slack.Manifest)); err == nil {
		t.Error("a misspelt key decoded without error")
	}
}

// checkBotEvents holds the manifest's bot_events against innerEvents,
// both ways: each subscription brings an event the bot handles, and each
// event the bot handles is subscribed to (every bot event of its entry).
func checkBotEvents(t *testing.T, botEvents []string) {
	t.Helper()
	table := map[string]string{} // manifest name → inner event type
	for _, e := range innerEvents {
		for _, name := range e.manifest {
			table[name] = string(e.typ)
			if !slices.Contains(botEvents, name) {
				t.Errorf("the bot handles %s, but the manifest does not subscribe to %s", e.typ, name)
			}
		}
	}
	for _, name := range botEvents {
		typ, ok := table[name]
		if !ok {
			t.Errorf("the manifest subscribes to %s, which no entry of innerEvents names", name)
			continue
		}
		if typ != strings.SplitN(name, ".", 2)[0] {
			t.Errorf("the manifest's %s brings %s events, not %s", name, strings.SplitN(name, ".", 2)[0], typ)
		}
	}
	handled := newEventHandlers(New(Options{}))
	if len(handled) != len(innerEvents) {
		t.Errorf("%d handlers for the %d entries of innerEvents (an inner event type twice?)", len(handled), len(innerEvents))
	}
	for typ := range handled {
		if !subscribed(typ) {
			t.Errorf("%s is handled but not subscribed", typ)
		}
	}
}
