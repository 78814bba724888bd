#!/usr/bin/python3
"""pandas' version of the flow-log analysis: egress ACCEPT records read in chunks of a million
lines (read_csv), each side joined to the pod holding its IP at the record's start (merge_asof by
IP on the interval start, then the end checked), bytes summed by workload and zone pair. Prints
seconds, MB/s and the pod-to-pod and cross-zone byte totals.
  /usr/bin/python3 bench/pandas_traffic.py FLOW_LOG INTERVALS_CSV
"""
import os
import sys
import time

import pandas as pd

path, intervals_path = sys.argv[1:3]
start = time.perf_counter()
pods = pd.read_csv(intervals_path, dtype={"ip": "string", "workload": "string", "zone": "string"},
                   keep_default_na=False).sort_values("start_s")
columns = ["srcaddr", "dstaddr", "bytes", "start", "action", "log-status", "pkt-srcaddr",
           "pkt-dstaddr", "flow-direction"]


def owner(frame, ip_column, prefix):
    """The pod holding frame[ip_column] at frame.t: workload and zone, NA when none."""
    joined = pd.merge_asof(frame, pods.rename(columns={"ip": ip_column}), left_on="t",
                           right_on="start_s", by=ip_column, direction="backward")
    held = joined["t"] < joined["end_s"]
    frame[prefix + "workload"] = joined["workload"].where(held).values
    frame[prefix + "zone"] = joined["zone"].where(held).values
    return frame


parts = []
lines = 0
for chunk in pd.read_csv(path, sep=" ", usecols=columns, chunksize=1_000_000, engine="c",
                         dtype="string", keep_default_na=False):
    lines += len(chunk)
    chunk = chunk[(chunk["flow-direction"] == "egress") & (chunk["action"] == "ACCEPT") &
                  (chunk["log-status"] == "OK")]
    f = pd.DataFrame({
        "s": chunk["pkt-srcaddr"].where(chunk["pkt-srcaddr"] != "-", chunk["srcaddr"]),
        "d": chunk["pkt-dstaddr"].where(chunk["pkt-dstaddr"] != "-", chunk["dstaddr"]),
        "bytes": chunk["bytes"].astype("int64"),
        "t": chunk["start"].astype("int64")}).sort_values("t")
    f = owner(owner(f, "s", "src_"), "d", "dst_").dropna(subset=["src_workload", "dst_workload"])
    parts.append(f.groupby(["src_workload", "dst_workload", "src_zone", "dst_zone"])["bytes"].sum())
edges = pd.concat(parts).groupby(level=[0, 1, 2, 3]).sum().reset_index()
seconds = time.perf_counter() - start
cross = edges[(edges["src_zone"] != "") & (edges["dst_zone"] != "") &
              (edges["src_zone"] != edges["dst_zone"])]["bytes"].sum()
mb = os.path.getsize(path) / 1e6
print(f"pandas {pd.__version__}: {lines} lines, {mb:.0f} MB in {seconds:.2f} s: {mb / seconds:.0f} MB/s, "
      f"{len(edges)} edges, pod to pod {edges['bytes'].sum()} B, cross-zone {cross} B")
print(f"pandas_seconds={seconds:.3f}")
