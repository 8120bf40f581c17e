"""Writes cfa_lavaan.csv: a fixed-seed 3-factor simulation (600 rows) for cfa_lavaan.R.

Run from the repository root: python tests/reference/cfa_lavaan_data.py
"""
import numpy as np
import pandas as pd

rng = np.random.default_rng(20261201)
n = 600
phi = np.array([[1, .5, .4], [.5, 1, .3], [.4, .3, 1]])
f = rng.multivariate_normal(np.zeros(3), phi, size=n)
lam = {"a": [.85, .75, .6], "b": [.8, .7, .65, .5], "c": [.7, .6, .45]}
cols = {}
for k, (name, loadings) in enumerate(lam.items()):
    for j, lo in enumerate(loadings):
        e = rng.standard_normal(n)
        cols[f"{name}{j + 1}"] = np.round(5 + 1.5 * (lo * f[:, k] + np.sqrt(1 - lo**2) * e), 3)
pd.DataFrame(cols).to_csv("tests/reference/cfa_lavaan.csv", index=False)
