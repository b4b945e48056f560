package main

import (
	"encoding/json"
	"fmt"
	"io"
	"math"
	"slices"
	"strconv"
	"strings"
	"time"
)

// report is the outcome of a run. Its figures are flat top-level JSON
// fields so that a shell script can pick them out without jq.
type report struct {
	URL         string  `json:"url"`
	Kind        string  `json:"kind"`
	Concurrency int     `json:"concurrency"`
	Requests    int     `json:"requests"`
	DurationS   float64 `json:"duration_s"`
	RPS         float64 `json:"rps"`
	// Latency of the well-formed requests that got an answer, in ms.
	LatencyN  int                   `json:"latency_n"`
	P50ms     float64               `json:"p50_ms"`
	P90ms     float64               `json:"p90_ms"`
	P99ms     float64               `json:"p99_ms"`
	MaxMs     float64               `json:"max_ms"`
	MeanMs    float64               `json:"mean_ms"`
	Status    map[string]int        `json:"status"`
	Kinds     map[string]kindReport `json:"kinds"`
	Expected4 int                   `json:"expected_4xx"`
	Errors    int                   `json:"errors"`
	// ErrorSamples counts up to 20 distinct error messages.
	ErrorSamples map[string]int `json:"error_samples,omitempty"`
	Interrupted  bool           `json:"interrupted,omitempty"`
}

type kindReport struct {
	Sent     int `json:"sent"`
	Expected int `json:"expected"` // answered as this kind should be
	Want     int `json:"want_status,omitempty"`
}

// percentile is the nearest-rank percentile p (0 < p <= 100) of sorted:
// the smallest value that at least p% of the values are at or below.
func percentile(sorted []time.Duration, p float64) time.Duration {
	if len(sorted) == 0 {
		return 0
	}
	rank := int(math.Ceil(p / 100 * float64(len(sorted))))
	return sorted[min(max(rank, 1), len(sorted))-1]
}

func ms(d time.Duration) float64 { return math.Round(float64(d)/1e3) / 1e3 }

func (r *result) report(cfg *config) report {
	slices.Sort(r.latencies)
	rep := report{
		URL:          cfg.url,
		Kind:         cfg.mode,
		Concurrency:  cfg.concurrency,
		DurationS:    math.Round(r.elapsed.Seconds()*1000) / 1000,
		LatencyN:     len(r.latencies),
		P50ms:        ms(percentile(r.latencies, 50)),
		P90ms:        ms(percentile(r.latencies, 90)),
		P99ms:        ms(percentile(r.latencies, 99)),
		MaxMs:        ms(percentile(r.latencies, 100)),
		Status:       map[string]int{},
		Kinds:        map[string]kindReport{},
		Errors:       r.errors,
		ErrorSamples: r.samples,
		Interrupted:  r.interrupted,
	}
	if len(r.latencies) > 0 {
		var sum time.Duration
		for _, l := range r.latencies {
			sum += l
		}
		rep.MeanMs = ms(sum / time.Duration(len(r.latencies)))
	}
	for code, n := range r.status {
		rep.Status[strconv.Itoa(code)] = n
	}
	for k, c := range r.kinds {
		rep.Requests += c.sent
		if c.sent > 0 {
			rep.Kinds[kind(k).String()] = kindReport{Sent: c.sent, Expected: c.expected, Want: expect[k]}
		}
		if expect[k] != 0 {
			rep.Expected4 += c.expected
		}
	}
	if r.elapsed > 0 {
		rep.RPS = math.Round(float64(rep.Requests)/r.elapsed.Seconds()*10) / 10
	}
	if len(rep.ErrorSamples) == 0 {
		rep.ErrorSamples = nil
	}
	return rep
}

func writeJSON(w io.Writer, rep report) error {
	b, err := json.Marshal(rep)
	if err != nil {
		return err
	}
	_, err = w.Write(append(b, '\n'))
	return err
}

func writeText(w io.Writer, r report) error {
	var b strings.Builder
	d := func(x float64) string { return strconv.FormatFloat(x, 'f', 3, 64) + "ms" }
	fmt.Fprintf(&b, "target       %s (%s, %d workers)\n", r.URL, r.Kind, r.Concurrency)
	fmt.Fprintf(&b, "requests     %d in %.3fs = %.1f req/s\n", r.Requests, r.DurationS, r.RPS)
	fmt.Fprintf(&b, "latency      p50 %s  p90 %s  p99 %s  max %s  mean %s  (%d well-formed requests)\n",
		d(r.P50ms), d(r.P90ms), d(r.P99ms), d(r.MaxMs), d(r.MeanMs), r.LatencyN)
	b.WriteString("status      ")
	codes := make([]string, 0, len(r.Status))
	for c := range r.Status {
		codes = append(codes, c)
	}
	slices.Sort(codes)
	for _, c := range codes {
		fmt.Fprintf(&b, " %s×%d", c, r.Status[c])
	}
	b.WriteString("\nkinds       ")
	for _, name := range kindNames {
		if k, ok := r.Kinds[name]; ok {
			want := "2xx"
			if k.Want != 0 {
				want = strconv.Itoa(k.Want)
			}
			fmt.Fprintf(&b, " %s %d/%d got %s;", name, k.Expected, k.Sent, want)
		}
	}
	fmt.Fprintf(&b, "\nexpected 4xx %d\nerrors       %d\n", r.Expected4, r.Errors)
	msgs := make([]string, 0, len(r.ErrorSamples))
	for m := range r.ErrorSamples {
		msgs = append(msgs, m)
	}
	slices.Sort(msgs)
	for _, m := range msgs {
		fmt.Fprintf(&b, "  %6d × %s\n", r.ErrorSamples[m], m)
	}
	if r.Interrupted {
		b.WriteString("interrupted before the end\n")
	}
	_, err := io.WriteString(w, b.String())
	return err
}
