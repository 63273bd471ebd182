package notify

import (
	"context"
	"testing"
	"time"

	"github.com/bina-pustaka/bina/internal/db"
	"github.com/bina-pustaka/bina/internal/dbtest"
	"github.com/bina-pustaka/bina/internal/record"
	"github.com/bina-pustaka/bina/internal/training"
)

// kinds lists an actor's notification kinds, newest first.
func kinds(t *testing.T, w *world, userID int64) []string {
	t.Helper()
	actor := w.sariA
	switch userID {
	case w.budiUser:
		actor = w.budiA
	case w.coord.UserID:
		actor = w.coord
	}
	ns, err := w.svc.List(context.Background(), actor, w.lib.ID, "id", 0)
	must(t, err)
	var out []string
	for _, n := range ns {
		out = append(out, n.Kind)
	}
	return out
}

func scan(t *testing.T, w *world) int {
	t.Helper()
	n, err := w.svc.ScanTraining(context.Background())
	must(t, err)
	return n
}

// One session of one seat tomorrow: Sari is nominated (invitation and
// reminder), Budi waits; Sari cancels and Budi is promoted (promotion and
// reminder). After the day Budi, who attended, is asked for the L1 survey;
// 90 days after, the coordinator for the L3 reassessment. Every scan adds
// each message once.
func TestScanTraining(t *testing.T) {
	dbtest.Each(t, func(t *testing.T, d *db.DB) {
		ctx := context.Background()
		w := newWorld(t, d)
		p, err := w.tr.CreateProgram(ctx, w.coord, training.Program{LibraryID: w.lib.ID, Title: "Pelayanan Prima", Type: "workshop",
			Level: "dasar", JP: 8, ProviderKind: "internal", Modality: "offline"}, []int64{w.competency})
		must(t, err)
		x, err := w.tr.CreateSession(ctx, w.coord, training.Session{LibraryID: w.lib.ID, ProgramID: p.ID, Days: []record.Date{"2026-06-02"},
			Place: "Aula", Capacity: 1, Status: training.SessionOpen, MinAttendance: training.DefaultMinAttendance})
		must(t, err)
		es, err := w.tr.Nominate(ctx, w.coord, w.lib.ID, x.ID, w.sari.ID)
		must(t, err)
		_, err = w.tr.Nominate(ctx, w.coord, w.lib.ID, x.ID, w.budi.ID)
		must(t, err)
		if n := scan(t, w); n != 3 { // Sari: invitation and reminder; Budi (waitlisted): invitation
			t.Errorf("first scan added %d", n)
		}
		if got := kinds(t, w, w.sariUser); len(got) != 2 || !has(got, KindInvitation) || !has(got, KindReminder) {
			t.Errorf("Sari: %v", got)
		}
		if got := kinds(t, w, w.budiUser); len(got) != 1 || got[0] != KindInvitation {
			t.Errorf("Budi waitlisted: %v", got)
		}
		if n := scan(t, w); n != 0 {
			t.Errorf("second scan added %d", n)
		}
		_, err = w.tr.Cancel(ctx, w.coord, w.lib.ID, es.ID)
		must(t, err)
		scan(t, w)
		if got := kinds(t, w, w.budiUser); len(got) != 3 || !has(got, KindPromotion) || !has(got, KindReminder) {
			t.Errorf("Budi promoted: %v", got)
		}

		// The day: Budi attends; the next day he is asked for the L1 survey.
		w.clock.t = time.Date(2026, 6, 2, 3, 0, 0, 0, time.UTC)
		parts, err := w.tr.Participants(ctx, w.coord, w.lib.ID, x.ID)
		must(t, err)
		var budiE int64
		for _, e := range parts {
			if e.StaffID == w.budi.ID {
				budiE = e.ID
			}
		}
		must(t, w.tr.SetAttendance(ctx, w.coord, w.lib.ID, x.ID, "2026-06-02", []int64{budiE}))
		scan(t, w)
		if got := kinds(t, w, w.budiUser); has(got, KindL1Prompt) {
			t.Errorf("L1 on the day itself: %v", got)
		}
		w.clock.t = time.Date(2026, 6, 3, 3, 0, 0, 0, time.UTC)
		scan(t, w)
		if got := kinds(t, w, w.budiUser); !has(got, KindL1Prompt) {
			t.Errorf("no L1 prompt: %v", got)
		}
		if got := kinds(t, w, w.sariUser); has(got, KindL1Prompt) {
			t.Errorf("L1 prompt to the cancelled: %v", got)
		}
		_, err = w.tr.Complete(ctx, w.coord, w.lib.ID, x.ID)
		must(t, err)

		// 2 June + 90 days = 31 August.
		w.clock.t = time.Date(2026, 8, 30, 3, 0, 0, 0, time.UTC)
		scan(t, w)
		if got := kinds(t, w, w.coord.UserID); has(got, KindL3Prompt) {
			t.Errorf("L3 early: %v", got)
		}
		w.clock.t = time.Date(2026, 8, 31, 3, 0, 0, 0, time.UTC)
		scan(t, w)
		scan(t, w)
		if got := kinds(t, w, w.coord.UserID); len(got) != 1 || got[0] != KindL3Prompt {
			t.Errorf("coordinator: %v", got)
		}

		// Reading: Budi's unread count falls as he reads.
		unread, err := w.svc.Unread(ctx, w.budiA, w.lib.ID)
		must(t, err)
		if unread != 4 {
			t.Errorf("Budi unread %d, want 4", unread)
		}
		ns, _ := w.svc.List(ctx, w.budiA, w.lib.ID, "id", 0)
		_, err = w.svc.MarkRead(ctx, w.budiA, w.lib.ID, ns[0].ID)
		must(t, err)
		if u, _ := w.svc.Unread(ctx, w.budiA, w.lib.ID); u != 3 {
			t.Errorf("after one read: %d", u)
		}
		// Someone else's notification is not found.
		if _, err := w.svc.MarkRead(ctx, w.sariA, w.lib.ID, ns[1].ID); err == nil {
			t.Errorf("Sari read Budi's notification")
		}
		_, err = w.svc.MarkAllRead(ctx, w.budiA, w.lib.ID)
		must(t, err)
		if u, _ := w.svc.Unread(ctx, w.budiA, w.lib.ID); u != 0 {
			t.Errorf("after all read: %d", u)
		}
	})
}

func has(xs []string, x string) bool {
	for _, y := range xs {
		if y == x {
			return true
		}
	}
	return false
}
