"""Action tools: importance-performance analysis, penalty-reward, priorities."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest
import statsmodels.formula.api as smf
from helpers import drivers_of, plan_frame, random_frame

from cxresearch.actions import ipa, penalty_reward, priorities
from cxresearch.importance import relative_importance


def test_non_nps_outcome():
    df = random_frame(p=3, seed=11)
    df["rec7"] = np.clip(np.round(4 + df["y"] / df["y"].std() * 1.5), 1, 7)
    t = relative_importance(df, outcome="rec7", drivers=drivers_of(df))
    assert t["importance"].sum() == pytest.approx(t.attrs["r2"])
    pr = priorities(df, outcome="rec7", drivers=drivers_of(df))
    assert (pr["unit"] == "outcome mean").all()
    # OLS mode by hand: gain_j = beta_j * mean(max(level - x_j, 0))
    fit = smf.ols("rec7 ~ " + " + ".join(drivers_of(df)), df).fit()
    for _, row in pr.iterrows():
        x = df[row["driver"]]
        lift = np.maximum(x.mean() - x, 0).mean()
        assert row["gain"] == pytest.approx(fit.params[row["driver"]] * lift, rel=1e-8)


def test_priorities_nps_ranks_effect_drivers_first():
    rng = np.random.default_rng(12)
    n = 3000
    X = rng.standard_normal((n, 3))
    latent = 1.2 * X[:, 0] + 0.4 * X[:, 1] + rng.logistic(size=n)
    ltr = np.clip(np.round(7 + 1.5 * latent), 0, 10)
    df = pd.DataFrame(X, columns=["big", "small", "none"]).assign(ltr=ltr)
    pr = priorities(df, outcome="ltr", drivers=["big", "small", "none"], scale=(0, 10))
    assert list(pr["driver"]) == ["big", "small", "none"]
    assert pr["unit"].iloc[0] == "NPS points" and abs(pr["gain"].iloc[2]) < 1.0
    assert pr["gain"].iloc[0] > 5


def test_ipa_cuts():
    t = pd.DataFrame({"driver": list("abcde"), "importance": [.5, .3, .1, .1, .0],
                      "performance": [1, 9, 2, 8, 3]})
    mean = ipa(t)
    assert mean.attrs["importance_cut"] == pytest.approx(0.2)
    assert mean.set_index("driver")["quadrant"].to_dict() == {
        "a": "fix first", "b": "keep up", "c": "low priority", "d": "possible overkill",
        "e": "low priority"}
    assert ipa(t, cut="median").attrs["performance_cut"] == 3


def test_penalty_reward_kano():
    rng = np.random.default_rng(13)
    n = 4000
    X = rng.uniform(1, 7, (n, 3))
    y = (5 - 2.0 * (X[:, 0] < 3) + 2.0 * (X[:, 1] > 5) - 1.0 * (X[:, 2] < 3)
         + 1.0 * (X[:, 2] > 5) + rng.normal(0, 1, n))
    df = pd.DataFrame(X, columns=["basic", "excite", "perf"]).assign(y=y)
    pr = penalty_reward(df, outcome="y", drivers=["basic", "excite", "perf"],
                        scale=(1, 7)).set_index("driver")
    assert pr.loc["basic", "kano"] == "basic" and pr.loc["excite", "kano"] == "excitement"
    assert pr.loc["perf", "kano"] == "performance"
    assert pr.loc["basic", "penalty"] == pytest.approx(-2.0, abs=0.15)
    assert pr.loc["excite", "reward"] == pytest.approx(2.0, abs=0.15)


@pytest.mark.parametrize("call, message", [
    (lambda df: priorities(df, outcome="y", drivers=["d0", "d1"], target="meen"),
     "(?s)unknown target 'meen'.*did you mean 'mean'"),
    (lambda df: priorities(df, outcome="y", drivers=["d0", "d1"], target="top box"),
     "unknown target"),
    (lambda df: ipa(relative_importance(df, outcome="y", drivers=["d0", "d1"]), cut="Median"),
     "did you mean 'median'"),
    (lambda df: relative_importance(df, outcome="y", drivers=["d0", "d1"], method="shapely"),
     "did you mean 'shapley'"),
    (lambda df: relative_importance(df, outcome="y", drivers=["d0", "d1"], ci="BCA"),
     "did you mean 'bca'"),
    (lambda df: priorities(df, outcome="y", drivers=["d0", "dd1"]), "did you mean 'd1'"),
    (lambda df: penalty_reward(df, outcome="yy", drivers=["d0", "d1"]), "did you mean 'y'"),
    (lambda df: priorities(df, outcome="y", drivers=["d0", "d1"], level=95), "between 0 and 1"),
    (lambda df: penalty_reward(df, outcome="y", drivers=["d0", "d1"], alpha=5),
     "between 0 and 1"),
])
def test_unknown_names_and_choices_are_refused(call, message):
    # issue 13.7: no silent fallback for a misspelt choice or column
    from cxresearch.errors import CXInputError

    with pytest.raises(CXInputError, match=message):
        call(random_frame(p=2, seed=3))


def test_priorities_nps_gain_and_bootstrap_against_statsmodels_refits():
    # issue 18.1: the vectorised weighted-Newton bootstrap must equal refitting statsmodels
    # logits on explicit row resamples (same resample draws)
    import statsmodels.api as sm

    rng = np.random.default_rng(51)
    n = 1500
    X = rng.standard_normal((n, 2)) + 4
    ltr = np.clip(np.round(7 + 1.5 * (0.9 * X[:, 0] + 0.3 * X[:, 1] - 5.2
                                      + rng.logistic(size=n))), 0, 10)
    w = rng.uniform(0.5, 2, n)
    df = pd.DataFrame(X, columns=["a", "b"]).assign(ltr=ltr, w=w)

    def gain(Xs, ys, ws):
        Xc = sm.add_constant(Xs)
        fits = [sm.GLM(t.astype(float), Xc, family=sm.families.Binomial(),
                       freq_weights=ws).fit() for t in (ys >= 9, ys <= 6)]
        nps = [100 * np.average(fits[0].predict(M) - fits[1].predict(M), weights=ws)
               for M in [Xc]]
        out = []
        for j in range(2):
            lev = np.average(Xs[:, j], weights=ws)
            M = Xc.copy()
            M[:, j + 1] = np.maximum(M[:, j + 1], lev)
            out.append(100 * np.average(fits[0].predict(M) - fits[1].predict(M),
                                        weights=ws) - nps[0])
        return np.array(out)

    pr = priorities(df, outcome="ltr", drivers=["a", "b"], weight="w", scale=(0, 10),
                    n_boot=40, seed=4).set_index("driver").loc[["a", "b"]]
    np.testing.assert_allclose(pr["gain"], gain(X, ltr, w), rtol=1e-8)
    draws = np.random.default_rng(4).integers(0, n, size=(40, n))
    ref = np.array([gain(X[i], ltr[i], w[i]) for i in draws])
    np.testing.assert_allclose(pr["ci_low"], np.quantile(ref, 0.025, axis=0), rtol=1e-6)
    np.testing.assert_allclose(pr["ci_high"], np.quantile(ref, 0.975, axis=0), rtol=1e-6)


# --------------------------------------------------------------------------- Kano stability


def test_kano_stability_clear_case_is_stable_and_borderline_case_unclear():
    # issue 13.9: a Kano class is shown only when the bootstrap gives it again and again
    rng = np.random.default_rng(13)
    n = 4000
    X = rng.uniform(1, 7, (n, 5))
    y = (5 - 2.0 * (X[:, 0] < 3) + 2.0 * (X[:, 1] > 5)
         - 0.06 * (X[:, 2] < 3)                     # z ≈ 1.5: significant or not
         + rng.normal(0, 1, n))                     # X[:, 3:] have no effect at all
    names = ["basic", "excite", "edge", "null1", "null2"]
    df = pd.DataFrame(X, columns=names).assign(y=y)
    pr = penalty_reward(df, outcome="y", drivers=names, scale=(1, 7), n_boot=200,
                        seed=5).set_index("driver")
    assert pr.loc["basic", "kano_stability"] >= 0.99
    assert pr.loc["excite", "kano_stability"] >= 0.99
    assert pr.loc["basic", "kano_shown"] == "basic"
    assert pr.loc["excite", "kano_shown"] == "excitement"
    assert 0.2 < pr.loc["edge", "kano_stability"] < 0.8
    assert pr.loc["edge", "kano_shown"] == "unclear"
    # a driver without effect is never shown with an effect class
    assert set(pr.loc[["null1", "null2"], "kano_shown"]) <= {"indifferent", "unclear"}
    # without bootstrap there is no stability and the class is shown as computed
    plain = penalty_reward(df, outcome="y", drivers=names, scale=(1, 7)).set_index("driver")
    assert plain["kano_stability"].isna().all()
    assert (plain["kano_shown"] == pr["kano"]).all()


# --------------------------------------------------------------------------- action plan


def test_action_plan_correlated_negative_and_tied_drivers():
    from cxresearch.actions import REASONS, action_plan

    df = plan_frame()
    plan = action_plan(df, outcome="y", drivers=list("ABCD") + ["E1", "E2"], n_boot=200,
                       seed=1).set_index("driver")
    # the known effects: A first, C next, the tied pair after it, B no own effect, D negative
    assert plan.loc["A", "status"] == "fix first" and plan["fix_first"].sum() == 1
    assert plan.loc["C", "status"] == "next"
    assert plan.loc["E1", "rank"] == plan.loc["E2", "rank"]
    assert plan.loc["E1", "tie_group"] == plan.loc["E2", "tie_group"]
    assert plan.loc["A", "rank"] < plan.loc["C", "rank"] < plan.loc["E1", "rank"]
    assert plan.loc["D", "status"] == "negative" and plan.loc["D", "effect_sign"] == -1
    assert plan.loc["D", "negative_effect"] and not plan.loc["D", "fix_first"]
    assert plan.loc["D", "reasons"] == "negative_effect"
    assert not plan.loc[["A", "B", "C"], "negative_effect"].any()
    assert plan.loc["B", "status"] == "unclear" and plan.loc["B", "uncertain"]
    # B gets Shapley credit for what it shares with A: a higher share rank than its gain's
    assert plan.loc["B", "share_rank"] < plan.loc["B", "rank"]
    assert plan.loc["B", "correlated_with_others"]
    assert not plan.loc["C", "correlated_with_others"]
    # R² on the other drivers, against statsmodels
    r2 = smf.ols("B ~ A + C + D + E1 + E2", df).fit().rsquared
    assert plan.loc["B", "r2_others"] == pytest.approx(r2, rel=1e-9)
    # the gains are those of priorities in the same units
    prio = priorities(df, outcome="y", drivers=list("ABCD") + ["E1", "E2"], n_boot=200,
                      seed=1).set_index("driver")
    np.testing.assert_allclose(plan["gain"], prio.loc[plan.index, "gain"], rtol=1e-12)
    assert (plan["unit"] == "outcome mean").all()
    assert plan.loc["C", "reasons"] == ", ".join(c for c in REASONS if plan.loc["C", c])


@pytest.mark.parametrize("seed", [0, 1, 2])
def test_action_plan_never_puts_an_unclear_or_negative_driver_first(seed):
    # the rule is in the computation: only an interval wholly above zero is an action
    from cxresearch.actions import action_plan

    rng = np.random.default_rng(seed)
    n = 400
    X = rng.normal(5, 1, (n, 4))
    y = X @ [0.05, -0.05, 0.0, -0.3] + rng.normal(0, 1, n)   # nothing clearly positive
    df = pd.DataFrame(X, columns=list("abcd")).assign(y=y)
    plan = action_plan(df, outcome="y", drivers=list("abcd"), n_boot=100, seed=seed)
    acts = plan[plan["status"].isin(["fix first", "next"])]
    assert (acts["ci_low"] > 0).all() and (acts["gain"] > 0).all()
    assert not plan.loc[plan["gain"] <= 0, "fix_first"].any()
    assert not plan.loc[plan["ci_low"] <= 0, "fix_first"].any()
    assert plan.set_index("driver").loc["d", "status"] == "negative"
    # no bootstrap: nothing is tested, nothing is "fix first"
    flat = action_plan(df, outcome="y", drivers=list("abcd"), n_boot=0)
    assert not flat["fix_first"].any() and flat["uncertain"].all()


def test_action_plan_recovers_simulated_truth(tmp_path):
    # cxresearch.simulate: service has the largest true total effect, price a negative one
    import cxresearch as cx
    from cxresearch.actions import action_plan
    from cxresearch.simulate import simulate_survey

    sim = simulate_survey(3000, seed=7, waves=1, moderation={}, intervention={},
                          effects_sat={"service": 0.5, "price": -0.25},
                          effects_rec={"service": 0.3, "price": -0.2})
    _, yaml_path = sim.write(tmp_path)
    survey = cx.load(yaml_path)
    total = sim.truth["total_effects"]
    plan = action_plan(survey, n_boot=100, seed=3).set_index("driver")
    assert plan["unit"].iloc[0] == "NPS points"
    best = max(total, key=total.get)
    assert best == "service" and plan.loc[best, "fix_first"]
    assert plan.loc["price", "effect_sign"] == -1 and plan.loc["price", "negative_effect"]
    assert plan.loc["price", "status"] == "negative" and not plan.loc["price", "fix_first"]
    # every action has a positive true total effect
    assert all(total[d] > 0 for d in plan.index[plan["status"].isin(["fix first", "next"])])


def test_penalty_reward_equals_statsmodels_wls_hc3():
    # the fast HC3 (leverages as row sums) against statsmodels' WLS with cov_type="HC3"
    rng = np.random.default_rng(31)
    n = 1500
    X = rng.uniform(1, 7, (n, 3))
    w = rng.uniform(0.3, 3, n)
    y = 5 - 1.0 * (X[:, 0] < 3) + 0.4 * (X[:, 1] > 5) + rng.normal(0, 1 + 0.3 * X[:, 2], n)
    df = pd.DataFrame(X, columns=["a", "b", "c"]).assign(y=y, w=w)
    pr = penalty_reward(df, outcome="y", drivers=["a", "b", "c"], weight="w", scale=(1, 7))
    frame = pd.DataFrame({"y": y, "w": w})
    for j, d in enumerate("abc"):
        frame[f"lo_{d}"] = (X[:, j] < 3).astype(float)
        frame[f"hi_{d}"] = (X[:, j] > 5).astype(float)
    fit = smf.wls("y ~ " + " + ".join(c for c in frame if c[:3] in ("lo_", "hi_")), frame,
                  weights=frame["w"]).fit(cov_type="HC3")
    for _, r in pr.iterrows():
        d = r["driver"]
        assert r["penalty"] == pytest.approx(fit.params[f"lo_{d}"], rel=1e-9)
        assert r["reward"] == pytest.approx(fit.params[f"hi_{d}"], rel=1e-9)
        assert r["penalty_p"] == pytest.approx(fit.pvalues[f"lo_{d}"], rel=1e-6, abs=1e-12)
        assert r["reward_p"] == pytest.approx(fit.pvalues[f"hi_{d}"], rel=1e-6, abs=1e-12)


def test_action_plan_unweighted_on_request_everywhere(survey):
    # weight=False must reach every view, not fall back to the codebook's weight
    from cxresearch.actions import action_plan

    plan = action_plan(survey, weight=False, n_boot=0).set_index("driver")
    imp = relative_importance(survey, weight=False).set_index("driver")
    weighted = relative_importance(survey).set_index("driver")
    np.testing.assert_allclose(plan["share"], imp.loc[plan.index, "share"], rtol=1e-12)
    assert not np.allclose(plan["share"], weighted.loc[plan.index, "share"], rtol=1e-6)


def test_priorities_linearised_bootstrap_equals_refits_at_large_n(monkeypatch):
    # from LINEAR_BOOT_FROM respondents on the resamples are one-step logits with linearised
    # gains; on the same resamples the interval must match the exact Newton refits'
    import cxresearch.actions as actions

    rng = np.random.default_rng(7)
    n = 30_000
    X = np.clip(np.round(3 + rng.standard_normal((n, 3)) @ [[1, .4, .3], [0, 1, .4], [0, 0, 1]]),
                1, 5)
    ltr = np.clip(np.round(6.5 + 1.2 * (X @ [0.8, 0.4, 0.1] - 3.9) + rng.logistic(size=n)),
                  0, 10)
    df = pd.DataFrame(X, columns=["a", "b", "c"]).assign(ltr=ltr, w=rng.uniform(0.5, 2, n))
    kw = dict(outcome="ltr", drivers=["a", "b", "c"], weight="w", scale=(0, 10), n_boot=60,
              seed=3)
    lin = priorities(df, **kw).set_index("driver")
    monkeypatch.setattr(actions, "LINEAR_BOOT_FROM", 10 ** 9)
    ref = priorities(df, **kw).set_index("driver").loc[lin.index]
    np.testing.assert_allclose(lin["gain"], ref["gain"], rtol=1e-10)
    width = (ref["ci_high"] - ref["ci_low"]).to_numpy()
    assert (width > 0.2).all()
    for col in ("ci_low", "ci_high"):
        assert np.abs(lin[col] - ref[col]).max() < 0.03 * width.min()


def test_penalty_reward_bootstrap_fits_equal_statsmodels_on_resampled_rows():
    # issue 18.1: the resamples are fitted at once as row counts (no copied rows); each
    # resample's coefficients and HC3 p-values must equal statsmodels' WLS on the resampled
    # rows, and the stability the share of those refits that give the full-sample class
    from cxresearch.actions import _Cross, _kano_classes, _wls_hc3

    rng = np.random.default_rng(41)
    n, n_boot = 700, 12
    X = rng.uniform(1, 7, (n, 3))
    w = rng.uniform(0.3, 3, n)
    y = 5 - 0.5 * (X[:, 0] < 3) + 0.25 * (X[:, 1] > 5) + rng.normal(0, 1 + 0.3 * X[:, 2], n)
    frame = pd.DataFrame({"y": y, "w": w})
    for j, d in enumerate("abc"):
        frame[f"lo_{d}"] = (X[:, j] < 3).astype(float)
        frame[f"hi_{d}"] = (X[:, j] > 5).astype(float)
    terms = [c for c in frame if c[:3] in ("lo_", "hi_")]
    D = np.column_stack([np.ones(n), frame[terms].to_numpy()])
    idx = np.random.default_rng(7).integers(0, n, size=(n_boot, n))
    counts = np.stack([np.bincount(i, minlength=n) for i in idx]).astype(float)
    beta, p = _wls_hc3(D, y, w, counts, _Cross(D))
    refit_classes = []
    for b in range(n_boot):
        rows = frame.iloc[idx[b]]
        fit = smf.wls("y ~ " + " + ".join(terms), rows, weights=rows["w"]).fit(cov_type="HC3")
        # float32 pair products: coefficients refined to float64, p-values to about 1e-4
        np.testing.assert_allclose(beta[b], fit.params[["Intercept", *terms]], rtol=1e-9,
                                   atol=1e-9)
        np.testing.assert_allclose(p[b], fit.pvalues[["Intercept", *terms]], rtol=1e-3,
                                   atol=1e-8)
        refit_classes.append([_kano_classes(fit.params[f"lo_{d}"], fit.pvalues[f"lo_{d}"],
                                            fit.params[f"hi_{d}"], fit.pvalues[f"hi_{d}"],
                                            0.05)[()] for d in "abc"])
    df = pd.DataFrame(X, columns=list("abc")).assign(y=y, w=w)
    pr = penalty_reward(df, outcome="y", drivers=list("abc"), weight="w", scale=(1, 7),
                        n_boot=n_boot, seed=7)
    expected = (np.array(refit_classes) == pr["kano"].to_numpy()[None, :]).mean(0)
    np.testing.assert_allclose(pr["kano_stability"], expected)
