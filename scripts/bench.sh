#!/usr/bin/env bash
# make bench: the benchmarks of the README's "Benchmarks" section, each with
# its baseline measured in the same run, on the real services (PostgreSQL
# with its defaults, Temporal keeping its store in a file) in a throwaway
# folder on ports of their own. `make test` runs the same benchmarks once,
# small (scripts/test.sh), so that they keep working.
#
#   scripts/bench.sh [REGEXP]     only the benchmarks whose names match
#
# Sizes: LTC_BENCH_CASES (1,000,000 cases in the lists), LTC_BENCH_LIFECYCLE_CASES
# (200 a run), LTC_BENCH_CONCURRENCY (20), LTC_BENCH_UPLOAD_MIB (1024),
# LTC_BENCH_OPEN_CASES (100,000). The plans of the list queries go to
# .test/bench-explain.txt; LTC_BENCH_PROFILE=FILE writes a CPU profile of the
# lifecycle run.
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
cd "$root"
export PATH="$root/.tools/bin:$PATH"

export LTC_PG_PORT=${LTC_BENCH_PG_PORT:-57432}
export LTC_MINIO_PORT=${LTC_BENCH_MINIO_PORT:-57900}
export LTC_TEMPORAL_PORT=${LTC_BENCH_TEMPORAL_PORT:-57533}
export LTC_TEMPORAL_UI_PORT=${LTC_BENCH_TEMPORAL_UI_PORT:-57534}

. scripts/throwaway.sh
throwaway_dir bench

throwaway_start
export LTC_BENCH_TEMPORAL_DB="$dir/temporal.db"
export LTC_BENCH_EXPLAIN=${LTC_BENCH_EXPLAIN:-$root/.test/bench-explain.txt}
echo "== machine: $(nproc) cores, $(free -g | awk '/Mem:/ {print $2}') GiB, $(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2 | xargs); PostgreSQL $(ls /usr/lib/postgresql | sort -V | tail -1)"
go test -c -o "$dir/ltc.test" ./cmd/ltc
only=${1:-.}
bench() { # name, benchtime
	if [[ "$1" =~ $only ]]; then
		echo "== $1"
		(cd cmd/ltc && "$dir/ltc.test" -test.run '^$' -test.bench "^$1\$" -test.benchtime "$2" -test.timeout 4h) |
			grep -v '"level":"WARN"'
	fi
}
bench BenchmarkCaseList "${BENCHTIME:-200x}"
bench BenchmarkCaseworkerQueue "${BENCHTIME:-200x}"
bench BenchmarkLifecycle 1x
bench BenchmarkScaleOut 1x
bench BenchmarkEvidenceUploadMemory 2x
bench BenchmarkOpenCases 1x
