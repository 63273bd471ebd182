// Package training runs the library's training (pelatihan, diklat): a
// catalogue of programmes, their sessions over one or several days,
// enrolment by nomination or self-registration with a waitlist that moves
// up by itself when a seat frees, attendance per day, pre/post-test scores
// with the normalized gain (Kirkpatrick level 2), and completion, which
// credits the programme's JP to each successful participant's ledger
// (internal/record).
//
// Seats are counted and handed out inside one write transaction that holds
// the session's row (lockSession), so two people cancelling or enrolling at
// the same moment never oversell a session or promote one person twice.
package training

import (
	"net/url"
	"strings"
	"time"
	"unicode/utf8"

	"github.com/bina-pustaka/bina/internal/apperr"
	"github.com/bina-pustaka/bina/internal/record"
)

// Programme types; the label is "training.type.<code>".
var Types = []string{"workshop", "seminar", "webinar", "e_learning", "project_based", "magang", "conference"}

// Levels of a programme ("training.level.<code>").
var Levels = []string{"dasar", "menengah", "lanjut"}

// Modalities ("training.modality.<code>").
var Modalities = []string{"offline", "online", "hybrid"}

// Provider kinds ("training.provider.<code>"): the library itself, or a
// partner institution named in ProviderName.
var ProviderKinds = []string{"internal", "partner"}

// Session statuses ("training.session_status.<code>"). Completed is set only
// by Complete; the others are chosen on the session form.
const (
	SessionPlanned   = "planned"
	SessionOpen      = "open" // registration open
	SessionCompleted = "completed"
	SessionCancelled = "cancelled"
)

// SessionStatuses lists every status; EditableStatuses those the form offers.
var (
	SessionStatuses  = []string{SessionPlanned, SessionOpen, SessionCompleted, SessionCancelled}
	EditableStatuses = []string{SessionPlanned, SessionOpen, SessionCancelled}
)

// Enrolment statuses ("training.enrolment_status.<code>"). A nomination or
// a registration becomes confirmed (a seat) or waitlisted at once; after
// the session, Complete turns confirmed into completed or not_completed.
const (
	Confirmed    = "confirmed"
	Waitlisted   = "waitlisted"
	Cancelled    = "cancelled"
	Completed    = "completed"
	NotCompleted = "not_completed"
)

// EnrolmentStatuses lists them in the order lists show.
var EnrolmentStatuses = []string{Confirmed, Waitlisted, Completed, NotCompleted, Cancelled}

// Origins of an enrolment ("training.origin.<code>").
const (
	Nominated  = "nominated"  // by a coordinator
	Registered = "registered" // by the person herself
)

// Defaults and limits.
const (
	DefaultMinAttendance = 80 // percent of the session's days
	MaxDays              = 60
	MaxCapacity          = 1000
	MaxJP                = record.MaxJPPerEntry
	MaxMaterials         = 20
	MaxTrainers          = 20
	MaxBudget            = 1_000_000_000_000 // rupiah; a sanity bound
)

// Program is an entry of the catalogue.
type Program struct {
	ID               int64     `json:"id"`
	LibraryID        int64     `json:"library_id"`
	Title            string    `json:"title"`
	Type             string    `json:"type"`
	Level            string    `json:"level"`
	JP               int       `json:"jp"`
	ProviderKind     string    `json:"provider_kind"`
	ProviderName     string    `json:"provider_name"`
	Modality         string    `json:"modality"`
	Description      string    `json:"description"`
	Materials        []string  `json:"materials"` // links
	SelfRegistration bool      `json:"self_registration"`
	Active           bool      `json:"active"`
	Competencies     []Target  `json:"competencies"`
	CreatedAt        time.Time `json:"created_at"`
	UpdatedAt        time.Time `json:"updated_at"`

	// CertificateValidityMonths is how long the programme's certificates
	// stay valid from the day they are issued (1–MaxValidityMonths); nil:
	// they never expire.
	CertificateValidityMonths *int `json:"certificate_validity_months"`
}

// Target is a competency a programme develops.
type Target struct {
	ID    int64  `json:"id"`
	Code  string `json:"code"`
	Title string `json:"title"`
}

// CompetencyIDs lists the targets' ids.
func (p Program) CompetencyIDs() []int64 {
	out := make([]int64, len(p.Competencies))
	for i, c := range p.Competencies {
		out[i] = c.ID
	}
	return out
}

// Organizer names who runs the programme, for the JP ledger.
func (p Program) Organizer(libraryName string) string {
	if p.ProviderKind == "partner" && p.ProviderName != "" {
		return p.ProviderName
	}
	return libraryName
}

// Trainer is a session's trainer: a staff member (StaffID set) or an
// external person by name.
type Trainer struct {
	StaffID     *int64 `json:"staff_id,omitempty"`
	Name        string `json:"name"` // the staff member's name, joined, for staff
	Institution string `json:"institution"`
}

// Session is one run of a programme.
type Session struct {
	ID            int64         `json:"id"`
	LibraryID     int64         `json:"library_id"`
	ProgramID     int64         `json:"program_id"`
	ProgramTitle  string        `json:"program_title"` // joined
	Title         string        `json:"title"`
	Days          []record.Date `json:"days"` // ascending
	Place         string        `json:"place"`
	OnlineURL     string        `json:"online_url"`
	Capacity      int           `json:"capacity"`
	Trainers      []Trainer     `json:"trainers"`
	BudgetLine    string        `json:"budget_line"`
	Budget        int64         `json:"budget"` // rupiah
	Status        string        `json:"status"`
	MinAttendance int           `json:"min_attendance_percent"`
	PassMark      *int          `json:"pass_mark"`
	Confirmed     int           `json:"confirmed"`  // seats taken (completed and not completed count after the session)
	Waitlisted    int           `json:"waitlisted"` // waiting
	CompletedAt   *time.Time    `json:"completed_at"`
	CreatedAt     time.Time     `json:"created_at"`
	UpdatedAt     time.Time     `json:"updated_at"`
}

// FirstDay and LastDay bound the session ("" without days).
func (s Session) FirstDay() record.Date {
	if len(s.Days) == 0 {
		return ""
	}
	return s.Days[0]
}

func (s Session) LastDay() record.Date {
	if len(s.Days) == 0 {
		return ""
	}
	return s.Days[len(s.Days)-1]
}

// Name is how the session is called in lists: the programme, and its own
// title when it has one.
func (s Session) Name() string {
	if s.Title == "" {
		return s.ProgramTitle
	}
	return s.ProgramTitle + " — " + s.Title
}

// SeatsLeft is how many seats are free (0 when full).
func (s Session) SeatsLeft() int {
	if s.Confirmed >= s.Capacity {
		return 0
	}
	return s.Capacity - s.Confirmed
}

// Quarter is the quarter of the year the session starts in (1–4).
func (s Session) Quarter() int {
	if len(s.Days) == 0 {
		return 0
	}
	return (int(s.Days[0].Time().Month())-1)/3 + 1
}

// Rule is what a participant must meet to complete a session.
func (s Session) Rule() Rule { return Rule{MinAttendance: s.MinAttendance, PassMark: s.PassMark} }

// Enrolment is one person's place in a session.
type Enrolment struct {
	ID         int64     `json:"id"`
	LibraryID  int64     `json:"library_id"`
	SessionID  int64     `json:"session_id"`
	StaffID    int64     `json:"staff_id"`
	StaffName  string    `json:"staff_name"` // joined
	Origin     string    `json:"origin"`
	Status     string    `json:"status"`
	Position   int       `json:"waitlist_position,omitempty"` // 1 = next to be promoted; waitlisted only
	PreScore   *int      `json:"pre_score"`
	PostScore  *int      `json:"post_score"`
	Attended   int       `json:"attended_days"`
	JPCredited bool      `json:"jp_credited"`
	CreatedAt  time.Time `json:"created_at"`
	UpdatedAt  time.Time `json:"updated_at"`
}

// Gain is the person's normalized gain; ok is false without both scores or
// when the pre-test was already 100.
func (e Enrolment) Gain() (float64, bool) {
	if e.PreScore == nil || e.PostScore == nil {
		return 0, false
	}
	return Gain(*e.PreScore, *e.PostScore)
}

// Holds reports whether the enrolment holds a seat.
func (e Enrolment) Holds() bool {
	return e.Status == Confirmed || e.Status == Completed || e.Status == NotCompleted
}

// Active reports whether the enrolment may still be cancelled.
func (e Enrolment) Active() bool { return e.Status == Confirmed || e.Status == Waitlisted }

func oneOf(s string, list []string) bool {
	for _, x := range list {
		if x == s {
			return true
		}
	}
	return false
}

func clean(s string) string { return strings.Join(strings.Fields(s), " ") }

// checker collects field problems with the usual keys.
type checker struct{ apperr.Validation }

func (c *checker) text(field, value string, required bool, max int) {
	switch {
	case value == "" && required:
		c.Add(field, "field.required", nil)
	case utf8.RuneCountInString(value) > max:
		c.Add(field, "field.too_long", apperr.Args{"Max": max})
	}
}

func validLink(value string) bool {
	u, err := url.Parse(value)
	return err == nil && (u.Scheme == "http" || u.Scheme == "https") && u.Host != "" && len(value) <= 500
}

func (c *checker) link(field, value string) {
	if value != "" && !validLink(value) {
		c.Add(field, "training.bad_url", nil)
	}
}

// normalize tidies a programme as typed.
func (p *Program) normalize() {
	p.Title, p.ProviderName = clean(p.Title), clean(p.ProviderName)
	p.Description = strings.TrimSpace(p.Description)
	var links []string
	for _, m := range p.Materials {
		if m = strings.TrimSpace(m); m != "" {
			links = append(links, m)
		}
	}
	p.Materials = links
	if p.ProviderKind == "internal" {
		p.ProviderName = ""
	}
}

func (p *Program) validate() *checker {
	var c checker
	c.text("title", p.Title, true, 200)
	if !oneOf(p.Type, Types) {
		c.Add("type", "training.bad_type", nil)
	}
	if !oneOf(p.Level, Levels) {
		c.Add("level", "training.bad_level", nil)
	}
	if p.JP < 1 || p.JP > MaxJP {
		c.Add("jp", "training.bad_jp", apperr.Args{"Max": MaxJP})
	}
	switch {
	case !oneOf(p.ProviderKind, ProviderKinds):
		c.Add("provider_kind", "training.bad_provider", nil)
	case p.ProviderKind == "partner" && p.ProviderName == "":
		c.Add("provider_name", "training.provider_name_required", nil)
	}
	c.text("provider_name", p.ProviderName, false, 200)
	if !oneOf(p.Modality, Modalities) {
		c.Add("modality", "training.bad_modality", nil)
	}
	c.text("description", p.Description, false, 5000)
	if m := p.CertificateValidityMonths; m != nil && (*m < 1 || *m > MaxValidityMonths) {
		c.Add("certificate_validity_months", "certificate.bad_validity", apperr.Args{"Max": MaxValidityMonths})
	}
	if len(p.Materials) > MaxMaterials {
		c.Add("materials", "training.too_many_materials", apperr.Args{"Max": MaxMaterials})
	}
	for i, m := range p.Materials {
		if !validLink(m) {
			c.Add("materials", "training.bad_material", apperr.Args{"Line": i + 1})
			break
		}
	}
	return &c
}

// normalize tidies a session as typed; days are sorted later, after the
// repeated ones are found.
func (s *Session) normalize() {
	s.Title, s.Place, s.BudgetLine = clean(s.Title), clean(s.Place), clean(s.BudgetLine)
	s.OnlineURL = strings.TrimSpace(s.OnlineURL)
	var trainers []Trainer
	for _, t := range s.Trainers {
		t.Name, t.Institution = clean(t.Name), clean(t.Institution)
		if t.StaffID != nil || t.Name != "" {
			trainers = append(trainers, t)
		}
	}
	s.Trainers = trainers
}

// validate checks a session's own fields against its programme's modality.
// Days must be real and none may repeat: two entries of the same day would
// overlap each other.
func (s *Session) validate(p Program) *checker {
	var c checker
	c.text("title", s.Title, false, 200)
	switch {
	case len(s.Days) == 0:
		c.Add("days", "training.days_required", nil)
	case len(s.Days) > MaxDays:
		c.Add("days", "training.too_many_days", apperr.Args{"Max": MaxDays})
	default:
		seen := map[record.Date]int{}
		for i, d := range s.Days {
			parsed, ok := record.ParseDate(string(d))
			if !ok || parsed != d || d < "2000-01-01" || d > "2100-12-31" {
				c.Add("days", "training.bad_day", apperr.Args{"Line": i + 1, "Value": string(d)})
				break
			}
			if j, dup := seen[d]; dup {
				c.Add("days", "training.day_repeated", apperr.Args{"Line": i + 1, "Other": j + 1, "Day": string(d)})
				break
			}
			seen[d] = i
		}
	}
	c.text("place", s.Place, p.Modality != "online", 300)
	c.text("online_url", s.OnlineURL, p.Modality != "offline", 500)
	c.link("online_url", s.OnlineURL)
	if s.Capacity < 1 || s.Capacity > MaxCapacity {
		c.Add("capacity", "training.bad_capacity", apperr.Args{"Max": MaxCapacity})
	}
	if len(s.Trainers) > MaxTrainers {
		c.Add("trainers", "training.too_many_trainers", apperr.Args{"Max": MaxTrainers})
	}
	for _, t := range s.Trainers {
		if utf8.RuneCountInString(t.Name) > 200 || utf8.RuneCountInString(t.Institution) > 200 {
			c.Add("trainers", "field.too_long", apperr.Args{"Max": 200})
			break
		}
	}
	c.text("budget_line", s.BudgetLine, false, 100)
	if s.Budget < 0 || s.Budget > MaxBudget {
		c.Add("budget", "training.bad_budget", nil)
	}
	if !oneOf(s.Status, EditableStatuses) {
		c.Add("status", "training.bad_session_status", nil)
	}
	if s.MinAttendance < 1 || s.MinAttendance > 100 {
		c.Add("min_attendance_percent", "training.bad_min_attendance", nil)
	}
	if s.PassMark != nil && (*s.PassMark < 0 || *s.PassMark > 100) {
		c.Add("pass_mark", "training.bad_pass_mark", nil)
	}
	return &c
}
