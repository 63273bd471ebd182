package web

import (
	"net/http"
	"strconv"

	"github.com/bina-pustaka/bina/internal/auth"
	"github.com/bina-pustaka/bina/internal/complaint"
	"github.com/bina-pustaka/bina/internal/db"
)

// The holiday calendar has two doors with one page: /holidays for the
// national days off (superadmins), /libraries/{lib}/holidays for a library,
// which shows the national days beside its own and lets its admin add more.

type holidayPage struct {
	National  bool // the national calendar (/holidays)
	Year      int
	Holidays  []complaint.Holiday
	Kinds     []string
	Form      complaint.Holiday
	CanManage bool
	NoneYet   bool // no national day off entered for the year
	BaseURL   string
	Errors    map[string]string
}

func holidayBase(lib int64) string {
	if lib == 0 {
		return "/holidays"
	}
	return libraryURL(lib) + "/holidays"
}

// holidayYear is the year asked for (?year=, or the form's year field), this
// year in WIB by default.
func holidayYear(r *request) int {
	for _, v := range []string{r.URL.Query().Get("year"), r.PostFormValue("year")} {
		if y, err := strconv.Atoi(v); err == nil && y >= 2000 && y <= 2100 {
			return y
		}
	}
	return complaint.DateOf(db.Now(), complaint.Zone("Asia/Jakarta")).Year()
}

func (s *Server) holidayView(w http.ResponseWriter, r *request, status int, year int, form complaint.Holiday, err error) error {
	hs, lerr := s.svc.Complaints.Holidays(r.Context(), r.Actor, r.LibraryID, year)
	if lerr != nil {
		return lerr
	}
	page := holidayPage{National: r.LibraryID == 0, Year: year, Holidays: hs, Kinds: complaint.HolidayKinds, Form: form,
		BaseURL: holidayBase(r.LibraryID), NoneYet: true}
	if page.National {
		page.CanManage = r.Actor.Can(auth.PermHolidaysNational, 0)
	} else {
		page.CanManage = r.Actor.Can(auth.PermLibraryManage, r.LibraryID)
	}
	for _, h := range hs {
		if h.National() {
			page.NoneYet = false
		}
	}
	if page.Form.Kind == "" {
		page.Form.Kind = "libur"
	}
	if err != nil {
		page.Errors = s.fieldErrors(r.Lang, err)
	}
	return s.render(w, r, status, "complaint_holidays", "complaint.holidays_title", page)
}

func (s *Server) holidayList(w http.ResponseWriter, r *request) error {
	return s.holidayView(w, r, http.StatusOK, holidayYear(r), complaint.Holiday{}, nil)
}

func (s *Server) holidayCreate(w http.ResponseWriter, r *request) error {
	h := complaint.Holiday{LibraryID: r.LibraryID, Date: complaint.Date(r.PostFormValue("date")), Name: r.PostFormValue("name"), Kind: r.PostFormValue("kind")}
	created, err := s.svc.Complaints.AddHoliday(r.Context(), r.Actor, h)
	if isFormError(err) {
		year := holidayYear(r)
		if d, ok := complaint.ParseDate(string(h.Date)); ok {
			year = d.Year()
		}
		return s.holidayView(w, r, statusOf(codeOf(err)), year, h, err)
	}
	if err != nil {
		return err
	}
	return s.redirect(w, r, holidayBase(r.LibraryID)+"?year="+strconv.Itoa(created.Date.Year()), "complaint.holiday_added")
}

func (s *Server) holidayDelete(w http.ResponseWriter, r *request) error {
	id, err := pathID(r, "holiday", "holiday")
	if err != nil {
		return err
	}
	if err := s.svc.Complaints.DeleteHoliday(r.Context(), r.Actor, r.LibraryID, id); err != nil {
		return err
	}
	return s.redirect(w, r, holidayBase(r.LibraryID)+"?year="+strconv.Itoa(holidayYear(r)), "complaint.holiday_deleted")
}
