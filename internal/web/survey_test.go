package web_test

import (
	"bytes"
	"encoding/binary"
	"encoding/json"
	"fmt"
	"hash/crc32"
	"image/png"
	"io"
	"net/http"
	"net/url"
	"regexp"
	"strconv"
	"strings"
	"testing"

	"github.com/ledongthuc/pdf"
	"github.com/makiuchi-d/gozxing"
	"github.com/makiuchi-d/gozxing/qrcode"

	"github.com/bina-pustaka/bina/internal/db"
	"github.com/bina-pustaka/bina/internal/dbtest"
	"github.com/bina-pustaka/bina/internal/library"
)

// fullSurvey is a complete answer: all nine elements, the profile and a
// comment. Scores 4,4,4,4,4,4,4,3,3 give IKM 34/9 × 25 = 94.44 (A).
func fullSurvey() url.Values {
	v := url.Values{"gender": {"P"}, "age": {"27"}, "education": {"s1"}, "occupation": {"mahasiswa"}, "comment": {"Wifi sering putus"}}
	for i := 1; i <= 9; i++ {
		score := "4"
		if i >= 8 {
			score = "3"
		}
		v.Set("u"+strconv.Itoa(i), score)
	}
	return v
}

func responses(t *testing.T, d *db.DB, libraryID int64) int {
	t.Helper()
	var n int
	if err := d.Reader().QueryRowContext(t.Context(), `SELECT COUNT(*) FROM survey_responses WHERE library_id = ?`, libraryID).Scan(&n); err != nil {
		t.Fatal(err)
	}
	return n
}

func TestPublicSurveyToIKMPage(t *testing.T) {
	dbtest.Each(t, func(t *testing.T, d *db.DB) {
		a := newApp(t, d)
		patron := a.client()
		path := "/s/" + a.A.SurveyCode

		res := patron.get(path)
		if res.StatusCode != 200 || !strings.Contains(res.Body, a.A.Library.Name) || !strings.Contains(res.Body, "Sirkulasi") {
			t.Fatalf("survey page: %d", res.StatusCode)
		}
		for _, want := range []string{"Bagaimana pendapat Saudara tentang kecepatan waktu", "Ada tetapi tidak berfungsi", "Sangat sopan dan ramah", `name="website"`} {
			if !strings.Contains(res.Body, want) {
				t.Errorf("survey page lacks %q", want)
			}
		}
		if cc := res.Header.Get("Cache-Control"); cc != "no-store" {
			t.Errorf("Cache-Control %q", cc)
		}

		// Incomplete: U9 missing, the age a word. Errors in place, the rest kept.
		form := fullSurvey()
		form.Del("u9")
		form.Set("age", "dua puluh")
		res = patron.postForm(path, form)
		if res.StatusCode != http.StatusUnprocessableEntity {
			t.Fatalf("incomplete survey: %d", res.StatusCode)
		}
		for _, want := range []string{`id="u9-error"`, `id="age-error"`, `id="u8-3" checked`, `id="gender-P" checked`, `value="dua puluh"`, "Wifi sering putus", `value="s1" selected`} {
			if !strings.Contains(res.Body, want) {
				t.Errorf("after the error the form lacks %s", want)
			}
		}
		if strings.Contains(res.Body, `id="u1-error"`) {
			t.Errorf("an answered question is marked as an error")
		}
		if n := responses(t, d, a.A.Library.ID); n != 0 {
			t.Fatalf("an incomplete survey was stored (%d)", n)
		}

		// Complete: stored, thanked (post, redirect, get), remembered on the device.
		res = patron.postForm(path, fullSurvey())
		if res.StatusCode != http.StatusSeeOther || res.Header.Get("Location") != path+"/terima-kasih" {
			t.Fatalf("complete survey: %d to %q", res.StatusCode, res.Header.Get("Location"))
		}
		if !strings.Contains(res.Header.Get("Set-Cookie"), "bina_survey_"+a.A.SurveyCode+"=") {
			t.Errorf("no per-device cookie: %q", res.Header.Get("Set-Cookie"))
		}
		if res = patron.get(path + "/terima-kasih"); res.StatusCode != 200 || !strings.Contains(res.Body, `id="survey-thanks"`) {
			t.Errorf("thank-you page: %d", res.StatusCode)
		}
		if n := responses(t, d, a.A.Library.ID); n != 1 {
			t.Fatalf("%d responses stored, want 1", n)
		}

		// The coordinator sees it on the service point's IKM page.
		coord := a.login(a.A.CoordEmail)
		res = coord.get(fmt.Sprintf("/libraries/%d/ikm?service_point=%d", a.A.Library.ID, a.A.ServicePoint.ID))
		if res.StatusCode != 200 {
			t.Fatalf("IKM page: %d", res.StatusCode)
		}
		for _, want := range []string{`id="ikm-respondents">1<`, `id="ikm-value">94,44<`, `id="ikm-grade">A<`, "Sangat Baik", `id="element-U9" class="ikm-weak"`, "3,0000", `id="ikm-no-population"`} {
			if !strings.Contains(res.Body, want) {
				t.Errorf("IKM page lacks %s", want)
			}
		}
		// … and the API says the same.
		token := a.apiToken(a.A.CoordEmail)
		res = coord.api("GET", fmt.Sprintf("/api/v1/libraries/%d/ikm?service_point=%d", a.A.Library.ID, a.A.ServicePoint.ID), token, "")
		var rep struct {
			Respondents int64   `json:"respondents"`
			IKM         float64 `json:"ikm"`
			Grade       string  `json:"grade"`
			Elements    []struct {
				Code string   `json:"code"`
				NRR  *float64 `json:"nrr"`
				Weak bool     `json:"weak"`
			} `json:"elements"`
			Trend []struct {
				Respondents int64 `json:"respondents"`
			} `json:"trend"`
		}
		if err := json.Unmarshal([]byte(res.Body), &rep); err != nil || res.StatusCode != 200 {
			t.Fatalf("API: %d %v %s", res.StatusCode, err, res.Body)
		}
		if rep.Respondents != 1 || rep.IKM != 94.44 || rep.Grade != "A" || len(rep.Elements) != 9 || *rep.Elements[8].NRR != 3 || !rep.Elements[8].Weak || rep.Trend[len(rep.Trend)-1].Respondents != 1 {
			t.Errorf("API report %+v", rep)
		}
		res = coord.api("GET", fmt.Sprintf("/api/v1/libraries/%d/ikm?period=2026-Q5", a.A.Library.ID), token, "")
		if res.StatusCode != http.StatusUnprocessableEntity || !strings.Contains(res.Body, "survey.bad_period") {
			t.Errorf("bad period on the API: %d %s", res.StatusCode, res.Body)
		}
		// Library B sees nothing of it.
		if res = a.login(a.B.CoordEmail).get(fmt.Sprintf("/libraries/%d/ikm", a.B.Library.ID)); !strings.Contains(res.Body, `id="ikm-respondents">0<`) {
			t.Errorf("library B's IKM page counts A's answer")
		}
	})
}

func TestSurveySpamResistance(t *testing.T) {
	d := dbtest.SQLite(t)
	a := newApp(t, d)
	path := "/s/" + a.A.SurveyCode

	// The honeypot: thanked, nothing stored.
	bot := fullSurvey()
	bot.Set("website", "http://spam.example")
	res := a.client().postForm(path, bot)
	if res.StatusCode != http.StatusSeeOther || res.Header.Get("Location") != path+"/terima-kasih" {
		t.Errorf("honeypot: %d %q", res.StatusCode, res.Header.Get("Location"))
	}
	if n := responses(t, d, a.A.Library.ID); n != 0 {
		t.Fatalf("the honeypot stored %d responses", n)
	}

	// The per-device soft limit: the same phone again today is asked, not refused.
	phone := a.client()
	if res := phone.postForm(path, fullSurvey()); res.StatusCode != http.StatusSeeOther {
		t.Fatalf("first answer: %d", res.StatusCode)
	}
	if res := phone.get(path); !strings.Contains(res.Body, `id="survey-filled"`) {
		t.Errorf("the survey page does not say this device answered today")
	}
	res = phone.postForm(path, fullSurvey())
	if res.StatusCode != 200 || !strings.Contains(res.Body, `id="survey-ask-again"`) || !strings.Contains(res.Body, `id="u1-4" checked`) {
		t.Fatalf("second answer today: %d, asks again %v", res.StatusCode, strings.Contains(res.Body, "survey-ask-again"))
	}
	if n := responses(t, d, a.A.Library.ID); n != 1 {
		t.Fatalf("the unconfirmed second answer was stored (%d)", n)
	}
	again := fullSurvey()
	again.Set("again", "1")
	if res := phone.postForm(path, again); res.StatusCode != http.StatusSeeOther {
		t.Fatalf("confirmed second answer: %d", res.StatusCode)
	}
	if n := responses(t, d, a.A.Library.ID); n != 2 {
		t.Fatalf("%d responses after confirming, want 2", n)
	}

	// The per-address limit: past it the answer is kept in the form, not stored.
	a.Svc.Survey.Limit = 3 // two already counted from 127.0.0.1
	if res := a.client().postForm(path, fullSurvey()); res.StatusCode != http.StatusSeeOther {
		t.Fatalf("third answer from the address: %d", res.StatusCode)
	}
	res = a.client().postForm(path, fullSurvey())
	if res.StatusCode != http.StatusTooManyRequests || !strings.Contains(res.Body, `id="survey-message"`) || !strings.Contains(res.Body, "Wifi sering putus") {
		t.Errorf("over the limit: %d", res.StatusCode)
	}
	if n := responses(t, d, a.A.Library.ID); n != 3 {
		t.Errorf("%d responses, want 3", n)
	}
	// Another service point's survey has its own count.
	sp2, err := a.Svc.Libraries.CreateServicePoint(t.Context(), a.system(), library.ServicePoint{LibraryID: a.A.Library.ID, Name: "Referensi", Kind: "referensi"})
	if err != nil {
		t.Fatal(err)
	}
	link, err := a.Svc.Survey.CreateLink(t.Context(), a.system(), a.A.Library.ID, sp2.ID)
	if err != nil {
		t.Fatal(err)
	}
	if res := a.client().postForm("/s/"+link.Code, fullSurvey()); res.StatusCode != http.StatusSeeOther {
		t.Errorf("the other service point's survey: %d", res.StatusCode)
	}

	// Unknown codes are a translated 404.
	if res := a.client().get("/s/zzzzzz"); res.StatusCode != 404 || !strings.Contains(res.Body, "Survei") {
		t.Errorf("unknown code: %d", res.StatusCode)
	}
}

// posterQR reads the QR code back out of a poster PDF: the embedded image
// stream is the PNG's own compressed rows, so it is wrapped in a PNG again
// and decoded.
func posterQR(t *testing.T, b []byte) string {
	t.Helper()
	i := bytes.Index(b, []byte("/Subtype /Image"))
	if i < 0 {
		t.Fatal("the PDF holds no image")
	}
	obj := b[i:]
	num := func(re string) int {
		m := regexp.MustCompile(re).FindSubmatch(obj)
		if m == nil {
			t.Fatalf("image dictionary lacks %s", re)
		}
		n, _ := strconv.Atoi(string(m[1]))
		return n
	}
	w, h, length := num(`/Width (\d+)`), num(`/Height (\d+)`), num(`/Length (\d+)>>`)
	if !bytes.Contains(obj[:200], []byte("/ColorSpace /DeviceGray")) {
		t.Fatalf("the QR image is not grayscale: %s", obj[:200])
	}
	start := bytes.Index(obj, []byte("stream")) + len("stream")
	for obj[start] == '\r' || obj[start] == '\n' {
		start++
	}
	data := obj[start : start+length]
	var p bytes.Buffer
	p.WriteString("\x89PNG\r\n\x1a\n")
	chunk := func(kind string, body []byte) {
		binary.Write(&p, binary.BigEndian, uint32(len(body)))
		c := append([]byte(kind), body...)
		p.Write(c)
		binary.Write(&p, binary.BigEndian, crc32.ChecksumIEEE(c))
	}
	ihdr := make([]byte, 13)
	binary.BigEndian.PutUint32(ihdr[0:], uint32(w))
	binary.BigEndian.PutUint32(ihdr[4:], uint32(h))
	ihdr[8] = 8 // bit depth; colour type 0 (gray), no interlace
	chunk("IHDR", ihdr)
	chunk("IDAT", data)
	chunk("IEND", nil)
	img, err := png.Decode(&p)
	if err != nil {
		t.Fatalf("decode the poster's QR image: %v", err)
	}
	bmp, err := gozxing.NewBinaryBitmapFromImage(img)
	if err != nil {
		t.Fatal(err)
	}
	res, err := qrcode.NewQRCodeReader().Decode(bmp, nil)
	if err != nil {
		t.Fatalf("the poster's QR code does not read: %v", err)
	}
	return res.GetText()
}

func TestPosterCarriesTheShortLink(t *testing.T) {
	a := newApp(t, dbtest.SQLite(t))
	coord := a.login(a.A.CoordEmail)
	links := coord.get(fmt.Sprintf("/libraries/%d/survey", a.A.Library.ID))
	want := a.HTTP.URL + "/s/" + a.A.SurveyCode
	if links.StatusCode != 200 || !strings.Contains(links.Body, `>`+want+`</a>`) {
		t.Fatalf("links page %d lacks %s", links.StatusCode, want)
	}
	res := coord.get(fmt.Sprintf("/libraries/%d/survey/links/%d/poster.pdf", a.A.Library.ID, a.A.ServicePoint.ID))
	if res.StatusCode != 200 || res.Header.Get("Content-Type") != "application/pdf" || !strings.HasPrefix(res.Body, "%PDF-") {
		t.Fatalf("poster: %d %s", res.StatusCode, res.Header.Get("Content-Type"))
	}
	b := []byte(res.Body)
	r, err := pdf.NewReader(bytes.NewReader(b), int64(len(b)))
	if err != nil {
		t.Fatalf("the poster does not open as a PDF: %v", err)
	}
	if r.NumPage() != 1 {
		t.Errorf("%d pages, want 1", r.NumPage())
	}
	tr, err := r.GetPlainText()
	if err != nil {
		t.Fatal(err)
	}
	text, _ := io.ReadAll(tr)
	for _, s := range []string{a.A.Library.Name, "Sirkulasi", want, "Survei Kepuasan Masyarakat"} {
		if !strings.Contains(string(text), s) {
			t.Errorf("the poster's text lacks %q: %q", s, text)
		}
	}
	if got := posterQR(t, b); got != want {
		t.Errorf("the poster's QR code says %q, want %q", got, want)
	}
	// Behind an HTTPS proxy the poster says https.
	req, _ := http.NewRequest("GET", a.HTTP.URL+fmt.Sprintf("/libraries/%d/survey/links/%d/poster.pdf", a.A.Library.ID, a.A.ServicePoint.ID), nil)
	req.Header.Set("X-Forwarded-Proto", "https")
	res = coord.do(req)
	if got := posterQR(t, []byte(res.Body)); got != strings.Replace(want, "http://", "https://", 1) {
		t.Errorf("behind HTTPS the QR code says %q", got)
	}
}
