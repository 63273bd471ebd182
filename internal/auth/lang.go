package auth

import (
	"context"
	"database/sql"

	"github.com/bina-pustaka/bina/internal/apperr"
	"github.com/bina-pustaka/bina/internal/db"
	"github.com/bina-pustaka/bina/internal/i18n"
)

// SetLang stores the language the actor chose with the language switch, so
// that what is written to her without a request (e-mail from the jobs) is in
// that language, and a new browser starts in it at login. Until she chooses,
// users.lang holds the default (Indonesian) and Actor.Lang is empty: her
// browser's own language then decides the pages. Unknown languages are not
// found; choosing the stored choice again changes nothing.
func (s *Service) SetLang(ctx context.Context, actor *Actor, lang string) error {
	if actor == nil || actor.UserID == 0 {
		return apperr.New(apperr.Unauthorized, "error.unauthorized", nil)
	}
	known := false
	for _, l := range i18n.Langs {
		known = known || l == lang
	}
	if !known {
		return apperr.New(apperr.NotFound, "error.page_not_found", nil)
	}
	return s.DB.InTx(ctx, func(tx *db.Tx) error {
		var old string
		var chosen sql.NullTime
		if err := tx.QueryRowContext(ctx, `SELECT lang, lang_chosen_at FROM users WHERE id = ?`, actor.UserID).Scan(&old, &chosen); err != nil {
			return apperr.InternalError(err)
		}
		if !chosen.Valid {
			old = "" // the default, not a choice
		}
		if old == lang {
			return nil
		}
		now := s.now()
		if _, err := tx.ExecContext(ctx, `UPDATE users SET lang = ?, lang_chosen_at = ?, updated_at = ? WHERE id = ?`,
			lang, now, now, actor.UserID); err != nil {
			return apperr.InternalError(err)
		}
		return recordAudit(ctx, tx, actor, 0, "user.lang", actor.UserID, actor.Name, map[string][2]string{"lang": {old, lang}}, now)
	})
}
