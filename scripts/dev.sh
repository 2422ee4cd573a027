#!/usr/bin/env bash
# make dev: install what is missing, start PostgreSQL, MinIO and Temporal on
# loopback with data under .dev/, migrate, seed the demo roster, then run the
# worker and the API in the foreground. Ctrl-C stops everything it started.
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
cd "$root"
export PATH="$root/.tools/bin:$PATH"
dir="$root/.dev"
pids=()

interrupted=""
cleanup() {
	trap - EXIT
	echo
	for pid in "${pids[@]}"; do kill "$pid" 2>/dev/null || true; done
	for pid in "${pids[@]}"; do wait "$pid" 2>/dev/null || true; done
	scripts/services.sh stop "$dir"
}
trap cleanup EXIT
trap 'interrupted=1' INT TERM

scripts/services.sh start "$dir"
set -a
eval "$(scripts/services.sh env)"
LTC_HTTP_ADDR=${LTC_HTTP_ADDR:-127.0.0.1:8080}
LTC_DEV_OUTBOX=1 # sign-in codes and every message to families, on a page (never the whole phone number)
set +a

go build -o .tools/bin/ltc ./cmd/ltc
ltc migrate
ltc seed >"$dir/tokens.env"

ltc worker >>"$dir/worker.log" 2>&1 &
pids+=($!)
ltc serve >>"$dir/api.log" 2>&1 &
pids+=($!)
for _ in $(seq 60); do curl -fsS "http://$LTC_HTTP_ADDR/readyz" >/dev/null 2>&1 && break; sleep 0.5; done

cat <<MSG

  The system is running.
    Pages          http://$LTC_HTTP_ADDR/   (demo sign-ins: README.md, Quick start)
    API            http://$LTC_HTTP_ADDR/api/v1   (readiness: http://$LTC_HTTP_ADDR/readyz)
    Temporal UI    http://127.0.0.1:${LTC_TEMPORAL_UI_PORT:-58233}
    SMS outbox     http://$LTC_HTTP_ADDR/dev/outbox   (development only: what families would receive)
    Logs           .dev/api.log, .dev/worker.log, .dev/*.log
    Demo tokens    source .dev/tokens.env   (LTC_TOKEN_APPLICANT, _CASEWORKER, _ADMIN, _AS_DEMO_1 …)

  Walk a case through with the curl commands in README.md. Ctrl-C stops everything.

MSG
# ltc exits 0 when stopped by a signal; anything else is a crash worth saying.
status=0
wait -n "${pids[@]}" || status=$?
if [ -z "$interrupted" ] && [ "$status" != 0 ]; then
	echo "a process stopped by itself (status $status); see .dev/api.log and .dev/worker.log" >&2
fi
