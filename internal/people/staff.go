// Package people keeps a library's staff (pegawai) directory: who works there,
// as what (jabatan and jenjang, golongan, employment status), and where they
// are posted, with import from SIASN/SIMPEG-style CSV exports.
package people

import (
	"regexp"
	"strings"
	"time"

	"github.com/bina-pustaka/bina/internal/apperr"
)

// Employment statuses. ASN (aparatur sipil negara) are PNS and PPPK; both
// carry an 18-digit NIP (nomor induk pegawai).
const (
	StatusPNS    = "pns"     // pegawai negeri sipil
	StatusPPPK   = "pppk"    // pegawai pemerintah dengan perjanjian kerja
	StatusNonASN = "non_asn" // honorer, kontrak
)

// Statuses lists the employment statuses in display order.
var Statuses = []string{StatusPNS, StatusPPPK, StatusNonASN}

// Staff is one person working in a library.
type Staff struct {
	ID               int64     `json:"id"`
	LibraryID        int64     `json:"library_id"`
	NIP              string    `json:"nip"` // "" is stored as NULL
	Name             string    `json:"name"`
	EmploymentStatus string    `json:"employment_status"` // one of Statuses
	Position         string    `json:"position"`          // jabatan, e.g. Pustakawan
	Level            string    `json:"level"`             // jenjang, e.g. Ahli Pertama
	Grade            string    `json:"grade"`             // golongan, e.g. III/a (PNS) or IX (PPPK)
	Education        string    `json:"education"`
	ServicePointID   *int64    `json:"service_point_id"`
	ServicePointName string    `json:"service_point_name"` // read-only, joined
	Email            string    `json:"email"`
	Active           bool      `json:"active"`
	CreatedAt        time.Time `json:"created_at"`
	UpdatedAt        time.Time `json:"updated_at"`
}

// Levels are the jenjang of jabatan fungsional (keterampilan, then
// keahlian), in canonical spelling. Pemula survives in older records.
var Levels = []string{"Pemula", "Terampil", "Mahir", "Penyelia", "Ahli Pertama", "Ahli Muda", "Ahli Madya", "Ahli Utama"}

// SplitPosition separates a jabatan written with its jenjang, as HR exports
// do: "Pustakawan Ahli Pertama" → ("Pustakawan", "Ahli Pertama"). Without a
// known jenjang at the end the whole text is the position and level is "".
func SplitPosition(s string) (position, level string) {
	s = collapseSpaces(s)
	for _, l := range Levels {
		if strings.EqualFold(s, l) {
			return "", l
		}
		// Levels are ASCII, so comparing the last bytes is safe on any text.
		n := len(s) - len(l)
		if n > 0 && s[n-1] == ' ' && strings.EqualFold(s[n:], l) {
			return strings.TrimSpace(s[:n]), l
		}
	}
	return s, ""
}

// canonicalLevel returns the canonical spelling of a jenjang, "" if unknown.
func canonicalLevel(s string) string {
	s = collapseSpaces(s)
	for _, l := range Levels {
		if strings.EqualFold(s, l) {
			return l
		}
	}
	return ""
}

// ParseStatus reads an employment status as people write it (PNS, CPNS,
// PPPK, P3K, Non ASN, Honorer, Kontrak …); ok is false when it is none.
func ParseStatus(s string) (status string, ok bool) {
	k := strings.ToLower(s)
	k = strings.NewReplacer("-", " ", "_", " ", ".", " ").Replace(k)
	k = collapseSpaces(k)
	switch k {
	case "pns", "cpns", "pegawai negeri sipil", "calon pegawai negeri sipil":
		return StatusPNS, true
	case "pppk", "p3k", "pppk paruh waktu", "pegawai pemerintah dengan perjanjian kerja":
		return StatusPPPK, true
	case "non asn", "nonasn", "non pns", "honorer", "tenaga honorer", "kontrak", "tenaga kontrak",
		"thl", "tenaga harian lepas", "ptt", "pegawai tidak tetap", "outsourcing":
		return StatusNonASN, true
	}
	return "", false
}

func validStatus(s string) bool {
	return s == StatusPNS || s == StatusPPPK || s == StatusNonASN
}

// Normalize tidies what people type: spaces, the NIP's separators, the
// golongan's spelling, the e-mail's case, and a jenjang written inside the
// jabatan when no level was given.
func (s *Staff) Normalize() {
	s.Name = collapseSpaces(s.Name)
	s.NIP = NormalizeNIP(s.NIP)
	s.EmploymentStatus = strings.TrimSpace(s.EmploymentStatus)
	if st, ok := ParseStatus(s.EmploymentStatus); ok {
		s.EmploymentStatus = st
	}
	s.Position = collapseSpaces(s.Position)
	s.Level = collapseSpaces(s.Level)
	if s.Level == "" {
		s.Position, s.Level = SplitPosition(s.Position)
	} else if l := canonicalLevel(s.Level); l != "" {
		s.Level = l
	}
	s.Grade = NormalizeGrade(s.Grade)
	s.Education = collapseSpaces(s.Education)
	s.Email = strings.ToLower(strings.TrimSpace(s.Email))
}

// Validate checks a staff record before it is saved. Call Normalize first.
func (s *Staff) Validate() error {
	var v apperr.Validation
	if s.Name == "" {
		v.Add("name", "field.required", nil)
	} else if len(s.Name) > 200 {
		v.Add("name", "field.too_long", apperr.Args{"Max": 200})
	}
	if !validStatus(s.EmploymentStatus) {
		v.Add("employment_status", "staff.bad_status", nil)
	}
	switch {
	case s.NIP != "":
		if key := CheckNIP(s.NIP, s.EmploymentStatus); key != "" {
			v.Add("nip", key, nil)
		}
	case s.EmploymentStatus == StatusPNS || s.EmploymentStatus == StatusPPPK:
		v.Add("nip", "field.required", nil)
	}
	for _, f := range []struct {
		field, value string
	}{{"position", s.Position}, {"education", s.Education}} {
		if len(f.value) > 200 {
			v.Add(f.field, "field.too_long", apperr.Args{"Max": 200})
		}
	}
	if s.Level != "" && canonicalLevel(s.Level) == "" {
		v.Add("level", "staff.bad_level", nil)
	}
	if s.Grade != "" && !gradeFits(s.Grade, s.EmploymentStatus) {
		v.Add("grade", "staff.bad_grade", nil)
	}
	if s.Email != "" && !looksLikeEmail(s.Email) {
		v.Add("email", "field.bad_email", nil)
	}
	return v.Err()
}

// NormalizeNIP drops the spaces, dots and dashes people put between the NIP's
// parts ("19750101 200001 2 001"), and the apostrophe or ="…" that keeps
// Excel from turning it into a number.
func NormalizeNIP(s string) string {
	s = strings.TrimSpace(s)
	if strings.HasPrefix(s, `="`) && strings.HasSuffix(s, `"`) && len(s) >= 3 {
		s = s[2 : len(s)-1]
	}
	s = strings.TrimPrefix(s, "'")
	if sciNotation.MatchString(strings.TrimSpace(s)) {
		return strings.TrimSpace(s) // keep it recognisable for CheckNIP
	}
	return strings.Map(func(r rune) rune {
		if r == ' ' || r == '.' || r == '-' || r == '\u00a0' {
			return -1
		}
		return r
	}, s)
}

// sciNotation is how Excel writes a long number it has already rounded,
// e.g. 1.97501E+17 (or 1,97501E+17 in an Indonesian locale).
var sciNotation = regexp.MustCompile(`^[0-9]+([.,][0-9]+)?[eE]\+?[0-9]+$`)

// CheckNIP returns the message key of the first thing wrong with an
// 18-digit NIP, or "" when it is valid. Layout: birth date YYYYMMDD,
// appointment (TMT) YYYYMM, sex 1 or 2, sequence 001–999. PPPK NIPs carry
// "2" and a frequency 1–9 instead of the month, so 21–29 is accepted there.
func CheckNIP(nip, status string) string {
	if sciNotation.MatchString(nip) {
		return "staff.nip_scientific"
	}
	for _, r := range nip {
		if r < '0' || r > '9' {
			return "staff.nip_digits"
		}
	}
	if len(nip) != 18 {
		return "staff.nip_length"
	}
	num := func(from, to int) int {
		n := 0
		for _, c := range nip[from:to] {
			n = n*10 + int(c-'0')
		}
		return n
	}
	now := time.Now()
	by, bm, bd := num(0, 4), num(4, 6), num(6, 8)
	birth := time.Date(by, time.Month(bm), bd, 0, 0, 0, 0, time.UTC)
	if by < 1940 || by > now.Year() || bm < 1 || bm > 12 ||
		birth.Year() != by || int(birth.Month()) != bm || birth.Day() != bd || birth.After(now) {
		return "staff.nip_birth_date"
	}
	ay, am := num(8, 12), num(12, 14)
	pppkCode := am >= 21 && am <= 29
	if pppkCode && status == StatusPNS {
		return "staff.nip_is_pppk"
	}
	if ay < by+15 || ay > now.Year()+1 || !(am >= 1 && am <= 12 || pppkCode) {
		return "staff.nip_appointment"
	}
	if sex := nip[14]; sex != '1' && sex != '2' {
		return "staff.nip_sex"
	}
	if num(15, 18) == 0 {
		return "staff.nip_sequence"
	}
	return ""
}

// PNS golongan/ruang: I/a–I/d, II/a–II/d, III/a–III/d, IV/a–IV/e.
var pnsGrade = regexp.MustCompile(`^(?i)(IV|III|II|I)\s*[/\-.]?\s*([a-e])$`)

// pppkGrades are the PPPK golongan I–XVII.
var pppkGrades = []string{"I", "II", "III", "IV", "V", "VI", "VII", "VIII", "IX", "X", "XI", "XII", "XIII", "XIV", "XV", "XVI", "XVII"}

// NormalizeGrade writes a golongan canonically ("iii / A" → "III/a",
// "ix" → "IX"); text that is not a golongan is returned trimmed.
func NormalizeGrade(s string) string {
	s = collapseSpaces(s)
	if m := pnsGrade.FindStringSubmatch(s); m != nil {
		return strings.ToUpper(m[1]) + "/" + strings.ToLower(m[2])
	}
	up := strings.ToUpper(s)
	for _, g := range pppkGrades {
		if up == g {
			return g
		}
	}
	return s
}

func isPNSGrade(g string) bool {
	m := pnsGrade.FindStringSubmatch(g)
	return m != nil && (!strings.EqualFold(m[2], "e") || strings.EqualFold(m[1], "IV"))
}

func isPPPKGrade(g string) bool {
	for _, x := range pppkGrades {
		if g == x {
			return true
		}
	}
	return false
}

// gradeFits: a PNS has a golongan/ruang, a PPPK a roman golongan; a non-ASN
// record may carry either (often a former post).
func gradeFits(g, status string) bool {
	switch status {
	case StatusPNS:
		return isPNSGrade(g)
	case StatusPPPK:
		return isPPPKGrade(g)
	}
	return isPNSGrade(g) || isPPPKGrade(g)
}

func looksLikeEmail(s string) bool {
	if len(s) > 254 || strings.ContainsAny(s, " \t\r\n<>,;\"") {
		return false
	}
	at := strings.LastIndexByte(s, '@')
	if at < 1 || strings.IndexByte(s, '@') != at {
		return false
	}
	domain := s[at+1:]
	dot := strings.LastIndexByte(domain, '.')
	return dot > 0 && dot < len(domain)-1 && !strings.Contains(domain, "..")
}

func collapseSpaces(s string) string {
	return strings.Join(strings.Fields(s), " ")
}
