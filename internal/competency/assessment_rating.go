package competency

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"net/url"
	"strconv"
	"strings"
	"time"
	"unicode/utf8"

	"github.com/bina-pustaka/bina/internal/apperr"
	"github.com/bina-pustaka/bina/internal/audit"
	"github.com/bina-pustaka/bina/internal/auth"
	"github.com/bina-pustaka/bina/internal/db"
	"github.com/bina-pustaka/bina/internal/upload"
)

// Evidence limits: the same as the professional record's (record.MaxEvidenceBytes).
const (
	MaxEvidenceBytes = 5 << 20
	MaxCommentLen    = 2000
	MaxURLLen        = 500
)

// EvidenceTypes are the accepted evidence types, sniffed from the content.
var EvidenceTypes = upload.Set{upload.PDF, upload.JPEG, upload.PNG}

// Assessment is one person's assessment in a cycle.
type Assessment struct {
	ID               int64      `json:"id"`
	LibraryID        int64      `json:"library_id"`
	CycleID          int64      `json:"cycle_id"`
	StaffID          int64      `json:"staff_id"`
	StaffName        string     `json:"staff_name"`
	Status           string     `json:"status"`
	SupervisorUserID *int64     `json:"supervisor_user_id"`
	PeerUserID       *int64     `json:"peer_user_id"`
	SubmittedAt      *time.Time `json:"submitted_at"`
	ReviewedAt       *time.Time `json:"reviewed_at"`
}

const assessmentCols = `a.id, a.library_id, a.cycle_id, a.staff_id, s.name, a.status, a.supervisor_user_id, a.peer_user_id, a.submitted_at, a.reviewed_at`

func scanAssessment(row interface{ Scan(...any) error }) (Assessment, error) {
	var a Assessment
	err := row.Scan(&a.ID, &a.LibraryID, &a.CycleID, &a.StaffID, &a.StaffName, &a.Status, &a.SupervisorUserID, &a.PeerUserID, &a.SubmittedAt, &a.ReviewedAt)
	return a, err
}

func findAssessment(ctx context.Context, q db.Querier, libraryID, id int64) (Assessment, error) {
	a, err := scanAssessment(q.QueryRowContext(ctx, `SELECT `+assessmentCols+` FROM assessments a
		JOIN staff s ON s.library_id = a.library_id AND s.id = a.staff_id WHERE a.library_id = ? AND a.id = ?`, libraryID, id))
	if errors.Is(err, sql.ErrNoRows) {
		return Assessment{}, apperr.NotFoundError("assessment")
	}
	if err != nil {
		return Assessment{}, apperr.InternalError(err)
	}
	return a, nil
}

// CanRate reports whether the actor may give ratings in role on a: herself
// for self, the designated peer for peer, and for supervisor whoever
// manages assessments or is the designated supervisor — never on her own.
func CanRate(actor *auth.Actor, a Assessment, role string) bool {
	if actor == nil {
		return false
	}
	own := ownStaff(actor, a.LibraryID, a.StaffID)
	switch role {
	case RoleSelf:
		return own
	case RolePeer:
		return !own && a.PeerUserID != nil && *a.PeerUserID == actor.UserID
	case RoleSupervisor:
		return !own && (actor.Can(auth.PermAssessmentManage, a.LibraryID) || (a.SupervisorUserID != nil && *a.SupervisorUserID == actor.UserID))
	}
	return false
}

// canSee reports whether the actor may read an assessment at all.
func canSee(actor *auth.Actor, a Assessment) bool {
	return CanSeePerson(actor, a.LibraryID, a.StaffID) || CanRate(actor, a, RoleSupervisor) || CanRate(actor, a, RolePeer)
}

// Rating is one role's rating of a competency.
type Rating struct {
	Level       int    `json:"level"`
	Comment     string `json:"comment"`
	EvidenceURL string `json:"evidence_url"`
}

// EvidenceFile describes a stored evidence file (content left out).
type EvidenceFile struct {
	ID           int64  `json:"id"`
	CompetencyID int64  `json:"competency_id"`
	Name         string `json:"name"`
	MIME         string `json:"mime_type"`
	Size         int64  `json:"size"`
}

// SheetItem is one competency on an assessment sheet.
type SheetItem struct {
	Competency *Competency
	Required   int // 0: her position names no level
	Ratings    map[string]*Rating
	Files      []EvidenceFile
}

// Sheet is an assessment with everything its forms show.
type Sheet struct {
	Assessment Assessment
	Cycle      Cycle
	Tree       Tree
	Person     Person
	Items      []SheetItem
}

// Sheet loads an assessment for the self, peer or review form. The
// competencies are those her position requires; with no requirement set,
// every unit of the version.
func (s *Service) Sheet(ctx context.Context, actor *auth.Actor, libraryID, id int64) (Sheet, error) {
	if err := actor.Require(auth.PermLibraryView, libraryID); err != nil {
		return Sheet{}, err
	}
	return loadSheet(ctx, s.DB.Reader(), actor, libraryID, id)
}

func loadSheet(ctx context.Context, q db.Querier, actor *auth.Actor, libraryID, id int64) (Sheet, error) {
	a, err := findAssessment(ctx, q, libraryID, id)
	if err != nil {
		return Sheet{}, err
	}
	if !canSee(actor, a) {
		return Sheet{}, apperr.ForbiddenError()
	}
	sh := Sheet{Assessment: a}
	if sh.Cycle, err = findCycle(ctx, q, libraryID, a.CycleID); err != nil {
		return Sheet{}, err
	}
	if sh.Person, err = findPerson(ctx, q, libraryID, a.StaffID); err != nil {
		return Sheet{}, err
	}
	if sh.Tree, err = loadTree(ctx, q, libraryID, sh.Cycle.VersionID); err != nil {
		return Sheet{}, err
	}
	cells, err := cycleCells(ctx, q, libraryID, sh.Cycle, a.StaffID)
	if err != nil {
		return Sheet{}, err
	}
	required := map[int64]int{}
	for _, c := range cells {
		required[c.CompetencyID] = c.Required
	}
	ratings, err := loadRatings(ctx, q, libraryID, id)
	if err != nil {
		return Sheet{}, err
	}
	files, err := loadFiles(ctx, q, libraryID, id)
	if err != nil {
		return Sheet{}, err
	}
	for _, c := range sh.Tree.All() {
		r, req := required[c.ID]
		if len(required) > 0 && !req || len(required) == 0 && c.Kind == KindKeyFunction {
			continue
		}
		it := SheetItem{Competency: c, Required: r, Ratings: ratings[c.ID], Files: files[c.ID]}
		if it.Ratings == nil {
			it.Ratings = map[string]*Rating{}
		}
		sh.Items = append(sh.Items, it)
	}
	return sh, nil
}

func loadRatings(ctx context.Context, q db.Querier, libraryID, id int64) (map[int64]map[string]*Rating, error) {
	rows, err := q.QueryContext(ctx, `SELECT competency_id, role, level, comment, evidence_url FROM assessment_ratings
		WHERE library_id = ? AND assessment_id = ?`, libraryID, id)
	if err != nil {
		return nil, apperr.InternalError(err)
	}
	defer rows.Close()
	out := map[int64]map[string]*Rating{}
	for rows.Next() {
		var cid int64
		var role string
		var r Rating
		if err := rows.Scan(&cid, &role, &r.Level, &r.Comment, &r.EvidenceURL); err != nil {
			return nil, apperr.InternalError(err)
		}
		if out[cid] == nil {
			out[cid] = map[string]*Rating{}
		}
		out[cid][role] = &r
	}
	return out, rows.Err()
}

func loadFiles(ctx context.Context, q db.Querier, libraryID, id int64) (map[int64][]EvidenceFile, error) {
	rows, err := q.QueryContext(ctx, `SELECT id, competency_id, name, mime_type, size FROM assessment_files
		WHERE library_id = ? AND assessment_id = ? ORDER BY id`, libraryID, id)
	if err != nil {
		return nil, apperr.InternalError(err)
	}
	defer rows.Close()
	out := map[int64][]EvidenceFile{}
	for rows.Next() {
		var f EvidenceFile
		if err := rows.Scan(&f.ID, &f.CompetencyID, &f.Name, &f.MIME, &f.Size); err != nil {
			return nil, apperr.InternalError(err)
		}
		out[f.CompetencyID] = append(out[f.CompetencyID], f)
	}
	return out, rows.Err()
}

// RatingInput is one competency of a submitted form; Level 0 leaves it unrated.
type RatingInput struct {
	CompetencyID int64
	Level        int
	Comment      string
	EvidenceURL  string
}

// Upload is an evidence file as received.
type Upload struct {
	CompetencyID int64
	Name         string
	Content      []byte
}

// Field names of the rating forms, per competency id.
func LevelField(id int64) string       { return "level_" + strconv.FormatInt(id, 10) }
func CommentField(id int64) string     { return "comment_" + strconv.FormatInt(id, 10) }
func EvidenceURLField(id int64) string { return "evidence_url_" + strconv.FormatInt(id, 10) }
func EvidenceField(id int64) string    { return "evidence_" + strconv.FormatInt(id, 10) }

// SaveRatings stores the actor's ratings in role for an open cycle's
// assessment, with evidence. Everything is checked first and written in
// one transaction, so a refused file saves nothing. A self-assessment
// marks the assessment submitted; a complete supervisor review marks it
// reviewed (the agreed levels).
func (s *Service) SaveRatings(ctx context.Context, actor *auth.Actor, libraryID, id int64, role string, in []RatingInput, uploads []Upload) error {
	if err := actor.Require(auth.PermLibraryView, libraryID); err != nil {
		return err
	}
	return s.DB.InTx(ctx, func(tx *db.Tx) error {
		sh, err := loadSheet(ctx, tx, actor, libraryID, id)
		if err != nil {
			return err
		}
		if !CanRate(actor, sh.Assessment, role) {
			return apperr.ForbiddenError()
		}
		if !sh.Cycle.Open() {
			return apperr.New(apperr.Conflict, "assessment.cycle_closed", nil)
		}
		if role != RoleSupervisor && sh.Assessment.Status == AssessmentReviewed {
			return apperr.New(apperr.Conflict, "assessment.already_reviewed", nil)
		}
		items := map[int64]bool{}
		for _, it := range sh.Items {
			items[it.Competency.ID] = true
		}
		max := sh.Tree.Scale.Max()
		var v apperr.Validation
		rated := 0
		for i := range in {
			r := &in[i]
			if !items[r.CompetencyID] {
				continue
			}
			r.Comment, r.EvidenceURL = strings.TrimSpace(r.Comment), strings.TrimSpace(r.EvidenceURL)
			if r.Level < 0 || r.Level > max {
				v.Add(LevelField(r.CompetencyID), "assessment.bad_level", apperr.Args{"Max": max})
			}
			if r.Level > 0 {
				rated++
			}
			if utf8.RuneCountInString(r.Comment) > MaxCommentLen {
				v.Add(CommentField(r.CompetencyID), "field.too_long", apperr.Args{"Max": MaxCommentLen})
			}
			if r.EvidenceURL != "" {
				u, err := url.Parse(r.EvidenceURL)
				if err != nil || (u.Scheme != "http" && u.Scheme != "https") || u.Host == "" || len(r.EvidenceURL) > MaxURLLen {
					v.Add(EvidenceURLField(r.CompetencyID), "assessment.bad_url", nil)
				}
			}
		}
		type checked struct {
			Upload
			mime string
		}
		var files []checked
		for _, u := range uploads {
			field := EvidenceField(u.CompetencyID)
			if !items[u.CompetencyID] {
				continue
			}
			mime, err := upload.Check(u.Content, MaxEvidenceBytes, EvidenceTypes)
			switch {
			case errors.Is(err, upload.ErrTooLarge):
				v.Add(field, "assessment.evidence_too_large", apperr.Args{"MaxMB": MaxEvidenceBytes >> 20})
			case err != nil:
				v.Add(field, "assessment.evidence_bad_type", nil)
			default:
				files = append(files, checked{Upload: u, mime: mime})
			}
		}
		if role == RoleSupervisor && rated < len(items) {
			for _, it := range sh.Items {
				found := false
				for _, r := range in {
					found = found || (r.CompetencyID == it.Competency.ID && r.Level > 0)
				}
				if !found {
					v.Add(LevelField(it.Competency.ID), "assessment.level_required", nil)
				}
			}
		}
		if rated == 0 && role != RoleSupervisor {
			v.Add("ratings", "assessment.nothing_rated", nil)
		}
		if err := v.Err(); err != nil {
			return err
		}
		now := db.Now()
		for _, r := range in {
			if !items[r.CompetencyID] {
				continue
			}
			if _, err := tx.ExecContext(ctx, `DELETE FROM assessment_ratings WHERE library_id = ? AND assessment_id = ? AND competency_id = ? AND role = ?`,
				libraryID, id, r.CompetencyID, role); err != nil {
				return apperr.InternalError(err)
			}
			if r.Level == 0 {
				continue
			}
			if _, err := tx.ExecContext(ctx, `INSERT INTO assessment_ratings (library_id, assessment_id, competency_id, role, level, comment, evidence_url, rater_user_id, updated_at)
				VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)`, libraryID, id, r.CompetencyID, role, r.Level, r.Comment, r.EvidenceURL, actor.UserID, now); err != nil {
				return apperr.InternalError(err)
			}
		}
		for _, f := range files {
			if _, err := tx.ExecContext(ctx, `INSERT INTO assessment_files (library_id, assessment_id, competency_id, name, mime_type, size, sha256, content, created_at)
				VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)`, libraryID, id, f.CompetencyID, upload.SafeName(f.Name), f.mime, len(f.Content), upload.SHA256(f.Content), f.Content, now); err != nil {
				return apperr.InternalError(err)
			}
		}
		switch {
		case role == RoleSelf && sh.Assessment.Status == AssessmentPending:
			_, err = tx.ExecContext(ctx, `UPDATE assessments SET status = ?, submitted_at = ? WHERE library_id = ? AND id = ?`, AssessmentSubmitted, now, libraryID, id)
		case role == RoleSupervisor:
			_, err = tx.ExecContext(ctx, `UPDATE assessments SET status = ?, reviewed_at = ? WHERE library_id = ? AND id = ?`, AssessmentReviewed, now, libraryID, id)
		}
		if err != nil {
			return apperr.InternalError(err)
		}
		return audit.Record(ctx, tx, actor, libraryID, "assessment.rate_"+role, "assessment", id, sh.Person.Name,
			audit.Changes{"ratings": {"", strconv.Itoa(rated)}, "files": {"", strconv.Itoa(len(files))}})
	})
}

// File is a stored evidence file with its content, for download.
type File struct {
	EvidenceFile
	Content []byte
}

// DownloadName is built from the id and the sniffed type, so no uploaded
// text reaches a response header.
func (f File) DownloadName() string {
	return fmt.Sprintf("bukti-penilaian-%d%s", f.ID, upload.Ext(f.MIME))
}

// EvidenceFile returns one evidence file of an assessment to those who may see it.
func (s *Service) EvidenceFile(ctx context.Context, actor *auth.Actor, libraryID, assessmentID, fileID int64) (File, error) {
	if err := actor.Require(auth.PermLibraryView, libraryID); err != nil {
		return File{}, err
	}
	q := s.DB.Reader()
	a, err := findAssessment(ctx, q, libraryID, assessmentID)
	if err != nil {
		return File{}, err
	}
	if !canSee(actor, a) {
		return File{}, apperr.ForbiddenError()
	}
	var f File
	err = q.QueryRowContext(ctx, `SELECT id, competency_id, name, mime_type, size, content FROM assessment_files
		WHERE library_id = ? AND assessment_id = ? AND id = ?`, libraryID, assessmentID, fileID).Scan(&f.ID, &f.CompetencyID, &f.Name, &f.MIME, &f.Size, &f.Content)
	if errors.Is(err, sql.ErrNoRows) {
		return File{}, apperr.NotFoundError("evidence")
	}
	if err != nil {
		return File{}, apperr.InternalError(err)
	}
	return f, nil
}

// MyAssessments lists the actor's own assessments, newest cycle first.
func (s *Service) MyAssessments(ctx context.Context, actor *auth.Actor, libraryID int64) ([]AssessmentLine, error) {
	if err := actor.Require(auth.PermLibraryView, libraryID); err != nil {
		return nil, err
	}
	m, ok := actor.Memberships[libraryID]
	if !ok || m.StaffID == nil {
		return []AssessmentLine{}, nil
	}
	return assessmentLines(ctx, s.DB.Reader(), libraryID, ` AND a.staff_id = ?`, *m.StaffID)
}

// CycleAssessments lists a cycle's assessments for those who see results,
// or who review some of them (a designated supervisor sees her own list).
func (s *Service) CycleAssessments(ctx context.Context, actor *auth.Actor, libraryID, cycleID int64) ([]AssessmentLine, error) {
	if err := actor.Require(auth.PermLibraryView, libraryID); err != nil {
		return nil, err
	}
	if _, err := findCycle(ctx, s.DB.Reader(), libraryID, cycleID); err != nil {
		return nil, err
	}
	if actor.Can(auth.PermAssessmentView, libraryID) {
		return assessmentLines(ctx, s.DB.Reader(), libraryID, ` AND a.cycle_id = ?`, cycleID)
	}
	return assessmentLines(ctx, s.DB.Reader(), libraryID, ` AND a.cycle_id = ? AND a.supervisor_user_id = ?`, cycleID, actor.UserID)
}

// AssessmentLine is an assessment in a list, with its cycle.
type AssessmentLine struct {
	Assessment
	CycleName   string `json:"cycle_name"`
	CycleStatus string `json:"cycle_status"`
	ClosesOn    string `json:"closes_on"`
}

func assessmentLines(ctx context.Context, q db.Querier, libraryID int64, where string, args ...any) ([]AssessmentLine, error) {
	rows, err := q.QueryContext(ctx, `SELECT `+assessmentCols+`, c.name, c.status, c.closes_on FROM assessments a
		JOIN staff s ON s.library_id = a.library_id AND s.id = a.staff_id
		JOIN assessment_cycles c ON c.library_id = a.library_id AND c.id = a.cycle_id
		WHERE a.library_id = ?`+where+` ORDER BY c.opens_on DESC, c.id DESC, s.name, a.id`, append([]any{libraryID}, args...)...)
	if err != nil {
		return nil, apperr.InternalError(err)
	}
	defer rows.Close()
	out := []AssessmentLine{}
	for rows.Next() {
		var l AssessmentLine
		err := rows.Scan(&l.ID, &l.LibraryID, &l.CycleID, &l.StaffID, &l.StaffName, &l.Status, &l.SupervisorUserID, &l.PeerUserID,
			&l.SubmittedAt, &l.ReviewedAt, &l.CycleName, &l.CycleStatus, &l.ClosesOn)
		if err != nil {
			return nil, apperr.InternalError(err)
		}
		out = append(out, l)
	}
	return out, rows.Err()
}
