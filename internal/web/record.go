package web

import (
	"net/http"
	"strconv"
	"strings"

	"github.com/bina-pustaka/bina/internal/apperr"
	"github.com/bina-pustaka/bina/internal/auth"
	"github.com/bina-pustaka/bina/internal/i18n"
	"github.com/bina-pustaka/bina/internal/record"
)

// recordRoutes are the professional development record: a person's record
// page and its add forms, item actions (delete, evidence, verification), the
// library's JP status, the verification queue, expiring certifications, the
// angka kredit regulation table, and the API.
func (s *Server) recordRoutes() []Route {
	lv, view, manage, verify := auth.PermLibraryView, auth.PermRecordView, auth.PermRecordManage, auth.PermRecordVerify
	const person = "/libraries/{lib}/staff/{staff}/record"
	const item = "/libraries/{lib}/record/{item}"
	return []Route{
		// A staff member keeps her own record, so the service decides beyond library:view.
		{Method: "GET", Pattern: person, Perm: lv, handle: s.recordShow},
		{Method: "GET", Pattern: person + "/new", Perm: lv, handle: s.recordNew},
		{Method: "POST", Pattern: person + "/jp", Perm: lv, Upload: true, handle: s.recordAddJP},
		{Method: "POST", Pattern: person + "/certifications", Perm: lv, Upload: true, handle: s.recordAddCertification},
		{Method: "POST", Pattern: person + "/publications", Perm: lv, handle: s.recordAddPublication},
		{Method: "POST", Pattern: person + "/conferences", Perm: lv, handle: s.recordAddConference},
		{Method: "POST", Pattern: person + "/memberships", Perm: lv, handle: s.recordAddMembership},
		{Method: "POST", Pattern: person + "/ratings", Perm: manage, handle: s.recordAddRating},
		{Method: "POST", Pattern: item + "/delete", Perm: lv, handle: s.recordDelete},
		{Method: "GET", Pattern: item + "/evidence", Perm: lv, handle: s.recordEvidence},
		{Method: "POST", Pattern: item + "/verify", Perm: verify, handle: s.jpVerify},
		{Method: "POST", Pattern: item + "/reject", Perm: verify, handle: s.jpReject},

		{Method: "GET", Pattern: "/libraries/{lib}/jp", Perm: view, handle: s.jpStatus},
		{Method: "POST", Pattern: "/libraries/{lib}/jp/target", Perm: auth.PermLibraryManage, handle: s.jpTargetUpdate},
		{Method: "GET", Pattern: "/libraries/{lib}/jp/verify", Perm: verify, handle: s.jpQueue},
		{Method: "GET", Pattern: "/libraries/{lib}/certifications/expiring", Perm: view, handle: s.certExpiring},
		// The regulation is public; only a superadmin changes it.
		{Method: "GET", Pattern: "/settings/angka-kredit", Perm: auth.PermSignedIn, handle: s.akRegulationPage},
		{Method: "POST", Pattern: "/settings/angka-kredit", Perm: auth.PermAKRegulation, handle: s.akRegulationUpdate},

		{Method: "GET", Pattern: "/api/v1/libraries/{lib}/staff/{staff}/jp", Perm: lv, API: true, handle: s.apiJPLedger},
		{Method: "POST", Pattern: "/api/v1/libraries/{lib}/staff/{staff}/jp", Perm: lv, API: true, handle: s.apiJPAdd},
		{Method: "GET", Pattern: "/api/v1/libraries/{lib}/jp-status", Perm: view, API: true, handle: s.apiJPStatus},
		{Method: "GET", Pattern: "/api/v1/libraries/{lib}/staff/{staff}/credits", Perm: lv, API: true, handle: s.apiCredits},
	}
}

func recordURL(lib, staffID int64) string { return staffURL(lib, staffID) + "/record" }

// ownStaff reports whether staffID is the actor's own staff record here.
func ownStaff(r *request, staffID int64) bool {
	m, ok := r.Actor.Memberships[r.LibraryID]
	return ok && m.StaffID != nil && *m.StaffID == staffID
}

// recordPerson resolves {staff} to a person whose record the actor may
// read; every record handler does this before reading a body, so a
// foreign id is a 404 whatever was posted.
func (s *Server) recordPerson(r *request) (record.Person, error) {
	id, err := s.staffID(r)
	if err != nil {
		return record.Person{}, err
	}
	return s.svc.Record.Person(r.Context(), r.Actor, r.LibraryID, id)
}

// formatCredits writes an exact angka kredit amount the language's way:
// "43,75" in Indonesian, "43.75" in English, thousands grouped.
func formatCredits(lang string, c record.Credits) string {
	str := c.String()
	sign := ""
	if strings.HasPrefix(str, "-") {
		sign, str = "-", str[1:]
	}
	whole, frac, _ := strings.Cut(str, ".")
	n, _ := strconv.ParseInt(whole, 10, 64)
	out := sign + i18n.FormatNumber(lang, n)
	if frac != "" {
		dec := "."
		if lang == "id" {
			dec = ","
		}
		out += dec + frac
	}
	return out
}

type recordPage struct {
	R         record.Full
	Years     []int // the year selector, this year first
	Own       bool
	CanManage bool // add ratings, add and delete anything
	CanVerify bool
	CanStaff  bool // may open the staff directory
	lang      string
	actor     *auth.Actor
}

// Credits formats an amount for the page's language.
func (p recordPage) Credits(c record.Credits) string { return formatCredits(p.lang, c) }

// Deletable says whether the delete button shows for an item.
func (p recordPage) Deletable(kind string, status string) bool {
	return record.CanDelete(p.actor, p.R.Person.LibraryID, p.R.Person.ID, record.Kind(kind), status)
}

func yearParam(r *request) int {
	y, _ := strconv.Atoi(r.URL.Query().Get("year"))
	return y
}

// recentYears lists this year and the four before, for year selectors.
func recentYears(this int) []int {
	out := make([]int, 0, 5)
	for y := this; y > this-5; y-- {
		out = append(out, y)
	}
	return out
}

func (s *Server) recordShow(w http.ResponseWriter, r *request) error {
	p, err := s.recordPerson(r)
	if err != nil {
		return err
	}
	full, err := s.svc.Record.Record(r.Context(), r.Actor, r.LibraryID, p.ID, yearParam(r))
	if err != nil {
		return err
	}
	page := recordPage{R: full, Years: recentYears(full.Today.Year()), lang: r.Lang, actor: r.Actor,
		Own:       ownStaff(r, p.ID),
		CanManage: r.Actor.Can(auth.PermRecordManage, r.LibraryID), CanVerify: r.Actor.Can(auth.PermRecordVerify, r.LibraryID),
		CanStaff: r.Actor.Can(auth.PermStaffView, r.LibraryID)}
	return s.render(w, r, http.StatusOK, "record_show", "record.title", page)
}

// recordKinds maps the form's kind to the path it posts to.
var recordKinds = map[record.Kind]string{
	record.KindJP: "jp", record.KindCertification: "certifications", record.KindPublication: "publications",
	record.KindConference: "conferences", record.KindMembership: "memberships", record.KindRating: "ratings",
}

// recordFormPage is the one add form, which shows the fields of its kind.
// Values holds what was typed, by field name, to show it again after an error.
type recordFormPage struct {
	Kind             string
	Person           record.Person
	Action           string
	Values           map[string]string
	Errors           map[string]string
	Activities       []string
	PublicationTypes []string
	ConferenceRoles  []string
	Regulation       record.Regulation
	CanVerify        bool // may verify the entry at once (not her own)
	Upload           bool
	MaxMB            int
	Today            record.Date
}

func (s *Server) recordForm(w http.ResponseWriter, r *request, status int, p record.Person, kind record.Kind, values map[string]string, err error) error {
	path, ok := recordKinds[kind]
	if !ok {
		return apperr.NotFoundError("record_item")
	}
	if !record.CanAdd(r.Actor, r.LibraryID, p.ID, kind) {
		return apperr.ForbiddenError()
	}
	today, terr := s.svc.Record.Today(r.Context(), r.Actor, r.LibraryID)
	if terr != nil {
		return terr
	}
	page := recordFormPage{Kind: string(kind), Person: p, Action: recordURL(r.LibraryID, p.ID) + "/" + path, Values: values,
		Activities: record.Activities, PublicationTypes: record.PublicationTypes, ConferenceRoles: record.ConferenceRoles,
		CanVerify: r.Actor.Can(auth.PermRecordVerify, r.LibraryID) && !ownStaff(r, p.ID),
		Upload:    kind == record.KindJP || kind == record.KindCertification, MaxMB: record.MaxEvidenceBytes >> 20, Today: today}
	if kind == record.KindRating {
		reg, rerr := s.svc.Record.Regulation(r.Context(), r.Actor)
		if rerr != nil {
			return rerr
		}
		page.Regulation = reg
	}
	if err != nil {
		page.Errors = s.fieldErrors(r.Lang, err)
	}
	return s.render(w, r, status, "record_form", "record.form_title."+string(kind), page)
}

func (s *Server) recordNew(w http.ResponseWriter, r *request) error {
	p, err := s.recordPerson(r)
	if err != nil {
		return err
	}
	kind := record.Kind(r.URL.Query().Get("kind"))
	today, err := s.svc.Record.Today(r.Context(), r.Actor, r.LibraryID)
	if err != nil {
		return err
	}
	values := map[string]string{}
	switch kind {
	case record.KindJP:
		values["activity"], values["date"] = "pelatihan", string(today)
	case record.KindCertification:
		values["issuer"] = record.DefaultIssuer
	case record.KindPublication:
		values["year"], values["type"] = strconv.Itoa(today.Year()), "jurnal"
	case record.KindConference:
		values["role"] = "peserta"
	case record.KindMembership:
		values["association"] = record.DefaultAssociation
	case record.KindRating:
		values["year"], values["rating"], values["jenjang"] = strconv.Itoa(today.Year()-1), record.DefaultRating, p.Level
	}
	return s.recordForm(w, r, http.StatusOK, p, kind, values, nil)
}

// formValues reads the named fields of a posted form.
func formValues(r *request, names ...string) map[string]string {
	out := make(map[string]string, len(names))
	for _, n := range names {
		out[n] = r.PostFormValue(n)
	}
	return out
}

// evidenceUpload reads the optional "evidence" file (see formFile).
func (s *Server) evidenceUpload(r *request) (*record.Upload, error) {
	return s.formFile(r, "evidence", record.MaxEvidenceBytes, "record.evidence_unreadable")
}

// recordSaved answers an add: back to the record, or the form with its errors.
func (s *Server) recordSaved(w http.ResponseWriter, r *request, p record.Person, kind record.Kind, values map[string]string, err error) error {
	if isFormError(err) {
		return s.recordForm(w, r, statusOf(codeOf(err)), p, kind, values, err)
	}
	if err != nil {
		return err
	}
	return s.redirect(w, r, recordURL(r.LibraryID, p.ID), "record.saved")
}

func atoiOr0(s string) int {
	n, _ := strconv.Atoi(strings.TrimSpace(s))
	return n
}

func (s *Server) recordAddJP(w http.ResponseWriter, r *request) error {
	p, err := s.recordPerson(r)
	if err != nil {
		return err
	}
	up, err := s.evidenceUpload(r)
	values := formValues(r, "activity", "title", "organizer", "date", "jp", "evidence_url", "verified")
	if err != nil {
		return s.recordSaved(w, r, p, record.KindJP, values, err)
	}
	e := record.JPEntry{LibraryID: r.LibraryID, StaffID: p.ID, Activity: values["activity"], Title: values["title"], Organizer: values["organizer"],
		Date: record.Date(strings.TrimSpace(values["date"])), JP: atoiOr0(values["jp"]), EvidenceURL: values["evidence_url"]}
	_, err = s.svc.Record.AddJP(r.Context(), r.Actor, e, up, values["verified"] == "1")
	return s.recordSaved(w, r, p, record.KindJP, values, err)
}

func (s *Server) recordAddCertification(w http.ResponseWriter, r *request) error {
	p, err := s.recordPerson(r)
	if err != nil {
		return err
	}
	up, err := s.evidenceUpload(r)
	values := formValues(r, "name", "issuer", "number", "issued", "expires", "evidence_url")
	if err != nil {
		return s.recordSaved(w, r, p, record.KindCertification, values, err)
	}
	x := record.Certification{LibraryID: r.LibraryID, StaffID: p.ID, Name: values["name"], Issuer: values["issuer"], Number: values["number"],
		Issued: record.Date(strings.TrimSpace(values["issued"])), Expires: record.Date(strings.TrimSpace(values["expires"])), EvidenceURL: values["evidence_url"]}
	_, err = s.svc.Record.AddCertification(r.Context(), r.Actor, x, up)
	return s.recordSaved(w, r, p, record.KindCertification, values, err)
}

func (s *Server) recordAddPublication(w http.ResponseWriter, r *request) error {
	p, err := s.recordPerson(r)
	if err != nil {
		return err
	}
	values := formValues(r, "title", "venue", "year", "type", "url")
	x := record.Publication{LibraryID: r.LibraryID, StaffID: p.ID, Title: values["title"], Venue: values["venue"],
		Year: atoiOr0(values["year"]), Type: values["type"], URL: values["url"]}
	_, err = s.svc.Record.AddPublication(r.Context(), r.Actor, x)
	return s.recordSaved(w, r, p, record.KindPublication, values, err)
}

func (s *Server) recordAddConference(w http.ResponseWriter, r *request) error {
	p, err := s.recordPerson(r)
	if err != nil {
		return err
	}
	values := formValues(r, "name", "role", "place", "date")
	x := record.Conference{LibraryID: r.LibraryID, StaffID: p.ID, Name: values["name"], Role: values["role"], Place: values["place"],
		Date: record.Date(strings.TrimSpace(values["date"]))}
	_, err = s.svc.Record.AddConference(r.Context(), r.Actor, x)
	return s.recordSaved(w, r, p, record.KindConference, values, err)
}

func (s *Server) recordAddMembership(w http.ResponseWriter, r *request) error {
	p, err := s.recordPerson(r)
	if err != nil {
		return err
	}
	values := formValues(r, "association", "number", "since", "until")
	x := record.Membership{LibraryID: r.LibraryID, StaffID: p.ID, Association: values["association"], Number: values["number"],
		Since: record.Date(strings.TrimSpace(values["since"])), Until: record.Date(strings.TrimSpace(values["until"]))}
	_, err = s.svc.Record.AddMembership(r.Context(), r.Actor, x)
	return s.recordSaved(w, r, p, record.KindMembership, values, err)
}

func (s *Server) recordAddRating(w http.ResponseWriter, r *request) error {
	p, err := s.recordPerson(r)
	if err != nil {
		return err
	}
	values := formValues(r, "year", "rating", "jenjang")
	x := record.Rating{LibraryID: r.LibraryID, StaffID: p.ID, Year: atoiOr0(values["year"]), Rating: values["rating"], Jenjang: values["jenjang"]}
	_, err = s.svc.Record.AddRating(r.Context(), r.Actor, x)
	return s.recordSaved(w, r, p, record.KindRating, values, err)
}

func (s *Server) itemID(r *request) (int64, error) { return pathID(r, "item", "record_item") }

func (s *Server) recordDelete(w http.ResponseWriter, r *request) error {
	id, err := s.itemID(r)
	if err != nil {
		return err
	}
	staffID, err := s.svc.Record.Delete(r.Context(), r.Actor, r.LibraryID, id)
	if err != nil {
		return err
	}
	return s.redirect(w, r, recordURL(r.LibraryID, staffID), "record.deleted")
}

// recordEvidence sends an evidence file as a download under the type sniffed
// when it was stored, never to be rendered or re-sniffed by the browser.
func (s *Server) recordEvidence(w http.ResponseWriter, r *request) error {
	id, err := s.itemID(r)
	if err != nil {
		return err
	}
	f, err := s.svc.Record.Evidence(r.Context(), r.Actor, r.LibraryID, id)
	if err != nil {
		return err
	}
	return sendFile(w, f.MIME, f.DownloadName(), f.Content)
}
