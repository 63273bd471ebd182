package insight

import (
	"testing"
	"time"

	"github.com/bina-pustaka/bina/internal/complaint"
	"github.com/bina-pustaka/bina/internal/survey"
)

var wib = time.FixedZone("WIB", 7*3600)

func wibTime(s string) *time.Time {
	t, err := time.ParseInLocation("2006-01-02 15:04", s, wib)
	if err != nil {
		panic(err)
	}
	u := t.UTC()
	return &u
}

// The SLA rules, on 1 July 2026: a step on its due day is in time, a step
// after it is late, a step not taken is late once the day has passed and
// pending until then; rejected reports are left out. Days are WIB days even
// when the moment is still the day before in UTC.
func TestJudge(t *testing.T) {
	today := complaint.Date("2026-07-01")
	cases := []struct {
		name string
		r    slaRow
		want outcome
	}{
		{"both in time", slaRow{verifyDue: "2026-06-10", verifiedAt: wibTime("2026-06-10 16:00"), decideDue: "2026-06-17", decidedAt: wibTime("2026-06-17 09:00")}, outcomeMet},
		{"verified late", slaRow{verifyDue: "2026-06-10", verifiedAt: wibTime("2026-06-11 08:00"), decideDue: "2026-06-18", decidedAt: wibTime("2026-06-12 09:00")}, outcomeMissed},
		// 00:30 WIB on the 11th is still the 10th in UTC: late all the same.
		{"verified just after midnight WIB", slaRow{verifyDue: "2026-06-10", verifiedAt: wibTime("2026-06-11 00:30"), decideDue: "2026-06-18", decidedAt: wibTime("2026-06-12 09:00")}, outcomeMissed},
		{"decided late", slaRow{verifyDue: "2026-06-10", verifiedAt: wibTime("2026-06-09 10:00"), decideDue: "2026-06-16", decidedAt: wibTime("2026-06-17 09:00")}, outcomeMissed},
		{"not verified, due passed", slaRow{verifyDue: "2026-06-30"}, outcomeMissed},
		{"not verified, due today", slaRow{verifyDue: "2026-07-01"}, outcomePending},
		{"not decided, due passed", slaRow{verifyDue: "2026-06-20", verifiedAt: wibTime("2026-06-19 10:00"), decideDue: "2026-06-26"}, outcomeMissed},
		{"not decided, due ahead", slaRow{verifyDue: "2026-06-30", verifiedAt: wibTime("2026-06-29 10:00"), decideDue: "2026-07-06"}, outcomePending},
		{"late verification decides the outcome early", slaRow{verifyDue: "2026-06-20", verifiedAt: wibTime("2026-06-25 10:00"), decideDue: "2026-07-02"}, outcomeMissed},
		{"rejected", slaRow{status: complaint.StatusRejected, verifyDue: "2026-06-01"}, outcomeRejected},
	}
	for _, c := range cases {
		if got := judge(c.r, today, wib); got != c.want {
			t.Errorf("%s: %d, want %d", c.name, got, c.want)
		}
	}
}

func TestSLACompliance(t *testing.T) {
	today := complaint.Date("2026-07-01")
	met := slaRow{verifyDue: "2026-06-10", verifiedAt: wibTime("2026-06-09 10:00"), decideDue: "2026-06-16", decidedAt: wibTime("2026-06-10 10:00")}
	missed := slaRow{verifyDue: "2026-06-10"}
	pending := slaRow{verifyDue: "2026-07-03"}
	rejected := slaRow{status: complaint.StatusRejected}
	s := slaOf([]slaRow{met, met, missed, pending, rejected}, today, wib)
	if s.Met != 2 || s.Missed != 1 || s.Pending != 1 || s.Rejected != 1 || s.Compliance == nil || *s.Compliance != 66.7 {
		t.Fatalf("2 met of 3 judged: %+v", s)
	}
	if s := slaOf([]slaRow{pending, rejected}, today, wib); s.Compliance != nil {
		t.Fatalf("nothing judged yet, yet compliance %v", *s.Compliance)
	}
	five, three := 5, 3
	f := complaintFigures([]slaRow{{verifyDue: "2026-07-03", rating: &five}, {verifyDue: "2026-07-03", rating: &three}, {verifyDue: "2026-07-03", rating: &three}}, today, wib)
	if f.Received != 3 || f.Ratings != 3 || f.AverageRating == nil || *f.AverageRating != 3.67 {
		t.Fatalf("ratings 5, 3, 3: %+v avg %v", f, *f.AverageRating)
	}
}

func TestDayStartIsTheLibrarysMidnight(t *testing.T) {
	got := dayStart("2026-07-01", wib, 0)
	if want := time.Date(2026, 6, 30, 17, 0, 0, 0, time.UTC); !got.Equal(want) || got.Location() != time.UTC {
		t.Fatalf("start of 1 July WIB: %v, want %v", got, want)
	}
	if got := dayStart("2026-06-30", wib, 1); !got.Equal(time.Date(2026, 6, 30, 17, 0, 0, 0, time.UTC)) {
		t.Fatalf("end of 30 June WIB: %v", got)
	}
}

func TestWindowEndsWithThePeriodOrToday(t *testing.T) {
	w := window(survey.QuarterOf(2026, 2), "2026-07-01")
	if len(w) != Months || w[0].Value != "2025-07" || w[Months-1].Value != "2026-06" {
		t.Fatalf("Q2 2026: %s … %s", w[0].Value, w[len(w)-1].Value)
	}
	// A year still running ends with this month, not December.
	if w := window(survey.YearOf(2026), "2026-07-01"); w[Months-1].Value != "2026-07" || w[0].Value != "2025-08" {
		t.Fatalf("2026 seen on 1 July: %s … %s", w[0].Value, w[Months-1].Value)
	}
}

func TestSortSummaries(t *testing.T) {
	f := func(v float64) *float64 { return &v }
	list := func() []LibrarySummary {
		return []LibrarySummary{
			{Name: "Batu", IKM: IKMFigure{IKM: f(80)}, Complaints: ComplaintFigures{Received: 3, SLA: SLA{Compliance: f(50)}}},
			{Name: "Kediri", IKM: IKMFigure{IKM: f(90)}, Complaints: ComplaintFigures{Received: 1}},
			{Name: "Samarinda", Complaints: ComplaintFigures{Received: 7, SLA: SLA{Compliance: f(100)}}},
		}
	}
	names := func(l []LibrarySummary) string {
		s := ""
		for _, x := range l {
			s += x.Name + " "
		}
		return s
	}
	for by, want := range map[string]string{
		"-ikm": "Kediri Batu Samarinda ", "ikm": "Batu Kediri Samarinda ", "name": "Batu Kediri Samarinda ",
		"-name": "Samarinda Kediri Batu ", "-complaints": "Samarinda Batu Kediri ", "-sla": "Samarinda Batu Kediri ",
		"sla": "Batu Samarinda Kediri ", "bogus": "Kediri Batu Samarinda ",
	} {
		l := list()
		SortSummaries(l, by)
		if got := names(l); got != want {
			t.Errorf("sort %s: %s, want %s", by, got, want)
		}
	}
}
