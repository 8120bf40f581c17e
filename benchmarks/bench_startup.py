"""Start-up time: ``import cxresearch`` and ``cx nps --json`` against ``import pandas``.

Issue 17 item 6 and issue 18 item 4: ``import cxresearch`` at most 1.3x and ``cx nps --json``
on the bundled survey at most 1.5x the wall time of ``python -c "import pandas"``, measured
in the same run. Each round runs the three commands once, in turn (interleaved, so a busy
moment of the machine hits all three alike); the ratio is of the medians over the rounds.

Run from the repository root::

    python benchmarks/bench_startup.py --rounds 15
"""

from __future__ import annotations

import argparse
import json
import os
import statistics
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
CLI = "import sys; from cxresearch.cli import main; sys.exit(main())"
COMMANDS = {
    "import pandas": [sys.executable, "-c", "import pandas"],
    "import cxresearch": [sys.executable, "-c", "import cxresearch"],
    "cx nps --json": [sys.executable, "-c", CLI, "nps", "--codebook",
                      str(ROOT / "data" / "raw" / "retail_cx.yaml"), "--json"],
}
LIMITS = {"import cxresearch": 1.3, "cx nps --json": 1.5}


def _wall(cmd: list[str], env: dict[str, str]) -> float:
    start = time.perf_counter()
    subprocess.run(cmd, check=True, env=env, cwd=ROOT, stdout=subprocess.DEVNULL)
    return time.perf_counter() - start


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rounds", type=int, default=15)
    args = parser.parse_args(argv)
    env = dict(os.environ, PYTHONPATH=str(ROOT))
    for cmd in COMMANDS.values():  # warm the file cache and .pyc files
        _wall(cmd, env)
    times: dict[str, list[float]] = {name: [] for name in COMMANDS}
    for _ in range(args.rounds):
        for name, cmd in COMMANDS.items():
            times[name].append(_wall(cmd, env))
    base = statistics.median(times["import pandas"])
    result = {"rounds": args.rounds, "median_s": {}, "ratio": {}, "limit": LIMITS}
    for name, values in times.items():
        result["median_s"][name] = round(statistics.median(values), 3)
        if name in LIMITS:
            result["ratio"][name] = round(statistics.median(values) / base, 2)
    print(json.dumps(result, indent=2))
    return 0 if all(result["ratio"][n] <= lim for n, lim in LIMITS.items()) else 1


if __name__ == "__main__":
    sys.exit(main())
