package demo

import (
	"context"
	"fmt"
	"strconv"
	"strings"
	"time"

	"github.com/bina-pustaka/bina/internal/suggestion"
)

// suggestionText is a note in the suggestion box and, when the library did
// something about it, the internal follow-up note.
type suggestionText struct{ kind, body, note string }

var suggestionTexts = []suggestionText{
	{"", "Mohon disediakan loker penitipan tas yang lebih banyak, sering penuh saat Sabtu.", "Diusulkan pengadaan 20 loker tambahan di RKA tahun depan."},
	{"umum", "Tolong tambahkan colokan listrik di meja baca untuk laptop.", "Subbagian umum memasang 8 stopkontak di meja baca panjang."},
	{"anak", "Adakan lomba mewarnai atau mendongeng saat libur sekolah.", "Masuk agenda kegiatan libur semester bersama bunda literasi."},
	{"", "Usul ada kelas menulis cerpen untuk remaja.", "Kerja sama dengan komunitas penulis; kelas pertama bulan depan."},
	{"digital", "Tambah judul e-book populer di aplikasi, antre pinjamnya lama.", "Tambah lisensi 30 judul e-book terlaris pada anggaran perubahan."},
	{"", "Musala perlu sajadah dan mukena yang bersih.", "Sudah diganti; dijadwalkan dicuci setiap Jumat."},
	{"sirkulasi", "Papan petunjuk rak kurang jelas, susah mencari buku agama.", "Label rak baru per kelas DDC dipasang."},
	{"keliling", "Pusling mohon mampir juga ke kelurahan kami setiap Minggu pagi.", "Dikaji pada evaluasi rute triwulan berikut."},
	{"", "Jam buka hari Minggu akan sangat membantu pelajar dan pekerja.", "Dibahas di rapat pimpinan; perlu tambahan petugas piket."},
	{"umum", "Ruang baca perlu tirai, silau kalau sore.", "Tirai dipasang di sisi barat ruang baca."},
	{"", "Terima kasih, pelayanan sudah jauh lebih baik dari tahun lalu. Pertahankan!", ""},
	{"", "Sediakan air minum isi ulang untuk pengunjung.", "Dispenser air minum dipasang di lobi."},
	{"referensi", "Perbanyak koleksi buku persiapan tes CPNS dan UTBK.", "Masuk daftar pengadaan koleksi semester depan."},
	{"digital", "WiFi mohon tidak perlu login ulang setiap jam.", "Durasi sesi WiFi diperpanjang menjadi 4 jam."},
	{"", "Adakan pelatihan literasi digital untuk lansia, misalnya cara mengenali hoaks.", "Dijadwalkan bersama relawan TIK setiap bulan."},
	{"anak", "Ruang bermain anak perlu matras baru, yang lama sudah sobek.", "Matras baru dibeli dari anggaran pemeliharaan."},
	{"", "Buat kanal WhatsApp untuk informasi buku baru.", "Kanal WhatsApp perpustakaan dibuka; tautannya di meja sirkulasi."},
	{"", "Akan menyenangkan kalau ada pojok kopi di dekat perpustakaan.", ""},
	{"deposit", "Koleksi lokal sebaiknya didigitalkan supaya bisa dibaca dari rumah.", "Usulan digitalisasi 200 judul koleksi lokal masuk rencana kerja tahun depan."},
	{"", "Tempat parkir sepeda perlu atap.", "Diteruskan ke subbagian umum."},
	{"lainnya", "Tambah buku braille dan buku audio untuk teman netra.", "Koordinasi dengan Perpusnas untuk hibah buku braille."},
}

// planSuggestions schedules the library's suggestion box over the year:
// older notes read and followed up or archived, recent ones still new.
func (v *voiceSeeder) planSuggestions(lv *voiceLib) {
	var texts []suggestionText
	for _, i := range lv.rng.Perm(len(suggestionTexts)) {
		if t := suggestionTexts[i]; t.kind == "" || lv.pointOf(t.kind) != nil {
			texts = append(texts, t)
		}
	}
	n := min(lv.p.suggestions, len(texts))
	for i, t := range texts[:n] {
		daysAgo := max(0, 350-(350*(i+1))/(n+1)+lv.between(-5, 5))
		if i >= n-2 { // the box has a note or two from this week
			daysAgo = lv.between(0, 6)
		}
		created := lv.today.AddDate(0, 0, -daysAgo).Add(time.Duration(lv.between(8*60, 21*60)) * time.Minute)
		if created.After(v.now) {
			created = v.now.Add(-time.Duration(lv.between(20, 120)) * time.Minute)
		}
		in := suggestion.NewSuggestion{LibraryID: lv.Library.ID, Body: t.body, ClientIP: "192.0.2.10"}
		if p := lv.pointOf(t.kind); p != nil {
			in.ServicePointID = &p.id
		}
		switch x := lv.rng.Float64(); {
		case x < 0.15:
			in.Contact = fmt.Sprintf("WA 0812-0000-%04d", lv.between(100, 9999))
		case x < 0.3:
			in.Contact = fmt.Sprintf("%s.saran%d@example.id", strings.ToLower(oneOf(lv.rng, reporterNames)), lv.between(1, 99))
		}
		id := new(int64)
		v.at(created, "suggestion", func(ctx context.Context) error {
			sg, err := v.suggestions.Submit(ctx, in)
			*id = sg.ID
			return err
		})
		// What staff did with it, by its age.
		age, x := daysAgo, lv.rng.Float64()
		read := lv.officeTime(lv.afterWork(created, lv.between(1, 3)), 8, 15)
		acted := lv.officeTime(lv.afterWork(read, lv.between(3, 10)), 8, 15)
		var steps []struct {
			at           time.Time
			status, note string
		}
		add := func(at time.Time, status, note string) {
			steps = append(steps, struct {
				at           time.Time
				status, note string
			}{at, status, note})
		}
		switch {
		case age < 10 || age < 45 && x < 0.3:
		case t.note != "" && (age >= 60 && x < 0.65 || x < 0.4):
			add(read, suggestion.SuggestionRead, "")
			add(acted, suggestion.SuggestionFollowUp, t.note)
		case t.note == "" && age >= 45:
			add(read, suggestion.SuggestionRead, "")
			add(acted, suggestion.SuggestionArchived, "")
		default:
			add(read, suggestion.SuggestionRead, "")
		}
		for _, s := range steps {
			if s.at.After(v.now) {
				break
			}
			v.at(s.at, "suggestion "+s.status, func(ctx context.Context) error {
				_, err := v.suggestions.SetSuggestionStatus(ctx, v.system, lv.Library.ID, *id, s.status, s.note)
				return err
			})
		}
	}
}

// bookText is a book patrons ask the library to buy. ISBNs are made up
// (valid check digits, not the books' own); typo is how someone misspells
// the title, for the manual merge.
type bookText struct {
	title, author, publisher, year string
	isbn12                         string // the first 12 digits of the ISBN-13
	typo                           string
}

var bookTexts = []bookText{
	{"Laskar Pelangi", "Andrea Hirata", "Bentang Pustaka", "2005", "978602000101", "Laskar Pelangy"},
	{"Bumi Manusia", "Pramoedya Ananta Toer", "Lentera Dipantara", "", "978602000102", "Bumi Manusai"},
	{"Filosofi Teras", "Henry Manampiring", "Penerbit Buku Kompas", "2018", "978602000103", "Filosopi Teras"},
	{"Cantik Itu Luka", "Eka Kurniawan", "Gramedia Pustaka Utama", "", "978602000104", ""},
	{"Laut Bercerita", "Leila S. Chudori", "Kepustakaan Populer Gramedia", "2017", "978602000105", "Laut Bercerita (novel)"},
	{"Hujan", "Tere Liye", "Gramedia Pustaka Utama", "", "978602000106", ""},
	{"Negeri 5 Menara", "Ahmad Fuadi", "Gramedia Pustaka Utama", "2009", "978602000107", "Negeri Lima Menara"},
	{"Atomic Habits", "James Clear", "Gramedia Pustaka Utama", "2019", "978602000108", "Atomic Habit"},
	{"Sapiens: Riwayat Singkat Umat Manusia", "Yuval Noah Harari", "Kepustakaan Populer Gramedia", "", "978602000109", ""},
	{"Gadis Kretek", "Ratih Kumala", "Gramedia Pustaka Utama", "", "978602000110", ""},
	{"Ronggeng Dukuh Paruk", "Ahmad Tohari", "Gramedia Pustaka Utama", "", "978602000111", ""},
	{"Perahu Kertas", "Dee Lestari", "Bentang Pustaka", "", "978602000112", ""},
	{"Ayat-Ayat Cinta", "Habiburrahman El Shirazy", "Republika", "", "978602000113", ""},
	{"Pulang", "Leila S. Chudori", "Kepustakaan Populer Gramedia", "", "978602000114", ""},
}

// refusals are the reasons a request was refused, shown to the requesters.
var refusals = []string{
	"Sudah tersedia 3 eksemplar di layanan sirkulasi; silakan pesan lewat katalog daring.",
	"Edisi cetaknya sedang tidak tersedia di penerbit; kami usulkan versi e-book di aplikasi perpustakaan digital.",
}

// planBookRequests schedules the usulan buku: several asks for the most
// wanted titles (by ISBN-13, by ISBN-10, without ISBN: one request each),
// one misspelt title merged by hand, and decisions by age.
func (v *voiceSeeder) planBookRequests(lv *voiceLib) {
	lib := lv.Library.ID
	order := lv.rng.Perm(len(bookTexts))
	// The most asked-for title is one someone also misspells.
	for i, bi := range order {
		if bookTexts[bi].typo != "" {
			order[0], order[i] = order[i], order[0]
			break
		}
	}
	n := min(lv.p.books, len(order))
	refused := false
	for k, bi := range order[:n] {
		b := bookTexts[bi]
		isbn13 := b.isbn12 + strconv.Itoa(isbn13Check(b.isbn12))
		withISBN := k%3 != 2
		asks := 1 + lv.rng.IntN(3)
		if k == 0 {
			asks = 4
		}
		daysAgo := 330 - (310*k)/n + lv.between(-10, 10)
		first := lv.today.AddDate(0, 0, -daysAgo).Add(time.Duration(lv.between(8*60, 21*60)) * time.Minute)
		req := new(int64)
		for a := range asks {
			at := first.AddDate(0, 0, a*lv.between(5, 40))
			if at.After(v.now) {
				break
			}
			in := suggestion.NewBookRequest{LibraryID: lib, Title: b.title, Author: b.author, ClientIP: "192.0.2.20"}
			if a == 0 {
				in.Publisher, in.Year = b.publisher, b.year
			}
			if withISBN {
				// The same book by its ISBN-13 with hyphens, by its
				// ISBN-10, or by title and author alone: one request.
				switch a % 4 {
				case 0:
					in.ISBN = isbn13
				case 1:
					in.ISBN = isbn10(isbn13)
				case 2:
					in.ISBN = "ISBN " + isbn13[:3] + "-" + isbn13[3:6] + "-" + isbn13[6:9] + "-" + isbn13[9:12] + "-" + isbn13[12:]
				}
			}
			if lv.chance(0.3) {
				in.Contact = fmt.Sprintf("%s.buku%d@example.id", strings.ToLower(oneOf(lv.rng, reporterNames)), lv.between(1, 99))
			}
			isFirst := a == 0
			v.at(at, "book request", func(ctx context.Context) error {
				rc, err := v.suggestions.RequestBook(ctx, in)
				if isFirst {
					*req = rc.Request.ID
				}
				return err
			})
		}
		// The misspelt ask the matcher cannot join, merged by the coordinator.
		if k == 0 && b.typo != "" {
			at := first.AddDate(0, 0, lv.between(3, 9))
			merged := lv.officeTime(lv.afterWork(at, lv.between(1, 3)), 8, 15)
			if merged.Before(v.now) {
				typo := new(int64)
				v.at(at, "book request (misspelt)", func(ctx context.Context) error {
					rc, err := v.suggestions.RequestBook(ctx, suggestion.NewBookRequest{LibraryID: lib, Title: b.typo, Author: b.author, ClientIP: "192.0.2.21"})
					*typo = rc.Request.ID
					return err
				})
				v.at(merged, "book request merge", func(ctx context.Context) error {
					_, err := v.suggestions.MergeBookRequests(ctx, v.system, lib, *typo, *req)
					return err
				})
			}
		}
		// The decision, by age: bought long ago, ordered, refused once, new.
		decide := func(at time.Time, status, reason string) {
			if at.After(v.now) {
				return
			}
			v.at(at, "book request "+status, func(ctx context.Context) error {
				_, err := v.suggestions.SetBookRequestStatus(ctx, v.system, lib, *req, status, reason)
				return err
			})
		}
		ordered := lv.officeTime(lv.afterWork(first, lv.between(5, 15)), 8, 15)
		available := lv.officeTime(lv.afterWork(ordered, lv.between(15, 30)), 8, 15)
		switch x := lv.rng.Float64(); {
		case daysAgo > 150 && !refused && x < 0.25:
			refused = true
			decide(ordered, suggestion.RequestRefused, oneOf(lv.rng, refusals))
		case daysAgo > 150 && x < 0.75, daysAgo > 45 && x < 0.35:
			decide(ordered, suggestion.RequestOrdered, "")
			decide(available, suggestion.RequestAvailable, "")
		case daysAgo > 150, daysAgo > 45 && x < 0.8, x < 0.3:
			decide(ordered, suggestion.RequestOrdered, "")
		}
	}
}

// isbn13Check is the check digit of an ISBN-13's first 12 digits.
func isbn13Check(d12 string) int {
	sum := 0
	for i, c := range d12 {
		w := 1
		if i%2 == 1 {
			w = 3
		}
		sum += int(c-'0') * w
	}
	return (10 - sum%10) % 10
}

// isbn10 is the ISBN-10 of a 978 ISBN-13.
func isbn10(isbn13 string) string {
	d9 := isbn13[3:12]
	sum := 0
	for i, c := range d9 {
		sum += int(c-'0') * (10 - i)
	}
	switch check := (11 - sum%11) % 11; check {
	case 10:
		return d9 + "X"
	default:
		return d9 + strconv.Itoa(check)
	}
}
