package vectors

import "testing"

func TestLookup(t *testing.T) {
	for _, w := range []string{"the", "carpet", "guitar", "well-known", "self-esteem"} {
		if _, ok := Lookup(w); !ok {
			t.Errorf("Lookup(%q): not found", w)
		}
	}
	for _, w := range []string{"", "Court", "zzyzxqq", "court ", "2016"} {
		if _, ok := Lookup(w); ok {
			t.Errorf("Lookup(%q): found", w)
		}
	}
	if Len() < 100000 {
		t.Errorf("the table holds %d words, want at least 100,000", Len())
	}
}

// TestCosine checks the table against cosines computed from the original
// float vectors: quantizing to bytes keeps them within 0.01.
func TestCosine(t *testing.T) {
	for _, tt := range []struct {
		a, b string
		want float64
	}{
		{"violin", "cello", 0.925}, {"puppy", "kitten", 0.691}, {"cat", "dog", 0.880},
		{"doctor", "nurse", 0.752}, {"carpet", "guitar", 0.148}, {"ladder", "sonnet", 0.047},
	} {
		a, _ := Lookup(tt.a)
		b, _ := Lookup(tt.b)
		if got := Cosine(a, b); got < tt.want-0.01 || got > tt.want+0.01 {
			t.Errorf("Cosine(%s, %s) = %.3f, want %.2f ± 0.01", tt.a, tt.b, got, tt.want)
		}
	}
}

func TestRarity(t *testing.T) {
	common, _ := Rarity("the")
	mid, _ := Rarity("guitar")
	rare, _ := Rarity("zeppelin")
	none, ok := Rarity("zzyzxqq")
	if !(common < mid && mid < rare && rare <= none) || ok || none != MaxRarity() {
		t.Errorf("rarities the %.1f, guitar %.1f, zeppelin %.1f, unknown %.1f (known %v), max %.1f", common, mid, rare, none, ok, MaxRarity())
	}
}
