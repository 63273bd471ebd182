package notify

import (
	"context"
	"fmt"

	"github.com/bina-pustaka/bina/internal/apperr"
	"github.com/bina-pustaka/bina/internal/auth"
	"github.com/bina-pustaka/bina/internal/db"
	"github.com/bina-pustaka/bina/internal/record"
	"github.com/bina-pustaka/bina/internal/training"
)

// scanner is the system's own reading of a library's lists, for the job
// that turns them into notifications; never a person's session.
var scanner = &auth.Actor{Name: "sistem (notifikasi)", Superadmin: true}

// certificateExpiry: when a certificate enters the window its own page
// warns in — a training certificate of the library (not revoked, not
// already renewed by a later one of the same programme; 60 days) or a
// certification in a person's record (90 days, "segera berakhir") — its
// holder is told once per certificate and end date (a renewal with a
// new end date is told again). The lists are the same the coordinators'
// pages show: training.Service.Expiring and record.Service.ExpiringCertifications.
func (s *Service) certificateExpiry(ctx context.Context, q db.Querier, libraryID int64, _ record.Date) ([]pending, error) {
	tr := &training.Service{DB: s.DB, Now: s.Now}
	certs, err := tr.Expiring(ctx, scanner, libraryID, training.ExpiryWindowDays)
	if err != nil {
		return nil, err
	}
	rec := &record.Service{DB: s.DB, Now: s.Now}
	external, err := rec.ExpiringCertifications(ctx, scanner, libraryID, record.ExpiryWindowDays)
	if err != nil {
		return nil, err
	}
	if len(certs.Items) == 0 && len(external.Items) == 0 {
		return nil, nil
	}
	users, err := holders(ctx, q, libraryID)
	if err != nil {
		return nil, err
	}
	var out []pending
	add := func(staffID int64, key, name string, expires record.Date, link string) {
		for _, u := range users[staffID] {
			out = append(out, pending{key: key, n: Notification{LibraryID: libraryID, UserID: u, Kind: KindCertExpiry, Link: link,
				Message: Message{Key: MsgCertExpiry, Args: map[string]string{"Certificate": name}, Dates: map[string]string{"Expires": string(expires)}}}})
		}
	}
	for _, c := range certs.Items {
		name := training.Session{ProgramTitle: c.ProgramTitle, Title: c.SessionTitle}.Name() + " (" + c.Number + ")"
		add(c.StaffID, fmt.Sprintf("tcert:%d:%s", c.ID, c.ExpiresOn), name, c.ExpiresOn,
			fmt.Sprintf("/libraries/%d/training/certificates", libraryID))
	}
	for _, c := range external.Items {
		add(c.StaffID, fmt.Sprintf("cert:%d:%s", c.ID, c.Expires), c.Name, c.Expires,
			fmt.Sprintf("/libraries/%d/staff/%d/record", libraryID, c.StaffID))
	}
	return out, nil
}

// holders maps the library's staff records to the accounts linked to them.
func holders(ctx context.Context, q db.Querier, libraryID int64) (map[int64][]int64, error) {
	rows, err := q.QueryContext(ctx, `SELECT m.staff_id, m.user_id FROM memberships m JOIN users u ON u.id = m.user_id
		WHERE m.library_id = ? AND m.staff_id IS NOT NULL AND u.active = ?`, libraryID, true)
	if err != nil {
		return nil, apperr.InternalError(err)
	}
	defer rows.Close()
	out := map[int64][]int64{}
	for rows.Next() {
		var staff, user int64
		if err := rows.Scan(&staff, &user); err != nil {
			return nil, apperr.InternalError(err)
		}
		out[staff] = append(out[staff], user)
	}
	if err := rows.Err(); err != nil {
		return nil, apperr.InternalError(err)
	}
	return out, nil
}
