// Package library holds libraries (perpustakaan kota/kabupaten) and their
// service points (unit layanan), the tenants everything else belongs to.
package library

import (
	"strings"
	"time"

	"github.com/bina-pustaka/bina/internal/apperr"
)

// Library is one perpustakaan, the tenant of all other data.
type Library struct {
	ID         int64     `json:"id"`
	Name       string    `json:"name"`
	City       string    `json:"city"` // kota/kabupaten
	Province   string    `json:"province"`
	TimeZone   string    `json:"time_zone"` // IANA name; see TimeZones
	Population int64     `json:"population"`
	Address    string    `json:"address"`
	CreatedAt  time.Time `json:"created_at"`
	UpdatedAt  time.Time `json:"updated_at"`
}

// TimeZones are Indonesia's three zones, IANA name → the label people use.
var TimeZones = []struct{ Name, Label string }{
	{"Asia/Jakarta", "WIB"},
	{"Asia/Makassar", "WITA"},
	{"Asia/Jayapura", "WIT"},
}

// ZoneLabel returns WIB, WITA or WIT for an IANA zone name.
func ZoneLabel(name string) string {
	for _, z := range TimeZones {
		if z.Name == name {
			return z.Label
		}
	}
	return name
}

// Normalize trims the text fields.
func (l *Library) Normalize() {
	l.Name = strings.TrimSpace(l.Name)
	l.City = strings.TrimSpace(l.City)
	l.Province = strings.TrimSpace(l.Province)
	l.Address = strings.TrimSpace(l.Address)
	l.TimeZone = strings.TrimSpace(l.TimeZone)
}

// Validate checks a library before it is saved.
func (l *Library) Validate() error {
	var v apperr.Validation
	if l.Name == "" {
		v.Add("name", "field.required", nil)
	} else if len(l.Name) > 200 {
		v.Add("name", "field.too_long", apperr.Args{"Max": 200})
	}
	if l.City == "" {
		v.Add("city", "field.required", nil)
	}
	if l.Province == "" {
		v.Add("province", "field.required", nil)
	}
	if ZoneLabel(l.TimeZone) == l.TimeZone {
		v.Add("time_zone", "library.bad_time_zone", nil)
	}
	if l.Population < 0 {
		v.Add("population", "field.not_negative", nil)
	}
	return v.Err()
}

// ServicePoint is a unit layanan where patrons are served and staff posted.
type ServicePoint struct {
	ID        int64     `json:"id"`
	LibraryID int64     `json:"library_id"`
	Name      string    `json:"name"`
	Kind      string    `json:"kind"` // one of Kinds
	Active    bool      `json:"active"`
	CreatedAt time.Time `json:"created_at"`
	UpdatedAt time.Time `json:"updated_at"`
}

// Kinds of service point; the label is translated as "service_point.kind.<kind>".
var Kinds = []string{"sirkulasi", "referensi", "anak", "keliling", "digital", "umum", "deposit", "lainnya"}

// ValidKind reports whether k is one of Kinds.
func ValidKind(k string) bool {
	for _, x := range Kinds {
		if x == k {
			return true
		}
	}
	return false
}

// Validate checks a service point before it is saved.
func (sp *ServicePoint) Validate() error {
	var v apperr.Validation
	sp.Name = strings.TrimSpace(sp.Name)
	if sp.Name == "" {
		v.Add("name", "field.required", nil)
	} else if len(sp.Name) > 200 {
		v.Add("name", "field.too_long", apperr.Args{"Max": 200})
	}
	if !ValidKind(sp.Kind) {
		v.Add("kind", "service_point.bad_kind", nil)
	}
	return v.Err()
}
