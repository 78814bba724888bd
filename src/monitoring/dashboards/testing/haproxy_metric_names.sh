#!/bin/sh
# Every haproxy_* metric the generated dashboards query is one HAProxy's built-in Prometheus
# exporter serves: haproxy_metric_names.sh <path to dashboard_fixture_dump>.
# Starts a real HAProxy on loopback with the exporter and a backend, scrapes it, and compares.
set -eu
dump=$1
tmp=$(mktemp -d)
trap 'if [ -f "$tmp/pid" ]; then kill "$(cat "$tmp/pid")" 2>/dev/null || true; fi; rm -rf "$tmp"' EXIT
port() { python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])'; }
stats=$(port); web=$(port); app=$(port)
cat > "$tmp/haproxy.cfg" <<CFG
global
  maxconn 100
defaults
  mode http
  timeout connect 1s
  timeout client 5s
  timeout server 5s
frontend stats
  bind 127.0.0.1:$stats
  http-request use-service prometheus-exporter if { path /metrics }
frontend web
  bind 127.0.0.1:$web
  default_backend app
backend app
  server s1 127.0.0.1:$app check
CFG
haproxy -f "$tmp/haproxy.cfg" -D -p "$tmp/pid"
for _ in 1 2 3 4 5 6 7 8 9 10; do
  curl -fsS "http://127.0.0.1:$stats/metrics" > "$tmp/metrics" 2>/dev/null && break
  sleep 0.2
done
grep -o '^haproxy_[a-z_]*' "$tmp/metrics" | sort -u > "$tmp/served"
"$dump" | grep -o 'haproxy_[a-z_]*' | sort -u > "$tmp/queried"
test -s "$tmp/queried" || { echo "no haproxy_ metric in the dashboards" >&2; exit 1; }
missing=$(comm -23 "$tmp/queried" "$tmp/served")
if [ -n "$missing" ]; then
  echo "queried but not served by $(haproxy -v | head -1):" >&2
  echo "$missing" >&2
  exit 1
fi
echo "$(wc -l < "$tmp/queried") haproxy metrics queried, all served ($(wc -l < "$tmp/served") served)"
