package ikm

import (
	"strings"
	"unicode"
)

// ProfileField is a respondent-profile column the survey may carry.
type ProfileField int

const (
	Gender     ProfileField = iota // jenis kelamin
	Age                            // umur / usia
	Education                      // pendidikan
	Occupation                     // pekerjaan
	Service                        // the service (unit layanan) used
	NumProfileFields
)

// columnRole says what a column of the file holds.
type columnRole struct {
	kind  int // roleIgnore, roleElement, roleProfile
	index int // element index 0–8 or ProfileField
}

const (
	roleIgnore = iota
	roleElement
	roleProfile
)

// elementKeywords find an element in a header written as a short title
// ("Waktu pelayanan"), the regulation's name ("Waktu penyelesaian") or the
// full question of the official questionnaire ("Bagaimana pendapat Saudara
// tentang kecepatan waktu dalam memberikan pelayanan?"). Words are matched
// whole: "saran" (U8's "saran dan masukan") is not "sarana" (U9).
var elementKeywords = [NumElements][]string{
	{"persyaratan", "syarat"},
	{"prosedur", "mekanisme", "sistem", "alur"},
	{"waktu", "kecepatan"},
	{"biaya", "tarif"},
	{"produk", "spesifikasi"},
	{"kompetensi", "kemampuan", "keahlian"},
	{"perilaku", "kesopanan", "keramahan", "sikap"},
	{"pengaduan", "keluhan", "komplain"},
	{"sarana", "prasarana", "fasilitas"},
}

// notAnElement marks headers that share a keyword with an element but hold
// something else: Google Forms' "Stempel waktu" (timestamp), a visit time.
var notAnElement = []string{"stempel", "timestamp", "tanggal", "tgl", "kunjungan"}

// classifyHeader says what a header holds and how surely (0 beats 1): a file
// with both "U3" and "Waktu kunjungan layanan" takes U3 from the first.
func classifyHeader(h string) (role columnRole, priority int) {
	words := strings.FieldsFunc(strings.ToLower(h), func(r rune) bool {
		return !unicode.IsLetter(r) && !unicode.IsDigit(r)
	})
	if len(words) == 0 {
		return columnRole{}, 0
	}
	has := func(ws ...string) bool {
		for _, w := range ws {
			for _, x := range words {
				if x == w {
					return true
				}
			}
		}
		return false
	}
	// "U3", "U3 Waktu", "U-3", "Unsur 3".
	if i, ok := elementCode(words); ok {
		return columnRole{roleElement, i}, 0
	}
	if !has(notAnElement...) {
		found := -1
		for i, kws := range elementKeywords {
			if has(kws...) {
				if found >= 0 {
					return columnRole{}, 0 // names two elements: trust neither
				}
				found = i
			}
		}
		if found >= 0 {
			return columnRole{roleElement, found}, 1
		}
	}
	switch {
	case has("kelamin", "gender", "jk"):
		return columnRole{roleProfile, int(Gender)}, 1
	case has("umur", "usia"):
		return columnRole{roleProfile, int(Age)}, 1
	case has("pendidikan"):
		return columnRole{roleProfile, int(Education)}, 1
	case has("pekerjaan", "profesi"):
		return columnRole{roleProfile, int(Occupation)}, 1
	case has("layanan", "pelayanan", "unit"):
		return columnRole{roleProfile, int(Service)}, 1
	}
	return columnRole{}, 0
}

// elementCode reads an element number written as a code.
func elementCode(words []string) (int, bool) {
	digit := func(w string) (int, bool) {
		if len(w) == 1 && w[0] >= '1' && w[0] <= '9' {
			return int(w[0] - '1'), true
		}
		return 0, false
	}
	w := words[0]
	if len(w) == 2 && w[0] == 'u' {
		return digit(w[1:])
	}
	if (w == "u" || w == "unsur") && len(words) > 1 {
		return digit(words[1])
	}
	return 0, false
}
