package bot

import "storybot/bot/render"

// The label values of the metrics: their String is the label. The
// generated outcome_string.go keeps the names in step with the constants
// (go generate ./bot).

//go:generate go run golang.org/x/tools/cmd/stringer@v0.52.0 -type=Outcome,reqKind,reqOutcome -linecomment -output=outcome_string.go

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

// reqKind is what an HTTP request to /slack/events turned out to be.
type reqKind int

const (
	reqEvent           reqKind = iota // event
	reqSlash                          // slash
	reqInteraction                    // interaction
	reqURLVerification                // url_verification
	reqSSLCheck                       // ssl_check
	reqUnknown                        // unknown
)

// numReqKinds is how many reqKinds there are.
const numReqKinds = int(reqUnknown) + 1

// reqOutcome is how the bot answered an HTTP request.
type reqOutcome int

const (
	reqOK           reqOutcome = iota // ok
	reqUnauthorized                   // unauthorized
	reqTooLarge                       // too_large
	reqBadRequest                     // bad_request
	reqUnsupported                    // unsupported_media_type
	reqError                          // error
	// Refused with 503: too many bodies being read at once.
	reqBusy // busy
)

// numReqOutcomes is how many reqOutcomes there are.
const numReqOutcomes = int(reqBusy) + 1

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
