package safetensors

import (
	"encoding/binary"
	"encoding/json"
	"fmt"
	"math"
	"slices"
)

// Tensor is one named tensor of a file.
type Tensor struct {
	DType string // "F32", "I64", …
	Shape []int
	Data  []byte // raw little-endian bytes, a slice of the file
}

// Floats decodes an F32 tensor.
func (t *Tensor) Floats() ([]float32, error) {
	if t.DType != "F32" {
		return nil, fmt.Errorf("safetensors: dtype %s, want F32", t.DType)
	}
	out := make([]float32, len(t.Data)/4)
	for i := range out {
		out[i] = math.Float32frombits(binary.LittleEndian.Uint32(t.Data[4*i:]))
	}
	return out, nil
}

// File is a parsed .safetensors file.
type File struct {
	Tensors map[string]*Tensor
}

// Names lists the tensors' names in sorted order.
func (f *File) Names() []string {
	names := make([]string, 0, len(f.Tensors))
	for n := range f.Tensors {
		names = append(names, n)
	}
	slices.Sort(names)
	return names
}

type entry struct {
	DType   string `json:"dtype"`
	Shape   []int  `json:"shape"`
	Offsets [2]int `json:"data_offsets"`
}

var sizes = map[string]int{"F64": 8, "F32": 4, "F16": 2, "BF16": 2, "I64": 8, "I32": 4, "I16": 2, "I8": 1, "U8": 1, "BOOL": 1}

// Parse reads the file's header and slices its tensors out of raw,
// checking every offset and size against the file's length.
func Parse(raw []byte) (*File, error) {
	if len(raw) < 8 {
		return nil, fmt.Errorf("safetensors: file of %d bytes is too short", len(raw))
	}
	n := binary.LittleEndian.Uint64(raw)
	if n > uint64(len(raw)-8) {
		return nil, fmt.Errorf("safetensors: header length %d exceeds the file", n)
	}
	var header map[string]json.RawMessage
	if err := json.Unmarshal(raw[8:8+n], &header); err != nil {
		return nil, fmt.Errorf("safetensors: header: %w", err)
	}
	data := raw[8+n:]
	f := &File{Tensors: map[string]*Tensor{}}
	for name, msg := range header {
		if name == "__metadata__" {
			continue
		}
		var e entry
		if err := json.Unmarshal(msg, &e); err != nil {
			return nil, fmt.Errorf("safetensors: %s: %w", name, err)
		}
		size, ok := sizes[e.DType]
		if !ok {
			return nil, fmt.Errorf("safetensors: %s: unknown dtype %q", name, e.DType)
		}
		count := 1
		for _, d := range e.Shape {
			if d < 0 {
				return nil, fmt.Errorf("safetensors: %s: negative dimension", name)
			}
			count *= d
		}
		lo, hi := e.Offsets[0], e.Offsets[1]
		if lo < 0 || hi < lo || hi > len(data) || hi-lo != count*size {
			return nil, fmt.Errorf("safetensors: %s: offsets %d..%d do not fit shape %v of %s in %d bytes", name, lo, hi, e.Shape, e.DType, len(data))
		}
		f.Tensors[name] = &Tensor{DType: e.DType, Shape: e.Shape, Data: data[lo:hi]}
	}
	return f, nil
}
