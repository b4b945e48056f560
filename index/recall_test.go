package index

import (
	"context"
	"fmt"
	"strconv"
	"testing"
)

func TestCandRecall(t *testing.T) {
	if !*evalFlag {
		t.Skip()
	}
	engines := map[string]*Engine{}
	for _, set := range allEvalSets(t) {
		if engines[set.corpus] == nil {
			engines[set.corpus] = openEval(t, set.corpus, Options{})
		}
		e := engines[set.corpus]
		ks := []int{1, 3, 10, 20, 40, 100}
		got := make([]int, len(ks))
		n := 0
		for _, q := range set.items {
			if !q.answerable() {
				continue
			}
			n++
			in := intentOf(q.Q)
			terms := e.questionTerms(in.rest)
			req := e.request(terms, in)
			req.Size = 100
			sr, err := e.idx.SearchInContext(context.Background(), req)
			if err != nil {
				t.Fatal(err)
			}
			first := -1
			for i, h := range sr.Hits {
				k, _ := strconv.Atoi(h.ID)
				if set.rank(q, Result{Answers: []Answer{{Text: e.recs[k].show}}}) == 1 {
					first = i
					break
				}
			}
			for j, k := range ks {
				if first >= 0 && first < k {
					got[j]++
				}
			}
		}
		fmt.Printf("%-13s n=%d", set.name, n)
		for j, k := range ks {
			fmt.Printf(" @%d %.3f", k, float64(got[j])/float64(n))
		}
		fmt.Println()
	}
}
