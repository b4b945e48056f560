package encoder

import (
	"crypto/sha256"
	"encoding/hex"
	"math"
	"strings"
	"testing"
)

func cosine(a, b []float32) float64 {
	var ab, aa, bb float64
	for i := range a {
		ab += float64(a[i]) * float64(b[i])
		aa += float64(a[i]) * float64(a[i])
		bb += float64(b[i]) * float64(b[i])
	}
	return ab / math.Sqrt(aa*bb)
}

func TestHash(t *testing.T) {
	m := loadModel(t)
	sum := sha256.Sum256([]byte(table))
	if got := hex.EncodeToString(sum[:]); got != m.Hash() {
		t.Errorf("sha256(minilm.bin) = %s, model_hash says %s", got, m.Hash())
	}
	if m2, _ := Load(); m2 != m {
		t.Error("Load returned a second Model")
	}
}

func TestEncodeReference(t *testing.T) {
	ref := loadReference(t)
	m := loadModel(t).WithMaxTokens(ref.MaxTokens)
	texts := make([]string, len(ref.Sentences))
	for i, s := range ref.Sentences {
		texts[i] = s.Text
	}
	batch := m.EncodeBatch(texts)
	lo, total := 1.0, 0.0
	for i, s := range ref.Sentences {
		v := m.Encode(s.Text)
		c := cosine(v, s.Vector)
		lo, total = min(lo, c), total+c
		if c < 0.99 {
			t.Errorf("%q: cosine %.4f with the float32 reference", s.Text, c)
		}
		if n := cosine(v, v); math.Abs(n-1) > 1e-5 || math.Abs(float64(length(v))-1) > 1e-5 {
			t.Errorf("%q: norm %v", s.Text, length(v))
		}
		if d := cosine(v, batch[i]); d < 0.999999 {
			t.Errorf("%q: EncodeBatch differs from Encode (cosine %v)", s.Text, d)
		}
	}
	t.Logf("int8 model vs float32 reference, %d sentences: min cosine %.5f, mean %.5f", len(ref.Sentences), lo, total/float64(len(ref.Sentences)))
}

func length(v []float32) float32 {
	var s float64
	for _, x := range v {
		s += float64(x) * float64(x)
	}
	return float32(math.Sqrt(s))
}

func TestPairs(t *testing.T) {
	ref := loadReference(t)
	m := loadModel(t)
	for _, p := range ref.Pairs {
		got := cosine(m.Encode(p.A), m.Encode(p.B))
		if math.Abs(got-float64(p.Cosine)) > 0.03 {
			t.Errorf("cos(%q, %q) = %.4f, reference %.4f", p.A, p.B, got, p.Cosine)
		}
		t.Logf("%.4f (reference %.4f)  %q / %q", got, p.Cosine, p.A, p.B)
	}
	para := cosine(m.Encode("The central bank raised interest rates to curb inflation."), m.Encode("Inflation prompted the central bank to increase rates."))
	unrel := cosine(m.Encode("I love playing football with my friends on weekends."), m.Encode("The central bank raised interest rates to curb inflation."))
	if para < 0.7 || unrel > 0.3 {
		t.Errorf("paraphrase cosine %.3f (want > 0.7), unrelated %.3f (want < 0.3)", para, unrel)
	}
}

func TestEncodeOddInputs(t *testing.T) {
	m := loadModel(t)
	big := strings.Repeat("All work and no play makes Jack a dull boy. ", 1<<20/44)
	for _, s := range []string{"", "\xff\xfe\xfd", "\x00", big, strings.Repeat("東", 1<<20/3), strings.Repeat("a", 1<<20)} {
		v := m.Encode(s)
		if len(v) != Dim || math.Abs(float64(length(v))-1) > 1e-4 {
			t.Errorf("Encode(%.20q…): len %d, norm %v", s, len(v), length(v))
		}
	}
	if got := m.EncodeBatch(nil); len(got) != 0 {
		t.Errorf("EncodeBatch(nil) = %d vectors", len(got))
	}
}

func TestEncodeAllocs(t *testing.T) {
	if raceEnabled {
		t.Skip("the race detector makes sync.Pool drop scratch buffers: allocations are not counted under -race")
	}
	m := loadModel(t)
	const text = "How many people attended the meeting on Tuesday?"
	m.Encode(text)
	allocs := testing.AllocsPerRun(20, func() { m.Encode(text) })
	// Subtract what gemm itself allocates, which is not this package's.
	n := len(m.Tokenize(text))
	s := m.getScratch()
	s.grow(n)
	l := &m.layers[0]
	inGemm := testing.AllocsPerRun(20, func() {
		l.qkv.MulT(s.qkv, s.x, l.qkvBias, n)
		l.out.MulT(s.tmp, s.ctx, l.outBias, n)
		l.up.MulT(s.ffn, s.x, l.upBias, n)
		l.down.MulT(s.tmp, s.ffn, l.downBias, n)
	}) * numLayers
	m.putScratch(s)
	if allocs-inGemm > 2 {
		t.Errorf("Encode allocates %v times a call, %v of them outside gemm", allocs, allocs-inGemm)
	}
	t.Logf("Encode allocates %v times a call, %v of them in gemm", allocs, inGemm)
}

const (
	question = "What did the mayor of Springfield say about the new bridge?" // 14 tokens
	sentence = "The mayor of Springfield said on Tuesday that the new bridge over the river, which cost about $40 million, would open to traffic in March after two years of delays."
)

func BenchmarkEncodeQuestion(b *testing.B) {
	m := loadModel(b)
	for b.Loop() {
		m.Encode(question)
	}
	b.ReportMetric(float64(len(m.Tokenize(question))), "tokens")
}

func BenchmarkEncodeSentence(b *testing.B) {
	m := loadModel(b)
	for b.Loop() {
		m.Encode(sentence)
	}
	b.ReportMetric(float64(len(m.Tokenize(sentence))), "tokens")
}

func BenchmarkEncodeBatch(b *testing.B) {
	m := loadModel(b)
	texts := make([]string, 64)
	for i := range texts {
		texts[i] = sentence
		if i%2 == 1 {
			texts[i] = question
		}
	}
	for b.Loop() {
		m.EncodeBatch(texts)
	}
}

func BenchmarkLoad(b *testing.B) {
	for b.Loop() {
		ts, err := parseTable(table)
		if err != nil {
			b.Fatal(err)
		}
		if _, err := build(ts, ""); err != nil {
			b.Fatal(err)
		}
	}
}
