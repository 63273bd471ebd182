package upload

import (
	"archive/zip"
	"bytes"
	"errors"
	"strings"
	"testing"
)

// office builds a zip with the given members, as Word, Excel and
// PowerPoint write them.
func office(t *testing.T, parts ...string) []byte {
	t.Helper()
	var buf bytes.Buffer
	zw := zip.NewWriter(&buf)
	for _, p := range append([]string{"[Content_Types].xml"}, parts...) {
		w, err := zw.Create(p)
		if err != nil {
			t.Fatal(err)
		}
		w.Write([]byte(`<?xml version="1.0" encoding="UTF-8"?><x/>`))
	}
	if err := zw.Close(); err != nil {
		t.Fatal(err)
	}
	return buf.Bytes()
}

func TestSniff(t *testing.T) {
	png := []byte("\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR\x00\x00\x00\x01\x00\x00\x00\x01\x08\x02\x00\x00\x00")
	cases := []struct {
		name    string
		content []byte
		want    string
	}{
		{"pdf", []byte("%PDF-1.7\n1 0 obj\n<<>>\nendobj\n%%EOF\n"), PDF},
		{"png", png, PNG},
		{"jpeg", []byte("\xff\xd8\xff\xe0\x00\x10JFIF\x00"), JPEG},
		{"docx", office(t, "_rels/.rels", "word/document.xml", "word/styles.xml"), DOCX},
		{"xlsx", office(t, "_rels/.rels", "xl/workbook.xml", "xl/worksheets/sheet1.xml"), XLSX},
		{"pptx", office(t, "_rels/.rels", "ppt/presentation.xml", "ppt/slides/slide1.xml"), PPTX},
		{"plain zip", office(t, "modul/bab1.txt"), "application/zip"},
		{"html named modul.pdf", []byte("<!DOCTYPE html><html><body>bukan pdf</body></html>"), "text/html"},
		{"a zip that is cut off", office(t, "word/document.xml")[:40], "application/zip"},
	}
	for _, c := range cases {
		if got := Sniff(c.content); got != c.want {
			t.Errorf("%s: sniffed %q, want %q", c.name, got, c.want)
		}
	}
}

func TestCheck(t *testing.T) {
	docs := Set{PDF, JPEG, PNG, DOCX, XLSX, PPTX}
	pdf := []byte("%PDF-1.4\n%%EOF\n")
	if mime, err := Check(pdf, 1<<20, docs); err != nil || mime != PDF {
		t.Errorf("a PDF: %q %v", mime, err)
	}
	if mime, err := Check(office(t, "word/document.xml"), 1<<20, docs); err != nil || mime != DOCX {
		t.Errorf("a DOCX: %q %v", mime, err)
	}
	for name, content := range map[string][]byte{
		"plain zip": office(t, "a.txt"),
		"html":      []byte("<html><head><title>modul.pdf</title></head></html>"),
		"text":      []byte("hanya teks"),
		"empty":     nil,
	} {
		if _, err := Check(content, 1<<20, docs); !errors.Is(err, ErrType) {
			t.Errorf("%s: %v, want ErrType", name, err)
		}
	}
	// Too large wins over the type: a huge page of anything is "too large".
	if _, err := Check(append(pdf, make([]byte, 2<<20)...), 1<<20, docs); !errors.Is(err, ErrTooLarge) {
		t.Errorf("too large: %v", err)
	}
	// Exactly at the limit is fine.
	exact := append([]byte("%PDF-1.4\n"), make([]byte, 100-9)...)
	if _, err := Check(exact, 100, docs); err != nil {
		t.Errorf("at the limit: %v", err)
	}
	// A narrower set refuses what it does not list.
	if _, err := Check(office(t, "word/document.xml"), 1<<20, Set{PDF, JPEG, PNG}); !errors.Is(err, ErrType) {
		t.Errorf("DOCX as evidence: %v", err)
	}
}

func TestSafeName(t *testing.T) {
	cases := map[string]string{
		"modul.pdf":                       "modul.pdf",
		`C:\Users\sari\Desktop\modul.pdf`: "modul.pdf",
		"../../etc/passwd":                "passwd",
		"ja\"m\r\nSet-Cookie: x\x7f.pdf":  "jamSet-Cookie: x.pdf",
		"":                                "",
		"/":                               "",
		strings.Repeat("a", 130) + ".pdf": strings.Repeat("a", 120),
		"Materi Pelatihan — RDA.pptx":     "Materi Pelatihan — RDA.pptx",
	}
	for in, want := range cases {
		if got := SafeName(in); got != want {
			t.Errorf("SafeName(%q) = %q, want %q", in, got, want)
		}
	}
}

func TestExt(t *testing.T) {
	for mime, want := range map[string]string{PDF: ".pdf", JPEG: ".jpg", PNG: ".png", DOCX: ".docx", XLSX: ".xlsx", PPTX: ".pptx", "text/html": ""} {
		if got := Ext(mime); got != want {
			t.Errorf("Ext(%s) = %q, want %q", mime, got, want)
		}
	}
}

func TestSlug(t *testing.T) {
	for _, c := range []struct {
		in   string
		max  int
		want string
	}{
		{"Modul Katalogisasi RDA (Bab 1–3)", 60, "modul-katalogisasi-rda-bab-1-3"},
		{`"; filename="x.exe`, 60, "filename-x-exe"},
		{"Literasi Informasi untuk Pemustaka", 20, "literasi-informasi"},
		{"Pelayanan", 4, "pela"},
		{"—", 60, ""},
	} {
		if got := Slug(c.in, c.max); got != c.want {
			t.Errorf("Slug(%q, %d) = %q, want %q", c.in, c.max, got, c.want)
		}
	}
}
