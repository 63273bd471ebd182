package report

import (
	"fmt"
	"io"
	"strings"
	"time"

	"github.com/xuri/excelize/v2"

	"github.com/bina-pustaka/bina/internal/ikm"
	"github.com/bina-pustaka/bina/internal/survey"
)

// SKMSheets are the keys of the workbook's sheet names, in order.
var SKMSheets = []string{
	"survey.report.sheet.summary", "survey.report.sheet.nrr", "survey.report.sheet.profile",
	"survey.report.sheet.trend", "survey.report.sheet.followups", "survey.report.sheet.data",
}

// SKMXLSX writes the SKM report as a workbook: the summary, the NRR per
// element, the respondent profile, the trend and the follow-up plans as
// tables, and every raw response of the period on the last sheet, for
// whoever wants to recompute or publish the data. Figures are numbers
// with a display format, not text, so they can be computed on.
func SKMXLSX(w io.Writer, s *SKM, l Locale) error {
	f := excelize.NewFile()
	defer f.Close()
	b := &book{f: f}
	b.styles()
	names := make([]string, len(SKMSheets))
	for i, k := range SKMSheets {
		names[i] = sheetName(l.T(k))
		if i == 0 {
			b.check(f.SetSheetName(f.GetSheetName(0), names[0]))
		} else {
			_, err := f.NewSheet(names[i])
			b.check(err)
		}
	}
	s.summarySheet(b, l, names[0])
	s.nrrSheet(b, l, names[1])
	s.profileSheet(b, l, names[2])
	s.trendSheet(b, l, names[3])
	s.followupSheet(b, l, names[4])
	if b.err == nil {
		b.check(s.dataSheet(b, l, names[5]))
	}
	f.SetActiveSheet(0)
	b.check(f.SetDocProps(&excelize.DocProperties{Title: l.T("survey.report.title") + " - " + s.Library + " - " + s.PeriodLabel,
		Creator: "Bina Pustaka", Created: s.Printed.UTC().Format(time.RFC3339)}))
	if b.err != nil {
		return fmt.Errorf("skm workbook: %w", b.err)
	}
	if err := f.Write(w); err != nil {
		return fmt.Errorf("skm workbook: %w", err)
	}
	return nil
}

// sheetName fits a name to Excel's rules: at most 31 characters, none of
// : \ / ? * [ ].
func sheetName(s string) string {
	s = strings.Map(func(r rune) rune {
		if strings.ContainsRune(`:\/?*[]`, r) {
			return '-'
		}
		return r
	}, s)
	if r := []rune(s); len(r) > 31 {
		s = string(r[:31])
	}
	return s
}

// book is a workbook being written, keeping the first error so that the
// layout code reads as a list of cells.
type book struct {
	f   *excelize.File
	err error
	// styles
	title, head, bold, total, dec2, dec4, pct, wrap, date, stamp, weak, money int
}

func (b *book) check(err error) {
	if b.err == nil && err != nil {
		b.err = err
	}
}

func (b *book) style(s *excelize.Style) int {
	id, err := b.f.NewStyle(s)
	b.check(err)
	return id
}

func (b *book) styles() {
	border := []excelize.Border{{Type: "left", Color: "C8D0D4", Style: 1}, {Type: "right", Color: "C8D0D4", Style: 1},
		{Type: "top", Color: "C8D0D4", Style: 1}, {Type: "bottom", Color: "C8D0D4", Style: 1}}
	f2, f4, pct, day, stamp := "0.00", "0.0000", "0.0%", "yyyy-mm-dd", "yyyy-mm-dd hh:mm"
	b.title = b.style(&excelize.Style{Font: &excelize.Font{Bold: true, Size: 14, Color: "0B5F73"}})
	b.head = b.style(&excelize.Style{Font: &excelize.Font{Bold: true, Color: "FFFFFF"}, Border: border,
		Fill: excelize.Fill{Type: "pattern", Pattern: 1, Color: []string{"0B5F73"}}, Alignment: &excelize.Alignment{Vertical: "center", WrapText: true}})
	b.bold = b.style(&excelize.Style{Font: &excelize.Font{Bold: true}})
	b.total = b.style(&excelize.Style{Font: &excelize.Font{Bold: true}, Border: border, Fill: excelize.Fill{Type: "pattern", Pattern: 1, Color: []string{"E6F0F3"}}})
	b.dec2 = b.style(&excelize.Style{CustomNumFmt: &f2})
	b.dec4 = b.style(&excelize.Style{CustomNumFmt: &f4})
	b.pct = b.style(&excelize.Style{CustomNumFmt: &pct})
	b.wrap = b.style(&excelize.Style{Alignment: &excelize.Alignment{Vertical: "top", WrapText: true}})
	b.date = b.style(&excelize.Style{CustomNumFmt: &day})
	b.stamp = b.style(&excelize.Style{CustomNumFmt: &stamp})
	b.weak = b.style(&excelize.Style{Fill: excelize.Fill{Type: "pattern", Pattern: 1, Color: []string{"FFF1CC"}}})
	money := "#,##0"
	b.money = b.style(&excelize.Style{CustomNumFmt: &money})
}

// cell names column col (1-based) of row r.
func cell(col, r int) string {
	name, _ := excelize.CoordinatesToCellName(col, r)
	return name
}

// row writes values from column A of row r.
func (b *book) row(sheet string, r int, values ...any) {
	b.check(b.f.SetSheetRow(sheet, cell(1, r), &values))
}

// paint gives cells from column c1 to c2 of row r a style.
func (b *book) paint(sheet string, r, c1, c2, style int) {
	b.check(b.f.SetCellStyle(sheet, cell(c1, r), cell(c2, r), style))
}

// widths sets the columns' widths from A on.
func (b *book) widths(sheet string, ws ...float64) {
	for i, w := range ws {
		col, _ := excelize.ColumnNumberToName(i + 1)
		b.check(b.f.SetColWidth(sheet, col, col, w))
	}
}

// header writes a table head on row r and freezes the rows above it.
func (b *book) header(sheet string, r int, titles ...string) {
	values := make([]any, len(titles))
	for i, t := range titles {
		values[i] = t
	}
	b.row(sheet, r, values...)
	b.paint(sheet, r, 1, len(titles), b.head)
}

func (b *book) freeze(sheet string, rows int) {
	b.check(b.f.SetPanes(sheet, &excelize.Panes{Freeze: true, YSplit: rows, TopLeftCell: cell(1, rows+1), ActivePane: "bottomLeft"}))
}

func (s *SKM) summarySheet(b *book, l Locale, sheet string) {
	b.widths(sheet, 30, 22, 40)
	b.row(sheet, 1, l.T("survey.report.title"))
	b.paint(sheet, 1, 1, 1, b.title)
	b.row(sheet, 2, s.Library)
	b.paint(sheet, 2, 1, 1, b.bold)
	rep, res := s.Report, s.Report.Result
	known := rep.PopulationScope != ""
	lines := [][]any{
		{l.T("survey.report.library"), s.Library},
		{l.T("survey.service_point"), s.scope(l)},
		{l.T("survey.period"), s.PeriodLabel},
		{l.T("survey.from"), l.Day(rep.Period.From)},
		{l.T("survey.to"), l.Day(rep.Period.To)},
		{l.T("survey.report.printed_on"), l.Date(s.Printed)},
		{l.T("survey.respondents"), res.Respondents},
		{l.T("survey.report.population"), optional(known, rep.Population)},
		{l.T("survey.sample_target"), optional(known, rep.SampleTarget)},
		{l.T("survey.ikm"), optional(s.hasAnswers(), res.IKM)},
		{l.T("survey.grade"), res.Grade, res.Label},
	}
	const ikmLine = 9
	r := 4
	for i, line := range lines {
		b.row(sheet, r+i, line...)
		b.paint(sheet, r+i, 1, 1, b.bold)
	}
	b.paint(sheet, r+ikmLine, 2, 2, b.dec2)
	r += len(lines) + 1
	sample := l.T("survey.no_population")
	switch {
	case rep.SampleShort:
		sample = l.T("survey.sample_short", "Respondents", l.Num(res.Respondents), "Target", l.Num(int64(rep.SampleTarget)), "Population", l.Num(rep.Population))
	case known:
		sample = l.T("survey.sample_ok", "Target", l.Num(int64(rep.SampleTarget)), "Population", l.Num(rep.Population))
	}
	b.row(sheet, r, sample)
	b.row(sheet, r+1, l.T("survey.report.method"))
}

func (s *SKM) nrrSheet(b *book, l Locale, sheet string) {
	b.widths(sheet, 8, 40, 14, 12, 10, 16, 8, 16, 24)
	b.header(sheet, 1, l.T("survey.report.code"), l.T("survey.element"), l.T("survey.report.sum"), l.T("survey.answers"),
		l.T("survey.nrr"), l.T("survey.report.converted"), l.T("survey.report.grade_letter"), l.T("survey.report.grade_label"), l.T("survey.report.note"))
	b.freeze(sheet, 1)
	for i, e := range s.Report.Elements {
		r := i + 2
		note := ""
		if e.Lowest {
			note = l.T("survey.lowest")
		} else if e.Weak {
			note = l.T("survey.weak")
		}
		answered := e.Count > 0
		b.row(sheet, r, e.Code, e.Name, e.Sum, e.Count, optional(answered, e.NRR), optional(answered, e.Converted), e.Grade, e.Label, note)
		if e.Weak {
			b.paint(sheet, r, 1, 9, b.weak)
		}
		b.paint(sheet, r, 5, 5, b.dec4)
		b.paint(sheet, r, 6, 6, b.dec2)
	}
	r := len(s.Report.Elements) + 2
	res := s.Report.Result
	b.row(sheet, r, l.T("survey.ikm"), l.T("survey.report.ikm_long"), nil, res.Respondents, nil, optional(s.hasAnswers(), res.IKM), res.Grade, res.Label)
	b.paint(sheet, r, 1, 9, b.total)
	b.check(b.f.SetCellStyle(sheet, cell(6, r), cell(6, r), b.totalDec2()))
	b.row(sheet, r+2, l.T("survey.report.method"))
	b.row(sheet, r+3, l.T("survey.weak_rule"))
}

// totalDec2 is the total row's style with two decimals.
func (b *book) totalDec2() int {
	f2 := "0.00"
	return b.style(&excelize.Style{Font: &excelize.Font{Bold: true}, CustomNumFmt: &f2, Fill: excelize.Fill{Type: "pattern", Pattern: 1, Color: []string{"E6F0F3"}}})
}

func (s *SKM) profileSheet(b *book, l Locale, sheet string) {
	b.widths(sheet, 30, 12, 12)
	total := s.Profile.Respondents
	r := 1
	for _, p := range s.profileDims(l) {
		b.header(sheet, r, p.Title, l.T("survey.report.count"), "%")
		r++
		for _, c := range p.Counts {
			var share any
			if total > 0 {
				share = float64(c.Count) / float64(total)
			}
			b.row(sheet, r, l.valueLabel(p.Kind, c.Value), c.Count, share)
			b.paint(sheet, r, 3, 3, b.pct)
			r++
		}
		b.row(sheet, r, l.T("survey.report.total"), total, optional(total > 0, 1.0))
		b.paint(sheet, r, 1, 3, b.total)
		b.check(b.f.SetCellStyle(sheet, cell(3, r), cell(3, r), b.totalPct()))
		r += 2
	}
}

func (b *book) totalPct() int {
	pct := "0.0%"
	return b.style(&excelize.Style{Font: &excelize.Font{Bold: true}, CustomNumFmt: &pct, Fill: excelize.Fill{Type: "pattern", Pattern: 1, Color: []string{"E6F0F3"}}})
}

func (s *SKM) trendSheet(b *book, l Locale, sheet string) {
	b.widths(sheet, 28, 18, 18, 12, 10, 8, 14)
	b.header(sheet, 1, l.T("survey.period"), l.T("survey.from"), l.T("survey.to"), l.T("survey.respondents"), l.T("survey.ikm"),
		l.T("survey.report.grade_letter"), l.T("survey.report.grade_label"))
	b.freeze(sheet, 1)
	for i, p := range s.Trend {
		r := i + 2
		b.row(sheet, r, p.Label, l.Day(p.Period.From), l.Day(p.Period.To), p.Respondents, optional(p.Respondents > 0, p.IKM), p.Grade, gradeLabel(p.Grade))
		b.paint(sheet, r, 5, 5, b.dec2)
	}
}

func (s *SKM) followupSheet(b *book, l Locale, sheet string) {
	b.widths(sheet, 8, 30, 20, 20, 60, 24, 18, 16)
	b.header(sheet, 1, l.T("survey.report.code"), l.T("survey.element"), l.T("survey.service_point"), l.T("survey.period"),
		l.T("survey.followup.action"), l.T("survey.followup.owner"), l.T("survey.followup.due_date"), l.T("survey.followup.status"))
	b.freeze(sheet, 1)
	for i, f := range s.Followups {
		r := i + 2
		point := f.ServicePointName
		if point == "" {
			point = l.T("survey.whole_library")
		}
		b.row(sheet, r, f.Element, f.ElementName(), point, f.PeriodLabel, f.Action, f.OwnerName, l.Day(f.DueDate), l.T("survey.followup.status."+f.Status))
		b.paint(sheet, r, 1, 8, b.wrap)
	}
}

// dataSheet streams the raw responses: a period may hold tens of
// thousands, which the stream writer keeps out of memory.
func (s *SKM) dataSheet(b *book, l Locale, sheet string) error {
	sw, err := b.f.NewStreamWriter(sheet)
	if err != nil {
		return err
	}
	widths := []float64{7, 12, 17, 20, 14, 12, 7, 18, 16}
	for i, w := range widths {
		if err := sw.SetColWidth(i+1, i+1, w); err != nil {
			return err
		}
	}
	last := len(widths) + ikm.NumElements + 1
	if err := sw.SetColWidth(len(widths)+1, last-1, 5); err != nil {
		return err
	}
	if err := sw.SetColWidth(last, last, 60); err != nil {
		return err
	}
	if err := sw.SetPanes(&excelize.Panes{Freeze: true, YSplit: 1, TopLeftCell: "A2", ActivePane: "bottomLeft"}); err != nil {
		return err
	}
	head := []any{l.T("survey.report.no"), l.T("survey.report.day"), l.T("survey.report.submitted_at"), l.T("survey.service_point"),
		l.T("survey.report.source"), l.T("survey.gender"), l.T("survey.report.age"), l.T("survey.education"), l.T("survey.occupation")}
	for _, e := range ikm.Elements {
		head = append(head, e.Code)
	}
	head = append(head, l.T("survey.report.comment"))
	for i, h := range head {
		head[i] = excelize.Cell{StyleID: b.head, Value: h}
	}
	if err := sw.SetRow("A1", head); err != nil {
		return err
	}
	zone := s.Printed.Location()
	n := 0
	if s.Responses != nil {
		err = s.Responses(func(r survey.Response) error {
			n++
			day, _ := time.Parse(time.DateOnly, r.Day)
			// Excel has no zones: the wall clock of the library's zone.
			t := r.SubmittedAt.In(zone)
			local := time.Date(t.Year(), t.Month(), t.Day(), t.Hour(), t.Minute(), t.Second(), 0, time.UTC)
			values := []any{n, excelize.Cell{StyleID: b.date, Value: day}, excelize.Cell{StyleID: b.stamp, Value: local},
				s.ServicePoints[r.ServicePointID], l.T("survey.report.source." + r.Source),
				optional(r.Gender != "", l.valueLabel("gender", r.Gender)), optional(r.Age > 0, r.Age),
				optional(r.Education != "", l.valueLabel("education", r.Education)),
				optional(r.Occupation != "", l.valueLabel("occupation", r.Occupation))}
			for _, a := range r.Answers {
				values = append(values, optional(a > 0, int(a))) // unanswered stays empty, not 0
			}
			values = append(values, r.Comment)
			return sw.SetRow(cell(1, n+1), values)
		})
		if err != nil {
			return err
		}
	}
	return sw.Flush()
}

// optional leaves a cell empty unless ok: a figure nobody answered for, or
// an answer not given, rather than a zero that reads as a result.
func optional(ok bool, v any) any {
	if !ok {
		return nil
	}
	return v
}
