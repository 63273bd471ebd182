package ikm

import (
	"bytes"
	"io"
	"math"
	"strconv"
	"strings"
	"unicode/utf8"

	"github.com/bina-pustaka/bina/internal/apperr"
)

// MaxProblems is how many problems a file reports before reading stops:
// enough to fix a file; more only buries the first.
const MaxProblems = 50

// Row is one respondent read from a survey file.
type Row struct {
	Line    int                // file line the row starts on, the header being line 1
	Answers [NumElements]uint8 // 1–4 per element, 0 when left blank
	// Profile holds the respondent-profile cells, trimmed; nil when the file
	// has no such column. They point into the reader's buffer and are valid
	// only until the callback returns: copy what you keep.
	Profile [NumProfileFields][]byte
}

// Parse reads an SKM survey export and calls onRow for every respondent
// row, in file order. Rows whose cells are all blank are left out; a row
// with a profile but no answer is passed on with all answers 0.
//
// The first non-empty line is the header: the nine element columns are
// found by code ("U1", "Unsur 1") or keyword ("Persyaratan pelayanan",
// "Waktu penyelesaian", "Biaya/tarif", the questionnaire's full question …),
// the profile columns by theirs (Jenis Kelamin, Umur/Usia, Pendidikan,
// Pekerjaan, Layanan yang digunakan); other columns are ignored. Comma,
// semicolon or tab separated (sniffed from the header; Excel's "sep=;" line
// is understood), UTF-8 with or without BOM, CRLF or LF, quoted fields with
// separators, doubled quotes and line breaks.
//
// Answers are the element's official labels in any case and spacing, the
// scores 1–4, or the letters a–d (a = 1). Anything else is a problem naming
// the file line and the column as headed in the file. The error is an
// *apperr.Error (code Invalid) listing up to MaxProblems problems, or, for a
// file that is no survey at all (empty, header only, UTF-16), carrying just
// its key. Rows with problems are not passed to onRow, and on error the
// caller must discard what it got. A read error is an internal error.
func Parse(r io.Reader, onRow func(row *Row)) error {
	return parse(r, defaultBufSize, onRow)
}

// Compute reads a survey export (see Parse) and returns its IKM. A file in
// which no row has a usable answer is an error.
func Compute(r io.Reader) (Result, error) {
	var acc Accumulator
	if err := Parse(r, func(row *Row) { acc.Add(row.Answers) }); err != nil {
		return Result{}, err
	}
	if acc.Respondents == 0 {
		return Result{}, apperr.New(apperr.Invalid, "ikm.no_answers", apperr.Args{"Skipped": acc.Skipped})
	}
	return acc.Result(), nil
}

// parser carries one file's column map and problems.
type parser struct {
	sc        *scanner
	roles     []columnRole
	columns   []string // headers as written, for messages
	problems  apperr.Validation
	truncated bool
}

func parse(r io.Reader, bufSize int, onRow func(row *Row)) error {
	p := &parser{sc: newScanner(r, bufSize)}
	if err := p.header(); err != nil || p.problems.Problems != nil {
		return p.fail(err)
	}
	rows, err := p.body(onRow, math.MaxInt64)
	if err != nil {
		return p.fail(err)
	}
	if rows == 0 && p.problems.Problems == nil {
		return apperr.New(apperr.Invalid, "import.no_rows", nil)
	}
	return p.fail(nil)
}

// body reads the rows after the header, recording problems, until the end,
// MaxProblems, or the first row that starts at or after the input offset
// limit. It returns how many rows were not blank; err is a syntax or read
// error, which ends the reading.
func (p *parser) body(onRow func(row *Row), limit int64) (rows int, err error) {
	sc := p.sc
	var row Row
	for !p.full() && sc.offset() < limit {
		ok, err := sc.next()
		if err != nil || !ok {
			return rows, err
		}
		row = Row{Line: sc.recLine}
		blank, bad := true, false
		for c := range sc.spans {
			role := columnRole{}
			if c < len(p.roles) {
				role = p.roles[c]
			}
			switch role.kind {
			case roleElement:
				cell := sc.field(c)
				v, ok := score(role.index, cell)
				switch {
				case !ok:
					p.badAnswer(sc.recLine, c, role.index, cell)
					bad, blank = true, false
				case v > 0:
					row.Answers[role.index] = v
					blank = false
				}
			case roleProfile:
				if f := trimSpace(sc.field(c)); len(f) > 0 {
					row.Profile[role.index] = f
					blank = false
				}
			default:
				if blank && len(trimSpace(sc.field(c))) > 0 {
					blank = false
				}
			}
		}
		if blank {
			continue
		}
		rows++
		if !bad {
			onRow(&row)
		}
	}
	return rows, nil
}

// header sniffs the encoding and separator, reads the header row and maps
// its columns. A file that is no survey at all is an *apperr.Error without
// problems: there is no cell to point at.
func (p *parser) header() error {
	sc := p.sc
	first := sc.firstLine()
	switch {
	case bytes.HasPrefix(first, []byte("\xEF\xBB\xBF")):
		sc.pos += 3
	case bytes.HasPrefix(first, []byte{0xFF, 0xFE}), bytes.HasPrefix(first, []byte{0xFE, 0xFF}):
		return apperr.New(apperr.Invalid, "ikm.utf16", nil)
	}
	// Blank lines before the header do not count for the separator.
	for {
		first = sc.firstLine()
		if len(bytes.TrimRight(first, "\r\n")) > 0 || len(first) == 0 || first[len(first)-1] != '\n' {
			break
		}
		sc.pos += len(first)
		sc.line++
	}
	// Excel's "sep=;" line names the separator; it is not the header.
	if t := bytes.ToLower(bytes.TrimSpace(first)); len(t) == 5 && bytes.HasPrefix(t, []byte("sep=")) && validSep(t[4]) {
		sc.setSep(t[4])
		sc.pos += len(first)
		sc.line++
	} else {
		sc.setSep(sniffSeparator(first))
	}

	ok, err := sc.next()
	if err != nil {
		return err
	}
	if !ok {
		return apperr.New(apperr.Invalid, "import.empty", nil)
	}
	line := sc.recLine
	n := len(sc.spans)
	p.roles = make([]columnRole, n)
	p.columns = make([]string, n)
	best := map[columnRole]int{} // role → column holding it
	prio := map[columnRole]int{}
	for c := range n {
		h := strings.TrimSpace(strings.ToValidUTF8(string(sc.field(c)), "\uFFFD"))
		p.columns[c] = h
		role, pr := classifyHeader(h)
		if role.kind == roleIgnore {
			continue
		}
		if prev, seen := best[role]; seen {
			switch {
			case prio[role] < pr:
				continue
			case prio[role] == pr:
				if role.kind == roleElement {
					p.add(line, h, "ikm.duplicate_column", apperr.Args{"Other": p.columns[prev], "Element": Elements[role.index].Code})
				}
				continue
			}
			p.roles[prev] = columnRole{}
		}
		best[role], prio[role], p.roles[c] = c, pr, role
	}
	for i, el := range Elements {
		if _, ok := best[columnRole{roleElement, i}]; !ok {
			p.add(line, el.Code+" "+el.Name, "ikm.missing_element", apperr.Args{"Name": el.Name, "Code": el.Code})
		}
	}
	return nil
}

// sniffSeparator picks the separator the header line uses most, outside quotes.
func sniffSeparator(line []byte) byte {
	var counts [256]int
	inQuote := false
	for _, c := range line {
		switch {
		case c == '"':
			inQuote = !inQuote
		case !inQuote:
			counts[c]++
		}
	}
	sep := byte(',')
	for _, c := range []byte{';', '\t'} {
		if counts[c] > counts[sep] {
			sep = c
		}
	}
	return sep
}

func validSep(c byte) bool { return c == ',' || c == ';' || c == '\t' || c == '|' }

func (p *parser) full() bool { return len(p.problems.Problems) >= MaxProblems }

func (p *parser) add(line int, column, key string, args apperr.Args) {
	if p.full() {
		p.truncated = true
		return
	}
	p.problems.AddCell(line, column, key, args)
}

// column names column c in a problem: its header, else its number.
func (p *parser) column(c int) string {
	if c < len(p.columns) && p.columns[c] != "" {
		return p.columns[c]
	}
	return strconv.Itoa(c + 1)
}

func (p *parser) badAnswer(line, c, el int, cell []byte) {
	v := strings.ToValidUTF8(string(trimSpace(cell)), "\uFFFD")
	if utf8.RuneCountInString(v) > 40 {
		v = string([]rune(v)[:40]) + "…"
	}
	p.add(line, p.column(c), "ikm.bad_answer", apperr.Args{
		"Value":   v,
		"Allowed": strings.Join(Elements[el].Answers[:], ", "),
	})
}

// fail turns the problems so far, plus err, into the error Parse returns.
func (p *parser) fail(err error) error {
	if ae, ok := err.(*apperr.Error); ok {
		return ae
	}
	if se, ok := err.(*syntaxError); ok {
		key := "ikm.bad_quote"
		if se.Unclosed {
			key = "ikm.unclosed_quote"
		}
		p.add(se.Line, p.column(se.Field), key, nil)
	} else if err != nil {
		return apperr.InternalError(err)
	}
	verr := p.problems.Err()
	if verr == nil {
		return nil
	}
	e := verr.(*apperr.Error)
	e.Key = "ikm.invalid_file"
	if p.truncated || p.full() {
		e.Key, e.Args = "import.too_many_problems", apperr.Args{"Max": MaxProblems}
	}
	return e
}
