package suggestion_test

import (
	"testing"

	"github.com/bina-pustaka/bina/internal/suggestion"
)

func TestNormalizeISBN(t *testing.T) {
	for _, tc := range []struct {
		in, want string
		err      error
	}{
		{"978-0-306-40615-7", "9780306406157", nil},
		{"9780306406157", "9780306406157", nil},
		{"0-306-40615-2", "9780306406157", nil}, // ISBN-10 of the same book
		{"0306406152", "9780306406157", nil},
		{"080442957X", "9780804429573", nil}, // check digit X
		{"0-8044-2957-x", "9780804429573", nil},
		{"979-3062-79-7", "9789793062792", nil}, // Laskar Pelangi, ISBN-10 form
		{"ISBN 978-602-03-3125-6", "9786020331256", nil},
		{"ISBN-13: 978 602 03 3125 6", "9786020331256", nil},
		{"ISBN-10: 0-306-40615-2", "9780306406157", nil},
		{"isbn:9791090636071", "9791090636071", nil},
		{"  978.602.424.694.5 ", "9786024246945", nil},
		{"978-0-306-40615-8", "", suggestion.ErrISBNChecksum},
		{"0-306-40615-3", "", suggestion.ErrISBNChecksum},
		{"9770306406157", "", suggestion.ErrISBNFormat}, // an EAN, not a book
		{"97803064061", "", suggestion.ErrISBNFormat},   // 11 digits
		{"03064X6152", "", suggestion.ErrISBNFormat},    // X only as the check digit
		{"978030640615X", "", suggestion.ErrISBNFormat},
		{"978-0-306-4O615-7", "", suggestion.ErrISBNFormat}, // letter O for zero
		{"laskar pelangi", "", suggestion.ErrISBNFormat},
	} {
		got, err := suggestion.NormalizeISBN(tc.in)
		if got != tc.want || err != tc.err {
			t.Errorf("NormalizeISBN(%q) = %q, %v; want %q, %v", tc.in, got, err, tc.want, tc.err)
		}
	}
}

func TestTitleAndAuthorKeys(t *testing.T) {
	same := []struct{ a, b string }{
		{"Laskar Pelangi", "  laskar   PELANGI "},
		{"Laskar Pelangi!", "Laskar-Pelangi"},
		{"The Hobbit", "Hobbit"},
		{"A Little Life", "little life"},
		{"Café Paris", "Cafe Paris"},
		{"Bumi Manusia: Tetralogi Buru #1", "bumi manusia tetralogi buru 1"},
		{"Don't Make Me Think", "Dont make me think"},
		{"Ronggeng Dukuh Paruk", "Ronggeng—Dukuh—Paruk"},
	}
	for _, tc := range same {
		if a, b := suggestion.TitleKey(tc.a), suggestion.TitleKey(tc.b); a != b {
			t.Errorf("TitleKey(%q) = %q, TitleKey(%q) = %q; want equal", tc.a, a, tc.b, b)
		}
	}
	// An article that is the whole title stays; articles inside stay.
	if got := suggestion.TitleKey("The"); got != "the" {
		t.Errorf("TitleKey(The) = %q", got)
	}
	if got := suggestion.TitleKey("Gone with the Wind"); got != "gone with the wind" {
		t.Errorf("TitleKey = %q", got)
	}
	if a, b := suggestion.TitleKey("Laskar Pelangi"), suggestion.TitleKey("Sang Pemimpi"); a == b {
		t.Errorf("different titles share key %q", a)
	}
	if got := suggestion.TitleKey("!!! ---"); got != "" {
		t.Errorf("punctuation-only title has key %q", got)
	}

	for _, tc := range []struct{ a, b string }{
		{"Pramoedya Ananta Toer", "Toer, Pramoedya Ananta"},
		{"Andréa Hirata", "andrea hirata"},
		{"Tere Liye", "Liye, Tere"},
	} {
		if a, b := suggestion.AuthorKey(tc.a), suggestion.AuthorKey(tc.b); a != b {
			t.Errorf("AuthorKey(%q) = %q, AuthorKey(%q) = %q; want equal", tc.a, a, tc.b, b)
		}
	}

	if a, b := suggestion.MatchKey("", "Laskar Pelangi", "Andrea Hirata"), suggestion.MatchKey("", "laskar pelangi", "Hirata, Andrea"); a != b {
		t.Errorf("match keys differ: %q %q", a, b)
	}
	if a, b := suggestion.MatchKey("", "Laskar Pelangi", "Andrea Hirata"), suggestion.MatchKey("", "Laskar Pelangi", ""); a == b {
		t.Errorf("an author-less ask shares the key %q", a)
	}
	if got := suggestion.MatchKey("9789793062792", "whatever", "anyone"); got != "isbn:9789793062792" {
		t.Errorf("ISBN match key = %q", got)
	}
}

func TestTrackingCodes(t *testing.T) {
	for _, tc := range []struct{ in, want string }{
		{"K7QM-2XHD-9PRA", "K7QM2XHD9PRA"},
		{"k7qm 2xhd 9pra", "K7QM2XHD9PRA"},
		{"K7QM2XHD9PRA", "K7QM2XHD9PRA"},
		{"K7QM-2XHD-9PR", ""},   // too short
		{"K7QM-2XHD-9PR0", ""},  // 0 is not in the alphabet
		{"K7QM-2XHD-9PRA'", ""}, // junk
	} {
		if got := suggestion.NormalizeCode(tc.in); got != tc.want {
			t.Errorf("NormalizeCode(%q) = %q, want %q", tc.in, got, tc.want)
		}
	}
	if got := suggestion.FormatCode("K7QM2XHD9PRA"); got != "K7QM-2XHD-9PRA" {
		t.Errorf("FormatCode = %q", got)
	}
}
