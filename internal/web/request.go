package web

import (
	"errors"
	"net/http"
	"slices"
	"strconv"
	"strings"

	"github.com/bina-pustaka/bina/internal/apperr"
	"github.com/bina-pustaka/bina/internal/auth"
	"github.com/bina-pustaka/bina/internal/i18n"
)

// request is what a handler receives: the HTTP request plus who is asking,
// in which language, and for which library.
type request struct {
	*http.Request
	Actor     *auth.Actor
	Lang      string
	LibraryID int64 // from {lib}; 0 when the path has none
	route     Route
	// langChosen: this request names its language itself (the language
	// cookie on pages, Accept-Language on the API), which wins over the
	// signed-in account's stored preference.
	langChosen bool
}

// handlerFunc handles one route. A returned error is rendered by the
// wrapper: an HTML page or a problem+json body, with the mapped status.
type handlerFunc func(w http.ResponseWriter, r *request) error

const (
	sessionCookie = "bina_session"
	langCookie    = "bina_lang"
	flashCookie   = "bina_flash"
)

var errCrossOrigin = apperr.New(apperr.Forbidden, "error.cross_origin", nil)

func isAPIPath(p string) bool { return strings.HasPrefix(p, "/api/") }

func (s *Server) newRequest(r *http.Request, rt Route) *request {
	var cookie string
	if c, err := r.Cookie(langCookie); err == nil {
		cookie = c.Value
	}
	chosen := slices.Contains(i18n.Langs, cookie)
	if rt.API {
		chosen = strings.TrimSpace(r.Header.Get("Accept-Language")) != ""
	}
	return &request{Request: r, Lang: i18n.Match(r.Header.Get("Accept-Language"), cookie), route: rt, langChosen: chosen}
}

// wrap turns a route into an http.Handler: body limit, actor, permission in
// the {lib} library, then the handler; errors rendered in one place.
func (s *Server) wrap(rt Route) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		req := s.newRequest(r, rt)
		if err := s.serve(w, req); err != nil {
			s.fail(w, req, err)
		}
	})
}

func (s *Server) serve(w http.ResponseWriter, req *request) error {
	rt := req.route
	limit := s.cfg.MaxFormBytes
	if rt.Upload {
		limit = s.cfg.MaxUploadBytes
	}
	if req.ContentLength > limit {
		return tooLarge(limit)
	}
	req.Body = http.MaxBytesReader(w, req.Body, limit)

	actor, err := s.actorFor(req)
	if err != nil {
		return err
	}
	req.Actor = actor
	if actor != nil && !req.langChosen && slices.Contains(i18n.Langs, actor.Lang) {
		req.Lang = actor.Lang // the account's stored choice (users.lang)
	}
	if rt.Perm != auth.PermPublic && actor == nil {
		return apperr.New(apperr.Unauthorized, "error.unauthorized", nil)
	}
	if req.PathValue("lib") != "" {
		id, err := pathID(req, "lib", "library")
		if err != nil {
			return err
		}
		req.LibraryID = id
	}
	if rt.Perm != auth.PermPublic {
		if err := actor.Require(rt.Perm, req.LibraryID); err != nil {
			return err
		}
	}
	return rt.handle(w, req)
}

// actorFor resolves the signed-in account: a bearer token on the API, the
// session cookie on pages. A bad or expired credential is simply no actor.
func (s *Server) actorFor(req *request) (*auth.Actor, error) {
	var token, kind string
	if req.route.API {
		h := req.Header.Get("Authorization")
		if t, ok := strings.CutPrefix(h, "Bearer "); ok {
			token, kind = strings.TrimSpace(t), "api"
		}
	} else if c, err := req.Cookie(sessionCookie); err == nil {
		token, kind = c.Value, "web"
	}
	if token == "" {
		return nil, nil
	}
	actor, err := s.svc.Users.Authenticate(req.Context(), token, kind)
	if apperr.CodeOf(err) == apperr.Unauthorized {
		return nil, nil
	}
	return actor, err
}

// pathID parses a numeric path parameter; anything else is not found.
func pathID(r *request, name, kind string) (int64, error) {
	id, err := strconv.ParseInt(r.PathValue(name), 10, 64)
	if err != nil || id <= 0 {
		return 0, apperr.NotFoundError(kind)
	}
	return id, nil
}

func tooLarge(limit int64) error {
	return apperr.New(apperr.TooLarge, "error.too_large", apperr.Args{"MaxMB": limit >> 20})
}

// asTooLarge maps the body reader's limit error to our TooLarge error.
func asTooLarge(err error, limit int64) error {
	var mbe *http.MaxBytesError
	if errors.As(err, &mbe) {
		return tooLarge(limit)
	}
	return err
}

// statusOf maps an error code to its HTTP status: the one table.
func statusOf(code apperr.Code) int {
	switch code {
	case apperr.Invalid:
		return http.StatusUnprocessableEntity
	case apperr.NotFound:
		return http.StatusNotFound
	case apperr.Conflict:
		return http.StatusConflict
	case apperr.Unauthorized:
		return http.StatusUnauthorized
	case apperr.Forbidden:
		return http.StatusForbidden
	case apperr.Locked:
		return http.StatusLocked
	case apperr.RateLimited:
		return http.StatusTooManyRequests
	case apperr.TooLarge:
		return http.StatusRequestEntityTooLarge
	default:
		return http.StatusInternalServerError
	}
}
