package web

import (
	"context"
	"net/http"
	"strconv"
	"time"

	"github.com/bina-pustaka/bina/internal/auth"
	"github.com/bina-pustaka/bina/internal/notify"
)

// notificationRoutes: the actor's own notifications in a library
// (docs/notifications.md). Everyone who belongs to the library has some.
func (s *Server) notificationRoutes() []Route {
	view := auth.PermLibraryView
	return []Route{
		{Method: "GET", Pattern: "/libraries/{lib}/notifications", Perm: view, handle: s.notificationsPage},
		// The form names the notification (id, or none for all): no new path parameter.
		{Method: "POST", Pattern: "/libraries/{lib}/notifications/read", Perm: view, handle: s.notificationsRead},
	}
}

type notificationsPage struct {
	Items []notify.Notification
}

func (s *Server) notificationsPage(w http.ResponseWriter, r *request) error {
	items, err := s.svc.Notify.List(r.Context(), r.Actor, r.LibraryID, 0)
	if err != nil {
		return err
	}
	return s.render(w, r, http.StatusOK, "notifications", "notify.title", notificationsPage{Items: items})
}

func (s *Server) notificationsRead(w http.ResponseWriter, r *request) error {
	id, _ := strconv.ParseInt(r.FormValue("id"), 10, 64)
	if err := s.svc.Notify.MarkRead(r.Context(), r.Actor, r.LibraryID, id); err != nil {
		return err
	}
	return s.redirect(w, r, "/libraries/"+strconv.FormatInt(r.LibraryID, 10)+"/notifications", "notify.marked_read")
}

// unreadCount is the menu's badge; a failure only hides it.
func (s *Server) unreadCount(r *request, libraryID int64) int {
	if s.svc.Notify == nil || r.Actor == nil || libraryID == 0 {
		return 0
	}
	n, err := s.svc.Notify.Unread(r.Context(), r.Actor, libraryID)
	if err != nil {
		s.log.Warn("unread notifications", "err", err)
		return 0
	}
	return n
}

// notifyDuties scans training events into notifications and sends the
// e-mail outbox; called by RunHousekeeping.
func (s *Server) notifyDuties(ctx context.Context, _ time.Time) {
	if s.svc.Notify == nil {
		return
	}
	if n, err := s.svc.Notify.ScanTraining(ctx); err != nil {
		s.log.Warn("training notifications", "err", err)
	} else if n > 0 {
		s.log.Info("notifications added", "count", n)
	}
	if res, err := s.svc.Notify.SendPending(ctx, 200); err != nil {
		s.log.Warn("send e-mail", "err", err)
	} else if res.Sent+res.Failed > 0 {
		s.log.Info("e-mail outbox", "sent", res.Sent, "failed", res.Failed)
	}
}
