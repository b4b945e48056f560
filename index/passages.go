package index

import (
	"bufio"
	"encoding/binary"
	"errors"
	"fmt"
	"os"
	"unsafe"
)

// The re-ranker reads a few hundred bytes of every candidate: what is
// shown, who says it, and the analyzed words of each field. Loading them
// from bleve's stored fields was half of a question's cost, so they live in
// a table in memory, indexed by document number (a bleve document's id is
// its number in decimal). An on-disk index keeps the table in a file beside
// it, read in one piece at start-up and used in place.
//
// Analyzed words are numbers (word ids) into the engine's vocabulary: the
// re-ranker compares numbers, not strings, and a word takes four bytes.

// record is what the re-ranker and the answer need of one passage. The
// context field's words are not kept: they are the neighbouring records'
// text.
type record struct {
	story, para, sent int32
	kinds             kindSet
	show              string   // the passage shown
	speaker           string   // who is quoted, as the story names them
	text              []uint32 // analyzed: the passage shown
	speakerTerms      []uint32 // analyzed: who says it
	about             []uint32 // analyzed: other names of what it mentions
	defines           []uint32 // analyzed: the names it introduces or describes
	persons           []uint32 // analyzed: the people it names, noWord between them
}

// noWord is no word's id: it separates the names in record.persons.
const noWord = 0

// lists lists the record's word lists, in the file's order.
func (r *record) lists() [5]*[]uint32 {
	return [...]*[]uint32{&r.text, &r.speakerTerms, &r.about, &r.defines, &r.persons}
}

// recordsFile is the table's file in an on-disk index folder.
const recordsFile = "storybot-passages.bin"

// writeRecords writes the vocabulary (a count, then length-prefixed words,
// id 1 first), then the records (a count, and per record three varints, a
// byte, two length-prefixed strings and, for each of its five word lists,
// where it starts in the id block and how long it is), then the id block:
// its length, padding to a multiple of four bytes, and every record's word
// ids as little-endian uint32s. On a little-endian machine the block is
// used where it lies in the file's buffer, with nothing to decode.
func writeRecords(path string, words []string, recs []record) error {
	f, err := os.Create(path)
	if err != nil {
		return err
	}
	w := bufio.NewWriterSize(f, 1<<16)
	written := 0
	var buf [binary.MaxVarintLen64]byte
	put := func(b []byte) { n, _ := w.Write(b); written += n }
	putInt := func(v int64) { put(buf[:binary.PutVarint(buf[:], v)]) }
	putStr := func(s string) { putInt(int64(len(s))); n, _ := w.WriteString(s); written += n }
	putInt(int64(len(words) - 1))
	for _, word := range words[1:] {
		putStr(word)
	}
	putInt(int64(len(recs)))
	ids := 0
	for i := range recs {
		r := &recs[i]
		putInt(int64(r.story))
		putInt(int64(r.para))
		putInt(int64(r.sent))
		put([]byte{byte(r.kinds)})
		putStr(r.show)
		putStr(r.speaker)
		for _, l := range r.lists() {
			putInt(int64(ids))
			putInt(int64(len(*l)))
			ids += len(*l)
		}
	}
	putInt(int64(ids))
	pad := (4 - (written+1)%4) % 4
	put(append([]byte{byte(pad)}, make([]byte, pad)...))
	for i := range recs {
		for _, l := range recs[i].lists() {
			for _, id := range *l {
				put(binary.LittleEndian.AppendUint32(buf[:0], id))
			}
		}
	}
	if err := w.Flush(); err != nil {
		f.Close()
		return err
	}
	return f.Close()
}

// readRecords reads what writeRecords wrote: the vocabulary (with the empty
// word at id 0) and the records. Their strings and word lists point into
// the file's buffer, which lives as long as they do.
func readRecords(path string) (words []string, recs []record, err error) {
	data, err := os.ReadFile(path)
	if err != nil {
		return nil, nil, err
	}
	d := decoder{data: data}
	count := func() int {
		n := d.int()
		if n < 0 || n > int64(len(data)) {
			d.fail()
			return 0
		}
		return int(n)
	}
	words = make([]string, count()+1)
	for i := 1; i < len(words); i++ {
		words[i] = d.str()
	}
	recs = make([]record, count())
	type span struct{ start, n int }
	spans := make([][5]span, len(recs))
	for i := range recs {
		r := &recs[i]
		r.story, r.para, r.sent = int32(d.int()), int32(d.int()), int32(d.int())
		r.kinds = kindSet(d.byte())
		r.show, r.speaker = d.str(), d.str()
		for k := range spans[i] {
			spans[i][k] = span{count(), count()}
		}
	}
	total := count()
	pad := int(d.byte())
	if d.err != nil || pad > 3 || len(d.data) != pad+4*total {
		return nil, nil, fmt.Errorf("%s: %w", path, errCorrupt)
	}
	ids := uint32s(d.data[pad:])
	for i := range recs {
		for k, l := range recs[i].lists() {
			sp := spans[i][k]
			if sp.start+sp.n > len(ids) {
				return nil, nil, fmt.Errorf("%s: %w", path, errCorrupt)
			}
			*l = ids[sp.start : sp.start+sp.n : sp.start+sp.n]
		}
	}
	for _, id := range ids {
		if int(id) >= len(words) {
			return nil, nil, fmt.Errorf("%s: %w", path, errCorrupt)
		}
	}
	return words, recs, nil
}

// uint32s reads little-endian uint32s: in place where the machine is
// little-endian and b is aligned, else by copying.
func uint32s(b []byte) []uint32 {
	n := len(b) / 4
	if n == 0 {
		return nil
	}
	if littleEndian && uintptr(unsafe.Pointer(&b[0]))%4 == 0 {
		return unsafe.Slice((*uint32)(unsafe.Pointer(&b[0])), n)
	}
	out := make([]uint32, n)
	for i := range out {
		out[i] = binary.LittleEndian.Uint32(b[4*i:])
	}
	return out
}

var littleEndian = binary.NativeEndian.Uint16([]byte{1, 0}) == 1

type decoder struct {
	data []byte
	err  error
}

var errCorrupt = errors.New("truncated or corrupt passage table")

func (d *decoder) fail() { d.err, d.data = errCorrupt, nil }

func (d *decoder) int() int64 {
	v, n := binary.Varint(d.data)
	if n <= 0 {
		d.fail()
		return 0
	}
	d.data = d.data[n:]
	return v
}

func (d *decoder) byte() byte {
	if len(d.data) == 0 {
		d.fail()
		return 0
	}
	b := d.data[0]
	d.data = d.data[1:]
	return b
}

func (d *decoder) str() string {
	n := d.int()
	if n < 0 || n > int64(len(d.data)) {
		d.fail()
		return ""
	}
	if n == 0 {
		return ""
	}
	s := unsafe.String(unsafe.SliceData(d.data), int(n))
	d.data = d.data[n:]
	return s
}

// vocabulary interns analyzed words as ids; id 0 is noWord.
type vocabulary struct {
	words []string
	ids   map[string]uint32
}

func newVocabulary(words []string) *vocabulary {
	if len(words) == 0 {
		words = []string{""}
	}
	v := &vocabulary{words: words, ids: make(map[string]uint32, len(words))}
	for i, w := range words[1:] {
		v.ids[w] = uint32(i + 1)
	}
	return v
}

// id returns word's id, adding the word if it is new.
func (v *vocabulary) id(word string) uint32 {
	id, ok := v.ids[word]
	if !ok {
		id = uint32(len(v.words))
		v.words = append(v.words, word)
		v.ids[word] = id
	}
	return id
}
