package vectors

import (
	_ "embed" // for the table
	"math"
	"strings"
	"sync"
)

// Dim is the length of a vector.
const Dim = 100

// The table: words.txt holds the words sorted, one a line; vectors.bin
// their vectors in the same order, Dim signed bytes each. Both live in the
// binary's read-only data and are read in place.
var (
	//go:embed words.txt
	words string
	//go:embed vectors.bin
	table string
	//go:embed rarity.bin
	rarities string
)

// rarityScale is rarity.bin's unit: a byte holds log2(rank+2)*rarityScale.
const rarityScale = 12

// Rarity tells how rare a word is in English: log2 of its frequency rank
// (about 1 for "the", 10 for "nothing", 17 for "zeppelin"), with ok false for a
// word outside the table, which is rarer still (MaxRarity).
func Rarity(word string) (r float64, ok bool) {
	i, ok := find(word)
	if !ok {
		return MaxRarity(), false
	}
	return float64(rarities[i]) / rarityScale, true
}

// MaxRarity is the rarity of the rarest word in the table.
func MaxRarity() float64 { return maxRarity() }

var maxRarity = sync.OnceValue(func() float64 {
	m := byte(0)
	for i := 0; i < len(rarities); i++ {
		m = max(m, rarities[i])
	}
	return float64(m) / rarityScale
})

// Vec is a word's direction in meaning, as signed bytes; only its
// direction counts (see Cosine).
type Vec = *[Dim]int8

// lines is where each line of words starts: the row numbers that
// binary search needs, found once on first use (a few hundred microseconds).
var lines = sync.OnceValue(func() []uint32 {
	starts := make([]uint32, 0, len(table)/Dim)
	for i := 0; i < len(words); {
		starts = append(starts, uint32(i))
		j := strings.IndexByte(words[i:], '\n')
		if j < 0 {
			break
		}
		i += j + 1
	}
	return starts
})

// Len is how many words the table holds.
func Len() int { return len(lines()) }

// Lookup returns the vector of a lower-case word, and whether the table
// holds it.
func Lookup(word string) (Vec, bool) {
	i, ok := find(word)
	if !ok {
		return nil, false
	}
	return row(i), true
}

// find is the row of word in the table.
func find(word string) (int, bool) {
	starts := lines()
	lo, hi := 0, len(starts)
	for lo < hi {
		m := int(uint(lo+hi) >> 1)
		if wordAt(starts, m) < word {
			lo = m + 1
		} else {
			hi = m
		}
	}
	if lo == len(starts) || wordAt(starts, lo) != word {
		return 0, false
	}
	return lo, true
}

func wordAt(starts []uint32, i int) string {
	s := words[starts[i]:]
	return s[:strings.IndexByte(s, '\n')]
}

// row is the i-th vector, in place in the table.
func row(i int) Vec {
	b := table[i*Dim : (i+1)*Dim]
	return unsafeRow(b)
}

// Dot is the dot product of two vectors.
func Dot(a, b Vec) int32 {
	var s0, s1, s2, s3 int32
	for i := 0; i < Dim; i += 4 {
		s0 += int32(a[i]) * int32(b[i])
		s1 += int32(a[i+1]) * int32(b[i+1])
		s2 += int32(a[i+2]) * int32(b[i+2])
		s3 += int32(a[i+3]) * int32(b[i+3])
	}
	return s0 + s1 + s2 + s3
}

// Cosine is the cosine of the angle between two vectors: 1 for the same
// direction, about 0 for unrelated words.
func Cosine(a, b Vec) float64 {
	d := float64(Dot(a, b))
	n := float64(Dot(a, a)) * float64(Dot(b, b))
	if n == 0 {
		return 0
	}
	return d / math.Sqrt(n)
}
