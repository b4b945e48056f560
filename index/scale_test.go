package index

import (
	"bufio"
	"context"
	"flag"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"runtime"
	"slices"
	"strconv"
	"strings"
	"testing"
	"time"
)

// The scale run measures the engine on a generated corpus (cmd/gencorpus),
// the way scripts/scale.sh drives it:
//
//	go test ./index -run TestScale -scale.corpus DIR -scale.questions FILE [-scale.index DIR]
//
// It builds the on-disk index (first start), opens it again with the
// corpus unchanged (restart), answers the questions and prints one
// Markdown table row.
var (
	scaleCorpus    = flag.String("scale.corpus", "", "generated corpus folder for TestScale")
	scaleQuestions = flag.String("scale.questions", "", "questions file for TestScale, one per line")
	scaleIndex     = flag.String("scale.index", "", "on-disk index folder for TestScale (default: a temporary one)")
	scaleReuse     = flag.Bool("scale.reuse", false, "TestScale: keep the index in -scale.index and only restart and ask")
)

func TestScale(t *testing.T) {
	if *scaleCorpus == "" {
		t.Skip("run with -scale.corpus DIR -scale.questions FILE")
	}
	ctx := context.Background()
	dir := *scaleIndex
	if dir == "" {
		dir = t.TempDir()
	}
	var load, build time.Duration
	if !*scaleReuse {
		os.RemoveAll(dir)
		start := time.Now()
		stories, _, err := LoadDir(os.DirFS(*scaleCorpus), ".")
		if err != nil {
			t.Fatal(err)
		}
		load = time.Since(start)
		start = time.Now()
		e, err := Open(ctx, stories, Options{Dir: dir})
		if err != nil {
			t.Fatal(err)
		}
		build = time.Since(start)
		e.Close()
		runtime.GC()
	}

	// Restart: what a process does when the corpus did not change.
	start := time.Now()
	stories, _, err := LoadDir(os.DirFS(*scaleCorpus), ".")
	if err != nil {
		t.Fatal(err)
	}
	e, err := Open(ctx, stories, Options{Dir: dir})
	if err != nil {
		t.Fatal(err)
	}
	restart := time.Since(start)
	if !e.reused {
		t.Fatal("the unchanged corpus was indexed again")
	}
	defer e.Close()
	stories = nil
	runtime.GC()
	var ms runtime.MemStats
	runtime.ReadMemStats(&ms)
	heapIdle := ms.HeapAlloc

	qs := readLines(t, *scaleQuestions)
	lat := make([]time.Duration, 0, len(qs))
	answered := 0
	for _, q := range qs {
		t0 := time.Now()
		res, err := e.Ask(ctx, q, AskOptions{})
		lat = append(lat, time.Since(t0))
		if err != nil {
			t.Fatal(err)
		}
		if res.Answered {
			answered++
		}
	}
	slices.Sort(lat)
	pct := func(p float64) time.Duration { return lat[int(p*float64(len(lat)-1))] }
	fmt.Printf("| %d | %d | %.1f s | %.0f | %.2f s | %s | %s | %s | %d%% | %d MiB | %d MiB | %d MiB |\n",
		len(e.stories), e.docs, build.Seconds(), float64(e.docs)/build.Seconds(),
		restart.Seconds(), ms2(pct(0.5)), ms2(pct(0.99)), ms2(lat[len(lat)-1]), 100*answered/len(qs),
		heapIdle>>20, rssMiB(), dirMiB(t, dir))
	t.Logf("load %v build %v restart %v", load, build, restart)
}

func ms2(d time.Duration) string { return fmt.Sprintf("%.2f ms", float64(d.Microseconds())/1000) }

func readLines(t testing.TB, path string) []string {
	f, err := os.Open(path)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	var out []string
	sc := bufio.NewScanner(f)
	for sc.Scan() {
		if s := strings.TrimSpace(sc.Text()); s != "" {
			out = append(out, s)
		}
	}
	return out
}

// rssMiB is the process's resident memory now.
func rssMiB() int {
	data, err := os.ReadFile("/proc/self/status")
	if err != nil {
		return -1
	}
	for line := range strings.Lines(string(data)) {
		if rest, ok := strings.CutPrefix(line, "VmRSS:"); ok {
			kb, _ := strconv.Atoi(strings.TrimSuffix(strings.TrimSpace(rest), " kB"))
			return kb >> 10
		}
	}
	return -1
}

// dirMiB is the size of everything in dir.
func dirMiB(t testing.TB, dir string) int64 {
	var total int64
	err := filepath.WalkDir(dir, func(_ string, d fs.DirEntry, err error) error {
		if err != nil {
			return err
		}
		if info, err := d.Info(); err == nil && !d.IsDir() {
			total += info.Size()
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	return total >> 20
}
