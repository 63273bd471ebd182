package web

import (
	"fmt"
	"html/template"
	"strconv"
	"strings"
	"unicode/utf8"
)

// Small server-drawn SVG charts: a bar chart (vertical or horizontal), a
// line chart and a stacked bar chart. A page embeds the SVG itself, so it
// needs no script, no CDN and prints as it shows. Every chart is an image
// with a <title> and a <desc> that lists each value as text, every value is
// also drawn as a text label (colour is never the only cue), and each mark
// carries its own <title> as a tooltip. Callers format the values (locale
// decimals, units) and give the same figures in a table beside the chart.
//
// The colours are those of static/app.css (:root), which meet WCAG AA on
// white.
const (
	chartPrimary = "#0b5f73" // --primary
	chartText    = "#1d2a31" // --text
	chartMuted   = "#52626b" // --muted
	chartGrid    = "#d6dfe3" // --line
	chartAxis    = "#6f8088" // --input-line
	chartOK      = "#1b6b3a" // --ok
	chartWarn    = "#7a4a00" // --warn
	chartDanger  = "#b42318" // --danger
)

// gradeColor colours an IKM grade: A ok, B primary, C warn, D danger.
func gradeColor(grade string) string {
	switch grade {
	case "A":
		return chartOK
	case "B":
		return chartPrimary
	case "C":
		return chartWarn
	case "D":
		return chartDanger
	}
	return chartMuted
}

// chartMarker is a reference line across the plot, such as a grade
// threshold, with its label.
type chartMarker struct {
	Value float64
	Label string
}

// chartScale is the value axis shared by the charts.
type chartScale struct {
	Max      float64              // top of the scale; 0: the largest value (at least 1)
	Ticks    []float64            // values labelled on the axis, with grid lines
	TickText func(float64) string // formats a tick; nil: an integer
}

func (s chartScale) max(values ...float64) float64 {
	if s.Max > 0 {
		return s.Max
	}
	m := 1.0
	for _, v := range values {
		m = max(m, v)
	}
	return m
}

func (s chartScale) tickText(v float64) string {
	if s.TickText != nil {
		return s.TickText(v)
	}
	return strconv.FormatFloat(v, 'f', 0, 64)
}

// chartBar is one bar: its category, value, the value as shown, and colour.
type chartBar struct {
	Label   string
	Value   float64
	Text    string // the value as a label; with Missing, what to say instead (default "—")
	Color   string // "" → primary
	Missing bool   // no value: a dash instead of a bar
}

// barChart draws one bar per category, vertical (categories along the
// bottom) or horizontal (categories down the left, for long names).
type barChart struct {
	ID, Title, Desc string
	Horizontal      bool
	Scale           chartScale
	Bars            []chartBar
	Markers         []chartMarker
}

// svgWriter collects the markup; c escapes text.
type svgWriter struct{ strings.Builder }

func (w *svgWriter) f(format string, args ...any) { fmt.Fprintf(w, format, args...) }

func esc(s string) string { return template.HTMLEscapeString(s) }

// num writes a coordinate: one decimal is plenty in a 720-wide box.
func num(v float64) string { return strconv.FormatFloat(v, 'f', 1, 64) }

// clip shortens a label to n characters; the whole text stays in a <title>.
func clip(s string, n int) string {
	if utf8.RuneCountInString(s) <= n {
		return s
	}
	r := []rune(s)
	return string(r[:n-1]) + "…"
}

// open starts the SVG: an image named by its title and described by its
// description plus every value, so a screen reader hears the numbers.
func (w *svgWriter) open(id, title, desc string, values []string, width, height float64) {
	d := desc
	if len(values) > 0 {
		if d != "" {
			d += " "
		}
		d += strings.Join(values, "; ") + "."
	}
	w.f(`<svg id="%s" class="chart" viewBox="0 0 %s %s" width="%s" height="%s" role="img" aria-labelledby="%s-title %s-desc" xmlns="http://www.w3.org/2000/svg" font-family="system-ui, sans-serif">`,
		esc(id), num(width), num(height), num(width), num(height), esc(id), esc(id))
	w.f(`<title id="%s-title">%s</title><desc id="%s-desc">%s</desc>`, esc(id), esc(title), esc(id), esc(d))
}

func (w *svgWriter) close() template.HTML {
	w.WriteString(`</svg>`)
	return template.HTML(w.String()) // every text above went through esc or is a number
}

func (w *svgWriter) text(x, y float64, anchor, fill string, size int, bold bool, s string) {
	weight := ""
	if bold {
		// Value labels: a white halo keeps them readable over grid and
		// threshold lines.
		weight = ` font-weight="600" stroke="#fff" stroke-width="3" paint-order="stroke"`
	}
	w.f(`<text x="%s" y="%s" font-size="%d" text-anchor="%s" fill="%s"%s>%s</text>`, num(x), num(y), size, anchor, fill, weight, esc(s))
}

func (w *svgWriter) line(x1, y1, x2, y2 float64, stroke string, dashed bool) {
	dash := ""
	if dashed {
		dash = ` stroke-dasharray="5 3"`
	}
	w.f(`<line x1="%s" y1="%s" x2="%s" y2="%s" stroke="%s" stroke-width="1"%s/>`, num(x1), num(y1), num(x2), num(y2), stroke, dash)
}

func barText(b chartBar) string {
	if b.Missing && b.Text == "" {
		return "—"
	}
	return b.Text
}

func (c barChart) values() []string {
	out := make([]string, len(c.Bars))
	for i, b := range c.Bars {
		out[i] = b.Label + ": " + barText(b)
	}
	return out
}

// SVG draws the chart.
func (c barChart) SVG() template.HTML {
	if c.Horizontal {
		return c.horizontal()
	}
	const width, height, left, top, bottom = 720.0, 260.0, 44.0, 26.0, 222.0
	right := 16.0
	if len(c.Markers) > 0 {
		right = 64
	}
	values := make([]float64, len(c.Bars))
	for i, b := range c.Bars {
		values[i] = b.Value
	}
	top0 := c.Scale.max(values...)
	y := func(v float64) float64 { return bottom - min(v, top0)/top0*(bottom-top) }
	var w svgWriter
	w.open(c.ID, c.Title, c.Desc, c.values(), width, height)
	for _, t := range c.Scale.Ticks {
		w.line(left, y(t), width-right, y(t), chartGrid, false)
		w.text(left-6, y(t)+4, "end", chartMuted, 11, false, c.Scale.tickText(t))
	}
	w.line(left, bottom, width-right, bottom, chartAxis, false)
	slot := (width - left - right) / float64(max(len(c.Bars), 1))
	for i, b := range c.Bars {
		cx := left + slot*(float64(i)+0.5)
		w.text(cx, bottom+16, "middle", chartText, 11, false, b.Label)
		if b.Missing {
			w.text(cx, bottom-6, "middle", chartMuted, 12, false, barText(b))
			continue
		}
		bw := slot * 0.6
		w.f(`<rect x="%s" y="%s" width="%s" height="%s" fill="%s"><title>%s: %s</title></rect>`,
			num(cx-bw/2), num(y(b.Value)), num(bw), num(bottom-y(b.Value)), colorOr(b.Color), esc(b.Label), esc(b.Text))
		w.text(cx, y(b.Value)-5, "middle", chartText, 11, true, b.Text)
	}
	for _, m := range c.Markers {
		w.line(left, y(m.Value), width-right, y(m.Value), chartWarn, true)
		w.text(width-right+4, y(m.Value)+4, "start", chartWarn, 11, false, m.Label)
	}
	return w.close()
}

// horizontal draws one row per category: the name on the left, the bar,
// and its value after it.
func (c barChart) horizontal() template.HTML {
	const width, left, right, top, row = 720.0, 200.0, 96.0, 28.0, 30.0
	bottom := top + row*float64(max(len(c.Bars), 1))
	height := bottom + 26
	values := make([]float64, len(c.Bars))
	for i, b := range c.Bars {
		values[i] = b.Value
	}
	top0 := c.Scale.max(values...)
	x := func(v float64) float64 { return left + min(v, top0)/top0*(width-left-right) }
	var w svgWriter
	w.open(c.ID, c.Title, c.Desc, c.values(), width, height)
	for _, t := range c.Scale.Ticks {
		w.line(x(t), top, x(t), bottom, chartGrid, false)
		w.text(x(t), bottom+16, "middle", chartMuted, 11, false, c.Scale.tickText(t))
	}
	w.line(left, top, left, bottom, chartAxis, false)
	for i, b := range c.Bars {
		y0 := top + row*float64(i)
		w.f(`<g><title>%s: %s</title>`, esc(b.Label), esc(barText(b)))
		w.text(left-8, y0+row/2+4, "end", chartText, 12, false, clip(b.Label, 28))
		if b.Missing {
			w.text(left+6, y0+row/2+4, "start", chartMuted, 12, false, barText(b))
		} else {
			w.f(`<rect x="%s" y="%s" width="%s" height="%s" fill="%s"/>`, num(left), num(y0+6), num(x(b.Value)-left), num(row-12), colorOr(b.Color))
			w.text(x(b.Value)+6, y0+row/2+4, "start", chartText, 12, true, b.Text)
		}
		w.WriteString(`</g>`)
	}
	for _, m := range c.Markers {
		w.line(x(m.Value), top-6, x(m.Value), bottom, chartWarn, true)
		w.text(x(m.Value), top-10, "middle", chartWarn, 11, false, m.Label)
	}
	return w.close()
}

func colorOr(c string) string {
	if c == "" {
		return chartPrimary
	}
	return c
}

// chartPoint is one value of a line; Missing leaves a gap.
type chartPoint struct {
	Value   float64
	Text    string
	Missing bool
}

// chartSeries is one line, or one layer of a stacked bar.
type chartSeries struct {
	Name   string
	Color  string
	Points []chartPoint // a line's values, one per label (unused by stacked bars)
}

// lineChart draws one or more series over the same labels on one scale.
// Missing points break the line; every point carries its value as text
// (above the line for the first series, below for the second).
type lineChart struct {
	ID, Title, Desc string
	Labels          []string
	Series          []chartSeries
	Scale           chartScale
	Markers         []chartMarker
}

func (c lineChart) values() []string {
	var out []string
	for _, s := range c.Series {
		for i, p := range s.Points {
			if i >= len(c.Labels) {
				break
			}
			t := p.Text
			if p.Missing && t == "" {
				t = "—"
			}
			label := c.Labels[i]
			if len(c.Series) > 1 {
				label = s.Name + " " + label
			}
			out = append(out, label+": "+t)
		}
	}
	return out
}

// SVG draws the chart.
func (c lineChart) SVG() template.HTML {
	const width, height, left, bottom = 720.0, 260.0, 44.0, 222.0
	top, right := 30.0, 16.0
	if len(c.Series) > 1 {
		top = 46 // room for the legend
	}
	if len(c.Markers) > 0 {
		right = 64
	}
	var all []float64
	for _, s := range c.Series {
		for _, p := range s.Points {
			if !p.Missing {
				all = append(all, p.Value)
			}
		}
	}
	top0 := c.Scale.max(all...)
	y := func(v float64) float64 { return bottom - min(v, top0)/top0*(bottom-top) }
	var w svgWriter
	w.open(c.ID, c.Title, c.Desc, c.values(), width, height)
	if len(c.Series) > 1 {
		legend(&w, left, 14, c.Series)
	}
	for _, t := range c.Scale.Ticks {
		w.line(left, y(t), width-right, y(t), chartGrid, false)
		w.text(left-6, y(t)+4, "end", chartMuted, 11, false, c.Scale.tickText(t))
	}
	w.line(left, bottom, width-right, bottom, chartAxis, false)
	slot := (width - left - right) / float64(max(len(c.Labels), 1))
	cx := func(i int) float64 { return left + slot*(float64(i)+0.5) }
	for i, l := range c.Labels {
		w.text(cx(i), bottom+16, "middle", chartText, 11, false, l)
	}
	for _, m := range c.Markers {
		w.line(left, y(m.Value), width-right, y(m.Value), chartWarn, true)
		w.text(width-right+4, y(m.Value)+4, "start", chartWarn, 11, false, m.Label)
	}
	for si, s := range c.Series {
		color := colorOr(s.Color)
		// One polyline per run of present points.
		var run []string
		flush := func() {
			if len(run) > 1 {
				w.f(`<polyline points="%s" fill="none" stroke="%s" stroke-width="2.5" stroke-linejoin="round"/>`, strings.Join(run, " "), color)
			}
			run = run[:0]
		}
		for i, p := range s.Points {
			if i >= len(c.Labels) {
				break
			}
			if p.Missing {
				flush()
				continue
			}
			run = append(run, num(cx(i))+","+num(y(p.Value)))
		}
		flush()
		for i, p := range s.Points {
			if i >= len(c.Labels) || p.Missing {
				continue
			}
			px, py := cx(i), y(p.Value)
			tip := esc(c.Labels[i] + ": " + p.Text)
			if si%2 == 0 {
				w.f(`<circle cx="%s" cy="%s" r="4" fill="%s"><title>%s</title></circle>`, num(px), num(py), color, tip)
				w.text(px, py-8, "middle", chartText, 11, true, p.Text)
			} else { // a square: the second line is told apart without colour
				w.f(`<rect x="%s" y="%s" width="8" height="8" fill="%s"><title>%s</title></rect>`, num(px-4), num(py-4), color, tip)
				w.text(px, py+17, "middle", chartText, 11, true, p.Text)
			}
		}
	}
	return w.close()
}

// legend draws a swatch and a name per series, left to right.
func legend(w *svgWriter, x, y float64, series []chartSeries) {
	for _, s := range series {
		w.f(`<rect x="%s" y="%s" width="12" height="12" fill="%s"/>`, num(x), num(y-10), colorOr(s.Color))
		w.text(x+16, y, "start", chartText, 12, false, s.Name)
		x += 16 + 7.5*float64(utf8.RuneCountInString(s.Name)) + 18
	}
}

// stackedBarChart draws, per label, one bar made of the series' values
// stacked bottom-up, with the total above it and a legend on top.
type stackedBarChart struct {
	ID, Title, Desc string
	Labels          []string
	Series          []chartSeries // names and colours of the layers, bottom first
	Values          [][]float64   // [label][series]
	Totals          []string      // text above each bar, per label
	Scale           chartScale
	ValueText       func(float64) string // formats a layer's value for its tooltip and the description
}

func (c stackedBarChart) valueText(v float64) string {
	if c.ValueText != nil {
		return c.ValueText(v)
	}
	return strconv.FormatFloat(v, 'f', -1, 64)
}

func (c stackedBarChart) values() []string {
	out := make([]string, len(c.Labels))
	for i, l := range c.Labels {
		var parts []string
		for si, s := range c.Series {
			if si < len(c.Values[i]) && c.Values[i][si] != 0 {
				parts = append(parts, s.Name+" "+c.valueText(c.Values[i][si]))
			}
		}
		t := ""
		if i < len(c.Totals) {
			t = c.Totals[i]
		}
		if len(parts) > 0 {
			t += " (" + strings.Join(parts, ", ") + ")"
		}
		out[i] = l + ": " + t
	}
	return out
}

// SVG draws the chart.
func (c stackedBarChart) SVG() template.HTML {
	const width, height, left, right, top, bottom = 720.0, 270.0, 44.0, 16.0, 46.0, 232.0
	var sums []float64
	for _, vs := range c.Values {
		s := 0.0
		for _, v := range vs {
			s += v
		}
		sums = append(sums, s)
	}
	top0 := c.Scale.max(sums...)
	h := func(v float64) float64 { return min(v, top0) / top0 * (bottom - top) }
	var w svgWriter
	w.open(c.ID, c.Title, c.Desc, c.values(), width, height)
	legend(&w, left, 14, c.Series)
	for _, t := range c.Scale.Ticks {
		w.line(left, bottom-h(t), width-right, bottom-h(t), chartGrid, false)
		w.text(left-6, bottom-h(t)+4, "end", chartMuted, 11, false, c.Scale.tickText(t))
	}
	w.line(left, bottom, width-right, bottom, chartAxis, false)
	slot := (width - left - right) / float64(max(len(c.Labels), 1))
	for i, l := range c.Labels {
		cx := left + slot*(float64(i)+0.5)
		bw := slot * 0.6
		w.text(cx, bottom+16, "middle", chartText, 11, false, l)
		y := bottom
		for si, s := range c.Series {
			if i >= len(c.Values) || si >= len(c.Values[i]) || c.Values[i][si] <= 0 {
				continue
			}
			v := c.Values[i][si]
			// A white edge keeps neighbouring layers apart in greyscale print.
			w.f(`<rect x="%s" y="%s" width="%s" height="%s" fill="%s" stroke="#fff" stroke-width="1"><title>%s · %s: %s</title></rect>`,
				num(cx-bw/2), num(y-h(v)), num(bw), num(h(v)), colorOr(s.Color), esc(l), esc(s.Name), esc(c.valueText(v)))
			y -= h(v)
		}
		if i < len(c.Totals) {
			w.text(cx, y-5, "middle", chartText, 11, true, c.Totals[i])
		}
	}
	return w.close()
}
