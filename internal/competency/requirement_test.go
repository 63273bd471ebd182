package competency_test

import (
	"context"
	"reflect"
	"testing"

	"github.com/bina-pustaka/bina/internal/apperr"
	"github.com/bina-pustaka/bina/internal/competency"
	"github.com/bina-pustaka/bina/internal/db"
	"github.com/bina-pustaka/bina/internal/dbtest"
	"github.com/bina-pustaka/bina/internal/library"
	"github.com/bina-pustaka/bina/internal/people"
)

func TestResolvePicksTheMostSpecificRule(t *testing.T) {
	const comp = 7
	rule := func(position, level, kind string, required int) competency.Requirement {
		return competency.Requirement{Position: position, Level: level, ServicePointKind: kind, CompetencyID: comp, RequiredLevel: required}
	}
	all := []competency.Requirement{
		rule("Pustakawan", "Ahli Pertama", "referensi", 5),
		rule("Pustakawan", "Ahli Pertama", "", 4),
		rule("Pustakawan", "", "referensi", 3),
		rule("Pustakawan", "", "", 2),
		rule("Pengelola Perpustakaan", "", "", 1),
	}
	cases := []struct {
		name                  string
		rules                 []competency.Requirement
		position, level, kind string
		want                  int // 0: no requirement
	}{
		{"all three match", all, "Pustakawan", "Ahli Pertama", "referensi", 5},
		{"rule order does not matter", []competency.Requirement{all[3], all[1], all[2], all[0]}, "Pustakawan", "Ahli Pertama", "referensi", 5},
		{"jenjang beats service point", all[1:], "Pustakawan", "Ahli Pertama", "referensi", 4},
		{"other service point", all, "Pustakawan", "Ahli Pertama", "sirkulasi", 4},
		{"other jenjang at referensi", all, "Pustakawan", "Ahli Muda", "referensi", 3},
		{"position only", all, "Pustakawan", "Terampil", "", 2},
		{"case of the position", all, "pustakawan", "ahli pertama", "", 4},
		{"another position", all, "Pengelola Perpustakaan", "", "anak", 1},
		{"no rule for the position", all, "Arsiparis", "Ahli Pertama", "referensi", 0},
	}
	for _, c := range cases {
		got := competency.Resolve(c.rules, c.position, c.level, c.kind)[comp]
		if got != c.want {
			t.Errorf("%s: required %d, want %d", c.name, got, c.want)
		}
	}
}

func TestRequiredLevelsOfAStaffMember(t *testing.T) {
	dbtest.Each(t, func(t *testing.T, d *db.DB) {
		ctx := context.Background()
		w := newFwWorld(t, d, "Perpustakaan Kota Batu")
		tree := fwInstall(t, w)
		v := tree.Version.ID
		ref, err := w.libs.CreateServicePoint(ctx, fwSuper, library.ServicePoint{LibraryID: w.lib.ID, Name: "Referensi", Kind: "referensi"})
		fwMust(t, err)
		staffSvc := &people.Service{DB: d}
		sari, err := staffSvc.Create(ctx, fwSuper, people.Staff{LibraryID: w.lib.ID, Name: "Sari", EmploymentStatus: "pns",
			NIP: "197501012000012001", Position: "Pustakawan", Level: "Ahli Pertama", ServicePointID: &ref.ID, Active: true})
		fwMust(t, err)
		budi, err := staffSvc.Create(ctx, fwSuper, people.Staff{LibraryID: w.lib.ID, Name: "Budi", EmploymentStatus: "non_asn",
			Position: "Pustakawan", Level: "Terampil", Active: true})
		fwMust(t, err)
		pk01, lp02, ku02 := fwByCode(t, tree, "PK.01").ID, fwByCode(t, tree, "LP.02").ID, fwByCode(t, tree, "KU.02").ID

		fwMust(t, w.svc.SetRequirements(ctx, w.coord, w.lib.ID, v, "Pustakawan", "", []competency.RequirementCell{
			{Level: "", CompetencyID: pk01, RequiredLevel: 2}, {Level: "", CompetencyID: lp02, RequiredLevel: 2},
			{Level: "", CompetencyID: ku02, RequiredLevel: 3},
			{Level: "Ahli Pertama", CompetencyID: lp02, RequiredLevel: 3},
		}))
		fwMust(t, w.svc.SetRequirements(ctx, w.coord, w.lib.ID, v, "Pustakawan", "referensi", []competency.RequirementCell{
			{Level: "", CompetencyID: pk01, RequiredLevel: 3},
			{Level: "Ahli Pertama", CompetencyID: lp02, RequiredLevel: 4},
		}))

		got, err := w.svc.RequiredLevels(ctx, w.staff, w.lib.ID, v, sari)
		fwMust(t, err)
		if want := map[int64]int{pk01: 3, lp02: 4, ku02: 3}; !reflect.DeepEqual(got, want) {
			t.Errorf("Sari (Ahli Pertama at referensi): %v, want %v", got, want)
		}
		got, err = w.svc.RequiredLevels(ctx, w.staff, w.lib.ID, v, budi)
		fwMust(t, err)
		if want := map[int64]int{pk01: 2, lp02: 2, ku02: 3}; !reflect.DeepEqual(got, want) {
			t.Errorf("Budi (Terampil, unposted): %v, want %v", got, want)
		}

		// Saving the position again replaces its cells; the other service point kind stays.
		fwMust(t, w.svc.SetRequirements(ctx, w.coord, w.lib.ID, v, "Pustakawan", "", []competency.RequirementCell{
			{Level: "", CompetencyID: pk01, RequiredLevel: 1}, {Level: "Ahli Pertama", CompetencyID: lp02, RequiredLevel: 0},
		}))
		got, err = w.svc.RequiredLevels(ctx, w.staff, w.lib.ID, v, budi)
		fwMust(t, err)
		if want := map[int64]int{pk01: 1}; !reflect.DeepEqual(got, want) {
			t.Errorf("Budi after the matrix was saved again: %v, want %v", got, want)
		}
		if n := fwCount(t, d, `SELECT COUNT(*) FROM position_requirements WHERE library_id = ?`, w.lib.ID); n != 3 {
			t.Errorf("%d requirement rows, want 1 + the 2 at referensi", n)
		}

		m, err := w.svc.RequirementMatrix(ctx, w.staff, w.lib.ID, v, "", "referensi")
		fwMust(t, err)
		if m.Position != "Pustakawan" || m.Levels[0] != "" || m.Levels[1] != "Terampil" || m.Cells[lp02]["Ahli Pertama"] != 4 || !m.Editable {
			t.Errorf("matrix: position %q levels %v cells %v editable %v", m.Position, m.Levels, m.Cells, m.Editable)
		}

		other := newFwWorld(t, d, "Perpustakaan Kota Kediri")
		_, err = other.svc.RequiredLevels(ctx, other.admin, other.lib.ID, v, sari)
		fwWantCode(t, err, apperr.NotFound)
		_, err = w.svc.RequiredLevels(ctx, other.admin, w.lib.ID, v, sari)
		fwWantCode(t, err, apperr.NotFound)
	})
}

func TestRequirementRules(t *testing.T) {
	dbtest.Each(t, func(t *testing.T, d *db.DB) {
		ctx := context.Background()
		w := newFwWorld(t, d, "Perpustakaan Kota Samarinda")
		tree := fwInstall(t, w)
		v := tree.Version.ID
		lp01, lp := fwByCode(t, tree, "LP.01").ID, fwByCode(t, tree, "LP").ID
		set := func(cells ...competency.RequirementCell) error {
			return w.svc.SetRequirements(ctx, w.admin, w.lib.ID, v, "Pustakawan", "", cells)
		}
		e := fwWantCode(t, set(competency.RequirementCell{CompetencyID: lp01, RequiredLevel: 6}), apperr.Invalid)
		if e.Problems[0].Key != "competency.bad_required_level" {
			t.Errorf("level 6 on a 1–5 scale: %+v", e.Problems)
		}
		fwWantCode(t, set(competency.RequirementCell{CompetencyID: lp, RequiredLevel: 3}), apperr.Invalid)
		other := fwInstall(t, newFwWorld(t, d, "Perpustakaan Kota Semarang"))
		fwWantCode(t, set(competency.RequirementCell{CompetencyID: fwByCode(t, other, "LP.01").ID, RequiredLevel: 3}), apperr.NotFound)
		fwWantCode(t, w.svc.SetRequirements(ctx, w.admin, w.lib.ID, v, " ", "", nil), apperr.Invalid)
		fwWantCode(t, w.svc.SetRequirements(ctx, w.admin, w.lib.ID, v, "Pustakawan", "kantin", nil), apperr.Invalid)
		fwWantCode(t, w.svc.SetRequirements(ctx, w.staff, w.lib.ID, v, "Pustakawan", "", nil), apperr.Forbidden)
		fwMust(t, set(competency.RequirementCell{CompetencyID: lp01, RequiredLevel: 5}))

		// A scale may not shrink below what positions require.
		sc := tree.Scale
		sc.Levels = sc.Levels[:4]
		_, err := w.svc.UpdateScale(ctx, w.admin, w.lib.ID, v, sc)
		if e := fwWantCode(t, err, apperr.Invalid); e.Problems[0].Key != "competency.scale_below_requirements" {
			t.Errorf("shrinking the scale: %+v", e.Problems)
		}

		// With a draft open, the draft takes the requirements (copied from
		// the published version) and the published version is locked.
		draft, err := w.svc.Draft(ctx, w.admin, w.lib.ID, tree.Framework.ID)
		fwMust(t, err)
		err = set(competency.RequirementCell{CompetencyID: lp01, RequiredLevel: 4})
		if e := fwWantCode(t, err, apperr.Conflict); e.Key != "competency.requirements_in_draft" {
			t.Errorf("published version with a draft open: %v", err)
		}
		reqs, err := w.svc.Requirements(ctx, w.staff, w.lib.ID, draft.ID)
		fwMust(t, err)
		if len(reqs) != 1 || reqs[0].CompetencyCode != "LP.01" || reqs[0].CompetencyID == lp01 || reqs[0].RequiredLevel != 5 {
			t.Fatalf("draft requirements: %+v", reqs)
		}
		fwMust(t, w.svc.SetRequirements(ctx, w.admin, w.lib.ID, draft.ID, "Pustakawan", "", []competency.RequirementCell{{CompetencyID: reqs[0].CompetencyID, RequiredLevel: 4}}))
		_, err = w.svc.Publish(ctx, w.admin, w.lib.ID, draft.ID, "")
		fwMust(t, err)
		err = set(competency.RequirementCell{CompetencyID: lp01, RequiredLevel: 4})
		if e := fwWantCode(t, err, apperr.Conflict); e.Key != "competency.version_retired" {
			t.Errorf("retired version: %v", err)
		}
		old, err := w.svc.Requirements(ctx, w.staff, w.lib.ID, v)
		fwMust(t, err)
		if len(old) != 1 || old[0].RequiredLevel != 5 {
			t.Errorf("the retired version's requirements changed: %+v", old)
		}
	})
}
