#!/bin/sh
# Type-checks generated Grafana dashboards against @grafana/schema:
# run.sh <path to dashboard_fixture_dump>.
# Installs the pinned packages (npm ci) on first run, checks that a dashboard with a wrong field
# is rejected, then checks every dashboard the fixture generates.
set -eu
here=$(cd "$(dirname "$0")" && pwd)
dump=$1
cd "$here"
if [ ! -d node_modules/@grafana/schema ] || [ ! -d node_modules/typescript ]; then
  npm ci --no-audit --no-fund --loglevel=error
fi
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
cp tsconfig.json "$tmp/"
ln -s "$here/node_modules" "$tmp/node_modules"
check() {
  node to-ts.mjs "$1" "$tmp/dashboards.ts"
  node_modules/.bin/tsc -p "$tmp/tsconfig.json"
}
# Self-check: each broken dashboard must fail the type check.
for broken in broken/*.json; do
  if check "$broken" > "$tmp/out.txt" 2>&1; then
    echo "schema check accepted $broken" >&2
    exit 1
  fi
  echo "rejected as expected: $broken ($(grep -c 'error TS' "$tmp/out.txt") errors)"
done
"$dump" > "$tmp/generated.json"
check "$tmp/generated.json"
echo "$(grep -c '"schemaVersion"' "$tmp/generated.json") generated dashboards type-check"
