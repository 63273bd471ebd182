// Package record keeps each staff member's professional development record
// (catatan pengembangan profesi): the JP ledger toward the 20 JP (jam
// pelajaran) of competency development every civil servant is owed a year
// (PP 17/2020), certifications with their expiry, publications, conferences,
// association memberships, and the yearly ratings from which angka kredit
// toward the next jenjang of the jabatan fungsional pustakawan is computed
// (PermenPANRB 1/2023, kept as data).
//
// A staff member keeps her own record; coordinators and admins keep
// everyone's and verify JP entries.
package record

import (
	"net/url"
	"strings"
	"time"
	"unicode/utf8"

	"github.com/bina-pustaka/bina/internal/apperr"
	"github.com/bina-pustaka/bina/internal/upload"
)

// Kind names what an item of the record is.
type Kind string

const (
	KindJP            Kind = "jp"
	KindCertification Kind = "certification"
	KindPublication   Kind = "publication"
	KindConference    Kind = "conference"
	KindMembership    Kind = "membership"
	KindRating        Kind = "rating"
)

// Kinds lists the kinds in the order the record page shows them.
var Kinds = []Kind{KindJP, KindCertification, KindPublication, KindConference, KindMembership, KindRating}

// Activities are the kinds of JP activity; the label is translated as
// "record.activity.<code>".
var Activities = []string{"pelatihan", "seminar", "workshop", "e_learning", "belajar_mandiri", "magang"}

// JP entry statuses: only verified entries count toward the target.
const (
	StatusSubmitted = "diajukan"
	StatusVerified  = "diverifikasi"
	StatusRejected  = "ditolak"
)

// PublicationTypes are the kinds of publication ("record.publication_type.<code>").
var PublicationTypes = []string{"jurnal", "prosiding", "buku", "artikel_populer", "laporan_penelitian"}

// ConferenceRoles are the parts a person plays at a conference ("record.conference_role.<code>").
var ConferenceRoles = []string{"peserta", "pemakalah", "panitia"}

// Defaults the forms offer: the competency certificate most pustakawan
// hold, and the professional association most belong to.
const (
	DefaultIssuer      = "LSP Pustakawan (Perpusnas)"
	DefaultAssociation = "Ikatan Pustakawan Indonesia (IPI)"
)

// DefaultJPTarget is the national minimum of competency development a year
// (PP 17/2020); a library may set a higher target.
const DefaultJPTarget = 20

// ExpiryWindowDays is how far ahead a certification's expiry is reminded.
const ExpiryWindowDays = 90

// Date is a calendar day, "2026-03-20": the day an activity ended or a
// certificate expires is a day, not an instant.
type Date string

const dateLayout = "2006-01-02"

// ParseDate reads "2026-03-20"; ok is false for anything else.
func ParseDate(s string) (Date, bool) {
	t, err := time.Parse(dateLayout, strings.TrimSpace(s))
	if err != nil {
		return "", false
	}
	return Date(t.Format(dateLayout)), true
}

// DateOf is the day t falls on in loc.
func DateOf(t time.Time, loc *time.Location) Date { return Date(t.In(loc).Format(dateLayout)) }

// Time is the day at midnight UTC, for formatting.
func (d Date) Time() time.Time {
	t, _ := time.Parse(dateLayout, string(d))
	return t
}

// Year is the day's year (0 for an empty date).
func (d Date) Year() int {
	if d == "" {
		return 0
	}
	return d.Time().Year()
}

// AddDays moves the day by n days.
func (d Date) AddDays(n int) Date { return Date(d.Time().AddDate(0, 0, n).Format(dateLayout)) }

// DaysUntil counts the days from d to e (negative when e is earlier).
func (d Date) DaysUntil(e Date) int { return int(e.Time().Sub(d.Time()).Hours() / 24) }

// FileInfo describes a stored evidence file.
type FileInfo struct {
	Name string `json:"name"`
	MIME string `json:"mime_type"`
	Size int64  `json:"size"`
}

// JPEntry is one activity in the JP ledger.
type JPEntry struct {
	ID           int64      `json:"id"`
	LibraryID    int64      `json:"library_id"`
	StaffID      int64      `json:"staff_id"`
	StaffName    string     `json:"staff_name"` // read-only, joined
	Activity     string     `json:"activity"`   // one of Activities
	Title        string     `json:"title"`
	Organizer    string     `json:"organizer"`
	Date         Date       `json:"date"` // the day it ended; it counts in that year
	JP           int        `json:"jp"`
	EvidenceURL  string     `json:"evidence_url"`
	File         *FileInfo  `json:"file,omitempty"`
	Status       string     `json:"status"`
	ReviewNote   string     `json:"review_note"`
	ReviewerName string     `json:"reviewer_name"`
	ReviewedAt   *time.Time `json:"reviewed_at"`
	CreatedAt    time.Time  `json:"created_at"`
}

// Certification is a competency certificate or similar credential.
type Certification struct {
	ID          int64     `json:"id"`
	LibraryID   int64     `json:"library_id"`
	StaffID     int64     `json:"staff_id"`
	StaffName   string    `json:"staff_name"`
	Name        string    `json:"name"`
	Issuer      string    `json:"issuer"`
	Number      string    `json:"number"`
	Issued      Date      `json:"issued"`
	Expires     Date      `json:"expires"` // "" when it does not expire
	EvidenceURL string    `json:"evidence_url"`
	File        *FileInfo `json:"file,omitempty"`
	CreatedAt   time.Time `json:"created_at"`
}

// Publication is research or writing a person published.
type Publication struct {
	ID        int64     `json:"id"`
	LibraryID int64     `json:"library_id"`
	StaffID   int64     `json:"staff_id"`
	Title     string    `json:"title"`
	Venue     string    `json:"venue"`
	Year      int       `json:"year"`
	Type      string    `json:"type"` // one of PublicationTypes
	URL       string    `json:"url"`
	CreatedAt time.Time `json:"created_at"`
}

// Conference is a conference, seminar or congress a person took part in.
type Conference struct {
	ID        int64     `json:"id"`
	LibraryID int64     `json:"library_id"`
	StaffID   int64     `json:"staff_id"`
	Name      string    `json:"name"`
	Role      string    `json:"role"` // one of ConferenceRoles
	Place     string    `json:"place"`
	Date      Date      `json:"date"`
	CreatedAt time.Time `json:"created_at"`
}

// Membership is a membership of a professional association.
type Membership struct {
	ID          int64     `json:"id"`
	LibraryID   int64     `json:"library_id"`
	StaffID     int64     `json:"staff_id"`
	Association string    `json:"association"`
	Number      string    `json:"number"`
	Since       Date      `json:"since"`
	Until       Date      `json:"until"` // "" while still a member
	CreatedAt   time.Time `json:"created_at"`
}

// Rating is a year's performance rating (predikat kinerja) and the jenjang
// the person held that year.
type Rating struct {
	ID        int64  `json:"id"`
	LibraryID int64  `json:"library_id"`
	StaffID   int64  `json:"staff_id"`
	Year      int    `json:"year"`
	Rating    string `json:"rating"`
	Jenjang   string `json:"jenjang"`
}

// Upload is an evidence file as received, before it is checked.
type Upload = upload.File

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

func (c *checker) link(field, value string) {
	if value == "" {
		return
	}
	u, err := url.Parse(value)
	if err != nil || (u.Scheme != "http" && u.Scheme != "https") || u.Host == "" || len(value) > 500 {
		c.Add(field, "record.bad_url", nil)
	}
}

// date checks that a date is present (when required), real and not in the
// future (when past is set).
func (c *checker) date(field string, d Date, required bool, today Date, past bool) {
	parsed, ok := ParseDate(string(d))
	switch {
	case d == "":
		if required {
			c.Add(field, "field.required", nil)
		}
	case !ok || parsed != d || d < "1950-01-01" || d > "2100-12-31":
		c.Add(field, "record.bad_date", nil)
	case past && d > today:
		c.Add(field, "record.future_date", nil)
	}
}

func (c *checker) year(field string, y, thisYear int) {
	if y < 1950 || y > thisYear {
		c.Add(field, "record.bad_year", apperr.Args{"Max": thisYear})
	}
}

// MaxJPPerEntry bounds one entry: a long diklat runs to a few hundred JP.
const MaxJPPerEntry = 1000

func (e *JPEntry) normalize() {
	e.Title, e.Organizer, e.EvidenceURL = clean(e.Title), clean(e.Organizer), strings.TrimSpace(e.EvidenceURL)
}

func (e *JPEntry) validate(today Date) *checker {
	var c checker
	if !oneOf(e.Activity, Activities) {
		c.Add("activity", "record.bad_activity", nil)
	}
	c.text("title", e.Title, true, 300)
	c.text("organizer", e.Organizer, false, 200)
	c.date("date", e.Date, true, today, true)
	if e.JP < 1 || e.JP > MaxJPPerEntry {
		c.Add("jp", "record.bad_jp", apperr.Args{"Max": MaxJPPerEntry})
	}
	c.link("evidence_url", e.EvidenceURL)
	return &c
}

func (x *Certification) normalize() {
	x.Name, x.Issuer, x.Number, x.EvidenceURL = clean(x.Name), clean(x.Issuer), clean(x.Number), strings.TrimSpace(x.EvidenceURL)
}

func (x *Certification) validate(today Date) *checker {
	var c checker
	c.text("name", x.Name, true, 300)
	c.text("issuer", x.Issuer, true, 200)
	c.text("number", x.Number, false, 100)
	c.date("issued", x.Issued, true, today, true)
	c.date("expires", x.Expires, false, today, false)
	if x.Expires != "" && x.Issued != "" && x.Expires <= x.Issued {
		c.Add("expires", "record.expires_before_issued", nil)
	}
	c.link("evidence_url", x.EvidenceURL)
	return &c
}

func (x *Publication) normalize() {
	x.Title, x.Venue, x.URL = clean(x.Title), clean(x.Venue), strings.TrimSpace(x.URL)
}

func (x *Publication) validate(thisYear int) *checker {
	var c checker
	c.text("title", x.Title, true, 500)
	c.text("venue", x.Venue, false, 300)
	c.year("year", x.Year, thisYear)
	if !oneOf(x.Type, PublicationTypes) {
		c.Add("type", "record.bad_publication_type", nil)
	}
	c.link("url", x.URL)
	return &c
}

func (x *Conference) normalize() { x.Name, x.Place = clean(x.Name), clean(x.Place) }

func (x *Conference) validate(today Date) *checker {
	var c checker
	c.text("name", x.Name, true, 300)
	if !oneOf(x.Role, ConferenceRoles) {
		c.Add("role", "record.bad_conference_role", nil)
	}
	c.text("place", x.Place, false, 200)
	c.date("date", x.Date, true, today, true)
	return &c
}

func (x *Membership) normalize() { x.Association, x.Number = clean(x.Association), clean(x.Number) }

func (x *Membership) validate(today Date) *checker {
	var c checker
	c.text("association", x.Association, true, 200)
	c.text("number", x.Number, false, 100)
	c.date("since", x.Since, true, today, true)
	c.date("until", x.Until, false, today, false)
	if x.Until != "" && x.Since != "" && x.Until < x.Since {
		c.Add("until", "record.until_before_since", nil)
	}
	return &c
}

func (x *Rating) validate(reg Regulation, thisYear int) *checker {
	var c checker
	c.year("year", x.Year, thisYear)
	if _, ok := reg.Percent(x.Rating); !ok {
		c.Add("rating", "record.bad_rating", nil)
	}
	if _, ok := reg.Coefficient(x.Jenjang); !ok {
		c.Add("jenjang", "record.bad_jenjang", nil)
	}
	return &c
}
