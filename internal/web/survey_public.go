package web

import (
	"net/http"
	"strconv"
	"strings"
	"time"

	"github.com/bina-pustaka/bina/internal/apperr"
	"github.com/bina-pustaka/bina/internal/db"
	"github.com/bina-pustaka/bina/internal/ikm"
	"github.com/bina-pustaka/bina/internal/survey"
)

// The public survey: /s/{code}, no account. Spam resistance that a real
// patron does not notice (docs/survey.md):
//   - a honeypot field, "website", hidden from people and screen readers;
//     a bot that fills it is thanked and nothing is stored;
//   - a limit per address and survey, counted in the database
//     (survey.Service.Limit, 100 per 10 minutes by default);
//   - a cookie per device and survey remembering the day of the last
//     submission: a second one that day asks "send again?" instead of
//     refusing, because a family may share a phone.

const surveyHoneypot = "website"

// surveyOption is one choice of a radio group or a select.
type surveyOption struct {
	Value, Label string
	Checked      bool
}

// surveyQuestion is one of the nine elements as the form asks it.
type surveyQuestion struct {
	Field    string // u1 … u9
	Code     string // U1 … U9
	Name     string // the regulation's name of the element
	Question string
	Options  []surveyOption
	Error    string
}

type surveyFormPage struct {
	Target      survey.Target
	Action      string
	Questions   []surveyQuestion
	Genders     []surveyOption
	Educations  []surveyOption
	Occupations []surveyOption
	Age         string
	Comment     string
	MinAge      int
	MaxAge      int
	MaxComment  int
	Errors      map[string]string
	Message     string // a problem with the whole form (rate limit, closed)
	FilledToday bool   // this device already sent an answer today
	AskAgain    bool   // the answer is complete: confirm sending a second one today
}

func surveyPath(code string) string { return "/s/" + code }

func surveyCookie(code string) string { return "bina_survey_" + code }

// filledToday reads the device's cookie for this survey.
func filledToday(r *request, t survey.Target, now time.Time) bool {
	c, err := r.Cookie(surveyCookie(t.Code))
	return err == nil && c.Value == survey.Today(now, t.TimeZone)
}

// answerLabel is an element's answer in the reader's language: the
// regulation's own wording in Indonesian.
func (s *Server) answerLabel(lang string, element, score int) string {
	if lang == "id" {
		return ikm.Elements[element].Answers[score-1]
	}
	return s.i18n.T(lang, "survey.answer.u"+strconv.Itoa(element+1)+"."+strconv.Itoa(score), nil)
}

func (s *Server) surveyForm(r *request, t survey.Target, resp survey.Response, age string) *surveyFormPage {
	p := &surveyFormPage{Target: t, Action: surveyPath(t.Code), Age: age, Comment: resp.Comment,
		MinAge: survey.MinAge, MaxAge: survey.MaxAge, MaxComment: survey.MaxComment}
	opts := func(values []string, prefix, chosen string) []surveyOption {
		out := make([]surveyOption, len(values))
		for i, v := range values {
			out[i] = surveyOption{Value: v, Label: s.i18n.T(r.Lang, prefix+strings.ToLower(v), nil), Checked: v == chosen}
		}
		return out
	}
	p.Genders = opts(survey.Genders, "survey.gender.", resp.Gender)
	p.Educations = opts(survey.Educations, "survey.education.", resp.Education)
	p.Occupations = opts(survey.Occupations, "survey.occupation.", resp.Occupation)
	for i, el := range ikm.Elements {
		field := strings.ToLower(el.Code)
		q := surveyQuestion{Field: field, Code: el.Code, Name: el.Name, Question: s.i18n.T(r.Lang, "survey.question."+field, nil)}
		for score := 1; score <= 4; score++ {
			q.Options = append(q.Options, surveyOption{Value: strconv.Itoa(score), Label: s.answerLabel(r.Lang, i, score), Checked: int(resp.Answers[i]) == score})
		}
		p.Questions = append(p.Questions, q)
	}
	return p
}

func (s *Server) surveyTarget(r *request) (survey.Target, error) {
	return s.svc.Survey.Resolve(r.Context(), r.PathValue("code"))
}

func (s *Server) surveyPage(w http.ResponseWriter, r *request) error {
	t, err := s.surveyTarget(r)
	if err != nil {
		return err
	}
	p := s.surveyForm(r, t, survey.Response{}, "")
	p.FilledToday = filledToday(r, t, db.Now())
	if !t.Active {
		p.Message = s.i18n.T(r.Lang, "survey.closed", nil)
	}
	return s.renderSurvey(w, r, http.StatusOK, p)
}

func (s *Server) renderSurvey(w http.ResponseWriter, r *request, status int, p *surveyFormPage) error {
	for i := range p.Questions {
		p.Questions[i].Error = p.Errors[p.Questions[i].Field]
	}
	// The form is the patron's: never let a shared computer's back button
	// or a proxy show someone else's answers.
	w.Header().Set("Cache-Control", "no-store")
	return s.render(w, r, status, "survey", "survey.title", p)
}

// responseFromForm reads the form; an age that is not a number is -1, so
// that validation names it.
func responseFromForm(r *request) (survey.Response, string) {
	resp := survey.Response{
		Gender: r.PostFormValue("gender"), Education: r.PostFormValue("education"),
		Occupation: r.PostFormValue("occupation"), Comment: r.PostFormValue("comment"),
	}
	age := strings.TrimSpace(r.PostFormValue("age"))
	if age != "" {
		n, err := strconv.Atoi(age)
		if err != nil || n <= 0 {
			n = -1
		}
		resp.Age = n
	}
	for i, el := range ikm.Elements {
		if v, err := strconv.Atoi(r.PostFormValue(strings.ToLower(el.Code))); err == nil && v >= 1 && v <= 4 {
			resp.Answers[i] = uint8(v)
		}
	}
	return resp, age
}

func (s *Server) surveySubmit(w http.ResponseWriter, r *request) error {
	t, err := s.surveyTarget(r)
	if err != nil {
		return err
	}
	thanks := surveyPath(t.Code) + "/terima-kasih"
	if r.PostFormValue(surveyHoneypot) != "" {
		// A bot: look like success so it learns nothing, store nothing.
		http.Redirect(w, r.Request, thanks, http.StatusSeeOther)
		return nil
	}
	resp, age := responseFromForm(r)
	now := db.Now()
	if filledToday(r, t, now) && r.PostFormValue("again") != "1" {
		check := resp
		check.Normalize()
		if check.Validate() == nil && t.Active {
			p := s.surveyForm(r, t, resp, age)
			p.AskAgain = true
			return s.renderSurvey(w, r, http.StatusOK, p)
		}
	}
	_, stored, err := s.svc.Survey.Submit(r.Context(), t.Code, resp, s.rateAddress(r.Request))
	switch {
	case isFormError(err):
		p := s.surveyForm(r, t, resp, age)
		p.Errors = s.fieldErrors(r.Lang, err)
		return s.renderSurvey(w, r, statusOf(codeOf(err)), p)
	case codeOf(err) == apperr.Conflict || codeOf(err) == apperr.RateLimited:
		// Closed, or too many answers from this network: say so above
		// the form and keep what was filled in.
		p := s.surveyForm(r, t, resp, age)
		p.Message = s.message(r.Lang, apperr.As(err))
		return s.renderSurvey(w, r, statusOf(codeOf(err)), p)
	case err != nil:
		return err
	}
	http.SetCookie(w, &http.Cookie{Name: surveyCookie(t.Code), Value: stored.Day, Path: surveyPath(t.Code),
		MaxAge: 2 * 24 * 3600, HttpOnly: true, Secure: s.secure(r), SameSite: http.SameSiteLaxMode})
	http.Redirect(w, r.Request, thanks, http.StatusSeeOther)
	return nil
}

type surveyThanksPage struct {
	Target survey.Target
}

func (s *Server) surveyThanks(w http.ResponseWriter, r *request) error {
	t, err := s.surveyTarget(r)
	if err != nil {
		return err
	}
	return s.render(w, r, http.StatusOK, "survey_thanks", "survey.thanks_title", surveyThanksPage{Target: t})
}
