package training

import (
	"context"
	"database/sql"
	"errors"
	"strconv"
	"strings"
	"unicode/utf8"

	"github.com/bina-pustaka/bina/internal/apperr"
	"github.com/bina-pustaka/bina/internal/audit"
	"github.com/bina-pustaka/bina/internal/auth"
	"github.com/bina-pustaka/bina/internal/db"
)

// Weights of the recommendation score, set per library by its coordinators
// (training_reco_weights), each an integer 0–MaxWeight.
type Weights struct {
	Gap        int `json:"gap"`        // points per level of gap on a targeted competency
	JP         int `json:"jp"`         // points per 2 JP of the year's shortfall the session covers
	Interest   int `json:"interest"`   // points per targeted competency she is interested in
	Preference int `json:"preference"` // points per matching programme type, modality or keyword
}

// MaxWeight bounds each weight.
const MaxWeight = 10

// DefaultWeights are the weights of a library that never set its own: the
// constants used before weights were settings (10 per gap level, half a
// point per JP, 8 per competency interest), and 4 per type, modality or
// keyword match — half a competency interest, since a format or a word says
// less about what she needs than a competency does.
func DefaultWeights() Weights { return Weights{Gap: 10, JP: 1, Interest: 8, Preference: 4} }

// Weight fields, as the form and the errors name them.
const (
	FieldWeightGap        = "weight_gap"
	FieldWeightJP         = "weight_jp"
	FieldWeightInterest   = "weight_interest"
	FieldWeightPreference = "weight_preference"
)

func (w Weights) validate() error {
	var c checker
	for _, f := range []struct {
		field string
		v     int
	}{{FieldWeightGap, w.Gap}, {FieldWeightJP, w.JP}, {FieldWeightInterest, w.Interest}, {FieldWeightPreference, w.Preference}} {
		if f.v < 0 || f.v > MaxWeight {
			c.Add(f.field, "training.bad_weight", apperr.Args{"Min": 0, "Max": MaxWeight})
		}
	}
	if w == (Weights{}) {
		c.Add(FieldWeightGap, "training.weights_all_zero", nil)
	}
	return c.Err()
}

func loadWeights(ctx context.Context, q db.Querier, libraryID int64) (Weights, error) {
	var w Weights
	err := q.QueryRowContext(ctx, `SELECT gap, jp, interest, preference FROM training_reco_weights WHERE library_id = ?`, libraryID).
		Scan(&w.Gap, &w.JP, &w.Interest, &w.Preference)
	if errors.Is(err, sql.ErrNoRows) {
		return DefaultWeights(), nil
	}
	if err != nil {
		return Weights{}, apperr.InternalError(err)
	}
	return w, nil
}

// RecommendWeights are the library's weights (the defaults until set).
func (s *Service) RecommendWeights(ctx context.Context, actor *auth.Actor, libraryID int64) (Weights, error) {
	if err := actor.Require(auth.PermTrainingManage, libraryID); err != nil {
		return Weights{}, err
	}
	q := s.DB.Reader()
	if _, err := s.library(ctx, q, libraryID); err != nil {
		return Weights{}, err
	}
	return loadWeights(ctx, q, libraryID)
}

// SetRecommendWeights changes the library's weights (coordinators, admins).
// Nothing is written, nor audited, when they are unchanged.
func (s *Service) SetRecommendWeights(ctx context.Context, actor *auth.Actor, libraryID int64, w Weights) error {
	if err := actor.Require(auth.PermTrainingManage, libraryID); err != nil {
		return err
	}
	if err := w.validate(); err != nil {
		return err
	}
	return s.DB.InTx(ctx, func(tx *db.Tx) error {
		if _, err := s.library(ctx, tx, libraryID); err != nil {
			return err
		}
		old, err := loadWeights(ctx, tx, libraryID)
		if err != nil {
			return err
		}
		if old == w {
			return nil
		}
		now := s.now()
		if _, err := tx.ExecContext(ctx, `INSERT INTO training_reco_weights (library_id, gap, jp, interest, preference, updated_at)
			VALUES (?, ?, ?, ?, ?, ?) ON CONFLICT (library_id) DO UPDATE SET gap = excluded.gap, jp = excluded.jp,
			interest = excluded.interest, preference = excluded.preference, updated_at = excluded.updated_at`,
			libraryID, w.Gap, w.JP, w.Interest, w.Preference, now); err != nil {
			return apperr.InternalError(err)
		}
		ch := audit.Changes{}
		ch.Diff("gap", old.Gap, w.Gap)
		ch.Diff("jp", old.JP, w.JP)
		ch.Diff("interest", old.Interest, w.Interest)
		ch.Diff("preference", old.Preference, w.Preference)
		return recordAudit(ctx, tx, actor, libraryID, "training.reco_weights", "library", libraryID,
			"weights "+strconv.Itoa(w.Gap)+"/"+strconv.Itoa(w.JP)+"/"+strconv.Itoa(w.Interest)+"/"+strconv.Itoa(w.Preference), ch, now)
	})
}

// Preferences are a person's interests beyond competencies: programme types
// (Types), a modality ("" none), and topic keywords matched, case-
// insensitively, against a programme's title and description.
type Preferences struct {
	Types    []string `json:"types"`
	Modality string   `json:"modality"`
	Topics   []string `json:"topics"`
}

// Limits of the topic keywords.
const (
	MaxTopics      = 10
	MinTopicLength = 2 // one letter would match nearly every programme
	MaxTopicLength = 50
)

// SplitTopics reads keywords typed one a line or separated by commas or
// semicolons.
func SplitTopics(s string) []string {
	return strings.FieldsFunc(s, func(r rune) bool { return r == '\n' || r == '\r' || r == ',' || r == ';' })
}

// normalize tidies the preferences as typed: types in the catalogue's
// order without repeats, keywords with their spaces collapsed, empty ones
// dropped and repeats (in any case) kept once.
func (p *Preferences) normalize() {
	chosen := map[string]bool{}
	for _, t := range p.Types {
		chosen[strings.TrimSpace(t)] = true
	}
	var types []string
	for _, t := range Types {
		if chosen[t] {
			types = append(types, t)
			delete(chosen, t)
		}
	}
	for t := range chosen { // unknown: kept for validate to refuse
		if t != "" {
			types = append(types, t)
		}
	}
	p.Types = types
	p.Modality = strings.TrimSpace(p.Modality)
	seen := map[string]bool{}
	var topics []string
	for _, k := range p.Topics {
		k = clean(k)
		if k == "" || seen[strings.ToLower(k)] {
			continue
		}
		seen[strings.ToLower(k)] = true
		topics = append(topics, k)
	}
	p.Topics = topics
}

func (p *Preferences) validate(c *checker) {
	for _, t := range p.Types {
		if !oneOf(t, Types) {
			c.Add("types", "training.bad_type", nil)
			break
		}
	}
	if p.Modality != "" && !oneOf(p.Modality, Modalities) {
		c.Add("modality", "training.bad_modality", nil)
	}
	if len(p.Topics) > MaxTopics {
		c.Add("topics", "training.too_many_topics", apperr.Args{"Max": MaxTopics})
		return
	}
	for _, k := range p.Topics {
		if n := utf8.RuneCountInString(k); n < MinTopicLength || n > MaxTopicLength {
			c.Add("topics", "training.bad_topic", apperr.Args{"Topic": k, "Min": MinTopicLength, "Max": MaxTopicLength})
			return
		}
	}
}

// Preferences reads the person's interests beyond competencies: her own, or
// anyone's for a coordinator.
func (s *Service) Preferences(ctx context.Context, actor *auth.Actor, libraryID, staffID int64) (Preferences, error) {
	if err := actor.Require(auth.PermTrainingView, libraryID); err != nil {
		return Preferences{}, err
	}
	q := s.DB.Reader()
	if err := staffExists(ctx, q, libraryID, staffID); err != nil {
		return Preferences{}, err
	}
	if err := mayActFor(actor, libraryID, staffID); err != nil {
		return Preferences{}, err
	}
	return loadPreferences(ctx, q, libraryID, staffID)
}

func loadPreferences(ctx context.Context, q db.Querier, libraryID, staffID int64) (Preferences, error) {
	p := Preferences{Types: []string{}, Topics: []string{}}
	chosen := map[string]bool{}
	err := eachRow(ctx, q, `SELECT type FROM staff_type_interests WHERE library_id = ? AND staff_id = ?`, []any{libraryID, staffID},
		func(r *sql.Rows) error {
			var t string
			if err := r.Scan(&t); err != nil {
				return err
			}
			chosen[t] = true
			return nil
		})
	if err != nil {
		return p, err
	}
	for _, t := range Types {
		if chosen[t] {
			p.Types = append(p.Types, t)
		}
	}
	var topics string
	err = q.QueryRowContext(ctx, `SELECT modality, topics FROM staff_training_preferences WHERE library_id = ? AND staff_id = ?`,
		libraryID, staffID).Scan(&p.Modality, &topics)
	if err != nil && !errors.Is(err, sql.ErrNoRows) {
		return p, apperr.InternalError(err)
	}
	p.Topics = splitLines(topics)
	return p, nil
}

// SaveInterests replaces all the person's stated interests at once — the
// competencies (as SetInterests) and the preferences — or, when any is
// refused, none of them.
func (s *Service) SaveInterests(ctx context.Context, actor *auth.Actor, libraryID, staffID int64, competencyIDs []int64, prefs Preferences) error {
	if err := mayActFor(actor, libraryID, staffID); err != nil {
		return err
	}
	prefs.normalize()
	return s.DB.InTx(ctx, func(tx *db.Tx) error {
		var c checker
		n, err := s.replaceInterests(ctx, tx, &c, libraryID, staffID, competencyIDs, func(c *checker) { prefs.validate(c) })
		if err != nil {
			return err
		}
		old, err := loadPreferences(ctx, tx, libraryID, staffID)
		if err != nil {
			return err
		}
		if _, err := tx.ExecContext(ctx, `DELETE FROM staff_type_interests WHERE library_id = ? AND staff_id = ?`, libraryID, staffID); err != nil {
			return apperr.InternalError(err)
		}
		for _, t := range prefs.Types {
			if _, err := tx.ExecContext(ctx, `INSERT INTO staff_type_interests (library_id, staff_id, type) VALUES (?, ?, ?)`,
				libraryID, staffID, t); err != nil {
				return apperr.InternalError(err)
			}
		}
		now := s.now()
		if _, err := tx.ExecContext(ctx, `INSERT INTO staff_training_preferences (library_id, staff_id, modality, topics, updated_at)
			VALUES (?, ?, ?, ?, ?) ON CONFLICT (library_id, staff_id) DO UPDATE SET modality = excluded.modality,
			topics = excluded.topics, updated_at = excluded.updated_at`,
			libraryID, staffID, prefs.Modality, strings.Join(prefs.Topics, "\n"), now); err != nil {
			return apperr.InternalError(err)
		}
		ch := audit.Changes{}
		ch.Diff("types", strings.Join(old.Types, ", "), strings.Join(prefs.Types, ", "))
		ch.Diff("modality", old.Modality, prefs.Modality)
		ch.Diff("topics", strings.Join(old.Topics, ", "), strings.Join(prefs.Topics, ", "))
		return recordAudit(ctx, tx, actor, libraryID, "training.interests", "staff", staffID,
			strconv.Itoa(n)+" interests, "+strconv.Itoa(len(prefs.Types))+" types, "+strconv.Itoa(len(prefs.Topics))+" keywords", ch, now)
	})
}
