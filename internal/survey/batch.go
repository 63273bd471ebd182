package survey

import (
	"context"
	"strings"
	"sync"
	"time"

	"github.com/bina-pustaka/bina/internal/apperr"
	"github.com/bina-pustaka/bina/internal/db"
	"github.com/bina-pustaka/bina/internal/ikm"
)

// Group commit. Submissions that arrive while a transaction is being
// written wait and go together into the next one: one transaction, one
// multi-row INSERT, one aggregate upsert per (day, service point) and one
// rate-limit count per address, however many answers it carries. Alone, a
// submission is written at once (a batch of one); under load the batches
// grow by themselves and the cost per answer falls, most of it being
// SQLite preparing statements and committing (docs/BENCHMARKS.md). Each
// submitter waits for its own batch's commit, so "acknowledged" still
// means "committed": a failed batch fails every answer in it and stores
// none.

// maxBatch bounds one transaction, so that one slow commit does not hold
// hundreds of patrons.
const maxBatch = 256

// pending is one submission waiting for its batch.
type pending struct {
	r    *Response
	key  string // rate-limit key; "" for none
	done chan error
}

// batcher queues submissions for one Service. The zero value is ready.
type batcher struct {
	mu      sync.Mutex
	queue   []*pending
	running bool // a committer goroutine is draining the queue
}

// submit queues r and waits until its batch is committed (nil), refused by
// the rate limit, or failed.
func (s *Service) submitBatched(ctx context.Context, r *Response, key string) error {
	p := &pending{r: r, key: key, done: make(chan error, 1)}
	b := &s.batch
	b.mu.Lock()
	b.queue = append(b.queue, p)
	if !b.running {
		b.running = true
		// Detached from the request: a patron who closes the page must
		// not cancel the transaction of the others in the batch.
		go s.commitLoop(context.WithoutCancel(ctx))
	}
	b.mu.Unlock()
	select {
	case err := <-p.done:
		return err
	case <-ctx.Done():
		// Not acknowledged; it may still be stored, which loses nothing.
		return ctx.Err()
	}
}

// commitLoop writes batches until the queue is empty, then ends.
func (s *Service) commitLoop(ctx context.Context) {
	b := &s.batch
	for {
		b.mu.Lock()
		n := min(len(b.queue), maxBatch)
		if n == 0 {
			b.running = false
			b.mu.Unlock()
			return
		}
		batch := b.queue[:n:n]
		b.queue = b.queue[n:]
		if len(b.queue) == 0 {
			b.queue = nil // let the backing array go
		}
		b.mu.Unlock()
		s.commit(ctx, batch)
	}
}

// rateSQL counts n hits at once against a key, with the fixed, clock-aligned
// windows of auth.Allow (same table, same rule), inside the batch's
// transaction so that a batch costs one commit.
const rateSQL = `INSERT INTO rate_limits (key, window_start, hits) VALUES (?, ?, ?)
	ON CONFLICT (key) DO UPDATE SET
		hits = CASE WHEN rate_limits.window_start = excluded.window_start THEN rate_limits.hits + excluded.hits ELSE excluded.hits END,
		window_start = excluded.window_start
	RETURNING hits`

// commit writes one batch in one transaction and tells every submitter.
func (s *Service) commit(ctx context.Context, batch []*pending) {
	refused := make([]bool, len(batch))
	limit, window := s.limit()
	now := s.now()
	err := s.DB.InTx(ctx, func(tx *db.Tx) error {
		// Rate limits: one count per key, then the first ones of that key
		// up to the limit are accepted, in arrival order.
		byKey := map[string][]int{}
		var keys []string
		for i, p := range batch {
			if p.key == "" {
				continue
			}
			if byKey[p.key] == nil {
				keys = append(keys, p.key)
			}
			byKey[p.key] = append(byKey[p.key], i)
		}
		for _, k := range keys {
			idx := byKey[k]
			var hits int
			if err := tx.QueryRowContext(ctx, rateSQL, k, now.UTC().Truncate(window), len(idx)).Scan(&hits); err != nil {
				return apperr.InternalError(err)
			}
			before := hits - len(idx)
			for j, i := range idx {
				refused[i] = before+j+1 > limit
			}
		}
		// The answers, several rows per INSERT.
		type dayKey struct {
			lib int64
			day string
			sp  int64
		}
		daily := map[dayKey]*ikm.Accumulator{}
		var order []dayKey
		rows := make([]*Response, 0, len(batch))
		for i, p := range batch {
			if refused[i] {
				continue
			}
			rows = append(rows, p.r)
			k := dayKey{p.r.LibraryID, p.r.Day, p.r.ServicePointID}
			if daily[k] == nil {
				daily[k] = &ikm.Accumulator{}
				order = append(order, k)
			}
			daily[k].Add(p.r.Answers)
		}
		if err := insertResponses(ctx, tx, rows); err != nil {
			return err
		}
		for _, k := range order {
			if err := addDaily(ctx, tx, k.lib, k.day, k.sp, daily[k]); err != nil {
				return err
			}
		}
		return nil
	})
	for i, p := range batch {
		switch {
		case err != nil:
			p.done <- err
		case refused[i]:
			p.done <- apperr.New(apperr.RateLimited, "survey.rate_limited", apperr.Args{"Minutes": int(window / time.Minute)})
		default:
			p.done <- nil
		}
	}
}

// insertResponses stores rows with as few statements as the engines'
// limits on bound values allow.
func insertResponses(ctx context.Context, tx *db.Tx, rs []*Response) error {
	const perRow = 19
	row := "(?" + strings.Repeat(", ?", perRow-1) + ")"
	for start := 0; start < len(rs); start += importBatch {
		chunk := rs[start:min(start+importBatch, len(rs))]
		args := make([]any, 0, len(chunk)*perRow)
		for _, r := range chunk {
			args = responseArgs(r, args)
		}
		q := `INSERT INTO survey_responses (` + responseCols + `) VALUES ` + row + strings.Repeat(", "+row, len(chunk)-1)
		if _, err := tx.ExecContext(ctx, q, args...); err != nil {
			if strings.Contains(err.Error(), "FOREIGN KEY") || strings.Contains(err.Error(), "SQLSTATE 23503") {
				return apperr.NotFoundError("service_point")
			}
			return apperr.InternalError(err)
		}
	}
	return nil
}
