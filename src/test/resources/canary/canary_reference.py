#!/usr/bin/env python3
"""An independent computation of airisk's canary comparison figures, in plain python3 (standard library only).

Usage: canary_reference.py BASELINE.csv CANDIDATE.csv JOIN_COLUMN THRESHOLD
Both files are CSV with a header holding 'score' and the join column. Prints one JSON line with the
figures of all rows, as docs/canary.md defines them:
  ks:        sup over x of |F_b(x) - F_c(x)|, the empirical CDFs evaluated at every value of either sample;
  ks_p:      the asymptotic Kolmogorov p-value Q(lam) = 2 sum_{k=1..100} (-1)^(k-1) exp(-2 k^2 lam^2),
             ne = n m / (n + m), lam = (sqrt(ne) + 0.12 + 0.11 / sqrt(ne)) ks; 1 when lam < 0.1;
  psi:       over the baseline's decile edges v(ceil(k n / 10)), k = 1..9 (repeats once), bin i holding the values
             with exactly i edges strictly below them, shares floored at 0.0001, sum (a - e) ln(a / e);
  agreement: the share of rows joined by the join column whose scores fall on the same side of THRESHOLD (>=);
  diff_mean, diff_p99: the mean and the order statistic v(ceil(0.99 n)) of |score_b - score_c| over joined rows.
"""
import bisect
import csv
import json
import math
import sys

FLOOR = 0.0001


def read(path, join):
    with open(path, newline="", encoding="utf-8") as f:
        rows = list(csv.DictReader(f))
    return [(r[join], float(r["score"])) for r in rows]


def cdf(sorted_values, x):
    return bisect.bisect_right(sorted_values, x) / len(sorted_values)


def ks(b, c):
    sb, sc = sorted(b), sorted(c)
    return max(abs(cdf(sb, x) - cdf(sc, x)) for x in set(sb) | set(sc))


def ks_p(d, n, m):
    ne = math.sqrt(n * m / (n + m))
    lam = (ne + 0.12 + 0.11 / ne) * d
    if lam < 0.1:
        return 1.0
    total = 0.0
    for k in range(1, 101):
        term = math.exp(-2.0 * k * k * lam * lam)
        total += term if k % 2 == 1 else -term
    return max(0.0, min(1.0, 2 * total))


def order_stat(sorted_values, q):
    rank = max(1, math.ceil(q * len(sorted_values)))
    return sorted_values[rank - 1]


def psi(b, c):
    sb = sorted(b)
    edges = []
    for k in range(1, 10):
        e = order_stat(sb, k / 10)
        if not edges or e > edges[-1]:
            edges.append(e)
    def counts(values):
        out = [0] * (len(edges) + 1)
        for v in values:
            out[bisect.bisect_left(edges, v)] += 1
        return out
    cb, cc = counts(b), counts(c)
    total = 0.0
    for i in range(len(cb)):
        e = max(cb[i] / len(b), FLOOR)
        a = max(cc[i] / len(c), FLOOR)
        total += (a - e) * math.log(a / e)
    return total


def main(baseline, candidate, join, threshold):
    b = read(baseline, join)
    c = read(candidate, join)
    bs = [s for _, s in b]
    cs = [s for _, s in c]
    by_id = dict(c)
    pairs = [(s, by_id[k]) for k, s in b if k in by_id]
    diffs = sorted(abs(x - y) for x, y in pairs)
    d = ks(bs, cs)
    print(json.dumps({
        "baseline_rows": len(bs), "candidate_rows": len(cs), "joined": len(pairs),
        "ks": d, "ks_p": ks_p(d, len(bs), len(cs)), "psi": psi(bs, cs),
        "agreement": sum(1 for x, y in pairs if (x >= threshold) == (y >= threshold)) / len(pairs),
        "diff_mean": math.fsum(diffs) / len(diffs), "diff_p99": order_stat(diffs, 0.99),
    }))


if __name__ == "__main__":
    main(sys.argv[1], sys.argv[2], sys.argv[3], float(sys.argv[4]))
