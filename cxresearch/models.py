"""Regression models of the outcome on the key drivers: coefficients, VIF, model comparison.

:func:`driver_models` fits OLS (robust standard errors, standardised coefficients, variance
inflation factors), an ordered logit and, on an NPS scale, promoter and detractor logits;
:func:`model_comparison` puts their fit side by side. Data preparation is
:func:`cxresearch.importance.prepare_drivers`.
"""

from __future__ import annotations

import warnings
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any, ClassVar

import numpy as np
import pandas as pd

from .importance import check_collinear, prepare_drivers
from .io import Survey, resolve_defaults
from .results import Result

__all__ = [
    "CHECK_LIMITS",
    "check_table",
    "driver_models",
    "DriverModels",
    "model_comparison",
    "OrderedLogitFit",
    "ordered_logit",
]


class OrderedLogitFit:
    """An ordered (proportional-odds) logit fit: ``params`` (drivers, then cut-points),
    ``bse``, ``llf``, ``llnull``, ``aic``, ``bic``, ``nobs``, ``converged``.

    :func:`ordered_logit` returns one; the names are statsmodels' results attributes, so
    code written for ``OrderedModel(...).fit()`` reads it unchanged.

    Parameters
    ----------
    **kw : object
        The attributes: ``params`` and ``bse`` (Series: estimates and standard errors, the
        drivers' coefficients first, then the cut-points named ``"low/high"`` for the two
        answers they separate), ``llf`` and ``llnull`` (log-likelihood of the fit and of
        the model without drivers), ``aic`` and ``bic``, ``nobs`` (respondents) and
        ``converged`` (bool).

    Examples
    --------
    >>> fit = OrderedLogitFit(llf=-90.0, llnull=-100.0, nobs=120)
    >>> round(1 - fit.llf / fit.llnull, 3)   # McFadden's pseudo R²
    0.1
    """

    def __init__(self, **kw: Any) -> None:
        self.__dict__.update(kw)


def ordered_logit(y: np.ndarray, X: np.ndarray, names: Sequence[str] | None = None,
                  ) -> OrderedLogitFit:
    """Maximum-likelihood ordered logit with analytic gradient (fast at any n).

    P(y ≤ k | x) = F(c_k − x'β), F logistic (McCullagh 1980) — the model of statsmodels'
    ``OrderedModel(distr="logit")``, whose numerical derivatives take minutes at 100,000
    respondents. Standard errors from the Hessian by differences of the analytic gradient.
    Source: McCullagh, P. (1980), "Regression models for ordinal data", *Journal of the
    Royal Statistical Society B* 42(2), 109–142.

    Parameters
    ----------
    y : array-like
        The ordinal answers, one per respondent; their sorted distinct values are the
        ordered categories (at least two).
    X : array-like of float, shape (n, p)
        The drivers, one column each (no constant: the cut-points take its place).
    names : sequence of str, optional
        The drivers' names for the index of ``params``; default ``x0``, ``x1``, ...

    Returns
    -------
    OrderedLogitFit
        ``params``/``bse`` indexed by the driver names and then the cut-points
        ``"k/k+1"`` (``c_k`` between answers k and k+1), ``llf``, ``llnull``,
        ``aic = −2 llf + 2 k``, ``bic = −2 llf + k log n``, ``nobs`` and ``converged``.

    Examples
    --------
    >>> rng = np.random.default_rng(0)
    >>> x = rng.standard_normal((2000, 1))
    >>> y = np.digitize(x[:, 0] + rng.logistic(size=2000), [-1, 0, 1])
    >>> fit = ordered_logit(y, x)
    >>> bool(abs(fit.params.iloc[0] - 1) < 0.15), fit.converged
    (True, True)
    >>> list(fit.params.index)
    ['x0', '0/1', '1/2', '2/3']
    """
    from scipy import optimize

    y = np.asarray(y)
    X = np.asarray(X, dtype=float)
    levels, code = np.unique(y, return_inverse=True)
    n, p = X.shape
    K = len(levels)
    counts = np.bincount(code, minlength=K)
    cum = np.cumsum(counts)[:-1] / n
    start = np.concatenate([np.zeros(p), np.log(cum / (1 - cum))])
    Xm = X - X.mean(axis=0)            # centred: better conditioned; cut-points shift back

    def parts(theta: np.ndarray):
        b, c = theta[:p], theta[p:]
        xb = Xm @ b
        cc = np.concatenate([[-np.inf], c, [np.inf]])
        Fu = 1 / (1 + np.exp(-(cc[code + 1] - xb)))
        Fl = 1 / (1 + np.exp(-(cc[code] - xb)))
        pr = np.maximum(Fu - Fl, 1e-300)
        return Fu, Fl, pr

    def nll(theta: np.ndarray) -> float:
        return -float(np.log(parts(theta)[2]).sum())

    def grad(theta: np.ndarray) -> np.ndarray:
        Fu, Fl, pr = parts(theta)
        fu, fl = Fu * (1 - Fu) / pr, Fl * (1 - Fl) / pr
        g = np.empty(p + K - 1)
        g[:p] = Xm.T @ (fu - fl)                      # d(−ll)/dβ = Σ x (f_u − f_l)/Pr
        gc = np.bincount(code, weights=fu, minlength=K)[:K - 1] - np.bincount(
            code, weights=fl, minlength=K)[1:]
        g[p:] = -gc
        return g

    res = optimize.minimize(nll, start, jac=grad, method="BFGS",
                            options={"gtol": 1e-6 * n ** 0.5, "maxiter": 1000})
    theta = res.x
    eps = 1e-5
    H = np.array([(grad(theta + eps * e) - grad(theta - eps * e)) / (2 * eps)
                  for e in np.eye(len(theta))])
    cov = np.linalg.pinv((H + H.T) / 2)
    theta = theta.copy()
    theta[p:] = theta[p:] + X.mean(axis=0) @ theta[:p]   # cut-points for uncentred x
    names = list(names) if names is not None else [f"x{i}" for i in range(p)]
    index = [*names, *[f"{levels[k]}/{levels[k + 1]}" for k in range(K - 1)]]
    llf = -float(res.fun)
    llnull = float((counts * np.log(counts / n)).sum())
    k = len(theta)
    grad_ok = bool(np.abs(grad(res.x)).max() < 1e-3 * n ** 0.5)
    return OrderedLogitFit(params=pd.Series(theta, index=index),
                           bse=pd.Series(np.sqrt(np.clip(np.diag(cov), 0, None)), index=index),
                           llf=llf, llnull=llnull, aic=-2 * llf + 2 * k,
                           bic=-2 * llf + k * np.log(n), nobs=n,
                           converged=bool(res.success) or grad_ok)


# --------------------------------------------------------------------------- checks

#: Limits of the model checks (issue 12): a standardised effect beyond ``std_effect`` is
#: implausible (collinear drivers or a misspecified model), a linear probability model with
#: more than ``lpm_outside`` of its fitted values outside 0–1 misrepresents the shares, a
#: fitted logit probability within ``separation`` of 0 or 1 marks (quasi-)perfect separation.
CHECK_LIMITS = {"std_effect": 1.5, "lpm_outside": 0.05, "separation": 1e-8}

#: The columns of a check table (see :func:`check_table`).
_CHECK_COLUMNS = ["model", "check", "term", "value", "flagged"]


def check_table(rows: Sequence[dict[str, Any]]) -> pd.DataFrame:
    """The tidy table of model checks: one row per check that was made.

    Parameters
    ----------
    rows : list of dict
        Each with ``model`` (``ols``, ``logit``, ``promoter``, ``cfa`` ...), ``check`` (one of
        ``not_converged``, ``separation``, ``negative_adj_r2``, ``lpm_outside``,
        ``std_effect``, ``negative_variance``, ``std_loading``), ``term`` (the driver, item or
        variable concerned, ``""`` for the whole model), ``value`` (the number checked) and
        ``flagged`` (True: the model or the term is not to be reported as a finding).

    Returns
    -------
    DataFrame
        ``model, check, term, value, flagged``.

    Examples
    --------
    >>> check_table([{"model": "ols", "check": "negative_adj_r2", "term": "",
    ...               "value": -0.02, "flagged": True}])
      model            check term  value  flagged
    0   ols  negative_adj_r2       -0.02     True
    """
    out = pd.DataFrame(list(rows), columns=_CHECK_COLUMNS)
    out["flagged"] = out["flagged"].astype(bool)
    out["value"] = out["value"].astype(float)
    return out


def _fit_logit(y: np.ndarray, Xc: np.ndarray, w: np.ndarray | None, name: str,
               robust: bool = True) -> tuple[Any, list[dict[str, Any]]]:
    """A binomial GLM (logit) and its checks: convergence and (quasi-)perfect separation.

    Unweighted: maximum likelihood with model-based standard errors (those of statsmodels'
    ``Logit``). Weighted: survey weights as ``var_weights`` (the pseudo-likelihood of
    ``svyglm``), with robust sandwich (HC0) standard errors, which do not depend on the
    weights' scale.
    """
    import statsmodels.api as sm

    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        model = sm.GLM(y, Xc, family=sm.families.Binomial(), var_weights=w)
        try:
            res = model.fit(cov_type="HC0") if w is not None and robust else model.fit()
            failed = False
        except Exception:  # a perfectly separated model can fail outright
            res, failed = None, True
        with np.errstate(over="ignore"):
            mu = np.asarray(res.fittedvalues) if res is not None else np.array([0.0])
    said = " ".join(type(c.message).__name__ + str(c.message) for c in caught).lower()
    converged = (not failed and bool(getattr(res, "converged", True))
                 and "convergence" not in said)
    eps = CHECK_LIMITS["separation"]
    extreme = float(np.mean((mu < eps) | (mu > 1 - eps)))
    separated = failed or "separation" in said or extreme > 0
    checks = [{"model": name, "check": "not_converged", "term": "",
               "value": float(not converged), "flagged": not converged},
              {"model": name, "check": "separation", "term": "", "value": extreme,
               "flagged": bool(separated)}]
    return res, checks


# --------------------------------------------------------------------------- models


def _formula(outcome: str, drivers: list[str]) -> str:
    return f"Q('{outcome}') ~ " + " + ".join(f"Q('{d}')" for d in drivers)


def _vif(X: np.ndarray) -> np.ndarray:
    if X.shape[1] == 1:  # one driver: nothing to be collinear with
        return np.ones(1)
    R = np.corrcoef(X, rowvar=False)
    return np.diag(np.linalg.inv(R))


@dataclass(frozen=True, eq=False)
class DriverModels(Result):
    """The result of :func:`driver_models` (dict-style ``res["ols"]`` is deprecated).

    Parameters
    ----------
    coefficients : DataFrame
        ``driver, coef, se, ci_low, ci_high, p_value, std_coef, vif, flagged`` of the OLS
        model (std_coef = coef · sd(driver) / sd(outcome)), for a yes/no outcome also
        ``odds_ratio, or_ci_low, or_ci_high, or_p_value`` of the logit.
    ols : statsmodels RegressionResults
        OLS (WLS with weights) with HC3 robust standard errors.
    data : DataFrame
        The complete rows the models were fitted on.
    outcome : str
        The outcome column.
    drivers : list of str
        The driver columns.
    weight : str or None
        The weight column used (None: unweighted).
    checks : DataFrame
        :func:`check_table` of every model (convergence, separation, negative adjusted R²,
        linear-probability fits outside 0–1, standardised effects far beyond 1).
    binary : bool
        True for a yes/no (0/1) outcome: ``ols`` is then the linear probability model.
    logit : statsmodels results or None
        The logit beside the linear probability model of a yes/no outcome (None otherwise,
        or when it could not be fitted).
    ordered_logit : OrderedLogitFit or None
        :func:`ordered_logit` of the integer answers (None when the outcome has fewer than
        three integer values).
    promoter, detractor : statsmodels GLMResults or None
        Logits of promoter vs rest and detractor vs rest (None off an NPS scale).

    Examples
    --------
    >>> import numpy as np
    >>> rng = np.random.default_rng(1)
    >>> df = pd.DataFrame(rng.integers(1, 6, size=(300, 2)), columns=["a", "b"])
    >>> df["y"] = np.clip(df["a"] + df["b"] + rng.integers(-1, 2, 300), 0, 10)
    >>> m = driver_models(df, outcome="y", drivers=["a", "b"], scale=(0, 10))
    >>> m.coefficients["driver"].tolist(), m.promoter is not None
    (['a', 'b'], True)
    """

    _optional: ClassVar[tuple[str, ...]] = ("logit", "ordered_logit", "promoter", "detractor")

    coefficients: pd.DataFrame
    ols: Any
    data: pd.DataFrame
    outcome: str
    drivers: list[str]
    weight: str | None
    checks: pd.DataFrame
    binary: bool = False
    logit: Any = None
    ordered_logit: Any = None
    promoter: Any = None
    detractor: Any = None


def _part(models: Any, key: str) -> Any:
    """A part of :func:`driver_models`' result, or of an old-style dict of models."""
    return models.get(key) if isinstance(models, dict) else getattr(models, key, None)


def driver_models(data: pd.DataFrame | Survey, *, outcome: str | None = None,
                  drivers: Sequence[str] | None = None, weight: str | None | bool = None,
                  scale: Sequence[float] | None = None) -> DriverModels:
    """The regression models of the outcome on the drivers, each checked before it is read.

    * ``"ols"``: OLS (WLS with weights) with HC3 robust standard errors; for a yes/no (0/1)
      outcome this is the linear probability model;
    * ``"logit"``: for a yes/no outcome, the binomial GLM with a logit link beside it (the
      odds ratios of the coefficient table). Unweighted: maximum likelihood with model-based
      standard errors (statsmodels' ``Logit``); weighted: the survey weights as
      ``var_weights`` (pseudo-likelihood, as R's ``svyglm``) with robust sandwich (HC0)
      standard errors;
    * ``"ordered_logit"``: :func:`ordered_logit` (the model of statsmodels' ``OrderedModel``
      with a logit link, fitted with analytic derivatives) for answers on three or more steps
      (unweighted);
    * ``"promoter"``, ``"detractor"``: binomial GLMs (logit) of promoter vs rest and detractor
      vs rest (survey weights as variance weights), when the outcome is on an NPS scale.

    Parameters
    ----------
    data : Survey or DataFrame
    outcome : str, optional
        The outcome column (default: the codebook's key outcome).
    drivers : list of str, optional
        The driver columns (default: the codebook's drivers).
    weight : str, None or False
        The weight column; None takes the codebook's weight, False means unweighted.
    scale : (low, high), optional
        The outcome's scale; on 0–10 or 1–10 the promoter and detractor logits are fitted
        (default: the codebook outcome's scale).

    Returns
    -------
    DriverModels
        The fitted statsmodels results as attributes of those names (``logit`` None unless
        the outcome is yes/no), plus ``coefficients``: a tidy
        table ``driver, coef, se, ci_low, ci_high, p_value, std_coef, vif, flagged`` of the OLS
        model (std_coef = coef · sd(driver) / sd(outcome); ``flagged``: ``|std_coef|`` above
        ``CHECK_LIMITS["std_effect"]``), for a yes/no outcome also ``odds_ratio, or_ci_low,
        or_ci_high, or_p_value`` of the logit (NaN when the logit did not converge or is
        separated: those are no findings); ``checks``: :func:`check_table` of every model
        (convergence, separation, negative adjusted R², the share of linear-probability fits
        outside 0–1, standardised effects far beyond 1); ``binary`` (bool), ``data`` (the rows
        used), ``outcome``, ``drivers``, ``weight`` (see :class:`DriverModels`).

    Notes
    -----
    Odds ratio :math:`e^{\beta}` with interval :math:`e^{\beta \\pm z\\,SE}` (Wald).
    Separation (Albert & Anderson 1984, *Biometrika* 71(1)): when the drivers predict some
    answers perfectly the ML estimate does not exist; it shows as fitted probabilities of
    exactly 0 or 1 (within ``CHECK_LIMITS["separation"]``) or statsmodels' warning.

    Examples
    --------
    >>> rng = np.random.default_rng(1)
    >>> df = pd.DataFrame(rng.normal(size=(400, 2)), columns=["a", "b"])
    >>> df["yes"] = (df.a + rng.logistic(size=400) > 0).astype(int)
    >>> m = driver_models(df, outcome="yes", drivers=["a", "b"])
    >>> m.binary, bool(m.coefficients.loc[0, "odds_ratio"] > 1)
    (True, True)
    >>> bool(m.checks["flagged"].any())
    False
    """
    import statsmodels.api as sm
    import statsmodels.formula.api as smf

    sub, outcome, drivers, weight, cb = prepare_drivers(data, outcome, drivers, weight)
    where = str(data.source) if isinstance(data, Survey) else "data"
    X = sub[drivers].to_numpy(dtype=float)
    R = np.corrcoef(np.column_stack([X, sub[outcome]]), rowvar=False)
    check_collinear(R, drivers, where)
    if scale is None:  # the codebook outcome's scale (resolve_defaults)
        scale = resolve_defaults(data, outcome=outcome, check=False).scale
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
    std_coef = coef * sd_x / sd_y
    limit = CHECK_LIMITS["std_effect"]
    table = pd.DataFrame({"driver": drivers, "coef": coef, "se": ols.bse[names].to_numpy(),
                          "ci_low": ci[0].to_numpy(), "ci_high": ci[1].to_numpy(),
                          "p_value": ols.pvalues[names].to_numpy(),
                          "std_coef": std_coef, "vif": _vif(X),
                          "flagged": np.abs(std_coef) > limit})
    y = sub[outcome].to_numpy(dtype=float)
    binary = bool(set(np.unique(y)) == {0.0, 1.0})
    checks: list[dict[str, Any]] = [
        {"model": "ols", "check": "negative_adj_r2", "term": "",
         "value": float(ols.rsquared_adj), "flagged": bool(ols.rsquared_adj < 0)}]
    checks += [{"model": "ols", "check": "std_effect", "term": d, "value": float(b),
                "flagged": bool(abs(b) > limit)} for d, b in zip(drivers, std_coef, strict=True)]
    out: dict[str, Any] = {"ols": ols, "coefficients": table, "data": sub, "outcome": outcome,
                           "drivers": drivers, "weight": weight or None, "binary": binary}
    Xc = sm.add_constant(X, has_constant="add")
    fw = sub[weight].to_numpy(dtype=float) if weight else None
    if binary:
        fitted = np.asarray(ols.fittedvalues, dtype=float)
        outside = float(np.mean((fitted < 0) | (fitted > 1)))
        checks.append({"model": "ols", "check": "lpm_outside", "term": "", "value": outside,
                       "flagged": outside > CHECK_LIMITS["lpm_outside"]})
        logit, found = _fit_logit(y, Xc, fw, "logit")
        checks += found
        if logit is not None:
            out["logit"] = logit
        ok = logit is not None and not any(c["flagged"] for c in found)
        b = np.asarray(logit.params)[1:] if ok else np.full(len(drivers), np.nan)
        lo, hi = ((np.asarray(logit.conf_int())[1:, 0], np.asarray(logit.conf_int())[1:, 1])
                  if ok else (b, b))
        table["odds_ratio"] = np.exp(b)
        table["or_ci_low"] = np.exp(lo)
        table["or_ci_high"] = np.exp(hi)
        table["or_p_value"] = np.asarray(logit.pvalues)[1:] if ok else b
    if np.allclose(y, np.round(y)) and len(np.unique(y)) >= 3:
        out["ordered_logit"] = ordered_logit(y.astype(int), X, drivers)
        conv = bool(out["ordered_logit"].converged)
        checks.append({"model": "ordered_logit", "check": "not_converged", "term": "",
                       "value": float(not conv), "flagged": not conv})
    if scale is not None and tuple(int(s) for s in scale) in ((0, 10), (1, 10)):
        for name, target in (("promoter", y >= 9), ("detractor", y <= 6)):
            # as before: variance weights with model-based standard errors
            res, found = _fit_logit(target.astype(float), Xc, fw, name, robust=False)
            checks += found
            if res is not None:
                out[name] = res
    out["checks"] = check_table(checks)
    return DriverModels(**out)


def model_comparison(models: DriverModels | dict[str, Any]) -> pd.DataFrame:
    """One row per fitted model of :func:`driver_models`.

    Parameters
    ----------
    models : DriverModels
        The result of :func:`driver_models` (an old-style dict of models also works).

    Returns
    -------
    DataFrame
        ``model, n, r2`` (OLS R², or McFadden's pseudo-R² for the logits), ``aic, bic,
        loglik, flagged`` (True when a check of ``models.checks`` failed for the whole
        model: not converged, separated, negative adjusted R², linear-probability fits
        outside 0–1) and ``checks`` (those checks' names, comma-separated).

    Examples
    --------
    >>> rng = np.random.default_rng(1)
    >>> df = pd.DataFrame(rng.normal(size=(300, 2)), columns=["a", "b"])
    >>> df["y"] = np.clip(np.round(5 + 2 * df.a + rng.normal(size=300)), 0, 10)
    >>> model_comparison(driver_models(df, outcome="y", drivers=["a", "b"]))["model"].tolist()
    ['ols', 'ordered_logit']
    """
    checks = _part(models, "checks")
    whole = (checks[checks["flagged"] & (checks["term"] == "")] if checks is not None
             else pd.DataFrame(columns=["model", "check"]))
    rows = []
    for key in ("ols", "logit", "ordered_logit", "promoter", "detractor"):
        res = _part(models, key)
        if res is None:
            continue
        if key == "ols":
            r2 = res.rsquared
        elif key == "ordered_logit":
            r2 = 1 - res.llf / res.llnull if hasattr(res, "llnull") else np.nan
        else:
            r2 = res.pseudo_rsquared(kind="mcf")
        failed = whole.loc[whole["model"] == key, "check"].tolist()
        rows.append({"model": key, "n": int(res.nobs), "r2": float(r2), "aic": float(res.aic),
                     "bic": float(res.bic), "loglik": float(res.llf), "flagged": bool(failed),
                     "checks": ", ".join(failed)})
    return pd.DataFrame(rows)
