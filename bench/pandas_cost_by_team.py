#!/usr/bin/python3
"""pandas' aggregation of a CUR 2.0 bill: cost by owner tag and day, read in chunks of a million
lines (the whole file would not fit in memory at 5 GB). Prints seconds, MB/s and the total billed.
  /usr/bin/python3 bench/pandas_cost_by_team.py FILE
"""
import os
import sys
import time

import pandas as pd

path = sys.argv[1]
columns = ["line_item_usage_start_date", "line_item_unblended_cost",
           "savings_plan_savings_plan_effective_cost", "resource_tags_user_team"]
start = time.perf_counter()
parts = []
lines = 0
for chunk in pd.read_csv(path, usecols=columns, chunksize=1_000_000, engine="c",
                         dtype={"resource_tags_user_team": "string",
                                "line_item_usage_start_date": "string"}):
    lines += len(chunk)
    chunk["day"] = chunk["line_item_usage_start_date"].str.slice(0, 10)
    chunk["effective"] = chunk["savings_plan_savings_plan_effective_cost"].fillna(
        chunk["line_item_unblended_cost"])
    parts.append(chunk.groupby(["resource_tags_user_team", "day"], dropna=False)[
        ["line_item_unblended_cost", "effective"]].sum())
groups = pd.concat(parts).groupby(level=[0, 1], dropna=False).sum()
seconds = time.perf_counter() - start
mb = os.path.getsize(path) / 1e6
print(f"pandas {pd.__version__}: {lines} lines, {mb:.0f} MB in {seconds:.2f} s: {mb / seconds:.0f} MB/s, "
      f"{len(groups)} groups, billed {groups['line_item_unblended_cost'].sum():.2f}")
print(f"pandas_seconds={seconds:.3f}")
