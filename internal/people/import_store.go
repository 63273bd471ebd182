package people

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"io"
	"sort"
	"strconv"
	"strings"

	"github.com/bina-pustaka/bina/internal/apperr"
	"github.com/bina-pustaka/bina/internal/audit"
	"github.com/bina-pustaka/bina/internal/auth"
	"github.com/bina-pustaka/bina/internal/db"
)

// ImportResult says what an import did.
type ImportResult struct {
	Created   int `json:"created"`
	Updated   int `json:"updated"`
	Unchanged int `json:"unchanged"`
	// Unposted counts people whose unit kerja names no service point of the
	// library; they were imported without a posting.
	Unposted     int      `json:"unposted"`
	UnknownUnits []string `json:"unknown_units"` // distinct, sorted
}

// importBatch is how many people one INSERT carries (13 values each, far
// below both engines' parameter limits).
const importBatch = 100

// Import reads a staff export and brings the library's directory in line
// with it, all or nothing: any problem in the file writes nothing. A row
// matches an existing person by NIP; a row without NIP matches a NIP-less
// person by e-mail, else (when neither has an e-mail) by name in any case.
// A row with a new NIP also takes over a NIP-less record with its e-mail:
// the honorer who became PPPK stays one person.
func (s *Service) Import(ctx context.Context, actor *auth.Actor, libraryID int64, r io.Reader) (ImportResult, error) {
	if err := actor.Require(auth.PermStaffManage, libraryID); err != nil {
		return ImportResult{}, err
	}
	rows, err := ParseStaffCSV(r)
	if err != nil {
		return ImportResult{}, err
	}
	res := ImportResult{UnknownUnits: []string{}}
	err = s.DB.InTx(ctx, func(tx *db.Tx) error {
		res = ImportResult{UnknownUnits: []string{}}
		// A superadmin (or the CLI) may name any id; say plainly when it is no library.
		var one int
		if err := tx.QueryRowContext(ctx, "SELECT 1 FROM libraries WHERE id = ?", libraryID).Scan(&one); errors.Is(err, sql.ErrNoRows) {
			return apperr.NotFoundError("library")
		} else if err != nil {
			return apperr.InternalError(err)
		}
		idx, err := loadImportIndex(ctx, tx, libraryID)
		if err != nil {
			return err
		}
		var creates, updates []Staff
		var v apperr.Validation
		unknown := map[string]bool{}
		for _, row := range rows {
			st, old := idx.plan(libraryID, row)
			if _, ok := row.Columns[colUnit]; ok {
				st.ServicePointID, st.ServicePointName = nil, ""
				if row.Unit != "" {
					if sp, found := idx.points[unitKey(row.Unit)]; found {
						st.ServicePointID, st.ServicePointName = &sp.id, sp.name
					} else {
						res.Unposted++
						unknown[row.Unit] = true
					}
				}
			}
			// Fields kept from the existing record must still agree
			// with those the file changed (a PPPK given a III/a, say).
			if old != nil {
				if err := st.Validate(); err != nil {
					for _, pr := range apperr.As(err).Problems {
						if len(v.Problems) < MaxImportProblems {
							v.AddCell(row.Line, columnOf(row.Columns, pr.Field), pr.Key, pr.Args)
						}
					}
					continue
				}
			}
			switch {
			case old == nil:
				creates = append(creates, st)
			case sameStaff(*old, st):
				res.Unchanged++
			default:
				updates = append(updates, st)
			}
		}
		if err := v.Err(); err != nil {
			return err
		}
		for u := range unknown {
			res.UnknownUnits = append(res.UnknownUnits, u)
		}
		sort.Strings(res.UnknownUnits)
		if err := insertStaff(ctx, tx, creates); err != nil {
			return err
		}
		for _, st := range updates {
			if _, err := tx.ExecContext(ctx, `UPDATE staff SET nip = ?, name = ?, employment_status = ?, position = ?, level = ?,
				grade = ?, education = ?, service_point_id = ?, email = ?, updated_at = ? WHERE library_id = ? AND id = ?`,
				nullable(st.NIP), st.Name, st.EmploymentStatus, st.Position, st.Level, st.Grade, st.Education,
				idOrNil(st.ServicePointID), st.Email, st.UpdatedAt, libraryID, st.ID); err != nil {
				if db.IsUniqueViolation(err) {
					return nipTaken()
				}
				return apperr.InternalError(err)
			}
		}
		res.Created, res.Updated = len(creates), len(updates)
		c := audit.Changes{}
		for _, kv := range []struct {
			k string
			n int
		}{{"created", res.Created}, {"updated", res.Updated}, {"unchanged", res.Unchanged}, {"unposted", res.Unposted}} {
			c.Diff(kv.k, "", strconv.Itoa(kv.n))
		}
		summary := fmt.Sprintf("%d baris: %d baru, %d diperbarui, %d tetap", len(rows), res.Created, res.Updated, res.Unchanged)
		return audit.Record(ctx, tx, actor, libraryID, "staff.import", "staff", 0, summary, c)
	})
	if err != nil {
		return ImportResult{}, err
	}
	return res, nil
}

type pointRef struct {
	id   int64
	name string
}

// importIndex holds the library's staff and service points in maps, so
// that matching 5,000 rows costs two queries, not 5,000.
type importIndex struct {
	staff   []Staff
	byNIP   map[string]int   // NIP → index in staff
	byEmail map[string][]int // NIP-less staff by e-mail
	byName  map[string][]int // NIP-less staff without e-mail, by lower-case name
	used    map[int]bool
	points  map[string]pointRef // lower-case name → service point
}

func unitKey(s string) string { return strings.ToLower(collapseSpaces(s)) }

func loadImportIndex(ctx context.Context, tx *db.Tx, libraryID int64) (*importIndex, error) {
	idx := &importIndex{byNIP: map[string]int{}, byEmail: map[string][]int{}, byName: map[string][]int{},
		used: map[int]bool{}, points: map[string]pointRef{}}
	rows, err := tx.QueryContext(ctx, `SELECT id, name FROM service_points WHERE library_id = ?`, libraryID)
	if err != nil {
		return nil, apperr.InternalError(err)
	}
	for rows.Next() {
		var p pointRef
		if err := rows.Scan(&p.id, &p.name); err != nil {
			rows.Close()
			return nil, apperr.InternalError(err)
		}
		idx.points[unitKey(p.name)] = p
	}
	rows.Close()
	if err := rows.Err(); err != nil {
		return nil, apperr.InternalError(err)
	}
	rows, err = tx.QueryContext(ctx, `SELECT `+staffCols+staffFrom+` WHERE s.library_id = ? ORDER BY s.id`, libraryID)
	if err != nil {
		return nil, apperr.InternalError(err)
	}
	defer rows.Close()
	for rows.Next() {
		st, err := scanStaff(rows)
		if err != nil {
			return nil, apperr.InternalError(err)
		}
		i := len(idx.staff)
		idx.staff = append(idx.staff, st)
		switch {
		case st.NIP != "":
			idx.byNIP[st.NIP] = i
		case st.Email != "":
			idx.byEmail[st.Email] = append(idx.byEmail[st.Email], i)
		default:
			key := strings.ToLower(st.Name)
			idx.byName[key] = append(idx.byName[key], i)
		}
	}
	if err := rows.Err(); err != nil {
		return nil, apperr.InternalError(err)
	}
	return idx, nil
}

// take returns the first candidate no earlier row has claimed.
func (idx *importIndex) take(cands []int) (int, bool) {
	for _, i := range cands {
		if !idx.used[i] {
			idx.used[i] = true
			return i, true
		}
	}
	return 0, false
}

// plan returns the record a row leads to and the existing one it updates
// (nil for a new person). Columns absent from the file keep their values.
func (idx *importIndex) plan(libraryID int64, row ImportRow) (Staff, *Staff) {
	in := row.Staff
	i, found := -1, false
	if in.NIP != "" {
		i, found = idx.byNIP[in.NIP]
		if found {
			idx.used[i] = true
		}
	}
	if !found && in.Email != "" {
		i, found = idx.take(idx.byEmail[in.Email])
	}
	if !found && in.NIP == "" && in.Email == "" {
		i, found = idx.take(idx.byName[strings.ToLower(in.Name)])
	}
	if !found {
		in.LibraryID, in.Active = libraryID, true
		return in, nil
	}
	old := &idx.staff[i]
	st := *old
	st.UpdatedAt = db.Now()
	has := func(f string) bool { _, ok := row.Columns[f]; return ok }
	if in.NIP != "" {
		st.NIP = in.NIP
	}
	st.Name = in.Name
	if has("employment_status") || in.NIP != old.NIP {
		st.EmploymentStatus = in.EmploymentStatus
	}
	if has("position") {
		st.Position, st.Level = in.Position, in.Level
	}
	if has("level") {
		st.Level = in.Level
	}
	if has("grade") {
		st.Grade = in.Grade
	}
	if has("education") {
		st.Education = in.Education
	}
	if has("email") {
		st.Email = in.Email
	}
	return st, old
}

func sameStaff(a, b Staff) bool {
	same := a.NIP == b.NIP && a.Name == b.Name && a.EmploymentStatus == b.EmploymentStatus &&
		a.Position == b.Position && a.Level == b.Level && a.Grade == b.Grade && a.Education == b.Education &&
		a.Email == b.Email
	if (a.ServicePointID == nil) != (b.ServicePointID == nil) {
		return false
	}
	return same && (a.ServicePointID == nil || *a.ServicePointID == *b.ServicePointID)
}

// insertStaff adds new people in multi-row INSERTs.
func insertStaff(ctx context.Context, tx *db.Tx, list []Staff) error {
	now := db.Now()
	for start := 0; start < len(list); start += importBatch {
		end := min(start+importBatch, len(list))
		var q strings.Builder
		q.WriteString(`INSERT INTO staff (library_id, nip, name, employment_status, position, level, grade, education,
			service_point_id, email, active, created_at, updated_at) VALUES `)
		args := make([]any, 0, (end-start)*13)
		for i, st := range list[start:end] {
			if i > 0 {
				q.WriteString(", ")
			}
			q.WriteString("(?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)")
			args = append(args, st.LibraryID, nullable(st.NIP), st.Name, st.EmploymentStatus, st.Position, st.Level,
				st.Grade, st.Education, idOrNil(st.ServicePointID), st.Email, true, now, now)
		}
		if _, err := tx.ExecContext(ctx, q.String(), args...); err != nil {
			if db.IsUniqueViolation(err) {
				return nipTaken()
			}
			return apperr.InternalError(err)
		}
	}
	return nil
}
