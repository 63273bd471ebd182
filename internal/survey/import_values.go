package survey

import (
	"strconv"
	"strings"
	"time"
	"unicode"

	"github.com/xuri/excelize/v2"
)

// Respondent-profile cells of an export are free text: "Laki-laki", "SMA",
// "Mahasiswa", "20 - 30 tahun". They are read into the web form's codes
// where they say something recognisable; anything else is kept as written
// (the profile report lists such values after the form's own), except an
// age that is no number, which is left as not given. Never refused: the
// profile is optional, the answers are what the import is for.

// cellWords splits a cell into lower-case words of letters and digits.
func cellWords(s string) []string {
	return strings.FieldsFunc(strings.ToLower(s), func(r rune) bool { return !unicode.IsLetter(r) && !unicode.IsDigit(r) })
}

// importGender reads a gender cell: L or P, "" when not recognised.
func importGender(s string) string {
	switch strings.Join(cellWords(s), "") {
	case "l", "lakilaki", "laki", "pria", "male", "m", "lk":
		return "L"
	case "p", "perempuan", "wanita", "female", "f", "w", "pr":
		return "P"
	}
	return ""
}

// importEducation reads an education cell into Educations, "" when not
// recognised. Higher levels are tested first: "D4/S1" is s1, "SD ke
// bawah" is sd.
func importEducation(s string) string {
	ws := cellWords(s)
	levels := []struct {
		code  string
		words []string
	}{
		{"s3", []string{"s3", "doktor", "doktoral", "doctor", "doctoral", "phd"}},
		{"s2", []string{"s2", "magister", "master", "pascasarjana"}},
		{"s1", []string{"s1", "d4", "div", "sarjana", "bachelor"}},
		{"diploma", []string{"diploma", "d1", "d2", "d3", "dii", "diii"}},
		{"sma", []string{"sma", "smk", "slta", "smu", "stm", "ma", "mak"}},
		{"smp", []string{"smp", "sltp", "mts"}},
		{"sd", []string{"sd", "mi", "tidak", "belum"}},
	}
	for _, l := range levels {
		if hasAnyWord(ws, l.words) {
			return l.code
		}
	}
	return ""
}

// importOccupation reads an occupation cell into Occupations, "" when not
// recognised ("Guru", "Ibu rumah tangga").
func importOccupation(s string) string {
	ws := cellWords(s)
	kinds := []struct {
		code  string
		words []string
	}{
		{"mahasiswa", []string{"mahasiswa", "mahasiswi", "student"}},
		{"pelajar", []string{"pelajar", "siswa", "siswi", "murid"}},
		{"tni_polri", []string{"tni", "polri", "polisi", "tentara"}},
		{"pns", []string{"pns", "asn", "pppk", "negeri"}},
		{"wirausaha", []string{"wirausaha", "wiraswasta", "pengusaha", "pedagang", "usaha"}},
		{"swasta", []string{"swasta", "karyawan", "karyawati", "buruh"}},
	}
	for _, k := range kinds {
		if hasAnyWord(ws, k.words) {
			return k.code
		}
	}
	if hasAnyWord(ws, []string{"lainnya", "lain", "other", "others"}) {
		return "lainnya"
	}
	return ""
}

// importAge reads an age cell: a number of years ("34", "34 tahun"), or a
// range ("20-30", "20 s.d. 30 tahun") taken at its middle; 0 when it is
// neither or falls outside 1–MaxAge (a child's answer read out at layanan
// anak may be under the web form's MinAge). "< 20" and "di atas 60" say
// too little to place, and are 0.
func importAge(s string) int {
	s = strings.ToLower(s)
	if strings.ContainsAny(s, "<>≤≥") {
		return 0
	}
	ws := cellWords(s)
	var nums []int
	for _, w := range ws {
		switch w {
		case "atas", "bawah", "lebih", "kurang", "over", "under":
			return 0
		}
		if n, err := strconv.Atoi(w); err == nil {
			nums = append(nums, n)
		}
	}
	age := 0
	switch len(nums) {
	case 1:
		age = nums[0]
	case 2:
		if nums[0] > nums[1] {
			return 0
		}
		age = (nums[0] + nums[1]) / 2
	}
	if age < 1 || age > MaxAge {
		return 0
	}
	return age
}

// Dates. Exports write them as Google Forms does ("2026/11/21 9:00:13 AM
// GMT+7"), as the sheet's locale does ("21/11/2026 9:00:13" in Indonesian,
// "11/21/2026 9:00:13" in American English), as ISO ("2026-11-21"), with
// month names ("21 November 2026"), or, from an XLSX, as a serial number.
// Whether "03/04/2026" is the 3rd of April or the 4th of March is decided
// once per file (dateOrder), the time is kept when there is one, and a
// date is taken as written, in the library's zone.

// dateOrder says how a file writes the numeric dates that do not start
// with the year.
type dateOrder int

const (
	dayFirst   dateOrder = iota // 21/11/2026, the Indonesian way (the default)
	monthFirst                  // 11/21/2026
)

// dateParts splits a date's leading numeric part "a/b/c" (or a-b-c, a.b.c).
func dateParts(s string) (a, b, c int, ok bool) {
	s = strings.TrimSpace(s)
	if i := strings.IndexAny(s, " T"); i >= 0 {
		s = s[:i]
	}
	parts := strings.FieldsFunc(s, func(r rune) bool { return r == '/' || r == '-' || r == '.' })
	if len(parts) != 3 {
		return 0, 0, 0, false
	}
	var n [3]int
	for i, p := range parts {
		v, err := strconv.Atoi(p)
		if err != nil || v < 0 {
			return 0, 0, 0, false
		}
		n[i] = v
	}
	return n[0], n[1], n[2], len(parts[0]) <= 2
}

// dateOrderOf decides a file's date order from all its date cells: a first
// part above 12 can only be a day, a second one above 12 only a day too.
func dateOrderOf(cells []string) dateOrder {
	monthFirstSeen := false
	for _, s := range cells {
		a, b, _, ok := dateParts(s)
		if !ok {
			continue
		}
		if a > 12 {
			return dayFirst
		}
		if b > 12 {
			monthFirstSeen = true
		}
	}
	if monthFirstSeen {
		return monthFirst
	}
	return dayFirst
}

var importMonths = map[string]time.Month{
	"januari": 1, "january": 1, "jan": 1,
	"februari": 2, "february": 2, "feb": 2, "pebruari": 2,
	"maret": 3, "march": 3, "mar": 3,
	"april": 4, "apr": 4,
	"mei": 5, "may": 5,
	"juni": 6, "june": 6, "jun": 6,
	"juli": 7, "july": 7, "jul": 7,
	"agustus": 8, "august": 8, "agu": 8, "ags": 8, "aug": 8,
	"september": 9, "sep": 9, "sept": 9,
	"oktober": 10, "october": 10, "okt": 10, "oct": 10,
	"november": 11, "nov": 11, "nop": 11,
	"desember": 12, "december": 12, "des": 12, "dec": 12,
}

// Dates outside these years are a mistake in the file (or a score typed
// into the date column), not a survey.
const (
	minImportYear = 2000
	maxImportYear = 2100
)

// parseImportDate reads one date cell in the library's zone.
func parseImportDate(s string, order dateOrder, loc *time.Location) (time.Time, bool) {
	s = strings.TrimSpace(s)
	if f, err := strconv.ParseFloat(s, 64); err == nil && !strings.ContainsAny(s, "/-") {
		return excelSerial(f, loc)
	}
	var y, m, d int
	rest := ""
	if a, b, c, ok := dateParts(s); ok || a >= 1000 {
		switch {
		case a >= 1000: // 2026-11-21, 2026/11/21
			y, m, d = a, b, c
		case order == monthFirst:
			y, m, d = c, a, b
		default:
			y, m, d = c, b, a
		}
		if y < 100 {
			y += 2000
		}
		if i := strings.IndexAny(s, " T"); i >= 0 {
			rest = s[i+1:]
		}
	} else {
		// 21 November 2026, 21 Nov 2026 10:00.
		ws := strings.Fields(strings.ToLower(strings.ReplaceAll(s, ",", " ")))
		if len(ws) < 3 {
			return time.Time{}, false
		}
		mon, ok := importMonths[strings.TrimSuffix(ws[1], ".")]
		dd, err1 := strconv.Atoi(ws[0])
		yy, err2 := strconv.Atoi(ws[2])
		if !ok || err1 != nil || err2 != nil {
			return time.Time{}, false
		}
		y, m, d = yy, int(mon), dd
		rest = strings.Join(ws[3:], " ")
	}
	if y < minImportYear || y > maxImportYear || m < 1 || m > 12 || d < 1 || d > 31 {
		return time.Time{}, false
	}
	t := time.Date(y, time.Month(m), d, 0, 0, 0, 0, loc)
	if t.Day() != d { // 31 June
		return time.Time{}, false
	}
	h, mi, sec := clockOf(rest)
	return t.Add(time.Duration(h)*time.Hour + time.Duration(mi)*time.Minute + time.Duration(sec)*time.Second), true
}

// clockOf reads a time of day "9:00:13", "9:00 PM", "21.30"; zero when
// there is none or it makes no sense. A zone suffix ("GMT+7") is the
// form's own, and ignored: the library's zone is the one that counts.
func clockOf(s string) (h, m, sec int) {
	ws := strings.Fields(strings.ToUpper(s))
	if len(ws) == 0 {
		return 0, 0, 0
	}
	parts := strings.FieldsFunc(ws[0], func(r rune) bool { return r == ':' || r == '.' })
	var n [3]int
	for i := 0; i < len(parts) && i < 3; i++ {
		v, err := strconv.Atoi(parts[i])
		if err != nil {
			return 0, 0, 0
		}
		n[i] = v
	}
	if len(ws) > 1 {
		switch {
		case ws[1] == "PM" && n[0] < 12:
			n[0] += 12
		case ws[1] == "AM" && n[0] == 12:
			n[0] = 0
		}
	}
	if n[0] > 23 || n[1] > 59 || n[2] > 59 {
		return 0, 0, 0
	}
	return n[0], n[1], n[2]
}

// excelSerial reads a spreadsheet date number (days since 1899-12-30, the
// fraction being the time of day) as a wall-clock time in loc.
func excelSerial(f float64, loc *time.Location) (time.Time, bool) {
	t, err := excelize.ExcelDateToTime(f, false)
	if err != nil || t.Year() < minImportYear || t.Year() > maxImportYear {
		return time.Time{}, false
	}
	t = t.Round(time.Second)
	return time.Date(t.Year(), t.Month(), t.Day(), t.Hour(), t.Minute(), t.Second(), 0, loc), true
}
