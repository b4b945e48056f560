package testservers

import (
	"context"
	"os"
	"os/exec"
	"strings"
	"testing"
	"time"
)

// ChromiumPath is Debian's chromium, which .ci/run installs for the
// browser tests.
const ChromiumPath = "/usr/bin/chromium"

// NeedChromium skips t, saying why, where chromium is not installed.
func NeedChromium(t testing.TB, what string) {
	t.Helper()
	if _, err := os.Stat(ChromiumPath); err != nil {
		t.Skip("no " + ChromiumPath + " (apt-get install -y chromium): " + what + " is not tried in a browser")
	}
}

// Chromium runs headless chromium on url with args (a --window-size,
// --dump-dom, --screenshot=…), offline but for loopback, and returns its
// standard output.
func Chromium(t testing.TB, url string, args ...string) string {
	t.Helper()
	ctx, cancel := context.WithTimeout(context.Background(), 60*time.Second)
	defer cancel()
	base := []string{"--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
		"--disable-background-networking", "--disable-component-update", "--disable-sync",
		"--user-data-dir=" + t.TempDir()}
	cmd := exec.CommandContext(ctx, ChromiumPath, append(append(base, args...), url)...)
	cmd.Dir = t.TempDir()
	var stderr strings.Builder
	cmd.Stderr = &stderr
	out, err := cmd.Output()
	if err != nil {
		t.Fatalf("chromium: %v\n%s", err, stderr.String())
	}
	return string(out)
}
