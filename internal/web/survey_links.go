package web

import (
	"bytes"
	"net/http"
	"strconv"
	"strings"
	"time"

	"github.com/bina-pustaka/bina/internal/auth"
	"github.com/bina-pustaka/bina/internal/db"
	"github.com/bina-pustaka/bina/internal/library"
	"github.com/bina-pustaka/bina/internal/survey"
)

// surveyRoutes are the survey's public pages, its staff pages and its API.
func (s *Server) surveyRoutes() []Route {
	P := auth.PermPublic
	view, manage := auth.PermSurveyView, auth.PermSurveyManage
	return []Route{
		{Method: "GET", Pattern: "/s/{code}", Perm: P, handle: s.surveyPage},
		{Method: "POST", Pattern: "/s/{code}", Perm: P, handle: s.surveySubmit},
		{Method: "GET", Pattern: "/s/{code}/terima-kasih", Perm: P, handle: s.surveyThanks},

		{Method: "GET", Pattern: "/libraries/{lib}/survey", Perm: view, handle: s.surveyLinks},
		{Method: "POST", Pattern: "/libraries/{lib}/survey/links/{sp}", Perm: manage, handle: s.surveyLinkCreate},
		{Method: "GET", Pattern: "/libraries/{lib}/survey/links/{sp}/poster.pdf", Perm: view, handle: s.surveyPoster},
		{Method: "POST", Pattern: "/libraries/{lib}/survey/visitors", Perm: manage, handle: s.surveyVisitors},
		{Method: "GET", Pattern: "/libraries/{lib}/ikm", Perm: view, handle: s.ikmPage},
		{Method: "POST", Pattern: "/libraries/{lib}/ikm/followups", Perm: manage, handle: s.followupCreate},
		{Method: "GET", Pattern: "/libraries/{lib}/ikm/followups/{followup}/edit", Perm: manage, handle: s.followupEdit},
		{Method: "POST", Pattern: "/libraries/{lib}/ikm/followups/{followup}/edit", Perm: manage, handle: s.followupUpdate},

		{Method: "GET", Pattern: "/api/v1/libraries/{lib}/ikm", Perm: view, API: true, handle: s.apiIKM},
		{Method: "GET", Pattern: "/api/v1/libraries/{lib}/ikm/followups", Perm: view, API: true, handle: s.apiFollowups},
		{Method: "GET", Pattern: "/api/v1/libraries/{lib}/survey-links", Perm: view, API: true, handle: s.apiSurveyLinks},
	}
}

// publicBase is the origin patrons reach this server at, taken from the
// request: the scheme from TLS or the reverse proxy's X-Forwarded-Proto,
// the host from Host. A configured public URL (BINA_PUBLIC_URL, not yet
// there) should win over it once deployments ask for one.
func publicBase(r *request) string {
	scheme := "http"
	if r.TLS != nil || r.Header.Get("X-Forwarded-Proto") == "https" {
		scheme = "https"
	}
	return scheme + "://" + r.Host
}

func surveyURL(r *request, code string) string { return publicBase(r) + surveyPath(code) }

type surveyLinkRow struct {
	survey.Link
	URL string
}

type surveyLinksPage struct {
	Links         []surveyLinkRow
	CanManage     bool
	ServicePoints []library.ServicePoint
	Visitors      []survey.VisitorCount
	Form          visitorForm
	Errors        map[string]string
}

type visitorForm struct {
	Month          string
	ServicePointID int64
	Visitors       string
}

func (s *Server) surveyLinks(w http.ResponseWriter, r *request) error {
	return s.surveyLinksPage(w, r, http.StatusOK, visitorForm{}, nil)
}

func (s *Server) surveyLinksPage(w http.ResponseWriter, r *request, status int, form visitorForm, formErr error) error {
	links, err := s.svc.Survey.Links(r.Context(), r.Actor, r.LibraryID)
	if err != nil {
		return err
	}
	p := surveyLinksPage{CanManage: r.Actor.Can(auth.PermSurveyManage, r.LibraryID), Form: form}
	for _, l := range links {
		row := surveyLinkRow{Link: l}
		if l.Code != "" {
			row.URL = surveyURL(r, l.Code)
		}
		p.Links = append(p.Links, row)
	}
	if p.Visitors, err = s.svc.Survey.VisitorCounts(r.Context(), r.Actor, r.LibraryID, 24); err != nil {
		return err
	}
	if p.ServicePoints, err = s.svc.Libraries.ServicePoints(r.Context(), r.Actor, r.LibraryID); err != nil {
		return err
	}
	if p.Form.Month == "" {
		lib, err := s.svc.Libraries.Get(r.Context(), r.Actor, r.LibraryID)
		if err != nil {
			return err
		}
		today, _ := time.Parse(time.DateOnly, survey.Today(db.Now(), lib.TimeZone))
		p.Form.Month = today.AddDate(0, 0, -today.Day()).Format("2006-01") // last month: the one just counted
	}
	if formErr != nil {
		p.Errors = s.fieldErrors(r.Lang, formErr)
	}
	return s.render(w, r, status, "survey_links", "survey.links_title", p)
}

func (s *Server) surveyLinkCreate(w http.ResponseWriter, r *request) error {
	sp, err := pathID(r, "sp", "service_point")
	if err != nil {
		return err
	}
	if _, err := s.svc.Survey.CreateLink(r.Context(), r.Actor, r.LibraryID, sp); err != nil {
		return err
	}
	return s.redirect(w, r, libraryURL(r.LibraryID)+"/survey#link-"+strconv.FormatInt(sp, 10), "survey.link_created")
}

func (s *Server) surveyVisitors(w http.ResponseWriter, r *request) error {
	form := visitorForm{Month: strings.TrimSpace(r.PostFormValue("month")), Visitors: strings.TrimSpace(r.PostFormValue("visitors"))}
	form.ServicePointID, _ = strconv.ParseInt(r.PostFormValue("service_point_id"), 10, 64)
	vc := survey.VisitorCount{LibraryID: r.LibraryID, Month: form.Month, Visitors: -1}
	if n, err := strconv.ParseInt(strings.ReplaceAll(strings.ReplaceAll(form.Visitors, ".", ""), ",", ""), 10, 64); err == nil {
		vc.Visitors = n
	}
	if form.ServicePointID > 0 {
		vc.ServicePointID = &form.ServicePointID
	}
	err := s.svc.Survey.SetVisitors(r.Context(), r.Actor, vc)
	if isFormError(err) {
		return s.surveyLinksPage(w, r, statusOf(codeOf(err)), form, err)
	}
	if err != nil {
		return err
	}
	return s.redirect(w, r, libraryURL(r.LibraryID)+"/survey#visitors", "survey.visitors_saved")
}

// surveyPoster sends the A4 poster of a service point's survey.
func (s *Server) surveyPoster(w http.ResponseWriter, r *request) error {
	sp, err := pathID(r, "sp", "service_point")
	if err != nil {
		return err
	}
	link, err := s.svc.Survey.Link(r.Context(), r.Actor, r.LibraryID, sp)
	if err != nil {
		return err
	}
	if link.Code == "" {
		return s.redirect(w, r, libraryURL(r.LibraryID)+"/survey#link-"+strconv.FormatInt(sp, 10), "survey.no_link_yet")
	}
	lib, err := s.svc.Libraries.Get(r.Context(), r.Actor, r.LibraryID)
	if err != nil {
		return err
	}
	T := func(key string) string { return s.i18n.T(r.Lang, key, nil) }
	var buf bytes.Buffer
	err = survey.Poster(&buf, surveyURL(r, link.Code), survey.PosterText{
		Title: T("survey.title"), Library: lib.Name, Point: link.ServicePointName,
		Instruction: T("survey.poster.instruction"), OrOpen: T("survey.poster.or_open"), Footer: T("survey.poster.footer"),
	}, db.Now())
	if err != nil {
		return err
	}
	w.Header().Set("Content-Type", "application/pdf")
	w.Header().Set("Content-Disposition", `inline; filename="poster-survei-`+link.Code+`.pdf"`)
	w.Header().Set("Content-Length", strconv.Itoa(buf.Len()))
	_, err = w.Write(buf.Bytes())
	return err
}
