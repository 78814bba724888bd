#!/usr/bin/python3
"""The pods' IP ownership intervals as CSV (ip,start_s,end_s,workload,zone), read from
kubectl's pods.json and nodes.json by the rules of docs/traffic.md: what DuckDB and pandas join
flow logs with in bench/traffic_vs_duckdb.sh.
  /usr/bin/python3 bench/traffic_intervals.py PODS_JSON NODES_JSON OUT_CSV
"""
import calendar
import csv
import json
import sys
import time

FOREVER = 2**62


def seconds(text):
    # An RFC 3339 UTC time as epoch seconds, whatever the machine's time zone.
    return calendar.timegm(time.strptime(text, "%Y-%m-%dT%H:%M:%SZ"))


def workload(pod):
    meta = pod["metadata"]
    owners = meta.get("ownerReferences") or []
    owner = next((o for o in owners if o.get("controller")), owners[0] if owners else None)
    name = meta["name"]
    if owner and owner.get("kind") == "ReplicaSet":
        name = owner["name"].rsplit("-", 1)[0]
    elif owner and owner.get("kind") == "StatefulSet":
        name = owner["name"]
    return meta.get("namespace", "") + "/" + name


pods_path, nodes_path, out_path = sys.argv[1:4]
zones = {n["metadata"]["name"]: n["metadata"].get("labels", {}).get("topology.k8s.aws/zone-id", "")
         for n in json.load(open(nodes_path))["items"]}
with open(out_path, "w", newline="") as out:
    w = csv.writer(out)
    w.writerow(["ip", "start_s", "end_s", "workload", "zone"])
    for pod in json.load(open(pods_path))["items"]:
        status, spec = pod.get("status", {}), pod.get("spec", {})
        if spec.get("hostNetwork") or not status.get("podIP") or not status.get("startTime"):
            continue
        end = pod["metadata"].get("deletionTimestamp")
        w.writerow([status["podIP"], seconds(status["startTime"]), seconds(end) if end else FOREVER,
                    workload(pod), zones.get(spec.get("nodeName", ""), "")])
