package ikm

import (
	"io"
	"math"
	"strings"

	"github.com/bina-pustaka/bina/internal/apperr"
)

// Column mapping: an import screen shows what the header detection found,
// lets a person correct it ("Q3" is U3), and then reads the file with the
// corrected columns. The detector, the answer scoring and the line counting
// stay those of Parse, so a corrected file reads exactly like a detected one.

// RoleKind says what kind of thing a column holds.
type RoleKind int

const (
	RoleIgnore  RoleKind = roleIgnore
	RoleElement RoleKind = roleElement // Index is the element, 0–8
	RoleProfile RoleKind = roleProfile // Index is a ProfileField
)

// Role is what one column holds.
type Role struct {
	Kind  RoleKind
	Index int
}

func (r Role) valid() bool {
	switch r.Kind {
	case RoleElement:
		return r.Index >= 0 && r.Index < NumElements
	case RoleProfile:
		return r.Index >= 0 && r.Index < int(NumProfileFields)
	}
	return false
}

// Header is the header row of a survey file as Parse reads it, and the
// first rows under it.
type Header struct {
	Line    int      // file line of the header
	Columns []string // the headers as written, trimmed
	// Roles are what the detection found, one per column. Unlike Parse,
	// ReadHeader does not judge them: a missing or doubled element is left
	// for the person to correct.
	Roles  []Role
	Sample []SampleRow
}

// SampleRow is one non-blank row under the header, cells trimmed.
type SampleRow struct {
	Line  int
	Cells []string
}

// ReadHeader reads a survey file's header (see Parse for the formats) and
// up to sample rows under it. A file that is no survey at all (empty,
// UTF-16, unreadable quotes) is the error Parse would give.
func ReadHeader(r io.Reader, sample int) (Header, error) {
	p := &parser{sc: newScanner(r, defaultBufSize)}
	if err := p.header(); err != nil {
		return Header{}, p.fail(err)
	}
	h := Header{Line: p.sc.recLine, Columns: p.columns, Roles: make([]Role, len(p.roles))}
	for c, role := range p.roles {
		h.Roles[c] = Role{Kind: RoleKind(role.kind), Index: role.index}
	}
	p.problems = apperr.Validation{}
	for len(h.Sample) < sample {
		ok, err := p.sc.next()
		if err != nil {
			return h, p.fail(err)
		}
		if !ok {
			break
		}
		row := SampleRow{Line: p.sc.recLine, Cells: make([]string, len(p.sc.spans))}
		blank := true
		for c := range p.sc.spans {
			row.Cells[c] = strings.ToValidUTF8(string(trimSpace(p.sc.field(c))), "\uFFFD")
			blank = blank && row.Cells[c] == ""
		}
		if !blank {
			h.Sample = append(h.Sample, row)
		}
	}
	return h, nil
}

// ParseMapped is Parse with the columns' roles given, one per header column
// (columns past the end of roles, and invalid roles, are ignored), instead
// of detected. It does not require every element: the caller decides what
// a usable mapping is. onRow receives, besides the row, the trimmed cells
// of the current record by column index (nil past its end) for columns the
// survey itself does not read, such as a timestamp; like the row's profile,
// they are valid only until onRow returns.
func ParseMapped(r io.Reader, roles []Role, onRow func(row *Row, cell func(column int) []byte)) error {
	p := &parser{sc: newScanner(r, defaultBufSize)}
	if err := p.header(); err != nil {
		return p.fail(err)
	}
	// The detection's complaints (missing or doubled elements) are
	// answered by the mapping.
	p.problems, p.truncated = apperr.Validation{}, false
	for c := range p.roles {
		p.roles[c] = columnRole{}
		if c < len(roles) && roles[c].valid() {
			p.roles[c] = columnRole{kind: int(roles[c].Kind), index: roles[c].Index}
		}
	}
	sc := p.sc
	cell := func(c int) []byte {
		if c < 0 || c >= len(sc.spans) {
			return nil
		}
		return trimSpace(sc.field(c))
	}
	rows, err := p.body(func(row *Row) { onRow(row, cell) }, math.MaxInt64)
	if err != nil {
		return p.fail(err)
	}
	if rows == 0 && p.problems.Problems == nil {
		return apperr.New(apperr.Invalid, "import.no_rows", nil)
	}
	return p.fail(nil)
}
