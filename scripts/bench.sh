#!/bin/sh
# Runs the benchmarks behind docs/BENCHMARKS.md and prints the machine and
# the median of each benchmark. PostgreSQL figures appear when
# BINA_TEST_POSTGRES_URL is set, e.g.
#   BINA_TEST_POSTGRES_URL='postgres://postgres@127.0.0.1:5432/test?sslmode=disable' scripts/bench.sh
# Arguments go to `go test` (default: -bench . -benchtime 3s -count 3).
set -eu
cd "$(dirname "$0")/.."
[ $# -gt 0 ] || set -- -bench . -benchtime 3s -count 3
out=$(mktemp "${TMPDIR:-/tmp}/bina-bench.XXXXXX")

echo "date:    $(date -u +%Y-%m-%d)"
echo "cpus:    $(nproc), $(lscpu | sed -n 's/^Model name: *//p')"
echo "memory:  $(free -h | awk '/^Mem:/ {print $2}')"
echo "go:      $(go version)"
echo "os:      $(. /etc/os-release && echo "$PRETTY_NAME"), kernel $(uname -r)"
echo "load:    $(cut -d' ' -f1-3 /proc/loadavg) (1, 5, 15 min) before the run"
echo "raw:     $out"
echo

go test -run '^$' "$@" ./internal/web/ | tee "$out"
echo "load:    $(cut -d' ' -f1-3 /proc/loadavg) after the run"
echo
echo "median of each benchmark (ms/op, B/op, allocs/op):"
awk '/^Benchmark/ && / ns\/op/ {
	n = ++runs[$1]; ns[$1, n] = $3; bytes[$1] = $5; allocs[$1] = $7
	if (!($1 in seen)) { seen[$1] = 1; order[++names] = $1 }
}
END {
	for (i = 1; i <= names; i++) {
		b = order[i]; k = runs[b]
		for (x = 1; x <= k; x++) v[x] = ns[b, x]
		for (x = 1; x <= k; x++) for (y = x + 1; y <= k; y++) if (v[y] < v[x]) { t = v[x]; v[x] = v[y]; v[y] = t }
		med = (k % 2) ? v[(k + 1) / 2] : (v[k / 2] + v[k / 2 + 1]) / 2
		printf "%-56s %8.2f ms  %8d B  %6d allocs  (%d runs)\n", b, med / 1e6, bytes[b], allocs[b], k
	}
}' "$out"
