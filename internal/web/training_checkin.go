package web

import (
	"encoding/base64"
	"errors"
	"html/template"
	"net/http"
	"net/url"

	"github.com/bina-pustaka/bina/internal/apperr"
	"github.com/bina-pustaka/bina/internal/auth"
	"github.com/bina-pustaka/bina/internal/record"
	"github.com/bina-pustaka/bina/internal/survey"
	"github.com/bina-pustaka/bina/internal/training"
)

// Attendance by QR code: the coordinator shows the day's QR code in the
// room; a participant scans it with her phone, signed in, and is present.

func (s *Server) trainingCheckinRoutes() []Route {
	return []Route{
		{Method: "GET", Pattern: "/libraries/{lib}/training/sessions/{session}/qr", Perm: auth.PermTrainingManage, handle: s.trainingCheckinQR},
		// A GET: scanning a code opens a page, and one step is the point.
		// It is safe to repeat (present once) and needs the day's secret code.
		{Method: "GET", Pattern: "/libraries/{lib}/training/sessions/{session}/checkin", Perm: auth.PermTrainingView, handle: s.trainingCheckin},
	}
}

func trainingCheckinPath(lib, session int64, code string) string {
	return trainingSessionURL(lib, session) + "/checkin?code=" + url.QueryEscape(code)
}

type trainingCheckinQRPage struct {
	Session training.Session
	Day     record.Date
	URL     string       // what the code encodes, also shown as text
	QR      template.URL // the PNG as a data: URL, so the page is one request
}

// trainingCheckinQR shows today's QR code of a session, big enough to
// project or print.
func (s *Server) trainingCheckinQR(w http.ResponseWriter, r *request) error {
	id, err := s.trainingSessionID(r)
	if err != nil {
		return err
	}
	ctx := r.Context()
	x, err := s.svc.Training.Session(ctx, r.Actor, r.LibraryID, id)
	if err != nil {
		return err
	}
	day := record.Date(r.URL.Query().Get("day"))
	if day == "" {
		if day, err = s.svc.Training.Today(ctx, r.Actor, r.LibraryID); err != nil {
			return err
		}
	}
	code, err := s.svc.Training.CheckinCode(ctx, r.Actor, r.LibraryID, id, day)
	if err != nil {
		return err
	}
	page := trainingCheckinQRPage{Session: x, Day: day, URL: s.absoluteURL(r, trainingCheckinPath(r.LibraryID, id, code))}
	png, err := survey.QRCode(page.URL, 512)
	if err != nil {
		return apperr.InternalError(err)
	}
	page.QR = template.URL("data:image/png;base64," + base64.StdEncoding.EncodeToString(png))
	return s.render(w, r, http.StatusOK, "training_checkin_qr", "training.checkin.qr_title", page)
}

type trainingCheckinPage struct {
	CheckIn training.CheckIn
	Refusal string // the translated reason she was not marked present
	Session int64
}

// checkinRefusals are the errors a participant is told about on the page
// itself, since she came from a QR code and has no form to go back to.
var checkinRefusals = map[string]bool{"training.checkin_bad_code": true, "training.checkin_not_participant": true,
	"training.no_staff_record": true, "training.session_closed": true}

func (s *Server) trainingCheckin(w http.ResponseWriter, r *request) error {
	id, err := s.trainingSessionID(r)
	if err != nil {
		return err
	}
	c, err := s.svc.Training.CheckIn(r.Context(), r.Actor, r.LibraryID, id, r.URL.Query().Get("code"))
	var ae *apperr.Error
	if errors.As(err, &ae) && checkinRefusals[ae.Key] {
		return s.render(w, r, statusOf(ae.Code), "training_checkin", "training.checkin.title",
			trainingCheckinPage{Refusal: s.message(r.Lang, ae), Session: id})
	}
	if err != nil {
		return err
	}
	return s.render(w, r, http.StatusOK, "training_checkin", "training.checkin.title", trainingCheckinPage{CheckIn: c, Session: id})
}
