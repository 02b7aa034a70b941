# PosKeeper — build, run and test. `make test` is what CI runs (.ci/run).
SHELL := /bin/bash
CARGO ?= cargo
DEMO_DB ?= $(CURDIR)/target/demo/poskeeper.db

SOAK_TERMINALS ?= 100000
SOAK_KILLS ?= 50
SOAK_FUZZ_CASES ?= 20000

.PHONY: windows-deps windows test-windows dist-windows soak deps node-check run test fmt lint unit unit-linted bench bench-files cli tour clean-demo app ui-build ui-deps ui-check ui-test e2e e2e-deps tauri-driver dist bindings bench-app

# The desktop app (src-tauri/): tools installed inside the repo, so CI caches nothing outside it.
TOOLS := $(CURDIR)/target/tools
TAURI_DRIVER := $(TOOLS)/bin/tauri-driver
# The exact tauri-driver the end-to-end tests are run with (re-installed when another is there).
TAURI_DRIVER_VERSION := 2.1.0
APP_BIN := $(CURDIR)/target/debug/poskeeper-app

## deps: the system packages (WebKitGTK, Xvfb, …), installed when missing
deps:
	scripts/install-deps.sh

## node-check: Node.js is a version ui/ and e2e/ support (their package.json `engines`), else a clear error
node-check:
	@command -v node >/dev/null || { echo "Node.js is not installed: the UI and the end-to-end tests need it (see ui/package.json engines)" >&2; exit 1; }
	@node scripts/check-node.mjs

## run: build the UI and the desktop app, and start it (on $$POSKEEPER_DB, else the app-data file)
run: deps app
	$(APP_BIN)

tour: cli
	@mkdir -p $(dir $(DEMO_DB)) && rm -f $(DEMO_DB) $(DEMO_DB)-wal $(DEMO_DB)-shm
	./target/debug/poskeeper --db $(DEMO_DB) init
	./target/debug/poskeeper --db $(DEMO_DB) demo --terminals 200
	./target/debug/poskeeper --db $(DEMO_DB) terminal list --search 朝阳 | head -8
	./target/debug/poskeeper --db $(DEMO_DB) reminders | head -15
	@echo "Demo database: $(DEMO_DB)  (try: ./target/debug/poskeeper --db $(DEMO_DB) --help)"

cli:
	$(CARGO) build --locked --bin poskeeper

## test: formatting, lints, and every test (UI checks and the end-to-end tests in the real window too)
# Clippy lints while the tests are built: clippy-driver, the compiler `cargo clippy` runs on the
# workspace's crates, compiles them for real here, with the same lints denied as
# `cargo clippy --all-targets -- -D warnings` (the flags in CLIPPY_ARGS, as cargo-clippy passes
# them). The ≈600 dependencies are then compiled once, not also checked for clippy first: that
# was a quarter of the CI's time. `make lint` runs cargo clippy itself.
CLIPPY_DRIVER := $(shell rustup which clippy-driver 2>/dev/null || command -v clippy-driver)
test: export RUSTC_WORKSPACE_WRAPPER := $(CLIPPY_DRIVER)
test: export CLIPPY_ARGS := -D__CLIPPY_HACKERY__warnings__CLIPPY_HACKERY__
test: deps node-check fmt unit-linted ui-check ui-test e2e

fmt:
	$(CARGO) fmt --all --check

lint: fmt
	$(CARGO) clippy --locked --workspace --all-targets -- -D warnings

# Every target clippy --all-targets lints (the benches and examples too) built, then run. The
# examples are built as `cargo test` and `make app` build them (programs, not test harnesses: the
# tray host of the end-to-end tests is one), so neither builds the whole app again (34 s in CI).
unit-linted:
	@[ -n "$$RUSTC_WORKSPACE_WRAPPER" ] && [ -x "$$RUSTC_WORKSPACE_WRAPPER" ] || { echo "clippy-driver not found: rustup component add clippy" >&2; exit 1; }
	$(CARGO) test --locked --workspace --lib --bins --tests --benches --no-run
	$(CARGO) build --locked --workspace --examples
	$(CARGO) test --locked --workspace

unit:
	$(CARGO) test --locked --workspace

## bench: speed figures of SPEC §7 (release build)
bench: bench-files
	$(CARGO) bench --bench core

## soak: the safety promises of SPEC §6 at scale (optimised build, not part of `make test`): SIGKILL
##   during import, backup and restore at $(SOAK_TERMINALS) terminals ($(SOAK_KILLS) kills each),
##   $(SOAK_FUZZ_CASES) fuzz cases over the import readers, damaged files × every write command,
##   concurrent writers during a large import, and the cost of the soundness check per command.
##   Every figure is printed; the seeds too (replay with POSKEEPER_TEST_SEED / POSKEEPER_FUZZ_SEED).
soak:
	set -o pipefail; POSKEEPER_SOAK=1 POSKEEPER_SOAK_TERMINALS=$(SOAK_TERMINALS) POSKEEPER_KILLS=$(SOAK_KILLS) \
	POSKEEPER_FUZZ_CASES=$(SOAK_FUZZ_CASES) \
	$(CARGO) test --profile soak --locked -p poskeeper --test safety_damaged --test safety_restore --test files_crash \
	  --test files_fuzz --test files_hostile --test files_import_lock -- --nocapture --test-threads=1 2>&1 | tee target/soak.log
	@grep -E "kills|fuzz|soundness|refused|wait" target/soak.log || true

## bench-files: import, export, backup and memory figures of issue 3 (release build)
bench-files:
	$(CARGO) bench --bench files

## ui-build: the UI bundle (ui/dist) that the app embeds
ui-deps: node-check ui/node_modules/.package-lock.json
ui/node_modules/.package-lock.json: ui/package.json ui/package-lock.json
	cd ui && npm ci --no-audit --no-fund

# Built again only when a source changed: .ci/run builds it once, then the Linux and the Windows
# tests (run side by side) embed the same ui/dist without one rewriting it under the other.
UI_SOURCES := $(shell find ui/src ui/scripts ui/index.html ui/package.json ui/vite.config.ts ui/svelte.config.js ui/tsconfig.json -type f 2>/dev/null)
ui-build: ui-deps ui/dist/index.html
ui/dist/index.html: ui/node_modules/.package-lock.json $(UI_SOURCES)
	cd ui && npm run build

## ui-check / ui-test: the UI's type check (svelte-check) and its Vitest tests
ui-check: ui-deps
	cd ui && npm run check

ui-test: ui-deps
	cd ui && npm test

## app: the desktop binary with the UI embedded, at target/debug/poskeeper-app (and the CLI beside it)
# Built with the tests' feature set (dev-dependencies on), so after `make unit` nothing is
# compiled twice: a plain `-p poskeeper-app` build would rebuild Tauri without its `test` feature.
# The examples include the tray host the end-to-end tests use.
app: ui-build
	$(CARGO) build --locked --workspace --bins --tests --examples

## bindings: regenerate ui/src/ipc/bindings/ from the Rust types (a unit test fails when they drift)
bindings:
	UPDATE_BINDINGS=1 $(CARGO) test --locked -p poskeeper-app --lib bindings::

## e2e: end-to-end tests in the real window (tauri-driver + WebKitWebDriver, Xvfb, private D-Bus)
e2e: app e2e-deps
	e2e/run.sh

e2e-deps: node-check tauri-driver e2e/node_modules/.package-lock.json
e2e/node_modules/.package-lock.json: e2e/package.json e2e/package-lock.json
	cd e2e && npm ci --no-audit --no-fund

# Installed when missing or another version (cargo's install record in target/tools says which).
tauri-driver:
	@grep -qF '"tauri-driver $(TAURI_DRIVER_VERSION) ' $(TOOLS)/.crates.toml 2>/dev/null && [ -x $(TAURI_DRIVER) ] || \
	  CARGO_INSTALL_ROOT=$(TOOLS) $(CARGO) install tauri-driver --version '=$(TAURI_DRIVER_VERSION)' --locked --force

## dist: the release .deb with the app and the `poskeeper` command line (not part of `make test`)
# The command-line `poskeeper` is packed beside the app (tauri.conf.json → bundle.linux.deb.files).
dist: ui-build
	$(CARGO) build --release --bin poskeeper
	cd src-tauri && TAURI_APP_PATH=$(CURDIR)/src-tauri npx --yes @tauri-apps/cli@^2 build --bundles deb
	@ls -la target/release/bundle/deb/*.deb

## bench-app: window-map time, first interactive screen and memory, beside an empty Tauri app
##   (debug builds; `make bench-app PROFILE=release` for the shipped build)
# (a release run builds its own binaries: only the UI bundle is needed first)
bench-app: $(if $(filter release,$(PROFILE)),ui-build,app)
	benches/app/run.sh

## Windows (x64), cross-built on this Debian machine with Debian's Rust (-Zbuild-std) and
## mingw-w64, tested under Wine, packed with makensis: see scripts/windows/ and README "Windows".
## Everything goes to target/windows (its own rustc: sharing target/ would rebuild both ways).
windows-deps:
	scripts/install-windows-deps.sh

## windows: the CLI and the desktop app for Windows (debug): target/windows/x86_64-pc-windows-gnu/debug/*.exe
windows: windows-deps ui-build
	scripts/windows/build.sh debug

## test-windows: the core's, the CLI's and the shell's mock-runtime tests under Wine, then the
##   setup .exe installed, used, upgraded and uninstalled in a fresh Wine prefix
test-windows: windows-deps ui-build
	scripts/windows/test.sh

## dist-windows: the release setup, target/windows/dist/PosKeeper-<version>-x64-setup.exe (≤ 15 MB)
dist-windows: windows-deps ui-build
	scripts/windows/dist.sh
