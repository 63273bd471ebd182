package web_test

import (
	"net/http"
	"net/netip"
	"strings"
	"testing"

	"github.com/bina-pustaka/bina/internal/dbtest"
	"github.com/bina-pustaka/bina/internal/web"
)

// submitFrom answers the survey with the given X-Forwarded-For header (none
// when empty) and returns the status.
func submitFrom(c *client, path, forwarded string) int {
	c.t.Helper()
	req, _ := http.NewRequest("POST", c.base+path, strings.NewReader(fullSurvey().Encode()))
	req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
	if forwarded != "" {
		req.Header.Set("X-Forwarded-For", forwarded)
	}
	return c.do(req).StatusCode
}

// Behind the library's reverse proxy every patron arrives from the proxy's
// address. With the proxy trusted, each patron keeps her own limit; without
// it, a forged X-Forwarded-For must not buy anyone a fresh limit.
func TestRateLimitsCountThePatronBehindATrustedProxy(t *testing.T) {
	d := dbtest.SQLite(t)
	proxies, err := web.ParseTrustedProxies("127.0.0.1")
	if err != nil {
		t.Fatal(err)
	}
	a := newAppWith(t, d, web.Config{TrustedProxies: proxies})
	a.Svc.Survey.Limit = 1
	path := "/s/" + a.A.SurveyCode

	if got := submitFrom(a.client(), path, "203.0.113.7"); got != http.StatusSeeOther {
		t.Fatalf("first patron: %d", got)
	}
	if got := submitFrom(a.client(), path, "203.0.113.7"); got != http.StatusTooManyRequests {
		t.Errorf("the same patron again past the limit: %d, want 429", got)
	}
	if got := submitFrom(a.client(), path, "198.51.100.20"); got != http.StatusSeeOther {
		t.Errorf("a second patron behind the same proxy was refused: %d", got)
	}
	// A patron who writes her own X-Forwarded-For: the proxy appends the
	// real address, and only that one counts.
	if got := submitFrom(a.client(), path, "192.0.2.99, 203.0.113.7"); got != http.StatusTooManyRequests {
		t.Errorf("a forged leftmost entry bought a fresh limit: %d, want 429", got)
	}
	if n := responses(t, d, a.A.Library.ID); n != 2 {
		t.Errorf("%d responses stored, want 2", n)
	}

	// The same server without a trusted proxy ignores the header entirely.
	d2 := dbtest.SQLite(t)
	b := newApp(t, d2)
	b.Svc.Survey.Limit = 1
	pathB := "/s/" + b.A.SurveyCode
	if got := submitFrom(b.client(), pathB, "203.0.113.7"); got != http.StatusSeeOther {
		t.Fatalf("first answer: %d", got)
	}
	if got := submitFrom(b.client(), pathB, "198.51.100.20"); got != http.StatusTooManyRequests {
		t.Errorf("an untrusted X-Forwarded-For was believed: %d, want 429", got)
	}
}

func TestParseTrustedProxies(t *testing.T) {
	got, err := web.ParseTrustedProxies(" 127.0.0.1, 10.1.2.3/8 ,, ::1 ")
	if err != nil {
		t.Fatal(err)
	}
	want := []netip.Prefix{netip.MustParsePrefix("127.0.0.1/32"), netip.MustParsePrefix("10.0.0.0/8"), netip.MustParsePrefix("::1/128")}
	if len(got) != len(want) {
		t.Fatalf("got %v", got)
	}
	for i := range want {
		if got[i] != want[i] {
			t.Errorf("entry %d: %v, want %v", i, got[i], want[i])
		}
	}
	for _, bad := range []string{"proxy.lan", "10.0.0.0/33", "300.1.1.1"} {
		if _, err := web.ParseTrustedProxies(bad); err == nil || !strings.Contains(err.Error(), bad) {
			t.Errorf("%q: %v", bad, err)
		}
	}
}
