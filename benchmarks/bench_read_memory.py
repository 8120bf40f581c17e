"""Peak memory of reading a ~100 MB CSV with cxresearch.io.read_table (issue 19: at most ~4x).

Run: ``PYTHONPATH=. .venv/bin/python benchmarks/bench_read_memory.py [--mb 100]``. Writes the
file to a temporary folder, reads it in a fresh child process and reports the child's peak
resident memory minus its resident memory after imports.
"""

from __future__ import annotations

import argparse
import subprocess
import sys
import tempfile
from pathlib import Path

import numpy as np
import pandas as pd

CHILD = """
import resource, sys
import cxresearch.io as io
base = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
df, _ = io.read_table(sys.argv[1])
peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
print(base, peak, len(df))
"""


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--mb", type=float, default=100)
    args = ap.parse_args()
    rng = np.random.default_rng(0)
    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / "big.csv"
        n = int(args.mb * 1e6 / 62)
        df = pd.DataFrame({f"q{i}": rng.integers(0, 11, n) for i in range(20)})
        df["region"] = rng.choice(["Uusimaa", "Pirkanmaa", "Häme"], n)
        df["weight"] = np.round(rng.uniform(0.5, 2, n), 3)
        df.to_csv(path, index=False)
        size = path.stat().st_size
        out = subprocess.run([sys.executable, "-c", CHILD, str(path)], capture_output=True,
                             text=True, check=True).stdout.split()
        base, peak, rows = (int(v) for v in out)
        used = (peak - base) * 1024
        print(f"file {size / 1e6:.1f} MB, {rows:,} rows: peak +{used / 1e6:.0f} MB "
              f"= {used / size:.2f}x the file size")


if __name__ == "__main__":
    main()
