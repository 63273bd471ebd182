package ikm

import "strings"

// maxLabel is longer than any official label ("ada tetapi tidak berfungsi"
// has 26 bytes); a longer cell cannot be one.
const maxLabel = 32

// labels are the official answers of each element in lower case, the form
// a cell is compared in.
var labels = func() (out [NumElements][4]string) {
	for i, el := range Elements {
		for j, a := range el.Answers {
			out[i][j] = strings.ToLower(a)
		}
	}
	return out
}()

// score reads one answer to element el: the official label in any case and
// spacing, 1–4, or a–d. A blank cell is (0, true); anything else unknown is
// (0, false). It runs nine million times for a million rows, so it
// normalizes into a stack buffer and compares against four strings instead
// of allocating or hashing.
func score(el int, cell []byte) (uint8, bool) {
	// Most exports hold the labels exactly as the form offered them: find
	// the one label a cell of that length and first letter can be, and
	// compare once.
	if len(cell) > 0 {
		t := &exactLabels[el]
		if l := &t.slot[exactSlot(cell)]; l.score != 0 && string(cell) == l.text {
			return l.score, true
		}
		if t.collide {
			for j, l := range &Elements[el].Answers {
				if string(cell) == l {
					return uint8(j + 1), true
				}
			}
		}
	}
	return scoreLoose(el, cell)
}

// exactTable maps a cell's slot to the official label that may be there.
// collide is set when two labels share a slot; they are then compared one
// by one.
type exactTable struct {
	slot [64]struct {
		score uint8 // 0: no label in this slot
		text  string
	}
	collide bool
}

func exactSlot(cell []byte) uint { return (uint(len(cell))*31 + uint(cell[0])) & 63 }

var exactLabels = func() (out [NumElements]exactTable) {
	for i, el := range Elements {
		for j, a := range el.Answers {
			l := &out[i].slot[exactSlot([]byte(a))]
			if l.score != 0 {
				out[i].collide = true
			}
			l.score, l.text = uint8(j+1), a
		}
	}
	return out
}()

// scoreLoose is score for cells not written exactly as the official label.
func scoreLoose(el int, cell []byte) (uint8, bool) {
	var buf [maxLabel]byte
	n := 0
	space := false
	for k := 0; k < len(cell); k++ {
		c := cell[k]
		switch {
		case isSpace(c):
			space = true
			continue
		case c == 0xC2 && k+1 < len(cell) && cell[k+1] == 0xA0: // no-break space
			k++
			space = true
			continue
		}
		if space && n > 0 {
			if n == maxLabel {
				return 0, false
			}
			buf[n] = ' '
			n++
		}
		space = false
		if n == maxLabel {
			return 0, false
		}
		if 'A' <= c && c <= 'Z' {
			c += 'a' - 'A'
		}
		buf[n] = c
		n++
	}
	switch n {
	case 0:
		return 0, true
	case 1:
		switch c := buf[0]; {
		case '1' <= c && c <= '4':
			return c - '0', true
		case 'a' <= c && c <= 'd':
			return c - 'a' + 1, true
		}
		return 0, false
	}
	s := buf[:n]
	for j, l := range &labels[el] {
		if string(s) == l {
			return uint8(j + 1), true
		}
	}
	return 0, false
}

// trimSpace trims ASCII white space and no-break spaces from both ends.
func trimSpace(b []byte) []byte {
	for len(b) > 0 {
		if isSpace(b[0]) {
			b = b[1:]
		} else if len(b) > 1 && b[0] == 0xC2 && b[1] == 0xA0 {
			b = b[2:]
		} else {
			break
		}
	}
	for n := len(b); n > 0; n = len(b) {
		if isSpace(b[n-1]) {
			b = b[:n-1]
		} else if n > 1 && b[n-2] == 0xC2 && b[n-1] == 0xA0 {
			b = b[:n-2]
		} else {
			break
		}
	}
	return b
}

func isSpace(c byte) bool { return c == ' ' || c == '\t' || c == '\n' || c == '\r' }
