"""Regression models of the outcome on the drivers, against statsmodels."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest
import statsmodels.api as sm
import statsmodels.formula.api as smf
from statsmodels.stats.outliers_influence import variance_inflation_factor

from cxresearch.models import driver_models, model_comparison


def test_models_against_statsmodels(survey):
    mods = driver_models(survey, weight=False)
    d = mods.data
    ref = smf.ols("ltr ~ " + " + ".join(survey.drivers), d).fit(cov_type="HC3")
    coef = mods.coefficients.set_index("driver")
    np.testing.assert_allclose(coef.loc[survey.drivers, "coef"], ref.params[survey.drivers])
    np.testing.assert_allclose(coef.loc[survey.drivers, "se"], ref.bse[survey.drivers])
    Xc = sm.add_constant(d[survey.drivers])
    vif = [variance_inflation_factor(Xc.to_numpy(), i + 1) for i in range(len(survey.drivers))]
    np.testing.assert_allclose(coef.loc[survey.drivers, "vif"], vif, rtol=1e-8)
    logit = sm.Logit((d["ltr"] >= 9).astype(float), Xc).fit(disp=False)
    np.testing.assert_allclose(mods.promoter.params, logit.params, rtol=1e-5)
    comp = model_comparison(mods)
    assert list(comp["model"]) == ["ols", "ordered_logit", "promoter", "detractor"]
    assert comp.loc[0, "r2"] == pytest.approx(ref.rsquared)


def test_ordered_logit_against_statsmodels_formula_fit(survey):
    # issue 13.8: an independent OrderedModel fit from a formula, Newton's method
    from statsmodels.miscmodels.ordinal_model import OrderedModel

    mods = driver_models(survey, weight=False)
    d = mods.data
    ref = OrderedModel.from_formula("ltr ~ " + " + ".join(survey.drivers) + " - 1", d.assign(
        ltr=d["ltr"].astype(int)), distr="logit").fit(method="newton", disp=False, maxiter=200)
    ours = mods.ordered_logit
    np.testing.assert_allclose(ours.params[survey.drivers].to_numpy(),
                               ref.params[survey.drivers].to_numpy(), rtol=1e-4, atol=1e-5)
    assert ours.llf == pytest.approx(ref.llf, rel=1e-8)
    np.testing.assert_allclose(ours.bse[survey.drivers].to_numpy(),
                               ref.bse[survey.drivers].to_numpy(), rtol=1e-3)
    assert ours.converged


def test_weighted_models_against_statsmodels():
    from helpers import drivers_of, random_frame
    from statsmodels.stats.weightstats import DescrStatsW

    df = random_frame(n=600, p=3, seed=41, weights=True)
    ds = drivers_of(df)
    df["ltr"] = np.clip(np.round(6 + df["y"] / df["y"].std() * 2), 0, 10)
    mods = driver_models(df, outcome="ltr", drivers=ds, weight="w", scale=(0, 10))
    wls = smf.wls("ltr ~ " + " + ".join(ds), df, weights=df["w"]).fit(cov_type="HC3")
    coef = mods.coefficients.set_index("driver").loc[ds]
    np.testing.assert_allclose(coef["coef"], wls.params[ds], rtol=1e-10)
    np.testing.assert_allclose(coef["se"], wls.bse[ds], rtol=1e-10)
    sd = DescrStatsW(df[[*ds, "ltr"]].to_numpy(), weights=df["w"]).std
    np.testing.assert_allclose(coef["std_coef"], wls.params[ds] * sd[:3] / sd[3], rtol=1e-6)
    # promoter logit: frequency weights give the same point estimates as variance weights
    Xc = sm.add_constant(df[ds])
    glm = sm.GLM((df["ltr"] >= 9).astype(float), Xc, family=sm.families.Binomial(),
                 freq_weights=df["w"]).fit()
    np.testing.assert_allclose(np.asarray(mods.promoter.params), glm.params, rtol=1e-6)


# ------------------------------------------------------------------ yes/no outcomes (issue 12)


def _binary_frame(n=800, seed=3):
    rng = np.random.default_rng(seed)
    df = pd.DataFrame(rng.normal(size=(n, 3)), columns=["a", "b", "c"])
    df["yes"] = (0.8 * df.a - 0.5 * df.b + rng.logistic(size=n) > 0.3).astype(int)
    df["w"] = rng.uniform(0.3, 3, n)
    return df


def test_binary_outcome_odds_ratios_equal_statsmodels_logit():
    df = _binary_frame()
    mods = driver_models(df, outcome="yes", drivers=["a", "b", "c"], weight=False)
    ref = sm.Logit(df["yes"], sm.add_constant(df[["a", "b", "c"]])).fit(disp=False)
    coef = mods.coefficients.set_index("driver").loc[["a", "b", "c"]]
    np.testing.assert_allclose(coef["odds_ratio"], np.exp(ref.params[1:]), rtol=1e-6)
    ci = ref.conf_int().iloc[1:]
    np.testing.assert_allclose(coef["or_ci_low"], np.exp(ci[0]), rtol=1e-6)
    np.testing.assert_allclose(coef["or_ci_high"], np.exp(ci[1]), rtol=1e-6)
    np.testing.assert_allclose(coef["or_p_value"], ref.pvalues[1:], rtol=1e-6)
    # the linear probability model stays the relative-importance model beside it
    lpm = smf.ols("yes ~ a + b + c", df).fit(cov_type="HC3")
    np.testing.assert_allclose(coef["coef"], lpm.params[1:], rtol=1e-10)
    assert mods.binary and not mods.checks["flagged"].any()
    comp = model_comparison(mods)
    assert list(comp["model"]) == ["ols", "logit"] and not comp["flagged"].any()
    assert comp.loc[1, "r2"] == pytest.approx(ref.prsquared, rel=1e-6)


def test_weighted_binary_logit_has_robust_sandwich_errors():
    df = _binary_frame(seed=4)
    X = sm.add_constant(df[["a", "b", "c"]]).to_numpy()
    y, w = df["yes"].to_numpy(float), df["w"].to_numpy()
    mods = driver_models(df, outcome="yes", drivers=["a", "b", "c"], weight="w")
    # point estimates: the weighted score equations (= frequency-weighted ML)
    ref = sm.GLM(y, X, family=sm.families.Binomial(), freq_weights=w).fit()
    coef = mods.coefficients
    np.testing.assert_allclose(np.log(coef["odds_ratio"]), ref.params[1:], rtol=1e-6)
    # HC0 sandwich by hand: (X'WVX)^-1 X' diag(w² (y-p)²) X (X'WVX)^-1
    p = ref.fittedvalues
    bread = np.linalg.inv(X.T @ (X * (w * p * (1 - p))[:, None]))
    meat = X.T @ (X * (w**2 * (y - p) ** 2)[:, None])
    se = np.sqrt(np.diag(bread @ meat @ bread))[1:]
    np.testing.assert_allclose(mods.logit.bse[1:], se, rtol=1e-6)
    z = 1.959963984540054
    np.testing.assert_allclose(coef["or_ci_low"], np.exp(ref.params[1:] - z * se), rtol=1e-6)
    # invariant to the weights' scale
    big = driver_models(df.assign(w=df["w"] * 1000), outcome="yes", drivers=["a", "b", "c"],
                        weight="w")
    np.testing.assert_allclose(big.coefficients["or_ci_high"], coef["or_ci_high"],
                               rtol=1e-6)


@pytest.mark.parametrize("kind", ["complete", "quasi"])
def test_separated_logit_is_flagged_not_reported(kind):
    df = _binary_frame(n=300, seed=5)
    df["yes"] = (df["a"] > 0).astype(int)           # a predicts every answer
    if kind == "quasi":                              # ... except at a tie on the boundary
        df.loc[:19, "a"] = 0.0
        df.loc[:9, "yes"] = 1
        df.loc[10:19, "yes"] = 0
    mods = driver_models(df, outcome="yes", drivers=["a", "b", "c"], weight=False)
    checks = mods.checks.set_index(["model", "check"])
    assert checks.loc[("logit", "separation"), "flagged"]
    assert mods.coefficients["odds_ratio"].isna().all()
    comp = model_comparison(mods).set_index("model")
    assert comp.loc["logit", "flagged"] and "separation" in comp.loc["logit", "checks"]


def test_negative_adjusted_r2_is_flagged():
    rng = np.random.default_rng(6)
    df = pd.DataFrame(rng.normal(size=(30, 6)), columns=list("abcdef"))
    df["y"] = rng.normal(size=30)
    mods = driver_models(df, outcome="y", drivers=list("abcdef"))
    ref = smf.ols("y ~ a + b + c + d + e + f", df).fit()
    assert ref.rsquared_adj < 0
    row = mods.checks.set_index("check").loc["negative_adj_r2"]
    assert row["flagged"] and row["value"] == pytest.approx(ref.rsquared_adj)
    assert model_comparison(mods).loc[0, "checks"] == "negative_adj_r2"


def test_linear_probability_fits_outside_0_1_are_counted():
    rng = np.random.default_rng(7)
    df = pd.DataFrame(rng.normal(size=(500, 2)), columns=["a", "b"])
    df["yes"] = (3 * df.a + rng.logistic(size=500) > 0).astype(int)
    mods = driver_models(df, outcome="yes", drivers=["a", "b"])
    fitted = smf.ols("yes ~ a + b", df).fit().fittedvalues
    share = float(((fitted < 0) | (fitted > 1)).mean())
    row = mods.checks.set_index("check").loc["lpm_outside"]
    assert share > 0.05 and row["value"] == pytest.approx(share) and row["flagged"]


def test_standardised_effects_far_beyond_one_are_flagged():
    # two drivers correlated 0.95 and an outcome that follows their difference: the classic
    # suppression pattern, standardised betas of about ±3
    rng = np.random.default_rng(8)
    z = rng.normal(size=400)
    df = pd.DataFrame({"a": z, "b": 0.95 * z + np.sqrt(1 - 0.95**2) * rng.normal(size=400)})
    df["y"] = df.a - df.b + 0.05 * rng.normal(size=400)
    mods = driver_models(df, outcome="y", drivers=["a", "b"])
    ref = smf.ols("y ~ a + b", df).fit()
    beta = ref.params[["a", "b"]] * df[["a", "b"]].std() / df["y"].std()
    assert (beta.abs() > 1.5).all()
    coef = mods.coefficients.set_index("driver")
    np.testing.assert_allclose(coef["std_coef"], beta, rtol=1e-6)
    assert coef["flagged"].all()
    flagged = mods.checks.query("check == 'std_effect' and flagged")["term"].tolist()
    assert flagged == ["a", "b"]


def test_non_converged_logit_is_flagged_not_reported(monkeypatch):
    # one IRLS step cannot reach the optimum: statsmodels says converged=False
    from statsmodels.genmod.generalized_linear_model import GLM

    fit = GLM.fit
    monkeypatch.setattr(GLM, "fit", lambda self, *a, **k: fit(self, *a, **{**k, "maxiter": 1}))
    df = _binary_frame(n=400, seed=9)
    mods = driver_models(df, outcome="yes", drivers=["a", "b", "c"], weight=False)
    assert not mods.logit.converged
    checks = mods.checks.set_index(["model", "check"])
    assert checks.loc[("logit", "not_converged"), "flagged"]
    assert mods.coefficients["odds_ratio"].isna().all()
    assert "not_converged" in model_comparison(mods).set_index("model").loc["logit", "checks"]
