package web_test

// BenchmarkHeatmap1000x60: the library heatmap of a closed cycle with 1,000
// staff × 60 competencies, all reviewed, through the real handler; target
// < 200 ms on SQLite. Results: docs/BENCHMARKS.md. Run with
//
//	go test -run '^$' -bench Heatmap1000x60 -benchtime 20x -count 3 ./internal/web/
//
// and BINA_TEST_POSTGRES_URL set for the PostgreSQL figure.

import (
	"bytes"
	"context"
	"fmt"
	"net/http"
	"net/url"
	"strings"
	"testing"

	"github.com/bina-pustaka/bina/internal/competency"
	"github.com/bina-pustaka/bina/internal/db"
)

const (
	heatStaff        = 1000
	heatCompetencies = 60
)

func BenchmarkHeatmap1000x60(b *testing.B) {
	for _, e := range benchEngines {
		b.Run(e.name, func(b *testing.B) {
			d := e.open(b)
			a := newApp(b, d)
			path := heatWorld(b, a, d)
			web := a.login(a.A.AdminEmail)
			base, _ := url.Parse(a.HTTP.URL)
			var cookie *http.Cookie
			for _, c := range web.http.Jar.Cookies(base) {
				if c.Name == "bina_session" {
					cookie = c
				}
			}
			w := &benchWorld{app: a, handler: a.Server.Handler(), cookie: cookie}
			rec := w.serve(b, w.request(path))
			if n := strings.Count(rec.Body.String(), `<tr id="heat-row-`); n != heatStaff {
				b.Fatalf("the heatmap shows %d people, want %d", n, heatStaff)
			}
			if n := strings.Count(rec.Body.String(), `class="heat heat-`); n < heatStaff*heatCompetencies {
				b.Fatalf("the heatmap shows %d cells, want %d", n, heatStaff*heatCompetencies)
			}
			b.ResetTimer()
			for b.Loop() {
				w.serve(b, w.request(path))
			}
		})
	}
}

// heatWorld builds library A's closed cycle: a 60-unit framework, 1,000
// Pustakawan (plus the harness's Sari) who must master all 60 at level 3,
// each reviewed at a level from 1 to 5. It returns the heatmap's path.
func heatWorld(b *testing.B, a *app, d *db.DB) string {
	b.Helper()
	ctx, sys, lib := context.Background(), a.system(), a.A.Library.ID
	rows := []competency.ImportRow{{Line: 2, Code: "B", Kind: competency.KindKeyFunction, Title: "Bench"}}
	for i := range heatCompetencies {
		rows = append(rows, competency.ImportRow{Line: i + 3, Code: fmt.Sprintf("B.%02d", i+1), ParentCode: "B", Kind: competency.KindUnit, Title: fmt.Sprintf("Unit kompetensi %d", i+1)})
	}
	v, err := a.Svc.Competency.Import(ctx, sys, lib, competency.ImportTarget{Name: "Bench 60"}, rows)
	if err != nil {
		b.Fatal(err)
	}
	if _, err := a.Svc.Competency.Publish(ctx, sys, lib, v.ID, ""); err != nil {
		b.Fatal(err)
	}
	tree, err := a.Svc.Competency.Version(ctx, sys, lib, v.ID)
	if err != nil {
		b.Fatal(err)
	}
	var cells []competency.RequirementCell
	var units []int64
	for _, c := range tree.All() {
		if c.Kind == competency.KindUnit {
			units = append(units, c.ID)
			cells = append(cells, competency.RequirementCell{CompetencyID: c.ID, RequiredLevel: 3})
		}
	}
	if err := a.Svc.Competency.SetRequirements(ctx, sys, lib, v.ID, "Pustakawan", "", cells); err != nil {
		b.Fatal(err)
	}
	var csv bytes.Buffer
	csv.WriteString("NIP,Nama,Jabatan,Status Kepegawaian,Unit Kerja\n")
	levels := []string{"Ahli Pertama", "Ahli Muda", "Terampil", "Mahir"}
	for i := range heatStaff - 1 {
		fmt.Fprintf(&csv, ",Pegawai Uji %04d,Pustakawan %s,Honorer,%s\n", i, levels[i%len(levels)], a.A.ServicePoint.Name)
	}
	if res, err := a.Svc.Staff.Import(ctx, sys, lib, &csv); err != nil || res.Created != heatStaff-1 {
		b.Fatalf("import: %+v %v", res, err)
	}
	c, err := a.Svc.Competency.OpenCycle(ctx, sys, lib, competency.NewCycle{Name: "Semester I 2027", FrameworkID: tree.Framework.ID, OpensOn: "2027-01-04", ClosesOn: "2027-06-30"})
	if err != nil {
		b.Fatal(err)
	}
	// Reviews written directly: the benchmark is the heatmap, not the form.
	err = d.InTx(ctx, func(tx *db.Tx) error {
		rs, err := tx.QueryContext(ctx, `SELECT id FROM assessments WHERE library_id = ? AND cycle_id = ?`, lib, c.ID)
		if err != nil {
			return err
		}
		var ids []int64
		for rs.Next() {
			var id int64
			if err := rs.Scan(&id); err != nil {
				return err
			}
			ids = append(ids, id)
		}
		rs.Close()
		now := db.Now()
		for n, id := range ids {
			var sb strings.Builder
			sb.WriteString(`INSERT INTO assessment_ratings (library_id, assessment_id, competency_id, role, level, updated_at) VALUES `)
			var args []any
			for i, u := range units {
				if i > 0 {
					sb.WriteString(", ")
				}
				sb.WriteString("(?, ?, ?, 'supervisor', ?, ?)")
				args = append(args, lib, id, u, 1+(n+i)%5, now)
			}
			if _, err := tx.ExecContext(ctx, sb.String(), args...); err != nil {
				return err
			}
		}
		_, err = tx.ExecContext(ctx, `UPDATE assessments SET status = 'reviewed', reviewed_at = ? WHERE library_id = ? AND cycle_id = ?`, now, lib, c.ID)
		return err
	})
	if err != nil {
		b.Fatal(err)
	}
	if _, err := a.Svc.Competency.CloseCycle(ctx, sys, lib, c.ID); err != nil {
		b.Fatal(err)
	}
	if d.Dialect == db.Postgres {
		if _, err := d.Reader().ExecContext(ctx, "ANALYZE"); err != nil {
			b.Fatal(err)
		}
	}
	return fmt.Sprintf("/libraries/%d/cycles/%d/heatmap", lib, c.ID)
}
