// Package browsertest starts a headless Chromium for end-to-end tests driven
// by chromedp: one fresh browser per test, on a desktop-sized window (New) or
// as a phone (NewPhone), the way pemustaka open a survey from a QR code.
// Without Chromium the tests skip by hand and fail in CI (CI=true).
package browsertest

import (
	"context"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/chromedp/chromedp"

	"github.com/bina-pustaka/bina/internal/dbtest"
)

// ChromiumEnv names the variable that points at a Chromium binary, when it
// is not on PATH under a usual name.
const ChromiumEnv = "BINA_CHROMIUM"

// ScreenshotsEnv names a directory where Screenshot, and every failing
// browser test, save a PNG of the page. Unset, no pictures are taken.
const ScreenshotsEnv = "BINA_SCREENSHOTS"

// Timeout bounds a whole browser test, browser start-up included, so a
// page that never answers fails the test instead of hanging CI.
const Timeout = 90 * time.Second

// phoneUserAgent is a current Android Chrome: the engine underneath is
// Chromium, so the page gets what a real phone would send.
const phoneUserAgent = "Mozilla/5.0 (Linux; Android 14; Pixel 8) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/131.0.0.0 Mobile Safari/537.36"

// New starts a headless Chromium with a 1280×900 window and returns the
// context of its first tab, ready for chromedp.Do and chromedp.Run. The
// browser stops when the test ends or after Timeout.
func New(t testing.TB) context.Context {
	t.Helper()
	return start(t, 1280, 900, "")
}

// NewPhone is New on a 390×844 phone: mobile user agent, mobile viewport
// (the page's <meta name="viewport"> is honoured) and touch input.
func NewPhone(t testing.TB) context.Context {
	t.Helper()
	ctx := start(t, 390, 844, phoneUserAgent)
	err := chromedp.Do(ctx, chromedp.EmulateViewport(390, 844,
		chromedp.EmulateMobile, chromedp.EmulateTouch, chromedp.EmulatePortrait, chromedp.EmulateScale(3)))
	if err != nil {
		t.Fatalf("browsertest: emulate a phone: %v", err)
	}
	return ctx
}

func start(t testing.TB, width, height int, userAgent string) context.Context {
	t.Helper()
	path, missing := findChromium()
	if path == "" {
		dbtest.RequireService(t, missing)
		return nil
	}

	opts := append(chromedp.DefaultExecAllocatorOptions[:],
		chromedp.ExecPath(path),
		chromedp.Headless,
		chromedp.NoSandbox, // CI runs as root, where Chromium's sandbox cannot start
		chromedp.DisableGPU,
		chromedp.NoFirstRun,
		chromedp.Flag("disable-quic", true),
		chromedp.Flag("disable-background-networking", true),
		chromedp.Flag("disable-component-update", true),
		chromedp.Flag("disable-sync", true),
		chromedp.Flag("disable-dev-shm-usage", true),
		chromedp.WindowSize(width, height),
		// No user-data-dir: chromedp then makes a fresh temporary profile
		// per browser and removes it after killing Chromium's helper
		// processes, which t.TempDir could not do reliably.
	)
	if userAgent != "" {
		opts = append(opts, chromedp.UserAgent(userAgent))
	}

	timeoutCtx, cancelTimeout := context.WithTimeout(context.Background(), Timeout)
	allocCtx, cancelAlloc := chromedp.NewExecAllocator(timeoutCtx, opts...)
	ctx, cancelBrowser := chromedp.NewContext(allocCtx)
	t.Cleanup(func() {
		cancelBrowser() // waits for the tab and the browser to close
		cancelAlloc()
		cancelTimeout()
	})
	// Registered after the cancels, so it runs before them.
	t.Cleanup(func() {
		if t.Failed() {
			Screenshot(t, ctx, "FAIL-"+t.Name())
		}
	})

	// Start the browser now, so a Chromium that cannot start is reported
	// here and not as an odd failure of the test's first step.
	if err := chromedp.Do(ctx); err != nil {
		t.Fatalf("browsertest: start %s: %v", path, err)
	}
	return ctx
}

// findChromium returns the browser to run: $BINA_CHROMIUM, else the usual
// names on PATH, else Debian's /usr/bin/chromium. With none, path is "" and
// missing says how to get one.
func findChromium() (path, missing string) {
	if p := os.Getenv(ChromiumEnv); p != "" {
		if full, err := exec.LookPath(p); err == nil {
			return full, ""
		}
		return "", "Chromium not found at " + ChromiumEnv + "=" + p + ": fix the path, or unset it and apt-get install -y chromium"
	}
	for _, name := range []string{"chromium", "chromium-browser", "google-chrome"} {
		if full, err := exec.LookPath(name); err == nil {
			return full, ""
		}
	}
	if _, err := os.Stat("/usr/bin/chromium"); err == nil {
		return "/usr/bin/chromium", ""
	}
	return "", "Chromium not found: apt-get install -y chromium (or set " + ChromiumEnv + " to its path)"
}

// Screenshot saves a PNG of the whole page as name (".png" added) in the
// directory $BINA_SCREENSHOTS, to see what the browser saw when a test went
// wrong. Without the variable it does nothing; a failed screenshot is only
// logged, never a test failure.
func Screenshot(t testing.TB, ctx context.Context, name string) {
	t.Helper()
	dir := os.Getenv(ScreenshotsEnv)
	if dir == "" || ctx == nil {
		return
	}
	name = strings.NewReplacer("/", "_", `\`, "_", " ", "_", ":", "_").Replace(name)
	if !strings.HasSuffix(name, ".png") {
		name += ".png"
	}
	png, err := chromedp.Run(ctx, chromedp.FullScreenshot(100)) // quality 100 means PNG
	if err != nil {
		t.Logf("browsertest: screenshot %s: %v", name, err)
		return
	}
	if err := os.MkdirAll(dir, 0o755); err != nil {
		t.Logf("browsertest: screenshot directory: %v", err)
		return
	}
	path := filepath.Join(dir, name)
	if err := os.WriteFile(path, png, 0o644); err != nil {
		t.Logf("browsertest: save screenshot: %v", err)
		return
	}
	t.Logf("browsertest: screenshot saved to %s", path)
}
