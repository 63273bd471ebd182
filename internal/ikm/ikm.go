// Package ikm computes the Indeks Kepuasan Masyarakat (IKM, the public
// satisfaction index of PermenPANRB 14/2017) from Survei Kepuasan Masyarakat
// (SKM) answers, exactly as the regulation prescribes, and reads survey
// exports (Google Forms, Excel) fast enough for a million rows. It knows
// nothing of databases: results are sums and counts that merge, so later
// pre-aggregation can store them.
package ikm

import (
	"math"
	"math/big"
)

// NumElements is the number of unsur (elements) in the regulation's survey.
const NumElements = 9

// Element is one unsur of the survey with its official answers.
type Element struct {
	Code    string    // U1 … U9
	Name    string    // as the regulation names it
	Answers [4]string // official answer labels for scores 1 → 4
}

// Elements are the nine unsur of PermenPANRB 14/2017 in order. They are data,
// not code, because regulations change.
var Elements = [NumElements]Element{
	{"U1", "Persyaratan", [4]string{"Tidak sesuai", "Kurang sesuai", "Sesuai", "Sangat sesuai"}},
	{"U2", "Sistem, mekanisme dan prosedur", [4]string{"Tidak mudah", "Kurang mudah", "Mudah", "Sangat mudah"}},
	{"U3", "Waktu penyelesaian", [4]string{"Tidak cepat", "Kurang cepat", "Cepat", "Sangat cepat"}},
	{"U4", "Biaya/tarif", [4]string{"Sangat mahal", "Cukup mahal", "Murah", "Gratis"}},
	{"U5", "Produk spesifikasi jenis pelayanan", [4]string{"Tidak sesuai", "Kurang sesuai", "Sesuai", "Sangat sesuai"}},
	{"U6", "Kompetensi pelaksana", [4]string{"Tidak kompeten", "Kurang kompeten", "Kompeten", "Sangat kompeten"}},
	{"U7", "Perilaku pelaksana", [4]string{"Tidak sopan dan ramah", "Kurang sopan dan ramah", "Sopan dan ramah", "Sangat sopan dan ramah"}},
	{"U8", "Penanganan pengaduan, saran dan masukan", [4]string{"Tidak ada", "Ada tetapi tidak berfungsi", "Berfungsi kurang maksimal", "Dikelola dengan baik"}},
	{"U9", "Sarana dan prasarana", [4]string{"Buruk", "Cukup", "Baik", "Sangat baik"}},
}

// Band is one grade (mutu pelayanan) of the converted IKM.
type Band struct {
	Min    int64  // lowest IKM of the band, in hundredths (88.31 → 8831)
	Letter string // A, B, C, D
	Label  string // the regulation's wording
}

// Bands are the regulation's grades, best first. The last one catches
// everything below the one before it.
var Bands = []Band{
	{8831, "A", "Sangat Baik"},
	{7661, "B", "Baik"},
	{6500, "C", "Kurang Baik"},
	{0, "D", "Tidak Baik"},
}

// Grade returns the grade letter and label of a converted IKM value.
//
// The regulation's table gives the bands as two-decimal intervals with gaps
// (76.61–88.30 B, 88.31–100.00 A), so it grades the value as reported, to
// two decimals. A value with more decimals is first rounded half up to two,
// so that the grade always agrees with the figure printed beside it.
func Grade(ikm float64) (letter, label string) {
	return gradeHundredths(int64(math.Floor(ikm*100 + 0.5)))
}

func gradeHundredths(h int64) (letter, label string) {
	for _, b := range Bands {
		if h >= b.Min {
			return b.Letter, b.Label
		}
	}
	last := Bands[len(Bands)-1]
	return last.Letter, last.Label
}

// SampleSize is the Krejcie–Morgan sample size for a population of visitors:
//
//	s = χ²·N·P(1−P) / (d²·(N−1) + χ²·P(1−P)),  χ² = 3.841, P = 0.5, d = 0.05
//
// rounded to the nearest whole respondent (half up). The published table
// rounds to nearest, not up: 500 gives 217.47 → 217 and 9,000 gives
// 368.41 → 368, where rounding up would say 218 and 369. It never exceeds
// 384. A population of zero or less needs no sample.
func SampleSize(population int) int {
	if population <= 0 {
		return 0
	}
	if population > 1_000_000_000 { // s is 384.0… from here on; avoids overflow
		return 384
	}
	// Multiply numerator and denominator by 4000 to stay in integers:
	// s = 3841·N / (10·(N−1) + 3841).
	n := int64(population)
	num := 3841 * n
	den := 10*(n-1) + 3841
	return int((2*num + den) / (2 * den))
}

// roundHalfUp returns the non-negative rational num/den rounded half up to
// places decimals, as an integer count of 10^-places.
func roundHalfUp(r *big.Rat, places int) int64 {
	scale := new(big.Int).Exp(big.NewInt(10), big.NewInt(int64(places)), nil)
	num := new(big.Int).Mul(r.Num(), scale)
	num.Mul(num, big.NewInt(2))
	num.Add(num, r.Denom())
	den := new(big.Int).Mul(r.Denom(), big.NewInt(2))
	return num.Quo(num, den).Int64()
}
