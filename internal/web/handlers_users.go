package web

import (
	"net/http"
	"strconv"

	"github.com/bina-pustaka/bina/internal/apperr"
	"github.com/bina-pustaka/bina/internal/audit"
	"github.com/bina-pustaka/bina/internal/auth"
)

type userListPage struct {
	Users []auth.User
}

func (s *Server) userList(w http.ResponseWriter, r *request) error {
	users, err := s.svc.Users.ListUsers(r.Context(), r.Actor, r.LibraryID)
	if err != nil {
		return err
	}
	return s.render(w, r, http.StatusOK, "users", "user.list_title", userListPage{Users: users})
}

type userFormPage struct {
	Email, Name, Role string
	Roles             []auth.Role
	Errors            map[string]string
}

func (s *Server) userNew(w http.ResponseWriter, r *request) error {
	return s.render(w, r, http.StatusOK, "user_form", "user.new", userFormPage{Role: string(auth.RoleStaff), Roles: auth.Roles})
}

func (s *Server) userCreate(w http.ResponseWriter, r *request) error {
	nu := auth.NewUser{
		Email: r.PostFormValue("email"), Name: r.PostFormValue("name"), Password: r.PostFormValue("password"),
		LibraryID: r.LibraryID, Role: auth.Role(r.PostFormValue("role")),
	}
	u, err := s.svc.Users.CreateUser(r.Context(), r.Actor, nu)
	if isFormError(err) {
		page := userFormPage{Email: nu.Email, Name: nu.Name, Role: string(nu.Role), Roles: auth.Roles, Errors: s.fieldErrors(r.Lang, err)}
		return s.render(w, r, statusOf(codeOf(err)), "user_form", "user.new", page)
	}
	if err != nil {
		return err
	}
	return s.redirect(w, r, userURL(r.LibraryID, u.ID), "user.created")
}

func userURL(lib, id int64) string { return libraryURL(lib) + "/users/" + strconv.FormatInt(id, 10) }

type userShowPage struct {
	User   auth.User
	Role   auth.Role
	Roles  []auth.Role
	Self   bool
	Errors map[string]string
}

func (s *Server) userID(r *request) (int64, error) { return pathID(r, "user", "user") }

func (s *Server) userShow(w http.ResponseWriter, r *request) error {
	id, err := s.userID(r)
	if err != nil {
		return err
	}
	return s.userPage(w, r, http.StatusOK, id, nil)
}

func (s *Server) userPage(w http.ResponseWriter, r *request, status int, id int64, formErr error) error {
	u, err := s.svc.Users.GetUser(r.Context(), r.Actor, r.LibraryID, id)
	if err != nil {
		return err
	}
	page := userShowPage{User: u, Roles: auth.Roles, Self: u.ID == r.Actor.UserID}
	for _, m := range u.Memberships {
		if m.LibraryID == r.LibraryID {
			page.Role = m.Role
		}
	}
	if formErr != nil {
		page.Errors = s.fieldErrors(r.Lang, formErr)
		if len(page.Errors) == 0 {
			page.Errors = map[string]string{"_": s.message(r.Lang, apperr.As(formErr))}
		}
	}
	return s.render(w, r, status, "user_show", "user.detail_title", page)
}

// userAction runs a change on a member and shows domain refusals (the last
// admin, oneself) on the same page rather than as an error page.
func (s *Server) userAction(w http.ResponseWriter, r *request, flash string, do func(id int64) error) error {
	id, err := s.userID(r)
	if err != nil {
		return err
	}
	err = do(id)
	switch codeOf(err) {
	case "":
		return s.redirect(w, r, userURL(r.LibraryID, id), flash)
	case apperr.Invalid, apperr.Conflict:
		return s.userPage(w, r, statusOf(codeOf(err)), id, err)
	}
	return err
}

func (s *Server) userRole(w http.ResponseWriter, r *request) error {
	return s.userAction(w, r, "user.role_changed", func(id int64) error {
		_, err := s.svc.Users.SetRole(r.Context(), r.Actor, r.LibraryID, id, auth.Role(r.PostFormValue("role")))
		return err
	})
}

func (s *Server) userDeactivate(w http.ResponseWriter, r *request) error {
	return s.userAction(w, r, "user.deactivated", func(id int64) error {
		_, err := s.svc.Users.SetActive(r.Context(), r.Actor, r.LibraryID, id, false)
		return err
	})
}

func (s *Server) userActivate(w http.ResponseWriter, r *request) error {
	return s.userAction(w, r, "user.activated", func(id int64) error {
		_, err := s.svc.Users.SetActive(r.Context(), r.Actor, r.LibraryID, id, true)
		return err
	})
}

func (s *Server) userPassword(w http.ResponseWriter, r *request) error {
	return s.userAction(w, r, "user.password_reset", func(id int64) error {
		return s.svc.Users.ResetPassword(r.Context(), r.Actor, r.LibraryID, id, r.PostFormValue("password"))
	})
}

func (s *Server) userRemove(w http.ResponseWriter, r *request) error {
	id, err := s.userID(r)
	if err != nil {
		return err
	}
	err = s.svc.Users.RemoveMembership(r.Context(), r.Actor, r.LibraryID, id)
	if codeOf(err) == apperr.Invalid || codeOf(err) == apperr.Conflict {
		return s.userPage(w, r, statusOf(codeOf(err)), id, err)
	}
	if err != nil {
		return err
	}
	return s.redirect(w, r, libraryURL(r.LibraryID)+"/users", "user.removed")
}

type auditPage struct {
	Entries []audit.Entry
	NextURL string
}

func (s *Server) auditList(w http.ResponseWriter, r *request) error {
	before, _ := strconv.ParseInt(r.URL.Query().Get("before"), 10, 64)
	entries, err := s.svc.Audit.List(r.Context(), r.Actor, audit.Filter{LibraryID: r.LibraryID, BeforeID: before, Limit: 50})
	if err != nil {
		return err
	}
	page := auditPage{Entries: entries}
	if len(entries) == 50 {
		page.NextURL = libraryURL(r.LibraryID) + "/audit?before=" + strconv.FormatInt(entries[len(entries)-1].ID, 10)
	}
	return s.render(w, r, http.StatusOK, "audit", "audit.title", page)
}
