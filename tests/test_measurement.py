"""Reliability, CFA and the structural model against pingouin, hand formulas and the truth."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pingouin as pg
import pytest
from scipy import stats

from cxresearch.errors import CXInputError
from cxresearch.measurement import (
    cfa,
    cronbach_alpha,
    htmt,
    reliability,
    rmsea_interval,
    structural_model,
)


def test_alpha_equals_pingouin(survey):
    rel = reliability(survey, omega=False).set_index("construct")
    for name in survey.drivers:
        items = survey.data[list(survey.codebook.constructs[name].items)]
        a, ci = pg.cronbach_alpha(items)
        assert rel.loc[name, "alpha"] == pytest.approx(a, abs=1e-12)
        assert rel.loc[name, "alpha_ci_low"] == pytest.approx(ci[0], abs=5e-4)  # pg rounds
        assert rel.loc[name, "alpha_ci_high"] == pytest.approx(ci[1], abs=5e-4)


def test_item_statistics_by_hand(survey):
    _, items = reliability(survey, constructs=["atmosphere"], items=True, omega=False)
    x = survey.data[["atmosphere_1", "atmosphere_2", "atmosphere_3"]]
    row = items.set_index("item").loc["atmosphere_3"]
    rest = x[["atmosphere_1", "atmosphere_2"]]
    C = x.cov()
    others = ["atmosphere_1", "atmosphere_2"]
    r_drop = C.loc["atmosphere_3", others].sum() / np.sqrt(
        C.loc["atmosphere_3", "atmosphere_3"] * C.loc[others, others].to_numpy().sum())
    assert row["item_rest_r"] == pytest.approx(r_drop, abs=1e-12)
    ok = x.notna().all(axis=1)   # close to the complete-case correlation with 3 % missing
    r = np.corrcoef(x.loc[ok, "atmosphere_3"], rest[ok].sum(axis=1))[0, 1]
    assert row["item_rest_r"] == pytest.approx(r, abs=0.01)
    assert row["alpha_if_deleted"] == pytest.approx(pg.cronbach_alpha(rest)[0], abs=1e-12)
    # the simulation's deliberately weak item (loading 0.45) lowers alpha
    alpha = reliability(survey, constructs=["atmosphere"], omega=False)["alpha"].iloc[0]
    assert row["alpha_if_deleted"] > alpha


def test_omega_equals_alpha_for_tau_equivalent_items():
    # equal loadings and error variances: omega = alpha in the population
    rng = np.random.default_rng(0)
    f = rng.standard_normal(20000)
    x = pd.DataFrame({f"x{i}": 0.7 * f + 0.71 * rng.standard_normal(20000) for i in range(4)})
    rel = reliability(x, constructs={"c": list(x.columns)})
    assert rel["omega"].iloc[0] == pytest.approx(rel["alpha"].iloc[0], abs=0.005)
    true = (4 * 0.7) ** 2 / ((4 * 0.7) ** 2 + 4 * 0.71**2)
    assert rel["omega"].iloc[0] == pytest.approx(true, abs=0.01)


def test_rmsea_interval_by_hand():
    est, lo, hi = rmsea_interval(300.0, 200, 1000)
    assert est == pytest.approx(np.sqrt(100 / (200 * 999)))
    lam_lo, lam_hi = (lo**2) * 200 * 999, (hi**2) * 200 * 999
    assert stats.ncx2.cdf(300, 200, lam_lo) == pytest.approx(0.95, abs=1e-6)
    assert stats.ncx2.cdf(300, 200, lam_hi) == pytest.approx(0.05, abs=1e-6)
    assert rmsea_interval(150.0, 200, 1000)[:2] == (0.0, 0.0)


def test_cfa_recovers_simulated_loadings(survey):
    res = cfa(survey)
    truth = {"service": [0.85, 0.80, 0.78, 0.70], "atmosphere": [0.80, 0.78, 0.45]}
    for name, lam in truth.items():
        got = res.loadings[res.loadings.construct == name]["std_loading"].to_numpy()
        # Likert cutting attenuates loadings a little; within 0.07
        np.testing.assert_allclose(got, lam, atol=0.07)
    f = res.fit
    assert f["cfi"] > 0.99 and f["rmsea"] < 0.03 and f["srmr"] < 0.03  # the model is true
    assert f["rmsea_ci_low"] <= f["rmsea"] <= f["rmsea_ci_high"]
    assert res.validity["fornell_larcker"].all()
    # AVE and CR from the standardised loadings, by hand
    lam = res.loadings[res.loadings.construct == "price"]["std_loading"].to_numpy()
    v = res.validity.set_index("construct").loc["price"]
    assert v["ave"] == pytest.approx(np.mean(lam**2))
    assert v["cr"] == pytest.approx(lam.sum() ** 2 / (lam.sum() ** 2 + (1 - lam**2).sum()))


def test_cfa_detects_misfit(survey):
    # two distinct constructs forced into one factor: worse fit
    both = list(survey.codebook.constructs["price"].items) + list(
        survey.codebook.constructs["brand"].items)
    one = cfa(survey, constructs={"mixed": both}).fit
    two = cfa(survey, constructs=["price", "brand"]).fit
    assert one["rmsea"] > 0.1 and one["cfi"] < 0.9 and two["cfi"] > 0.99
    assert one["srmr"] > two["srmr"]


def test_htmt_by_hand():
    R = pd.DataFrame(np.array([[1, .6, .3, .2], [.6, 1, .25, .35], [.3, .25, 1, .5],
                               [.2, .35, .5, 1]]), columns=list("abcd"), index=list("abcd"))
    rng = np.random.default_rng(3)
    x = pd.DataFrame(rng.multivariate_normal(np.zeros(4), R, size=50000), columns=list("abcd"))
    H = htmt(x, constructs={"A": ["a", "b"], "B": ["c", "d"]})
    c = x.corr().abs()
    expected = c.loc[["a", "b"], ["c", "d"]].to_numpy().mean() / np.sqrt(c.loc["a", "b"] *
                                                                         c.loc["c", "d"])
    assert H.loc["A", "B"] == pytest.approx(expected, abs=1e-12)
    assert H.loc["A", "B"] == pytest.approx(0.275 / np.sqrt(0.6 * 0.5), abs=0.02)


def test_structural_model_recovers_paths(survey):
    sem = structural_model(survey)
    ind = sem["indirect"].set_index("driver")
    # true standardised effects on satisfaction: service .30, assortment .25, price .20
    assert ind.loc["service", "a"] == pytest.approx(0.30, abs=0.06)
    assert ind.loc["assortment", "a"] == pytest.approx(0.25, abs=0.06)
    assert ind.loc["price", "a"] == pytest.approx(0.20, abs=0.06)
    assert ind["a"].idxmax() == "service"
    assert 0 < sem["r2"]["csat"] < sem["r2"]["ltr"] < 1


def test_one_item_construct_refused(survey):
    with pytest.raises(CXInputError, match="has one item"):
        cfa(survey, constructs={"x": ["price_1"], "y": ["brand_1", "brand_2", "brand_3"]})
    with pytest.raises(CXInputError, match="at least two items"):
        cronbach_alpha(survey.data[["price_1"]])
