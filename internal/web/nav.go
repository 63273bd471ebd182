package web

import (
	"strconv"
	"strings"

	"github.com/bina-pustaka/bina/internal/auth"
)

// navItem is one link of the side menu.
type navItem struct {
	ID, Href, Label string
	Current         string // "page" on the page itself, "true" inside its section, "" elsewhere
}

// navEntry is one line of the menu table: shown when the actor holds Perm
// in the library in view ("" for links outside any library).
type navEntry struct {
	id, path, label string
	perm            auth.Permission
	inLibrary       bool
}

// navTable is the menu in order. Like the route table, features add a line.
var navTable = []navEntry{
	{"nav-home", "/", "nav.home", auth.PermSignedIn, false},
	{"nav-libraries", "/libraries", "nav.libraries", auth.PermSignedIn, false},
	{"nav-staff", "/staff", "nav.staff", auth.PermStaffView, true},
	{"nav-jp", "/jp", "nav.jp_status", auth.PermRecordView, true},
	{"nav-frameworks", "/frameworks", "nav.competency", auth.PermCompetencyView, true},
	{"nav-cycles", "/cycles", "nav.assessments", auth.PermAssessmentView, true},
	{"nav-training", "/training", "nav.training", auth.PermTrainingView, true},
	{"nav-training-references", "/training/references", "nav.training_references", auth.PermTrainingView, true},
	{"nav-training-needs", "/training/needs", "nav.training_needs", auth.PermTrainingManage, true},
	{"nav-certificates", "/certificates", "nav.certificates", auth.PermTrainingView, true},
	{"nav-ikm", "/ikm", "nav.ikm", auth.PermSurveyView, true},
	{"nav-voice", "/voice", "nav.voice", auth.PermVoiceView, true},
	{"nav-complaints", "/complaints", "nav.complaints", auth.PermComplaintView, true},
	{"nav-suggestions", "/suggestions", "nav.suggestions", auth.PermSuggestionView, true},
	{"nav-book-requests", "/book-requests", "nav.book_requests", auth.PermSuggestionView, true},
	{"nav-users", "/users", "nav.users", auth.PermUsersManage, true},
	{"nav-audit", "/audit", "nav.audit", auth.PermAuditView, true},
	{"nav-notifications", "/notifications", "nav.notifications", auth.PermLibraryView, true},
}

// Nav builds the side menu for the actor and the library in view, marking
// the current page and section.
func (v *view) Nav() []navItem {
	if v.Actor == nil {
		return nil
	}
	path := v.Path
	if i := strings.IndexByte(path, '?'); i >= 0 {
		path = path[:i]
	}
	lib := ""
	if v.LibraryID != 0 {
		lib = "/libraries/" + strconv.FormatInt(v.LibraryID, 10)
	}
	var items []navItem
	add := func(id, href, label string) {
		items = append(items, navItem{ID: id, Href: href, Label: v.T(label)})
	}
	meShown := false
	for _, e := range navTable {
		if !e.inLibrary {
			add(e.id, e.path, e.label)
			continue
		}
		// "Halaman saya" heads the library section for staff members.
		if !meShown && lib != "" {
			meShown = true
			if v.OwnStaffID() != 0 {
				add("nav-me", lib+"/me", "nav.me")
			}
		}
		if lib == "" || !v.Actor.Can(e.perm, v.LibraryID) {
			continue
		}
		add(e.id, lib+e.path, e.label)
	}
	if lib != "" {
		if id := v.OwnStaffID(); id != 0 {
			own := lib + "/staff/" + strconv.FormatInt(id, 10)
			add("nav-my-profile", own, "nav.my_profile")
			add("nav-my-record", own+"/record", "nav.my_record")
			add("nav-my-assessments", lib+"/my-assessments", "nav.my_assessments")
		}
	}
	if v.Actor.Superadmin {
		add("nav-voice-all", "/voice", "nav.voice_all")
		add("nav-gaps-all", "/gaps", "nav.gaps_all")
	}
	for i := range items {
		if items[i].ID == "nav-notifications" && v.Unread > 0 {
			items[i].Label = v.T("nav.notifications_unread", "N", v.Unread)
		}
	}
	add("nav-account", "/account", "nav.my_account")
	markCurrent(items, path)
	return items
}

// markCurrent marks the one link the page belongs to: the page itself, or
// else the deepest section containing it — on a training session that is
// "Pelatihan", not also "Perpustakaan" above it.
func markCurrent(items []navItem, path string) {
	best := -1
	for i, it := range items {
		if it.Href == path {
			items[i].Current = "page"
			return
		}
		if it.Href != "/" && strings.HasPrefix(path, it.Href+"/") && (best < 0 || len(it.Href) > len(items[best].Href)) {
			best = i
		}
	}
	if best >= 0 {
		items[best].Current = "true"
	}
}
