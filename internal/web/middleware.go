package web

import (
	"context"
	"net/http"
	"net/url"
	"runtime/debug"
	"strconv"
	"time"

	"github.com/prometheus/client_golang/prometheus"
	"github.com/prometheus/client_golang/prometheus/collectors"
	"github.com/prometheus/client_golang/prometheus/promhttp"

	"github.com/bina-pustaka/bina/internal/apperr"
	"github.com/bina-pustaka/bina/internal/db"
)

// errorPage is the typed view of the error page.
type errorPage struct {
	Status   int
	Message  string
	Problems []string
}

// problem is an RFC 9457 problem document, as the API returns errors.
type problem struct {
	Type     string          `json:"type"`
	Title    string          `json:"title"`
	Status   int             `json:"status"`
	Code     apperr.Code     `json:"code"`
	Detail   string          `json:"detail,omitempty"`
	Problems []problemDetail `json:"problems,omitempty"`
}

type problemDetail struct {
	Field   string `json:"field,omitempty"`
	Line    int    `json:"line,omitempty"`
	Column  string `json:"column,omitempty"`
	Key     string `json:"key"`
	Message string `json:"message"`
}

// fail renders an error: problem+json on the API, a translated page (or a
// redirect to the login page) in the browser. Only internal errors are
// logged with their cause; the user sees a safe message.
func (s *Server) fail(w http.ResponseWriter, r *request, err error) {
	e := apperr.As(err)
	status := statusOf(e.Code)
	if e.Code == apperr.Internal {
		s.log.ErrorContext(r.Context(), "request failed", "method", r.Method, "path", r.URL.Path, "err", err)
	}
	if r.route.API || isAPIPath(r.URL.Path) {
		p := problem{Type: "about:blank", Title: http.StatusText(status), Status: status, Code: e.Code, Detail: s.message(r.Lang, e)}
		for _, pr := range e.Problems {
			p.Problems = append(p.Problems, problemDetail{Field: pr.Field, Line: pr.Line, Column: pr.Column, Key: pr.Key, Message: s.problemMessage(r.Lang, pr)})
		}
		if e.Code == apperr.Unauthorized {
			w.Header().Set("WWW-Authenticate", `Bearer realm="bina"`)
		}
		w.Header().Set("Content-Type", "application/problem+json")
		w.WriteHeader(status)
		_ = jsonEncode(w, p)
		return
	}
	if e.Code == apperr.Unauthorized && r.Method == http.MethodGet {
		http.Redirect(w, r.Request, "/login?next="+url.QueryEscape(r.URL.RequestURI()), http.StatusSeeOther)
		return
	}
	page := errorPage{Status: status, Message: s.message(r.Lang, e)}
	for _, p := range e.Problems {
		page.Problems = append(page.Problems, s.problemMessage(r.Lang, p))
	}
	title := "error.title"
	if e.Code == apperr.NotFound {
		title = "error.not_found.page_title"
	}
	if rerr := s.render(w, r, status, "error", title, page); rerr != nil {
		http.Error(w, page.Message, status)
	}
}

// notFound answers paths no route matches, with the translated 404 page.
func (s *Server) notFound(w http.ResponseWriter, r *http.Request) {
	req := s.newRequest(r, Route{API: isAPIPath(r.URL.Path)})
	req.Actor, _ = s.actorFor(req)
	s.fail(w, req, apperr.New(apperr.NotFound, "error.page_not_found", nil))
}

// securityHeaders sets the headers every response carries.
func securityHeaders(next http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		h := w.Header()
		h.Set("Content-Security-Policy", "default-src 'self'; img-src 'self' data:; style-src 'self'; script-src 'self'; form-action 'self'; frame-ancestors 'none'; base-uri 'self'")
		h.Set("X-Content-Type-Options", "nosniff")
		h.Set("X-Frame-Options", "DENY")
		h.Set("Referrer-Policy", "same-origin")
		h.Set("Permissions-Policy", "camera=(), microphone=(), geolocation=()")
		if r.TLS != nil {
			h.Set("Strict-Transport-Security", "max-age=31536000")
		}
		next.ServeHTTP(w, r)
	})
}

// recoverer turns a panic into a logged 500.
func (s *Server) recoverer(next http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		defer func() {
			if v := recover(); v != nil {
				if v == http.ErrAbortHandler {
					panic(v)
				}
				s.log.Error("panic", "method", r.Method, "path", r.URL.Path, "panic", v, "stack", string(debug.Stack()))
				http.Error(w, http.StatusText(http.StatusInternalServerError), http.StatusInternalServerError)
			}
		}()
		next.ServeHTTP(w, r)
	})
}

type statusWriter struct {
	http.ResponseWriter
	status int
}

func (w *statusWriter) WriteHeader(code int) {
	if w.status == 0 {
		w.status = code
	}
	w.ResponseWriter.WriteHeader(code)
}

func (w *statusWriter) Write(b []byte) (int, error) {
	if w.status == 0 {
		w.status = http.StatusOK
	}
	return w.ResponseWriter.Write(b)
}

func (w *statusWriter) Unwrap() http.ResponseWriter { return w.ResponseWriter }

// observe logs each request and counts it for /metrics, by route pattern
// (never by raw path, which would explode the label set).
func (s *Server) observe(next http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		start := time.Now()
		sw := &statusWriter{ResponseWriter: w}
		next.ServeHTTP(sw, r)
		if sw.status == 0 {
			sw.status = http.StatusOK
		}
		d := time.Since(start)
		pattern := r.Pattern
		if pattern == "" {
			pattern = "unmatched"
		}
		s.metrics.requests.WithLabelValues(pattern, strconv.Itoa(sw.status)).Inc()
		s.metrics.latency.WithLabelValues(pattern).Observe(d.Seconds())
		if r.URL.Path != "/healthz" && r.URL.Path != "/metrics" {
			s.log.Info("request", "method", r.Method, "path", r.URL.Path, "status", sw.status, "ms", float64(d.Microseconds())/1000)
		}
	})
}

type metrics struct {
	requests *prometheus.CounterVec
	latency  *prometheus.HistogramVec
}

func newMetrics(reg *prometheus.Registry, d *db.DB) *metrics {
	m := &metrics{
		requests: prometheus.NewCounterVec(prometheus.CounterOpts{
			Name: "bina_http_requests_total", Help: "HTTP requests by route pattern and status.",
		}, []string{"route", "status"}),
		latency: prometheus.NewHistogramVec(prometheus.HistogramOpts{
			Name: "bina_http_request_duration_seconds", Help: "HTTP request latency by route pattern.",
			Buckets: []float64{.002, .005, .01, .02, .05, .1, .25, .5, 1, 2.5},
		}, []string{"route"}),
	}
	reg.MustRegister(m.requests, m.latency, collectors.NewGoCollector(), collectors.NewProcessCollector(collectors.ProcessCollectorOpts{}))
	if d != nil {
		reg.MustRegister(prometheus.NewGaugeFunc(prometheus.GaugeOpts{
			Name: "bina_database_up", Help: "1 when the database answers a ping.",
		}, func() float64 {
			ctx, cancel := context.WithTimeout(context.Background(), 2*time.Second)
			defer cancel()
			if d.Ping(ctx) != nil {
				return 0
			}
			return 1
		}))
	}
	return m
}

func (s *Server) metricsHandler() http.Handler {
	return promhttp.HandlerFor(s.registry, promhttp.HandlerOpts{})
}

// healthz answers 200 {"status":"ok"} when the database answers.
func (s *Server) healthz(w http.ResponseWriter, r *http.Request) {
	ctx, cancel := context.WithTimeout(r.Context(), 3*time.Second)
	defer cancel()
	if err := s.svc.DB.Ping(ctx); err != nil {
		s.log.Error("health check failed", "err", err)
		_ = writeJSON(w, http.StatusServiceUnavailable, map[string]string{"status": "unavailable"})
		return
	}
	_ = writeJSON(w, http.StatusOK, map[string]string{"status": "ok"})
}
