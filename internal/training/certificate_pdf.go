package training

import (
	"bytes"
	"fmt"
	"io"
	"strconv"
	"time"

	"github.com/go-pdf/fpdf"

	"github.com/bina-pustaka/bina/internal/survey"
)

// CertificateText is the certificate's wording in the reader's language,
// with the dates already formatted.
type CertificateText struct {
	Title       string // SERTIFIKAT
	Number      string // "Nomor: BP/…"
	GivenTo     string // diberikan kepada
	NIP         string // "NIP 1987…" or ""
	ForTaking   string // atas keikutsertaan dan kelulusan dalam
	Dates       string // "10–11 Maret 2027"
	JP          string // "16 JP"
	Validity    string // "Berlaku sampai …" or ""
	PlaceDate   string // "Kediri, 12 Maret 2027"
	SignerTitle string // Kepala Perpustakaan …
	Verify      string // "Pindai untuk memeriksa keaslian"
}

// CertificatePDF writes the A4 landscape certificate with a QR code of
// verifyURL, the public page that says whether it is still valid.
func CertificatePDF(w io.Writer, c Certificate, verifyURL string, text CertificateText, now time.Time) error {
	qr, err := survey.QRCode(verifyURL, 512)
	if err != nil {
		return err
	}
	pdf := fpdf.New("L", "mm", "A4", "")
	pdf.SetCreationDate(now)
	pdf.SetModificationDate(now)
	pdf.SetTitle(text.Title+" "+c.Number, true)
	pdf.SetCreator("Bina Pustaka", true)
	pdf.SetAutoPageBreak(false, 0)
	pdf.SetMargins(20, 15, 20)
	pdf.AddPage()
	tr := pdf.UnicodeTranslatorFromDescriptor("") // UTF-8 → cp1252 of the core fonts
	const pageW, pageH, contentW = 297.0, 210.0, 257.0

	// A double frame in the app's colour.
	pdf.SetDrawColor(11, 95, 115)
	pdf.SetLineWidth(1.5)
	pdf.Rect(8, 8, pageW-16, pageH-16, "D")
	pdf.SetLineWidth(0.4)
	pdf.Rect(11, 11, pageW-22, pageH-22, "D")

	center := func(y, h float64, font string, style string, size float64, s string) {
		pdf.SetFont(font, style, size)
		pdf.SetXY(20, y)
		pdf.MultiCell(contentW, h, tr(s), "", "C", false)
	}
	pdf.SetTextColor(29, 42, 49)
	center(20, 8, "Helvetica", "B", 16, c.LibraryName)
	pdf.SetTextColor(11, 95, 115)
	center(33, 16, "Helvetica", "B", 40, text.Title)
	pdf.SetTextColor(82, 98, 107)
	center(50, 7, "Helvetica", "", 12, text.Number)
	pdf.SetTextColor(29, 42, 49)
	center(63, 7, "Helvetica", "I", 13, text.GivenTo)
	center(pdf.GetY()+2, 12, "Helvetica", "B", 26, c.StaffName)
	if text.NIP != "" {
		center(pdf.GetY(), 6, "Helvetica", "", 12, text.NIP)
	}
	center(pdf.GetY()+4, 7, "Helvetica", "", 13, text.ForTaking)
	center(pdf.GetY()+1, 9, "Helvetica", "B", 18, c.SessionName())
	center(pdf.GetY()+1, 7, "Helvetica", "", 13, text.Dates+"  ·  "+text.JP)
	if text.Validity != "" {
		center(pdf.GetY()+1, 6, "Helvetica", "", 11, text.Validity)
	}

	// The QR code bottom left, the signature block bottom right.
	const qrW, bottom = 38.0, 190.0
	pdf.RegisterImageOptionsReader("qr", fpdf.ImageOptions{ImageType: "PNG"}, bytes.NewReader(qr))
	pdf.ImageOptions("qr", 24, bottom-qrW-6, qrW, qrW, false, fpdf.ImageOptions{ImageType: "PNG"}, 0, "")
	pdf.SetFont("Helvetica", "", 8)
	pdf.SetTextColor(82, 98, 107)
	pdf.SetXY(20, bottom-5)
	pdf.CellFormat(qrW+8, 4, tr(text.Verify), "", 0, "C", false, 0, verifyURL)

	pdf.SetTextColor(29, 42, 49)
	const signX, signW = 180.0, 95.0
	pdf.SetFont("Helvetica", "", 12)
	pdf.SetXY(signX, bottom-44)
	pdf.MultiCell(signW, 6, tr(text.PlaceDate), "", "C", false)
	pdf.SetX(signX)
	pdf.MultiCell(signW, 6, tr(text.SignerTitle), "", "C", false)
	pdf.SetLineWidth(0.3)
	pdf.Line(signX+15, bottom-6, signX+signW-15, bottom-6)
	if err := pdf.Error(); err != nil {
		return fmt.Errorf("certificate: %w", err)
	}
	return pdf.Output(w)
}

// JPText is "16 JP".
func JPText(jp int) string { return strconv.Itoa(jp) + " JP" }
