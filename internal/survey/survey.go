// Package survey runs the stored IKM survey (Survei Kepuasan Masyarakat,
// PermenPANRB 14/2017): a short link per service point, anonymous public
// submissions kept together with a daily pre-aggregate in one transaction,
// the IKM of a service point or library over any period, the sample target
// from visitor counts, and follow-up plans (rencana tindak lanjut) for weak
// elements. The index itself is computed by package ikm.
package survey

import (
	"strings"
	"sync"
	"time"
	"unicode/utf8"

	"github.com/bina-pustaka/bina/internal/apperr"
	"github.com/bina-pustaka/bina/internal/db"
	"github.com/bina-pustaka/bina/internal/ikm"
)

// Service is the survey's store and rules.
type Service struct {
	DB *db.DB
	// Now is the clock; nil means db.Now.
	Now func() time.Time
	// Limit is the most submissions accepted from one address to one
	// survey per Window; zero means DefaultLimit, DefaultWindow.
	Limit  int
	Window time.Duration

	batch   batcher     // group commit of submissions (batch.go)
	targets targetCache // short codes recently resolved (links.go)
}

// A library's public Wi-Fi puts every patron behind one address, and a
// school class may fill the survey together in a few minutes: 100 in 10
// minutes lets three classes through at once while still capping a script
// at 600 answers an hour per survey (docs/survey.md).
const (
	DefaultLimit  = 100
	DefaultWindow = 10 * time.Minute
)

func (s *Service) limit() (int, time.Duration) {
	limit, window := s.Limit, s.Window
	if limit <= 0 {
		limit = DefaultLimit
	}
	if window <= 0 {
		window = DefaultWindow
	}
	return limit, window
}

func (s *Service) now() time.Time {
	if s.Now != nil {
		return s.Now().UTC().Truncate(time.Microsecond)
	}
	return db.Now()
}

// Respondent profile values as stored; labels are translated as
// "survey.gender.<v>", "survey.education.<v>", "survey.occupation.<v>".
var (
	Genders = []string{"L", "P"} // laki-laki, perempuan
	// Educations follow the regulation's questionnaire (SD ke bawah … S3).
	Educations = []string{"sd", "smp", "sma", "diploma", "s1", "s2", "s3"}
	// Occupations are the questionnaire's (PNS, TNI/Polri, swasta,
	// wirausaha, lainnya) with pelajar and mahasiswa, a library's largest
	// groups of users, split out.
	Occupations = []string{"pelajar", "mahasiswa", "pns", "tni_polri", "swasta", "wirausaha", "lainnya"}
)

// Ages a respondent may give. Children answer at layanan anak, so the
// lower bound is 10, not the 17 of adult-only services.
const (
	MinAge = 10
	MaxAge = 100
)

// MaxComment bounds the optional comment, in characters.
const MaxComment = 1000

// Sources of a response.
const (
	SourceWeb    = "web"
	SourceImport = "import"
)

// Response is one respondent's answers. It carries nothing that identifies
// the person.
type Response struct {
	ID             int64
	LibraryID      int64
	ServicePointID int64
	SubmittedAt    time.Time
	Day            string // YYYY-MM-DD in the library's time zone
	Source         string
	Gender         string
	Age            int // 0: not given; -1: not a number (refused by Validate)
	Education      string
	Occupation     string
	// Answers are the nine elements in ikm.Elements order, 1–4, 0 when
	// unanswered.
	Answers [ikm.NumElements]uint8
	Comment string
}

// Normalize trims the free text.
func (r *Response) Normalize() {
	r.Comment = strings.TrimSpace(r.Comment)
	r.Gender = strings.ToUpper(strings.TrimSpace(r.Gender))
	r.Education = strings.TrimSpace(r.Education)
	r.Occupation = strings.TrimSpace(r.Occupation)
}

// Validate checks a web submission: the profile and all nine elements are
// required, as on the regulation's form; the comment is optional. Fields
// are named as on the form: gender, age, education, occupation, u1 … u9,
// comment.
func (r *Response) Validate() error {
	var v apperr.Validation
	if !oneOf(r.Gender, Genders) {
		v.Add("gender", "survey.choose_one", nil)
	}
	switch {
	case r.Age == 0:
		v.Add("age", "field.required", nil)
	case r.Age < MinAge || r.Age > MaxAge:
		v.Add("age", "survey.bad_age", apperr.Args{"Min": MinAge, "Max": MaxAge})
	}
	if !oneOf(r.Education, Educations) {
		v.Add("education", "survey.choose_one", nil)
	}
	if !oneOf(r.Occupation, Occupations) {
		v.Add("occupation", "survey.choose_one", nil)
	}
	for i, a := range r.Answers {
		if a < 1 || a > 4 {
			v.Add(strings.ToLower(ikm.Elements[i].Code), "survey.answer_required", nil)
		}
	}
	if utf8.RuneCountInString(r.Comment) > MaxComment {
		v.Add("comment", "field.too_long", apperr.Args{"Max": MaxComment})
	}
	return v.Err()
}

func oneOf(v string, set []string) bool {
	for _, x := range set {
		if v == x {
			return true
		}
	}
	return false
}

// dayIn is the calendar day of t in the named zone (Asia/Jakarta when the
// name is unknown), the day a response counts for.
func dayIn(t time.Time, zone string) string {
	return t.In(location(zone)).Format(time.DateOnly)
}

// zones caches loaded time zones: time.LoadLocation reads the zone file
// every time, and a submission needs one.
var zones sync.Map // name → *time.Location

func location(zone string) *time.Location {
	if l, ok := zones.Load(zone); ok {
		return l.(*time.Location)
	}
	loc, err := time.LoadLocation(zone)
	if err != nil {
		if loc, err = time.LoadLocation("Asia/Jakarta"); err != nil {
			loc = time.FixedZone("WIB", 7*3600)
		}
	}
	zones.Store(zone, loc)
	return loc
}

// Today is the date in the library's time zone, for the per-device notice.
func Today(now time.Time, zone string) string { return dayIn(now, zone) }
