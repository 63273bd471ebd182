package web

import (
	"bytes"
	"encoding/json"
	"fmt"
	"html/template"
	"io/fs"
	"net/http"
	"net/url"
	"path"
	"reflect"
	"strings"
	"time"

	"github.com/bina-pustaka/bina/internal/apperr"
	"github.com/bina-pustaka/bina/internal/auth"
	"github.com/bina-pustaka/bina/internal/i18n"
	"github.com/bina-pustaka/bina/internal/library"
)

// pageSet holds one parsed template per page, each joined with the layout.
type pageSet struct{ pages map[string]*template.Template }

var templateFuncs = template.FuncMap{
	"zone": library.ZoneLabel,
	"deref": func(p any) any {
		switch v := p.(type) {
		case *string:
			if v == nil {
				return ""
			}
			return *v
		case *int64:
			if v == nil {
				return int64(0)
			}
			return *v
		}
		return p
	},
	"add":   func(a, b int) int { return a + b },
	"field": field,
	"list":  func(xs ...string) []string { return xs },
	// args passes several values of any type to a shared template.
	"args": func(xs ...any) []any { return xs },
}

func parsePages(fsys fs.FS) (*pageSet, error) {
	base, err := template.New("").Funcs(templateFuncs).ParseFS(fsys, "templates/_*.html")
	if err != nil {
		return nil, fmt.Errorf("templates: %w", err)
	}
	files, err := fs.Glob(fsys, "templates/*.html")
	if err != nil {
		return nil, err
	}
	ps := &pageSet{pages: map[string]*template.Template{}}
	for _, f := range files {
		name := strings.TrimSuffix(path.Base(f), ".html")
		if strings.HasPrefix(name, "_") {
			continue
		}
		t, err := template.Must(base.Clone()).ParseFS(fsys, f)
		if err != nil {
			return nil, fmt.Errorf("template %s: %w", name, err)
		}
		ps.pages[name] = t
	}
	return ps, nil
}

// view is what every page template receives; Data is the page's own typed struct.
type view struct {
	Lang        string
	Title       string
	Actor       *auth.Actor
	Libraries   []library.Library // for the library switcher
	LibraryID   int64             // the library in context, if any
	LibraryName string
	Path        string
	Flash       string
	Errors      map[string]string // field errors of a form page, by field name
	Data        any
	Unread      int // the actor's unread notifications in the library, for the menu
	bundle      *i18n.Bundle
}

// T translates a key; args come as name, value pairs.
func (v *view) T(key string, args ...any) string {
	var m map[string]any
	if len(args) > 1 {
		m = make(map[string]any, len(args)/2)
		for i := 0; i+1 < len(args); i += 2 {
			m[fmt.Sprint(args[i])] = args[i+1]
		}
	}
	return v.bundle.T(v.Lang, key, m)
}

// Date formats a date as "21 November 2026".
func (v *view) Date(t time.Time) string { return i18n.FormatDate(v.Lang, t) }

// Day formats a calendar day kept as text ("2026-12-16", a string or a
// record.Date) like Date; anything else is shown as it is, "" stays "".
func (v *view) Day(day any) string {
	s := fmt.Sprint(day)
	t, err := time.Parse(time.DateOnly, s)
	if err != nil {
		return s
	}
	return i18n.FormatDate(v.Lang, t)
}

// DateTime formats a moment in the library's zone (WIB when unknown).
func (v *view) DateTime(t time.Time) string {
	loc := time.UTC
	for _, l := range v.Libraries {
		if l.ID == v.LibraryID {
			if z, err := time.LoadLocation(l.TimeZone); err == nil {
				loc = z
			}
		}
	}
	if loc == time.UTC {
		if z, err := time.LoadLocation("Asia/Jakarta"); err == nil {
			loc = z
		}
	}
	return i18n.FormatDateTime(v.Lang, t, loc)
}

// Number formats an integer with the language's thousands separator.
func (v *view) Number(n any) string {
	switch x := n.(type) {
	case int:
		return i18n.FormatNumber(v.Lang, int64(x))
	case int64:
		return i18n.FormatNumber(v.Lang, x)
	}
	return fmt.Sprint(n)
}

// Can reports whether the signed-in actor holds perm in the view's library.
func (v *view) Can(perm string) bool {
	return v.Actor.Can(auth.Permission(perm), v.LibraryID)
}

// OwnStaffID is the actor's own staff record in the view's library (0: none),
// so a librarian reaches her profile from the menu.
func (v *view) OwnStaffID() int64 {
	if v.Actor == nil {
		return 0
	}
	if m, ok := v.Actor.Memberships[v.LibraryID]; ok && m.StaffID != nil {
		return *m.StaffID
	}
	return 0
}

// Role is the actor's role label in the view's library.
func (v *view) Role() string {
	if v.Actor == nil {
		return ""
	}
	if v.Actor.Superadmin {
		return v.T("user.role.superadmin")
	}
	if r := v.Actor.RoleIn(v.LibraryID); r != "" {
		return v.T("user.role." + string(r))
	}
	return ""
}

// LangURL is the link that switches to lang and comes back here.
func (v *view) LangURL(lang string) string {
	return "/lang/" + lang + "?next=" + url.QueryEscape(v.Path)
}

func (s *Server) newView(w http.ResponseWriter, r *request, title string, data any) *view {
	v := &view{Lang: r.Lang, Actor: r.Actor, LibraryID: r.LibraryID, Path: r.URL.RequestURI(), Data: data, bundle: s.i18n}
	v.Title = v.T(title)
	v.Errors = errorsOf(data)
	if r.Actor != nil {
		if libs, err := s.svc.Libraries.List(r.Context(), r.Actor); err == nil {
			v.Libraries = libs
			if v.LibraryID == 0 && len(libs) == 1 {
				v.LibraryID = libs[0].ID
			}
			for _, l := range libs {
				if l.ID == v.LibraryID {
					v.LibraryName = l.Name
				}
			}
		}
	}
	if c, err := r.Cookie(flashCookie); err == nil {
		if msg, err := url.QueryUnescape(c.Value); err == nil {
			v.Flash = v.T(msg)
		}
		http.SetCookie(w, &http.Cookie{Name: flashCookie, Value: "", Path: "/", MaxAge: -1})
	}
	v.Unread = s.unreadCount(r, v.LibraryID)
	return v
}

// render executes a page into a buffer first, so a template error becomes a
// clean 500 rather than half a page.
func (s *Server) render(w http.ResponseWriter, r *request, status int, page, title string, data any) error {
	t, ok := s.pages.pages[page]
	if !ok {
		return apperr.InternalError(fmt.Errorf("no template %q", page))
	}
	v := s.newView(w, r, title, data)
	var buf bytes.Buffer
	if err := t.ExecuteTemplate(&buf, "layout", v); err != nil {
		return apperr.InternalError(fmt.Errorf("render %s: %w", page, err))
	}
	w.Header().Set("Content-Type", "text/html; charset=utf-8")
	w.WriteHeader(status)
	_, err := w.Write(buf.Bytes())
	return err
}

// redirect answers a successful POST (post, then redirect) with an optional
// flash message key shown once on the next page.
func (s *Server) redirect(w http.ResponseWriter, r *request, to, flashKey string) error {
	if flashKey != "" {
		http.SetCookie(w, &http.Cookie{Name: flashCookie, Value: url.QueryEscape(flashKey), Path: "/",
			HttpOnly: true, Secure: s.secure(r), SameSite: http.SameSiteLaxMode, MaxAge: 60})
	}
	http.Redirect(w, r.Request, to, http.StatusSeeOther)
	return nil
}

// writeJSON answers an API request.
func writeJSON(w http.ResponseWriter, status int, v any) error {
	w.Header().Set("Content-Type", "application/json; charset=utf-8")
	w.WriteHeader(status)
	enc := json.NewEncoder(w)
	enc.SetIndent("", "  ")
	return enc.Encode(v)
}

// message translates an error's main message.
func (s *Server) message(lang string, e *apperr.Error) string {
	args := map[string]any{}
	for k, v := range e.Args {
		args[k] = v
	}
	if kind, ok := args["Kind"].(string); ok {
		args["Kind"] = s.i18n.T(lang, "kind."+kind, nil)
	}
	return s.i18n.T(lang, e.Key, args)
}

// problemMessage translates one problem, prefixed with its file position.
func (s *Server) problemMessage(lang string, p apperr.Problem) string {
	msg := s.i18n.T(lang, p.Key, p.Args)
	if p.Line > 0 {
		return s.i18n.T(lang, "import.problem", map[string]any{"Line": p.Line, "Column": p.Column, "Message": msg})
	}
	return msg
}

// fieldErrors turns an Invalid error into translated messages by form field.
func (s *Server) fieldErrors(lang string, err error) map[string]string {
	e := apperr.As(err)
	out := map[string]string{}
	for _, p := range e.Problems {
		if p.Field != "" {
			if _, dup := out[p.Field]; !dup {
				out[p.Field] = s.problemMessage(lang, p)
			}
		}
	}
	return out
}

// isFormError reports whether err should be shown beside the form's fields
// rather than as an error page.
func isFormError(err error) bool {
	c := apperr.CodeOf(err)
	if c != apperr.Invalid && c != apperr.Conflict {
		return false
	}
	return len(apperr.As(err).Problems) > 0
}

func jsonEncode(w http.ResponseWriter, v any) error {
	enc := json.NewEncoder(w)
	enc.SetIndent("", "  ")
	return enc.Encode(v)
}

func codeOf(err error) apperr.Code { return apperr.CodeOf(err) }

// errorsOf finds a form page's field errors: its Errors field, by convention.
func errorsOf(data any) map[string]string {
	rv := reflect.ValueOf(data)
	if rv.Kind() == reflect.Pointer {
		rv = rv.Elem()
	}
	if rv.Kind() != reflect.Struct {
		return nil
	}
	f := rv.FieldByName("Errors")
	if !f.IsValid() {
		return nil
	}
	m, _ := f.Interface().(map[string]string)
	return m
}

// formField is the argument of the "text_field" template.
type formField struct {
	Name, Label, Value, Type, Error, Autocomplete string
	Required                                      bool
}

// field builds a formField: name, label key, value, input type, required.
func field(v *view, name, labelKey string, value any, typ string, required bool) formField {
	val := fmt.Sprint(value)
	switch x := value.(type) {
	case *string:
		val = ""
		if x != nil {
			val = *x
		}
	case nil:
		val = ""
	}
	return formField{Name: name, Label: v.T(labelKey), Value: val, Type: typ, Required: required, Error: v.Errors[name]}
}
