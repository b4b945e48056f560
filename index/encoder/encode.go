package encoder

import (
	"runtime"
	"sync"
	"sync/atomic"
)

// Encode returns text's sentence vector: Dim floats of unit length (the
// mean of the last layer's token states, [CLS] and [SEP] included, as
// sentence-transformers computes it), or, for a text of no tokens, the
// vector of "[CLS] [SEP]". Texts longer than MaxTokens are truncated.
func (m *Model) Encode(text string) []float32 {
	out := make([]float32, Dim)
	m.encodeInto(text, out)
	return out
}

func (m *Model) encodeInto(text string, out []float32) {
	s := m.getScratch()
	s.ids = m.tok.appendIDs(s.ids[:0], text, m.maxTokens, &s.tok)
	m.forward(s.ids, s, out)
	m.putScratch(s)
}

// EncodeBatch encodes several texts, on up to GOMAXPROCS goroutines;
// out[i] is Encode(texts[i]).
func (m *Model) EncodeBatch(texts []string) [][]float32 {
	out := make([][]float32, len(texts))
	flat := make([]float32, len(texts)*Dim)
	for i := range out {
		out[i] = flat[i*Dim : (i+1)*Dim : (i+1)*Dim]
	}
	workers := min(runtime.GOMAXPROCS(0), len(texts))
	if workers <= 1 {
		for i, t := range texts {
			m.encodeInto(t, out[i])
		}
		return out
	}
	var next atomic.Int64
	var wg sync.WaitGroup
	for range workers {
		wg.Go(func() {
			for i := int(next.Add(1) - 1); i < len(texts); i = int(next.Add(1) - 1) {
				m.encodeInto(texts[i], out[i])
			}
		})
	}
	wg.Wait()
	return out
}
