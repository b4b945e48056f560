package render

import (
	"strings"

	"storybot/index"
)

// The fixtures of package bot's tests, for the replies they render.

// passage makes an Answer whose Matches are the given words, wherever they
// occur in text.
func passage(text string, src index.Source, words ...string) index.Answer {
	a := index.Answer{Text: text, Score: 1, Source: src}
	for _, w := range words {
		for off := 0; ; {
			i := strings.Index(text[off:], w)
			if i < 0 {
				break
			}
			a.Matches = append(a.Matches, index.Span{Start: off + i, End: off + i + len(w)})
			off += i + len(w)
		}
	}
	return a
}

var storyA = index.Source{Story: "a", Title: "Council approves <new> budget & tax plan", URL: "https://news.example/budget?id=1&x=2", Paragraph: 2, Sentence: 1}

// typicalResult is an answer with two passages: one quoted speaker and a
// story with a URL, text that needs escaping, and matched words.
func typicalResult(q string) index.Result {
	return index.Result{Question: q, Answered: true, Answers: []index.Answer{
		passage("The council approved the budget by 7 votes to 2 on Tuesday & cut the <b>tax</b> rate.", storyA, "approved", "budget", "votes"),
		passage(`"This budget is fair," said Mayor Ann Lee, adding that <!channel> should read it.`, index.Source{Story: "a", Title: "Council approves <new> budget & tax plan", Paragraph: 5, Sentence: 2, Speaker: "Ann Lee"}, "budget"),
	}}
}

// testStories are the stories the bot's fake engine knows.
func testStories() []index.StoryInfo {
	return []index.StoryInfo{
		{ID: "a", Title: "Council approves <new> budget & tax plan", URL: "https://news.example/budget?id=1&x=2", Outlet: "The Example", Published: "2024-03-01", Sentences: 40},
		{ID: "b", Title: "Storm closes schools", Sentences: 12},
	}
}
