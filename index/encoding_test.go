package index

import (
	"strings"
	"testing"
)

// TestUTF8Text: what is not UTF-8 text is refused with what it seems to
// be and what to do, never converted by a guess.
func TestUTF8Text(t *testing.T) {
	t.Parallel()
	tests := []struct{ name, data, want, wantErr string }{
		{"UTF-8", "café “quoted”", "café “quoted”", ""},
		{"a byte order mark goes", "\ufeffText", "Text", ""},
		{"tabs, page breaks, CRLF", "a\tb\fc\r\n", "a\tb\fc\r\n", ""},
		{"a stray control character", "Text\x1a" + strings.Repeat(" and more", 20), "Text\x1a" + strings.Repeat(" and more", 20), ""},
		{"Latin-1", "Line one.\nThe caf\xe9 owners\x92 request.", "", `f.txt:2: not UTF-8 (byte 0xe9); read as Latin-1 (Windows-1252) it says "The café owners’ request.": if that is right, convert the file with ` + "`iconv -f WINDOWS-1252 -t UTF-8`"},
		{"Latin-1 in a long line: the words around the byte", "A very long line of words that goes on and on before the caf\xe9 and then continues with a great many more words after it, well past sixty bytes.", "",
			`f.txt:1: not UTF-8 (byte 0xe9); read as Latin-1 (Windows-1252) it says "…on and on before the café and then continues with a great many more words after…": if that is right, convert the file with ` + "`iconv -f WINDOWS-1252 -t UTF-8`"},
		{"UTF-16", "\xff\xfeT\x00e\x00x\x00t\x00", "", "f.txt: UTF-16 text, and storybot reads UTF-8: convert it with `iconv -f UTF-16 -t UTF-8`"},
		{"a NUL byte", "Text\x00more", "", "f.txt: binary data, not text (a NUL byte at offset 4)"},
		{"control characters, not UTF-8", "\x01\x02\x03\x04abc\xff", "", "f.txt: binary data, not text (4 control characters in 8 bytes)"},
		{"control characters in UTF-8 are text", "\x01\x02\x03\x04abc", "\x01\x02\x03\x04abc", ""},
		{"a PDF", "%PDF-1.7\n%\xe2\xe3", "", "f.txt: a PDF document: save its text as a .txt file"},
		{"a .docx", "PK\x03\x04\x14\x00", "", "f.txt: a zip archive (a .docx, .odt or .epub is one): save its text as a .txt file"},
		{"a JPEG", "\xff\xd8\xff\xe0", "", "f.txt: a JPEG image, not text"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got, err := utf8Text("f.txt", []byte(tt.data))
			if tt.wantErr != "" {
				if err == nil || err.Error() != tt.wantErr {
					t.Fatalf("error %v\nwant  %s", err, tt.wantErr)
				}
				return
			}
			if err != nil || got != tt.want {
				t.Errorf("got %q, %v; want %q", got, err, tt.want)
			}
		})
	}
}
