"""Relative importance (Shapley/LMG, dominance, relative weights, Pratt) and its bootstrap."""

from __future__ import annotations

import itertools
import math

import numpy as np
import pandas as pd
import pingouin as pg
import pytest
import statsmodels.api as sm
import statsmodels.formula.api as smf
from helpers import RAW, drivers_of, random_frame
from scipy import linalg, stats
from statsmodels.stats.weightstats import DescrStatsW

import cxresearch as cx
from cxresearch.actions import priorities
from cxresearch.errors import CXInputError
from cxresearch.importance import (
    METHODS,
    _boot_corr,
    all_subsets_r2,
    dominance_analysis,
    prob_more_important,
    relative_importance,
    shapley_from_corr,
    shapley_permutation,
)


@pytest.mark.parametrize("p, seed", [(2, 0), (5, 1), (9, 2)])
def test_shapley_equals_pingouin_relimp(p, seed):
    df = random_frame(p=p, seed=seed)
    t = relative_importance(df, outcome="y", drivers=drivers_of(df)).set_index("driver")
    lm = pg.linear_regression(df[drivers_of(df)], df["y"], relimp=True).set_index("names")
    np.testing.assert_allclose(t.loc[drivers_of(df), "importance"],
                               lm.loc[drivers_of(df), "relimp"], atol=1e-10)
    np.testing.assert_allclose(t.loc[drivers_of(df), "share"],
                               lm.loc[drivers_of(df), "relimp_perc"], atol=1e-8)
    assert t.attrs["r2"] == pytest.approx(lm["r2"].iloc[0], abs=1e-12)


def test_shapley_on_bundled_survey_equals_pingouin(survey):
    d = survey.data.dropna(subset=[*survey.drivers, "ltr"])
    t = relative_importance(survey, weight=False).set_index("driver")
    lm = pg.linear_regression(d[survey.drivers], d["ltr"], relimp=True).set_index("names")
    np.testing.assert_allclose(t.loc[survey.drivers, "importance"],
                               lm.loc[survey.drivers, "relimp"], atol=1e-10)


def test_weighted_shapley_by_refitting_wls():
    df = random_frame(p=4, seed=3, weights=True)
    ds = drivers_of(df)
    r2 = {(): 0.0}
    for k in range(1, 5):
        for S in itertools.combinations(ds, k):
            r2[S] = smf.wls("y ~ " + " + ".join(S), df, weights=df["w"]).fit().rsquared
    phi = {}
    for j in ds:
        others = [d for d in ds if d != j]
        total = 0.0
        for k in range(4):
            for S in itertools.combinations(others, k):
                with_j = tuple(d for d in ds if d in S or d == j)
                wgt = math.factorial(k) * math.factorial(3 - k) / math.factorial(4)
                total += wgt * (r2[with_j] - r2[S])
        phi[j] = total
    t = relative_importance(df, outcome="y", drivers=ds, weight="w").set_index("driver")
    np.testing.assert_allclose(t.loc[ds, "importance"], [phi[j] for j in ds], atol=1e-10)


def test_all_subsets_against_direct_solve():
    df = random_frame(p=6, seed=4)
    R = np.corrcoef(df[[*drivers_of(df), "y"]].to_numpy(), rowvar=False)
    r2 = all_subsets_r2(R)
    for mask in [1, 5, 22, 37, 63]:
        idx = [i for i in range(6) if mask >> i & 1]
        r = R[idx, -1]
        assert r2[mask] == pytest.approx(r @ np.linalg.solve(R[np.ix_(idx, idx)], r), abs=1e-12)


def test_relative_weights_by_hand():
    df = random_frame(p=5, seed=5)
    ds = drivers_of(df)
    Z = df[ds].to_numpy()
    Z = (Z - Z.mean(0)) / Z.std(0, ddof=1)
    yz = (df["y"] - df["y"].mean()) / df["y"].std(ddof=1)
    Rxx = np.corrcoef(Z, rowvar=False)
    Lam = np.real(linalg.sqrtm(Rxx))
    orth = Z @ np.linalg.inv(Lam)               # orthogonal counterparts of the drivers
    beta = sm.OLS(yz.to_numpy(), orth).fit().params
    expected = (Lam**2) @ (beta**2)
    t = relative_importance(df, outcome="y", drivers=ds, method="relative_weights")
    np.testing.assert_allclose(t.set_index("driver").loc[ds, "importance"], expected, atol=1e-10)
    assert t["importance"].sum() == pytest.approx(t.attrs["r2"], abs=1e-12)


def test_pratt_by_hand():
    df = random_frame(p=4, seed=6)
    ds = drivers_of(df)
    z = (df - df.mean()) / df.std(ddof=1)
    beta = smf.ols("y ~ " + " + ".join(ds), z).fit().params[ds]
    r = z[ds].corrwith(z["y"])
    t = relative_importance(df, outcome="y", drivers=ds, method="pratt").set_index("driver")
    np.testing.assert_allclose(t.loc[ds, "importance"], beta * r, atol=1e-10)


def test_dominance():
    df = random_frame(p=4, seed=7)
    ds = drivers_of(df)
    dom = dominance_analysis(df, outcome="y", drivers=ds)
    shap = relative_importance(df, outcome="y", drivers=ds).set_index("driver")["importance"]
    np.testing.assert_allclose(dom.general.set_index("driver")["general"], shap.loc[ds],
                               atol=1e-12)
    r = df[ds].corrwith(df["y"])
    np.testing.assert_allclose(dom.conditional[0], r**2, atol=1e-12)  # alone: r²
    full = smf.ols("y ~ " + " + ".join(ds), df).fit().rsquared
    for j in ds:
        others = [d for d in ds if d != j]
        reduced = smf.ols("y ~ " + " + ".join(others), df).fit().rsquared
        assert dom.conditional.loc[j, 3] == pytest.approx(full - reduced, abs=1e-12)
    comp = dom.complete
    assert ((comp + comp.T).fillna(1) == 1).all().all()  # antisymmetric


def test_boot_corr_equals_explicit_resamples():
    df = random_frame(n=120, p=3, seed=8, weights=True)
    X = df[[*drivers_of(df), "y"]].to_numpy()
    w = df["w"].to_numpy()
    Rb = _boot_corr(X, w, 3, np.random.default_rng(5))
    idx = np.random.default_rng(5).integers(0, 120, size=(3, 120))
    for b in range(3):
        # the resamples are correlation matrices (statsmodels' weighted correlation)
        corr = DescrStatsW(X[idx[b]], weights=w[idx[b]]).corrcoef
        np.testing.assert_allclose(Rb[b], corr, atol=1e-10)


@pytest.mark.parametrize("method", METHODS)
def test_bootstrap_of_every_method_is_on_the_estimate_scale(method):
    # issue 13.1: the resampled matrices were covariances, so relative weights and Pratt
    # came out on the drivers' variance scale (CI 0.74-1.06 around 0.12)
    rng = np.random.default_rng(21)
    ds = ["d0", "d1", "d2", "d3"]
    R = np.full((4, 4), 0.3) + 0.7 * np.eye(4)
    X = rng.multivariate_normal(np.zeros(4), R, size=800)
    y = X @ [0.5, 0.3, 0.2, 0.1] + rng.standard_normal(800)
    # scales far from 1: on the covariance scale the intervals were off by these factors
    df = pd.DataFrame(X * [1.0, 3.0, 0.5, 7.0] + 4, columns=ds).assign(y=4 * y)
    t, draws = relative_importance(df, outcome="y", drivers=ds, method=method, n_boot=400,
                                   seed=3, return_draws=True)
    assert ((t["ci_low"] <= t["importance"]) & (t["importance"] <= t["ci_high"])).all()
    assert ((t["share_ci_low"] <= t["share"]) & (t["share"] <= t["share_ci_high"])).all()
    boot = draws[t["driver"]].to_numpy()
    sd = boot.std(axis=0)
    # bootstrap mean within 3 bootstrap SDs / sqrt(B)·... : near the estimate (bias is tiny)
    assert np.all(np.abs(boot.mean(axis=0) - t["importance"].to_numpy()) < 0.5 * sd + 1e-3)
    # the width of a 95 % interval is about 4 SD of the sampling distribution; importance is
    # a part of R² <= 1, so limits stay in [-1, 1] and the interval of R² in [0, 1]
    assert (t["ci_high"] - t["ci_low"] < 0.2).all()
    lo, hi = t.attrs["r2_ci"]
    assert 0 <= lo <= t.attrs["r2"] <= hi <= 1
    # the SD of each importance equals that of an explicit resampling loop (statsmodels
    # correlations, numpy solve) to Monte Carlo precision
    rng = np.random.default_rng(0)
    X = df[ds].to_numpy()
    y = df["y"].to_numpy()
    ref = []
    for _ in range(150):
        i = rng.integers(0, len(df), len(df))
        R = np.corrcoef(np.column_stack([X[i], y[i]]), rowvar=False)
        rxx, rxy = R[:-1, :-1], R[:-1, -1]
        if method == "pratt":
            ref.append(np.linalg.solve(rxx, rxy) * rxy)
        elif method == "relative_weights":
            lam = np.real(linalg.sqrtm(rxx))
            ref.append((lam**2) @ np.linalg.solve(lam, rxy) ** 2)
        else:
            ref.append(pg.linear_regression(pd.DataFrame(X[i], columns=ds), y[i],
                                            relimp=True)["relimp"].to_numpy()[1:])
    sd_ref = pd.Series(np.std(ref, axis=0), index=ds)
    sd_ours = pd.Series(sd, index=t["driver"]).loc[ds]
    np.testing.assert_allclose(sd_ours, sd_ref, rtol=0.3)


def test_cli_relative_weights_bootstrap_intervals(capsys):
    from cxresearch.cli import main

    code = main(["drivers", "--codebook", str(RAW / "retail_cx.yaml"), "--method",
                 "relative_weights",
                 "--bootstrap", "200", "--json"])
    assert code == 0
    import json

    rows = json.loads(capsys.readouterr().out)
    rows = rows["drivers"] if isinstance(rows, dict) else rows
    for r in rows:
        assert r["ci_low"] <= r["importance"] <= r["ci_high"]
        assert r["ci_high"] - r["ci_low"] < 0.1


def test_bootstrap_intervals_and_probabilities():
    df = random_frame(n=600, p=4, seed=9)
    ds = drivers_of(df)
    a, draws = relative_importance(df, outcome="y", drivers=ds, n_boot=500, seed=1,
                                   return_draws=True)
    b, draws_b = relative_importance(df, outcome="y", drivers=ds, n_boot=500, seed=1,
                                     return_draws=True)
    pd.testing.assert_frame_equal(a, b)
    pd.testing.assert_frame_equal(draws, draws_b)
    assert draws.shape == (500, 4) and list(draws.columns) == a["driver"].tolist()
    assert ((a["ci_low"] <= a["importance"]) & (a["importance"] <= a["ci_high"])).all()
    assert (a["rank_ci_low"] <= a["rank"]).all() and (a["rank"] <= a["rank_ci_high"]).all()
    P = prob_more_important(draws)
    # the share of resamples in which the row driver beats the column driver, by hand
    i, j = a["driver"].iloc[1], a["driver"].iloc[2]
    assert P.loc[i, j] == pytest.approx((draws[i] > draws[j]).mean())
    np.testing.assert_allclose((P + P.T).to_numpy()[~np.eye(4, dtype=bool)], 1.0, atol=0.01)
    top, last = a["driver"].iloc[0], a["driver"].iloc[-1]
    assert P.loc[top, last] > 0.95
    bca = relative_importance(df, outcome="y", drivers=ds, n_boot=500, seed=1, ci="bca")
    # BCa and percentile limits are close for these near-symmetric distributions
    np.testing.assert_allclose(bca["ci_low"], a["ci_low"], atol=0.02)
    with pytest.raises(CXInputError, match="no bootstrap"):
        prob_more_important(relative_importance(df, outcome="y", drivers=ds,
                                                return_draws=True)[1])


def test_deprecated_attrs_boot_still_reads_the_draws_with_a_warning():
    df = random_frame(n=300, p=3, seed=4)
    ds = drivers_of(df)
    t, draws = relative_importance(df, outcome="y", drivers=ds, n_boot=50, return_draws=True)
    with pytest.warns(DeprecationWarning, match="return_draws=True"):
        old = t.attrs["boot"].to_numpy()
    np.testing.assert_array_equal(old, draws.to_numpy())
    with pytest.warns(DeprecationWarning, match=r"prob_more_important\(table\)"):
        via_table = prob_more_important(t)
    pd.testing.assert_frame_equal(via_table, prob_more_important(draws))
    # a derived frame (pandas copies attrs) keeps the old place readable, not a copy of it
    assert t.head(2).attrs["boot"] is t.attrs["boot"]
    without = relative_importance(df, outcome="y", drivers=ds, return_draws=True)[1]
    assert without.shape == (0, 3) and "boot" not in relative_importance(
        df, outcome="y", drivers=ds).attrs


def test_bootstrap_se_matches_asymptotic_r2_se():
    # Olkin & Finn: SE(R²) ≈ sqrt(4 R² (1 − R²)² (n − p − 1)² / ((n² − 1)(n + 3)))
    df = random_frame(n=2000, p=3, seed=10)
    t, draws = relative_importance(df, outcome="y", drivers=drivers_of(df), n_boot=2000,
                                   seed=2, return_draws=True)
    boot_r2 = draws.sum(axis=1)
    r2, n, p = t.attrs["r2"], 2000, 3
    se = np.sqrt(4 * r2 * (1 - r2) ** 2 * (n - p - 1) ** 2 / ((n**2 - 1) * (n + 3)))
    assert boot_r2.std() == pytest.approx(se, rel=0.1)


def test_recovers_true_order():
    # well separated effects, no mediation or moderation: the estimated order is the true one
    effects = {"service": 0.40, "brand": 0.30, "price": 0.20, "social": 0.10,
               "atmosphere": 0.0, "assortment": 0.0, "consistency": 0.0, "previous": 0.0}
    sim = cx.simulate_survey(6000, seed=3, effects_rec=effects, effects_sat=dict.fromkeys(
        effects, 0.0), sat_to_rec=0.0, moderation={}, driver_corr=0.3, returning_share=0,
        intervention={}, wave_shift=[0.0] * 4)
    R = np.array(sim.truth["driver_corr"])
    b = np.array([effects[d] for d in sim.truth["drivers"]])
    pop = np.block([[R, (R @ b)[:, None]], [(R @ b)[None, :], np.ones((1, 1))]])
    true = pd.Series(shapley_from_corr(pop), index=sim.truth["drivers"]).sort_values()[::-1]
    import tempfile

    folder = tempfile.mkdtemp()
    sim.write(folder)
    est = relative_importance(cx.load(f"{folder}/retail_cx.yaml", cache_dir=False),
                              n_boot=200, seed=0)
    assert list(est["driver"][:4]) == list(true.index[:4])
    assert stats.spearmanr(est.set_index("driver").loc[true.index, "importance"],
                           true.to_numpy()).statistic > 0.8
    # the four true non-drivers: tiny importance (shared variance only), < 1.5 % of R² each
    assert (est.set_index("driver").loc[true.index[4:], "share"] < 5).all()


@pytest.mark.parametrize("change, message", [
    (lambda d: d.assign(d1=3.0), "same value for every respondent"),
    (lambda d: d.assign(d1=np.nan), "every answer of this driver is missing"),
    (lambda d: d.assign(d2=d["d0"] + d["d1"]), "perfectly collinear"),
    (lambda d: d.head(5), "only 5 respondents"),
])
def test_bad_driver_data(change, message):
    df = change(random_frame(p=3, seed=14))
    with pytest.raises(CXInputError, match=message):
        relative_importance(df, outcome="y", drivers=["d0", "d1", "d2"])


def test_does_not_mutate(survey):
    before = survey.data.copy()
    relative_importance(survey, n_boot=20)
    priorities(survey)
    pd.testing.assert_frame_equal(before, survey.data)


def _hand_shapley3(X, y):
    """Shapley values of 3 drivers from the 8 subset regressions (numpy least squares)."""
    def r2(cols):
        if not cols:
            return 0.0
        A = np.column_stack([np.ones(len(y)), X[:, cols]])
        res = y - A @ np.linalg.lstsq(A, y, rcond=None)[0]
        return 1 - res @ res / ((y - y.mean()) @ (y - y.mean()))
    out = []
    for j in range(3):
        others = [k for k in range(3) if k != j]
        total = 0.0
        for size in range(3):
            for S in itertools.combinations(others, size):
                wgt = math.factorial(size) * math.factorial(2 - size) / math.factorial(3)
                total += wgt * (r2(sorted([*S, j])) - r2(list(S)))
        out.append(total)
    return np.array(out)


def test_bca_equals_scipy_bootstrap_on_the_same_resamples():
    # issue 13.8: scipy.stats.bootstrap(method="BCa") draws its resamples with
    # rng.integers(0, n, (B, n)) and jackknifes leave-one-out: the same draws as ours with the
    # same seed (B <= 250, one chunk) and the same jackknife (n <= jackknife_groups)
    n, B = 120, 240
    df = random_frame(n=n, p=3, seed=31)
    ds = drivers_of(df)
    X, y = df[ds].to_numpy(), df["y"].to_numpy()
    t = relative_importance(df, outcome="y", drivers=ds, n_boot=B, ci="bca", seed=7)
    t = t.set_index("driver").loc[ds]
    perc = relative_importance(df, outcome="y", drivers=ds, n_boot=B, seed=7)
    perc = perc.set_index("driver").loc[ds]
    for j in range(3):
        res = stats.bootstrap((np.arange(n),), lambda i, j=j: _hand_shapley3(X[i], y[i])[j],
                              n_resamples=B, method="BCa", vectorized=False,
                              rng=np.random.default_rng(7))
        lo, hi = res.confidence_interval
        assert t["ci_low"].iloc[j] == pytest.approx(lo, abs=1e-9)
        assert t["ci_high"].iloc[j] == pytest.approx(hi, abs=1e-9)
    # the check can fail: BCa differs from the percentile limits by far more than 1e-9
    assert np.abs(t["ci_low"] - perc["ci_low"]).max() > 1e-4


def test_complete_dominance_against_brute_force():
    rng = np.random.default_rng(32)
    n = 500
    X = rng.multivariate_normal(np.zeros(4), np.full((4, 4), 0.4) + 0.6 * np.eye(4), size=n)
    X[:, 3] = 0.8 * X[:, 2] + 0.6 * rng.standard_normal(n)     # d3 mostly a copy of d2
    y = X @ [0.5, 0.25, 0.2, 0.18] + rng.standard_normal(n)
    ds = ["d0", "d1", "d2", "d3"]
    df = pd.DataFrame(X, columns=ds).assign(y=y)

    def r2(cols):
        return smf.ols("y ~ " + " + ".join(cols), df).fit().rsquared if cols else 0.0

    expected = pd.DataFrame(np.nan, index=ds, columns=ds)
    for a, b in itertools.permutations(ds, 2):
        rest = [d for d in ds if d not in (a, b)]
        diffs = [r2([*S, a]) - r2([*S, b]) for k in range(len(rest) + 1)
                 for S in itertools.combinations(rest, k)]
        expected.loc[a, b] = 1.0 if min(diffs) > 0 else (0.0 if max(diffs) < 0 else 0.5)
    got = dominance_analysis(df, outcome="y", drivers=ds).complete
    pd.testing.assert_frame_equal(got, expected, check_names=False)
    # the data hold both a complete dominance and a pair where neither dominates
    assert (expected == 1).to_numpy().any() and (expected == 0.5).to_numpy().any()


# --------------------------------------------------------------------------- many drivers


def test_all_subsets_at_14_drivers_against_direct_solves_and_collinear_driver():
    # the tree sweep, checked mask by mask against solving the normal equations; a driver
    # that is a copy of another adds nothing to any subset holding the original
    df = random_frame(n=600, p=13, seed=8)
    df["d13"] = df["d2"]
    R = np.corrcoef(df[[*drivers_of(df), "y"]].to_numpy(), rowvar=False)
    r2 = all_subsets_r2(R)
    rng = np.random.default_rng(0)
    for mask in [*rng.integers(1, 1 << 13, 40), (1 << 14) - 1 - (1 << 2)]:
        idx = [i for i in range(14) if mask >> i & 1]
        r = R[idx, -1]
        assert r2[mask] == pytest.approx(r @ np.linalg.solve(R[np.ix_(idx, idx)], r), abs=1e-12)
        assert r2[mask | 1 << 2 | 1 << 13] == pytest.approx(r2[mask | 1 << 2], abs=1e-9)


def test_all_subsets_at_21_drivers_in_node_chunks_against_direct_solves():
    # at 21 drivers the tree runs breadth-first only to some depth and then in chunks of
    # nodes, writing the last driver's halves straight into the result
    df = random_frame(n=800, p=21, seed=9)
    R = np.corrcoef(df[[*drivers_of(df), "y"]].to_numpy(), rowvar=False)
    r2 = all_subsets_r2(R)
    rng = np.random.default_rng(1)
    for mask in [*rng.integers(1, 1 << 21, 30), 1, 1 << 20, (1 << 21) - 1]:
        idx = [i for i in range(21) if mask >> i & 1]
        r = R[idx, -1]
        assert r2[mask] == pytest.approx(r @ np.linalg.solve(R[np.ix_(idx, idx)], r), abs=1e-12)


def _shares(v):
    return 100 * np.asarray(v) / np.sum(v)


@pytest.mark.parametrize("p", [12, 20])
def test_permutation_estimator_within_half_a_point_of_exact(p):
    df = random_frame(n=3000, p=p, seed=p)
    ds = drivers_of(df)
    exact = relative_importance(df, outcome="y", drivers=ds).set_index("driver")
    est = relative_importance(df, outcome="y", drivers=ds, estimator="permutation",
                              seed=3).set_index("driver")
    assert exact.attrs["estimator"] == "exact" and est.attrs["estimator"] == "permutation"
    assert (exact["mc_se"] == 0).all() and (est["mc_se"] > 0).all()
    assert np.abs(est.loc[ds, "share"] - exact.loc[ds, "share"]).max() < 0.5
    # the full R² is exact: every ordering's increments add up to it
    assert est.attrs["r2"] == pytest.approx(exact.attrs["r2"], abs=1e-12)


def _block_population(blocks, size, seed):
    """Population correlation matrix of drivers in independent blocks and y = Xβ + e."""
    rng = np.random.default_rng(seed)
    p = blocks * size
    S = np.zeros((p, p))
    for b in range(blocks):
        L = rng.uniform(0.1, 0.7, (size, size))
        sl = slice(b * size, (b + 1) * size)
        S[sl, sl] = L @ L.T + 0.2 * np.eye(size)
    beta = rng.uniform(0, 1, p)
    cov = np.zeros((p + 1, p + 1))
    cov[:p, :p] = S
    cov[:p, p] = cov[p, :p] = S @ beta
    cov[p, p] = beta @ S @ beta + 4.0 * np.trace(S) / p
    d = np.sqrt(np.diag(cov))
    return cov / np.outer(d, d)


def test_permutation_estimator_on_independent_blocks():
    # with uncorrelated blocks R²(S) = Σ_b R²_b(S ∩ b), so the Shapley values are those of
    # each block's own game: exact, block by block (10 drivers + y each)
    blocks, size = 4, 10
    R = _block_population(blocks, size, seed=5)
    p = blocks * size
    truth = np.concatenate([
        shapley_from_corr(R[np.ix_([*range(b * size, (b + 1) * size), p],
                                   [*range(b * size, (b + 1) * size), p])])
        for b in range(blocks)])
    phi, se = shapley_permutation(R, n_perm=4000, seed=1)
    assert phi.sum() == pytest.approx(truth.sum(), abs=1e-12)
    assert np.abs(_shares(phi) - _shares(truth)).max() < 0.5
    assert (np.abs(phi - truth) < 4.5 * se).all()


def test_permutation_mc_se_matches_the_spread_over_seeds():
    df = random_frame(n=2000, p=15, seed=2)
    R = np.corrcoef(df[[*drivers_of(df), "y"]].to_numpy(), rowvar=False)
    runs = [shapley_permutation(R, n_perm=600, seed=s) for s in range(40)]
    phis = np.array([r[0] for r in runs])
    ses = np.array([r[1] for r in runs])
    ratio = ses.mean(axis=0) / phis.std(axis=0, ddof=1)
    # 40 runs: the spread's own sampling error is about 11 %; the SE over 20 groups ~16 %
    assert 0.7 < np.median(ratio) < 1.35
    assert ((ratio > 0.45) & (ratio < 2.0)).all()
    # and the estimates centre on the exact values
    exact = shapley_from_corr(R)
    assert np.abs(phis.mean(axis=0) - exact).max() < 4 * (ses.mean(axis=0) / np.sqrt(40)).max()


def test_permutation_bootstrap_intervals_track_the_exact_ones():
    # same seed: the same row resamples for both, so the intervals differ only by the
    # estimator's error in every resample
    df = random_frame(n=800, p=12, seed=6)
    ds = drivers_of(df)
    kw = dict(outcome="y", drivers=ds, n_boot=300, seed=9)
    ex = relative_importance(df, **kw).set_index("driver").loc[ds]
    est = relative_importance(df, estimator="permutation", **kw).set_index("driver").loc[ds]
    for col in ("share_ci_low", "share_ci_high"):
        assert np.abs(est[col] - ex[col]).max() < 0.5
    width = ex["share_ci_high"] - ex["share_ci_low"]
    assert np.abs((est["share_ci_high"] - est["share_ci_low"]) / width - 1).max() < 0.15


def test_many_drivers_estimated_automatically_with_a_warning():
    df = random_frame(n=1500, p=30, seed=1)
    ds = drivers_of(df)
    with pytest.warns(UserWarning, match="estimated"):
        t = relative_importance(df, outcome="y", drivers=ds, n_boot=20)
    assert t.attrs["estimator"] == "permutation" and len(t) == 30
    assert (t["share_mc_se"] > 0).all() and (t["share_mc_se"] < 0.2).all()
    assert (t["ci_low"] <= t["importance"]).all() and (t["importance"] <= t["ci_high"]).all()
    with pytest.raises(CXInputError, match="2\\^30"):
        relative_importance(df, outcome="y", drivers=ds, estimator="exact")
    with pytest.raises(CXInputError, match="dominance"):
        dominance_analysis(df, outcome="y", drivers=ds)
