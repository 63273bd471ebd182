// Package demo generates the demonstration data a fresh installation can be
// filled with: the five city libraries of the seed articles, their service
// points, about forty staff each and the sign-in accounts. It is pure data,
// the same on every run (a seeded PCG source), so screenshots, the README and
// tests can name people; wiring it to the services happens elsewhere.
package demo

import (
	"fmt"
	"math/rand/v2"
	"slices"
	"strings"
	"time"
)

// Password is the one password of every demo account, printed in the README.
const Password = "pustaka-demo-2026"

// SuperadminEmail is the account that sees all demo libraries.
const SuperadminEmail = "superadmin@bina.demo"

// Library is one demo perpustakaan with everything inside it.
type Library struct {
	Name, City, Province, TimeZone string
	Population                     int64
	Address                        string
	ServicePoints                  []ServicePoint
	Staff                          []Staff
	Accounts                       []Account
}

// ServicePoint is a unit layanan. Kind is one of sirkulasi, referensi, anak,
// keliling, digital, umum, deposit, lainnya.
type ServicePoint struct{ Name, Kind string }

// Staff is one pegawai. NIP is "" for non-ASN; EmploymentStatus is pns, pppk
// or non_asn; ServicePoint names one of the library's service points, or is
// "" for office staff.
type Staff struct {
	NIP, Name, EmploymentStatus, Position, Level, Grade, Education, ServicePoint, Email string
}

// Account is a sign-in. Role is admin, coordinator or staff ("" for the
// superadmin, who holds no library role); StaffIndex points into the
// library's Staff at the person's own record, -1 if none.
type Account struct {
	Email, Name, Role string
	StaffIndex        int
}

// Superadmin is the deployment-wide account.
func Superadmin() Account {
	return Account{Email: SuperadminEmail, Name: "Admin Bina Pustaka", StaffIndex: -1}
}

// Libraries returns the five demo libraries, the same on every call.
func Libraries() []Library {
	g := generator{nips: map[string]bool{}, emails: map[string]bool{SuperadminEmail: true}}
	out := make([]Library, 0, len(specs))
	for _, s := range specs {
		out = append(out, g.library(s))
	}
	return out
}

// spec is what is written by hand about a library; staff are generated.
type spec struct {
	key                            string // e-mail subdomain: <key>.bina.demo
	name, city, province, timeZone string
	population                     int64
	address                        string
	seed                           uint64
	names                          region
	points                         []ServicePoint
}

// Populations are approximate recent BPS figures, rounded; good enough for
// per-capita indicators on a demo dashboard, not for a report.
var specs = []spec{
	{
		key: "lubuklinggau", name: "Dinas Perpustakaan dan Kearsipan Kota Lubuklinggau",
		city: "Kota Lubuklinggau", province: "Sumatera Selatan", timeZone: "Asia/Jakarta",
		population: 241_000, address: "Jl. Yos Sudarso, Lubuklinggau", seed: 1601, names: malayPalembang,
		points: []ServicePoint{
			{"Layanan Sirkulasi", "sirkulasi"}, {"Layanan Referensi", "referensi"}, {"Layanan Anak", "anak"},
			{"Perpustakaan Keliling", "keliling"}, {"Layanan Digital", "digital"}, {"Ruang Baca Umum", "umum"},
		},
	},
	{
		key: "samarinda", name: "Dinas Perpustakaan dan Kearsipan Kota Samarinda",
		city: "Kota Samarinda", province: "Kalimantan Timur", timeZone: "Asia/Makassar",
		population: 862_000, address: "Jl. Ir. H. Juanda, Samarinda Ulu, Samarinda", seed: 6472, names: banjarKutaiBugis,
		points: []ServicePoint{
			{"Layanan Sirkulasi", "sirkulasi"}, {"Layanan Referensi", "referensi"}, {"Layanan Anak", "anak"},
			{"Perpustakaan Keliling", "keliling"}, {"Pojok Baca Digital", "digital"}, {"Ruang Baca Umum", "umum"},
			{"Layanan Deposit dan Koleksi Lokal", "deposit"},
		},
	},
	{
		key: "batu", name: "Dinas Perpustakaan dan Kearsipan Kota Batu",
		city: "Kota Batu", province: "Jawa Timur", timeZone: "Asia/Jakarta",
		population: 220_000, address: "Jl. Panglima Sudirman, Batu", seed: 3579, names: javanese,
		points: []ServicePoint{
			{"Layanan Sirkulasi", "sirkulasi"}, {"Layanan Referensi", "referensi"}, {"Layanan Anak", "anak"},
			{"Perpustakaan Keliling", "keliling"}, {"Layanan Digital", "digital"},
		},
	},
	{
		// The seed article is about Kota Kediri, not Kabupaten Kediri.
		key: "kediri", name: "Dinas Perpustakaan dan Kearsipan Kota Kediri",
		city: "Kota Kediri", province: "Jawa Timur", timeZone: "Asia/Jakarta",
		population: 292_000, address: "Jl. Diponegoro, Kediri", seed: 3571, names: javanese,
		points: []ServicePoint{
			{"Layanan Sirkulasi", "sirkulasi"}, {"Layanan Referensi", "referensi"}, {"Layanan Anak", "anak"},
			{"Perpustakaan Keliling", "keliling"}, {"Layanan Digital", "digital"},
			{"Layanan Deposit", "deposit"},
		},
	},
	{
		key: "semarang", name: "Dinas Arsip dan Perpustakaan Kota Semarang",
		city: "Kota Semarang", province: "Jawa Tengah", timeZone: "Asia/Jakarta",
		population: 1_695_000, address: "Jl. Pemuda, Semarang Tengah, Semarang", seed: 3374, names: javanese,
		points: []ServicePoint{
			{"Layanan Sirkulasi", "sirkulasi"}, {"Layanan Referensi", "referensi"}, {"Layanan Anak", "anak"},
			{"Perpustakaan Keliling", "keliling"}, {"Layanan Digital", "digital"}, {"Ruang Baca Umum", "umum"},
			{"Koleksi Lokal Semarangan", "deposit"}, {"Layanan Inklusi Disabilitas", "lainnya"},
		},
	},
}

// role is a kind of post a staff member fills.
type role struct {
	position, level, status string
	grades                  []string // PNS golongan/ruang the jenjang allows; a PPPK grade follows education
	education               []string
	born                    [2]int // range of birth years
	post                    string // "" office, "front" any service point in turn, else a service point kind
}

const (
	pns    = "pns"
	pppk   = "pppk"
	nonASN = "non_asn"
)

var (
	eduLead    = []string{"S2 Administrasi Publik", "S2 Manajemen", "S2 Ilmu Perpustakaan"}
	eduS2Lib   = []string{"S2 Ilmu Perpustakaan", "S2 Ilmu Informasi"}
	eduS1Lib   = []string{"S1 Ilmu Perpustakaan", "S1 Ilmu Informasi dan Perpustakaan", "S1 Ilmu Perpustakaan dan Informasi Islam"}
	eduD3Lib   = []string{"D3 Perpustakaan", "D3 Ilmu Perpustakaan"}
	eduS1IT    = []string{"S1 Teknik Informatika", "S1 Sistem Informasi"}
	eduD3IT    = []string{"D3 Manajemen Informatika"}
	eduSchool  = []string{"SMA", "SMK"}
	eduS1Admin = []string{"S1 Manajemen", "S1 Administrasi Negara", "S1 Psikologi"}
)

// The five posts every library has, in this order: the accounts point at
// the head (admin), the kepegawaian head (coordinator) and the librarian.
var keyRoles = []role{
	{"Kepala Dinas", "", pns, []string{"IV/c", "IV/d"}, eduLead, [2]int{1968, 1974}, ""},
	{"Sekretaris Dinas", "", pns, []string{"IV/a", "IV/b"}, []string{"S2 Administrasi Publik", "S1 Ilmu Pemerintahan"}, [2]int{1970, 1980}, ""},
	{"Kepala Bidang Layanan Perpustakaan", "", pns, []string{"III/d", "IV/a", "IV/b"}, slices.Concat(eduS2Lib, eduS1Lib[:1]), [2]int{1972, 1982}, ""},
	{"Kepala Subbagian Umum dan Kepegawaian", "", pns, []string{"III/c", "III/d"}, eduS1Admin, [2]int{1976, 1986}, ""},
	{"Pustakawan", "Ahli Pertama", pns, []string{"III/a", "III/b"}, eduS1Lib, [2]int{1988, 1996}, "sirkulasi"},
}

const (
	headIndex        = 0
	coordinatorIndex = 3
	librarianIndex   = 4
)

func librarian(status, level string, born [2]int) role {
	r := role{position: "Pustakawan", level: level, status: status, born: born, post: "front", grades: levelGrades[level]}
	switch level {
	case "Ahli Madya":
		r.education = eduS2Lib
	case "Ahli Muda":
		r.education = slices.Concat(eduS1Lib, eduS2Lib)
	case "Ahli Pertama":
		r.education = eduS1Lib
	default:
		r.education = eduD3Lib
	}
	return r
}

// levelGrades is the golongan range of each jenjang of a jabatan fungsional.
var levelGrades = map[string][]string{
	"Terampil": {"II/c", "II/d"}, "Mahir": {"III/a", "III/b"}, "Penyelia": {"III/c", "III/d"},
	"Ahli Pertama": {"III/a", "III/b"}, "Ahli Muda": {"III/c", "III/d"}, "Ahli Madya": {"IV/a", "IV/b", "IV/c"},
}

// pnsPool is drawn from (shuffled) for the PNS beyond the key posts.
var pnsPool = []role{
	librarian(pns, "Ahli Madya", [2]int{1968, 1976}),
	librarian(pns, "Ahli Muda", [2]int{1972, 1986}), librarian(pns, "Ahli Muda", [2]int{1972, 1986}),
	librarian(pns, "Ahli Muda", [2]int{1972, 1986}),
	librarian(pns, "Ahli Pertama", [2]int{1988, 1997}), librarian(pns, "Ahli Pertama", [2]int{1988, 1997}),
	librarian(pns, "Ahli Pertama", [2]int{1988, 1997}),
	librarian(pns, "Penyelia", [2]int{1972, 1984}), librarian(pns, "Penyelia", [2]int{1972, 1984}),
	librarian(pns, "Mahir", [2]int{1980, 1992}), librarian(pns, "Mahir", [2]int{1980, 1992}),
	librarian(pns, "Mahir", [2]int{1980, 1992}),
	librarian(pns, "Terampil", [2]int{1992, 2000}), librarian(pns, "Terampil", [2]int{1992, 2000}),
	librarian(pns, "Terampil", [2]int{1992, 2000}),
	{"Pranata Komputer", "Ahli Pertama", pns, levelGrades["Ahli Pertama"], eduS1IT, [2]int{1988, 1996}, "digital"},
	{"Pranata Komputer", "Terampil", pns, levelGrades["Terampil"], eduD3IT, [2]int{1992, 2000}, "digital"},
	{"Arsiparis", "Ahli Pertama", pns, levelGrades["Ahli Pertama"], []string{"D4 Kearsipan", "S1 Ilmu Sejarah"}, [2]int{1988, 1996}, "deposit"},
	{"Arsiparis", "Terampil", pns, levelGrades["Terampil"], []string{"D3 Kearsipan"}, [2]int{1992, 2000}, ""},
	{"Analis Sumber Daya Manusia Aparatur", "Ahli Pertama", pns, levelGrades["Ahli Pertama"], eduS1Admin, [2]int{1989, 1997}, ""},
	{"Pengelola Layanan Perpustakaan", "", pns, []string{"II/b", "II/c", "II/d", "III/a"}, slices.Concat(eduSchool, eduD3Lib[:1]), [2]int{1970, 1995}, "front"},
	{"Pengelola Layanan Perpustakaan", "", pns, []string{"II/b", "II/c", "II/d", "III/a"}, slices.Concat(eduSchool, eduD3Lib[:1]), [2]int{1970, 1995}, "front"},
	{"Pengadministrasi Umum", "", pns, []string{"II/a", "II/b", "II/c", "II/d", "III/a"}, slices.Concat(eduSchool, []string{"D3 Administrasi Perkantoran"}), [2]int{1970, 1995}, ""},
	{"Pengadministrasi Umum", "", pns, []string{"II/a", "II/b", "II/c", "II/d", "III/a"}, slices.Concat(eduSchool, []string{"D3 Administrasi Perkantoran"}), [2]int{1970, 1995}, ""},
}

// PPPK were mostly appointed from 2021 on, many of them former honorer, so
// older than a new PNS of the same jenjang.
var pppkBorn = [2]int{1978, 1998}

var pppkPool = []role{
	librarian(pppk, "Ahli Pertama", pppkBorn), librarian(pppk, "Ahli Pertama", pppkBorn),
	librarian(pppk, "Ahli Pertama", pppkBorn),
	librarian(pppk, "Terampil", pppkBorn), librarian(pppk, "Terampil", pppkBorn), librarian(pppk, "Terampil", pppkBorn),
	{"Pranata Komputer", "Ahli Pertama", pppk, nil, eduS1IT, pppkBorn, "digital"},
	{"Arsiparis", "Terampil", pppk, nil, []string{"D3 Kearsipan"}, pppkBorn, ""},
	{"Pengelola Layanan Perpustakaan", "", pppk, nil, eduSchool, pppkBorn, "front"},
	{"Pengelola Layanan Perpustakaan", "", pppk, nil, eduSchool, pppkBorn, "front"},
}

var nonASNPool = []role{
	{"Petugas Layanan Perpustakaan", "", nonASN, nil, eduSchool, [2]int{}, "front"},
	{"Petugas Layanan Perpustakaan", "", nonASN, nil, eduSchool, [2]int{}, "front"},
	{"Petugas Layanan Perpustakaan", "", nonASN, nil, eduD3Lib, [2]int{}, "front"},
	{"Petugas Layanan Perpustakaan", "", nonASN, nil, []string{"S1 Pendidikan Bahasa Indonesia"}, [2]int{}, "front"},
	{"Pengemudi Perpustakaan Keliling", "", nonASN, nil, eduSchool, [2]int{}, "keliling"},
	{"Pengemudi Perpustakaan Keliling", "", nonASN, nil, eduSchool, [2]int{}, "keliling"},
	{"Operator Layanan Digital", "", nonASN, nil, eduD3IT, [2]int{}, "digital"},
	{"Operator Layanan Digital", "", nonASN, nil, eduS1IT, [2]int{}, "digital"},
	{"Pendamping Layanan Anak", "", nonASN, nil, []string{"S1 Pendidikan Guru PAUD"}, [2]int{}, "anak"},
	{"Petugas Keamanan", "", nonASN, nil, eduSchool, [2]int{}, ""},
}

// generator carries what must stay unique across libraries.
type generator struct {
	nips, emails map[string]bool
}

// library builds one library. Its own PCG stream keeps each library's staff
// stable when another library's spec changes.
func (g *generator) library(s spec) Library {
	rng := rand.New(rand.NewPCG(s.seed, 0x62696e61))
	n := 38 + rng.IntN(5)
	// About 60% PNS, 20% PPPK, 20% non-ASN.
	nPPPK, nNonASN := n/5, n/5
	nPNS := n - nPPPK - nNonASN

	roles := append([]role{}, keyRoles...)
	roles = append(roles, pick(rng, pnsPool, nPNS-len(keyRoles))...)
	roles = append(roles, pick(rng, pppkPool, nPPPK)...)
	roles = append(roles, pick(rng, nonASNPool, nNonASN)...)

	lib := Library{
		Name: s.name, City: s.city, Province: s.province, TimeZone: s.timeZone,
		Population: s.population, Address: s.address,
		ServicePoints: append([]ServicePoint{}, s.points...),
	}
	// Front-line staff go round the points in this order, so every point
	// has people posted to it.
	front, nFront := rng.Perm(len(s.points)), 0
	names := nameUse{full: map[string]bool{}, part: map[string]int{}}
	for _, r := range roles {
		// Library staff are mostly women; drivers and guards are men.
		male := rng.IntN(100) < 45 || maleOnly[r.position]
		first, last := names.draw(rng, s.names, male)
		st := Staff{
			Name:             first + " " + last,
			EmploymentStatus: r.status,
			Position:         r.position,
			Level:            r.level,
			Education:        r.education[rng.IntN(len(r.education))],
			Email:            g.email(slug(first)+"."+slug(last), s.key),
		}
		switch r.status {
		case pns:
			st.Grade = r.grades[rng.IntN(len(r.grades))]
			st.NIP = g.nip(rng, r.born, male, false)
		case pppk:
			st.Grade = pppkGrade(st.Education)
			st.NIP = g.nip(rng, r.born, male, true)
		}
		switch r.post {
		case "":
		case "front":
			st.ServicePoint = s.points[front[nFront%len(front)]].Name
			nFront++
		default:
			st.ServicePoint = pointOfKind(s.points, r.post)
		}
		lib.Staff = append(lib.Staff, st)
	}

	domain := "@" + s.key + ".bina.demo"
	for _, a := range []Account{
		{Email: "admin" + domain, Role: "admin", StaffIndex: headIndex},
		{Email: "koordinator" + domain, Role: "coordinator", StaffIndex: coordinatorIndex},
		{Email: "pustakawan" + domain, Role: "staff", StaffIndex: librarianIndex},
	} {
		a.Name = lib.Staff[a.StaffIndex].Name
		g.emails[a.Email] = true
		lib.Accounts = append(lib.Accounts, a)
	}
	return lib
}

// pick returns n roles drawn from pool without repetition.
func pick(rng *rand.Rand, pool []role, n int) []role {
	out := make([]role, 0, n)
	for _, i := range rng.Perm(len(pool))[:n] {
		out = append(out, pool[i])
	}
	return out
}

// maleOnly are the posts that, in these libraries, only men hold.
var maleOnly = map[string]bool{"Pengemudi Perpustakaan Keliling": true, "Petugas Keamanan": true}

// nameUse is what names a library has given out.
type nameUse struct {
	full map[string]bool // "first last"
	part map[string]int  // how often a first or last name was used
}

// draw returns a first and last name not yet used in the library. A name
// part appears at most twice, so a directory doesn't read like four
// cousins; should the lists run short, only the full name must be new.
func (u nameUse) draw(rng *rand.Rand, r region, male bool) (first, last string) {
	firsts, lasts := r.femaleFirst, r.femaleLast
	if male {
		firsts, lasts = r.maleFirst, r.maleLast
	}
	for try := 0; ; try++ {
		first, last = firsts[rng.IntN(len(firsts))], lasts[rng.IntN(len(lasts))]
		full := first + " " + last
		if soundsOdd(first, last) || u.full[full] || try < 1000 && (u.part[first] >= 2 || u.part[last] >= 2) {
			continue
		}
		u.full[full] = true
		u.part[first]++
		u.part[last]++
		return first, last
	}
}

// email returns local@<key>.bina.demo, numbered when the address is taken.
func (g *generator) email(local, key string) string {
	e := local + "@" + key + ".bina.demo"
	for i := 2; g.emails[e]; i++ {
		e = fmt.Sprintf("%s%d@%s.bina.demo", local, i, key)
	}
	g.emails[e] = true
	return e
}

// nip returns an unused 18-digit NIP: birth date YYYYMMDD, appointment
// (TMT) YYYYMM, sex 1 male / 2 female, sequence. A PPPK NIP carries "21"
// (PPPK, first formation) where a PNS has the month, as real ones do.
func (g *generator) nip(rng *rand.Rand, born [2]int, male, isPPPK bool) string {
	by := born[0] + rng.IntN(born[1]-born[0]+1)
	bm := 1 + rng.IntN(12)
	bd := 1 + rng.IntN(daysIn(by, bm))
	var ay, am int
	if isPPPK {
		ay, am = 2021+rng.IntN(5), 21
	} else {
		ay, am = min(by+22+rng.IntN(7), 2025), 1+rng.IntN(12)
	}
	sex := 2
	if male {
		sex = 1
	}
	prefix := fmt.Sprintf("%04d%02d%02d%04d%02d%d", by, bm, bd, ay, am, sex)
	for seq := 1 + rng.IntN(20); ; seq = seq%999 + 1 {
		if nip := fmt.Sprintf("%s%03d", prefix, seq); !g.nips[nip] {
			g.nips[nip] = true
			return nip
		}
	}
}

func daysIn(year, month int) int {
	return time.Date(year, time.Month(month)+1, 0, 0, 0, 0, 0, time.UTC).Day()
}

// pppkGrade is the PPPK golongan a new appointee gets for her education.
func pppkGrade(education string) string {
	switch {
	case strings.HasPrefix(education, "S2"):
		return "X"
	case strings.HasPrefix(education, "S1"), strings.HasPrefix(education, "D4"):
		return "IX"
	case strings.HasPrefix(education, "D3"):
		return "VII"
	}
	return "V"
}

// pointOfKind names the library's first service point of the kind, "" if
// it has none (the person then works in the office).
func pointOfKind(points []ServicePoint, kind string) string {
	for _, p := range points {
		if p.Kind == kind {
			return p.Name
		}
	}
	return ""
}

// slug lowercases a name part and keeps only a–z, for e-mail addresses.
func slug(s string) string {
	return strings.Map(func(r rune) rune {
		if r >= 'a' && r <= 'z' {
			return r
		}
		return -1
	}, strings.ToLower(s))
}
