package auth_test

import (
	"context"
	"database/sql"
	"encoding/json"
	"strings"
	"testing"

	"github.com/bina-pustaka/bina/internal/apperr"
	"github.com/bina-pustaka/bina/internal/auth"
	"github.com/bina-pustaka/bina/internal/db"
	"github.com/bina-pustaka/bina/internal/dbtest"
)

func TestCreateUserWithMembership(t *testing.T) {
	dbtest.Each(t, func(t *testing.T, d *db.DB) {
		ctx := context.Background()
		w := newWorld(t, d)
		u, err := w.svc.CreateUser(ctx, w.adminA, auth.NewUser{
			Email: "  Sari.Dewi@Batu.go.id ", Name: " Sari Dewi ", Password: goodPassword,
			LibraryID: w.libA, Role: auth.RoleCoordinator,
		})
		must(t, err)
		if u.Email != "sari.dewi@batu.go.id" || u.Name != "Sari Dewi" || !u.Active || u.Superadmin {
			t.Fatalf("created %+v", u)
		}
		got, err := w.svc.GetUser(ctx, w.adminA, w.libA, u.ID)
		must(t, err)
		if len(got.Memberships) != 1 || got.Memberships[0].Role != auth.RoleCoordinator || got.Memberships[0].LibraryID != w.libA {
			t.Fatalf("memberships %+v, want coordinator of library A", got.Memberships)
		}
		list, err := w.svc.ListUsers(ctx, w.adminA, w.libA)
		must(t, err)
		if len(list) != 2 || list[0].Name != "Ani" || list[1].Name != "Sari Dewi" {
			t.Fatalf("library A lists %+v, want Ani and Sari Dewi", list)
		}
		a, err := w.svc.LoadActor(ctx, u.ID)
		must(t, err)
		if !a.Can(auth.PermStaffManage, w.libA) || a.Can(auth.PermUsersManage, w.libA) || a.Member(w.libB) {
			t.Fatalf("coordinator actor has the wrong rights: %+v", a)
		}

		var actorName string
		var userID sql.NullInt64
		must(t, d.Reader().QueryRowContext(ctx, `SELECT actor_name, user_id FROM audit_log
			WHERE action = 'user.create' AND entity_id = ? AND library_id = ?`, u.ID, w.libA).Scan(&actorName, &userID))
		if actorName != "Ani" || userID.Int64 != w.adminAID {
			t.Fatalf("audit names %q (%v), want Ani", actorName, userID)
		}
		must(t, d.Reader().QueryRowContext(ctx, `SELECT actor_name, user_id FROM audit_log
			WHERE action = 'user.create' AND entity_id = ?`, w.super.UserID).Scan(&actorName, &userID))
		if actorName != "sistem" || userID.Valid {
			t.Fatalf("bootstrap audited as %q (%v), want sistem", actorName, userID)
		}
	})
}

func TestCreateUserRules(t *testing.T) {
	dbtest.Each(t, func(t *testing.T, d *db.DB) {
		ctx := context.Background()
		w := newWorld(t, d)
		n := auth.NewUser{Email: "ANI.lain@batu.go.id", Name: "Ani Lain", Password: goodPassword, LibraryID: w.libA, Role: auth.RoleStaff}

		dup := n
		dup.Email = " Admin.A@Batu.go.id"
		e := wantErr(t, func() error { _, err := w.svc.CreateUser(ctx, w.adminA, dup); return err }(), apperr.Conflict, "error.invalid")
		if len(e.Problems) != 1 || e.Problems[0].Field != "email" || e.Problems[0].Key != "field.taken" {
			t.Fatalf("duplicate email problems %+v", e.Problems)
		}

		bad := auth.NewUser{Email: "bukan-email", Name: "", Password: "pendek", LibraryID: w.libA, Role: "kepala"}
		_, err := w.svc.CreateUser(ctx, w.adminA, bad)
		e = wantErr(t, err, apperr.Invalid, "error.invalid")
		keys := map[string]string{}
		for _, p := range e.Problems {
			keys[p.Field] = p.Key
		}
		want := map[string]string{"email": "field.bad_email", "name": "field.required", "password": "password.too_short", "role": "user.bad_role"}
		for f, k := range want {
			if keys[f] != k {
				t.Errorf("field %s: got %q, want %q", f, keys[f], k)
			}
		}

		super := n
		super.Superadmin = true
		_, err = w.svc.CreateUser(ctx, w.adminA, super)
		wantErr(t, err, apperr.Forbidden, "error.forbidden")
		_, err = w.svc.CreateUser(ctx, nil, n)
		wantErr(t, err, apperr.Unauthorized, "error.unauthorized")
		inB := n
		inB.LibraryID = w.libB
		_, err = w.svc.CreateUser(ctx, w.adminA, inB)
		wantErr(t, err, apperr.NotFound, "error.not_found")
		staffInB := n
		staffID := int64(999)
		staffInB.StaffID = &staffID
		_, err = w.svc.CreateUser(ctx, w.adminA, staffInB)
		wantErr(t, err, apperr.Invalid, "error.invalid")

		// A superadmin creates another one; nothing half-made was left by the failures.
		super.Email = "super2@bina.id"
		_, err = w.svc.CreateUser(ctx, w.super, super)
		must(t, err)
		list, err := w.svc.ListUsers(ctx, w.super, w.libA)
		must(t, err)
		if len(list) != 2 {
			t.Fatalf("library A has %d users, want Ani and the new superadmin", len(list))
		}
	})
}

func TestLibraryAdminCannotReachAnotherLibrary(t *testing.T) {
	dbtest.Each(t, func(t *testing.T, d *db.DB) {
		ctx := context.Background()
		w := newWorld(t, d)
		_, err := w.svc.ListUsers(ctx, w.adminA, w.libB)
		wantErr(t, err, apperr.NotFound, "error.not_found")
		_, err = w.svc.GetUser(ctx, w.adminA, w.libB, w.adminBID)
		wantErr(t, err, apperr.NotFound, "error.not_found")
		_, err = w.svc.GetUser(ctx, w.adminA, w.libA, w.adminBID) // B's admin asked for through library A
		wantErr(t, err, apperr.NotFound, "error.not_found")
		_, err = w.svc.GetUser(ctx, w.super, w.libA, w.adminBID) // superadmins too: the user must belong
		wantErr(t, err, apperr.NotFound, "error.not_found")
		_, err = w.svc.SetRole(ctx, w.adminA, w.libB, w.adminBID, auth.RoleStaff)
		wantErr(t, err, apperr.NotFound, "error.not_found")
		_, err = w.svc.SetRole(ctx, w.adminA, w.libA, w.adminBID, auth.RoleStaff)
		wantErr(t, err, apperr.NotFound, "error.not_found")
		wantErr(t, w.svc.RemoveMembership(ctx, w.adminA, w.libA, w.adminBID), apperr.NotFound, "error.not_found")
		_, err = w.svc.SetActive(ctx, w.adminA, w.libA, w.adminBID, false)
		wantErr(t, err, apperr.NotFound, "error.not_found")
		wantErr(t, w.svc.ResetPassword(ctx, w.adminA, w.libA, w.adminBID, "kata-sandi-baru"), apperr.NotFound, "error.not_found")

		got, err := w.svc.GetUser(ctx, w.adminB, w.libB, w.adminBID)
		must(t, err)
		if got.Memberships[0].Role != auth.RoleAdmin {
			t.Fatalf("B's admin lost her role: %+v", got)
		}
	})
}

func TestAccountWideChangesNeedReachOverEveryLibrary(t *testing.T) {
	dbtest.Each(t, func(t *testing.T, d *db.DB) {
		ctx := context.Background()
		w := newWorld(t, d)
		// Dina works in both libraries: staff in A, staff in B.
		dina, err := w.svc.CreateUser(ctx, w.adminA, auth.NewUser{Email: "dina@batu.go.id", Name: "Dina", Password: goodPassword, LibraryID: w.libA, Role: auth.RoleStaff})
		must(t, err)
		_, err = d.Reader().ExecContext(ctx, `INSERT INTO memberships (library_id, user_id, role, created_at) VALUES (?, ?, 'staff', ?)`, w.libB, dina.ID, db.Now())
		must(t, err)

		_, err = w.svc.SetActive(ctx, w.adminA, w.libA, dina.ID, false)
		wantErr(t, err, apperr.Forbidden, "user.other_library")
		wantErr(t, w.svc.ResetPassword(ctx, w.adminA, w.libA, dina.ID, "kata-sandi-baru"), apperr.Forbidden, "user.other_library")
		_, err = w.svc.SetActive(ctx, w.adminA, w.libA, w.super.UserID, false)
		wantErr(t, err, apperr.NotFound, "error.not_found")

		// Role changes stay within the library, so A's admin may make them.
		_, err = w.svc.SetRole(ctx, w.adminA, w.libA, dina.ID, auth.RoleCoordinator)
		must(t, err)
		u, err := w.svc.SetActive(ctx, w.super, w.libA, dina.ID, false)
		must(t, err)
		if u.Active {
			t.Fatal("superadmin could not deactivate Dina")
		}
		_, err = w.svc.Login(ctx, "dina@batu.go.id", goodPassword, "10.0.0.1")
		wantErr(t, err, apperr.Unauthorized, "login.failed")
	})
}

func TestLastAdminAndSelfProtection(t *testing.T) {
	dbtest.Each(t, func(t *testing.T, d *db.DB) {
		ctx := context.Background()
		w := newWorld(t, d)
		_, err := w.svc.SetRole(ctx, w.adminA, w.libA, w.adminAID, auth.RoleStaff)
		wantErr(t, err, apperr.Conflict, "user.last_admin")
		_, err = w.svc.SetRole(ctx, w.super, w.libA, w.adminAID, auth.RoleCoordinator)
		wantErr(t, err, apperr.Conflict, "user.last_admin")
		wantErr(t, w.svc.RemoveMembership(ctx, w.super, w.libA, w.adminAID), apperr.Conflict, "user.last_admin")
		_, err = w.svc.SetActive(ctx, w.super, w.libA, w.adminAID, false)
		wantErr(t, err, apperr.Conflict, "user.last_admin")
		wantErr(t, w.svc.RemoveMembership(ctx, w.adminA, w.libA, w.adminAID), apperr.Conflict, "user.cannot_remove_self")
		_, err = w.svc.SetActive(ctx, w.adminA, w.libA, w.adminAID, false)
		wantErr(t, err, apperr.Conflict, "user.cannot_deactivate_self")
		wantErr(t, w.svc.ResetPassword(ctx, w.adminA, w.libA, w.adminAID, "kata-sandi-baru"), apperr.Conflict, "user.reset_own_password")

		// With a second admin, the first may step down.
		eko, err := w.svc.CreateUser(ctx, w.adminA, auth.NewUser{Email: "eko@batu.go.id", Name: "Eko", Password: goodPassword, LibraryID: w.libA, Role: auth.RoleAdmin})
		must(t, err)
		u, err := w.svc.SetRole(ctx, w.adminA, w.libA, w.adminAID, auth.RoleStaff)
		must(t, err)
		if u.Memberships[0].Role != auth.RoleStaff {
			t.Fatalf("role is %s after stepping down", u.Memberships[0].Role)
		}
		eko2 := w.actor(t, eko.ID)
		_, err = w.svc.SetRole(ctx, eko2, w.libA, eko.ID, auth.RoleStaff)
		wantErr(t, err, apperr.Conflict, "user.last_admin")
		must(t, w.svc.RemoveMembership(ctx, eko2, w.libA, w.adminAID))
		_, err = w.svc.GetUser(ctx, eko2, w.libA, w.adminAID)
		wantErr(t, err, apperr.NotFound, "error.not_found")

		var n int
		must(t, d.Reader().QueryRowContext(ctx, `SELECT COUNT(*) FROM audit_log WHERE library_id = ? AND action IN ('user.role', 'user.remove')`, w.libA).Scan(&n))
		if n != 2 {
			t.Fatalf("%d role/remove audit entries, want 2", n)
		}
	})
}

func TestPasswordNeverLeaks(t *testing.T) {
	dbtest.Each(t, func(t *testing.T, d *db.DB) {
		ctx := context.Background()
		w := newWorld(t, d)
		secrets := []string{"rahasia-sekali-123", "sandi-reset-456", "sandi-sendiri-789"}
		u, err := w.svc.CreateUser(ctx, w.adminA, auth.NewUser{Email: "fajar@batu.go.id", Name: "Fajar", Password: secrets[0], LibraryID: w.libA, Role: auth.RoleStaff})
		must(t, err)
		must(t, w.svc.ResetPassword(ctx, w.adminA, w.libA, u.ID, secrets[1]))
		fajar := w.actor(t, u.ID)
		must(t, w.svc.ChangePassword(ctx, fajar, secrets[1], secrets[2]))
		_, err = w.svc.SetRole(ctx, w.adminA, w.libA, u.ID, auth.RoleCoordinator)
		must(t, err)

		var hash string
		must(t, d.Reader().QueryRowContext(ctx, `SELECT password_hash FROM users WHERE id = ?`, u.ID).Scan(&hash))
		forbidden := append([]string{hash, "argon2", "password_hash"}, secrets...)

		got, err := w.svc.GetUser(ctx, w.adminA, w.libA, u.ID)
		must(t, err)
		list, err := w.svc.ListUsers(ctx, w.adminA, w.libA)
		must(t, err)
		js, err := json.Marshal(map[string]any{"created": u, "got": got, "list": list})
		must(t, err)
		for _, s := range forbidden {
			if strings.Contains(string(js), s) {
				t.Errorf("User JSON contains %q: %s", s, js)
			}
		}

		rows, err := d.Reader().QueryContext(ctx, `SELECT action, actor_name, entity, summary, changes FROM audit_log ORDER BY id`)
		must(t, err)
		defer rows.Close()
		var actions []string
		for rows.Next() {
			var action, actorName, entity, summary, changes string
			must(t, rows.Scan(&action, &actorName, &entity, &summary, &changes))
			actions = append(actions, action)
			for _, s := range forbidden {
				if strings.Contains(action+actorName+entity+summary+changes, s) {
					t.Errorf("audit row %s contains %q", action, s)
				}
			}
		}
		must(t, rows.Err())
		for _, a := range []string{"user.create", "user.password_reset", "user.password_change", "user.role"} {
			if !strings.Contains(strings.Join(actions, " "), a) {
				t.Errorf("no %s in the audit log %v", a, actions)
			}
		}
	})
}

func TestChangePassword(t *testing.T) {
	dbtest.Each(t, func(t *testing.T, d *db.DB) {
		ctx := context.Background()
		w := newWorld(t, d)
		token, _, err := w.svc.CreateSession(ctx, w.adminAID, auth.SessionWeb)
		must(t, err)
		e := wantErr(t, w.svc.ChangePassword(ctx, w.adminA, "salah-sandi-lama", "sandi-baru-sekali"), apperr.Invalid, "error.invalid")
		if e.Problems[0].Field != "old_password" || e.Problems[0].Key != "password.wrong" {
			t.Fatalf("wrong old password gave %+v", e.Problems)
		}
		wantErr(t, w.svc.ChangePassword(ctx, w.adminA, goodPassword, "pendek"), apperr.Invalid, "error.invalid")
		must(t, w.svc.ChangePassword(ctx, w.adminA, goodPassword, "sandi-baru-sekali"))

		_, err = w.svc.Authenticate(ctx, token, auth.SessionWeb)
		wantErr(t, err, apperr.Unauthorized, "error.unauthorized")
		_, err = w.svc.Login(ctx, "admin.a@batu.go.id", goodPassword, "10.0.0.1")
		wantErr(t, err, apperr.Unauthorized, "login.failed")
		_, err = w.svc.Login(ctx, "admin.a@batu.go.id", "sandi-baru-sekali", "10.0.0.1")
		must(t, err)
	})
}

func TestAdminsDemotingEachOtherAtOnceLeaveOne(t *testing.T) {
	dbtest.Each(t, func(t *testing.T, d *db.DB) {
		ctx := context.Background()
		w := newWorld(t, d)
		eko, err := w.svc.CreateUser(ctx, w.adminA, auth.NewUser{Email: "eko@batu.go.id", Name: "Eko", Password: goodPassword, LibraryID: w.libA, Role: auth.RoleAdmin})
		must(t, err)
		ekoActor := w.actor(t, eko.ID)
		errs := make(chan error, 2)
		go func() { _, err := w.svc.SetRole(ctx, w.adminA, w.libA, eko.ID, auth.RoleStaff); errs <- err }()
		go func() { _, err := w.svc.SetRole(ctx, ekoActor, w.libA, w.adminAID, auth.RoleStaff); errs <- err }()
		failed := 0
		for range 2 {
			if err := <-errs; err != nil {
				wantErr(t, err, apperr.Conflict, "user.last_admin")
				failed++
			}
		}
		list, err := w.svc.ListUsers(ctx, w.super, w.libA)
		must(t, err)
		admins := 0
		for _, u := range list {
			if u.Memberships[0].Role == auth.RoleAdmin {
				admins++
			}
		}
		if admins != 1 || failed != 1 {
			t.Fatalf("%d admins left and %d refusals, want 1 and 1", admins, failed)
		}
	})
}
