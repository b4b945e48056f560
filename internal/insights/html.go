package insights

import (
	_ "embed"
	"fmt"
	"html/template"
	"io"

	"storybot/bot/store"
)

// The HTML report: one page, its style and charts inline (SVG), no
// script and nothing fetched, so that it opens from a file anywhere and
// can be mailed.

//go:embed report.html.tmpl
var reportHTML string

var reportTmpl = template.Must(template.New("report").Funcs(template.FuncMap{
	"pct":  func(x float64) string { return fmt.Sprintf("%.0f%%", 100*x) },
	"day":  func(d store.DayCount) string { return d.Day.Format("Jan 2") },
	"rate": func(d store.DayCount) float64 { return rate(d.Answered, d.Refused) },
	"one":  oneLine,
}).Parse(reportHTML))

// Chart geometry, in SVG user units.
const (
	chartW, chartH = 720.0, 240.0
	padL, padB     = 40.0, 30.0
	padT, padR     = 10.0, 40.0
)

// bar is one rectangle of a chart.
type bar struct {
	X, Y, W, H float64
	Class      string
	Title      string
}

// label is a text of a chart's axis.
type label struct {
	X, Y float64
	Text string
}

// chart is an SVG chart: bars, an optional line, labels.
type chart struct {
	W, H   float64
	Bars   []bar
	Line   string // points of a polyline, "" for none
	Labels []label
}

// page is what the template shows.
type page struct {
	F          Figures
	Questions  chart
	Confidence chart
}

// WriteHTML writes f, with the confidences conf of the same span, as a
// self-contained HTML page.
func WriteHTML(w io.Writer, f Figures, conf []store.Confidence) error {
	return reportTmpl.Execute(w, page{F: f, Questions: questionsChart(f.Days), Confidence: confidenceChart(conf)})
}

// questionsChart: the questions of each day, answered and refused
// stacked, and the answer rate as a line (0 to 100% on the right).
func questionsChart(days []store.DayCount) chart {
	c := chart{W: chartW, H: chartH}
	most := 1
	for _, d := range days {
		most = max(most, d.Answered+d.Refused)
	}
	plotW, plotH := chartW-padL-padR, chartH-padT-padB
	step := plotW / float64(max(1, len(days)))
	var line []byte
	for i, d := range days {
		x := padL + float64(i)*step
		ha := plotH * float64(d.Answered) / float64(most)
		hr := plotH * float64(d.Refused) / float64(most)
		base := padT + plotH
		c.Bars = append(c.Bars,
			bar{X: x + step*0.1, Y: base - ha, W: step * 0.8, H: ha, Class: "answered", Title: fmt.Sprintf("%s: %d answered", d.Day.Format("Jan 2"), d.Answered)},
			bar{X: x + step*0.1, Y: base - ha - hr, W: step * 0.8, H: hr, Class: "refused", Title: fmt.Sprintf("%s: %d refused", d.Day.Format("Jan 2"), d.Refused)})
		if d.Answered+d.Refused > 0 {
			line = fmt.Appendf(line, "%.1f,%.1f ", x+step/2, padT+plotH*(1-rate(d.Answered, d.Refused)))
		}
		if len(days) <= 10 || i%(len(days)/7+1) == 0 {
			c.Labels = append(c.Labels, label{X: x + step/2, Y: chartH - 10, Text: d.Day.Format("Jan 2")})
		}
	}
	c.Line = string(line)
	c.Labels = append(c.Labels, label{X: padL - 6, Y: padT + 10, Text: fmt.Sprint(most)}, label{X: padL - 6, Y: padT + plotH, Text: "0"},
		label{X: chartW - padR + 20, Y: padT + 10, Text: "100%"}, label{X: chartW - padR + 20, Y: padT + plotH, Text: "0%"})
	return c
}

// confidenceChart: how many answers and refusals had each confidence,
// in tenths, side by side.
func confidenceChart(conf []store.Confidence) chart {
	c := chart{W: chartW, H: chartH}
	var counts [10][2]int // [tenth][refused, answered]
	for _, x := range conf {
		i := min(9, max(0, int(x.Value*10)))
		a := 0
		if x.Answered {
			a = 1
		}
		counts[i][a]++
	}
	most := 1
	for _, t := range counts {
		most = max(most, t[0], t[1])
	}
	plotW, plotH := chartW-padL-padR, chartH-padT-padB
	step := plotW / 10
	for i, t := range counts {
		x := padL + float64(i)*step
		for a, class := range []string{"refused", "answered"} {
			h := plotH * float64(t[a]) / float64(most)
			c.Bars = append(c.Bars, bar{X: x + step*0.1 + float64(a)*step*0.4, Y: padT + plotH - h, W: step * 0.4, H: h, Class: class,
				Title: fmt.Sprintf("confidence %.1f–%.1f: %d %s", float64(i)/10, float64(i+1)/10, t[a], class)})
		}
		c.Labels = append(c.Labels, label{X: x + step/2, Y: chartH - 10, Text: fmt.Sprintf("%.1f", float64(i)/10)})
	}
	c.Labels = append(c.Labels, label{X: padL - 6, Y: padT + 10, Text: fmt.Sprint(most)}, label{X: padL - 6, Y: padT + plotH, Text: "0"})
	return c
}
