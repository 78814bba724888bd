#!/bin/bash
# Paved's bill import side by side with DuckDB and pandas on the same generated CUR 2.0 file: each
# sums cost by owner tag and day. Prints each one's seconds, MB/s and peak RSS, and the ratios.
#   bench/cost_vs_duckdb.sh [BUILD_DIR=build]
# Variables: SIZE (bytes, 5e9), BILL (where the file is written once and kept,
# /tmp/paved-bench/cur2-$SIZE.csv), THREADS (DuckDB's threads, 2).
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
build=${1:-$here/../build}
size=${SIZE:-5e9}
bill=${BILL:-/tmp/paved-bench/cur2-$size.csv}
threads=${THREADS:-2}

cmake --build "$build" --target cost_bill_gen cost_import_bench >/dev/null
if [[ ! -s $bill ]]; then
  mkdir -p "$(dirname "$bill")"
  "$build/bench/cost_bill_gen" "$bill" "$size"
fi
if [[ ! -d $here/duckdb/node_modules/@duckdb/node-api ]]; then
  (cd "$here/duckdb" && npm ci --no-audit --no-fund >/dev/null)
fi
if ! /usr/bin/python3 -c 'import pandas' 2>/dev/null; then
  sudo=; [[ $(id -u) == 0 ]] || sudo=sudo
  DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -q python3-pandas >/dev/null
fi

out=$(mktemp -d)
trap 'rm -rf "$out"' EXIT
# Each run: its output, then its peak RSS (KiB) from GNU time. The page cache is warm for all
# three after the first read (the file is read once before timing).
cat "$bill" >/dev/null
run() {
  local name=$1; shift
  /usr/bin/time -f '%M' -o "$out/$name.rss" "$@" | tee "$out/$name.txt"
  echo "  peak RSS $(($(cat "$out/$name.rss") / 1024)) MiB"
}
echo "load average: $(cut -d' ' -f1-3 /proc/loadavg), $(nproc) cores"
run paved "$build/bench/cost_import_bench" "$bill"
run duckdb node "$here/duckdb/cost_by_team.mjs" "$bill" "$threads"
run pandas /usr/bin/python3 "$here/pandas_cost_by_team.py" "$bill"

seconds() { sed -n "s/^$1_seconds=//p" "$out/$1.txt"; }
p=$(seconds paved) d=$(seconds duckdb) s=$(seconds pandas)
awk -v p="$p" -v d="$d" -v s="$s" 'BEGIN {
  printf "import time: paved %.2f s, duckdb %.2f s, pandas %.2f s\n", p, d, s
  printf "paved is %.2fx as fast as duckdb and %.2fx as fast as pandas\n", d / p, s / p
}'
