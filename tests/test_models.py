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
    d = mods["data"]
    ref = smf.ols("ltr ~ " + " + ".join(survey.drivers), d).fit(cov_type="HC3")
    coef = mods["coefficients"].set_index("driver")
    np.testing.assert_allclose(coef.loc[survey.drivers, "coef"], ref.params[survey.drivers])
    np.testing.assert_allclose(coef.loc[survey.drivers, "se"], ref.bse[survey.drivers])
    Xc = sm.add_constant(d[survey.drivers])
    vif = [variance_inflation_factor(Xc.to_numpy(), i + 1) for i in range(len(survey.drivers))]
    np.testing.assert_allclose(coef.loc[survey.drivers, "vif"], vif, rtol=1e-8)
    logit = sm.Logit((d["ltr"] >= 9).astype(float), Xc).fit(disp=False)
    np.testing.assert_allclose(mods["promoter"].params, logit.params, rtol=1e-5)
    comp = model_comparison(mods)
    assert list(comp["model"]) == ["ols", "ordered_logit", "promoter", "detractor"]
    assert comp.loc[0, "r2"] == pytest.approx(ref.rsquared)
