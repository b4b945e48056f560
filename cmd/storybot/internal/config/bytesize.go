package config

import (
	"errors"
	"math"
	"strconv"
	"strings"
)

// ParseByteSize reads a size as Go's GOMEMLIMIT writes it: a whole
// number of bytes with an optional unit, B, KiB, MiB, GiB or TiB
// ("512MiB"), or "off" for no limit (math.MaxInt64).
func ParseByteSize(s string) (int64, error) {
	if s == "off" {
		return math.MaxInt64, nil
	}
	num, shift := s, 0
	for _, u := range []struct {
		suffix string
		shift  int
	}{{"TiB", 40}, {"GiB", 30}, {"MiB", 20}, {"KiB", 10}, {"B", 0}} {
		if n, ok := strings.CutSuffix(s, u.suffix); ok {
			num, shift = n, u.shift
			break
		}
	}
	if num == "" || strings.ContainsAny(num, "+-_") {
		return 0, errors.New("not a size")
	}
	n, err := strconv.ParseUint(num, 10, 63)
	if err != nil || n > math.MaxInt64>>shift {
		return 0, errors.New("not a size")
	}
	return int64(n) << shift, nil
}
