package training

import (
	"errors"
	"path"
	"strconv"
	"strings"
	"time"

	"github.com/bina-pustaka/bina/internal/apperr"
	"github.com/bina-pustaka/bina/internal/upload"
)

// Training materials (materi pelatihan) and the reference library (pustaka
// rujukan): files and links a coordinator adds to a programme or as a
// stand-alone reference, optionally tagged with a competency, that every
// member of the library may browse and download. The programme's own
// "materials" links (Program.Materials) stay as they were; the reference
// library shows them beside these.

// Kinds of material ("training.material_kind.<code>").
const (
	MaterialFile = "file"
	MaterialLink = "link"
)

// MaterialKinds lists them in the order filters show.
var MaterialKinds = []string{MaterialFile, MaterialLink}

// ValidMaterialKind reports whether k is a kind to filter by ("" for any).
func ValidMaterialKind(k string) bool { return k == "" || oneOf(k, MaterialKinds) }

// MaxMaterialBytes is the largest material file accepted: the server's
// upload limit, enough for a module as PDF or a slide deck.
const MaxMaterialBytes = 10 << 20

// Limits of a material's text.
const (
	MaxMaterialTitle       = 200
	MaxMaterialDescription = 2000
)

// MaterialTypes are the accepted file types, as sniffed from the content:
// PDF, photos and scans, and Word, Excel and PowerPoint documents.
var MaterialTypes = upload.Set{upload.PDF, upload.JPEG, upload.PNG, upload.DOCX, upload.XLSX, upload.PPTX}

// Material is a file or a link of the library's training materials.
type Material struct {
	ID              int64     `json:"id"`
	LibraryID       int64     `json:"library_id"`
	ProgramID       *int64    `json:"program_id"`    // nil: a stand-alone reference
	ProgramTitle    string    `json:"program_title"` // joined
	CompetencyID    *int64    `json:"competency_id"`
	CompetencyCode  string    `json:"competency_code"` // joined
	CompetencyTitle string    `json:"competency_title"`
	Title           string    `json:"title"`
	Description     string    `json:"description"`
	Kind            string    `json:"kind"`
	URL             string    `json:"url,omitempty"`       // a link
	FileName        string    `json:"file_name,omitempty"` // a file: the uploaded name, shown only
	MIME            string    `json:"mime_type,omitempty"`
	Size            int64     `json:"size,omitempty"`
	SHA256          string    `json:"sha256,omitempty"`
	UploadedBy      *int64    `json:"uploaded_by"`
	UploaderName    string    `json:"uploaded_by_name"` // joined
	CreatedAt       time.Time `json:"created_at"`
}

// IsFile reports whether the material is a stored file.
func (m Material) IsFile() bool { return m.Kind == MaterialFile }

// DownloadName is the name a file is offered under: "materi-12-modul-rda.pdf",
// from the id, an ASCII slug of the title and the sniffed type, so the
// saved file says what it is while no uploaded text reaches a response
// header as it was typed.
func (m Material) DownloadName() string {
	name := "materi-" + strconv.FormatInt(m.ID, 10)
	if s := upload.Slug(m.Title, 60); s != "" {
		name += "-" + s
	}
	return name + upload.Ext(m.MIME)
}

// TypeLabel is a short name of a file's type ("PDF", "DOCX"), for lists.
func (m Material) TypeLabel() string {
	return strings.ToUpper(strings.TrimPrefix(upload.Ext(m.MIME), "."))
}

// SizeKB is a file's size in kilobytes, rounded up, for lists.
func (m Material) SizeKB() int64 { return (m.Size + 1023) / 1024 }

// MaterialContent is a stored file with its bytes, for download.
type MaterialContent struct {
	Material
	Content []byte
}

// MaterialInput is a material as a coordinator adds it: a file or a link.
type MaterialInput struct {
	LibraryID    int64
	ProgramID    int64 // 0: a stand-alone reference
	CompetencyID int64 // 0: not tagged
	Title        string
	Description  string
	URL          string
	File         *upload.File
}

// MaterialFilter selects materials for the reference library and the API.
type MaterialFilter struct {
	LibraryID    int64
	Query        string // in the title and the description, any case
	ProgramID    int64  // 0: any
	CompetencyID int64  // 0: any
	Kind         string // "", file or link
	Page         int    // 1-based
	PerPage      int    // 25 by default, at most 100
}

// MaterialPage is one page of materials, newest first.
type MaterialPage struct {
	Items   []Material `json:"items"`
	Total   int        `json:"total"`
	Page    int        `json:"page"`
	PerPage int        `json:"per_page"`
	Pages   int        `json:"pages"`
}

// checkedMaterial is an input that passed the checks that need no database.
type checkedMaterial struct {
	MaterialInput
	kind     string
	fileName string
	mime     string
}

// checkMaterial tidies and checks what needs no database: the title, the
// description, and exactly one of a file (its type sniffed, its size
// bounded) or an http(s) link. A file with no title is called by its name.
func checkMaterial(in MaterialInput, c *checker) checkedMaterial {
	out := checkedMaterial{MaterialInput: in}
	out.Title = clean(in.Title)
	out.Description = strings.TrimSpace(in.Description)
	out.URL = strings.TrimSpace(in.URL)
	if in.File != nil {
		out.fileName = upload.SafeName(in.File.Name)
	}
	switch {
	case in.File != nil && out.URL != "":
		c.Add("url", "training.material_not_both", nil)
	case in.File == nil && out.URL == "":
		c.Add("file", "training.material_file_or_link", nil)
	case in.File != nil:
		out.kind = MaterialFile
		mime, err := upload.Check(in.File.Content, MaxMaterialBytes, MaterialTypes)
		switch {
		case errors.Is(err, upload.ErrTooLarge):
			c.Add("file", "training.material_too_large", apperr.Args{"MaxMB": MaxMaterialBytes >> 20})
		case err != nil:
			c.Add("file", "training.material_bad_type", nil)
		}
		out.mime = mime
		if out.Title == "" {
			out.Title = clean(strings.TrimSuffix(out.fileName, path.Ext(out.fileName)))
		}
	default:
		out.kind = MaterialLink
		c.link("url", out.URL)
	}
	c.text("title", out.Title, true, MaxMaterialTitle)
	c.text("description", out.Description, false, MaxMaterialDescription)
	return out
}

// ProgramLink is one line of a programme's links (Program.Materials), as
// the reference library lists it beside the stored materials.
type ProgramLink struct {
	ProgramID    int64
	ProgramTitle string
	URL          string
}

// ProgramLinks picks the catalogue's link lines that fit a material filter:
// none when only files are wanted; of the chosen programme, of programmes
// targeting the chosen competency; matching the search in the link or the
// programme's title.
func ProgramLinks(ps []Program, f MaterialFilter) []ProgramLink {
	out := []ProgramLink{}
	if f.Kind == MaterialFile {
		return out
	}
	q := strings.ToLower(strings.TrimSpace(f.Query))
	for _, p := range ps {
		if f.ProgramID != 0 && p.ID != f.ProgramID {
			continue
		}
		if f.CompetencyID != 0 && !targets(p, f.CompetencyID) {
			continue
		}
		for _, l := range p.Materials {
			if q != "" && !strings.Contains(strings.ToLower(l), q) && !strings.Contains(strings.ToLower(p.Title), q) {
				continue
			}
			out = append(out, ProgramLink{ProgramID: p.ID, ProgramTitle: p.Title, URL: l})
		}
	}
	return out
}

func targets(p Program, competencyID int64) bool {
	for _, c := range p.Competencies {
		if c.ID == competencyID {
			return true
		}
	}
	return false
}
