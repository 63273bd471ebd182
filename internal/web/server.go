// Package web is Bina Pustaka's HTTP door: one route table for the HTML pages
// and the JSON API under /api/v1, each route naming the permission it needs,
// thin handlers over the domain services, templates, translations and the
// embedded static assets.
//
// The API lives here rather than in its own package so both doors share one
// route table (walked by the tenant-isolation test), one actor resolution and
// one mapping from domain errors to HTTP statuses.
package web

import (
	"embed"
	"io/fs"
	"log/slog"
	"net/http"
	"net/netip"
	"time"

	"github.com/prometheus/client_golang/prometheus"

	"github.com/bina-pustaka/bina/internal/audit"
	"github.com/bina-pustaka/bina/internal/auth"
	"github.com/bina-pustaka/bina/internal/competency"
	"github.com/bina-pustaka/bina/internal/complaint"
	"github.com/bina-pustaka/bina/internal/db"
	"github.com/bina-pustaka/bina/internal/i18n"
	"github.com/bina-pustaka/bina/internal/insight"
	"github.com/bina-pustaka/bina/internal/library"
	"github.com/bina-pustaka/bina/internal/notify"
	"github.com/bina-pustaka/bina/internal/people"
	"github.com/bina-pustaka/bina/internal/record"
	"github.com/bina-pustaka/bina/internal/suggestion"
	"github.com/bina-pustaka/bina/internal/survey"
	"github.com/bina-pustaka/bina/internal/training"
)

//go:embed templates/*.html
var templateFiles embed.FS

//go:embed static
var staticFiles embed.FS

// Config is the part of the configuration the web layer needs.
type Config struct {
	// SecureCookies marks cookies Secure; on by default, off only for
	// plain-HTTP development on localhost.
	SecureCookies bool
	// MaxUploadBytes limits an uploaded file (staff CSV and the like).
	MaxUploadBytes int64
	// MaxFormBytes limits every other request body.
	MaxFormBytes int64
	// TrustedProxies are the reverse proxies whose X-Forwarded-For names the
	// client (rate limits, login lockout); empty: the peer is the client.
	TrustedProxies []netip.Prefix
}

// DefaultConfig is used when a field is zero.
var DefaultConfig = Config{MaxUploadBytes: 10 << 20, MaxFormBytes: 1 << 20}

// Services are the domain services the handlers call.
type Services struct {
	DB          *db.DB
	Libraries   *library.Service
	Staff       *people.Service
	Users       *auth.Service
	Audit       *audit.Service
	Insight     *insight.Service
	Highlights  *insight.Highlights // the home page's key figures
	Suggestions *suggestion.Service
	Survey      *survey.Service
	Complaints  *complaint.Service
	Competency  *competency.Service
	Record      *record.Service
	Training    *training.Service
	Notify      *notify.Service
}

// Server holds what every handler needs.
type Server struct {
	cfg       Config
	svc       Services
	i18n      *i18n.Bundle
	log       *slog.Logger
	pages     *pageSet
	static    http.Handler
	metrics   *metrics
	registry  *prometheus.Registry
	startedAt time.Time
}

// New parses the templates (a broken template fails here, at start-up, not
// on a request) and returns a server ready to route.
func New(cfg Config, svc Services, bundle *i18n.Bundle, logger *slog.Logger) (*Server, error) {
	if cfg.MaxUploadBytes == 0 {
		cfg.MaxUploadBytes = DefaultConfig.MaxUploadBytes
	}
	if cfg.MaxFormBytes == 0 {
		cfg.MaxFormBytes = DefaultConfig.MaxFormBytes
	}
	pages, err := parsePages(templateFiles)
	if err != nil {
		return nil, err
	}
	sub, err := fs.Sub(staticFiles, "static")
	if err != nil {
		return nil, err
	}
	s := &Server{
		cfg: cfg, svc: svc, i18n: bundle, log: logger, pages: pages,
		static:    http.StripPrefix("/static/", staticHandler(sub)),
		registry:  prometheus.NewRegistry(),
		startedAt: time.Now(),
	}
	s.metrics = newMetrics(s.registry, svc.DB)
	return s, nil
}

func staticHandler(fsys fs.FS) http.Handler {
	files := http.FileServerFS(fsys)
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		// Assets are embedded, so they change only with a new binary.
		w.Header().Set("Cache-Control", "public, max-age=3600")
		files.ServeHTTP(w, r)
	})
}
