"""Do the bootstrap intervals of relative importance cover the truth at the nominal rate?

The population is multivariate normal with a known correlation matrix, so the true Shapley
values (and shares) are computed exactly from it. Many samples are drawn; each gets bootstrap
intervals; the share of intervals that contain the true value is the coverage.

Run: .venv/bin/python benchmarks/coverage_drivers.py [--reps 300] [--boot 500]
         [--methods shapley relative_weights pratt] [--n 300 1000] [--ci percentile bca]

The true relative weights and Pratt values are computed here from the population matrix with
scipy (matrix square root) and numpy, independently of cxresearch's code.
"""

from __future__ import annotations

import argparse
import itertools
import json
import time

import numpy as np
import pandas as pd
from scipy import linalg

from cxresearch.importance import relative_importance, shapley_from_corr


def population(p: int = 5) -> np.ndarray:
    R = np.full((p, p), 0.35)
    np.fill_diagonal(R, 1.0)
    beta = np.linspace(0.45, 0.05, p)
    cov_xy = R @ beta
    var_y = beta @ R @ beta + 0.6
    full = np.block([[R, cov_xy[:, None]], [cov_xy[None, :], np.array([[var_y]])]])
    d = np.sqrt(np.diag(full))
    return full / np.outer(d, d)


def true_values(R: np.ndarray, method: str) -> np.ndarray:
    rxx, rxy = R[:-1, :-1], R[:-1, -1]
    if method in ("shapley", "dominance"):
        return shapley_from_corr(R)
    if method == "pratt":
        return np.linalg.solve(rxx, rxy) * rxy
    lam = np.real(linalg.sqrtm(rxx))                 # Johnson (2000)
    return (lam**2) @ np.linalg.solve(lam, rxy) ** 2


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--reps", type=int, default=300)
    ap.add_argument("--boot", type=int, default=500)
    ap.add_argument("--seed", type=int, default=1)
    ap.add_argument("--methods", nargs="+", default=["shapley"])
    ap.add_argument("--n", nargs="+", type=int, default=[300, 1000])
    ap.add_argument("--ci", nargs="+", default=["percentile", "bca"])
    args = ap.parse_args()
    R = population()
    p = R.shape[0] - 1
    names = [f"d{i}" for i in range(p)]
    rng = np.random.default_rng(args.seed)
    results = {}
    t0 = time.perf_counter()
    for method, n, ci in itertools.product(args.methods, args.n, args.ci):
        truth = true_values(R, method)
        true_share = 100 * truth / truth.sum()
        hit_imp = np.zeros(p)
        hit_share = np.zeros(p)
        for rep in range(args.reps):
            sample = rng.multivariate_normal(np.zeros(p + 1), R, size=n)
            df = pd.DataFrame(sample, columns=[*names, "y"])
            t = relative_importance(df, outcome="y", drivers=names, n_boot=args.boot,
                                    ci=ci, seed=rep, method=method).set_index("driver").loc[names]
            hit_imp += (t["ci_low"] <= truth) & (truth <= t["ci_high"])
            hit_share += (t["share_ci_low"] <= true_share) & (true_share <= t["share_ci_high"])
        results[f"{method}_n{n}_{ci}"] = {
            "truth_importance": dict(zip(names, truth.round(4).tolist(), strict=True)),
            "importance_coverage": dict(zip(names, (hit_imp / args.reps).round(3).tolist(),
                                            strict=True)),
            "share_coverage": dict(zip(names, (hit_share / args.reps).round(3).tolist(),
                                       strict=True)),
            "mean_importance_coverage": round(float(hit_imp.mean() / args.reps), 3),
            "mean_share_coverage": round(float(hit_share.mean() / args.reps), 3),
        }
    results["reps"], results["boot"] = args.reps, args.boot
    results["seconds"] = round(time.perf_counter() - t0, 1)
    results["monte_carlo_se_at_95"] = round(float(np.sqrt(0.95 * 0.05 / args.reps)), 3)
    print(json.dumps(results, indent=2))


if __name__ == "__main__":
    main()
