package ikm

import (
	"fmt"
	"math/rand/v2"
	"reflect"
	"strings"
	"testing"
)

// sameResult fails unless the split reading gives exactly what one pass gives.
func sameResult(t *testing.T, data string, workers int) {
	t.Helper()
	want, wantErr := Compute(strings.NewReader(data))
	got, gotErr := computeAt(strings.NewReader(data), int64(len(data)), workers, 0, 1)
	if !reflect.DeepEqual(wantErr, gotErr) {
		t.Fatalf("%d workers: error %v, want %v", workers, gotErr, wantErr)
	}
	if !reflect.DeepEqual(want, got) {
		t.Fatalf("%d workers: %+v, want %+v", workers, got, want)
	}
}

func TestComputeAtMatchesCompute(t *testing.T) {
	sample, err := readSample()
	if err != nil {
		t.Fatal(err)
	}
	rows := strings.SplitAfter(string(sample), "\n")
	header, body := rows[0], rows[1:]
	var long strings.Builder
	for i := range 200 {
		fmt.Fprintf(&long, "baris komentar %d\n", i)
	}
	cases := map[string]string{
		"sample": string(sample),
		// A comment spanning 200 lines in the middle: the cuts fall inside it.
		"cut inside a quoted field": header + strings.Join(body[:10], "") +
			"11/1/2026 9:00:13,Laki-laki,17,SMA,Pelajar,Layanan Anak,Sesuai,Mudah,Sangat cepat,Gratis,Sangat sesuai," +
			"Kurang kompeten,Sopan dan ramah,Tidak ada,Baik,\"" + long.String() + "\"\n" + strings.Join(body[10:], ""),
		"bad answer late":  header + strings.Join(body[:20], "") + strings.Replace(body[20], "Baik", "Bagus", 1),
		"unclosed quote":   header + strings.Join(body, "") + "1,2,\"3\n",
		"header only":      header,
		"all skipped":      header + ",,,,,,,,,,,,,,,x\n,,,,,,,,,,,,,,,y\n",
		"no trailing line": strings.TrimSuffix(string(sample), "\n"),
	}
	for name, data := range cases {
		t.Run(name, func(t *testing.T) {
			for workers := 1; workers <= 7; workers++ {
				sameResult(t, data, workers)
			}
		})
	}
}

func TestComputeAtOnRandomFiles(t *testing.T) {
	rng := rand.New(rand.NewPCG(3, 4))
	valid := []string{"", "1", "4", "b", "C", `"2"`, " 3 "}
	invalid := []string{"Bagus", "\"Ba\nik\"", "\"x,\"\"y\"\"\"", "5", `a"b`}
	comments := []string{"", "ok", "\"catatan\npanjang\"", "\"satu, dua\r\ntiga\n\nempat\"", "\"\"\"kutip\"\"\n\""}
	for range 300 {
		var b strings.Builder
		b.WriteString("U1,U2,U3,U4,U5,U6,U7,U8,U9,Catatan\r\n")
		withErrors := rng.IntN(4) == 0
		for range rng.IntN(60) {
			for el := range NumElements {
				if el > 0 {
					b.WriteByte(',')
				}
				a := valid[rng.IntN(len(valid))]
				if withErrors && rng.IntN(100) == 0 {
					a = invalid[rng.IntN(len(invalid))]
				}
				b.WriteString(a)
			}
			b.WriteString("," + comments[rng.IntN(len(comments))] + "\n")
			if rng.IntN(10) == 0 {
				b.WriteString("\n") // an empty line
			}
		}
		sameResult(t, b.String(), 2+rng.IntN(5))
	}
}
