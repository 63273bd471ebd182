package notify

import (
	"bufio"
	"context"
	"mime"
	"net"
	"net/mail"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/bina-pustaka/bina/internal/db"
	"github.com/bina-pustaka/bina/internal/dbtest"
)

// smtpServer is a tiny in-process SMTP server: enough of RFC 5321 for
// net/smtp (EHLO/HELO, MAIL, RCPT, DATA, RSET, NOOP, QUIT), no TLS, no
// auth. While fail is set it refuses MAIL with a temporary error.
type smtpServer struct {
	ln   net.Listener
	mu   sync.Mutex
	fail bool
	got  []received
}

type received struct {
	from string
	to   []string
	data string
}

func newSMTPServer(t *testing.T) *smtpServer {
	t.Helper()
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	s := &smtpServer{ln: ln}
	t.Cleanup(func() { ln.Close() })
	go func() {
		for {
			c, err := ln.Accept()
			if err != nil {
				return
			}
			go s.serve(c)
		}
	}()
	return s
}

func (s *smtpServer) serve(c net.Conn) {
	defer c.Close()
	r := bufio.NewReader(c)
	say := func(line string) { c.Write([]byte(line + "\r\n")) }
	say("220 localhost ESMTP test")
	var cur received
	for {
		line, err := r.ReadString('\n')
		if err != nil {
			return
		}
		line = strings.TrimRight(line, "\r\n")
		verb := strings.ToUpper(strings.SplitN(line, " ", 2)[0])
		switch verb {
		case "EHLO":
			say("250-localhost")
			say("250 8BITMIME")
		case "HELO", "NOOP":
			say("250 OK")
		case "RSET":
			cur = received{}
			say("250 OK")
		case "MAIL":
			s.mu.Lock()
			fail := s.fail
			s.mu.Unlock()
			if fail {
				say("451 4.3.0 try again later")
				continue
			}
			cur = received{from: line}
			say("250 OK")
		case "RCPT":
			addr := line[strings.Index(line, "<")+1 : strings.LastIndex(line, ">")]
			cur.to = append(cur.to, addr)
			say("250 OK")
		case "DATA":
			say("354 end with .")
			var b strings.Builder
			for {
				l, err := r.ReadString('\n')
				if err != nil {
					return
				}
				if l == ".\r\n" {
					break
				}
				b.WriteString(l)
			}
			cur.data = b.String()
			s.mu.Lock()
			s.got = append(s.got, cur)
			s.mu.Unlock()
			say("250 OK queued")
		case "QUIT":
			say("221 bye")
			return
		default:
			say("502 5.5.1 command unrecognized") // RFC 5321: a verb this test server does not speak
		}
	}
}

func (s *smtpServer) setFail(f bool) {
	s.mu.Lock()
	s.fail = f
	s.mu.Unlock()
}

func (s *smtpServer) received() []received {
	s.mu.Lock()
	defer s.mu.Unlock()
	return append([]received(nil), s.got...)
}

func TestSendPending(t *testing.T) {
	dbtest.Each(t, func(t *testing.T, d *db.DB) {
		ctx := context.Background()
		w := newWorld(t, d)
		srv := newSMTPServer(t)
		w.svc.Mail = Mailer{Addr: srv.ln.Addr().String(), From: "bina@perpustakaan.test", BaseURL: "https://bina.test"}
		must(t, d.InTx(ctx, func(tx *db.Tx) error {
			_, err := w.svc.Add(ctx, tx, Notification{LibraryID: w.lib.ID, UserID: w.sariUser, Kind: KindInvitation,
				Title: "Pelayanan Prima — Angkatan I", Body: "Anda dinominasikan.", Link: "/libraries/1/training/sessions/1"}, "invite:1")
			return err
		}))

		// The server refuses: the attempt is counted with the error.
		srv.setFail(true)
		res, err := w.svc.SendPending(ctx, 10)
		must(t, err)
		if res.Sent != 0 || res.Failed != 1 || len(srv.received()) != 0 {
			t.Fatalf("while failing: %+v, got %d", res, len(srv.received()))
		}
		box, err := w.svc.Outbox(ctx)
		must(t, err)
		if len(box) != 1 || box[0].Attempts != 1 || box[0].Sent || !strings.Contains(box[0].LastError, "451") {
			t.Fatalf("outbox after a failure: %+v", box)
		}
		// Not retried before its backoff.
		srv.setFail(false)
		if res, _ := w.svc.SendPending(ctx, 10); res.Sent+res.Failed != 0 {
			t.Fatalf("retried at once: %+v", res)
		}
		w.clock.t = w.clock.t.Add(2 * time.Minute)
		res, err = w.svc.SendPending(ctx, 10)
		must(t, err)
		if res.Sent != 1 {
			t.Fatalf("retry: %+v", res)
		}
		got := srv.received()
		if len(got) != 1 || len(got[0].to) != 1 || got[0].to[0] != "sari@kediri.test" {
			t.Fatalf("received %+v", got)
		}
		m, err := mail.ReadMessage(strings.NewReader(got[0].data))
		must(t, err)
		subject, err := new(mime.WordDecoder).DecodeHeader(m.Header.Get("Subject"))
		must(t, err)
		if subject != "[Bina Pustaka] Undangan pelatihan: Pelayanan Prima — Angkatan I" || m.Header.Get("To") != "sari@kediri.test" {
			t.Errorf("subject %q, to %q", subject, m.Header.Get("To"))
		}
		if !strings.Contains(got[0].data, "https://bina.test/libraries/1/training/sessions/1") {
			t.Errorf("no link in %q", got[0].data)
		}
		box, _ = w.svc.Outbox(ctx)
		if !box[0].Sent || box[0].Attempts != 2 {
			t.Errorf("outbox after sending: %+v", box)
		}
		// Sent once only.
		w.clock.t = w.clock.t.Add(time.Hour)
		if res, _ := w.svc.SendPending(ctx, 10); res.Sent != 0 {
			t.Errorf("sent again: %+v", res)
		}
	})
}

// After MaxAttempts failures a message is left alone.
func TestSendGivesUp(t *testing.T) {
	dbtest.Each(t, func(t *testing.T, d *db.DB) {
		ctx := context.Background()
		w := newWorld(t, d)
		srv := newSMTPServer(t)
		srv.setFail(true)
		w.svc.Mail = Mailer{Addr: srv.ln.Addr().String(), From: "bina@perpustakaan.test"}
		must(t, d.InTx(ctx, func(tx *db.Tx) error {
			_, err := w.svc.Add(ctx, tx, Notification{LibraryID: w.lib.ID, UserID: w.sariUser, Kind: KindReminder, Title: "Besok"}, "r:1")
			return err
		}))
		for i := 0; i < MaxAttempts+2; i++ {
			_, err := w.svc.SendPending(ctx, 10)
			must(t, err)
			w.clock.t = w.clock.t.Add(time.Hour)
		}
		box, _ := w.svc.Outbox(ctx)
		if len(box) != 1 || box[0].Attempts != MaxAttempts || box[0].Sent {
			t.Errorf("outbox %+v", box)
		}
	})
}
