package index

import (
	"context"
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
		if set.Squad {
			continue
		}
		e := openEval(t, set.Corpus, Options{})
		for _, q := range set.Items {
			c, err := e.Candidates(context.Background(), q.Q)
			if err != nil {
				t.Fatal(err)
			}
			m := e.modelFor(c.rd)
			_, f := c.Rank(m)
			lab := "ANS"
			if !q.IsAnswerable() {
				lab = q.Kind
			}
			rows = append(rows, row{m.confidence(&f), lab, set.Name[:3] + " " + q.Q, f})
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
