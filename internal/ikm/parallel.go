package ikm

import (
	"bytes"
	"io"
	"runtime"
	"sync"
	"sync/atomic"
)

// Splitting a file: below parallelMin the goroutines cost more than they
// save; parts are at least partMin long, and there are partsPerCPU of them
// per CPU so that a part that must be read again is a small one.
const (
	parallelMin = 4 << 20
	partMin     = 1 << 20
	partsPerCPU = 4
)

// ComputeAt is Compute for input whose size is known, such as a file. A
// large file is cut at line ends into parts that the CPUs read at once, each
// into its own Accumulator; the accumulators are merged. Its result and its
// errors are always exactly Compute's:
//
//   - A part is read from its start to the end of the first row that starts
//     at or after the next part's start. Where a part truly starts at a row,
//     this ends exactly at a row boundary; where a cut fell inside a quoted
//     field that spans lines, the part before runs past the cut, and the
//     part after (which started mid-field) is read again from where the part
//     before ended.
//   - A file with any problem is read again in one pass, for the messages
//     and their line numbers.
func ComputeAt(r io.ReaderAt, size int64) (Result, error) {
	return computeAt(r, size, runtime.GOMAXPROCS(0), parallelMin, partMin)
}

// part is one piece of a split file and what reading it gave.
type part struct {
	start, limit int64 // rows starting in [start, limit) belong to it
	stop         int64 // where its reading ended: the end of its last row
	acc          Accumulator
	rows         int
	clean        bool // read to limit without any problem
}

func computeAt(r io.ReaderAt, size int64, workers int, minSize, minPart int64) (Result, error) {
	sequential := func() (Result, error) { return Compute(io.NewSectionReader(r, 0, size)) }
	if workers < 2 || size < minSize {
		return sequential()
	}
	head := &parser{sc: newScanner(io.NewSectionReader(r, 0, size), defaultBufSize)}
	if err := head.header(); err != nil || head.problems.Problems != nil {
		return sequential()
	}
	n := min(workers*partsPerCPU, max(1, int((size-head.sc.offset())/minPart)))
	cuts, err := cutPoints(r, head.sc.offset(), size, n)
	if err != nil {
		return sequential()
	}
	parts := make([]part, len(cuts)-1)
	for j := range parts {
		parts[j].start, parts[j].limit = cuts[j], cuts[j+1]
	}

	var next atomic.Int64
	var wg sync.WaitGroup
	for range min(workers, len(parts)) {
		wg.Go(func() {
			for j := int(next.Add(1) - 1); j < len(parts); j = int(next.Add(1) - 1) {
				readPart(r, size, head, &parts[j], parts[j].start)
			}
		})
	}
	wg.Wait()

	// Walk the parts in order, knowing where the next row truly starts.
	var acc Accumulator
	rows := 0
	at := parts[0].start
	for j := range parts {
		pt := &parts[j]
		switch {
		case at >= pt.limit: // swallowed whole by a row of the part before
			continue
		case at != pt.start: // cut inside a quoted field: read it again from the row boundary
			readPart(r, size, head, pt, at)
		}
		if !pt.clean {
			return sequential()
		}
		acc.Merge(pt.acc)
		rows += pt.rows
		at = pt.stop
	}
	if rows == 0 || acc.Respondents == 0 {
		return sequential() // for the same error Compute gives
	}
	return acc.Result(), nil
}

// readPart reads the rows of pt that start at or after from, with the
// header's columns and separator, reading past pt.limit to finish its last
// row.
func readPart(r io.ReaderAt, size int64, head *parser, pt *part, from int64) {
	p := &parser{
		sc:      newScanner(io.NewSectionReader(r, from, size-from), defaultBufSize),
		roles:   head.roles,
		columns: head.columns,
	}
	p.sc.setSep(head.sc.sep)
	pt.acc = Accumulator{}
	rows, err := p.body(func(row *Row) { pt.acc.Add(row.Answers) }, pt.limit-from)
	pt.rows, pt.stop = rows, from+p.sc.offset()
	pt.clean = err == nil && p.problems.Problems == nil && !p.truncated
}

// cutPoints splits [start, size) into about n parts, each cut just after a
// line feed. It returns the part bounds, start first and size last.
func cutPoints(r io.ReaderAt, start, size int64, n int) ([]int64, error) {
	cuts := []int64{start}
	window := make([]byte, 64<<10)
	for j := 1; j < n; j++ {
		off := start + (size-start)*int64(j)/int64(n)
		if off <= cuts[len(cuts)-1] {
			continue
		}
		for off < size {
			k, err := r.ReadAt(window, off)
			if i := bytes.IndexByte(window[:k], '\n'); i >= 0 {
				off += int64(i) + 1
				break
			}
			off += int64(k)
			if err == io.EOF {
				break
			}
			if err != nil {
				return nil, err
			}
		}
		if off < size && off > cuts[len(cuts)-1] {
			cuts = append(cuts, off)
		}
	}
	return append(cuts, size), nil
}
