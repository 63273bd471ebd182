package survey

import (
	"bytes"
	"path/filepath"
	"strings"
	"unicode"

	"github.com/xuri/excelize/v2"

	"github.com/bina-pustaka/bina/internal/apperr"
	"github.com/bina-pustaka/bina/internal/ikm"
)

// Import of existing survey data: a Google Forms or Excel export, CSV or
// XLSX, read by package ikm (header detection, answers as labels, 1–4 or
// a–d) with the columns as detected or as a person corrected them on the
// mapping screen. See docs/survey-import.md.

// Import targets: what a column of an imported file holds, as the mapping
// screen's choices and the command line's --map name them. An element is
// "u1" … "u9".
const (
	TargetIgnore     = ""
	TargetGender     = "gender"
	TargetAge        = "age"
	TargetEducation  = "education"
	TargetOccupation = "occupation"
	TargetService    = "service" // the service (unit layanan) used, by name
	TargetDate       = "date"    // the day the respondent answered
	TargetComment    = "comment" // kritik dan saran
)

// ImportTargets are the choices besides ignoring a column, in the order the
// mapping screen offers them.
var ImportTargets = func() []string {
	var out []string
	for i := range ikm.NumElements {
		out = append(out, elementTarget(i))
	}
	return append(out, TargetGender, TargetAge, TargetEducation, TargetOccupation, TargetService, TargetDate, TargetComment)
}()

// profileTargets name ikm's profile fields.
var profileTargets = [ikm.NumProfileFields]string{
	ikm.Gender: TargetGender, ikm.Age: TargetAge, ikm.Education: TargetEducation,
	ikm.Occupation: TargetOccupation, ikm.Service: TargetService,
}

func elementTarget(i int) string { return strings.ToLower(ikm.Elements[i].Code) }

// targetRole is what ikm reads in a column of target t; date and comment
// columns are read by the importer itself (ikm ignores them). ok is false
// for an unknown target.
func targetRole(t string) (role ikm.Role, ok bool) {
	if t == TargetIgnore || t == TargetDate || t == TargetComment {
		return ikm.Role{}, true
	}
	for i := range ikm.NumElements {
		if t == elementTarget(i) {
			return ikm.Role{Kind: ikm.RoleElement, Index: i}, true
		}
	}
	for f, name := range profileTargets {
		if t == name {
			return ikm.Role{Kind: ikm.RoleProfile, Index: f}, true
		}
	}
	return ikm.Role{}, false
}

func roleTarget(r ikm.Role) string {
	switch r.Kind {
	case ikm.RoleElement:
		return elementTarget(r.Index)
	case ikm.RoleProfile:
		return profileTargets[r.Index]
	}
	return TargetIgnore
}

// Words that mark a column ikm does not read but the importer does: the
// form's timestamp or a visit date, and the free comment.
var (
	dateWords    = []string{"timestamp", "stempel", "tanggal", "tgl", "date"}
	commentWords = []string{"kritik", "saran", "komentar", "masukan", "catatan", "comment", "comments", "suggestion", "suggestions"}
)

// detectExtra finds the date and comment columns among those ikm ignores;
// the first of each wins.
func detectExtra(columns []string, targets []string) {
	var haveDate, haveComment bool
	for c, h := range columns {
		if targets[c] != TargetIgnore {
			continue
		}
		words := strings.FieldsFunc(strings.ToLower(h), func(r rune) bool { return !unicode.IsLetter(r) && !unicode.IsDigit(r) })
		switch {
		case !haveDate && hasAnyWord(words, dateWords):
			targets[c], haveDate = TargetDate, true
		case !haveComment && hasAnyWord(words, commentWords):
			targets[c], haveComment = TargetComment, true
		}
	}
}

func hasAnyWord(words, set []string) bool {
	for _, w := range words {
		for _, s := range set {
			if w == s {
				return true
			}
		}
	}
	return false
}

// ImportColumn is one column of an uploaded file as the mapping screen
// shows it.
type ImportColumn struct {
	Index   int
	Header  string   // as written in the file
	Target  string   // as detected; TargetIgnore when nothing was recognised
	Samples []string // the column's cells in the sample rows
}

// ImportPreview is the header of an uploaded file, its columns as detected
// and its first rows.
type ImportPreview struct {
	HeaderLine int
	Columns    []ImportColumn
	Lines      []int // file lines (sheet rows for XLSX) of the sample rows
}

// PreviewRows is how many rows the mapping screen shows.
const PreviewRows = 5

// PreviewImport reads a file's header and first rows, with the columns as
// detected. A file that cannot be a survey export (not CSV or XLSX, empty,
// UTF-16, broken quotes in the header) is an Invalid error.
func PreviewImport(filename string, content []byte) (ImportPreview, error) {
	text, err := importText(filename, content)
	if err != nil {
		return ImportPreview{}, err
	}
	h, err := ikm.ReadHeader(bytes.NewReader(text), PreviewRows)
	if err != nil {
		return ImportPreview{}, err
	}
	targets := detectedTargets(h)
	p := ImportPreview{HeaderLine: h.Line}
	for _, r := range h.Sample {
		p.Lines = append(p.Lines, r.Line)
	}
	for c, name := range h.Columns {
		col := ImportColumn{Index: c, Header: name, Target: targets[c]}
		for _, r := range h.Sample {
			v := ""
			if c < len(r.Cells) {
				v = r.Cells[c]
			}
			col.Samples = append(col.Samples, v)
		}
		p.Columns = append(p.Columns, col)
	}
	return p, nil
}

func detectedTargets(h ikm.Header) []string {
	targets := make([]string, len(h.Columns))
	for c, r := range h.Roles {
		targets[c] = roleTarget(r)
	}
	detectExtra(h.Columns, targets)
	return targets
}

// File kinds, from the name and, when it says nothing, the first bytes.
var (
	zipMagic = []byte("PK\x03\x04")
	oleMagic = []byte{0xD0, 0xCF, 0x11, 0xE0} // Excel 97–2003 .xls
)

// importText is the CSV text ikm reads: a CSV file as it is, the first
// sheet of an XLSX converted with its row numbers kept as line numbers.
func importText(filename string, content []byte) ([]byte, error) {
	ext := strings.ToLower(filepath.Ext(filename))
	switch {
	case len(bytes.TrimSpace(content)) == 0:
		return nil, apperr.New(apperr.Invalid, "import.empty", nil)
	case ext == ".xls" || bytes.HasPrefix(content, oleMagic):
		return nil, apperr.New(apperr.Invalid, "survey_import.xls", nil)
	case ext == ".xlsx" || bytes.HasPrefix(content, zipMagic):
		return xlsxText(content)
	case ext == "" || ext == ".csv" || ext == ".txt" || ext == ".tsv":
		return content, nil
	}
	return nil, apperr.New(apperr.Invalid, "survey_import.bad_type", nil)
}

// Limits on an XLSX's unpacked size: a 10 MB workbook of survey answers
// unpacks to well under this; a zip bomb does not get far.
const (
	xlsxUnzipLimit    = 512 << 20
	xlsxUnzipXMLLimit = 256 << 20
)

// xlsxText writes the first sheet as CSV, one line per sheet row (empty
// rows as empty lines), so that ikm's line numbers are the sheet's row
// numbers. Cells are read raw: a date is its serial number, which
// parseImportDate understands, rather than text in whatever format the
// cell shows. Line breaks inside a cell become spaces, or the lines after
// it would no longer match the rows.
func xlsxText(content []byte) ([]byte, error) {
	bad := apperr.New(apperr.Invalid, "survey_import.bad_xlsx", nil)
	f, err := excelize.OpenReader(bytes.NewReader(content), excelize.Options{UnzipSizeLimit: xlsxUnzipLimit, UnzipXMLSizeLimit: xlsxUnzipXMLLimit})
	if err != nil {
		return nil, bad
	}
	defer f.Close()
	sheets := f.GetSheetList()
	if len(sheets) == 0 {
		return nil, apperr.New(apperr.Invalid, "import.empty", nil)
	}
	rows, err := f.Rows(sheets[0])
	if err != nil {
		return nil, bad
	}
	defer rows.Close()
	var out bytes.Buffer
	breaks := strings.NewReplacer("\r\n", " ", "\n", " ", "\r", " ")
	for rows.Next() {
		cells, err := rows.Columns(excelize.Options{RawCellValue: true})
		if err != nil {
			return nil, bad
		}
		for c, v := range cells {
			if c > 0 {
				out.WriteByte(',')
			}
			out.WriteByte('"')
			out.WriteString(strings.ReplaceAll(breaks.Replace(v), `"`, `""`))
			out.WriteByte('"')
		}
		out.WriteByte('\n')
	}
	if err := rows.Error(); err != nil {
		return nil, bad
	}
	return out.Bytes(), nil
}
