package install

import (
	"context"
	"flag"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
	"time"
)

const chromium = "/usr/bin/chromium"

var screenshot = flag.String("screenshot", "", "also save the install page, as headless chromium renders it, to this PNG (e.g. ../docs/install-page.png)")

// runChromium runs headless chromium on url with args, offline but for
// loopback, and returns its standard output.
func runChromium(t *testing.T, url string, args ...string) string {
	t.Helper()
	ctx, cancel := context.WithTimeout(context.Background(), 60*time.Second)
	defer cancel()
	base := []string{"--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
		"--disable-background-networking", "--disable-component-update", "--disable-sync",
		"--user-data-dir=" + t.TempDir(), "--window-size=1000,800"}
	cmd := exec.CommandContext(ctx, chromium, append(append(base, args...), url)...)
	cmd.Dir = t.TempDir()
	var stderr strings.Builder
	cmd.Stderr = &stderr
	out, err := cmd.Output()
	if err != nil {
		t.Fatalf("chromium: %v\n%s", err, stderr.String())
	}
	return string(out)
}

// TestInstallPageInBrowser opens the install page, served on loopback,
// in a real browser (Debian's chromium, headless), and checks what it
// rendered: the title, the text and the "Add to Slack" link to Slack's
// authorize page. With -screenshot it also saves a PNG of it.
func TestInstallPageInBrowser(t *testing.T) {
	if _, err := os.Stat(chromium); err != nil {
		t.Skip("no " + chromium + " (apt-get install -y chromium): the install page is not tried in a browser")
	}
	r := newRig(t, Options{})
	url := r.srv.URL + "/slack/install"
	dom := runChromium(t, url, "--dump-dom")
	for _, want := range []string{"<title>storybot: Add storybot to Slack</title>", "<h1>Add storybot to Slack</h1>",
		"Add it to your workspace, then mention it", `class="add" href="` + r.slack.Server.URL + "/oauth/v2/authorize?"} {
		if !strings.Contains(dom, want) {
			t.Errorf("the rendered page lacks %q:\n%s", want, dom)
		}
	}
	if *screenshot == "" {
		return
	}
	png, err := filepath.Abs(*screenshot)
	if err != nil {
		t.Fatal(err)
	}
	runChromium(t, url, "--screenshot="+png, "--hide-scrollbars")
	if fi, err := os.Stat(png); err != nil || fi.Size() == 0 {
		t.Fatalf("no screenshot: %v", err)
	}
}
