package web_test

import (
	"bytes"
	"context"
	"fmt"
	"io"
	"net/http"
	"strings"
	"testing"

	"github.com/ledongthuc/pdf"

	"github.com/bina-pustaka/bina/internal/competency"
	"github.com/bina-pustaka/bina/internal/db"
	"github.com/bina-pustaka/bina/internal/dbtest"
)

// asmReview sets the supervisor's agreed levels on the harness assessment
// of tenant A: LP.01 2 (gap 1), PK.01 1 (gap 3), KU.02 3 (surplus 1).
func asmReview(t *testing.T, a *app) (lp01, pk01, ku02 int64) {
	t.Helper()
	lp01, pk01, ku02 = asmSetup(t, a)
	err := a.Svc.Competency.SaveRatings(context.Background(), a.system(), a.A.Library.ID, a.A.Assessment, competency.RoleSupervisor,
		[]competency.RatingInput{{CompetencyID: lp01, Level: 2}, {CompetencyID: pk01, Level: 1}, {CompetencyID: ku02, Level: 3}}, nil)
	if err != nil {
		t.Fatal(err)
	}
	return lp01, pk01, ku02
}

// pdfText extracts a PDF's text with spaces collapsed, and its page count.
func pdfText(t *testing.T, body string) (string, int) {
	t.Helper()
	b := []byte(body)
	r, err := pdf.NewReader(bytes.NewReader(b), int64(len(b)))
	if err != nil {
		t.Fatalf("the PDF does not open: %v", err)
	}
	tr, err := r.GetPlainText()
	if err != nil {
		t.Fatal(err)
	}
	raw, _ := io.ReadAll(tr)
	return strings.Join(strings.Fields(string(raw)), " "), r.NumPage()
}

// The librarian downloads her one-page profile: her name, every required
// competency with its required and agreed levels, the total gap; a
// colleague without assessment:view cannot.
func TestGapProfilePDF(t *testing.T) {
	dbtest.Each(t, func(t *testing.T, d *db.DB) {
		a := newApp(t, d)
		asmReview(t, a)
		path := fmt.Sprintf("/libraries/%d/staff/%d/gaps/pdf", a.A.Library.ID, a.A.Staff.ID)
		staff := a.login(a.A.StaffEmail)
		if res := staff.get(fmt.Sprintf("/libraries/%d/staff/%d/gaps", a.A.Library.ID, a.A.Staff.ID)); !strings.Contains(res.Body, `id="gap-pdf"`) {
			t.Errorf("the gap page does not link the PDF: %d", res.StatusCode)
		}
		res := staff.get(path)
		if res.StatusCode != http.StatusOK || res.Header.Get("Content-Type") != "application/pdf" {
			t.Fatalf("pdf: %d %q", res.StatusCode, res.Header.Get("Content-Type"))
		}
		text, pages := pdfText(t, res.Body)
		if pages != 1 {
			t.Errorf("%d pages, want one", pages)
		}
		for _, want := range []string{a.A.Staff.Name, a.A.Library.Name, "Profil Kompetensi", "Semester II 2026", "Total kesenjangan: 4"} {
			if !strings.Contains(text, want) {
				t.Errorf("the PDF lacks %q: %s", want, text)
			}
		}
		// Each table row: code and title, then required, agreed, gap, surplus.
		compact := strings.ReplaceAll(text, " ", "")
		for code, levels := range map[string]string{"LP.01": "3210", "PK.01": "4130", "KU.02": "2301"} {
			var title string
			for _, c := range a.A.Framework.All() {
				if c.Code == code {
					title = c.Title
				}
			}
			if want := strings.ReplaceAll(code+title, " ", "") + levels; !strings.Contains(compact, want) {
				t.Errorf("the PDF lacks the row %q: %s", want, text)
			}
		}
		res = a.login(a.A.CoordEmail).get(path + "?lang=en")
		if en, _ := pdfText(t, res.Body); res.StatusCode != http.StatusOK || !strings.Contains(en, a.A.Staff.Name) {
			t.Errorf("the coordinator's PDF: %d", res.StatusCode)
		}
		other := a.login(a.B.StaffEmail)
		if res := other.get(path); res.StatusCode != http.StatusForbidden && res.StatusCode != http.StatusNotFound {
			t.Errorf("another library's librarian got the PDF: %d", res.StatusCode)
		}
	})
}
