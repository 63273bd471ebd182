package record

import (
	"encoding/json"
	"testing"
)

// reg2023 is PermenPANRB 1/2023 as the migration seeds it.
var reg2023 = Regulation{
	Coefficients: []Coefficient{
		{"Terampil", c("5")}, {"Mahir", c("12.5")}, {"Penyelia", c("25")},
		{"Ahli Pertama", c("12.5")}, {"Ahli Muda", c("25")}, {"Ahli Madya", c("37.5")}, {"Ahli Utama", c("50")},
	},
	Percentages: []RatingPercent{{"sangat_baik", 150}, {"baik", 100}, {"butuh_perbaikan", 75}, {"kurang", 50}, {"sangat_kurang", 25}},
	Thresholds: []Threshold{
		{"Terampil", "Mahir", c("60")}, {"Mahir", "Penyelia", c("100")},
		{"Ahli Pertama", "Ahli Muda", c("100")}, {"Ahli Muda", "Ahli Madya", c("200")}, {"Ahli Madya", "Ahli Utama", c("450")},
	},
}

func c(s string) Credits {
	v, ok := ParseCredits(s)
	if !ok {
		panic("bad credits " + s)
	}
	return v
}

func rated(jenjang string, byYear map[int]string) []Rating {
	var out []Rating
	for y, r := range byYear {
		out = append(out, Rating{Year: y, Rating: r, Jenjang: jenjang})
	}
	return out
}

func TestCreditsAreExactDecimals(t *testing.T) {
	for _, tc := range []struct {
		coef    string
		percent int
		want    string
	}{
		{"12.5", 150, "18.75"},   // Ahli Pertama, Sangat Baik
		{"12.5", 75, "9.375"},    // Ahli Pertama, Butuh Perbaikan: three decimals
		{"37.5", 25, "9.375"},    // Ahli Madya, Sangat Kurang
		{"5", 50, "2.5"},         // Terampil, Kurang
		{"50", 100, "50"},        // Ahli Utama, Baik
		{"0.125", 150, "0.1875"}, // a finer future coefficient stays exact
	} {
		if got := c(tc.coef).Times(tc.percent).String(); got != tc.want {
			t.Errorf("%s × %d %% = %s, want %s", tc.coef, tc.percent, got, tc.want)
		}
	}
	// The issue's example, summed: no float drift.
	if got := (c("12.5") + c("12.5") + c("12.5").Times(150)).String(); got != "43.75" {
		t.Errorf("12.5 + 12.5 + 18.75 = %s", got)
	}
	// Ten Butuh Perbaikan years of Ahli Pertama: 93.75 exactly.
	var sum Credits
	for range 10 {
		sum += c("12.5").Times(75)
	}
	if sum != c("93.75") {
		t.Errorf("10 × 9.375 = %s", sum)
	}
}

func TestParseCredits(t *testing.T) {
	for in, want := range map[string]string{"12,5": "12.5", " 12.5 ": "12.5", "100": "100", "0,125": "0.125", "37.50": "37.5"} {
		if v, ok := ParseCredits(in); !ok || v.String() != want {
			t.Errorf("ParseCredits(%q) = %s, %v; want %s", in, v, ok, want)
		}
	}
	for _, in := range []string{"", "-1", "1.2345", "abc", "1e3", "12.5.1", ",5", "12 5"} {
		if v, ok := ParseCredits(in); ok {
			t.Errorf("ParseCredits(%q) = %s, want refused", in, v)
		}
	}
	if v := c("12.5"); v.Milli() != 12500 || CreditsFromMilli(12500) != v {
		t.Errorf("milli round trip of 12.5: %d", v.Milli())
	}
	b, _ := json.Marshal(struct{ C Credits }{c("43.75")})
	if string(b) != `{"C":43.75}` {
		t.Errorf("JSON: %s", b)
	}
}

func TestProjectIssueExample(t *testing.T) {
	// Ahli Pertama rated Baik for two years and Sangat Baik for one:
	// 12.5 + 12.5 + 18.75 = 43.75 of the 100 Ahli Muda needs.
	st := Project(reg2023, "Ahli Pertama", rated("Ahli Pertama", map[int]string{2023: "baik", 2024: "baik", 2025: "sangat_baik"}), 2026)
	if st.Total != c("43.75") || st.Needed != c("100") || st.Remaining != c("56.25") || st.Next != "Ahli Muda" {
		t.Fatalf("total %s needed %s remaining %s next %s", st.Total, st.Needed, st.Remaining, st.Next)
	}
	want := []string{"12.5", "12.5", "18.75"}
	for i, y := range st.Years {
		if y.Year != 2023+i || y.Credits.String() != want[i] || !y.Counted {
			t.Errorf("year %d: %+v", i, y)
		}
	}
	// The latest rating (Sangat Baik, 18.75 a year) continues: 56.25 / 18.75
	// = 3 more years after 2025.
	if st.AssumedRating != "sangat_baik" || st.PerYear != c("18.75") || st.YearsLeft != 3 || st.ProjectedYear != 2028 || st.Reached {
		t.Errorf("projection: %+v", st)
	}

	// Sangat Baik first, then Baik twice: the same 43.75, but the pace is
	// Baik's 12.5 a year, and 56.25 / 12.5 = 4.5 → 5 more years after 2025.
	st = Project(reg2023, "Ahli Pertama", rated("Ahli Pertama", map[int]string{2023: "sangat_baik", 2024: "baik", 2025: "baik"}), 2026)
	if st.Total != c("43.75") || st.AssumedRating != "baik" || st.PerYear != c("12.5") || st.YearsLeft != 5 || st.ProjectedYear != 2030 {
		t.Errorf("Baik pace: %+v", st)
	}
}

func TestProjectCases(t *testing.T) {
	t.Run("no rating yet assumes Baik from this year", func(t *testing.T) {
		// Ahli Muda needs 200 at 25 a year: 8 years, 2026 … 2033.
		st := Project(reg2023, "Ahli Muda", nil, 2026)
		if st.Total != 0 || st.AssumedRating != "baik" || st.YearsLeft != 8 || st.ProjectedYear != 2033 {
			t.Errorf("%+v", st)
		}
	})
	t.Run("only the current jenjang counts", func(t *testing.T) {
		rs := append(rated("Ahli Pertama", map[int]string{2019: "sangat_baik", 2020: "sangat_baik", 2021: "sangat_baik", 2022: "baik"}),
			rated("Ahli Muda", map[int]string{2023: "baik", 2024: "baik"})...)
		st := Project(reg2023, "Ahli Muda", rs, 2026)
		// 25 + 25 = 50 of 200; 150 more at 25 a year = 6 years after 2024.
		if st.Total != c("50") || st.Remaining != c("150") || st.ProjectedYear != 2030 || len(st.Years) != 6 {
			t.Errorf("%+v", st)
		}
		if st.Years[0].Counted || st.Years[0].Credits != c("18.75") || !st.Years[5].Counted {
			t.Errorf("earlier jenjang shown but not counted: %+v", st.Years)
		}
	})
	t.Run("reached", func(t *testing.T) {
		// Terampil needs 60; Sangat Baik earns 7.5: 8 years reach exactly 60 in 2025.
		by := map[int]string{}
		for y := 2018; y <= 2025; y++ {
			by[y] = "sangat_baik"
		}
		st := Project(reg2023, "Terampil", rated("Terampil", by), 2026)
		if !st.Reached || st.Total != c("60") || st.ReachedYear != 2025 || st.Remaining != 0 || st.ProjectedYear != 0 {
			t.Errorf("%+v", st)
		}
	})
	t.Run("uneven years", func(t *testing.T) {
		// Mahir: 12.5 × (150 + 75 + 50 + 25) % = 18.75 + 9.375 + 6.25 + 3.125 = 37.5.
		st := Project(reg2023, "Mahir", rated("Mahir", map[int]string{2022: "sangat_baik", 2023: "butuh_perbaikan", 2024: "kurang", 2025: "sangat_kurang"}), 2026)
		// 62.5 to go at Sangat Kurang's 3.125 a year: 20 years after 2025.
		if st.Total != c("37.5") || st.Remaining != c("62.5") || st.PerYear != c("3.125") || st.ProjectedYear != 2045 {
			t.Errorf("%+v", st)
		}
	})
	t.Run("top of the ladder", func(t *testing.T) {
		st := Project(reg2023, "Ahli Utama", rated("Ahli Utama", map[int]string{2025: "baik"}), 2026)
		if !st.Applicable || st.HasNext || st.Total != c("50") || st.ProjectedYear != 0 {
			t.Errorf("%+v", st)
		}
	})
	t.Run("no jabatan fungsional", func(t *testing.T) {
		st := Project(reg2023, "", nil, 2026)
		if st.Applicable || st.HasNext || st.ProjectedYear != 0 {
			t.Errorf("%+v", st)
		}
	})
	t.Run("a zero percentage never projects", func(t *testing.T) {
		reg := reg2023
		reg.Percentages = []RatingPercent{{"baik", 0}}
		st := Project(reg, "Ahli Pertama", nil, 2026)
		if st.PerYear != 0 || st.ProjectedYear != 0 || st.YearsLeft != 0 {
			t.Errorf("%+v", st)
		}
	})
}

func TestTableChangesTakeEffect(t *testing.T) {
	rs := rated("Ahli Pertama", map[int]string{2023: "baik", 2024: "baik", 2025: "sangat_baik"})
	reg := Regulation{Coefficients: []Coefficient{{"Ahli Pertama", c("15")}}, Percentages: reg2023.Percentages,
		Thresholds: []Threshold{{"Ahli Pertama", "Ahli Muda", c("90")}}}
	st := Project(reg, "Ahli Pertama", rs, 2026)
	// 15 + 15 + 22.5 = 52.5; 37.5 to 90 at 22.5 a year: 2 years after 2025.
	if st.Total != c("52.5") || st.Needed != c("90") || st.ProjectedYear != 2027 {
		t.Errorf("%+v", st)
	}
}
