package web

import (
	"html/template"
	"net/http"
	"net/url"
	"strconv"
	"strings"
	"time"

	"github.com/bina-pustaka/bina/internal/auth"
	"github.com/bina-pustaka/bina/internal/db"
	"github.com/bina-pustaka/bina/internal/i18n"
	"github.com/bina-pustaka/bina/internal/library"
	"github.com/bina-pustaka/bina/internal/survey"
)

// trendLength is how many periods the trend shows, by kind.
var trendLength = map[string]int{survey.Month: 6, survey.Quarter: 6, survey.Semester: 4, survey.Year: 4, survey.Custom: 6}

// ikmQuery is the page's selection as the URL carries it.
type ikmQuery struct {
	ServicePointID int64
	Period         survey.Period
	// Form values as typed, to show again.
	PeriodValue, From, To string
	Today                 time.Time // in the library's zone
}

func (q ikmQuery) values() url.Values {
	v := url.Values{}
	if q.ServicePointID != 0 {
		v.Set("service_point", strconv.FormatInt(q.ServicePointID, 10))
	}
	v.Set("period", q.Period.Value)
	if q.Period.Kind == survey.Custom {
		v.Set("from", q.Period.From)
		v.Set("to", q.Period.To)
	}
	return v
}

// parseIKMQuery reads service_point, period, from and to; without a period
// it is the current year in the library's zone. A bad period falls back to
// that year and is returned as the error to show.
func (s *Server) parseIKMQuery(r *request, get func(string) string) (ikmQuery, error) {
	q := ikmQuery{PeriodValue: get("period"), From: get("from"), To: get("to")}
	q.ServicePointID, _ = strconv.ParseInt(get("service_point"), 10, 64)
	lib, err := s.svc.Libraries.Get(r.Context(), r.Actor, r.LibraryID)
	if err != nil {
		return q, err
	}
	q.Today, _ = time.Parse(time.DateOnly, survey.Today(db.Now(), lib.TimeZone))
	q.Period = survey.PeriodOf(survey.Year, q.Today)
	if q.PeriodValue == "" && q.From == "" && q.To == "" {
		q.PeriodValue = q.Period.Value
		return q, nil
	}
	p, err := survey.ParsePeriod(q.PeriodValue, q.From, q.To)
	if err != nil {
		return q, err
	}
	q.Period = p
	return q, nil
}

// periodLabel names a period for people: "Triwulan 3 2026", "November 2026".
func (s *Server) periodLabel(lang string, p survey.Period) string {
	y, _ := strconv.Atoi(p.Value[:min(4, len(p.Value))])
	switch p.Kind {
	case survey.Year:
		return s.i18n.T(lang, "survey.period.year_of", map[string]any{"Year": y})
	case survey.Semester:
		return s.i18n.T(lang, "survey.period.semester_of", map[string]any{"N": p.Value[6:], "Year": y})
	case survey.Quarter:
		return s.i18n.T(lang, "survey.period.quarter_of", map[string]any{"N": p.Value[6:], "Year": y})
	case survey.Month:
		m, _ := strconv.Atoi(p.Value[5:])
		return i18n.MonthName(lang, time.Month(m)) + " " + strconv.Itoa(y)
	}
	f, _ := time.Parse(time.DateOnly, p.From)
	t, _ := time.Parse(time.DateOnly, p.To)
	return i18n.FormatDate(lang, f) + " – " + i18n.FormatDate(lang, t)
}

type periodGroup struct {
	Label   string
	Options []surveyOption
}

type ikmElementRow struct {
	survey.ElementScore
	NRR, Converted string
}

type trendRow struct {
	Label, IKM  string
	Respondents int64
	Grade       string
	Current     bool
}

type followupForm struct {
	Element, Action, DueDate, Status string
	OwnerStaffID                     int64
}

type followupRow struct {
	survey.Followup
	PeriodLabel string
	Overdue     bool
}

type ikmPageData struct {
	Query         ikmQuery
	PeriodLabel   string
	ScopeName     string
	ServicePoints []library.ServicePoint
	PeriodGroups  []periodGroup
	Report        survey.Report
	IKM           string
	Elements      []ikmElementRow
	Trend         []trendRow
	Chart         template.HTML
	Followups     []followupRow
	Owners        []survey.Person
	Statuses      []string
	CanManage     bool
	Form          followupForm
	Errors        map[string]string
	QueryString   string // the selection, to come back to after a POST
}

func (s *Server) ikmPage(w http.ResponseWriter, r *request) error {
	q, err := s.parseIKMQuery(r, r.URL.Query().Get)
	status := http.StatusOK
	if err != nil && !isFormError(err) {
		return err
	}
	if err != nil {
		status = statusOf(codeOf(err))
	}
	return s.renderIKM(w, r, status, q, followupForm{}, err)
}

func (s *Server) renderIKM(w http.ResponseWriter, r *request, status int, q ikmQuery, form followupForm, formErr error) error {
	ctx := r.Context()
	rep, err := s.svc.Survey.IKM(ctx, r.Actor, r.LibraryID, q.ServicePointID, q.Period)
	if err != nil {
		return err
	}
	d := ikmPageData{Query: q, Report: rep, PeriodLabel: s.periodLabel(r.Lang, q.Period), Statuses: survey.Statuses,
		CanManage: r.Actor.Can(auth.PermSurveyManage, r.LibraryID), Form: form, QueryString: q.values().Encode()}
	if formErr != nil {
		d.Errors = s.fieldErrors(r.Lang, formErr)
	}
	if d.ServicePoints, err = s.svc.Libraries.ServicePoints(ctx, r.Actor, r.LibraryID); err != nil {
		return err
	}
	d.ScopeName = rep.ServicePointName
	d.IKM = i18n.FormatDecimal(r.Lang, rep.Result.IKM, 2)
	for _, e := range rep.Elements {
		d.Elements = append(d.Elements, ikmElementRow{ElementScore: e,
			NRR: i18n.FormatDecimal(r.Lang, e.NRR, 4), Converted: i18n.FormatDecimal(r.Lang, e.Converted, 2)})
	}
	today := q.Today
	for _, kind := range []string{survey.Year, survey.Semester, survey.Quarter, survey.Month} {
		g := periodGroup{Label: s.i18n.T(r.Lang, "survey.period."+kind, nil)}
		for _, p := range survey.Choices(today)[kind] {
			g.Options = append(g.Options, surveyOption{Value: p.Value, Label: s.periodLabel(r.Lang, p), Checked: p.Value == q.Period.Value})
		}
		d.PeriodGroups = append(d.PeriodGroups, g)
	}
	trend, err := s.svc.Survey.Trend(ctx, r.Actor, r.LibraryID, q.ServicePointID, q.Period, trendLength[q.Period.Kind])
	if err != nil {
		return err
	}
	for _, t := range trend {
		row := trendRow{Label: s.periodLabel(r.Lang, t.Period), Respondents: t.Respondents, Grade: t.Grade, Current: t.Period == q.Period}
		if t.Respondents > 0 {
			row.IKM = i18n.FormatDecimal(r.Lang, t.IKM, 2)
		}
		d.Trend = append(d.Trend, row)
	}
	d.Chart = s.trendChart(r.Lang, trend)
	fs, err := s.svc.Survey.Followups(ctx, r.Actor, r.LibraryID, q.ServicePointID, q.Period)
	if err != nil {
		return err
	}
	todayStr := today.Format(time.DateOnly)
	for _, f := range fs {
		d.Followups = append(d.Followups, followupRow{Followup: f, PeriodLabel: s.periodLabel(r.Lang, f.Period),
			Overdue: f.Status != "done" && f.DueDate < todayStr})
	}
	if d.CanManage {
		if d.Owners, err = s.svc.Survey.Owners(ctx, r.Actor, r.LibraryID); err != nil {
			return err
		}
		if d.Form.Element == "" {
			for _, e := range rep.Elements {
				if e.Lowest {
					d.Form.Element = e.Code
					break
				}
			}
		}
		if d.Form.DueDate == "" {
			d.Form.DueDate = today.AddDate(0, 3, 0).Format(time.DateOnly)
		}
	}
	return s.render(w, r, status, "survey_ikm", "survey.ikm_title", d)
}

func followupFromForm(r *request) (survey.Followup, followupForm) {
	form := followupForm{Element: r.PostFormValue("element"), Action: r.PostFormValue("action"),
		DueDate: strings.TrimSpace(r.PostFormValue("due_date")), Status: r.PostFormValue("status")}
	form.OwnerStaffID, _ = strconv.ParseInt(r.PostFormValue("owner_staff_id"), 10, 64)
	f := survey.Followup{LibraryID: r.LibraryID, Element: form.Element, Action: form.Action, DueDate: form.DueDate, Status: form.Status}
	if form.OwnerStaffID > 0 {
		f.OwnerStaffID = &form.OwnerStaffID
	}
	return f, form
}

func (s *Server) followupCreate(w http.ResponseWriter, r *request) error {
	q, err := s.parseIKMQuery(r, r.PostFormValue)
	if err != nil {
		return err
	}
	f, form := followupFromForm(r)
	f.Period = q.Period
	if q.ServicePointID != 0 {
		f.ServicePointID = &q.ServicePointID
	}
	_, err = s.svc.Survey.CreateFollowup(r.Context(), r.Actor, f)
	if isFormError(err) {
		return s.renderIKM(w, r, statusOf(codeOf(err)), q, form, err)
	}
	if err != nil {
		return err
	}
	return s.redirect(w, r, libraryURL(r.LibraryID)+"/ikm?"+q.values().Encode()+"#followups", "survey.followup.created")
}

type followupEditPage struct {
	Followup    survey.Followup
	PeriodLabel string
	Owners      []survey.Person
	Statuses    []string
	Form        followupForm
	Errors      map[string]string
	Back        string
}

func (s *Server) followupID(r *request) (int64, error) { return pathID(r, "followup", "followup") }

// followupBack is the IKM page the plan was made on.
func followupBack(f survey.Followup) string {
	q := ikmQuery{Period: f.Period}
	if f.ServicePointID != nil {
		q.ServicePointID = *f.ServicePointID
	}
	return libraryURL(f.LibraryID) + "/ikm?" + q.values().Encode() + "#followups"
}

func (s *Server) followupForm(w http.ResponseWriter, r *request, status int, f survey.Followup, form followupForm, formErr error) error {
	owners, err := s.svc.Survey.Owners(r.Context(), r.Actor, r.LibraryID)
	if err != nil {
		return err
	}
	p := followupEditPage{Followup: f, PeriodLabel: s.periodLabel(r.Lang, f.Period), Owners: owners, Statuses: survey.Statuses, Form: form, Back: followupBack(f)}
	if formErr != nil {
		p.Errors = s.fieldErrors(r.Lang, formErr)
	}
	return s.render(w, r, status, "survey_followup", "survey.followup.edit_title", p)
}

func (s *Server) followupEdit(w http.ResponseWriter, r *request) error {
	id, err := s.followupID(r)
	if err != nil {
		return err
	}
	f, err := s.svc.Survey.Followup(r.Context(), r.Actor, r.LibraryID, id)
	if err != nil {
		return err
	}
	form := followupForm{Element: f.Element, Action: f.Action, DueDate: f.DueDate, Status: f.Status}
	if f.OwnerStaffID != nil {
		form.OwnerStaffID = *f.OwnerStaffID
	}
	return s.followupForm(w, r, http.StatusOK, f, form, nil)
}

func (s *Server) followupUpdate(w http.ResponseWriter, r *request) error {
	id, err := s.followupID(r)
	if err != nil {
		return err
	}
	old, err := s.svc.Survey.Followup(r.Context(), r.Actor, r.LibraryID, id)
	if err != nil {
		return err
	}
	f, form := followupFromForm(r)
	f.ID = id
	form.Element = old.Element
	updated, err := s.svc.Survey.UpdateFollowup(r.Context(), r.Actor, f)
	if isFormError(err) {
		return s.followupForm(w, r, statusOf(codeOf(err)), old, form, err)
	}
	if err != nil {
		return err
	}
	return s.redirect(w, r, followupBack(updated), "survey.followup.updated")
}
