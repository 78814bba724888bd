#!/usr/bin/env bash
# API load test: starts `paved serve` on 127.0.0.1:0 with a fresh SQLite data dir, seeds
# PROJECTS projects through the API, then measures with wrk:
#   GET /api/v1/projects?limit=50, GET /api/v1/projects/{slug} (fixed and random slug).
# Prints requests/s, p50/p99 latency, non-2xx answers and the server's RSS as a table.
#
# Usage: bench/api_load.sh [PATH_TO_PAVED]
# Environment: PROJECTS (10000), DURATION (10s), CONNECTIONS (32), THREADS (1), KEEP_DIR (unset).
set -euo pipefail

BENCH_DIR="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
PAVED="${1:-${PAVED_BIN:-$BENCH_DIR/../build/src/cli/paved}}"
PROJECTS="${PROJECTS:-10000}"
DURATION="${DURATION:-10s}"
CONNECTIONS="${CONNECTIONS:-32}"
THREADS="${THREADS:-1}"
ADMIN_PASSWORD="bench-admin-password-1"

[[ -x "$PAVED" ]] || { echo "api_load: no paved binary at $PAVED" >&2; exit 2; }
command -v wrk >/dev/null || { echo "api_load: wrk is not installed (apt-get install wrk)" >&2; exit 2; }

WORK="$(mktemp -d /tmp/paved-bench-XXXXXX)"
SERVER_PID=""
cleanup() {
  if [[ -n "$SERVER_PID" ]]; then
    kill -TERM "$SERVER_PID" 2>/dev/null || true
    wait "$SERVER_PID" 2>/dev/null || true
  fi
  if [[ -n "${KEEP_DIR:-}" ]]; then echo "kept $WORK" >&2; else rm -rf "$WORK"; fi
}
trap cleanup EXIT

start_server() {
  PAVED_ADMIN_PASSWORD="$ADMIN_PASSWORD" "$PAVED" serve --listen 127.0.0.1:0 \
    --data-dir "$WORK/data" >"$WORK/serve.out" 2>"$WORK/serve.log" &
  SERVER_PID=$!
  for _ in $(seq 600); do
    URL="$(sed -n 's/.*listening on \(http:[^ ]*\).*/\1/p' "$WORK/serve.out" | head -n1)"
    [[ -n "$URL" ]] && return 0
    kill -0 "$SERVER_PID" 2>/dev/null || break
    sleep 0.1
  done
  echo "api_load: paved serve did not start; its log:" >&2
  cat "$WORK/serve.log" >&2
  exit 1
}

# kB of resident memory of the server: current (VmRSS) or peak (VmHWM).
rss_kb() { awk -v key="$1:" '$1 == key { print $2 }' "/proc/$SERVER_PID/status"; }

paved() { XDG_CONFIG_HOME="$WORK/config" HOME="$WORK" "$PAVED" "$@"; }

log_in() {
  echo "$ADMIN_PASSWORD" | paved login --server "$URL" --login admin >/dev/null
  TOKEN="$(sed -n 's/.*"token": *"\([^"]*\)".*/\1/p' "$WORK/config/paved/config.json")"
  [[ -n "$TOKEN" ]] || { echo "api_load: login stored no token" >&2; exit 1; }
}

# One curl process, 8 transfers in parallel over kept-alive connections: one POST per project.
seed() {
  paved teams create bench --name "Bench" --description "API load test" >/dev/null
  local started=$SECONDS
  awk -v n="$PROJECTS" -v url="$URL/api/v1/projects" -v token="$TOKEN" 'BEGIN {
    for (i = 0; i < n; i++) {
      if (i > 0) print "next"
      printf "url = \"%s\"\n", url
      printf "header = \"Authorization: Bearer %s\"\n", token
      print "header = \"Content-Type: application/json\""
      printf "data = \"{\\\"slug\\\":\\\"bench-%05d\\\",\\\"name\\\":\\\"Bench project %d\\\",", i, i
      print "\\\"owner_team\\\":\\\"bench\\\",\\\"description\\\":\\\"Created by the API load test\\\"}\""
      print "output = \"/dev/null\""
      print "write-out = \"%{http_code}\\n\""
    }
  }' >"$WORK/seed.curl"
  curl --silent --show-error --parallel --parallel-max 8 --config "$WORK/seed.curl" \
    >"$WORK/seed.codes" 2>"$WORK/seed.err" || true
  local created count
  created="$(grep -c '^201$' "$WORK/seed.codes" || true)"
  count="$(paved projects list --owner bench --limit "$((PROJECTS + 1))" --json |
    grep -c '"slug": "bench-' || true)"
  if [[ "$created" != "$PROJECTS" || "$count" != "$PROJECTS" ]]; then
    echo "api_load: $created of $PROJECTS POSTs answered 201; the API lists $count" >&2
    sort "$WORK/seed.codes" | uniq -c >&2
    cat "$WORK/seed.err" >&2
    exit 1
  fi
  echo "seeded $count projects in $((SECONDS - started)) s (curl, 8 parallel POST /api/v1/projects)"
}

# run NAME PATH [SCRIPT]: one wrk run; appends a table row to $WORK/rows.
run() {
  local name="$1" path="$2" script="${3:-}"
  local args=(-t"$THREADS" -c"$CONNECTIONS" -d"$DURATION" --latency
    -H "Authorization: Bearer $TOKEN")
  [[ -n "$script" ]] && args+=(-s "$BENCH_DIR/$script")
  wrk "${args[@]}" "$URL$path" -- "$PROJECTS" >"$WORK/wrk-$name.txt"
  awk -v name="$name" -v rss="$(rss_kb VmRSS)" '
    /Requests\/sec:/ { rps = $2 }
    $1 == "50%" { p50 = $2 }
    $1 == "99%" { p99 = $2 }
    /Non-2xx or 3xx responses:/ { bad = $5 }
    /Socket errors:/ { errors = $0; sub(/^ *Socket errors: */, "", errors) }
    END {
      printf "%-22s %10.0f %9s %9s %9d %9.1f   %s\n", name, rps, p50, p99, bad, rss / 1024,
             (errors == "" ? "-" : errors)
    }' "$WORK/wrk-$name.txt" >>"$WORK/rows"
}

start_server
echo "paved serve at $URL (pid $SERVER_PID), data in $WORK/data"
log_in
seed
echo "server RSS after seeding: $(( $(rss_kb VmRSS) / 1024 )) MB"
echo "wrk -t$THREADS -c$CONNECTIONS -d$DURATION, loopback, bearer token"
: >"$WORK/rows"
run "list?limit=50" "/api/v1/projects?limit=50"
run "project (fixed slug)" "/api/v1/projects/$(printf 'bench-%05d' $((PROJECTS / 2)))"
run "project (random slug)" "/api/v1/projects/bench-00000" get_random_project.lua
printf "%-22s %10s %9s %9s %9s %9s   %s\n" "endpoint" "req/s" "p50" "p99" "non-2xx" "RSS MB" \
  "socket errors"
cat "$WORK/rows"
echo "peak RSS: $(( $(rss_kb VmHWM) / 1024 )) MB"
