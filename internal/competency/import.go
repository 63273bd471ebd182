package competency

import (
	"bytes"
	"encoding/csv"
	"errors"
	"io"
	"sort"
	"strings"

	"github.com/xuri/excelize/v2"

	"github.com/bina-pustaka/bina/internal/apperr"
)

// Limits of one framework import.
const (
	MaxImportBytes    = 8 << 20 // the whole SKKNI framework is about 40 KiB
	MaxImportRows     = 5000
	MaxImportProblems = 50 // enough to fix a file; more only buries the first
)

// IndicatorSeparator separates indicators in one cell of an import file.
const IndicatorSeparator = " | "

// File columns, by field, as export writes them; import also takes the
// English names and a few spellings people use (see headerAliases).
const (
	colCode        = "kode"
	colParent      = "kode_induk"
	colKind        = "jenis"
	colTitle       = "judul"
	colDescription = "deskripsi"
	colIndicators  = "indikator"
)

// Columns is the header of an exported file, in order.
var Columns = []string{colCode, colParent, colKind, colTitle, colDescription, colIndicators}

var headerAliases = map[string]string{
	"kode": colCode, "code": colCode, "kode unit": colCode, "kode kompetensi": colCode,
	"kode induk": colParent, "parent code": colParent, "parent": colParent, "induk": colParent,
	"jenis": colKind, "kind": colKind, "tingkat": colKind, "type": colKind,
	"judul": colTitle, "title": colTitle, "nama": colTitle, "judul unit": colTitle, "nama kompetensi": colTitle,
	"deskripsi": colDescription, "description": colDescription, "uraian": colDescription,
	"indikator": colIndicators, "indicators": colIndicators, "indikator perilaku": colIndicators, "kriteria unjuk kerja": colIndicators,
}

// kindAliases reads a kind as people write it.
var kindAliases = map[string]Kind{
	"key function": KindKeyFunction, "fungsi kunci": KindKeyFunction, "fk": KindKeyFunction,
	"unit": KindUnit, "unit kompetensi": KindUnit,
	"sub unit": KindSubUnit, "subunit": KindSubUnit, "sub unit kompetensi": KindSubUnit,
}

// ImportRow is one competency read from a file, with its line for messages.
type ImportRow struct {
	Line        int
	Code        string
	ParentCode  string
	Kind        Kind // "" when the file leaves it to the hierarchy
	Title       string
	Description string
	Indicators  []string
}

// record is one line of a table read from CSV or XLSX.
type record struct {
	line  int
	cells []string
}

// ParseFramework reads a framework file, CSV or XLSX (told apart by content:
// an XLSX file is a ZIP archive). Any problem fails the whole file; the
// problems name the line and the column as the file writes it.
func ParseFramework(r io.Reader) ([]ImportRow, error) {
	data, err := io.ReadAll(io.LimitReader(r, MaxImportBytes+1))
	if err != nil {
		return nil, apperr.InternalError(err)
	}
	if len(data) > MaxImportBytes {
		return nil, apperr.New(apperr.TooLarge, "import.too_large", apperr.Args{"MaxMB": MaxImportBytes >> 20})
	}
	if bytes.HasPrefix(data, []byte("PK\x03\x04")) {
		return ParseFrameworkXLSX(bytes.NewReader(data))
	}
	return ParseFrameworkCSV(bytes.NewReader(data))
}

// ParseFrameworkCSV reads the CSV form: comma, semicolon or tab separated,
// UTF-8 with or without BOM.
func ParseFrameworkCSV(r io.Reader) ([]ImportRow, error) {
	data, err := io.ReadAll(io.LimitReader(r, MaxImportBytes+1))
	if err != nil {
		return nil, apperr.InternalError(err)
	}
	if len(data) > MaxImportBytes {
		return nil, apperr.New(apperr.TooLarge, "import.too_large", apperr.Args{"MaxMB": MaxImportBytes >> 20})
	}
	data = bytes.TrimPrefix(data, []byte("\uFEFF"))
	cr := csv.NewReader(bytes.NewReader(data))
	cr.Comma = sniffSeparator(data)
	cr.FieldsPerRecord = -1
	var recs []record
	for {
		cells, err := cr.Read()
		if errors.Is(err, io.EOF) {
			break
		}
		if err != nil {
			p := newImportProblems()
			line := 1
			var pe *csv.ParseError
			if errors.As(err, &pe) {
				line = pe.StartLine
			}
			p.add(line, "", "import.csv_syntax", nil)
			return nil, p.err()
		}
		line, _ := cr.FieldPos(0)
		recs = append(recs, record{line: line, cells: cells})
		if len(recs) > MaxImportRows+1 {
			return nil, apperr.New(apperr.Invalid, "competency.import_too_many_rows", apperr.Args{"Max": MaxImportRows})
		}
	}
	return parseRecords(recs)
}

// sniffSeparator picks the separator the first line uses most.
func sniffSeparator(data []byte) rune {
	first, _, _ := bytes.Cut(data, []byte("\n"))
	counts := map[rune]int{}
	inQuote := false
	for _, c := range string(first) {
		switch {
		case c == '"':
			inQuote = !inQuote
		case !inQuote && (c == ',' || c == ';' || c == '\t'):
			counts[c]++
		}
	}
	sep := ','
	if counts[';'] > counts[sep] {
		sep = ';'
	}
	if counts['\t'] > counts[sep] {
		sep = '\t'
	}
	return sep
}

// ParseFrameworkXLSX reads the first sheet of a workbook, with the same
// columns as the CSV form; lines are the sheet's row numbers.
func ParseFrameworkXLSX(r io.Reader) ([]ImportRow, error) {
	f, err := excelize.OpenReader(r, excelize.Options{UnzipSizeLimit: 64 << 20, UnzipXMLSizeLimit: 32 << 20})
	if err != nil {
		return nil, apperr.New(apperr.Invalid, "competency.bad_xlsx", nil)
	}
	defer f.Close()
	sheets := f.GetSheetList()
	if len(sheets) == 0 {
		p := newImportProblems()
		p.add(1, "", "import.empty", nil)
		return nil, p.err()
	}
	rows, err := f.Rows(sheets[0])
	if err != nil {
		return nil, apperr.New(apperr.Invalid, "competency.bad_xlsx", nil)
	}
	defer rows.Close()
	var recs []record
	for line := 1; rows.Next(); line++ {
		cells, err := rows.Columns()
		if err != nil {
			return nil, apperr.New(apperr.Invalid, "competency.bad_xlsx", nil)
		}
		recs = append(recs, record{line: line, cells: cells})
		if len(recs) > MaxImportRows+1 {
			return nil, apperr.New(apperr.Invalid, "competency.import_too_many_rows", apperr.Args{"Max": MaxImportRows})
		}
	}
	return parseRecords(recs)
}

// importProblems collects a file's problems, at most MaxImportProblems.
type importProblems struct {
	v         apperr.Validation
	truncated bool
}

func newImportProblems() *importProblems { return &importProblems{} }

func (p *importProblems) full() bool { return len(p.v.Problems) >= MaxImportProblems }

func (p *importProblems) add(line int, column, key string, args apperr.Args) {
	if p.full() {
		p.truncated = true
		return
	}
	p.v.AddCell(line, column, key, args)
}

// err is the problems so far in line order, nil when there are none.
func (p *importProblems) err() error {
	sort.SliceStable(p.v.Problems, func(i, j int) bool { return p.v.Problems[i].Line < p.v.Problems[j].Line })
	err := p.v.Err()
	if err != nil && p.truncated {
		e := err.(*apperr.Error)
		e.Key, e.Args = "import.too_many_problems", apperr.Args{"Max": MaxImportProblems}
	}
	return err
}

func blank(cells []string) bool {
	for _, c := range cells {
		if strings.TrimSpace(c) != "" {
			return false
		}
	}
	return true
}

func headerKey(h string) string {
	h = strings.ToLower(strings.TrimSpace(strings.TrimPrefix(h, "\uFEFF")))
	h = strings.NewReplacer("_", " ", "-", " ", ".", " ").Replace(h)
	return collapseSpaces(h)
}

// parseRecords checks a whole table: the header, then every row, then the
// hierarchy (unknown parents, kinds that do not fit where they sit, depth).
func parseRecords(recs []record) ([]ImportRow, error) {
	p := newImportProblems()
	for len(recs) > 0 && blank(recs[0].cells) {
		recs = recs[1:]
	}
	if len(recs) == 0 {
		p.add(1, "", "import.empty", nil)
		return nil, p.err()
	}
	header := recs[0]
	index, names := map[string]int{}, map[string]string{}
	for i, h := range header.cells {
		if col, ok := headerAliases[headerKey(h)]; ok {
			if _, dup := index[col]; !dup {
				index[col], names[col] = i, strings.TrimSpace(strings.TrimPrefix(h, "\uFEFF"))
			}
		}
	}
	for _, col := range []string{colCode, colTitle} {
		if _, ok := index[col]; !ok {
			p.add(header.line, "", "import.missing_column", apperr.Args{"Column": col})
		}
	}
	if err := p.err(); err != nil {
		return nil, err
	}
	column := func(col string) string {
		if n, ok := names[col]; ok {
			return n
		}
		return col
	}
	cell := func(cells []string, col string) string {
		i, ok := index[col]
		if !ok || i >= len(cells) {
			return ""
		}
		return strings.TrimSpace(strings.ReplaceAll(cells[i], "\u00a0", " "))
	}

	var out []ImportRow
	for _, rec := range recs[1:] {
		if blank(rec.cells) {
			continue
		}
		row := ImportRow{Line: rec.line, Code: cell(rec.cells, colCode), ParentCode: cell(rec.cells, colParent),
			Title: cell(rec.cells, colTitle), Description: cell(rec.cells, colDescription)}
		if ind := cell(rec.cells, colIndicators); ind != "" {
			row.Indicators = splitIndicators(ind)
		}
		if k := cell(rec.cells, colKind); k != "" {
			kind, ok := ParseKind(k)
			if !ok {
				p.add(rec.line, column(colKind), "competency.bad_kind", apperr.Args{"Kind": k})
			}
			row.Kind = kind
		}
		out = append(out, row)
	}
	if len(out) == 0 {
		p.add(header.line, "", "import.no_rows", nil)
		return nil, p.err()
	}
	checkRows(out, p, column)
	if err := p.err(); err != nil {
		return nil, err
	}
	return out, nil
}

// checkRows normalizes and checks rows in place: each row's fields, codes
// used twice (naming the first line), then the hierarchy.
func checkRows(rows []ImportRow, p *importProblems, column func(string) string) {
	firstLine := map[string]int{} // code → line that first used it
	for i := range rows {
		r := &rows[i]
		c := Competency{Code: r.Code, Title: r.Title, Description: r.Description, Indicators: r.Indicators}
		c.Normalize()
		r.Code, r.ParentCode, r.Title, r.Description, r.Indicators = c.Code, NormalizeCode(r.ParentCode), c.Title, c.Description, c.Indicators
		c.validateInto(func(field, key string, args apperr.Args) {
			p.add(r.Line, column(fieldColumn[field]), key, args)
		})
		if r.Code == "" {
			continue
		}
		if first, dup := firstLine[r.Code]; dup {
			p.add(r.Line, column(colCode), "competency.code_duplicate", apperr.Args{"Code": r.Code, "Line": first})
		} else {
			firstLine[r.Code] = r.Line
		}
	}
	checkHierarchy(rows, p, column)
}

// fieldColumn maps a competency's field to the file column that holds it.
var fieldColumn = map[string]string{"code": colCode, "title": colTitle, "description": colDescription, "indicators": colIndicators}

// splitIndicators splits a cell on "|" (with or without spaces) and on line
// breaks, the two ways people put a list in one cell.
func splitIndicators(s string) []string {
	s = strings.ReplaceAll(s, "\r\n", "\n")
	var out []string
	for _, line := range strings.Split(s, "\n") {
		for _, part := range strings.Split(line, "|") {
			if part = strings.TrimSpace(part); part != "" {
				out = append(out, part)
			}
		}
	}
	return out
}

// ParseKind reads a kind by its code or an Indonesian name, in any case.
func ParseKind(s string) (Kind, bool) {
	k := collapseSpaces(strings.NewReplacer("_", " ", "-", " ").Replace(strings.ToLower(s)))
	if kind, ok := kindAliases[k]; ok {
		return kind, true
	}
	return "", false
}

// checkHierarchy resolves parents and kinds: a row's depth comes from its
// chain of parents, and a kind written in the file must match that depth.
// Rows are fixed up in place: a blank kind is filled in.
func checkHierarchy(rows []ImportRow, p *importProblems, column func(string) string) {
	byCode := map[string]int{}
	for i, r := range rows {
		if _, dup := byCode[r.Code]; !dup && r.Code != "" {
			byCode[r.Code] = i
		}
	}
	for i := range rows {
		r := &rows[i]
		if r.ParentCode == "" || r.Code == "" {
			continue
		}
		if r.ParentCode == r.Code {
			p.add(r.Line, column(colParent), "competency.parent_cycle", apperr.Args{"Code": r.Code})
			r.ParentCode = ""
			continue
		}
		if _, ok := byCode[r.ParentCode]; !ok {
			p.add(r.Line, column(colParent), "competency.parent_unknown", apperr.Args{"Code": r.ParentCode})
		}
	}
	for i := range rows {
		r := &rows[i]
		if r.Code == "" {
			continue
		}
		depth, cur, seen := 0, r, map[string]bool{r.Code: true}
		broken := false
		for cur.ParentCode != "" && depth < len(Kinds) { // deeper is wrong anyway
			j, ok := byCode[cur.ParentCode]
			if !ok {
				broken = true // reported above
				break
			}
			if seen[cur.ParentCode] {
				p.add(r.Line, column(colParent), "competency.parent_cycle", apperr.Args{"Code": r.Code})
				broken = true
				break
			}
			seen[cur.ParentCode] = true
			cur = &rows[j]
			depth++
		}
		if broken {
			continue
		}
		if depth >= len(Kinds) {
			p.add(r.Line, column(colParent), "competency.too_deep", nil)
			continue
		}
		want := Kinds[depth]
		if r.Kind == "" {
			r.Kind = want
		} else if r.Kind != want {
			p.add(r.Line, column(colKind), "competency.kind_mismatch", apperr.Args{"Kind": string(r.Kind), "Expected": string(want)})
		}
	}
}
