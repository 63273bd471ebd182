package suggestion

import (
	"sort"
	"strings"
	"unicode"

	"golang.org/x/text/unicode/norm"
)

// leadingArticles are dropped from the start of a title so "The Hobbit" and
// "Hobbit" match. Indonesian has no articles; these are the English ones
// that foreign titles in a local collection carry.
var leadingArticles = map[string]bool{"the": true, "a": true, "an": true}

// foldWords lower-cases s, strips accents ("Pramoedya Ananta Toër" →
// "pramoedya ananta toer"), deletes apostrophes ("Don't" → "dont"), treats
// every other punctuation mark as a space, and returns the words.
func foldWords(s string) []string {
	var b strings.Builder
	for _, r := range norm.NFD.String(s) {
		switch {
		case unicode.Is(unicode.Mn, r):
			// a combining accent, separated from its letter by NFD
		case r == '\'' || r == '\u2019' || r == '\u2018' || r == '`':
		case unicode.IsLetter(r) || unicode.IsDigit(r):
			b.WriteRune(unicode.ToLower(r))
		default:
			b.WriteByte(' ')
		}
	}
	return strings.Fields(b.String())
}

// TitleKey is the comparable form of a title: folded (see foldWords), spaces
// collapsed, a leading article dropped unless it is the whole title.
func TitleKey(title string) string {
	w := foldWords(title)
	if len(w) > 1 && leadingArticles[w[0]] {
		w = w[1:]
	}
	return strings.Join(w, " ")
}

// AuthorKey is the comparable form of an author: folded words in sorted
// order, so "Toer, Pramoedya Ananta" (as catalogues write it) and
// "Pramoedya Ananta Toer" (as patrons do) match.
func AuthorKey(author string) string {
	w := foldWords(author)
	sort.Strings(w)
	return strings.Join(w, " ")
}

// titleAuthorKey joins the two keys; "|" cannot occur inside either.
func titleAuthorKey(title, author string) string {
	return TitleKey(title) + "|" + AuthorKey(author)
}

// MatchKey is what makes two asks the same book: the ISBN-13 when the
// patron gave one, else the title and author keys.
func MatchKey(isbn13, title, author string) string {
	if isbn13 != "" {
		return "isbn:" + isbn13
	}
	return "title:" + titleAuthorKey(title, author)
}
