package web_test

import (
	"context"
	"regexp"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/bina-pustaka/bina/internal/db"
	"github.com/bina-pustaka/bina/internal/dbtest"
	"github.com/bina-pustaka/bina/internal/record"
	"github.com/bina-pustaka/bina/internal/training"
)

var checkinURL = regexp.MustCompile(`(/libraries/\d+/training/sessions/\d+/checkin\?code=[a-z0-9]+)`)

// The coordinator shows today's QR code; the librarian opens it and is
// present (twice: still once); the same librarian is refused at a session
// she is not in, and with a code made on another day.
func TestTrainingCheckinByQR(t *testing.T) {
	dbtest.Each(t, func(t *testing.T, d *db.DB) {
		a := newApp(t, d)
		ctx := context.Background()
		lib := a.A.Library.ID
		today, err := a.Svc.Training.Today(ctx, a.system(), lib)
		if err != nil {
			t.Fatal(err)
		}
		tm, _ := time.Parse("2006-01-02", string(today))
		yesterday := record.Date(tm.AddDate(0, 0, -1).Format("2006-01-02"))
		session := func(title string, days ...record.Date) training.Session {
			x, err := a.Svc.Training.CreateSession(ctx, a.system(), training.Session{LibraryID: lib, ProgramID: a.A.Program.ID, Title: title,
				Days: days, Place: "Aula", Capacity: 10, Status: training.SessionOpen, MinAttendance: training.DefaultMinAttendance})
			if err != nil {
				t.Fatal(err)
			}
			return x
		}
		x := session("Angkatan QR", yesterday, today)
		other := session("Angkatan lain", today)
		e, err := a.Svc.Training.Nominate(ctx, a.system(), lib, x.ID, a.A.Staff.ID)
		if err != nil {
			t.Fatal(err)
		}

		coord := a.login(a.A.CoordEmail)
		page := coord.get(trainingBase(a.A) + "/sessions/" + strconv.FormatInt(x.ID, 10))
		if !strings.Contains(page.Body, `id="checkin-qr-link"`) {
			t.Fatalf("the session page offers no QR code for today: %d", page.StatusCode)
		}
		qr := coord.get(trainingBase(a.A) + "/sessions/" + strconv.FormatInt(x.ID, 10) + "/qr?day=" + string(today))
		if qr.StatusCode != 200 || !strings.Contains(qr.Body, `src="data:image/png;base64,`) {
			t.Fatalf("QR page: %d", qr.StatusCode)
		}
		m := checkinURL.FindStringSubmatch(qr.Body)
		if m == nil || !strings.Contains(qr.Body, "http://") {
			t.Fatalf("the QR page shows no absolute check-in address")
		}
		if res := coord.get(trainingBase(a.A) + "/sessions/" + strconv.FormatInt(x.ID, 10) + "/qr?day=" + string(yesterday)); res.StatusCode != 422 {
			t.Errorf("a QR code for yesterday: %d, want 422", res.StatusCode)
		}

		librarian := a.login(a.A.StaffEmail)
		for i := 0; i < 2; i++ {
			res := librarian.get(m[1])
			if res.StatusCode != 200 || !strings.Contains(res.Body, `id="checkin-done"`) {
				t.Fatalf("check-in %d: %d", i+1, res.StatusCode)
			}
		}
		att, err := a.Svc.Training.Attendance(ctx, a.system(), lib, x.ID)
		if err != nil {
			t.Fatal(err)
		}
		if !att[e.ID][string(today)] || len(att[e.ID]) != 1 {
			t.Errorf("attendance %v, want today only", att[e.ID])
		}

		// Not her session: refused, and nothing recorded.
		qr = coord.get(trainingBase(a.A) + "/sessions/" + strconv.FormatInt(other.ID, 10) + "/qr")
		mo := checkinURL.FindStringSubmatch(qr.Body)
		if mo == nil {
			t.Fatalf("no QR for the other session: %d", qr.StatusCode)
		}
		res := librarian.get(mo[1])
		if res.StatusCode != 403 || !strings.Contains(res.Body, `id="checkin-refused"`) || !strings.Contains(res.Body, "tidak terdaftar sebagai peserta") {
			t.Errorf("non-participant: %d", res.StatusCode)
		}

		// A code made yesterday no longer counts.
		if err := d.InTx(ctx, func(tx *db.Tx) error {
			_, err := tx.ExecContext(ctx, `INSERT INTO training_checkin_codes (library_id, session_id, day, code, created_at) VALUES (?, ?, ?, ?, ?)`,
				lib, x.ID, string(yesterday), "kemarin", db.Now())
			return err
		}); err != nil {
			t.Fatal(err)
		}
		for _, code := range []string{"kemarin", "salah"} {
			res = librarian.get(trainingBase(a.A) + "/sessions/" + strconv.FormatInt(x.ID, 10) + "/checkin?code=" + code)
			if res.StatusCode != 409 || !strings.Contains(res.Body, `id="checkin-refused"`) || !strings.Contains(res.Body, "tidak berlaku") {
				t.Errorf("code %q: %d", code, res.StatusCode)
			}
		}
		att, _ = a.Svc.Training.Attendance(ctx, a.system(), lib, x.ID)
		if len(att[e.ID]) != 1 {
			t.Errorf("attendance after refusals %v", att[e.ID])
		}
	})
}
