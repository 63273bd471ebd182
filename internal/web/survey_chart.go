package web

import (
	"fmt"
	"html/template"
	"strings"
	"time"

	"github.com/bina-pustaka/bina/internal/i18n"
	"github.com/bina-pustaka/bina/internal/ikm"
	"github.com/bina-pustaka/bina/internal/survey"
)

// trendChart draws the IKM of each period as a bar on a 0–100 scale with
// the grade boundaries as dashed lines: a small SVG drawn here, so the
// page needs no script and prints as it shows. The table beside it carries
// the same figures for screen readers.
func (s *Server) trendChart(lang string, points []survey.TrendPoint) template.HTML {
	const (
		width, height     = 640.0, 250.0
		left, right       = 44.0, 40.0
		top, bottom       = 24.0, 208.0 // y of 100 and of 0
		perPoint          = (bottom - top) / 100
		barShare          = 0.56
		labelFont, numFnt = 12, 13
	)
	y := func(v float64) float64 { return bottom - v*perPoint }
	var b strings.Builder
	title := template.HTMLEscapeString(s.i18n.T(lang, "survey.trend", nil))
	fmt.Fprintf(&b, `<svg class="ikm-chart" viewBox="0 0 %.0f %.0f" role="img" aria-labelledby="ikm-chart-title" xmlns="http://www.w3.org/2000/svg">`, width, height)
	fmt.Fprintf(&b, `<title id="ikm-chart-title">%s</title>`, title)
	// Axis and the grade boundaries.
	fmt.Fprintf(&b, `<line x1="%.0f" y1="%.1f" x2="%.0f" y2="%.1f" stroke="#52626b" stroke-width="1"/>`, left, bottom, width-right, bottom)
	for _, v := range []float64{0, 25, 50, 75, 100} {
		fmt.Fprintf(&b, `<text x="%.0f" y="%.1f" font-size="11" text-anchor="end" fill="#52626b">%s</text>`, left-6, y(v)+4, i18n.FormatDecimal(lang, v, 0))
	}
	for i, band := range ikm.Bands[:len(ikm.Bands)-1] {
		v := float64(band.Min) / 100
		fmt.Fprintf(&b, `<line x1="%.0f" y1="%.1f" x2="%.0f" y2="%.1f" stroke="#7a4a00" stroke-width="1" stroke-dasharray="4 3"/>`, left, y(v), width-right, y(v))
		fmt.Fprintf(&b, `<text x="%.0f" y="%.1f" font-size="11" fill="#7a4a00">%s</text>`, width-right+4, y(v)+4+float64(i%2), band.Letter+"≥")
	}
	slot := (width - left - right) / float64(max(len(points), 1))
	for i, p := range points {
		cx := left + slot*(float64(i)+0.5)
		label := template.HTMLEscapeString(shortPeriod(p.Period))
		fmt.Fprintf(&b, `<text x="%.1f" y="%.1f" font-size="%d" text-anchor="middle" fill="#1d2a31">%s</text>`, cx, bottom+18, labelFont, label)
		if p.Respondents == 0 {
			fmt.Fprintf(&b, `<text x="%.1f" y="%.1f" font-size="%d" text-anchor="middle" fill="#52626b">—</text>`, cx, bottom-6, numFnt)
			continue
		}
		fill := "#5f9aa8"
		if i == len(points)-1 {
			fill = "#0b5f73"
		}
		w := slot * barShare
		fmt.Fprintf(&b, `<rect x="%.1f" y="%.1f" width="%.1f" height="%.1f" fill="%s"><title>%s: %s</title></rect>`,
			cx-w/2, y(p.IKM), w, p.IKM*perPoint, fill, label, i18n.FormatDecimal(lang, p.IKM, 2))
		fmt.Fprintf(&b, `<text x="%.1f" y="%.1f" font-size="%d" font-weight="600" text-anchor="middle" fill="#1d2a31">%s %s</text>`,
			cx, y(p.IKM)-6, numFnt, i18n.FormatDecimal(lang, p.IKM, 2), p.Grade)
	}
	b.WriteString(`</svg>`)
	return template.HTML(b.String()) // every text above is escaped or a number
}

// shortPeriod fits a period under its bar: 2026, 2026-S2, 2026-Q3,
// 2026-11, or the custom range's first and last days.
func shortPeriod(p survey.Period) string {
	if p.Kind != survey.Custom {
		return p.Value
	}
	f, _ := time.Parse(time.DateOnly, p.From)
	t, _ := time.Parse(time.DateOnly, p.To)
	return f.Format("2/1") + "–" + t.Format("2/1/06")
}
