package web

import (
	"testing"

	"github.com/bina-pustaka/bina/internal/record"
)

// Days kept as text are shown as dates people read, not as ISO strings.
func TestDayIsShownAsADate(t *testing.T) {
	for _, c := range []struct {
		lang string
		day  any
		want string
	}{
		{"id", "2026-12-16", "16 Desember 2026"},
		{"en", record.Date("2028-08-08"), "8 August 2028"},
		{"id", "", ""},
		{"id", "besok", "besok"},
	} {
		v := &view{Lang: c.lang}
		if got := v.Day(c.day); got != c.want {
			t.Errorf("%s %v: %q, want %q", c.lang, c.day, got, c.want)
		}
	}
}
