package main

import (
	"bufio"
	"math/rand/v2"
	"os"
	"slices"
	"strings"
)

// writeQuestions writes nq questions about the corpus of the given seed
// and size, one per line. Each question is drawn from one story, which is
// generated again on its own (stories do not depend on each other), so
// questions need not keep the whole corpus in memory.
func writeQuestions(path string, v *vocab, seed uint64, stories, nq int) error {
	f, err := os.Create(path)
	if err != nil {
		return err
	}
	bw := bufio.NewWriter(f)
	for _, q := range questions(v, seed, stories, nq) {
		bw.WriteString(q)
		bw.WriteByte('\n')
	}
	if err := bw.Flush(); err != nil {
		f.Close()
		return err
	}
	return f.Close()
}

func questions(v *vocab, seed uint64, stories, nq int) []string {
	r := rand.New(rand.NewPCG(mix(seed^0x7175657374696f6e), mix(seed)+1))
	g := newGen(v)
	g.record = true
	out := make([]string, 0, nq)
	for len(out) < nq {
		g.story(seed, r.IntN(stories))
		if q := g.question(r); q != "" {
			out = append(out, q)
		}
	}
	return out
}

// question asks about the story just generated, in one of the shapes
// people type into a bot, or as a bag of words from one sentence.
func (g *gen) question(r *rand.Rand) string {
	switch x := r.IntN(10); {
	case x < 3 && len(g.quotes) > 0:
		q := g.quotes[r.IntN(len(g.quotes))]
		if len(q.nouns) > 0 {
			return "What did " + g.nameOf(r, q.speaker) + " say about " + g.theNoun(q.nouns[r.IntN(len(q.nouns))]) + "?"
		}
	case x < 5 && len(g.counts) > 0:
		c := g.counts[r.IntN(len(g.counts))]
		return "How many " + g.v.nouns[c.noun].plural + " " + c.pred + "?"
	case x < 7:
		var named []int
		for i, ok := range g.named {
			if ok {
				named = append(named, i)
			}
		}
		if len(named) > 0 {
			p := g.people[named[r.IntN(len(named))]]
			return "Who is " + p.first + " " + p.last + "?"
		}
	}
	return g.keywords(r)
}

func (g *gen) nameOf(r *rand.Rand, i int) string {
	p := g.people[i]
	if r.IntN(2) == 0 {
		return p.first + " " + p.last
	}
	return p.last
}

func (g *gen) theNoun(i int) string {
	return "the " + g.v.nouns[i].sing
}

// keywords samples two to five content words, in order, from a random
// sentence of the story.
func (g *gen) keywords(r *rand.Rand) string {
	for {
		s := g.sents[r.IntN(len(g.sents))]
		var words []string
		for _, f := range strings.Fields(string(g.buf[s.start:s.end])) {
			f = strings.Trim(f, `".,?`)
			if len(f) > 2 && !strings.ContainsAny(f, ".$0123456789") && !stopwords[strings.ToLower(f)] {
				words = append(words, f)
			}
		}
		if len(words) < 2 {
			continue
		}
		k := min(len(words), 2+r.IntN(4))
		pick := r.Perm(len(words))[:k]
		slices.Sort(pick)
		out := make([]string, k)
		for j, p := range pick {
			out[j] = words[p]
		}
		return strings.Join(out, " ")
	}
}

var stopwords = func() map[string]bool {
	m := map[string]bool{}
	for _, w := range strings.Fields(`the and but for with from that which who was were are had has have
		been not will would could should might may can cannot must said told asked added according
		this that there these those its his her their our they she him them you about after before
		during over under against without while because since although when than more most many some
		other several all dozens hundreds nearly also into out per want need going wrote
		monday tuesday wednesday thursday friday saturday sunday week month year last late ago earlier
		two three four five six seven eight nine people anyone why how percent million billion
		sen rep gov mr ms inc corp`) {
		m[w] = true
	}
	return m
}()
