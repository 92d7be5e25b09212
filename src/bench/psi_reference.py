#!/usr/bin/env python3
"""The reference PSI computation of airisk's monitoring benchmark, in plain python3 (standard library only).

Usage: psi_reference.py PROFILE.json PREDICTIONS.csv
Prints one JSON line: {"rows": N, "psi": {"column": value, ...}} for every feature and score column
of the profile, computed exactly as docs/monitoring.md defines PSI:
  bins: a numeric column's bin i holds the values with exactly i of the profile's edges strictly below
        them (bisect_left); a categorical column's bin i its i-th category, the last bin every other value;
  null: empty, null, NULL, NA, NaN or nan (not counted);
  PSI = sum over bins of (a - e) * ln(a / e), with e the profile's share and a the file's share of the
        column's non-null values, each first floored at 0.0001.
"""
import bisect
import csv
import json
import math
import sys

FLOOR = 0.0001
NULLS = frozenset(["", "null", "NULL", "NA", "NaN", "nan"])


def main(profile_path, csv_path):
    with open(profile_path, encoding="utf-8") as f:
        profile = json.load(f)
    columns = [c for c in profile["columns"] if c["role"] in ("feature", "score") and c["shares"]]
    with open(csv_path, newline="", encoding="utf-8") as f:
        reader = csv.reader(f)
        header = next(reader)
        plan = []
        for c in columns:
            counts = [0] * len(c["shares"])
            if c["kind"] == "numeric":
                plan.append((header.index(c["name"]), True, c["edges"], counts))
            else:
                index = {name: i for i, name in enumerate(c["categories"])}
                plan.append((header.index(c["name"]), False, index, counts))
        rows = 0
        for row in reader:
            rows += 1
            for at, numeric, bins, counts in plan:
                value = row[at]
                if value in NULLS:
                    continue
                if numeric:
                    counts[bisect.bisect_left(bins, float(value))] += 1
                else:
                    counts[bins.get(value, len(counts) - 1)] += 1
    psi = {}
    for c, (_, _, _, counts) in zip(columns, plan):
        total = sum(counts)
        if total == 0:
            continue
        s = 0.0
        for expected, n in zip(c["shares"], counts):
            e = max(expected, FLOOR)
            a = max(n / total, FLOOR)
            s += (a - e) * math.log(a / e)
        psi[c["name"]] = s
    print(json.dumps({"rows": rows, "psi": psi}))


if __name__ == "__main__":
    main(sys.argv[1], sys.argv[2])
