package record

import (
	"context"

	"github.com/bina-pustaka/bina/internal/apperr"
	"github.com/bina-pustaka/bina/internal/auth"
	"github.com/bina-pustaka/bina/internal/db"
)

// JPStatus is a person's year against the JP target. Only verified JP
// count; what waits for verification is shown beside it, rejected entries
// not at all.
type JPStatus struct {
	Year      int  `json:"year"`
	Target    int  `json:"target"`
	Verified  int  `json:"verified_jp"`
	Pending   int  `json:"pending_jp"`
	Remaining int  `json:"remaining_jp"` // to the target, 0 once reached
	Reached   bool `json:"reached"`
}

// NewJPStatus sums a year's entries (of one person) against the target.
func NewJPStatus(year, target int, entries []JPEntry) JPStatus {
	st := JPStatus{Year: year, Target: target}
	for _, e := range entries {
		if e.Date.Year() != year {
			continue
		}
		switch e.Status {
		case StatusVerified:
			st.Verified += e.JP
		case StatusSubmitted:
			st.Pending += e.JP
		}
	}
	return st.settle()
}

func (st JPStatus) settle() JPStatus {
	st.Reached = st.Verified >= st.Target
	st.Remaining = 0
	if !st.Reached {
		st.Remaining = st.Target - st.Verified
	}
	return st
}

// Percent is the verified share of the target, capped at 100 (a progress bar).
func (st JPStatus) Percent() int {
	if st.Target <= 0 || st.Verified >= st.Target {
		return 100
	}
	return st.Verified * 100 / st.Target
}

// yearOr is the asked year when it is plausible, else this year.
func yearOr(year int, today Date) int {
	if year >= 2000 && year <= today.Year()+1 {
		return year
	}
	return today.Year()
}

// Ledger is a person's JP entries of one year with their sum.
type Ledger struct {
	Person  Person    `json:"person"`
	Status  JPStatus  `json:"status"`
	Entries []JPEntry `json:"entries"`
}

// JPLedger returns a person's JP year (0: this year in the library's zone).
func (s *Service) JPLedger(ctx context.Context, actor *auth.Actor, libraryID, staffID int64, year int) (Ledger, error) {
	p, err := s.Person(ctx, actor, libraryID, staffID)
	if err != nil {
		return Ledger{}, err
	}
	return s.ledger(ctx, s.DB.Reader(), p, year)
}

func (s *Service) ledger(ctx context.Context, q db.Querier, p Person, year int) (Ledger, error) {
	today, err := s.today(ctx, q, p.LibraryID)
	if err != nil {
		return Ledger{}, err
	}
	year = yearOr(year, today)
	target, err := jpTarget(ctx, q, p.LibraryID)
	if err != nil {
		return Ledger{}, err
	}
	entries, err := jpEntries(ctx, q, jpQuery{libraryID: p.LibraryID, staffID: p.ID, year: year})
	if err != nil {
		return Ledger{}, err
	}
	return Ledger{Person: p, Status: NewJPStatus(year, target, entries), Entries: entries}, nil
}

// PersonJP is one line of the library's JP status.
type PersonJP struct {
	Person
	JPStatus
}

// LibraryJP is the library's year: who reached the target and who is behind.
type LibraryJP struct {
	Year           int        `json:"year"`
	Target         int        `json:"target"`
	ServicePointID int64      `json:"service_point_id,omitempty"`
	Total          int        `json:"total"`   // active staff counted
	Reached        int        `json:"reached"` // of them, at or over the target
	People         []PersonJP `json:"people"`  // fewest verified JP first
}

// Behind is how many have not reached the target yet.
func (l LibraryJP) Behind() int { return l.Total - l.Reached }

// LibraryStatus returns every active staff member's JP for the year (0: this
// year), optionally of one service point, fewest verified JP first: those
// furthest behind lead the list.
func (s *Service) LibraryStatus(ctx context.Context, actor *auth.Actor, libraryID int64, year int, servicePointID int64) (LibraryJP, error) {
	if err := actor.Require(auth.PermRecordView, libraryID); err != nil {
		return LibraryJP{}, err
	}
	q := s.DB.Reader()
	today, err := s.today(ctx, q, libraryID)
	if err != nil {
		return LibraryJP{}, err
	}
	out := LibraryJP{Year: yearOr(year, today), ServicePointID: servicePointID, People: []PersonJP{}}
	if out.Target, err = jpTarget(ctx, q, libraryID); err != nil {
		return LibraryJP{}, err
	}
	query := `SELECT s.id, s.library_id, s.name, s.level, s.service_point_id, COALESCE(sp.name, ''), s.active,
		COALESCE(SUM(CASE WHEN j.status = ? THEN j.jp ELSE 0 END), 0) AS verified,
		COALESCE(SUM(CASE WHEN j.status = ? THEN j.jp ELSE 0 END), 0) AS pending
		FROM staff s
		LEFT JOIN service_points sp ON sp.library_id = s.library_id AND sp.id = s.service_point_id
		LEFT JOIN record_jp_entries j ON j.library_id = s.library_id AND j.staff_id = s.id AND j.year = ?
		WHERE s.library_id = ? AND s.active = ?`
	args := []any{StatusVerified, StatusSubmitted, out.Year, libraryID, true}
	if servicePointID != 0 {
		query += ` AND s.service_point_id = ?`
		args = append(args, servicePointID)
	}
	query += ` GROUP BY s.id, s.library_id, s.name, s.level, s.service_point_id, sp.name, s.active ORDER BY verified, s.name, s.id`
	rows, err := q.QueryContext(ctx, query, args...)
	if err != nil {
		return LibraryJP{}, apperr.InternalError(err)
	}
	defer rows.Close()
	for rows.Next() {
		var p PersonJP
		if err := rows.Scan(&p.ID, &p.LibraryID, &p.Name, &p.Level, &p.ServicePointID, &p.ServicePointName, &p.Active,
			&p.Verified, &p.Pending); err != nil {
			return LibraryJP{}, apperr.InternalError(err)
		}
		p.Year, p.Target = out.Year, out.Target
		p.JPStatus = p.JPStatus.settle()
		out.Total++
		if p.Reached {
			out.Reached++
		}
		out.People = append(out.People, p)
	}
	if err := rows.Err(); err != nil {
		return LibraryJP{}, apperr.InternalError(err)
	}
	return out, nil
}

// Pending lists the JP entries waiting for verification, oldest first.
func (s *Service) Pending(ctx context.Context, actor *auth.Actor, libraryID int64) ([]JPEntry, error) {
	if err := actor.Require(auth.PermRecordVerify, libraryID); err != nil {
		return nil, err
	}
	return jpEntries(ctx, s.DB.Reader(), jpQuery{libraryID: libraryID, status: StatusSubmitted, oldest: true})
}

// Expiring is the reminder list: certifications of active staff whose expiry
// falls within the window from today.
type Expiring struct {
	Today Date            `json:"today"`
	Days  int             `json:"days"`
	Items []Certification `json:"items"` // soonest first
}

// ExpiringCertifications lists the library's certifications expiring within
// days (ExpiryWindowDays when 0).
func (s *Service) ExpiringCertifications(ctx context.Context, actor *auth.Actor, libraryID int64, days int) (Expiring, error) {
	if err := actor.Require(auth.PermRecordView, libraryID); err != nil {
		return Expiring{}, err
	}
	if days <= 0 || days > 730 {
		days = ExpiryWindowDays
	}
	q := s.DB.Reader()
	today, err := s.today(ctx, q, libraryID)
	if err != nil {
		return Expiring{}, err
	}
	items, err := certifications(ctx, q, certQuery{libraryID: libraryID, expiresFrom: today, expiresTo: today.AddDays(days)})
	if err != nil {
		return Expiring{}, err
	}
	return Expiring{Today: today, Days: days, Items: items}, nil
}

// State says where a certification stands on a day: "valid",
// "expiring" (within ExpiryWindowDays) or "expired".
func (x Certification) State(today Date) string {
	switch {
	case x.Expires == "":
		return "valid"
	case x.Expires < today:
		return "expired"
	case x.Expires <= today.AddDays(ExpiryWindowDays):
		return "expiring"
	}
	return "valid"
}

// DaysLeft counts the days from today to the expiry (0 without one).
func (x Certification) DaysLeft(today Date) int {
	if x.Expires == "" {
		return 0
	}
	return today.DaysUntil(x.Expires)
}

// Full is everything on a person's record page.
type Full struct {
	Ledger
	Today          Date            `json:"today"`
	Certifications []Certification `json:"certifications"`
	Reminders      []Certification `json:"reminders"` // expiring within ExpiryWindowDays, or expired
	Publications   []Publication   `json:"publications"`
	Conferences    []Conference    `json:"conferences"`
	Memberships    []Membership    `json:"memberships"`
	Credits        Standing        `json:"credits"`
}

// Record returns a person's whole record, with the JP of year (0: this year).
func (s *Service) Record(ctx context.Context, actor *auth.Actor, libraryID, staffID int64, year int) (Full, error) {
	p, err := s.Person(ctx, actor, libraryID, staffID)
	if err != nil {
		return Full{}, err
	}
	q := s.DB.Reader()
	var out Full
	if out.Ledger, err = s.ledger(ctx, q, p, year); err != nil {
		return Full{}, err
	}
	if out.Today, err = s.today(ctx, q, libraryID); err != nil {
		return Full{}, err
	}
	if out.Certifications, err = certifications(ctx, q, certQuery{libraryID: libraryID, staffID: staffID}); err != nil {
		return Full{}, err
	}
	out.Reminders = []Certification{}
	for _, c := range out.Certifications {
		if c.State(out.Today) != "valid" {
			out.Reminders = append(out.Reminders, c)
		}
	}
	if out.Publications, err = publications(ctx, q, libraryID, staffID); err != nil {
		return Full{}, err
	}
	if out.Conferences, err = conferences(ctx, q, libraryID, staffID); err != nil {
		return Full{}, err
	}
	if out.Memberships, err = memberships(ctx, q, libraryID, staffID); err != nil {
		return Full{}, err
	}
	if out.Credits, err = s.standing(ctx, q, p, out.Today); err != nil {
		return Full{}, err
	}
	return out, nil
}

// Credits returns a person's angka kredit standing and projection.
func (s *Service) Credits(ctx context.Context, actor *auth.Actor, libraryID, staffID int64) (Standing, error) {
	p, err := s.Person(ctx, actor, libraryID, staffID)
	if err != nil {
		return Standing{}, err
	}
	q := s.DB.Reader()
	today, err := s.today(ctx, q, libraryID)
	if err != nil {
		return Standing{}, err
	}
	return s.standing(ctx, q, p, today)
}

func (s *Service) standing(ctx context.Context, q db.Querier, p Person, today Date) (Standing, error) {
	reg, err := loadRegulation(ctx, q)
	if err != nil {
		return Standing{}, err
	}
	rs, err := ratings(ctx, q, p.LibraryID, p.ID)
	if err != nil {
		return Standing{}, err
	}
	return Project(reg, p.Level, rs, today.Year()), nil
}
