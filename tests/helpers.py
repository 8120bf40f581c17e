"""Constants and data builders shared by the tests (importable as ``helpers`` under plain
``pytest`` and ``python -m pytest`` alike: the tests folder is on sys.path, it is no package)."""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pandas as pd

ROOT = Path(__file__).resolve().parent.parent
RAW = ROOT / "data" / "raw"


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


def random_frame(n=400, p=5, seed=0, weights=False):
    rng = np.random.default_rng(seed)
    L = rng.uniform(0.2, 0.6, (p, p))
    X = rng.standard_normal((n, p)) @ L
    y = X @ rng.uniform(0, 1, p) + rng.standard_normal(n) * 2
    df = pd.DataFrame(X, columns=[f"d{i}" for i in range(p)]).assign(y=y)
    if weights:
        df["w"] = rng.uniform(0.3, 3, n)
    return df


def drivers_of(df):
    return [c for c in df.columns if c.startswith("d")]


def plan_frame(seed: int = 21, n: int = 2500) -> pd.DataFrame:
    """A: real effect; B: nearly a copy of A without own effect; C: smaller effect,
    independent; D: negative effect; E1/E2: equal effects (tied)."""
    rng = np.random.default_rng(seed)
    A = rng.normal(5, 1, n)
    B = A + rng.normal(0, 0.35, n)                  # r(A, B) ≈ 0.94
    C, D, E1, E2 = (rng.normal(5, 1, n) for _ in range(4))
    y = 1.0 * A + 0.0 * B + 0.5 * C - 0.4 * D + 0.25 * E1 + 0.25 * E2 + rng.normal(0, 1, n)
    return pd.DataFrame({"A": A, "B": B, "C": C, "D": D, "E1": E1, "E2": E2, "y": y})
