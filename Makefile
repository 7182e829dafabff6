# `make run` prints the sizing table for every built-in architecture and
# regenerates Reports/; `make test` runs the test suite. Both install libjson-c-dev first when the
# machine lacks it, so they work on a fresh Debian machine.

SWIFT ?= swift
CONFIG ?= release
FORMAT ?= text

.PHONY: run test build deps bench clean

deps:
	@bash .ci/install-deps

build: deps
	$(SWIFT) build -c $(CONFIG) --product paging

run: build
	@"$$($(SWIFT) build -c $(CONFIG) --show-bin-path)/paging" sizes --all --table
	@"$$($(SWIFT) build -c $(CONFIG) --show-bin-path)/paging" report --output Reports

test: deps
	$(SWIFT) test

clean:
	rm -rf .build
