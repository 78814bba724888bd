#!/bin/sh
# Every PromQL expression of the generated dashboards parses: promql_check.sh <dump> — each
# target's `expr` (Grafana's $__rate_interval read as 5m) becomes a recording rule and
# `promtool check rules` parses them all. A broken expression must fail first (self-check).
set -eu
dump=$1
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
to_rules() {
  python3 -c '
import json, sys
exprs = []
def walk(x):
    if isinstance(x, dict):
        if isinstance(x.get("expr"), str):
            exprs.append(x["expr"])
        for v in x.values():
            walk(v)
    elif isinstance(x, list):
        for v in x:
            walk(v)
walk(json.load(sys.stdin))
if not exprs:
    sys.exit("no PromQL expression found")
print("groups:\n- name: dashboards\n  rules:")
for i, e in enumerate(exprs):
    e = e.replace("$__rate_interval", "5m")
    print("  - record: paved:panel_%d\n    expr: %s" % (i, json.dumps(e)))
'
}
echo '[{"targets":[{"expr":"sum(rate(x[5m])"}]}]' | to_rules > "$tmp/broken.yml"
if promtool check rules "$tmp/broken.yml" > /dev/null 2>&1; then
  echo "promtool accepted a broken expression" >&2
  exit 1
fi
"$dump" | to_rules > "$tmp/rules.yml"
promtool check rules "$tmp/rules.yml"
