package web_test

import (
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"

	"github.com/bina-pustaka/bina/internal/auth"
	"github.com/bina-pustaka/bina/internal/i18n"
	"github.com/bina-pustaka/bina/internal/library"
	"github.com/bina-pustaka/bina/internal/people"
)

// Every key a page or a service can show must exist in both languages, or a
// user sees "staff.nip_length" instead of a sentence.
func TestEveryShownKeyIsTranslated(t *testing.T) {
	bundle, err := i18n.New()
	if err != nil {
		t.Fatal(err)
	}
	keys := map[string]string{} // key → where it is used

	tmplKey := regexp.MustCompile(`\.T "([a-z0-9_.]+)"`)
	files, _ := filepath.Glob("templates/*.html")
	for _, f := range files {
		b, _ := os.ReadFile(f)
		for _, m := range tmplKey.FindAllStringSubmatch(string(b), -1) {
			keys[m[1]] = f
		}
	}
	// Keys in Go code: message keys passed to the error helpers, flash keys,
	// page titles.
	goKey := regexp.MustCompile(`"((?:error|field|login|library|service_point|staff|user|password|account|audit|import|api|dashboard|common|kind|nav|complaint|holiday|suggestion|book_request|survey|survey_import|ikm|voice|competency|framework|assessment|gap|plan|me|record|training|certificate|notify)\.[a-z0-9_.]+)"(\s*\+)?`)
	err = filepath.WalkDir("..", func(path string, de os.DirEntry, err error) error {
		if err != nil || de.IsDir() || !strings.HasSuffix(path, ".go") || strings.HasSuffix(path, "_test.go") || strings.Contains(path, "i18n") {
			return err
		}
		b, _ := os.ReadFile(path)
		for _, m := range goKey.FindAllStringSubmatch(string(b), -1) {
			if strings.HasSuffix(m[1], ".") || strings.Contains(m[1], "%") || m[2] != "" {
				continue // a prefix completed at run time; its keys are checked by the feature's own test
			}
			if _, inTemplate := keys[m[1]]; !inTemplate {
				keys[m[1]] = path
			}
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	// Keys built with printf in templates.
	for _, k := range library.Kinds {
		keys["service_point.kind."+k] = "library.Kinds"
	}
	for _, s := range people.Statuses {
		keys["staff.status."+s] = "people.Statuses"
	}
	for _, r := range auth.Roles {
		keys["user.role."+string(r)] = "auth.Roles"
	}
	for _, k := range []string{"library", "service_point", "staff", "user"} {
		keys["kind."+k] = "apperr.NotFoundError"
	}
	if len(keys) < 100 {
		t.Fatalf("found only %d keys; the scan is broken", len(keys))
	}
	for key, where := range keys {
		if !strings.HasPrefix(where, "templates/") && bundle.Has("id", "audit.action."+key) {
			continue // an audit action name, shown as audit.action.<name>
		}
		for _, lang := range i18n.Langs {
			if !bundle.Has(lang, key) {
				t.Errorf("%s: key %q has no %s text", where, key, lang)
			}
		}
	}
}
