package encoder

import "testing"

func TestParseTableErrors(t *testing.T) {
	for name, bad := range map[string]string{
		"empty":     "",
		"magic":     "NOTMINILM" + table[9:100],
		"truncated": table[:len(table)-1],
		"extra":     table + "x",
		"version":   tableMagic + "\x02\x00\x00\x00" + table[12:],
	} {
		if _, err := parseTable(bad); err == nil {
			t.Errorf("%s: no error", name)
		} else {
			t.Logf("%s: %v", name, err)
		}
	}
}
