// Package competency holds competency frameworks (kerangka kompetensi): a
// hierarchy of key functions, units and optional sub-units with behavioural
// indicators, a proficiency scale, and the level each jabatan/jenjang
// requires (position requirements). A default framework drawn from SKKNI
// Bidang Perpustakaan (Kepmenaker 236/2019) plus the soft skills the
// libraries name ships as data.
//
// Frameworks are versioned: a published version never changes. Editing it
// makes a draft copy (copy-on-write) that becomes current when published, so
// an assessment that keeps its version id and that version's competency ids
// reads the same titles and scale forever.
package competency

import (
	"regexp"
	"strings"
	"time"
	"unicode/utf8"

	"github.com/bina-pustaka/bina/internal/apperr"
	"github.com/bina-pustaka/bina/internal/db"
)

// Service reads and changes frameworks, their versions, scales and
// position requirements.
type Service struct{ DB *db.DB }

// Kind is a competency's place in the hierarchy.
type Kind string

const (
	KindKeyFunction Kind = "key_function" // fungsi kunci, e.g. Pengembangan koleksi
	KindUnit        Kind = "unit"         // unit kompetensi, e.g. Melakukan seleksi bahan perpustakaan
	KindSubUnit     Kind = "sub_unit"     // an optional finer part of a unit
)

// Kinds lists the kinds from the top of the hierarchy down.
var Kinds = []Kind{KindKeyFunction, KindUnit, KindSubUnit}

// childKind is the kind a child of k has ("" when k takes no children).
func childKind(k Kind) Kind {
	switch k {
	case "":
		return KindKeyFunction
	case KindKeyFunction:
		return KindUnit
	case KindUnit:
		return KindSubUnit
	}
	return ""
}

// Version statuses. Only a draft changes; publishing retires the version
// that was current.
const (
	StatusDraft     = "draft"
	StatusPublished = "published"
	StatusRetired   = "retired"
)

// Framework sources.
const (
	SourceDefault = "default" // installed from the shipped SKKNI framework
	SourceCopy    = "copy"
	SourceImport  = "import"
)

// Framework is a library's competency framework; its content lives in versions.
type Framework struct {
	ID          int64        `json:"id"`
	LibraryID   int64        `json:"library_id"`
	Name        string       `json:"name"`
	Description string       `json:"description"`
	Source      string       `json:"source"`
	Current     *VersionInfo `json:"current_version"` // the published version; nil when none yet
	Draft       *VersionInfo `json:"draft_version"`   // the draft being edited, if any
	CreatedAt   time.Time    `json:"created_at"`
	UpdatedAt   time.Time    `json:"updated_at"`
}

// VersionInfo names a version briefly, in lists.
type VersionInfo struct {
	ID          int64      `json:"id"`
	Number      int        `json:"number"`
	PublishedAt *time.Time `json:"published_at,omitempty"`
}

// Version is one state of a framework's content.
type Version struct {
	ID             int64      `json:"id"`
	LibraryID      int64      `json:"library_id"`
	FrameworkID    int64      `json:"framework_id"`
	Number         int        `json:"number"`
	Status         string     `json:"status"`
	Note           string     `json:"note"`
	CompetentLevel int        `json:"competent_level"`
	CreatedAt      time.Time  `json:"created_at"`
	PublishedAt    *time.Time `json:"published_at"`
	RetiredAt      *time.Time `json:"retired_at"`
}

// Editable reports whether the version itself may change (drafts only).
func (v Version) Editable() bool { return v.Status == StatusDraft }

// Competency is a key function, unit or sub-unit of one version.
type Competency struct {
	ID          int64         `json:"id"`
	LibraryID   int64         `json:"-"`
	VersionID   int64         `json:"version_id"`
	ParentID    *int64        `json:"parent_id"`
	OriginID    *int64        `json:"origin_id"` // the competency it was copied from (earlier version)
	Code        string        `json:"code"`
	Kind        Kind          `json:"kind"`
	Title       string        `json:"title"`
	Description string        `json:"description"`
	Indicators  []string      `json:"indicators"` // indikator perilaku, in order
	Sort        int           `json:"-"`
	Children    []*Competency `json:"children,omitempty"`
}

// Tree is a version with everything in it: what an assessment is made against.
type Tree struct {
	Framework Framework     `json:"framework"`
	Version   Version       `json:"version"`
	Scale     Scale         `json:"scale"`
	Roots     []*Competency `json:"competencies"` // key functions, children nested
	byID      map[int64]*Competency
	all       []*Competency // pre-order: parents before children, siblings by sort
}

// Find returns the competency with id in the tree, nil when it is not there.
func (t *Tree) Find(id int64) *Competency { return t.byID[id] }

// All lists every competency in reading order (pre-order).
func (t *Tree) All() []*Competency { return t.all }

// Limits of what a framework holds.
const (
	MaxCodeLen        = 40
	MaxTitleLen       = 300
	MaxDescriptionLen = 4000
	MaxIndicatorLen   = 500
	MaxIndicators     = 30
	MaxNameLen        = 200
)

var codePattern = regexp.MustCompile(`^[A-Z0-9][A-Z0-9._/-]*$`)

// NormalizeCode makes codes comparable: trimmed and upper-case, as SKKNI
// writes them ("pk.01" and "PK.01" are one code).
func NormalizeCode(s string) string { return strings.ToUpper(strings.TrimSpace(s)) }

func collapseSpaces(s string) string { return strings.Join(strings.Fields(s), " ") }

// Normalize tidies a competency as typed or imported.
func (c *Competency) Normalize() {
	c.Code = NormalizeCode(c.Code)
	c.Title = collapseSpaces(c.Title)
	c.Description = strings.TrimSpace(strings.ReplaceAll(c.Description, "\r\n", "\n"))
	var ind []string
	for _, s := range c.Indicators {
		if s = collapseSpaces(s); s != "" {
			ind = append(ind, s)
		}
	}
	c.Indicators = ind
}

// Validate checks a competency's own fields; the problems are keyed by the
// form's field names (code, title, description, indicators).
func (c *Competency) Validate() error {
	var v apperr.Validation
	c.validateInto(func(field, key string, args apperr.Args) { v.Add(field, key, args) })
	return v.Err()
}

func (c *Competency) validateInto(add func(field, key string, args apperr.Args)) {
	switch {
	case c.Code == "":
		add("code", "field.required", nil)
	case utf8.RuneCountInString(c.Code) > MaxCodeLen:
		add("code", "field.too_long", apperr.Args{"Max": MaxCodeLen})
	case !codePattern.MatchString(c.Code):
		add("code", "competency.bad_code", apperr.Args{"Code": c.Code})
	}
	switch {
	case c.Title == "":
		add("title", "field.required", nil)
	case utf8.RuneCountInString(c.Title) > MaxTitleLen:
		add("title", "field.too_long", apperr.Args{"Max": MaxTitleLen})
	}
	if utf8.RuneCountInString(c.Description) > MaxDescriptionLen {
		add("description", "field.too_long", apperr.Args{"Max": MaxDescriptionLen})
	}
	if len(c.Indicators) > MaxIndicators {
		add("indicators", "competency.too_many_indicators", apperr.Args{"Max": MaxIndicators})
	}
	for _, s := range c.Indicators {
		if utf8.RuneCountInString(s) > MaxIndicatorLen {
			add("indicators", "competency.indicator_too_long", apperr.Args{"Max": MaxIndicatorLen})
			break
		}
	}
}

// Normalize tidies a framework's details.
func (f *Framework) Normalize() {
	f.Name = collapseSpaces(f.Name)
	f.Description = strings.TrimSpace(strings.ReplaceAll(f.Description, "\r\n", "\n"))
}

// Validate checks a framework's details.
func (f *Framework) Validate() error {
	var v apperr.Validation
	switch {
	case f.Name == "":
		v.Add("name", "field.required", nil)
	case utf8.RuneCountInString(f.Name) > MaxNameLen:
		v.Add("name", "field.too_long", apperr.Args{"Max": MaxNameLen})
	}
	if utf8.RuneCountInString(f.Description) > MaxDescriptionLen {
		v.Add("description", "field.too_long", apperr.Args{"Max": MaxDescriptionLen})
	}
	return v.Err()
}

// conflictOn turns a unique violation into a form problem on field.
func conflictOn(field string) error {
	var v apperr.Validation
	v.Add(field, "field.taken", nil)
	e := v.Err().(*apperr.Error)
	e.Code = apperr.Conflict
	return e
}
