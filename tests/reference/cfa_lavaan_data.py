"""Writes cfa_lavaan.csv: a fixed-seed 3-factor simulation (600 rows) for cfa_lavaan.R."""
import numpy as np, pandas as pd
rng = np.random.default_rng(20261201)
n = 600
phi = np.array([[1, .5, .4], [.5, 1, .3], [.4, .3, 1]])
f = rng.multivariate_normal(np.zeros(3), phi, size=n)
lam = {"a": [.85, .75, .6], "b": [.8, .7, .65, .5], "c": [.7, .6, .45]}
cols = {}
for k, (name, ls) in enumerate(lam.items()):
    for j, l in enumerate(ls):
        cols[f"{name}{j+1}"] = np.round(5 + 1.5 * (l * f[:, k] + np.sqrt(1 - l*l) * rng.standard_normal(n)), 3)
pd.DataFrame(cols).to_csv("tests/reference/cfa_lavaan.csv", index=False)
