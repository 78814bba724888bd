# The two commands a new user needs: `make run` and `make test`. Everything else is a step of those.
BUILD ?= build
JOBS ?= $(shell nproc)
# Cache hits across checkouts in different directories (CI clones afresh each run).
export CCACHE_BASEDIR := $(CURDIR)
export CCACHE_NOHASHDIR := 1

.PHONY: run test deps build web bench format format-check clean

run: build web
	@scripts/run

test: build web
	@scripts/test

deps:
	@scripts/install-deps

build: deps
	@cmake -S . -B $(BUILD) -G Ninja -DCMAKE_BUILD_TYPE=RelWithDebInfo >/dev/null
	@cmake --build $(BUILD) -j $(JOBS)

web: deps
	@scripts/build-web

bench: build
	@bench/api_load.sh

format:
	@git ls-files '*.cc' '*.h' | xargs clang-format -i

format-check:
	@scripts/check-format

clean:
	rm -rf $(BUILD) web/dist
