"""Batch report speed (issue 5), medians over interleaved rounds.

Run: .venv/bin/python benchmarks/bench_batch.py [--rounds 5]

1. Per-report overhead: one report through the cx batch machinery (parameter check, papermill,
   HTML export with provenance, atomic write, manifest, index) against papermill's own
   in-process execution of the same notebook with the same parameters. Target ≤ 1.3×.
2. A 12-report batch with 2 workers against 1 worker. Target ≥ 1.8× faster.
3. `cx demo` on the bundled survey (6 reports, 2 workers). Target < 90 s.
4. ``--dask``: 100 small reports (``for_each`` over a 100-level column of the bundled survey,
   30 respondents each) on a Dask ``LocalCluster`` with 2 workers against 1 (issue 18.5:
   ≥ 1.8× faster), and the time per report with 1 worker against papermill's own
   in-process execution of one such report (≤ 1.2×). Cluster start-up is not timed.
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

import papermill as pm

from cxresearch.batch import plan_batch, run_batch
from cxresearch.io import bundled_codebook, project_root
from cxresearch.run import _quiet_kernel_manager, find_notebook


def one_report_batch(tmp: Path, force: bool = True) -> float:
    spec = {"codebook": str(bundled_codebook()), "out": str(tmp / "batch"),
            "reports": [{"notebook": "nps_overview"}]}
    jobs, settings = plan_batch(spec, base=tmp)
    t0 = time.perf_counter()
    run_batch(jobs, settings, workers=1, force=force, progress=False, echo=False)
    return time.perf_counter() - t0


def papermill_alone(tmp: Path) -> float:
    nb = find_notebook("nps_overview")
    t0 = time.perf_counter()
    pm.execute_notebook(str(nb), str(tmp / "out.ipynb"), parameters={
        "codebook": str(bundled_codebook()), "lang": "en"}, kernel_name="python3",
        cwd=str(nb.parent), progress_bar=False, log_output=False,
        kernel_manager_class=_quiet_kernel_manager())
    return time.perf_counter() - t0


def twelve(tmp: Path, workers: int) -> float:
    spec = {"codebook": str(bundled_codebook()), "out": str(tmp / f"w{workers}"), "reports": [
        {"notebook": "nps_overview", "for_each": "touchpoint"},
        {"notebook": "nps_overview", "for_each": "channel", "name": "by_channel"}]}
    jobs, settings = plan_batch(spec, base=tmp)
    assert len(jobs) == 12
    t0 = time.perf_counter()
    res = run_batch(jobs, settings, workers=workers, force=True, progress=False, echo=False)
    assert all(r.status == "ok" for r in res)
    return time.perf_counter() - t0


def hundred_level_survey(tmp: Path) -> Path:
    """The bundled survey with a column ``unit`` of 100 levels (30 respondents each)."""
    import pandas as pd

    src = bundled_codebook()
    df = pd.read_csv(src.parent / "retail_cx.csv")
    df["unit"] = [f"u{i % 100:02d}" for i in range(len(df))]
    folder = tmp / "hundred"
    folder.mkdir(exist_ok=True)
    df.to_csv(folder / "retail_cx.csv", index=False)
    text = src.read_text(encoding="utf-8")
    (folder / "retail_cx.yaml").write_text(text, encoding="utf-8")
    return folder / "retail_cx.yaml"


def papermill_small(tmp: Path, codebook: Path) -> float:
    nb = find_notebook("nps_overview")
    t0 = time.perf_counter()
    pm.execute_notebook(str(nb), str(tmp / "small.ipynb"), parameters={
        "codebook": str(codebook), "filter_column": "unit", "filter_value": "u00",
        "lang": "en"}, kernel_name="python3", cwd=str(nb.parent), progress_bar=False,
        log_output=False, kernel_manager_class=_quiet_kernel_manager())
    return time.perf_counter() - t0


def dask_hundred(tmp: Path, codebook: Path, workers: int) -> float:
    from distributed import LocalCluster

    spec = {"codebook": str(codebook), "out": str(tmp / f"dask{workers}"),
            "reports": [{"notebook": "nps_overview", "for_each": "unit"}]}
    jobs, settings = plan_batch(spec, base=tmp)
    assert len(jobs) == 100
    with LocalCluster(n_workers=workers, threads_per_worker=1, processes=True,
                      dashboard_address=None) as cluster:
        t0 = time.perf_counter()
        res = run_batch(jobs, settings, scheduler=cluster.scheduler_address, force=True,
                        progress=False, echo=False)
        seconds = time.perf_counter() - t0
    assert all(r.status == "ok" for r in res), [r.error for r in res if r.status != "ok"][:1]
    return seconds


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--rounds", type=int, default=5)
    ap.add_argument("--dask", action="store_true", help="only the 100-report Dask case")
    args = ap.parse_args()
    out = {}
    with tempfile.TemporaryDirectory() as d:
        tmp = Path(d)
        if args.dask:
            cb = hundred_level_survey(tmp)
            papermill_small(tmp, cb)  # warm
            pm_s = statistics.median(papermill_small(tmp, cb) for _ in range(3))
            one = dask_hundred(tmp, cb, 1)
            two = dask_hundred(tmp, cb, 2)
            out["dask_100_reports"] = {
                "workers1_s": one, "workers2_s": two, "speedup": one / two,
                "per_report_1worker_s": one / 100, "papermill_one_report_s": pm_s,
                "per_report_ratio": one / 100 / pm_s}
            print(json.dumps(out, indent=2))
            return
        papermill_alone(tmp)  # warm the file cache and the kernel's imports
        ours, theirs = [], []
        for _ in range(args.rounds):
            theirs.append(papermill_alone(tmp))
            ours.append(one_report_batch(tmp))
        out["per_report"] = {"cx_batch_s": statistics.median(ours),
                             "papermill_s": statistics.median(theirs),
                             "ratio": statistics.median(o / t for o, t in zip(ours, theirs, strict=True))}
        w1, w2 = [], []
        for _ in range(max(1, args.rounds // 2)):
            w1.append(twelve(tmp, 1))
            w2.append(twelve(tmp, 2))
        out["twelve_reports"] = {"workers1_s": statistics.median(w1),
                                 "workers2_s": statistics.median(w2),
                                 "speedup": statistics.median(a / b for a, b in zip(w1, w2, strict=True))}
        t0 = time.perf_counter()
        subprocess.run([sys.executable, "-m", "cxresearch.cli", "demo", "--out",
                        str(tmp / "demo"), "--force"], check=True, capture_output=True,
                       cwd=project_root())
        out["cx_demo_s"] = time.perf_counter() - t0
    print(json.dumps(out, indent=2))


if __name__ == "__main__":
    main()
