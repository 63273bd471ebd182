package i18n

import (
	"math"
	"testing"
	"time"
)

func TestFormatDate(t *testing.T) {
	wib := time.FixedZone("WIB", 7*3600)
	cases := []struct {
		lang string
		t    time.Time
		want string
	}{
		{"id", time.Date(2026, 11, 21, 9, 0, 0, 0, wib), "21 November 2026"},
		{"en", time.Date(2026, 11, 21, 9, 0, 0, 0, wib), "21 November 2026"},
		{"id", time.Date(2026, 1, 5, 0, 0, 0, 0, wib), "5 Januari 2026"},
		{"en", time.Date(2026, 1, 5, 0, 0, 0, 0, wib), "5 January 2026"},
		{"id", time.Date(2025, 2, 28, 0, 0, 0, 0, wib), "28 Februari 2025"},
		{"id", time.Date(2025, 3, 1, 0, 0, 0, 0, wib), "1 Maret 2025"},
		{"id", time.Date(2025, 5, 1, 0, 0, 0, 0, wib), "1 Mei 2025"},
		{"en", time.Date(2025, 5, 1, 0, 0, 0, 0, wib), "1 May 2025"},
		{"id", time.Date(2025, 8, 17, 0, 0, 0, 0, wib), "17 Agustus 2025"},
		{"id", time.Date(2025, 12, 31, 0, 0, 0, 0, wib), "31 Desember 2025"},
		{"xx", time.Date(2025, 6, 1, 0, 0, 0, 0, wib), "1 Juni 2025"},
	}
	for _, c := range cases {
		if got := FormatDate(c.lang, c.t); got != c.want {
			t.Errorf("FormatDate(%q, %v) = %q, want %q", c.lang, c.t, got, c.want)
		}
	}
	id := []string{"Januari", "Februari", "Maret", "April", "Mei", "Juni", "Juli", "Agustus",
		"September", "Oktober", "November", "Desember"}
	for i, want := range id {
		if got := MonthName("id", time.Month(i+1)); got != want {
			t.Errorf("MonthName(id, %d) = %q, want %q", i+1, got, want)
		}
	}
}

func TestFormatDateTime(t *testing.T) {
	wib := time.FixedZone("WIB", 7*3600)
	wit := time.FixedZone("WIT", 9*3600)
	utc := time.Date(2026, 11, 21, 7, 5, 0, 0, time.UTC) // 14.05 WIB
	cases := []struct {
		lang string
		t    time.Time
		loc  *time.Location
		want string
	}{
		{"id", utc, wib, "21 November 2026 14.05"},
		{"en", utc, wib, "21 November 2026 14:05"},
		{"id", utc, wit, "21 November 2026 16.05"},
		{"id", time.Date(2026, 11, 21, 20, 30, 0, 0, time.UTC), wib, "22 November 2026 03.30"}, // the day turns in WIB
		{"en", utc, nil, "21 November 2026 07:05"},                                             // nil keeps t's zone
	}
	for _, c := range cases {
		if got := FormatDateTime(c.lang, c.t, c.loc); got != c.want {
			t.Errorf("FormatDateTime(%q, %v, %v) = %q, want %q", c.lang, c.t, c.loc, got, c.want)
		}
	}
}

func TestFormatNumber(t *testing.T) {
	cases := []struct {
		lang string
		n    int64
		want string
	}{
		{"id", 5000, "5.000"},
		{"en", 5000, "5,000"},
		{"id", 0, "0"},
		{"id", 999, "999"},
		{"id", 1000, "1.000"},
		{"id", 123456, "123.456"},
		{"en", 1234567, "1,234,567"},
		{"id", -9000, "-9.000"},
		{"id", -100, "-100"},
		{"en", math.MinInt64, "-9,223,372,036,854,775,808"},
	}
	for _, c := range cases {
		if got := FormatNumber(c.lang, c.n); got != c.want {
			t.Errorf("FormatNumber(%q, %d) = %q, want %q", c.lang, c.n, got, c.want)
		}
	}
}

func TestFormatDecimal(t *testing.T) {
	cases := []struct {
		lang   string
		f      float64
		places int
		want   string
	}{
		{"id", 88.31, 2, "88,31"},
		{"en", 88.31, 2, "88.31"},
		{"id", 1234.5, 1, "1.234,5"},
		{"en", 1234.5, 1, "1,234.5"},
		{"id", 76.605, 0, "77"},
		{"id", -0.001, 2, "0,00"},
		{"id", -1500.25, 2, "-1.500,25"},
		{"en", math.NaN(), 2, "NaN"},
	}
	for _, c := range cases {
		if got := FormatDecimal(c.lang, c.f, c.places); got != c.want {
			t.Errorf("FormatDecimal(%q, %v, %d) = %q, want %q", c.lang, c.f, c.places, got, c.want)
		}
	}
}
