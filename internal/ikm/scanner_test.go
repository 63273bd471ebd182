package ikm

import (
	"encoding/csv"
	"errors"
	"io"
	"math/rand/v2"
	"os"
	"slices"
	"strings"
	"testing"
	"testing/iotest"
)

// scanAll reads every record with the fast scanner.
func scanAll(r io.Reader, sep byte, bufSize int) ([][]string, error) {
	sc := newScanner(r, bufSize)
	sc.setSep(sep)
	var out [][]string
	for {
		ok, err := sc.next()
		if err != nil {
			return out, err
		}
		if !ok {
			return out, nil
		}
		rec := make([]string, len(sc.spans))
		for i := range sc.spans {
			rec[i] = string(sc.field(i))
		}
		out = append(out, rec)
	}
}

// stdAll reads every record with encoding/csv, configured as the scanner
// behaves.
func stdAll(data string, sep byte) ([][]string, error) {
	cr := csv.NewReader(strings.NewReader(data))
	cr.Comma = rune(sep)
	cr.FieldsPerRecord = -1
	var out [][]string
	for {
		rec, err := cr.Read()
		if errors.Is(err, io.EOF) {
			return out, nil
		}
		if err != nil {
			return out, err
		}
		out = append(out, rec)
	}
}

// sameAsEncodingCSV fails unless the scanner reads data into the same
// records as encoding/csv, or both refuse it, whatever the buffer size and
// however the reader splits its reads.
func sameAsEncodingCSV(t *testing.T, data string, sep byte) {
	t.Helper()
	want, wantErr := stdAll(data, sep)
	readers := []struct {
		name string
		r    func() io.Reader
		size int
	}{
		{"whole", func() io.Reader { return strings.NewReader(data) }, defaultBufSize},
		{"one byte at a time, tiny buffer", func() io.Reader { return iotest.OneByteReader(strings.NewReader(data)) }, 1},
		{"half reads, small buffer", func() io.Reader { return iotest.HalfReader(strings.NewReader(data)) }, 7},
	}
	for _, rd := range readers {
		got, gotErr := scanAll(rd.r(), sep, rd.size)
		if (wantErr != nil) != (gotErr != nil) {
			t.Fatalf("%s: %q (sep %q): encoding/csv error %v, scanner error %v\nstd %q\ngot %q",
				rd.name, data, sep, wantErr, gotErr, want, got)
		}
		if wantErr != nil {
			var se *syntaxError
			if !errors.As(gotErr, &se) {
				t.Fatalf("%s: %q: error %v is not a syntax error", rd.name, data, gotErr)
			}
			var pe *csv.ParseError
			if errors.As(wantErr, &pe) && !errors.Is(pe, csv.ErrFieldCount) {
				// The problem is reported within the record encoding/csv
				// blames: an unclosed quote on the line it opens.
				if se.Line < pe.StartLine || se.Line > pe.Line || !se.Unclosed && se.Line != pe.Line {
					t.Errorf("%s: %q: scanner says line %d, encoding/csv line %d (record from %d)", rd.name, data, se.Line, pe.Line, pe.StartLine)
				}
			}
			got = got[:min(len(got), len(want))]
		}
		if !slices.EqualFunc(want, got, slices.Equal) {
			t.Fatalf("%s: %q (sep %q):\nstd %q\ngot %q", rd.name, data, sep, want, got)
		}
	}
}

func TestScannerMatchesEncodingCSV(t *testing.T) {
	cases := []string{
		"", "\n", "\r\n", "\r", "a", "a\n", "a\r\n", "a\r", "a\r\r", "a\rb", "\r\r\n", "a,b,c\n1,2,3\n",
		"a,b\n\n\nc,d", "a,b\r\n\r\nc,d\r\n", " a , b ", ",", ",\n,", "a,", "\"\"", "\"\",\"\"\n",
		`"a,b",c`, `"a""b",c`, "\"a\nb\",c\nd", "\"a\r\nb\",c\r\nd\r\n", "\"a\rb\"", "\"a\"\r", "\"a\"\rb",
		"\"a\"b", "a\"b", "\"abc", "a,\"b", "\"a\"\"", "x\n\"a\nb\nc\nd", `"a"""`, `""""`, "\"a\"\"\r\nb\"",
		"a;b;\"c;d\"\n", " \"a\"", "\"a\" ", "\xef\xbb\xbfa,b", "é,ü\n\"ñ\",x", "a\x00b,c",
		"\"a\r\"\"\nb\"", "\"\r\n\"", "\"a\"\r\n\r\n", "\n\"a\"\n\n\"b\"",
	}
	for _, c := range cases {
		for _, sep := range []byte{',', ';'} {
			sameAsEncodingCSV(t, c, sep)
		}
	}
}

// Random inputs from an alphabet heavy in the characters that matter run in
// every test run; FuzzScanner explores further with go test -fuzz.
func TestScannerMatchesEncodingCSVOnRandomInput(t *testing.T) {
	rng := rand.New(rand.NewPCG(1, 2))
	alphabet := []byte("ab,;\"\r\n \t")
	for range 10000 {
		b := make([]byte, rng.IntN(24))
		for i := range b {
			b[i] = alphabet[rng.IntN(len(alphabet))]
		}
		sep := byte(',')
		if rng.IntN(2) == 0 {
			sep = ';'
		}
		sameAsEncodingCSV(t, string(b), sep)
	}
}

func FuzzScanner(f *testing.F) {
	for _, s := range []string{"a,b\n", "\"a\"\"b\",c\r\n", "\"a\nb\"", "a\"b", "x;\"y;z\"\r\n\r\n"} {
		f.Add(s, true)
		f.Add(s, false)
	}
	sample, err := readSample()
	if err == nil {
		f.Add(string(sample), true)
	}
	f.Add("U1;U2;U3;U4;U5;U6;U7;U8;U9;x\n4;4;4;4;4;4;4;4;4;\"a\nb\"\n1;;;;;;;;;\n", false)
	f.Fuzz(func(t *testing.T, data string, comma bool) {
		sep := byte(';')
		if comma {
			sep = ','
		}
		sameAsEncodingCSV(t, data, sep)
		// Parse must never panic on anything, and reading in parts must give
		// what one pass gives.
		_ = parse(iotest.OneByteReader(strings.NewReader(data)), 1, func(*Row) {})
		sameResult(t, data, 3)
	})
}

func TestScannerKeepsLineNumbers(t *testing.T) {
	data := "h1,h2\n\n\"multi\nline\",x\r\n\r\nlast,y"
	sc := newScanner(strings.NewReader(data), defaultBufSize)
	var lines []int
	for {
		ok, err := sc.next()
		if err != nil {
			t.Fatal(err)
		}
		if !ok {
			break
		}
		lines = append(lines, sc.recLine)
	}
	if want := []int{1, 3, 6}; !slices.Equal(lines, want) {
		t.Errorf("record lines %v, want %v", lines, want)
	}
}

func TestScannerReportsReadErrors(t *testing.T) {
	boom := errors.New("disk on fire")
	r := io.MultiReader(strings.NewReader("a,b\n\"c"), iotest.ErrReader(boom))
	_, err := scanAll(r, ',', 4)
	if !errors.Is(err, boom) {
		t.Errorf("got %v, want the reader's error", err)
	}
}

const samplePath = "testdata/skm_google_forms_sample.csv"

func readSample() ([]byte, error) { return os.ReadFile(samplePath) }
