package training

import (
	"cmp"
	"math"
	"slices"

	"github.com/bina-pustaka/bina/internal/apperr"
	"github.com/bina-pustaka/bina/internal/record"
)

// Weights of the recommendation score (docs/training-evaluation.md). A
// level of gap weighs most: closing gaps is what training is for; a JP of
// the year's shortfall that the session would cover counts half a point;
// each targeted competency the person is interested in adds a fixed bonus.
const (
	WeightGapLevel = 10.0
	WeightJP       = 0.5
	WeightInterest = 8.0
)

// Reason is one line of "why": a message key and its arguments.
type Reason struct {
	Key  string      `json:"key"`
	Args apperr.Args `json:"args"`
}

// Reason keys.
const (
	ReasonGap      = "training.reco.gap"      // {Levels, Competency}
	ReasonJP       = "training.reco.jp"       // {JP}: JP still needed this year
	ReasonInterest = "training.reco.interest" // {Competency}
)

// Fit is what the scoring knows of a person: her gap (required − agreed
// level, > 0 only) and her interests, both by competency code (codes stay
// the same across framework versions, ids do not), and the JP she still
// needs this year.
type Fit struct {
	StaffID   int64
	Gaps      map[string]int
	Interests map[string]bool
	JPNeeded  int
}

// Offer is what the scoring knows of a session: the programme's JP and its
// target competencies.
type Offer struct {
	SessionID int64
	JP        int
	Targets   []Target // Code and Title used
}

// Rate scores how well the session fits the person; a score of 0 means no
// reason to recommend it. Reasons follow the order gaps (largest first),
// JP, interests.
func Rate(p Fit, o Offer) (float64, []Reason) {
	return rate(p, o, true)
}

// rate computes the score and, when asked, the reasons: the library-wide
// ranking scores every session first and words only those it keeps.
func rate(p Fit, o Offer, withReasons bool) (float64, []Reason) {
	score := 0.0
	for _, t := range o.Targets {
		if g := p.Gaps[t.Code]; g > 0 {
			score += WeightGapLevel * float64(g)
		}
		if p.Interests[t.Code] {
			score += WeightInterest
		}
	}
	if p.JPNeeded > 0 && o.JP > 0 {
		score += WeightJP * float64(min(o.JP, p.JPNeeded))
	}
	if !withReasons {
		return score, nil
	}
	var reasons []Reason
	gapReasons := []Reason{}
	for _, t := range o.Targets {
		if g := p.Gaps[t.Code]; g > 0 {
			gapReasons = append(gapReasons, Reason{Key: ReasonGap, Args: apperr.Args{"Levels": g, "Competency": t.Title}})
		}
	}
	if len(gapReasons) > 1 {
		slices.SortStableFunc(gapReasons, func(a, b Reason) int { return b.Args["Levels"].(int) - a.Args["Levels"].(int) })
	}
	reasons = append(reasons, gapReasons...)
	if p.JPNeeded > 0 && o.JP > 0 {
		reasons = append(reasons, Reason{Key: ReasonJP, Args: apperr.Args{"JP": p.JPNeeded}})
	}
	for _, t := range o.Targets {
		if p.Interests[t.Code] {
			reasons = append(reasons, Reason{Key: ReasonInterest, Args: apperr.Args{"Competency": t.Title}})
		}
	}
	return score, reasons
}

// Recommendation is one ranked session for a person.
type Recommendation struct {
	SessionID int64         `json:"session_id"`
	Name      string        `json:"name"`
	FirstDay  record.Date   `json:"first_day"`
	LastDay   record.Date   `json:"last_day"`
	JP        int           `json:"jp"`
	Score     float64       `json:"score"`
	Full      bool          `json:"full"` // no seat left: enrolling puts her on the waitlist
	Reasons   []Reason      `json:"reasons"`
	Days      []record.Date `json:"-"`
}

// candidate is an upcoming session with what Rate needs.
type candidate struct {
	offer Offer
	rec   Recommendation
	days  []record.Date
}

// rank scores every candidate for the person and keeps those with a
// reason, best first, at most limit of them (0: all) (ties: earlier first day, then session id). Sessions
// she is enrolled in (any status but cancelled) and sessions sharing a day
// with one where she holds a seat are left out.
func rank(p Fit, cands []candidate, enrolled map[int64]bool, busy map[record.Date]bool, limit int) []Recommendation {
	// Sort small (score, index) pairs, not whole recommendations; build and
	// word only the ones kept.
	type scored struct {
		score float64
		i     int
	}
	xs := make([]scored, 0, len(cands))
	for i, c := range cands {
		if enrolled[c.offer.SessionID] || clashes(c.days, busy) {
			continue
		}
		if score, _ := rate(p, c.offer, false); score > 0 {
			xs = append(xs, scored{math.Round(score*100) / 100, i})
		}
	}
	// Session ids are unique, so the order is total and need not be stable.
	slices.SortFunc(xs, func(a, b scored) int {
		if c := cmp.Compare(b.score, a.score); c != 0 {
			return c
		}
		ca, cb := &cands[a.i].rec, &cands[b.i].rec
		if c := cmp.Compare(ca.FirstDay, cb.FirstDay); c != 0 {
			return c
		}
		return cmp.Compare(ca.SessionID, cb.SessionID)
	})
	if limit > 0 && len(xs) > limit {
		xs = xs[:limit]
	}
	out := make([]Recommendation, len(xs))
	for k, x := range xs {
		out[k] = cands[x.i].rec
		out[k].Score = x.score
		_, out[k].Reasons = rate(p, cands[x.i].offer, true)
	}
	return out
}

func clashes(days []record.Date, busy map[record.Date]bool) bool {
	if len(busy) == 0 {
		return false
	}
	for _, d := range days {
		if busy[d] {
			return true
		}
	}
	return false
}
