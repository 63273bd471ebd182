package web

import (
	"context"
	"time"

	"github.com/bina-pustaka/bina/internal/auth"
)

// RunHousekeeping purges expired sessions and stale rate-limit windows every
// ten minutes until ctx ends. Safe to run on every instance at once.
func (s *Server) RunHousekeeping(ctx context.Context) {
	t := time.NewTicker(10 * time.Minute)
	defer t.Stop()
	for {
		if n, err := s.svc.Users.PurgeExpired(ctx); err != nil {
			s.log.Warn("purge sessions", "err", err)
		} else if n > 0 {
			s.log.Info("expired sessions purged", "count", n)
		}
		if _, err := auth.PurgeRateLimits(ctx, s.svc.DB, time.Now().UTC().Add(-time.Hour)); err != nil {
			s.log.Warn("purge rate limits", "err", err)
		}
		s.complaintDuties(ctx, time.Now())
		s.notifyDuties(ctx, time.Now())
		s.purgeSurveyImports(ctx, time.Now())
		select {
		case <-ctx.Done():
			return
		case <-t.C:
		}
	}
}
