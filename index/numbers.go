package index

import (
	"strconv"
	"strings"
)

// A number can be written in digits or in words: "44 states" and
// "Forty-four states". Each passage also carries its numbers in the other
// form (in its other-names field), so that a question finds it either way.

var smallNumbers = map[string]int{
	"zero": 0, "one": 1, "two": 2, "three": 3, "four": 4, "five": 5, "six": 6, "seven": 7,
	"eight": 8, "nine": 9, "ten": 10, "eleven": 11, "twelve": 12, "thirteen": 13,
	"fourteen": 14, "fifteen": 15, "sixteen": 16, "seventeen": 17, "eighteen": 18,
	"nineteen": 19, "twenty": 20, "thirty": 30, "forty": 40, "fifty": 50, "sixty": 60,
	"seventy": 70, "eighty": 80, "ninety": 90,
}

var numberScales = map[string]int{"hundred": 100, "thousand": 1000, "million": 1000000}

// otherNumberForms returns the numbers of text in the form text does not
// use: the digits of numbers written in words ("Forty-four" → "44"), and
// the words of small numbers written in digits ("30" → "thirty").
func otherNumberForms(text string) []string {
	var out []string
	total, group, inNumber := 0, 0, false
	flush := func() {
		if inNumber {
			out = append(out, strconv.Itoa(total+group))
		}
		total, group, inNumber = 0, 0, false
	}
	for _, raw := range strings.Fields(text) {
		w := strings.ToLower(strings.Trim(raw, ".,;:!?\"“”‘’'()"))
		if n, err := strconv.Atoi(w); err == nil && n >= 0 && n < 100 && w == strconv.Itoa(n) {
			flush()
			out = append(out, spellNumber(n))
			continue
		}
		for i, part := range strings.Split(w, "-") {
			v, small := smallNumbers[part]
			scale, big := numberScales[part]
			switch {
			case small:
				group += v
				inNumber = true
			case big && inNumber:
				if scale == 100 {
					group *= scale
				} else {
					total += group * scale
					group = 0
				}
			case part == "and" && inNumber && i == 0:
			default:
				flush()
			}
		}
		if strings.HasSuffix(raw, ",") || strings.HasSuffix(raw, ".") {
			flush()
		}
	}
	flush()
	return out
}

// spellNumber writes 0 ≤ n < 100 in words.
func spellNumber(n int) string {
	for w, v := range smallNumbers {
		if v == n {
			return w
		}
	}
	var tens string
	for w, v := range smallNumbers {
		if v == n/10*10 {
			tens = w
		}
	}
	return tens + " " + spellNumber(n%10)
}
