package web_test

import (
	"fmt"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"

	"github.com/bina-pustaka/bina/internal/complaint"
	"github.com/bina-pustaka/bina/internal/i18n"
)

// Complaint keys built from data, and those the services and handlers pass
// as strings, exist in both languages (TestEveryShownKeyIsTranslated covers
// the templates' literal keys).
func TestComplaintKeysTranslated(t *testing.T) {
	bundle, err := i18n.New()
	if err != nil {
		t.Fatal(err)
	}
	keys := map[string]string{}
	for _, c := range complaint.Classes {
		keys["complaint.class."+string(c)] = "complaint.Classes"
		keys["complaint.class_help."+string(c)] = "complaint.Classes"
	}
	for _, c := range complaint.Categories {
		keys["complaint.category."+c] = "complaint.Categories"
	}
	for _, s := range complaint.Statuses {
		keys["complaint.status."+string(s)] = "complaint.Statuses"
	}
	for _, s := range []complaint.Status{complaint.StatusNew, complaint.StatusVerified, complaint.StatusAnswered} {
		keys["complaint.due."+string(s)] = "deadline labels"
	}
	for _, k := range complaint.EventKinds {
		keys["complaint.event."+k] = "complaint.EventKinds"
	}
	for _, s := range []string{complaint.StageVerify, complaint.StageDecide} {
		keys["complaint.stage."+s] = "escalation stages"
	}
	for _, k := range complaint.HolidayKinds {
		keys["complaint.holiday_kind."+k] = "complaint.HolidayKinds"
	}
	for n := 1; n <= 5; n++ {
		keys[fmt.Sprintf("complaint.rating.%d", n)] = "ratings"
	}
	keys["kind.complaint"], keys["kind.holiday"] = "apperr.NotFoundError", "apperr.NotFoundError"

	literal := regexp.MustCompile(`"((?:complaint|holiday)\.[a-z0-9_.]+)"`)
	files, _ := filepath.Glob("../complaint/*.go")
	web, _ := filepath.Glob("complaints*.go")
	for _, f := range append(files, web...) {
		if strings.HasSuffix(f, "_test.go") {
			continue
		}
		b, err := os.ReadFile(f)
		if err != nil {
			t.Fatal(err)
		}
		for _, m := range literal.FindAllStringSubmatch(string(b), -1) {
			keys[m[1]] = f
		}
	}
	if len(keys) < 60 {
		t.Fatalf("found only %d keys; the scan is broken", len(keys))
	}
	for key, where := range keys {
		if bundle.Has("id", "audit.action."+key) && bundle.Has("en", "audit.action."+key) {
			continue // an audit action, shown as audit.action.<name>
		}
		for _, lang := range i18n.Langs {
			if !bundle.Has(lang, key) {
				t.Errorf("%s: key %q has no %s text", where, key, lang)
			}
		}
	}
}
