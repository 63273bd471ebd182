package training

// Kirkpatrick level 2 (learning): the normalized gain of a pre-test and a
// post-test scored 0–100 is g = (post − pre) / (100 − pre), the share of
// what was still to learn that was learnt. Bands: low below 0.3, medium from
// 0.3 to 0.7, high above 0.7.

// Gain bands ("training.gain.<band>").
const (
	GainLow    = "low"
	GainMedium = "medium"
	GainHigh   = "high"
)

// Gain returns the normalized gain; ok is false when the pre-test was
// already 100 (nothing left to gain: the page shows "—").
func Gain(pre, post int) (g float64, ok bool) {
	if pre >= 100 {
		return 0, false
	}
	return float64(post-pre) / float64(100-pre), true
}

// GainBand classifies a person's scores exactly, in integers, so that a
// gain of exactly 0.3 or 0.7 is medium whatever floating point makes of it.
// It returns "" when the gain is undefined.
func GainBand(pre, post int) string {
	if pre >= 100 {
		return ""
	}
	num, den := 10*(post-pre), 100-pre
	switch {
	case num < 3*den:
		return GainLow
	case num > 7*den:
		return GainHigh
	}
	return GainMedium
}

// BandOf classifies a gain already computed (a session's average).
func BandOf(g float64) string {
	switch {
	case g < 0.3:
		return GainLow
	case g > 0.7:
		return GainHigh
	}
	return GainMedium
}

// GainSummary is a session's level-2 result: the average of its
// participants' gains, over those with both scores and a pre-test below 100.
type GainSummary struct {
	Count   int     `json:"count"`   // participants with a defined gain
	Average float64 `json:"average"` // meaningful when Count > 0
	Band    string  `json:"band"`    // "" when Count is 0
	Low     int     `json:"low"`
	Medium  int     `json:"medium"`
	High    int     `json:"high"`
}

// SummarizeGains averages the defined gains of the enrolments given.
func SummarizeGains(es []Enrolment) GainSummary {
	var s GainSummary
	var sum float64
	for _, e := range es {
		if e.PreScore == nil || e.PostScore == nil {
			continue
		}
		g, ok := Gain(*e.PreScore, *e.PostScore)
		if !ok {
			continue
		}
		s.Count++
		sum += g
		switch GainBand(*e.PreScore, *e.PostScore) {
		case GainLow:
			s.Low++
		case GainMedium:
			s.Medium++
		case GainHigh:
			s.High++
		}
	}
	if s.Count > 0 {
		s.Average = sum / float64(s.Count)
		s.Band = BandOf(s.Average)
	}
	return s
}

// Rule is what a participant must meet to complete a session: a share of
// its days attended and, when the session sets one, a post-test score at or
// above the pass mark.
type Rule struct {
	MinAttendance int  // percent of the days, 1–100
	PassMark      *int // nil: no post-test rule
}

// Result says which parts of the rule a participant met.
type Result struct {
	Attendance bool `json:"attendance_met"`
	PostTest   bool `json:"post_test_met"` // true when there is no post-test rule
}

// Met reports whether the participant completes.
func (r Result) Met() bool { return r.Attendance && r.PostTest }

// Check applies the rule to a participant who attended `attended` of
// `days` days and scored post (nil: no post-test score). The share is
// compared in integers: 4 of 5 days is exactly 80 %.
func (r Rule) Check(days, attended int, post *int) Result {
	res := Result{PostTest: true}
	res.Attendance = days > 0 && attended*100 >= r.MinAttendance*days
	if r.PassMark != nil {
		res.PostTest = post != nil && *post >= *r.PassMark
	}
	return res
}
