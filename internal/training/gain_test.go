package training

import (
	"math"
	"testing"
)

func TestGain(t *testing.T) {
	cases := []struct {
		pre, post int
		want      float64
		defined   bool
		band      string
	}{
		{40, 70, 0.5, true, GainMedium},
		{50, 90, 0.8, true, GainHigh},
		{60, 66, 0.15, true, GainLow},
		{0, 30, 0.3, true, GainMedium},      // exactly 0.3 is medium
		{50, 85, 0.7, true, GainMedium},     // exactly 0.7 is medium
		{40, 82, 0.7, true, GainMedium},     // 42/60, exactly 0.7 again
		{0, 29, 0.29, true, GainLow},        // just below
		{0, 71, 0.71, true, GainHigh},       // just above
		{80, 100, 1, true, GainHigh},        // everything left was learnt
		{70, 70, 0, true, GainLow},          // nothing learnt
		{80, 60, -1, true, GainLow},         // worse after: negative, low
		{99, 100, 1, true, GainHigh},        // one point left, gained
		{100, 100, 0, false, ""},            // nothing left to gain: undefined
		{100, 90, 0, false, ""},             // undefined whatever the post-test
		{0, 0, 0, true, GainLow},            // nothing known, nothing learnt
		{0, 100, 1, true, GainHigh},         // from nothing to everything
		{25, 55, 0.4, true, GainMedium},     // 30/75
		{33, 80, 47.0 / 67, true, GainHigh}, // 0.7015: just above 0.7
	}
	for _, c := range cases {
		g, ok := Gain(c.pre, c.post)
		if ok != c.defined {
			t.Errorf("Gain(%d, %d) defined = %v, want %v", c.pre, c.post, ok, c.defined)
			continue
		}
		if ok && math.Abs(g-c.want) > 1e-9 {
			t.Errorf("Gain(%d, %d) = %v, want %v", c.pre, c.post, g, c.want)
		}
		band := GainBand(c.pre, c.post)
		if band != c.band {
			t.Errorf("GainBand(%d, %d) = %q, want %q", c.pre, c.post, band, c.band)
		}
	}
}

func TestBandOf(t *testing.T) {
	for _, c := range []struct {
		g    float64
		want string
	}{{-0.2, GainLow}, {0.29, GainLow}, {0.3, GainMedium}, {0.5, GainMedium}, {0.7, GainMedium}, {0.71, GainHigh}, {1, GainHigh}} {
		if got := BandOf(c.g); got != c.want {
			t.Errorf("BandOf(%v) = %q, want %q", c.g, got, c.want)
		}
	}
}

func TestSummarizeGains(t *testing.T) {
	es := []Enrolment{
		{PreScore: intp(40), PostScore: intp(70)},  // 0.5 medium
		{PreScore: intp(50), PostScore: intp(90)},  // 0.8 high
		{PreScore: intp(60), PostScore: intp(66)},  // 0.15 low
		{PreScore: intp(100), PostScore: intp(95)}, // undefined: left out
		{PreScore: intp(30)},                       // no post-test: left out
		{},                                         // no scores
	}
	s := SummarizeGains(es)
	if s.Count != 3 || s.Low != 1 || s.Medium != 1 || s.High != 1 {
		t.Fatalf("summary %+v, want 3 counted: one low, one medium, one high", s)
	}
	if math.Abs(s.Average-(0.5+0.8+0.15)/3) > 1e-9 || s.Band != GainMedium {
		t.Errorf("average %v (%s), want %v medium", s.Average, s.Band, (0.5+0.8+0.15)/3)
	}
	if none := SummarizeGains([]Enrolment{{PreScore: intp(100), PostScore: intp(100)}}); none.Count != 0 || none.Band != "" {
		t.Errorf("only undefined gains: %+v, want no average", none)
	}
}

func TestCompletionRule(t *testing.T) {
	cases := []struct {
		name                   string
		rule                   Rule
		days, attended         int
		post                   *int
		attendance, test, done bool
	}{
		{"all days, no test rule", Rule{MinAttendance: 80}, 3, 3, nil, true, true, true},
		{"4 of 5 days is exactly 80 %", Rule{MinAttendance: 80}, 5, 4, nil, true, true, true},
		{"3 of 5 days is 60 %", Rule{MinAttendance: 80}, 5, 3, nil, false, true, false},
		{"2 of 3 days is 66.7 %", Rule{MinAttendance: 80}, 3, 2, nil, false, true, false},
		{"2 of 3 days under a 66 % rule", Rule{MinAttendance: 66}, 3, 2, nil, true, true, true},
		{"one-day session missed", Rule{MinAttendance: 80}, 1, 0, nil, false, true, false},
		{"pass mark met exactly", Rule{MinAttendance: 80, PassMark: intp(70)}, 2, 2, intp(70), true, true, true},
		{"pass mark missed", Rule{MinAttendance: 80, PassMark: intp(70)}, 2, 2, intp(69), true, false, false},
		{"pass mark without a post-test", Rule{MinAttendance: 80, PassMark: intp(70)}, 2, 2, nil, true, false, false},
		{"passed the test, missed days", Rule{MinAttendance: 80, PassMark: intp(70)}, 5, 3, intp(95), false, true, false},
		{"no days at all", Rule{MinAttendance: 80}, 0, 0, nil, false, true, false},
		{"100 % rule", Rule{MinAttendance: 100}, 4, 4, nil, true, true, true},
		{"100 % rule, one missed", Rule{MinAttendance: 100}, 4, 3, nil, false, true, false},
	}
	for _, c := range cases {
		r := c.rule.Check(c.days, c.attended, c.post)
		if r.Attendance != c.attendance || r.PostTest != c.test || r.Met() != c.done {
			t.Errorf("%s: got %+v met=%v, want attendance %v, test %v, met %v", c.name, r, r.Met(), c.attendance, c.test, c.done)
		}
	}
}
