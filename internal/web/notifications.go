package web

import (
	"context"
	"net/http"
	"strconv"
	"time"

	"github.com/bina-pustaka/bina/internal/apperr"
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
		{Method: "GET", Pattern: "/api/v1/libraries/{lib}/notifications", Perm: view, API: true, handle: s.apiNotifications},
		{Method: "POST", Pattern: "/api/v1/libraries/{lib}/notifications/read", Perm: view, API: true, handle: s.apiNotificationsRead},
	}
}

type notificationsPage struct {
	Items []notify.Notification
}

func (s *Server) notificationsPage(w http.ResponseWriter, r *request) error {
	items, err := s.svc.Notify.List(r.Context(), r.Actor, r.LibraryID, r.Lang, 0)
	if err != nil {
		return err
	}
	return s.render(w, r, http.StatusOK, "notifications", "notify.title", notificationsPage{Items: items})
}

// notificationsRead marks the form's notification read, or all of them
// when the form names none.
func (s *Server) notificationsRead(w http.ResponseWriter, r *request) error {
	var err error
	if raw := r.FormValue("id"); raw != "" {
		id, perr := strconv.ParseInt(raw, 10, 64)
		if perr != nil || id <= 0 {
			return apperr.NotFoundError("notification")
		}
		_, err = s.svc.Notify.MarkRead(r.Context(), r.Actor, r.LibraryID, id)
	} else {
		_, err = s.svc.Notify.MarkAllRead(r.Context(), r.Actor, r.LibraryID)
	}
	if err != nil {
		return err
	}
	return s.redirect(w, r, "/libraries/"+strconv.FormatInt(r.LibraryID, 10)+"/notifications", "notify.marked_read")
}

// notificationList is the API's list: the actor's notifications in the
// request's language, and how many are unread.
type notificationList struct {
	Items  []notify.Notification `json:"items"`
	Unread int                   `json:"unread"`
}

func (s *Server) apiNotifications(w http.ResponseWriter, r *request) error {
	items, err := s.svc.Notify.List(r.Context(), r.Actor, r.LibraryID, r.Lang, 0)
	if err != nil {
		return err
	}
	unread, err := s.svc.Notify.Unread(r.Context(), r.Actor, r.LibraryID)
	if err != nil {
		return err
	}
	if items == nil {
		items = []notify.Notification{}
	}
	return writeJSON(w, http.StatusOK, notificationList{Items: items, Unread: unread})
}

// notificationReadInput names the notification to mark read; without id,
// all of them.
type notificationReadInput struct {
	ID *int64 `json:"id"`
}

type notificationReadResult struct {
	Marked int `json:"marked"`
	Unread int `json:"unread"`
}

func (s *Server) apiNotificationsRead(w http.ResponseWriter, r *request) error {
	var in notificationReadInput
	if err := decodeJSON(r, &in); err != nil {
		return err
	}
	ctx := r.Context()
	var marked int
	var err error
	if in.ID != nil {
		if *in.ID <= 0 {
			return apperr.NotFoundError("notification")
		}
		marked, err = s.svc.Notify.MarkRead(ctx, r.Actor, r.LibraryID, *in.ID)
	} else {
		marked, err = s.svc.Notify.MarkAllRead(ctx, r.Actor, r.LibraryID)
	}
	if err != nil {
		return err
	}
	unread, err := s.svc.Notify.Unread(ctx, r.Actor, r.LibraryID)
	if err != nil {
		return err
	}
	return writeJSON(w, http.StatusOK, notificationReadResult{Marked: marked, Unread: unread})
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
