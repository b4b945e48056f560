package bot

import (
	"bytes"
	_ "embed"
	"fmt"

	"github.com/slack-go/slack"
	"go.yaml.in/yaml/v3"
)

// manifestYAML is the app manifest (manifest.yaml): what the app asks
// for is said there once, and the install link asks for the same.
//
//go:embed manifest.yaml
var manifestYAML []byte

// BotScopes are the bot token scopes the app manifest asks for, which an
// OAuth install asks for too.
func BotScopes() ([]string, error) {
	var m slack.Manifest
	if err := yaml.NewDecoder(bytes.NewReader(manifestYAML)).Decode(&m); err != nil {
		return nil, fmt.Errorf("manifest.yaml: %w", err)
	}
	if len(m.OAuthConfig.Scopes.Bot) == 0 {
		return nil, fmt.Errorf("manifest.yaml asks for no bot scopes")
	}
	return m.OAuthConfig.Scopes.Bot, nil
}
