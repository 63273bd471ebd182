package demo

import (
	"cmp"
	"fmt"
	"slices"
	"strings"

	"github.com/bina-pustaka/bina/internal/record"
	"github.com/bina-pustaka/bina/internal/training"
)

// catalogue writes the library's programmes, a stand-alone reference, and
// maps the library's IKM elements and complaint categories to competencies
// (the needs analysis's suggested mappings).
func (s *devSeeder) catalogue() error {
	libID := s.lib.Library.ID
	from, _ := s.pastWindow()
	ts := s.training(s.at(from.AddDays(-30), 9))
	s.programs = map[string]training.Program{}
	for _, key := range s.story.programs {
		def := programDef(key)
		p := training.Program{LibraryID: libID, Title: def.title, Type: def.typ, Level: def.level, JP: def.jp, ProviderKind: "internal",
			Modality: def.modality, Description: def.description, Materials: def.materials, SelfRegistration: def.selfRegistration}
		switch def.partner {
		case "":
		case "magang":
			p.ProviderKind, p.ProviderName = "partner", s.story.university
		default:
			p.ProviderKind, p.ProviderName = "partner", def.partner
		}
		if def.validity > 0 {
			v := def.validity
			p.CertificateValidityMonths = &v
		}
		ids := make([]int64, 0, len(def.targets))
		for _, code := range def.targets {
			ids = append(ids, s.codes[code])
		}
		out, err := ts.CreateProgram(s.ctx, s.system, p, ids)
		if err != nil {
			return fmt.Errorf("%s: %w", def.title, err)
		}
		s.programs[key] = out
	}
	if _, err := ts.AddMaterial(s.ctx, s.system, training.MaterialInput{LibraryID: libID, CompetencyID: s.codes["KU.02"],
		Title:       "Standar Nasional Perpustakaan dan peraturan Perpustakaan Nasional (JDIH Perpusnas)",
		Description: "Rujukan standar layanan, koleksi, tenaga dan sarana perpustakaan umum kabupaten/kota.",
		URL:         "https://jdih.perpusnas.go.id/"}); err != nil {
		return err
	}
	_, err := ts.ApplySuggestedNeedMappings(s.ctx, s.system, libID)
	return err
}

// session is a session of programme def on days, as a coordinator fills
// in the form.
func (s *devSeeder) session(def progDef, days []record.Date, capacity int) training.Session {
	x := training.Session{LibraryID: s.lib.Library.ID, ProgramID: s.programs[def.key].ID, Days: days, Capacity: capacity,
		BudgetLine: "Belanja Kursus Singkat/Pelatihan", Budget: def.budget,
		Status: training.SessionOpen, MinAttendance: training.DefaultMinAttendance}
	if def.modality != "online" {
		x.Place = "Aula " + s.lib.Spec.Name + ", " + s.lib.Spec.Address
		if def.typ == "magang" {
			x.Place = s.story.university
		}
	}
	if def.modality != "offline" {
		x.OnlineURL = "https://meet.bina.demo/" + s.key + "-" + def.key
	}
	switch {
	case def.typ == "magang":
		x.Trainers = []training.Trainer{{Name: "Tim Pembimbing Magang", Institution: s.story.university}}
	case def.trainer == "":
		head := s.people[2].id // Kepala Bidang Layanan Perpustakaan
		x.Trainers = []training.Trainer{{StaffID: &head}}
	default:
		x.Trainers = []training.Trainer{{Name: def.trainer, Institution: def.institution}}
	}
	if def.key == "rda" {
		pass := 60
		x.PassMark = &pass
	}
	return x
}

// pick chooses n people for a programme, those with the largest gaps in
// its targets first, as a coordinator nominates; the demo pustakawan only
// when withMine. Those far from 20 JP had no training in the past (done)
// and come first for what is coming.
func (s *devSeeder) pick(def progDef, n int, withMine, done bool) []*devPerson {
	type cand struct {
		p     *devPerson
		score float64
	}
	var cands []cand
	for i, p := range s.people {
		if i == s.mineIdx {
			continue
		}
		if def.typ == "magang" && !(p.spec.Position == "Pustakawan" && p.spec.Level != "Terampil") || done && p.behind == jpFar {
			continue
		}
		score, relevant := s.rng.Float64()*3, false
		if p.behind == jpFar {
			score += 4
		}
		for _, code := range def.targets {
			if r, ok := p.req[code]; ok {
				relevant = true
				score += 1 + 3*float64(max(0, r-p.agreed[code]))
			}
		}
		if relevant {
			cands = append(cands, cand{p, score})
		}
	}
	slices.SortStableFunc(cands, func(a, b cand) int { return cmp.Compare(b.score, a.score) })
	var out []*devPerson
	if withMine {
		out = append(out, s.mine())
		n--
	}
	for _, c := range cands[:min(n, len(cands))] {
		out = append(out, c.p)
	}
	return out
}

// pastSessions runs the story's completed sessions from scheduling to
// certificates: nominations (the demo pustakawan registers herself),
// attendance per day, pre/post tests, completion crediting JP, bulk
// certificates, and the participants' L1 reactions.
func (s *devSeeder) pastSessions() error {
	libID := s.lib.Library.ID
	from, to := s.pastWindow()
	for _, pd := range s.story.past {
		def := programDef(pd.program)
		days := workdays(between(from, to, pd.at), def.days)
		first, last := days[0], days[len(days)-1]
		n := 14 + s.rng.IntN(7)
		if def.typ == "magang" {
			n = 3 + s.rng.IntN(2)
		}
		mineHere := pd.program == s.story.mine[0]
		people := s.pick(def, n, mineHere, true)
		capacity := (len(people) + s.rng.IntN(4) + 4) / 5 * 5
		x, err := s.training(s.at(first.AddDays(-35), 10)).CreateSession(s.ctx, s.system, s.session(def, days, capacity))
		if err != nil {
			return fmt.Errorf("%s: %w", def.title, err)
		}
		enrolment := map[int64]int64{} // staff → enrolment
		for k, p := range people {
			at := s.at(first.AddDays(-21+k*14/len(people)), 9+k%7)
			var e training.Enrolment
			if p == s.mine() && def.selfRegistration {
				e, err = s.training(at).Register(s.ctx, p.actor, libID, x.ID)
			} else {
				e, err = s.training(at).Nominate(s.ctx, s.system, libID, x.ID, p.id)
			}
			if err != nil {
				return fmt.Errorf("enrolling %s in %s: %w", p.spec.Name, def.title, err)
			}
			enrolment[p.id] = e.ID
		}
		// One participant drops out after the first day; another misses a
		// day (in a short session that costs her the completion).
		dropout, missing, missed := int64(0), int64(0), len(days)-1
		if len(people) >= 8 {
			dropout = people[len(people)-1-s.rng.IntN(3)].id
			if s.rng.IntN(2) == 0 {
				missing, missed = people[1+s.rng.IntN(len(people)-4)].id, s.rng.IntN(len(days))
			}
		}
		attended := map[int64]int{}
		for k, day := range days {
			var present []int64
			for _, p := range people {
				if p.id == dropout && k > 0 || p.id == missing && k == missed {
					continue
				}
				present = append(present, enrolment[p.id])
				attended[p.id]++
			}
			if err := s.training(s.at(day, 16)).SetAttendance(s.ctx, s.system, libID, x.ID, day, present); err != nil {
				return err
			}
		}
		scores := make([]training.Score, 0, len(people))
		for _, p := range people {
			pre := 30 + s.rng.IntN(41)
			gain := 0.3 + s.rng.Float64()*0.5 + 0.1*float64(s.story.reaction)
			post := pre + int(gain*float64(100-pre))
			if p == s.mine() {
				pre, post = 50+s.rng.IntN(10), 80+s.rng.IntN(10)
			}
			sc := training.Score{EnrolmentID: enrolment[p.id], Pre: &pre, Post: &post}
			if p.id == dropout {
				sc.Post = nil
			}
			scores = append(scores, sc)
		}
		if err := s.training(s.at(last, 17)).SetScores(s.ctx, s.system, libID, x.ID, scores); err != nil {
			return err
		}
		if _, err := s.training(s.at(workdayOnOrAfter(last.AddDays(1)), 10)).Complete(s.ctx, s.system, libID, x.ID); err != nil {
			return err
		}
		if _, err := s.training(s.at(workdayOnOrAfter(last.AddDays(3)), 11)).IssueForSession(s.ctx, s.system, libID, x.ID); err != nil {
			return err
		}
		if err := s.reactions(x.ID, def, last, people, attended); err != nil {
			return err
		}
		es, err := s.training(s.now).Participants(s.ctx, s.system, libID, x.ID)
		if err != nil {
			return err
		}
		completed := map[int64]bool{}
		for _, e := range es {
			completed[e.StaffID] = e.Status == training.Completed
		}
		for _, p := range people {
			if !completed[p.id] {
				continue
			}
			for _, code := range def.targets {
				p.done[code] = true
			}
			if last.Year() == s.today.Year() {
				p.jp += def.jp
			}
		}
		x.Status = training.SessionCompleted
		s.past = append(s.past, heldSession{Session: x, program: def})
	}
	return nil
}

// reactions has most participants who attended answer the L1 survey in the
// days after the session, as the library's trainings are usually received.
func (s *devSeeder) reactions(sessionID int64, def progDef, last record.Date, people []*devPerson, attended map[int64]int) error {
	// Comments fit the modality and are not repeated within a session.
	var comments []string
	for _, i := range s.rng.Perm(len(reactionComments)) {
		c := reactionComments[i]
		online := strings.Contains(c, "daring")
		if online == (def.modality == "online") || !online && !strings.Contains(c, "Ruangan") {
			comments = append(comments, c)
		}
	}
	// How the library's trainings are received moves the odds of a 3 and a 5.
	low, high := 20-10*s.story.reaction, 30+15*s.story.reaction
	for _, p := range people {
		if attended[p.id] == 0 || p != s.mine() && s.rng.IntN(100) >= 85 {
			continue
		}
		var scores [5]int
		for i := range scores {
			v := 4
			switch n := s.rng.IntN(100); {
			case n < low:
				v--
			case n >= 100-high:
				v++
			}
			if training.ReactionItems[i] == "facilities" && def.modality == "online" && s.rng.IntN(2) == 0 {
				v-- // the connection, as always
			}
			scores[i] = clamp(v)
		}
		improve := ""
		if len(comments) > 0 && s.rng.IntN(100) < 40 {
			improve, comments = comments[0], comments[1:]
		}
		at := s.at(workdayOnOrAfter(last.AddDays(s.rng.IntN(4))), 15+s.rng.IntN(5))
		if _, err := s.training(at).SubmitReaction(s.ctx, p.actor, s.lib.Library.ID, sessionID, scores, improve); err != nil {
			return fmt.Errorf("reaction of %s: %w", p.spec.Name, err)
		}
	}
	return nil
}

// upcomingSessions schedules the story's next sessions, open for
// registration: the demo pustakawan registers for hers, the coordinator
// nominates people, and the first is over-subscribed: a waitlist, moved up
// once when a nominee withdraws.
func (s *devSeeder) upcomingSessions() error {
	libID := s.lib.Library.ID
	for k, u := range s.story.upcoming {
		def := programDef(u.program)
		days := workdays(workdayOnOrAfter(s.today.AddDays(u.in)), def.days)
		x, err := s.training(s.at(s.today.AddDays(-30+3*k), 10)).CreateSession(s.ctx, s.system, s.session(def, days, u.seats))
		if err != nil {
			return fmt.Errorf("%s: %w", def.title, err)
		}
		if u.program == s.story.mine[1] {
			if _, err := s.training(s.at(s.today.AddDays(-6), 8)).Register(s.ctx, s.mine().actor, libID, x.ID); err != nil {
				return fmt.Errorf("registering for %s: %w", def.title, err)
			}
		}
		people := s.pick(def, u.nominated, false, false)
		var first int64 // the first nominee, who withdraws from a full session
		for j, p := range people {
			e, err := s.training(s.at(s.today.AddDays(-20+j*15/len(people)), 9+j%8)).Nominate(s.ctx, s.system, libID, x.ID, p.id)
			if err != nil {
				return fmt.Errorf("nominating %s for %s: %w", p.spec.Name, def.title, err)
			}
			if j == 0 {
				first = e.ID
			}
		}
		if len(people) > u.seats+2 {
			if _, err := s.training(s.at(s.today.AddDays(-2), 14)).Cancel(s.ctx, s.system, libID, first); err != nil {
				return err
			}
		}
		if x, err = s.training(s.now).Session(s.ctx, s.system, libID, x.ID); err != nil {
			return err
		}
		s.upcoming = append(s.upcoming, heldSession{Session: x, program: def})
	}
	return nil
}

// interests records what the demo pustakawan wants to learn, and a few
// colleagues' wishes, for the recommendations' reasons.
func (s *devSeeder) interests() error {
	libID, p := s.lib.Library.ID, s.mine()
	prefs := training.Preferences{Types: []string{"workshop", "e_learning"}, Topics: []string{"literasi", "katalog"}}
	if err := s.training(s.at(s.today.AddDays(-9), 20)).SaveInterests(s.ctx, p.actor, libID, p.id,
		[]int64{s.codes["KU.03"], s.codes["TI.03"]}, prefs); err != nil {
		return err
	}
	n := 0
	for i, q := range s.people {
		if i == s.mineIdx || n == 4 || s.rng.IntN(4) != 0 {
			continue
		}
		var ids []int64
		for _, code := range sortedCodes(q.req) {
			if q.agreed[code] < q.req[code] && len(ids) < 2 {
				ids = append(ids, s.codes[code])
			}
		}
		if len(ids) == 0 {
			continue
		}
		if err := s.training(s.at(s.today.AddDays(-40+5*n), 11)).SetInterests(s.ctx, s.system, libID, q.id, ids); err != nil {
			return err
		}
		n++
	}
	return nil
}
