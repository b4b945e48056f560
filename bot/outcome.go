package bot

import (
	"storybot/bot/render"
	"strconv"
)

// The label values of the metrics: their String is the label.

// Outcome is what became of a question.
type Outcome int

// The outcomes of a question.
const (
	// Passages quoted.
	OutcomeAnswered Outcome = iota // answered
	// "The story doesn't say."
	OutcomeAbstained // abstained
	// The usage reply (also for an empty question).
	OutcomeHelp // help
	// The list of stories.
	OutcomeSources // sources
	// Refused: over MaxQuestionChars.
	OutcomeTooLong // too_long
	// Refused: too many questions.
	OutcomeRateLimited // rate_limited
	// The apology: the engine failed or panicked.
	OutcomeError // error
	// Not for us: a bot, an edit, our own message.
	OutcomeIgnored // ignored
	// A redelivery already answered.
	OutcomeDuplicate // duplicate
)

// numOutcomes is how many Outcomes there are.
const numOutcomes = int(OutcomeDuplicate) + 1

// outcomeNames are the Outcomes' labels, in their order.
var outcomeNames = [numOutcomes]string{"answered", "abstained", "help", "sources", "too_long", "rate_limited", "error", "ignored", "duplicate"}

func (o Outcome) String() string {
	if o < 0 || int(o) >= numOutcomes {
		return "Outcome(" + strconv.Itoa(int(o)) + ")"
	}
	return outcomeNames[o]
}

// outcomeOf is what a reply means, for the metrics.
func outcomeOf(r render.Reply) Outcome {
	switch r.Kind {
	case render.ReplyAnswer:
		if r.Result.Answered && len(r.Result.Answers) > 0 {
			return OutcomeAnswered
		}
		return OutcomeAbstained
	case render.ReplyUsage:
		return OutcomeHelp
	case render.ReplySources:
		return OutcomeSources
	case render.ReplyTooLong:
		return OutcomeTooLong
	case render.ReplySlowDown:
		return OutcomeRateLimited
	}
	return OutcomeError
}
