package main

import (
	"os"
	"path/filepath"
	"regexp"
	"slices"
	"strings"
	"testing"
)

// readsSetting finds where the code reads a setting: get("X"), getenv("X"),
// and the configuration's num("X", …) and dur("X", …).
var readsSetting = regexp.MustCompile(`\b(?:get|getenv|num|dur)\("([A-Z][A-Z0-9_]+)"`)

// settingsRead are the environment variables storybot reads, found in
// the command's sources and its configuration's (tests aside).
func settingsRead(t *testing.T) []string {
	t.Helper()
	out := settingsIn(t, "internal/config/*.go", "*.go")
	if len(out) < 30 {
		t.Fatalf("found only %d settings read (%q): is readsSetting out of date?", len(out), out)
	}
	// The bot takes plain Options: it reads no environment.
	if in := settingsIn(t, "../../bot/*.go"); len(in) > 0 {
		t.Errorf("package bot reads %q: settings are read in cmd/storybot (package config)", in)
	}
	return out
}

// settingsIn are the settings read in the files of the patterns.
func settingsIn(t *testing.T, patterns ...string) []string {
	t.Helper()
	var files []string
	for _, p := range patterns {
		fs, err := filepath.Glob(p)
		if err != nil {
			t.Fatal(err)
		}
		files = append(files, fs...)
	}
	var out []string
	for _, f := range files {
		if strings.HasSuffix(f, "_test.go") {
			continue
		}
		b, err := os.ReadFile(f)
		if err != nil {
			t.Fatal(err)
		}
		for _, m := range readsSetting.FindAllStringSubmatch(string(b), -1) {
			if !slices.Contains(out, m[1]) {
				out = append(out, m[1])
			}
		}
	}
	return out
}

// TestSettingsDocumented: every setting the code reads is set once in
// .env.example and has one row in the configuration table of
// docs/operations.md, and neither names one the code does not read.
// (GOGC is Go's own, read before a .env could set it: the table only.)
func TestSettingsDocumented(t *testing.T) {
	read := settingsRead(t)
	env, err := os.ReadFile("../../.env.example")
	if err != nil {
		t.Fatal(err)
	}
	inEnv := map[string]int{}
	for _, m := range regexp.MustCompile(`(?m)^([A-Z][A-Z0-9_]*)=`).FindAllStringSubmatch(string(env), -1) {
		inEnv[m[1]]++
	}
	ops, err := os.ReadFile("../../docs/operations.md")
	if err != nil {
		t.Fatal(err)
	}
	_, section, _ := strings.Cut(string(ops), "\n## Configure\n")
	section, _, _ = strings.Cut(section, "\n## ")
	inTable := map[string]int{}
	for _, line := range strings.Split(section, "\n") {
		if first, ok := strings.CutPrefix(line, "| `"); ok {
			first, _, _ = strings.Cut(first, " |")
			for _, m := range regexp.MustCompile("`?([A-Z][A-Z0-9_]+)`").FindAllStringSubmatch("`"+first, -1) {
				inTable[m[1]]++
			}
		}
	}
	for _, k := range read {
		if n := inEnv[k]; n != 1 && k != "GOGC" {
			t.Errorf(".env.example sets %s %d times, want once", k, n)
		}
		if n := inTable[k]; n != 1 {
			t.Errorf("the configuration table of docs/operations.md has %d rows for %s, want one", n, k)
		}
	}
	for _, m := range []map[string]int{inEnv, inTable} {
		for k := range m {
			if !slices.Contains(read, k) {
				t.Errorf("%s is documented, but storybot does not read it", k)
			}
		}
	}
}
