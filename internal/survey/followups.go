package survey

import (
	"context"
	"database/sql"
	"errors"
	"strings"
	"time"
	"unicode/utf8"

	"github.com/bina-pustaka/bina/internal/apperr"
	"github.com/bina-pustaka/bina/internal/audit"
	"github.com/bina-pustaka/bina/internal/auth"
	"github.com/bina-pustaka/bina/internal/db"
	"github.com/bina-pustaka/bina/internal/ikm"
)

// Follow-up statuses, translated as "survey.followup.status.<v>".
var Statuses = []string{"planned", "in_progress", "done"}

// Followup is a rencana tindak lanjut: what the library will do about one
// weak element found in a period, who does it and by when.
type Followup struct {
	ID               int64     `json:"id"`
	LibraryID        int64     `json:"library_id"`
	ServicePointID   *int64    `json:"service_point_id"` // nil: the whole library
	ServicePointName string    `json:"service_point_name"`
	Element          string    `json:"element"` // U1 … U9
	Period           Period    `json:"period"`
	Action           string    `json:"action"`
	OwnerStaffID     *int64    `json:"owner_staff_id"`
	OwnerName        string    `json:"owner_name"`
	DueDate          string    `json:"due_date"` // YYYY-MM-DD
	Status           string    `json:"status"`
	CreatedAt        time.Time `json:"created_at"`
	UpdatedAt        time.Time `json:"updated_at"`
}

// ElementName is the regulation's name of the plan's element.
func (f Followup) ElementName() string {
	for _, e := range ikm.Elements {
		if e.Code == f.Element {
			return e.Name
		}
	}
	return f.Element
}

// MaxAction bounds the description of a plan.
const MaxAction = 2000

// Validate checks a plan before it is saved; the period comes from the
// report it was made on.
func (f *Followup) Validate() error {
	f.Action = strings.TrimSpace(f.Action)
	f.Element = strings.ToUpper(strings.TrimSpace(f.Element))
	var v apperr.Validation
	known := false
	for _, e := range ikm.Elements {
		known = known || e.Code == f.Element
	}
	if !known {
		v.Add("element", "survey.choose_one", nil)
	}
	if f.Action == "" {
		v.Add("action", "field.required", nil)
	} else if utf8.RuneCountInString(f.Action) > MaxAction {
		v.Add("action", "field.too_long", apperr.Args{"Max": MaxAction})
	}
	if _, err := time.Parse(time.DateOnly, f.DueDate); err != nil {
		v.Add("due_date", "survey.bad_date", nil)
	}
	if !oneOf(f.Status, Statuses) {
		v.Add("status", "survey.choose_one", nil)
	}
	if f.Period.From == "" || f.Period.To == "" || f.Period.Value == "" {
		v.Add("period", "survey.bad_period", nil)
	}
	return v.Err()
}

const followupCols = `f.id, f.library_id, f.service_point_id, COALESCE(sp.name, ''), f.element, f.period_label, f.period_from, f.period_to,
	f.action, f.owner_staff_id, COALESCE(st.name, ''), f.due_date, f.status, f.created_at, f.updated_at`

const followupFrom = ` FROM ikm_followups f
	LEFT JOIN service_points sp ON sp.library_id = f.library_id AND sp.id = f.service_point_id
	LEFT JOIN staff st ON st.library_id = f.library_id AND st.id = f.owner_staff_id`

func scanFollowup(row interface{ Scan(...any) error }) (Followup, error) {
	var f Followup
	var sp, owner sql.NullInt64
	err := row.Scan(&f.ID, &f.LibraryID, &sp, &f.ServicePointName, &f.Element, &f.Period.Value, &f.Period.From, &f.Period.To,
		&f.Action, &owner, &f.OwnerName, &f.DueDate, &f.Status, &f.CreatedAt, &f.UpdatedAt)
	if sp.Valid {
		f.ServicePointID = &sp.Int64
	}
	if owner.Valid {
		f.OwnerStaffID = &owner.Int64
	}
	f.Period.Kind = kindOf(f.Period.Value)
	return f, err
}

func kindOf(value string) string {
	switch {
	case value == Custom:
		return Custom
	case len(value) == 4:
		return Year
	case strings.Contains(value, "-Q"):
		return Quarter
	case strings.Contains(value, "-S"):
		return Semester
	}
	return Month
}

// Followups lists the plans of a service point (0: all of the library's)
// that are still open or whose period overlaps p, by due date.
func (s *Service) Followups(ctx context.Context, actor *auth.Actor, libraryID, servicePointID int64, p Period) ([]Followup, error) {
	if err := actor.Require(auth.PermSurveyView, libraryID); err != nil {
		return nil, err
	}
	q := `SELECT ` + followupCols + followupFrom + ` WHERE f.library_id = ? AND (f.status <> 'done' OR (f.period_from <= ? AND f.period_to >= ?))`
	args := []any{libraryID, p.To, p.From}
	if servicePointID != 0 {
		q += ` AND f.service_point_id = ?`
		args = append(args, servicePointID)
	}
	rows, err := s.DB.Reader().QueryContext(ctx, q+` ORDER BY f.due_date, f.id`, args...)
	if err != nil {
		return nil, apperr.InternalError(err)
	}
	defer rows.Close()
	var out []Followup
	for rows.Next() {
		f, err := scanFollowup(rows)
		if err != nil {
			return nil, apperr.InternalError(err)
		}
		out = append(out, f)
	}
	if err := rows.Err(); err != nil {
		return nil, apperr.InternalError(err)
	}
	return out, nil
}

// Followup returns one plan of the library.
func (s *Service) Followup(ctx context.Context, actor *auth.Actor, libraryID, id int64) (Followup, error) {
	if err := actor.Require(auth.PermSurveyView, libraryID); err != nil {
		return Followup{}, err
	}
	return findFollowup(ctx, s.DB.Reader(), libraryID, id)
}

func findFollowup(ctx context.Context, q db.Querier, libraryID, id int64) (Followup, error) {
	f, err := scanFollowup(q.QueryRowContext(ctx, `SELECT `+followupCols+followupFrom+` WHERE f.library_id = ? AND f.id = ?`, libraryID, id))
	if errors.Is(err, sql.ErrNoRows) {
		return Followup{}, apperr.NotFoundError("followup")
	}
	if err != nil {
		return Followup{}, apperr.InternalError(err)
	}
	return f, nil
}

// checkRefs makes sure the plan's service point and owner are the library's,
// so a form cannot point at another library's objects.
func checkRefs(ctx context.Context, q db.Querier, f *Followup) error {
	var v apperr.Validation
	if f.ServicePointID != nil {
		if _, err := servicePointName(ctx, q, f.LibraryID, *f.ServicePointID); err != nil {
			if apperr.CodeOf(err) != apperr.NotFound {
				return err
			}
			v.Add("service_point_id", "survey.choose_one", nil)
		}
	}
	if f.OwnerStaffID != nil {
		var one int
		err := q.QueryRowContext(ctx, `SELECT 1 FROM staff WHERE library_id = ? AND id = ?`, f.LibraryID, *f.OwnerStaffID).Scan(&one)
		if errors.Is(err, sql.ErrNoRows) {
			v.Add("owner_staff_id", "survey.choose_one", nil)
		} else if err != nil {
			return apperr.InternalError(err)
		}
	}
	return v.Err()
}

// CreateFollowup records a new plan.
func (s *Service) CreateFollowup(ctx context.Context, actor *auth.Actor, f Followup) (Followup, error) {
	if err := actor.Require(auth.PermSurveyManage, f.LibraryID); err != nil {
		return Followup{}, err
	}
	if f.Status == "" {
		f.Status = "planned"
	}
	if err := f.Validate(); err != nil {
		return Followup{}, err
	}
	now := s.now()
	var out Followup
	err := s.DB.InTx(ctx, func(tx *db.Tx) error {
		if err := checkRefs(ctx, tx, &f); err != nil {
			return err
		}
		var id int64
		err := tx.QueryRowContext(ctx, `INSERT INTO ikm_followups (library_id, service_point_id, element, period_label, period_from, period_to,
			action, owner_staff_id, due_date, status, created_at, updated_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?) RETURNING id`,
			f.LibraryID, f.ServicePointID, f.Element, f.Period.Value, f.Period.From, f.Period.To, f.Action, f.OwnerStaffID,
			f.DueDate, f.Status, now, now).Scan(&id)
		if err != nil {
			return apperr.InternalError(err)
		}
		if out, err = findFollowup(ctx, tx, f.LibraryID, id); err != nil {
			return err
		}
		return audit.RecordAt(ctx, tx, actor, f.LibraryID, "ikm_followup.create", "ikm_followup", id, out.Element+" "+out.Period.Value, nil, now)
	})
	return out, err
}

// UpdateFollowup changes a plan's action, owner, due date and status; its
// element, service point and period stay as they were made.
func (s *Service) UpdateFollowup(ctx context.Context, actor *auth.Actor, f Followup) (Followup, error) {
	if err := actor.Require(auth.PermSurveyManage, f.LibraryID); err != nil {
		return Followup{}, err
	}
	var out Followup
	err := s.DB.InTx(ctx, func(tx *db.Tx) error {
		old, err := findFollowup(ctx, tx, f.LibraryID, f.ID)
		if err != nil {
			return err
		}
		f.ServicePointID, f.Element, f.Period = old.ServicePointID, old.Element, old.Period
		if err := f.Validate(); err != nil {
			return err
		}
		if err := checkRefs(ctx, tx, &f); err != nil {
			return err
		}
		now := s.now()
		_, err = tx.ExecContext(ctx, `UPDATE ikm_followups SET action = ?, owner_staff_id = ?, due_date = ?, status = ?, updated_at = ?
			WHERE library_id = ? AND id = ?`, f.Action, f.OwnerStaffID, f.DueDate, f.Status, now, f.LibraryID, f.ID)
		if err != nil {
			return apperr.InternalError(err)
		}
		if out, err = findFollowup(ctx, tx, f.LibraryID, f.ID); err != nil {
			return err
		}
		c := audit.Changes{}
		c.Diff("action", old.Action, out.Action)
		c.Diff("owner", old.OwnerName, out.OwnerName)
		c.Diff("due_date", old.DueDate, out.DueDate)
		c.Diff("status", old.Status, out.Status)
		return audit.RecordAt(ctx, tx, actor, f.LibraryID, "ikm_followup.update", "ikm_followup", f.ID, out.Element+" "+out.Period.Value, c, now)
	})
	return out, err
}

// Person is a staff member who may own a plan.
type Person struct {
	ID   int64  `json:"id"`
	Name string `json:"name"`
}

// Owners lists the library's active staff by name, for the owner field.
func (s *Service) Owners(ctx context.Context, actor *auth.Actor, libraryID int64) ([]Person, error) {
	if err := actor.Require(auth.PermSurveyManage, libraryID); err != nil {
		return nil, err
	}
	rows, err := s.DB.Reader().QueryContext(ctx, `SELECT id, name FROM staff WHERE library_id = ? AND active = ? ORDER BY name, id`, libraryID, true)
	if err != nil {
		return nil, apperr.InternalError(err)
	}
	defer rows.Close()
	var out []Person
	for rows.Next() {
		var p Person
		if err := rows.Scan(&p.ID, &p.Name); err != nil {
			return nil, apperr.InternalError(err)
		}
		out = append(out, p)
	}
	if err := rows.Err(); err != nil {
		return nil, apperr.InternalError(err)
	}
	return out, nil
}
