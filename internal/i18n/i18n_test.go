package i18n

import (
	"encoding/json"
	"fmt"
	"regexp"
	"slices"
	"sort"
	"strings"
	"testing"
	"testing/fstest"
)

// readLocale returns every message of one language as id → its texts (one per
// plural form), failing on duplicate keys, which encoding/json would silently
// resolve to the last one.
func readLocale(t *testing.T, lang string) map[string][]string {
	t.Helper()
	buf, err := locales.ReadFile("locales/" + lang + ".json")
	if err != nil {
		t.Fatal(err)
	}
	dec := json.NewDecoder(strings.NewReader(string(buf)))
	if _, err := dec.Token(); err != nil { // {
		t.Fatal(err)
	}
	out := map[string][]string{}
	for dec.More() {
		tok, err := dec.Token()
		if err != nil {
			t.Fatalf("%s: %v", lang, err)
		}
		key := tok.(string)
		var raw any
		if err := dec.Decode(&raw); err != nil {
			t.Fatalf("%s: %s: %v", lang, key, err)
		}
		if _, dup := out[key]; dup {
			t.Errorf("%s.json: key %q appears twice", lang, key)
		}
		switch v := raw.(type) {
		case string:
			out[key] = []string{v}
		case map[string]any:
			for form, text := range v {
				s, ok := text.(string)
				if !ok {
					t.Errorf("%s.json: %s.%s is not text", lang, key, form)
				}
				out[key] = append(out[key], s)
			}
		default:
			t.Errorf("%s.json: %s has unexpected type %T", lang, key, raw)
		}
	}
	return out
}

var placeholderRE = regexp.MustCompile(`\{\{-?\s*\.([A-Za-z_][A-Za-z0-9_]*)\s*-?\}\}`)

// placeholders lists the distinct {{.Name}} fields used in texts, sorted.
func placeholders(texts []string) []string {
	set := map[string]bool{}
	for _, s := range texts {
		for _, m := range placeholderRE.FindAllStringSubmatch(s, -1) {
			set[m[1]] = true
		}
	}
	out := make([]string, 0, len(set))
	for k := range set {
		out = append(out, k)
	}
	sort.Strings(out)
	return out
}

func TestLocalesHaveTheSameKeysAndPlaceholders(t *testing.T) {
	all := map[string]map[string][]string{}
	for _, lang := range Langs {
		all[lang] = readLocale(t, lang)
	}
	for _, a := range Langs {
		for _, b := range Langs {
			if a == b {
				continue
			}
			for key, texts := range all[a] {
				other, ok := all[b][key]
				if !ok {
					t.Errorf("%q is in %s.json but not in %s.json", key, a, b)
					continue
				}
				if pa, pb := placeholders(texts), placeholders(other); !slices.Equal(pa, pb) {
					t.Errorf("%q uses %v in %s but %v in %s", key, pa, a, pb, b)
				}
			}
		}
	}
}

// Every message must render with its own placeholders filled: a broken
// template or a typo in a field name would show raw braces or "<no value>".
func TestEveryMessageRenders(t *testing.T) {
	b, err := New()
	if err != nil {
		t.Fatal(err)
	}
	for _, lang := range Langs {
		for key, texts := range readLocale(t, lang) {
			args := map[string]any{}
			for _, p := range placeholders(texts) {
				args[p] = 7
			}
			for _, count := range []int{1, 7} {
				if _, ok := args["Count"]; ok {
					args["Count"] = count
				}
				got := b.T(lang, key, args)
				if got == key || got == "" || strings.Contains(got, "{{") || strings.Contains(got, "<no value>") {
					t.Errorf("T(%s, %s) = %q", lang, key, got)
				}
			}
		}
	}
}

func TestT(t *testing.T) {
	b, err := New()
	if err != nil {
		t.Fatal(err)
	}
	cases := []struct {
		lang, key string
		args      map[string]any
		want      string
	}{
		{"id", "nav.home", nil, "Beranda"},
		{"en", "nav.home", nil, "Home"},
		{"", "login.submit", nil, "Masuk"},        // no preference: Indonesian
		{"fr", "login.submit", nil, "Masuk"},      // unsupported: Indonesian
		{"EN", "login.submit", nil, "Log in"},     // case does not matter
		{"id", "no.such.key", nil, "no.such.key"}, // unknown: the key itself
		{"id", "import.problem", map[string]any{"Line": 12, "Column": "NIP", "Message": "NIP harus 18 digit."},
			`Baris 12, kolom "NIP": NIP harus 18 digit.`},
		{"en", "import.problem", map[string]any{"Line": 12, "Column": "NIP", "Message": "The NIP must be 18 digits."},
			`Line 12, column "NIP": The NIP must be 18 digits.`},
		{"id", "login.locked", map[string]any{"Minutes": 15},
			"Akun dikunci sementara karena terlalu banyak percobaan gagal. Coba lagi dalam 15 menit."},
		{"id", "error.too_large", map[string]any{"MaxMB": 5}, "Berkas terlalu besar. Batas ukuran 5 MB."},
		{"id", "common.page_of", map[string]any{"Page": 2, "Pages": 9}, "Halaman 2 dari 9"},
		{"en", "common.page_of", map[string]any{"Page": 2, "Pages": 9}, "Page 2 of 9"},
		{"id", "staff.import.done", map[string]any{"Created": "1.200", "Updated": 3}, "1.200 pegawai ditambahkan, 3 diperbarui."},
		// Count chooses the English plural form; Indonesian has one form.
		{"en", "staff.import.unposted", map[string]any{"Count": 1}, "1 staff member is not yet posted to a service point."},
		{"en", "staff.import.unposted", map[string]any{"Count": 4}, "4 staff members are not yet posted to a service point."},
		{"id", "staff.import.unposted", map[string]any{"Count": 1}, "1 pegawai belum memiliki penempatan di unit layanan."},
		// A Count that is not a number still renders the general form.
		{"en", "staff.import.unposted", map[string]any{"Count": "several"}, "several staff members are not yet posted to a service point."},
		// A key that is also the prefix of other keys is its own message.
		{"id", "error.not_found", map[string]any{"Kind": "Pegawai"}, "Pegawai tidak ditemukan."},
		{"id", "error.not_found.page_title", nil, "Halaman tidak ditemukan"},
		{"en", "staff.import", nil, "Import CSV"},
	}
	for _, c := range cases {
		if got := b.T(c.lang, c.key, c.args); got != c.want {
			t.Errorf("T(%q, %q, %v) = %q, want %q", c.lang, c.key, c.args, got, c.want)
		}
	}
}

func TestTFallsBackToIndonesianThenKey(t *testing.T) {
	b, err := newBundle(fstest.MapFS{
		"locales/id.json": {Data: []byte(`{"only.id": "Hanya Indonesia", "both": "Keduanya", "bad": "{{.X.Y}}"}`)},
		"locales/en.json": {Data: []byte(`{"both": "Both", "bad": "{{.X.Y}}"}`)},
	})
	if err != nil {
		t.Fatal(err)
	}
	if got := b.T("en", "only.id", nil); got != "Hanya Indonesia" {
		t.Errorf("missing English text: got %q, want the Indonesian one", got)
	}
	if got := b.T("en", "both", nil); got != "Both" {
		t.Errorf("got %q", got)
	}
	if got := b.T("en", "nowhere", nil); got != "nowhere" {
		t.Errorf("missing everywhere: got %q, want the key", got)
	}
	// A template that fails on its args shows the key rather than failing the page.
	if got := b.T("en", "bad", map[string]any{"X": 3}); got != "bad" {
		t.Errorf("failing template: got %q, want the key", got)
	}
	if !b.Has("id", "only.id") || b.Has("en", "only.id") {
		t.Error("Has must not fall back across languages")
	}
	var nilBundle *Bundle
	if got := nilBundle.T("id", "nav.home", nil); got != "nav.home" {
		t.Errorf("nil bundle: got %q", got)
	}
}

// Labels the code builds from data must exist in every language, or a user
// sees "service_point.kind.keliling" on screen. The lists mirror
// library.Kinds and auth.Roles; they are copied rather than imported so this
// leaf package builds and tests on its own.
func TestLabelsForDomainValues(t *testing.T) {
	b, err := New()
	if err != nil {
		t.Fatal(err)
	}
	var keys []string
	for _, k := range []string{"sirkulasi", "referensi", "anak", "keliling", "digital", "umum", "deposit", "lainnya"} {
		keys = append(keys, "service_point.kind."+k)
	}
	for _, r := range []string{"admin", "coordinator", "staff", "superadmin"} {
		keys = append(keys, "user.role."+r)
	}
	keys = append(keys,
		"kind.library", "kind.service_point", "kind.staff", "kind.user",
		"error.invalid", "error.internal", "error.forbidden", "error.unauthorized", "error.not_found",
		"error.conflict", "error.too_large", "login.locked", "login.rate_limited",
		"audit.action.library.create", "audit.action.library.update",
		"audit.action.service_point.create", "audit.action.service_point.update")
	for _, lang := range Langs {
		for _, k := range keys {
			if !b.Has(lang, k) {
				t.Errorf("%s.json lacks %q", lang, k)
			}
		}
	}
}

func TestMatch(t *testing.T) {
	cases := []struct{ accept, cookie, want string }{
		{"", "", "id"},
		{"en-US,en;q=0.9", "", "en"},
		{"id-ID,id;q=0.9,en-US;q=0.8,en;q=0.7", "", "id"},
		{"en-GB,en;q=0.9,id;q=0.8", "id", "id"}, // the switch beats the browser
		{"id", "en", "en"},
		{"", " EN ", "en"},
		{"fr-FR,fr;q=0.9", "", "id"},          // nothing we speak: default
		{"fr-FR,fr;q=0.9,en;q=0.5", "", "en"}, // second choice we speak
		{"in", "", "id"},                      // legacy code for Indonesian
		{"this is not a header", "", "id"},
		{"en", "de", "en"}, // unknown cookie is ignored
	}
	for _, c := range cases {
		if got := Match(c.accept, c.cookie); got != c.want {
			t.Errorf("Match(%q, %q) = %q, want %q", c.accept, c.cookie, got, c.want)
		}
	}
}

func ExampleBundle_T() {
	b, _ := New()
	fmt.Println(b.T("id", "field.too_long", map[string]any{"Max": 200}))
	fmt.Println(b.T("en", "field.too_long", map[string]any{"Max": 200}))
	// Output:
	// Paling banyak 200 karakter.
	// At most 200 characters.
}
