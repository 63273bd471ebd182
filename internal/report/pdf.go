package report

import (
	"fmt"
	"io"
	"strings"

	"github.com/go-pdf/fpdf"
)

// Page geometry of an A4 portrait report, in millimetres.
const (
	pageW, pageH = 210.0, 297.0
	marginX      = 20.0
	marginTop    = 18.0
	marginBottom = 20.0
	contentW     = pageW - 2*marginX
	bodySize     = 10.0 // points
	lineH        = 5.0  // of body text
)

// rgb is a colour of the report's palette, the app's own.
type rgb struct{ R, G, B int }

var (
	ink     = rgb{29, 42, 49}    // text
	muted   = rgb{82, 98, 107}   // secondary text, axes
	teal    = rgb{11, 95, 115}   // headings, table heads, the current bar
	tealLt  = rgb{95, 154, 168}  // earlier bars
	rule    = rgb{200, 208, 212} // table borders
	zebra   = rgb{244, 247, 248} // every other table row
	amber   = rgb{255, 241, 204} // weak elements
	brown   = rgb{122, 74, 0}    // grade boundaries, warnings
	alert   = rgb{160, 28, 28}   // a sample too small
	white   = rgb{255, 255, 255}
	summary = rgb{230, 240, 243} // the key figures' boxes
)

// doc is a PDF in fpdf's core fonts (Helvetica), which need no font files
// but only know cp1252: every text goes through tr.
type doc struct {
	*fpdf.Fpdf
	cp1252 func(string) string
}

// beyond1252 are characters our texts may carry that cp1252 lacks, with
// what to print instead (the translator would print a dot).
var beyond1252 = strings.NewReplacer("≥", ">=", "≤", "<=", "−", "-", "→", "->", "Σ", "Jumlah", "\u00a0", " ", "\u202f", " ")

func newDoc() *doc {
	f := fpdf.New("P", "mm", "A4", "")
	f.SetMargins(marginX, marginTop, marginX)
	f.SetAutoPageBreak(true, marginBottom)
	f.SetCellMargin(1.5)
	return &doc{Fpdf: f, cp1252: f.UnicodeTranslatorFromDescriptor("")}
}

// tr turns UTF-8 text into the core fonts' cp1252.
func (d *doc) tr(s string) string { return d.cp1252(beyond1252.Replace(s)) }

func (d *doc) font(style string, size float64) { d.SetFont("Helvetica", style, size) }
func (d *doc) textColor(c rgb)                 { d.SetTextColor(c.R, c.G, c.B) }
func (d *doc) fillColor(c rgb)                 { d.SetFillColor(c.R, c.G, c.B) }
func (d *doc) drawColor(c rgb)                 { d.SetDrawColor(c.R, c.G, c.B) }

// room breaks the page unless h millimetres are left above the bottom
// margin, so that a table row, a heading with its first lines, or a chart
// is never cut in two. It reports whether it broke.
func (d *doc) room(h float64) bool {
	if d.GetY()+h <= pageH-marginBottom {
		return false
	}
	d.AddPage()
	return true
}

// heading starts a section, keeping it on one page with the next keep
// millimetres of what follows.
func (d *doc) heading(s string, keep float64) {
	d.Ln(4)
	d.room(9 + keep)
	d.font("B", 12.5)
	d.textColor(teal)
	d.SetX(marginX)
	d.CellFormat(contentW, 7, d.tr(s), "", 1, "L", false, 0, "")
	d.drawColor(teal)
	d.SetLineWidth(0.4)
	d.Line(marginX, d.GetY(), marginX+contentW, d.GetY())
	d.Ln(2.5)
	d.textColor(ink)
	d.font("", bodySize)
}

// paragraph writes justified body text.
func (d *doc) paragraph(s string) {
	d.font("", bodySize)
	d.textColor(ink)
	d.SetX(marginX)
	d.MultiCell(contentW, lineH, d.tr(s), "", "J", false)
	d.Ln(1.5)
}

// note writes a small line of secondary text.
func (d *doc) note(s string, c rgb, style string) {
	d.font(style, 8.5)
	d.textColor(c)
	d.SetX(marginX)
	d.MultiCell(contentW, 4.2, d.tr(s), "", "L", false)
	d.textColor(ink)
	d.font("", bodySize)
}

// column is one column of a table.
type column struct {
	Title string
	W     float64
	Align string // L, C, R
}

// row is one body row of a table.
type row struct {
	Cells []string
	Bold  bool
	Fill  *rgb // background; nil for the zebra stripes
}

const (
	tableSize  = 9.0 // points
	tableLineH = 4.3
	tablePadY  = 1.4
)

// table draws a table with a coloured head, wrapping long cells onto more
// lines; a row never splits across pages, and the head is repeated on the
// next page.
func (d *doc) table(cols []column, rows []row) {
	d.tableAt(marginX, cols, rows, 0)
}

// tableAt is table starting at x, for tables side by side, keeping the
// last row on one page with keepLast millimetres of what follows; it
// returns the y below the table.
func (d *doc) tableAt(x float64, cols []column, rows []row, keepLast float64) float64 {
	head := row{Cells: make([]string, len(cols)), Bold: true, Fill: &teal}
	for i, c := range cols {
		head.Cells[i] = c.Title
	}
	d.SetLineWidth(0.2)
	d.drawColor(rule)
	first := d.firstRowHeight(cols, rows)
	if len(rows) == 1 {
		first += keepLast
	}
	d.room(d.rowHeight(cols, head) + first) // the head never ends a page alone
	d.drawRow(x, cols, head, true)
	for i, r := range rows {
		h := d.rowHeight(cols, r)
		if i == len(rows)-1 {
			h += keepLast
		}
		if d.room(h) {
			d.drawRow(x, cols, head, true)
		}
		if r.Fill == nil && i%2 == 1 {
			r.Fill = &zebra
		}
		d.drawRow(x, cols, r, false)
	}
	d.textColor(ink)
	d.font("", bodySize)
	return d.GetY()
}

// tableHeight is the height table would take, head included.
func (d *doc) tableHeight(cols []column, rows []row) float64 {
	head := row{Cells: make([]string, len(cols)), Bold: true}
	for i, c := range cols {
		head.Cells[i] = c.Title
	}
	h := d.rowHeight(cols, head)
	for _, r := range rows {
		h += d.rowHeight(cols, r)
	}
	return h
}

func (d *doc) firstRowHeight(cols []column, rows []row) float64 {
	if len(rows) == 0 {
		return 0
	}
	return d.rowHeight(cols, rows[0])
}

// lines splits a cell's text to its column's width, in the row's font.
func (d *doc) lines(c column, r row, text string) [][]byte {
	d.setRowFont(r)
	ls := d.SplitLines([]byte(d.tr(text)), c.W)
	if len(ls) == 0 {
		ls = [][]byte{nil}
	}
	return ls
}

func (d *doc) setRowFont(r row) {
	if r.Bold {
		d.font("B", tableSize)
	} else {
		d.font("", tableSize)
	}
}

func (d *doc) rowHeight(cols []column, r row) float64 {
	n := 1
	for i, c := range cols {
		if i < len(r.Cells) {
			n = max(n, len(d.lines(c, r, r.Cells[i])))
		}
	}
	return float64(n)*tableLineH + 2*tablePadY
}

func (d *doc) drawRow(x float64, cols []column, r row, isHead bool) {
	h := d.rowHeight(cols, r)
	y := d.GetY()
	cx := x
	for i, c := range cols {
		style := "D"
		if r.Fill != nil {
			d.fillColor(*r.Fill)
			style = "FD"
		}
		d.Rect(cx, y, c.W, h, style)
		text := ""
		if i < len(r.Cells) {
			text = r.Cells[i]
		}
		ls := d.lines(c, r, text)
		if isHead {
			d.textColor(white)
		} else {
			d.textColor(ink)
		}
		align := c.Align
		if isHead && align == "" {
			align = "L"
		}
		for j, l := range ls {
			d.SetXY(cx, y+tablePadY+float64(j)*tableLineH)
			d.CellFormat(c.W, tableLineH, string(l), "", 0, align, false, 0, "")
		}
		cx += c.W
	}
	d.SetXY(marginX, y+h)
}

// output writes the finished document, or the first error fpdf met.
func (d *doc) output(w io.Writer, what string) error {
	if err := d.Error(); err != nil {
		return fmt.Errorf("%s: %w", what, err)
	}
	if err := d.Output(w); err != nil {
		return fmt.Errorf("%s: %w", what, err)
	}
	return nil
}
