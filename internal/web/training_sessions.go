package web

import (
	"bytes"
	"net/http"
	"strconv"
	"strings"
	"unicode"

	"github.com/bina-pustaka/bina/internal/auth"
	"github.com/bina-pustaka/bina/internal/db"
	"github.com/bina-pustaka/bina/internal/i18n"
	"github.com/bina-pustaka/bina/internal/record"
	"github.com/bina-pustaka/bina/internal/report"
	"github.com/bina-pustaka/bina/internal/training"
)

// trainingYear is the year asked for, or this year at the library.
func (s *Server) trainingYear(r *request) (int, error) {
	today, err := s.svc.Training.Today(r.Context(), r.Actor, r.LibraryID)
	if err != nil {
		return 0, err
	}
	if y := yearParam(r); y >= 2000 && y <= today.Year()+5 {
		return y, nil
	}
	return today.Year(), nil
}

// trainingMonth is one month of the calendar with its sessions.
type trainingMonth struct {
	Name     string
	Sessions []training.Session
}

type trainingCalendarPage struct {
	Year      int
	Months    []trainingMonth // only months with sessions
	CanManage bool
	OwnStaff  bool
}

// trainingCalendar is the year's sessions month by month, by the month
// each starts in.
func (s *Server) trainingCalendar(w http.ResponseWriter, r *request) error {
	year, err := s.trainingYear(r)
	if err != nil {
		return err
	}
	xs, err := s.svc.Training.Sessions(r.Context(), r.Actor, training.SessionFilter{LibraryID: r.LibraryID, Year: year})
	if err != nil {
		return err
	}
	page := trainingCalendarPage{Year: year, CanManage: r.Actor.Can(auth.PermTrainingManage, r.LibraryID),
		OwnStaff: training.OwnStaffID(r.Actor, r.LibraryID) != 0}
	for _, x := range xs {
		m := x.FirstDay().Time().Month()
		name := i18n.MonthName(r.Lang, m)
		if n := len(page.Months); n == 0 || page.Months[n-1].Name != name {
			page.Months = append(page.Months, trainingMonth{Name: name})
		}
		last := &page.Months[len(page.Months)-1]
		last.Sessions = append(last.Sessions, x)
	}
	return s.render(w, r, http.StatusOK, "training_sessions", "training.calendar", page)
}

type trainingPlanPage struct {
	Plan training.Plan
}

func (s *Server) trainingPlan(w http.ResponseWriter, r *request) error {
	year, err := s.trainingYear(r)
	if err != nil {
		return err
	}
	plan, err := s.svc.Training.AnnualPlan(r.Context(), r.Actor, r.LibraryID, year)
	if err != nil {
		return err
	}
	return s.render(w, r, http.StatusOK, "training_plan", "training.plan", trainingPlanPage{Plan: plan})
}

// trainingPlanXLSX sends the year's plan as a workbook, for the library
// head or the regional office.
func (s *Server) trainingPlanXLSX(w http.ResponseWriter, r *request) error {
	year, err := s.trainingYear(r)
	if err != nil {
		return err
	}
	ctx := r.Context()
	plan, err := s.svc.Training.AnnualPlan(ctx, r.Actor, r.LibraryID, year)
	if err != nil {
		return err
	}
	lib, err := s.svc.Libraries.Get(ctx, r.Actor, r.LibraryID)
	if err != nil {
		return err
	}
	ps, err := s.svc.Training.Programs(ctx, r.Actor, r.LibraryID, false)
	if err != nil {
		return err
	}
	data := &report.TrainingPlan{Library: lib.Name, Plan: plan, Programs: map[int64]training.Program{}, Printed: db.Now()}
	for _, p := range ps {
		data.Programs[p.ID] = p
	}
	l := report.Locale{Bundle: s.i18n, Lang: r.Lang}
	var buf bytes.Buffer
	if err := report.TrainingPlanXLSX(&buf, data, l); err != nil {
		return err
	}
	return sendFile(w, xlsxType, data.Filename(l), buf.Bytes())
}

// trainingSessionForm is the session form. Days and External hold the
// text areas as typed.
type trainingSessionForm struct {
	Session  training.Session
	Program  training.Program
	Days     string
	External string
	Staff    []training.Candidate
	Trainer  map[int64]bool // staff ticked as trainers
	PassMark string
	Budget   string
	Lists    trainingLabels
	Errors   map[string]string
	New      bool
	Action   string
}

func (s *Server) trainingSessionFormPage(w http.ResponseWriter, r *request, status int, x training.Session, p training.Program, f trainingSessionForm, err error) error {
	staff, serr := s.svc.Training.Candidates(r.Context(), r.Actor, r.LibraryID, 0)
	if serr != nil {
		return serr
	}
	f.Session, f.Program, f.Staff, f.Lists, f.New = x, p, staff, trainingLists, x.ID == 0
	f.Trainer = map[int64]bool{}
	for _, t := range x.Trainers {
		if t.StaffID != nil {
			f.Trainer[*t.StaffID] = true
		}
	}
	f.Action = trainingProgramURL(r.LibraryID, p.ID) + "/sessions"
	if !f.New {
		f.Action = trainingSessionURL(r.LibraryID, x.ID) + "/edit"
	}
	if err != nil {
		f.Errors = s.fieldErrors(r.Lang, err)
	}
	title := "training.session_edit"
	if f.New {
		title = "training.session_new"
	}
	return s.render(w, r, status, "training_session_form", title, f)
}

// formOfSession fills the text areas from a stored session.
func formOfSession(x training.Session) trainingSessionForm {
	var days, ext []string
	for _, d := range x.Days {
		days = append(days, string(d))
	}
	for _, t := range x.Trainers {
		if t.StaffID == nil {
			line := t.Name
			if t.Institution != "" {
				line += "; " + t.Institution
			}
			ext = append(ext, line)
		}
	}
	f := trainingSessionForm{Days: strings.Join(days, "\n"), External: strings.Join(ext, "\n"), Budget: strconv.FormatInt(x.Budget, 10)}
	if x.PassMark != nil {
		f.PassMark = strconv.Itoa(*x.PassMark)
	}
	return f
}

// sessionFromForm reads the session form. Days are separated by lines,
// commas or spaces; an external trainer is "name; institution" a line.
func sessionFromForm(r *request) (training.Session, trainingSessionForm) {
	f := trainingSessionForm{Days: r.PostFormValue("days"), External: r.PostFormValue("trainers_external"),
		PassMark: strings.TrimSpace(r.PostFormValue("pass_mark")), Budget: r.PostFormValue("budget")}
	x := training.Session{LibraryID: r.LibraryID, Title: r.PostFormValue("title"), Place: r.PostFormValue("place"),
		OnlineURL: r.PostFormValue("online_url"), Capacity: atoiOr0(r.PostFormValue("capacity")),
		BudgetLine: r.PostFormValue("budget_line"), Status: r.PostFormValue("status"),
		MinAttendance: atoiOr0(r.PostFormValue("min_attendance_percent")), Budget: parseRupiah(f.Budget)}
	for _, d := range strings.FieldsFunc(f.Days, func(c rune) bool { return c == ',' || c == ';' || unicode.IsSpace(c) }) {
		x.Days = append(x.Days, record.Date(d))
	}
	for _, id := range formIDs(r, "trainer_staff") {
		x.Trainers = append(x.Trainers, training.Trainer{StaffID: &id})
	}
	for _, line := range strings.Split(f.External, "\n") {
		name, inst, _ := strings.Cut(line, ";")
		if strings.TrimSpace(name) != "" {
			x.Trainers = append(x.Trainers, training.Trainer{Name: name, Institution: inst})
		}
	}
	if f.PassMark != "" {
		n, err := strconv.Atoi(f.PassMark)
		if err != nil {
			n = -1 // refused by the service as out of range
		}
		x.PassMark = &n
	}
	return x, f
}

// parseRupiah reads an amount typed as "Rp 5.000.000", "5,000,000" or
// "5000000"; anything else is -1, which the service refuses.
func parseRupiah(s string) int64 {
	s = strings.TrimSpace(strings.TrimPrefix(strings.TrimSpace(s), "Rp"))
	s = strings.NewReplacer(".", "", ",", "", " ", "").Replace(s)
	if s == "" {
		return 0
	}
	n, err := strconv.ParseInt(s, 10, 64)
	if err != nil {
		return -1
	}
	return n
}

func (s *Server) trainingSessionNew(w http.ResponseWriter, r *request) error {
	id, err := s.trainingProgramID(r)
	if err != nil {
		return err
	}
	p, err := s.svc.Training.Program(r.Context(), r.Actor, r.LibraryID, id)
	if err != nil {
		return err
	}
	x := training.Session{LibraryID: r.LibraryID, ProgramID: p.ID, Capacity: 25, Status: training.SessionPlanned,
		MinAttendance: training.DefaultMinAttendance}
	return s.trainingSessionFormPage(w, r, http.StatusOK, x, p, trainingSessionForm{Budget: "0"}, nil)
}

func (s *Server) trainingSessionCreate(w http.ResponseWriter, r *request) error {
	id, err := s.trainingProgramID(r)
	if err != nil {
		return err
	}
	p, err := s.svc.Training.Program(r.Context(), r.Actor, r.LibraryID, id)
	if err != nil {
		return err
	}
	x, f := sessionFromForm(r)
	x.ProgramID = p.ID
	created, err := s.svc.Training.CreateSession(r.Context(), r.Actor, x)
	if isFormError(err) {
		return s.trainingSessionFormPage(w, r, statusOf(codeOf(err)), x, p, f, err)
	}
	if err != nil {
		return err
	}
	return s.redirect(w, r, trainingSessionURL(r.LibraryID, created.ID), "training.session_saved")
}

func (s *Server) trainingSessionEdit(w http.ResponseWriter, r *request) error {
	id, err := s.trainingSessionID(r)
	if err != nil {
		return err
	}
	x, err := s.svc.Training.Session(r.Context(), r.Actor, r.LibraryID, id)
	if err != nil {
		return err
	}
	p, err := s.svc.Training.Program(r.Context(), r.Actor, r.LibraryID, x.ProgramID)
	if err != nil {
		return err
	}
	return s.trainingSessionFormPage(w, r, http.StatusOK, x, p, formOfSession(x), nil)
}

func (s *Server) trainingSessionUpdate(w http.ResponseWriter, r *request) error {
	id, err := s.trainingSessionID(r)
	if err != nil {
		return err
	}
	old, err := s.svc.Training.Session(r.Context(), r.Actor, r.LibraryID, id)
	if err != nil {
		return err
	}
	p, err := s.svc.Training.Program(r.Context(), r.Actor, r.LibraryID, old.ProgramID)
	if err != nil {
		return err
	}
	x, f := sessionFromForm(r)
	x.ID, x.ProgramID = id, old.ProgramID
	_, err = s.svc.Training.UpdateSession(r.Context(), r.Actor, x)
	if isFormError(err) {
		return s.trainingSessionFormPage(w, r, statusOf(codeOf(err)), x, p, f, err)
	}
	if err != nil {
		return err
	}
	return s.redirect(w, r, trainingSessionURL(r.LibraryID, id), "training.session_saved")
}

// trainingSessionPage is a session's page. A coordinator also gets the
// nomination list, the attendance checklist of one day and the scores.
type trainingSessionPage struct {
	trainingFormat
	Session     training.Session
	Program     training.Program
	Seated      []training.Enrolment
	Waiting     []training.Enrolment
	Left        []training.Enrolment // cancelled
	Gains       training.GainSummary
	CanManage   bool
	Candidates  []training.Candidate
	Day         record.Date               // the checklist's day
	Today       record.Date               // at the library: its day gets a QR code for attendance
	Present     map[int64]bool            // on Day, by enrolment
	Attendance  map[int64]map[string]bool // every day, by enrolment
	Results     map[int64]training.Result // the completion rule per seated enrolment
	Own         *training.Enrolment       // the actor's own enrolment, if any
	CanRegister bool                      // the actor may register herself now
	Scores      map[string]string         // typed scores to show again after an error
	Errors      map[string]string
	// Certificates by enrolment, in number order (a staff member gets only
	// her own); revoked ones stay listed beside their re-issue.
	Certificates map[int64][]training.Certificate
}

// CanIssue reports whether a coordinator may issue the participant a
// certificate now: completed, with none in force (never issued, or the one
// issued was revoked).
func (p trainingSessionPage) CanIssue(e training.Enrolment) bool {
	if !p.CanManage || p.Session.Status != training.SessionCompleted || e.Status != training.Completed {
		return false
	}
	for _, c := range p.Certificates[e.ID] {
		if c.RevokedAt == nil {
			return false
		}
	}
	return true
}

// Cell reports whether a participant attended a day.
func (p trainingSessionPage) Cell(id int64, day record.Date) bool {
	return p.Attendance[id][string(day)]
}

// ScoreValue is the score field's value: as typed after an error, else stored.
func (p trainingSessionPage) ScoreValue(field string, stored *int) string {
	if v, ok := p.Scores[field]; ok {
		return v
	}
	return p.Score(stored)
}

func (s *Server) trainingSessionShow(w http.ResponseWriter, r *request) error {
	return s.trainingSessionView(w, r, http.StatusOK, nil, nil)
}

// trainingSessionView renders the session page, with a form's error (the
// nomination's or the scores') in place.
func (s *Server) trainingSessionView(w http.ResponseWriter, r *request, status int, formErr error, scores map[string]string) error {
	id, err := s.trainingSessionID(r)
	if err != nil {
		return err
	}
	ctx := r.Context()
	x, err := s.svc.Training.Session(ctx, r.Actor, r.LibraryID, id)
	if err != nil {
		return err
	}
	p, err := s.svc.Training.Program(ctx, r.Actor, r.LibraryID, x.ProgramID)
	if err != nil {
		return err
	}
	es, err := s.svc.Training.Participants(ctx, r.Actor, r.LibraryID, id)
	if err != nil {
		return err
	}
	page := trainingSessionPage{trainingFormat: trainingFormat{lang: r.Lang}, Session: x, Program: p, Scores: scores,
		CanManage: r.Actor.Can(auth.PermTrainingManage, r.LibraryID), Results: map[int64]training.Result{}}
	own := training.OwnStaffID(r.Actor, r.LibraryID)
	for i, e := range es {
		switch {
		case e.Holds():
			page.Seated = append(page.Seated, e)
			page.Results[e.ID] = x.Rule().Check(len(x.Days), e.Attended, e.PostScore)
		case e.Status == training.Waitlisted:
			page.Waiting = append(page.Waiting, e)
		default:
			page.Left = append(page.Left, e)
		}
		if own != 0 && e.StaffID == own {
			page.Own = &es[i]
		}
	}
	page.Gains = training.SummarizeGains(page.Seated)
	if x.Status == training.SessionCompleted {
		cs, err := s.svc.Training.Certificates(ctx, r.Actor, training.CertificateFilter{LibraryID: r.LibraryID, SessionID: id})
		if err != nil {
			return err
		}
		page.Certificates = map[int64][]training.Certificate{}
		for _, c := range cs {
			page.Certificates[c.EnrolmentID] = append(page.Certificates[c.EnrolmentID], c)
		}
	}
	today, err := s.svc.Training.Today(ctx, r.Actor, r.LibraryID)
	if err != nil {
		return err
	}
	page.Today = today
	page.CanRegister = own != 0 && p.SelfRegistration && p.Active && x.Status == training.SessionOpen && x.FirstDay() > today &&
		(page.Own == nil || page.Own.Status == training.Cancelled)
	if page.CanManage {
		if page.Candidates, err = s.svc.Training.Candidates(ctx, r.Actor, r.LibraryID, id); err != nil {
			return err
		}
		if page.Attendance, err = s.svc.Training.Attendance(ctx, r.Actor, r.LibraryID, id); err != nil {
			return err
		}
		page.Day = checklistDay(x.Days, record.Date(r.URL.Query().Get("day")), today)
		page.Present = map[int64]bool{}
		for eid, days := range page.Attendance {
			page.Present[eid] = days[string(page.Day)]
		}
	}
	if formErr != nil {
		page.Errors = s.fieldErrors(r.Lang, formErr)
	}
	return s.render(w, r, status, "training_session", "training.session", page)
}

// checklistDay is the day asked for when it is one of the session's, else
// today when it is, else the first day.
func checklistDay(days []record.Date, asked, today record.Date) record.Date {
	for _, want := range []record.Date{asked, today} {
		for _, d := range days {
			if d == want {
				return d
			}
		}
	}
	if len(days) == 0 {
		return ""
	}
	return days[0]
}
