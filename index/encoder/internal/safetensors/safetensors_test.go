package safetensors

import (
	"encoding/binary"
	"strings"
	"testing"
)

func file(header string, data []byte) []byte {
	b := binary.LittleEndian.AppendUint64(nil, uint64(len(header)))
	return append(append(b, header...), data...)
}

func TestParse(t *testing.T) {
	raw := file(`{"__metadata__":{"format":"pt"},"w":{"dtype":"F32","shape":[2],"data_offsets":[0,8]}}`,
		[]byte{0, 0, 0x80, 0x3f, 0, 0, 0, 0x40})
	f, err := Parse(raw)
	if err != nil {
		t.Fatal(err)
	}
	x, err := f.Tensors["w"].Floats()
	if err != nil || len(x) != 2 || x[0] != 1 || x[1] != 2 {
		t.Fatalf("w = %v, %v", x, err)
	}
	for _, bad := range [][]byte{
		nil,
		{1, 2, 3, 4, 5, 6, 7, 8},
		file(`{"w":{"dtype":"F32","shape":[3],"data_offsets":[0,8]}}`, make([]byte, 8)),
		file(`{"w":{"dtype":"F32","shape":[2],"data_offsets":[0,8]}}`, make([]byte, 4)),
		file(`{"w":{"dtype":"X9","shape":[2],"data_offsets":[0,8]}}`, make([]byte, 8)),
		file(`{"w":`, nil),
	} {
		if _, err := Parse(bad); err == nil || !strings.HasPrefix(err.Error(), "safetensors: ") {
			t.Errorf("Parse(%q): err %v", bad, err)
		}
	}
}
