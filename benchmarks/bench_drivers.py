"""Key-driver analysis speed, measured against pingouin in the same run (medians).

Run: .venv/bin/python benchmarks/bench_drivers.py [--repeat 7] [--p20-rounds 1]

Targets (issue 3): exact Shapley at least 100× faster than pingouin's relimp at p = 15,
n = 1,000; p = 20 drivers in under 0.25 s; 1,000 bootstrap resamples at n = 10,000, p = 10 in
under 2 s. Issue 18.2: exact Shapley at p = 20 at least 250× faster than pingouin (one
pingouin call takes about 40 s, so ``--p20-rounds`` interleaved rounds of one call each);
exact at p = 25 under 10 s; the estimate at p = 40 under 5 s.
"""

from __future__ import annotations

import argparse
import json
import statistics
import time
import warnings

import numpy as np
import pandas as pd
import pingouin as pg

from cxresearch.importance import relative_importance


def frame(n: int, p: int, seed: int = 0) -> tuple[pd.DataFrame, list[str]]:
    rng = np.random.default_rng(seed)
    X = rng.standard_normal((n, p)) @ rng.uniform(0.2, 0.6, (p, p))
    y = X @ rng.uniform(0, 1, p) + rng.standard_normal(n) * 2
    cols = [f"d{i}" for i in range(p)]
    return pd.DataFrame(X, columns=cols).assign(y=y), cols


def timed(fn, repeat: int) -> float:
    times = []
    for _ in range(repeat):
        t0 = time.perf_counter()
        fn()
        times.append(time.perf_counter() - t0)
    return statistics.median(times)


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--repeat", type=int, default=7)
    ap.add_argument("--p20-rounds", type=int, default=1)
    ap.add_argument("--skip", nargs="*", default=[], help="cases to leave out")
    args = ap.parse_args()
    out = {}
    df, cols = frame(1000, 15)
    # interleaved rounds: the shared machine's speed drifts, so each round times both
    # implementations back to back and the ratio is taken within the round
    ours, theirs, ratios = [], [], []
    relative_importance(df, outcome="y", drivers=cols)  # warm caches (subset plans)
    for _ in range(args.repeat):
        o = timed(lambda: relative_importance(df, outcome="y", drivers=cols), 5)
        t = timed(lambda: pg.linear_regression(df[cols], df["y"], relimp=True), 1)
        ours.append(o)
        theirs.append(t)
        ratios.append(t / o)
    out["p15_n1000"] = {"cxresearch_s": statistics.median(ours),
                        "pingouin_s": statistics.median(theirs),
                        "speedup_median_of_rounds": statistics.median(ratios),
                        "speedup_min_of_rounds": min(ratios)}
    df, cols = frame(1000, 20)
    out["p20_n1000"] = {"cxresearch_s": timed(
        lambda: relative_importance(df, outcome="y", drivers=cols), args.repeat)}
    if "p20_pingouin" not in args.skip:
        ours, theirs, ratios = [], [], []
        for _ in range(args.p20_rounds):
            o = timed(lambda: relative_importance(df, outcome="y", drivers=cols), 5)
            t = timed(lambda: pg.linear_regression(df[cols], df["y"], relimp=True), 1)
            ours.append(o)
            theirs.append(t)
            ratios.append(t / o)
        out["p20_n1000_vs_pingouin"] = {
            "cxresearch_s": statistics.median(ours), "pingouin_s": statistics.median(theirs),
            "speedup_median_of_rounds": statistics.median(ratios), "rounds": len(ratios)}
    df, cols = frame(1000, 25)
    out["p25_n1000_exact"] = {"cxresearch_s": timed(
        lambda: relative_importance(df, outcome="y", drivers=cols), max(3, args.repeat // 3))}
    df, cols = frame(1000, 40)
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        t40 = relative_importance(df, outcome="y", drivers=cols)
        out["p40_n1000_estimate"] = {
            "cxresearch_s": timed(lambda: relative_importance(df, outcome="y", drivers=cols),
                                  args.repeat),
            "max_share_mc_se_pp": float(t40["share_mc_se"].max())}
        df, cols = frame(10_000, 40)
        out["p40_n10000_estimate_boot500"] = {"cxresearch_s": timed(
            lambda: relative_importance(df, outcome="y", drivers=cols, n_boot=500),
            max(3, args.repeat // 3))}
    df, cols = frame(10_000, 10)
    out["boot1000_n10000_p10"] = {"cxresearch_s": timed(
        lambda: relative_importance(df, outcome="y", drivers=cols, n_boot=1000), args.repeat)}
    out["boot1000_n10000_p10_bca"] = {"cxresearch_s": timed(
        lambda: relative_importance(df, outcome="y", drivers=cols, n_boot=1000, ci="bca"),
        args.repeat)}
    print(json.dumps(out, indent=2))


if __name__ == "__main__":
    main()
