"""Running many reports: the demo set on the bundled survey, and batch files.

Examples
--------
>>> "nps_overview" in DEMO_NOTEBOOKS
True
"""

from __future__ import annotations

import sys
from pathlib import Path

from .errors import CXInputError
from .io import bundled_codebook
from .report import ReportError, list_notebooks, run_report

__all__ = ["DEMO_NOTEBOOKS", "run_demo"]

#: The report notebooks ``cx demo`` and ``make report`` run, in reading order.
DEMO_NOTEBOOKS = ["nps_overview", "driver_analysis", "measurement", "moderators", "journey",
                  "tracking"]


def run_demo(out: str | Path = "reports", *, lang: str = "en") -> int:
    """Run every shipped report notebook on the bundled survey into ``out``.

    Returns the exit code: 0 when every report was written, 1 when any failed (the others
    are still written).
    """
    available = set(list_notebooks())
    failed = 0
    for name in [n for n in DEMO_NOTEBOOKS if n in available]:
        try:
            result = run_report(name, codebook=bundled_codebook(), out_dir=out, lang=lang)
            print(f"wrote {result.path} ({result.seconds:.1f} s)")
        except (ReportError, CXInputError) as err:
            failed += 1
            print(f"FAILED {name}: {err}", file=sys.stderr)
    return 1 if failed else 0
