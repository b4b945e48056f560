package index

import (
	"bufio"
	"encoding/binary"
	"errors"
	"fmt"
	"hash/crc32"
	"io"
	"io/fs"
	"math"
	"os"
	"path/filepath"
)

// The reader's vectors are kept in an on-disk index folder beside its
// generations, so that a restart encodes nothing and a changed corpus only
// its new sentences:
//
//	DIR/reader-vectors.bin   "storybot reader vectors 1\n", the model's hash
//	                         (length-prefixed), the count and dimension
//	                         (uint32s), then per sentence the first 16
//	                         bytes of its text's SHA-256 and its vector
//	                         (little-endian float32s); last a CRC-32C of
//	                         all before it.
//
// A file of another model, or damaged, is ignored (and then replaced).

const vecFileName = "reader-vectors.bin"

const vecFileMagic = "storybot reader vectors 1\n"

// maxVecFile bounds what is read back: the cache's bound in vectors.
const maxVecFile = maxCachedVecs

// saveVecFile writes the vectors of texts, atomically.
func saveVecFile(dir, model string, texts []string, vecs [][]float32) error {
	if len(vecs) == 0 {
		return nil
	}
	dim := len(vecs[0])
	tmp, err := os.CreateTemp(dir, vecFileName+".tmp-*")
	if err != nil {
		return err
	}
	defer os.Remove(tmp.Name()) // after a successful rename, nothing is there
	crc := crc32.New(crc32.MakeTable(crc32.Castagnoli))
	w := bufio.NewWriter(io.MultiWriter(tmp, crc))
	w.WriteString(vecFileMagic)
	binary.Write(w, binary.LittleEndian, uint32(len(model)))
	w.WriteString(model)
	binary.Write(w, binary.LittleEndian, [2]uint32{uint32(len(texts)), uint32(dim)})
	buf := make([]byte, 4*dim)
	for i, t := range texts {
		k := vecTextKey(t)
		w.Write(k[:])
		for j, x := range vecs[i] {
			binary.LittleEndian.PutUint32(buf[4*j:], math.Float32bits(x))
		}
		w.Write(buf)
	}
	if err := w.Flush(); err != nil {
		tmp.Close()
		return err
	}
	if err := binary.Write(tmp, binary.LittleEndian, crc.Sum32()); err != nil {
		tmp.Close()
		return err
	}
	if err := tmp.Close(); err != nil {
		return err
	}
	return os.Rename(tmp.Name(), filepath.Join(dir, vecFileName))
}

// loadVecFile puts the folder's vectors of model into the process's cache,
// and says whether there were any: no file, or another model's, is no
// error, but no vectors either.
func loadVecFile(dir, model string) (bool, error) {
	raw, err := os.ReadFile(filepath.Join(dir, vecFileName))
	if errors.Is(err, fs.ErrNotExist) {
		return false, nil
	}
	if err != nil {
		return false, err
	}
	if len(raw) < len(vecFileMagic)+4 || string(raw[:len(vecFileMagic)]) != vecFileMagic {
		return false, errors.New("not a vector file")
	}
	body, sum := raw[:len(raw)-4], binary.LittleEndian.Uint32(raw[len(raw)-4:])
	if crc32.Checksum(body, crc32.MakeTable(crc32.Castagnoli)) != sum {
		return false, errors.New("checksum mismatch")
	}
	p := body[len(vecFileMagic):]
	n := int(binary.LittleEndian.Uint32(p))
	if n > len(p)-4 {
		return false, errors.New("truncated")
	}
	if string(p[4:4+n]) != model {
		return false, nil // another model's: encoded again, then replaced
	}
	p = p[4+n:]
	if len(p) < 8 {
		return false, errors.New("truncated")
	}
	count, dim := int(binary.LittleEndian.Uint32(p)), int(binary.LittleEndian.Uint32(p[4:]))
	p = p[8:]
	if count > maxVecFile || dim == 0 || dim > 4096 || len(p) != count*(16+4*dim) {
		return false, fmt.Errorf("%d vectors of %d in %d bytes", count, dim, len(p))
	}
	for range count {
		var k [16]byte
		copy(k[:], p)
		v := make([]float32, dim)
		for j := range v {
			v[j] = math.Float32frombits(binary.LittleEndian.Uint32(p[16+4*j:]))
		}
		globalVecs.put(model, k, v)
		p = p[16+4*dim:]
	}
	return true, nil
}
