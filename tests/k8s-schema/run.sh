#!/bin/sh
# Schema check of every rendered kind: run.sh <path to render_fixture_dump>.
# Installs the pinned validators (npm ci) on first run, checks that the validator rejects broken
# objects, then validates the fixture project's rendered objects.
set -eu
here=$(cd "$(dirname "$0")" && pwd)
dump=$1
cd "$here"
if [ ! -d node_modules/kubernetes-models ] || [ ! -d node_modules/@kubernetes-models/istio ]; then
  npm ci --no-audit --no-fund --loglevel=error
fi
node validate.mjs --self-check
tmp=$(mktemp)
trap 'rm -f "$tmp"' EXIT
"$dump" > "$tmp"
node validate.mjs "$tmp"
