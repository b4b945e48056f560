package index

// The kinds of fact a question may ask for, matching annotate's kinds.
const (
	kindNumber = "number"
	kindDate   = "date"
	kindLead   = "lead"
	kindCause  = "cause"
	kindQuote  = "quote"
	kindCommit = "commit" // a first-person commitment, what "promise" asks for
)
