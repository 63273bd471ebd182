package audit_test

import (
	"context"
	"fmt"
	"reflect"
	"testing"
	"time"

	"github.com/bina-pustaka/bina/internal/apperr"
	"github.com/bina-pustaka/bina/internal/audit"
	"github.com/bina-pustaka/bina/internal/auth"
	"github.com/bina-pustaka/bina/internal/db"
	"github.com/bina-pustaka/bina/internal/dbtest"
)

var super = &auth.Actor{Name: "Super", Superadmin: true}

func addLibrary(t *testing.T, d *db.DB, name string) int64 {
	t.Helper()
	ctx := context.Background()
	now := db.Now()
	var id int64
	err := d.InTx(ctx, func(tx *db.Tx) error {
		return tx.QueryRowContext(ctx, `INSERT INTO libraries (name, city, province, time_zone, created_at, updated_at)
			VALUES (?, ?, ?, ?, ?, ?) RETURNING id`, name, "Kota", "Provinsi", "Asia/Jakarta", now, now).Scan(&id)
	})
	if err != nil {
		t.Fatal(err)
	}
	return id
}

func addUser(t *testing.T, d *db.DB, email string) int64 {
	t.Helper()
	ctx := context.Background()
	now := db.Now()
	var id int64
	err := d.InTx(ctx, func(tx *db.Tx) error {
		return tx.QueryRowContext(ctx, `INSERT INTO users (email, name, password_hash, created_at, updated_at)
			VALUES (?, ?, ?, ?, ?) RETURNING id`, email, email, "x", now, now).Scan(&id)
	})
	if err != nil {
		t.Fatal(err)
	}
	return id
}

// record writes one entry in its own transaction, as a service would.
func record(t *testing.T, d *db.DB, actor audit.Actor, libraryID int64, action string, entityID int64, summary string, changes audit.Changes) {
	t.Helper()
	ctx := context.Background()
	err := d.InTx(ctx, func(tx *db.Tx) error {
		return audit.Record(ctx, tx, actor, libraryID, action, "staff", entityID, summary, changes)
	})
	if err != nil {
		t.Fatalf("record %s: %v", action, err)
	}
}

func summaries(es []audit.Entry) []string {
	out := []string{}
	for _, e := range es {
		out = append(out, e.Summary)
	}
	return out
}

func TestListNewestFirstAndOnlyTheLibrarys(t *testing.T) {
	dbtest.Each(t, func(t *testing.T, d *db.DB) {
		a, b := addLibrary(t, d, "Perpustakaan Kota Batu"), addLibrary(t, d, "Perpustakaan Kota Kediri")
		record(t, d, super, a, "staff.create", 1, "pertama", nil)
		record(t, d, super, b, "staff.create", 2, "di Kediri", nil)
		record(t, d, super, a, "staff.update", 1, "kedua", nil)
		record(t, d, super, a, "staff.deactivate", 1, "ketiga", nil)
		record(t, d, super, 0, "library.create", 0, "seluruh deployment", nil)

		got, err := (&audit.Service{DB: d}).List(context.Background(), super, audit.Filter{LibraryID: a})
		if err != nil {
			t.Fatal(err)
		}
		if want := []string{"ketiga", "kedua", "pertama"}; !reflect.DeepEqual(summaries(got), want) {
			t.Fatalf("library A's log %v, want %v (newest first, nothing of B or deployment-wide)", summaries(got), want)
		}
		for i := 1; i < len(got); i++ {
			if got[i].ID >= got[i-1].ID {
				t.Errorf("ids not descending: %d then %d", got[i-1].ID, got[i].ID)
			}
		}
	})
}

func TestListPagesWithBeforeID(t *testing.T) {
	dbtest.Each(t, func(t *testing.T, d *db.DB) {
		lib := addLibrary(t, d, "Perpustakaan Kota Samarinda")
		for i := 1; i <= 5; i++ {
			record(t, d, super, lib, "staff.update", int64(i), fmt.Sprint("perubahan ", i), nil)
		}
		svc := &audit.Service{DB: d}
		var pages [][]string
		var before int64
		for range 4 {
			page, err := svc.List(context.Background(), super, audit.Filter{LibraryID: lib, BeforeID: before, Limit: 2})
			if err != nil {
				t.Fatal(err)
			}
			pages = append(pages, summaries(page))
			if len(page) == 0 {
				break
			}
			before = page[len(page)-1].ID
		}
		want := [][]string{
			{"perubahan 5", "perubahan 4"},
			{"perubahan 3", "perubahan 2"},
			{"perubahan 1"},
			{},
		}
		if !reflect.DeepEqual(pages, want) {
			t.Errorf("pages %v, want %v", pages, want)
		}
	})
}

func TestListLimitDefaultsTo50(t *testing.T) {
	dbtest.Each(t, func(t *testing.T, d *db.DB) {
		ctx := context.Background()
		lib := addLibrary(t, d, "Perpustakaan Kota Lubuklinggau")
		must(t, d.InTx(ctx, func(tx *db.Tx) error {
			for i := range 60 {
				if err := audit.Record(ctx, tx, super, lib, "staff.create", "staff", int64(i+1), "x", nil); err != nil {
					return err
				}
			}
			return nil
		}))
		svc := &audit.Service{DB: d}
		for _, limit := range []int{0, -1, 201} {
			got, err := svc.List(ctx, super, audit.Filter{LibraryID: lib, Limit: limit})
			must(t, err)
			if len(got) != 50 {
				t.Errorf("limit %d gave %d entries, want the default 50", limit, len(got))
			}
		}
		got, err := svc.List(ctx, super, audit.Filter{LibraryID: lib, Limit: 200})
		must(t, err)
		if len(got) != 60 {
			t.Errorf("limit 200 gave %d entries, want all 60", len(got))
		}
	})
}

func TestListFiltersByActionPrefix(t *testing.T) {
	dbtest.Each(t, func(t *testing.T, d *db.DB) {
		lib := addLibrary(t, d, "Perpustakaan Kota Semarang")
		record(t, d, super, lib, "staff.create", 1, "a", nil)
		record(t, d, super, lib, "service_point.create", 1, "b", nil)
		record(t, d, super, lib, "staff.import", 0, "c", nil)
		record(t, d, super, lib, "user.role", 1, "d", nil)
		svc := &audit.Service{DB: d}
		for _, c := range []struct {
			prefix string
			want   []string
		}{
			{"staff.", []string{"c", "a"}},
			{"service_point.", []string{"b"}},
			{"user.role", []string{"d"}},
			{"survey.", []string{}},
			{"", []string{"d", "c", "b", "a"}},
		} {
			got, err := svc.List(context.Background(), super, audit.Filter{LibraryID: lib, Action: c.prefix})
			must(t, err)
			if !reflect.DeepEqual(summaries(got), c.want) {
				t.Errorf("action %q: %v, want %v", c.prefix, summaries(got), c.want)
			}
		}
	})
}

func TestEntryRoundTrip(t *testing.T) {
	dbtest.Each(t, func(t *testing.T, d *db.DB) {
		ctx := context.Background()
		lib := addLibrary(t, d, "Perpustakaan Kota Batu")
		uid := addUser(t, d, "admin@batu.go.id")
		admin := &auth.Actor{UserID: uid, Name: "Sri Rahayu", Memberships: map[int64]auth.Membership{lib: {LibraryID: lib, Role: auth.RoleAdmin}}}
		changes := audit.Changes{}
		changes.Diff("name", "Budi", "Budi Santoso, S.IP.")
		changes.Diff("grade", "III/a", "III/b")
		changes.Diff("email", "", `budi "perpus" <b@x.id> & co`)
		changes.Diff("active", true, true) // same: not recorded
		at := time.Date(2025, 3, 10, 2, 30, 15, 123456000, time.UTC)
		must(t, d.InTx(ctx, func(tx *db.Tx) error {
			return audit.RecordAt(ctx, tx, admin, lib, "staff.update", "staff", 42, "Budi Santoso, S.IP.", changes, at)
		}))
		record(t, d, nil, lib, "staff.import", 0, "8 baris", nil)

		got, err := (&audit.Service{DB: d}).List(ctx, admin, audit.Filter{LibraryID: lib})
		must(t, err)
		if len(got) != 2 {
			t.Fatalf("got %d entries, want 2", len(got))
		}
		sys, e := got[0], got[1]
		want := map[string][2]string{
			"name":  {"Budi", "Budi Santoso, S.IP."},
			"grade": {"III/a", "III/b"},
			"email": {"", `budi "perpus" <b@x.id> & co`},
		}
		if !reflect.DeepEqual(e.Changes, want) {
			t.Errorf("changes %v, want %v", e.Changes, want)
		}
		if e.LibraryID == nil || *e.LibraryID != lib || e.UserID == nil || *e.UserID != uid ||
			e.EntityID == nil || *e.EntityID != 42 || e.ActorName != "Sri Rahayu" ||
			e.Action != "staff.update" || e.Entity != "staff" || e.Summary != "Budi Santoso, S.IP." {
			t.Errorf("entry %+v", e)
		}
		if !e.CreatedAt.Equal(at) {
			t.Errorf("created at %v, want %v", e.CreatedAt, at)
		}

		// The system (no actor) has a name but no account; no entity id
		// and no changes read back as absent.
		if sys.ActorName != "sistem" || sys.UserID != nil || sys.EntityID != nil || sys.Changes != nil {
			t.Errorf("system entry %+v: want actor sistem, no user, no entity, no changes", sys)
		}
		if sys.CreatedAt.IsZero() {
			t.Error("an entry recorded without a time must get the current time")
		}
	})
}

func TestListRefusesViewersWithoutPermission(t *testing.T) {
	dbtest.Each(t, func(t *testing.T, d *db.DB) {
		ctx := context.Background()
		a, b := addLibrary(t, d, "Perpustakaan Kota Batu"), addLibrary(t, d, "Perpustakaan Kota Kediri")
		record(t, d, super, a, "staff.create", 1, "rahasia", nil)
		svc := &audit.Service{DB: d}
		in := func(lib int64, role auth.Role) *auth.Actor {
			return &auth.Actor{UserID: 7, Memberships: map[int64]auth.Membership{lib: {LibraryID: lib, Role: role}}}
		}
		for _, c := range []struct {
			name   string
			viewer audit.Viewer
			code   apperr.Code
		}{
			{"coordinator", in(a, auth.RoleCoordinator), apperr.Forbidden},
			{"staff", in(a, auth.RoleStaff), apperr.Forbidden},
			{"admin of another library", in(b, auth.RoleAdmin), apperr.NotFound},
			{"nobody", nil, apperr.Unauthorized},
			{"nil actor", (*auth.Actor)(nil), apperr.Unauthorized},
		} {
			got, err := svc.List(ctx, c.viewer, audit.Filter{LibraryID: a})
			if apperr.CodeOf(err) != c.code {
				t.Errorf("%s: %v, want %s", c.name, err, c.code)
			}
			if len(got) != 0 {
				t.Errorf("%s saw %v", c.name, summaries(got))
			}
		}
		got, err := svc.List(ctx, in(a, auth.RoleAdmin), audit.Filter{LibraryID: a})
		must(t, err)
		if !reflect.DeepEqual(summaries(got), []string{"rahasia"}) {
			t.Errorf("admin of A sees %v", summaries(got))
		}
	})
}

func TestRecordIsPartOfTheTransaction(t *testing.T) {
	dbtest.Each(t, func(t *testing.T, d *db.DB) {
		ctx := context.Background()
		lib := addLibrary(t, d, "Perpustakaan Kota Batu")
		err := d.InTx(ctx, func(tx *db.Tx) error {
			if err := audit.Record(ctx, tx, super, lib, "staff.create", "staff", 1, "dibatalkan", nil); err != nil {
				return err
			}
			return apperr.New(apperr.Conflict, "field.taken", nil)
		})
		if apperr.CodeOf(err) != apperr.Conflict {
			t.Fatalf("got %v", err)
		}
		got, err := (&audit.Service{DB: d}).List(ctx, super, audit.Filter{LibraryID: lib})
		must(t, err)
		if len(got) != 0 {
			t.Errorf("a rolled-back change left %v in the log", summaries(got))
		}
	})
}

func TestChangesDiff(t *testing.T) {
	c := audit.Changes{}
	c.Diff("population", int64(100), int64(100))
	c.Diff("active", true, false)
	c.Diff("city", "Batu", "Kota Batu")
	want := audit.Changes{"active": {"true", "false"}, "city": {"Batu", "Kota Batu"}}
	if !reflect.DeepEqual(c, want) {
		t.Errorf("diff %v, want %v", c, want)
	}
}

func must(t *testing.T, err error) {
	t.Helper()
	if err != nil {
		t.Fatal(err)
	}
}
