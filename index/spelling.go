package index

// spellingFixes returns the corpus words within a small edit distance of
// an unknown word: one edit for words of 4 to 7 letters, two for longer.
func (e *Engine) spellingFixes(t string) []string {
	k := 0
	switch n := len(t); {
	case n >= 8:
		k = 2
	case n >= 4:
		k = 1
	default:
		return nil
	}
	var fixes []string
	var rows [2][]int
	for _, w := range e.vocab {
		if d := len(w) - len(t); d <= k && d >= -k && editDistance(t, w, k, &rows) <= k {
			fixes = append(fixes, w)
		}
	}
	return fixes
}

// editDistance is the Levenshtein distance between a and b, or max+1 when
// it is larger than max. rows is scratch space, reused across calls.
func editDistance(a, b string, max int, rows *[2][]int) int {
	if cap(rows[0]) < len(b)+1 {
		rows[0], rows[1] = make([]int, len(b)+1, 2*len(b)+2), make([]int, len(b)+1, 2*len(b)+2)
	}
	prev, cur := rows[0][:len(b)+1], rows[1][:len(b)+1]
	for j := range prev {
		prev[j] = j
	}
	for i := 1; i <= len(a); i++ {
		cur[0] = i
		best := cur[0]
		for j := 1; j <= len(b); j++ {
			cost := 1
			if a[i-1] == b[j-1] {
				cost = 0
			}
			cur[j] = min(prev[j]+1, cur[j-1]+1, prev[j-1]+cost)
			best = min(best, cur[j])
		}
		if best > max {
			return max + 1
		}
		prev, cur = cur, prev
	}
	return prev[len(b)]
}
