package survey_test

import (
	"context"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/bina-pustaka/bina/internal/apperr"
	"github.com/bina-pustaka/bina/internal/auth"
	"github.com/bina-pustaka/bina/internal/db"
	"github.com/bina-pustaka/bina/internal/dbtest"
	"github.com/bina-pustaka/bina/internal/people"
	"github.com/bina-pustaka/bina/internal/survey"
)

func TestParsePeriodAndItsNeighbours(t *testing.T) {
	for _, c := range []struct {
		value, from, to  string
		kind             string
		wantFrom, wantTo string
		prevFrom, prevTo string
		months           int
	}{
		{"2026", "", "", survey.Year, "2026-01-01", "2026-12-31", "2025-01-01", "2025-12-31", 12},
		{"2026-s1", "", "", survey.Semester, "2026-01-01", "2026-06-30", "2025-07-01", "2025-12-31", 6},
		{"2026-S2", "", "", survey.Semester, "2026-07-01", "2026-12-31", "2026-01-01", "2026-06-30", 6},
		{"2026-Q1", "", "", survey.Quarter, "2026-01-01", "2026-03-31", "2025-10-01", "2025-12-31", 3},
		{"2026-Q3", "", "", survey.Quarter, "2026-07-01", "2026-09-30", "2026-04-01", "2026-06-30", 3},
		{"2028-02", "", "", survey.Month, "2028-02-01", "2028-02-29", "2028-01-01", "2028-01-31", 1},
		{"2026-01", "", "", survey.Month, "2026-01-01", "2026-01-31", "2025-12-01", "2025-12-31", 1},
		{"custom", "2026-03-20", "2026-04-05", survey.Custom, "2026-03-20", "2026-04-05", "2026-03-03", "2026-03-19", 2},
		{"", "2026-05-01", "2026-05-01", survey.Custom, "2026-05-01", "2026-05-01", "2026-04-30", "2026-04-30", 1},
	} {
		p, err := survey.ParsePeriod(c.value, c.from, c.to)
		if err != nil {
			t.Errorf("%q: %v", c.value, err)
			continue
		}
		prev := p.Prev()
		if p.Kind != c.kind || p.From != c.wantFrom || p.To != c.wantTo || prev.From != c.prevFrom || prev.To != c.prevTo || len(p.Months()) != c.months {
			t.Errorf("%q: %+v prev %+v months %v", c.value, p, prev, p.Months())
		}
	}
	for _, c := range []struct{ value, from, to, field, key string }{
		{"2026-Q5", "", "", "period", "survey.bad_period"},
		{"2026-13", "", "", "period", "survey.bad_period"},
		{"26", "", "", "period", "survey.bad_period"},
		{"custom", "2026-05-02", "2026-05-01", "to", "survey.period_order"},
		{"custom", "kemarin", "2026-05-01", "from", "survey.bad_date"},
	} {
		_, err := survey.ParsePeriod(c.value, c.from, c.to)
		wantProblem(t, wantCode(t, err, apperr.Invalid), c.field, c.key)
	}
	// The page's choices start with the period holding today.
	ch := survey.Choices(time.Date(2026, 11, 21, 0, 0, 0, 0, time.UTC))
	if ch[survey.Quarter][0].Value != "2026-Q4" || ch[survey.Quarter][4].Value != "2025-Q4" || ch[survey.Month][11].Value != "2025-12" || len(ch[survey.Year]) != 3 {
		t.Errorf("choices %+v", ch)
	}
}

// Weak elements: the lowest NRR, and any element graded below B on its
// own; the sample target follows the visitors, with a warning when short.
func TestReportMarksWeakElementsAndTheSampleTarget(t *testing.T) {
	dbtest.Each(t, func(t *testing.T, d *db.DB) {
		ctx := context.Background()
		w := newWorld(t, d, "Perpustakaan Kota Lubuklinggau", "Asia/Jakarta", "Sirkulasi", "Referensi")
		w.at(time.Date(2026, 8, 10, 3, 0, 0, 0, time.UTC))
		// U9 averages 2.5 (D), U8 3.0 (C: below 3.0644), U4 3.5 (B, not
		// the lowest), the others 4.
		for _, s := range [][9]uint8{{4, 4, 4, 3, 4, 4, 4, 3, 2}, {4, 4, 4, 4, 4, 4, 4, 3, 3}} {
			_, _, err := w.svc.Submit(ctx, w.codes[0], answer(s), "")
			must(t, err)
		}
		p := survey.QuarterOf(2026, 3)
		rep, err := w.svc.IKM(ctx, super, w.lib.ID, w.points[0].ID, p)
		must(t, err)
		var weak, lowest []string
		for _, e := range rep.Elements {
			if e.Weak {
				weak = append(weak, e.Code)
			}
			if e.Lowest {
				lowest = append(lowest, e.Code)
			}
		}
		if !slices.Equal(weak, []string{"U8", "U9"}) || !slices.Equal(lowest, []string{"U9"}) {
			t.Errorf("weak %v lowest %v, want [U8 U9] and [U9]", weak, lowest)
		}
		if e := rep.Elements[8]; e.NRR != 2.5 || e.Converted != 62.5 || e.Grade != "D" {
			t.Errorf("U9: %+v", e)
		}
		if rep.PopulationScope != "" || rep.SampleTarget != 0 || rep.SampleShort {
			t.Errorf("without visitor counts: %+v", rep)
		}

		// Visitors: 200 a month at the library → 600 in the quarter → 234.
		coord := member(w.lib.ID, auth.RoleCoordinator)
		for _, m := range []string{"2026-07", "2026-08", "2026-09"} {
			must(t, w.svc.SetVisitors(ctx, coord, survey.VisitorCount{LibraryID: w.lib.ID, Month: m, Visitors: 200}))
		}
		must(t, w.svc.SetVisitors(ctx, coord, survey.VisitorCount{LibraryID: w.lib.ID, Month: "2026-09", Visitors: 300})) // corrected
		rep, err = w.svc.IKM(ctx, super, w.lib.ID, w.points[0].ID, p)
		must(t, err)
		if rep.Population != 700 || rep.PopulationScope != "library" || rep.SampleTarget != 248 || !rep.SampleShort {
			t.Errorf("with the library's visitors: population %d (%s), target %d, short %v", rep.Population, rep.PopulationScope, rep.SampleTarget, rep.SampleShort)
		}
		// The point's own count wins over the library's.
		sp := w.points[0].ID
		must(t, w.svc.SetVisitors(ctx, coord, survey.VisitorCount{LibraryID: w.lib.ID, ServicePointID: &sp, Month: "2026-08", Visitors: 2}))
		rep, err = w.svc.IKM(ctx, super, w.lib.ID, sp, p)
		must(t, err)
		if rep.Population != 2 || rep.PopulationScope != "service_point" || rep.SampleTarget != 2 || rep.SampleShort {
			t.Errorf("with the point's visitors: population %d (%s), target %d, short %v", rep.Population, rep.PopulationScope, rep.SampleTarget, rep.SampleShort)
		}
		list, err := w.svc.VisitorCounts(ctx, coord, w.lib.ID, 10)
		must(t, err)
		if len(list) != 4 || list[0].Month != "2026-09" || list[0].Visitors != 300 {
			t.Errorf("visitor counts %+v", list)
		}
		err = w.svc.SetVisitors(ctx, coord, survey.VisitorCount{LibraryID: w.lib.ID, Month: "2026-13", Visitors: -1})
		e := wantCode(t, err, apperr.Invalid)
		wantProblem(t, e, "month", "survey.bad_month")
		wantProblem(t, e, "visitors", "field.not_negative")

		// Trend: the four quarters up to Q3, the last with two respondents.
		trend, err := w.svc.Trend(ctx, super, w.lib.ID, 0, p, 4)
		must(t, err)
		if len(trend) != 4 || trend[0].Period.Value != "2025-Q4" || trend[3].Respondents != 2 || trend[3].IKM != rep.Result.IKM || trend[2].Respondents != 0 {
			t.Errorf("trend %+v", trend)
		}

		// Staff cannot see it; another library's point is not found.
		_, err = w.svc.IKM(ctx, member(w.lib.ID, auth.RoleStaff), w.lib.ID, 0, p)
		wantCode(t, err, apperr.Forbidden)
		other := newWorld(t, d, "Perpustakaan Kota Batu", "Asia/Jakarta", "Sirkulasi")
		_, err = w.svc.IKM(ctx, super, w.lib.ID, other.points[0].ID, p)
		wantCode(t, err, apperr.NotFound)
		_, err = w.svc.IKM(ctx, coord, other.lib.ID, 0, p)
		wantCode(t, err, apperr.NotFound)
	})
}

func TestLinksAreShortStableAndPerLibrary(t *testing.T) {
	dbtest.Each(t, func(t *testing.T, d *db.DB) {
		ctx := context.Background()
		w := newWorld(t, d, "Perpustakaan Kota Batu", "Asia/Jakarta", "Sirkulasi", "Referensi")
		coord := member(w.lib.ID, auth.RoleCoordinator)
		again, err := w.svc.CreateLink(ctx, coord, w.lib.ID, w.points[0].ID)
		must(t, err)
		if again.Code != w.codes[0] {
			t.Errorf("a second CreateLink changed the code from %s to %s", w.codes[0], again.Code)
		}
		for _, c := range w.codes {
			if len(c) != survey.CodeLength || strings.ContainsAny(c, "01ilo") {
				t.Errorf("code %q is not 6 readable characters", c)
			}
		}
		tg, err := w.svc.Resolve(ctx, " "+strings.ToUpper(w.codes[1])+" ")
		must(t, err)
		if tg.LibraryID != w.lib.ID || tg.ServicePointName != "Referensi" || tg.LibraryName != w.lib.Name || !tg.Active {
			t.Errorf("resolve: %+v", tg)
		}
		links, err := w.svc.Links(ctx, coord, w.lib.ID)
		must(t, err)
		if len(links) != 2 || links[0].ServicePointName != "Referensi" || links[0].Code != w.codes[1] {
			t.Errorf("links %+v", links)
		}
		other := newWorld(t, d, "Perpustakaan Kota Kediri", "Asia/Jakarta", "Sirkulasi")
		_, err = w.svc.CreateLink(ctx, coord, w.lib.ID, other.points[0].ID)
		wantCode(t, err, apperr.NotFound)
		_, err = w.svc.CreateLink(ctx, coord, other.lib.ID, other.points[0].ID)
		wantCode(t, err, apperr.NotFound)
		_, err = w.svc.CreateLink(ctx, member(w.lib.ID, auth.RoleStaff), w.lib.ID, w.points[0].ID)
		wantCode(t, err, apperr.Forbidden)
		_, err = w.svc.Resolve(ctx, "abc")
		wantCode(t, err, apperr.NotFound)
	})
}

func TestFollowupPlans(t *testing.T) {
	dbtest.Each(t, func(t *testing.T, d *db.DB) {
		ctx := context.Background()
		w := newWorld(t, d, "Perpustakaan Kota Semarang", "Asia/Jakarta", "Sirkulasi")
		other := newWorld(t, d, "Perpustakaan Kota Batu", "Asia/Jakarta", "Sirkulasi")
		ps := &people.Service{DB: d}
		owner, err := ps.Create(ctx, super, people.Staff{LibraryID: w.lib.ID, Name: "Rina Kartika", EmploymentStatus: "non_asn", Active: true})
		must(t, err)
		stranger, err := ps.Create(ctx, super, people.Staff{LibraryID: other.lib.ID, Name: "Budi Santoso", EmploymentStatus: "non_asn", Active: true})
		must(t, err)
		coord := member(w.lib.ID, auth.RoleCoordinator)
		sp := w.points[0].ID
		q3 := survey.QuarterOf(2026, 3)
		f := survey.Followup{LibraryID: w.lib.ID, ServicePointID: &sp, Element: "u9", Period: q3,
			Action: "Perbaiki kursi baca dan tambah colokan listrik", OwnerStaffID: &owner.ID, DueDate: "2026-12-15"}
		made, err := w.svc.CreateFollowup(ctx, coord, f)
		must(t, err)
		if made.Element != "U9" || made.Status != "planned" || made.OwnerName != "Rina Kartika" || made.ServicePointName != "Sirkulasi" || made.Period != q3 {
			t.Errorf("created %+v", made)
		}
		if made.ElementName() != "Sarana dan prasarana" {
			t.Errorf("element name %q", made.ElementName())
		}

		// Another library's staff or point, and bad fields, are refused.
		bad := f
		bad.OwnerStaffID = &stranger.ID
		_, err = w.svc.CreateFollowup(ctx, coord, bad)
		wantProblem(t, wantCode(t, err, apperr.Invalid), "owner_staff_id", "survey.choose_one")
		bad = f
		bad.ServicePointID = &other.points[0].ID
		_, err = w.svc.CreateFollowup(ctx, coord, bad)
		wantProblem(t, wantCode(t, err, apperr.Invalid), "service_point_id", "survey.choose_one")
		_, err = w.svc.CreateFollowup(ctx, coord, survey.Followup{LibraryID: w.lib.ID, Element: "U10", DueDate: "besok", Status: "x", Period: q3})
		e := wantCode(t, err, apperr.Invalid)
		for _, p := range [][2]string{{"element", "survey.choose_one"}, {"action", "field.required"}, {"due_date", "survey.bad_date"}, {"status", "survey.choose_one"}} {
			wantProblem(t, e, p[0], p[1])
		}

		// Progress: the plan stays listed while open, and after it is done
		// only for periods it belongs to.
		made.Status, made.OwnerStaffID = "done", nil
		upd, err := w.svc.UpdateFollowup(ctx, coord, made)
		must(t, err)
		if upd.Status != "done" || upd.OwnerStaffID != nil || upd.Element != "U9" {
			t.Errorf("updated %+v", upd)
		}
		for _, c := range []struct {
			p    survey.Period
			want int
		}{{q3, 1}, {survey.YearOf(2026), 1}, {survey.QuarterOf(2026, 4), 0}} {
			list, err := w.svc.Followups(ctx, coord, w.lib.ID, sp, c.p)
			must(t, err)
			if len(list) != c.want {
				t.Errorf("%s: %d plans, want %d", c.p.Value, len(list), c.want)
			}
		}
		_, err = w.svc.Followup(ctx, coord, other.lib.ID, made.ID)
		wantCode(t, err, apperr.NotFound)
		made.LibraryID = other.lib.ID
		_, err = w.svc.UpdateFollowup(ctx, super, made)
		wantCode(t, err, apperr.NotFound)
		_, err = w.svc.CreateFollowup(ctx, member(w.lib.ID, auth.RoleStaff), f)
		wantCode(t, err, apperr.Forbidden)
		owners, err := w.svc.Owners(ctx, coord, w.lib.ID)
		must(t, err)
		if len(owners) != 1 || owners[0].Name != "Rina Kartika" {
			t.Errorf("owners %+v", owners)
		}
	})
}
