package competency_test

import (
	"context"
	"reflect"
	"strconv"
	"strings"
	"testing"

	"github.com/bina-pustaka/bina/internal/apperr"
	"github.com/bina-pustaka/bina/internal/auth"
	"github.com/bina-pustaka/bina/internal/competency"
	"github.com/bina-pustaka/bina/internal/db"
	"github.com/bina-pustaka/bina/internal/dbtest"
	"github.com/bina-pustaka/bina/internal/library"
	"github.com/bina-pustaka/bina/internal/people"
)

// Gap arithmetic, worked by hand on a 1–5 scale:
//
//	required 3, agreed 2 → gap 1
//	required 4, agreed 4 → met, 0
//	required 2, agreed 5 → surplus 3
//	required 5, agreed 1 → gap 4
//	required 3, not reviewed → neither; counted as "belum direview"
//
// totals: gap 1+4 = 5, surplus 3, reviewed 4, met 2, short 2.
func TestComputeGapsHandComputed(t *testing.T) {
	got := competency.ComputeGaps([]competency.GapInput{
		{CompetencyID: 1, Required: 3, Agreed: 2},
		{CompetencyID: 2, Required: 4, Agreed: 4},
		{CompetencyID: 3, Required: 2, Agreed: 5},
		{CompetencyID: 4, Required: 5, Agreed: 1},
		{CompetencyID: 5, Required: 3, Agreed: 0},
	})
	want := []competency.Gap{
		{CompetencyID: 1, Required: 3, Agreed: 2, Reviewed: true, Gap: 1},
		{CompetencyID: 2, Required: 4, Agreed: 4, Reviewed: true},
		{CompetencyID: 3, Required: 2, Agreed: 5, Reviewed: true, Surplus: 3},
		{CompetencyID: 4, Required: 5, Agreed: 1, Reviewed: true, Gap: 4},
		{CompetencyID: 5, Required: 3},
	}
	if !reflect.DeepEqual(got.Items, want) {
		t.Errorf("items\n got %+v\nwant %+v", got.Items, want)
	}
	if got.TotalGap != 5 || got.TotalSurplus != 3 || got.Reviewed != 4 || got.NotReviewed != 1 || got.Met != 2 || got.Short != 2 {
		t.Errorf("totals %+v, want gap 5, surplus 3, reviewed 4, not reviewed 1, met 2, short 2", got)
	}
	if empty := competency.ComputeGaps(nil); empty.TotalGap != 0 || len(empty.Items) != 0 {
		t.Errorf("no requirements: %+v", empty)
	}
}

// asWorld is a framework world with requirements and Sari, a Pustakawan
// Ahli Pertama at the reference desk whose account is w.staff.
type asWorld struct {
	fwWorld
	tree             competency.Tree
	sari             people.Staff
	pk01, lp02, ku02 int64
}

func newAsWorld(t *testing.T, d *db.DB) asWorld {
	t.Helper()
	ctx := context.Background()
	w := asWorld{fwWorld: newFwWorld(t, d, "Kota Batu")}
	w.tree = fwInstall(t, w.fwWorld)
	ref, err := w.libs.CreateServicePoint(ctx, fwSuper, library.ServicePoint{LibraryID: w.lib.ID, Name: "Referensi", Kind: "referensi"})
	fwMust(t, err)
	w.sari, err = (&people.Service{DB: d}).Create(ctx, fwSuper, people.Staff{LibraryID: w.lib.ID, Name: "Sari Wulandari", EmploymentStatus: "pns",
		NIP: "197501012000012001", Position: "Pustakawan", Level: "Ahli Pertama", ServicePointID: &ref.ID, Active: true})
	fwMust(t, err)
	m := w.staff.Memberships[w.lib.ID]
	m.StaffID = &w.sari.ID
	w.staff.Memberships[w.lib.ID] = m
	w.pk01, w.lp02, w.ku02 = fwByCode(t, w.tree, "PK.01").ID, fwByCode(t, w.tree, "LP.02").ID, fwByCode(t, w.tree, "KU.02").ID
	fwMust(t, w.svc.SetRequirements(ctx, w.coord, w.lib.ID, w.tree.Version.ID, "Pustakawan", "", []competency.RequirementCell{
		{CompetencyID: w.pk01, RequiredLevel: 3}, {CompetencyID: w.lp02, RequiredLevel: 4}, {CompetencyID: w.ku02, RequiredLevel: 2},
	}))
	return w
}

func (w asWorld) open(t *testing.T, name string) (competency.Cycle, int64) {
	t.Helper()
	ctx := context.Background()
	c, err := w.svc.OpenCycle(ctx, w.coord, w.lib.ID, competency.NewCycle{Name: name, FrameworkID: w.tree.Framework.ID, OpensOn: "2027-01-04", ClosesOn: "2027-06-30"})
	fwMust(t, err)
	mine, err := w.svc.MyAssessments(ctx, w.staff, w.lib.ID)
	fwMust(t, err)
	// Newest cycle first: the one just opened, with her assessment pending.
	if len(mine) == 0 || mine[0].CycleID != c.ID || mine[0].Status != competency.AssessmentPending {
		t.Fatalf("Sari's assessments after opening: %+v", mine)
	}
	return c, mine[0].ID
}

var pdf = []byte("%PDF-1.4\n1 0 obj\n<<>>\nendobj\n%%EOF\n")

func TestAssessmentReviewGapsAndVersioning(t *testing.T) {
	dbtest.Each(t, func(t *testing.T, d *db.DB) {
		ctx := context.Background()
		w := newAsWorld(t, d)
		c, aid := w.open(t, "Semester I 2027")
		if c.VersionID != w.tree.Version.ID || c.Total != 1 {
			t.Fatalf("cycle %+v: want version %d and one assessment", c, w.tree.Version.ID)
		}

		// A wrong file saves nothing, not even the good ratings beside it.
		err := w.svc.SaveRatings(ctx, w.staff, w.lib.ID, aid, competency.RoleSelf,
			[]competency.RatingInput{{CompetencyID: w.pk01, Level: 3}},
			[]competency.Upload{{CompetencyID: w.pk01, Name: "sertifikat.pdf", Content: []byte("<html><script>alert(1)</script>")}})
		if e := fwWantCode(t, err, apperr.Invalid); e.Problems[0].Key != "assessment.evidence_bad_type" || e.Problems[0].Field != competency.EvidenceField(w.pk01) {
			t.Errorf("html as pdf: %+v", e.Problems)
		}
		big := append(append([]byte{}, pdf...), make([]byte, competency.MaxEvidenceBytes)...)
		err = w.svc.SaveRatings(ctx, w.staff, w.lib.ID, aid, competency.RoleSelf,
			[]competency.RatingInput{{CompetencyID: w.pk01, Level: 3}}, []competency.Upload{{CompetencyID: w.pk01, Name: "besar.pdf", Content: big}})
		if e := fwWantCode(t, err, apperr.Invalid); e.Problems[0].Key != "assessment.evidence_too_large" {
			t.Errorf("6 MB pdf: %+v", e.Problems)
		}
		if n := fwCount(t, d, `SELECT COUNT(*) FROM assessment_ratings`) + fwCount(t, d, `SELECT COUNT(*) FROM assessment_files`); n != 0 {
			t.Fatalf("a refused form left %d rows", n)
		}

		// Sari rates herself with evidence; a coordinator cannot rate as her.
		self := []competency.RatingInput{{CompetencyID: w.pk01, Level: 3, Comment: "Rutin seleksi"}, {CompetencyID: w.lp02, Level: 4, EvidenceURL: "https://contoh.test/bukti"},
			{CompetencyID: w.ku02, Level: 3}}
		fwWantCode(t, w.svc.SaveRatings(ctx, w.coord, w.lib.ID, aid, competency.RoleSelf, self, nil), apperr.Forbidden)
		fwMust(t, w.svc.SaveRatings(ctx, w.staff, w.lib.ID, aid, competency.RoleSelf, self,
			[]competency.Upload{{CompetencyID: w.pk01, Name: "../../sertifikat.pdf", Content: pdf}}))
		fwWantCode(t, w.svc.SaveRatings(ctx, w.staff, w.lib.ID, aid, competency.RoleSupervisor, self, nil), apperr.Forbidden)

		// Before the review nothing is agreed: no gap, three "belum direview".
		g, err := w.svc.PersonGaps(ctx, w.staff, w.lib.ID, w.sari.ID, 0)
		fwMust(t, err)
		if g.Summary.NotReviewed != 3 || g.Summary.TotalGap != 0 {
			t.Errorf("before review: %+v", g.Summary)
		}

		// The review must cover every competency.
		err = w.svc.SaveRatings(ctx, w.coord, w.lib.ID, aid, competency.RoleSupervisor, []competency.RatingInput{{CompetencyID: w.pk01, Level: 2}}, nil)
		if e := fwWantCode(t, err, apperr.Invalid); len(e.Problems) != 2 || e.Problems[0].Key != "assessment.level_required" {
			t.Errorf("partial review: %+v", e.Problems)
		}
		fwMust(t, w.svc.SaveRatings(ctx, w.coord, w.lib.ID, aid, competency.RoleSupervisor, []competency.RatingInput{
			{CompetencyID: w.pk01, Level: 2}, {CompetencyID: w.lp02, Level: 4}, {CompetencyID: w.ku02, Level: 3}}, nil))

		// required 3/4/2, agreed 2/4/3: gap 1 in PK.01, met LP.02, surplus 1 in KU.02.
		wantRows := []string{"PK.01 req 3 self 3 agreed 2 gap 1 surplus 0", "LP.02 req 4 self 4 agreed 4 gap 0 surplus 0", "KU.02 req 2 self 3 agreed 3 gap 0 surplus 1"}
		before := gapShape(t, w, c.ID)
		fwSameShape(t, "gaps after review", before[:3], wantRows)

		h, err := w.svc.Heatmap(ctx, w.coord, w.lib.ID, c.ID, competency.HeatmapFilter{})
		fwMust(t, err)
		if len(h.Rows) != 1 || len(h.Columns) != 3 || h.Rows[0].TotalGap != 1 || len(h.CommonGaps) != 1 || h.CommonGaps[0].Code != "PK.01" {
			t.Errorf("heatmap: %+v", h)
		}
		_, err = w.svc.Heatmap(ctx, w.staff, w.lib.ID, c.ID, competency.HeatmapFilter{})
		fwWantCode(t, err, apperr.Forbidden)

		_, err = w.svc.CloseCycle(ctx, w.coord, w.lib.ID, c.ID)
		fwMust(t, err)
		_, err = w.svc.CloseCycle(ctx, w.coord, w.lib.ID, c.ID)
		fwWantCode(t, err, apperr.Conflict)
		fwWantCode(t, w.svc.SaveRatings(ctx, w.staff, w.lib.ID, aid, competency.RoleSelf, self, nil), apperr.Conflict)

		// A new version renames PK.01 and raises LP.02's requirement; Sari
		// also moves jenjang. The closed cycle's results do not move.
		draft, err := w.svc.Draft(ctx, w.admin, w.lib.ID, w.tree.Framework.ID)
		fwMust(t, err)
		dt, err := w.svc.Version(ctx, w.admin, w.lib.ID, draft.ID)
		fwMust(t, err)
		pk := *fwByCode(t, dt, "PK.01")
		pk.Title = "Judul baru yang lain"
		_, err = w.svc.UpdateCompetency(ctx, w.admin, w.lib.ID, pk)
		fwMust(t, err)
		fwMust(t, w.svc.SetRequirements(ctx, w.admin, w.lib.ID, draft.ID, "Pustakawan", "", []competency.RequirementCell{
			{CompetencyID: fwByCode(t, dt, "LP.02").ID, RequiredLevel: 5}}))
		_, err = w.svc.Publish(ctx, w.admin, w.lib.ID, draft.ID, "judul dan tingkat")
		fwMust(t, err)
		sari := w.sari
		sari.Level = "Ahli Muda"
		_, err = (&people.Service{DB: d}).Update(ctx, fwSuper, sari)
		fwMust(t, err)
		fwSameShape(t, "closed cycle after a new version", gapShape(t, w, c.ID), before)
	})
}

// gapShape is the person's gap table as lines, then the titles.
func gapShape(t *testing.T, w asWorld, cycleID int64) []string {
	t.Helper()
	g, err := w.svc.PersonGaps(context.Background(), w.staff, w.lib.ID, w.sari.ID, cycleID)
	fwMust(t, err)
	var out, titles []string
	for _, r := range g.Rows {
		out = append(out, strings.Join(strings.Fields(
			r.Code+" req "+itoa(r.Required)+" self "+itoa(r.Self)+" agreed "+itoa(r.Agreed)+" gap "+itoa(r.Gap.Gap)+" surplus "+itoa(r.Surplus)), " "))
		titles = append(titles, r.Title)
	}
	return append(out, titles...)
}

func itoa(n int) string { return strconv.Itoa(n) }

func TestAssessmentAccess(t *testing.T) {
	dbtest.Each(t, func(t *testing.T, d *db.DB) {
		ctx := context.Background()
		w := newAsWorld(t, d)
		other := newFwWorld(t, d, "Kota Kediri")
		_, aid := w.open(t, "Semester I 2027")
		_, err := w.svc.OpenCycle(ctx, w.staff, w.lib.ID, competency.NewCycle{Name: "X", FrameworkID: w.tree.Framework.ID, OpensOn: "2027-01-01", ClosesOn: "2027-02-01"})
		fwWantCode(t, err, apperr.Forbidden)
		_, err = w.svc.OpenCycle(ctx, w.coord, w.lib.ID, competency.NewCycle{Name: "Semester I 2027", FrameworkID: w.tree.Framework.ID, OpensOn: "2027-01-01", ClosesOn: "2027-02-01"})
		fwWantCode(t, err, apperr.Conflict)
		_, err = w.svc.OpenCycle(ctx, w.coord, w.lib.ID, competency.NewCycle{Name: "Y", FrameworkID: w.tree.Framework.ID, OpensOn: "2027-03-01", ClosesOn: "2027-02-01"})
		if e := fwWantCode(t, err, apperr.Invalid); e.Problems[0].Key != "assessment.closes_before_opens" {
			t.Errorf("closes before opens: %+v", e.Problems)
		}
		// Another library's coordinator sees nothing of it.
		_, err = w.svc.Sheet(ctx, other.coord, w.lib.ID, aid)
		fwWantCode(t, err, apperr.NotFound)
		_, err = w.svc.Sheet(ctx, other.coord, other.lib.ID, aid)
		fwWantCode(t, err, apperr.NotFound)
		// A colleague without a role beyond staff cannot read Sari's sheet.
		colleague := fwMember(t, d, w.lib.ID, "rekan@batu.test", auth.RoleStaff)
		_, err = w.svc.Sheet(ctx, colleague, w.lib.ID, aid)
		fwWantCode(t, err, apperr.Forbidden)
		_, err = w.svc.PersonGaps(ctx, colleague, w.lib.ID, w.sari.ID, 0)
		fwWantCode(t, err, apperr.Forbidden)
	})
}
