package main

import (
	"errors"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"strings"
	"time"

	"github.com/schollz/progressbar/v3"
	"github.com/spf13/cobra"

	"github.com/bina-pustaka/bina/internal/survey"
)

// newImportIKMCmd imports existing IKM survey data, as the web's import
// page does, without the mapping screen: the columns are detected, and
// --map corrects the ones the detection gets wrong.
func newImportIKMCmd(cfg *config) *cobra.Command {
	var (
		libraryID, servicePointID int64
		byColumn                  bool
		day                       string
		maps                      []string
	)
	cmd := &cobra.Command{
		Use:   "ikm FILE",
		Short: "Import IKM survey responses from a Google Forms or Excel export (CSV or XLSX)",
		Long: `Import the responses of an SKM survey (IKM, PermenPANRB 14/2017) exported from
Google Forms or Excel: CSV (comma or semicolon, with or without BOM) or, by
the .xlsx extension, the first sheet of a workbook.

The nine element columns are found by their headers ("Persyaratan", "Waktu
penyelesaian", "U3", "Unsur 3" …), as are the profile (Jenis Kelamin, Usia,
Pendidikan, Pekerjaan), "Layanan yang digunakan", a date column (Stempel
waktu, Timestamp, Tanggal) and "Kritik dan saran". Correct a column the
detection misses or gets wrong with --map "HEADER=TARGET", TARGET being
u1 … u9, gender, age, education, occupation, service, date, comment, or
"ignore".

Answers are the official labels in any case, 1–4, or a–d. Every row is
checked first: a problem anywhere is reported with its line (the sheet's
row for XLSX) and column, the exit code is 2, and nothing is imported.
Rows with no answer are skipped and counted.`,
		Example: `  bina import ikm --library 3 --service-point 7 skm_2026.csv
  bina import ikm --library 3 --by-service-column skm_2026.xlsx
  bina import ikm --library 3 --service-point 7 --day 2026-06-30 --map "Q3=u3" kuesioner.csv`,
		Args: cobra.ExactArgs(1),
		RunE: func(cmd *cobra.Command, args []string) error {
			if libraryID <= 0 {
				return cliError{2, errors.New("--library ID is required")}
			}
			switch {
			case servicePointID < 0:
				return cliError{2, errors.New("--service-point must be a service point id")}
			case servicePointID > 0 && byColumn:
				return cliError{2, errors.New("give --service-point ID or --by-service-column, not both")}
			case servicePointID == 0 && !byColumn:
				return cliError{2, errors.New("give --service-point ID, or --by-service-column to use the file's \"Layanan yang digunakan\" column")}
			}
			opt := survey.ImportOptions{ServicePointID: servicePointID, Day: day, Columns: map[string]string{}}
			for _, m := range maps {
				header, target, ok := strings.Cut(m, "=")
				if !ok || strings.TrimSpace(header) == "" {
					return cliError{2, fmt.Errorf("--map %q: write it as HEADER=TARGET, e.g. \"Q3=u3\"", m)}
				}
				target = strings.ToLower(strings.TrimSpace(target))
				if target == "ignore" {
					target = survey.TargetIgnore
				}
				opt.Columns[strings.TrimSpace(header)] = target
			}

			content, err := readWithProgress(cmd, args[0])
			if err != nil {
				return err
			}
			log := newLogger(cfg)
			d, err := openDB(cmd.Context(), cfg, log)
			if err != nil {
				return err
			}
			defer d.Close()
			fmt.Fprintln(cmd.ErrOrStderr(), "memeriksa dan menyimpan …")
			res, err := services(d).Survey.ImportFile(cmd.Context(), systemActor(), libraryID, filepath.Base(args[0]), content, opt)
			if err != nil {
				return userFacing(err)
			}
			writeIKMImport(cmd.OutOrStdout(), res)
			return nil
		},
	}
	f := cmd.Flags()
	f.Int64Var(&libraryID, "library", 0, "library id to import into (required)")
	f.Int64Var(&servicePointID, "service-point", 0, "service point id every response goes to")
	f.BoolVar(&byColumn, "by-service-column", false, "send each response to the service point its \"Layanan yang digunakan\" cell names (any case)")
	f.StringVar(&day, "day", "", "day (YYYY-MM-DD) of responses without a date column or date; default today")
	f.StringArrayVar(&maps, "map", nil, `correct a column: "HEADER=TARGET" (repeatable)`)
	return cmd
}

// readWithProgress reads the whole file, showing a progress bar on
// standard error: the file is checked whole before anything is stored.
func readWithProgress(cmd *cobra.Command, path string) ([]byte, error) {
	f, err := os.Open(path)
	if err != nil {
		return nil, cliError{2, err}
	}
	defer f.Close()
	st, err := f.Stat()
	if err != nil {
		return nil, cliError{2, err}
	}
	if st.IsDir() {
		return nil, cliError{2, fmt.Errorf("%s is a directory", path)}
	}
	out := cmd.ErrOrStderr()
	bar := progressbar.NewOptions64(st.Size(),
		progressbar.OptionSetDescription("membaca "+filepath.Base(path)),
		progressbar.OptionSetWriter(out),
		progressbar.OptionShowBytes(true),
		progressbar.OptionShowTotalBytes(true),
		progressbar.OptionSetWidth(10),
		progressbar.OptionThrottle(65*time.Millisecond),
		progressbar.OptionShowCount(),
		progressbar.OptionOnCompletion(func() { fmt.Fprintln(out) }),
		progressbar.OptionFullWidth(),
		progressbar.OptionSetRenderBlankState(true),
	)
	reader := progressbar.NewReader(f, bar)
	content, err := io.ReadAll(&reader)
	_ = bar.Finish()
	if err != nil {
		return nil, cliError{2, err}
	}
	return content, nil
}

// writeIKMImport prints what was stored, per service point.
func writeIKMImport(w io.Writer, res survey.ImportResult) {
	fmt.Fprintf(w, "%d responses imported (%s to %s), %d rows without answers skipped\n", res.Imported, res.From, res.To, res.Skipped)
	for _, c := range res.ByServicePoint {
		fmt.Fprintf(w, "  %-30s %6d\n", c.Name, c.Responses)
	}
	if res.ProfileUnknown > 0 {
		fmt.Fprintf(w, "%d profile values are none of the survey form's choices (kept as written; ages that are no number left blank)\n", res.ProfileUnknown)
	}
}
