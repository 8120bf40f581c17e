"""Large surveys (issue 6): NPS over 10 million responses in DuckDB, drivers at 1 million.

Run: .venv/bin/python benchmarks/bench_scale.py [--rows 10000000 100000000] [--rounds 5]
     [--no-drivers] [--tmp FOLDER]

1. NPS by segment × month over a Parquet file of 10 M responses: ``cx.nps(path, ...)`` against
   a hand-written DuckDB query returning the same outputs (base, n, promoters, passives,
   detractors, NPS and the sums of squared weights of the interval), interleaved rounds,
   medians. Target (issue 18.3): within 1.2× at 10 M and 100 M rows, peak < 2 GB at 100 M. Memory: each measured in a fresh process as peak RSS minus the RSS
   after imports. Target: < 500 MB extra.
2. Key-driver analysis (exact Shapley, p = 10, 200 bootstrap resamples) on 1 M respondents.
   Target: < 20 s.
"""

from __future__ import annotations

import argparse
import json
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

CHILD = r"""
import json, os, sys, threading, time
import duckdb
import cxresearch as cx
path, which = sys.argv[1], sys.argv[2]
page = os.sysconf("SC_PAGE_SIZE")
def rss():
    with open("/proc/self/statm") as fh:
        return int(fh.read().split()[1]) * page
peak = [rss()]
stop = threading.Event()
def sample():
    while not stop.is_set():
        peak[0] = max(peak[0], rss())
        time.sleep(0.002)
base = rss()
threading.Thread(target=sample, daemon=True).start()
t0 = time.perf_counter()
if which == "cx":
    out = cx.nps(path, outcome="ltr", by=["segment", "month"], weight="weight")
else:
    # the same outputs as cx.nps: counts, weighted sums per category, NPS and the sums of
    # squared weights its linearised interval needs
    out = duckdb.sql(f'''
        SELECT segment, month, base, n, promoters, passives, detractors,
               100 * (promoters - detractors) / n AS nps, w2, w2_promoters, w2_detractors
        FROM (SELECT segment, month, count(*) AS base, sum(w) AS n,
                     sum(CASE WHEN ltr >= 9 THEN w ELSE 0 END) AS promoters,
                     sum(CASE WHEN ltr BETWEEN 7 AND 8 THEN w ELSE 0 END) AS passives,
                     sum(CASE WHEN ltr <= 6 THEN w ELSE 0 END) AS detractors,
                     sum(w * w) AS w2,
                     sum(CASE WHEN ltr >= 9 THEN w * w ELSE 0 END) AS w2_promoters,
                     sum(CASE WHEN ltr <= 6 THEN w * w ELSE 0 END) AS w2_detractors
              FROM (SELECT segment, month, ltr, CAST(weight AS DOUBLE) AS w
                    FROM read_parquet('{path}')
                    WHERE ltr IS NOT NULL AND weight IS NOT NULL)
              GROUP BY segment, month)
        ORDER BY segment, month''').df()
seconds = time.perf_counter() - t0
stop.set()
peak[0] = max(peak[0], rss())
print(json.dumps({"seconds": seconds, "extra_mb": (peak[0] - base) / 2**20,
                  "peak_mb": peak[0] / 2**20, "rows": len(out)}))
"""


def child(path: Path, which: str) -> dict:
    r = subprocess.run([sys.executable, "-c", CHILD, str(path), which], capture_output=True,
                       text=True, check=True)
    return json.loads(r.stdout.strip().splitlines()[-1])


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--rows", type=int, nargs="+", default=[10_000_000])
    ap.add_argument("--rounds", type=int, default=5)
    ap.add_argument("--driver-rows", type=int, default=1_000_000)
    ap.add_argument("--no-drivers", action="store_true")
    ap.add_argument("--tmp", default=None, help="folder for the Parquet file (deleted after)")
    args = ap.parse_args()
    import numpy as np

    from cxresearch.importance import relative_importance
    from cxresearch.simulate import simulate_large

    out: dict = {}
    for rows in args.rows:
        with tempfile.TemporaryDirectory(dir=args.tmp) as d:
            path = Path(d) / "large.parquet"
            t0 = time.perf_counter()
            # written in parts so the generator itself stays small in memory
            import pyarrow as pa
            import pyarrow.parquet as pq

            writer = None
            step = 2_000_000
            for k, start in enumerate(range(0, rows, step)):
                part = simulate_large(min(step, rows - start), seed=k)
                table = pa.Table.from_pandas(part, preserve_index=False)
                writer = writer or pq.ParquetWriter(path, table.schema)
                writer.write_table(table)
            writer.close()
            key = f"nps_{rows // 1_000_000}m"
            out[key] = {"generate_s": time.perf_counter() - t0,
                        "file_mb": path.stat().st_size / 2**20}
            ours, hand, ratios, mem_ours, mem_hand, peak = [], [], [], [], [], []
            for _ in range(args.rounds):
                a, b = child(path, "cx"), child(path, "duckdb")
                ours.append(a["seconds"])
                hand.append(b["seconds"])
                ratios.append(a["seconds"] / b["seconds"])
                mem_ours.append(a["extra_mb"])
                mem_hand.append(b["extra_mb"])
                peak.append(a["peak_mb"])
            out[key].update({"rows": rows, "groups": a["rows"],
                             "cx_s": statistics.median(ours),
                             "duckdb_s": statistics.median(hand),
                             "ratio": statistics.median(ratios), "ratios": ratios,
                             "cx_extra_mb": statistics.median(mem_ours),
                             "cx_peak_rss_mb": max(peak),
                             "duckdb_extra_mb": statistics.median(mem_hand)})
    if args.no_drivers:
        print(json.dumps(out, indent=2, default=float))
        return
    df = simulate_large(args.driver_rows, drivers=10, seed=1)
    cols = [f"d{j}" for j in range(1, 11)]
    times = []
    for _ in range(3):
        t0 = time.perf_counter()
        t = relative_importance(df, outcome="ltr", drivers=cols, n_boot=200, seed=1)
        times.append(time.perf_counter() - t0)
    out["drivers_1m"] = {"rows": args.driver_rows, "p": 10, "n_boot": 200,
                         "seconds": statistics.median(times), "r2": t.attrs["r2"],
                         "top": t["driver"].iloc[0],
                         "order_recovered": t["driver"].tolist() == cols}
    print(json.dumps(out, indent=2, default=float))
    del np


if __name__ == "__main__":
    main()
