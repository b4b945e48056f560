package index

import "strings"

// Capitalised words that are not names: the sentence splitter and the
// reader of names both need to know them, from one list.

// openerWords commonly begin a sentence; after an abbreviation such as
// "U.S." they signal that the abbreviation also ended the sentence.
var openerWords = wordSet(`The A An He She It They We I You But And In On This That These Those
	His Her Their Its There Some Many Most After Before When While If As
	At For Since Still Yet So`)

func isOpenerWord(w string) bool { return openerWords[w] }

// stopCaps are capitalised words that are not names: sentence openers and
// the like.
var stopCaps = union(openerWords, wordSet(`Despite Once Let Several Our My Your Monday Tuesday Wednesday Thursday
	Friday Saturday Sunday Individuals Mr Mrs Ms Dr Also Although Because
	Even Meanwhile However Instead What Who Why How Where Which Today
	Yesterday Last Next One Two Both Each Every All No Not Only Such Then
	Now With Without From By To Of Under Over Among During Until About
	Against Like Here`))

// wordSet makes a set of the words of a space-separated list.
func wordSet(list string) map[string]bool {
	set := map[string]bool{}
	for _, w := range strings.Fields(list) {
		set[w] = true
	}
	return set
}

// union is a new set of the words of both.
func union(a, b map[string]bool) map[string]bool {
	set := make(map[string]bool, len(a)+len(b))
	for w := range a {
		set[w] = true
	}
	for w := range b {
		set[w] = true
	}
	return set
}
