# The two commands a new user needs: `make run` and `make test`. Everything else is a step of those.
BUILD ?= build
JOBS ?= $(shell nproc)
# Cache hits across checkouts in different directories (CI clones afresh each run).
export CCACHE_BASEDIR := $(CURDIR)
export CCACHE_NOHASHDIR := 1

.PHONY: run test deps deps-run configure build build-server web web-run bench format \
  format-check clean

# Running needs only the server binary and the web UI; `make test` builds the rest.
run: build-server web-run
	@scripts/run

test: build web
	@scripts/test

deps:
	@scripts/install-deps

deps-run:
	@scripts/install-deps run

build: deps configure
	@cmake --build $(BUILD) -j $(JOBS)

build-server: deps-run configure
	@cmake --build $(BUILD) -j $(JOBS) --target paved

configure:
	@cmake -S . -B $(BUILD) -G Ninja -DCMAKE_BUILD_TYPE=RelWithDebInfo >/dev/null

web: deps
	@scripts/build-web

web-run: deps-run
	@scripts/build-web

bench: build
	@bench/api_load.sh

format:
	@git ls-files '*.cc' '*.h' | xargs clang-format -i

format-check:
	@scripts/check-format

clean:
	rm -rf $(BUILD) web/dist
