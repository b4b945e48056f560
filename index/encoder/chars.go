package encoder

import "unicode"

// The character classes of BERT's normaliser and pre-tokeniser, as the
// Hugging Face tokenizers library (BertNormalizer, BertPreTokenizer)
// defines them.

// isControl reports a character that cleaning drops: Unicode's control,
// format, private-use and surrogate categories (unassigned code points
// are kept), except tab, newline and carriage return, which count as
// whitespace.
func isControl(r rune) bool {
	switch r {
	case '\t', '\n', '\r':
		return false
	}
	if r < 0x80 {
		return r < 0x20 || r == 0x7f
	}
	return unicode.In(r, unicode.Cc, unicode.Cf, unicode.Co, unicode.Cs) && !unicode.Is(olderLetters, r)
}

// isWhitespace reports Unicode White_Space (tab, newline, carriage
// return, space, and Zs, Zl, Zp).
func isWhitespace(r rune) bool {
	if r < 0x80 {
		return r == ' ' || (r >= '\t' && r <= '\r')
	}
	return unicode.IsSpace(r)
}

// isPunct reports what BERT splits off as a token of its own: the ASCII
// symbols !"#$%&'()*+,-./:;<=>?@[\]^_`{|}~ and every Unicode P* character.
func isPunct(r rune) bool {
	if r < 0x80 {
		return (r >= 33 && r <= 47) || (r >= 58 && r <= 64) || (r >= 91 && r <= 96) || (r >= 123 && r <= 126)
	}
	if r == olderPunct1 || r == olderPunct2 {
		return true
	}
	return unicode.IsPunct(r) && !unicode.Is(olderLetters, r)
}

// isMark reports a non-spacing mark, which stripping accents drops.
func isMark(r rune) bool {
	if r == olderMark {
		return true
	}
	return unicode.Is(unicode.Mn, r) && r != olderPunct2 && !unicode.Is(olderLetters, r)
}

// isChinese reports a CJK ideograph of the blocks BERT surrounds with
// spaces (CJK Unified Ideographs, its extensions A–E, and the
// compatibility ideographs); Hangul, kana and CJK punctuation are not
// among them. As in tokenizers (not in Google's BERT), extension E
// starts at U+2B920, not U+2B820.
func isChinese(r rune) bool {
	return (r >= 0x4E00 && r <= 0x9FFF) ||
		(r >= 0x3400 && r <= 0x4DBF) ||
		(r >= 0x20000 && r <= 0x2A6DF) ||
		(r >= 0x2A700 && r <= 0x2B73F) ||
		(r >= 0x2B740 && r <= 0x2B81F) ||
		(r >= 0x2B920 && r <= 0x2CEAF) ||
		(r >= 0xF900 && r <= 0xFAFF) ||
		(r >= 0x2F800 && r <= 0x2FA1F)
}
