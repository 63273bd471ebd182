package web_test

import (
	"fmt"
	"net/http"
	"strings"
	"testing"

	"github.com/xuri/excelize/v2"

	"github.com/bina-pustaka/bina/internal/db"
	"github.com/bina-pustaka/bina/internal/dbtest"
	"github.com/bina-pustaka/bina/internal/record"
	"github.com/bina-pustaka/bina/internal/training"
)

// The coordinator downloads the year's plan as a workbook that opens, lists
// the sessions with their programme's JP and the budgets as numbers, and
// totals as the plan page does (the cancelled session counted nowhere).
func TestAnnualPlanWorkbook(t *testing.T) {
	dbtest.Each(t, func(t *testing.T, d *db.DB) {
		a := newApp(t, d)
		add := func(day string, capacity int, budget int64, status string) training.Session {
			t.Helper()
			x, err := a.Svc.Training.CreateSession(t.Context(), a.system(), training.Session{LibraryID: a.A.Library.ID, ProgramID: a.A.Program.ID,
				Title: "Angkatan " + day, Days: []record.Date{record.Date(day)}, Place: "Aula", Capacity: capacity, Budget: budget,
				BudgetLine: "5.1.02.01", Status: status, MinAttendance: 80})
			if err != nil {
				t.Fatal(err)
			}
			return x
		}
		add("2029-02-08", 20, 4_500_000, training.SessionOpen)
		add("2029-08-16", 10, 2_000_000, training.SessionPlanned)
		add("2029-05-10", 15, 5_000_000, training.SessionCancelled)

		coord := a.login(a.A.CoordEmail)
		page := coord.get(trainingBase(a.A) + "/plan?year=2029")
		if !strings.Contains(page.Body, `id="plan-xlsx"`) || textAfter(page.Body, `id="plan-budget">`) != "Rp 6.500.000" {
			t.Fatalf("plan page: budget %q, export link %v", textAfter(page.Body, `id="plan-budget">`), strings.Contains(page.Body, `id="plan-xlsx"`))
		}
		res := coord.get(trainingBase(a.A) + "/plan.xlsx?year=2029")
		if res.StatusCode != http.StatusOK || !strings.HasPrefix(res.Header.Get("Content-Disposition"), `attachment; filename="rencana-pelatihan-2029-perpustakaan-kota-batu.xlsx"`) {
			t.Fatalf("download: %d %q", res.StatusCode, res.Header.Get("Content-Disposition"))
		}
		f, err := excelize.OpenReader(strings.NewReader(res.Body))
		if err != nil {
			t.Fatalf("the workbook does not open: %v", err)
		}
		defer f.Close()
		if got := strings.Join(f.GetSheetList(), "|"); got != "Rencana pelatihan|Per triwulan" {
			t.Fatalf("sheets %s", got)
		}
		rows, _ := f.GetRows("Rencana pelatihan", excelize.Options{RawCellValue: true})
		var found []string
		for _, r := range rows {
			if len(r) >= 15 && strings.Contains(r[2], "Angkatan 2029-") {
				found = append(found, r[2]+"|"+r[10]+"|"+r[14])
			}
		}
		want := fmt.Sprintf("%s — Angkatan 2029-02-08|%d|4500000,%s — Angkatan 2029-08-16|%d|2000000", a.A.Program.Title, a.A.Program.JP, a.A.Program.Title, a.A.Program.JP)
		if strings.Join(found, ",") != want {
			t.Errorf("session rows (name|JP|budget):\n got %s\nwant %s", strings.Join(found, ","), want)
		}
		quarters, _ := f.GetRows("Per triwulan", excelize.Options{RawCellValue: true})
		budget := map[string]string{}
		for _, r := range quarters {
			if len(r) >= 5 {
				budget[r[0]] = r[1] + "|" + r[4]
			}
		}
		if budget["Triwulan 1"] != "1|4500000" || budget["Triwulan 2"] != "0|0" || budget["Triwulan 3"] != "1|2000000" || budget["Jumlah"] != "2|6500000" {
			t.Errorf("quarters %v", budget)
		}
		if !strings.Contains(strings.Join(quarters[len(quarters)-1], " "), "Angkatan 2029-05-10") {
			t.Errorf("the cancelled session is not listed apart: %v", quarters[len(quarters)-1])
		}
	})
}
