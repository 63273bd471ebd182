package record

import (
	"context"
	"strconv"

	"github.com/bina-pustaka/bina/internal/apperr"
	"github.com/bina-pustaka/bina/internal/auth"
	"github.com/bina-pustaka/bina/internal/db"
)

// Regulation returns the deployment's angka kredit table. Every signed-in
// person may read it: it is a public regulation.
func (s *Service) Regulation(ctx context.Context, actor *auth.Actor) (Regulation, error) {
	if err := actor.Require(auth.PermSignedIn, 0); err != nil {
		return Regulation{}, err
	}
	return loadRegulation(ctx, s.DB.Reader())
}

func loadRegulation(ctx context.Context, q db.Querier) (Regulation, error) {
	reg := Regulation{Coefficients: []Coefficient{}, Percentages: []RatingPercent{}, Thresholds: []Threshold{}}
	rows, err := q.QueryContext(ctx, `SELECT jenjang, coefficient_milli FROM ak_coefficients ORDER BY position, jenjang`)
	if err != nil {
		return Regulation{}, apperr.InternalError(err)
	}
	for rows.Next() {
		var c Coefficient
		var milli int64
		if err := rows.Scan(&c.Jenjang, &milli); err != nil {
			rows.Close()
			return Regulation{}, apperr.InternalError(err)
		}
		c.Coefficient = CreditsFromMilli(milli)
		reg.Coefficients = append(reg.Coefficients, c)
	}
	rows.Close()
	if err := rows.Err(); err != nil {
		return Regulation{}, apperr.InternalError(err)
	}
	rows, err = q.QueryContext(ctx, `SELECT rating, percent FROM ak_rating_percentages ORDER BY position, rating`)
	if err != nil {
		return Regulation{}, apperr.InternalError(err)
	}
	for rows.Next() {
		var p RatingPercent
		if err := rows.Scan(&p.Rating, &p.Percent); err != nil {
			rows.Close()
			return Regulation{}, apperr.InternalError(err)
		}
		reg.Percentages = append(reg.Percentages, p)
	}
	rows.Close()
	if err := rows.Err(); err != nil {
		return Regulation{}, apperr.InternalError(err)
	}
	rows, err = q.QueryContext(ctx, `SELECT t.jenjang, t.next_jenjang, t.credits_needed_milli FROM ak_thresholds t
		LEFT JOIN ak_coefficients c ON c.jenjang = t.jenjang ORDER BY c.position, t.jenjang`)
	if err != nil {
		return Regulation{}, apperr.InternalError(err)
	}
	defer rows.Close()
	for rows.Next() {
		var t Threshold
		var milli int64
		if err := rows.Scan(&t.Jenjang, &t.Next, &milli); err != nil {
			return Regulation{}, apperr.InternalError(err)
		}
		t.Needed = CreditsFromMilli(milli)
		reg.Thresholds = append(reg.Thresholds, t)
	}
	if err := rows.Err(); err != nil {
		return Regulation{}, apperr.InternalError(err)
	}
	return reg, nil
}

// RegulationUpdate holds new values for the table's rows, by jenjang and
// rating. Rows are not added or removed here: the jenjang and ratings are
// fixed by the jabatan fungsional; their numbers are what regulations change.
type RegulationUpdate struct {
	Coefficients map[string]Credits // by jenjang
	Percentages  map[string]int     // by rating
	Needed       map[string]Credits // by jenjang with a next one
}

// Field names of the regulation form, for its problems.
func CoefficientField(jenjang string) string { return "coefficient." + jenjang }
func PercentField(rating string) string      { return "percent." + rating }
func NeededField(jenjang string) string      { return "needed." + jenjang }

// Bounds that catch a slip of the keyboard (1250 for 12.5) without binding
// a future regulation.
const (
	maxCoefficient = 1000 * CreditUnit
	maxNeeded      = 10000 * CreditUnit
)

// MaxPercent is the highest rating percentage the table accepts.
const MaxPercent = 500

// UpdateRegulation changes the table's values, superadmins only, in one
// transaction with one audit entry listing every changed value.
func (s *Service) UpdateRegulation(ctx context.Context, actor *auth.Actor, u RegulationUpdate) (Regulation, error) {
	if err := actor.Require(auth.PermAKRegulation, 0); err != nil {
		return Regulation{}, err
	}
	var out Regulation
	err := s.DB.InTx(ctx, func(tx *db.Tx) error {
		old, err := loadRegulation(ctx, tx)
		if err != nil {
			return err
		}
		var c checker
		changes := map[string][2]string{}
		type update struct {
			query string
			args  []any
		}
		var updates []update
		for _, co := range old.Coefficients {
			v, ok := u.Coefficients[co.Jenjang]
			if !ok || v == co.Coefficient {
				continue
			}
			if v <= 0 || v > maxCoefficient {
				c.Add(CoefficientField(co.Jenjang), "record.bad_coefficient", nil)
				continue
			}
			changes["coefficient "+co.Jenjang] = [2]string{co.Coefficient.String(), v.String()}
			updates = append(updates, update{`UPDATE ak_coefficients SET coefficient_milli = ? WHERE jenjang = ?`, []any{v.Milli(), co.Jenjang}})
		}
		for _, p := range old.Percentages {
			v, ok := u.Percentages[p.Rating]
			if !ok || v == p.Percent {
				continue
			}
			if v < 0 || v > MaxPercent {
				c.Add(PercentField(p.Rating), "record.bad_percent", apperr.Args{"Max": MaxPercent})
				continue
			}
			changes["percent "+p.Rating] = [2]string{strconv.Itoa(p.Percent), strconv.Itoa(v)}
			updates = append(updates, update{`UPDATE ak_rating_percentages SET percent = ? WHERE rating = ?`, []any{v, p.Rating}})
		}
		for _, t := range old.Thresholds {
			v, ok := u.Needed[t.Jenjang]
			if !ok || v == t.Needed {
				continue
			}
			if v <= 0 || v > maxNeeded {
				c.Add(NeededField(t.Jenjang), "record.bad_needed", nil)
				continue
			}
			changes["needed "+t.Jenjang] = [2]string{t.Needed.String(), v.String()}
			updates = append(updates, update{`UPDATE ak_thresholds SET credits_needed_milli = ? WHERE jenjang = ?`, []any{v.Milli(), t.Jenjang}})
		}
		if err := c.Err(); err != nil {
			return err
		}
		for _, up := range updates {
			if _, err := tx.ExecContext(ctx, up.query, up.args...); err != nil {
				return apperr.InternalError(err)
			}
		}
		if len(changes) > 0 {
			// Deployment-wide (library 0), like the table itself.
			if err := recordAuditEntity(ctx, tx, actor, 0, "angka_kredit.update", "angka_kredit", 0, "PermenPANRB 1/2023", changes, s.now()); err != nil {
				return err
			}
		}
		out, err = loadRegulation(ctx, tx)
		return err
	})
	if err != nil {
		return Regulation{}, err
	}
	return out, nil
}

// JPTarget returns the library's yearly JP target (DefaultJPTarget unless set).
func (s *Service) JPTarget(ctx context.Context, actor *auth.Actor, libraryID int64) (int, error) {
	if err := actor.Require(auth.PermLibraryView, libraryID); err != nil {
		return 0, err
	}
	return jpTarget(ctx, s.DB.Reader(), libraryID)
}

func jpTarget(ctx context.Context, q db.Querier, libraryID int64) (int, error) {
	var jp int
	err := q.QueryRowContext(ctx, `SELECT COALESCE(MAX(jp), 0) FROM jp_targets WHERE library_id = ?`, libraryID).Scan(&jp)
	if err != nil {
		return 0, apperr.InternalError(err)
	}
	if jp == 0 {
		jp = DefaultJPTarget
	}
	return jp, nil
}

// MaxJPTarget bounds the yearly target a library may set.
const MaxJPTarget = 500

// SetJPTarget changes the library's yearly target. It may be raised above
// the national minimum, not lowered under it.
func (s *Service) SetJPTarget(ctx context.Context, actor *auth.Actor, libraryID int64, jp int) error {
	if err := actor.Require(auth.PermLibraryManage, libraryID); err != nil {
		return err
	}
	if jp < DefaultJPTarget || jp > MaxJPTarget {
		var v apperr.Validation
		v.Add("jp_target", "record.bad_jp_target", apperr.Args{"Min": DefaultJPTarget, "Max": MaxJPTarget})
		return v.Err()
	}
	return s.DB.InTx(ctx, func(tx *db.Tx) error {
		old, err := jpTarget(ctx, tx, libraryID)
		if err != nil {
			return err
		}
		if old == jp {
			return nil
		}
		now := s.now()
		if _, err := tx.ExecContext(ctx, `INSERT INTO jp_targets (library_id, jp, updated_at) VALUES (?, ?, ?)
			ON CONFLICT (library_id) DO UPDATE SET jp = excluded.jp, updated_at = excluded.updated_at`, libraryID, jp, now); err != nil {
			return apperr.InternalError(err)
		}
		return recordAuditEntity(ctx, tx, actor, libraryID, "jp_target.update", "jp_target", 0, "JP",
			map[string][2]string{"jp": {strconv.Itoa(old), strconv.Itoa(jp)}}, now)
	})
}
