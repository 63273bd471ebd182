package web_test

import (
	"context"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/chromedp/chromedp"

	"github.com/bina-pustaka/bina/internal/browsertest"
	"github.com/bina-pustaka/bina/internal/competency"
	"github.com/bina-pustaka/bina/internal/dbtest"
)

// asmSetup sets what Pustakawan must master in library A's default
// framework: LP.01 at 3, PK.01 at 4, KU.02 at 2 (ids returned in that order).
func asmSetup(t *testing.T, a *app) (lp01, pk01, ku02 int64) {
	t.Helper()
	for _, c := range a.A.Framework.All() {
		switch c.Code {
		case "LP.01":
			lp01 = c.ID
		case "PK.01":
			pk01 = c.ID
		case "KU.02":
			ku02 = c.ID
		}
	}
	err := a.Svc.Competency.SetRequirements(context.Background(), a.system(), a.A.Library.ID, a.A.Framework.Version.ID, "Pustakawan", "",
		[]competency.RequirementCell{{CompetencyID: lp01, RequiredLevel: 3}, {CompetencyID: pk01, RequiredLevel: 4}, {CompetencyID: ku02, RequiredLevel: 2}})
	if err != nil {
		t.Fatal(err)
	}
	return lp01, pk01, ku02
}

// asmFile writes a file for the browser to upload.
func asmFile(t *testing.T, name string, content []byte) string {
	t.Helper()
	p := filepath.Join(t.TempDir(), name)
	if err := os.WriteFile(p, content, 0o600); err != nil {
		t.Fatal(err)
	}
	return p
}

// A coordinator opens a cycle; the librarian completes her self-assessment
// with a PDF as evidence; the coordinator reviews it, seeing the self
// ratings and the evidence, and sets the agreed levels; the librarian's
// gap chart and the library heatmap show those agreed levels.
func TestBrowserAssessmentJourney(t *testing.T) {
	a := newApp(t, dbtest.SQLite(t))
	lp01, pk01, ku02 := asmSetup(t, a)
	lib := fmt.Sprint(a.A.Library.ID)

	coord := newBrowser(t, browsertest.New(t), a.HTTP.URL)
	coord.login(a.A.CoordEmail)
	coord.follow("open the assessments from the menu", chromedp.Click(chromedp.CSS("#nav-cycles"), chromedp.NodeVisible))
	coord.do("fill in the new cycle",
		chromedp.WaitVisible(chromedp.CSS("#cycle-form")),
		chromedp.SendKeys(chromedp.CSS("#name"), "Semester I 2027"),
		chromedp.SetValue(chromedp.CSS("#framework_id"), fmt.Sprint(a.A.Framework.Framework.ID)),
		chromedp.SetValue(chromedp.CSS("#opens_on"), "2027-01-04"),
		chromedp.SetValue(chromedp.CSS("#closes_on"), "2027-06-30"),
	)
	if status := coord.follow("open the cycle", chromedp.Click(chromedp.CSS("#cycle-open"))); status != 200 {
		t.Fatalf("opening the cycle ended on %d", status)
	}
	if got, want := coord.text("#flash"), coord.msg("id", "assessment.cycle_opened"); got != want {
		t.Errorf("flash %q, want %q", got, want)
	}
	if got := coord.text("#cycle-name"); got != "Semester I 2027" {
		t.Errorf("cycle page heading %q", got)
	}
	cyclePath := coord.path()

	librarian := newBrowser(t, browsertest.New(t), a.HTTP.URL)
	librarian.login(a.A.StaffEmail)
	librarian.follow("open her assessments from the menu", chromedp.Click(chromedp.CSS("#nav-my-assessments"), chromedp.NodeVisible))
	librarian.follow("start the new cycle's self-assessment", chromedp.Click(chromedp.CSS(`#my-assessments tbody tr:first-child a[id^="self-"]`)))
	if got := librarian.text("#assessment-person"); got != a.A.Staff.Name {
		t.Errorf("self-assessment of %q, want %q", got, a.A.Staff.Name)
	}
	// The scale's descriptors are there to choose by.
	if got := librarian.text(chromedp.CSS(fmt.Sprintf(`label:has(#level_%d_3)`, lp01))); !strings.Contains(got, "Mampu mandiri") {
		t.Errorf("level 3 reads %q, want its name and descriptor", got)
	}
	evidence := asmFile(t, "sertifikat-katalogisasi.pdf", []byte("%PDF-1.4\n1 0 obj\n<<>>\nendobj\n%%EOF\n"))
	librarian.do("rate herself and attach evidence",
		chromedp.Click(chromedp.CSS(fmt.Sprintf("#level_%d_3", lp01))),
		chromedp.Click(chromedp.CSS(fmt.Sprintf("#level_%d_3", pk01))),
		chromedp.Click(chromedp.CSS(fmt.Sprintf("#level_%d_3", ku02))),
		chromedp.SendKeys(chromedp.CSS(fmt.Sprintf("#comment_%d", lp01)), "Mengatalog 300 judul per bulan"),
		chromedp.SetUploadFiles(chromedp.CSS(fmt.Sprintf("#evidence_%d", lp01)), []string{evidence}),
	)
	if status := librarian.follow("submit the self-assessment", chromedp.Click(chromedp.CSS("#assessment-save"))); status != 200 {
		t.Fatalf("submitting ended on %d", status)
	}
	if got, want := librarian.text("#flash"), librarian.msg("id", "assessment.self_saved"); got != want {
		t.Errorf("flash %q, want %q", got, want)
	}
	if got, want := librarian.text("#my-assessments tbody tr:first-child td:nth-child(3)"), librarian.msg("id", "assessment.status.submitted"); got != want {
		t.Errorf("status after submitting %q, want %q", got, want)
	}

	// The review: self ratings and the evidence are on the page.
	coord.follow("back to the cycle", chromedp.Navigate(coord.base+cyclePath))
	coord.follow("open the review", chromedp.Click(chromedp.CSS(fmt.Sprintf("#review-%d", a.A.Staff.ID))))
	if got := coord.text("#self-LP\\.01"); !strings.Contains(got, "3") || !strings.Contains(got, "Mengatalog 300 judul") {
		t.Errorf("the reviewer sees the self rating as %q", got)
	}
	if got := coord.text("#item-LP\\.01 .evidence-file"); got != "sertifikat-katalogisasi.pdf" {
		t.Errorf("evidence link %q", got)
	}
	coord.do("set the agreed levels",
		chromedp.Click(chromedp.CSS(fmt.Sprintf("#level_%d_2", lp01))),
		chromedp.Click(chromedp.CSS(fmt.Sprintf("#level_%d_4", pk01))),
		chromedp.Click(chromedp.CSS(fmt.Sprintf("#level_%d_3", ku02))),
	)
	if status := coord.follow("save the review", chromedp.Click(chromedp.CSS("#assessment-save"))); status != 200 {
		t.Fatalf("the review ended on %d", status)
	}
	if got, want := coord.text("#flash"), coord.msg("id", "assessment.review_saved"); got != want {
		t.Errorf("flash %q, want %q", got, want)
	}

	// Her gap chart: required 3/4/2, agreed 2/4/3 → gap 1, surplus 1.
	librarian.follow("open her gaps", chromedp.Navigate(librarian.base+"/libraries/"+lib+"/my-assessments"))
	librarian.follow("open her gaps", chromedp.Click(chromedp.CSS("#my-gaps")))
	for code, want := range map[string]string{"LP\\.01": "2", "PK\\.01": "4", "KU\\.02": "3"} {
		if got := librarian.text(chromedp.CSS("#gap-" + code + " .agreed")); got != want {
			t.Errorf("agreed level of %s on her gap page: %q, want %s", code, got, want)
		}
	}
	if got := librarian.text("#gap-total"); got != "1" {
		t.Errorf("total gap %q, want 1", got)
	}
	if !librarian.eval(`!!document.querySelector("#gap-radar #radar-agreed") && !!document.querySelector("#gap-radar #radar-required")`) {
		t.Errorf("the radar chart lacks the required or the agreed polygon")
	}
	browsertest.Screenshot(t, librarian.ctx, "assessment-gaps")

	// The library heatmap shows the same agreed levels and the common gap.
	coord.follow("open the heatmap", chromedp.Navigate(coord.base+cyclePath+"/heatmap"))
	row := fmt.Sprintf("#heat-row-%d", a.A.Staff.ID)
	if got := coord.text(chromedp.CSS(row + " td.heat-1")); got != "2" {
		t.Errorf("LP.01 cell %q, want the agreed 2 one level short", got)
	}
	if got := coord.text(chromedp.CSS(row + " .heat-total")); got != "1" {
		t.Errorf("heatmap total gap %q, want 1", got)
	}
	if got := coord.text("#common-gaps"); !strings.Contains(got, "LP.01") {
		t.Errorf("most common gaps %q, want LP.01", got)
	}
	browsertest.Screenshot(t, coord.ctx, "assessment-heatmap")
}

// A file of the wrong type or over 5 MB is refused beside its field with a
// clear message, and nothing of the form is saved.
func TestBrowserAssessmentEvidenceRefused(t *testing.T) {
	a := newApp(t, dbtest.SQLite(t))
	lp01, _, _ := asmSetup(t, a)
	before := asmCount(t, a)

	librarian := newBrowser(t, browsertest.New(t), a.HTTP.URL)
	librarian.login(a.A.StaffEmail)
	form := fmt.Sprintf("/libraries/%d/assessments/%d/self", a.A.Library.ID, a.A.Assessment)
	for _, c := range []struct {
		name, key string
		content   []byte
	}{
		{"sertifikat.pdf", "assessment.evidence_bad_type", []byte("<html><body>bukan pdf</body></html>")},
		{"pindaian.pdf", "assessment.evidence_too_large", append([]byte("%PDF-1.4\n"), make([]byte, 6<<20)...)},
	} {
		librarian.follow("open the self-assessment", chromedp.Navigate(librarian.base+form))
		librarian.do("rate and attach "+c.name,
			chromedp.Click(chromedp.CSS(fmt.Sprintf("#level_%d_4", lp01))),
			chromedp.SendKeys(chromedp.CSS(fmt.Sprintf("#comment_%d", lp01)), "Komentar yang tidak boleh tersimpan"),
			chromedp.SetUploadFiles(chromedp.CSS(fmt.Sprintf("#evidence_%d", lp01)), []string{asmFile(t, c.name, c.content)}),
		)
		if status := librarian.follow("submit "+c.name, chromedp.Click(chromedp.CSS("#assessment-save"))); status != 422 {
			t.Errorf("%s: status %d, want 422", c.name, status)
		}
		if got, want := librarian.text(chromedp.CSS(fmt.Sprintf("#evidence_%d-error", lp01))), librarian.msgArgs("id", c.key); got != want {
			t.Errorf("%s: message %q, want %q", c.name, got, want)
		}
		if got := librarian.value(chromedp.CSS(fmt.Sprintf("#comment_%d", lp01))); got != "Komentar yang tidak boleh tersimpan" {
			t.Errorf("%s: the comment was lost: %q", c.name, got)
		}
		if after := asmCount(t, a); after != before {
			t.Errorf("%s: ratings+files went from %d to %d", c.name, before, after)
		}
	}
}

// msgArgs is msg with the evidence size limit filled in.
func (b *browser) msgArgs(lang, key string) string {
	b.t.Helper()
	b.msg(lang, key)
	return b.msgs.T(lang, key, map[string]any{"MaxMB": competency.MaxEvidenceBytes >> 20})
}

func asmCount(t *testing.T, a *app) int {
	t.Helper()
	var n int
	err := a.DB.Reader().QueryRowContext(context.Background(), `SELECT (SELECT COUNT(*) FROM assessment_ratings) + (SELECT COUNT(*) FROM assessment_files)`).Scan(&n)
	if err != nil {
		t.Fatal(err)
	}
	return n
}
