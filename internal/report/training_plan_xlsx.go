package report

import (
	"fmt"
	"io"
	"strings"
	"time"

	"github.com/xuri/excelize/v2"

	"github.com/bina-pustaka/bina/internal/training"
	"github.com/bina-pustaka/bina/internal/upload"
)

// TrainingPlan is the annual training plan (rencana pelatihan tahunan) as a
// coordinator hands it to the library head or the regional office: every
// session of the year by quarter with its programme's type, modality, JP and
// target competencies, trainers, budget line and budget.
type TrainingPlan struct {
	Library  string
	Plan     training.Plan
	Programs map[int64]training.Program // by id: type, modality, JP, targets
	Printed  time.Time
}

// Filename is "rencana-pelatihan-2027-kota-batu.xlsx".
func (p *TrainingPlan) Filename(l Locale) string {
	return upload.Slug(l.T("training.plan_file", "Year", p.Plan.Year)+" "+p.Library, 120) + ".xlsx"
}

// TrainingPlanXLSX writes the plan as a workbook: one sheet with every
// session (cancelled ones left out, as in the page's totals) and its
// quarter subtotals, one with the quarters. Days are dates, budgets and
// counts numbers, so the sheet can be filtered and summed.
func TrainingPlanXLSX(w io.Writer, p *TrainingPlan, l Locale) error {
	f := excelize.NewFile()
	defer f.Close()
	b := &book{f: f}
	b.styles()
	money := "#,##0"
	moneyTotal := b.style(&excelize.Style{CustomNumFmt: &money, Font: &excelize.Font{Bold: true},
		Fill: excelize.Fill{Type: "pattern", Pattern: 1, Color: []string{"E6F0F3"}}})

	sessions := sheetName(l.T("training.plan_sheet_sessions"))
	summary := sheetName(l.T("training.plan_sheet_quarters"))
	b.check(f.SetSheetName(f.GetSheetName(0), sessions))
	_, err := f.NewSheet(summary)
	b.check(err)

	b.widths(sessions, 11, 5, 36, 16, 14, 12, 12, 6, 30, 8, 6, 40, 32, 16, 16)
	b.row(sessions, 1, l.T("training.plan_year", "Year", p.Plan.Year))
	b.paint(sessions, 1, 1, 1, b.title)
	b.row(sessions, 2, p.Library, l.T("survey.report.printed_on")+" "+l.Date(p.Printed))
	const head = 4
	b.header(sessions, head, l.T("training.quarter_label"), l.T("training.plan_no"), l.T("training.session"), l.T("training.type"),
		l.T("training.modality"), l.T("training.plan_first_day"), l.T("training.plan_last_day"), l.T("training.plan_day_count"),
		l.T("training.place"), l.T("training.capacity"), "JP", l.T("training.competencies"), l.T("training.trainers"),
		l.T("training.budget_line"), l.T("training.budget"))
	b.freeze(sessions, head)
	r, n := head+1, 0
	for _, q := range p.Plan.Quarters {
		for _, x := range q.Sessions {
			n++
			prog := p.Programs[x.ProgramID]
			place := x.Place
			if x.OnlineURL != "" {
				place = strings.TrimSpace(place + " " + x.OnlineURL)
			}
			b.row(sessions, r, l.T("training.quarter", "Quarter", q.Quarter), n, x.Name(), l.T("training.type."+prog.Type),
				l.T("training.modality."+prog.Modality), x.FirstDay().Time(), x.LastDay().Time(), len(x.Days), place, x.Capacity,
				prog.JP, targets(prog), trainers(x), x.BudgetLine, x.Budget)
			b.paint(sessions, r, 6, 7, b.date)
			b.paint(sessions, r, 15, 15, b.money)
			r++
		}
		b.row(sessions, r, l.T("training.quarter", "Quarter", q.Quarter), nil, l.T("training.plan_total"), nil, nil, nil, nil, nil, nil,
			q.Seats, q.JP, nil, nil, nil, q.Budget)
		b.paint(sessions, r, 1, 15, b.total)
		b.paint(sessions, r, 15, 15, moneyTotal)
		r++
	}
	b.row(sessions, r, l.T("training.plan_total"), nil, fmt.Sprintf("%d %s", p.Plan.Year, l.T("training.plan_all_year")), nil, nil, nil, nil, nil, nil,
		p.Plan.Seats, nil, nil, nil, nil, p.Plan.Budget)
	b.paint(sessions, r, 1, 15, b.total)
	b.paint(sessions, r, 15, 15, moneyTotal)

	b.widths(summary, 14, 12, 12, 10, 18)
	b.header(summary, 1, l.T("training.quarter_label"), l.T("training.sessions"), l.T("training.seats"), "JP", l.T("training.budget"))
	for i, q := range p.Plan.Quarters {
		b.row(summary, i+2, l.T("training.quarter", "Quarter", q.Quarter), len(q.Sessions), q.Seats, q.JP, q.Budget)
		b.paint(summary, i+2, 5, 5, b.money)
	}
	total := len(p.Plan.Quarters) + 2
	count := 0
	for _, q := range p.Plan.Quarters {
		count += len(q.Sessions)
	}
	b.row(summary, total, l.T("training.plan_total"), count, p.Plan.Seats, nil, p.Plan.Budget)
	b.paint(summary, total, 1, 5, b.total)
	b.paint(summary, total, 5, 5, moneyTotal)
	if len(p.Plan.Cancelled) > 0 {
		b.row(summary, total+2, l.T("training.plan_cancelled"))
		b.paint(summary, total+2, 1, 1, b.bold)
		for i, x := range p.Plan.Cancelled {
			b.row(summary, total+3+i, x.Name(), x.FirstDay().Time())
			b.paint(summary, total+3+i, 2, 2, b.date)
		}
	}

	f.SetActiveSheet(0)
	b.check(f.SetDocProps(&excelize.DocProperties{Title: l.T("training.plan_year", "Year", p.Plan.Year) + " - " + p.Library,
		Creator: "Bina Pustaka", Created: p.Printed.UTC().Format(time.RFC3339)}))
	if b.err != nil {
		return fmt.Errorf("training plan workbook: %w", b.err)
	}
	if err := f.Write(w); err != nil {
		return fmt.Errorf("training plan workbook: %w", err)
	}
	return nil
}

func targets(p training.Program) string {
	out := make([]string, len(p.Competencies))
	for i, c := range p.Competencies {
		out[i] = c.Code + " " + c.Title
	}
	return strings.Join(out, "; ")
}

func trainers(x training.Session) string {
	out := make([]string, 0, len(x.Trainers))
	for _, t := range x.Trainers {
		if t.Institution != "" {
			out = append(out, t.Name+" ("+t.Institution+")")
		} else {
			out = append(out, t.Name)
		}
	}
	return strings.Join(out, "; ")
}
