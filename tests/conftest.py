"""Shared fixtures: the bundled survey, small codebooks written on the fly, raw-data guard."""

from __future__ import annotations

import hashlib
from pathlib import Path

import matplotlib
import pandas as pd
import pytest
import yaml
from helpers import MINI_CODEBOOK, RAW, mini_frame

matplotlib.use("Agg")


def _tree_hash(folder: Path) -> dict[str, str]:
    return {str(p.relative_to(folder)): hashlib.sha256(p.read_bytes()).hexdigest()
            for p in sorted(folder.rglob("*")) if p.is_file()}


@pytest.fixture(scope="session", autouse=True)
def raw_data_is_never_written():
    """Every test session proves data/raw/ is byte-identical afterwards."""
    before = _tree_hash(RAW)
    yield
    assert _tree_hash(RAW) == before, "something wrote into data/raw/"


@pytest.fixture(autouse=True)
def _close_figures():
    yield
    import matplotlib.pyplot as plt

    plt.close("all")


@pytest.fixture(scope="session")
def bundled_codebook() -> Path:
    return RAW / "retail_cx.yaml"


@pytest.fixture(scope="session")
def survey(bundled_codebook):
    import cxresearch as cx

    return cx.load(bundled_codebook, cache_dir=False)


@pytest.fixture(scope="session")
def big_survey(tmp_path_factory):
    """A simulated survey of 12,000 (seed 7): enough power to test recovery of the truth."""
    import cxresearch as cx

    folder = tmp_path_factory.mktemp("big_survey")
    cx.simulate_survey(12000, seed=7).write(folder)
    return cx.load(folder / "retail_cx.yaml", cache_dir=False)



@pytest.fixture
def make_survey(tmp_path):
    """Write a codebook and data to tmp_path; returns the codebook path.

    ``make_survey(df=None, codebook_changes=None, filename="mini.csv", writer=None)``
    """

    def make(df: pd.DataFrame | None = None, codebook_changes: dict | None = None,
             filename: str = "mini.csv", writer=None, raw_text: str | bytes | None = None):
        cb = dict(MINI_CODEBOOK, data=filename)
        cb.update(codebook_changes or {})
        target = tmp_path / filename
        if raw_text is not None:
            target.write_bytes(raw_text if isinstance(raw_text, bytes) else raw_text.encode())
        else:
            frame = mini_frame() if df is None else df
            if writer is not None:
                writer(frame, target)
            else:
                frame.to_csv(target, index=False)
        path = tmp_path / "mini.yaml"
        path.write_text(yaml.safe_dump(cb, sort_keys=False), encoding="utf-8")
        return path

    return make
