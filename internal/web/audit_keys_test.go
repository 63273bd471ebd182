package web_test

import (
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"

	"github.com/bina-pustaka/bina/internal/i18n"
)

// Every action written to the audit log has a label in both languages, or
// the audit page shows "audit.action.certificate.issue" to the library head.
// The action is the first string literal of each audit call.
func TestEveryAuditActionHasALabel(t *testing.T) {
	bundle, err := i18n.New()
	if err != nil {
		t.Fatal(err)
	}
	call := regexp.MustCompile(`(?:audit\.Record|audit\.RecordAt|recordAudit|s\.audit|auditTx)\([^"\n]*"([a-z_]+\.[a-z_.]+)"(\s*\+\s*(\w+))?`)
	actions := map[string]string{}
	err = filepath.WalkDir("..", func(path string, de os.DirEntry, err error) error {
		if err != nil || de.IsDir() || !strings.HasSuffix(path, ".go") || strings.HasSuffix(path, "_test.go") {
			return err
		}
		b, _ := os.ReadFile(path)
		for _, m := range call.FindAllStringSubmatch(string(b), -1) {
			if m[2] != "" {
				// A prefix completed at run time ("assessment.rate_" + role):
				// the completions are listed below.
				continue
			}
			actions[m[1]] = path
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	for _, role := range []string{"self", "supervisor", "peer"} {
		actions["assessment.rate_"+role] = "competency/assessment_rating.go"
	}
	if len(actions) < 30 {
		t.Fatalf("found only %d audit actions; the scan is broken", len(actions))
	}
	for action, where := range actions {
		for _, lang := range i18n.Langs {
			if !bundle.Has(lang, "audit.action."+action) {
				t.Errorf("%s: audit action %q has no %s label (audit.action.%s)", where, action, lang, action)
			}
		}
	}
}
