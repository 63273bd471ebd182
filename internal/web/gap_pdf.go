package web

import (
	"bytes"
	"net/http"
	"strconv"

	"github.com/bina-pustaka/bina/internal/competency"
	"github.com/bina-pustaka/bina/internal/db"
	"github.com/bina-pustaka/bina/internal/i18n"
)

// gapPDF is a person's one-page PDF profile: the gap page's content with
// the development plan goals, for the personnel file.
func (s *Server) gapPDF(w http.ResponseWriter, r *request) error {
	staffID, err := pathID(r, "staff", "staff")
	if err != nil {
		return err
	}
	cycleID, _ := strconv.ParseInt(r.URL.Query().Get("cycle"), 10, 64)
	p, err := s.svc.Competency.Profile(r.Context(), r.Actor, r.LibraryID, staffID, cycleID)
	if err != nil {
		return err
	}
	T := func(key string) string { return s.i18n.T(r.Lang, key, nil) }
	now := db.Now()
	text := competency.ProfileText{
		Title: T("gap.pdf_title"), NIP: "NIP", Position: T("gap.pdf_position"), ServicePoint: T("staff.service_point"),
		Cycle: T("assessment.cycle_name"), NoCycle: T("gap.no_cycle"),
		Competency: T("gap.pdf_competency"), Required: T("gap.required"), Agreed: T("gap.agreed"), Gap: T("gap.gap"),
		Surplus: T("gap.surplus"), NotReviewed: T("gap.not_reviewed"), TotalGap: T("gap.total_gap"),
		TopGaps: T("gap.pdf_top_gaps"), NoGaps: T("gap.pdf_no_gaps"), Goals: T("gap.pdf_goals"), Target: T("gap.pdf_target"), Printed: T("gap.pdf_printed"),
		PrintedOn: i18n.FormatDate(r.Lang, now),
	}
	var buf bytes.Buffer
	if err := competency.ProfilePDF(&buf, p, text, now); err != nil {
		return err
	}
	w.Header().Set("Content-Type", "application/pdf")
	w.Header().Set("Content-Disposition", `inline; filename="profil-kompetensi-`+strconv.FormatInt(staffID, 10)+`.pdf"`)
	w.Header().Set("Cache-Control", "private, no-store")
	w.Header().Set("Content-Length", strconv.Itoa(buf.Len()))
	_, err = w.Write(buf.Bytes())
	return err
}
