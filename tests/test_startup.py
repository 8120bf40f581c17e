"""``import cxresearch`` stays light: the heavy libraries load on first use (issue 17 item 6).

Not timed (timings live in benchmarks/bench_startup.py); this checks the cause of a slow
start, which sys.modules of a fresh interpreter shows deterministically.
"""

import os
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
HEAVY = ("scipy", "statsmodels", "matplotlib", "seaborn", "papermill", "nbconvert", "semopy",
         "duckdb")


def _loaded(code: str) -> set[str]:
    probe = code + "\nimport sys\nprint(' '.join(sorted(sys.modules)))"
    out = subprocess.run([sys.executable, "-c", probe], check=True, capture_output=True,
                         text=True, cwd=ROOT, env=dict(os.environ, PYTHONPATH=str(ROOT)))
    return {name.split(".")[0] for name in out.stdout.split()}


def test_import_cxresearch_loads_no_heavy_library():
    loaded = _loaded("import cxresearch")
    assert not loaded & set(HEAVY), sorted(loaded & set(HEAVY))


def test_cx_nps_json_loads_no_heavy_library():
    # the CLI's NPS path needs pandas but none of scipy, statsmodels, plotting or papermill
    code = ("import sys, contextlib, io\nfrom cxresearch.cli import main\n"
            "sys.argv = ['cx', 'nps', '--codebook', 'data/raw/retail_cx.yaml', '--json']\n"
            "with contextlib.redirect_stdout(io.StringIO()):\n    main()")
    loaded = _loaded(code)
    assert "pandas" in loaded  # the probe really ran the command
    assert not loaded & set(HEAVY), sorted(loaded & set(HEAVY))


def test_flat_api_names_resolve_lazily():
    import cxresearch as cx
    from cxresearch import metrics

    assert cx.nps is metrics.nps
    assert set(dir(cx)) >= set(cx.__all__)
    with pytest.raises(AttributeError):
        cx.no_such_function  # noqa: B018


def test_function_named_like_its_module_stays_the_function():
    # importing the submodule cxresearch.crosstab must not shadow cx.crosstab (a function)
    code = ("import cxresearch.crosstab, cxresearch as cx\n"
            "assert callable(cx.crosstab) and cx.crosstab.__name__ == 'crosstab'\n")
    _loaded(code)


def test_result_types_are_exported_lazily_and_are_the_modules_classes():
    # every result dataclass an analysis function returns is cx.<Name>, the module's own class
    # (not a copy), and deriving from results.Result; none of them is loaded by the import
    import importlib

    import cxresearch as cx
    from cxresearch.results import Result

    expected = {"Result": "results", "CFAResult": "measurement", "SEMResult": "measurement",
                "CrosstabResult": "crosstab", "DominanceResult": "importance",
                "DriverModels": "models", "InteractionResult": "moderation",
                "GroupImportanceResult": "moderation", "SatisfactionResult": "moderation",
                "PathsResult": "moderation", "BeforeAfterResult": "tracking",
                "CarryoverResult": "tracking", "ChannelGapResult": "tracking",
                "RakeResult": "weighting"}
    for name, module in expected.items():
        assert name in cx.__all__, name
        assert getattr(cx, name) is getattr(importlib.import_module(f"cxresearch.{module}"),
                                            name), name
    # every Result subclass in the package is among them (a new one must be exported too)
    package = Path(cx.__file__).parent
    found = set()
    for f in package.glob("*.py"):
        if f.stem.startswith("_") or f.stem in ("report", "drivers"):
            continue
        mod = importlib.import_module(f"cxresearch.{f.stem}")
        found |= {n for n, v in vars(mod).items() if isinstance(v, type)
                  and issubclass(v, Result) and v.__module__ == mod.__name__}
    assert found <= set(expected), sorted(found - set(expected))
    # exported lazily: the import itself loads none of the modules behind them
    loaded = _loaded_modules("import cxresearch as cx\nassert 'RakeResult' in dir(cx)")
    assert not loaded & {f"cxresearch.{m}" for m in expected.values()}, sorted(loaded)


def _loaded_modules(code: str) -> set[str]:
    probe = code + "\nimport sys\nprint(' '.join(sorted(sys.modules)))"
    out = subprocess.run([sys.executable, "-c", probe], check=True, capture_output=True,
                         text=True, cwd=ROOT, env=dict(os.environ, PYTHONPATH=str(ROOT)))
    return set(out.stdout.split())
