package survey

import (
	"context"
	"fmt"
	"strings"
	"time"

	"github.com/bina-pustaka/bina/internal/apperr"
	"github.com/bina-pustaka/bina/internal/audit"
	"github.com/bina-pustaka/bina/internal/auth"
	"github.com/bina-pustaka/bina/internal/db"
	"github.com/bina-pustaka/bina/internal/ikm"
)

// Submit stores one public web submission for the survey behind code, in
// one transaction with its day's aggregate (shared with the submissions
// that arrive at the same moment, see batch.go): when Submit returns nil
// the answer is committed and counted, and when it fails nothing of it is.
// No account is needed. from names the sender's address for the rate limit
// of Limit answers per Window and survey ("" skips it, for trusted
// callers); only complete answers count against it. It returns the survey
// and the stored response (without its row id).
func (s *Service) Submit(ctx context.Context, code string, r Response, from string) (Target, Response, error) {
	t, err := s.Resolve(ctx, code)
	if err != nil {
		return Target{}, Response{}, err
	}
	if !t.Active {
		return t, Response{}, apperr.New(apperr.Conflict, "survey.closed", nil)
	}
	r.Normalize()
	if err := r.Validate(); err != nil {
		return t, Response{}, err
	}
	r.LibraryID, r.ServicePointID, r.Source = t.LibraryID, t.ServicePointID, SourceWeb
	r.SubmittedAt = s.now()
	r.Day = dayIn(r.SubmittedAt, t.TimeZone)
	key := ""
	if from != "" {
		key = "survey:" + t.Code + ":" + from
	}
	if err := s.submitBatched(ctx, &r, key); err != nil {
		return t, Response{}, err
	}
	return t, r, nil
}

const responseCols = `library_id, service_point_id, submitted_at, day, source, gender, age, education, occupation,
	u1, u2, u3, u4, u5, u6, u7, u8, u9, comment`

func responseArgs(r *Response, args []any) []any {
	args = append(args, r.LibraryID, r.ServicePointID, r.SubmittedAt, r.Day, r.Source, r.Gender, r.Age, r.Education, r.Occupation)
	for _, a := range r.Answers {
		args = append(args, int(a))
	}
	return append(args, r.Comment)
}

// upsertDaily adds one accumulator to a day's row, creating it if needed.
// ON CONFLICT … DO UPDATE is atomic on both engines (PostgreSQL locks the
// row; SQLite has one writer), so concurrent submissions never lose a count.
var upsertDaily = func() string {
	var cols, set strings.Builder
	for i := 1; i <= ikm.NumElements; i++ {
		fmt.Fprintf(&cols, ", s%d", i)
		fmt.Fprintf(&set, ", s%d = ikm_daily.s%d + excluded.s%d", i, i, i)
	}
	for i := 1; i <= ikm.NumElements; i++ {
		fmt.Fprintf(&cols, ", c%d", i)
		fmt.Fprintf(&set, ", c%d = ikm_daily.c%d + excluded.c%d", i, i, i)
	}
	return `INSERT INTO ikm_daily (library_id, day, service_point_id, respondents` + cols.String() + `)
		VALUES (?, ?, ?, ?` + strings.Repeat(", ?", 2*ikm.NumElements) + `)
		ON CONFLICT (library_id, day, service_point_id) DO UPDATE SET
		respondents = ikm_daily.respondents + excluded.respondents` + set.String()
}()

func addDaily(ctx context.Context, tx *db.Tx, libraryID int64, day string, servicePointID int64, acc *ikm.Accumulator) error {
	if acc.Respondents == 0 {
		return nil
	}
	args := make([]any, 0, 4+2*ikm.NumElements)
	args = append(args, libraryID, day, servicePointID, acc.Respondents)
	for _, v := range acc.Sum {
		args = append(args, v)
	}
	for _, v := range acc.Count {
		args = append(args, v)
	}
	if _, err := tx.ExecContext(ctx, upsertDaily, args...); err != nil {
		return apperr.InternalError(err)
	}
	return nil
}

// importBatch is how many rows one INSERT carries: 19 values each stays
// well inside SQLite's and PostgreSQL's limits on bound values.
const importBatch = 500

// Import stores responses that arrived another way (a Google Forms or
// Excel export, a paper form typed in) with their own time and day, in one
// transaction together with their aggregates. Every response must name a
// service point of the library, carry answers of 0–4 with at least one
// answered, and a day. Profile fields may be blank. It returns how many
// were stored.
func (s *Service) Import(ctx context.Context, actor *auth.Actor, libraryID int64, rs []Response) (int, error) {
	if err := actor.Require(auth.PermSurveyManage, libraryID); err != nil {
		return 0, err
	}
	var v apperr.Validation
	type key struct {
		day string
		sp  int64
	}
	daily := map[key]*ikm.Accumulator{}
	for i := range rs {
		r := &rs[i]
		r.Normalize()
		r.LibraryID, r.Source = libraryID, SourceImport
		answered := false
		for _, a := range r.Answers {
			if a > 4 {
				v.AddCell(i+1, "", "survey.bad_score", nil)
			}
			answered = answered || a != 0
		}
		if !answered {
			v.AddCell(i+1, "", "survey.no_answers", nil)
		}
		if _, err := time.Parse(time.DateOnly, r.Day); err != nil {
			v.AddCell(i+1, "", "survey.bad_day", nil)
		}
		if len(v.Problems) >= 20 {
			break
		}
		k := key{r.Day, r.ServicePointID}
		if daily[k] == nil {
			daily[k] = &ikm.Accumulator{}
		}
		if len(v.Problems) == 0 {
			daily[k].Add(r.Answers)
		}
	}
	if err := v.Err(); err != nil {
		return 0, err
	}
	err := s.DB.InTx(ctx, func(tx *db.Tx) error {
		ptrs := make([]*Response, len(rs))
		for i := range rs {
			ptrs[i] = &rs[i]
		}
		if err := insertResponses(ctx, tx, ptrs); err != nil {
			return err
		}
		for k, acc := range daily {
			if err := addDaily(ctx, tx, libraryID, k.day, k.sp, acc); err != nil {
				return err
			}
		}
		return audit.Record(ctx, tx, actor, libraryID, "survey.import", "survey", 0, fmt.Sprintf("%d", len(rs)), nil)
	})
	if err != nil {
		return 0, err
	}
	return len(rs), nil
}
