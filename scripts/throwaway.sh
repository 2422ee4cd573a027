# Sourced by scripts/test.sh, bench.sh, chaos.sh and backup-drill.sh (which
# set root, the ports and cd "$root" first): the local services in a
# throwaway folder .test/NAME-PID, stopped and wiped on any exit.

# throwaway_dir NAME names the folder and arms the cleanup; a caller with
# more to remove defines throwaway_more.
throwaway_dir() {
	dir="$root/.test/$1-$$"
	trap throwaway_cleanup EXIT INT TERM
}

throwaway_cleanup() {
	scripts/services.sh stop "$dir" || true
	scripts/services.sh wipe "$dir" || true
	if declare -F throwaway_more >/dev/null; then throwaway_more; fi
}

# throwaway_start starts the services, exports their LTC_* variables and
# migrates; under these scripts a missing service fails the run, never skips.
throwaway_start() {
	scripts/services.sh start "$dir"
	set -a
	eval "$(scripts/services.sh env)"
	set +a
	export LTC_INTEGRATION=1
	go run ./cmd/ltc migrate
}
