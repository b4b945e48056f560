package install

import (
	"flag"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"storybot/internal/testservers"
)

var screenshot = flag.String("screenshot", "", "also save the install page, as headless chromium renders it, to this PNG (e.g. ../../docs/install-page.png)")

// TestInstallPageInBrowser opens the install page, served on loopback,
// in a real browser (Debian's chromium, headless), and checks what it
// rendered: the title, the text and the "Add to Slack" link to Slack's
// authorize page. With -screenshot it also saves a PNG of it.
func TestInstallPageInBrowser(t *testing.T) {
	t.Parallel()
	testservers.NeedChromium(t, "the install page")
	r := newRig(t, Options{})
	url := r.srv.URL + "/slack/install"
	dom := testservers.Chromium(t, url, "--window-size=1000,800", "--dump-dom")
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
	testservers.Chromium(t, url, "--window-size=1000,800", "--screenshot="+png, "--hide-scrollbars")
	if fi, err := os.Stat(png); err != nil || fi.Size() == 0 {
		t.Fatalf("no screenshot: %v", err)
	}
}
