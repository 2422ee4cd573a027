#!/usr/bin/env bash
# make test: the same real services as `make dev`, on other ports, in a
# throwaway folder; then the checks and every test. The services are stopped
# and the folder removed even when a test fails.
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
cd "$root"
export PATH="$root/.tools/bin:$PATH"

export LTC_PG_PORT=${LTC_TEST_PG_PORT:-56432}
export LTC_MINIO_PORT=${LTC_TEST_MINIO_PORT:-56900}
export LTC_TEMPORAL_PORT=${LTC_TEST_TEMPORAL_PORT:-56233}
export LTC_TEMPORAL_EPHEMERAL=1 LTC_PG_FSYNC=off

. scripts/throwaway.sh
throwaway_dir run

scripts/services.sh install
if [ ! -x .tools/bin/workflowcheck ]; then
	GOBIN="$root/.tools/bin" go install go.temporal.io/sdk/contrib/tools/workflowcheck@v0.6.0
fi

echo "== checks: gofmt, go vet, workflowcheck"
unformatted=$(gofmt -l $(git ls-files '*.go' 2>/dev/null || find . -name '*.go' -not -path './.tools/*'))
[ -z "$unformatted" ] || { echo "gofmt would change: $unformatted"; exit 1; }
go vet ./...
workflowcheck ./workflows/...

echo "== services"
throwaway_start
# The tests' ltc logs, searched for the personal data the tests used (cmd/ltc/logcheck_test.go).
export LTC_TEST_LOG="$dir/ltc.log"

echo "== go test ./..."
go test -count=1 "$@" ./...

echo "== benchmarks, once and small (make bench runs them full size)"
LTC_BENCH_CASES=20000 LTC_BENCH_LIFECYCLE_CASES=6 LTC_BENCH_CONCURRENCY=3 LTC_BENCH_OPEN_CASES=60 LTC_BENCH_UPLOAD_MIB=64 \
	go test -count=1 ./cmd/ltc -run '^$' -bench 'CaseList$|Lifecycle$|ScaleOut$|OpenCases$|EvidenceUploadMemory' -benchtime 1x |
	grep -v '"level":"WARN"'

echo "== chaos, short: PostgreSQL, MinIO, the API and the worker crashed once each (make chaos adds Temporal's)"
LTC_CHAOS_DIR="$dir" LTC_CHAOS_CASES=8 LTC_CHAOS_CONCURRENCY=3 LTC_CHAOS_FAULTS="postgres minio api worker" \
	go test -count=1 ./cmd/ltc -run '^TestChaos$' -v | grep -v '"level":"\(WARN\|ERROR\|INFO\)"'
