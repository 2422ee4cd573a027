# The two commands of the quick start: `make dev` and `make test`.
SHELL := /bin/bash

.PHONY: dev dev-reset test bench chaos build fuzz backup-drill

## dev: install what is missing, start the services, migrate, seed, serve (Ctrl-C stops)
dev:
	scripts/dev.sh

## dev-reset: stop the dev services and wipe their data
dev-reset:
	scripts/services.sh stop .dev
	scripts/services.sh wipe .dev

## test: the same services on other ports, throwaway; then checks and go test ./...
test:
	scripts/test.sh

## bench: every benchmark against its baseline, full size (about an hour; BENCH=regexp for some)
bench:
	scripts/bench.sh $(BENCH)

## chaos: the lifecycle under load while each service and process is crashed once (a few minutes)
chaos:
	scripts/chaos.sh

## backup-drill: dump PostgreSQL and mirror the evidence bucket, wipe, restore, verify (own services, a few minutes)
backup-drill:
	scripts/backup-drill.sh

## build: the ltc binary into .tools/bin
build:
	go build -ldflags "-X main.version=$$(git describe --always --dirty 2>/dev/null || echo dev)" -o .tools/bin/ltc ./cmd/ltc

## fuzz: fuzz the form decoder and scorer (FUZZTIME=5m)
fuzz:
	go test ./forms -run '^$$' -fuzz FuzzScore -fuzztime $${FUZZTIME:-2m}

## fuzz-api: fuzz every JSON body and the upload through the router over a fake store, then against the
## real stack when the services are up (LTC_INTEGRATION=1 and scripts/services.sh env); FUZZTIME each (2m)
fuzz-api:
	go test ./api -run '^$$' -fuzz '^FuzzJSONBodies$$' -fuzztime $${FUZZTIME:-2m}
	go test ./api -run '^$$' -fuzz '^FuzzUpload$$' -fuzztime $${FUZZTIME:-2m}
	@if [ "$${LTC_INTEGRATION:-}" = 1 ]; then \
		go test ./cmd/ltc -run '^$$' -fuzz '^FuzzCaseBodies$$' -fuzztime $${FUZZTIME:-2m} -parallel 2; \
	else echo "FuzzCaseBodies skipped: it needs the services (LTC_INTEGRATION=1 and the environment of scripts/services.sh env)"; fi
