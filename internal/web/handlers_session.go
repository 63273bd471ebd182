package web

import (
	"net/http"
	"slices"
	"strings"

	"github.com/bina-pustaka/bina/internal/apperr"
	"github.com/bina-pustaka/bina/internal/i18n"
)

type loginPage struct {
	Email string
	Next  string
	Error string
}

// safeNext keeps post-login and language redirects on this site.
func safeNext(next string) string {
	if !strings.HasPrefix(next, "/") || strings.HasPrefix(next, "//") || strings.HasPrefix(next, "/\\") {
		return "/"
	}
	return next
}

func (s *Server) loginPage(w http.ResponseWriter, r *request) error {
	if r.Actor != nil {
		http.Redirect(w, r.Request, "/", http.StatusSeeOther)
		return nil
	}
	return s.render(w, r, http.StatusOK, "login", "login.title", loginPage{Next: safeNext(r.URL.Query().Get("next"))})
}

func (s *Server) loginSubmit(w http.ResponseWriter, r *request) error {
	email, password := r.PostFormValue("email"), r.PostFormValue("password")
	next := safeNext(r.PostFormValue("next"))
	actor, err := s.svc.Users.Login(r.Context(), email, password, s.clientIP(r.Request))
	if err != nil {
		e := apperr.As(err)
		if e.Code == apperr.Internal {
			return err
		}
		return s.render(w, r, statusOf(e.Code), "login", "login.title", loginPage{Email: email, Next: next, Error: s.message(r.Lang, e)})
	}
	if err := s.startSession(r, w, actor.UserID); err != nil {
		return err
	}
	// A browser that has not chosen a language starts in the one the
	// account chose last (users.lang).
	if _, err := r.Cookie(langCookie); err != nil && slices.Contains(i18n.Langs, actor.Lang) {
		s.setLangCookie(w, r, actor.Lang)
	}
	http.Redirect(w, r.Request, next, http.StatusSeeOther)
	return nil
}

func (s *Server) startSession(r *request, w http.ResponseWriter, userID int64) error {
	token, expires, err := s.svc.Users.CreateSession(r.Context(), userID, "web")
	if err != nil {
		return err
	}
	http.SetCookie(w, &http.Cookie{Name: sessionCookie, Value: token, Path: "/", Expires: expires,
		HttpOnly: true, Secure: s.secure(r), SameSite: http.SameSiteLaxMode})
	return nil
}

func (s *Server) logout(w http.ResponseWriter, r *request) error {
	if c, err := r.Cookie(sessionCookie); err == nil {
		if err := s.svc.Users.DeleteSession(r.Context(), c.Value); err != nil {
			return err
		}
	}
	http.SetCookie(w, &http.Cookie{Name: sessionCookie, Value: "", Path: "/", MaxAge: -1,
		HttpOnly: true, Secure: s.secure(r), SameSite: http.SameSiteLaxMode})
	return s.redirect(w, r, "/login", "login.logged_out")
}

func (s *Server) switchLanguage(w http.ResponseWriter, r *request) error {
	lang := r.PathValue("lang")
	if !slices.Contains(i18n.Langs, lang) {
		return apperr.New(apperr.NotFound, "error.page_not_found", nil)
	}
	// Signed in: the choice is kept on the account too, for what is written
	// to her without a request (e-mail) and for her next browser. This is a
	// GET (a plain link in every page's header), so a link on another site
	// could reach it: such a cross-site visit switches this browser only and
	// leaves the account alone.
	if r.Actor != nil && r.Header.Get("Sec-Fetch-Site") != "cross-site" {
		if err := s.svc.Users.SetLang(r.Context(), r.Actor, lang); err != nil {
			return err
		}
	}
	s.setLangCookie(w, r, lang)
	http.Redirect(w, r.Request, safeNext(r.URL.Query().Get("next")), http.StatusSeeOther)
	return nil
}

func (s *Server) setLangCookie(w http.ResponseWriter, r *request, lang string) {
	http.SetCookie(w, &http.Cookie{Name: langCookie, Value: lang, Path: "/", MaxAge: 365 * 24 * 3600,
		Secure: s.secure(r), SameSite: http.SameSiteLaxMode})
}

type accountPage struct {
	Errors map[string]string
}

func (s *Server) accountPage(w http.ResponseWriter, r *request) error {
	return s.render(w, r, http.StatusOK, "account", "account.title", accountPage{})
}

func (s *Server) accountPassword(w http.ResponseWriter, r *request) error {
	err := s.svc.Users.ChangePassword(r.Context(), r.Actor, r.PostFormValue("current_password"), r.PostFormValue("new_password"))
	if isFormError(err) || apperr.CodeOf(err) == apperr.Unauthorized {
		errs := s.fieldErrors(r.Lang, err)
		if apperr.CodeOf(err) == apperr.Unauthorized {
			errs["current_password"] = s.message(r.Lang, apperr.As(err))
		}
		return s.render(w, r, statusOf(apperr.CodeOf(err)), "account", "account.title", accountPage{Errors: errs})
	}
	if err != nil {
		return err
	}
	// Changing the password ends every web session, this one included;
	// open a fresh one so the person stays signed in here.
	if err := s.startSession(r, w, r.Actor.UserID); err != nil {
		return err
	}
	return s.redirect(w, r, "/account", "account.password_changed")
}

// secure reports whether cookies must be marked Secure: always when
// configured, and whenever the request came over HTTPS, directly or through
// a reverse proxy that says so.
func (s *Server) secure(r *request) bool {
	return s.cfg.SecureCookies || r.TLS != nil || r.Header.Get("X-Forwarded-Proto") == "https"
}
