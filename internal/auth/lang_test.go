package auth_test

import (
	"context"
	"testing"

	"github.com/bina-pustaka/bina/internal/apperr"
	"github.com/bina-pustaka/bina/internal/db"
	"github.com/bina-pustaka/bina/internal/dbtest"
)

// An account has made no choice at first (users.lang keeps the default,
// Indonesian); choosing English is kept on the account (the actor carries
// it), audited once; choosing Indonesian is a choice too; an unknown
// language is refused.
func TestSetLang(t *testing.T) {
	dbtest.Each(t, func(t *testing.T, d *db.DB) {
		ctx := context.Background()
		w := newWorld(t, d)
		if w.adminA.Lang != "" {
			t.Fatalf("new account's chosen language %q", w.adminA.Lang)
		}
		must(t, w.svc.SetLang(ctx, w.adminA, "en"))
		must(t, w.svc.SetLang(ctx, w.adminA, "en")) // the same again: no change
		if a := w.actor(t, w.adminAID); a.Lang != "en" {
			t.Errorf("after choosing English: %q", a.Lang)
		}
		if a := w.actor(t, w.adminBID); a.Lang != "" {
			t.Errorf("another account changed: %q", a.Lang)
		}
		must(t, w.svc.SetLang(ctx, w.adminB, "id"))
		if a := w.actor(t, w.adminBID); a.Lang != "id" {
			t.Errorf("after choosing Indonesian: %q", a.Lang)
		}
		var n int
		var changes string
		must(t, d.Reader().QueryRowContext(ctx, `SELECT COUNT(*), MAX(changes) FROM audit_log WHERE action = 'user.lang' AND user_id = ?`,
			w.adminAID).Scan(&n, &changes))
		if n != 1 || changes != `{"lang":["","en"]}` {
			t.Errorf("audit: %d entries, changes %s", n, changes)
		}
		wantErr(t, w.svc.SetLang(ctx, w.adminA, "fr"), apperr.NotFound, "error.page_not_found")
		wantErr(t, w.svc.SetLang(ctx, nil, "en"), apperr.Unauthorized, "error.unauthorized")
	})
}
