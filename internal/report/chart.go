package report

import (
	"github.com/bina-pustaka/bina/internal/ikm"
)

// trendChart draws the IKM of each period as a bar on the 25–100 scale
// (drawn from 0, so heights compare honestly), with the grade boundaries
// as dashed lines, as the IKM page does: lines and rectangles only, so
// the PDF needs no image. Each bar carries its figure and grade, and each
// period its number of respondents, so the chart reads without the table.
func (d *doc) trendChart(l Locale, points []TrendPoint, h float64) {
	const (
		axisW  = 9.0  // the scale's numbers, left
		gradeW = 17.0 // the boundaries' names, right
	)
	x0, x1 := marginX+axisW, marginX+contentW-gradeW
	d.room(h + 16)
	top := d.GetY() + 5
	bottom := top + h
	y := func(v float64) float64 { return bottom - v/100*h }

	// The scale, with faint lines to read the bars against.
	d.SetLineWidth(0.15)
	d.drawColor(rule)
	d.font("", 7.5)
	d.textColor(muted)
	for _, v := range []float64{0, 25, 50, 75, 100} {
		d.Line(x0, y(v), x1, y(v))
		d.SetXY(marginX-2, y(v)-2)
		d.CellFormat(axisW, 4, l.Dec(v, 0), "", 0, "R", false, 0, "")
	}

	// The lower bound of grades A, B and C.
	d.SetLineWidth(0.3)
	d.drawColor(brown)
	d.textColor(brown)
	d.font("", 7)
	d.SetDashPattern([]float64{1.2, 0.9}, 0)
	for _, b := range ikm.Bands[:len(ikm.Bands)-1] {
		v := float64(b.Min) / 100
		d.Line(x0, y(v), x1, y(v))
		d.SetXY(x1+0.5, y(v)-2)
		d.CellFormat(gradeW, 4, d.tr(b.Letter+" >= "+l.Dec(v, 2)), "", 0, "L", false, 0, "")
	}
	d.SetDashPattern(nil, 0)

	slot := (x1 - x0) / float64(max(len(points), 1))
	barW := min(slot*0.56, 24)
	for i, p := range points {
		cx := x0 + slot*(float64(i)+0.5)
		d.font("", 8)
		d.textColor(ink)
		label := d.tr(p.Label)
		if d.GetStringWidth(label) > slot-2 {
			label = d.tr(p.Short)
		}
		d.SetXY(cx-slot/2, bottom+1.2)
		d.CellFormat(slot, 4, label, "", 0, "C", false, 0, "")
		d.font("", 7)
		d.textColor(muted)
		d.SetXY(cx-slot/2, bottom+4.8)
		d.CellFormat(slot, 3.5, "n = "+l.Num(p.Respondents), "", 0, "C", false, 0, "")
		if p.Respondents == 0 {
			d.font("", 9)
			d.SetXY(cx-slot/2, bottom-6)
			d.CellFormat(slot, 5, d.tr("—"), "", 0, "C", false, 0, "")
			continue
		}
		if i == len(points)-1 {
			d.fillColor(teal)
		} else {
			d.fillColor(tealLt)
		}
		d.Rect(cx-barW/2, y(p.IKM), barW, p.IKM/100*h, "F")
		// The figure on a white ground, so that a grade line behind it
		// does not strike it through.
		d.font("B", 8.5)
		d.textColor(ink)
		figure := l.Dec(p.IKM, 2) + " " + p.Grade
		fw := d.GetStringWidth(figure) + 2
		d.fillColor(white)
		d.Rect(cx-fw/2, y(p.IKM)-5, fw, 4.5, "F")
		d.SetXY(cx-slot/2, y(p.IKM)-5)
		d.CellFormat(slot, 4.5, figure, "", 0, "C", false, 0, "")
	}

	// The base line over the bars' feet.
	d.SetLineWidth(0.35)
	d.drawColor(muted)
	d.Line(x0, bottom, x1, bottom)
	d.textColor(ink)
	d.font("", bodySize)
	d.SetXY(marginX, bottom+10)
}
