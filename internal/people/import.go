package people

import (
	"bytes"
	"encoding/csv"
	"errors"
	"io"
	"regexp"
	"strings"
	"unicode"
	"unicode/utf8"

	"golang.org/x/text/encoding/charmap"
	xunicode "golang.org/x/text/encoding/unicode"

	"github.com/bina-pustaka/bina/internal/apperr"
)

// Limits of one staff import.
const (
	MaxImportBytes    = 16 << 20 // a 5,000-person export is well under 2 MiB
	MaxImportProblems = 50       // enough to fix a file; more only buries the first
)

// ImportRow is one person read from an import file, already validated.
type ImportRow struct {
	Line  int    // line in the file, the header being line 1
	Staff Staff  // normalized; ServicePointID is not set yet
	Unit  string // the unit kerja cell, matched to a service point by name
	// Columns maps each field present in the file to its header as written
	// there; it is shared by all rows. Fields absent from the file are left
	// alone when an existing person is updated.
	Columns map[string]string
}

// Import fields besides Staff's json names.
const (
	colUnit        = "unit"
	colTitleBefore = "title_before" // gelar depan
	colTitleAfter  = "title_after"  // gelar belakang
)

// fallbackColumn names a column the file lacks, for a problem about it.
var fallbackColumn = map[string]string{
	"nip": "NIP", "name": "Nama", "employment_status": "Status Kepegawaian", "position": "Jabatan",
	"level": "Jabatan", "grade": "Golongan", "education": "Pendidikan", "email": "Email", colUnit: "Unit Kerja",
}

// ParseStaffCSV reads a SIASN/SIMPEG-style staff export: comma, semicolon or
// tab separated, UTF-8 with or without BOM (UTF-16 and Windows-1252 from
// older Excel too), headers recognised by keyword in any case and order.
// A blank or missing status is read from the NIP (see inferStatus). Every
// row is validated; problems name the file line and the column header as
// written in the file. Any problem fails the whole file.
func ParseStaffCSV(r io.Reader) ([]ImportRow, error) {
	data, err := io.ReadAll(io.LimitReader(r, MaxImportBytes+1))
	if err != nil {
		return nil, apperr.InternalError(err)
	}
	if len(data) > MaxImportBytes {
		return nil, apperr.New(apperr.TooLarge, "import.too_large", apperr.Args{"MaxMB": MaxImportBytes >> 20})
	}
	p := &parser{seenNIP: map[string]int{}, seenEmail: map[string]int{}}
	text := decodeText(data)
	sep, text := sniffSeparator(text)

	cr := csv.NewReader(bytes.NewReader(text))
	cr.Comma = sep
	cr.FieldsPerRecord = -1
	cr.TrimLeadingSpace = sep != '\t' // else empty tab-separated cells would merge

	header, err := cr.Read()
	if errors.Is(err, io.EOF) {
		p.add(1, "", "import.empty", nil)
		return nil, p.err()
	}
	if err != nil {
		p.csvError(err)
		return nil, p.err()
	}
	headerLine, _ := cr.FieldPos(0)
	p.mapHeader(header)
	if _, ok := p.index["name"]; !ok {
		p.add(headerLine, "", "import.missing_column", apperr.Args{"Column": "Nama"})
		return nil, p.err()
	}

	var rows []ImportRow
	for !p.full() {
		rec, err := cr.Read()
		if errors.Is(err, io.EOF) {
			break
		}
		if err != nil {
			p.csvError(err)
			break
		}
		line, _ := cr.FieldPos(0)
		if blankRecord(rec) {
			continue
		}
		if row, ok := p.row(line, rec); ok {
			rows = append(rows, row)
		}
	}
	if err := p.err(); err != nil {
		return nil, err
	}
	if len(rows) == 0 {
		p.add(headerLine, "", "import.no_rows", nil)
		return nil, p.err()
	}
	return rows, nil
}

// decodeText returns UTF-8 without BOM, whatever Excel saved.
func decodeText(data []byte) []byte {
	switch {
	case bytes.HasPrefix(data, []byte{0xFF, 0xFE}), bytes.HasPrefix(data, []byte{0xFE, 0xFF}):
		if out, err := xunicode.UTF16(xunicode.LittleEndian, xunicode.ExpectBOM).NewDecoder().Bytes(data); err == nil {
			data = out
		}
	case !utf8.Valid(data):
		if out, err := charmap.Windows1252.NewDecoder().Bytes(data); err == nil {
			data = out
		}
	}
	return bytes.TrimPrefix(data, []byte("\uFEFF"))
}

// sniffSeparator picks the separator the header line uses most, outside
// quotes. Excel's "sep=;" first line is honoured and blanked, so that line
// numbers still count it.
func sniffSeparator(text []byte) (rune, []byte) {
	start := 0
	for start < len(text) && (text[start] == '\r' || text[start] == '\n') {
		start++
	}
	end := bytes.IndexByte(text[start:], '\n')
	if end < 0 {
		end = len(text)
	} else {
		end += start
	}
	first := strings.TrimSpace(string(text[start:end]))
	if strings.HasPrefix(strings.ToLower(first), "sep=") && len(first) >= 5 {
		sep, _ := utf8.DecodeRuneInString(first[4:])
		if validSeparator(sep) {
			rest := append([]byte{}, text[:start]...)
			return sep, append(rest, text[end:]...)
		}
	}
	counts := map[rune]int{}
	inQuote := false
	for _, c := range first {
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
	return sep, text
}

func validSeparator(r rune) bool {
	return r == ',' || r == ';' || r == '\t' || r == '|'
}

func blankRecord(rec []string) bool {
	for _, c := range rec {
		if strings.TrimSpace(c) != "" {
			return false
		}
	}
	return true
}

// parser carries one file's header map, duplicates seen and problems.
type parser struct {
	index     map[string]int    // field → column index
	columns   map[string]string // field → header as written
	seenNIP   map[string]int    // NIP → first line
	seenEmail map[string]int
	problems  apperr.Validation
	truncated bool
}

func (p *parser) full() bool { return len(p.problems.Problems) >= MaxImportProblems }

func (p *parser) add(line int, column, key string, args apperr.Args) {
	if p.full() {
		p.truncated = true
		return
	}
	p.problems.AddCell(line, column, key, args)
}

func (p *parser) err() error {
	err := p.problems.Err()
	if err != nil && (p.truncated || p.full()) {
		e := err.(*apperr.Error)
		e.Key, e.Args = "import.too_many_problems", apperr.Args{"Max": MaxImportProblems}
	}
	return err
}

func (p *parser) csvError(err error) {
	var pe *csv.ParseError
	if errors.As(err, &pe) {
		p.add(pe.StartLine, "", "import.csv_syntax", nil)
		return
	}
	p.add(1, "", "import.csv_syntax", nil)
}

// column is the header to name in a problem about field.
func (p *parser) column(field string) string { return columnOf(p.columns, field) }

// columnOf is the header to name in a problem about field: the file's own
// header when it has the column, else the usual name of the column.
func columnOf(columns map[string]string, field string) string {
	if field == "level" {
		if c, ok := columns["level"]; ok {
			return c
		}
		field = "position"
	}
	if c, ok := columns[field]; ok {
		return c
	}
	return fallbackColumn[field]
}

func (p *parser) mapHeader(header []string) {
	p.index, p.columns = map[string]int{}, map[string]string{}
	best := map[string]int{}
	for i, h := range header {
		h = strings.TrimSpace(strings.TrimPrefix(h, "\uFEFF"))
		field, prio := classifyHeader(h)
		if field == "" {
			continue
		}
		if b, ok := best[field]; ok && b <= prio {
			continue
		}
		best[field], p.index[field], p.columns[field] = prio, i, h
	}
}

// headerWords lowercases a header and keeps only its words:
// "Pangkat/Gol. Ruang" → "pangkat gol ruang".
func headerWords(h string) []string {
	return strings.FieldsFunc(strings.ToLower(h), func(r rune) bool {
		return !unicode.IsLetter(r) && !unicode.IsDigit(r)
	})
}

// classifyHeader says which field a header holds, and how surely (0 beats 1):
// a file with both "Golongan" and "Pangkat" takes the golongan from the first.
func classifyHeader(h string) (field string, priority int) {
	words := headerWords(h)
	joined := strings.Join(words, " ")
	has := func(ws ...string) bool {
		for _, w := range ws {
			for _, x := range words {
				if x == w {
					return true
				}
			}
		}
		return false
	}
	switch {
	case len(words) == 0:
		return "", 0
	case has("email", "surel") || strings.Contains(joined, "e mail"):
		return "email", 0
	case has("nip") || strings.Contains(joined, "nomor induk pegawai"):
		if has("lama") { // the pre-1999 9-digit NIP
			return "", 0
		}
		return "nip", 0
	case has("gelar"):
		if has("depan") {
			return colTitleBefore, 0
		}
		if has("belakang") {
			return colTitleAfter, 0
		}
		return "", 0
	case has("tmt", "tanggal", "tgl", "tahun", "lulus"): // dates of a post, a grade, a diploma
		return "", 0
	case has("pendidikan"):
		if joined == "pendidikan" || joined == "pendidikan terakhir" {
			return "education", 0
		}
		return "education", 1
	case has("jenjang"):
		return "level", 0
	case has("status") || has("jenis") && has("pegawai", "kepegawaian", "asn"):
		if has("perkawinan", "kawin", "nikah", "pernikahan", "aktif") {
			return "", 0
		}
		if joined == "status" {
			return "employment_status", 1
		}
		return "employment_status", 0
	case has("penempatan") || joined == "unit kerja" || joined == "unit layanan" || joined == "nama unit kerja":
		return colUnit, 0
	case has("unit") && !has("satuan", "instansi", "induk"):
		return colUnit, 1
	case has("golongan", "gol", "golru"):
		return "grade", 0
	case has("pangkat"):
		return "grade", 1
	case has("jabatan"):
		if has("jenis", "eselon", "kelas", "kode", "id") {
			return "", 0
		}
		return "position", 0
	case words[0] == "nama":
		if has("ibu", "ayah", "pasangan", "instansi", "satuan", "sekolah", "atasan", "panggilan") {
			return "", 0
		}
		switch joined {
		case "nama", "nama lengkap", "nama pegawai", "nama pns", "nama asn":
			return "name", 0
		}
		return "name", 1
	}
	return "", 0
}

// cell returns a field's trimmed value; "-" and similar placeholders are blank.
func (p *parser) cell(rec []string, field string) string {
	i, ok := p.index[field]
	if !ok || i >= len(rec) {
		return ""
	}
	v := collapseSpaces(strings.ReplaceAll(rec[i], "\u00a0", " "))
	switch v {
	case "-", "–", "—", "_":
		return ""
	}
	return v
}

func (p *parser) row(line int, rec []string) (ImportRow, bool) {
	before := len(p.problems.Problems)
	st := Staff{
		NIP:       NormalizeNIP(p.cell(rec, "nip")),
		Name:      p.cell(rec, "name"),
		Education: p.cell(rec, "education"),
		Email:     p.cell(rec, "email"),
		Grade:     extractGrade(p.cell(rec, "grade")),
	}
	if st.Name != "" {
		if t := p.cell(rec, colTitleBefore); t != "" {
			st.Name = t + " " + st.Name
		}
		if t := p.cell(rec, colTitleAfter); t != "" {
			st.Name += ", " + t
		}
	}
	st.EmploymentStatus = p.cell(rec, "employment_status")
	if st.EmploymentStatus == "" {
		st.EmploymentStatus = inferStatus(st.NIP)
	}
	if _, ok := p.index["level"]; ok {
		st.Position, st.Level = p.cell(rec, "position"), p.cell(rec, "level")
	} else {
		st.Position, st.Level = SplitPosition(p.cell(rec, "position"))
	}
	st.Normalize()
	if err := st.Validate(); err != nil {
		for _, pr := range apperr.As(err).Problems {
			p.add(line, p.column(pr.Field), pr.Key, pr.Args)
		}
	}
	if st.NIP != "" {
		if first, ok := p.seenNIP[st.NIP]; ok {
			p.add(line, p.column("nip"), "staff.nip_duplicate", apperr.Args{"Line": first})
		} else {
			p.seenNIP[st.NIP] = line
		}
	}
	if st.Email != "" {
		if first, ok := p.seenEmail[st.Email]; ok {
			p.add(line, p.column("email"), "staff.email_duplicate", apperr.Args{"Line": first})
		} else {
			p.seenEmail[st.Email] = line
		}
	}
	if len(p.problems.Problems) > before || p.truncated {
		return ImportRow{}, false
	}
	return ImportRow{Line: line, Staff: st, Unit: p.cell(rec, colUnit), Columns: p.columns}, true
}

// inferStatus reads the status from the NIP when the file leaves it blank:
// PPPK NIPs carry 21–29 where a PNS NIP has the month of appointment.
func inferStatus(nip string) string {
	if nip == "" {
		return StatusNonASN
	}
	if len(nip) == 18 && nip[12] == '2' && nip[13] >= '1' && nip[13] <= '9' {
		return StatusPPPK
	}
	return StatusPNS
}

// pnsGradeIn finds a golongan/ruang inside text such as "Penata Muda (III/a)".
var pnsGradeIn = regexp.MustCompile(`(?i)\b(IV|III|II|I)\s*[/\-.]\s*([a-e])\b`)

// pangkatGrades maps the pangkat of a PNS to its golongan/ruang, for exports
// that give only the pangkat.
var pangkatGrades = map[string]string{
	"juru muda": "I/a", "juru muda tingkat i": "I/b", "juru": "I/c", "juru tingkat i": "I/d",
	"pengatur muda": "II/a", "pengatur muda tingkat i": "II/b", "pengatur": "II/c", "pengatur tingkat i": "II/d",
	"penata muda": "III/a", "penata muda tingkat i": "III/b", "penata": "III/c", "penata tingkat i": "III/d",
	"pembina": "IV/a", "pembina tingkat i": "IV/b", "pembina utama muda": "IV/c", "pembina utama madya": "IV/d",
	"pembina utama": "IV/e",
}

// extractGrade finds the golongan in a grade cell: "III/a", "Penata Muda,
// III/a", "Penata Muda Tk. I", "Gol. IX". Anything else is returned as is,
// for Validate to refuse.
func extractGrade(s string) string {
	if s == "" {
		return ""
	}
	if m := pnsGradeIn.FindStringSubmatch(s); m != nil {
		return strings.ToUpper(m[1]) + "/" + strings.ToLower(m[2])
	}
	words := headerWords(s)
	for i, w := range words {
		if w == "tk" {
			words[i] = "tingkat"
		}
	}
	if g, ok := pangkatGrades[strings.Join(words, " ")]; ok {
		return g
	}
	if len(words) == 2 && (words[0] == "gol" || words[0] == "golongan") {
		if g := NormalizeGrade(words[1]); isPPPKGrade(g) {
			return g
		}
	}
	return NormalizeGrade(s)
}
