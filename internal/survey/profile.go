package survey

import (
	"context"
	"slices"

	"github.com/bina-pustaka/bina/internal/apperr"
	"github.com/bina-pustaka/bina/internal/auth"
	"github.com/bina-pustaka/bina/internal/db"
	"github.com/bina-pustaka/bina/internal/ikm"
)

// AgeGroup is one band of the respondent profile's ages, both ends
// included; Max 0 means "and over".
type AgeGroup struct {
	Key      string
	Min, Max int
}

// AgeGroups are the bands the report counts ages in. The first one starts
// at 0 so that an imported age under MinAge still counts somewhere.
var AgeGroups = []AgeGroup{
	{"0-19", 0, 19}, {"20-29", 20, 29}, {"30-39", 30, 39}, {"40-49", 40, 49}, {"50-59", 50, 59}, {"60+", 60, 0},
}

// ageGroup is the key of age's band; "" when no age was given.
func ageGroup(age int) string {
	if age <= 0 {
		return ""
	}
	for _, g := range AgeGroups {
		if age >= g.Min && (g.Max == 0 || age <= g.Max) {
			return g.Key
		}
	}
	return ""
}

// Count is how many respondents gave one value.
type Count struct {
	Value string `json:"value"` // as stored (an AgeGroup key for ages); "" when not given
	Count int64  `json:"count"`
}

// Profile is who answered in a period: the regulation's respondent
// profile (jenis kelamin, usia, pendidikan, pekerjaan). Each list holds
// every known value in its declared order, zeros included, so a published
// table shows all categories; then values an import brought that the form
// does not know, sorted; then "" (not given) when some left it blank.
type Profile struct {
	Respondents int64   `json:"respondents"`
	Gender      []Count `json:"gender"`
	Age         []Count `json:"age"`
	Education   []Count `json:"education"`
	Occupation  []Count `json:"occupation"`
}

// Profile counts the respondents of a service point (0: the whole library)
// in a period by gender, age group, education and occupation.
func (s *Service) Profile(ctx context.Context, actor *auth.Actor, libraryID, servicePointID int64, p Period) (Profile, error) {
	if err := actor.Require(auth.PermSurveyView, libraryID); err != nil {
		return Profile{}, err
	}
	q := s.DB.Reader()
	if servicePointID != 0 {
		if _, err := servicePointName(ctx, q, libraryID, servicePointID); err != nil {
			return Profile{}, err
		}
	}
	where, args := responsesWhere(libraryID, servicePointID, p)
	// One pass: the distinct combinations are few (2 × ~90 × 7 × 7 at
	// most), and grouping ages into bands in Go keeps the SQL portable.
	rows, err := q.QueryContext(ctx, `SELECT gender, age, education, occupation, COUNT(*) FROM survey_responses `+where+`
		GROUP BY gender, age, education, occupation`, args...)
	if err != nil {
		return Profile{}, apperr.InternalError(err)
	}
	defer rows.Close()
	gender, age, education, occupation := map[string]int64{}, map[string]int64{}, map[string]int64{}, map[string]int64{}
	var out Profile
	for rows.Next() {
		var g, e, o string
		var a int
		var n int64
		if err := rows.Scan(&g, &a, &e, &o, &n); err != nil {
			return Profile{}, apperr.InternalError(err)
		}
		out.Respondents += n
		gender[g] += n
		age[ageGroup(a)] += n
		education[e] += n
		occupation[o] += n
	}
	if err := rows.Err(); err != nil {
		return Profile{}, apperr.InternalError(err)
	}
	ages := make([]string, len(AgeGroups))
	for i, g := range AgeGroups {
		ages[i] = g.Key
	}
	out.Gender = counts(gender, Genders)
	out.Age = counts(age, ages)
	out.Education = counts(education, Educations)
	out.Occupation = counts(occupation, Occupations)
	return out, nil
}

// counts orders a tally: the known values, the unknown ones, then "".
func counts(tally map[string]int64, known []string) []Count {
	out := make([]Count, 0, len(known)+1)
	for _, v := range known {
		out = append(out, Count{v, tally[v]})
		delete(tally, v)
	}
	blank, hasBlank := tally[""]
	delete(tally, "")
	var other []string
	for v := range tally {
		other = append(other, v)
	}
	slices.Sort(other)
	for _, v := range other {
		out = append(out, Count{v, tally[v]})
	}
	if hasBlank && blank > 0 {
		out = append(out, Count{"", blank})
	}
	return out
}

// responsesWhere selects a library's (or one service point's) responses
// of a period.
func responsesWhere(libraryID, servicePointID int64, p Period) (string, []any) {
	where := `WHERE library_id = ? AND day >= ? AND day <= ?`
	args := []any{libraryID, p.From, p.To}
	if servicePointID != 0 {
		where += ` AND service_point_id = ?`
		args = append(args, servicePointID)
	}
	return where, args
}

// Responses calls fn with every response of a service point (0: the whole
// library) in a period, by day and time of submission, for the raw data of
// the report. Rows are streamed, so a large period does not sit in
// memory; an error from fn stops the walk and is returned.
func (s *Service) Responses(ctx context.Context, actor *auth.Actor, libraryID, servicePointID int64, p Period, fn func(Response) error) error {
	if err := actor.Require(auth.PermSurveyView, libraryID); err != nil {
		return err
	}
	q := s.DB.Reader()
	if servicePointID != 0 {
		if _, err := servicePointName(ctx, q, libraryID, servicePointID); err != nil {
			return err
		}
	}
	return walkResponses(ctx, q, libraryID, servicePointID, p, fn)
}

func walkResponses(ctx context.Context, q db.Querier, libraryID, servicePointID int64, p Period, fn func(Response) error) error {
	where, args := responsesWhere(libraryID, servicePointID, p)
	rows, err := q.QueryContext(ctx, `SELECT id, `+responseCols+` FROM survey_responses `+where+` ORDER BY day, submitted_at, id`, args...)
	if err != nil {
		return apperr.InternalError(err)
	}
	defer rows.Close()
	for rows.Next() {
		var r Response
		var u [ikm.NumElements]int
		err := rows.Scan(&r.ID, &r.LibraryID, &r.ServicePointID, &r.SubmittedAt, &r.Day, &r.Source, &r.Gender, &r.Age, &r.Education, &r.Occupation,
			&u[0], &u[1], &u[2], &u[3], &u[4], &u[5], &u[6], &u[7], &u[8], &r.Comment)
		if err != nil {
			return apperr.InternalError(err)
		}
		for i, v := range u {
			r.Answers[i] = uint8(min(max(v, 0), 4))
		}
		if err := fn(r); err != nil {
			return err
		}
	}
	if err := rows.Err(); err != nil {
		return apperr.InternalError(err)
	}
	return nil
}
