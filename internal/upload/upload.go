// Package upload is the one place that decides what an uploaded file is:
// its type sniffed from the bytes (never from the name or the browser's
// word), whether a domain accepts that type and size, and the name it may
// be shown under. The domains (record evidence, assessment evidence,
// training materials) keep their own limits and error keys; they share the
// judgement.
package upload

import (
	"archive/zip"
	"bytes"
	"crypto/sha256"
	"encoding/hex"
	"errors"
	"net/http"
	"path"
	"strings"
)

// The types we know, as sniffed.
const (
	PDF     = "application/pdf"
	JPEG    = "image/jpeg"
	PNG     = "image/png"
	DOCX    = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"
	XLSX    = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
	PPTX    = "application/vnd.openxmlformats-officedocument.presentationml.presentation"
	zipType = "application/zip"
)

// extensions gives each known type the extension a download is named with.
var extensions = map[string]string{PDF: ".pdf", JPEG: ".jpg", PNG: ".png", DOCX: ".docx", XLSX: ".xlsx", PPTX: ".pptx"}

// Ext is the extension of a known type ("" for any other).
func Ext(mime string) string { return extensions[mime] }

// ooxml names the part whose presence makes a zip an Office Open XML
// document of that type.
var ooxml = []struct{ part, mime string }{
	{"word/document.xml", DOCX},
	{"xl/workbook.xml", XLSX},
	{"ppt/presentation.xml", PPTX},
}

// Sniff returns the content's type without parameters. A zip holding the
// main part of a Word, Excel or PowerPoint document is that document; any
// other zip stays application/zip. Only the zip's directory is read, never
// a compressed member, so a zip bomb costs nothing here.
func Sniff(b []byte) string {
	t, _, _ := strings.Cut(http.DetectContentType(b), ";")
	t = strings.TrimSpace(t)
	if t != zipType {
		return t
	}
	zr, err := zip.NewReader(bytes.NewReader(b), int64(len(b)))
	if err != nil {
		return t
	}
	names := make(map[string]bool, len(zr.File))
	for _, f := range zr.File {
		names[f.Name] = true
	}
	for _, o := range ooxml {
		if names[o.part] {
			return o.mime
		}
	}
	return t
}

// Set is the list of types a domain accepts.
type Set []string

// Has reports whether mime is one of the set.
func (s Set) Has(mime string) bool {
	for _, m := range s {
		if m == mime {
			return true
		}
	}
	return false
}

// Why Check refuses a file; each domain turns these into its own field
// error key.
var (
	ErrTooLarge = errors.New("upload: file too large")
	ErrType     = errors.New("upload: type not accepted") // also an empty file
)

// Check judges content against a size limit and the accepted types and
// returns its sniffed type. The size is checked first, so a huge file of
// any kind is called too large.
func Check(content []byte, max int64, accepted Set) (string, error) {
	if int64(len(content)) > max {
		return "", ErrTooLarge
	}
	if len(content) == 0 {
		return "", ErrType
	}
	mime := Sniff(content)
	if !accepted.Has(mime) {
		return "", ErrType
	}
	return mime, nil
}

// SafeName keeps the base of an uploaded name, printable and short. It is
// for showing only, never a path or a response header.
func SafeName(name string) string {
	name = path.Base(strings.ReplaceAll(name, `\`, "/"))
	name = strings.Map(func(r rune) rune {
		if r < 0x20 || r == 0x7f || r == '"' {
			return -1
		}
		return r
	}, name)
	if r := []rune(name); len(r) > 120 {
		name = string(r[:120])
	}
	if name == "." || name == "/" {
		name = ""
	}
	return name
}

// SHA256 is the content's digest in hex, stored beside it.
func SHA256(content []byte) string {
	sum := sha256.Sum256(content)
	return hex.EncodeToString(sum[:])
}

// File is an uploaded file as received: the name the browser sent (shown
// after SafeName) and the bytes.
type File struct {
	Name    string
	Content []byte
}

// Slug makes a file name part from a title for a download we name
// ourselves: ASCII letters and digits, lower-cased, the rest joined by
// single dashes, at most max bytes (cut at a dash when it can be); "" when
// nothing is left. Safe in a Content-Disposition header as it is.
func Slug(s string, max int) string {
	var b strings.Builder
	dash := false
	for _, r := range strings.ToLower(s) {
		if r >= 'a' && r <= 'z' || r >= '0' && r <= '9' {
			if dash && b.Len() > 0 {
				b.WriteByte('-')
			}
			b.WriteRune(r)
			dash = false
		} else {
			dash = true
		}
	}
	out := b.String()
	if len(out) > max {
		out = out[:max]
		if i := strings.LastIndexByte(out, '-'); i > max/2 {
			out = out[:i]
		}
		out = strings.TrimSuffix(out, "-")
	}
	return out
}
