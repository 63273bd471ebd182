package competency

import (
	"encoding/csv"
	"io"
	"strings"

	"github.com/xuri/excelize/v2"
)

// ExportRows lays a version out as the import format: the header, then one
// row per competency, parents before their children. Importing the rows
// gives the same tree.
func ExportRows(t Tree) [][]string {
	out := [][]string{append([]string(nil), Columns...)}
	for _, c := range t.All() {
		parent := ""
		if c.ParentID != nil {
			if p := t.Find(*c.ParentID); p != nil {
				parent = p.Code
			}
		}
		out = append(out, []string{c.Code, parent, string(c.Kind), c.Title, c.Description, strings.Join(c.Indicators, IndicatorSeparator)})
	}
	return out
}

// WriteCSV writes a version as CSV, UTF-8 with a BOM so that Excel reads
// the accents right.
func WriteCSV(w io.Writer, t Tree) error {
	if _, err := io.WriteString(w, "\uFEFF"); err != nil {
		return err
	}
	cw := csv.NewWriter(w)
	if err := cw.WriteAll(ExportRows(t)); err != nil {
		return err
	}
	cw.Flush()
	return cw.Error()
}

// ExportSheetName names the one sheet of an exported workbook.
const ExportSheetName = "Kompetensi"

// WriteXLSX writes a version as a workbook whose first sheet holds the
// import columns.
func WriteXLSX(w io.Writer, t Tree) error {
	f := excelize.NewFile()
	defer f.Close()
	if err := f.SetSheetName(f.GetSheetName(0), ExportSheetName); err != nil {
		return err
	}
	sw, err := f.NewStreamWriter(ExportSheetName)
	if err != nil {
		return err
	}
	for _, width := range []struct {
		col   int
		width float64
	}{{1, 12}, {2, 12}, {3, 14}, {4, 50}, {5, 50}, {6, 80}} {
		if err := sw.SetColWidth(width.col, width.col, width.width); err != nil {
			return err
		}
	}
	for i, r := range ExportRows(t) {
		cells := make([]any, len(r))
		for j, v := range r {
			cells[j] = v
		}
		cell, err := excelize.CoordinatesToCellName(1, i+1)
		if err != nil {
			return err
		}
		if err := sw.SetRow(cell, cells); err != nil {
			return err
		}
	}
	if err := sw.Flush(); err != nil {
		return err
	}
	return f.Write(w)
}
