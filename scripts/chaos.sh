#!/usr/bin/env bash
# make chaos: cases move through the lifecycle while PostgreSQL, MinIO and
# Temporal are crashed and started again, and the API and the worker are
# killed and started again (TestChaos), on services of its own, loopback only.
# Bounded: LTC_CHAOS_CASES (60) cases, LTC_CHAOS_CONCURRENCY (6) at a time,
# five faults; LTC_CHAOS_SEED repeats a run's moments.
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
cd "$root"
export PATH="$root/.tools/bin:$PATH"

export LTC_PG_PORT=${LTC_CHAOS_PG_PORT:-58432}
export LTC_MINIO_PORT=${LTC_CHAOS_MINIO_PORT:-58900}
export LTC_TEMPORAL_PORT=${LTC_CHAOS_TEMPORAL_PORT:-58533}
export LTC_TEMPORAL_UI_PORT=${LTC_CHAOS_TEMPORAL_UI_PORT:-58534}
unset LTC_TEMPORAL_EPHEMERAL # a Temporal restarted must find its cases again

. scripts/throwaway.sh
throwaway_dir chaos

throwaway_start
export LTC_CHAOS_DIR="$dir" LTC_CHAOS_CASES=${LTC_CHAOS_CASES:-60}
go test -count=1 ./cmd/ltc -run '^TestChaos$' -v -timeout 30m | grep -v '"level":"\(WARN\|ERROR\|INFO\)"'
