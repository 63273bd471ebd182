package main

import (
	"encoding/json"
	"fmt"
	"io"
	"os"
	"strings"
	"unicode/utf8"

	"github.com/spf13/cobra"

	"github.com/bina-pustaka/bina/internal/i18n"
	"github.com/bina-pustaka/bina/internal/ikm"
)

// newIKMCmd is the survey index from the command line. It opens no
// database: a quick answer from a Google Forms or Excel export.
func newIKMCmd(_ *config) *cobra.Command {
	cmd := groupCommand("ikm", "Indeks Kepuasan Masyarakat (IKM, PermenPANRB 14/2017)")
	var format string
	compute := &cobra.Command{
		Use:   "compute FILE",
		Short: "Compute the IKM of an SKM survey export (CSV), without a database",
		Long: `Compute the Indeks Kepuasan Masyarakat of an SKM survey export: the NRR of each
of the nine elements, IKM = Σ(NRR × 1/9) × 25 to two decimals, and the grade
(A Sangat Baik ≥ 88.31, B Baik ≥ 76.61, C Kurang Baik ≥ 65.00, D Tidak Baik).

FILE is a CSV exported from Google Forms or Excel (comma or semicolon, with or
without BOM), or - for standard input. The element columns are found by their
headers ("Persyaratan pelayanan", "Waktu penyelesaian", "U3", "Unsur 3" …);
answers are the official labels in any case, the scores 1–4 or the letters
a–d. A row without any answer is skipped and counted. A wrong answer or a
malformed line is reported with its line and column, and the exit code is 2.`,
		Example: `  bina ikm compute skm_2026.csv
  bina ikm compute --format json skm_2026.csv`,
		Args: cobra.ExactArgs(1),
		RunE: func(cmd *cobra.Command, args []string) error {
			if format != "table" && format != "json" {
				return cliError{2, fmt.Errorf("--format %q: must be table or json", format)}
			}
			res, err := computeIKM(cmd, args[0])
			if err != nil {
				return err
			}
			if format == "json" {
				return writeIKMJSON(cmd.OutOrStdout(), res)
			}
			return writeIKMTable(cmd.OutOrStdout(), res)
		},
	}
	compute.Flags().StringVar(&format, "format", "table", "output: table (readable) or json (one object)")
	cmd.AddCommand(compute)
	return cmd
}

// computeIKM reads path, or standard input for "-". A regular file (also
// when redirected to standard input) is read by every CPU at once
// (ikm.ComputeAt); a pipe in one pass.
func computeIKM(cmd *cobra.Command, path string) (ikm.Result, error) {
	in := cmd.InOrStdin()
	if path != "-" {
		f, err := os.Open(path)
		if err != nil {
			return ikm.Result{}, cliError{2, err}
		}
		defer f.Close()
		in = f
	}
	var (
		res ikm.Result
		err error
	)
	if f, ok := in.(*os.File); ok {
		st, serr := f.Stat()
		switch {
		case serr != nil:
			return res, cliError{2, serr}
		case st.IsDir():
			return res, cliError{2, fmt.Errorf("%s is a directory", path)}
		case st.Mode().IsRegular():
			// From the current offset: a redirected stdin may have been read from.
			off, serr := f.Seek(0, io.SeekCurrent)
			if serr == nil {
				res, err = ikm.ComputeAt(io.NewSectionReader(f, off, st.Size()-off), st.Size()-off)
				break
			}
			res, err = ikm.Compute(f)
		default:
			res, err = ikm.Compute(f)
		}
	} else {
		res, err = ikm.Compute(in)
	}
	if err != nil {
		return res, userFacing(err)
	}
	return res, nil
}

// ikmJSON is the --format json object, fields in this order.
type ikmJSON struct {
	Respondents int64            `json:"respondents"`
	Skipped     int64            `json:"skipped"`
	Elements    []ikmElementJSON `json:"elements"`
	IKM         float64          `json:"ikm"`
	Grade       string           `json:"grade"`
	Label       string           `json:"label"`
}

type ikmElementJSON struct {
	Code string   `json:"code"`
	Name string   `json:"name"`
	NRR  *float64 `json:"nrr"` // null when nobody answered the element
}

func writeIKMJSON(w io.Writer, res ikm.Result) error {
	out := ikmJSON{Respondents: res.Respondents, Skipped: res.Skipped, IKM: res.IKM, Grade: res.Grade, Label: res.Label}
	for _, e := range res.Elements {
		el := ikmElementJSON{Code: e.Code, Name: e.Name}
		if e.Count > 0 {
			nrr := e.NRR
			el.NRR = &nrr
		}
		out.Elements = append(out.Elements, el)
	}
	enc := json.NewEncoder(w)
	enc.SetEscapeHTML(false)
	return enc.Encode(out)
}

// writeIKMTable prints the result in Indonesian, with Indonesian decimal
// commas, the way it goes into a report.
func writeIKMTable(w io.Writer, res ikm.Result) error {
	num := func(f float64, places int) string { return i18n.FormatDecimal("id", f, places) }
	nameWidth, countWidth := len("Unsur"), len("Jawaban")
	for _, e := range res.Elements {
		nameWidth = max(nameWidth, utf8.RuneCountInString(e.Name))
		countWidth = max(countWidth, len(i18n.FormatNumber("id", e.Count)))
	}
	var b strings.Builder
	fmt.Fprintf(&b, "%-4s  %-*s  %*s  %6s\n", "Kode", nameWidth, "Unsur", countWidth, "Jawaban", "NRR")
	for _, e := range res.Elements {
		nrr := "-"
		if e.Count > 0 {
			nrr = num(e.NRR, 4)
		}
		fmt.Fprintf(&b, "%-4s  %-*s  %*s  %6s\n", e.Code, nameWidth, e.Name, countWidth, i18n.FormatNumber("id", e.Count), nrr)
	}
	fmt.Fprintf(&b, "\nResponden       %s\n", i18n.FormatNumber("id", res.Respondents))
	fmt.Fprintf(&b, "Baris dilewati  %s (tanpa jawaban)\n", i18n.FormatNumber("id", res.Skipped))
	fmt.Fprintf(&b, "IKM             %s\n", num(res.IKM, 2))
	fmt.Fprintf(&b, "Mutu pelayanan  %s (%s)\n", res.Grade, res.Label)
	_, err := io.WriteString(w, b.String())
	return err
}
