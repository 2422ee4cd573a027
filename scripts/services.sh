#!/usr/bin/env bash
# Local services for development and tests, without Docker: PostgreSQL (Debian's
# package, a throwaway cluster), MinIO and the Temporal dev server (both built
# with `go install` at pinned versions and cached in .tools/bin).
#
#   scripts/services.sh install          install what is missing
#   scripts/services.sh start DIR        start all three with data under DIR
#   scripts/services.sh stop DIR         stop what `start DIR` started
#   scripts/services.sh wipe DIR         delete the data of a stopped DIR
#   scripts/services.sh env              print the LTC_* variables for the ports
#   scripts/services.sh crash DIR NAME   kill one of them at once, as a fault would
#                                        (postgres, minio or temporal), and start it again
#
# Ports come from LTC_PG_PORT, LTC_MINIO_PORT, LTC_TEMPORAL_PORT, LTC_TEMPORAL_UI_PORT.
set -euo pipefail

root=$(cd "$(dirname "$0")/.." && pwd)
tools="$root/.tools/bin"
export PATH="$tools:$PATH"

MINIO_VERSION=v0.0.0-20260212201848-7aac2a2c5b7c # RELEASE of 2026-02-12
TEMPORAL_CLI_VERSION=v1.5.1                      # the last release that `go install` accepts

pg_port=${LTC_PG_PORT:-55432}
minio_port=${LTC_MINIO_PORT:-59000}
temporal_port=${LTC_TEMPORAL_PORT:-57233}
temporal_ui_port=${LTC_TEMPORAL_UI_PORT:-58233}
minio_user=${LTC_MINIO_ACCESS_KEY:-ltcdev}
minio_password=${LTC_MINIO_SECRET_KEY:-ltcdev-secret}

# The search attributes operators list cases by (workflows/names.go).
search_attributes=(LtcStatus=Keyword LtcRegion=Keyword LtcGrade=Int LtcValidUntil=Datetime LtcNextDeadline=Datetime)

log() { printf '[services] %s\n' "$*" >&2; }

pg_bindir() {
	local d
	for d in $(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V -r); do
		[ -x "$d/initdb" ] && { echo "$d"; return; }
	done
	return 1
}

# PostgreSQL refuses to run as root: then it runs as the package's postgres user.
as_pg() {
	if [ "$(id -u)" = 0 ]; then
		runuser -u postgres -- "$@"
	else
		"$@"
	fi
}

# The conclusion letter (letter/) embeds a CJK TrueType font, and its tests read
# the PDF back with poppler's pdftotext (pdftoppm shows a page as a picture).
install_pdf_tools() {
	local missing=()
	[ -f "${LTC_PDF_FONT:-/usr/share/fonts/truetype/lxgw-wenkai/LXGWWenKai-Regular.ttf}" ] || missing+=(fonts-lxgw-wenkai)
	command -v pdftotext >/dev/null && command -v pdftoppm >/dev/null || missing+=(poppler-utils)
	[ ${#missing[@]} -gt 0 ] || return 0
	log "installing ${missing[*]} from Debian's packages"
	local sudo=""
	[ "$(id -u)" = 0 ] || sudo=sudo
	$sudo apt-get update -qq
	DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq "${missing[@]}" >/dev/null
}

# The pages' browser tests drive headless Chromium (chromedp); Debian's package.
install_browser() {
	command -v chromium >/dev/null && return 0
	log "installing chromium from Debian's packages"
	local sudo=""
	[ "$(id -u)" = 0 ] || sudo=sudo
	$sudo apt-get update -qq
	DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq chromium >/dev/null
}

install_tools() {
	if ! pg_bindir >/dev/null; then
		log "installing PostgreSQL from Debian's packages"
		local sudo=""
		[ "$(id -u)" = 0 ] || sudo=sudo
		$sudo apt-get update -qq
		DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq postgresql >/dev/null
	fi
	mkdir -p "$tools"
	if [ ! -x "$tools/temporal" ]; then
		log "building the Temporal CLI $TEMPORAL_CLI_VERSION (first time only, about 5 minutes)"
		GOBIN="$tools" go install "github.com/temporalio/cli/cmd/temporal@$TEMPORAL_CLI_VERSION"
	fi
	if [ ! -x "$tools/minio" ]; then
		log "building MinIO $MINIO_VERSION (first time only, about 6 minutes)"
		GOBIN="$tools" go install "github.com/minio/minio@$MINIO_VERSION"
	fi
	install_pdf_tools
	install_browser
}

wait_for() { # name, tries, command...
	local name=$1 tries=$2
	shift 2
	for _ in $(seq "$tries"); do
		"$@" >/dev/null 2>&1 && return 0
		sleep 0.5
	done
	log "$name did not become ready; its log is in $dir/$name.log"
	tail -n 20 "$dir/$name.log" >&2 || true
	return 1
}

# pg_data is where the cluster lives: under DIR, unless the postgres user
# cannot reach DIR (a checkout under /root, say); then under /var/tmp, named
# after DIR so that a restart finds it again.
pg_data() {
	if [ "$(id -u)" != 0 ] || runuser -u postgres -- test -x "$dir"; then
		echo "$dir/pg"
	else
		echo "/var/tmp/ltc-pg/$(printf '%s' "$dir" | sha1sum | cut -c1-12)"
	fi
}

start_postgres() {
	local bin data
	bin=$(pg_bindir)
	data=$(pg_data)
	mkdir -p "$data"
	[ "$(id -u)" = 0 ] && chown postgres: "$data"
	if [ ! -f "$data/PG_VERSION" ]; then
		as_pg "$bin/initdb" -D "$data" -U ltc --auth=trust --encoding=UTF8 --locale=C.UTF-8 >"$dir/initdb.log" 2>&1 ||
			{ cat "$dir/initdb.log" >&2; return 1; }
	fi
	as_pg "$bin/pg_ctl" -D "$data" -l "$data/postgres.log" -w -t 60 \
		-o "-c listen_addresses=127.0.0.1 -p $pg_port -k $data -c fsync=${LTC_PG_FSYNC:-on}" start >/dev/null
	as_pg "$bin/psql" -h 127.0.0.1 -p "$pg_port" -U ltc -d postgres -tAc "SELECT 1 FROM pg_database WHERE datname='ltc'" | grep -q 1 ||
		as_pg "$bin/createdb" -h 127.0.0.1 -p "$pg_port" -U ltc ltc
	log "PostgreSQL on 127.0.0.1:$pg_port"
}

start_minio() {
	mkdir -p "$dir/minio"
	MINIO_ROOT_USER=$minio_user MINIO_ROOT_PASSWORD=$minio_password MINIO_BROWSER=off \
		nohup minio server "$dir/minio" --address "127.0.0.1:$minio_port" --quiet >"$dir/minio.log" 2>&1 &
	echo $! >"$dir/minio.pid"
	wait_for minio 120 curl -fsS "http://127.0.0.1:$minio_port/minio/health/live"
	log "MinIO on 127.0.0.1:$minio_port"
}

start_temporal() {
	local args=(server start-dev --ip 127.0.0.1 --port "$temporal_port" --log-level warn)
	if [ -n "${LTC_TEMPORAL_EPHEMERAL:-}" ]; then
		args+=(--headless)
	else
		args+=(--db-filename "$dir/temporal.db" --ui-port "$temporal_ui_port")
	fi
	for sa in "${search_attributes[@]}"; do args+=(--search-attribute "$sa"); done
	nohup temporal "${args[@]}" >"$dir/temporal.log" 2>&1 &
	echo $! >"$dir/temporal.pid"
	wait_for temporal 240 temporal operator cluster health --address "127.0.0.1:$temporal_port"
	log "Temporal on 127.0.0.1:$temporal_port${LTC_TEMPORAL_EPHEMERAL:+ (in memory)}"
	[ -n "${LTC_TEMPORAL_EPHEMERAL:-}" ] || log "Temporal web UI on http://127.0.0.1:$temporal_ui_port"
}

stop_all() {
	local pidfile pid bin
	for pidfile in "$dir/temporal.pid" "$dir/minio.pid"; do
		[ -f "$pidfile" ] || continue
		pid=$(cat "$pidfile")
		kill "$pid" 2>/dev/null && for _ in $(seq 40); do kill -0 "$pid" 2>/dev/null || break; sleep 0.25; done
		kill -9 "$pid" 2>/dev/null || true
		rm -f "$pidfile"
	done
	local data
	data=$(pg_data)
	if [ -f "$data/postmaster.pid" ] && bin=$(pg_bindir); then
		as_pg "$bin/pg_ctl" -D "$data" -m fast -w stop >/dev/null 2>&1 || true
	fi
	log "stopped the services under $dir"
}

# crash_one kills one service without letting it shut down cleanly (an
# immediate stop for PostgreSQL, SIGKILL for the others) and starts it again
# on the same data, as an operator or a supervisor would after a fault.
crash_one() {
	local pidfile bin
	case "$1" in
	postgres)
		bin=$(pg_bindir)
		as_pg "$bin/pg_ctl" -D "$(pg_data)" -m immediate -w stop >/dev/null 2>&1 || true
		start_postgres
		;;
	minio | temporal)
		pidfile="$dir/$1.pid"
		[ -f "$pidfile" ] && kill -9 "$(cat "$pidfile")" 2>/dev/null || true
		sleep 0.5
		"start_$1"
		;;
	*)
		echo "crash: postgres, minio or temporal" >&2
		return 2
		;;
	esac
}

print_env() {
	cat <<EOF
LTC_DATABASE_URL=postgres://ltc@127.0.0.1:$pg_port/ltc?sslmode=disable
LTC_MINIO_ENDPOINT=127.0.0.1:$minio_port
LTC_MINIO_ACCESS_KEY=$minio_user
LTC_MINIO_SECRET_KEY=$minio_password
LTC_TEMPORAL_ADDRESS=127.0.0.1:$temporal_port
EOF
}

cmd=${1:-}
dir=${2:-}
case "$cmd" in
install) install_tools ;;
start)
	[ -n "$dir" ] || { echo "usage: $0 start DIR" >&2; exit 2; }
	mkdir -p "$dir" && dir=$(cd "$dir" && pwd)
	install_tools
	start_postgres
	start_minio
	start_temporal
	;;
stop)
	[ -n "$dir" ] || { echo "usage: $0 stop DIR" >&2; exit 2; }
	[ -d "$dir" ] || exit 0
	dir=$(cd "$dir" && pwd)
	stop_all
	;;
wipe)
	[ -n "$dir" ] || { echo "usage: $0 wipe DIR" >&2; exit 2; }
	[ -d "$dir" ] || exit 0
	dir=$(cd "$dir" && pwd)
	rm -rf "$(pg_data)" "$dir"
	;;
env) print_env ;;
crash)
	[ -n "$dir" ] && [ -n "${3:-}" ] || { echo "usage: $0 crash DIR NAME" >&2; exit 2; }
	dir=$(cd "$dir" && pwd)
	crash_one "$3"
	;;
*)
	echo "usage: $0 install | start DIR | stop DIR | wipe DIR | env | crash DIR NAME" >&2
	exit 2
	;;
esac
