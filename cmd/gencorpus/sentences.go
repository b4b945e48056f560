package main

// Clauses and sentences, reported speech.

func (g *gen) clause() {
	g.subject()
	g.vp()
}

// agree picks the singular or plural form for the subject just written.
func (g *gen) agree(sing, plural string) string {
	if g.plural {
		return plural
	}
	return sing
}

func (g *gen) vp() {
	r := g.r
	switch x := r.IntN(100); {
	case x < 40:
		g.w(g.verb().past)
		g.np(true)
	case x < 50:
		g.w(g.toVerb().past)
		g.w("to")
		g.w(g.verb().base)
		g.np(true)
	case x < 59 && g.depth < 2:
		g.w("said")
		if r.IntN(2) == 0 {
			g.w("that")
		}
		g.depth++
		g.clause()
		g.depth--
	case x < 68:
		g.w(g.pick(modals))
		g.w(g.verb().base)
		g.np(true)
	case x < 78:
		g.w(g.agree("has", "have"))
		g.w(g.verb().past)
		g.np(true)
	case x < 84:
		g.w("had")
		g.w(g.verb().past)
		g.np(true)
	case x < 91:
		g.w(g.agree("was", "were"))
		if r.IntN(4) == 0 {
			g.w("not")
		}
		g.w(g.adj())
		g.w(g.pick([]string{"about", "with", "for", "in"}))
		g.np(false)
	case x < 96:
		g.w(g.agree("was", "were"))
		g.w(g.verb().past)
		g.w("by")
		g.np(false)
	default:
		g.w(g.agree("is expected to", "are expected to"))
		g.w(g.verb().base)
		g.np(true)
	}
}

// ext lengthens a sentence by one phrase or clause.
func (g *gen) ext() {
	r := g.r
	switch x := r.IntN(100); {
	case x < 38:
		g.w(g.pick(preps))
		g.np(true)
	case x < 50 && !g.usedTime:
		g.timePhrase()
	case x < 56 && g.depth < 2:
		g.p(",")
		g.w("which")
		g.depth++
		g.vp()
		g.depth--
	case x < 64:
		g.w("to")
		g.w(g.verb().base)
		g.np(false)
	case x < 73 && g.depth < 2:
		g.p(",")
		g.w(g.pick(conjs))
		g.depth++
		g.clause()
		g.depth--
	case x < 84 && g.depth < 2:
		g.w(g.pick(subords))
		g.depth++
		g.clause()
		g.depth--
	case x < 88:
		g.w("in")
		g.w(g.place())
	case x < 92:
		g.p(",")
		g.w("according to")
		g.orgRef(r.IntN(len(g.orgs)))
	default:
		g.w(g.pick(preps))
		g.np(false)
	}
}

// Sentences.

// sentence writes one or two sentences (never more than room) and says
// how many.
func (g *gen) sentence(room int, lede bool) int {
	if lede {
		g.begin()
		if g.r.IntN(2) == 0 {
			g.personRef(0, true)
		} else {
			g.orgRef(0)
		}
		g.vp()
		g.fill(max(g.sentLen(), 18))
		g.end(".")
		return 1
	}
	switch x := g.r.IntN(100); {
	case x < 8:
		g.begin()
		g.timePhraseOpener()
		g.clause()
		g.fill(g.sentLen())
		g.end(".")
	case x < 20:
		g.reported()
	case x < 29:
		g.quoteSingle(g.pickPerson())
	case x < 32:
		g.quoteQuestion()
	case x < 37 && room >= 2:
		g.quoteTwoInside()
		return 2
	case x < 42 && room >= 2:
		g.quoteTwoSplit()
		return 2
	case x < 46:
		g.quoteLead()
	case x < 55:
		g.countSentence()
	default:
		g.begin()
		g.clause()
		g.fill(g.sentLen())
		g.end(".")
	}
	return 1
}

func (g *gen) timePhraseOpener() {
	g.timePhrase()
	g.p(",")
}

func (g *gen) reported() {
	g.begin()
	sp := g.pickPerson()
	if g.r.IntN(4) == 0 {
		g.w("according to")
		g.personRef(sp, false)
		g.p(",")
	} else {
		g.personRef(sp, true)
		g.w("said")
		if g.r.IntN(2) == 0 {
			g.w("that")
		}
	}
	g.depth++
	g.clause()
	g.fill(g.sentLen())
	g.depth--
	g.end(".")
}
