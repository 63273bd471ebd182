// Package auth knows who is acting and what they may do: accounts, roles held
// per library, permissions, passwords, sessions, API tokens and login lockout.
// Authorization lives here, in the domain, so SQLite and PostgreSQL
// deployments and the HTML and JSON doors all enforce the same rules.
package auth

import (
	"sort"

	"github.com/bina-pustaka/bina/internal/apperr"
)

// Role is held by an account in one library.
type Role string

const (
	RoleAdmin       Role = "admin"       // kepala perpustakaan / kepala dinas
	RoleCoordinator Role = "coordinator" // kepegawaian / diklat
	RoleStaff       Role = "staff"       // pustakawan, petugas
)

// Roles lists the library roles, most powerful first.
var Roles = []Role{RoleAdmin, RoleCoordinator, RoleStaff}

// Valid reports whether r is a known library role.
func (r Role) Valid() bool {
	return r == RoleAdmin || r == RoleCoordinator || r == RoleStaff
}

// Permission names an action on a library's data. The web and API route
// tables name one per route, so they read as a security manifest.
type Permission string

const (
	PermPublic            Permission = ""               // no account needed
	PermSignedIn          Permission = "signed-in"      // any account
	PermLibraryCreate     Permission = "library:create" // superadmin only
	PermLibraryView       Permission = "library:view"
	PermLibraryManage     Permission = "library:manage" // edit library, service points
	PermStaffView         Permission = "staff:view"
	PermStaffManage       Permission = "staff:manage"
	PermUsersManage       Permission = "users:manage"
	PermAuditView         Permission = "audit:view"
	PermSuggestionView    Permission = "suggestion:view"    // suggestion box and book requests
	PermSuggestionManage  Permission = "suggestion:manage"  // answer suggestions, decide book requests
	PermSuggestionContact Permission = "suggestion:contact" // a patron's contact (personal data; reads are audited)
	PermSurveyView        Permission = "survey:view"        // IKM results, survey links and posters
	PermSurveyManage      Permission = "survey:manage"      // survey links, visitor counts, follow-up plans
	// Complaints: view is every role (staff see only those assigned to them),
	// manage verifies, assigns, rejects and closes; escalations go to the admin.
	PermComplaintView        Permission = "complaint:view"
	PermComplaintManage      Permission = "complaint:manage"
	PermComplaintEscalations Permission = "complaint:escalations"
	PermHolidaysNational     Permission = "holiday:national" // national holidays: superadmin only (in no role)
	// Competency frameworks and position requirements: every role reads them,
	// admins and coordinators change them.
	PermCompetencyView   Permission = "competency:view"
	PermCompetencyManage Permission = "competency:manage"
	// Professional development records: a staff member keeps her own (the
	// record service checks); view, manage and verify reach everyone's.
	PermRecordView   Permission = "record:view"
	PermRecordManage Permission = "record:manage"
	PermRecordVerify Permission = "record:verify"       // verify JP entries
	PermAKRegulation Permission = "angka_kredit:manage" // the angka kredit table: superadmin only (in no role)
	// The patron-voice dashboard (IKM, complaints, SLA, requests together):
	// admins and coordinators.
	PermVoiceView Permission = "voice:view"
	// Training: every role reads the catalogue and sessions and may register
	// herself where a programme allows it; admins and coordinators run it.
	PermTrainingView   Permission = "training:view"
	PermTrainingManage Permission = "training:manage"
	// Competency assessments: a staff member completes her own (the
	// assessment service checks); view reaches everyone's results and the
	// heatmap, manage opens and closes cycles and reviews.
	PermAssessmentView   Permission = "assessment:view"
	PermAssessmentManage Permission = "assessment:manage"
)

var rolePermissions = map[Role]map[Permission]bool{
	RoleAdmin: {
		PermLibraryView: true, PermLibraryManage: true,
		PermStaffView: true, PermStaffManage: true,
		PermUsersManage: true, PermAuditView: true,
		PermSuggestionView: true, PermSuggestionManage: true, PermSuggestionContact: true,
		PermSurveyView: true, PermSurveyManage: true,
		PermComplaintView: true, PermComplaintManage: true, PermComplaintEscalations: true,
		PermCompetencyView: true, PermCompetencyManage: true,
		PermRecordView: true, PermRecordManage: true, PermRecordVerify: true,
		PermVoiceView:    true,
		PermTrainingView: true, PermTrainingManage: true,
		PermAssessmentView: true, PermAssessmentManage: true,
	},
	RoleCoordinator: {
		PermLibraryView: true,
		PermStaffView:   true, PermStaffManage: true,
		PermSuggestionView: true, PermSuggestionManage: true, PermSuggestionContact: true,
		PermSurveyView: true, PermSurveyManage: true,
		PermComplaintView: true, PermComplaintManage: true,
		PermCompetencyView: true, PermCompetencyManage: true,
		PermRecordView: true, PermRecordManage: true, PermRecordVerify: true,
		PermVoiceView:    true,
		PermTrainingView: true, PermTrainingManage: true,
		PermAssessmentView: true, PermAssessmentManage: true,
	},
	RoleStaff: {
		PermLibraryView:    true,
		PermComplaintView:  true,
		PermCompetencyView: true,
		PermTrainingView:   true,
	},
}

// Membership is an account's role in one library, linked to the person's
// staff record there when there is one.
type Membership struct {
	LibraryID int64  `json:"library_id"`
	Role      Role   `json:"role"`
	StaffID   *int64 `json:"staff_id,omitempty"`
}

// Actor is the signed-in account on whose behalf a request runs.
type Actor struct {
	UserID      int64
	Name        string
	Email       string
	Superadmin  bool
	Memberships map[int64]Membership // by library id
	Lang        string               // the language the account chose with the language switch (users.lang); "" if she never did
}

// Member reports whether the actor may see the library at all.
func (a *Actor) Member(libraryID int64) bool {
	if a == nil {
		return false
	}
	if a.Superadmin {
		return true
	}
	_, ok := a.Memberships[libraryID]
	return ok
}

// Can reports whether the actor holds perm in the library (0 for
// deployment-wide permissions such as creating libraries).
func (a *Actor) Can(perm Permission, libraryID int64) bool {
	if perm == PermPublic {
		return true
	}
	if a == nil {
		return false
	}
	if a.Superadmin || perm == PermSignedIn {
		return true
	}
	m, ok := a.Memberships[libraryID]
	return ok && rolePermissions[m.Role][perm]
}

// Require is Can as an error: not-found when the library is not the actor's
// (its existence is not revealed), forbidden when the role falls short.
func (a *Actor) Require(perm Permission, libraryID int64) error {
	if a == nil {
		return apperr.New(apperr.Unauthorized, "error.unauthorized", nil)
	}
	if a.Can(perm, libraryID) {
		return nil
	}
	if libraryID != 0 && !a.Member(libraryID) {
		return apperr.NotFoundError("library")
	}
	return apperr.ForbiddenError()
}

// RoleIn returns the actor's role in the library ("" if none; superadmins
// act as admins everywhere).
func (a *Actor) RoleIn(libraryID int64) Role {
	if a == nil {
		return ""
	}
	if m, ok := a.Memberships[libraryID]; ok {
		return m.Role
	}
	if a.Superadmin {
		return RoleAdmin
	}
	return ""
}

// LibraryIDs lists the libraries the actor belongs to, ascending. For a
// superadmin it is only her own memberships; she sees all libraries via
// the library service.
func (a *Actor) LibraryIDs() []int64 {
	ids := make([]int64, 0, len(a.Memberships))
	for id := range a.Memberships {
		ids = append(ids, id)
	}
	sort.Slice(ids, func(i, j int) bool { return ids[i] < ids[j] })
	return ids
}

// AuditIdentity names the actor in the audit log (a nil actor is the system).
func (a *Actor) AuditIdentity() (int64, string) {
	if a == nil {
		return 0, "sistem"
	}
	return a.UserID, a.Name
}

// CanViewAudit lets the audit package check its one permission.
func (a *Actor) CanViewAudit(libraryID int64) error { return a.Require(PermAuditView, libraryID) }
