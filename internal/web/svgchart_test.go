package web

import (
	"encoding/xml"
	"io"
	"strings"
	"testing"
)

// wellFormed parses the SVG as XML: a broken tag or an unescaped name
// would show as a blank or a garbled chart.
func wellFormed(t *testing.T, svg string) {
	t.Helper()
	dec := xml.NewDecoder(strings.NewReader(svg))
	for {
		if _, err := dec.Token(); err == io.EOF {
			return
		} else if err != nil {
			t.Fatalf("not well-formed: %v\n%s", err, svg)
		}
	}
}

func TestChartsNameThemselvesAndCarryTheirNumbers(t *testing.T) {
	scale := chartScale{Max: 100, Ticks: []float64{0, 50, 100}}
	charts := map[string]string{
		"bar": string(barChart{ID: "b", Title: "IKM <per> unit", Desc: "Skala 0–100.", Scale: scale,
			Bars: []chartBar{{Label: "Sirkulasi & Referensi", Value: 94.44, Text: "94,44 A"}, {Label: "Anak", Missing: true}}}.SVG()),
		"horizontal": string(barChart{ID: "h", Title: "IKM", Horizontal: true, Scale: scale, Markers: []chartMarker{{Value: 76.61, Label: "B ≥ 76,61"}},
			Bars: []chartBar{{Label: "Layanan Perpustakaan Keliling Kecamatan Utara", Value: 80, Text: "80,00 B"}}}.SVG()),
		"line": string(lineChart{ID: "l", Title: "IKM per bulan", Labels: []string{"Jan 26", "Feb 26", "Mar 26"}, Scale: scale,
			Series: []chartSeries{{Name: "IKM", Points: []chartPoint{{Value: 80, Text: "80,00"}, {Missing: true}, {Value: 70, Text: "70,00"}}}}}.SVG()),
		"stacked": string(stackedBarChart{ID: "s", Title: "Pengaduan", Labels: []string{"Jan 26", "Feb 26"}, Scale: countScale(4),
			Series: []chartSeries{{Name: "Tepat waktu", Color: chartOK}, {Name: "Terlambat", Color: chartDanger}},
			Values: [][]float64{{1, 2}, {0, 0}}, Totals: []string{"3", "0"}}.SVG()),
	}
	for name, svg := range charts {
		wellFormed(t, svg)
		if !strings.Contains(svg, `role="img"`) || !strings.Contains(svg, `<title id=`) || !strings.Contains(svg, `<desc id=`) {
			t.Errorf("%s: no accessible name: %.200s", name, svg)
		}
	}
	if b := charts["bar"]; !strings.Contains(b, "IKM &lt;per&gt; unit") || !strings.Contains(b, "Sirkulasi &amp; Referensi: 94,44 A; Anak: —.") {
		t.Errorf("bar: title not escaped or values missing from the description:\n%s", b)
	}
	if h := charts["horizontal"]; !strings.Contains(h, "Layanan Perpustakaan Kelili…") || !strings.Contains(h, "<title>Layanan Perpustakaan Keliling Kecamatan Utara: 80,00 B</title>") || !strings.Contains(h, "B ≥ 76,61") {
		t.Errorf("horizontal: a long name should be clipped on the axis but whole in its title, with the marker:\n%s", h)
	}
	// The missing month breaks the line: two lone points, no polyline.
	if l := charts["line"]; strings.Contains(l, "<polyline") || !strings.Contains(l, "Feb 26: —") {
		t.Errorf("line: a gap should not be bridged:\n%s", l)
	}
	if s := charts["stacked"]; !strings.Contains(s, "Jan 26: 3 (Tepat waktu 1, Terlambat 2)") || strings.Count(s, "<rect") != 4 {
		t.Errorf("stacked: two layers plus two legend swatches expected:\n%s", s)
	}
}

func TestCountScale(t *testing.T) {
	for most, want := range map[int]string{0: "1: 0 1", 3: "3: 0 1 2 3", 4: "4: 0 1 2 3 4", 9: "9: 0 3 6 9", 10: "12: 0 3 6 9 12"} {
		s := countScale(most)
		got := s.tickText(s.Max) + ":"
		for _, v := range s.Ticks {
			got += " " + s.tickText(v)
		}
		if got != want {
			t.Errorf("countScale(%d) = %s, want %s", most, got, want)
		}
	}
}
