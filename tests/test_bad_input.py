"""The hostile-input corpus: every bad case exits 2 with a message naming problem and fix."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest
import yaml

DATA = Path(__file__).resolve().parent / "data"
BAD = sorted(p for p in (DATA / "bad").iterdir() if p.is_dir())
OK = sorted(p for p in (DATA / "ok").iterdir() if p.is_dir())


def run_case(folder: Path):
    exp = yaml.safe_load((folder / "expect.yaml").read_text())
    args = [sys.executable, "-m", "cxresearch.cli", exp["command"], "--codebook",
            str(folder / "codebook.yaml"), *exp["args"]]
    if exp["command"] == "validate" and exp["exit"] == 0:
        args.append("--json")
    return exp, subprocess.run(args, capture_output=True, text=True, timeout=120)


def test_corpus_is_large_enough():
    assert len(BAD) >= 40 and len(OK) >= 5


@pytest.mark.parametrize("folder", BAD, ids=[p.name for p in BAD])
def test_bad_case(folder):
    before = {p.name: p.read_bytes() for p in folder.iterdir()}
    exp, r = run_case(folder)
    assert r.returncode == exp["exit"] == 2, (r.returncode, r.stdout, r.stderr)
    assert "Traceback" not in r.stderr + r.stdout
    assert "fix:" in r.stderr
    for fragment in exp["contains"]:
        assert fragment in r.stderr, (fragment, r.stderr)
    # nothing was written next to the input, and the input is unchanged
    assert {p.name: p.read_bytes() for p in folder.iterdir()} == before


@pytest.mark.parametrize("folder", OK, ids=[p.name for p in OK])
def test_tolerated_case(folder):
    import cxresearch as cx

    exp, r = run_case(folder)
    assert r.returncode == 0, r.stderr
    assert json.loads(r.stdout)["respondents"] == exp["check"]["respondents"]
    s = cx.load(folder / "codebook.yaml", cache_dir=False)
    assert int(s.data["ltr"].sum()) == exp["check"]["ltr_sum"]
    assert str(s.data["day"].iloc[0].date()) == "2026-01-05"
