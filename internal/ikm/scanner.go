package ikm

import (
	"bytes"
	"encoding/binary"
	"errors"
	"io"
	"math/bits"
)

// scanner splits CSV text into records exactly as encoding/csv does with
// FieldsPerRecord = -1 and no LazyQuotes (RFC 4180: quoted fields may hold
// separators, doubled quotes and line breaks; CRLF or LF; a CR just before the
// end of the file is dropped; empty lines are skipped), but without
// allocating per record: fields are views into a reused buffer, valid until
// the next call to next. encoding/csv spends most of its time building
// strings we would throw away; this one reads a million survey rows in a
// fraction of a second.
type scanner struct {
	r    io.Reader
	buf  []byte
	base int64 // offset in the input of buf[0]
	pos  int   // start of unread data
	end  int   // end of data read so far
	eof  bool
	rerr error // read error other than EOF
	line int   // file line of buf[pos], counting from 1
	sep  byte

	// The current record.
	recLine int
	spans   []span
	scratch []byte // unescaped text of quoted fields that needed it
}

// span locates one field of the current record in buf, or in scratch for
// quoted fields whose text differs from the file's bytes.
type span struct {
	start, end int
	inScratch  bool
}

// syntaxError is a quote out of place. Line is where the problem is seen;
// Field is the 0-based index of the field it is in.
type syntaxError struct {
	Line     int
	Field    int
	Unclosed bool // a quoted field runs to the end of the file
}

func (e *syntaxError) Error() string {
	if e.Unclosed {
		return "unclosed quote"
	}
	return "quote out of place"
}

const defaultBufSize = 256 << 10

func newScanner(r io.Reader, bufSize int) *scanner {
	return &scanner{r: r, buf: make([]byte, max(bufSize, 1)), line: 1, sep: ','}
}

func (s *scanner) setSep(sep byte) { s.sep = sep }

// fill reads more input, compacting or growing the buffer. It returns false
// when nothing more can be read.
func (s *scanner) fill() bool {
	if s.eof {
		return false
	}
	if s.pos > 0 {
		s.base += int64(s.pos)
		copy(s.buf, s.buf[s.pos:s.end])
		s.end -= s.pos
		s.pos = 0
	}
	if s.end == len(s.buf) {
		bigger := make([]byte, 2*len(s.buf))
		copy(bigger, s.buf[:s.end])
		s.buf = bigger
	}
	for range 100 { // io.Reader may return 0, nil; don't spin forever
		n, err := s.r.Read(s.buf[s.end:])
		s.end += n
		if err != nil {
			s.eof = true
			if !errors.Is(err, io.EOF) {
				s.rerr = err
			}
			return n > 0
		}
		if n > 0 {
			return true
		}
	}
	s.eof, s.rerr = true, io.ErrNoProgress
	return false
}

// firstLine returns the unread text up to and including the first '\n'
// (or everything, at the end of the file), reading as much as it needs.
func (s *scanner) firstLine() []byte {
	for {
		if i := bytes.IndexByte(s.buf[s.pos:s.end], '\n'); i >= 0 {
			return s.buf[s.pos : s.pos+i+1]
		}
		if !s.fill() {
			return s.buf[s.pos:s.end]
		}
	}
}

// offset is where the unread input starts.
func (s *scanner) offset() int64 { return s.base + int64(s.pos) }

type status int

const (
	gotRecord status = iota
	needMore
	noMore
	badSyntax
)

// next reads the next record. It returns false at the end of the input or
// on an error (err: a *syntaxError or the reader's error).
func (s *scanner) next() (ok bool, err error) {
	for {
		st, serr := s.parse()
		switch st {
		case gotRecord:
			return true, nil
		case noMore:
			return false, s.rerr
		case badSyntax:
			if s.rerr != nil {
				return false, s.rerr // the input was cut short, not malformed
			}
			return false, serr
		}
		s.fill() // needMore: parse again with more data (or at EOF)
	}
}

// field returns field i of the current record.
func (s *scanner) field(i int) []byte {
	sp := s.spans[i]
	if sp.inScratch {
		return s.scratch[sp.start:sp.end]
	}
	return s.buf[sp.start:sp.end]
}

// parse tries to read one record from buf[pos:end]. It changes nothing but
// skipped empty lines unless it returns gotRecord, so that after needMore
// the record is simply parsed again from its start.
func (s *scanner) parse() (status, *syntaxError) {
	data := s.buf[:s.end]
	n := len(data)
	i, line := s.pos, s.line

	// Skip empty lines ("\n", "\r\n", and a last line holding only "\r").
	for {
		if i >= n {
			s.pos, s.line = i, line
			if s.eof {
				return noMore, nil
			}
			return needMore, nil
		}
		c := data[i]
		if c == '\n' {
			i, line = i+1, line+1
			continue
		}
		if c == '\r' {
			if i+1 < n {
				if data[i+1] == '\n' {
					i, line = i+2, line+1
					continue
				}
				break // a lone CR is text
			}
			if s.eof {
				i++
				continue
			}
			s.pos, s.line = i, line
			return needMore, nil
		}
		break
	}
	s.pos, s.line = i, line

	recLine := line
	s.spans = s.spans[:0]
	s.scratch = s.scratch[:0]
	sep := s.sep
	for {
		if i < n && data[i] == '"' {
			// Quoted field.
			i++
			start := i
			inScratch := false
			scratchStart := len(s.scratch)
			fieldLine := line
			for {
				j := bytes.IndexByte(data[i:n], '"')
				if j < 0 {
					if s.eof {
						return badSyntax, &syntaxError{Line: fieldLine, Field: len(s.spans), Unclosed: true}
					}
					return needMore, nil
				}
				chunk := data[i : i+j]
				crlf := false
				if nl := bytes.Count(chunk, []byte{'\n'}); nl > 0 {
					line += nl
					crlf = bytes.Contains(chunk, []byte("\r\n"))
				}
				if crlf && !inScratch {
					s.scratch = append(s.scratch, data[start:i]...)
					inScratch = true
				}
				if inScratch {
					s.scratch = appendNormalized(s.scratch, chunk)
				}
				k := i + j + 1 // just past the quote
				if k < n && data[k] == '"' {
					// A doubled quote is one quote in the text.
					if !inScratch {
						s.scratch = append(s.scratch, data[start:k-1]...)
						inScratch = true
					}
					s.scratch = append(s.scratch, '"')
					i = k + 1
					continue
				}
				sp := span{start: start, end: k - 1}
				if inScratch {
					sp = span{start: scratchStart, end: len(s.scratch), inScratch: true}
				}
				if k >= n {
					if !s.eof {
						return needMore, nil
					}
					s.spans = append(s.spans, sp)
					return s.done(k, line, recLine), nil
				}
				switch c := data[k]; {
				case c == sep:
					s.spans = append(s.spans, sp)
					i = k + 1
				case c == '\n':
					s.spans = append(s.spans, sp)
					return s.done(k+1, line+1, recLine), nil
				case c == '\r' && k+1 < n && data[k+1] == '\n':
					s.spans = append(s.spans, sp)
					return s.done(k+2, line+1, recLine), nil
				case c == '\r' && k+1 == n:
					if !s.eof {
						return needMore, nil
					}
					s.spans = append(s.spans, sp)
					return s.done(n, line, recLine), nil
				default:
					return badSyntax, &syntaxError{Line: line, Field: len(s.spans)}
				}
				break
			}
			continue
		}

		// Unquoted field: runs to the separator or the end of the line, and
		// must not hold a quote.
		start := i
		i = s.stop(data, i)
		if i >= n {
			if !s.eof {
				return needMore, nil
			}
			s.spans = append(s.spans, span{start: start, end: trimCR(data, start, n)})
			return s.done(n, line, recLine), nil
		}
		switch data[i] {
		case sep:
			s.spans = append(s.spans, span{start: start, end: i})
			i++
		case '\n':
			s.spans = append(s.spans, span{start: start, end: trimCR(data, start, i)})
			return s.done(i+1, line+1, recLine), nil
		default: // '"' inside an unquoted field
			return badSyntax, &syntaxError{Line: line, Field: len(s.spans)}
		}
	}
}

// stop returns the index of the first separator, line feed or quote in
// data[i:], or len(data). Fields are short, so rather than call IndexByte
// three times it tests eight bytes at a time for all three at once (SWAR:
// a byte of x^mask is zero where x holds the byte sought).
func (s *scanner) stop(data []byte, i int) int {
	const lo, hi = 0x0101010101010101, 0x8080808080808080
	sepM, nlM, qM := lo*uint64(s.sep), lo*uint64('\n'), lo*uint64('"')
	for ; i+8 <= len(data); i += 8 {
		x := binary.LittleEndian.Uint64(data[i:])
		a, b, c := x^sepM, x^nlM, x^qM
		// The lowest set high bit marks the first zero byte of any of them;
		// higher ones may be false, but only above a true one.
		m := ((a - lo) &^ a) | ((b - lo) &^ b) | ((c - lo) &^ c)
		if m &= hi; m != 0 {
			return i + bits.TrailingZeros64(m)>>3
		}
	}
	for ; i < len(data); i++ {
		if c := data[i]; c == s.sep || c == '\n' || c == '"' {
			return i
		}
	}
	return len(data)
}

// done commits a record that ends just before next.
func (s *scanner) done(next, line, recLine int) status {
	s.pos, s.line, s.recLine = next, line, recLine
	return gotRecord
}

// trimCR drops the one CR of a CRLF line end (or of the file's last line).
func trimCR(data []byte, start, end int) int {
	if end > start && data[end-1] == '\r' {
		return end - 1
	}
	return end
}

// appendNormalized appends text with every CRLF turned into LF, as
// encoding/csv does inside quoted fields.
func appendNormalized(dst, text []byte) []byte {
	for {
		i := bytes.Index(text, []byte("\r\n"))
		if i < 0 {
			return append(dst, text...)
		}
		dst = append(dst, text[:i]...)
		dst = append(dst, '\n')
		text = text[i+2:]
	}
}
