package web_test

import (
	"fmt"
	"net/http"
	"net/url"
	"regexp"
	"strings"
	"testing"

	"github.com/bina-pustaka/bina/internal/auth"
	"github.com/bina-pustaka/bina/internal/db"
	"github.com/bina-pustaka/bina/internal/dbtest"
	"github.com/bina-pustaka/bina/internal/web"
)

var paramRE = regexp.MustCompile(`\{(\w+)\}`)

// ids gives the value of every path parameter for one tenant. A route with
// a parameter missing here fails the test, so new routes cannot slip past.
func (tn tenant) ids() map[string]int64 {
	return map[string]int64{
		"lib":         tn.Library.ID,
		"sp":          tn.ServicePoint.ID,
		"staff":       tn.Staff.ID,
		"user":        tn.AdminID,
		"suggestion":  tn.Suggestion.ID,
		"bookreq":     tn.BookRequest.ID,
		"complaint":   tn.Complaint.ID,
		"holiday":     tn.Holiday.ID,
		"followup":    tn.Followup.ID,
		"framework":   tn.Framework.Framework.ID,
		"version":     tn.Framework.Version.ID,
		"competency":  tn.Competency,
		"item":        tn.RecordItem.ID,
		"upload":      tn.SurveyImport.ID,
		"cycle":       tn.Cycle.ID,
		"assessment":  tn.Assessment,
		"file":        tn.EvidenceFile,
		"program":     tn.Program.ID,
		"session":     tn.Session.ID,
		"enrolment":   tn.Enrolment.ID,
		"certificate": tn.Certificate.ID,
		"material":    tn.Material.ID,
		"goal":        tn.Goal,
	}
}

func fill(t *testing.T, rt web.Route, libID int64, others map[string]int64) (string, bool) {
	hasID := false
	path := paramRE.ReplaceAllStringFunc(rt.Pattern, func(m string) string {
		name := m[1 : len(m)-1]
		if name == "$" {
			return ""
		}
		if name == "lib" {
			hasID = true
			return fmt.Sprint(libID)
		}
		id, ok := others[name]
		if !ok {
			t.Fatalf("route %s %s has parameter {%s} that the tenant test does not know: add it to tenant.ids()", rt.Method, rt.Pattern, name)
		}
		hasID = true
		return fmt.Sprint(id)
	})
	return strings.ReplaceAll(path, "{$}", ""), hasID
}

// A plausible body for every POST/PATCH, so a missing check would really
// change something rather than fail on an empty form.
var formBody = url.Values{
	"name": {"Diubah Lintas Perpustakaan"}, "city": {"X"}, "province": {"X"}, "time_zone": {"Asia/Jakarta"},
	"kind": {"referensi"}, "employment_status": {"non_asn"}, "role": {"staff"}, "password": {"sandi-baru-yang-panjang"},
	"email": {"lintas@contoh.test"}, "active": {"on"},
}

const jsonBody = `{"name":"Diubah Lintas Perpustakaan"}`

// TestTenantIsolation walks every registered route as the admin of library A
// with the object ids of library B — both with B in the {lib} slot and with
// A's id in {lib} but B's object ids — and expects 404 or 403 every time.
func TestTenantIsolation(t *testing.T) {
	dbtest.Each(t, func(t *testing.T, d *db.DB) {
		a := newApp(t, d)
		browser := a.login(a.A.AdminEmail)
		token := a.apiToken(a.A.AdminEmail)
		walked := 0
		for _, rt := range a.Server.Routes() {
			if !strings.Contains(strings.ReplaceAll(rt.Pattern, "{$}", ""), "{") || rt.Perm == auth.PermPublic {
				continue
			}
			if strings.Contains(rt.Pattern, "{lang}") {
				continue
			}
			variants := map[string]int64{"B in {lib}": a.B.Library.ID}
			if len(paramRE.FindAllString(rt.Pattern, -1)) > 1 {
				variants["A in {lib}, B's objects"] = a.A.Library.ID
			}
			for name, lib := range variants {
				path, _ := fill(t, rt, lib, a.B.ids())
				var res response
				if rt.API {
					body := ""
					if rt.Method != "GET" {
						body = jsonBody
					}
					res = browser.api(rt.Method, path, token, body)
				} else if rt.Method == "GET" {
					res = browser.get(path)
				} else {
					res = browser.postForm(path, formBody)
				}
				walked++
				if res.StatusCode != http.StatusNotFound && res.StatusCode != http.StatusForbidden {
					t.Errorf("%s %s (%s): status %d, want 404 or 403", rt.Method, path, name, res.StatusCode)
				}
				if strings.Contains(res.Body, a.B.Library.Name) || strings.Contains(res.Body, a.B.Staff.Name) {
					t.Errorf("%s %s (%s): response shows library B's data", rt.Method, path, name)
				}
			}
		}
		if walked < 30 {
			t.Fatalf("walked only %d route variants; the route table seems empty", walked)
		}

		// Lists without ids must not show B either.
		for _, p := range []string{"/", "/libraries", "/account"} {
			if res := browser.get(p); res.StatusCode != 200 || strings.Contains(res.Body, a.B.Library.Name) {
				t.Errorf("GET %s: status %d, shows B: %v", p, res.StatusCode, strings.Contains(res.Body, a.B.Library.Name))
			}
		}
		if res := browser.api("GET", "/api/v1/libraries", token, ""); strings.Contains(res.Body, a.B.Library.Name) || !strings.Contains(res.Body, a.A.Library.Name) {
			t.Errorf("API library list for A's admin: %s", res.Body)
		}

		// Nothing of B changed, and B's audit log holds nothing by A's admin.
		ctx := t.Context()
		sys := a.system()
		if l, _ := a.Svc.Libraries.Get(ctx, sys, a.B.Library.ID); l.Name != a.B.Library.Name {
			t.Errorf("library B renamed to %q", l.Name)
		}
		if sp, _ := a.Svc.Libraries.ServicePoint(ctx, sys, a.B.Library.ID, a.B.ServicePoint.ID); sp.Name != a.B.ServicePoint.Name || sp.Kind != a.B.ServicePoint.Kind {
			t.Errorf("service point of B changed: %+v", sp)
		}
		if st, _ := a.Svc.Staff.Get(ctx, sys, a.B.Library.ID, a.B.Staff.ID); st.Name != a.B.Staff.Name || !st.Active {
			t.Errorf("staff of B changed: %+v", st)
		}
		var n int
		if err := d.Reader().QueryRowContext(ctx, `SELECT COUNT(*) FROM audit_log WHERE library_id = ? AND user_id = ?`, a.B.Library.ID, a.A.AdminID).Scan(&n); err != nil || n != 0 {
			t.Errorf("audit log of B has %d entries by A's admin (err %v)", n, err)
		}
		if _, err := a.Svc.Users.Login(ctx, a.B.AdminEmail, testPassword, "10.0.0.9"); err != nil {
			t.Errorf("B's admin can no longer sign in after the walk: %v", err)
		}
	})
}

// TestRolePermissions walks every route in the staff member's own library
// and expects 403 wherever her role lacks the route's permission.
func TestRolePermissions(t *testing.T) {
	d := dbtest.SQLite(t)
	a := newApp(t, d)
	browser := a.login(a.A.StaffEmail)
	token := a.apiToken(a.A.StaffEmail)
	staffActor := &auth.Actor{UserID: a.A.StaffUserID, Memberships: map[int64]auth.Membership{a.A.Library.ID: {LibraryID: a.A.Library.ID, Role: auth.RoleStaff}}}
	ids := a.A.ids()
	ids["user"] = a.A.AdminID
	checked := 0
	for _, rt := range a.Server.Routes() {
		if rt.Perm == auth.PermPublic || rt.Perm == auth.PermSignedIn {
			continue
		}
		path, hasLib := fill(t, rt, a.A.Library.ID, ids)
		lib := int64(0)
		if hasLib {
			lib = a.A.Library.ID
		}
		if staffActor.Can(rt.Perm, lib) {
			continue
		}
		var res response
		switch {
		case rt.API:
			body := ""
			if rt.Method != "GET" {
				body = jsonBody
			}
			res = browser.api(rt.Method, path, token, body)
		case rt.Method == "GET":
			res = browser.get(path)
		default:
			res = browser.postForm(path, formBody)
		}
		checked++
		if res.StatusCode != http.StatusForbidden {
			t.Errorf("staff role: %s %s gave %d, want 403", rt.Method, path, res.StatusCode)
		}
	}
	if checked < 15 {
		t.Fatalf("only %d routes checked", checked)
	}
	// Her own record is open to her; a colleague's is not.
	if res := browser.get(fmt.Sprintf("/libraries/%d/staff/%d", a.A.Library.ID, a.A.Staff.ID)); res.StatusCode != 200 {
		t.Errorf("own staff record: %d", res.StatusCode)
	}
}
