package web

import (
	"bytes"
	"html/template"
	"math"
	"net/http"
	"strconv"
	"strings"

	"github.com/xuri/excelize/v2"

	"github.com/bina-pustaka/bina/internal/competency"
	"github.com/bina-pustaka/bina/internal/library"
)

// Gap pages: a person's required vs agreed levels with a radar chart, and
// the library heatmap of staff × competency.

type gapPage struct {
	Gap   competency.PersonGap
	Radar template.HTML
}

func (s *Server) gapPage(w http.ResponseWriter, r *request) error {
	staffID, err := pathID(r, "staff", "staff")
	if err != nil {
		return err
	}
	cycleID, _ := strconv.ParseInt(r.URL.Query().Get("cycle"), 10, 64)
	g, err := s.svc.Competency.PersonGaps(r.Context(), r.Actor, r.LibraryID, staffID, cycleID)
	if err != nil {
		return err
	}
	t := func(key string) string { return s.i18n.T(r.Lang, key, map[string]any{"Name": g.Person.Name}) }
	p := gapPage{Gap: g}
	if len(g.Rows) >= 3 {
		p.Radar = radarSVG(g, t("gap.required"), t("gap.agreed"), t("gap.radar_title"))
	}
	return s.render(w, r, http.StatusOK, "gap_person", "gap.person_title", p)
}

// radarSVG draws required (dashed) and agreed (filled) levels on one axis
// per competency. Colours are SVG attributes, as in svgchart.go, so the
// strict CSP holds and the chart prints as it shows.
func radarSVG(g competency.PersonGap, requiredLabel, agreedLabel, title string) template.HTML {
	const size, cx, cy, radius = 420.0, 210.0, 200.0, 140.0
	n := len(g.Rows)
	max := float64(g.Scale.Max())
	if max < 1 {
		max = 5
	}
	point := func(i int, level float64) (float64, float64) {
		a := -math.Pi/2 + 2*math.Pi*float64(i)/float64(n)
		rr := radius * level / max
		return cx + rr*math.Cos(a), cy + rr*math.Sin(a)
	}
	var b strings.Builder
	b.WriteString(`<svg class="chart radar" id="gap-radar" role="img" viewBox="0 0 ` + num(size) + ` ` + num(size) + `" xmlns="http://www.w3.org/2000/svg" aria-labelledby="gap-radar-title">`)
	b.WriteString(`<title id="gap-radar-title">` + esc(title) + `</title>`)
	for l := 1; l <= int(max); l++ {
		var pts []string
		for i := range n {
			x, y := point(i, float64(l))
			pts = append(pts, num(x)+","+num(y))
		}
		b.WriteString(`<polygon points="` + strings.Join(pts, " ") + `" fill="none" stroke="#d6dfe3"/>`)
	}
	poly := func(level func(competency.GapRow) int, stroke, fill, dash, id string) {
		var pts []string
		for i, row := range g.Rows {
			x, y := point(i, float64(level(row)))
			pts = append(pts, num(x)+","+num(y))
		}
		b.WriteString(`<polygon id="` + id + `" points="` + strings.Join(pts, " ") + `" fill="` + fill + `" fill-opacity="0.35" stroke="` + stroke + `" stroke-width="2"` + dash + `/>`)
	}
	for i, row := range g.Rows {
		x, y := point(i, max)
		b.WriteString(`<line x1="` + num(cx) + `" y1="` + num(cy) + `" x2="` + num(x) + `" y2="` + num(y) + `" stroke="#d6dfe3"/>`)
		lx, ly := point(i, max*1.14)
		anchor := "middle"
		if lx < cx-5 {
			anchor = "end"
		} else if lx > cx+5 {
			anchor = "start"
		}
		b.WriteString(`<text x="` + num(lx) + `" y="` + num(ly+4) + `" text-anchor="` + anchor + `" font-size="11" fill="#1d2a31">` + esc(row.Code) + `</text>`)
	}
	poly(func(r competency.GapRow) int { return r.Required }, "#7a4a00", "none", ` stroke-dasharray="5 3"`, "radar-required")
	poly(func(r competency.GapRow) int { return r.Agreed }, "#0b5f73", "#0b5f73", "", "radar-agreed")
	b.WriteString(`<rect x="10" y="` + num(size-24) + `" width="14" height="4" fill="#7a4a00"/><text x="30" y="` + num(size-18) + `" font-size="12" fill="#1d2a31">` + esc(requiredLabel) + `</text>`)
	b.WriteString(`<rect x="190" y="` + num(size-24) + `" width="14" height="8" fill="#0b5f73"/><text x="210" y="` + num(size-18) + `" font-size="12" fill="#1d2a31">` + esc(agreedLabel) + `</text>`)
	b.WriteString(`</svg>`)
	return template.HTML(b.String())
}

// heatmapPage is the library heatmap. Rows are built as HTML here: 60,000
// cells through the template engine cost more than the queries.
type heatmapPage struct {
	Map           competency.Heatmap
	ServicePoints []library.ServicePoint
	Rows          []template.HTML
	SortURL       map[string]string
	ExportURL     string
}

func heatmapFilter(r *request) competency.HeatmapFilter {
	q := r.URL.Query()
	sp, _ := strconv.ParseInt(q.Get("service_point"), 10, 64)
	f := competency.HeatmapFilter{ServicePointID: sp, Level: strings.TrimSpace(q.Get("level")), Sort: q.Get("sort")}
	if f.Sort != "gap" {
		f.Sort = "name"
	}
	return f
}

func (s *Server) heatmapPage(w http.ResponseWriter, r *request) error {
	id, err := pathID(r, "cycle", "cycle")
	if err != nil {
		return err
	}
	f := heatmapFilter(r)
	h, err := s.svc.Competency.Heatmap(r.Context(), r.Actor, r.LibraryID, id, f)
	if err != nil {
		return err
	}
	sps, err := s.svc.Libraries.ServicePoints(r.Context(), r.Actor, r.LibraryID)
	if err != nil {
		return err
	}
	base := cycleURL(r.LibraryID, id) + "/heatmap"
	query := func(sort string) string {
		q := r.URL.Query()
		q.Set("sort", sort)
		return base + "?" + q.Encode()
	}
	p := heatmapPage{Map: h, ServicePoints: sps, SortURL: map[string]string{"name": query("name"), "gap": query("gap")},
		ExportURL: cycleURL(r.LibraryID, id) + "/heatmap.xlsx?" + r.URL.Query().Encode()}
	staffBase := "/libraries/" + strconv.FormatInt(r.LibraryID, 10) + "/staff/"
	cycleQ := "/gaps?cycle=" + strconv.FormatInt(id, 10)
	var b strings.Builder
	p.Rows = make([]template.HTML, 0, len(h.Rows))
	for _, row := range h.Rows {
		b.Reset()
		sid := strconv.FormatInt(row.StaffID, 10)
		b.WriteString(`<tr id="heat-row-` + sid + `"><th scope="row"><a href="` + staffBase + sid + cycleQ + `">` + esc(row.Name) + `</a></th><td>` + esc(row.Level) + `</td>`)
		for _, c := range row.Cells {
			switch {
			case c.Required == 0:
				b.WriteString(`<td class="heat heat-na"></td>`)
			case !c.Reviewed:
				b.WriteString(`<td class="heat heat-open">?</td>`)
			default:
				g := c.Gap
				if g > 3 {
					g = 3
				}
				b.WriteString(`<td class="heat heat-` + strconv.Itoa(g) + `">` + strconv.Itoa(c.Agreed) + `</td>`)
			}
		}
		b.WriteString(`<td class="num heat-total">` + strconv.Itoa(row.TotalGap) + `</td></tr>`)
		p.Rows = append(p.Rows, template.HTML(b.String()))
	}
	return s.render(w, r, http.StatusOK, "gap_heatmap", "gap.heatmap_title", p)
}

// heatmapXLSX exports the heatmap as shown (same filter and order): one
// row per person, the agreed level per competency, gaps in a second sheet.
func (s *Server) heatmapXLSX(w http.ResponseWriter, r *request) error {
	id, err := pathID(r, "cycle", "cycle")
	if err != nil {
		return err
	}
	h, err := s.svc.Competency.Heatmap(r.Context(), r.Actor, r.LibraryID, id, heatmapFilter(r))
	if err != nil {
		return err
	}
	v := struct{ T func(string) string }{T: func(key string) string { return s.i18n.T(r.Lang, key, nil) }}
	f := excelize.NewFile()
	defer f.Close()
	sheets := []struct {
		name string
		val  func(competency.HeatCell) any
	}{
		{v.T("gap.agreed"), func(c competency.HeatCell) any {
			if !c.Reviewed {
				return ""
			}
			return c.Agreed
		}},
		{v.T("gap.gap"), func(c competency.HeatCell) any {
			if !c.Reviewed {
				return ""
			}
			return c.Gap
		}},
	}
	for i, sh := range sheets {
		if i == 0 {
			_ = f.SetSheetName("Sheet1", sh.name)
		} else if _, err := f.NewSheet(sh.name); err != nil {
			return err
		}
		sw, err := f.NewStreamWriter(sh.name)
		if err != nil {
			return err
		}
		head := []any{v.T("staff.name"), v.T("staff.level"), v.T("staff.service_point")}
		for _, c := range h.Columns {
			head = append(head, c.Code+" "+c.Title)
		}
		head = append(head, v.T("gap.total_gap"))
		if err := sw.SetRow("A1", head); err != nil {
			return err
		}
		for n, row := range h.Rows {
			cells := []any{row.Name, row.Level, row.ServicePoint}
			for _, c := range row.Cells {
				cells = append(cells, sh.val(c))
			}
			cells = append(cells, row.TotalGap)
			cell, _ := excelize.CoordinatesToCellName(1, n+2)
			if err := sw.SetRow(cell, cells); err != nil {
				return err
			}
		}
		if err := sw.Flush(); err != nil {
			return err
		}
	}
	var buf bytes.Buffer
	if err := f.Write(&buf); err != nil {
		return err
	}
	return sendFile(w, xlsxType, "heatmap-kompetensi-"+strconv.FormatInt(id, 10)+".xlsx", buf.Bytes())
}
