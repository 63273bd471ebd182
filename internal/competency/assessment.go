package competency

import (
	"context"
	"database/sql"
	"errors"
	"strconv"
	"strings"
	"time"
	"unicode/utf8"

	"github.com/bina-pustaka/bina/internal/apperr"
	"github.com/bina-pustaka/bina/internal/audit"
	"github.com/bina-pustaka/bina/internal/auth"
	"github.com/bina-pustaka/bina/internal/db"
)

// Cycle statuses. A cycle takes ratings while open; closing freezes every
// person's required and agreed levels (assessment_results).
const (
	CycleOpen   = "open"
	CycleClosed = "closed"
)

// Assessment statuses.
const (
	AssessmentPending   = "pending"   // nothing submitted yet
	AssessmentSubmitted = "submitted" // the self-assessment is in
	AssessmentReviewed  = "reviewed"  // the supervisor has set the agreed levels
)

// Rating roles.
const (
	RoleSelf       = "self"
	RoleSupervisor = "supervisor"
	RolePeer       = "peer"
)

// MaxCycleNameLen bounds a cycle's name ("Semester I 2027").
const MaxCycleNameLen = 200

// Cycle is an assessment round of a library against one framework version.
type Cycle struct {
	ID            int64      `json:"id"`
	LibraryID     int64      `json:"library_id"`
	Name          string     `json:"name"`
	VersionID     int64      `json:"version_id"`
	FrameworkName string     `json:"framework_name"`
	VersionNumber int        `json:"version_number"`
	OpensOn       string     `json:"opens_on"`
	ClosesOn      string     `json:"closes_on"`
	Status        string     `json:"status"`
	CreatedAt     time.Time  `json:"created_at"`
	ClosedAt      *time.Time `json:"closed_at"`
	Total         int        `json:"total"`     // assessments in the cycle
	Submitted     int        `json:"submitted"` // self-assessment in (reviewed included)
	Reviewed      int        `json:"reviewed"`
}

// Open reports whether the cycle still takes ratings.
func (c Cycle) Open() bool { return c.Status == CycleOpen }

// NewCycle is what a coordinator gives to open a cycle.
type NewCycle struct {
	Name        string
	FrameworkID int64
	OpensOn     string
	ClosesOn    string
}

func validDate(s string) bool {
	_, err := time.Parse("2006-01-02", s)
	return err == nil
}

// Validate checks a new cycle's fields.
func (n *NewCycle) Validate() error {
	n.Name = collapseSpaces(n.Name)
	n.OpensOn, n.ClosesOn = strings.TrimSpace(n.OpensOn), strings.TrimSpace(n.ClosesOn)
	var v apperr.Validation
	switch {
	case n.Name == "":
		v.Add("name", "field.required", nil)
	case utf8.RuneCountInString(n.Name) > MaxCycleNameLen:
		v.Add("name", "field.too_long", apperr.Args{"Max": MaxCycleNameLen})
	}
	if n.FrameworkID <= 0 {
		v.Add("framework_id", "field.required", nil)
	}
	okOpen, okClose := validDate(n.OpensOn), validDate(n.ClosesOn)
	if !okOpen {
		v.Add("opens_on", "assessment.bad_date", nil)
	}
	if !okClose {
		v.Add("closes_on", "assessment.bad_date", nil)
	}
	if okOpen && okClose && n.ClosesOn < n.OpensOn {
		v.Add("closes_on", "assessment.closes_before_opens", nil)
	}
	return v.Err()
}

const cycleSelect = `SELECT c.id, c.library_id, c.name, c.version_id, f.name, v.number, c.opens_on, c.closes_on, c.status, c.created_at, c.closed_at,
	(SELECT COUNT(*) FROM assessments a WHERE a.library_id = c.library_id AND a.cycle_id = c.id),
	(SELECT COUNT(*) FROM assessments a WHERE a.library_id = c.library_id AND a.cycle_id = c.id AND a.status <> 'pending'),
	(SELECT COUNT(*) FROM assessments a WHERE a.library_id = c.library_id AND a.cycle_id = c.id AND a.status = 'reviewed')
	FROM assessment_cycles c
	JOIN framework_versions v ON v.library_id = c.library_id AND v.id = c.version_id
	JOIN frameworks f ON f.library_id = v.library_id AND f.id = v.framework_id`

func scanCycle(row interface{ Scan(...any) error }) (Cycle, error) {
	var c Cycle
	err := row.Scan(&c.ID, &c.LibraryID, &c.Name, &c.VersionID, &c.FrameworkName, &c.VersionNumber, &c.OpensOn, &c.ClosesOn,
		&c.Status, &c.CreatedAt, &c.ClosedAt, &c.Total, &c.Submitted, &c.Reviewed)
	return c, err
}

func findCycle(ctx context.Context, q db.Querier, libraryID, id int64) (Cycle, error) {
	c, err := scanCycle(q.QueryRowContext(ctx, cycleSelect+` WHERE c.library_id = ? AND c.id = ?`, libraryID, id))
	if errors.Is(err, sql.ErrNoRows) {
		return Cycle{}, apperr.NotFoundError("cycle")
	}
	if err != nil {
		return Cycle{}, apperr.InternalError(err)
	}
	return c, nil
}

// Cycles lists the library's cycles, newest first. Every member sees the
// list (a librarian needs to know a cycle is open); results need more.
func (s *Service) Cycles(ctx context.Context, actor *auth.Actor, libraryID int64) ([]Cycle, error) {
	if err := actor.Require(auth.PermLibraryView, libraryID); err != nil {
		return nil, err
	}
	return listCycles(ctx, s.DB.Reader(), libraryID)
}

func listCycles(ctx context.Context, q db.Querier, libraryID int64) ([]Cycle, error) {
	rows, err := q.QueryContext(ctx, cycleSelect+` WHERE c.library_id = ? ORDER BY c.opens_on DESC, c.id DESC`, libraryID)
	if err != nil {
		return nil, apperr.InternalError(err)
	}
	defer rows.Close()
	out := []Cycle{}
	for rows.Next() {
		c, err := scanCycle(rows)
		if err != nil {
			return nil, apperr.InternalError(err)
		}
		out = append(out, c)
	}
	return out, rows.Err()
}

// Cycle returns one cycle.
func (s *Service) Cycle(ctx context.Context, actor *auth.Actor, libraryID, id int64) (Cycle, error) {
	if err := actor.Require(auth.PermLibraryView, libraryID); err != nil {
		return Cycle{}, err
	}
	return findCycle(ctx, s.DB.Reader(), libraryID, id)
}

// OpenCycle starts a cycle on the framework's current published version
// (fixed for the cycle's life) and makes a pending assessment for every
// active staff member.
func (s *Service) OpenCycle(ctx context.Context, actor *auth.Actor, libraryID int64, n NewCycle) (Cycle, error) {
	if err := actor.Require(auth.PermAssessmentManage, libraryID); err != nil {
		return Cycle{}, err
	}
	if err := n.Validate(); err != nil {
		return Cycle{}, err
	}
	var id int64
	err := s.DB.InTx(ctx, func(tx *db.Tx) error {
		if _, err := findFramework(ctx, tx, libraryID, n.FrameworkID); err != nil {
			return err
		}
		v, ok, err := versionWithStatus(ctx, tx, libraryID, n.FrameworkID, StatusPublished)
		if err != nil {
			return err
		}
		if !ok {
			var p apperr.Validation
			p.Add("framework_id", "competency.no_published_version", nil)
			return p.Err()
		}
		now := db.Now()
		err = tx.QueryRowContext(ctx, `INSERT INTO assessment_cycles (library_id, name, version_id, opens_on, closes_on, status, created_at)
			VALUES (?, ?, ?, ?, ?, ?, ?) RETURNING id`, libraryID, n.Name, v.ID, n.OpensOn, n.ClosesOn, CycleOpen, now).Scan(&id)
		if db.IsUniqueViolation(err) {
			return conflictOn("name")
		}
		if err != nil {
			return apperr.InternalError(err)
		}
		if _, err := tx.ExecContext(ctx, `INSERT INTO assessments (library_id, cycle_id, staff_id, status)
			SELECT library_id, ?, id, ? FROM staff WHERE library_id = ? AND active = ?`, id, AssessmentPending, libraryID, true); err != nil {
			return apperr.InternalError(err)
		}
		return audit.Record(ctx, tx, actor, libraryID, "assessment.cycle_open", "assessment_cycle", id, n.Name,
			audit.Changes{"version_id": {"", strconv.FormatInt(v.ID, 10)}, "opens_on": {"", n.OpensOn}, "closes_on": {"", n.ClosesOn}})
	})
	if err != nil {
		return Cycle{}, err
	}
	return findCycle(ctx, s.DB.Reader(), libraryID, id)
}

// CloseCycle ends a cycle: every person's required level (as her position
// resolves now) and agreed level per competency are written down, and from
// then on gaps read only that record.
func (s *Service) CloseCycle(ctx context.Context, actor *auth.Actor, libraryID, id int64) (Cycle, error) {
	if err := actor.Require(auth.PermAssessmentManage, libraryID); err != nil {
		return Cycle{}, err
	}
	err := s.DB.InTx(ctx, func(tx *db.Tx) error {
		c, err := findCycle(ctx, tx, libraryID, id)
		if err != nil {
			return err
		}
		if !c.Open() {
			return apperr.New(apperr.Conflict, "assessment.cycle_closed", nil)
		}
		cells, err := liveCells(ctx, tx, libraryID, c, 0)
		if err != nil {
			return err
		}
		if err := insertResults(ctx, tx, libraryID, id, cells); err != nil {
			return err
		}
		if _, err := tx.ExecContext(ctx, `UPDATE assessment_cycles SET status = ?, closed_at = ? WHERE library_id = ? AND id = ?`,
			CycleClosed, db.Now(), libraryID, id); err != nil {
			return apperr.InternalError(err)
		}
		return audit.Record(ctx, tx, actor, libraryID, "assessment.cycle_close", "assessment_cycle", id, c.Name,
			audit.Changes{"status": {CycleOpen, CycleClosed}})
	})
	if err != nil {
		return Cycle{}, err
	}
	return findCycle(ctx, s.DB.Reader(), libraryID, id)
}

// resultBatch rows go in one INSERT: 1,000 people × 60 competencies close
// in about a hundred statements, well under both engines' parameter limits.
const resultBatch = 500

func insertResults(ctx context.Context, tx *db.Tx, libraryID, cycleID int64, cells []cell) error {
	for len(cells) > 0 {
		n := min(len(cells), resultBatch)
		var sb strings.Builder
		sb.WriteString(`INSERT INTO assessment_results (library_id, cycle_id, staff_id, competency_id, required_level, agreed_level) VALUES `)
		args := make([]any, 0, 6*n)
		for i, c := range cells[:n] {
			if i > 0 {
				sb.WriteString(", ")
			}
			sb.WriteString("(?, ?, ?, ?, ?, ?)")
			var agreed any
			if c.Agreed > 0 {
				agreed = c.Agreed
			}
			args = append(args, libraryID, cycleID, c.StaffID, c.CompetencyID, c.Required, agreed)
		}
		if _, err := tx.ExecContext(ctx, sb.String(), args...); err != nil {
			return apperr.InternalError(err)
		}
		cells = cells[n:]
	}
	return nil
}
