package config

import (
	"math"
	"strconv"
	"testing"
)

func TestParseByteSize(t *testing.T) {
	tests := []struct {
		in   string
		want int64 // -1: an error
	}{
		{"0", 0}, {"1024", 1024}, {"100B", 100}, {"64KiB", 64 << 10}, {"512MiB", 512 << 20}, {"2GiB", 2 << 30}, {"1TiB", 1 << 40},
		{"off", math.MaxInt64},
		{"", -1}, {"MiB", -1}, {"-1", -1}, {"+5MiB", -1}, {"1_000", -1}, {"1.5GiB", -1}, {"512M", -1}, {"512mib", -1}, {"512 MiB", -1},
		{"OFF", -1}, {"NaN", -1}, {"9223372036854775807", math.MaxInt64}, {"9223372036854775808", -1}, {"8388608TiB", -1}, {"8388607TiB", 8388607 << 40},
	}
	for _, tt := range tests {
		got, err := ParseByteSize(tt.in)
		if tt.want < 0 {
			if err == nil {
				t.Errorf("ParseByteSize(%q) = %d, want an error", tt.in, got)
			}
			continue
		}
		if err != nil || got != tt.want {
			t.Errorf("ParseByteSize(%q) = %d, %v; want %d", tt.in, got, err, tt.want)
		}
	}
}

func FuzzParseByteSize(f *testing.F) {
	for _, s := range []string{"0", "512MiB", "off", "1TiB", "-1", "99999999999999999999B"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		n, err := ParseByteSize(s)
		if err != nil {
			return
		}
		if n < 0 {
			t.Fatalf("ParseByteSize(%q) = %d", s, n)
		}
		// A plain number of bytes reads back as itself.
		if n != math.MaxInt64 {
			if m, err := ParseByteSize(strconv.FormatInt(n, 10)); err != nil || m != n {
				t.Fatalf("%q = %d, but %d reads as %d, %v", s, n, n, m, err)
			}
		}
	})
}
