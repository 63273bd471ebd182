package survey

import (
	"bytes"
	"sort"
	"strconv"
	"strings"
	"time"
	"unicode/utf8"

	"github.com/bina-pustaka/bina/internal/apperr"
	"github.com/bina-pustaka/bina/internal/ikm"
)

// ImportOptions say how to read a survey file.
type ImportOptions struct {
	// ServicePointID receives every response; 0 reads each row's service
	// column (TargetService) as a service point name, in any case.
	ServicePointID int64
	// Day (YYYY-MM-DD) is the day of the responses when the file has no
	// date column, and of rows whose date cell is blank; "" is today in the
	// library's zone.
	Day string
	// Mapping is the target of every column, by index; nil keeps what the
	// header detection found.
	Mapping []string
	// Columns correct single columns by header (any case) → target, over
	// Mapping or the detection; a target given here moves away from the
	// column the detection had put it on. The command line's --map.
	Columns map[string]string
}

// ImportResult is what an import stored.
type ImportResult struct {
	Imported int
	// Skipped counts rows with something in them (a timestamp, a profile)
	// but no answer: nothing to count, so not stored.
	Skipped int
	// ProfileUnknown counts profile cells that are none of the web form's
	// choices: kept as written, or for an age that is no number, not given.
	ProfileUnknown int
	ByServicePoint []ImportCount // by name
	From, To       string        // first and last day of the stored responses
}

// ImportCount is how many responses went to one service point.
type ImportCount struct {
	ServicePointID int64
	Name           string
	Responses      int
}

// importLibrary is what reading a file needs to know of the library.
type importLibrary struct {
	points []importPoint // by name
	loc    *time.Location
	today  string // YYYY-MM-DD in the library's zone
}

type importPoint struct {
	ID   int64
	Name string
}

// serviceKey makes service point names comparable: case and spacing do
// not matter.
func serviceKey(s string) string { return strings.Join(strings.Fields(strings.ToLower(s)), " ") }

// mapping resolves the target of every column and checks it: every element
// in exactly one column, no target twice, a service column when no service
// point is chosen.
func (lib importLibrary) mapping(h ikm.Header, opt ImportOptions, v *apperr.Validation) []string {
	targets := make([]string, len(h.Columns))
	if opt.Mapping != nil {
		copy(targets, opt.Mapping)
	} else {
		targets = detectedTargets(h)
	}
	// Corrections by header name, in a stable order.
	names := make([]string, 0, len(opt.Columns))
	for name := range opt.Columns {
		names = append(names, name)
	}
	sort.Strings(names)
	fixed := map[int]bool{}
	for _, name := range names {
		target := strings.ToLower(strings.TrimSpace(opt.Columns[name]))
		found := false
		for c, head := range h.Columns {
			if strings.EqualFold(strings.TrimSpace(head), strings.TrimSpace(name)) {
				found = true
				if target != TargetIgnore {
					for o := range targets {
						if targets[o] == target && !fixed[o] {
							targets[o] = TargetIgnore
						}
					}
				}
				targets[c], fixed[c] = target, true
			}
		}
		if !found {
			v.Add("mapping", "survey_import.no_such_column", apperr.Args{"Column": name})
		}
	}

	first := map[string]int{}
	for c, t := range targets {
		if _, ok := targetRole(t); !ok {
			v.Add("mapping", "survey_import.bad_target", apperr.Args{"Column": importColumnName(h, c), "Target": t})
			targets[c] = TargetIgnore
			continue
		}
		if t == TargetIgnore {
			continue
		}
		if o, seen := first[t]; seen {
			v.AddCell(h.Line, importColumnName(h, c), "survey_import.column_twice", apperr.Args{"Other": importColumnName(h, o)})
			continue
		}
		first[t] = c
	}
	for i, el := range ikm.Elements {
		if _, ok := first[elementTarget(i)]; !ok {
			v.Add("mapping", "survey_import.element_missing", apperr.Args{"Code": el.Code, "Name": el.Name})
		}
	}
	if opt.ServicePointID == 0 {
		if _, ok := first[TargetService]; !ok {
			v.Add("service_point", "survey_import.no_service_column", nil)
		}
	} else if lib.servicePointName(opt.ServicePointID) == "" {
		v.Add("service_point", "survey_import.bad_service_point", nil)
	}
	return targets
}

func (lib importLibrary) servicePointName(id int64) string {
	for _, p := range lib.points {
		if p.ID == id {
			return p.Name
		}
	}
	return ""
}

// pendingDate is a response whose day comes from its date cell, decided
// once the whole file has shown its date order.
type pendingDate struct {
	index int // in the responses
	line  int
	cell  string
}

// readImport reads the CSV text of a survey file into responses ready for
// Import. Every problem of the file is reported at once, by line and
// column, and then nothing is returned.
func (lib importLibrary) readImport(text []byte, opt ImportOptions) ([]Response, ImportResult, error) {
	var res ImportResult
	h, err := ikm.ReadHeader(bytes.NewReader(text), 0)
	if err != nil {
		return nil, res, err
	}
	var v apperr.Validation
	targets := lib.mapping(h, opt, &v)
	day := opt.Day
	if day == "" {
		day = lib.today
	}
	dayStart, derr := time.ParseInLocation(time.DateOnly, day, lib.loc)
	if derr != nil {
		v.Add("day", "survey.bad_day", nil)
	}
	if err := v.Err(); err != nil {
		return nil, res, importError(err.(*apperr.Error).Problems, false)
	}

	roles := make([]ikm.Role, len(targets))
	dateCol, commentCol := -1, -1
	for c, t := range targets {
		roles[c], _ = targetRole(t)
		switch t {
		case TargetDate:
			dateCol = c
		case TargetComment:
			commentCol = c
		}
	}
	serviceCol := -1
	points := map[string]int64{}
	var known []string
	if opt.ServicePointID == 0 {
		for c, t := range targets {
			if t == TargetService {
				serviceCol = c
			}
		}
		for _, p := range lib.points {
			if _, dup := points[serviceKey(p.Name)]; !dup {
				points[serviceKey(p.Name)] = p.ID
				known = append(known, p.Name)
			}
		}
	}

	var rs []Response
	var dates []pendingDate
	var mine []apperr.Problem // the importer's own problems; ikm reports the answers'
	problem := func(line int, column, key string, args apperr.Args) {
		if len(mine) <= ikm.MaxProblems { // one more tells importError to say "too many"
			mine = append(mine, apperr.Problem{Line: line, Column: column, Key: key, Args: args})
		}
	}
	perr := ikm.ParseMapped(bytes.NewReader(text), roles, func(row *ikm.Row, cell func(int) []byte) {
		if row.Answers == ([ikm.NumElements]uint8{}) {
			res.Skipped++
			return
		}
		r := Response{Answers: row.Answers, ServicePointID: opt.ServicePointID, Day: day, SubmittedAt: dayStart.UTC()}
		lib.profile(&r, row, &res)
		if serviceCol >= 0 {
			name := string(row.Profile[ikm.Service])
			id, ok := points[serviceKey(name)]
			switch {
			case name == "":
				problem(row.Line, importColumnName(h, serviceCol), "survey_import.service_blank", nil)
			case !ok:
				problem(row.Line, importColumnName(h, serviceCol), "survey_import.unknown_service",
					apperr.Args{"Name": clipText(name, 60), "Known": strings.Join(known, ", ")})
			}
			r.ServicePointID = id
		}
		if commentCol >= 0 {
			r.Comment = clipText(string(cell(commentCol)), MaxComment)
		}
		if dateCol >= 0 {
			if d := cell(dateCol); len(d) > 0 {
				dates = append(dates, pendingDate{index: len(rs), line: row.Line, cell: string(d)})
			}
		}
		rs = append(rs, r)
	})
	if perr != nil && (apperr.CodeOf(perr) != apperr.Invalid || len(apperr.As(perr).Problems) == 0) {
		return nil, res, perr // no survey at all, or a read error
	}

	if len(dates) > 0 {
		cells := make([]string, len(dates))
		for i, d := range dates {
			cells[i] = d.cell
		}
		order := dateOrderOf(cells)
		for _, d := range dates {
			t, ok := parseImportDate(d.cell, order, lib.loc)
			if !ok {
				problem(d.line, importColumnName(h, dateCol), "survey_import.bad_date", apperr.Args{"Value": clipText(d.cell, 40)})
				continue
			}
			rs[d.index].Day, rs[d.index].SubmittedAt = t.Format(time.DateOnly), t.UTC()
		}
	}

	if perr != nil || len(mine) > 0 {
		var problems []apperr.Problem
		truncated := false
		if perr != nil {
			e := apperr.As(perr)
			problems = e.Problems
			truncated = e.Key == "import.too_many_problems"
		}
		return nil, res, importError(append(problems, mine...), truncated)
	}
	if len(rs) == 0 {
		return nil, res, apperr.New(apperr.Invalid, "ikm.no_answers", apperr.Args{"Skipped": res.Skipped})
	}
	res.ByServicePoint = lib.counts(rs)
	res.From, res.To = rs[0].Day, rs[0].Day
	for _, r := range rs {
		res.From, res.To = min(res.From, r.Day), max(res.To, r.Day)
	}
	return rs, res, nil
}

// profile reads the respondent's profile cells. A value the web form does
// not know is kept as written (bounded), or for an age left as not given,
// and counted.
func (lib importLibrary) profile(r *Response, row *ikm.Row, res *ImportResult) {
	read := func(cell []byte, known func(string) string) string {
		s := string(cell)
		if s == "" {
			return ""
		}
		if v := known(s); v != "" {
			return v
		}
		res.ProfileUnknown++
		return clipText(s, maxImportedProfile)
	}
	p := row.Profile
	r.Gender = read(p[ikm.Gender], importGender)
	r.Education = read(p[ikm.Education], importEducation)
	r.Occupation = read(p[ikm.Occupation], importOccupation)
	if s := string(p[ikm.Age]); s != "" {
		if r.Age = importAge(s); r.Age == 0 {
			res.ProfileUnknown++
		}
	}
}

// maxImportedProfile bounds a profile value kept as written.
const maxImportedProfile = 40

// counts are the responses per service point, by name.
func (lib importLibrary) counts(rs []Response) []ImportCount {
	n := map[int64]int{}
	for _, r := range rs {
		n[r.ServicePointID]++
	}
	var out []ImportCount
	for _, p := range lib.points {
		if n[p.ID] > 0 {
			out = append(out, ImportCount{ServicePointID: p.ID, Name: p.Name, Responses: n[p.ID]})
		}
	}
	return out
}

// importError is the one error of a refused file: its problems in line
// order (mapping problems, which have no line, first), at most
// ikm.MaxProblems of them.
func importError(problems []apperr.Problem, truncated bool) error {
	sort.SliceStable(problems, func(i, j int) bool { return problems[i].Line < problems[j].Line })
	e := &apperr.Error{Code: apperr.Invalid, Key: "survey_import.invalid"}
	if len(problems) > ikm.MaxProblems {
		problems, truncated = problems[:ikm.MaxProblems], true
	}
	if truncated {
		e.Key, e.Args = "import.too_many_problems", apperr.Args{"Max": ikm.MaxProblems}
	}
	e.Problems = problems
	return e
}

// importColumnName names column c in a problem as ikm does: its header, else
// its number.
func importColumnName(h ikm.Header, c int) string {
	if c < len(h.Columns) && h.Columns[c] != "" {
		return h.Columns[c]
	}
	return strconv.Itoa(c + 1)
}

// clipText shortens s to at most n characters, marking the cut.
func clipText(s string, n int) string {
	s = strings.ToValidUTF8(s, "\uFFFD")
	if utf8.RuneCountInString(s) <= n {
		return s
	}
	return string([]rune(s)[:n-1]) + "…"
}
