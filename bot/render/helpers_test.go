package render

import (
	"storybot/bot/internal/bottest"
	"storybot/index"
)

// The fixtures of package bot's tests, for the replies they render.
var (
	storyA        = bottest.StoryA
	typicalResult = bottest.TypicalResult
)

// testStories are the stories the bot's fake engine knows.
func testStories() []index.StoryInfo { return (&bottest.Engine{}).Stories() }
