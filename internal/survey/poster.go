package survey

import (
	"bytes"
	"fmt"
	"image"
	"image/draw"
	"image/png"
	"io"
	"time"

	"github.com/go-pdf/fpdf"
	qrcode "github.com/skip2/go-qrcode"
)

// PosterText is the wording of a poster, already in the reader's language.
type PosterText struct {
	Title       string // Survei Kepuasan Masyarakat
	Library     string
	Point       string // the service point
	Instruction string // scan the code …
	OrOpen      string // … or open:
	Footer      string // anonymity, thanks
}

// QRCode is the PNG of a QR code for url, size×size pixels, in grayscale:
// a poster must scan from a photocopy, so the code uses error correction
// level H (30 % may be lost) and keeps its quiet zone.
func QRCode(url string, size int) ([]byte, error) {
	q, err := qrcode.New(url, qrcode.High)
	if err != nil {
		return nil, fmt.Errorf("qr code: %w", err)
	}
	q.DisableBorder = false
	src := q.Image(size)
	// go-qrcode draws a two-colour palette; a plain grayscale image embeds
	// in a PDF without a palette object and prints the same.
	gray := image.NewGray(src.Bounds())
	draw.Draw(gray, gray.Bounds(), src, src.Bounds().Min, draw.Src)
	var buf bytes.Buffer
	if err := png.Encode(&buf, gray); err != nil {
		return nil, fmt.Errorf("qr code: %w", err)
	}
	return buf.Bytes(), nil
}

// Poster writes an A4 PDF for the survey at url: the library and service
// point, a QR code 12 cm wide and the address printed under it, for the
// counter or the door.
func Poster(w io.Writer, url string, text PosterText, now time.Time) error {
	qr, err := QRCode(url, 1024)
	if err != nil {
		return err
	}
	pdf := fpdf.New("P", "mm", "A4", "")
	pdf.SetCreationDate(now)
	pdf.SetModificationDate(now)
	pdf.SetTitle(text.Title+" - "+text.Point, true)
	pdf.SetCreator("Bina Pustaka", true)
	pdf.SetAutoPageBreak(false, 0)
	pdf.SetMargins(20, 20, 20)
	pdf.AddPage()
	tr := pdf.UnicodeTranslatorFromDescriptor("") // UTF-8 → cp1252 of the core fonts
	const pageW, contentW = 210.0, 170.0

	// A band in the app's colour, the title on it.
	pdf.SetFillColor(11, 95, 115)
	pdf.Rect(0, 0, pageW, 42, "F")
	pdf.SetTextColor(255, 255, 255)
	pdf.SetFont("Helvetica", "B", 26)
	pdf.SetXY(20, 13)
	pdf.CellFormat(contentW, 16, tr(text.Title), "", 1, "C", false, 0, "")

	pdf.SetTextColor(29, 42, 49)
	pdf.SetXY(20, 54)
	pdf.SetFont("Helvetica", "B", 20)
	pdf.MultiCell(contentW, 9, tr(text.Library), "", "C", false)
	pdf.Ln(2)
	pdf.SetFont("Helvetica", "", 18)
	pdf.MultiCell(contentW, 9, tr(text.Point), "", "C", false)

	y := pdf.GetY() + 8
	pdf.SetFont("Helvetica", "", 15)
	pdf.SetXY(20, y)
	pdf.MultiCell(contentW, 7, tr(text.Instruction), "", "C", false)

	const qrW = 120.0
	qrY := pdf.GetY() + 4
	pdf.RegisterImageOptionsReader("qr", fpdf.ImageOptions{ImageType: "PNG"}, bytes.NewReader(qr))
	pdf.ImageOptions("qr", (pageW-qrW)/2, qrY, qrW, qrW, false, fpdf.ImageOptions{ImageType: "PNG"}, 0, "")

	pdf.SetXY(20, qrY+qrW+4)
	pdf.SetFont("Helvetica", "", 14)
	pdf.CellFormat(contentW, 7, tr(text.OrOpen), "", 1, "C", false, 0, "")
	pdf.SetFont("Courier", "B", 20)
	pdf.SetX(20)
	pdf.CellFormat(contentW, 11, url, "", 1, "C", false, 0, url)

	pdf.SetFont("Helvetica", "", 11)
	pdf.SetTextColor(82, 98, 107)
	pdf.SetXY(20, 270)
	pdf.MultiCell(contentW, 5.5, tr(text.Footer), "", "C", false)
	if err := pdf.Error(); err != nil {
		return fmt.Errorf("poster: %w", err)
	}
	return pdf.Output(w)
}
