package index

// The kinds of fact a passage may hold (facts.go) and a question may ask
// for (intent.go).
const (
	kindNumber = "number"
	kindDate   = "date"
	kindLead   = "lead"
	kindCause  = "cause"
	kindQuote  = "quote"
	kindCommit = "commit" // a first-person commitment, what "promise" asks for
)

// kindSet holds the kinds of fact a passage holds, one bit each.
type kindSet uint8

var kindBits = map[string]kindSet{kindNumber: 1, kindDate: 2, kindQuote: 4, kindLead: 8, kindCause: 16, kindCommit: 32}

func (k kindSet) has(kind string) bool { return k&kindBits[kind] != 0 }

func kindSetOf(kinds []string) kindSet {
	var k kindSet
	for _, s := range kinds {
		k |= kindBits[s]
	}
	return k
}
