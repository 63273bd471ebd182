// Package complaint handles patrons' complaints (pengaduan), aspirations and
// requests for information the way SP4N-LAPOR! does (PermenPANRB 62/2018):
// a public form with a tracking code, verification and assignment within 3
// working days, a follow-up decided within 5, an answer the reporter can rate,
// and automatic closing 10 working days after the answer when the reporter
// stays silent. Deadlines run on a working-day calendar (weekends, national
// holidays and cuti bersama, a library's own days off) in the library's time
// zone; missed ones are escalated to the library's admin.
//
// The reporter's contact is personal data (UU 27/2022): only the complaint's
// handlers see it, and every time they do is written to the audit log.
package complaint

import (
	"crypto/rand"
	"strings"
	"time"
	"unicode/utf8"

	"github.com/bina-pustaka/bina/internal/apperr"
)

// Class is what kind of report it is; each has its tracking-code prefix.
type Class string

const (
	ClassComplaint   Class = "pengaduan"
	ClassAspiration  Class = "aspirasi"
	ClassInformation Class = "permintaan_informasi"
)

// Classes in the order the form offers them; labels are "complaint.class.<class>".
var Classes = []Class{ClassComplaint, ClassAspiration, ClassInformation}

var classPrefix = map[Class]string{ClassComplaint: "PGD", ClassAspiration: "ASP", ClassInformation: "INF"}

// Categories are the subjects a report can be about; labels are
// "complaint.category.<category>". Fixed for now: they map to competencies later.
var Categories = []string{"layanan_petugas", "koleksi", "fasilitas", "layanan_digital", "jam_layanan", "lainnya"}

// Status is where a complaint stands.
type Status string

const (
	StatusNew        Status = "baru"            // filed, waiting for verification
	StatusVerified   Status = "diverifikasi"    // verified and assigned to a handler
	StatusFollowUp   Status = "ditindaklanjuti" // follow-up decided
	StatusAnswered   Status = "dijawab"         // an answer was sent to the reporter
	StatusResolved   Status = "selesai"         // the reporter rated it, or staff confirmed it
	StatusAutoClosed Status = "ditutup"         // closed: no response 10 working days after the answer
	StatusRejected   Status = "ditolak"         // not a complaint; the reason is shown to the reporter
)

// Statuses in lifecycle order; labels are "complaint.status.<status>".
var Statuses = []Status{StatusNew, StatusVerified, StatusFollowUp, StatusAnswered, StatusResolved, StatusAutoClosed, StatusRejected}

// Final reports whether nothing more happens to a complaint in this status.
func (s Status) Final() bool {
	return s == StatusResolved || s == StatusAutoClosed || s == StatusRejected
}

// SLA in working days (PermenPANRB 62/2018).
const (
	VerifyDays = 3  // verify and forward
	DecideDays = 5  // decide the follow-up, counted from verification
	CloseDays  = 10 // close automatically after the answer when the reporter is silent
)

// Escalation stages: which deadline was missed.
const (
	StageVerify = "verify"
	StageDecide = "decide"
)

// Limits on what the public may write.
const (
	maxBody    = 5000
	maxName    = 200
	maxContact = 200
	maxText    = 5000 // replies, notes, reasons
	maxComment = 1000 // the reporter's comment with a rating
)

// Contact is how the reporter may be reached; every field is optional.
type Contact struct {
	Name  string `json:"name"`
	Phone string `json:"phone"`
	Email string `json:"email"`
}

// Empty reports whether the reporter left no contact at all.
func (c Contact) Empty() bool { return c.Name == "" && c.Phone == "" && c.Email == "" }

// Complaint is one report as staff see it. Contact is set only for those who
// may see it (CanSeeContact) and is otherwise nil, so no page or API response
// can show it by accident.
type Complaint struct {
	ID               int64      `json:"id"`
	LibraryID        int64      `json:"library_id"`
	Code             string     `json:"code"`
	Class            Class      `json:"class"`
	Category         string     `json:"category"`
	ServicePointID   *int64     `json:"service_point_id"`
	ServicePointName string     `json:"service_point_name"`
	Body             string     `json:"body"`
	HasContact       bool       `json:"has_contact"`
	Contact          *Contact   `json:"contact,omitempty"`
	Status           Status     `json:"status"`
	AssigneeID       *int64     `json:"assignee_id"`
	AssigneeName     string     `json:"assignee_name"`
	FollowUp         string     `json:"follow_up"`
	RejectReason     string     `json:"reject_reason"`
	FiledAt          time.Time  `json:"filed_at"`
	VerifyDue        Date       `json:"verify_due"`
	VerifiedAt       *time.Time `json:"verified_at"`
	DecideDue        Date       `json:"decide_due,omitempty"`
	DecidedAt        *time.Time `json:"decided_at"`
	AnsweredAt       *time.Time `json:"answered_at"`
	CloseDue         Date       `json:"close_due,omitempty"`
	ClosedAt         *time.Time `json:"closed_at"`
	EscalatedStage   string     `json:"escalated_stage"`
	EscalatedAt      *time.Time `json:"escalated_at"`
	Rating           *int       `json:"rating"`
	RatingComment    string     `json:"rating_comment"`
	RatedAt          *time.Time `json:"rated_at"`
	// Computed on the library's calendar when the complaint is read.
	Due      Date `json:"due,omitempty"`   // the deadline of the current stage
	Overdue  bool `json:"overdue"`         // the verify or decide deadline has passed
	DaysLate int  `json:"days_late"`       // working days past Due
	Open     bool `json:"escalation_open"` // escalated and still waiting in that stage
}

// RatingValue is the reporter's rating, 0 when she gave none.
func (c Complaint) RatingValue() int {
	if c.Rating == nil {
		return 0
	}
	return *c.Rating
}

// computeDue fills Due, Overdue, DaysLate and Open for today.
func (c *Complaint) computeDue(today Date, cal Calendar) {
	switch c.Status {
	case StatusNew:
		c.Due = c.VerifyDue
	case StatusVerified:
		c.Due = c.DecideDue
	case StatusAnswered:
		c.Due = c.CloseDue // the day it closes itself, not a staff deadline
	default:
		c.Due = ""
	}
	if (c.Status == StatusNew || c.Status == StatusVerified) && c.Due != "" && c.Due < today {
		c.Overdue = true
		c.DaysLate = WorkingDaysLate(c.Due, today, cal)
	}
	c.Open = (c.EscalatedStage == StageVerify && c.Status == StatusNew) ||
		(c.EscalatedStage == StageDecide && c.Status == StatusVerified)
}

// EventKinds are the kinds of timeline lines; labels are "complaint.event.<kind>".
// Public ones (filed, verified, decided, replied, resolved, closed,
// auto_closed, rejected, rated) are shown to the reporter; assigned, note and
// escalated only to staff.
var EventKinds = []string{"filed", "verified", "assigned", "decided", "replied", "resolved", "closed", "auto_closed", "rejected", "note", "rated", "escalated"}

// Event is one line of a complaint's timeline.
type Event struct {
	ID        int64     `json:"id"`
	Kind      string    `json:"kind"` // filed, verified, assigned, decided, replied, resolved, closed, auto_closed, rejected, note, rated, escalated
	Public    bool      `json:"public"`
	Body      string    `json:"body"`
	ActorName string    `json:"actor_name"`
	CreatedAt time.Time `json:"created_at"`
}

// NewComplaint is what the public form sends.
type NewComplaint struct {
	LibraryID      int64
	Class          Class
	Category       string
	ServicePointID *int64
	Body           string
	Contact        Contact
}

func (n *NewComplaint) normalize() {
	n.Class = Class(strings.TrimSpace(string(n.Class)))
	n.Category = strings.TrimSpace(n.Category)
	n.Body = strings.TrimSpace(n.Body)
	n.Contact.Name = strings.TrimSpace(n.Contact.Name)
	n.Contact.Phone = strings.TrimSpace(n.Contact.Phone)
	n.Contact.Email = strings.ToLower(strings.TrimSpace(n.Contact.Email))
}

// Validate checks a report before it is filed.
func (n *NewComplaint) Validate() error {
	var v apperr.Validation
	if _, ok := classPrefix[n.Class]; !ok {
		v.Add("class", "complaint.bad_class", nil)
	}
	if !ValidCategory(n.Category) {
		v.Add("category", "complaint.bad_category", nil)
	}
	if n.Body == "" {
		v.Add("body", "field.required", nil)
	} else if utf8.RuneCountInString(n.Body) > maxBody {
		v.Add("body", "field.too_long", apperr.Args{"Max": maxBody})
	}
	if utf8.RuneCountInString(n.Contact.Name) > maxName {
		v.Add("contact_name", "field.too_long", apperr.Args{"Max": maxName})
	}
	if p := n.Contact.Phone; p != "" && !validPhone(p) {
		v.Add("contact_phone", "complaint.bad_phone", nil)
	}
	if e := n.Contact.Email; e != "" && (len(e) > maxContact || !validEmail(e)) {
		v.Add("contact_email", "complaint.bad_email", nil)
	}
	return v.Err()
}

// ValidCategory reports whether c is one of Categories.
func ValidCategory(c string) bool {
	for _, x := range Categories {
		if x == c {
			return true
		}
	}
	return false
}

// validPhone accepts Indonesian and international numbers as people write
// them: digits with spaces, dashes, dots, parentheses and a leading +.
func validPhone(p string) bool {
	digits := 0
	for i, r := range p {
		switch {
		case r >= '0' && r <= '9':
			digits++
		case r == '+' && i == 0, r == ' ', r == '-', r == '.', r == '(', r == ')':
		default:
			return false
		}
	}
	return digits >= 8 && digits <= 15
}

// validEmail is the same light check as accounts: one @, a dotted domain.
func validEmail(e string) bool {
	at := strings.IndexByte(e, '@')
	if at <= 0 || at != strings.LastIndexByte(e, '@') || strings.ContainsAny(e, " <>,;") {
		return false
	}
	domain := e[at+1:]
	return strings.Contains(domain, ".") && !strings.HasPrefix(domain, ".") && !strings.HasSuffix(domain, ".")
}

// codeAlphabet has no 0/O or 1/I, so a code read aloud or copied from paper
// is typed right; 32 symbols make 5 bits each.
const codeAlphabet = "23456789ABCDEFGHJKLMNPQRSTUVWXYZ"

// codeLength random symbols (50 bits) make a code nobody guesses, while the
// status page also limits look-ups per address.
const codeLength = 10

// newCode makes a tracking code such as "PGD-7K3MQ-9XRAB".
func newCode(class Class) string {
	b := make([]byte, codeLength)
	rand.Read(b) // never fails (crypto/rand, Go 1.24+)
	for i := range b {
		b[i] = codeAlphabet[int(b[i])%len(codeAlphabet)] // 256 is a multiple of 32: no bias
	}
	return classPrefix[class] + "-" + string(b[:5]) + "-" + string(b[5:])
}

// NormalizeCode turns what a person typed — any case, with or without
// dashes and spaces — into the stored form, or "" when it cannot be a code.
func NormalizeCode(s string) string {
	var b strings.Builder
	for _, r := range strings.ToUpper(s) {
		switch {
		case r >= 'A' && r <= 'Z', r >= '0' && r <= '9':
			b.WriteRune(r)
		case r == '-' || r == ' ' || r == '.':
		default:
			return ""
		}
	}
	raw := b.String()
	if len(raw) != 3+codeLength {
		return ""
	}
	known := false
	for _, p := range classPrefix {
		if raw[:3] == p {
			known = true
		}
	}
	if !known || strings.IndexFunc(raw[3:], func(r rune) bool { return !strings.ContainsRune(codeAlphabet, r) }) >= 0 {
		return ""
	}
	return raw[:3] + "-" + raw[3:8] + "-" + raw[8:]
}
