#!/usr/bin/env bash
# make backup-drill: a backup and restore drill on throwaway services of its
# own ports. Cases are walked through the lifecycle (with history, evidence
# and a letter); PostgreSQL is dumped (pg_dump) and every version of the
# evidence bucket mirrored (minio-go); the services' data is wiped; both are
# restored on new services; and the drill checks that the numbers of cases,
# history lines, evidence rows, letters and object versions are those backed
# up, and that every evidence row's and letter's object re-hashes to its
# recorded SHA-256 and size. It prints the figures. Temporal is not in it:
# its own persistence is backed up by its operators (here it is in memory).
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
cd "$root"
export PATH="$root/.tools/bin:$PATH"

export LTC_PG_PORT=${LTC_DRILL_PG_PORT:-54432}
export LTC_MINIO_PORT=${LTC_DRILL_MINIO_PORT:-54900}
export LTC_TEMPORAL_PORT=${LTC_DRILL_TEMPORAL_PORT:-54233}
export LTC_TEMPORAL_EPHEMERAL=1 LTC_PG_FSYNC=off
cases=${LTC_DRILL_CASES:-2}

. scripts/throwaway.sh
throwaway_dir drill
backup="$dir-backup"
throwaway_more() { rm -rf "$backup"; }

pg_bin() { ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V -r | head -1; }
as_pg() { if [ "$(id -u)" = 0 ]; then runuser -u postgres -- "$@"; else "$@"; fi; }
step() {
	LTC_DRILL=$1 LTC_DRILL_DIR="$backup" go test -v -count=1 ./cmd/ltc -run '^TestBackupDrill$' |
		{ grep -v '^=== RUN\|^--- PASS\|^PASS\|^ok' || true; }
}

throwaway_start

echo "== data: the walk-through and the letters tests, $cases times each: cases to their decision, with evidence and letters"
mkdir -p "$backup"
go test ./cmd/ltc -run '^(TestCaseFromApplicationToDecision|TestListsLettersDownloadsAndAdmin)$' -count="$cases" >"$backup/data.log" 2>&1 ||
	{ tail -n 40 "$backup/data.log"; exit 1; }

echo "== backup: pg_dump and a mirror of every object version"
as_pg "$(pg_bin)/pg_dump" -h 127.0.0.1 -p "$LTC_PG_PORT" -U ltc -Fc ltc >"$backup/ltc.dump"
step backup
echo "dump: $(du -h "$backup/ltc.dump" | cut -f1), objects: $(du -sh "$backup/objects" | cut -f1)"

echo "== wipe: the services stopped and their data deleted"
scripts/services.sh stop "$dir"
scripts/services.sh wipe "$dir"

echo "== restore: new services, pg_restore, the bucket made again (object lock) and the versions put back"
scripts/services.sh start "$dir"
as_pg "$(pg_bin)/pg_restore" -h 127.0.0.1 -p "$LTC_PG_PORT" -U ltc -d ltc --exit-on-error --no-owner <"$backup/ltc.dump"
go run ./cmd/ltc migrate
step restore

echo "== verify"
step verify
echo "backup drill passed"
