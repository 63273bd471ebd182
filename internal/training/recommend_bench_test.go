package training

import (
	"context"
	"fmt"
	"strings"
	"testing"
	"time"

	"github.com/bina-pustaka/bina/internal/auth"
	"github.com/bina-pustaka/bina/internal/competency"
	"github.com/bina-pustaka/bina/internal/db"
	"github.com/bina-pustaka/bina/internal/dbtest"
	"github.com/bina-pustaka/bina/internal/library"
)

const (
	recoStaff    = 1000
	recoSessions = 200
)

// recoTopics are the topic keywords of the benchmark's world.
var recoTopics = []string{"katalogisasi", "layanan referensi", "literasi informasi", "pelestarian", "perpustakaan digital"}

// BenchmarkRecommendations1000x200 ranks the upcoming sessions for every
// person of a 1,000-staff library: 200 upcoming sessions (100 programmes,
// 3 target competencies each), a closed cycle with a gap recorded for each
// person in 10 of the 30 competencies, three competency interests each,
// one programme type, a preferred modality for half of them and two topic
// keywords each (programmes of every type and modality, with a description
// naming two of five topics), and one seat per person in a session of her
// own.
func BenchmarkRecommendations1000x200(b *testing.B) {
	engines := []struct {
		name string
		open func(testing.TB) *db.DB
	}{{"sqlite", dbtest.SQLite}, {"postgres", dbtest.Postgres}}
	for _, e := range engines {
		b.Run(e.name, func(b *testing.B) {
			d := e.open(b)
			svc, libID := recoWorld(b, d)
			coord := &auth.Actor{UserID: 0, Superadmin: true}
			got, err := svc.LibraryRecommendations(context.Background(), coord, libID)
			if err != nil {
				b.Fatal(err)
			}
			if len(got) != recoStaff {
				b.Fatalf("%d people ranked, want %d", len(got), recoStaff)
			}
			seen := map[string]bool{}
			for _, p := range got {
				if len(p.Items) == 0 {
					b.Fatalf("nothing recommended for %d", p.StaffID)
				}
				for _, x := range p.Items {
					for _, r := range x.Reasons {
						seen[r.Key] = true
					}
				}
			}
			for _, k := range []string{ReasonGap, ReasonJP, ReasonInterest, ReasonType, ReasonModality, ReasonTopics} {
				if !seen[k] {
					b.Fatalf("no recommendation gives the reason %s: the world does not exercise it", k)
				}
			}
			b.ResetTimer()
			for b.Loop() {
				if _, err := svc.LibraryRecommendations(context.Background(), coord, libID); err != nil {
					b.Fatal(err)
				}
			}
		})
	}
}

func recoWorld(b testing.TB, d *db.DB) (*Service, int64) {
	ctx := context.Background()
	lib, err := (&library.Service{DB: d}).Create(ctx, super, library.Library{Name: "Perpustakaan Provinsi", City: "Kota Surabaya",
		Province: "Jawa Timur", TimeZone: "Asia/Jakarta"})
	if err != nil {
		b.Fatal(err)
	}
	cs := &competency.Service{DB: d}
	fw, err := cs.InstallDefault(ctx, super, lib.ID)
	if err != nil {
		b.Fatal(err)
	}
	tree, err := cs.CurrentVersion(ctx, super, lib.ID, fw.ID)
	if err != nil {
		b.Fatal(err)
	}
	var comps []int64
	var versionID int64
	for _, c := range tree.All() {
		if c.Kind == competency.KindUnit && len(comps) < 30 {
			comps = append(comps, c.ID)
			versionID = c.VersionID
		}
	}
	if len(comps) < 30 {
		b.Fatalf("the default framework has %d units", len(comps))
	}
	now := db.Now()
	clock := time.Date(2026, 6, 1, 3, 0, 0, 0, time.UTC)
	svc := &Service{DB: d, Now: func() time.Time { return clock }}
	err = d.InTx(ctx, func(tx *db.Tx) error {
		exec := func(q string, args ...any) error { _, err := tx.ExecContext(ctx, q, args...); return err }
		staff := make([]int64, recoStaff)
		for i := range staff {
			if err := tx.QueryRowContext(ctx, `INSERT INTO staff (library_id, name, employment_status, position, created_at, updated_at)
				VALUES (?, ?, 'non_asn', 'Pustakawan', ?, ?) RETURNING id`, lib.ID, fmt.Sprintf("Pegawai %04d", i), now, now).Scan(&staff[i]); err != nil {
				return err
			}
		}
		var cycle int64
		if err := tx.QueryRowContext(ctx, `INSERT INTO assessment_cycles (library_id, name, version_id, opens_on, closes_on, status, created_at, closed_at)
			VALUES (?, 'Semester I 2026', ?, '2026-01-01', '2026-03-31', 'closed', ?, ?) RETURNING id`, lib.ID, versionID, now, now).Scan(&cycle); err != nil {
			return err
		}
		for i, sid := range staff {
			for k := 0; k < 10; k++ {
				c := comps[(i+k*3)%len(comps)]
				if err := exec(`INSERT INTO assessment_results (library_id, cycle_id, staff_id, competency_id, required_level, agreed_level)
					VALUES (?, ?, ?, ?, 4, ?)`, lib.ID, cycle, sid, c, 1+(i+k)%4); err != nil {
					return err
				}
			}
			for k := 0; k < 3; k++ {
				if err := exec(`INSERT INTO staff_interests (library_id, staff_id, competency_id) VALUES (?, ?, ?)`,
					lib.ID, sid, comps[(i*7+k)%len(comps)]); err != nil {
					return err
				}
			}
			if err := exec(`INSERT INTO staff_type_interests (library_id, staff_id, type) VALUES (?, ?, ?)`,
				lib.ID, sid, Types[i%len(Types)]); err != nil {
				return err
			}
			modality := ""
			if i%2 == 0 {
				modality = Modalities[i%len(Modalities)]
			}
			first := recoTopics[i%len(recoTopics)]
			if i%4 == 0 {
				first = strings.ToUpper(first[:1]) + first[1:]
			}
			if err := exec(`INSERT INTO staff_training_preferences (library_id, staff_id, modality, topics, updated_at) VALUES (?, ?, ?, ?, ?)`,
				lib.ID, sid, modality, first+"\n"+recoTopics[(i+1)%len(recoTopics)], now); err != nil {
				return err
			}
		}
		sessions := make([]int64, 0, recoSessions)
		for p := 0; p < recoSessions/2; p++ {
			var pid int64
			if err := tx.QueryRowContext(ctx, `INSERT INTO training_programs (library_id, title, type, level, jp, provider_kind, modality,
				description, created_at, updated_at) VALUES (?, ?, ?, 'dasar', ?, 'internal', ?, ?, ?, ?) RETURNING id`,
				lib.ID, fmt.Sprintf("Program %03d", p), Types[p%len(Types)], 8+p%4*8, Modalities[p%len(Modalities)],
				fmt.Sprintf("Pelatihan tentang %s dan %s bagi pustakawan dan tenaga perpustakaan, dengan praktik dan studi kasus.",
					recoTopics[p%len(recoTopics)], recoTopics[(p+2)%len(recoTopics)]), now, now).Scan(&pid); err != nil {
				return err
			}
			for k := 0; k < 3; k++ {
				if err := exec(`INSERT INTO training_program_competencies (library_id, program_id, competency_id) VALUES (?, ?, ?)`,
					lib.ID, pid, comps[(p+k*10)%len(comps)]); err != nil {
					return err
				}
			}
			for r := 0; r < 2; r++ {
				day := time.Date(2026, 7, 1, 0, 0, 0, 0, time.UTC).AddDate(0, 0, p+r*60)
				var sid int64
				if err := tx.QueryRowContext(ctx, `INSERT INTO training_sessions (library_id, program_id, title, first_day, last_day, year,
					place, capacity, status, min_attendance_percent, created_at, updated_at)
					VALUES (?, ?, ?, ?, ?, ?, 'Aula', 30, 'open', 80, ?, ?) RETURNING id`, lib.ID, pid, fmt.Sprintf("Angkatan %d", r+1),
					day.Format("2006-01-02"), day.AddDate(0, 0, 1).Format("2006-01-02"), day.Year(), now, now).Scan(&sid); err != nil {
					return err
				}
				for k := 0; k < 2; k++ {
					if err := exec(`INSERT INTO training_session_days (library_id, session_id, day) VALUES (?, ?, ?)`,
						lib.ID, sid, day.AddDate(0, 0, k).Format("2006-01-02")); err != nil {
						return err
					}
				}
				sessions = append(sessions, sid)
			}
		}
		for i, sid := range staff {
			if err := exec(`INSERT INTO training_enrolments (library_id, session_id, staff_id, origin, status, created_at, updated_at)
				VALUES (?, ?, ?, 'nominated', 'confirmed', ?, ?)`, lib.ID, sessions[i%len(sessions)], sid, now, now); err != nil {
				return err
			}
		}
		return nil
	})
	if err != nil {
		b.Fatal(err)
	}
	return svc, lib.ID
}
