package console

import (
	"bufio"
	"context"
	"fmt"
	"io"
	"os"
	"strings"

	"golang.org/x/term"

	"storybot/bot"
	"storybot/bot/render"
	"storybot/index"
)

// Console is a chat in the terminal, like Hubot's shell: each line is a
// question, as a direct message to the bot would be; "/story …" takes the
// slash command's path. Replies come from the same Reply model as in Slack.
type Console struct {
	Bot *bot.Bot
	In  io.Reader
	Out io.Writer
	// Interactive shows a greeting and a prompt (standard input is a
	// terminal); without it the console writes only the replies.
	Interactive bool
	// ANSI shows the matched words in bold (standard output is a terminal).
	ANSI bool
}

// IsTerminal tells whether f is a terminal, for Console.Interactive and
// Console.ANSI, and for telling a person at a terminal from a service
// (whose standard input is /dev/null: a character device, but no
// terminal).
func IsTerminal(f any) bool {
	file, ok := f.(*os.File)
	if !ok || file == nil {
		return false
	}
	// Through the raw descriptor, not Fd, which would make the file
	// blocking.
	rc, err := file.SyscallConn()
	if err != nil {
		return false
	}
	tty := false
	rc.Control(func(fd uintptr) { tty = term.IsTerminal(int(fd)) })
	return tty
}

const consoleHelp = `Type a question and press Enter, as you would in a DM to the bot; a
follow-up ("and what did he say?", "when was that?") is read with the last
question.
  /story QUESTION   ask as the slash command would
  sources           list the stories
  why               show why the last answer came up (or why there was none)
  help              show this
  quit              leave (or Ctrl-D)
`

const consolePrompt = "storybot> "

// Run chats until the input ends, "quit" or "exit", or ctx is done.
func (c Console) Run(ctx context.Context) error {
	lines, readErr := readLines(ctx, c.In)
	w := bufio.NewWriter(c.Out)
	defer w.Flush()
	if c.Interactive {
		fmt.Fprintf(w, "storybot: ask me about the %s I know. Type help for help, quit to leave.\n",
			render.Plural(len(c.Bot.Engine().Stories()), "story", "stories"))
	}
	var s session
	for n := 1; ; n++ {
		if c.Interactive {
			w.WriteString(consolePrompt)
		}
		if err := w.Flush(); err != nil {
			return fmt.Errorf("write: %w", err)
		}
		var line string
		var ok bool
		select {
		case <-ctx.Done():
			return nil
		case line, ok = <-lines:
		}
		if !ok {
			if c.Interactive {
				w.WriteString("\n")
			}
			if err := <-readErr; err != nil {
				return fmt.Errorf("read: %w", err)
			}
			return nil
		}
		if !c.line(ctx, w, &s, n, strings.TrimSpace(line)) {
			return nil
		}
	}
}

// readLines sends the lines of in until it ends (then the read error, or
// nil, and the channel closes) or ctx is done.
func readLines(ctx context.Context, in io.Reader) (<-chan string, <-chan error) {
	lines := make(chan string)
	readErr := make(chan error, 1)
	go func() {
		sc := bufio.NewScanner(in)
		sc.Buffer(make([]byte, 64*1024), 1<<20)
		for sc.Scan() {
			select {
			case lines <- sc.Text():
			case <-ctx.Done():
				return
			}
		}
		readErr <- sc.Err()
		close(lines)
	}()
	return lines, readErr
}

// session is what a chat remembers: the last question, for "why", and
// the last question answered, for follow-ups.
type session struct {
	last string
	prev *bot.Turn
}

// line answers the n-th line; it returns false to end the chat.
func (c Console) line(ctx context.Context, w *bufio.Writer, s *session, n int, line string) bool {
	in := bot.Incoming{Kind: bot.KindDM, Channel: "console", User: "console", Text: line, TS: fmt.Sprint(n)}
	switch strings.ToLower(line) {
	case "":
		return true
	case "quit", "exit", `\q`:
		return false
	case "why", "why?":
		c.explain(ctx, w, s.last)
		return true
	case "help", `\?`, "?":
		w.WriteString(consoleHelp)
		r, _ := c.Bot.HandleQuestion(ctx, in)
		w.WriteString(render.Text(r, c.ANSI) + "\n")
		return true
	}
	s.last = line
	if rest, ok := cutCommand(line, "/story"); ok {
		in.Kind, in.Command, in.Text = bot.KindSlash, "/story", rest
		s.last = rest
	} else {
		in.Previous = s.prev // as in a DM: the last question is the context
	}
	r, ok := c.Bot.HandleQuestion(ctx, in)
	if !ok {
		return true
	}
	if r.Kind == render.ReplyAnswer {
		s.last = r.Question
		s.prev = &bot.Turn{Question: r.Question, Speakers: render.Speakers(r)}
	}
	w.WriteString(render.Text(r, c.ANSI) + "\n")
	return true
}

// explain writes why the engine answered question as it did: each
// question word's weight and where it matched, the other evidence, and the
// margin over the abstention threshold.
func (c Console) explain(ctx context.Context, w io.Writer, question string) {
	if question == "" {
		fmt.Fprintln(w, "Ask a question first; why then explains its answer.")
		return
	}
	res, err := c.Bot.Engine().Ask(ctx, render.OneLine(question), index.AskOptions{Explain: true})
	if err != nil {
		fmt.Fprintf(w, "Sorry, I could not explain that: %v\n", err)
		return
	}
	fmt.Fprintf(w, "Why, for %q:\n", render.OneLine(question))
	if !res.Answered {
		fmt.Fprintln(w, "No passage matched enough of the question, so I said the story doesn't say.")
		if res.Explain != nil {
			fmt.Fprintln(w, "The best passage:")
			writeExplanation(w, res.Explain)
		}
		return
	}
	for i, a := range res.Answers {
		fmt.Fprintf(w, "%d. %s\n", i+1, render.Clip(render.OneLine(a.Text), 80))
		writeExplanation(w, a.Explain)
	}
}

func writeExplanation(w io.Writer, x *index.Explanation) {
	if x == nil {
		return
	}
	for _, t := range x.Terms {
		if t.Field == "" {
			fmt.Fprintf(w, "   %-14s weight %.2f  not found\n", t.Term, t.Weight)
			continue
		}
		how := "itself"
		if t.How != "itself" {
			how = fmt.Sprintf("as %q (%s)", t.Form, t.How)
		}
		fmt.Fprintf(w, "   %-14s weight %.2f  in the %s, %s (earns %.0f%%)\n", t.Term, t.Weight, t.Field, how, 100*t.Earned)
	}
	for _, f := range x.Features {
		fmt.Fprintf(w, "   + %s\n", f)
	}
	fmt.Fprintf(w, "   %.0f%% sure the passages answer it; I answer from %.0f%% (margin %+.0f%%)\n", 100*x.Confidence, 100*x.Threshold, 100*x.Margin)
}

// cutCommand returns what follows cmd at the start of line, if line starts
// with cmd as a whole word.
func cutCommand(line, cmd string) (string, bool) {
	rest, ok := strings.CutPrefix(line, cmd)
	if !ok || (rest != "" && rest[0] != ' ' && rest[0] != '\t') {
		return "", false
	}
	return strings.TrimSpace(rest), true
}
