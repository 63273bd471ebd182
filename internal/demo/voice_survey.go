package demo

import (
	"context"
	"fmt"
	"math"
	"time"

	"github.com/bina-pustaka/bina/internal/ikm"
	"github.com/bina-pustaka/bina/internal/survey"
)

// webDays: the answers of the last days arrive through the public form
// (survey.Service.Submit); older ones are loaded at once through
// survey.Service.Import, the survey's backfill path (one transaction,
// aggregates included) — a year of single submissions would take seconds.
const webDays = 4

// seasonal scales a month's answers and visitors: quieter in Ramadan and
// at the year's end, busier in the school holidays of June–July.
var seasonal = [13]float64{0, 1.0, 0.95, 0.85, 0.95, 1.05, 1.15, 1.15, 1.05, 1.0, 1.1, 1.05, 0.9}

// pointWeight is how many of a library's answers each kind of service
// point collects.
var pointWeight = map[string]float64{
	"sirkulasi": 0.28, "umum": 0.18, "anak": 0.16, "keliling": 0.12, "referensi": 0.10, "digital": 0.10,
	"deposit": 0.04, "lainnya": 0.04,
}

// pointLean moves an element's mean at a kind of service point: the mobile
// library is cramped and hot (U9) but its crew is loved (U7), the children's
// room is short of books (U5), and so on.
var pointLean = map[string][ikm.NumElements]float64{
	"keliling":  {2: 0.05, 6: 0.10, 8: -0.25},
	"anak":      {4: -0.10, 6: 0.10},
	"digital":   {1: -0.05, 5: -0.10, 8: 0.10},
	"deposit":   {2: -0.10, 5: 0.10},
	"referensi": {5: 0.10},
	"umum":      {8: -0.05},
	"sirkulasi": {2: -0.05},
	"lainnya":   {6: 0.10, 8: 0.05},
}

func (v *voiceSeeder) seedSurvey(ctx context.Context, lv *voiceLib) error {
	lib := lv.Library.ID
	// The links went up, posters and all, two weeks before the year of answers.
	v.clock = lv.officeTime(lv.beforeWork(lv.start, 10), 9, 11).UTC()
	codes := map[int64]string{}
	for _, p := range lv.points {
		l, err := v.survey.CreateLink(ctx, v.system, lib, p.id)
		if err != nil {
			return fmt.Errorf("link %s: %w", p.name, err)
		}
		codes[p.id] = l.Code
	}

	rs := lv.responses(v.now)
	for i := range rs { // as complete as the public form asks
		if err := rs[i].Validate(); err != nil {
			return fmt.Errorf("answer %d: %w", i, err)
		}
	}
	webFrom := lv.today.AddDate(0, 0, -webDays)
	cut := len(rs)
	for cut > 0 && !rs[cut-1].SubmittedAt.Before(webFrom) {
		cut--
	}
	if cut > 0 {
		if _, err := v.survey.Import(ctx, v.system, lib, rs[:cut]); err != nil {
			return fmt.Errorf("import: %w", err)
		}
	}
	for _, r := range rs[cut:] {
		v.clock = r.SubmittedAt
		if _, _, err := v.survey.Submit(ctx, codes[r.ServicePointID], r, ""); err != nil {
			return fmt.Errorf("submit: %w", err)
		}
	}

	// Each month's visitors, entered in the first days of the next.
	thisMonth := time.Date(lv.today.Year(), lv.today.Month(), 1, 0, 0, 0, 0, lv.loc)
	for m := lv.start; m.Before(thisMonth); m = m.AddDate(0, 1, 0) {
		next := m.AddDate(0, 1, 0)
		entered := lv.officeTime(lv.afterWork(next.AddDate(0, 0, -1), 2), 9, 14)
		n := int64(float64(lv.p.visitors) * seasonal[m.Month()] * (0.9 + 0.2*lv.rng.Float64()))
		month := m.Format("2006-01")
		if entered.After(v.now) {
			continue
		}
		v.at(entered, "visitors "+month, func(ctx context.Context) error {
			return v.survey.SetVisitors(ctx, v.system, survey.VisitorCount{LibraryID: lib, Month: month, Visitors: n})
		})
	}
	return nil
}

// responses draws the library's answers from the start to now, in time
// order: open days only (the mobile library also goes to the Sunday car-free
// day), more on Saturdays, the month's volume after the season.
func (lv *voiceLib) responses(now time.Time) []survey.Response {
	var out []survey.Response
	span := lv.today.Sub(lv.start).Hours()/24 + 1
	for m := lv.start; !m.After(lv.today); m = m.AddDate(0, 1, 0) {
		full := 0.0
		for d := m; d.Month() == m.Month(); d = d.AddDate(0, 0, 1) {
			full += lv.dayWeight(d)
		}
		perWeight := float64(lv.p.monthly) * seasonal[m.Month()] * (0.88 + 0.24*lv.rng.Float64()) / full
		for d := m; d.Month() == m.Month() && !d.After(lv.today); d = d.AddDate(0, 0, 1) {
			w := lv.dayWeight(d)
			if w == 0 {
				continue
			}
			frac := d.Sub(lv.start).Hours() / 24 / span
			var day []survey.Response
			for range int(perWeight*w + lv.rng.Float64()) {
				r := lv.respondent(d, frac)
				if !r.SubmittedAt.After(now) {
					day = append(day, r)
				}
			}
			// In time order within the day, as they arrived.
			for i := 1; i < len(day); i++ {
				for j := i; j > 0 && day[j].SubmittedAt.Before(day[j-1].SubmittedAt); j-- {
					day[j], day[j-1] = day[j-1], day[j]
				}
			}
			out = append(out, day...)
		}
	}
	return out
}

// dayWeight is how busy the survey is on a day: 0 when the library is
// closed (days off; Sundays, bar the mobile library's car-free-day stop).
func (lv *voiceLib) dayWeight(d time.Time) float64 {
	if _, off := lv.cal.Holidays[lv.date(d)]; off || lv.extraDayOff(d) {
		return 0
	}
	switch d.Weekday() {
	case time.Sunday:
		if lv.pointOf("keliling") != nil {
			return 0.15
		}
		return 0
	case time.Saturday:
		return 1.2
	}
	return 1
}

// respondent draws one answer on the day; frac is how far into the year
// the day lies (0 the first, 1 today), for the library's trend.
func (lv *voiceLib) respondent(day time.Time, frac float64) survey.Response {
	pt, from, to := lv.drawPoint(), 8*60, 16*60
	switch day.Weekday() {
	case time.Sunday:
		pt, from, to = *lv.pointOf("keliling"), 6*60, 9*60+30
	case time.Saturday:
		to = 14 * 60
	}
	at := day.Add(time.Duration(from+lv.rng.IntN(to-from)) * time.Minute).Add(time.Duration(lv.rng.IntN(60)) * time.Second)
	r := survey.Response{LibraryID: lv.Library.ID, ServicePointID: pt.id, SubmittedAt: at.UTC(), Day: string(lv.date(day))}
	// A respondent's mood moves all nine answers together.
	mood := lv.rng.NormFloat64() * 0.22
	lean := pointLean[pt.kind]
	var means [ikm.NumElements]float64
	for e := range r.Answers {
		means[e] = lv.p.means[e] + (lv.p.rise+lv.p.riseEl[e])*(frac-0.5) + lean[e] + mood
		r.Answers[e] = drawScore(lv.rng.Float64(), means[e])
	}
	lv.profile(&r, pt.kind)
	r.Comment = lv.comment(r.Answers, means, pt.kind)
	return r
}

func (lv *voiceLib) drawPoint() voicePoint {
	total := 0.0
	for _, p := range lv.points {
		total += pointWeight[p.kind]
	}
	x := lv.rng.Float64() * total
	for _, p := range lv.points {
		if x -= pointWeight[p.kind]; x < 0 {
			return p
		}
	}
	return lv.points[len(lv.points)-1]
}

// scoreAnchors are answer distributions with the given mean; between two
// anchors the distribution is interpolated, which keeps the mean exact.
// Around 3 most answer 3 ("Sesuai", "Baik"), around 3.5 nearly half 4.
var scoreAnchors = []struct {
	mean float64
	p    [4]float64
}{
	{1.0, [4]float64{1, 0, 0, 0}},
	{2.5, [4]float64{0.10, 0.35, 0.50, 0.05}},
	{3.0, [4]float64{0.02, 0.14, 0.66, 0.18}},
	{3.5, [4]float64{0.005, 0.04, 0.405, 0.55}},
	{4.0, [4]float64{0, 0, 0, 1}},
}

// drawScore turns a uniform draw u into a score 1–4 whose expected value
// is mean (clamped to 1–4).
func drawScore(u, mean float64) uint8 {
	mean = math.Max(1, math.Min(4, mean))
	i := 1
	for i < len(scoreAnchors)-1 && mean > scoreAnchors[i].mean {
		i++
	}
	a, b := scoreAnchors[i-1], scoreAnchors[i]
	w := (mean - a.mean) / (b.mean - a.mean)
	for s := range 4 {
		if u -= (1-w)*a.p[s] + w*b.p[s]; u < 0 {
			return uint8(s + 1)
		}
	}
	return 4
}

// profile draws the respondent profile that suits the service point.
func (lv *voiceLib) profile(r *survey.Response, kind string) {
	r.Gender = "L"
	if lv.chance(0.58) {
		r.Gender = "P"
	}
	groups := map[string][]float64{ // child, teen, student, adult, parent, researcher
		"anak":     {0.60, 0, 0, 0, 0.40, 0},
		"keliling": {0.45, 0.20, 0, 0.35, 0, 0},
		"digital":  {0, 0.20, 0.45, 0.35, 0, 0},
		"deposit":  {0, 0, 0.15, 0.15, 0, 0.70},
		"lainnya":  {0, 0.20, 0.20, 0.60, 0, 0},
	}[kind]
	if groups == nil {
		groups = []float64{0, 0.30, 0.30, 0.40, 0, 0}
	}
	g, x := 0, lv.rng.Float64()
	for g < len(groups)-1 {
		if x -= groups[g]; x < 0 {
			break
		}
		g++
	}
	adultEdu := []string{"sma", "sma", "sma", "sma", "diploma", "diploma", "s1", "s1", "s1", "s1", "s2", "smp"}
	adultJob := []string{"pns", "pns", "swasta", "swasta", "swasta", "wirausaha", "wirausaha", "lainnya", "lainnya", "tni_polri"}
	switch g {
	case 0: // a child at the children's room or the mobile library
		r.Age, r.Education, r.Occupation = lv.between(10, 12), "sd", "pelajar"
	case 1: // SMP and SMA pupils
		r.Age, r.Occupation = lv.between(13, 18), "pelajar"
		r.Education = "sd"
		if r.Age >= 16 {
			r.Education = "smp"
		}
	case 2:
		r.Age, r.Education, r.Occupation = lv.between(18, 24), "sma", "mahasiswa"
		if r.Age >= 22 && lv.chance(0.3) {
			r.Education = "diploma"
		}
	case 3:
		r.Age, r.Education, r.Occupation = lv.between(25, 64), oneOf(lv.rng, adultEdu), oneOf(lv.rng, adultJob)
	case 4: // a parent with a child
		r.Age = lv.between(27, 45)
		r.Education = oneOf(lv.rng, []string{"sma", "sma", "diploma", "s1", "s1"})
		r.Occupation = oneOf(lv.rng, []string{"lainnya", "lainnya", "swasta", "wirausaha", "pns"})
	default: // researchers and writers at the local collection
		r.Age = lv.between(22, 62)
		r.Education = oneOf(lv.rng, []string{"s1", "s1", "s2", "s2", "s3"})
		r.Occupation = oneOf(lv.rng, []string{"pns", "lainnya", "swasta"})
		if r.Age < 30 {
			r.Occupation = "mahasiswa"
		}
	}
}

// comment writes what some respondents add: about their lowest answer when
// it was poor (among equally low ones, mostly the element the library is
// weakest in), thanks when they were pleased, a wish otherwise.
func (lv *voiceLib) comment(a [ikm.NumElements]uint8, means [ikm.NumElements]float64, kind string) string {
	low, sum := 0, 0
	for e, s := range a {
		sum += int(s)
		if s < a[low] || s == a[low] && means[e] < means[low] {
			low = e
		}
	}
	if a[low] <= 2 {
		if !lv.chance(0.3) {
			return ""
		}
		if low == lv.p.weak && len(lv.p.heard) > 0 && lv.chance(0.6) {
			return oneOf(lv.rng, lv.p.heard)
		}
		if list := kindComplaints[kind][low]; len(list) > 0 && lv.chance(0.6) {
			return oneOf(lv.rng, list)
		}
		return oneOf(lv.rng, elementComplaints[low])
	}
	if !lv.chance(0.12) {
		return ""
	}
	if float64(sum)/ikm.NumElements >= 3.5 || lv.chance(0.5) {
		if list := kindPraise[kind]; len(list) > 0 && lv.chance(0.4) {
			return oneOf(lv.rng, list)
		}
		return oneOf(lv.rng, praise)
	}
	return oneOf(lv.rng, wishes)
}

// elementComplaints are short comments about a poorly rated element, U1…U9.
var elementComplaints = [ikm.NumElements][]string{
	{"Syarat daftar anggota harus fotokopi KK, repot", "Kenapa mahasiswa harus bawa surat domisili?"},
	{"Alur daftar anggota online membingungkan", "Cara perpanjang pinjaman belum jelas"},
	{"Antre peminjaman lama kalau siang", "Buat kartu anggota harus menunggu satu jam", "Komputer katalog lambat"},
	{"Denda keterlambatan terlalu mahal untuk pelajar", "Fotokopi di dalam mahal"},
	{"Buku-buku baru masih sedikit", "Koleksi buku pelajaran SMA kurang lengkap", "Koran dan majalah sering terlambat"},
	{"Petugas belum bisa membantu cari e-book", "Petugas kurang paham katalog online"},
	{"Petugas kurang senyum", "Petugas sibuk main HP"},
	{"Kotak saran tidak pernah dibuka?", "Sudah lapor lewat WA tapi belum dibalas", "Tidak tahu harus mengadu ke mana", "Saran saya bulan lalu belum ada tanggapan"},
	{"AC ruang baca panas", "AC ruang baca panas, tolong diperbaiki", "Kursi di ruang baca banyak yang rusak", "Toilet kurang bersih",
		"Parkir motor sempit", "Colokan listrik untuk laptop kurang", "Lampu ruang baca redup"},
}

// kindComplaints are the same, as heard at one kind of service point.
var kindComplaints = map[string]map[int][]string{
	"keliling": {8: {"Mobil pusling sempit dan panas", "Pusling sebaiknya pakai tenda, anak-anak kepanasan"}, 4: {"Bukunya itu-itu saja tiap minggu"}},
	"anak":     {4: {"Koleksi anak kurang", "Buku cerita bergambar banyak yang sobek"}, 8: {"Mainan edukatif banyak yang rusak"}},
	"digital":  {8: {"WiFi sering putus", "Komputer sering hang"}, 5: {"Petugas belum bisa bantu cara pinjam e-book"}},
	"deposit":  {2: {"Cari koran lama harus menunggu lama"}},
}

var praise = []string{
	"Petugas ramah", "Pelayanan cepat, terima kasih", "Tempatnya nyaman untuk belajar", "Mantap, pertahankan!",
	"Terima kasih, sangat membantu", "Bersih dan tenang", "Petugasnya sabar menjelaskan", "Koleksinya lengkap",
}

var kindPraise = map[string][]string{
	"anak":     {"Anak saya senang ikut dongeng", "Ruang anak bersih dan ceria"},
	"keliling": {"Mobil pusling datang tepat waktu", "Terima kasih sudah datang ke sekolah kami"},
	"digital":  {"Komputernya cepat, WiFi lancar"},
	"deposit":  {"Koleksi lokalnya lengkap, sangat membantu penelitian"},
	"lainnya":  {"Petugas sabar melayani teman tuli", "Buku braille-nya sangat membantu"},
}

var wishes = []string{
	"Tolong jam buka ditambah sampai malam", "Mohon tambah buku-buku terbaru", "Perbanyak kegiatan untuk remaja",
	"Sediakan air minum untuk pengunjung", "Buka hari Minggu juga", "Tambah komputer untuk umum",
}

// followupTexts are the plans for a weak element: the one done, then the
// one in progress.
var followupTexts = map[int][2]string{
	8: {"Servis dan isi ulang freon semua AC ruang baca, ganti 12 kursi baca yang rusak, jadwal kebersihan toilet tiap dua jam.",
		"Pengadaan 4 unit AC baru untuk ruang baca lantai 2 dan perbaikan atap yang bocor (usulan APBD Perubahan)."},
	7: {"Pasang papan alur pengaduan dan QR formulir pengaduan di setiap meja layanan; tunjuk petugas piket pengaduan setiap hari.",
		"Jawab setiap pengaduan paling lambat 3 hari kerja dan umumkan tindak lanjut saran bulanan di papan informasi dan Instagram perpustakaan."},
	2: {"Tambah satu meja layanan sirkulasi pada jam sibuk (10.00–14.00) dan cetak kartu anggota langsung di tempat.",
		"Siapkan dua mesin peminjaman mandiri dan perpanjangan pinjaman daring; latih petugas mendampingi pemustaka."},
}

// followupOwners are the staff (index into the spec's staff) who own the
// plans for an element: the secretary for buildings and purchases, the
// head of services for the desks.
var followupOwners = map[int][2]int{
	8: {1, 1},
	7: {2, librarianIndex},
	2: {2, librarianIndex},
}

// planFollowups schedules the rencana tindak lanjut for the library's weak
// element: one made three quarters ago and done, one made after the last
// quarter and in progress.
func (v *voiceSeeder) planFollowups(lv *voiceLib) {
	lib, el := lv.Library.ID, ikm.Elements[lv.p.weak].Code
	texts, ok := followupTexts[lv.p.weak]
	if lv.p.plans[0] != "" {
		texts, ok = lv.p.plans, true
	}
	if !ok {
		texts = [2]string{"Evaluasi unsur " + el + " bersama petugas layanan dan susun perbaikan prosedur.",
			"Terapkan perbaikan prosedur unsur " + el + " dan pantau hasilnya pada survei triwulan berikut."}
	}
	owners, ok := followupOwners[lv.p.weak]
	if !ok {
		owners = [2]int{2, 2}
	}
	dayOf := func(s string) time.Time { t, _ := time.ParseInLocation(time.DateOnly, s, lv.loc); return t }

	doneQ := survey.PeriodOf(survey.Quarter, lv.today.AddDate(0, -9, 0))
	made := lv.officeTime(lv.afterWork(dayOf(doneQ.To), lv.between(5, 12)), 9, 15)
	done := survey.Followup{LibraryID: lib, Element: el, Period: doneQ, Action: texts[0], OwnerStaffID: &lv.Staff[owners[0]],
		DueDate: lv.afterWork(made, lv.between(30, 50)).Format(time.DateOnly), Status: "planned"}
	started := lv.officeTime(lv.afterWork(made, 5), 9, 15)
	finished := lv.officeTime(lv.beforeWork(dayOf(done.DueDate), 4), 9, 15)
	v.at(made, "follow-up "+el, func(ctx context.Context) error {
		f, err := v.survey.CreateFollowup(ctx, v.system, done)
		done.ID = f.ID
		return err
	})
	v.at(started, "follow-up started", func(ctx context.Context) error {
		done.Status = "in_progress"
		_, err := v.survey.UpdateFollowup(ctx, v.system, done)
		return err
	})
	v.at(finished, "follow-up done", func(ctx context.Context) error {
		done.Status = "done"
		_, err := v.survey.UpdateFollowup(ctx, v.system, done)
		return err
	})

	progQ := survey.PeriodOf(survey.Quarter, lv.today.AddDate(0, -3, 0))
	madeDay := lv.afterWork(dayOf(progQ.To), lv.between(5, 12))
	if latest := lv.beforeWork(lv.today, 3); madeDay.After(latest) {
		madeDay = latest
	}
	made2 := lv.officeTime(madeDay, 9, 15)
	due := lv.afterWork(madeDay, lv.between(40, 60))
	if lv.p.lateFollowup { // the purchase waits for the revised budget
		if due = lv.afterWork(madeDay, 20); !due.Before(lv.today) {
			due = lv.beforeWork(lv.today, 1)
		}
	}
	prog := survey.Followup{LibraryID: lib, Element: el, Period: progQ, Action: texts[1], OwnerStaffID: &lv.Staff[owners[1]],
		DueDate: due.Format(time.DateOnly), Status: "in_progress"}
	v.at(made2, "follow-up "+el, func(ctx context.Context) error {
		_, err := v.survey.CreateFollowup(ctx, v.system, prog)
		return err
	})
}
