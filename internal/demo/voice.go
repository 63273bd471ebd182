package demo

import (
	"context"
	"fmt"
	"math/rand/v2"
	"slices"
	"time"

	"github.com/bina-pustaka/bina/internal/auth"
	"github.com/bina-pustaka/bina/internal/complaint"
	"github.com/bina-pustaka/bina/internal/db"
	"github.com/bina-pustaka/bina/internal/ikm"
	"github.com/bina-pustaka/bina/internal/suggestion"
	"github.com/bina-pustaka/bina/internal/survey"
)

// The patron voice of the demo: a year of IKM survey answers, complaints,
// suggestions and book requests for every library, ending today, written
// through the survey, complaint and suggestion services on a clock the
// seeder moves (each service's injectable Now), so every row passes the
// services' checks, the IKM daily aggregates and complaint deadlines are the
// services' own, and every staff action is audited as the system actor.
//
// Each library tells its own story (voiceProfiles): Batu is the "A" library,
// Lubuklinggau sits just above the B/C line with hot reading rooms (U9),
// Samarinda's complaint handling (U8) was weak and improves through the year,
// Kediri's U8 and Semarang's waiting times (U3) trail the rest. The weak
// element has a follow-up plan done and one in progress, and shows again in
// the respondents' comments and the complaints.

// voiceProfile is what is written by hand about one library's patron voice.
type voiceProfile struct {
	monthly  int // survey respondents in an average month
	visitors int // visitors in an average month
	// means are the average scores of U1…U9 the respondents lean to; the
	// answers drawn around them make the IKM.
	means [ikm.NumElements]float64
	// rise is how much every mean grows from the first month to today
	// (centred on the year), riseEl the extra growth of single elements.
	rise   float64
	riseEl [ikm.NumElements]float64
	weak   int // the element (0-based) the follow-up plans address
	// heard are what this library's respondents write about its weak element.
	heard []string
	// plans are the follow-up plans for the weak element: the one done, the
	// one in progress ("" takes followupTexts).
	plans [2]string
	// lateFollowup: the plan in progress is past its due date.
	lateFollowup bool
	complaints   int
	decideLate   bool  // a verified complaint waits past its decide deadline today
	signature    []int // complaintTexts this library hears most, first
	suggestions  int
	books        int // distinct titles asked for
}

// voiceProfiles by city. The means put Batu near IKM 90 (A), Semarang 86,
// Kediri 84, Samarinda 82 rising from about 79, Lubuklinggau about 77.5, just
// above the B band's lower bound of 76.61.
var voiceProfiles = map[string]voiceProfile{
	"Kota Lubuklinggau": {
		monthly: 48, visitors: 2600,
		means:        [ikm.NumElements]float64{3.18, 3.12, 3.12, 3.45, 3.12, 3.12, 3.18, 2.98, 2.68},
		weak:         8,
		heard:        []string{"AC ruang baca panas", "AC lantai 2 mati, gerah sekali", "Ruang baca panas, kipas angin kurang", "Kursi baca banyak yang rusak"},
		lateFollowup: true,
		complaints:   12, signature: []int{0, 7, 13},
		suggestions: 10, books: 7,
	},
	"Kota Samarinda": {
		monthly: 95, visitors: 9200,
		means:      [ikm.NumElements]float64{3.30, 3.25, 3.20, 3.60, 3.25, 3.30, 3.40, 2.85, 3.20},
		rise:       0.20,
		riseEl:     [ikm.NumElements]float64{7: 0.35},
		weak:       7,
		heard:      []string{"Pengaduan lewat WA tidak dibalas", "Kotak saran tidak pernah dibuka?", "Tidak tahu harus mengadu ke mana"},
		complaints: 14, decideLate: true, signature: []int{18, 21, 1},
		suggestions: 13, books: 9,
	},
	"Kota Batu": {
		monthly: 62, visitors: 4300,
		means: [ikm.NumElements]float64{3.65, 3.60, 3.55, 3.85, 3.55, 3.62, 3.76, 3.46, 3.40},
		weak:  8,
		heard: []string{"Parkir sempit kalau akhir pekan", "Toilet kurang bersih saat ramai wisatawan"},
		plans: [2]string{"Tambah jadwal petugas kebersihan toilet pada Sabtu dan hari libur; pasang papan petunjuk parkir.",
			"Kerja sama parkir akhir pekan dengan kantor kecamatan di sebelah dan penataan ulang parkir motor."},
		complaints: 8, signature: []int{13, 6},
		suggestions: 8, books: 6,
	},
	"Kota Kediri": {
		monthly: 72, visitors: 5400,
		means: [ikm.NumElements]float64{3.40, 3.35, 3.30, 3.70, 3.35, 3.30, 3.50, 3.00, 3.35},
		weak:  7,
		heard: []string{"Saran saya bulan lalu belum ada tanggapan", "Kotak saran penuh, sepertinya tidak pernah dibuka"},
		plans: [2]string{"Kotak saran dibuka setiap Senin oleh petugas piket; tanggapan ditempel di papan informasi.",
			"Hubungkan formulir pengaduan daring dengan kanal SP4N-LAPOR! dan latih dua petugas pengelola pengaduan."},
		complaints: 10, signature: []int{18, 15},
		suggestions: 11, books: 8,
	},
	"Kota Semarang": {
		monthly: 115, visitors: 14500,
		means:      [ikm.NumElements]float64{3.45, 3.40, 3.12, 3.75, 3.45, 3.45, 3.55, 3.40, 3.30},
		weak:       2,
		heard:      []string{"Antre peminjaman lama kalau siang", "Antre buat kartu anggota lama sekali", "Hanya satu petugas di meja sirkulasi, antre panjang"},
		complaints: 15, decideLate: true, signature: []int{10, 21, 22},
		suggestions: 14, books: 9,
	},
}

// defaultVoice serves a library the profiles do not know (a new city in
// data.go): a plain B library.
var defaultVoice = voiceProfile{
	monthly: 60, visitors: 5000,
	means:      [ikm.NumElements]float64{3.35, 3.30, 3.25, 3.65, 3.30, 3.35, 3.45, 3.10, 3.20},
	weak:       7,
	complaints: 9, suggestions: 9, books: 7,
}

// seedVoice writes the demo libraries' patron voice (see the top of this file).
func seedVoice(ctx context.Context, d *db.DB, system *auth.Actor, libs []Seeded) error {
	v := &voiceSeeder{system: system, now: time.Now().UTC().Truncate(time.Second)}
	clock := func() time.Time { return v.clock }
	v.survey = &survey.Service{DB: d, Now: clock}
	v.complaints = &complaint.Service{DB: d, Now: clock}
	v.suggestions = &suggestion.Service{DB: d, Now: clock}
	for i, l := range libs {
		p, ok := voiceProfiles[l.Spec.City]
		if !ok {
			p = defaultVoice
		}
		lv, err := v.library(ctx, l, p, uint64(i))
		if err != nil {
			return err
		}
		// Survey answers go in at once (Import is the service's backfill
		// path); everything else is replayed in time order below.
		if err := v.seedSurvey(ctx, lv); err != nil {
			return fmt.Errorf("%s survey: %w", l.Spec.City, describe(err))
		}
		v.planFollowups(lv)
		v.planComplaints(lv)
		v.planSuggestions(lv)
		v.planBookRequests(lv)
	}
	if err := v.replay(ctx); err != nil {
		return err
	}
	// What the housekeeping loop would have done this morning: the
	// complaints past a deadline today reach the admins' escalations.
	if _, err := v.complaints.Escalate(ctx, v.now); err != nil {
		return fmt.Errorf("escalate: %w", err)
	}
	return nil
}

// voiceSeeder holds the services on the seeder's clock and the actions
// waiting to be replayed.
type voiceSeeder struct {
	system      *auth.Actor
	now         time.Time // the real now: nothing is written later than this
	clock       time.Time // what the services see as now
	survey      *survey.Service
	complaints  *complaint.Service
	suggestions *suggestion.Service
	steps       []voiceStep
}

// voiceStep is one action at its moment in the past.
type voiceStep struct {
	at   time.Time
	what string
	do   func(ctx context.Context) error
}

func (v *voiceSeeder) at(t time.Time, what string, do func(ctx context.Context) error) {
	v.steps = append(v.steps, voiceStep{at: t.UTC(), what: what, do: do})
}

// replay runs the planned actions in time order, the services' clock at
// each one's moment, as if the year had happened.
func (v *voiceSeeder) replay(ctx context.Context) error {
	slices.SortStableFunc(v.steps, func(a, b voiceStep) int { return a.at.Compare(b.at) })
	for _, s := range v.steps {
		if s.at.After(v.now) {
			return fmt.Errorf("%s planned in the future (%s)", s.what, s.at)
		}
		v.clock = s.at
		if err := s.do(ctx); err != nil {
			return fmt.Errorf("%s at %s: %w", s.what, s.at.Format(time.RFC3339), describe(err))
		}
	}
	v.steps = nil
	return nil
}

// voiceLib is one library while its voice is planned.
type voiceLib struct {
	Seeded
	p      voiceProfile
	rng    *rand.Rand
	loc    *time.Location
	cal    complaint.Calendar
	today  time.Time // midnight of today in the library's zone
	start  time.Time // the first day of the year of activity: the 1st of the month a year ago
	points []voicePoint
}

type voicePoint struct {
	id         int64
	name, kind string
}

func (v *voiceSeeder) library(ctx context.Context, l Seeded, p voiceProfile, index uint64) (*voiceLib, error) {
	lv := &voiceLib{Seeded: l, p: p, rng: rand.New(rand.NewPCG(index+1, 0x766f696365))}
	lv.loc = complaint.Zone(l.Library.TimeZone)
	n := v.now.In(lv.loc)
	lv.today = time.Date(n.Year(), n.Month(), n.Day(), 0, 0, 0, 0, lv.loc)
	lv.start = time.Date(n.Year()-1, n.Month(), 1, 0, 0, 0, 0, lv.loc)
	lv.cal = complaint.Calendar{Location: lv.loc, Holidays: map[complaint.Date]string{}}
	for y := lv.start.Year(); y <= lv.today.Year()+1; y++ {
		hs, err := v.complaints.Holidays(ctx, v.system, l.Library.ID, y)
		if err != nil {
			return nil, fmt.Errorf("%s holidays: %w", l.Spec.City, err)
		}
		for _, h := range hs {
			lv.cal.Holidays[h.Date] = h.Name
		}
	}
	for _, sp := range l.Spec.ServicePoints {
		lv.points = append(lv.points, voicePoint{id: l.Points[sp.Name], name: sp.Name, kind: sp.Kind})
	}
	return lv, nil
}

// pointOf is the library's first service point of the kind, nil if none.
func (lv *voiceLib) pointOf(kind string) *voicePoint {
	for i := range lv.points {
		if lv.points[i].kind == kind {
			return &lv.points[i]
		}
	}
	return nil
}

// date is the calendar day of a local midnight.
func (lv *voiceLib) date(day time.Time) complaint.Date { return complaint.DateOf(day, lv.loc) }

// midnight turns a calendar day back into its local midnight.
func (lv *voiceLib) midnight(d complaint.Date) time.Time {
	t := d.Time()
	return time.Date(t.Year(), t.Month(), t.Day(), 0, 0, 0, 0, lv.loc)
}

// dayOf is the local midnight of the day t falls on.
func (lv *voiceLib) dayOf(t time.Time) time.Time {
	y, m, d := t.In(lv.loc).Date()
	return time.Date(y, m, d, 0, 0, 0, 0, lv.loc)
}

// working reports whether the library's offices work on the day.
func (lv *voiceLib) working(day time.Time) bool { return lv.cal.IsWorkingDay(lv.date(day)) }

// extraDayOff covers the national days off of late 2025 (Christmas and its
// cuti bersama), before the seeded 2026 calendar starts, for the survey's
// days; deadlines stay on the stored calendar.
func (lv *voiceLib) extraDayOff(day time.Time) bool {
	d := lv.date(day)
	return d == "2025-12-25" || d == "2025-12-26"
}

// afterWork is the n-th working day after the one t falls on (the
// complaint deadlines' own arithmetic), as a local midnight.
func (lv *voiceLib) afterWork(t time.Time, n int) time.Time {
	return lv.midnight(complaint.AddWorkingDays(t, n, lv.cal))
}

// beforeWork is the n-th working day before day.
func (lv *voiceLib) beforeWork(day time.Time, n int) time.Time {
	for n > 0 {
		day = day.AddDate(0, 0, -1)
		if lv.working(day) {
			n--
		}
	}
	return day
}

// officeTime is a moment in office hours on the day: from..to hours,
// minutes drawn.
func (lv *voiceLib) officeTime(day time.Time, from, to int) time.Time {
	return day.Add(time.Duration(from*60+lv.rng.IntN((to-from)*60)) * time.Minute)
}

// between draws an integer in [lo, hi].
func (lv *voiceLib) between(lo, hi int) int { return lo + lv.rng.IntN(hi-lo+1) }

// chance is true with probability p.
func (lv *voiceLib) chance(p float64) bool { return lv.rng.Float64() < p }

// oneOf draws an element of list.
func oneOf[T any](rng *rand.Rand, list []T) T { return list[rng.IntN(len(list))] }
