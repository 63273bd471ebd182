package web_test

import (
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"

	"github.com/bina-pustaka/bina/internal/i18n"
	"github.com/bina-pustaka/bina/internal/training"
)

// Training keys built from data, and those the service and handlers pass
// as strings, exist in both languages (TestEveryShownKeyIsTranslated covers
// the templates' literal keys).
func TestTrainingKeysTranslated(t *testing.T) {
	bundle, err := i18n.New()
	if err != nil {
		t.Fatal(err)
	}
	keys := map[string]string{}
	add := func(prefix string, codes []string, where string) {
		for _, c := range codes {
			keys[prefix+c] = where
		}
	}
	add("training.type.", training.Types, "training.Types")
	add("training.level.", training.Levels, "training.Levels")
	add("training.modality.", training.Modalities, "training.Modalities")
	add("training.provider.", training.ProviderKinds, "training.ProviderKinds")
	add("training.session_status.", training.SessionStatuses, "training.SessionStatuses")
	add("training.enrolment_status.", training.EnrolmentStatuses, "training.EnrolmentStatuses")
	add("training.origin.", []string{training.Nominated, training.Registered}, "origins")
	add("training.gain.", []string{training.GainLow, training.GainMedium, training.GainHigh}, "gain bands")
	add("training.field.", []string{"type", "level", "modality", "provider_kind"}, "training_program_form.html")
	add("kind.", []string{"training_program", "training_session", "training_enrolment", "training_material"}, "apperr.NotFoundError")
	add("training.material_kind.", training.MaterialKinds, "training.MaterialKinds")
	for _, f := range []string{training.FieldWeightGap, training.FieldWeightJP, training.FieldWeightInterest, training.FieldWeightPreference} {
		add("training.reco.", []string{f, f + "_help"}, "training_reco_weights.go")
	}

	literal := regexp.MustCompile(`"((?:training|record)\.[a-z0-9_.]+)"`)
	files, _ := filepath.Glob("../training/*.go")
	web, _ := filepath.Glob("training*.go")
	for _, f := range append(append(files, web...), "../record/credit.go") {
		if strings.HasSuffix(f, "_test.go") {
			continue
		}
		b, err := os.ReadFile(f)
		if err != nil {
			t.Fatal(err)
		}
		for _, m := range literal.FindAllStringSubmatch(string(b), -1) {
			if strings.HasSuffix(m[1], ".") {
				continue // a prefix completed at run time; its keys are added above
			}
			keys[m[1]] = f
		}
	}
	if len(keys) < 100 {
		t.Fatalf("found only %d keys; the scan is broken", len(keys))
	}
	for key, where := range keys {
		if bundle.Has("id", "audit.action."+key) {
			continue // an audit action, shown as audit.action.<name>
		}
		for _, lang := range i18n.Langs {
			if !bundle.Has(lang, key) {
				t.Errorf("%s: key %q has no %s text", where, key, lang)
			}
		}
	}
}
