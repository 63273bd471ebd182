// Package report builds the official documents a library publishes: PDF
// and XLSX files, with their charts drawn here so that no image library
// or browser is needed on the server. It takes data its callers gathered
// from the domain services and only lays it out; it reads no database.
package report

import (
	"fmt"
	"github.com/bina-pustaka/bina/internal/upload"
	"strings"
	"time"

	"github.com/bina-pustaka/bina/internal/i18n"
	"github.com/bina-pustaka/bina/internal/survey"
)

// Locale is the reader's language: every text of a document is translated
// through the bundle, and numbers and dates are written its way
// ("81,25" and "21 November 2026" in Indonesian).
type Locale struct {
	Bundle *i18n.Bundle
	Lang   string
}

// T translates a key; args come as name, value pairs.
func (l Locale) T(key string, args ...any) string {
	var m map[string]any
	if len(args) > 1 {
		m = make(map[string]any, len(args)/2)
		for i := 0; i+1 < len(args); i += 2 {
			m[fmt.Sprint(args[i])] = args[i+1]
		}
	}
	return l.Bundle.T(l.Lang, key, m)
}

// Dec writes f with places decimals.
func (l Locale) Dec(f float64, places int) string { return i18n.FormatDecimal(l.Lang, f, places) }

// Num writes a whole number with thousands separators.
func (l Locale) Num(n int64) string { return i18n.FormatNumber(l.Lang, n) }

// Date writes t's day as "21 November 2026".
func (l Locale) Date(t time.Time) string { return i18n.FormatDate(l.Lang, t) }

// Day writes a YYYY-MM-DD day the same way; anything else as it is.
func (l Locale) Day(day string) string {
	t, err := time.Parse(time.DateOnly, day)
	if err != nil {
		return day
	}
	return l.Date(t)
}

// SKM is what the report of a Survei Kepuasan Masyarakat (PermenPANRB
// 14/2017) shows for one service point, or a whole library, over a period.
type SKM struct {
	Library     string
	City        string // kota/kabupaten, for the place of signing
	Scope       string // the service point's name; "" for the whole library
	PeriodLabel string // "Tahun 2026", "Triwulan 3 2026"
	// Printed is the moment of printing in the library's zone; its
	// location also places the submission times of the raw data.
	Printed   time.Time
	Report    survey.Report
	Profile   survey.Profile
	Trend     []TrendPoint // oldest first, ending with the report's period
	Followups []Followup
	// ServicePoints name the raw responses' service points.
	ServicePoints map[int64]string
	// Responses walks the period's raw answers; only the XLSX needs it.
	Responses func(fn func(survey.Response) error) error
}

// TrendPoint is one period of the trend with its names.
type TrendPoint struct {
	survey.TrendPoint
	Label string // "Triwulan 3 2026"
	Short string // "2026-Q3", where the label does not fit under a bar
}

// Followup is a follow-up plan with its period named.
type Followup struct {
	survey.Followup
	PeriodLabel string
}

// scope names the report's scope: the service point, or the whole library.
func (s *SKM) scope(l Locale) string {
	if s.Scope != "" {
		return s.Scope
	}
	return l.T("survey.whole_library")
}

// hasAnswers tells whether anybody answered in the period.
func (s *SKM) hasAnswers() bool { return s.Report.Result.Respondents > 0 }

// Filename is a download name for the report: ASCII, lower case, with
// the library, the service point if one is chosen, and the period, e.g.
// "laporan-skm-perpustakaan-kota-batu-sirkulasi-2026-q3.pdf".
func (s *SKM) Filename(l Locale, ext string) string {
	parts := []string{l.T("survey.report.filename"), s.Library}
	if s.Scope != "" {
		parts = append(parts, s.Scope)
	}
	p := s.Report.Period
	if p.Kind == survey.Custom {
		parts = append(parts, p.From, p.To)
	} else {
		parts = append(parts, p.Value)
	}
	name := upload.Slug(strings.Join(parts, " "), 120)
	if name == "" {
		name = "laporan"
	}
	return name + "." + ext
}

// profileDims are the four tables of the respondent profile, in the
// regulation's order.
func (s *SKM) profileDims(l Locale) []profileDim {
	return []profileDim{
		{l.T("survey.gender"), "gender", s.Profile.Gender},
		{l.T("survey.report.age_group"), "age", s.Profile.Age},
		{l.T("survey.education"), "education", s.Profile.Education},
		{l.T("survey.occupation"), "occupation", s.Profile.Occupation},
	}
}

type profileDim struct {
	Title  string
	Kind   string // gender, age, education, occupation
	Counts []survey.Count
}

// valueLabel names a stored profile value: a translated label for the
// values the form offers, the value itself for what an import brought,
// and "not stated" for a blank.
func (l Locale) valueLabel(kind, value string) string {
	if value == "" {
		return l.T("survey.report.not_stated")
	}
	if kind == "age" {
		for _, g := range survey.AgeGroups {
			if g.Key != value {
				continue
			}
			switch {
			case g.Min == 0:
				return l.T("survey.report.age_under", "Age", g.Max+1)
			case g.Max == 0:
				return l.T("survey.report.age_over", "Age", g.Min)
			}
			return l.T("survey.report.age_range", "From", g.Min, "To", g.Max)
		}
		return value
	}
	key := "survey." + kind + "." + strings.ToLower(value)
	if l.Bundle.Has(l.Lang, key) {
		return l.T(key)
	}
	return value
}

// percent is n of total as a percentage with one decimal; "—" of none.
func (l Locale) percent(n, total int64) string {
	if total == 0 {
		return "—"
	}
	return l.Dec(float64(n)*100/float64(total), 1)
}

// gradeText is "B (Baik)"; "—" when nobody answered.
func gradeText(letter, label string) string {
	if letter == "" {
		return "—"
	}
	return letter + " (" + label + ")"
}
