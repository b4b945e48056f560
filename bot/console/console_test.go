package console

import (
	"context"
	"errors"
	"io"
	"os"
	"storybot/bot"
	"storybot/bot/internal/bottest"
	"strings"
	"testing"
)

// newBot is a bot in front of the fake engine, as the console has it.
func newBot(t *testing.T) *bot.Bot {
	b := bot.New(bot.Options{Engine: &bottest.Engine{}, Self: bot.Identity{UserID: "UBOT", BotID: "BBOT", TeamID: "T0001"}})
	t.Cleanup(b.Wait)
	return b
}

func TestConsole(t *testing.T) {
	t.Parallel()
	tests := []struct {
		name        string
		input       string
		interactive bool
		want        []string
		not         []string
	}{
		{"a question is answered as a DM", "did they pass the budget?\n", false,
			[]string{"1. “The council approved the budget", "— Council approves <new> budget & tax plan, paragraph 2, sentence 1 (https://news.example/budget?id=1&x=2)"},
			[]string{"Q:", "storybot>", "\x1b", "&lt;"}},
		{"/story restates the question", "/story budget?\n", false, []string{"Q: budget?\n1. “"}, nil},
		{"no answer", "pizza?\n", false, []string{"The story doesn't say."}, []string{"1. "}},
		{"help", "help\n", false, []string{"/story QUESTION", "quit", "I answer questions"}, nil},
		{"/story alone is usage", "/story\n", false, []string{"Use /story QUESTION"}, nil},
		{"sources", "sources\n", false, []string{"I know 2 stories:", "• Storm closes schools"}, nil},
		{"failure is an apology", "what went boom?\n", false, []string{"Sorry"}, []string{"index on fire"}},
		{"quit stops", "quit\nbudget?\n", false, nil, []string{"1. "}},
		{"exit stops", "EXIT\nbudget?\n", false, nil, []string{"1. "}},
		{"blank lines", "\n   \n\t\n", false, nil, []string{"Sorry", "I answer"}},
		{"no newline at the end", "budget?", false, []string{"1. “"}, nil},
		{"/storybook is a question", "/storybook budget\n", false, []string{"1. “"}, []string{"Q:"}},
		{"a follow-up reads the last question", "Who is Ann Lee?\nand what did she say?\n", false,
			[]string{"(taking it as: what did Ann Lee say?)\n1. “"}, nil},
		{"a slash command is no follow-up", "Who is Ann Lee?\n/story what did she say?\n", false, []string{"Q: what did she say?"}, []string{"taking it as"}},
		{"prompt on a terminal", "budget?\n", true, []string{"storybot: ask me about the 2 stories I know.", "storybot> 1. “", "storybot> \n"}, nil},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			b := newBot(t)
			var out strings.Builder
			err := Console{Bot: b, In: strings.NewReader(tt.input), Out: &out, Interactive: tt.interactive}.Run(context.Background())
			if err != nil {
				t.Fatal(err)
			}
			for _, s := range tt.want {
				if !strings.Contains(out.String(), s) {
					t.Errorf("output lacks %q:\n%s", s, out.String())
				}
			}
			for _, s := range tt.not {
				if strings.Contains(out.String(), s) {
					t.Errorf("output has %q:\n%s", s, out.String())
				}
			}
		})
	}
}

func TestConsoleStopsOnContext(t *testing.T) {
	t.Parallel()
	b := newBot(t)
	pr, pw := io.Pipe()
	defer pw.Close()
	ctx, cancel := context.WithCancel(context.Background())
	done := make(chan error)
	go func() { done <- Console{Bot: b, In: pr, Out: io.Discard}.Run(ctx) }()
	cancel()
	if err := <-done; err != nil {
		t.Errorf("Run = %v", err)
	}
}

func TestConsoleReadError(t *testing.T) {
	t.Parallel()
	b := newBot(t)
	err := Console{Bot: b, In: io.MultiReader(strings.NewReader("budget?\n"), errReader{}), Out: io.Discard}.Run(context.Background())
	if err == nil || !strings.Contains(err.Error(), "disk gone") {
		t.Errorf("Run = %v", err)
	}
}

type errReader struct{}

func (errReader) Read([]byte) (int, error) { return 0, errors.New("disk gone") }

func TestIsTerminal(t *testing.T) {
	t.Parallel()
	f, err := os.CreateTemp(t.TempDir(), "x")
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	if IsTerminal(f) || IsTerminal(strings.NewReader("")) || IsTerminal((*os.File)(nil)) {
		t.Error("a file, a reader or nil is not a terminal")
	}
	// A service's standard input: a character device, not a terminal.
	null, err := os.Open(os.DevNull)
	if err != nil {
		t.Fatal(err)
	}
	defer null.Close()
	if IsTerminal(null) {
		t.Errorf("%s is taken for a terminal", os.DevNull)
	}
	// The master side of a pseudo-terminal is one, where there is one.
	if pty, err := os.OpenFile("/dev/ptmx", os.O_RDWR, 0); err == nil {
		defer pty.Close()
		if !IsTerminal(pty) {
			t.Error("a pseudo-terminal is not taken for a terminal")
		}
	}
}

// TestConsoleShowsNoControls: a question full of Slack markup and
// terminal escapes is restated as typed, without the escapes.
func TestConsoleShowsNoControls(t *testing.T) {
	t.Parallel()
	const hostile = "budget <!channel> <@U999> <https://evil.example|click> &lt;!here&gt; *bold* ~x~ `code`?"
	slackText := strings.NewReplacer("&", "&amp;", "<", "&lt;", ">", "&gt;").Replace(hostile)
	asTyped := "<@UBOT> budget <!channel> <@U999> <https://evil.example|click> " + slackText
	var out strings.Builder
	in := strings.NewReader(asTyped + "\x1b[2J\x07\n/story " + asTyped + "\n")
	if err := (Console{Bot: newBot(t), In: in, Out: &out}).Run(context.Background()); err != nil {
		t.Fatal(err)
	}
	if strings.ContainsAny(out.String(), "\x1b\x07\x00") {
		t.Errorf("console output holds control characters: %q", out.String())
	}
	if !strings.Contains(out.String(), "Q: budget @channel @U999 click budget <!channel> <@U999>") {
		t.Errorf("console restates the question as %q", out.String())
	}
}
