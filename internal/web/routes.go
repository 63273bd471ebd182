package web

import (
	"net/http"

	"github.com/bina-pustaka/bina/internal/auth"
)

// Route is one line of the security manifest: method and path, the
// permission it needs in the library named by {lib} (or deployment-wide
// when the path has none), and the handler.
type Route struct {
	Method  string
	Pattern string // net/http pattern; {lib}, {sp}, {staff}, {user} are ids
	Perm    auth.Permission
	API     bool // JSON under /api/v1: bearer token, problem+json errors
	Upload  bool // may carry a file up to Config.MaxUploadBytes
	handle  handlerFunc
}

// Routes is the whole route table. Tests walk it, so a route added here is
// covered by the tenant-isolation test automatically.
func (s *Server) Routes() []Route {
	P := auth.PermPublic
	routes := []Route{
		// Public and operational.
		{Method: "GET", Pattern: "/login", Perm: P, handle: s.loginPage},
		{Method: "POST", Pattern: "/login", Perm: P, handle: s.loginSubmit},
		{Method: "POST", Pattern: "/logout", Perm: P, handle: s.logout},
		{Method: "GET", Pattern: "/lang/{lang}", Perm: P, handle: s.switchLanguage},

		// Signed-in pages.
		{Method: "GET", Pattern: "/{$}", Perm: auth.PermSignedIn, handle: s.dashboard},
		{Method: "GET", Pattern: "/account", Perm: auth.PermSignedIn, handle: s.accountPage},
		{Method: "POST", Pattern: "/account/password", Perm: auth.PermSignedIn, handle: s.accountPassword},

		{Method: "GET", Pattern: "/libraries", Perm: auth.PermSignedIn, handle: s.libraryList},
		{Method: "GET", Pattern: "/libraries/new", Perm: auth.PermLibraryCreate, handle: s.libraryNew},
		{Method: "POST", Pattern: "/libraries", Perm: auth.PermLibraryCreate, handle: s.libraryCreate},
		{Method: "GET", Pattern: "/libraries/{lib}", Perm: auth.PermLibraryView, handle: s.libraryShow},
		{Method: "GET", Pattern: "/libraries/{lib}/edit", Perm: auth.PermLibraryManage, handle: s.libraryEdit},
		{Method: "POST", Pattern: "/libraries/{lib}/edit", Perm: auth.PermLibraryManage, handle: s.libraryUpdate},

		{Method: "GET", Pattern: "/libraries/{lib}/service-points/new", Perm: auth.PermLibraryManage, handle: s.servicePointNew},
		{Method: "POST", Pattern: "/libraries/{lib}/service-points", Perm: auth.PermLibraryManage, handle: s.servicePointCreate},
		{Method: "GET", Pattern: "/libraries/{lib}/service-points/{sp}/edit", Perm: auth.PermLibraryManage, handle: s.servicePointEdit},
		{Method: "POST", Pattern: "/libraries/{lib}/service-points/{sp}/edit", Perm: auth.PermLibraryManage, handle: s.servicePointUpdate},

		{Method: "GET", Pattern: "/libraries/{lib}/staff", Perm: auth.PermStaffView, handle: s.staffList},
		{Method: "GET", Pattern: "/libraries/{lib}/staff/new", Perm: auth.PermStaffManage, handle: s.staffNew},
		{Method: "POST", Pattern: "/libraries/{lib}/staff", Perm: auth.PermStaffManage, handle: s.staffCreate},
		{Method: "GET", Pattern: "/libraries/{lib}/staff/import", Perm: auth.PermStaffManage, handle: s.staffImportPage},
		{Method: "POST", Pattern: "/libraries/{lib}/staff/import", Perm: auth.PermStaffManage, Upload: true, handle: s.staffImport},
		// A staff member may open her own record, so the service decides beyond library:view.
		{Method: "GET", Pattern: "/libraries/{lib}/staff/{staff}", Perm: auth.PermLibraryView, handle: s.staffShow},
		{Method: "GET", Pattern: "/libraries/{lib}/staff/{staff}/edit", Perm: auth.PermStaffManage, handle: s.staffEdit},
		{Method: "POST", Pattern: "/libraries/{lib}/staff/{staff}/edit", Perm: auth.PermStaffManage, handle: s.staffUpdate},
		{Method: "POST", Pattern: "/libraries/{lib}/staff/{staff}/deactivate", Perm: auth.PermStaffManage, handle: s.staffDeactivate},
		{Method: "POST", Pattern: "/libraries/{lib}/staff/{staff}/activate", Perm: auth.PermStaffManage, handle: s.staffActivate},

		{Method: "GET", Pattern: "/libraries/{lib}/users", Perm: auth.PermUsersManage, handle: s.userList},
		{Method: "GET", Pattern: "/libraries/{lib}/users/new", Perm: auth.PermUsersManage, handle: s.userNew},
		{Method: "POST", Pattern: "/libraries/{lib}/users", Perm: auth.PermUsersManage, handle: s.userCreate},
		{Method: "GET", Pattern: "/libraries/{lib}/users/{user}", Perm: auth.PermUsersManage, handle: s.userShow},
		{Method: "POST", Pattern: "/libraries/{lib}/users/{user}/role", Perm: auth.PermUsersManage, handle: s.userRole},
		{Method: "POST", Pattern: "/libraries/{lib}/users/{user}/deactivate", Perm: auth.PermUsersManage, handle: s.userDeactivate},
		{Method: "POST", Pattern: "/libraries/{lib}/users/{user}/activate", Perm: auth.PermUsersManage, handle: s.userActivate},
		{Method: "POST", Pattern: "/libraries/{lib}/users/{user}/remove", Perm: auth.PermUsersManage, handle: s.userRemove},
		{Method: "POST", Pattern: "/libraries/{lib}/users/{user}/password", Perm: auth.PermUsersManage, handle: s.userPassword},

		{Method: "GET", Pattern: "/libraries/{lib}/audit", Perm: auth.PermAuditView, handle: s.auditList},

		// JSON API.
		{Method: "POST", Pattern: "/api/v1/auth/token", Perm: P, API: true, handle: s.apiToken},
		{Method: "GET", Pattern: "/api/v1/openapi.json", Perm: P, API: true, handle: s.apiOpenAPI},
		{Method: "GET", Pattern: "/api/v1/libraries", Perm: auth.PermSignedIn, API: true, handle: s.apiLibraryList},
		{Method: "POST", Pattern: "/api/v1/libraries", Perm: auth.PermLibraryCreate, API: true, handle: s.apiLibraryCreate},
		{Method: "GET", Pattern: "/api/v1/libraries/{lib}", Perm: auth.PermLibraryView, API: true, handle: s.apiLibraryGet},
		{Method: "PATCH", Pattern: "/api/v1/libraries/{lib}", Perm: auth.PermLibraryManage, API: true, handle: s.apiLibraryUpdate},
		{Method: "GET", Pattern: "/api/v1/libraries/{lib}/service-points", Perm: auth.PermLibraryView, API: true, handle: s.apiServicePointList},
		{Method: "POST", Pattern: "/api/v1/libraries/{lib}/service-points", Perm: auth.PermLibraryManage, API: true, handle: s.apiServicePointCreate},
		{Method: "GET", Pattern: "/api/v1/libraries/{lib}/service-points/{sp}", Perm: auth.PermLibraryView, API: true, handle: s.apiServicePointGet},
		{Method: "PATCH", Pattern: "/api/v1/libraries/{lib}/service-points/{sp}", Perm: auth.PermLibraryManage, API: true, handle: s.apiServicePointUpdate},
		{Method: "GET", Pattern: "/api/v1/libraries/{lib}/staff", Perm: auth.PermStaffView, API: true, handle: s.apiStaffList},
		{Method: "POST", Pattern: "/api/v1/libraries/{lib}/staff", Perm: auth.PermStaffManage, API: true, handle: s.apiStaffCreate},
		{Method: "GET", Pattern: "/api/v1/libraries/{lib}/staff/{staff}", Perm: auth.PermLibraryView, API: true, handle: s.apiStaffGet},
		{Method: "PATCH", Pattern: "/api/v1/libraries/{lib}/staff/{staff}", Perm: auth.PermStaffManage, API: true, handle: s.apiStaffUpdate},
	}
	// Each feature adds its own table below.
	routes = append(routes, s.surveyRoutes()...)
	routes = append(routes, s.suggestionRoutes()...)
	routes = append(routes, s.complaintRoutes()...)
	routes = append(routes, s.competencyRoutes()...)
	routes = append(routes, s.recordRoutes()...)
	routes = append(routes, s.voiceRoutes()...)
	routes = append(routes, s.surveyReportRoutes()...)
	routes = append(routes, s.surveyImportRoutes()...)
	routes = append(routes, s.trainingRoutes()...)
	routes = append(routes, s.trainingProgramAPIRoutes()...)
	routes = append(routes, s.trainingRecoAPIRoutes()...)
	routes = append(routes, s.trainingMaterialRoutes()...)
	routes = append(routes, s.trainingEvalAPIRoutes()...)
	routes = append(routes, s.trainingCheckinRoutes()...)
	routes = append(routes, s.trainingEvaluationRoutes()...)
	routes = append(routes, s.certificateRoutes()...)
	routes = append(routes, s.assessmentRoutes()...)
	routes = append(routes, s.planRoutes()...)
	routes = append(routes, s.selfServiceRoutes()...)
	routes = append(routes, s.assessorRoutes()...)
	routes = append(routes, s.trainingNeedsRoutes()...)
	routes = append(routes, s.trainingL3Routes()...)
	routes = append(routes, s.notificationRoutes()...)
	return routes
}

// Handler builds the whole HTTP handler: routes, static files, health and
// metrics, wrapped in the shared middleware.
func (s *Server) Handler() http.Handler {
	mux := http.NewServeMux()
	for _, rt := range s.Routes() {
		mux.Handle(rt.Method+" "+rt.Pattern, s.wrap(rt))
	}
	mux.Handle("GET /static/", s.static)
	mux.HandleFunc("GET /healthz", s.healthz)
	mux.Handle("GET /metrics", s.metricsHandler())
	mux.HandleFunc("/", s.notFound)

	protect := http.NewCrossOriginProtection()
	protect.SetDenyHandler(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		s.fail(w, s.newRequest(r, Route{API: isAPIPath(r.URL.Path)}), errCrossOrigin)
	}))
	return s.recoverer(s.observe(securityHeaders(protect.Handler(mux))))
}
