package browsertest

import (
	"bytes"
	"fmt"
	"html"
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/chromedp/chromedp"
)

const formPage = `<!doctype html>
<html lang="id"><head><meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>Saran</title></head>
<body>
<form method="post" action="/kirim">
  <label>Nama <input id="nama" name="nama" required></label>
  <label>Unit layanan
    <select id="unit" name="unit">
      <option value="sirkulasi">Sirkulasi</option>
      <option value="anak">Layanan Anak</option>
    </select>
  </label>
  <button id="kirim" type="submit">Kirim</button>
</form>
</body></html>`

func formServer(t *testing.T) *httptest.Server {
	mux := http.NewServeMux()
	mux.HandleFunc("GET /{$}", func(w http.ResponseWriter, r *http.Request) {
		fmt.Fprint(w, formPage)
	})
	mux.HandleFunc("POST /kirim", func(w http.ResponseWriter, r *http.Request) {
		fmt.Fprintf(w, `<!doctype html><title>Terkirim</title><p id="hasil">Terima kasih, %s (%s)</p>`,
			html.EscapeString(r.FormValue("nama")), html.EscapeString(r.FormValue("unit")))
	})
	srv := httptest.NewServer(mux)
	t.Cleanup(srv.Close)
	return srv
}

// The harness drives a real browser: fill a form, submit it, read the page
// the server answered with.
func TestBrowserFillsAndSubmitsForm(t *testing.T) {
	srv := formServer(t)
	ctx := New(t)

	err := chromedp.Do(ctx,
		chromedp.Navigate(srv.URL+"/"),
		chromedp.SendKeys(chromedp.ID("nama"), "Siti Rahayu"),
		chromedp.SetValue(chromedp.ID("unit"), "anak"),
	)
	if err != nil {
		t.Fatal(err)
	}
	resp, err := chromedp.RunResponse(ctx, chromedp.Click(chromedp.ID("kirim")))
	if err != nil {
		t.Fatal(err)
	}
	if resp.Status != http.StatusOK {
		t.Fatalf("submitting the form answered %d", resp.Status)
	}
	got, err := chromedp.Run(ctx, chromedp.Text(chromedp.ID("hasil")))
	if err != nil {
		t.Fatal(err)
	}
	if want := "Terima kasih, Siti Rahayu (anak)"; got != want {
		t.Fatalf("result page says %q, want %q", got, want)
	}
	width, err := chromedp.Run(ctx, chromedp.Evaluate[int](`window.innerWidth`))
	if err != nil {
		t.Fatal(err)
	}
	if width != 1280 {
		t.Errorf("desktop window is %d px wide, want 1280", width)
	}
}

// A phone gets a narrow mobile viewport and a mobile user agent, so pages
// lay out as they would on a patron's phone.
func TestPhoneLooksLikeAPhone(t *testing.T) {
	srv := formServer(t)
	ctx := NewPhone(t)

	if err := chromedp.Do(ctx, chromedp.Navigate(srv.URL+"/")); err != nil {
		t.Fatal(err)
	}
	width, err := chromedp.Run(ctx, chromedp.Evaluate[int](`window.innerWidth`))
	if err != nil {
		t.Fatal(err)
	}
	if width != 390 {
		t.Errorf("phone viewport is %d px wide, want 390", width)
	}
	ua, err := chromedp.Run(ctx, chromedp.Evaluate[string](`navigator.userAgent`))
	if err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(ua, "Mobile") {
		t.Errorf("phone user agent %q does not say Mobile", ua)
	}
	coarse, err := chromedp.Run(ctx, chromedp.Evaluate[bool](`matchMedia("(pointer: coarse)").matches`))
	if err != nil {
		t.Fatal(err)
	}
	if !coarse {
		t.Errorf("phone does not report a touch (coarse) pointer")
	}

	dir := t.TempDir()
	t.Setenv(ScreenshotsEnv, dir)
	Screenshot(t, ctx, "survey/phone")
	png, err := os.ReadFile(filepath.Join(dir, "survey_phone.png"))
	if err != nil || !bytes.HasPrefix(png, []byte("\x89PNG")) {
		t.Fatalf("screenshot not saved as a PNG in %s (read error %v)", ScreenshotsEnv, err)
	}
}

func TestMissingChromiumSaysHowToInstall(t *testing.T) {
	t.Setenv(ChromiumEnv, "/nonexistent/chromium")
	path, missing := findChromium()
	if path != "" || !strings.Contains(missing, "apt-get install -y chromium") {
		t.Fatalf("findChromium with a wrong %s = %q, %q; want no path and an install hint", ChromiumEnv, path, missing)
	}
}
