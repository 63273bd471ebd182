package demo

import (
	"reflect"
	"regexp"
	"slices"
	"strconv"
	"strings"
	"testing"
	"time"
)

func TestLibrariesAreTheSameEveryRun(t *testing.T) {
	if !reflect.DeepEqual(Libraries(), Libraries()) {
		t.Fatal("two calls to Libraries returned different data")
	}
}

func TestLibrariesOfTheSeedArticles(t *testing.T) {
	libs := Libraries()
	if len(libs) != 5 {
		t.Fatalf("got %d libraries, want 5", len(libs))
	}
	zones := map[string]string{
		"Kota Lubuklinggau": "Asia/Jakarta", "Kota Samarinda": "Asia/Makassar", "Kota Batu": "Asia/Jakarta",
		"Kota Kediri": "Asia/Jakarta", "Kota Semarang": "Asia/Jakarta",
	}
	kinds := []string{"sirkulasi", "referensi", "anak", "keliling", "digital", "umum", "deposit", "lainnya"}
	for _, l := range libs {
		if zones[l.City] != l.TimeZone {
			t.Errorf("%s: city %q in zone %q", l.Name, l.City, l.TimeZone)
		}
		if _, err := time.LoadLocation(l.TimeZone); err != nil {
			t.Errorf("%s: %v", l.Name, err)
		}
		if l.Province == "" || l.Address == "" || l.Population < 100_000 {
			t.Errorf("%s: incomplete: %+v", l.Name, l)
		}
		if n := len(l.ServicePoints); n < 5 || n > 8 {
			t.Errorf("%s: %d service points, want 5–8", l.Name, n)
		}
		seen := map[string]bool{}
		for _, sp := range l.ServicePoints {
			if seen[sp.Name] {
				t.Errorf("%s: service point %q twice", l.Name, sp.Name)
			}
			seen[sp.Name] = true
			if !slices.Contains(kinds, sp.Kind) {
				t.Errorf("%s: service point %q has kind %q", l.Name, sp.Name, sp.Kind)
			}
		}
	}
}

func TestStaff(t *testing.T) {
	names := map[string]region{
		"Kota Lubuklinggau": malayPalembang, "Kota Samarinda": banjarKutaiBugis,
		"Kota Batu": javanese, "Kota Kediri": javanese, "Kota Semarang": javanese,
	}
	for _, l := range Libraries() {
		if n := len(l.Staff); n < 38 || n > 42 {
			t.Errorf("%s: %d staff, want 38–42", l.Name, n)
		}
		points, posted := map[string]bool{}, map[string]int{}
		for _, sp := range l.ServicePoints {
			points[sp.Name] = true
		}
		status, seen := map[string]int{}, map[string]bool{}
		for _, s := range l.Staff {
			status[s.EmploymentStatus]++
			if seen[s.Name] {
				t.Errorf("%s: name %q twice", l.Name, s.Name)
			}
			seen[s.Name] = true
			if s.ServicePoint != "" && !points[s.ServicePoint] {
				t.Errorf("%s: %s posted to unknown service point %q", l.Name, s.Name, s.ServicePoint)
			}
			posted[s.ServicePoint]++
			if s.Position == "" || s.Education == "" {
				t.Errorf("%s: %s lacks position or education", l.Name, s.Name)
			}
			switch s.EmploymentStatus {
			case pns, pppk:
				checkNIP(t, s, names[l.City])
			case nonASN:
				if s.NIP != "" || s.Grade != "" {
					t.Errorf("%s: non-ASN %s has NIP %q, grade %q", l.Name, s.Name, s.NIP, s.Grade)
				}
			default:
				t.Errorf("%s: %s has status %q", l.Name, s.Name, s.EmploymentStatus)
			}
			checkGrade(t, s)
			if maleOnly[s.Position] && !slices.Contains(names[l.City].maleFirst, strings.Fields(s.Name)[0]) {
				t.Errorf("%s: %s is %s, a post only men hold here", l.Name, s.Name, s.Position)
			}
		}
		for name := range points {
			if posted[name] == 0 {
				t.Errorf("%s: nobody posted to %q", l.Name, name)
			}
		}
		n := float64(len(l.Staff))
		if p := float64(status[pns]) / n; p < 0.55 || p > 0.66 {
			t.Errorf("%s: %.0f%% PNS, want about 60%%", l.Name, p*100)
		}
		for _, st := range []string{pppk, nonASN} {
			if p := float64(status[st]) / n; p < 0.16 || p > 0.22 {
				t.Errorf("%s: %.0f%% %s, want about 20%%", l.Name, p*100, st)
			}
		}
	}
}

// checkNIP checks the NIP's layout against the person: born 1968–2000,
// appointed at 20 or older and by 2025, sex digit matching the first name.
func checkNIP(t *testing.T, s Staff, r region) {
	t.Helper()
	if !regexp.MustCompile(`^[0-9]{18}$`).MatchString(s.NIP) {
		t.Errorf("%s: NIP %q is not 18 digits", s.Name, s.NIP)
		return
	}
	birth, err := time.Parse("20060102", s.NIP[:8])
	if err != nil || birth.Year() < 1968 || birth.Year() > 2000 {
		t.Errorf("%s: NIP %s has birth date %s (%v)", s.Name, s.NIP, s.NIP[:8], err)
	}
	year, _ := strconv.Atoi(s.NIP[8:12])
	month, _ := strconv.Atoi(s.NIP[12:14])
	if year < birth.Year()+20 || year > 2025 {
		t.Errorf("%s: NIP %s appointed in %d, born %d", s.Name, s.NIP, year, birth.Year())
	}
	// A PNS has the TMT month; a PPPK the PPPK code 21–29 in its place.
	if s.EmploymentStatus == pns && (month < 1 || month > 12) ||
		s.EmploymentStatus == pppk && (month < 21 || month > 29) {
		t.Errorf("%s (%s): NIP %s has %02d where the month goes", s.Name, s.EmploymentStatus, s.NIP, month)
	}
	first := strings.Fields(s.Name)[0]
	switch s.NIP[14] {
	case '1':
		if !slices.Contains(r.maleFirst, first) {
			t.Errorf("%s: NIP %s says male", s.Name, s.NIP)
		}
	case '2':
		if !slices.Contains(r.femaleFirst, first) {
			t.Errorf("%s: NIP %s says female", s.Name, s.NIP)
		}
	default:
		t.Errorf("%s: NIP %s has sex digit %c", s.Name, s.NIP, s.NIP[14])
	}
	if s.NIP[15:] == "000" {
		t.Errorf("%s: NIP %s has sequence 000", s.Name, s.NIP)
	}
}

// checkGrade checks the golongan against the jenjang (PNS) or the
// education (PPPK).
func checkGrade(t *testing.T, s Staff) {
	t.Helper()
	switch {
	case s.EmploymentStatus == pppk:
		want := map[string]string{"S1": "IX", "D4": "IX", "D3": "VII", "SM": "V"}[s.Education[:2]]
		if s.Grade != want {
			t.Errorf("%s: PPPK with %s has grade %q, want %q", s.Name, s.Education, s.Grade, want)
		}
	case s.EmploymentStatus == pns && s.Level != "":
		if !slices.Contains(levelGrades[s.Level], s.Grade) {
			t.Errorf("%s: %s %s has golongan %q", s.Name, s.Position, s.Level, s.Grade)
		}
	case s.EmploymentStatus == pns:
		if !regexp.MustCompile(`^(II|III|IV)/[a-d]$`).MatchString(s.Grade) {
			t.Errorf("%s: PNS %s has golongan %q", s.Name, s.Position, s.Grade)
		}
	}
}

func TestNIPsAndEmailsAreUnique(t *testing.T) {
	nips, emails := map[string]bool{}, map[string]bool{SuperadminEmail: true}
	email := regexp.MustCompile(`^[a-z0-9.]+@([a-z]+\.)?bina\.demo$`)
	add := func(e string) {
		if !email.MatchString(e) {
			t.Errorf("e-mail %q is not lowercase ASCII under bina.demo", e)
		}
		if emails[e] {
			t.Errorf("e-mail %q twice", e)
		}
		emails[e] = true
	}
	for _, l := range Libraries() {
		for _, s := range l.Staff {
			add(s.Email)
			if s.NIP != "" {
				if nips[s.NIP] {
					t.Errorf("NIP %s twice", s.NIP)
				}
				nips[s.NIP] = true
			}
		}
		for _, a := range l.Accounts {
			add(a.Email)
		}
	}
}

func TestAccounts(t *testing.T) {
	for _, l := range Libraries() {
		city := strings.ToLower(strings.TrimPrefix(l.City, "Kota "))
		want := map[string]string{
			"admin":       "admin@" + city + ".bina.demo",
			"coordinator": "koordinator@" + city + ".bina.demo",
			"staff":       "pustakawan@" + city + ".bina.demo",
		}
		roles := map[string]int{}
		for _, a := range l.Accounts {
			roles[a.Role]++
			if a.Email != want[a.Role] {
				t.Errorf("%s: %s account is %q, want %q", l.Name, a.Role, a.Email, want[a.Role])
			}
			if a.StaffIndex < 0 || a.StaffIndex >= len(l.Staff) {
				t.Errorf("%s: %s account points at staff %d", l.Name, a.Role, a.StaffIndex)
				continue
			}
			s := l.Staff[a.StaffIndex]
			if a.Name != s.Name {
				t.Errorf("%s: account %q named %q, its staff record %q", l.Name, a.Email, a.Name, s.Name)
			}
			switch a.Role {
			case "admin":
				if s.Position != "Kepala Dinas" && s.Position != "Kepala Perpustakaan" {
					t.Errorf("%s: admin is %s", l.Name, s.Position)
				}
			case "coordinator":
				if !strings.Contains(s.Position, "Kepegawaian") {
					t.Errorf("%s: coordinator is %s", l.Name, s.Position)
				}
			case "staff":
				if s.Position != "Pustakawan" || s.ServicePoint == "" {
					t.Errorf("%s: staff account is %s at %q", l.Name, s.Position, s.ServicePoint)
				}
			}
		}
		if len(l.Accounts) != 3 || roles["admin"] != 1 || roles["coordinator"] != 1 || roles["staff"] != 1 {
			t.Errorf("%s: accounts %v, want one admin, one coordinator, one staff", l.Name, roles)
		}
	}
	if sa := Superadmin(); sa.Email != SuperadminEmail || sa.StaffIndex != -1 || sa.Name == "" {
		t.Errorf("superadmin = %+v", sa)
	}
}
