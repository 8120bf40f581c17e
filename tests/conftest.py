"""Shared fixtures: the bundled survey, small codebooks written on the fly, raw-data guard."""

from __future__ import annotations

import hashlib
from pathlib import Path

import matplotlib
import numpy as np
import pandas as pd
import pytest
import yaml

matplotlib.use("Agg")

ROOT = Path(__file__).resolve().parent.parent
RAW = ROOT / "data" / "raw"


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


MINI_CODEBOOK = {
    "name": "Mini survey",
    "data": "mini.csv",
    "id": "id",
    "weight": "w",
    "missing": [-99],
    "outcomes": {"recommend": {"column": "ltr", "scale": [0, 10]}},
    "constructs": {
        "service": {"items": ["s1", "s2", "s3"], "reverse": ["s3"], "scale": [1, 5]},
        "price": {"items": ["p1", "p2"], "scale": [1, 5]},
    },
    "segments": ["channel"],
    "pii": ["email"],
    "text": ["comment"],
}


def mini_frame(n: int = 12, seed: int = 0) -> pd.DataFrame:
    rng = np.random.default_rng(seed)
    return pd.DataFrame({
        "id": range(1, n + 1),
        "w": rng.uniform(0.5, 2, n).round(3),
        "ltr": rng.integers(0, 11, n),
        "s1": rng.integers(1, 6, n), "s2": rng.integers(1, 6, n), "s3": rng.integers(1, 6, n),
        "p1": rng.integers(1, 6, n), "p2": rng.integers(1, 6, n),
        "channel": rng.choice(["web", "store"], n),
        "email": [f"person{i}@example.com" for i in range(n)],
        "comment": ["ok"] * n,
    })


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
