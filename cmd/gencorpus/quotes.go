package main

import "strings"

// Quotations and their attribution, counts, and the headline.

// quoteBody writes the words of a quotation, which usually touch one of
// the story's topics, and remembers the nouns for questions.
func (g *gen) quoteBody(target int) {
	r := g.r
	g.forceTopic = r.IntN(10) < 7
	g.collect = g.record
	switch x := r.IntN(100); {
	case x < 25:
		g.w("we")
		g.w(g.pick(quoteModals))
		g.w(g.verb().base)
		g.np(false)
	case x < 40:
		g.w("I")
		g.w(strings.Replace(g.pick(quoteModals), "are going", "am going", 1))
		g.w(g.verb().base)
		g.np(false)
	case x < 55:
		g.w("the")
		g.w(g.v.nouns[g.noun()].sing)
		g.w(g.pick(modals))
		g.w(g.verb().base)
		g.np(false)
	case x < 70:
		g.w(g.pick([]string{"this is", "this was", "it is", "that was"}))
		a := g.adj()
		g.w(article(a))
		g.w(a)
		g.w(g.v.nouns[g.countable()].sing)
	case x < 82:
		g.w("we have")
		g.w(g.verb().past)
		g.np(false)
	case x < 90:
		g.w(g.pick([]string{"they do not", "they did not", "people do not"}))
		g.w(g.verb().base)
		g.np(false)
	default:
		g.w(g.pick([]string{"there is no", "there was no"}))
		g.w(g.v.nouns[g.noun()].sing)
	}
	g.forceTopic = false
	g.depth++
	g.fill(target)
	g.depth--
	g.collect = false
}

func (g *gen) noteQuote(sp int) {
	if g.record {
		g.quotes = append(g.quotes, quoteFact{sp, append([]int(nil), g.collected...)})
	}
	g.collected = g.collected[:0]
	g.lastSpeaker = sp
}

// attribute writes "Kellwin said", "said Dara Kellwin, the state
// treasurer" or "she said" after a quotation.
func (g *gen) attribute(sp int) {
	p := &g.people[sp]
	if g.named[sp] && g.lastSpeaker == sp && g.r.IntN(2) == 0 {
		if p.she {
			g.w("she said")
		} else {
			g.w("he said")
		}
		return
	}
	if !g.named[sp] && p.role != "" && g.r.IntN(3) == 0 {
		// "said Dara Kellwin, the state treasurer." ends on the role.
		g.w("said")
		g.personRef(sp, false)
		g.p(",")
		g.w(p.role)
		return
	}
	g.personRef(sp, true)
	g.w(g.pick(sayings))
}

// quoteSingle: "We will ...," Kellwin said.
func (g *gen) quoteSingle(sp int) {
	g.begin()
	g.openQuote()
	g.quoteBody(max(g.sentLen()-3, 7))
	g.p(`,"`)
	g.attribute(sp)
	g.end(".")
	g.noteQuote(sp)
}

// quoteQuestion: "Why would we ...?" Kellwin asked.
func (g *gen) quoteQuestion() {
	g.begin()
	sp := g.pickPerson()
	g.openQuote()
	g.w(g.pick([]string{"why would", "why should", "how can", "who will", "why did"}))
	g.w(g.pick([]string{"we", "anyone", "the " + g.v.nouns[g.noun()].sing}))
	g.w(g.verb().base)
	g.np(false)
	g.fill(max(g.sentLen()-3, 7))
	g.p(`?"`)
	g.personRef(sp, true)
	g.w("asked")
	g.end(".")
	g.noteQuote(sp)
}

// quoteTwoInside: "First sentence. Second sentence," she said.
func (g *gen) quoteTwoInside() {
	sp := g.pickPerson()
	g.begin()
	g.openQuote()
	g.quoteBody(g.sentLen())
	g.end(".")
	g.begin()
	g.quoteBody(max(g.sentLen()-3, 7))
	g.p(`,"`)
	g.attribute(sp)
	g.end(".")
	g.noteQuote(sp)
}

// quoteTwoSplit: "First sentence," Kellwin said. "Second sentence."
func (g *gen) quoteTwoSplit() {
	sp := g.pickPerson()
	g.quoteSingle(sp)
	g.begin()
	g.openQuote()
	g.quoteBody(g.sentLen())
	g.endQuoted()
	g.noteQuote(sp)
}

// quoteLead: Kellwin said, "We will ...."
func (g *gen) quoteLead() {
	g.begin()
	sp := g.pickPerson()
	g.personRef(sp, true)
	g.w("said")
	g.p(",")
	g.openQuote()
	g.capNext = true
	g.quoteBody(max(g.sentLen()-2, 7))
	g.endQuoted()
	g.noteQuote(sp)
}

// countSentence: Forty-four states refused parts of the request.
func (g *gen) countSentence() {
	g.begin()
	ni := g.countable()
	if g.r.IntN(2) == 0 {
		ni = g.topics[g.r.IntN(len(g.topics))]
		if g.v.nouns[ni].mass {
			ni = g.countable()
		}
	}
	n := g.count()
	g.numberStart(n)
	g.w(g.v.nouns[ni].plural)
	from := len(g.buf) + 1
	g.w(g.verb().past)
	g.np(false)
	if g.record {
		g.counts = append(g.counts, countFact{ni, string(g.buf[from:])})
	}
	g.fill(g.sentLen())
	g.end(".")
}

// title writes a present-tense headline: "Kellwin renews request for voter
// data after court declines to halt collection".
func (g *gen) title() {
	r := g.r
	g.glue, g.capNext = true, true
	plural := false
	switch x := r.IntN(10); {
	case x < 4:
		g.w(g.people[0].last)
	case x < 6:
		g.w(strings.TrimPrefix(g.orgs[0].full, "the "))
	case x < 8:
		g.w(g.v.nouns[g.countable()].plural)
		plural = true
	default:
		g.w(g.places[0])
	}
	vb, to := g.verb(), r.IntN(10) < 3
	if to {
		vb = g.toVerb()
	}
	if plural {
		g.w(vb.base)
	} else {
		g.w(vb.pres)
	}
	if to {
		g.w("to")
		g.w(g.verb().base)
	}
	g.maybeAdj(30)
	g.w(g.v.nouns[g.noun()].sing)
	switch r.IntN(7) {
	case 0, 1, 2:
		g.w(g.pick(preps))
		g.maybeAdj(30)
		g.w(g.v.nouns[g.noun()].sing)
	case 3, 4, 5:
		g.w(g.pick([]string{"after", "as", "amid"}))
		g.w(g.v.nouns[g.countable()].sing)
		g.w(g.verb().pres)
		g.w(g.v.nouns[g.noun()].sing)
	}
	g.glue, g.capNext, g.n = false, false, 0
}
