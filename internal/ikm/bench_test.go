package ikm

import (
	"bufio"
	"fmt"
	"math/rand/v2"
	"os"
	"path/filepath"
	"testing"
)

// bigSurveyPath is a 1,000,000-row export shaped like the Google Forms
// sample (labels, profile columns, a quoted free-text column), written once
// and reused across runs: its content is fixed by the seed. The CLI timing
// in docs/BENCHMARKS.md uses the same file.
var bigSurveyPath = filepath.Join(os.TempDir(), "bina-ikm-1m.csv")

const bigSurveyRows = 1_000_000

func bigSurvey(b *testing.B) string {
	b.Helper()
	if st, err := os.Stat(bigSurveyPath); err == nil && st.Size() > 50<<20 {
		return bigSurveyPath
	}
	tmp := bigSurveyPath + ".tmp"
	f, err := os.Create(tmp)
	if err != nil {
		b.Fatal(err)
	}
	w := bufio.NewWriterSize(f, 1<<20)
	sample, err := readSample()
	if err != nil {
		b.Fatal(err)
	}
	header := sample[:indexNL(sample)+1]
	w.Write(header)
	rng := rand.New(rand.NewPCG(14, 2017))
	genders := []string{"Laki-laki", "Perempuan"}
	educations := []string{"SD", "SMP", "SMA", "D3", "S1", "S2"}
	jobs := []string{"Pelajar", "Mahasiswa", "PNS", "Swasta", "Wiraswasta"}
	services := []string{"Sirkulasi", "Referensi", "Layanan Anak", "Perpustakaan Keliling"}
	comments := []string{"", "", "Mohon tambah jam buka hari Sabtu", `"Wifi sering putus, mohon diperbaiki"`}
	for i := range bigSurveyRows {
		fmt.Fprintf(w, "11/%d/2026 9:%02d:%02d,%s,%d,%s,%s,%s", 1+i%28, i%60, i%59,
			genders[rng.IntN(2)], 15+rng.IntN(60), educations[rng.IntN(6)], jobs[rng.IntN(5)], services[rng.IntN(4)])
		for el := range NumElements {
			w.WriteByte(',')
			// Mostly 3s and 4s, as real surveys are.
			s := 2 + rng.IntN(3)
			if rng.IntN(10) == 0 {
				s = 1
			}
			w.WriteString(Elements[el].Answers[s-1])
		}
		w.WriteByte(',')
		w.WriteString(comments[rng.IntN(4)])
		w.WriteByte('\n')
	}
	if err := w.Flush(); err != nil {
		b.Fatal(err)
	}
	if err := f.Close(); err != nil {
		b.Fatal(err)
	}
	if err := os.Rename(tmp, bigSurveyPath); err != nil {
		b.Fatal(err)
	}
	return bigSurveyPath
}

func indexNL(b []byte) int {
	for i, c := range b {
		if c == '\n' {
			return i
		}
	}
	return len(b)
}

// BenchmarkComputeCSV1M reads and computes a 1,000,000-row export from disk
// (the page cache, after the first run), as `bina ikm compute FILE` does:
// one goroutine per CPU.
func BenchmarkComputeCSV1M(b *testing.B) {
	benchmarkCompute(b, func(f *os.File, size int64) (Result, error) { return ComputeAt(f, size) })
}

// BenchmarkComputeCSV1MStream reads the same file as a stream, on one core,
// as `bina ikm compute -` does with standard input.
func BenchmarkComputeCSV1MStream(b *testing.B) {
	benchmarkCompute(b, func(f *os.File, _ int64) (Result, error) { return Compute(f) })
}

func benchmarkCompute(b *testing.B, compute func(f *os.File, size int64) (Result, error)) {
	path := bigSurvey(b)
	st, _ := os.Stat(path)
	b.SetBytes(st.Size())
	for b.Loop() {
		f, err := os.Open(path)
		if err != nil {
			b.Fatal(err)
		}
		r, err := compute(f, st.Size())
		f.Close()
		if err != nil {
			b.Fatal(err)
		}
		if r.Respondents != bigSurveyRows {
			b.Fatalf("%d respondents", r.Respondents)
		}
	}
}
