# PosKeeper — build, run and test. `make test` is what CI runs (.ci/run).
SHELL := /bin/bash
CARGO ?= cargo
DEMO_DB ?= $(CURDIR)/target/demo/poskeeper.db

.PHONY: run test lint unit bench cli tour clean-demo ui-deps ui-build ui-check ui-test

## run: until the desktop app lands, a command-line tour on a demo database
run: tour

tour: cli
	@mkdir -p $(dir $(DEMO_DB)) && rm -f $(DEMO_DB) $(DEMO_DB)-wal $(DEMO_DB)-shm
	./target/debug/poskeeper --db $(DEMO_DB) demo --terminals 200
	./target/debug/poskeeper --db $(DEMO_DB) terminal list --search 朝阳 | head -8
	./target/debug/poskeeper --db $(DEMO_DB) reminders | head -15
	@echo "Demo database: $(DEMO_DB)  (try: ./target/debug/poskeeper --db $(DEMO_DB) --help)"

cli:
	$(CARGO) build --bin poskeeper

## test: formatting, lints, and every test
test: lint unit ui-check ui-test

lint:
	$(CARGO) fmt --all --check
	$(CARGO) clippy --workspace --all-targets -- -D warnings

unit:
	$(CARGO) test --workspace

## bench: speed figures of SPEC §7 (release build)
bench:
	$(CARGO) bench --bench core

## ui-build: the UI bundle (ui/dist) that the app embeds
ui-deps: ui/node_modules/.package-lock.json
ui/node_modules/.package-lock.json: ui/package.json ui/package-lock.json
	cd ui && npm ci --no-audit --no-fund

ui-build: ui-deps
	cd ui && npm run build

## ui-check / ui-test: the UI's type check (svelte-check) and its Vitest tests
ui-check: ui-deps
	cd ui && npm run check

ui-test: ui-deps
	cd ui && npm test
