package report

import (
	"io"
	"strings"
	"time"

	"github.com/bina-pustaka/bina/internal/ikm"
	"github.com/bina-pustaka/bina/internal/survey"
)

// SKMPDF writes the SKM report as an A4 PDF in the reader's language:
// a title block with the key figures, then I. introduction and method,
// II. respondent profile, III. results per element with the IKM and its
// grade, IV. trend, V. weakest elements and the follow-up plans, and a
// place to sign.
func SKMPDF(w io.Writer, s *SKM, l Locale) error {
	d := newDoc()
	title := l.T("survey.report.title")
	d.SetTitle(title+" - "+s.Library+" - "+s.PeriodLabel, true)
	d.SetAuthor(s.Library, true)
	d.SetCreator("Bina Pustaka", false)
	d.SetCreationDate(s.Printed)
	d.SetModificationDate(s.Printed)
	d.AliasNbPages("{nb}")
	d.SetHeaderFunc(func() {
		if d.PageNo() == 1 {
			return
		}
		d.font("", 8)
		d.textColor(muted)
		d.SetXY(marginX, 10)
		d.CellFormat(contentW, 4, d.tr(title+" · "+s.Library+" · "+s.scope(l)+" · "+s.PeriodLabel), "", 0, "L", false, 0, "")
		d.SetLineWidth(0.2)
		d.drawColor(rule)
		d.Line(marginX, 15, marginX+contentW, 15)
		d.SetXY(marginX, marginTop+2)
	})
	d.SetFooterFunc(func() {
		d.font("", 8)
		d.textColor(muted)
		d.SetXY(marginX, pageH-13)
		d.CellFormat(contentW/2, 4, d.tr(l.T("survey.report.printed", "Date", l.Date(s.Printed))+" · Bina Pustaka"), "", 0, "L", false, 0, "")
		d.CellFormat(contentW/2, 4, d.tr(l.T("survey.report.page", "N", d.PageNo(), "Total", "{nb}")), "", 0, "R", false, 0, "")
	})
	d.AddPage()
	s.titleBlock(d, l, title)
	s.introduction(d, l)
	s.profileSection(d, l)
	s.results(d, l)
	s.trendSection(d, l)
	s.weakSection(d, l)
	s.signature(d, l)
	return d.output(w, "skm report")
}

// period names the period with its days: "Tahun 2026 (1 Januari 2026 –
// 31 Desember 2026)"; a range of days is its own name.
func (s *SKM) period(l Locale) string {
	p := s.Report.Period
	if p.Kind == survey.Custom {
		return s.PeriodLabel
	}
	return s.PeriodLabel + " (" + l.Day(p.From) + " – " + l.Day(p.To) + ")"
}

func (s *SKM) titleBlock(d *doc, l Locale, title string) {
	d.SetXY(marginX, marginTop)
	d.font("B", 17)
	d.textColor(ink)
	d.MultiCell(contentW, 8, d.tr(title), "", "L", false)
	d.font("B", 13)
	d.textColor(teal)
	d.SetX(marginX)
	d.MultiCell(contentW, 6.5, d.tr(s.Library), "", "L", false)
	d.Ln(1.5)
	d.SetLineWidth(0.8)
	d.drawColor(teal)
	d.Line(marginX, d.GetY(), marginX+contentW, d.GetY())
	d.Ln(3)

	meta := [][2]string{
		{l.T("survey.service_point"), s.scope(l)},
		{l.T("survey.period"), s.period(l)},
		{l.T("survey.report.printed_on"), l.Date(s.Printed)},
	}
	for _, m := range meta {
		d.SetX(marginX)
		d.font("", 9.5)
		d.textColor(muted)
		d.CellFormat(32, 5, d.tr(m[0]), "", 0, "L", false, 0, "")
		d.textColor(ink)
		d.MultiCell(contentW-32, 5, d.tr(m[1]), "", "L", false)
	}
	d.Ln(3)

	// The key figures, for the reader who reads nothing else.
	res := s.Report.Result
	ikmText, gradeText, gradeLabel := "—", "—", l.T("survey.grade")
	if s.hasAnswers() {
		ikmText = l.Dec(res.IKM, 2)
		gradeText = res.Grade
		gradeLabel = l.T("survey.grade") + ": " + res.Label
	}
	respText, respLabel := l.Num(res.Respondents), l.T("survey.respondents")
	if s.Report.PopulationScope != "" {
		respText += " / " + l.Num(int64(s.Report.SampleTarget))
		respLabel = l.T("survey.report.respondents_target")
	}
	boxes := [][2]string{{ikmText, l.T("survey.report.ikm_long")}, {gradeText, gradeLabel}, {respText, respLabel}}
	const gap, boxH = 4.0, 21.0
	boxW := (contentW - 2*gap) / 3
	y := d.GetY()
	for i, b := range boxes {
		x := marginX + float64(i)*(boxW+gap)
		d.fillColor(summary)
		d.Rect(x, y, boxW, boxH, "F")
		d.font("B", 19)
		d.textColor(teal)
		if i == 2 && s.Report.SampleShort {
			d.textColor(alert)
		}
		d.SetXY(x, y+2.5)
		d.CellFormat(boxW, 9, d.tr(b[0]), "", 0, "C", false, 0, "")
		d.font("", 8.5)
		d.textColor(muted)
		d.SetXY(x, y+12.5)
		d.CellFormat(boxW, 5, d.tr(b[1]), "", 0, "C", false, 0, "")
	}
	d.SetXY(marginX, y+boxH+2)
	d.textColor(ink)
}

func (s *SKM) introduction(d *doc, l Locale) {
	d.heading(l.T("survey.report.intro_title"), 25)
	d.paragraph(l.T("survey.report.intro", "Library", s.Library, "Scope", s.scope(l), "Period", s.period(l)))
	d.paragraph(l.T("survey.report.method"))
	var bands []string
	for i, b := range ikm.Bands {
		lo, hi := float64(b.Min)/100, 100.0
		if i > 0 {
			hi = float64(ikm.Bands[i-1].Min-1) / 100
		}
		if b.Min == 0 {
			lo = 25 // the lowest possible IKM: every answer 1
		}
		bands = append(bands, b.Letter+" ("+b.Label+") "+l.Dec(lo, 2)+"–"+l.Dec(hi, 2))
	}
	d.paragraph(l.T("survey.report.bands") + " " + strings.Join(bands, "; ") + ".")
}

func (s *SKM) profileSection(d *doc, l Locale) {
	d.heading(l.T("survey.report.profile_title"), 25)
	total := s.Profile.Respondents
	if total == 0 {
		d.paragraph(l.T("survey.no_responses"))
		return
	}
	d.paragraph(l.T("survey.report.profile_intro", "N", l.Num(total)))
	const gap = 4.0
	half := (contentW - gap) / 2
	tables := s.profileDims(l)
	for i := 0; i < len(tables); i += 2 {
		pair := tables[i:min(i+2, len(tables))]
		colsOf := func(p profileDim) []column {
			return []column{{p.Title, half - 34, "L"}, {l.T("survey.report.count"), 16, "R"}, {"%", 18, "R"}}
		}
		rowsOf := func(p profileDim) []row {
			var rows []row
			for _, c := range p.Counts {
				rows = append(rows, row{Cells: []string{l.valueLabel(p.Kind, c.Value), l.Num(c.Count), l.percent(c.Count, total)}})
			}
			return append(rows, row{Cells: []string{l.T("survey.report.total"), l.Num(total), l.Dec(100, 1)}, Bold: true, Fill: &summary})
		}
		h := 0.0
		for _, p := range pair {
			h = max(h, d.tableHeight(colsOf(p), rowsOf(p)))
		}
		d.room(h)
		y, bottom := d.GetY(), 0.0
		for j, p := range pair {
			d.SetY(y)
			bottom = max(bottom, d.tableAt(marginX+float64(j)*(half+gap), colsOf(p), rowsOf(p), 0))
		}
		d.SetXY(marginX, bottom+4)
	}
}

func (s *SKM) results(d *doc, l Locale) {
	d.heading(l.T("survey.report.results_title"), 25)
	if !s.hasAnswers() {
		d.paragraph(l.T("survey.no_responses"))
		s.sampleNote(d, l)
		return
	}
	d.paragraph(l.T("survey.report.results_intro"))
	cols := []column{
		{l.T("survey.report.code"), 13, "L"}, {l.T("survey.element"), 63, "L"}, {l.T("survey.answers"), 19, "R"},
		{l.T("survey.nrr"), 21, "R"}, {l.T("survey.report.converted"), 25, "R"}, {l.T("survey.grade"), 29, "L"},
	}
	var rows []row
	for _, e := range s.Report.Elements {
		r := row{Cells: []string{e.Code, e.Name, l.Num(e.Count), "—", "—", "—"}}
		if e.Count > 0 {
			r.Cells[3], r.Cells[4], r.Cells[5] = l.Dec(e.NRR, 4), l.Dec(e.Converted, 2), gradeText(e.Grade, e.Label)
		}
		if e.Lowest {
			r.Cells[1] += " (" + l.T("survey.lowest") + ")"
		} else if e.Weak {
			r.Cells[1] += " (" + l.T("survey.weak") + ")"
		}
		if e.Weak {
			r.Fill = &amber
		}
		rows = append(rows, r)
	}
	res := s.Report.Result
	rows = append(rows, row{Bold: true, Fill: &summary, Cells: []string{"", l.T("survey.report.ikm_long"), l.Num(res.Respondents), "",
		l.Dec(res.IKM, 2), gradeText(res.Grade, res.Label)}})
	d.table(cols, rows)
	d.Ln(1.5)
	d.note(l.T("survey.report.table_note"), muted, "")
	d.note(l.T("survey.weak_rule"), muted, "")
	d.Ln(1.5)
	s.sampleNote(d, l)
}

// sampleNote says whether enough people answered for the result to
// represent the period's visitors (Krejcie–Morgan).
func (s *SKM) sampleNote(d *doc, l Locale) {
	rep := s.Report
	switch {
	case rep.SampleShort:
		d.note(l.T("survey.sample_short", "Respondents", l.Num(rep.Result.Respondents), "Target", l.Num(int64(rep.SampleTarget)),
			"Population", l.Num(rep.Population)), alert, "B")
	case rep.PopulationScope != "":
		d.note(l.T("survey.sample_ok", "Target", l.Num(int64(rep.SampleTarget)), "Population", l.Num(rep.Population)), ink, "")
	default:
		d.note(l.T("survey.no_population"), muted, "")
	}
}

// trendH is the height of the trend chart's scale, in millimetres.
const trendH = 62.0

func (s *SKM) trendSection(d *doc, l Locale) {
	d.heading(l.T("survey.report.trend_title"), 2*lineH+trendH+16) // never the title without its chart
	d.paragraph(l.T("survey.report.trend_intro", "N", len(s.Trend)))
	d.trendChart(l, s.Trend, trendH)
	cols := []column{{l.T("survey.period"), 80, "L"}, {l.T("survey.respondents"), 30, "R"}, {l.T("survey.ikm"), 25, "R"}, {l.T("survey.grade"), 35, "L"}}
	var rows []row
	for i := len(s.Trend) - 1; i >= 0; i-- { // newest first, as the eye looks for it
		p := s.Trend[i]
		r := row{Cells: []string{p.Label, l.Num(p.Respondents), "—", "—"}}
		if p.Respondents > 0 {
			r.Cells[2], r.Cells[3] = l.Dec(p.IKM, 2), gradeText(p.Grade, gradeLabel(p.Grade))
		}
		if i == len(s.Trend)-1 {
			r.Bold = true
		}
		rows = append(rows, r)
	}
	d.table(cols, rows)
}

// gradeLabel is the regulation's name of a grade letter.
func gradeLabel(letter string) string {
	for _, b := range ikm.Bands {
		if b.Letter == letter {
			return b.Label
		}
	}
	return ""
}

func (s *SKM) weakSection(d *doc, l Locale) {
	d.heading(l.T("survey.report.weak_title"), 25)
	if s.hasAnswers() {
		d.paragraph(l.T("survey.report.weak_intro"))
		for _, e := range s.Report.Elements {
			if !e.Weak {
				continue
			}
			text := l.T("survey.report.weak_item", "Code", e.Code, "Name", e.Name, "NRR", l.Dec(e.NRR, 4),
				"Converted", l.Dec(e.Converted, 2), "Grade", gradeText(e.Grade, e.Label))
			if e.Lowest {
				text += " (" + l.T("survey.lowest") + ")"
			}
			d.room(lineH * 2)
			d.font("", bodySize)
			d.SetX(marginX + 3)
			d.CellFormat(4, lineH, d.tr("•"), "", 0, "L", false, 0, "")
			d.MultiCell(contentW-7, lineH, d.tr(text), "", "L", false)
		}
		d.Ln(2)
	} else {
		d.paragraph(l.T("survey.no_responses"))
	}

	d.room(30)
	d.font("B", 10.5)
	d.textColor(teal)
	d.SetX(marginX)
	d.CellFormat(contentW, 6, d.tr(l.T("survey.followup.title")), "", 1, "L", false, 0, "")
	d.textColor(ink)
	if len(s.Followups) == 0 {
		d.paragraph(l.T("survey.followup.none"))
		return
	}
	cols := []column{
		{l.T("survey.element"), 33, "L"}, {l.T("survey.followup.action"), 52, "L"}, {l.T("survey.followup.owner"), 27, "L"},
		{l.T("survey.followup.due_date"), 32, "L"}, {l.T("survey.followup.status"), 26, "L"}, // "30 September 2026", "Direncanakan" on one line
	}
	today := s.Printed.Format(time.DateOnly)
	var rows []row
	for _, f := range s.Followups {
		what := f.Element + " " + f.ElementName() + "\n" + f.PeriodLabel
		if f.ServicePointName != "" && s.Scope == "" {
			what += " · " + f.ServicePointName
		}
		owner := f.OwnerName
		if owner == "" {
			owner = "—"
		}
		due := l.Day(f.DueDate)
		if f.Status != "done" && f.DueDate < today {
			due += "\n(" + l.T("survey.followup.overdue") + ")"
		}
		rows = append(rows, row{Cells: []string{what, f.Action, owner, due, l.T("survey.followup.status." + f.Status)}})
	}
	d.tableAt(marginX, cols, rows, signatureH) // the signature never stands alone on a page
}

// signatureH is the height of the signature block, the space above it
// included.
const signatureH = 8 + 2*lineH + 18 + 2*lineH

// signature leaves room for the head of the library to sign: the report
// is published under her name.
func (s *SKM) signature(d *doc, l Locale) {
	d.room(signatureH)
	d.Ln(8)
	const x, w = marginX + contentW - 75, 75.0
	d.font("", bodySize)
	d.textColor(ink)
	place := l.Date(s.Printed)
	if s.City != "" {
		place = s.City + ", " + place
	}
	d.SetX(x)
	d.MultiCell(w, lineH, d.tr(place), "", "L", false)
	d.SetX(x)
	d.MultiCell(w, lineH, d.tr(l.T("survey.report.signed_by", "Library", s.Library)), "", "L", false)
	d.Ln(18)
	d.SetX(x)
	d.CellFormat(w, lineH, "(....................................................)", "", 1, "L", false, 0, "")
	d.SetX(x)
	d.CellFormat(w, lineH, "NIP.", "", 1, "L", false, 0, "")
}
