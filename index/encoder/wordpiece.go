package encoder

import (
	"fmt"
	"strings"
	"unicode/utf8"
)

// The special tokens' ids in the vocabulary.
const (
	idPad  = 0
	idUnk  = 100
	idCLS  = 101
	idSEP  = 102
	idMask = 103
)

// maxWordChars is the longest word WordPiece splits; a longer one is
// [UNK].
const maxWordChars = 100

// vocab is the WordPiece vocabulary: word-initial pieces and "##"
// continuation pieces in separate maps, so that a piece is looked up
// without building its "##" string.
type vocab struct {
	first map[string]int32 // "play" → id
	cont  map[string]int32 // "##ing" stored as "ing" → id
	size  int
}

// parseVocab reads vocab.txt: one token a line, the id being the line's
// index from 0.
func parseVocab(text string) (*vocab, error) {
	lines := strings.Split(strings.TrimSuffix(text, "\n"), "\n")
	v := &vocab{first: make(map[string]int32, len(lines)), cont: map[string]int32{}, size: len(lines)}
	for i, tok := range lines {
		tok = strings.TrimSuffix(tok, "\r")
		if rest, ok := strings.CutPrefix(tok, "##"); ok && rest != "" {
			v.cont[rest] = int32(i)
			continue
		}
		v.first[tok] = int32(i)
	}
	for id, want := range map[int]string{idPad: "[PAD]", idUnk: "[UNK]", idCLS: "[CLS]", idSEP: "[SEP]", idMask: "[MASK]"} {
		if id >= len(lines) || lines[id] != want {
			return nil, fmt.Errorf("encoder: vocab.txt: token %d is not %s", id, want)
		}
	}
	return v, nil
}

// appendPieces appends the ids of word's pieces, greedily taking the
// longest piece in the vocabulary at each point (BERT's WordPiece). A
// word longer than maxWordChars, or one that cannot be covered by pieces,
// is a single [UNK].
func (v *vocab) appendPieces(ids []int, word []byte) []int {
	if utf8.RuneCount(word) > maxWordChars {
		return append(ids, idUnk)
	}
	n0 := len(ids)
	for start := 0; start < len(word); {
		end, id := len(word), int32(-1)
		for end > start {
			var ok bool
			if start == 0 {
				id, ok = v.first[string(word[:end])]
			} else {
				id, ok = v.cont[string(word[start:end])]
			}
			if ok {
				break
			}
			id = -1
			_, size := utf8.DecodeLastRune(word[start:end])
			end -= size
		}
		if id < 0 {
			return append(ids[:n0], idUnk)
		}
		ids = append(ids, int(id))
		start = end
	}
	return ids
}
