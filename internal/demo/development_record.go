package demo

import (
	"fmt"
	"slices"
	"strings"
	"time"

	"github.com/bina-pustaka/bina/internal/record"
)

// jpLine is an activity a person records in her JP ledger.
type jpLine struct {
	def  jpActivityDef
	jp   int
	date record.Date
}

// ledger fills this year's JP ledgers beside what completed training
// credited: enough that the library's 20 JP page shows its story's mix of
// people who met the target, are close to it and are far from it. Most
// lines are verified at once by the coordinator; some wait for
// verification (the person added them herself), one or two were rejected.
// The demo pustakawan is close: verified JP short of 20, one line pending.
func (s *devSeeder) ledger() error {
	libID := s.lib.Library.ID
	y := s.today.Year()
	from, to := dateOf(y, time.January, 6), s.today.AddDays(-1)
	if to.Year() != y {
		return nil // the first day of the year: nothing yet
	}
	if from > to {
		from = dateOf(y, time.January, 1)
	}
	rejected := 0
	for i, p := range s.people {
		mine := i == s.mineIdx
		var target int
		switch {
		case mine:
			target = 14 + s.rng.IntN(4)
		case p.behind == jpMet:
			target = 20 + s.rng.IntN(17)
		case p.behind == jpClose:
			target = 12 + s.rng.IntN(8)
		default:
			target = s.rng.IntN(10)
		}
		if p.spec.EmploymentStatus == nonASN && !mine {
			target = target * 2 / 3 // the 20 JP are an ASN's right; others get fewer chances
		}
		lines := s.drawJP(target-p.jp, from, to)
		pendingLast := !mine && len(lines) > 1 && s.rng.IntN(100) < 20
		if pendingLast {
			// What waits for verification was done lately.
			lines[len(lines)-1].date = workdayOnOrBefore(max(from, s.today.AddDays(-3-s.rng.IntN(25))))
		}
		for k, l := range lines {
			if pendingLast && k == len(lines)-1 {
				if err := s.submitJP(p, l); err != nil {
					return err
				}
				continue
			}
			e := record.JPEntry{LibraryID: libID, StaffID: p.id, Activity: l.def.activity, Title: l.def.title,
				Organizer: s.organizer(l.def), Date: l.date, JP: l.jp}
			if _, err := s.record(s.at(workdayOnOrAfter(l.date.AddDays(2)), 10)).AddJP(s.ctx, s.system, e, nil, true); err != nil {
				return fmt.Errorf("JP of %s: %w", p.spec.Name, err)
			}
		}
		if mine {
			webinar := jpActivityDef{activity: "seminar", title: "Webinar Perpusnas: Layanan Referensi Daring", organizer: "Perpustakaan Nasional RI"}
			l := jpLine{def: webinar, jp: 3, date: max(from, workdayOnOrBefore(s.today.AddDays(-4)))}
			if err := s.submitJP(p, l); err != nil {
				return err
			}
		}
		if !mine && rejected < 2 && len(lines) > 0 && s.rng.IntN(100) < 10 {
			l := jpLine{def: jpActivityDef{activity: "seminar", title: "Rapat Koordinasi Layanan Perpustakaan", organizer: s.lib.Spec.Name},
				jp: 4, date: lines[0].date}
			id, err := s.submitJPID(p, l)
			if err != nil {
				return err
			}
			if _, err := s.record(s.at(workdayOnOrAfter(l.date.AddDays(5)), 9)).Review(s.ctx, s.system, libID, id, false,
				"Rapat koordinasi bukan kegiatan pengembangan kompetensi; ajukan pelatihan, seminar atau belajar mandiri."); err != nil {
				return err
			}
			rejected++
		}
	}
	return nil
}

// drawJP draws different activities adding up to jp, dated in [from, to],
// oldest first.
func (s *devSeeder) drawJP(jp int, from, to record.Date) []jpLine {
	var out []jpLine
	used := map[int]bool{}
	span := from.DaysUntil(to)
	for jp > 0 {
		var fit []int
		for i, a := range jpActivities {
			if !used[i] && a.min <= jp {
				fit = append(fit, i)
			}
		}
		if len(fit) == 0 {
			break
		}
		i := fit[s.rng.IntN(len(fit))]
		used[i] = true
		a := jpActivities[i]
		n := min(jp, a.min+s.rng.IntN(a.max-a.min+1))
		d := workdayOnOrBefore(from.AddDays(s.rng.IntN(span + 1)))
		if d < from {
			d = from
		}
		out = append(out, jpLine{def: a, jp: n, date: d})
		jp -= n
	}
	slices.SortFunc(out, func(a, b jpLine) int { return strings.Compare(string(a.date), string(b.date)) })
	return out
}

// organizer names the province for the provincial library's courses.
func (s *devSeeder) organizer(a jpActivityDef) string {
	if strings.HasSuffix(a.organizer, "Provinsi") {
		return a.organizer + " " + s.lib.Spec.Province
	}
	return a.organizer
}

// submitJP has the person add a line herself; it waits for verification.
func (s *devSeeder) submitJP(p *devPerson, l jpLine) error {
	_, err := s.submitJPID(p, l)
	return err
}

func (s *devSeeder) submitJPID(p *devPerson, l jpLine) (int64, error) {
	e := record.JPEntry{LibraryID: s.lib.Library.ID, StaffID: p.id, Activity: l.def.activity, Title: l.def.title,
		Organizer: s.organizer(l.def), Date: l.date, JP: l.jp}
	out, err := s.record(s.at(workdayOnOrAfter(l.date.AddDays(1)), 19)).AddJP(s.ctx, p.actor, e, nil, false)
	if err != nil {
		return 0, fmt.Errorf("JP submitted by %s: %w", p.spec.Name, err)
	}
	return out.ID, nil
}

// certifications records the LSP Pustakawan competency certificates
// (valid three years) about half the pustakawan hold: the demo pustakawan
// one from last year, one colleague's about to expire, a few expired.
func (s *devSeeder) certifications() error {
	expiring := false
	for i, p := range s.people {
		mine := i == s.mineIdx
		if p.spec.Position != "Pustakawan" || !mine && s.rng.IntN(100) >= 55 {
			continue
		}
		var issued record.Date
		switch {
		case mine:
			issued = s.today.AddDays(-420 - s.rng.IntN(60))
		case !expiring:
			issued = s.today.AddDays(-3*365 + 30 + s.rng.IntN(45))
			expiring = true
		default:
			issued = s.today.AddDays(-150 - s.rng.IntN(1000))
		}
		issued = workdayOnOrBefore(issued)
		expires := record.Date(issued.Time().AddDate(3, 0, 0).Format(time.DateOnly))
		x := record.Certification{LibraryID: s.lib.Library.ID, StaffID: p.id, Name: "Sertifikat Kompetensi Pustakawan",
			Issuer: record.DefaultIssuer, Number: fmt.Sprintf("%05d/LSP-PUS/%d", 100+s.rng.IntN(9800), issued.Year()),
			Issued: issued, Expires: expires}
		if _, err := s.record(s.at(issued.AddDays(10), 11)).AddCertification(s.ctx, s.system, x, nil); err != nil {
			return fmt.Errorf("certification of %s: %w", p.spec.Name, err)
		}
	}
	return nil
}

// ratings enters the last years' performance ratings (predikat kinerja,
// from the SKP appraisal) of the jabatan fungsional pustakawan since their
// appointment, so "Halaman saya" projects angka kredit toward the next
// jenjang: mostly Baik, some Sangat Baik, now and then Butuh Perbaikan.
func (s *devSeeder) ratings() error {
	y := s.today.Year()
	for i, p := range s.people {
		if p.spec.Position != "Pustakawan" || len(p.spec.NIP) < 12 {
			continue
		}
		appointed := yearOf(p.spec.NIP[8:12])
		for year := max(appointed+1, y-3); year < y; year++ {
			rating := "baik"
			switch n := s.rng.IntN(20); {
			case i == s.mineIdx && year == y-1, n < 4:
				rating = "sangat_baik"
			case n == 4:
				rating = "butuh_perbaikan"
			}
			x := record.Rating{LibraryID: s.lib.Library.ID, StaffID: p.id, Year: year, Rating: rating}
			if _, err := s.record(s.at(dateOf(year+1, time.January, 20), 10)).AddRating(s.ctx, s.system, x); err != nil {
				return fmt.Errorf("rating of %s: %w", p.spec.Name, err)
			}
		}
	}
	return nil
}
