package web

import (
	"net/http"
	"strconv"
	"strings"

	"github.com/bina-pustaka/bina/internal/apperr"
	"github.com/bina-pustaka/bina/internal/auth"
	"github.com/bina-pustaka/bina/internal/record"
)

// The angka kredit table (PermenPANRB 1/2023) as data: every signed-in
// person reads it; a superadmin changes its numbers when the rule changes.

// regRow is one editable number of the table.
type regRow struct {
	Label string // a jenjang, or a rating's translation key
	Next  string // the next jenjang (thresholds)
	Field string // form field name
	ID    string // HTML id (no spaces)
	Value string
	Error string
}

type regulationPage struct {
	Coefficients []regRow
	Percentages  []regRow
	Thresholds   []regRow
	CanEdit      bool
	Errors       map[string]string
}

// inputCredits writes an amount for an input: the language's decimal mark
// but no thousands separator, which ParseCredits would read as a decimal.
func inputCredits(lang string, c record.Credits) string {
	if lang == "id" {
		return strings.Replace(c.String(), ".", ",", 1)
	}
	return c.String()
}

func htmlID(field string) string {
	return "ak-" + strings.NewReplacer(".", "-", " ", "-").Replace(strings.ToLower(field))
}

// regulationRows builds the page's rows from the table, with what was typed
// (values) and field errors where there are some.
func regulationRows(lang string, reg record.Regulation, values map[string]string, errs map[string]string) regulationPage {
	row := func(label, next, field, stored string) regRow {
		v, ok := values[field]
		if !ok {
			v = stored
		}
		return regRow{Label: label, Next: next, Field: field, ID: htmlID(field), Value: v, Error: errs[field]}
	}
	var p regulationPage
	for _, c := range reg.Coefficients {
		p.Coefficients = append(p.Coefficients, row(c.Jenjang, "", record.CoefficientField(c.Jenjang), inputCredits(lang, c.Coefficient)))
	}
	for _, pc := range reg.Percentages {
		p.Percentages = append(p.Percentages, row("record.rating."+pc.Rating, "", record.PercentField(pc.Rating), strconv.Itoa(pc.Percent)))
	}
	for _, t := range reg.Thresholds {
		p.Thresholds = append(p.Thresholds, row(t.Jenjang, t.Next, record.NeededField(t.Jenjang), inputCredits(lang, t.Needed)))
	}
	p.Errors = errs
	return p
}

func (s *Server) regulationView(w http.ResponseWriter, r *request, status int, values map[string]string, err error) error {
	reg, rerr := s.svc.Record.Regulation(r.Context(), r.Actor)
	if rerr != nil {
		return rerr
	}
	var errs map[string]string
	if err != nil {
		errs = s.fieldErrors(r.Lang, err)
	}
	page := regulationRows(r.Lang, reg, values, errs)
	page.CanEdit = r.Actor.Can(auth.PermAKRegulation, 0)
	return s.render(w, r, status, "record_regulation", "record.regulation_title", page)
}

func (s *Server) akRegulationPage(w http.ResponseWriter, r *request) error {
	return s.regulationView(w, r, http.StatusOK, nil, nil)
}

func (s *Server) akRegulationUpdate(w http.ResponseWriter, r *request) error {
	reg, err := s.svc.Record.Regulation(r.Context(), r.Actor)
	if err != nil {
		return err
	}
	values := map[string]string{}
	u := record.RegulationUpdate{Coefficients: map[string]record.Credits{}, Percentages: map[string]int{}, Needed: map[string]record.Credits{}}
	var v apperr.Validation
	credits := func(field string, into map[string]record.Credits, key, badKey string) {
		raw, ok := r.PostForm[field]
		if !ok {
			return
		}
		values[field] = raw[0]
		c, ok := record.ParseCredits(raw[0])
		if !ok {
			v.Add(field, badKey, nil)
			return
		}
		into[key] = c
	}
	_ = r.ParseForm()
	for _, c := range reg.Coefficients {
		credits(record.CoefficientField(c.Jenjang), u.Coefficients, c.Jenjang, "record.bad_coefficient")
	}
	for _, t := range reg.Thresholds {
		credits(record.NeededField(t.Jenjang), u.Needed, t.Jenjang, "record.bad_needed")
	}
	for _, p := range reg.Percentages {
		field := record.PercentField(p.Rating)
		raw, ok := r.PostForm[field]
		if !ok {
			continue
		}
		values[field] = raw[0]
		n, err := strconv.Atoi(strings.TrimSuffix(strings.TrimSpace(raw[0]), "%"))
		if err != nil {
			v.Add(field, "record.bad_percent", apperr.Args{"Max": record.MaxPercent})
			continue
		}
		u.Percentages[p.Rating] = n
	}
	if err := v.Err(); err != nil {
		return s.regulationView(w, r, http.StatusUnprocessableEntity, values, err)
	}
	_, err = s.svc.Record.UpdateRegulation(r.Context(), r.Actor, u)
	if isFormError(err) {
		return s.regulationView(w, r, statusOf(codeOf(err)), values, err)
	}
	if err != nil {
		return err
	}
	return s.redirect(w, r, "/settings/angka-kredit", "record.regulation_saved")
}
