package demo

import (
	"fmt"
	"slices"
	"strconv"
	"strings"
	"time"

	"github.com/bina-pustaka/bina/internal/competency"
	"github.com/bina-pustaka/bina/internal/record"
	"github.com/bina-pustaka/bina/internal/training"
)

// setRequirements writes devRequirements on the library's published default
// framework and works out what each person is required and, by the
// library's story, what her supervisor will agree she has.
func (s *devSeeder) setRequirements() error {
	libID := s.lib.Library.ID
	fws, err := s.comp.Frameworks(s.ctx, s.system, libID)
	if err != nil {
		return err
	}
	if len(fws) == 0 || fws[0].Current == nil {
		return fmt.Errorf("no published framework")
	}
	tree, err := s.comp.CurrentVersion(s.ctx, s.system, libID, fws[0].ID)
	if err != nil {
		return err
	}
	s.codes = map[string]int64{}
	codeOf := map[int64]string{}
	for _, c := range tree.All() {
		s.codes[c.Code], codeOf[c.ID] = c.ID, c.Code
	}
	type group struct{ position, kind string }
	cells := map[group][]competency.RequirementCell{}
	var order []group
	var rules []competency.Requirement
	for _, r := range devRequirements {
		g := group{r.position, r.kind}
		if _, seen := cells[g]; !seen {
			order = append(order, g)
		}
		for _, code := range sortedCodes(r.levels) {
			id, ok := s.codes[code]
			if !ok {
				return fmt.Errorf("competency %s not in the default framework", code)
			}
			cells[g] = append(cells[g], competency.RequirementCell{Level: r.level, CompetencyID: id, RequiredLevel: r.levels[code]})
			rules = append(rules, competency.Requirement{Position: r.position, Level: r.level, ServicePointKind: r.kind,
				CompetencyID: id, RequiredLevel: r.levels[code]})
		}
	}
	for _, g := range order {
		if err := s.comp.SetRequirements(s.ctx, s.system, libID, tree.Version.ID, g.position, g.kind, cells[g]); err != nil {
			return err
		}
	}
	for _, p := range s.people {
		p.req, p.agreed = map[string]int{}, map[string]int{}
		born := yearOf(p.spec.NIP)
		for id, lvl := range competency.Resolve(rules, p.spec.Position, p.spec.Level, p.kind) {
			p.req[codeOf[id]] = lvl
		}
		// In code order: the draws must not follow Go's random map order.
		for _, code := range sortedCodes(p.req) {
			a := p.req[code] + s.story.bias[code]
			switch n := s.rng.IntN(10); {
			case n < 2:
				a--
			case n >= 8:
				a++
			}
			// Those who met computers late in their career rate lower on them.
			if strings.HasPrefix(code, "TI.") && born > 0 && born < 1978 {
				a--
			}
			p.agreed[code] = clamp(a)
		}
	}
	s.shapeMine()
	return nil
}

// shapeMine gives the demo pustakawan a clear story: strong at her own
// circulation desk, her largest gap in information literacy, and a gap in
// what each upcoming session she is not in would train, so her
// recommendations have reasons and her plan has goals.
func (s *devSeeder) shapeMine() {
	p := s.mine()
	if r, ok := p.req["LP.01"]; ok {
		p.agreed["LP.01"] = clamp(r + 1)
	}
	if r, ok := p.req["KU.03"]; ok {
		p.agreed["KU.03"] = clamp(r - 2)
	}
	for _, u := range s.story.upcoming {
		if u.program == s.story.mine[1] {
			continue
		}
		for _, code := range programDef(u.program).targets {
			if r, ok := p.req[code]; ok {
				p.agreed[code] = min(p.agreed[code], clamp(r-1))
				break
			}
		}
	}
}

func sortedCodes(m map[string]int) []string {
	out := make([]string, 0, len(m))
	for c := range m {
		out = append(out, c)
	}
	slices.Sort(out)
	return out
}

func programDef(key string) progDef {
	for _, p := range devPrograms {
		if p.key == key {
			return p
		}
	}
	panic("demo: unknown programme " + key)
}

// cycleWindows names the closed cycle (earlier this year, or last year's
// second half while this year is young) and the open one of the current
// half-year ("" when it would be the closed one's name).
func cycleWindows(today record.Date) (closedName string, closedFrom, closedTo record.Date, openName string) {
	y := today.Year()
	if today >= dateOf(y, time.April, 20) {
		closedName, closedFrom, closedTo = "Penilaian Kompetensi Semester I "+strconv.Itoa(y), dateOf(y, time.February, 3), dateOf(y, time.March, 14)
	} else {
		closedName, closedFrom, closedTo = "Penilaian Kompetensi Semester II "+strconv.Itoa(y-1), dateOf(y-1, time.August, 4), dateOf(y-1, time.September, 12)
	}
	openName = "Penilaian Kompetensi Semester I " + strconv.Itoa(y)
	if today.Time().Month() > time.June {
		openName = "Penilaian Kompetensi Semester II " + strconv.Itoa(y)
	}
	if openName == closedName {
		openName = ""
	}
	return closedName, closedFrom, closedTo, openName
}

// closedCycle opens the earlier cycle, has most people assess themselves
// and their supervisors review them, and closes it: its frozen results feed
// the gap pages, the heatmap, the needs analysis and the recommendations.
func (s *devSeeder) closedCycle() error {
	libID := s.lib.Library.ID
	name, from, to, _ := cycleWindows(s.today)
	fws, err := s.comp.Frameworks(s.ctx, s.system, libID)
	if err != nil {
		return err
	}
	c, err := s.comp.OpenCycle(s.ctx, s.system, libID, competency.NewCycle{Name: name, FrameworkID: fws[0].ID,
		OpensOn: string(from), ClosesOn: string(to)})
	if err != nil {
		return err
	}
	ids, err := s.assessmentIDs(c.ID)
	if err != nil {
		return err
	}
	for i, p := range s.people {
		if len(p.req) == 0 {
			continue // not assessed on librarian competencies
		}
		key := i == s.mineIdx || i == headIndex || i == coordinatorIndex
		n := s.rng.IntN(100)
		if !key && n < 5 {
			continue // never filled in her self-assessment
		}
		if err := s.rate(ids[p.id], p, competency.RoleSelf, s.selfLevels(p)); err != nil {
			return fmt.Errorf("self-assessment of %s: %w", p.spec.Name, err)
		}
		if !key && n < 13 {
			continue // submitted, the review never came
		}
		if err := s.rate(ids[p.id], p, competency.RoleSupervisor, p.agreed); err != nil {
			return fmt.Errorf("review of %s: %w", p.spec.Name, err)
		}
		p.reviewed = true
	}
	_, err = s.comp.CloseCycle(s.ctx, s.system, libID, c.ID)
	return err
}

// selfLevels is how a person rates herself: mostly as her supervisor will,
// often a level higher, now and then more modestly.
func (s *devSeeder) selfLevels(p *devPerson) map[string]int {
	out := map[string]int{}
	for _, code := range sortedCodes(p.agreed) {
		a := p.agreed[code]
		switch n := s.rng.IntN(20); {
		case n < 2:
			a--
		case n >= 13:
			a++
		}
		out[code] = clamp(a)
	}
	return out
}

// assessmentIDs maps the cycle's people to their assessments.
func (s *devSeeder) assessmentIDs(cycleID int64) (map[int64]int64, error) {
	lines, err := s.comp.CycleAssessments(s.ctx, s.system, s.lib.Library.ID, cycleID)
	if err != nil {
		return nil, err
	}
	out := make(map[int64]int64, len(lines))
	for _, l := range lines {
		out[l.StaffID] = l.ID
	}
	return out, nil
}

// rate saves one role's levels: the person herself for a self-assessment,
// the system (as coordinator) for the review, with a word where it matters.
func (s *devSeeder) rate(assessmentID int64, p *devPerson, role string, levels map[string]int) error {
	in := make([]competency.RatingInput, 0, len(levels))
	for _, code := range sortedCodes(levels) {
		r := competency.RatingInput{CompetencyID: s.codes[code], Level: levels[code]}
		gap := p.req[code] - levels[code]
		switch {
		case role == competency.RoleSupervisor && gap >= 2:
			r.Comment = "Perlu pelatihan dan pendampingan; prioritaskan dalam rencana pengembangan."
		case role == competency.RoleSupervisor && gap < 0 && s.rng.IntN(3) == 0:
			r.Comment = "Dapat berbagi praktik baik kepada rekan kerja."
		case role == competency.RoleSelf && gap >= 1 && s.rng.IntN(4) == 0:
			r.Comment = "Belum pernah mengikuti pelatihan untuk kompetensi ini."
		}
		in = append(in, r)
	}
	actor := s.system
	if role == competency.RoleSelf {
		actor = p.actor
	}
	return s.comp.SaveRatings(s.ctx, actor, s.lib.Library.ID, assessmentID, role, in, nil)
}

// openCurrentCycle opens this half-year's cycle beside the closed one, as a
// library mid-way through its next round looks; people's pages keep showing
// the closed cycle's agreed gaps (competency.PersonGaps) until it closes.
const openCurrentCycle = true

// openCycle opens the current half-year's cycle: some people have assessed
// themselves already (higher where a completed training taught them), a
// few were reviewed. The demo pustakawan's is still hers to fill in.
func (s *devSeeder) openCycle() error {
	libID := s.lib.Library.ID
	_, _, _, name := cycleWindows(s.today)
	if !openCurrentCycle || name == "" {
		return nil
	}
	fws, err := s.comp.Frameworks(s.ctx, s.system, libID)
	if err != nil {
		return err
	}
	c, err := s.comp.OpenCycle(s.ctx, s.system, libID, competency.NewCycle{Name: name, FrameworkID: fws[0].ID,
		OpensOn: string(s.today.AddDays(-12)), ClosesOn: string(s.today.AddDays(24))})
	if err != nil {
		return err
	}
	ids, err := s.assessmentIDs(c.ID)
	if err != nil {
		return err
	}
	for i, p := range s.people {
		if i == s.mineIdx || len(p.req) == 0 || !p.reviewed {
			continue
		}
		trained := len(p.done) > 0
		n := s.rng.IntN(100)
		if n >= 35 && !(trained && n < 55) {
			continue
		}
		now := map[string]int{}
		for code, a := range p.agreed {
			if p.done[code] {
				a++
			}
			now[code] = clamp(a)
		}
		if err := s.rate(ids[p.id], p, competency.RoleSelf, s.selfLevels(&devPerson{req: p.req, agreed: now})); err != nil {
			return err
		}
		if trained && n < 25 {
			if err := s.rate(ids[p.id], p, competency.RoleSupervisor, now); err != nil {
				return err
			}
		}
	}
	return nil
}

// plan writes the demo pustakawan's development plan for this year: goals
// from her largest gaps (as the plan page suggests them), with the training
// she is enrolled in or could register for, self-study and mentoring, and
// submits it for her supervisor's sign-off.
func (s *devSeeder) plan() error {
	libID, p := s.lib.Library.ID, s.mine()
	year := s.today.Year()
	page, err := s.comp.PlanFor(s.ctx, p.actor, libID, p.id, year)
	if err != nil {
		return err
	}
	due := string(dateOf(year, time.December, 31))
	done := map[string]bool{} // actions already done: the training she completed
	mentored := false         // one mentoring, for her largest gap
	for _, sg := range page.Suggestions {
		status := "planned"
		var actions []competency.ActionInput
		for _, x := range append(append([]heldSession{}, s.past...), s.upcoming...) {
			if !slices.Contains(x.program.targets, sg.Code) {
				continue
			}
			kind := "training"
			if x.program.typ == "magang" {
				kind = "magang"
			}
			when := longDate(x.FirstDay())
			what := fmt.Sprintf("Mendaftar %s, %s", x.Name(), when)
			switch {
			case x.Status == training.SessionCompleted && p.done[sg.Code] && x.program.key == s.story.mine[0]:
				what, status = fmt.Sprintf("Mengikuti %s, %s", x.Name(), when), "in_progress"
				done[what] = true
			case x.Status == training.SessionCompleted:
				continue
			case s.enrolled(x.ID):
				what = fmt.Sprintf("Mengikuti %s, %s", x.Name(), when)
			case !x.program.selfRegistration:
				what = fmt.Sprintf("Meminta nominasi koordinator untuk %s, %s", x.Name(), when)
			}
			actions = append(actions, competency.ActionInput{Kind: kind, Description: what, DueDate: string(x.LastDay())})
		}
		actions = append(actions, competency.ActionInput{Kind: "self_study",
			Description: "Mempelajari materi " + sg.Title + " di Pustaka rujukan dan e-resources Perpusnas", DueDate: due})
		if sg.Gap >= 2 && !mentored {
			mentored = true
			actions = append(actions, competency.ActionInput{Kind: "mentoring",
				Description: "Pendampingan oleh pustakawan senior selama tiga bulan, dengan praktik langsung di layanan", DueDate: due})
		}
		cid := sg.CompetencyID
		goal, err := s.comp.AddGoal(s.ctx, p.actor, libID, p.id, year, competency.GoalInput{CompetencyID: &cid, TargetLevel: sg.To,
			Description: fmt.Sprintf("Naik dari tingkat %d ke %d pada %s", sg.From, sg.To, sg.Title), DueDate: due, Status: status})
		if err != nil {
			return err
		}
		for _, a := range actions {
			if err := s.comp.AddAction(s.ctx, p.actor, libID, p.id, goal, a); err != nil {
				return err
			}
		}
	}
	if len(page.Suggestions) == 0 {
		return nil
	}
	if len(done) > 0 {
		page, err := s.comp.PlanFor(s.ctx, p.actor, libID, p.id, year)
		if err != nil {
			return err
		}
		for _, g := range page.Plan.Goals {
			for _, a := range g.Actions {
				if done[a.Description] {
					if err := s.comp.SetActionDone(s.ctx, p.actor, libID, p.id, g.ID, a.ID, true); err != nil {
						return err
					}
				}
			}
		}
	}
	return s.comp.SubmitPlan(s.ctx, p.actor, libID, p.id, year)
}

// longDate writes a day as Indonesians do: 2 Desember 2026.
func longDate(d record.Date) string {
	t := d.Time()
	return fmt.Sprintf("%d %s %d", t.Day(), bulan[t.Month()-1], t.Year())
}

var bulan = [...]string{"Januari", "Februari", "Maret", "April", "Mei", "Juni", "Juli", "Agustus", "September", "Oktober", "November", "Desember"}

// enrolled reports whether the demo pustakawan holds a place in a session.
func (s *devSeeder) enrolled(sessionID int64) bool {
	for _, u := range s.upcoming {
		if u.ID == sessionID && u.program.key == s.story.mine[1] {
			return true
		}
	}
	return false
}
