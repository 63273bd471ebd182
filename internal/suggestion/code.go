package suggestion

import (
	"crypto/rand"
	"strings"
)

// codeAlphabet has 32 symbols without the look-alikes 0/O and 1/I, so a
// code read aloud or copied from a phone screen survives.
const codeAlphabet = "ABCDEFGHJKLMNPQRSTUVWXYZ23456789"

// codeLength symbols of 5 bits each: 60 random bits, far beyond guessing
// through a rate-limited page.
const codeLength = 12

// newTrackingCode returns a fresh random code, stored without separators.
func newTrackingCode() string {
	b := make([]byte, codeLength)
	if _, err := rand.Read(b); err != nil {
		panic(err) // crypto/rand does not fail on supported platforms
	}
	for i := range b {
		b[i] = codeAlphabet[b[i]&31]
	}
	return string(b)
}

// FormatCode groups a stored code for reading: "K7QM-2XHD-9PRA".
func FormatCode(code string) string {
	if len(code) != codeLength {
		return code
	}
	return code[:4] + "-" + code[4:8] + "-" + code[8:]
}

// NormalizeCode accepts a code as a person types it — any case, with or
// without hyphens and spaces — and returns the stored form ("" when it
// cannot be one of ours).
func NormalizeCode(s string) string {
	var b strings.Builder
	for _, r := range strings.ToUpper(s) {
		switch {
		case r == '-' || r == ' ':
		case r < 128 && strings.IndexByte(codeAlphabet, byte(r)) >= 0:
			b.WriteRune(r)
		default:
			return ""
		}
	}
	if b.Len() != codeLength {
		return ""
	}
	return b.String()
}
