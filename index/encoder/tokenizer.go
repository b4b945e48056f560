package encoder

import (
	"strings"
	"unicode"
	"unicode/utf8"

	"golang.org/x/text/unicode/norm"
)

// The tokenizer is BERT's uncased one as Hugging Face's tokenizers
// library runs it for this model (tokenizer.json: BertNormalizer,
// BertPreTokenizer, WordPiece, [CLS] … [SEP]):
//
//  1. the special tokens [PAD] [UNK] [CLS] [SEP] [MASK], written
//     literally in the text, are matched first and kept whole;
//  2. the rest is normalised: NUL, U+FFFD (and so invalid UTF-8) and
//     control characters are dropped, whitespace becomes a space, CJK
//     ideographs get a space either side, accents are stripped (NFD, then
//     non-spacing marks dropped) and letters lower-cased;
//  3. it is split on whitespace, and every punctuation character
//     becomes a word of its own;
//  4. each word is split into WordPiece pieces (wordpiece.go).
//
// The text is processed in chunks cut at ASCII whitespace, which no step
// looks across, so that a long text stops costing once the token limit
// is reached.

// chunkBytes is how much text is normalised at a time (it is extended to
// the next ASCII whitespace).
const chunkBytes = 2048

// specials are the added tokens matched in the raw text.
var specials = []struct {
	text string
	id   int
}{{"[PAD]", idPad}, {"[UNK]", idUnk}, {"[CLS]", idCLS}, {"[SEP]", idSEP}, {"[MASK]", idMask}}

// tokenizer turns text into ids; it holds no state between calls, its
// buffers are those of a scratch (pool.go).
type tokenizer struct {
	vocab *vocab
}

// tokBuffers are a call's working buffers.
type tokBuffers struct {
	clean, nfd, norm []byte
}

// appendIDs appends [CLS], the text's pieces and [SEP] to ids, keeping at
// most limit ids in all (limit ≥ 2).
func (t *tokenizer) appendIDs(ids []int, text string, limit int, b *tokBuffers) []int {
	n0 := len(ids)
	ids = append(ids, idCLS)
	room := func() int { return n0 + limit - 1 - len(ids) }
	for text != "" && room() > 0 {
		seg, id, rest := nextSpecial(text)
		for seg != "" && room() > 0 {
			chunk := cutChunk(seg)
			ids = t.appendChunk(ids, seg[:chunk], b)
			seg = seg[chunk:]
		}
		if id >= 0 && room() > 0 {
			ids = append(ids, id)
		}
		text = rest
	}
	if r := room(); r < 0 {
		ids = ids[:len(ids)+r]
	}
	return append(ids, idSEP)
}

// nextSpecial splits text at its first special token: the text before it,
// its id (-1 if there is none) and the text after it.
func nextSpecial(text string) (before string, id int, after string) {
	for i := 0; i < len(text); {
		j := strings.IndexByte(text[i:], '[')
		if j < 0 {
			break
		}
		i += j
		for _, s := range specials {
			if strings.HasPrefix(text[i:], s.text) {
				return text[:i], s.id, text[i+len(s.text):]
			}
		}
		i++
	}
	return text, -1, ""
}

// cutChunk gives the length of the next chunk of s: chunkBytes, extended
// to the next ASCII whitespace, or all of s.
func cutChunk(s string) int {
	if len(s) <= chunkBytes {
		return len(s)
	}
	if i := strings.IndexAny(s[chunkBytes:], " \t\n\r"); i >= 0 {
		return chunkBytes + i
	}
	return len(s)
}

// appendChunk normalises a chunk, splits it into words and appends the
// words' pieces.
func (t *tokenizer) appendChunk(ids []int, chunk string, b *tokBuffers) []int {
	text := b.normalize(chunk)
	start := -1 // start of the current word, or -1
	for i, r := range string(text) {
		switch {
		case isWhitespace(r) || isPunct(r):
			if start >= 0 {
				ids = t.vocab.appendPieces(ids, text[start:i])
				start = -1
			}
			if isPunct(r) {
				ids = t.vocab.appendPieces(ids, text[i:i+utf8.RuneLen(r)])
			}
		case start < 0:
			start = i
		}
	}
	if start >= 0 {
		ids = t.vocab.appendPieces(ids, text[start:])
	}
	return ids
}

// normalize cleans the chunk, spaces out CJK ideographs, strips accents
// and lower-cases it, in BertNormalizer's order; the result lives in b.
func (b *tokBuffers) normalize(chunk string) []byte {
	ascii := true
	b.clean = b.clean[:0]
	for _, r := range chunk {
		switch {
		case r == 0 || r == utf8.RuneError || isControl(r):
		case isWhitespace(r):
			b.clean = append(b.clean, ' ')
		case r < utf8.RuneSelf:
			b.clean = append(b.clean, byte(unicode.ToLower(r)))
		case isChinese(r):
			b.clean = append(b.clean, ' ')
			b.clean = utf8.AppendRune(b.clean, r)
			b.clean = append(b.clean, ' ')
			ascii = false
		default:
			b.clean = utf8.AppendRune(b.clean, r)
			ascii = false
		}
	}
	if ascii {
		return b.clean
	}
	b.nfd = norm.NFD.Append(b.nfd[:0], b.clean...)
	b.norm = b.norm[:0]
	for _, r := range string(b.nfd) {
		if !isMark(r) {
			b.norm = utf8.AppendRune(b.norm, unicode.ToLower(r))
		}
	}
	return b.norm
}
