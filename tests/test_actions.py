"""Action tools: importance-performance analysis, penalty-reward, priorities."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest
import statsmodels.formula.api as smf
from helpers import drivers_of, random_frame

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
