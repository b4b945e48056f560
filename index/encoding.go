package index

import (
	"bytes"
	"fmt"
	"strings"
	"unicode/utf8"

	"golang.org/x/text/encoding/charmap"
)

// Story files are UTF-8. A file in another encoding is refused, never
// converted by a guess: Latin-1, Windows-1252, Latin-9 and Mac Roman text
// look alike as bytes, and a wrong guess would put wrong characters into
// the quotations storybot attributes to people. The refusal says what the
// file seems to be and gives the command that converts it. (A web page
// that declares its encoding is read in it: see format_html.go.)

// utf8BOM is the byte order mark some editors put at the start of UTF-8.
const utf8BOM = "\ufeff"

// magic are the opening bytes of files people mistake for text, and what
// to tell them.
var magic = []struct{ prefix, what string }{
	{"%PDF-", "a PDF document: save its text as a .txt file"},
	{"PK\x03\x04", "a zip archive (a .docx, .odt or .epub is one): save its text as a .txt file"},
	{"\xd0\xcf\x11\xe0", "a Word 97-2003 document: save its text as a .txt file"},
	{"{\\rtf", "an RTF document: save its text as a .txt file"},
	{"\x1f\x8b", "gzip-compressed data: decompress it first"},
	{"\x89PNG", "a PNG image, not text"},
	{"\xff\xd8\xff", "a JPEG image, not text"},
	{"GIF8", "a GIF image, not text"},
}

// binaryWhy says why data is not text at all, or "" when it may be.
// valid: data is valid UTF-8.
func binaryWhy(data []byte, valid bool) string {
	for _, m := range magic {
		if bytes.HasPrefix(data, []byte(m.prefix)) {
			return m.what
		}
	}
	if bytes.HasPrefix(data, []byte("\xff\xfe")) || bytes.HasPrefix(data, []byte("\xfe\xff")) {
		return "UTF-16 text, and storybot reads UTF-8: convert it with `iconv -f UTF-16 -t UTF-8`"
	}
	// Text has no NUL bytes. Nor has it many control characters besides
	// tabs, line and page breaks (one in a hundred is binary data), but
	// counting them costs a restart more than reading the stories: they
	// are counted only in what is not UTF-8, to tell binary junk from text
	// in another encoding.
	if i := bytes.IndexByte(data, 0); i >= 0 {
		return fmt.Sprintf("binary data, not text (a NUL byte at offset %d)", i)
	}
	if valid {
		return ""
	}
	controls := 0
	for _, c := range data {
		if c < 0x20 && c != '\t' && c != '\n' && c != '\r' && c != '\f' && c != '\v' || c == 0x7f {
			controls++
		}
	}
	if controls > 0 && controls*100 >= len(data) {
		return fmt.Sprintf("binary data, not text (%d control characters in %d bytes)", controls, len(data))
	}
	return ""
}

// utf8Text is data as text, without a UTF-8 byte order mark; binary data
// and text in another encoding are refused, each with a reason that says
// what to do.
func utf8Text(file string, data []byte) (string, error) {
	valid := utf8.Valid(data)
	if why := binaryWhy(data, valid); why != "" {
		return "", storyErr(file, 0, "%s", why)
	}
	if !valid {
		return "", notUTF8(file, data)
	}
	return strings.TrimPrefix(string(data), utf8BOM), nil
}

// notUTF8 is the error for text that is not valid UTF-8: the line of the
// first bad byte, the text around it as Windows-1252 would read it (so
// that the reader sees whether that is the file's encoding), and how to
// convert it.
func notUTF8(file string, data []byte) error {
	bad := validPrefix(data)
	line := 1 + bytes.Count(data[:bad], []byte("\n"))
	from := bytes.LastIndexByte(data[:bad], '\n') + 1
	to := bytes.IndexByte(data[bad:], '\n')
	if to < 0 {
		to = len(data)
	} else {
		to += bad
	}
	cut := from < bad-30
	from = max(from, bad-30)
	near, err := charmap.Windows1252.NewDecoder().Bytes(data[from:min(to, bad+60)])
	if err != nil || !utf8.Valid(near) {
		return storyErr(file, line, "not valid UTF-8 text (byte %#x)", data[bad])
	}
	says := strings.TrimSpace(string(near))
	if to > bad+60 {
		says = clipWords(says, len(says)-1)
	}
	if _, rest, ok := strings.Cut(says, " "); cut && ok {
		says = "…" + rest
	}
	return storyErr(file, line, "not UTF-8 (byte %#x); read as Latin-1 (Windows-1252) it says %q: "+
		"if that is right, convert the file with `iconv -f WINDOWS-1252 -t UTF-8`", data[bad], says)
}

func validPrefix(b []byte) int {
	for i := 0; i < len(b); {
		r, size := utf8.DecodeRune(b[i:])
		if r == utf8.RuneError && size <= 1 {
			return i
		}
		i += size
	}
	return len(b)
}
