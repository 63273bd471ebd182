package auth_test

import (
	"strings"
	"testing"

	"github.com/bina-pustaka/bina/internal/apperr"
	"github.com/bina-pustaka/bina/internal/auth"
)

func TestHashPasswordDefaultIsPHCArgon2id(t *testing.T) {
	h, err := auth.HashPassword(goodPassword)
	must(t, err)
	if !strings.HasPrefix(h, "$argon2id$v=19$m=65536,t=1,p=2$") {
		t.Fatalf("hash %q is not argon2id with the default parameters", h)
	}
	if !auth.CheckPassword(h, goodPassword) {
		t.Fatal("the right password does not match its hash")
	}
	if auth.CheckPassword(h, goodPassword+"x") {
		t.Fatal("a wrong password matches")
	}
	if auth.DefaultHashParams.NeedsRehash(h) || !cheapHash.NeedsRehash(h) {
		t.Fatal("NeedsRehash does not compare the parameters")
	}
}

func TestHashesAreSaltedAndMalformedNeverMatch(t *testing.T) {
	a, err := cheapHash.Hash(goodPassword)
	must(t, err)
	b, err := cheapHash.Hash(goodPassword)
	must(t, err)
	if a == b {
		t.Fatal("two hashes of one password are equal: no salt")
	}
	for _, bad := range []string{"", goodPassword, "$argon2i$v=19$m=64,t=1,p=1$c2FsdHNhbHQ$aGFzaGhhc2hoYXNoaGFzaA",
		strings.Replace(a, "m=64", "m=99999999", 1), strings.Replace(a, "v=19", "v=16", 1), a[:len(a)-4]} {
		if auth.CheckPassword(bad, goodPassword) {
			t.Errorf("malformed hash %q matched", bad)
		}
	}
}

func TestValidatePassword(t *testing.T) {
	cases := []struct {
		pw  string
		key string // "" = valid
	}{
		{"", "field.required"},
		{"pendek", "password.too_short"},
		{"123456789", "password.too_short"},
		{"1234567890", ""},
		{"sandi🔑🔑🔑🔑🔑", ""}, // ten characters, more bytes
		{strings.Repeat("a", 200), ""},
		{strings.Repeat("a", 201), "field.too_long"},
	}
	for _, c := range cases {
		err := auth.ValidatePassword(c.pw)
		if c.key == "" {
			if err != nil {
				t.Errorf("ValidatePassword(%q) = %v, want ok", c.pw, err)
			}
			continue
		}
		e := apperr.As(err)
		if err == nil || e.Code != apperr.Invalid || len(e.Problems) != 1 || e.Problems[0].Field != "password" || e.Problems[0].Key != c.key {
			t.Errorf("ValidatePassword(%q) = %v, want password %s", c.pw, err, c.key)
		}
	}
}

// BenchmarkHashPassword measures one login's hashing cost with the
// production parameters; see the DefaultHashParams comment for the result.
func BenchmarkHashPassword(b *testing.B) {
	for b.Loop() {
		if _, err := auth.HashPassword(goodPassword); err != nil {
			b.Fatal(err)
		}
	}
}
