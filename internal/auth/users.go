package auth

import (
	"context"
	"database/sql"
	"errors"
	"net/mail"
	"strings"
	"time"

	"github.com/bina-pustaka/bina/internal/apperr"
	"github.com/bina-pustaka/bina/internal/audit"
	"github.com/bina-pustaka/bina/internal/db"
)

// User is an account as admins see it. The password hash never leaves the
// package: it is not a field here, so no template or JSON response can show it.
type User struct {
	ID          int64      `json:"id"`
	Email       string     `json:"email"`
	Name        string     `json:"name"`
	Superadmin  bool       `json:"superadmin"`
	Active      bool       `json:"active"`
	LockedUntil *time.Time `json:"locked_until,omitempty"` // set only while the lockout lasts
	LastLoginAt *time.Time `json:"last_login_at,omitempty"`
	CreatedAt   time.Time  `json:"created_at"`
	// Memberships holds only the role in the library asked about, so one
	// library's admin never learns where else a person works.
	Memberships []Membership `json:"memberships"`
}

// NewUser is the input for creating an account.
type NewUser struct {
	Email      string
	Name       string
	Password   string
	Superadmin bool
	LibraryID  int64 // the library the account joins; optional for a superadmin
	Role       Role
	StaffID    *int64 // the person's staff record in that library, if any
}

// Service manages accounts, memberships, logins and sessions.
type Service struct {
	DB     *db.DB
	Now    func() time.Time // nil → db.Now; tests move the clock
	Hasher HashParams       // zero → DefaultHashParams; tests use cheap ones
}

func (s *Service) now() time.Time {
	if s.Now == nil {
		return db.Now()
	}
	return s.Now().UTC().Truncate(time.Microsecond)
}

func (s *Service) hasher() HashParams {
	if s.Hasher == (HashParams{}) {
		return DefaultHashParams
	}
	return s.Hasher
}

// NormalizeEmail is how emails are stored and looked up.
func NormalizeEmail(email string) string { return strings.ToLower(strings.TrimSpace(email)) }

// validEmail accepts a bare address with a dotted domain: enough to catch
// typos, without pretending to know which mailboxes exist.
func validEmail(email string) bool {
	if len(email) > 254 || strings.ContainsAny(email, " <>") {
		return false
	}
	a, err := mail.ParseAddress(email)
	if err != nil || a.Address != email {
		return false
	}
	_, domain, _ := strings.Cut(email, "@")
	return strings.Contains(domain, ".") && !strings.HasPrefix(domain, ".") && !strings.HasSuffix(domain, ".")
}

func (n *NewUser) normalize() {
	n.Email = NormalizeEmail(n.Email)
	n.Name = strings.TrimSpace(n.Name)
}

func (n *NewUser) validate() error {
	var v apperr.Validation
	switch {
	case n.Email == "":
		v.Add("email", "field.required", nil)
	case !validEmail(n.Email):
		v.Add("email", "field.bad_email", nil)
	}
	switch {
	case n.Name == "":
		v.Add("name", "field.required", nil)
	case len(n.Name) > 200:
		v.Add("name", "field.too_long", apperr.Args{"Max": 200})
	}
	if err := ValidatePassword(n.Password); err != nil {
		v.Problems = append(v.Problems, apperr.As(err).Problems...)
	}
	if n.LibraryID == 0 && !n.Superadmin {
		v.Add("library_id", "field.required", nil)
	}
	if n.LibraryID != 0 {
		if n.Role == "" {
			v.Add("role", "field.required", nil)
		} else if !n.Role.Valid() {
			v.Add("role", "user.bad_role", nil)
		}
	}
	return v.Err()
}

// CreateUser adds an account and its role in n.LibraryID, in one
// transaction. Library admins create accounts in their library; only a
// superadmin creates another superadmin.
func (s *Service) CreateUser(ctx context.Context, actor *Actor, n NewUser) (User, error) {
	if actor == nil {
		return User{}, apperr.New(apperr.Unauthorized, "error.unauthorized", nil)
	}
	if n.Superadmin {
		if !actor.Superadmin {
			return User{}, apperr.ForbiddenError()
		}
	} else if err := actor.Require(PermUsersManage, n.LibraryID); err != nil {
		return User{}, err
	}
	return s.createUser(ctx, actor, n)
}

// Bootstrap creates an account with no one signed in: the first superadmin
// from the CLI (`bina user create`) and demo seeding. The audit log names
// "sistem" as the actor. Never reachable from the web or API.
func (s *Service) Bootstrap(ctx context.Context, n NewUser) (User, error) {
	return s.createUser(ctx, nil, n)
}

func (s *Service) createUser(ctx context.Context, actor *Actor, n NewUser) (User, error) {
	n.normalize()
	if err := n.validate(); err != nil {
		return User{}, err
	}
	hash, err := s.hasher().Hash(n.Password)
	if err != nil {
		return User{}, apperr.InternalError(err)
	}
	now := s.now()
	u := User{Email: n.Email, Name: n.Name, Superadmin: n.Superadmin, Active: true, CreatedAt: now}
	err = s.DB.InTx(ctx, func(tx *db.Tx) error {
		if n.LibraryID != 0 {
			if err := checkMembershipTarget(ctx, tx, n.LibraryID, n.StaffID); err != nil {
				return err
			}
		}
		err := tx.QueryRowContext(ctx, `INSERT INTO users (email, name, password_hash, superadmin, active, failed_logins, created_at, updated_at)
			VALUES (?, ?, ?, ?, ?, 0, ?, ?) RETURNING id`, u.Email, u.Name, hash, u.Superadmin, true, now, now).Scan(&u.ID)
		if db.IsUniqueViolation(err) {
			return conflictOn("email", "field.taken")
		}
		if err != nil {
			return apperr.InternalError(err)
		}
		changes := map[string][2]string{"email": {"", u.Email}, "name": {"", u.Name}}
		if u.Superadmin {
			changes["superadmin"] = [2]string{"", "true"}
		}
		if n.LibraryID != 0 {
			m := Membership{LibraryID: n.LibraryID, Role: n.Role, StaffID: n.StaffID}
			if _, err := tx.ExecContext(ctx, `INSERT INTO memberships (library_id, user_id, role, staff_id, created_at) VALUES (?, ?, ?, ?, ?)`,
				m.LibraryID, u.ID, string(m.Role), m.StaffID, now); err != nil {
				return apperr.InternalError(err)
			}
			u.Memberships = []Membership{m}
			changes["role"] = [2]string{"", string(m.Role)}
		}
		return recordAudit(ctx, tx, actor, n.LibraryID, "user.create", u.ID, u.Name, changes, now)
	})
	if err != nil {
		return User{}, err
	}
	return u, nil
}

// checkMembershipTarget turns what would be foreign-key failures into
// errors a person can act on.
func checkMembershipTarget(ctx context.Context, q db.Querier, libraryID int64, staffID *int64) error {
	var one int
	err := q.QueryRowContext(ctx, `SELECT 1 FROM libraries WHERE id = ?`, libraryID).Scan(&one)
	if errors.Is(err, sql.ErrNoRows) {
		return apperr.NotFoundError("library")
	}
	if err != nil {
		return apperr.InternalError(err)
	}
	if staffID == nil {
		return nil
	}
	err = q.QueryRowContext(ctx, `SELECT 1 FROM staff WHERE library_id = ? AND id = ?`, libraryID, *staffID).Scan(&one)
	if errors.Is(err, sql.ErrNoRows) {
		var v apperr.Validation
		v.Add("staff_id", "user.bad_staff", nil)
		return v.Err()
	}
	if err != nil {
		return apperr.InternalError(err)
	}
	return nil
}

// conflictOn is a field error with the Conflict code (a taken value).
func conflictOn(field, key string) error {
	var v apperr.Validation
	v.Add(field, key, nil)
	e := v.Err().(*apperr.Error)
	e.Code = apperr.Conflict
	return e
}

const memberCols = `u.id, u.email, u.name, u.superadmin, u.active, u.locked_until, u.last_login_at, u.created_at, m.library_id, m.role, m.staff_id`

func (s *Service) scanMember(row interface{ Scan(...any) error }) (User, error) {
	var u User
	var m Membership
	var role string
	err := row.Scan(&u.ID, &u.Email, &u.Name, &u.Superadmin, &u.Active, &u.LockedUntil, &u.LastLoginAt, &u.CreatedAt,
		&m.LibraryID, &role, &m.StaffID)
	if err != nil {
		return User{}, err
	}
	m.Role = Role(role)
	u.Memberships = []Membership{m}
	if u.LockedUntil != nil && !u.LockedUntil.After(s.now()) {
		u.LockedUntil = nil // a lockout that has run out is no longer news
	}
	return u, nil
}

// ListUsers returns the accounts holding a role in the library, by name.
func (s *Service) ListUsers(ctx context.Context, actor *Actor, libraryID int64) ([]User, error) {
	if err := actor.Require(PermUsersManage, libraryID); err != nil {
		return nil, err
	}
	rows, err := s.DB.Reader().QueryContext(ctx, `SELECT `+memberCols+`
		FROM memberships m JOIN users u ON u.id = m.user_id
		WHERE m.library_id = ? ORDER BY u.name, u.id`, libraryID)
	if err != nil {
		return nil, apperr.InternalError(err)
	}
	defer rows.Close()
	out := []User{}
	for rows.Next() {
		u, err := s.scanMember(rows)
		if err != nil {
			return nil, apperr.InternalError(err)
		}
		out = append(out, u)
	}
	if err := rows.Err(); err != nil {
		return nil, apperr.InternalError(err)
	}
	return out, nil
}

// GetUser returns one account of the library. An account without a role in
// the library is not found, even for a superadmin.
func (s *Service) GetUser(ctx context.Context, actor *Actor, libraryID, userID int64) (User, error) {
	if err := actor.Require(PermUsersManage, libraryID); err != nil {
		return User{}, err
	}
	return s.findMember(ctx, s.DB.Reader(), libraryID, userID)
}

func (s *Service) findMember(ctx context.Context, q db.Querier, libraryID, userID int64) (User, error) {
	u, err := s.scanMember(q.QueryRowContext(ctx, `SELECT `+memberCols+`
		FROM memberships m JOIN users u ON u.id = m.user_id
		WHERE m.library_id = ? AND m.user_id = ?`, libraryID, userID))
	if errors.Is(err, sql.ErrNoRows) {
		return User{}, apperr.NotFoundError("user")
	}
	if err != nil {
		return User{}, apperr.InternalError(err)
	}
	return u, nil
}

// LoadActor builds the actor for an active account with all its
// memberships. An inactive or missing account is Unauthorized.
func (s *Service) LoadActor(ctx context.Context, userID int64) (*Actor, error) {
	return loadActor(ctx, s.DB.Reader(), userID)
}

func loadActor(ctx context.Context, q db.Querier, userID int64) (*Actor, error) {
	a := &Actor{UserID: userID, Memberships: map[int64]Membership{}}
	var active bool
	var lang string
	var langChosen sql.NullTime
	err := q.QueryRowContext(ctx, `SELECT name, email, superadmin, active, lang, lang_chosen_at FROM users WHERE id = ?`, userID).
		Scan(&a.Name, &a.Email, &a.Superadmin, &active, &lang, &langChosen)
	if langChosen.Valid {
		a.Lang = lang
	}
	if errors.Is(err, sql.ErrNoRows) || (err == nil && !active) {
		return nil, apperr.New(apperr.Unauthorized, "error.unauthorized", nil)
	}
	if err != nil {
		return nil, apperr.InternalError(err)
	}
	rows, err := q.QueryContext(ctx, `SELECT library_id, role, staff_id FROM memberships WHERE user_id = ?`, userID)
	if err != nil {
		return nil, apperr.InternalError(err)
	}
	defer rows.Close()
	for rows.Next() {
		var m Membership
		var role string
		if err := rows.Scan(&m.LibraryID, &role, &m.StaffID); err != nil {
			return nil, apperr.InternalError(err)
		}
		m.Role = Role(role)
		a.Memberships[m.LibraryID] = m
	}
	if err := rows.Err(); err != nil {
		return nil, apperr.InternalError(err)
	}
	return a, nil
}

// recordAudit writes the change to the shared audit log inside tx.
func recordAudit(ctx context.Context, tx *db.Tx, actor *Actor, libraryID int64, action string, userID int64, summary string, changes map[string][2]string, now time.Time) error {
	if err := audit.RecordAt(ctx, tx, actor, libraryID, action, "user", userID, summary, changes, now); err != nil {
		return apperr.InternalError(err)
	}
	return nil
}
