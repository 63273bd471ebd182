package i18n

import (
	"fmt"
	"math"
	"strconv"
	"strings"
	"time"
)

var monthNames = map[string][12]string{
	"id": {"Januari", "Februari", "Maret", "April", "Mei", "Juni",
		"Juli", "Agustus", "September", "Oktober", "November", "Desember"},
	"en": {"January", "February", "March", "April", "May", "June",
		"July", "August", "September", "October", "November", "December"},
}

// MonthName is the month's full name in lang ("Agustus", "August").
func MonthName(lang string, m time.Month) string {
	if m < time.January || m > time.December {
		return strconv.Itoa(int(m))
	}
	return monthNames[normalize(lang)][m-1]
}

// FormatDate writes t's date as "21 November 2026" in both languages (day
// first, no leading zero), in the location t carries.
func FormatDate(lang string, t time.Time) string {
	return fmt.Sprintf("%d %s %d", t.Day(), MonthName(lang, t.Month()), t.Year())
}

// FormatDateTime writes t as seen in loc: "21 November 2026 14.05" in
// Indonesian, which separates hours and minutes with a dot (PUEBI), and
// "21 November 2026 14:05" in English. A nil loc keeps t's own location.
func FormatDateTime(lang string, t time.Time, loc *time.Location) string {
	if loc != nil {
		t = t.In(loc)
	}
	sep := ":"
	if normalize(lang) == "id" {
		sep = "."
	}
	return fmt.Sprintf("%s %02d%s%02d", FormatDate(lang, t), t.Hour(), sep, t.Minute())
}

// separators returns the thousands and decimal separators of lang.
func separators(lang string) (thousands, decimal string) {
	if normalize(lang) == "id" {
		return ".", ","
	}
	return ",", "."
}

// FormatNumber groups thousands: "5.000" in Indonesian, "5,000" in English.
func FormatNumber(lang string, n int64) string {
	th, _ := separators(lang)
	s := strconv.FormatInt(n, 10)
	sign := ""
	if strings.HasPrefix(s, "-") {
		sign, s = "-", s[1:]
	}
	return sign + group(s, th)
}

// FormatDecimal writes f rounded to places decimals with the language's
// separators: "1.234,56" in Indonesian, "1,234.56" in English (IKM scores,
// percentages, JP hours).
func FormatDecimal(lang string, f float64, places int) string {
	if math.IsNaN(f) || math.IsInf(f, 0) {
		return strconv.FormatFloat(f, 'f', -1, 64)
	}
	if places < 0 {
		places = 0
	}
	th, dec := separators(lang)
	s := strconv.FormatFloat(f, 'f', places, 64)
	sign := ""
	if strings.HasPrefix(s, "-") {
		sign, s = "-", s[1:]
		if strings.Trim(s, "0.") == "" {
			sign = "" // -0.001 rounded to "0,00" is not negative
		}
	}
	intPart, frac, _ := strings.Cut(s, ".")
	out := sign + group(intPart, th)
	if frac != "" {
		out += dec + frac
	}
	return out
}

// group inserts sep every three digits from the right of a digit string.
func group(digits, sep string) string {
	if len(digits) <= 3 {
		return digits
	}
	var b strings.Builder
	head := len(digits) % 3
	if head > 0 {
		b.WriteString(digits[:head])
	}
	for i := head; i < len(digits); i += 3 {
		if b.Len() > 0 {
			b.WriteString(sep)
		}
		b.WriteString(digits[i : i+3])
	}
	return b.String()
}
