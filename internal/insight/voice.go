package insight

// The patron-voice dashboard (docs/voice-dashboard.md): what patrons said
// about a library over a period — the IKM of the library and of each
// service point, the complaints received and how many met the SP4N-LAPOR!
// deadlines, the oldest complaints still open, and the books most asked
// for. It computes little of its own: IKM figures come from package survey,
// the open/overdue counts from package complaint and the purchase list from
// package suggestion, so the dashboard always agrees with the pages it
// summarizes. Only what those services lack — complaints per month and SLA
// compliance, suggestions per period — is read here, with read-only SQL
// scoped by library_id.

import (
	"context"
	"sort"
	"time"

	"github.com/bina-pustaka/bina/internal/auth"
	"github.com/bina-pustaka/bina/internal/complaint"
	"github.com/bina-pustaka/bina/internal/db"
	"github.com/bina-pustaka/bina/internal/ikm"
	"github.com/bina-pustaka/bina/internal/library"
	"github.com/bina-pustaka/bina/internal/suggestion"
	"github.com/bina-pustaka/bina/internal/survey"
)

// Voice reads the patron-voice dashboard over the services that own the data.
type Voice struct {
	DB          *db.DB
	Libraries   *library.Service
	Survey      *survey.Service
	Complaints  *complaint.Service
	Suggestions *suggestion.Service
	// Now is the clock; nil means db.Now. Give it the complaint service's
	// clock so "open" and "overdue" are counted on the same day as the inbox.
	Now func() time.Time
}

func (v *Voice) now() time.Time {
	if v.Now != nil {
		return v.Now().UTC().Truncate(time.Microsecond)
	}
	return db.Now()
}

// Today is the day it is now in the named zone, as a date at midnight UTC
// (the form survey.Choices and survey.PeriodOf take).
func (v *Voice) Today(zone string) time.Time {
	return complaint.DateOf(v.now(), complaint.Zone(zone)).Time()
}

// Months is how many months the dashboard's monthly series covers.
const Months = 12

// OldestOpenLimit and MostRequestedLimit size the dashboard's two lists.
const (
	OldestOpenLimit    = 5
	MostRequestedLimit = 10
)

// IKMFigure is an IKM over a period: respondents, the index to two decimals
// and its grade. IKM is nil when nobody answered.
type IKMFigure struct {
	Respondents int64    `json:"respondents"`
	IKM         *float64 `json:"ikm"`
	Grade       string   `json:"grade"` // A–D; "" without respondents
	Label       string   `json:"label"` // Sangat Baik, Baik, Kurang Baik, Tidak Baik
}

func figureOf(res ikm.Result) IKMFigure {
	f := IKMFigure{Respondents: res.Respondents, Grade: res.Grade, Label: res.Label}
	if res.Respondents > 0 {
		v := res.IKM
		f.IKM = &v
	}
	return f
}

// PointIKM is one service point's IKM over the period.
type PointIKM struct {
	ServicePointID int64  `json:"service_point_id"`
	Name           string `json:"name"`
	Active         bool   `json:"active"`
	IKMFigure
}

// SLA sorts complaints by whether they met the deadlines of PermenPANRB
// 62/2018: verified within 3 working days of filing and the follow-up
// decided within 5 working days of verification, both against the due
// dates stored when the complaint was filed and verified.
type SLA struct {
	Met      int `json:"met"`      // both deadlines kept
	Missed   int `json:"missed"`   // a deadline passed before the step was taken
	Pending  int `json:"pending"`  // still within its deadlines: not judged yet
	Rejected int `json:"rejected"` // not a complaint for the library: left out
	// Compliance is Met ÷ (Met + Missed) in percent, one decimal; nil when
	// no complaint could be judged yet.
	Compliance *float64 `json:"compliance"`
}

// Judged is how many complaints the compliance is computed over.
func (s SLA) Judged() int { return s.Met + s.Missed }

// ComplaintFigures are the dashboard's complaint numbers. Received, SLA and
// the ratings are about the complaints filed in the period; Open, Overdue
// and Escalated are as of today, like the inbox.
type ComplaintFigures struct {
	Received      int      `json:"received"`
	Open          int      `json:"open"`
	Overdue       int      `json:"overdue"`
	Escalated     int      `json:"escalated"`
	SLA           SLA      `json:"sla"`
	Ratings       int      `json:"ratings"`        // reporters who rated the answer
	AverageRating *float64 `json:"average_rating"` // 1–5, two decimals; nil without ratings
}

// SuggestionFigures count what patrons sent in the period.
type SuggestionFigures struct {
	Received int `json:"received"`  // notes in the suggestion box
	BookAsks int `json:"book_asks"` // purchase asks, each one (a merged ask counts too)
}

// MonthVoice is one month of the dashboard's series.
type MonthVoice struct {
	Month      string    `json:"month"` // YYYY-MM
	IKM        IKMFigure `json:"ikm"`
	Complaints int       `json:"complaints"` // filed in the month
	SLA        SLA       `json:"sla"`
}

// OpenComplaint is one of the oldest complaints still open.
type OpenComplaint struct {
	ID               int64            `json:"id"`
	Code             string           `json:"code"`
	Class            complaint.Class  `json:"class"`
	Category         string           `json:"category"`
	ServicePointName string           `json:"service_point_name"`
	Status           complaint.Status `json:"status"`
	FiledAt          time.Time        `json:"filed_at"`
	FiledOn          complaint.Date   `json:"filed_on"` // the day in the library's zone
	// AgeWorkingDays counts the working days after the filing day up to
	// today, the way deadlines are counted.
	AgeWorkingDays int            `json:"age_working_days"`
	Due            complaint.Date `json:"due,omitempty"` // the current stage's deadline
	Overdue        bool           `json:"overdue"`
	DaysLate       int            `json:"days_late"`
}

// LibraryVoice is the whole dashboard of one library for one period.
type LibraryVoice struct {
	LibraryID   int64         `json:"library_id"`
	LibraryName string        `json:"library_name"`
	Period      survey.Period `json:"period"`
	Today       string        `json:"today"` // YYYY-MM-DD in the library's zone
	IKM         IKMFigure     `json:"ikm"`
	// SampleTarget is the Krejcie–Morgan sample for the period's visitors;
	// 0 when no visitor counts were entered.
	SampleTarget  int                      `json:"sample_target"`
	SampleShort   bool                     `json:"sample_short"`
	ServicePoints []PointIKM               `json:"service_points"` // best IKM first, unanswered last
	Complaints    ComplaintFigures         `json:"complaints"`
	Suggestions   *SuggestionFigures       `json:"suggestions"` // nil without suggestion:view
	Months        []MonthVoice             `json:"months"`      // oldest first
	OldestOpen    []OpenComplaint          `json:"oldest_open"`
	MostRequested []suggestion.BookRequest `json:"most_requested"` // nil without suggestion:view
}

// Threshold is the IKM at which service is graded B (Baik): the line a
// dashboard draws.
func Threshold() float64 {
	for _, b := range ikm.Bands {
		if b.Letter == "B" {
			return float64(b.Min) / 100
		}
	}
	return 76.61
}

// window is the months of the series: Months months ending with the
// period's last month, or with this month when the period runs on.
func window(p survey.Period, today complaint.Date) []survey.Period {
	end, _ := time.Parse(time.DateOnly, p.To)
	if t := today.Time(); end.After(t) {
		end = t
	}
	m := survey.MonthOf(end.Year(), end.Month())
	out := make([]survey.Period, Months)
	for i := Months - 1; i >= 0; i-- {
		out[i] = m
		m = m.Prev()
	}
	return out
}

// Library computes the dashboard of one library over a period. Admins and
// coordinators (voice:view); the suggestion figures and the purchase list
// only for those who may read suggestions.
func (v *Voice) Library(ctx context.Context, actor *auth.Actor, libraryID int64, p survey.Period) (LibraryVoice, error) {
	if err := actor.Require(auth.PermVoiceView, libraryID); err != nil {
		return LibraryVoice{}, err
	}
	lib, err := v.Libraries.Get(ctx, actor, libraryID)
	if err != nil {
		return LibraryVoice{}, err
	}
	loc := complaint.Zone(lib.TimeZone)
	today := complaint.DateOf(v.now(), loc)
	out := LibraryVoice{LibraryID: libraryID, LibraryName: lib.Name, Period: p, Today: string(today)}

	rep, err := v.Survey.IKM(ctx, actor, libraryID, 0, p)
	if err != nil {
		return LibraryVoice{}, err
	}
	out.IKM, out.SampleTarget, out.SampleShort = figureOf(rep.Result), rep.SampleTarget, rep.SampleShort
	if out.ServicePoints, err = v.pointIKMs(ctx, actor, libraryID, p); err != nil {
		return LibraryVoice{}, err
	}

	q := v.DB.Reader()
	rows, err := filedBetween(ctx, q, libraryID, loc, p.From, p.To)
	if err != nil {
		return LibraryVoice{}, err
	}
	out.Complaints = complaintFigures(rows, today, loc)
	sum, err := v.Complaints.Summarize(ctx, actor, libraryID)
	if err != nil {
		return LibraryVoice{}, err
	}
	out.Complaints.Open, out.Complaints.Overdue, out.Complaints.Escalated = sum.Open, sum.Overdue, sum.Escalated

	months := window(p, today)
	trend, err := v.Survey.Trend(ctx, actor, libraryID, 0, months[len(months)-1], len(months))
	if err != nil {
		return LibraryVoice{}, err
	}
	series, err := filedBetween(ctx, q, libraryID, loc, months[0].From, months[len(months)-1].To)
	if err != nil {
		return LibraryVoice{}, err
	}
	out.Months = monthSeries(months, trend, series, today, loc)

	if out.OldestOpen, err = oldestOpen(ctx, q, libraryID, loc, today, OldestOpenLimit); err != nil {
		return LibraryVoice{}, err
	}
	if actor.Can(auth.PermSuggestionView, libraryID) {
		sf, err := suggestionFigures(ctx, q, libraryID, loc, p)
		if err != nil {
			return LibraryVoice{}, err
		}
		out.Suggestions = &sf
		if out.MostRequested, err = v.Suggestions.MostRequested(ctx, actor, libraryID, MostRequestedLimit); err != nil {
			return LibraryVoice{}, err
		}
		if out.MostRequested == nil {
			out.MostRequested = []suggestion.BookRequest{}
		}
	}
	return out, nil
}

// pointIKMs is the IKM of every open service point, and of a closed one
// that still had respondents in the period, from the survey service itself.
func (v *Voice) pointIKMs(ctx context.Context, actor *auth.Actor, libraryID int64, p survey.Period) ([]PointIKM, error) {
	points, err := v.Libraries.ServicePoints(ctx, actor, libraryID)
	if err != nil {
		return nil, err
	}
	out := []PointIKM{}
	for _, sp := range points {
		rep, err := v.Survey.IKM(ctx, actor, libraryID, sp.ID, p)
		if err != nil {
			return nil, err
		}
		if !sp.Active && rep.Result.Respondents == 0 {
			continue
		}
		out = append(out, PointIKM{ServicePointID: sp.ID, Name: sp.Name, Active: sp.Active, IKMFigure: figureOf(rep.Result)})
	}
	sort.SliceStable(out, func(i, j int) bool { return ikmBefore(out[i].IKMFigure, out[j].IKMFigure) })
	return out, nil
}

// ikmBefore orders the best IKM first and the unanswered last, keeping the
// incoming order (by name) on ties.
func ikmBefore(a, b IKMFigure) bool {
	switch {
	case a.IKM == nil || b.IKM == nil:
		return a.IKM != nil && b.IKM == nil
	default:
		return *a.IKM > *b.IKM
	}
}

// monthSeries joins the survey's monthly trend with the complaints filed in
// each month.
func monthSeries(months []survey.Period, trend []survey.TrendPoint, rows []slaRow, today complaint.Date, loc *time.Location) []MonthVoice {
	out := make([]MonthVoice, len(months))
	byMonth := map[string][]slaRow{}
	for _, r := range rows {
		m := string(complaint.DateOf(r.filedAt, loc))[:7]
		byMonth[m] = append(byMonth[m], r)
	}
	for i, m := range months {
		mv := MonthVoice{Month: m.Value}
		if i < len(trend) {
			mv.IKM = IKMFigure{Respondents: trend[i].Respondents, Grade: trend[i].Grade}
			if trend[i].Respondents > 0 {
				x := trend[i].IKM
				mv.IKM.IKM = &x
				_, mv.IKM.Label = ikm.Grade(x)
			}
		}
		mv.Complaints = len(byMonth[m.Value])
		mv.SLA = slaOf(byMonth[m.Value], today, loc)
		out[i] = mv
	}
	return out
}
