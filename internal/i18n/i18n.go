// Package i18n translates Bina Pustaka's messages into Indonesian (the
// default) and English, and formats dates and numbers the way each language
// writes them. Message ids are the keys services put in apperr errors
// ("field.required") and templates ask for ("nav.home").
package i18n

import (
	"embed"
	"fmt"
	"io/fs"
	"strings"

	goi18n "github.com/nicksnyder/go-i18n/v2/i18n"
	"golang.org/x/text/language"
)

// Langs are the supported languages, the default first.
var Langs = []string{"id", "en"}

// defaultLang is what everyone gets unless they ask for something else: the
// users are Indonesian librarians.
const defaultLang = "id"

//go:embed locales/*.json
var locales embed.FS

// Bundle holds the messages of every supported language. It is read-only
// after New and safe for concurrent use.
type Bundle struct {
	localizers map[string]*goi18n.Localizer
	keys       map[string]map[string]bool // lang → message ids present in its file
}

// New loads the embedded message files.
func New() (*Bundle, error) {
	return newBundle(locales)
}

// newBundle loads locales/<lang>.json for every language in Langs from fsys;
// tests pass their own files.
func newBundle(fsys fs.FS) (*Bundle, error) {
	gb := goi18n.NewBundle(language.Make(defaultLang))
	b := &Bundle{localizers: map[string]*goi18n.Localizer{}, keys: map[string]map[string]bool{}}
	for _, lang := range Langs {
		path := "locales/" + lang + ".json"
		mf, err := gb.LoadMessageFileFS(fsys, path)
		if err != nil {
			return nil, fmt.Errorf("i18n: load %s: %w", path, err)
		}
		keys := make(map[string]bool, len(mf.Messages))
		for _, m := range mf.Messages {
			keys[m.ID] = true
		}
		b.keys[lang] = keys
	}
	for _, lang := range Langs {
		// The localizer itself falls back to the bundle's default language.
		b.localizers[lang] = goi18n.NewLocalizer(gb, lang)
	}
	return b, nil
}

// T translates key into lang, filling text/template placeholders such as
// {{.Line}} from args. A missing message falls back to Indonesian, then to the
// key itself, so a forgotten translation shows up on screen instead of
// breaking the page. args["Count"], when set, chooses the plural form of
// messages written with "one"/"other" variants.
//
// The result is plain text: let html/template escape it, since args often
// carry user input (a CSV column name, a person's name).
func (b *Bundle) T(lang, key string, args map[string]any) (out string) {
	if b == nil {
		return key
	}
	defer func() {
		// A template that panics on odd args must not take the page down.
		if recover() != nil {
			out = key
		}
	}()
	loc := b.localizers[normalize(lang)]
	cfg := &goi18n.LocalizeConfig{MessageID: key, TemplateData: args}
	if c, ok := args["Count"]; ok {
		cfg.PluralCount = c
	}
	msg, err := loc.Localize(cfg)
	if msg == "" && err != nil && cfg.PluralCount != nil {
		// Count was not a number go-i18n understands; render the "other" form.
		cfg.PluralCount = nil
		msg, err = loc.Localize(cfg)
	}
	if msg == "" && err != nil {
		return key
	}
	return msg
}

// Has reports whether lang's own file defines key (no fallback), for callers
// that build keys from data ("kind." + kind) and want a plain value otherwise.
func (b *Bundle) Has(lang, key string) bool {
	if b == nil {
		return false
	}
	return b.keys[normalize(lang)][key]
}

// normalize maps anything that is not a supported language to the default.
func normalize(lang string) string {
	lang = strings.ToLower(strings.TrimSpace(lang))
	for _, l := range Langs {
		if l == lang {
			return l
		}
	}
	return defaultLang
}

// matcher picks among Langs in the same order.
var matcher = language.NewMatcher([]language.Tag{language.Indonesian, language.English})

// Match picks the language for a request: the cookie the user set with the
// language switch wins, then the browser's Accept-Language, then Indonesian.
func Match(acceptLanguage, cookie string) string {
	c := strings.ToLower(strings.TrimSpace(cookie))
	for _, l := range Langs {
		if c == l {
			return l
		}
	}
	tags, _, err := language.ParseAcceptLanguage(acceptLanguage)
	if err != nil || len(tags) == 0 {
		return defaultLang
	}
	_, i, conf := matcher.Match(tags...)
	if conf == language.No || i < 0 || i >= len(Langs) {
		return defaultLang
	}
	return Langs[i]
}
