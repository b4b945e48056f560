package main

import (
	"encoding/gob"
	"os"
	"path/filepath"
	"sync"

	"storybot/index"
)

// memoReader remembers every text's vector, and keeps them in a file of
// the temporary folder between runs, so that training and ablations
// encode each question and passage once, not on every run.
type memoReader struct {
	index.Reader
	mu   sync.Mutex
	m    map[string][]float32
	path string
	new  int
}

// newMemoReader is the built-in reader, remembered.
func newMemoReader() (*memoReader, error) {
	r, err := index.BuiltinReader()
	if err != nil {
		return nil, err
	}
	memo := &memoReader{Reader: r, m: map[string][]float32{},
		path: filepath.Join(os.TempDir(), "storybot-train-vectors-"+r.Hash()[:16]+".gob")}
	if f, err := os.Open(memo.path); err == nil {
		gob.NewDecoder(f).Decode(&memo.m)
		f.Close()
	}
	return memo, nil
}

func (r *memoReader) Encode(text string) []float32 {
	r.mu.Lock()
	v, ok := r.m[text]
	r.mu.Unlock()
	if ok {
		return v
	}
	v = r.Reader.Encode(text)
	r.mu.Lock()
	r.m[text] = v
	r.new++
	r.mu.Unlock()
	return v
}

func (r *memoReader) EncodeBatch(texts []string) [][]float32 {
	out := make([][]float32, len(texts))
	var todo []string
	var at []int
	r.mu.Lock()
	for i, t := range texts {
		if v, ok := r.m[t]; ok {
			out[i] = v
		} else {
			todo, at = append(todo, t), append(at, i)
		}
	}
	r.mu.Unlock()
	if len(todo) > 0 {
		got := r.Reader.EncodeBatch(todo)
		r.mu.Lock()
		for j, v := range got {
			out[at[j]] = v
			r.m[todo[j]] = v
		}
		r.new += len(todo)
		r.mu.Unlock()
	}
	return out
}

// save writes what was encoded for the next run.
func (r *memoReader) save() {
	r.mu.Lock()
	defer r.mu.Unlock()
	if r.new == 0 {
		return
	}
	f, err := os.CreateTemp(filepath.Dir(r.path), "storybot-train-vectors-*")
	if err != nil {
		return
	}
	if gob.NewEncoder(f).Encode(r.m) == nil && f.Close() == nil {
		os.Rename(f.Name(), r.path)
	}
	os.Remove(f.Name())
	r.new = 0
}
