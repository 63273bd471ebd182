package insight

import (
	"context"
	"sort"
	"strings"

	"github.com/bina-pustaka/bina/internal/apperr"
	"github.com/bina-pustaka/bina/internal/auth"
	"github.com/bina-pustaka/bina/internal/complaint"
	"github.com/bina-pustaka/bina/internal/survey"
)

// LibrarySummary is one library's line in the cross-library view.
type LibrarySummary struct {
	LibraryID  int64            `json:"library_id"`
	Name       string           `json:"name"`
	City       string           `json:"city"`
	Today      string           `json:"today"` // YYYY-MM-DD in the library's zone
	IKM        IKMFigure        `json:"ikm"`
	Complaints ComplaintFigures `json:"complaints"`
}

// AllLibraries is the patron voice of every library the actor may see the
// dashboard of — all of them for a superadmin — over one period, by name.
// Each library's period runs on its own calendar days. An actor with no
// such library gets an empty list.
func (v *Voice) AllLibraries(ctx context.Context, actor *auth.Actor, p survey.Period) ([]LibrarySummary, error) {
	if actor == nil {
		return nil, apperr.New(apperr.Unauthorized, "error.unauthorized", nil)
	}
	libs, err := v.Libraries.List(ctx, actor)
	if err != nil {
		return nil, err
	}
	out := []LibrarySummary{}
	q := v.DB.Reader()
	now := v.now()
	for _, lib := range libs {
		if !actor.Can(auth.PermVoiceView, lib.ID) {
			continue
		}
		loc := complaint.Zone(lib.TimeZone)
		today := complaint.DateOf(now, loc)
		ls := LibrarySummary{LibraryID: lib.ID, Name: lib.Name, City: lib.City, Today: string(today)}
		rep, err := v.Survey.IKM(ctx, actor, lib.ID, 0, p)
		if err != nil {
			return nil, err
		}
		ls.IKM = figureOf(rep.Result)
		rows, err := filedBetween(ctx, q, lib.ID, loc, p.From, p.To)
		if err != nil {
			return nil, err
		}
		ls.Complaints = complaintFigures(rows, today, loc)
		sum, err := v.Complaints.Summarize(ctx, actor, lib.ID)
		if err != nil {
			return nil, err
		}
		ls.Complaints.Open, ls.Complaints.Overdue, ls.Complaints.Escalated = sum.Open, sum.Overdue, sum.Escalated
		out = append(out, ls)
	}
	return out, nil
}

// SummarySorts are the keys the cross-library view sorts by; a leading "-"
// sorts descending.
var SummarySorts = []string{"name", "ikm", "complaints", "sla"}

// DefaultSummarySort ranks the best IKM first.
const DefaultSummarySort = "-ikm"

// ValidSummarySort reports whether by names a known sort.
func ValidSummarySort(by string) bool {
	key := strings.TrimPrefix(by, "-")
	for _, k := range SummarySorts {
		if k == key {
			return true
		}
	}
	return false
}

// SortSummaries orders the list by one of SummarySorts. Libraries without
// a figure (no respondents, no complaint judged) go last either way; ties
// keep the order by name.
func SortSummaries(list []LibrarySummary, by string) {
	if !ValidSummarySort(by) {
		by = DefaultSummarySort
	}
	desc := strings.HasPrefix(by, "-")
	key := strings.TrimPrefix(by, "-")
	value := func(s LibrarySummary) (float64, bool) {
		switch key {
		case "ikm":
			if s.IKM.IKM == nil {
				return 0, false
			}
			return *s.IKM.IKM, true
		case "complaints":
			return float64(s.Complaints.Received), true
		case "sla":
			if s.Complaints.SLA.Compliance == nil {
				return 0, false
			}
			return *s.Complaints.SLA.Compliance, true
		}
		return 0, true
	}
	sort.SliceStable(list, func(i, j int) bool {
		if key == "name" {
			a, b := strings.ToLower(list[i].Name), strings.ToLower(list[j].Name)
			if desc {
				return a > b
			}
			return a < b
		}
		a, aok := value(list[i])
		b, bok := value(list[j])
		if !aok || !bok {
			return aok && !bok
		}
		if desc {
			return a > b
		}
		return a < b
	})
}
