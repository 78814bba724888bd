#!/usr/bin/env bash
# Paved's catalog side by side with Backstage's catalog backend (bench/README.md, "Catalog side
# by side with Backstage").
#   bench/backstage/run.sh [PAVED_BIN]                  both systems (PAVED_BIN: build/src/cli/paved)
#   bench/backstage/run.sh --paved-only [PAVED_BIN]     Paved's half only, against a built binary
# PAVED_BIN may also be given in the environment. Variables: REQUESTS (2000) and SECONDS (10) bound
# each route, WARMUP (200, at most 3 s), COMPONENTS (10000), TEAMS (500 Groups), INGEST_TIMEOUT (1800 s), KEEP_DIR=1.
# Everything listens on 127.0.0.1; bench.mjs stops its servers and removes its temporary
# directory on exit.
set -euo pipefail
here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
paved_only=""
if [[ "${1:-}" == "--paved-only" ]]; then paved_only="--paved-only"; shift; fi
bin="${1:-${PAVED_BIN:-build/src/cli/paved}}"
[[ -x "$bin" ]] || { echo "no Paved binary at $bin (give PAVED_BIN or an argument)" >&2; exit 2; }
bin="$(cd "$(dirname "$bin")" && pwd)/$(basename "$bin")"
if [[ -z "$paved_only" && ! -d "$here/node_modules/@backstage/plugin-catalog-backend" ]]; then
  (cd "$here" && npm ci --no-audit --no-fund)
fi
exec node "$here/bench.mjs" $paved_only "$bin"
