package web_test

import (
	"context"
	"fmt"
	"net/http"
	"net/url"
	"strconv"
	"strings"
	"testing"

	"github.com/bina-pustaka/bina/internal/auth"
	"github.com/bina-pustaka/bina/internal/db"
	"github.com/bina-pustaka/bina/internal/dbtest"
)

// The coordinator names a peer for the librarian's assessment: the peer
// finds it under "Penilaian saya" and rates; a colleague not named gets
// 403; the person herself cannot be named.
func TestDesignatedPeerRates(t *testing.T) {
	dbtest.Each(t, func(t *testing.T, d *db.DB) {
		a := newApp(t, d)
		lp01, _, _ := asmSetup(t, a)
		ctx, lib := context.Background(), a.A.Library.ID
		var ids []int64
		for _, email := range []string{"rekan@a.test", "kolega@a.test"} {
			u, err := a.Svc.Users.Bootstrap(ctx, auth.NewUser{Email: email, Name: "Rekan " + email, Password: testPassword, LibraryID: lib, Role: auth.RoleStaff})
			if err != nil {
				t.Fatal(err)
			}
			ids = append(ids, u.ID)
		}
		peerID := ids[0]
		coord := a.login(a.A.CoordEmail)
		people := fmt.Sprintf("/libraries/%d/cycles/%d/people", lib, a.A.Cycle.ID)
		if res := coord.get(people); res.StatusCode != http.StatusOK || !strings.Contains(res.Body, fmt.Sprintf(`id="peer-%d"`, a.A.Staff.ID)) {
			t.Fatalf("assessors page: %d", res.StatusCode)
		}
		save := fmt.Sprintf("/libraries/%d/assessments/%d/assessors", lib, a.A.Assessment)
		res := coord.postForm(save, url.Values{"peer_user_id": {strconv.FormatInt(a.A.StaffUserID, 10)}})
		if res.StatusCode != http.StatusUnprocessableEntity || !strings.Contains(res.Body, "field-error") {
			t.Errorf("naming the person her own peer: %d", res.StatusCode)
		}
		if res := coord.postForm(save, url.Values{"peer_user_id": {strconv.FormatInt(peerID, 10)}}); res.StatusCode != http.StatusSeeOther {
			t.Fatalf("naming the peer: %d %.300s", res.StatusCode, res.Body)
		}

		peerForm := fmt.Sprintf("/libraries/%d/assessments/%d/peer", lib, a.A.Assessment)
		peer := a.login("rekan@a.test")
		if res := peer.get(fmt.Sprintf("/libraries/%d/my-assessments", lib)); !strings.Contains(res.Body, fmt.Sprintf(`id="peer-%d"`, a.A.Assessment)) {
			t.Errorf("Penilaian saya does not list the peer assessment: %d", res.StatusCode)
		}
		if res := peer.get(peerForm); res.StatusCode != http.StatusOK || !strings.Contains(res.Body, `action="`+peerForm+`"`) {
			t.Fatalf("peer form: %d", res.StatusCode)
		}
		level := fmt.Sprintf("level_%d", lp01)
		if res := peer.postForm(peerForm, url.Values{level: {"2"}}); res.StatusCode != http.StatusSeeOther {
			t.Fatalf("peer rating: %d %.300s", res.StatusCode, res.Body)
		}
		sh, err := a.Svc.Competency.Sheet(ctx, a.system(), lib, a.A.Assessment)
		if err != nil {
			t.Fatal(err)
		}
		for _, it := range sh.Items {
			if it.Competency.ID == lp01 && (it.Ratings["peer"] == nil || it.Ratings["peer"].Level != 2) {
				t.Errorf("the peer rating was not stored: %+v", it.Ratings)
			}
		}

		other := a.login("kolega@a.test")
		for _, res := range []response{other.get(peerForm), other.postForm(peerForm, url.Values{level: {"1"}})} {
			if res.StatusCode != http.StatusForbidden && res.StatusCode != http.StatusNotFound {
				t.Errorf("a colleague not named rated: %d", res.StatusCode)
			}
		}
		if res := a.login(a.A.StaffEmail).get(peerForm); res.StatusCode != http.StatusForbidden {
			t.Errorf("the person opened her own peer form: %d", res.StatusCode)
		}
	})
}
