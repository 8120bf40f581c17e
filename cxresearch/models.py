"""Regression models of the outcome on the key drivers: coefficients, VIF, model comparison.

:func:`driver_models` fits OLS (robust standard errors, standardised coefficients, variance
inflation factors), an ordered logit and, on an NPS scale, promoter and detractor logits;
:func:`model_comparison` puts their fit side by side. Data preparation is
:func:`cxresearch.importance.prepare_drivers`.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

import numpy as np
import pandas as pd

from .importance import check_collinear, prepare_drivers
from .io import Survey

__all__ = [
    "driver_models",
    "model_comparison",
]


# --------------------------------------------------------------------------- models


def _formula(outcome: str, drivers: list[str]) -> str:
    return f"Q('{outcome}') ~ " + " + ".join(f"Q('{d}')" for d in drivers)


def _vif(X: np.ndarray) -> np.ndarray:
    R = np.corrcoef(X, rowvar=False)
    return np.diag(np.linalg.inv(R))


def driver_models(data: pd.DataFrame | Survey, *, outcome: str | None = None,
                  drivers: Sequence[str] | None = None, weight: str | None | bool = None,
                  scale: Sequence[float] | None = None) -> dict[str, Any]:
    """The regression models of recommendation on the drivers.

    * ``"ols"``: OLS (WLS with weights) with HC3 robust standard errors;
    * ``"ordered_logit"``: statsmodels ``OrderedModel`` (logit) for the 0–10 answers
      (unweighted: ``OrderedModel`` takes no weights);
    * ``"promoter"``, ``"detractor"``: binomial GLMs (logit) of promoter vs rest and detractor
      vs rest (survey weights as variance weights), when the outcome is on an NPS scale.

    Returns
    -------
    dict
        The fitted statsmodels results under those keys, plus ``"coefficients"``: a tidy
        table ``driver, coef, se, ci_low, ci_high, p_value, std_coef, vif`` of the OLS model
        (std_coef = coef · sd(driver) / sd(outcome)), and ``"data"``: the rows used.
    """
    import statsmodels.api as sm
    import statsmodels.formula.api as smf
    from statsmodels.miscmodels.ordinal_model import OrderedModel

    sub, outcome, drivers, weight, cb = prepare_drivers(data, outcome, drivers, weight)
    where = str(data.source) if isinstance(data, Survey) else "data"
    X = sub[drivers].to_numpy(dtype=float)
    R = np.corrcoef(np.column_stack([X, sub[outcome]]), rowvar=False)
    check_collinear(R, drivers, where)
    if scale is None and cb is not None and outcome == cb.recommend.column:
        scale = cb.recommend.scale
    f = _formula(outcome, drivers)
    if weight:
        ols = smf.wls(f, sub, weights=sub[weight]).fit(cov_type="HC3")
    else:
        ols = smf.ols(f, sub).fit(cov_type="HC3")
    names = [f"Q('{d}')" for d in drivers]
    ci = ols.conf_int().loc[names]
    sd_y = np.sqrt(np.cov(sub[outcome], aweights=sub[weight] if weight else None))
    sd_x = np.array([np.sqrt(np.cov(sub[d], aweights=sub[weight] if weight else None))
                     for d in drivers])
    coef = ols.params[names].to_numpy()
    table = pd.DataFrame({"driver": drivers, "coef": coef, "se": ols.bse[names].to_numpy(),
                          "ci_low": ci[0].to_numpy(), "ci_high": ci[1].to_numpy(),
                          "p_value": ols.pvalues[names].to_numpy(),
                          "std_coef": coef * sd_x / sd_y, "vif": _vif(X)})
    out: dict[str, Any] = {"ols": ols, "coefficients": table, "data": sub, "outcome": outcome,
                           "drivers": drivers, "weight": weight}
    y = sub[outcome].to_numpy()
    if np.allclose(y, np.round(y)) and len(np.unique(y)) >= 3:
        om = OrderedModel(y.astype(int), X, distr="logit")
        out["ordered_logit"] = om.fit(method="bfgs", disp=False, maxiter=2000)
    if scale is not None and tuple(int(s) for s in scale) in ((0, 10), (1, 10)):
        Xc = sm.add_constant(X)
        fw = sub[weight].to_numpy() if weight else None
        for name, target in (("promoter", y >= 9), ("detractor", y <= 6)):
            out[name] = sm.GLM(target.astype(float), Xc, family=sm.families.Binomial(),
                               var_weights=fw).fit()
    return out


def model_comparison(models: dict[str, Any]) -> pd.DataFrame:
    """One row per fitted model of :func:`driver_models`.

    Returns
    -------
    DataFrame
        ``model, n, r2`` (OLS R², or McFadden's pseudo-R² for the logits), ``aic, bic,
        loglik``.
    """
    rows = []
    for key in ("ols", "ordered_logit", "promoter", "detractor"):
        res = models.get(key)
        if res is None:
            continue
        if key == "ols":
            r2 = res.rsquared
        elif key == "ordered_logit":
            r2 = 1 - res.llf / res.llnull if hasattr(res, "llnull") else np.nan
        else:
            r2 = res.pseudo_rsquared(kind="mcf")
        rows.append({"model": key, "n": int(res.nobs), "r2": float(r2), "aic": float(res.aic),
                     "bic": float(res.bic), "loglik": float(res.llf)})
    return pd.DataFrame(rows)
