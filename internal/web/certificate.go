package web

import (
	"bytes"
	"fmt"
	"net/http"
	"net/url"
	"strconv"

	"github.com/bina-pustaka/bina/internal/apperr"
	"github.com/bina-pustaka/bina/internal/auth"
	"github.com/bina-pustaka/bina/internal/db"
	"github.com/bina-pustaka/bina/internal/i18n"
	"github.com/bina-pustaka/bina/internal/record"
	"github.com/bina-pustaka/bina/internal/training"
)

// certificateRoutes are training certificates: issuing (one or a whole
// session), the list ("Sertifikat saya" for staff), the PDF, revocation,
// and the public verification page the certificate's QR code opens.
func (s *Server) certificateRoutes() []Route {
	P := auth.PermPublic
	view, manage := auth.PermTrainingView, auth.PermTrainingManage
	return []Route{
		{Method: "GET", Pattern: "/verify/{code}", Perm: P, handle: s.certificateVerify},
		{Method: "GET", Pattern: "/libraries/{lib}/certificates", Perm: view, handle: s.certificateList},
		{Method: "POST", Pattern: "/libraries/{lib}/training/sessions/{session}/certificates", Perm: manage, handle: s.certificateIssueSession},
		{Method: "POST", Pattern: "/libraries/{lib}/training/enrolments/{enrolment}/certificate", Perm: manage, handle: s.certificateIssueOne},
		{Method: "GET", Pattern: "/libraries/{lib}/certificates/{certificate}/pdf", Perm: view, handle: s.certificatePDF},
		{Method: "POST", Pattern: "/libraries/{lib}/certificates/{certificate}/revoke", Perm: manage, handle: s.certificateRevoke},

		{Method: "GET", Pattern: "/api/v1/libraries/{lib}/certificates", Perm: view, API: true, handle: s.apiCertificates},
		{Method: "GET", Pattern: "/api/v1/verify/{code}", Perm: P, API: true, handle: s.apiVerify},
	}
}

func verifyPath(code string) string { return "/verify/" + url.PathEscape(code) }

// verifyURL is the absolute address the certificate's QR code holds.
func verifyURL(r *request, code string) string { return publicBase(r) + verifyPath(code) }

func certificatesURL(lib, session int64) string {
	u := libraryURL(lib) + "/certificates"
	if session != 0 {
		u += "?session=" + strconv.FormatInt(session, 10)
	}
	return u
}

type certificateVerifyPage struct {
	Found bool
	C     training.Certificate
	Code  string
}

func (s *Server) certificateVerify(w http.ResponseWriter, r *request) error {
	code := r.PathValue("code")
	c, err := s.svc.Training.Verify(r.Context(), code)
	if apperr.CodeOf(err) == apperr.NotFound {
		return s.render(w, r, http.StatusNotFound, "certificate_verify", "certificate.verify_title", certificateVerifyPage{Code: code})
	}
	if err != nil {
		return err
	}
	return s.render(w, r, http.StatusOK, "certificate_verify", "certificate.verify_title", certificateVerifyPage{Found: true, C: c, Code: code})
}

type certificateListPage struct {
	Certificates []training.Certificate
	Session      *training.Session
	SessionID    int64
	CanManage    bool
	Errors       map[string]string
	// Expiring is, on a coordinator's full list, the certificates that end
	// within the window asked for (?expiring=days): who needs a renewal.
	Expiring *training.ExpiringCertificates
	Windows  []int
}

func (s *Server) certificateList(w http.ResponseWriter, r *request) error {
	return s.renderCertificates(w, r, http.StatusOK, nil)
}

func (s *Server) renderCertificates(w http.ResponseWriter, r *request, status int, formErr error) error {
	ctx := r.Context()
	page := certificateListPage{CanManage: r.Actor.Can(auth.PermTrainingManage, r.LibraryID)}
	if v := r.URL.Query().Get("session"); v != "" {
		id, err := strconv.ParseInt(v, 10, 64)
		if err != nil || id <= 0 {
			return apperr.NotFoundError("training_session")
		}
		x, err := s.svc.Training.Session(ctx, r.Actor, r.LibraryID, id)
		if err != nil {
			return err
		}
		page.Session, page.SessionID = &x, id
	}
	cs, err := s.svc.Training.Certificates(ctx, r.Actor, training.CertificateFilter{LibraryID: r.LibraryID, SessionID: page.SessionID})
	if err != nil {
		return err
	}
	page.Certificates = cs
	if page.CanManage && page.SessionID == 0 {
		days, _ := strconv.Atoi(r.URL.Query().Get("expiring"))
		ex, err := s.svc.Training.Expiring(ctx, r.Actor, r.LibraryID, days)
		if err != nil {
			return err
		}
		page.Expiring, page.Windows = &ex, training.ExpiryWindows
	}
	if formErr != nil {
		page.Errors = s.fieldErrors(r.Lang, formErr)
	}
	return s.render(w, r, status, "certificate_list", "certificate.list_title", page)
}

func (s *Server) certificateIssueSession(w http.ResponseWriter, r *request) error {
	id, err := pathID(r, "session", "training_session")
	if err != nil {
		return err
	}
	if _, err := s.svc.Training.IssueForSession(r.Context(), r.Actor, r.LibraryID, id); err != nil {
		if apperr.CodeOf(err) == apperr.Conflict {
			return s.redirect(w, r, certificatesURL(r.LibraryID, id), apperr.As(err).Key)
		}
		return err
	}
	return s.redirect(w, r, certificatesURL(r.LibraryID, id), "certificate.issued")
}

func (s *Server) certificateIssueOne(w http.ResponseWriter, r *request) error {
	id, err := pathID(r, "enrolment", "training_enrolment")
	if err != nil {
		return err
	}
	c, issued, err := s.svc.Training.Issue(r.Context(), r.Actor, r.LibraryID, id)
	if err != nil {
		return err
	}
	flash := "certificate.issued_one"
	if !issued {
		flash = "certificate.already_issued"
	}
	back := trainingSessionURL(r.LibraryID, c.SessionID) + "#enrolment-" + strconv.FormatInt(id, 10)
	return s.redirect(w, r, back, flash)
}

func (s *Server) certificateRevoke(w http.ResponseWriter, r *request) error {
	id, err := pathID(r, "certificate", "certificate")
	if err != nil {
		return err
	}
	c, err := s.svc.Training.Revoke(r.Context(), r.Actor, r.LibraryID, id, r.PostFormValue("reason"))
	if isFormError(err) {
		return s.renderCertificates(w, r, http.StatusUnprocessableEntity, err)
	}
	if err != nil {
		return err
	}
	return s.redirect(w, r, certificatesURL(r.LibraryID, c.SessionID), "certificate.revoked")
}

// certificatePDF sends the certificate, for its holder or a coordinator.
func (s *Server) certificatePDF(w http.ResponseWriter, r *request) error {
	id, err := pathID(r, "certificate", "certificate")
	if err != nil {
		return err
	}
	c, err := s.svc.Training.Certificate(r.Context(), r.Actor, r.LibraryID, id)
	if err != nil {
		return err
	}
	T := func(key string, args map[string]any) string { return s.i18n.T(r.Lang, key, args) }
	date := func(d string) string {
		return i18n.FormatDate(r.Lang, record.Date(d).Time())
	}
	text := training.CertificateText{
		Title:       T("certificate.pdf_title", nil),
		Number:      T("certificate.pdf_number", map[string]any{"Number": c.Number}),
		GivenTo:     T("certificate.pdf_given_to", nil),
		ForTaking:   T("certificate.pdf_for", nil),
		Dates:       date(string(c.FirstDay)),
		JP:          training.JPText(c.JP),
		PlaceDate:   date(string(c.IssuedOn)),
		SignerTitle: T("certificate.pdf_signer", map[string]any{"Library": c.LibraryName}),
		Verify:      T("certificate.pdf_verify", nil),
	}
	if c.LastDay != c.FirstDay {
		text.Dates += " – " + date(string(c.LastDay))
	}
	if c.NIP != "" {
		text.NIP = "NIP " + c.NIP
	}
	if c.ExpiresOn != "" {
		text.Validity = T("certificate.pdf_valid_until", map[string]any{"Date": date(string(c.ExpiresOn))})
	}
	var buf bytes.Buffer
	if err := training.CertificatePDF(&buf, c, verifyURL(r, c.Code), text, db.Now()); err != nil {
		return err
	}
	w.Header().Set("Content-Type", "application/pdf")
	w.Header().Set("Content-Disposition", fmt.Sprintf(`inline; filename="sertifikat-%d.pdf"`, c.ID))
	w.Header().Set("Content-Length", strconv.Itoa(buf.Len()))
	_, err = w.Write(buf.Bytes())
	return err
}

func (s *Server) apiCertificates(w http.ResponseWriter, r *request) error {
	f := training.CertificateFilter{LibraryID: r.LibraryID}
	if v := r.URL.Query().Get("session"); v != "" {
		id, err := strconv.ParseInt(v, 10, 64)
		if err != nil || id <= 0 {
			return apperr.NotFoundError("training_session")
		}
		f.SessionID = id
	}
	cs, err := s.svc.Training.Certificates(r.Context(), r.Actor, f)
	if err != nil {
		return err
	}
	return writeJSON(w, http.StatusOK, listResponse[training.Certificate]{Items: cs})
}

// publicCertificate is what anyone holding the code may read: no reason
// of a revocation, no staff id.
type publicCertificate struct {
	State     string  `json:"state"`
	Number    string  `json:"number"`
	Name      string  `json:"name"`
	Program   string  `json:"program"`
	FirstDay  string  `json:"first_day"`
	LastDay   string  `json:"last_day"`
	JP        int     `json:"jp"`
	Library   string  `json:"library"`
	IssuedOn  string  `json:"issued_on"`
	ExpiresOn *string `json:"expires_on"`
	RevokedAt *string `json:"revoked_at"`
}

func (s *Server) apiVerify(w http.ResponseWriter, r *request) error {
	c, err := s.svc.Training.Verify(r.Context(), r.PathValue("code"))
	if err != nil {
		return err
	}
	out := publicCertificate{State: c.State, Number: c.Number, Name: c.StaffName, Program: c.SessionName(),
		FirstDay: string(c.FirstDay), LastDay: string(c.LastDay), JP: c.JP, Library: c.LibraryName, IssuedOn: string(c.IssuedOn)}
	if c.ExpiresOn != "" {
		e := string(c.ExpiresOn)
		out.ExpiresOn = &e
	}
	if c.RevokedAt != nil {
		v := c.RevokedAt.Format("2006-01-02T15:04:05Z07:00")
		out.RevokedAt = &v
	}
	return writeJSON(w, http.StatusOK, out)
}
