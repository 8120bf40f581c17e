"""Reliability, CFA and the structural model against pingouin, hand formulas and the truth."""

from __future__ import annotations

import json
from pathlib import Path

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


REF = Path(__file__).parent / "reference"
SPEC = {"a": ["a1", "a2", "a3"], "b": ["b1", "b2", "b3", "b4"], "c": ["c1", "c2", "c3"]}
# names semopy's model syntax cannot take: cfa and structural_model alias them
ODD = {"a1": "palvelu 1", "a2": "näyttö-laatu", "a3": "Å 3"}


@pytest.fixture(scope="module")
def lavaan_fits():
    """cfa on the committed 600-row simulation vs lavaan 0.6 ML (tests/reference/cfa_lavaan.R)."""
    x = pd.read_csv(REF / "cfa_lavaan.csv").rename(columns=ODD)
    spec = {k: [ODD.get(i, i) for i in v] for k, v in SPEC.items()}
    ref = json.loads((REF / "cfa_lavaan.json").read_text(encoding="utf-8"))
    k = cfa(x, constructs=spec)
    one = cfa(x, constructs={"g": [i for v in spec.values() for i in v]})
    return x, spec, ref, k, one


def test_cfa_fit_equals_lavaan(lavaan_fits):
    _, _, ref, k, one = lavaan_fits
    for res, key in ((k, "k_factor"), (one, "one_factor")):
        f, r = res.fit, ref[key]
        assert f["df"] == r["df"] and f["n_parameters"] == r["npar"]
        assert f["chi2"] == pytest.approx(r["chisq"], rel=1e-6)   # 37.6196 and 535.8746
        assert f["minus2_loglik"] == pytest.approx(-2 * r["logl"], rel=1e-9)
        assert f["aic"] == pytest.approx(r["aic"], rel=1e-9)
        assert f["bic"] == pytest.approx(r["bic"], rel=1e-9)
        assert f["cfi"] == pytest.approx(r["cfi"], abs=1e-6)
        assert f["srmr"] == pytest.approx(r["srmr"], abs=1e-6)
        assert f["rmsea"] == pytest.approx(r["rmsea"], abs=1e-6)
        assert f["rmsea_ci_low"] == pytest.approx(r["rmsea.ci.lower"], abs=1e-6)
        assert f["rmsea_ci_high"] == pytest.approx(r["rmsea.ci.upper"], abs=1e-6)
        assert f["weighted"] is False
    # the information criteria prefer three factors, by lavaan's margin (492.25 AIC points)
    d_aic = one.fit["aic"] - k.fit["aic"]
    assert d_aic == pytest.approx(ref["one_factor"]["aic"] - ref["k_factor"]["aic"], abs=1e-5)
    assert d_aic > 400
    assert one.fit["bic"] - k.fit["bic"] == pytest.approx(
        ref["one_factor"]["bic"] - ref["k_factor"]["bic"], abs=1e-5)


def test_cfa_loadings_ave_cr_htmt_equal_lavaan(lavaan_fits):
    _, _, ref, k, _ = lavaan_fits
    lav = pd.DataFrame(ref["loadings"])
    lav["item"] = lav["item"].map(lambda i: ODD.get(i, i))
    got = k.loadings.set_index("item").loc[lav["item"]]
    np.testing.assert_allclose(got["loading"], lav["loading"], atol=1e-5)
    np.testing.assert_allclose(got["std_loading"], lav["std"], atol=1e-5)
    val = k.validity.set_index("construct")
    for r in ref["validity"]:   # AVE and CR computed in R from lavaan's standardized loadings
        assert val.loc[r["construct"], "ave"] == pytest.approx(r["ave"], abs=1e-5)
        assert val.loc[r["construct"], "cr"] == pytest.approx(r["cr"], abs=1e-5)
    for pair, v in ref["htmt"].items():   # Henseler et al. (2015) eq. 6, written in R
        i, j = pair.split("-")
        assert k.htmt.loc[i, j] == pytest.approx(v, abs=1e-10)


def test_omega_equals_lavaan(lavaan_fits):
    x, spec, ref, _, _ = lavaan_fits
    rel = reliability(x, constructs=spec).set_index("construct")
    for name, om in ref["omega"].items():   # a 0.80954, b 0.75358, c 0.59619
        assert rel.loc[name, "omega"] == pytest.approx(om, abs=1e-5)


def test_rmsea_interval_inverts_the_noncentral_chi2():
    est, lo, hi = rmsea_interval(300.0, 200, 1000)
    # scipy's ncx2 at the limits gives the 95 % / 5 % points (Steiger 1990)
    assert stats.ncx2.cdf(300, 200, lo**2 * 200 * 1000) == pytest.approx(0.95, abs=1e-6)
    assert stats.ncx2.cdf(300, 200, hi**2 * 200 * 1000) == pytest.approx(0.05, abs=1e-6)
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
    ind = sem.indirect.set_index("driver")
    # true standardised effects on satisfaction: service .30, assortment .25, price .20
    assert ind.loc["service", "a"] == pytest.approx(0.30, abs=0.06)
    assert ind.loc["assortment", "a"] == pytest.approx(0.25, abs=0.06)
    assert ind.loc["price", "a"] == pytest.approx(0.20, abs=0.06)
    assert ind["a"].idxmax() == "service"
    assert 0 < sem.r2["csat"] < sem.r2["ltr"] < 1


def test_one_item_construct_refused(survey):
    with pytest.raises(CXInputError, match="has one item"):
        cfa(survey, constructs={"x": ["price_1"], "y": ["brand_1", "brand_2", "brand_3"]})
    with pytest.raises(CXInputError, match="at least two items"):
        cronbach_alpha(survey.data[["price_1"]])


def test_structural_model_takes_any_column_names():
    x = pd.read_csv(REF / "cfa_lavaan.csv")
    plain = structural_model(x, drivers={"a": SPEC["a"], "c": SPEC["c"]}, mediator="b1",
                             outcome="b2")
    odd = x.rename(columns=ODD | {"b1": "tyytyväisyys (0-10)", "b2": "suosittelu-NPS"})
    res = structural_model(odd, drivers={"palvelu": [ODD[i] for i in SPEC["a"]], "c": SPEC["c"]},
                           mediator="tyytyväisyys (0-10)", outcome="suosittelu-NPS")
    assert set(res.paths["from"]) == {"palvelu", "c", "tyytyväisyys (0-10)"}
    np.testing.assert_allclose(res.paths["estimate"], plain.paths["estimate"], atol=1e-8)
    assert res.fit["chi2"] == pytest.approx(plain.fit["chi2"], rel=1e-8)


# ------------------------------------------------------- impossible or failed fits (issue 12)


def _exact_sample(R, n=500, seed=0, names=None):
    """Data whose ML covariance is exactly R (whitened normal draws times R's Cholesky)."""
    rng = np.random.default_rng(seed)
    Z = rng.standard_normal((n, len(R)))
    Z -= Z.mean(axis=0)
    Z = Z @ np.linalg.inv(np.linalg.cholesky(Z.T @ Z / n)).T
    return pd.DataFrame(Z @ np.linalg.cholesky(R).T, columns=names)


@pytest.mark.filterwarnings("ignore:divide by zero:RuntimeWarning")  # semopy's RMSEA at df 0
def test_heywood_case_is_flagged():
    # one factor, three items: the unbounded ML solution reproduces R exactly, with
    # λ1² = r12·r13 / r23 = 0.8·0.8 / 0.5 = 1.28 > 1, i.e. item 1's residual variance
    # 1 − 1.28 < 0 (lavaan reports it); semopy keeps variances ≥ 0 and stops at the bound
    # (standardised loading 1, residual variance 0): both are Heywood cases
    R = np.array([[1, .8, .8], [.8, 1, .5], [.8, .5, 1]])
    assert R[0, 1] * R[0, 2] / R[1, 2] > 1
    x = _exact_sample(R, names=["q1", "q2", "q3"])
    fit = cfa(x, constructs={"f": ["q1", "q2", "q3"]})
    lam = fit.loadings.set_index("item")["std_loading"]
    assert lam["q1"] == pytest.approx(1, abs=1e-6)
    checks = fit.checks.set_index(["check", "term"])
    assert checks.loc[("std_loading", "q1"), "flagged"]
    assert checks.loc[("negative_variance", "q1"), "flagged"]
    assert checks.loc[("negative_variance", "q1"), "value"] == pytest.approx(0, abs=1e-6)
    assert not checks.loc[("std_loading", "q2"), "flagged"]
    assert not checks.loc[("negative_variance", "q2"), "flagged"]
    assert fit.fit["flagged"] and fit.loadings.set_index("item")["flagged"].to_dict() == {
        "q1": True, "q2": False, "q3": False}


def test_sound_cfa_is_not_flagged(survey):
    fit = cfa(survey)
    assert not fit.checks["flagged"].any() and fit.fit["converged"]
    assert (fit.checks["check"] == "std_loading").sum() == len(fit.loadings)


def test_non_converged_sem_is_flagged(survey, monkeypatch):
    import cxresearch.measurement as m

    monkeypatch.setattr(m, "_SOLVER_OPTIONS", {"ftol": 1e-12, "maxiter": 2})
    fit = cfa(survey)
    assert not fit.fit["converged"] and fit.fit["flagged"]
    assert fit.checks.set_index("check").loc["not_converged", "flagged"]
    sem = structural_model(survey)
    assert sem.checks.set_index("check").loc["not_converged", "flagged"]


def test_structural_standardised_effects_beyond_limit_are_flagged():
    # two latent drivers correlated .95 and an outcome following their difference
    r = 0.95
    L = np.array([[0.9, 0], [0.9, 0], [0.9, 0], [0, 0.9], [0, 0.9], [0, 0.9]])
    Phi = np.array([[1, r], [r, 1]])
    C = L @ Phi @ L.T
    np.fill_diagonal(C, 1)
    # mediator m = f1 - f2 (+ noise), outcome y = m + noise
    b = np.array([1.0, -1.0])
    var_m = b @ Phi @ b + 0.01
    cov_fm = L @ Phi @ b
    full = np.zeros((8, 8))
    full[:6, :6] = C
    full[:6, 6] = full[6, :6] = cov_fm / np.sqrt(var_m)
    full[6, 6] = 1
    full[:6, 7] = full[7, :6] = 0.9 * cov_fm / np.sqrt(var_m)
    full[6, 7] = full[7, 6] = 0.9
    full[7, 7] = 1
    x = _exact_sample(full, n=2000, names=["a1", "a2", "a3", "b1", "b2", "b3", "m", "y"])
    sem = structural_model(x, drivers={"A": ["a1", "a2", "a3"], "B": ["b1", "b2", "b3"]},
                           mediator="m", outcome="y")
    std = sem.paths.set_index(["to", "from"])["std_estimate"]
    beyond = std[std.abs() > 1.5]
    assert len(beyond) >= 2     # A → m and B → m, about ±3
    flagged = sem.checks.query("check == 'std_effect' and flagged")
    assert set(flagged["term"]) == {f"{f} → {t}" for t, f in beyond.index}
    assert sem.fit["flagged"]
