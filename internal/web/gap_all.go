package web

import (
	"net/http"
	"slices"

	"github.com/bina-pustaka/bina/internal/competency"
)

// gapAllPage compares libraries' latest closed cycles (superadmin: all
// libraries; others: where they view assessment results).
type gapAllPage struct {
	Libraries []competency.LibraryGaps
	Sort      string
	Sorts     []string
}

func (s *Server) gapAll(w http.ResponseWriter, r *request) error {
	sort := r.URL.Query().Get("sort")
	if !slices.Contains(competency.CrossLibrarySorts, sort) {
		sort = "name"
	}
	ls, err := s.svc.Competency.CrossLibraryGaps(r.Context(), r.Actor, sort)
	if err != nil {
		return err
	}
	return s.render(w, r, http.StatusOK, "gap_all", "gap.all_title", gapAllPage{Libraries: ls, Sort: sort, Sorts: competency.CrossLibrarySorts})
}
