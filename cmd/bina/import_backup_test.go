package main

import (
	"bytes"
	"context"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"testing"

	"github.com/bina-pustaka/bina/internal/db"
	"github.com/bina-pustaka/bina/internal/dbtest"
)

const sampleCSV = "testdata/staff_siasn_sample.csv"

func importStaff(t *testing.T, path string, lib int64, file string) result {
	t.Helper()
	return run(t, "import", "staff", "--database-url", path, "--library", strconv.FormatInt(lib, 10), file)
}

func TestImportStaffSample(t *testing.T) {
	cleanEnv(t, "en")
	path := tempDB(t)
	lib := setupLibrary(t, path)

	r := importStaff(t, path, lib, sampleCSV)
	wantCode(t, r, 0)
	// Eight rows; Perpustakaan Keliling (2) and Layanan Sirkulasi (1) are
	// not service points of the library.
	if want := "8 created, 0 updated, 0 unchanged, 3 without a matching service point\n"; r.out != want {
		t.Errorf("printed %q, want %q", r.out, want)
	}
	if n := queryInt(t, path, `SELECT COUNT(*) FROM staff WHERE library_id = ? AND active = ?`, lib, true); n != 8 {
		t.Errorf("%d active staff, want 8", n)
	}
	if n := queryInt(t, path, `SELECT COUNT(*) FROM staff s JOIN service_points sp ON sp.id = s.service_point_id
		WHERE s.library_id = ? AND sp.name = ?`, lib, "Layanan Referensi"); n != 3 {
		t.Errorf("%d posted to Layanan Referensi, want 3", n)
	}
	if nip := queryString(t, path, `SELECT nip FROM staff WHERE library_id = ? AND name = ?`, lib, "Agus Pratama"); nip != "198404222006041004" {
		t.Errorf("Agus Pratama's NIP %q", nip)
	}
	if n := queryInt(t, path, `SELECT COUNT(*) FROM staff WHERE library_id = ? AND nip IS NULL`, lib); n != 1 {
		t.Errorf("%d people without NIP, want 1 (the non-ASN row)", n)
	}
	if n := queryInt(t, path, `SELECT COUNT(*) FROM audit_log WHERE library_id = ? AND action = ?`, lib, "staff.import"); n != 1 {
		t.Errorf("%d staff.import audit rows, want 1", n)
	}

	// The same file again changes nothing.
	again := importStaff(t, path, lib, sampleCSV)
	wantCode(t, again, 0)
	if want := "0 created, 0 updated, 8 unchanged, 3 without a matching service point\n"; again.out != want {
		t.Errorf("second import printed %q, want %q", again.out, want)
	}
}

// badSample is the sample with line 2 renamed, a new person on line 10
// and a NIP one digit short on line 5.
func badSample(t *testing.T) string {
	t.Helper()
	data, err := os.ReadFile(sampleCSV)
	if err != nil {
		t.Fatal(err)
	}
	lines := strings.Split(strings.TrimRight(string(data), "\n"), "\n")
	if !strings.HasPrefix(lines[4], "198404222006041004,Agus Pratama,") {
		t.Fatalf("sample changed: line 5 is %q", lines[4])
	}
	lines[4] = strings.Replace(lines[4], "198404222006041004", "19840422200604100", 1)
	lines[1] = strings.Replace(lines[1], "Sari Wulandari", "Sari Wulandari Putri", 1)
	lines = append(lines, "199511202019032011,Nur Aini,Pustakawan Ahli Pertama,III/a,PNS,S1 Ilmu Perpustakaan,Layanan Anak,nur@perpus.example.go.id")
	p := filepath.Join(t.TempDir(), "staff_bad_nip.csv")
	if err := os.WriteFile(p, []byte(strings.Join(lines, "\n")+"\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	return p
}

func TestImportStaffBadNIPChangesNothing(t *testing.T) {
	cleanEnv(t, "en")
	path := tempDB(t)
	lib := setupLibrary(t, path)
	wantCode(t, importStaff(t, path, lib, sampleCSV), 0)
	bad := badSample(t)

	r := importStaff(t, path, lib, bad)
	wantCode(t, r, 2, `Line 5, column "NIP"`)
	if strings.Contains(r.msg, "Line 2") || strings.Contains(r.msg, "Line 10") {
		t.Errorf("good lines reported as problems: %q", r.msg)
	}
	if r.out != "" {
		t.Errorf("printed %q for a refused import", r.out)
	}
	if n := queryInt(t, path, `SELECT COUNT(*) FROM staff WHERE library_id = ?`, lib); n != 8 {
		t.Errorf("%d staff after the refused import, want the 8 from before", n)
	}
	if n := queryInt(t, path, `SELECT COUNT(*) FROM staff WHERE name = ?`, "Sari Wulandari Putri"); n != 0 {
		t.Error("line 2's change was saved although the file was refused")
	}

	// Without LANG the message is Indonesian, naming the same cell.
	cleanEnv(t, "")
	wantCode(t, importStaff(t, path, lib, bad), 2, `Baris 5, kolom "NIP"`)
}

func TestImportStaffUsageErrors(t *testing.T) {
	cleanEnv(t, "en")
	path := tempDB(t)
	lib := setupLibrary(t, path)
	wantCode(t, run(t, "import", "staff", "--database-url", path, sampleCSV), 2, "--library")
	wantCode(t, importStaff(t, path, lib, filepath.Join(t.TempDir(), "tidak-ada.csv")), 2, "tidak-ada.csv")
	if n := queryInt(t, path, `SELECT COUNT(*) FROM staff`); n != 0 {
		t.Errorf("%d staff", n)
	}
}

// A mistyped library id must be bad input naming the library, not an
// internal error.
// FAILS at the time of writing: people.Service.Import does not check that
// the library exists, so the insert hits the foreign key and the user sees
// "internal: error.internal: constraint failed: FOREIGN KEY constraint
// failed (787)" with exit code 1 (reported bug).
func TestImportStaffIntoUnknownLibrary(t *testing.T) {
	cleanEnv(t, "en")
	path := tempDB(t)
	lib := setupLibrary(t, path)
	r := importStaff(t, path, lib+100, sampleCSV)
	wantCode(t, r, 2, "not found")
	if n := queryInt(t, path, `SELECT COUNT(*) FROM staff`); n != 0 {
		t.Errorf("%d staff", n)
	}
}

// Messages follow LANG in the form every Linux shell sets it.
// FAILS at the time of writing: userFacing passes LANG to i18n.Match,
// which parses HTTP Accept-Language; "en_US.UTF-8" does not parse, so an
// English terminal gets Indonesian (reported bug).
func TestCLIMessagesFollowPOSIXLocale(t *testing.T) {
	cleanEnv(t, "en_US.UTF-8")
	path := tempDB(t)
	lib := setupLibrary(t, path)
	wantCode(t, importStaff(t, path, lib, badSample(t)), 2, `Line 5, column "NIP"`)
}

func TestBackup(t *testing.T) {
	cleanEnv(t, "")
	path := tempDB(t)
	lib := setupLibrary(t, path)
	dest := filepath.Join(t.TempDir(), "bina-backup.db")

	r := run(t, "backup", "--database-url", path, dest)
	wantCode(t, r, 0)
	if r.out != "backup written to "+dest+"\n" {
		t.Errorf("printed %q", r.out)
	}
	ctx := context.Background()
	d, err := db.Open(ctx, dest)
	if err != nil {
		t.Fatal(err)
	}
	var check, name string
	if err := d.Reader().QueryRowContext(ctx, `PRAGMA integrity_check`).Scan(&check); err != nil || check != "ok" {
		t.Errorf("integrity_check of the backup: %q, %v", check, err)
	}
	if err := d.Reader().QueryRowContext(ctx, `SELECT name FROM libraries WHERE id = ?`, lib).Scan(&name); err != nil || name != "Perpustakaan Kota Kediri" {
		t.Errorf("library in the backup: %q, %v", name, err)
	}
	d.Close()

	before, err := os.ReadFile(dest)
	if err != nil {
		t.Fatal(err)
	}
	again := run(t, "backup", "--database-url", path, dest)
	wantCode(t, again, 2, dest, "already exists")
	after, err := os.ReadFile(dest)
	if err != nil || !bytes.Equal(before, after) {
		t.Errorf("the existing file was changed by the refused backup (%v)", err)
	}
}

func TestBackupOnPostgresPointsToPgDump(t *testing.T) {
	url := os.Getenv(dbtest.PostgresURLEnv)
	if url == "" {
		dbtest.RequireService(t, dbtest.PostgresURLEnv+" is not set")
	}
	cleanEnv(t, "")
	dest := filepath.Join(t.TempDir(), "bina.dump")
	wantCode(t, run(t, "backup", "--database-url", url, dest), 2, "pg_dump")
	if fileExists(dest) {
		t.Error("a file was written for a PostgreSQL backup")
	}
}
