package training

import (
	"cmp"
	"math"
	"slices"
	"strings"

	"github.com/bina-pustaka/bina/internal/apperr"
	"github.com/bina-pustaka/bina/internal/record"
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
	ReasonType     = "training.reco.type"     // {Type}: a programme type code (training.type.<code>)
	ReasonModality = "training.reco.modality" // {Modality}: a modality code (training.modality.<code>)
	ReasonTopics   = "training.reco.topics"   // {Keywords}: the matching keywords as typed, comma-separated
)

// Fit is what the scoring knows of a person: her gap (required − agreed
// level, > 0 only) and her competency interests, both by competency code
// (codes stay the same across framework versions, ids do not), the JP she
// still needs this year, and her other stated interests: programme types,
// a preferred modality ("" none) and topic keywords as typed.
type Fit struct {
	StaffID   int64
	Gaps      map[string]int
	Interests map[string]bool
	JPNeeded  int
	Types     map[string]bool
	Modality  string
	Topics    []string

	topicKeys []string // Topics in lower case, set once per person by rank
}

// keys are the person's topics in lower case, for matching.
func (p *Fit) keys() []string {
	if len(p.topicKeys) == len(p.Topics) {
		return p.topicKeys
	}
	out := make([]string, len(p.Topics))
	for i, k := range p.Topics {
		out[i] = strings.ToLower(k)
	}
	return out
}

// Offer is what the scoring knows of a session: the programme's JP, target
// competencies, type, modality and Text, its title and description in
// lower case (offerText) for the keywords.
type Offer struct {
	SessionID int64
	JP        int
	Targets   []Target // Code and Title used
	Type      string
	Modality  string
	Text      string
}

// offerText is what topic keywords are matched against.
func offerText(title, description string) string {
	return strings.ToLower(title + "\n" + description)
}

// Rate scores how well the session fits the person with the library's
// weights; a score of 0 means no reason to recommend it. Reasons follow the
// order gaps (largest first), JP, competency interests, type, modality,
// keywords; a part whose weight is 0 neither scores nor gives a reason.
func Rate(w Weights, p Fit, o Offer) (float64, []Reason) {
	return rate(w, &p, &o, true)
}

// rate computes the score and, when asked, the reasons: the library-wide
// ranking scores every session first and words only those it keeps.
func rate(w Weights, p *Fit, o *Offer, withReasons bool) (float64, []Reason) {
	levels, interests := 0, 0
	for _, t := range o.Targets {
		if g := p.Gaps[t.Code]; g > 0 {
			levels += g
		}
		if p.Interests[t.Code] {
			interests++
		}
	}
	jp := 0
	if p.JPNeeded > 0 && o.JP > 0 {
		jp = min(o.JP, p.JPNeeded)
	}
	typeMatch := w.Preference > 0 && p.Types[o.Type]
	modalityMatch := w.Preference > 0 && p.Modality != "" && p.Modality == o.Modality
	keywords := 0
	var keys []string
	if w.Preference > 0 && len(p.Topics) > 0 {
		keys = p.keys()
		for _, k := range keys {
			if strings.Contains(o.Text, k) {
				keywords++
			}
		}
	}
	prefs := keywords
	if typeMatch {
		prefs++
	}
	if modalityMatch {
		prefs++
	}
	// The JP weight is in points per 2 JP, so that the default, 1, is the
	// half point per JP used before weights were settings.
	score := float64(w.Gap*levels+w.Interest*interests+w.Preference*prefs) + float64(w.JP*jp)/2
	if !withReasons {
		return score, nil
	}
	var reasons []Reason
	if w.Gap > 0 && levels > 0 {
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
	}
	if w.JP > 0 && jp > 0 {
		reasons = append(reasons, Reason{Key: ReasonJP, Args: apperr.Args{"JP": p.JPNeeded}})
	}
	if w.Interest > 0 {
		for _, t := range o.Targets {
			if p.Interests[t.Code] {
				reasons = append(reasons, Reason{Key: ReasonInterest, Args: apperr.Args{"Competency": t.Title}})
			}
		}
	}
	if typeMatch {
		reasons = append(reasons, Reason{Key: ReasonType, Args: apperr.Args{"Type": o.Type}})
	}
	if modalityMatch {
		reasons = append(reasons, Reason{Key: ReasonModality, Args: apperr.Args{"Modality": o.Modality}})
	}
	if keywords > 0 {
		var hits []string
		for i, k := range keys {
			if strings.Contains(o.Text, k) {
				hits = append(hits, p.Topics[i])
			}
		}
		reasons = append(reasons, Reason{Key: ReasonTopics, Args: apperr.Args{"Keywords": strings.Join(hits, ", ")}})
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
func rank(w Weights, p Fit, cands []candidate, enrolled map[int64]bool, busy map[record.Date]bool, limit int) []Recommendation {
	// Sort small (score, index) pairs, not whole recommendations; build and
	// word only the ones kept.
	type scored struct {
		score float64
		i     int
	}
	p.topicKeys = p.keys()
	xs := make([]scored, 0, len(cands))
	for i := range cands {
		c := &cands[i]
		if enrolled[c.offer.SessionID] || clashes(c.days, busy) {
			continue
		}
		if score, _ := rate(w, &p, &c.offer, false); score > 0 {
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
		_, out[k].Reasons = rate(w, &p, &cands[x.i].offer, true)
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
