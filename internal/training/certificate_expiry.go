package training

import (
	"context"
	"database/sql"

	"github.com/bina-pustaka/bina/internal/auth"
	"github.com/bina-pustaka/bina/internal/record"
)

// ExpiryWindowDays is how far ahead the coordinators' list of expiring
// certificates looks unless asked otherwise.
const ExpiryWindowDays = 60

// ExpiryWindows are the look-aheads the list offers (days).
var ExpiryWindows = []int{30, 60, 90, 180, 365}

// ExpiringCertificates are the certificates in force whose last valid day
// falls within Days of Today: the people who need a renewal.
type ExpiringCertificates struct {
	Today record.Date
	Days  int
	Items []Certificate // soonest first
}

// DaysLeft counts the days from today to the certificate's last valid day
// (0 for one that never expires).
func (c Certificate) DaysLeft(today record.Date) int {
	if c.ExpiresOn == "" {
		return 0
	}
	return today.DaysUntil(c.ExpiresOn)
}

// Expiring lists, for coordinators, the library's certificates that are
// neither revoked nor expired and end within days from today (a window
// outside 1–730 falls back to ExpiryWindowDays). A certificate whose holder
// already has a later one of the same programme in force is renewed and
// left out.
func (s *Service) Expiring(ctx context.Context, actor *auth.Actor, libraryID int64, days int) (ExpiringCertificates, error) {
	if err := actor.Require(auth.PermTrainingManage, libraryID); err != nil {
		return ExpiringCertificates{}, err
	}
	if days < 1 || days > 730 {
		days = ExpiryWindowDays
	}
	q := s.DB.Reader()
	lib, err := s.library(ctx, q, libraryID)
	if err != nil {
		return ExpiringCertificates{}, err
	}
	out := ExpiringCertificates{Today: lib.Today, Days: days, Items: []Certificate{}}
	// "Not renewed": no later certificate in force of the same person and
	// programme, i.e. this one's end is the latest end of its (person,
	// programme) — one never ending counts as 9999-12-31. Written as a join
	// to that maximum rather than NOT EXISTS: PostgreSQL's generic plan of
	// the prepared NOT EXISTS compared every pair (50 ms for 1,350
	// certificates; docs/BENCHMARKS.md, home page).
	err = eachRow(ctx, q, `SELECT `+certCols+certFrom+`
		JOIN (SELECT n.staff_id, nx.program_id, MAX(COALESCE(n.expires_on, '9999-12-31')) AS latest
			FROM training_certificates n JOIN training_sessions nx ON nx.library_id = n.library_id AND nx.id = n.session_id
			WHERE n.library_id = ? AND n.revoked_at IS NULL GROUP BY n.staff_id, nx.program_id) m
			ON m.staff_id = c.staff_id AND m.program_id = x.program_id
		WHERE c.library_id = ? AND c.revoked_at IS NULL AND c.expires_on IS NOT NULL AND c.expires_on >= ? AND c.expires_on <= ?
		AND c.expires_on = m.latest
		ORDER BY c.expires_on, st.name, c.id`,
		[]any{libraryID, libraryID, string(lib.Today), string(lib.Today.AddDays(days))}, func(rows *sql.Rows) error {
			c, err := s.scanCertificate(rows)
			if err != nil {
				return err
			}
			out.Items = append(out.Items, c)
			return nil
		})
	if err != nil {
		return ExpiringCertificates{}, err
	}
	return out, nil
}
