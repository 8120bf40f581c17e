"""The driver report at real scale: 130,000 respondents, against the NPS overview report.

A survey like the airline one of issue 18 is simulated: 14 rating items (1-5) in 4
constructs, a 0-10 recommendation question, a channel segment. The driver_analysis notebook
runs twice (the 4 constructs as drivers; the 14 items as single-item drivers) and the
nps_overview notebook once, each in its own process under ``/usr/bin/time -v`` (wall time,
peak resident memory), with the notebooks' default parameters.

Run: .venv/bin/python benchmarks/bench_driver_report.py [--n 130000] [--out /tmp/drv]
     .venv/bin/python benchmarks/bench_driver_report.py --profile   # in-process, per call

Targets (issue 18.1): driver report <= 3x the NPS overview's time, peak memory < 1 GB.
"""

from __future__ import annotations

import argparse
import json
import re
import subprocess
import sys
import time
from pathlib import Path

import numpy as np
import pandas as pd

CONSTRUCTS = {"service": 4, "comfort": 4, "punctuality": 3, "price": 3}
ITEMS = [f"{c}_{i + 1}" for c, k in CONSTRUCTS.items() for i in range(k)]


def make_survey(folder: Path, n: int = 130_000, seed: int = 18) -> Path:
    """Write the simulated survey (CSV) and its codebook; return the codebook's path."""
    rng = np.random.default_rng(seed)
    k = len(CONSTRUCTS)
    latent = rng.multivariate_normal(np.zeros(k), np.full((k, k), 0.4) + 0.6 * np.eye(k), n)
    cols = {}

    for c, (name, m) in enumerate(CONSTRUCTS.items()):
        for i in range(m):
            raw = 0.75 * latent[:, c] + 0.66 * rng.standard_normal(n)
            cols[f"{name}_{i + 1}"] = np.clip(np.round(3.3 + 1.1 * raw), 1, 5).astype(int)
    eta = latent @ [0.9, 0.5, 0.4, 0.2] + rng.logistic(size=n) * 0.8
    ltr = np.clip(np.round(7.2 + 1.6 * eta), 0, 10).astype(int)
    df = pd.DataFrame({"id": np.arange(1, n + 1), "ltr": ltr, **cols,
                       "channel": rng.choice(["web", "app", "airport"], n, p=[.5, .3, .2])})
    folder.mkdir(parents=True, exist_ok=True)
    df.to_csv(folder / "scale.csv", index=False)
    lines = ["name: Scale survey (simulated)", "data: scale.csv", "id: id",
             "outcomes:", "  recommend:", "    column: ltr", "    scale: [0, 10]",
             "constructs:"]
    for name, m in CONSTRUCTS.items():
        items = ", ".join(f"{name}_{i + 1}" for i in range(m))
        lines += [f"  {name}:", "    role: driver", f"    items: [{items}]",
                  "    scale: [1, 5]"]
    lines += ["segments: [channel]"]
    (folder / "scale.yaml").write_text("\n".join(lines) + "\n")
    return folder / "scale.yaml"


def profile(codebook: Path, drivers: list[str] | None) -> dict[str, float]:
    """Time the calls the driver_analysis notebook makes, with its default parameters."""
    import cxresearch as cx
    from cxresearch.actions import ipa, penalty_reward, priorities
    from cxresearch.importance import relative_importance
    from cxresearch.models import driver_models, model_comparison

    out = {}
    t0 = time.perf_counter()
    survey = cx.load(codebook, cache_dir=False)
    out["load"] = time.perf_counter() - t0
    kw = {"drivers": drivers} if drivers else {}
    calls = {
        "relative_importance(n_boot=500)": lambda: relative_importance(
            survey, n_boot=500, seed=2026, **kw),
        "penalty_reward": lambda: penalty_reward(survey, **kw),
        "priorities(n_boot=100)": lambda: priorities(survey, n_boot=100, seed=2026, **kw),
        "driver_models + model_comparison": lambda: model_comparison(
            driver_models(survey, **kw)),
    }
    for name, fn in calls.items():
        t0 = time.perf_counter()
        res = fn()
        out[name] = time.perf_counter() - t0
        if name.startswith("relative"):
            t0 = time.perf_counter()
            ipa(res)
            out["ipa"] = time.perf_counter() - t0
    return {k: round(v, 3) for k, v in out.items()}


def timed_run(notebook: str, codebook: Path, out: Path, params: dict) -> dict[str, float]:
    """Run one report in a fresh process under /usr/bin/time -v."""
    code = ("import sys; from cxresearch.run import run_report; "
            f"run_report({notebook!r}, codebook={str(codebook)!r}, out_dir={str(out)!r}, "
            f"parameters={params!r}, name={notebook + '_' + str(len(params))!r})")
    t0 = time.perf_counter()
    res = subprocess.run(["/usr/bin/time", "-v", sys.executable, "-c", code],
                         capture_output=True, text=True)
    wall = time.perf_counter() - t0
    if res.returncode:
        raise RuntimeError(res.stderr[-3000:])
    peak_kb = max(int(v) for v in re.findall(r"Maximum resident set size \(kbytes\): (\d+)",
                                             res.stderr))
    return {"seconds": round(wall, 1), "peak_mb_of_launcher": round(peak_kb / 1024)}


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--n", type=int, default=130_000)
    ap.add_argument("--out", default="/tmp/cx_bench_driver_report")
    ap.add_argument("--profile", action="store_true")
    args = ap.parse_args()
    folder = Path(args.out)
    codebook = make_survey(folder, args.n)
    if args.profile:
        print(json.dumps({"4 constructs": profile(codebook, None),
                          "14 single items": profile(codebook, ITEMS)}, indent=2))
        return
    results = {
        "nps_overview": timed_run("nps_overview", codebook, folder, {}),
        "driver_analysis, 4 constructs": timed_run("driver_analysis", codebook, folder, {}),
        "driver_analysis, 14 single items": timed_run("driver_analysis", codebook, folder,
                                                      {"drivers": ITEMS}),
    }
    base = results["nps_overview"]["seconds"]
    for v in results.values():
        v["ratio_to_nps_overview"] = round(v["seconds"] / base, 2)
    print(json.dumps(results, indent=2))


if __name__ == "__main__":
    main()
