package suggestion

import (
	"errors"
	"strings"
)

// ISBN errors; validation turns them into field messages.
var (
	ErrISBNFormat   = errors.New("isbn: not 10 or 13 digits")
	ErrISBNChecksum = errors.New("isbn: check digit does not match")
)

// NormalizeISBN checks an ISBN-10 or ISBN-13 as a patron types it
// ("ISBN 978-602-03-1258-7", "979 3062 79 X") and returns it as 13 digits,
// so that the two forms of one book match. Hyphens, spaces, dots, a leading
// "ISBN" (with ":", "-10" or "-13") are ignored; anything else is refused.
// A 13-digit number must start with 978 or 979 (other EANs are not books).
func NormalizeISBN(raw string) (string, error) {
	s := strings.ToUpper(strings.TrimSpace(raw))
	if rest, ok := strings.CutPrefix(s, "ISBN"); ok {
		s = rest
		// "ISBN-13: …", "ISBN13 …", "ISBN: …" — but never the number's own digits.
		for _, p := range []string{"-13", "-10", "13", "10"} {
			if r, ok := strings.CutPrefix(s, p); ok && (p[0] == '-' || strings.HasPrefix(r, ":") || strings.HasPrefix(r, " ")) {
				s = r
				break
			}
		}
		s = strings.TrimPrefix(strings.TrimSpace(s), ":")
	}
	var b strings.Builder
	for _, c := range s {
		switch {
		case c >= '0' && c <= '9' || c == 'X':
			b.WriteRune(c)
		case c == '-' || c == ' ' || c == '.' || c == '\u2010' || c == '\u2013':
		default:
			return "", ErrISBNFormat
		}
	}
	d := b.String()
	switch len(d) {
	case 10:
		if strings.IndexByte(d[:9], 'X') >= 0 {
			return "", ErrISBNFormat
		}
		sum := 0
		for i := 0; i < 10; i++ {
			v := int(d[i] - '0')
			if d[i] == 'X' {
				v = 10
			}
			sum += (10 - i) * v
		}
		if sum%11 != 0 {
			return "", ErrISBNChecksum
		}
		body := "978" + d[:9]
		return body + string(rune('0'+ean13Check(body))), nil
	case 13:
		if strings.IndexByte(d, 'X') >= 0 {
			return "", ErrISBNFormat
		}
		if !strings.HasPrefix(d, "978") && !strings.HasPrefix(d, "979") {
			return "", ErrISBNFormat
		}
		if int(d[12]-'0') != ean13Check(d[:12]) {
			return "", ErrISBNChecksum
		}
		return d, nil
	}
	return "", ErrISBNFormat
}

// ean13Check is the EAN-13 check digit of 12 digits: weights 1, 3, 1, 3 …
func ean13Check(d string) int {
	sum := 0
	for i := 0; i < 12; i++ {
		w := 1
		if i%2 == 1 {
			w = 3
		}
		sum += w * int(d[i]-'0')
	}
	return (10 - sum%10) % 10
}
