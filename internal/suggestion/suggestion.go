// Package suggestion is the patron's voice beyond surveys and complaints:
// the public suggestion box (kotak saran) and collection purchase requests
// (usulan buku), where the same book asked for twice becomes one request
// with a demand count. Patrons write without an account; admins and
// coordinators read, answer and decide. A patron's contact is personal data
// (UU 27/2022): only admins and coordinators may see it, and each reading is
// written to the audit log.
package suggestion

import (
	"strconv"
	"strings"
	"time"
	"unicode/utf8"

	"github.com/bina-pustaka/bina/internal/apperr"
)

// Suggestion statuses, in the order staff move through them.
const (
	SuggestionNew      = "baru"
	SuggestionRead     = "dibaca"
	SuggestionFollowUp = "ditindaklanjuti"
	SuggestionArchived = "diarsipkan"
)

// SuggestionStatuses lists the statuses of a suggestion.
var SuggestionStatuses = []string{SuggestionNew, SuggestionRead, SuggestionFollowUp, SuggestionArchived}

// Book request statuses: received, ordered, available (on the shelf), or
// refused with a reason the requesters see.
const (
	RequestReceived  = "diterima"
	RequestOrdered   = "dipesan"
	RequestAvailable = "tersedia"
	RequestRefused   = "ditolak"
)

// RequestStatuses lists the statuses of a book request.
var RequestStatuses = []string{RequestReceived, RequestOrdered, RequestAvailable, RequestRefused}

// Length limits, in characters.
const (
	MaxBody      = 2000
	MaxContact   = 200
	MaxNote      = 2000
	MaxTitle     = 300
	MaxAuthor    = 200
	MaxPublisher = 200
	MaxReason    = 1000
)

// Suggestion is one note in the suggestion box. Contact never travels in
// JSON: the API does not hand out personal data.
type Suggestion struct {
	ID               int64     `json:"id"`
	LibraryID        int64     `json:"library_id"`
	ServicePointID   *int64    `json:"service_point_id"`
	ServicePointName string    `json:"service_point_name"`
	Body             string    `json:"body"`
	Contact          string    `json:"-"`
	HasContact       bool      `json:"has_contact"`
	Status           string    `json:"status"`
	Note             string    `json:"note"`
	CreatedAt        time.Time `json:"created_at"`
	UpdatedAt        time.Time `json:"updated_at"`
}

// NewSuggestion is what the public form sends.
type NewSuggestion struct {
	LibraryID      int64
	ServicePointID *int64
	Body           string
	Contact        string
	Honeypot       string // a field people never see; bots fill it
	ClientIP       string // for the rate limit
}

// BookRequest is one book asked for by one or more patrons.
type BookRequest struct {
	ID              int64     `json:"id"`
	LibraryID       int64     `json:"library_id"`
	ISBN            string    `json:"isbn"` // 13 digits, "" when unknown
	Title           string    `json:"title"`
	Author          string    `json:"author"`
	Publisher       string    `json:"publisher"`
	Year            *int      `json:"year"`
	Demand          int       `json:"demand"` // how many patrons asked
	Status          string    `json:"status"`
	Reason          string    `json:"reason"` // why it was refused
	StatusChangedAt time.Time `json:"status_changed_at"`
	CreatedAt       time.Time `json:"created_at"`
	UpdatedAt       time.Time `json:"updated_at"`
}

// NewBookRequest is what the public form sends; fields are as typed.
type NewBookRequest struct {
	LibraryID int64
	Title     string
	Author    string
	ISBN      string
	Publisher string
	Year      string
	Contact   string
	Honeypot  string
	ClientIP  string
}

// Requester is one patron's ask inside a book request, as staff see it.
type Requester struct {
	Contact   string
	CreatedAt time.Time
}

// Receipt is what a patron gets back: the code to follow the request.
type Receipt struct {
	Code    string // stored form; FormatCode groups it for reading
	Request BookRequest
	Merged  bool // the book had been asked for before
}

func tooLong(v *apperr.Validation, field, value string, max int) {
	if utf8.RuneCountInString(value) > max {
		v.Add(field, "field.too_long", apperr.Args{"Max": max})
	}
}

func (n *NewSuggestion) normalize() {
	n.Body = strings.TrimSpace(n.Body)
	n.Contact = strings.TrimSpace(n.Contact)
}

func (n NewSuggestion) validate() error {
	var v apperr.Validation
	if n.Body == "" {
		v.Add("body", "field.required", nil)
	}
	tooLong(&v, "body", n.Body, MaxBody)
	tooLong(&v, "contact", n.Contact, MaxContact)
	return v.Err()
}

// bookInput is a NewBookRequest checked and normalized.
type bookInput struct {
	NewBookRequest
	isbn13 string
	year   *int
}

func (n NewBookRequest) check(now time.Time) (bookInput, error) {
	in := bookInput{NewBookRequest: n}
	in.Title = strings.Join(strings.Fields(n.Title), " ")
	in.Author = strings.Join(strings.Fields(n.Author), " ")
	in.Publisher = strings.Join(strings.Fields(n.Publisher), " ")
	in.Contact = strings.TrimSpace(n.Contact)
	var v apperr.Validation
	if TitleKey(in.Title) == "" {
		v.Add("title", "field.required", nil)
	}
	tooLong(&v, "title", in.Title, MaxTitle)
	tooLong(&v, "author", in.Author, MaxAuthor)
	tooLong(&v, "publisher", in.Publisher, MaxPublisher)
	tooLong(&v, "contact", in.Contact, MaxContact)
	if strings.TrimSpace(n.ISBN) != "" {
		isbn, err := NormalizeISBN(n.ISBN)
		switch err {
		case nil:
			in.isbn13 = isbn
		case ErrISBNChecksum:
			v.Add("isbn", "book_request.isbn_checksum", nil)
		default:
			v.Add("isbn", "book_request.isbn_format", nil)
		}
	}
	if y := strings.TrimSpace(n.Year); y != "" {
		year, err := strconv.Atoi(y)
		maxYear := now.Year() + 1 // announced books carry next year's date
		if err != nil || year < 1000 || year > maxYear {
			v.Add("year", "book_request.bad_year", apperr.Args{"Max": maxYear})
		} else {
			in.year = &year
		}
	}
	return in, v.Err()
}

func validStatus(statuses []string, s string) bool {
	for _, x := range statuses {
		if x == s {
			return true
		}
	}
	return false
}

// nullable turns 0 / nil / "" into SQL NULL.
func nullID(p *int64) any {
	if p == nil || *p == 0 {
		return nil
	}
	return *p
}

func nullString(s string) any {
	if s == "" {
		return nil
	}
	return s
}

func nullInt(p *int) any {
	if p == nil {
		return nil
	}
	return *p
}

// scanner is a row or rows.
type scanner interface{ Scan(...any) error }
