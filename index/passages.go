package index

import (
	"bufio"
	"encoding/binary"
	"errors"
	"fmt"
	"io"
	"os"
	"unsafe"
)

// The re-ranker reads a few hundred bytes of every candidate: what is
// shown, who says it, and the analyzed words of each field. Loading them
// from bleve's stored fields was half of a question's cost, so they live in
// a table in memory, indexed by document number (a bleve document's id is
// its number in decimal). An on-disk index keeps the table in a file beside
// it, read in one piece at start-up and used in place.

// record is what the re-ranker and the answer need of one passage. The
// analyzed fields hold words joined by spaces. The context field's words
// are not kept: they are the neighbouring records' text.
type record struct {
	story, para, sent int32
	kinds             kindSet
	show              string // the passage shown
	speaker           string
	text              string // analyzed: the sentence
	speakerTerms      string // analyzed: who says it
	about             string // analyzed: other names of what it mentions
	defines           string // analyzed: the names it introduces or describes
	persons           string // analyzed: the people it names, ";" between them
}

// kindSet holds the kinds of fact a passage holds, one bit each.
type kindSet uint8

var kindBits = map[string]kindSet{kindNumber: 1, kindDate: 2, kindQuote: 4, kindLead: 8, kindCause: 16, kindCommit: 32}

func (k kindSet) has(kind string) bool { return k&kindBits[kind] != 0 }

func kindSetOf(kinds []string) kindSet {
	var k kindSet
	for _, s := range kinds {
		k |= kindBits[s]
	}
	return k
}

// strings lists the record's strings, in the file's order.
func (r *record) strings() [7]*string {
	return [...]*string{&r.show, &r.speaker, &r.text, &r.speakerTerms, &r.about, &r.defines, &r.persons}
}

// recordsFile is the table's file in an on-disk index folder.
const recordsFile = "storybot-passages.bin"

// writeRecords writes the table as a count, then per record three varints,
// a byte and its strings, each length-prefixed.
func writeRecords(path string, recs []record) error {
	f, err := os.Create(path)
	if err != nil {
		return err
	}
	w := bufio.NewWriterSize(f, 1<<16)
	var buf [binary.MaxVarintLen64]byte
	putInt := func(v int64) { w.Write(buf[:binary.PutVarint(buf[:], v)]) }
	putStr := func(s string) { putInt(int64(len(s))); w.WriteString(s) }
	putInt(int64(len(recs)))
	for _, r := range recs {
		putInt(int64(r.story))
		putInt(int64(r.para))
		putInt(int64(r.sent))
		w.WriteByte(byte(r.kinds))
		for _, s := range r.strings() {
			putStr(*s)
		}
	}
	if err := w.Flush(); err != nil {
		f.Close()
		return err
	}
	return f.Close()
}

// readRecords reads a table written by writeRecords. The strings point into
// one buffer read from the file, which lives as long as they do.
func readRecords(path string) ([]record, error) {
	data, err := os.ReadFile(path)
	if err != nil {
		return nil, err
	}
	d := decoder{data: data}
	n := d.int()
	if d.err != nil || n < 0 || n > int64(len(data)) {
		return nil, fmt.Errorf("%s: bad record count", path)
	}
	recs := make([]record, n)
	for i := range recs {
		r := &recs[i]
		r.story, r.para, r.sent = int32(d.int()), int32(d.int()), int32(d.int())
		r.kinds = kindSet(d.byte())
		for _, s := range r.strings() {
			*s = d.str()
		}
	}
	if d.err != nil {
		return nil, fmt.Errorf("%s: %w", path, d.err)
	}
	return recs, nil
}

type decoder struct {
	data []byte
	err  error
}

var errShort = errors.New("truncated passage table")

func (d *decoder) int() int64 {
	v, n := binary.Varint(d.data)
	if n <= 0 {
		d.err, d.data = errShort, nil
		return 0
	}
	d.data = d.data[n:]
	return v
}

func (d *decoder) byte() byte {
	if len(d.data) == 0 {
		d.err = errShort
		return 0
	}
	b := d.data[0]
	d.data = d.data[1:]
	return b
}

func (d *decoder) str() string {
	n := d.int()
	if n < 0 || n > int64(len(d.data)) {
		d.err, d.data = io.ErrUnexpectedEOF, nil
		return ""
	}
	s := unsafe.String(unsafe.SliceData(d.data), int(n))
	if n == 0 {
		s = ""
	}
	d.data = d.data[n:]
	return s
}
