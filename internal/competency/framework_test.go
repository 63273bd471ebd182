package competency_test

import (
	"context"
	"strconv"
	"testing"

	"github.com/bina-pustaka/bina/internal/apperr"
	"github.com/bina-pustaka/bina/internal/competency"
	"github.com/bina-pustaka/bina/internal/db"
	"github.com/bina-pustaka/bina/internal/dbtest"
)

func TestInstallDefaultPublishesTheSKKNIFramework(t *testing.T) {
	dbtest.Each(t, func(t *testing.T, d *db.DB) {
		ctx := context.Background()
		w := newFwWorld(t, d, "Perpustakaan Kota Batu")
		tree := fwInstall(t, w)

		if tree.Version.Number != 1 || tree.Version.Status != competency.StatusPublished || tree.Version.PublishedAt == nil {
			t.Fatalf("installed version: %+v, want version 1 published", tree.Version)
		}
		if tree.Framework.Source != competency.SourceDefault || tree.Framework.Name != competency.DefaultFrameworkName {
			t.Errorf("framework: %+v", tree.Framework)
		}
		var keys []string
		for _, r := range tree.Roots {
			keys = append(keys, r.Code+" "+r.Title)
			if r.Kind != competency.KindKeyFunction || len(r.Children) == 0 {
				t.Errorf("key function %s: kind %s with %d units", r.Code, r.Kind, len(r.Children))
			}
		}
		want := []string{"PK Pengembangan koleksi", "PB Pengorganisasian bahan perpustakaan", "LP Layanan perpustakaan",
			"PL Pelestarian bahan perpustakaan", "PP Pengembangan profesi", "MP Manajemen perpustakaan",
			"TI Penerapan teknologi informasi dan komunikasi", "KU Kompetensi umum (soft skills)"}
		fwSameShape(t, "key functions", keys, want)
		for code, title := range map[string]string{
			"PK.02": "Melakukan seleksi bahan perpustakaan", "PK.03": "Melakukan pengadaan bahan perpustakaan",
			"MP.01": "Menyusun rencana kerja perpustakaan", "TI.01": "Mengoperasikan komputer tingkat dasar",
			"KU.01": "Komunikasi efektif", "KU.02": "Pelayanan prima", "KU.03": "Literasi informasi",
			"KU.04": "Kepemimpinan", "KU.05": "Penelitian dan pengembangan", "KU.06": "Etika profesi", "KU.07": "Kerja sama tim",
		} {
			if c := fwByCode(t, tree, code); c.Title != title {
				t.Errorf("%s is %q, want %q", code, c.Title, title)
			}
		}
		for _, c := range tree.All() {
			if c.Kind != competency.KindKeyFunction && len(c.Indicators) == 0 {
				t.Errorf("%s %s has no behavioural indicators", c.Code, c.Title)
			}
		}
		if sub := fwByCode(t, tree, "PB.01.02"); sub.Kind != competency.KindSubUnit || *sub.ParentID != fwByCode(t, tree, "PB.01").ID {
			t.Errorf("PB.01.02: %+v", sub)
		}
		sc := tree.Scale
		if sc.Max() != 5 || sc.CompetentLevel != 3 || sc.Name(3) != "Mampu mandiri" || sc.Competent(2) || !sc.Competent(3) {
			t.Errorf("scale: %+v", sc)
		}
		if n := fwCount(t, d, `SELECT COUNT(*) FROM audit_log WHERE library_id = ? AND action = 'framework.install_default'`, w.lib.ID); n != 1 {
			t.Errorf("%d install audit rows", n)
		}

		_, err := w.svc.InstallDefault(ctx, w.admin, w.lib.ID)
		if e := fwWantCode(t, err, apperr.Conflict); e.Key != "competency.default_installed" {
			t.Errorf("second install: %v", err)
		}
		if n := fwCount(t, d, `SELECT COUNT(*) FROM frameworks WHERE library_id = ?`, w.lib.ID); n != 1 {
			t.Errorf("%d frameworks after a refused second install", n)
		}
	})
}

// closedResult reads what an assessment made against a version would show
// for one competency: its code, title, the version number and the name of
// the level given. Assessments keep version and competency ids; this is the
// query they will run.
func closedResult(t *testing.T, d *db.DB, libraryID, competencyID int64, level int) string {
	t.Helper()
	var code, title, name string
	var number int
	err := d.Reader().QueryRowContext(context.Background(), `SELECT c.code, c.title, v.number, s.name
		FROM competencies c
		JOIN framework_versions v ON v.library_id = c.library_id AND v.id = c.version_id
		JOIN scale_levels s ON s.version_id = v.id AND s.level = ?
		WHERE c.library_id = ? AND c.id = ?`, level, libraryID, competencyID).Scan(&code, &title, &number, &name)
	if err != nil {
		t.Fatal(err)
	}
	return code + " " + title + " (v" + strconv.Itoa(number) + "): " + name
}

// The acceptance test of versioning: changing a framework does not change
// what a closed assessment shows.
func TestChangingAFrameworkLeavesClosedResultsAlone(t *testing.T) {
	dbtest.Each(t, func(t *testing.T, d *db.DB) {
		ctx := context.Background()
		w := newFwWorld(t, d, "Perpustakaan Kota Kediri")
		v1 := fwInstall(t, w)
		before := fwShape(v1)
		seleksi := fwByCode(t, v1, "PK.02")
		pengadaan := fwByCode(t, v1, "PK.03")
		result := closedResult(t, d, w.lib.ID, seleksi.ID, 3)

		// Edit a competency of the published version: it lands in a new draft.
		changed := *seleksi
		changed.Title = "Melakukan seleksi bahan perpustakaan tercetak dan digital"
		changed.Indicators = append(changed.Indicators, "Memakai data usulan buku dari Bina Pustaka")
		edited, err := w.svc.UpdateCompetency(ctx, w.coord, w.lib.ID, changed)
		fwMust(t, err)
		if edited.VersionID == v1.Version.ID || edited.ID == seleksi.ID || edited.OriginID == nil || *edited.OriginID != seleksi.ID {
			t.Fatalf("edit of the published version went to %+v, want a copy in a draft", edited)
		}
		f, err := w.svc.Framework(ctx, w.admin, w.lib.ID, v1.Framework.ID)
		fwMust(t, err)
		if f.Draft == nil || f.Draft.ID != edited.VersionID || f.Draft.Number != 2 || f.Current == nil || f.Current.ID != v1.Version.ID {
			t.Fatalf("framework after edit: current %+v draft %+v", f.Current, f.Draft)
		}

		// More changes to the published version go into the same draft.
		sc := v1.Scale
		sc.Levels = append([]competency.Level(nil), sc.Levels...)
		sc.Levels[2].Name = "Kompeten"
		sc.CompetentLevel = 4
		sv, err := w.svc.UpdateScale(ctx, w.coord, w.lib.ID, v1.Version.ID, sc)
		fwMust(t, err)
		dv, err := w.svc.DeleteCompetency(ctx, w.coord, w.lib.ID, pengadaan.ID)
		fwMust(t, err)
		added, err := w.svc.AddCompetency(ctx, w.coord, w.lib.ID, v1.Version.ID, &fwByCode(t, v1, "PK").ID,
			competency.Competency{Code: "pk.06", Title: "Mengelola deposit terbitan daerah", Indicators: []string{"Menghimpun terbitan daerah"}})
		fwMust(t, err)
		if sv.ID != edited.VersionID || dv.ID != edited.VersionID || added.VersionID != edited.VersionID || added.Code != "PK.06" || added.Kind != competency.KindUnit {
			t.Fatalf("later edits went to versions %d, %d, %d (%+v), want the one draft %d", sv.ID, dv.ID, added.VersionID, added, edited.VersionID)
		}
		if n := fwCount(t, d, `SELECT COUNT(*) FROM framework_versions WHERE library_id = ?`, w.lib.ID); n != 2 {
			t.Errorf("%d versions, want the published one and one draft", n)
		}

		// The published version reads exactly as before.
		again, err := w.svc.Version(ctx, w.staff, w.lib.ID, v1.Version.ID)
		fwMust(t, err)
		fwSameShape(t, "published version after draft edits", fwShape(again), before)

		// Publish the draft: v1 retires and still reads the same, and so
		// does the closed result made against it.
		p, err := w.svc.Publish(ctx, w.admin, w.lib.ID, edited.VersionID, "Seleksi mencakup bahan digital")
		fwMust(t, err)
		if p.Status != competency.StatusPublished || p.Number != 2 {
			t.Fatalf("published %+v", p)
		}
		old, err := w.svc.Version(ctx, w.staff, w.lib.ID, v1.Version.ID)
		fwMust(t, err)
		if old.Version.Status != competency.StatusRetired || old.Version.RetiredAt == nil {
			t.Errorf("version 1 after publishing 2: %+v", old.Version)
		}
		fwSameShape(t, "retired version", fwShape(old), before)
		if got := closedResult(t, d, w.lib.ID, seleksi.ID, 3); got != result {
			t.Errorf("closed result now reads %q, want %q", got, result)
		}
		cur, err := w.svc.CurrentVersion(ctx, w.staff, w.lib.ID, v1.Framework.ID)
		fwMust(t, err)
		if c := fwByCode(t, cur, "PK.02"); c.Title != changed.Title || len(c.Indicators) != len(seleksi.Indicators)+1 {
			t.Errorf("current PK.02: %+v", c)
		}
		if cur.Scale.CompetentLevel != 4 || cur.Scale.Name(3) != "Kompeten" || cur.Scale.Competent(3) {
			t.Errorf("current scale: %+v", cur.Scale)
		}
		for _, c := range cur.All() {
			if c.Code == "PK.03" {
				t.Errorf("PK.03 was deleted in the draft but is in version 2")
			}
		}

		// History is read-only.
		changed.ID = seleksi.ID
		_, err = w.svc.UpdateCompetency(ctx, w.admin, w.lib.ID, changed)
		if e := fwWantCode(t, err, apperr.Conflict); e.Key != "competency.version_retired" {
			t.Errorf("editing a retired version: %v", err)
		}
		_, err = w.svc.Publish(ctx, w.admin, w.lib.ID, v1.Version.ID, "")
		fwWantCode(t, err, apperr.Conflict)
	})
}

func TestPublishAndDiscard(t *testing.T) {
	dbtest.Each(t, func(t *testing.T, d *db.DB) {
		ctx := context.Background()
		w := newFwWorld(t, d, "Perpustakaan Kota Semarang")
		f, err := w.svc.CreateFramework(ctx, w.coord, competency.Framework{LibraryID: w.lib.ID, Name: "  Kompetensi   Layanan Anak "})
		fwMust(t, err)
		if f.Name != "Kompetensi Layanan Anak" || f.Draft == nil || f.Current != nil {
			t.Fatalf("new framework: %+v", f)
		}
		_, err = w.svc.Publish(ctx, w.coord, w.lib.ID, f.Draft.ID, "")
		if e := fwWantCode(t, err, apperr.Invalid); e.Key != "competency.publish_empty" {
			t.Errorf("publishing an empty draft: %v", err)
		}
		kf, err := w.svc.AddCompetency(ctx, w.coord, w.lib.ID, f.Draft.ID, nil, competency.Competency{Code: "LA", Title: "Layanan anak"})
		fwMust(t, err)
		_, err = w.svc.Publish(ctx, w.coord, w.lib.ID, f.Draft.ID, "")
		fwWantCode(t, err, apperr.Invalid) // a key function alone is nothing to assess
		unit, err := w.svc.AddCompetency(ctx, w.coord, w.lib.ID, f.Draft.ID, &kf.ID, competency.Competency{Code: "LA.01", Title: "Mendongeng"})
		fwMust(t, err)
		sub, err := w.svc.AddCompetency(ctx, w.coord, w.lib.ID, f.Draft.ID, &unit.ID, competency.Competency{Code: "LA.01.01", Title: "Memilih cerita"})
		fwMust(t, err)
		if sub.Kind != competency.KindSubUnit {
			t.Errorf("child of a unit is a %s", sub.Kind)
		}
		_, err = w.svc.AddCompetency(ctx, w.coord, w.lib.ID, f.Draft.ID, &sub.ID, competency.Competency{Code: "LA.01.01.01", Title: "Terlalu dalam"})
		fwWantCode(t, err, apperr.Invalid)
		_, err = w.svc.AddCompetency(ctx, w.coord, w.lib.ID, f.Draft.ID, &kf.ID, competency.Competency{Code: "la.01", Title: "Kode kembar"})
		if e := fwWantCode(t, err, apperr.Conflict); len(e.Problems) != 1 || e.Problems[0].Field != "code" {
			t.Errorf("duplicate code: %+v", e)
		}
		_, err = w.svc.AddCompetency(ctx, w.coord, w.lib.ID, f.Draft.ID, &kf.ID, competency.Competency{Code: "LA 02", Title: ""})
		e := fwWantCode(t, err, apperr.Invalid)
		if len(e.Problems) != 2 {
			t.Errorf("bad code and empty title: %+v", e.Problems)
		}

		v, err := w.svc.Publish(ctx, w.coord, w.lib.ID, f.Draft.ID, "Versi pertama")
		fwMust(t, err)
		if v.Note != "Versi pertama" || v.Number != 1 {
			t.Errorf("published %+v", v)
		}
		_, err = w.svc.Publish(ctx, w.coord, w.lib.ID, v.ID, "")
		fwWantCode(t, err, apperr.Conflict)

		// Draft returns the open draft rather than making a second one.
		d1, err := w.svc.Draft(ctx, w.coord, w.lib.ID, f.ID)
		fwMust(t, err)
		d2, err := w.svc.Draft(ctx, w.coord, w.lib.ID, f.ID)
		fwMust(t, err)
		if d1.ID != d2.ID || d1.Number != 2 {
			t.Errorf("drafts %+v and %+v", d1, d2)
		}
		draft, err := w.svc.Version(ctx, w.coord, w.lib.ID, d1.ID)
		fwMust(t, err)
		pub, err := w.svc.Version(ctx, w.coord, w.lib.ID, v.ID)
		fwMust(t, err)
		fwSameShape(t, "fresh draft", fwShape(draft), fwShape(pub))

		fwMust(t, w.svc.DiscardDraft(ctx, w.coord, w.lib.ID, d1.ID))
		_, err = w.svc.Version(ctx, w.coord, w.lib.ID, d1.ID)
		fwWantCode(t, err, apperr.NotFound)
		if n := fwCount(t, d, `SELECT COUNT(*) FROM competencies WHERE library_id = ?`, w.lib.ID); n != 3 {
			t.Errorf("%d competencies after discarding the draft, want the published 3", n)
		}
		fwWantCode(t, w.svc.DiscardDraft(ctx, w.coord, w.lib.ID, v.ID), apperr.Conflict)
	})
}

func TestCopyIsIndependentOfItsSource(t *testing.T) {
	dbtest.Each(t, func(t *testing.T, d *db.DB) {
		ctx := context.Background()
		w := newFwWorld(t, d, "Perpustakaan Kota Samarinda")
		src := fwInstall(t, w)
		cp, err := w.svc.Copy(ctx, w.admin, w.lib.ID, src.Framework.ID, "")
		fwMust(t, err)
		if cp.Name != "Salinan "+competency.DefaultFrameworkName || cp.Source != competency.SourceCopy || cp.Draft == nil || cp.Current != nil {
			t.Fatalf("copy: %+v", cp)
		}
		copyTree, err := w.svc.Version(ctx, w.admin, w.lib.ID, cp.Draft.ID)
		fwMust(t, err)
		fwSameShape(t, "copy", fwShape(copyTree), fwShape(src))
		c := *fwByCode(t, copyTree, "KU.01")
		c.Title = "Komunikasi lisan dan tulisan"
		_, err = w.svc.UpdateCompetency(ctx, w.admin, w.lib.ID, c)
		fwMust(t, err)
		again, err := w.svc.CurrentVersion(ctx, w.admin, w.lib.ID, src.Framework.ID)
		fwMust(t, err)
		fwSameShape(t, "source after editing the copy", fwShape(again), fwShape(src))

		_, err = w.svc.Copy(ctx, w.admin, w.lib.ID, src.Framework.ID, "")
		if e := fwWantCode(t, err, apperr.Conflict); e.Problems[0].Field != "name" {
			t.Errorf("second copy with the same name: %+v", e)
		}
	})
}

func TestFrameworkRolesAndTenants(t *testing.T) {
	dbtest.Each(t, func(t *testing.T, d *db.DB) {
		ctx := context.Background()
		a := newFwWorld(t, d, "Perpustakaan Kota Batu")
		b := newFwWorld(t, d, "Perpustakaan Kota Lubuklinggau")
		ta, tb := fwInstall(t, a), fwInstall(t, b)
		unitB := fwByCode(t, tb, "LP.01")

		// Every role reads; only admins and coordinators change.
		if fs, err := a.svc.Frameworks(ctx, a.staff, a.lib.ID); err != nil || len(fs) != 1 {
			t.Errorf("staff lists frameworks: %v %v", fs, err)
		}
		_, err := a.svc.Copy(ctx, a.staff, a.lib.ID, ta.Framework.ID, "Punya saya")
		fwWantCode(t, err, apperr.Forbidden)
		c := *fwByCode(t, ta, "LP.01")
		c.Title = "Diubah pustakawan"
		_, err = a.svc.UpdateCompetency(ctx, a.staff, a.lib.ID, c)
		fwWantCode(t, err, apperr.Forbidden)
		_, err = a.svc.InstallDefault(ctx, nil, a.lib.ID)
		fwWantCode(t, err, apperr.Unauthorized)

		// A's admin reaches nothing of B, neither through B's id nor through A's.
		_, err = a.svc.Frameworks(ctx, a.admin, b.lib.ID)
		fwWantCode(t, err, apperr.NotFound)
		_, err = a.svc.Version(ctx, a.admin, a.lib.ID, tb.Version.ID)
		fwWantCode(t, err, apperr.NotFound)
		_, err = a.svc.CurrentVersion(ctx, a.admin, a.lib.ID, tb.Framework.ID)
		fwWantCode(t, err, apperr.NotFound)
		unitB2 := *unitB
		unitB2.Title = "Diubah lintas perpustakaan"
		_, err = a.svc.UpdateCompetency(ctx, a.admin, a.lib.ID, unitB2)
		fwWantCode(t, err, apperr.NotFound)
		_, err = a.svc.DeleteCompetency(ctx, a.admin, a.lib.ID, unitB.ID)
		fwWantCode(t, err, apperr.NotFound)
		_, err = a.svc.AddCompetency(ctx, a.admin, a.lib.ID, ta.Version.ID, &unitB.ID, competency.Competency{Code: "X.01", Title: "Lintas"})
		fwWantCode(t, err, apperr.NotFound)
		_, err = a.svc.Publish(ctx, a.admin, a.lib.ID, tb.Version.ID, "")
		fwWantCode(t, err, apperr.NotFound)
		_, err = a.svc.Copy(ctx, a.admin, a.lib.ID, tb.Framework.ID, "Curian")
		fwWantCode(t, err, apperr.NotFound)
		again, err := b.svc.Version(ctx, b.admin, b.lib.ID, tb.Version.ID)
		fwMust(t, err)
		fwSameShape(t, "B after A's attempts", fwShape(again), fwShape(tb))
		if n := fwCount(t, d, `SELECT COUNT(*) FROM framework_versions WHERE library_id = ?`, b.lib.ID); n != 1 {
			t.Errorf("B has %d versions", n)
		}
	})
}
