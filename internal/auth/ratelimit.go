package auth

import (
	"context"
	"net"
	"time"

	"github.com/bina-pustaka/bina/internal/apperr"
	"github.com/bina-pustaka/bina/internal/db"
)

// Allow counts one hit against key and reports whether it is within limit
// hits per window. Windows are fixed and aligned to the clock (now truncated
// to the window), so a counter needs no timer to reset: the first hit of a
// new window starts again at 1. The state lives in the database, so every
// app instance behind a load balancer shares it.
//
// It is one INSERT … ON CONFLICT statement, atomic on both engines: on
// PostgreSQL the conflicting row is locked while it is updated, on SQLite
// writers are serialized. Comparing window starts by equality rather than
// order keeps it independent of how each engine stores timestamps.
func Allow(ctx context.Context, d *db.DB, key string, limit int, window time.Duration, now time.Time) (bool, error) {
	start := now.UTC().Truncate(window)
	var hits int
	err := d.InTx(ctx, func(tx *db.Tx) error {
		return tx.QueryRowContext(ctx, `INSERT INTO rate_limits (key, window_start, hits) VALUES (?, ?, 1)
			ON CONFLICT (key) DO UPDATE SET
				hits = CASE WHEN rate_limits.window_start = excluded.window_start THEN rate_limits.hits + 1 ELSE 1 END,
				window_start = excluded.window_start
			RETURNING hits`, key, start).Scan(&hits)
	})
	if err != nil {
		return false, apperr.InternalError(err)
	}
	return hits <= limit, nil
}

// PurgeRateLimits deletes counters whose window started before cutoff; they
// would restart at 1 anyway. Callers pass a cutoff older than the longest window.
func PurgeRateLimits(ctx context.Context, d *db.DB, cutoff time.Time) (int64, error) {
	res, err := d.Reader().ExecContext(ctx, `DELETE FROM rate_limits WHERE window_start < ?`, cutoff.UTC())
	if err != nil {
		return 0, apperr.InternalError(err)
	}
	n, _ := res.RowsAffected()
	return n, nil
}

// AddressKey is what a per-client limit counts by: the IPv4 address, or the
// /64 network of an IPv6 one (one household or phone holds a whole /64 and
// may hop within it). Anything that is not an address is used as it is.
func AddressKey(ip string) string {
	if a := net.ParseIP(ip); a != nil && a.To4() == nil {
		return a.Mask(net.CIDRMask(64, 128)).String() + "/64"
	}
	return ip
}
