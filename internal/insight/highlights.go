package insight

// The home page's key figures ("Sorotan", docs/dashboard.md): one card per
// area of the product for a library — this year's IKM, complaints open and
// overdue, JP reached, the assessment cycle, upcoming training and
// certificates running out. Nothing is counted here: every figure comes
// from the service that owns the area, the same call its own page makes, so
// the home page and that page always agree. A card whose permission the
// actor lacks is left out and not computed at all.

import (
	"context"
	"time"

	"github.com/bina-pustaka/bina/internal/auth"
	"github.com/bina-pustaka/bina/internal/competency"
	"github.com/bina-pustaka/bina/internal/complaint"
	"github.com/bina-pustaka/bina/internal/db"
	"github.com/bina-pustaka/bina/internal/library"
	"github.com/bina-pustaka/bina/internal/record"
	"github.com/bina-pustaka/bina/internal/survey"
	"github.com/bina-pustaka/bina/internal/training"
)

// UpcomingDays is how far ahead the training card looks for sessions.
const UpcomingDays = 30

// ExpiringDays is how far ahead the certificate card looks.
const ExpiringDays = 60

// Highlights reads the home page's key figures over the services that own them.
type Highlights struct {
	Libraries  *library.Service
	Survey     *survey.Service
	Complaints *complaint.Service
	Record     *record.Service
	Competency *competency.Service
	Training   *training.Service
	// Now is the clock for Today; nil means db.Now.
	Now func() time.Time
}

// Today is the day it is now in the named zone.
func (h *Highlights) Today(zone string) record.Date {
	now := db.Now()
	if h.Now != nil {
		now = h.Now()
	}
	return record.DateOf(now, record.Zone(zone))
}

// LibraryHighlights are one library's cards; a nil card is one the actor may
// not see.
type LibraryHighlights struct {
	LibraryID    int64                 `json:"library_id"`
	Today        record.Date           `json:"today"`
	IKM          *IKMHighlight         `json:"ikm,omitempty"`
	Complaints   *ComplaintHighlight   `json:"complaints,omitempty"`
	JP           *JPHighlight          `json:"jp,omitempty"`
	Assessment   *AssessmentHighlight  `json:"assessment,omitempty"`
	Training     *TrainingHighlight    `json:"training,omitempty"`
	Certificates *CertificateHighlight `json:"certificates,omitempty"`
}

// Any reports whether the actor sees at least one card.
func (h LibraryHighlights) Any() bool {
	return h.IKM != nil || h.Complaints != nil || h.JP != nil || h.Assessment != nil || h.Training != nil || h.Certificates != nil
}

// IKMHighlight is the library's IKM of this year (survey:view).
type IKMHighlight struct {
	Year int `json:"year"`
	IKMFigure
}

// ComplaintHighlight counts the complaints the actor handles, as the inbox
// header does (complaint:view): all of the library's for admins and
// coordinators, only those assigned to her for staff (Mine).
type ComplaintHighlight struct {
	Open    int  `json:"open"`
	Overdue int  `json:"overdue"`
	Mine    bool `json:"mine"`
}

// JPHighlight is this year's JP standing of the active staff (record:view).
type JPHighlight struct {
	Year    int `json:"year"`
	Target  int `json:"target"`  // JP a year, the library's (20 by default)
	Reached int `json:"reached"` // active staff with at least Target verified JP
	Total   int `json:"total"`   // active staff
}

// AssessmentHighlight is the competency assessment in progress, or else the
// last one closed (assessment:view). Both nil: no cycle yet.
type AssessmentHighlight struct {
	Open       *competency.Cycle `json:"open,omitempty"`        // the newest open cycle
	LastClosed *competency.Cycle `json:"last_closed,omitempty"` // when none is open
	ClosedOn   record.Date       `json:"closed_on,omitempty"`   // the day it was closed, in the library's zone
}

// TrainingHighlight is the sessions starting in the next UpcomingDays days
// and the waiting lists of the sessions still to start (training:view).
type TrainingHighlight struct {
	Days       int               `json:"days"`
	Upcoming   int               `json:"upcoming"`
	Next       *training.Session `json:"next,omitempty"`
	Waitlisted int               `json:"waitlisted"` // places on the waiting lists of sessions not started yet
}

// CertificateHighlight is the certificates in force that end within
// ExpiringDays days (training:manage, like the renewal list it opens).
type CertificateHighlight struct {
	Days     int         `json:"days"`
	Expiring int         `json:"expiring"`
	Soonest  record.Date `json:"soonest,omitempty"` // the first of them to end
}

// Library computes the cards of one library as of today (the library's day,
// see Today). Every member may call it; each card needs the permission of
// the page it opens, and one the actor lacks is neither computed nor shown.
func (h *Highlights) Library(ctx context.Context, actor *auth.Actor, libraryID int64, today record.Date) (LibraryHighlights, error) {
	lib, err := h.Libraries.Get(ctx, actor, libraryID)
	if err != nil {
		return LibraryHighlights{}, err
	}
	out := LibraryHighlights{LibraryID: libraryID, Today: today}
	can := func(p auth.Permission) bool { return actor.Can(p, libraryID) }
	steps := []struct {
		perm auth.Permission
		run  func() error
	}{
		{auth.PermSurveyView, func() (err error) { out.IKM, err = h.ikm(ctx, actor, libraryID, today); return }},
		{auth.PermComplaintView, func() (err error) { out.Complaints, err = h.complaints(ctx, actor, libraryID); return }},
		{auth.PermRecordView, func() (err error) { out.JP, err = h.jp(ctx, actor, libraryID, today); return }},
		{auth.PermAssessmentView, func() (err error) {
			out.Assessment, err = h.assessment(ctx, actor, libraryID, record.Zone(lib.TimeZone))
			return
		}},
		{auth.PermTrainingView, func() (err error) { out.Training, err = h.training(ctx, actor, libraryID, today); return }},
		{auth.PermTrainingManage, func() (err error) { out.Certificates, err = h.certificates(ctx, actor, libraryID); return }},
	}
	for _, s := range steps {
		if !can(s.perm) {
			continue
		}
		if err := s.run(); err != nil {
			return LibraryHighlights{}, err
		}
	}
	return out, nil
}

func (h *Highlights) ikm(ctx context.Context, actor *auth.Actor, libraryID int64, today record.Date) (*IKMHighlight, error) {
	rep, err := h.Survey.IKM(ctx, actor, libraryID, 0, survey.YearOf(today.Year()))
	if err != nil {
		return nil, err
	}
	return &IKMHighlight{Year: today.Year(), IKMFigure: figureOf(rep.Result)}, nil
}

func (h *Highlights) complaints(ctx context.Context, actor *auth.Actor, libraryID int64) (*ComplaintHighlight, error) {
	sum, err := h.Complaints.Summarize(ctx, actor, libraryID)
	if err != nil {
		return nil, err
	}
	return &ComplaintHighlight{Open: sum.Open, Overdue: sum.Overdue, Mine: !actor.Can(auth.PermComplaintManage, libraryID)}, nil
}

func (h *Highlights) jp(ctx context.Context, actor *auth.Actor, libraryID int64, today record.Date) (*JPHighlight, error) {
	st, err := h.Record.LibraryStatus(ctx, actor, libraryID, today.Year(), 0)
	if err != nil {
		return nil, err
	}
	return &JPHighlight{Year: st.Year, Target: st.Target, Reached: st.Reached, Total: st.Total}, nil
}

func (h *Highlights) assessment(ctx context.Context, actor *auth.Actor, libraryID int64, loc *time.Location) (*AssessmentHighlight, error) {
	cs, err := h.Competency.Cycles(ctx, actor, libraryID)
	if err != nil {
		return nil, err
	}
	out := &AssessmentHighlight{}
	for i := range cs { // newest first
		c := &cs[i]
		if c.Open() {
			out.Open = c
			break
		}
		on := closedOn(*c, loc)
		if out.LastClosed == nil || on > out.ClosedOn {
			out.LastClosed, out.ClosedOn = c, on
		}
	}
	if out.Open != nil {
		out.LastClosed, out.ClosedOn = nil, ""
	}
	return out, nil
}

// closedOn is the day a closed cycle was closed, in the library's zone (its
// planned last day if the moment was not kept).
func closedOn(c competency.Cycle, loc *time.Location) record.Date {
	if c.ClosedAt != nil {
		return record.DateOf(*c.ClosedAt, loc)
	}
	return record.Date(c.ClosesOn)
}

func (h *Highlights) training(ctx context.Context, actor *auth.Actor, libraryID int64, today record.Date) (*TrainingHighlight, error) {
	out := &TrainingHighlight{Days: UpcomingDays}
	until := today.AddDays(UpcomingDays)
	// Sessions are filed by the year they start in: this year's, and next
	// year's for the waiting lists (and the window, late in December).
	for _, year := range []int{today.Year(), today.Year() + 1} {
		xs, err := h.Training.Sessions(ctx, actor, training.SessionFilter{LibraryID: libraryID, Year: year})
		if err != nil {
			return nil, err
		}
		for i := range xs { // by first day
			x := &xs[i]
			first := x.FirstDay()
			if first == "" || first < today || x.Status == training.SessionCancelled || x.Status == training.SessionCompleted {
				continue
			}
			out.Waitlisted += x.Waitlisted
			if first <= until {
				out.Upcoming++
				if out.Next == nil {
					out.Next = x
				}
			}
		}
	}
	return out, nil
}

func (h *Highlights) certificates(ctx context.Context, actor *auth.Actor, libraryID int64) (*CertificateHighlight, error) {
	ex, err := h.Training.Expiring(ctx, actor, libraryID, ExpiringDays)
	if err != nil {
		return nil, err
	}
	out := &CertificateHighlight{Days: ex.Days, Expiring: len(ex.Items)}
	if len(ex.Items) > 0 {
		out.Soonest = ex.Items[0].ExpiresOn
	}
	return out, nil
}
