package db_test

import (
	"context"
	"fmt"
	"testing"

	"github.com/bina-pustaka/bina/internal/db"
	"github.com/bina-pustaka/bina/internal/dbtest"
)

// Migration 00019 lets an enrolment hold a re-issued certificate beside its
// revoked one. SQLite gets there by rebuilding the table: the certificates
// written before keep their ids, new ones are numbered after them, and one
// certificate in force per enrolment is still all the schema allows.
func TestCertificateReissueMigration(t *testing.T) {
	dbtest.Each(t, func(t *testing.T, d *db.DB) {
		ctx := context.Background()
		if err := d.MigrateDownTo(ctx, 18); err != nil {
			t.Fatalf("down to 18: %v", err)
		}
		now := db.Now()
		var lib, staff, program, session, enrolment, cert int64
		err := d.InTx(ctx, func(tx *db.Tx) error {
			var err error
			row := func(dst *int64, q string, args ...any) error {
				if err == nil {
					if err = tx.QueryRowContext(ctx, q+` RETURNING id`, args...).Scan(dst); err != nil {
						err = fmt.Errorf("%s: %w", q, err)
					}
				}
				return err
			}
			row(&lib, `INSERT INTO libraries (name, city, province, time_zone, created_at, updated_at) VALUES (?, ?, ?, ?, ?, ?)`,
				"Perpustakaan Uji", "Batu", "Jawa Timur", "Asia/Jakarta", now, now)
			row(&staff, `INSERT INTO staff (library_id, name, employment_status, created_at, updated_at) VALUES (?, ?, ?, ?, ?)`,
				lib, "Sari", "non_asn", now, now)
			row(&program, `INSERT INTO training_programs (library_id, title, type, level, jp, provider_kind, modality, created_at, updated_at)
				VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)`, lib, "Layanan Prima", "workshop", "dasar", 8, "internal", "offline", now, now)
			row(&session, `INSERT INTO training_sessions (library_id, program_id, first_day, last_day, year, capacity, status,
				min_attendance_percent, created_at, updated_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
				lib, program, "2026-05-25", "2026-05-25", 2026, 10, "completed", 80, now, now)
			row(&enrolment, `INSERT INTO training_enrolments (library_id, session_id, staff_id, origin, status, created_at, updated_at)
				VALUES (?, ?, ?, ?, ?, ?, ?)`, lib, session, staff, "nominated", "completed", now, now)
			return row(&cert, `INSERT INTO training_certificates (library_id, enrolment_id, session_id, staff_id, year, seq, number, code,
				issued_at, issued_on, expires_on, revoked_at, revoke_reason) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
				lib, enrolment, session, staff, 2026, 1, "BP/1/2026/0001", "kodelama0001", now, "2026-05-25", "2027-05-24", now, "Salah nama")
		})
		if err != nil {
			t.Fatal(err)
		}
		if _, err := d.Migrate(ctx); err != nil {
			t.Fatalf("up again: %v", err)
		}
		var code, reason, expires string
		if err := d.Reader().QueryRowContext(ctx, `SELECT code, revoke_reason, expires_on FROM training_certificates WHERE id = ?`, cert).
			Scan(&code, &reason, &expires); err != nil || code != "kodelama0001" || reason != "Salah nama" || expires != "2027-05-24" {
			t.Fatalf("the certificate after the migration: %q %q %q %v", code, reason, expires, err)
		}
		insert := func(seq int64, code string) (int64, error) {
			var id int64
			err := d.InTx(ctx, func(tx *db.Tx) error {
				return tx.QueryRowContext(ctx, `INSERT INTO training_certificates (library_id, enrolment_id, session_id, staff_id, year, seq,
					number, code, issued_at, issued_on) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?) RETURNING id`,
					lib, enrolment, session, staff, 2026, seq, "BP/1/2026/000"+code[len(code)-1:], code, now, "2026-06-01").Scan(&id)
			})
			return id, err
		}
		// The revoked one does not count: a second certificate is allowed,
		// numbered after the old id; a third in force is not.
		id, err := insert(2, "kodebaru0002")
		if err != nil || id <= cert {
			t.Fatalf("re-issue: id %d (old %d), %v", id, cert, err)
		}
		if _, err := insert(3, "kodebaru0003"); !db.IsUniqueViolation(err) {
			t.Fatalf("a second certificate in force: %v", err)
		}
	})
}
