#!/bin/bash
# Paved's flow-log analysis side by side with DuckDB and pandas on the same generated 1 GB VPC flow
# log (v5, one plain file): each keeps the egress ACCEPT records, joins both sides to the pod
# holding the IP at the record's start, and sums bytes by workload and zone pair. Prints each
# one's seconds, MB/s and peak RSS, Paved's lines/s, and the ratios. Paved's result is checked
# against the generator's expected.json; DuckDB's and pandas' totals are printed beside it.
#   bench/traffic_vs_duckdb.sh [BUILD_DIR=build]
# Variables: SIZE (bytes, 1e9), DATA (where the logs are written once and kept,
# /tmp/paved-bench/traffic-$SIZE), THREADS (Paved's and DuckDB's threads, 2).
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
build=${1:-$here/../build}
size=${SIZE:-1e9}
data=${DATA:-/tmp/paved-bench/traffic-$size}
threads=${THREADS:-2}

cmake --build "$build" --target traffic_flow_gen traffic_analyze_bench >/dev/null
if [[ ! -s $data/expected.json ]]; then
  "$build/bench/traffic_flow_gen" "$data" "$size" 1
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
log=$data/logs/part-000.log
# DuckDB and pandas join on the same intervals Paved builds from pods.json (not timed).
/usr/bin/python3 "$here/traffic_intervals.py" "$data/pods.json" "$data/nodes.json" \
  "$out/intervals.csv"
# Each run: its output, then its peak RSS (KiB) from GNU time. The page cache is warm for all
# three (the file is read once before timing).
cat "$log" >/dev/null
run() {
  local name=$1; shift
  /usr/bin/time -f '%M' -o "$out/$name.rss" "$@" | tee "$out/$name.txt"
  echo "  peak RSS $(($(cat "$out/$name.rss") / 1024)) MiB"
}
echo "load average: $(cut -d' ' -f1-3 /proc/loadavg), $(nproc) cores"
run paved "$build/bench/traffic_analyze_bench" "$data" "$threads"
run duckdb node "$here/duckdb/traffic_by_workload.mjs" "$log" "$out/intervals.csv" "$threads"
run pandas /usr/bin/python3 "$here/pandas_traffic.py" "$log" "$out/intervals.csv"
/usr/bin/python3 -c 'import json, sys; t = json.load(open(sys.argv[1]))["totals"]
print("expected: pod to pod %d B, cross-zone %d B" % (t["bytes"], t["cross_zone_bytes"]))' \
  "$data/expected.json"

seconds() { sed -n "s/^$1_seconds=//p" "$out/$1.txt"; }
p=$(seconds paved) d=$(seconds duckdb) s=$(seconds pandas)
awk -v p="$p" -v d="$d" -v s="$s" 'BEGIN {
  printf "analysis time: paved %.2f s, duckdb %.2f s, pandas %.2f s\n", p, d, s
  printf "paved is %.2fx as fast as duckdb and %.2fx as fast as pandas\n", d / p, s / p
}'
