package complaint

import (
	"strings"
	"testing"
	"time"
)

// national2026 is part of the 2026 SKB (the migration seeds all of it), plus
// New Year 2027 so a deadline can cross the year.
var national2026 = map[Date]string{
	"2026-03-18": "Cuti Bersama Nyepi", "2026-03-19": "Nyepi", "2026-03-20": "Cuti Bersama Idulfitri",
	"2026-03-21": "Idulfitri", "2026-03-22": "Idulfitri", "2026-03-23": "Cuti Bersama Idulfitri", "2026-03-24": "Cuti Bersama Idulfitri",
	"2026-06-01": "Hari Lahir Pancasila", "2026-08-17": "Kemerdekaan", "2026-12-24": "Cuti Bersama Natal",
	"2026-12-25": "Natal", "2027-01-01": "Tahun Baru 2027",
}

func zone(t *testing.T, name string) *time.Location {
	t.Helper()
	loc, err := time.LoadLocation(name)
	if err != nil {
		t.Fatal(err)
	}
	return loc
}

func TestAddWorkingDays(t *testing.T) {
	wib, wit := zone(t, "Asia/Jakarta"), zone(t, "Asia/Jayapura")
	national := Calendar{Location: wib, Holidays: national2026}
	// A library with its own day off (hari jadi kota) on Thursday 9 July 2026.
	local := Calendar{Location: wib, Holidays: map[Date]string{"2026-07-09": "Hari Jadi Kota"}}
	for k, v := range national2026 {
		local.Holidays[k] = v
	}
	at := func(loc *time.Location, y int, m time.Month, d, h, min int) time.Time {
		return time.Date(y, m, d, h, min, 0, 0, loc)
	}
	cases := []struct {
		name  string
		start time.Time
		n     int
		cal   Calendar
		want  Date
	}{
		// Monday 1 June is a holiday: Tue = 1, Wed = 2, Thu = 3.
		{"Friday before a Monday holiday", at(wib, 2026, 5, 29, 10, 0), 3, national, "2026-06-04"},
		{"same Friday after office hours", at(wib, 2026, 5, 29, 23, 30), 3, national, "2026-06-04"},
		{"Saturday before the holiday", at(wib, 2026, 5, 30, 9, 0), 3, national, "2026-06-04"},
		{"Sunday night", at(wib, 2026, 5, 31, 23, 59), 3, national, "2026-06-04"},
		{"on the holiday itself", at(wib, 2026, 6, 1, 8, 0), 3, national, "2026-06-04"},
		{"an ordinary Tuesday", at(wib, 2026, 6, 2, 8, 0), 3, national, "2026-06-05"},
		{"Thursday spans a weekend", at(wib, 2026, 6, 4, 8, 0), 3, national, "2026-06-09"},
		// 18–24 March 2026: Nyepi, Idulfitri and five days of cuti bersama.
		{"the week before Lebaran", at(wib, 2026, 3, 17, 14, 0), 3, national, "2026-03-27"},
		{"filed during cuti bersama", at(wib, 2026, 3, 20, 9, 0), 3, national, "2026-03-27"},
		// Christmas cuti bersama and New Year across the year boundary.
		{"three days before Christmas", at(wib, 2026, 12, 23, 9, 0), 3, national, "2026-12-30"},
		{"ten days across the new year", at(wib, 2026, 12, 23, 9, 0), 10, national, "2027-01-11"},
		{"five days from before Independence Day", at(wib, 2026, 8, 14, 9, 0), 5, national, "2026-08-24"},
		// A library's own day off counts only on its calendar.
		{"national calendar only", at(wib, 2026, 7, 8, 10, 0), 3, national, "2026-07-13"},
		{"with the library's own day off", at(wib, 2026, 7, 8, 10, 0), 3, local, "2026-07-14"},
		// The day is the library's: 20:00 UTC on Wednesday is already Thursday in WIB and WIT.
		{"UTC evening is the next day in WIB", time.Date(2026, 7, 8, 20, 0, 0, 0, time.UTC), 3, national, "2026-07-14"},
		{"UTC evening is the next day in WIT", time.Date(2026, 7, 8, 16, 0, 0, 0, time.UTC), 3, Calendar{Location: wit}, "2026-07-14"},
		{"the same instant on a UTC calendar", time.Date(2026, 7, 8, 16, 0, 0, 0, time.UTC), 3, Calendar{Location: time.UTC}, "2026-07-13"},
		{"zero days is the day itself", at(wib, 2026, 5, 30, 9, 0), 0, national, "2026-05-30"},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			got := AddWorkingDays(tc.start, tc.n, tc.cal)
			if got != tc.want {
				t.Errorf("AddWorkingDays(%s, %d) = %s (%s), want %s (%s)", tc.start.Format(time.RFC3339), tc.n,
					got, got.Time().Weekday(), tc.want, tc.want.Time().Weekday())
			}
			if !tc.cal.IsWorkingDay(got) && tc.n > 0 {
				t.Errorf("due date %s is not a working day", got)
			}
		})
	}
}

func TestWorkingDaysLate(t *testing.T) {
	cal := Calendar{Location: time.UTC, Holidays: national2026}
	for _, tc := range []struct {
		due, today Date
		want       int
	}{
		{"2026-06-04", "2026-06-04", 0},
		{"2026-06-04", "2026-06-03", 0},
		{"2026-06-04", "2026-06-05", 1},
		{"2026-06-04", "2026-06-07", 1}, // the weekend adds nothing
		{"2026-06-04", "2026-06-08", 2},
		{"2026-03-17", "2026-03-25", 1}, // Nyepi and Lebaran in between
	} {
		if got := WorkingDaysLate(tc.due, tc.today, cal); got != tc.want {
			t.Errorf("WorkingDaysLate(%s, %s) = %d, want %d", tc.due, tc.today, got, tc.want)
		}
	}
}

func TestTrackingCodes(t *testing.T) {
	seen := map[string]bool{}
	for range 1000 {
		c := newCode(ClassComplaint)
		if len(c) != 15 || !strings.HasPrefix(c, "PGD-") || c[9] != '-' {
			t.Fatalf("code %q is not \"PGD-\", five symbols, a dash and five symbols", c)
		}
		if strings.ContainsAny(c[4:], "01OI") {
			t.Fatalf("code %q has a symbol easily misread", c)
		}
		if NormalizeCode(c) != c {
			t.Fatalf("NormalizeCode(%q) = %q", c, NormalizeCode(c))
		}
		if seen[c] {
			t.Fatalf("code %q drawn twice in 1000", c)
		}
		seen[c] = true
	}
	if c := newCode(ClassInformation); !strings.HasPrefix(c, "INF-") {
		t.Errorf("information request code %q", c)
	}
	for in, want := range map[string]string{
		"pgd-7k3mq-9xrab":   "PGD-7K3MQ-9XRAB",
		" PGD 7K3MQ 9XRAB ": "PGD-7K3MQ-9XRAB",
		"ASP7K3MQ9XRAB":     "ASP-7K3MQ-9XRAB",
		"PGD-7K3MQ-9XRA":    "", // too short
		"PGD-0K3MQ-9XRAB":   "", // 0 is never used
		"XYZ-7K3MQ-9XRAB":   "", // unknown prefix
		"PGD-7K3MQ-9XRA'":   "",
		"":                  "",
	} {
		if got := NormalizeCode(in); got != want {
			t.Errorf("NormalizeCode(%q) = %q, want %q", in, got, want)
		}
	}
}

func TestValidateNewComplaint(t *testing.T) {
	ok := NewComplaint{Class: ClassComplaint, Category: "koleksi", Body: "Buku rusak",
		Contact: Contact{Phone: "+62 812-3456-7890", Email: "warga@contoh.id"}}
	if err := ok.Validate(); err != nil {
		t.Fatalf("valid report refused: %v", err)
	}
	bad := NewComplaint{Class: "keluhan", Category: "parkir", Body: "  ", Contact: Contact{Phone: "08-12", Email: "bukan-email"}}
	bad.normalize()
	err := bad.Validate()
	if err == nil {
		t.Fatal("bad report accepted")
	}
	got := map[string]string{}
	for _, p := range asAppErr(err).Problems {
		got[p.Field] = p.Key
	}
	want := map[string]string{"class": "complaint.bad_class", "category": "complaint.bad_category", "body": "field.required",
		"contact_phone": "complaint.bad_phone", "contact_email": "complaint.bad_email"}
	for f, k := range want {
		if got[f] != k {
			t.Errorf("field %s: got %q, want %q", f, got[f], k)
		}
	}
}
