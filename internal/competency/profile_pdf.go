package competency

import (
	"cmp"
	"context"
	"io"
	"math"
	"slices"
	"strconv"
	"time"

	"github.com/go-pdf/fpdf"

	"github.com/bina-pustaka/bina/internal/apperr"
	"github.com/bina-pustaka/bina/internal/auth"
)

// Profile is what the one-page PDF profile of a person shows.
type Profile struct {
	LibraryName string
	Gap         PersonGap
	Goals       []Goal // this year's development plan goals
}

// Profile gathers a person's gap profile in a cycle (0: her latest) with
// her plan goals of this year. Same rule as PersonGaps: herself, or
// whoever views assessment results.
func (s *Service) Profile(ctx context.Context, actor *auth.Actor, libraryID, staffID, cycleID int64) (Profile, error) {
	g, err := s.PersonGaps(ctx, actor, libraryID, staffID, cycleID)
	if err != nil {
		return Profile{}, err
	}
	p := Profile{Gap: g}
	if err := s.DB.Reader().QueryRowContext(ctx, `SELECT name FROM libraries WHERE id = ?`, libraryID).Scan(&p.LibraryName); err != nil {
		return Profile{}, apperr.InternalError(err)
	}
	plan, err := s.PlanFor(ctx, actor, libraryID, staffID, 0)
	if err != nil {
		return Profile{}, err
	}
	for _, goal := range plan.Plan.Goals {
		if goal.Status != "dropped" {
			p.Goals = append(p.Goals, goal)
		}
	}
	return p, nil
}

// ProfileText is the PDF's wording in the reader's language.
type ProfileText struct {
	Title, NIP, Position, ServicePoint, Cycle, NoCycle      string
	Competency, Required, Agreed, Gap, Surplus, NotReviewed string
	TotalGap, TopGaps, NoGaps, Goals, Target, Printed       string
	PrintedOn                                               string // the date, formatted
}

// TopGaps returns the largest gaps, largest first (reading order among equals), at most n.
func TopGaps(rows []GapRow, n int) []GapRow {
	var out []GapRow
	for _, r := range rows {
		if r.Gap.Gap > 0 {
			out = append(out, r)
		}
	}
	slices.SortStableFunc(out, func(a, b GapRow) int { return cmp.Compare(b.Gap.Gap, a.Gap.Gap) })
	if len(out) > n {
		out = out[:n]
	}
	return out
}

// ProfilePDF writes the one-page A4 profile. The table is cut to what fits
// one page (about 30 competencies) so the profile stays one page.
func ProfilePDF(w io.Writer, p Profile, text ProfileText, now time.Time) error {
	pdf := fpdf.New("P", "mm", "A4", "")
	pdf.SetCreationDate(now)
	pdf.SetModificationDate(now)
	pdf.SetTitle(text.Title+" "+p.Gap.Person.Name, true)
	pdf.SetCreator("Bina Pustaka", true)
	pdf.SetAutoPageBreak(false, 0)
	pdf.SetMargins(15, 15, 15)
	pdf.AddPage()
	tr := pdf.UnicodeTranslatorFromDescriptor("")
	const left, width, bottom = 15.0, 180.0, 282.0
	g := p.Gap
	line := func(h float64, style string, size float64, s string) {
		pdf.SetFont("Helvetica", style, size)
		pdf.SetX(left)
		pdf.MultiCell(width, h, tr(s), "", "L", false)
	}
	pdf.SetTextColor(11, 95, 115)
	line(6, "B", 11, p.LibraryName)
	line(8, "B", 16, text.Title)
	pdf.SetTextColor(29, 42, 49)
	line(7, "B", 13, g.Person.Name)
	if g.Person.NIP != "" {
		line(5, "", 10, text.NIP+": "+g.Person.NIP)
	}
	line(5, "", 10, text.Position+": "+g.Person.Position+" / "+g.Person.Level)
	if g.Person.ServicePoint != "" {
		line(5, "", 10, text.ServicePoint+": "+g.Person.ServicePoint)
	}
	if g.Cycle == nil {
		line(5, "", 10, text.NoCycle)
	} else {
		line(5, "", 10, text.Cycle+": "+g.Cycle.Name+" ("+g.Cycle.FrameworkName+" v"+strconv.Itoa(g.Cycle.VersionNumber)+")")
	}
	top := pdf.GetY() + 3
	if len(g.Rows) >= 3 {
		drawRadar(pdf, tr, g, 60, top+45, 38, text)
	}
	// Summary beside the radar: total gap and the top three gaps.
	pdf.SetXY(118, top)
	pdf.SetFont("Helvetica", "B", 11)
	pdf.MultiCell(77, 6, tr(text.TotalGap+": "+strconv.Itoa(g.Summary.TotalGap)), "", "L", false)
	pdf.SetX(118)
	pdf.MultiCell(77, 6, tr(text.TopGaps), "", "L", false)
	pdf.SetFont("Helvetica", "", 9)
	tops := TopGaps(g.Rows, 3)
	if len(tops) == 0 {
		pdf.SetX(118)
		pdf.MultiCell(77, 5, tr(text.NoGaps), "", "L", false)
	}
	for i, r := range tops {
		pdf.SetX(118)
		pdf.MultiCell(77, 5, tr(strconv.Itoa(i+1)+". "+r.Code+" "+r.Title+" ("+text.Gap+" "+strconv.Itoa(r.Gap.Gap)+")"), "", "L", false)
	}
	y := top + 95
	if len(g.Rows) < 3 {
		y = max(pdf.GetY(), top) + 5
	}
	// The competency table.
	cols := []struct {
		label string
		w     float64
	}{{text.Competency, 100}, {text.Required, 20}, {text.Agreed, 20}, {text.Gap, 20}, {text.Surplus, 20}}
	pdf.SetXY(left, y)
	pdf.SetFont("Helvetica", "B", 7)
	pdf.SetFillColor(230, 238, 241)
	for _, c := range cols {
		pdf.CellFormat(c.w, 5, tr(c.label), "1", 0, "L", true, 0, "")
	}
	pdf.Ln(-1)
	pdf.SetFont("Helvetica", "", 8)
	goalSpace := 0.0
	if len(p.Goals) > 0 {
		goalSpace = 12 + 4.5*float64(min(len(p.Goals), 5))
	}
	for _, r := range g.Rows {
		if pdf.GetY()+4.5 > bottom-10-goalSpace {
			break
		}
		agreed, gap, surplus := text.NotReviewed, "", ""
		if r.Reviewed {
			agreed, gap, surplus = strconv.Itoa(r.Agreed), strconv.Itoa(r.Gap.Gap), strconv.Itoa(r.Surplus)
		}
		title := r.Code + " " + r.Title
		for pdf.GetStringWidth(tr(title)) > 97 && len(title) > 4 {
			title = string([]rune(title)[:len([]rune(title))-2])
		}
		pdf.SetX(left)
		for i, v := range []string{title, strconv.Itoa(r.Required), agreed, gap, surplus} {
			pdf.CellFormat(cols[i].w, 4.5, tr(v), "1", 0, "L", false, 0, "")
		}
		pdf.Ln(-1)
	}
	if len(p.Goals) > 0 {
		pdf.Ln(3)
		line(5, "B", 10, text.Goals)
		pdf.SetFont("Helvetica", "", 8)
		for i, goal := range p.Goals {
			if i == 5 {
				break
			}
			s := goal.Description
			if goal.CompetencyCode != "" {
				s = goal.CompetencyCode + " (" + text.Target + " " + strconv.Itoa(goal.TargetLevel) + "): " + s
			}
			if goal.DueDate != "" {
				s += " (" + goal.DueDate + ")"
			}
			pdf.SetX(left)
			pdf.CellFormat(width, 4.5, tr("• "+s), "", 1, "L", false, 0, "")
		}
	}
	pdf.SetXY(left, bottom)
	pdf.SetFont("Helvetica", "I", 8)
	pdf.SetTextColor(82, 98, 107)
	pdf.CellFormat(width, 5, tr(text.Printed+" "+text.PrintedOn), "", 0, "R", false, 0, "")
	return pdf.Output(w)
}

// drawRadar draws the radar chart with lines: the scale's rings, one axis
// per competency labelled with its code, required (brown) and agreed (teal).
func drawRadar(pdf *fpdf.Fpdf, tr func(string) string, g PersonGap, cx, cy, radius float64, text ProfileText) {
	n := len(g.Rows)
	maxLevel := float64(g.Scale.Max())
	if maxLevel < 1 {
		maxLevel = 5
	}
	point := func(i int, level float64) (float64, float64) {
		a := -math.Pi/2 + 2*math.Pi*float64(i)/float64(n)
		r := radius * level / maxLevel
		return cx + r*math.Cos(a), cy + r*math.Sin(a)
	}
	ring := func(level func(int) float64) {
		for i := range n {
			x1, y1 := point(i, level(i))
			x2, y2 := point((i+1)%n, level((i+1)%n))
			pdf.Line(x1, y1, x2, y2)
		}
	}
	pdf.SetDrawColor(214, 223, 227)
	pdf.SetLineWidth(0.2)
	for l := 1; l <= int(maxLevel); l++ {
		ring(func(int) float64 { return float64(l) })
	}
	pdf.SetFont("Helvetica", "", 6)
	pdf.SetTextColor(29, 42, 49)
	for i, r := range g.Rows {
		x, y := point(i, maxLevel)
		pdf.Line(cx, cy, x, y)
		lx, ly := point(i, maxLevel*1.12)
		w := pdf.GetStringWidth(tr(r.Code))
		pdf.Text(lx-w/2, ly+1, tr(r.Code))
	}
	pdf.SetLineWidth(0.6)
	pdf.SetDrawColor(122, 74, 0)
	pdf.SetDashPattern([]float64{1.5, 1}, 0)
	ring(func(i int) float64 { return float64(g.Rows[i].Required) })
	pdf.SetDashPattern([]float64{}, 0)
	pdf.SetDrawColor(11, 95, 115)
	ring(func(i int) float64 { return float64(g.Rows[i].Agreed) })
	pdf.SetLineWidth(0.2)
	// Legend under the chart.
	ly := cy + radius + 9
	pdf.SetFont("Helvetica", "", 8)
	pdf.SetFillColor(122, 74, 0)
	pdf.Rect(cx-40, ly-2, 5, 1.2, "F")
	pdf.Text(cx-33, ly, tr(text.Required))
	pdf.SetFillColor(11, 95, 115)
	pdf.Rect(cx+5, ly-2, 5, 1.2, "F")
	pdf.Text(cx+12, ly, tr(text.Agreed))
}
