package demo

import (
	"math"
	"slices"
	"strconv"
	"testing"

	"github.com/bina-pustaka/bina/internal/suggestion"
)

// Answers drawn around a mean average to that mean, so a profile's means
// are the NRRs the demo shows (give or take the sample).
func TestDrawScoreKeepsTheMean(t *testing.T) {
	const n = 20000
	for _, mean := range []float64{1.2, 2.0, 2.68, 2.98, 3.12, 3.5, 3.85, 4.0} {
		sum := 0
		for i := range n {
			sum += int(drawScore((float64(i)+0.5)/n, mean))
		}
		if got := float64(sum) / n; math.Abs(got-mean) > 0.001 {
			t.Errorf("mean %.2f: answers average %.4f", mean, got)
		}
	}
}

func TestVoiceProfilesOfTheDemoLibraries(t *testing.T) {
	for _, l := range Libraries() {
		p, ok := voiceProfiles[l.City]
		if !ok {
			t.Errorf("%s has no patron-voice profile", l.City)
			continue
		}
		lowest := slices.Index(p.means[:], slices.Min(p.means[:]))
		if lowest != p.weak {
			t.Errorf("%s: follow-up plans for U%d, but U%d has the lowest mean", l.City, p.weak+1, lowest+1)
		}
		for _, i := range p.signature {
			if i < 0 || i >= len(complaintTexts) {
				t.Errorf("%s: signature complaint %d does not exist", l.City, i)
			}
		}
		if p.complaints < 6 || p.complaints > 15 {
			t.Errorf("%s: %d complaints, want 6–15", l.City, p.complaints)
		}
	}
}

// The made-up ISBNs pass the book-request form, and the ISBN-10 and the
// hyphenated ISBN-13 a patron types are the same book.
func TestDemoISBNs(t *testing.T) {
	for _, b := range bookTexts {
		isbn13 := b.isbn12 + strconv.Itoa(isbn13Check(b.isbn12))
		for _, typed := range []string{isbn13, isbn10(isbn13)} {
			got, err := suggestion.NormalizeISBN(typed)
			if err != nil || got != isbn13 {
				t.Errorf("%s: %q reads as %q, %v; want %s", b.title, typed, got, err, isbn13)
			}
		}
	}
}
