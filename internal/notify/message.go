package notify

import (
	"encoding/json"
	"sync"
	"time"

	"github.com/bina-pustaka/bina/internal/i18n"
)

// Message is what a notification says, kept as a message key and its
// arguments rather than as finished text, so that it is written out in the
// language of whoever reads it: the page and the API in the request's
// language, the e-mail in the recipient's stored preference (users.lang).
// The locales hold <Key>.title and <Key>.body.
type Message struct {
	Key   string            // msgPrefix + name, e.g. notify.msg.invitation
	Args  map[string]string // names of sessions and people, shown as they are
	Dates map[string]string // YYYY-MM-DD, written by i18n.FormatDate in the reader's language
}

// msgPrefix starts every notification message key; the names are listed in
// Messages (the notify tests check both locales have their title and body).
const msgPrefix = "notify.msg."

// Message keys of the training notifications.
var (
	MsgInvitation = msgPrefix + "invitation"
	MsgPromotion  = msgPrefix + "promotion"
	MsgReminder   = msgPrefix + "reminder"
	MsgL1Prompt   = msgPrefix + "l1_prompt"
	MsgL3Prompt   = msgPrefix + "l3_prompt"
	MsgCertExpiry = msgPrefix + "cert_expiry"
)

// Messages lists every message key a notification may carry.
var Messages = []string{MsgInvitation, MsgPromotion, MsgReminder, MsgL1Prompt, MsgL3Prompt, MsgCertExpiry}

// storedArgs is the JSON of notifications.msg_args.
type storedArgs struct {
	Args  map[string]string `json:"args,omitempty"`
	Dates map[string]string `json:"dates,omitempty"`
}

func (m Message) encodeArgs() (string, error) {
	if m.Key == "" {
		return "", nil
	}
	b, err := json.Marshal(storedArgs{Args: m.Args, Dates: m.Dates})
	return string(b), err
}

func decodeMessage(key, args string) Message {
	m := Message{Key: key}
	if key == "" || args == "" {
		return m
	}
	var sa storedArgs
	if json.Unmarshal([]byte(args), &sa) == nil {
		m.Args, m.Dates = sa.Args, sa.Dates
	}
	return m
}

// render writes the title and body in lang. ok is false when there is no
// key or the locales do not know it (a row from before migration 00017, or
// a message since retired): the caller then shows the stored text.
func (m Message) render(b *i18n.Bundle, lang string) (title, body string, ok bool) {
	if m.Key == "" || !b.Has("id", m.Key+".title") || !b.Has("id", m.Key+".body") {
		return "", "", false
	}
	data := make(map[string]any, len(m.Args)+len(m.Dates))
	for k, v := range m.Args {
		data[k] = v
	}
	for k, v := range m.Dates {
		if t, err := time.Parse(time.DateOnly, v); err == nil {
			data[k] = i18n.FormatDate(lang, t)
		} else {
			data[k] = v
		}
	}
	return b.T(lang, m.Key+".title", data), b.T(lang, m.Key+".body", data), true
}

// embeddedMessages is the application's own message bundle, loaded once
// for services configured without one.
var embeddedMessages = sync.OnceValues(i18n.New)

// messages is the bundle the service writes with (nil when the embedded
// files fail to load, which their own tests prevent: then every
// notification shows its stored text).
func (s *Service) messages() *i18n.Bundle {
	if s.Messages != nil {
		return s.Messages
	}
	b, err := embeddedMessages()
	if err != nil {
		return nil
	}
	return b
}

// localize fills n's Title and Body in lang from its message; a
// notification without one keeps its stored text.
func (s *Service) localize(n *Notification, lang string) {
	if title, body, ok := n.Message.render(s.messages(), lang); ok {
		n.Title, n.Body = title, body
	}
}

// kindLabel is the kind's name in lang, for e-mail subjects.
func (s *Service) kindLabel(kind, lang string) string {
	b := s.messages()
	if !b.Has("id", "notify.kind."+kind) {
		return kind
	}
	return b.T(lang, "notify.kind."+kind, nil)
}
