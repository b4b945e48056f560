package index

import (
	"fmt"
	"sort"
	"testing"
)

func TestJL(t *testing.T) {
	if !*evalFlag {
		t.Skip()
	}
	type row struct {
		p      float64
		lab, q string
		f      [nJudge]float64
	}
	var rows []row
	for _, set := range allEvalSets(t) {
		if set.squad {
			continue
		}
		e := openEval(t, set.corpus, Options{})
		for _, s := range collectSamples(t, e, set) {
			f := s.rescore(e.modelFor(s.rd))
			lab := "ANS"
			if !s.answerable() {
				lab = s.item.Kind
			}
			rows = append(rows, row{e.modelFor(s.rd).confidence(&f), lab, set.name[:3] + " " + s.item.Q, f})
		}
	}
	sort.Slice(rows, func(a, b int) bool { return rows[a].p < rows[b].p })
	for _, r := range rows {
		fmt.Printf("%.3f %-8s %-60.60s", r.p, r.lab, r.q)
		for k := 1; k < nJudge; k++ {
			fmt.Printf(" %.2f", r.f[k])
		}
		fmt.Println()
	}
}
