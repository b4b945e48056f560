// Package morph holds WordNet's regular detachment rules (morphy(7WN)),
// shared by package thesaurus, which applies them at lookup time, and by the
// generator, which must know what they will do to write the exceptions that
// stop them.
//
// Files: morph.go (the rules, and Candidates, which yields the stems a
// word may come from).
package morph
