package web

import (
	"testing"

	"github.com/bina-pustaka/bina/internal/apperr"
	"github.com/bina-pustaka/bina/internal/i18n"
	"github.com/bina-pustaka/bina/internal/training"
)

// A gap reason reads as a sentence in both languages, singular and plural.
func TestGapReasonWording(t *testing.T) {
	bundle, err := i18n.New()
	if err != nil {
		t.Fatal(err)
	}
	s := &Server{i18n: bundle}
	reason := func(n int) training.Reason {
		return training.Reason{Key: training.ReasonGap, Args: apperr.Args{"Levels": n, "Competency": "Literasi informasi"}}
	}
	for _, c := range []struct {
		lang   string
		levels int
		want   string
	}{
		{"en", 1, "Closes a gap of 1 level in Literasi informasi"},
		{"en", 2, "Closes a gap of 2 levels in Literasi informasi"},
		{"id", 1, "Menutup kesenjangan 1 tingkat pada Literasi informasi"},
		{"id", 3, "Menutup kesenjangan 3 tingkat pada Literasi informasi"},
	} {
		if got := s.reasonText(c.lang, reason(c.levels)); got != c.want {
			t.Errorf("%s, %d: %q, want %q", c.lang, c.levels, got, c.want)
		}
	}
}
