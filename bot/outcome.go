package bot

import (
	"storybot/bot/render"
	"strconv"
)

// The label values of the metrics: their String is the label.

// outcome is what became of a question.
type outcome int

// The outcomes of a question.
const (
	// Passages quoted.
	outcomeAnswered outcome = iota // answered
	// "The story doesn't say."
	outcomeAbstained // abstained
	// The usage reply (also for an empty question).
	outcomeHelp // help
	// The list of stories.
	outcomeSources // sources
	// Refused: over MaxQuestionChars.
	outcomeTooLong // too_long
	// Refused: too many questions.
	outcomeRateLimited // rate_limited
	// The apology: the engine failed or panicked.
	outcomeError // error
	// Not for us: a bot, an edit, our own message.
	outcomeIgnored // ignored
	// A redelivery already answered.
	outcomeDuplicate // duplicate
)

// numOutcomes is how many Outcomes there are.
const numOutcomes = int(outcomeDuplicate) + 1

// outcomeNames are the Outcomes' labels, in their order.
var outcomeNames = [numOutcomes]string{"answered", "abstained", "help", "sources", "too_long", "rate_limited", "error", "ignored", "duplicate"}

func (o outcome) String() string {
	if o < 0 || int(o) >= numOutcomes {
		return "Outcome(" + strconv.Itoa(int(o)) + ")"
	}
	return outcomeNames[o]
}

// outcomeOf is what a reply means, for the metrics.
func outcomeOf(r render.Reply) outcome {
	switch r.Kind {
	case render.ReplyAnswer:
		if r.Result.Answered && len(r.Result.Answers) > 0 {
			return outcomeAnswered
		}
		return outcomeAbstained
	case render.ReplyUsage:
		return outcomeHelp
	case render.ReplySources:
		return outcomeSources
	case render.ReplyTooLong:
		return outcomeTooLong
	case render.ReplySlowDown:
		return outcomeRateLimited
	}
	return outcomeError
}
