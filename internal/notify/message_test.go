package notify

import (
	"context"
	"io"
	"mime"
	"net/mail"
	"strings"
	"testing"

	"github.com/bina-pustaka/bina/internal/apperr"
	"github.com/bina-pustaka/bina/internal/audit"
	"github.com/bina-pustaka/bina/internal/auth"
	"github.com/bina-pustaka/bina/internal/db"
	"github.com/bina-pustaka/bina/internal/dbtest"
	"github.com/bina-pustaka/bina/internal/i18n"
)

// Every message a notification can carry has a title and a body in both
// languages (the web key scan skips "notify.msg." + name).
func TestMessagesAreTranslated(t *testing.T) {
	b, err := i18n.New()
	must(t, err)
	for _, key := range Messages {
		for _, lang := range i18n.Langs {
			for _, part := range []string{".title", ".body"} {
				if !b.Has(lang, key+part) {
					t.Errorf("%s%s has no %s text", key, part, lang)
				}
			}
		}
	}
	for _, kind := range Kinds {
		for _, lang := range i18n.Langs {
			if !b.Has(lang, "notify.kind."+kind) {
				t.Errorf("kind %s has no %s label", kind, lang)
			}
		}
	}
}

// invitation is the message the scan writes for a nomination.
func invitation(w *world, user int64) Notification {
	return Notification{LibraryID: w.lib.ID, UserID: user, Kind: KindInvitation, Link: "/libraries/1/training/sessions/7",
		Message: Message{Key: MsgInvitation, Args: map[string]string{"Session": "Pelayanan Prima — Angkatan I"},
			Dates: map[string]string{"Start": "2026-06-02"}}}
}

// receivedMail decodes one message of the test SMTP server.
func receivedMail(t *testing.T, r received) (subject, body string) {
	t.Helper()
	m, err := mail.ReadMessage(strings.NewReader(r.data))
	must(t, err)
	subject, err = new(mime.WordDecoder).DecodeHeader(m.Header.Get("Subject"))
	must(t, err)
	b, err := io.ReadAll(m.Body)
	must(t, err)
	return subject, string(b)
}

// Sari chose English, Budi kept Indonesian: each reads the same invitation,
// on the page and in the e-mail, in his or her own language, with the
// date written the language's way. A row from before the message keys
// shows its stored text to both.
func TestNotificationsInTheReadersLanguage(t *testing.T) {
	dbtest.Each(t, func(t *testing.T, d *db.DB) {
		ctx := context.Background()
		w := newWorld(t, d)
		srv := newSMTPServer(t)
		w.svc.Mail = Mailer{Addr: srv.ln.Addr().String(), From: "bina@perpustakaan.test", BaseURL: "https://bina.test"}
		must(t, (&auth.Service{DB: d}).SetLang(ctx, w.sariA, "en"))
		must(t, d.InTx(ctx, func(tx *db.Tx) error {
			for _, u := range []int64{w.sariUser, w.budiUser} {
				if _, err := w.svc.Add(ctx, tx, invitation(w, u), "invite:1"); err != nil {
					return err
				}
			}
			// An old row: finished text, no key.
			_, err := tx.ExecContext(ctx, `INSERT INTO notifications (library_id, user_id, kind, title, body, link, dedupe_key, created_at)
				VALUES (?, ?, ?, ?, ?, ?, ?, ?)`, w.lib.ID, w.sariUser, KindReminder, "Literasi Digital", "Besok dimulai Literasi Digital (2026-05-20).",
				"", "reminder:old", db.Now())
			return err
		}))

		const enBody = "You have been nominated for Pelayanan Prima — Angkatan I, starting 2 June 2026."
		const idBody = "Anda dinominasikan sebagai peserta Pelayanan Prima — Angkatan I, mulai 2 Juni 2026."
		sari, err := w.svc.List(ctx, w.sariA, w.lib.ID, "en", 0)
		must(t, err)
		if len(sari) != 2 || sari[1].Title != "Pelayanan Prima — Angkatan I" || sari[1].Body != enBody {
			t.Fatalf("Sari in English: %+v", sari)
		}
		if sari[0].Title != "Literasi Digital" || sari[0].Body != "Besok dimulai Literasi Digital (2026-05-20)." {
			t.Errorf("old row: %+v", sari[0])
		}
		budi, err := w.svc.List(ctx, w.budiA, w.lib.ID, "id", 0)
		must(t, err)
		if len(budi) != 1 || budi[0].Body != idBody {
			t.Fatalf("Budi in Indonesian: %+v", budi)
		}
		// The stored text is the Indonesian one.
		var stored string
		must(t, d.Reader().QueryRowContext(ctx, `SELECT body FROM notifications WHERE user_id = ? AND dedupe_key = ?`, w.sariUser, "invite:1").Scan(&stored))
		if stored != idBody {
			t.Errorf("stored body %q", stored)
		}

		res, err := w.svc.SendPending(ctx, 10)
		must(t, err)
		got := srv.received()
		if res.Sent != 2 || len(got) != 2 {
			t.Fatalf("sent %+v, received %d", res, len(got))
		}
		mails := map[string]received{}
		for _, r := range got {
			mails[r.to[0]] = r
		}
		subject, body := receivedMail(t, mails["sari@kediri.test"])
		if subject != "[Bina Pustaka] Training invitation: Pelayanan Prima — Angkatan I" || !strings.Contains(body, enBody) ||
			!strings.Contains(body, "https://bina.test/libraries/1/training/sessions/7") {
			t.Errorf("Sari's e-mail: %q\n%s", subject, body)
		}
		subject, body = receivedMail(t, mails["budi@kediri.test"])
		if subject != "[Bina Pustaka] Undangan pelatihan: Pelayanan Prima — Angkatan I" || !strings.Contains(body, idBody) {
			t.Errorf("Budi's e-mail: %q\n%s", subject, body)
		}
	})
}

// Marking one read and marking all read are audited (the batch once, with
// its count); the unread count follows; someone else's notification is not
// found and stays unread.
func TestMarkReadIsAudited(t *testing.T) {
	dbtest.Each(t, func(t *testing.T, d *db.DB) {
		ctx := context.Background()
		w := newWorld(t, d)
		must(t, d.InTx(ctx, func(tx *db.Tx) error {
			for i, key := range []string{"invite:1", "invite:2", "invite:3"} {
				n := invitation(w, w.sariUser)
				n.Message.Args["Session"] += " " + string(rune('A'+i))
				if _, err := w.svc.Add(ctx, tx, n, key); err != nil {
					return err
				}
			}
			_, err := w.svc.Add(ctx, tx, invitation(w, w.budiUser), "invite:1")
			return err
		}))
		unread := func(a *auth.Actor) int {
			n, err := w.svc.Unread(ctx, a, w.lib.ID)
			must(t, err)
			return n
		}
		entries := func() []audit.Entry {
			es, err := (&audit.Service{DB: d}).List(ctx, super, audit.Filter{LibraryID: w.lib.ID, Action: "notify."})
			must(t, err)
			return es
		}
		sari, _ := w.svc.List(ctx, w.sariA, w.lib.ID, "id", 0)
		budi, _ := w.svc.List(ctx, w.budiA, w.lib.ID, "id", 0)

		if _, err := w.svc.MarkRead(ctx, w.sariA, w.lib.ID, budi[0].ID); apperr.CodeOf(err) != apperr.NotFound {
			t.Errorf("Sari marking Budi's: %v", err)
		}
		if unread(w.budiA) != 1 || len(entries()) != 0 {
			t.Errorf("Budi's changed: unread %d, audit %d", unread(w.budiA), len(entries()))
		}

		n, err := w.svc.MarkRead(ctx, w.sariA, w.lib.ID, sari[0].ID)
		must(t, err)
		es := entries()
		if n != 1 || unread(w.sariA) != 2 || len(es) != 1 || es[0].Action != "notify.read" || es[0].ActorName != "Sari Wulandari" ||
			es[0].EntityID == nil || *es[0].EntityID != sari[0].ID {
			t.Errorf("after one: marked %d, unread %d, audit %+v", n, unread(w.sariA), es)
		}
		// Again: nothing changes, nothing is written.
		if n, err := w.svc.MarkRead(ctx, w.sariA, w.lib.ID, sari[0].ID); err != nil || n != 0 || len(entries()) != 1 {
			t.Errorf("twice: %d %v, audit %d", n, err, len(entries()))
		}

		n, err = w.svc.MarkAllRead(ctx, w.sariA, w.lib.ID)
		must(t, err)
		es = entries()
		if n != 2 || unread(w.sariA) != 0 || len(es) != 2 || es[0].Action != "notify.read_all" || es[0].Summary != "2" {
			t.Errorf("all: marked %d, unread %d, audit %+v", n, unread(w.sariA), es)
		}
		if n, err := w.svc.MarkAllRead(ctx, w.sariA, w.lib.ID); err != nil || n != 0 || len(entries()) != 2 {
			t.Errorf("all again: %d %v, audit %d", n, err, len(entries()))
		}
		if unread(w.budiA) != 1 {
			t.Errorf("Budi's read by Sari's mark all")
		}
	})
}
