# `make run` prints the sizing table for every built-in architecture and
# regenerates Reports/; `make test` runs the test suite. Both install libjson-c-dev first when the
# machine lacks it, so they work on a fresh Debian machine.

SWIFT ?= swift
CONFIG ?= release
FORMAT ?= text
SECONDS ?= 60
FUZZ_ARGS ?=

.PHONY: run test test-asan test-browser lint docs build deps bench fuzz clean

deps:
	@bash .ci/install-deps

build: deps
	$(SWIFT) build -c $(CONFIG) --product paging

run: build
	@"$$($(SWIFT) build -c $(CONFIG) --show-bin-path)/paging" sizes --all --table
	@"$$($(SWIFT) build -c $(CONFIG) --show-bin-path)/paging" report --output Reports

test: deps
	$(SWIFT) test

# The report in a real browser: installs Debian's chromium, chromium-driver
# and python3-selenium when missing, writes a fresh report into .build/, and
# drives headless Chromium over it at 390 and 1280 pixels wide
# (Tests/Browser/report_test.py). Screenshots go to Tests/Browser/screenshots/
# (ignored by git) for a person to look at.
test-browser: build
	@bash .ci/install-browser
	@rm -rf .build/browser-report
	@"$$($(SWIFT) build -c $(CONFIG) --show-bin-path)/paging" report --output .build/browser-report
	/usr/bin/python3 Tests/Browser/report_test.py .build/browser-report Tests/Browser/screenshots

# The whole suite once more under AddressSanitizer (CI runs it after `make
# test`), in a build folder of its own so the normal build stays warm.
# Leaks in the toolchain's XCTest and Foundation are suppressed by name
# (.ci/lsan-suppressions.txt); any other leak fails the run.
test-asan: deps
	LSAN_OPTIONS=suppressions=$(CURDIR)/.ci/lsan-suppressions.txt:print_suppressions=0 $(SWIFT) test --sanitize=address --scratch-path .build-asan

# `make lint` checks the formatting of every Swift file against .swift-format
# with the toolchain's own `swift format` (CI runs it first); `swift format
# format -i -r` with the same paths fixes what it reports.
LINT_PATHS = Package.swift Sources Tests Plugins Benchmarks/Package.swift Benchmarks/Sources Fuzz/Package.swift Fuzz/Sources

lint:
	$(SWIFT) format lint --strict --recursive $(LINT_PATHS)

# `make docs` fails when a public symbol of a library module has no doc comment
# of its own or a module has no DocC catalog (.ci/doc-coverage, over the symbol
# graphs `swift package dump-symbol-graph` writes), then builds every catalog
# (Sources/*/*.docc) with swift-docc-plugin, any DocC warning an error.
# dump-symbol-graph wants every module built, the test modules too, so the
# tests are built first: the debug build `make test` leaves, which makes this
# step free in CI, where `make docs` then adds about a minute (about four on a
# fresh clone). Archives go to .build/plugins/Swift-DocC/outputs/.
DOC_TARGETS = $(patsubst Sources/%/,%,$(sort $(dir $(wildcard Sources/*/*.docc))))

docs: deps
	@command -v python3 >/dev/null || bash .ci/install-python
	@rm -rf "$$(dirname "$$($(SWIFT) build --show-bin-path)")/symbolgraph"
	$(SWIFT) build --build-tests
	$(SWIFT) package dump-symbol-graph --minimum-access-level public
	python3 .ci/doc-coverage "$$(dirname "$$($(SWIFT) build --show-bin-path)")/symbolgraph"
	$(SWIFT) package --disable-sandbox generate-documentation --warnings-as-errors $(addprefix --target ,$(DOC_TARGETS))

# `make bench` times the simulator against a plain C page table in the same
# run (Benchmarks/, its own package, always built in release mode) and prints
# a table; `make bench FORMAT=json` prints one JSON object per measurement.
# Build output goes to stderr so stdout holds only the results.
bench: deps
	@$(SWIFT) build -c release --package-path Benchmarks --product paging-benchmarks >&2
	@"$$($(SWIFT) build -c release --package-path Benchmarks --show-bin-path)/paging-benchmarks" --format $(FORMAT)

# `make fuzz SECONDS=N` builds the libFuzzer targets (Fuzz/, its own package,
# with AddressSanitizer) and runs each for N seconds (default 60), one at a
# time, on a working copy of the seed corpus under Fuzz/.work; it prints the
# executions per target and fails if any target crashes, times out or runs
# out of memory. FUZZ_ARGS passes more to Fuzz/run, e.g.
# FUZZ_ARGS="--keep-going scenario". See Fuzz/README.md.
fuzz: deps
	@SWIFT="$(SWIFT)" bash Fuzz/run --seconds $(SECONDS) $(FUZZ_ARGS)

clean:
	rm -rf .build
