package web_test

import (
	"context"
	"fmt"
	"net/http"
	"strings"
	"testing"

	"github.com/bina-pustaka/bina/internal/db"
	"github.com/bina-pustaka/bina/internal/dbtest"
)

// Both libraries close their cycle: the superadmin compares them, with A's
// people, gaps and common gaps by title; A's admin sees only A; a
// librarian sees no library.
func TestGapsAcrossLibraries(t *testing.T) {
	dbtest.Each(t, func(t *testing.T, d *db.DB) {
		a := newApp(t, d)
		_, pk01, _ := asmReview(t, a)
		ctx := context.Background()
		for _, tn := range []tenant{a.A, a.B} {
			if _, err := a.Svc.Competency.CloseCycle(ctx, a.system(), tn.Library.ID, tn.Cycle.ID); err != nil {
				t.Fatal(err)
			}
		}
		pkTitle := a.A.Framework.Find(pk01).Title
		rowA, rowB := fmt.Sprintf(`id="gap-lib-%d"`, a.A.Library.ID), fmt.Sprintf(`id="gap-lib-%d"`, a.B.Library.ID)

		super := a.login(a.Super)
		res := super.get("/gaps?sort=total_gap")
		if res.StatusCode != http.StatusOK || !strings.Contains(res.Body, rowA) || !strings.Contains(res.Body, rowB) {
			t.Fatalf("superadmin: %d, both libraries? %.300s", res.StatusCode, res.Body)
		}
		if !strings.Contains(res.Body, pkTitle) || !strings.Contains(res.Body, fmt.Sprintf(`href="/libraries/%d/cycles/%d/heatmap"`, a.A.Library.ID, a.A.Cycle.ID)) {
			t.Errorf("A's common gap or heatmap link missing")
		}
		// Sorted by total gap, A (gap 4) comes before B (no requirements, gap 0).
		if strings.Index(res.Body, rowA) > strings.Index(res.Body, rowB) {
			t.Errorf("sort by total gap: B before A")
		}
		if !strings.Contains(res.Body, `id="nav-gaps-all"`) {
			t.Errorf("the superadmin's menu lacks the cross-library view")
		}

		admin := a.login(a.A.AdminEmail)
		res = admin.get("/gaps")
		if res.StatusCode != http.StatusOK || !strings.Contains(res.Body, rowA) || strings.Contains(res.Body, rowB) {
			t.Errorf("A's admin: %d, A only?", res.StatusCode)
		}
		res = a.login(a.A.StaffEmail).get("/gaps")
		if res.StatusCode != http.StatusOK || strings.Contains(res.Body, rowA) {
			t.Errorf("the librarian sees library gaps: %d", res.StatusCode)
		}
	})
}
