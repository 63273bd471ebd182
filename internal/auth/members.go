package auth

import (
	"context"
	"database/sql"
	"errors"
	"slices"
	"strconv"

	"github.com/bina-pustaka/bina/internal/apperr"
	"github.com/bina-pustaka/bina/internal/db"
)

// SetRole changes an account's role in the library. The library's last
// active admin cannot be demoted: someone must be able to manage it.
func (s *Service) SetRole(ctx context.Context, actor *Actor, libraryID, userID int64, role Role) (User, error) {
	if err := actor.Require(PermUsersManage, libraryID); err != nil {
		return User{}, err
	}
	if !role.Valid() {
		var v apperr.Validation
		v.Add("role", "user.bad_role", nil)
		return User{}, v.Err()
	}
	var u User
	err := s.DB.InTx(ctx, func(tx *db.Tx) error {
		admins, err := lockAdmins(ctx, tx, libraryID)
		if err != nil {
			return err
		}
		if u, err = s.findMember(ctx, tx, libraryID, userID); err != nil {
			return err
		}
		old := u.Memberships[0].Role
		if old == role {
			return nil
		}
		if role != RoleAdmin && isLastAdmin(admins, userID) {
			return apperr.New(apperr.Conflict, "user.last_admin", nil)
		}
		if _, err := tx.ExecContext(ctx, `UPDATE memberships SET role = ? WHERE library_id = ? AND user_id = ?`,
			string(role), libraryID, userID); err != nil {
			return apperr.InternalError(err)
		}
		u.Memberships[0].Role = role
		return recordAudit(ctx, tx, actor, libraryID, "user.role", userID, u.Name,
			map[string][2]string{"role": {string(old), string(role)}}, s.now())
	})
	if err != nil {
		return User{}, err
	}
	return u, nil
}

// RemoveMembership takes the account's role in the library away. The
// account itself stays, with its roles elsewhere.
func (s *Service) RemoveMembership(ctx context.Context, actor *Actor, libraryID, userID int64) error {
	if err := actor.Require(PermUsersManage, libraryID); err != nil {
		return err
	}
	if userID == actor.UserID {
		return apperr.New(apperr.Conflict, "user.cannot_remove_self", nil)
	}
	return s.DB.InTx(ctx, func(tx *db.Tx) error {
		admins, err := lockAdmins(ctx, tx, libraryID)
		if err != nil {
			return err
		}
		u, err := s.findMember(ctx, tx, libraryID, userID)
		if err != nil {
			return err
		}
		if isLastAdmin(admins, userID) {
			return apperr.New(apperr.Conflict, "user.last_admin", nil)
		}
		if _, err := tx.ExecContext(ctx, `DELETE FROM memberships WHERE library_id = ? AND user_id = ?`, libraryID, userID); err != nil {
			return apperr.InternalError(err)
		}
		return recordAudit(ctx, tx, actor, libraryID, "user.remove", userID, u.Name,
			map[string][2]string{"role": {string(u.Memberships[0].Role), ""}}, s.now())
	})
}

// SetActive enables or disables an account everywhere. Since that reaches
// beyond the library, a library admin may do it only to accounts whose every
// role is in libraries she manages. Disabling ends the account's sessions.
func (s *Service) SetActive(ctx context.Context, actor *Actor, libraryID, userID int64, active bool) (User, error) {
	if err := actor.Require(PermUsersManage, libraryID); err != nil {
		return User{}, err
	}
	if !active && userID == actor.UserID {
		return User{}, apperr.New(apperr.Conflict, "user.cannot_deactivate_self", nil)
	}
	var u User
	err := s.DB.InTx(ctx, func(tx *db.Tx) error {
		var err error
		if u, err = s.findMember(ctx, tx, libraryID, userID); err != nil {
			return err
		}
		if err := canManageAccount(ctx, tx, actor, userID); err != nil {
			return err
		}
		if u.Active == active {
			return nil
		}
		if !active {
			if err := checkNotLastAdminAnywhere(ctx, tx, userID); err != nil {
				return err
			}
			if _, err := tx.ExecContext(ctx, `DELETE FROM sessions WHERE user_id = ?`, userID); err != nil {
				return apperr.InternalError(err)
			}
		}
		now := s.now()
		if _, err := tx.ExecContext(ctx, `UPDATE users SET active = ?, updated_at = ? WHERE id = ?`, active, now, userID); err != nil {
			return apperr.InternalError(err)
		}
		u.Active = active
		return recordAudit(ctx, tx, actor, libraryID, "user.active", userID, u.Name,
			map[string][2]string{"active": {strconv.FormatBool(!active), strconv.FormatBool(active)}}, now)
	})
	if err != nil {
		return User{}, err
	}
	return u, nil
}

// ResetPassword sets a new password for a forgotten one, lifts any lockout
// and ends the account's sessions. The same reach rule as SetActive applies:
// otherwise an admin of one library could take over an account that also
// manages another. One's own password is changed with ChangePassword, which
// asks for the current one.
func (s *Service) ResetPassword(ctx context.Context, actor *Actor, libraryID, userID int64, newPassword string) error {
	if err := actor.Require(PermUsersManage, libraryID); err != nil {
		return err
	}
	if userID == actor.UserID {
		return apperr.New(apperr.Conflict, "user.reset_own_password", nil)
	}
	if err := ValidatePassword(newPassword); err != nil {
		return err
	}
	hash, err := s.hasher().Hash(newPassword) // before the transaction: hashing is slow
	if err != nil {
		return apperr.InternalError(err)
	}
	return s.DB.InTx(ctx, func(tx *db.Tx) error {
		u, err := s.findMember(ctx, tx, libraryID, userID)
		if err != nil {
			return err
		}
		if err := canManageAccount(ctx, tx, actor, userID); err != nil {
			return err
		}
		now := s.now()
		if _, err := tx.ExecContext(ctx, `UPDATE users SET password_hash = ?, failed_logins = 0, locked_until = NULL, updated_at = ?
			WHERE id = ?`, hash, now, userID); err != nil {
			return apperr.InternalError(err)
		}
		if _, err := tx.ExecContext(ctx, `DELETE FROM sessions WHERE user_id = ?`, userID); err != nil {
			return apperr.InternalError(err)
		}
		return recordAudit(ctx, tx, actor, libraryID, "user.password_reset", userID, u.Name, nil, now)
	})
}

// ChangePassword replaces the actor's own password after checking the
// current one. It ends the account's web sessions, so a session stolen
// before the change dies with it; the caller signs the person in afresh
// with CreateSession. API tokens stay valid.
func (s *Service) ChangePassword(ctx context.Context, actor *Actor, oldPassword, newPassword string) error {
	if actor == nil {
		return apperr.New(apperr.Unauthorized, "error.unauthorized", nil)
	}
	var current string
	err := s.DB.Reader().QueryRowContext(ctx, `SELECT password_hash FROM users WHERE id = ? AND active = ?`, actor.UserID, true).Scan(&current)
	if errors.Is(err, sql.ErrNoRows) {
		return apperr.New(apperr.Unauthorized, "error.unauthorized", nil)
	}
	if err != nil {
		return apperr.InternalError(err)
	}
	if !CheckPassword(current, oldPassword) {
		var v apperr.Validation
		v.Add("old_password", "password.wrong", nil)
		return v.Err()
	}
	if err := ValidatePassword(newPassword); err != nil {
		return err
	}
	hash, err := s.hasher().Hash(newPassword)
	if err != nil {
		return apperr.InternalError(err)
	}
	return s.DB.InTx(ctx, func(tx *db.Tx) error {
		now := s.now()
		if _, err := tx.ExecContext(ctx, `UPDATE users SET password_hash = ?, updated_at = ? WHERE id = ?`, hash, now, actor.UserID); err != nil {
			return apperr.InternalError(err)
		}
		if _, err := tx.ExecContext(ctx, `DELETE FROM sessions WHERE user_id = ? AND kind = ?`, actor.UserID, SessionWeb); err != nil {
			return apperr.InternalError(err)
		}
		return recordAudit(ctx, tx, actor, 0, "user.password_change", actor.UserID, actor.Name, nil, now)
	})
}

// lockAdmins returns the library's active admins, ascending, and on
// PostgreSQL locks their rows until the transaction ends, so two admins
// demoting each other at the same moment cannot leave the library with
// none. SQLite needs no lock: its write transactions already run one at a time.
func lockAdmins(ctx context.Context, tx *db.Tx, libraryID int64) ([]int64, error) {
	q := `SELECT m.user_id FROM memberships m JOIN users u ON u.id = m.user_id
		WHERE m.library_id = ? AND m.role = ? AND u.active = ? ORDER BY m.user_id`
	if tx.Dialect() == db.Postgres {
		q += ` FOR UPDATE`
	}
	rows, err := tx.QueryContext(ctx, q, libraryID, string(RoleAdmin), true)
	if err != nil {
		return nil, apperr.InternalError(err)
	}
	defer rows.Close()
	var ids []int64
	for rows.Next() {
		var id int64
		if err := rows.Scan(&id); err != nil {
			return nil, apperr.InternalError(err)
		}
		ids = append(ids, id)
	}
	if err := rows.Err(); err != nil {
		return nil, apperr.InternalError(err)
	}
	return ids, nil
}

func isLastAdmin(admins []int64, userID int64) bool {
	return len(admins) == 1 && admins[0] == userID
}

// checkNotLastAdminAnywhere refuses to disable the last active admin of any
// library the account administers.
func checkNotLastAdminAnywhere(ctx context.Context, tx *db.Tx, userID int64) error {
	libs, err := membershipLibraries(ctx, tx, userID, RoleAdmin)
	if err != nil {
		return err
	}
	for _, lib := range libs {
		admins, err := lockAdmins(ctx, tx, lib)
		if err != nil {
			return err
		}
		if isLastAdmin(admins, userID) {
			return apperr.New(apperr.Conflict, "user.last_admin", nil)
		}
	}
	return nil
}

// canManageAccount allows account-wide changes (disable, password reset) to
// a superadmin, or to an actor who manages users in every library where the
// account holds a role. Superadmin accounts are for superadmins only.
func canManageAccount(ctx context.Context, q db.Querier, actor *Actor, userID int64) error {
	if actor.Superadmin {
		return nil
	}
	var superadmin bool
	if err := q.QueryRowContext(ctx, `SELECT superadmin FROM users WHERE id = ?`, userID).Scan(&superadmin); err != nil {
		return apperr.InternalError(err)
	}
	if superadmin {
		return apperr.ForbiddenError()
	}
	libs, err := membershipLibraries(ctx, q, userID, "")
	if err != nil {
		return err
	}
	if slices.ContainsFunc(libs, func(lib int64) bool { return !actor.Can(PermUsersManage, lib) }) {
		return apperr.New(apperr.Forbidden, "user.other_library", nil)
	}
	return nil
}

// membershipLibraries lists the libraries where the account holds role ("" for any).
func membershipLibraries(ctx context.Context, q db.Querier, userID int64, role Role) ([]int64, error) {
	query, args := `SELECT library_id FROM memberships WHERE user_id = ?`, []any{userID}
	if role != "" {
		query += ` AND role = ?`
		args = append(args, string(role))
	}
	rows, err := q.QueryContext(ctx, query+` ORDER BY library_id`, args...)
	if err != nil {
		return nil, apperr.InternalError(err)
	}
	defer rows.Close()
	var libs []int64
	for rows.Next() {
		var lib int64
		if err := rows.Scan(&lib); err != nil {
			return nil, apperr.InternalError(err)
		}
		libs = append(libs, lib)
	}
	if err := rows.Err(); err != nil {
		return nil, apperr.InternalError(err)
	}
	return libs, nil
}
