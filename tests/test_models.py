"""Regression models of the outcome on the drivers, against statsmodels."""

from __future__ import annotations

import numpy as np
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
