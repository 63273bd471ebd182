package suggestion_test

import (
	"context"
	"fmt"
	"strings"
	"testing"
	"time"

	"github.com/bina-pustaka/bina/internal/apperr"
	"github.com/bina-pustaka/bina/internal/db"
	"github.com/bina-pustaka/bina/internal/dbtest"
	"github.com/bina-pustaka/bina/internal/suggestion"
)

func TestSuggestionBoxFromPatronToStaff(t *testing.T) {
	dbtest.Each(t, func(t *testing.T, d *db.DB) {
		w := newWorld(t, d)
		ctx := context.Background()
		anon, err := w.svc.Submit(ctx, suggestion.NewSuggestion{LibraryID: w.lib.ID, Body: "  Tolong tambah jam buka hari Sabtu.  ", ClientIP: "10.0.0.1"})
		must(t, err)
		signed, err := w.svc.Submit(ctx, suggestion.NewSuggestion{LibraryID: w.lib.ID, ServicePointID: &w.point.ID,
			Body: "Rak buku anak terlalu tinggi.", Contact: "0812-3456-7890", ClientIP: "10.0.0.1"})
		must(t, err)
		if anon.Status != suggestion.SuggestionNew || anon.Body != "Tolong tambah jam buka hari Sabtu." || anon.HasContact {
			t.Fatalf("anonymous suggestion stored as %+v", anon)
		}

		page, err := w.svc.ListSuggestions(ctx, w.coord, suggestion.SuggestionFilter{LibraryID: w.lib.ID})
		must(t, err)
		if page.Total != 2 || len(page.Items) != 2 || page.Items[0].ID != signed.ID || page.ByStatus[suggestion.SuggestionNew] != 2 {
			t.Fatalf("list: %+v", page)
		}
		first := page.Items[0]
		if first.ServicePointName != "Layanan Anak" || !first.HasContact || first.Contact != "" {
			t.Errorf("the list shows %+v: want the service point, a has-contact flag and no contact", first)
		}

		// The contact is revealed on purpose, and the reading is logged.
		contact, err := w.svc.SuggestionContact(ctx, w.coord, w.lib.ID, signed.ID)
		must(t, err)
		if contact != "0812-3456-7890" {
			t.Errorf("contact = %q", contact)
		}
		if got := auditActions(t, d, w.lib.ID, w.coord.UserID); len(got) != 1 || got[0] != "suggestion.contact_view" {
			t.Errorf("audit after reading the contact: %v", got)
		}
		// No contact, nothing to log.
		if c, err := w.svc.SuggestionContact(ctx, w.coord, w.lib.ID, anon.ID); err != nil || c != "" {
			t.Errorf("anonymous contact: %q, %v", c, err)
		}
		if got := auditActions(t, d, w.lib.ID, w.coord.UserID); len(got) != 1 {
			t.Errorf("reading an empty contact was logged: %v", got)
		}

		// A librarian without the role sees neither the box nor contacts.
		_, err = w.svc.ListSuggestions(ctx, w.staff, suggestion.SuggestionFilter{LibraryID: w.lib.ID})
		wantCode(t, err, apperr.Forbidden)
		_, err = w.svc.SuggestionContact(ctx, w.staff, w.lib.ID, signed.ID)
		wantCode(t, err, apperr.Forbidden)
		// Another library's admin cannot reach it at all.
		_, err = w.svc.GetSuggestion(ctx, w.otherAdmin, w.lib.ID, signed.ID)
		wantCode(t, err, apperr.NotFound)
		_, err = w.svc.GetSuggestion(ctx, w.otherAdmin, w.other.ID, signed.ID)
		wantCode(t, err, apperr.NotFound)

		// Follow-up: read, then acted on with an internal note.
		_, err = w.svc.SetSuggestionStatus(ctx, w.admin, w.lib.ID, signed.ID, suggestion.SuggestionRead, "")
		must(t, err)
		got, err := w.svc.SetSuggestionStatus(ctx, w.admin, w.lib.ID, signed.ID, suggestion.SuggestionFollowUp, "Rak diganti bulan depan.")
		must(t, err)
		if got.Status != suggestion.SuggestionFollowUp || got.Note != "Rak diganti bulan depan." {
			t.Errorf("after follow-up: %+v", got)
		}
		if acts := auditActions(t, d, w.lib.ID, w.admin.UserID); strings.Join(acts, ",") != "suggestion.status,suggestion.status" {
			t.Errorf("audit of follow-up: %v", acts)
		}
		_, err = w.svc.SetSuggestionStatus(ctx, w.admin, w.lib.ID, signed.ID, "selesai", "")
		wantProblem(t, err, "status", "suggestion.bad_status")
		_, err = w.svc.SetSuggestionStatus(ctx, w.staff, w.lib.ID, signed.ID, suggestion.SuggestionArchived, "")
		wantCode(t, err, apperr.Forbidden)
		_, err = w.svc.SetSuggestionStatus(ctx, w.otherAdmin, w.other.ID, signed.ID, suggestion.SuggestionArchived, "")
		wantCode(t, err, apperr.NotFound)

		page, err = w.svc.ListSuggestions(ctx, w.admin, suggestion.SuggestionFilter{LibraryID: w.lib.ID, Status: suggestion.SuggestionNew})
		must(t, err)
		if page.Total != 1 || len(page.Items) != 1 || page.Items[0].ID != anon.ID {
			t.Errorf("filter by baru: %+v", page)
		}
		// The other library's box is its own.
		page, err = w.svc.ListSuggestions(ctx, w.otherAdmin, suggestion.SuggestionFilter{LibraryID: w.other.ID})
		must(t, err)
		if page.Total != 0 {
			t.Errorf("other library sees %d suggestions", page.Total)
		}
	})
}

func TestSuggestionFormIsChecked(t *testing.T) {
	dbtest.Each(t, func(t *testing.T, d *db.DB) {
		w := newWorld(t, d)
		ctx := context.Background()
		_, err := w.svc.Submit(ctx, suggestion.NewSuggestion{LibraryID: w.lib.ID, Body: "Beli obat kuat murah", Honeypot: "http://spam.test", ClientIP: "10.0.0.2"})
		wantCode(t, err, apperr.Invalid)
		_, err = w.svc.Submit(ctx, suggestion.NewSuggestion{LibraryID: w.lib.ID, Body: "   ", ClientIP: "10.0.0.2"})
		wantProblem(t, err, "body", "field.required")
		_, err = w.svc.Submit(ctx, suggestion.NewSuggestion{LibraryID: w.lib.ID, Body: strings.Repeat("é", suggestion.MaxBody+1), ClientIP: "10.0.0.2"})
		wantProblem(t, err, "body", "field.too_long")
		_, err = w.svc.Submit(ctx, suggestion.NewSuggestion{LibraryID: w.lib.ID, Body: "ok", Contact: strings.Repeat("x", 201), ClientIP: "10.0.0.2"})
		wantProblem(t, err, "contact", "field.too_long")
		// Another library's service point is not one of this library's.
		_, err = w.svc.Submit(ctx, suggestion.NewSuggestion{LibraryID: w.lib.ID, ServicePointID: &w.otherPoint.ID, Body: "ok", ClientIP: "10.0.0.2"})
		wantProblem(t, err, "service_point_id", "suggestion.unknown_service_point")
		_, err = w.svc.Submit(ctx, suggestion.NewSuggestion{LibraryID: 999999, Body: "ok", ClientIP: "10.0.0.2"})
		wantCode(t, err, apperr.NotFound)
		if n := count(t, d, `SELECT COUNT(*) FROM suggestions`); n != 0 {
			t.Fatalf("%d suggestions stored from refused forms", n)
		}
		// Exactly the limit is fine.
		_, err = w.svc.Submit(ctx, suggestion.NewSuggestion{LibraryID: w.lib.ID, Body: strings.Repeat("é", suggestion.MaxBody), ClientIP: "10.0.0.2"})
		must(t, err)
	})
}

func TestPublicFormsAreRateLimitedPerAddress(t *testing.T) {
	d := dbtest.SQLite(t)
	w := newWorld(t, d)
	ctx := context.Background()
	now := time.Date(2026, 11, 21, 9, 10, 0, 0, time.UTC)
	w.svc.Now = func() time.Time { return now }
	for i := 0; i < suggestion.SubmitRateLimit; i++ {
		_, err := w.svc.Submit(ctx, suggestion.NewSuggestion{LibraryID: w.lib.ID, Body: fmt.Sprintf("saran %d", i), ClientIP: "10.0.0.3"})
		must(t, err)
	}
	_, err := w.svc.Submit(ctx, suggestion.NewSuggestion{LibraryID: w.lib.ID, Body: "satu lagi", ClientIP: "10.0.0.3"})
	wantCode(t, err, apperr.RateLimited)
	// Another address, and the book form, are counted apart.
	_, err = w.svc.Submit(ctx, suggestion.NewSuggestion{LibraryID: w.lib.ID, Body: "dari alamat lain", ClientIP: "10.0.0.4"})
	must(t, err)
	_, err = w.svc.RequestBook(ctx, suggestion.NewBookRequest{LibraryID: w.lib.ID, Title: "Laskar Pelangi", ClientIP: "10.0.0.3"})
	must(t, err)
	// The next hour starts again.
	now = now.Add(time.Hour)
	_, err = w.svc.Submit(ctx, suggestion.NewSuggestion{LibraryID: w.lib.ID, Body: "jam berikutnya", ClientIP: "10.0.0.3"})
	must(t, err)
}
