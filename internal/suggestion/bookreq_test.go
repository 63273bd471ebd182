package suggestion_test

import (
	"context"
	"fmt"
	"strings"
	"sync"
	"testing"

	"github.com/bina-pustaka/bina/internal/apperr"
	"github.com/bina-pustaka/bina/internal/db"
	"github.com/bina-pustaka/bina/internal/dbtest"
	"github.com/bina-pustaka/bina/internal/suggestion"
)

func ask(t *testing.T, w *world, libraryID int64, title, author, isbn string) suggestion.Receipt {
	t.Helper()
	rc, err := w.svc.RequestBook(context.Background(), suggestion.NewBookRequest{LibraryID: libraryID, Title: title, Author: author, ISBN: isbn, ClientIP: "10.1.0.1"})
	if err != nil {
		t.Fatalf("ask for %q: %v", title, err)
	}
	return rc
}

func TestSameBookAskedTwiceIsOneRequest(t *testing.T) {
	dbtest.Each(t, func(t *testing.T, d *db.DB) {
		w := newWorld(t, d)
		ctx := context.Background()

		// By ISBN: the ISBN-10 and ISBN-13 of one book are the same book.
		first := ask(t, w, w.lib.ID, "Laskar Pelangi", "", "979-3062-79-7")
		second := ask(t, w, w.lib.ID, "Laskar pelangi (cetakan ke-20)", "Andrea Hirata", "9789793062792")
		if first.Merged || !second.Merged || first.Request.ID != second.Request.ID || second.Request.Demand != 2 {
			t.Fatalf("ISBN asks: first %+v, second %+v", first, second)
		}
		if first.Code == second.Code {
			t.Fatal("two asks share one tracking code")
		}
		// The first title stays; a blank author is filled by the later ask.
		if r := second.Request; r.Title != "Laskar Pelangi" || r.Author != "Andrea Hirata" || r.ISBN != "9789793062792" {
			t.Errorf("merged request: %+v", r)
		}

		// Without an ISBN: title and author, however written.
		a := ask(t, w, w.lib.ID, "Bumi Manusia", "Pramoedya Ananta Toer", "")
		b := ask(t, w, w.lib.ID, "  bumi manusia! ", "Toer, Pramoedya Ananta", "")
		if a.Request.ID != b.Request.ID || b.Request.Demand != 2 || !b.Merged {
			t.Fatalf("title asks: %+v / %+v", a.Request, b.Request)
		}
		// The same title by another author is another book.
		c := ask(t, w, w.lib.ID, "Bumi Manusia", "Hanung Bramantyo", "")
		if c.Request.ID == a.Request.ID {
			t.Fatal("another author's book merged")
		}
		// A patron who does not know the ISBN joins the request that has one.
		e := ask(t, w, w.lib.ID, "laskar pelangi", "Andrea Hirata", "")
		if e.Request.ID != first.Request.ID || e.Request.Demand != 3 {
			t.Fatalf("ISBN-less ask for an ISBN request: %+v", e.Request)
		}
		// Another library keeps its own count.
		o := ask(t, w, w.other.ID, "Laskar Pelangi", "Andrea Hirata", "9789793062792")
		if o.Request.ID == first.Request.ID || o.Request.Demand != 1 || o.Merged {
			t.Fatalf("other library's ask: %+v", o)
		}

		if n := count(t, d, `SELECT COUNT(*) FROM book_requests WHERE library_id = ?`, w.lib.ID); n != 3 {
			t.Errorf("%d requests, want 3", n)
		}
		// Every code shows the request it joined.
		for _, rc := range []suggestion.Receipt{first, second, e} {
			br, err := w.svc.RequestStatus(ctx, w.lib.ID, suggestion.FormatCode(rc.Code))
			must(t, err)
			if br.ID != first.Request.ID || br.Demand != 3 || br.Status != suggestion.RequestReceived {
				t.Errorf("status by code %s: %+v", rc.Code, br)
			}
		}
	})
}

func TestConcurrentAsksForOneBookCountEveryOne(t *testing.T) {
	dbtest.Each(t, func(t *testing.T, d *db.DB) {
		w := newWorld(t, d)
		const n = 20
		var wg sync.WaitGroup
		errs := make(chan error, n)
		for i := 0; i < n; i++ {
			wg.Add(1)
			go func(i int) {
				defer wg.Done()
				_, err := w.svc.RequestBook(context.Background(), suggestion.NewBookRequest{LibraryID: w.lib.ID,
					Title: "Cantik Itu Luka", Author: "Eka Kurniawan", ISBN: "978-602-03-3125-6", ClientIP: fmt.Sprintf("10.2.0.%d", i)})
				errs <- err
			}(i)
		}
		wg.Wait()
		close(errs)
		for err := range errs {
			must(t, err)
		}
		if rows := count(t, d, `SELECT COUNT(*) FROM book_requests WHERE library_id = ?`, w.lib.ID); rows != 1 {
			t.Fatalf("%d rows for one book, want 1", rows)
		}
		if demand := count(t, d, `SELECT demand FROM book_requests WHERE library_id = ?`, w.lib.ID); demand != n {
			t.Fatalf("demand %d, want %d", demand, n)
		}
		if codes := count(t, d, `SELECT COUNT(DISTINCT tracking_code) FROM book_request_requesters WHERE library_id = ?`, w.lib.ID); codes != n {
			t.Fatalf("%d tracking codes, want %d", codes, n)
		}
	})
}

func TestBookRequestFormIsChecked(t *testing.T) {
	dbtest.Each(t, func(t *testing.T, d *db.DB) {
		w := newWorld(t, d)
		ctx := context.Background()
		for _, tc := range []struct {
			in         suggestion.NewBookRequest
			field, key string
		}{
			{suggestion.NewBookRequest{Title: " "}, "title", "field.required"},
			{suggestion.NewBookRequest{Title: "?!"}, "title", "field.required"},
			{suggestion.NewBookRequest{Title: strings.Repeat("a", suggestion.MaxTitle+1)}, "title", "field.too_long"},
			{suggestion.NewBookRequest{Title: "Ok", ISBN: "978-602-03-3125-7"}, "isbn", "book_request.isbn_checksum"},
			{suggestion.NewBookRequest{Title: "Ok", ISBN: "12345"}, "isbn", "book_request.isbn_format"},
			{suggestion.NewBookRequest{Title: "Ok", Year: "dua ribu"}, "year", "book_request.bad_year"},
			{suggestion.NewBookRequest{Title: "Ok", Year: "3020"}, "year", "book_request.bad_year"},
			{suggestion.NewBookRequest{Title: "Ok", Contact: strings.Repeat("x", 201)}, "contact", "field.too_long"},
		} {
			tc.in.LibraryID, tc.in.ClientIP = w.lib.ID, "10.3.0.1"
			_, err := w.svc.RequestBook(ctx, tc.in)
			wantProblem(t, err, tc.field, tc.key)
		}
		_, err := w.svc.RequestBook(ctx, suggestion.NewBookRequest{LibraryID: w.lib.ID, Title: "Ok", Honeypot: "x", ClientIP: "10.3.0.1"})
		wantCode(t, err, apperr.Invalid)
		_, err = w.svc.RequestBook(ctx, suggestion.NewBookRequest{LibraryID: 999999, Title: "Ok", ClientIP: "10.3.0.1"})
		wantCode(t, err, apperr.NotFound)
		if n := count(t, d, `SELECT COUNT(*) FROM book_requests`); n != 0 {
			t.Fatalf("%d requests stored from refused forms", n)
		}
		rc, err := w.svc.RequestBook(ctx, suggestion.NewBookRequest{LibraryID: w.lib.ID, Title: "Gadis Kretek", Author: "Ratih Kumala",
			Publisher: "Gramedia", Year: "2012", Contact: "ratih@contoh.test", ClientIP: "10.3.0.1"})
		must(t, err)
		if r := rc.Request; r.Year == nil || *r.Year != 2012 || r.Publisher != "Gramedia" || r.ISBN != "" {
			t.Errorf("stored %+v", r)
		}
	})
}

func TestRequesterSeesTheDecisionByCode(t *testing.T) {
	dbtest.Each(t, func(t *testing.T, d *db.DB) {
		w := newWorld(t, d)
		ctx := context.Background()
		rc := ask(t, w, w.lib.ID, "Harry Potter dan Batu Bertuah", "J.K. Rowling", "")

		_, err := w.svc.SetBookRequestStatus(ctx, w.coord, w.lib.ID, rc.Request.ID, suggestion.RequestRefused, " ")
		wantProblem(t, err, "reason", "book_request.reason_required")
		_, err = w.svc.SetBookRequestStatus(ctx, w.coord, w.lib.ID, rc.Request.ID, "hilang", "")
		wantProblem(t, err, "status", "book_request.bad_status")
		_, err = w.svc.SetBookRequestStatus(ctx, w.staff, w.lib.ID, rc.Request.ID, suggestion.RequestOrdered, "")
		wantCode(t, err, apperr.Forbidden)
		_, err = w.svc.SetBookRequestStatus(ctx, w.otherAdmin, w.other.ID, rc.Request.ID, suggestion.RequestOrdered, "")
		wantCode(t, err, apperr.NotFound)

		_, err = w.svc.SetBookRequestStatus(ctx, w.coord, w.lib.ID, rc.Request.ID, suggestion.RequestRefused, "Sudah ada 12 eksemplar di layanan anak.")
		must(t, err)
		br, err := w.svc.RequestStatus(ctx, w.lib.ID, strings.ToLower(suggestion.FormatCode(rc.Code)))
		must(t, err)
		if br.Status != suggestion.RequestRefused || br.Reason != "Sudah ada 12 eksemplar di layanan anak." {
			t.Fatalf("requester sees %+v", br)
		}
		// Changing the decision clears the reason.
		br, err = w.svc.SetBookRequestStatus(ctx, w.coord, w.lib.ID, rc.Request.ID, suggestion.RequestOrdered, "ignored")
		must(t, err)
		if br.Reason != "" || br.Status != suggestion.RequestOrdered {
			t.Errorf("after ordering: %+v", br)
		}
		if acts := auditActions(t, d, w.lib.ID, w.coord.UserID); strings.Join(acts, ",") != "book_request.status,book_request.status" {
			t.Errorf("audit: %v", acts)
		}

		// The code works only in its own library, and only whole.
		_, err = w.svc.RequestStatus(ctx, w.other.ID, rc.Code)
		wantCode(t, err, apperr.NotFound)
		_, err = w.svc.RequestStatus(ctx, w.lib.ID, rc.Code[:11])
		wantCode(t, err, apperr.NotFound)
	})
}

func TestListsPutTheMostRequestedFirst(t *testing.T) {
	dbtest.Each(t, func(t *testing.T, d *db.DB) {
		w := newWorld(t, d)
		ctx := context.Background()
		asks := map[string]int{"Negeri 5 Menara": 1, "Pulang": 4, "Laut Bercerita": 3, "Hujan": 2}
		ids := map[string]int64{}
		for title, n := range asks {
			for i := 0; i < n; i++ {
				ids[title] = ask(t, w, w.lib.ID, title, "", "").Request.ID
			}
		}
		ask(t, w, w.other.ID, "Pulang", "", "")

		page, err := w.svc.ListBookRequests(ctx, w.coord, suggestion.RequestFilter{LibraryID: w.lib.ID})
		must(t, err)
		var got []string
		for _, r := range page.Items {
			got = append(got, fmt.Sprintf("%s:%d", r.Title, r.Demand))
		}
		if strings.Join(got, ",") != "Pulang:4,Laut Bercerita:3,Hujan:2,Negeri 5 Menara:1" || page.Total != 4 {
			t.Fatalf("list order: %v (total %d)", got, page.Total)
		}

		_, err = w.svc.SetBookRequestStatus(ctx, w.admin, w.lib.ID, ids["Pulang"], suggestion.RequestAvailable, "")
		must(t, err)
		_, err = w.svc.SetBookRequestStatus(ctx, w.admin, w.lib.ID, ids["Hujan"], suggestion.RequestOrdered, "")
		must(t, err)
		page, err = w.svc.ListBookRequests(ctx, w.coord, suggestion.RequestFilter{LibraryID: w.lib.ID, Status: suggestion.RequestOrdered})
		must(t, err)
		if page.Total != 1 || len(page.Items) != 1 || page.Items[0].Title != "Hujan" || page.ByStatus[suggestion.RequestReceived] != 2 {
			t.Errorf("filtered by dipesan: %+v", page)
		}
		_, err = w.svc.ListBookRequests(ctx, w.coord, suggestion.RequestFilter{LibraryID: w.lib.ID, Status: "x"})
		wantProblem(t, err, "status", "book_request.bad_status")

		// The dashboard's list: open requests only, most asked first.
		top, err := w.svc.MostRequested(ctx, w.admin, w.lib.ID, 2)
		must(t, err)
		if len(top) != 2 || top[0].Title != "Laut Bercerita" || top[1].Title != "Hujan" {
			t.Errorf("most requested: %+v", top)
		}
		_, err = w.svc.MostRequested(ctx, w.staff, w.lib.ID, 5)
		wantCode(t, err, apperr.Forbidden)
		_, err = w.svc.MostRequested(ctx, w.otherAdmin, w.lib.ID, 5)
		wantCode(t, err, apperr.NotFound)
	})
}

func TestStaffMergeWhatTheMatcherMissed(t *testing.T) {
	dbtest.Each(t, func(t *testing.T, d *db.DB) {
		w := newWorld(t, d)
		ctx := context.Background()
		// A typo and a missing ISBN keep two asks for one book apart.
		target := ask(t, w, w.lib.ID, "Perahu Kertas", "Dee Lestari", "")
		src1 := ask(t, w, w.lib.ID, "Perahu Kertass", "Dee", "978-602-8811-24-8")
		src2 := ask(t, w, w.lib.ID, "Perahu Kertass", "Dee", "9786028811248")
		if src1.Request.ID != src2.Request.ID || src1.Request.ID == target.Request.ID {
			t.Fatalf("setup: %+v %+v %+v", target.Request, src1.Request, src2.Request)
		}
		_, err := w.svc.RequestBook(ctx, suggestion.NewBookRequest{LibraryID: w.lib.ID, Title: "Perahu Kertas", ISBN: "978-602-8811-24-8", Contact: "dee@contoh.test", ClientIP: "1.1.1.1"})
		must(t, err)

		_, err = w.svc.MergeBookRequests(ctx, w.admin, w.lib.ID, src1.Request.ID, src1.Request.ID)
		wantProblem(t, err, "into", "book_request.merge_self")
		other := ask(t, w, w.other.ID, "Perahu Kertas", "Dee Lestari", "")
		_, err = w.svc.MergeBookRequests(ctx, w.admin, w.lib.ID, src1.Request.ID, other.Request.ID)
		wantProblem(t, err, "into", "book_request.merge_unknown")
		_, err = w.svc.MergeBookRequests(ctx, w.staff, w.lib.ID, src1.Request.ID, target.Request.ID)
		wantCode(t, err, apperr.Forbidden)
		_, err = w.svc.MergeBookRequests(ctx, w.otherAdmin, w.other.ID, src1.Request.ID, other.Request.ID)
		wantCode(t, err, apperr.NotFound)

		merged, err := w.svc.MergeBookRequests(ctx, w.admin, w.lib.ID, src1.Request.ID, target.Request.ID)
		must(t, err)
		if merged.ID != target.Request.ID || merged.Demand != 4 || merged.ISBN != "9786028811248" || merged.Title != "Perahu Kertas" {
			t.Fatalf("merged: %+v", merged)
		}
		if _, err := w.svc.GetBookRequest(ctx, w.admin, w.lib.ID, src1.Request.ID); apperr.CodeOf(err) != apperr.NotFound {
			t.Errorf("the source is still there: %v", err)
		}
		// The source's requesters follow the target with their own codes.
		br, err := w.svc.RequestStatus(ctx, w.lib.ID, src1.Code)
		must(t, err)
		if br.ID != target.Request.ID || br.Demand != 4 {
			t.Errorf("source's code shows %+v", br)
		}
		// The target took the ISBN, so the next ask by ISBN finds it.
		next := ask(t, w, w.lib.ID, "Perahu", "", "9786028811248")
		if next.Request.ID != target.Request.ID || next.Request.Demand != 5 {
			t.Errorf("ask after merge: %+v", next.Request)
		}
		// Contacts moved too, and reading them is logged.
		contacts, err := w.svc.BookRequestContacts(ctx, w.admin, w.lib.ID, target.Request.ID)
		must(t, err)
		if len(contacts) != 1 || contacts[0].Contact != "dee@contoh.test" {
			t.Errorf("contacts: %+v", contacts)
		}
		_, err = w.svc.BookRequestContacts(ctx, w.staff, w.lib.ID, target.Request.ID)
		wantCode(t, err, apperr.Forbidden)
		if acts := auditActions(t, d, w.lib.ID, w.admin.UserID); strings.Join(acts, ",") != "book_request.merge,book_request.contact_view" {
			t.Errorf("audit: %v", acts)
		}
	})
}
