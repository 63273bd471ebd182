package web

import (
	"html/template"
	"math"
	"net/http"
	"net/url"
	"strconv"
	"time"
	"unicode/utf8"

	"github.com/bina-pustaka/bina/internal/auth"
	"github.com/bina-pustaka/bina/internal/i18n"
	"github.com/bina-pustaka/bina/internal/insight"
	"github.com/bina-pustaka/bina/internal/suggestion"
	"github.com/bina-pustaka/bina/internal/survey"
)

// voiceRoutes are the patron-voice dashboard (docs/voice-dashboard.md): one
// library's page and its JSON twin for admins and coordinators, and the
// cross-library view, open to every account but listing only the libraries
// whose dashboard the actor may see (all of them for a superadmin).
func (s *Server) voiceRoutes() []Route {
	return []Route{
		{Method: "GET", Pattern: "/libraries/{lib}/voice", Perm: auth.PermVoiceView, handle: s.voicePage},
		{Method: "GET", Pattern: "/voice", Perm: auth.PermSignedIn, handle: s.voiceAllPage},
		{Method: "GET", Pattern: "/api/v1/libraries/{lib}/voice", Perm: auth.PermVoiceView, API: true, handle: s.apiVoice},
		{Method: "GET", Pattern: "/api/v1/voice", Perm: auth.PermSignedIn, API: true, handle: s.apiVoiceAll},
	}
}

// voice is the dashboard's reader over the services the server already
// holds. It runs on the complaint service's clock, so "open" and "overdue"
// are counted on the same day as in the inbox.
func (s *Server) voice() *insight.Voice {
	v := &insight.Voice{DB: s.svc.DB, Libraries: s.svc.Libraries, Survey: s.svc.Survey,
		Complaints: s.svc.Complaints, Suggestions: s.svc.Suggestions}
	if s.svc.Complaints != nil {
		v.Now = s.svc.Complaints.Now
	}
	return v
}

// voiceQuery is the period as the URL carries it.
type voiceQuery struct {
	Period                survey.Period
	PeriodValue, From, To string    // as typed, to show again
	Sort                  string    // the cross-library view's order
	Today                 time.Time // in the library's zone
}

func (q voiceQuery) values() url.Values {
	v := url.Values{"period": {q.Period.Value}}
	if q.Period.Kind == survey.Custom {
		v.Set("from", q.Period.From)
		v.Set("to", q.Period.To)
	}
	return v
}

// parseVoiceQuery reads period, from and to like the IKM page; without a
// period it is the current year in the zone. A bad period falls back to
// that year and comes back as the error to show beside the selector.
func (s *Server) parseVoiceQuery(r *request, zone string) (voiceQuery, error) {
	get := r.URL.Query().Get
	q := voiceQuery{PeriodValue: get("period"), From: get("from"), To: get("to"), Sort: get("sort")}
	q.Today = s.voice().Today(zone)
	q.Period = survey.PeriodOf(survey.Year, q.Today)
	if !insight.ValidSummarySort(q.Sort) {
		q.Sort = insight.DefaultSummarySort
	}
	if q.PeriodValue == "" && q.From == "" && q.To == "" {
		q.PeriodValue = q.Period.Value
		return q, nil
	}
	p, err := survey.ParsePeriod(q.PeriodValue, q.From, q.To)
	if err != nil {
		return q, err
	}
	q.Period = p
	return q, nil
}

// periodGroups are the selector's choices around today, as on the IKM page.
func (s *Server) periodGroups(lang string, q voiceQuery) []periodGroup {
	var out []periodGroup
	choices := survey.Choices(q.Today)
	for _, kind := range []string{survey.Year, survey.Semester, survey.Quarter, survey.Month} {
		g := periodGroup{Label: s.i18n.T(lang, "survey.period."+kind, nil)}
		for _, p := range choices[kind] {
			g.Options = append(g.Options, surveyOption{Value: p.Value, Label: s.periodLabel(lang, p), Checked: p.Value == q.Period.Value})
		}
		out = append(out, g)
	}
	return out
}

type voicePointRow struct {
	insight.PointIKM
	IKMText string
	Below   bool // under the B threshold
}

type voiceMonthRow struct {
	insight.MonthVoice
	Label, Short, IKMText, SLAText string
}

type voicePageData struct {
	Query        voiceQuery
	IKMURL       template.URL // the IKM page for the same period
	PeriodLabel  string
	PeriodGroups []periodGroup
	Voice        insight.LibraryVoice
	IKM          string // formatted, "—" without respondents
	SLA          string
	Rating       string
	Threshold    string
	Points       []voicePointRow
	Months       []voiceMonthRow
	Requests     []suggestion.BookRequest
	PointsChart  template.HTML
	IKMChart     template.HTML
	VolumeChart  template.HTML
	SLAChart     template.HTML
	Errors       map[string]string
}

func (s *Server) voicePage(w http.ResponseWriter, r *request) error {
	lib, err := s.svc.Libraries.Get(r.Context(), r.Actor, r.LibraryID)
	if err != nil {
		return err
	}
	q, qerr := s.parseVoiceQuery(r, lib.TimeZone)
	if qerr != nil && !isFormError(qerr) {
		return qerr
	}
	lv, err := s.voice().Library(r.Context(), r.Actor, r.LibraryID, q.Period)
	if err != nil {
		return err
	}
	d := s.voiceView(r.Lang, q, lv)
	status := http.StatusOK
	if qerr != nil {
		status, d.Errors = statusOf(codeOf(qerr)), s.fieldErrors(r.Lang, qerr)
	}
	return s.render(w, r, status, "voice", "voice.title", d)
}

// dec formats a figure with the language's decimal comma or point; "—" for none.
func dec(lang string, v *float64, places int) string {
	if v == nil {
		return "—"
	}
	return i18n.FormatDecimal(lang, *v, places)
}

func pct(lang string, v *float64) string {
	if v == nil {
		return "—"
	}
	return i18n.FormatDecimal(lang, *v, 1) + "%"
}

// shortMonth is "Nov 26": three letters of the month's name and the year.
func shortMonth(lang, month string) string {
	t, err := time.Parse("2006-01", month)
	if err != nil {
		return month
	}
	name := i18n.MonthName(lang, t.Month())
	if utf8.RuneCountInString(name) > 3 {
		name = string([]rune(name)[:3])
	}
	return name + " " + t.Format("06")
}

func (s *Server) voiceView(lang string, q voiceQuery, lv insight.LibraryVoice) voicePageData {
	T := func(key string) string { return s.i18n.T(lang, key, nil) }
	threshold := insight.Threshold()
	d := voicePageData{Query: q, IKMURL: template.URL(libraryURL(lv.LibraryID) + "/ikm?" + q.values().Encode()), PeriodLabel: s.periodLabel(lang, q.Period),
		PeriodGroups: s.periodGroups(lang, q), Voice: lv, Requests: lv.MostRequested,
		IKM: dec(lang, lv.IKM.IKM, 2), SLA: pct(lang, lv.Complaints.SLA.Compliance),
		Rating: dec(lang, lv.Complaints.AverageRating, 2), Threshold: i18n.FormatDecimal(lang, threshold, 2)}
	marker := []chartMarker{{Value: threshold, Label: "B ≥ " + d.Threshold}}
	ikmScale := chartScale{Max: 100, Ticks: []float64{0, 25, 50, 75, 100}}

	points := barChart{ID: "voice-points-chart", Title: T("voice.points_title"), Desc: T("voice.points_desc"),
		Horizontal: true, Scale: ikmScale, Markers: marker}
	for _, p := range lv.ServicePoints {
		row := voicePointRow{PointIKM: p, IKMText: dec(lang, p.IKM, 2), Below: p.IKM != nil && *p.IKM < threshold}
		d.Points = append(d.Points, row)
		bar := chartBar{Label: p.Name, Missing: p.IKM == nil}
		if p.IKM != nil {
			bar.Value, bar.Text, bar.Color = *p.IKM, row.IKMText+" "+p.Grade, gradeColor(p.Grade)
		}
		points.Bars = append(points.Bars, bar)
	}
	if len(points.Bars) > 0 {
		d.PointsChart = points.SVG()
	}

	line := lineChart{ID: "voice-ikm-chart", Title: T("voice.ikm_trend_title"), Desc: T("voice.ikm_trend_desc"),
		Scale: ikmScale, Markers: marker}
	ikmSeries := chartSeries{Name: T("survey.ikm"), Color: chartPrimary}
	volume := stackedBarChart{ID: "voice-volume-chart", Title: T("voice.volume_title"), Desc: T("voice.volume_desc"),
		Series: []chartSeries{{Name: T("voice.sla.met"), Color: chartOK}, {Name: T("voice.sla.missed"), Color: chartDanger},
			{Name: T("voice.sla.pending"), Color: chartWarn}, {Name: T("voice.sla.rejected"), Color: chartAxis}},
		ValueText: func(v float64) string { return i18n.FormatNumber(lang, int64(v)) }}
	sla := barChart{ID: "voice-sla-chart", Title: T("voice.sla_trend_title"), Desc: T("voice.sla_trend_desc"),
		Scale: chartScale{Max: 100, Ticks: []float64{0, 25, 50, 75, 100}, TickText: func(v float64) string { return i18n.FormatDecimal(lang, v, 0) + "%" }}}
	most := 0
	for _, m := range lv.Months {
		t, _ := time.Parse("2006-01", m.Month)
		row := voiceMonthRow{MonthVoice: m, Label: i18n.MonthName(lang, t.Month()) + " " + strconv.Itoa(t.Year()),
			Short: shortMonth(lang, m.Month), IKMText: dec(lang, m.IKM.IKM, 2), SLAText: pct(lang, m.SLA.Compliance)}
		d.Months = append(d.Months, row)
		line.Labels = append(line.Labels, row.Short)
		pt := chartPoint{Missing: m.IKM.IKM == nil}
		if m.IKM.IKM != nil {
			pt.Value, pt.Text = *m.IKM.IKM, row.IKMText
		}
		ikmSeries.Points = append(ikmSeries.Points, pt)
		volume.Labels = append(volume.Labels, row.Short)
		volume.Values = append(volume.Values, []float64{float64(m.SLA.Met), float64(m.SLA.Missed), float64(m.SLA.Pending), float64(m.SLA.Rejected)})
		volume.Totals = append(volume.Totals, i18n.FormatNumber(lang, int64(m.Complaints)))
		most = max(most, m.Complaints)
		bar := chartBar{Label: row.Short, Missing: m.SLA.Compliance == nil, Color: chartPrimary}
		if m.SLA.Compliance != nil {
			bar.Value, bar.Text = *m.SLA.Compliance, row.SLAText
		}
		sla.Bars = append(sla.Bars, bar)
	}
	line.Series = []chartSeries{ikmSeries}
	volume.Scale = countScale(most)
	d.IKMChart, d.VolumeChart, d.SLAChart = line.SVG(), volume.SVG(), sla.SVG()
	return d
}

// countScale is a scale for counts: whole-number ticks, about four of them,
// with the top a tick.
func countScale(most int) chartScale {
	step := max(1, int(math.Ceil(float64(most)/4)))
	top := step * max(1, int(math.Ceil(float64(most)/float64(step))))
	sc := chartScale{Max: float64(top)}
	for v := 0; v <= top; v += step {
		sc.Ticks = append(sc.Ticks, float64(v))
	}
	return sc
}

// voiceAllRow is one library of the cross-library view, formatted.
type voiceAllRow struct {
	insight.LibrarySummary
	URL              template.URL // the library's dashboard for the same period
	IKMText, SLAText string
	Below            bool
}

type voiceSortLink struct {
	URL  template.URL
	Sort string // ascending, descending or none (aria-sort)
}

type voiceAllData struct {
	Query        voiceQuery
	PeriodLabel  string
	PeriodGroups []periodGroup
	Rows         []voiceAllRow
	Chart        template.HTML
	Threshold    string
	Sorts        map[string]voiceSortLink // by key: name, ikm, complaints, sla
	Errors       map[string]string
}

func (s *Server) voiceAllPage(w http.ResponseWriter, r *request) error {
	q, qerr := s.parseVoiceQuery(r, "Asia/Jakarta")
	if qerr != nil && !isFormError(qerr) {
		return qerr
	}
	list, err := s.voice().AllLibraries(r.Context(), r.Actor, q.Period)
	if err != nil {
		return err
	}
	insight.SortSummaries(list, q.Sort)
	threshold := insight.Threshold()
	d := voiceAllData{Query: q, PeriodLabel: s.periodLabel(r.Lang, q.Period), PeriodGroups: s.periodGroups(r.Lang, q),
		Threshold: i18n.FormatDecimal(r.Lang, threshold, 2), Sorts: map[string]voiceSortLink{}}
	chart := barChart{ID: "voice-libraries-chart", Title: s.i18n.T(r.Lang, "voice.all.chart_title", nil),
		Desc: s.i18n.T(r.Lang, "voice.all.chart_desc", nil), Horizontal: true,
		Scale: chartScale{Max: 100, Ticks: []float64{0, 25, 50, 75, 100}}, Markers: []chartMarker{{Value: threshold, Label: "B ≥ " + d.Threshold}}}
	for _, ls := range list {
		row := voiceAllRow{LibrarySummary: ls, URL: template.URL(libraryURL(ls.LibraryID) + "/voice?" + q.values().Encode()), IKMText: dec(r.Lang, ls.IKM.IKM, 2), SLAText: pct(r.Lang, ls.Complaints.SLA.Compliance),
			Below: ls.IKM.IKM != nil && *ls.IKM.IKM < threshold}
		d.Rows = append(d.Rows, row)
		bar := chartBar{Label: ls.Name, Missing: ls.IKM.IKM == nil}
		if ls.IKM.IKM != nil {
			bar.Value, bar.Text, bar.Color = *ls.IKM.IKM, row.IKMText+" "+ls.IKM.Grade, gradeColor(ls.IKM.Grade)
		}
		chart.Bars = append(chart.Bars, bar)
	}
	if len(chart.Bars) > 0 {
		d.Chart = chart.SVG()
	}
	for _, key := range insight.SummarySorts {
		// A click on the column sorts by it; on the sorted column it flips.
		next, state := key, "none"
		if key == "ikm" || key == "complaints" || key == "sla" {
			next = "-" + key // figures read best (largest) first
		}
		switch q.Sort {
		case key:
			next, state = "-"+key, "ascending"
		case "-" + key:
			next, state = key, "descending"
		}
		v := q.values()
		v.Set("sort", next)
		d.Sorts[key] = voiceSortLink{URL: template.URL("/voice?" + v.Encode()), Sort: state}
	}
	status := http.StatusOK
	if qerr != nil {
		status, d.Errors = statusOf(codeOf(qerr)), s.fieldErrors(r.Lang, qerr)
	}
	return s.render(w, r, status, "voice_all", "voice.all.title", d)
}
