package main

import (
	"context"
	"fmt"
	"log/slog"

	"github.com/bina-pustaka/bina/internal/audit"
	"github.com/bina-pustaka/bina/internal/auth"
	"github.com/bina-pustaka/bina/internal/competency"
	"github.com/bina-pustaka/bina/internal/complaint"
	"github.com/bina-pustaka/bina/internal/db"
	"github.com/bina-pustaka/bina/internal/insight"
	"github.com/bina-pustaka/bina/internal/library"
	"github.com/bina-pustaka/bina/internal/notify"
	"github.com/bina-pustaka/bina/internal/people"
	"github.com/bina-pustaka/bina/internal/record"
	"github.com/bina-pustaka/bina/internal/suggestion"
	"github.com/bina-pustaka/bina/internal/survey"
	"github.com/bina-pustaka/bina/internal/training"
	"github.com/bina-pustaka/bina/internal/web"
)

// openDB opens and migrates the configured database.
func openDB(ctx context.Context, cfg *config, log *slog.Logger) (*db.DB, error) {
	d, err := db.Open(ctx, cfg.DatabaseURL)
	if err != nil {
		return nil, err
	}
	n, err := d.Migrate(ctx)
	if err != nil {
		d.Close()
		return nil, err
	}
	if n > 0 {
		log.Info("migrations applied", "count", n, "database", string(d.Dialect))
	}
	return d, nil
}

// services wires the domain services over one database.
func services(d *db.DB) web.Services {
	svc := web.Services{
		DB:          d,
		Libraries:   &library.Service{DB: d},
		Staff:       &people.Service{DB: d},
		Users:       &auth.Service{DB: d},
		Audit:       &audit.Service{DB: d},
		Insight:     &insight.Service{DB: d},
		Suggestions: &suggestion.Service{DB: d},
		Survey:      &survey.Service{DB: d},
		Complaints:  &complaint.Service{DB: d},
		Competency:  &competency.Service{DB: d},
		Record:      &record.Service{DB: d},
		Training:    &training.Service{DB: d},
		Notify:      &notify.Service{DB: d},
	}
	svc.Highlights = &insight.Highlights{Libraries: svc.Libraries, Survey: svc.Survey, Complaints: svc.Complaints,
		Record: svc.Record, Competency: svc.Competency, Training: svc.Training}
	return svc
}

// systemActor acts for the command line, which has the machine's trust.
func systemActor() *auth.Actor {
	return &auth.Actor{Name: "sistem (CLI)", Superadmin: true}
}

func describeDB(d *db.DB, cfg *config) string {
	if d.Dialect == db.SQLite {
		return fmt.Sprintf("SQLite file %s", d.Path())
	}
	return "PostgreSQL"
}
