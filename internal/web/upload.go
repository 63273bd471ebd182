package web

import (
	"errors"
	"io"
	"net/http"
	"strconv"

	"github.com/bina-pustaka/bina/internal/apperr"
	"github.com/bina-pustaka/bina/internal/upload"
)

// Uploaded files in and stored files out, the same way for every feature
// (record evidence, assessment evidence, training materials). What a file
// is and whether it is accepted is internal/upload's and the domain's call.

// formFile reads the optional file field of a multipart form: nil when no
// file was chosen. Only a little more than max is read, so the service can
// say the file is too large without holding the whole of it twice. A body
// over the route's limit is TooLarge (the error page); a part that cannot
// be read is a field error with unreadableKey.
func (s *Server) formFile(r *request, field string, max int64, unreadableKey string) (*upload.File, error) {
	unreadable := func() error {
		var v apperr.Validation
		v.Add(field, unreadableKey, nil)
		return v.Err()
	}
	f, hdr, err := r.FormFile(field)
	if err != nil {
		if e := asTooLarge(err, s.cfg.MaxUploadBytes); codeOf(e) == apperr.TooLarge {
			return nil, e
		}
		if errors.Is(err, http.ErrMissingFile) || errors.Is(err, http.ErrNotMultipart) {
			return nil, nil
		}
		return nil, unreadable()
	}
	defer f.Close()
	if hdr.Size == 0 && hdr.Filename == "" {
		return nil, nil
	}
	b, err := io.ReadAll(io.LimitReader(f, max+1))
	if err != nil {
		if e := asTooLarge(err, s.cfg.MaxUploadBytes); codeOf(e) == apperr.TooLarge {
			return nil, e
		}
		return nil, unreadable()
	}
	return &upload.File{Name: hdr.Filename, Content: b}, nil
}

// sendFile sends a file to save: an upload as stored (under the type
// sniffed when it was stored) or a report built in memory first, so a
// failure half-way is a clean error page rather than a broken download.
// Never rendered in the page's origin, never re-sniffed by the browser,
// never kept in a shared cache. The name must be built from our
// own data (ids, the sniffed type's extension), never from uploaded text;
// anything but letters, digits, dot, dash and underscore is dropped all
// the same.
func sendFile(w http.ResponseWriter, mime, name string, content []byte) error {
	h := w.Header()
	h.Set("Content-Type", mime)
	h.Set("Content-Disposition", `attachment; filename="`+headerSafeName(name)+`"`)
	h.Set("X-Content-Type-Options", "nosniff")
	h.Set("Cache-Control", "private, no-store")
	h.Set("Content-Length", strconv.Itoa(len(content)))
	_, err := w.Write(content)
	return err
}

func headerSafeName(name string) string {
	out := make([]byte, 0, len(name))
	for i := 0; i < len(name); i++ {
		c := name[i]
		if c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c >= '0' && c <= '9' || c == '.' || c == '-' || c == '_' {
			out = append(out, c)
		}
	}
	if len(out) == 0 {
		return "download"
	}
	return string(out)
}
