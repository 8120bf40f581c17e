"""Measurement quality of the driver constructs: reliability, CFA, validity, structural model.

* :func:`reliability`: Cronbach's alpha with Feldt's confidence interval (pairwise-complete
  covariances, as pingouin and R's ``psych::alpha(use="pairwise")``) and McDonald's omega
  from a one-factor model; item–rest correlations and alpha if an item is deleted on request.
* :func:`cfa`: confirmatory factor analysis of the constructs with semopy: standardised
  loadings, χ², CFI, TLI, RMSEA with its confidence interval (Steiger's noncentral χ²
  inversion), SRMR, AVE, composite reliability, the Fornell–Larcker check and HTMT.
* :func:`htmt`: heterotrait–monotrait ratio of correlations (Henseler, Ringle & Sarstedt 2015).
* :func:`structural_model`: drivers → satisfaction → recommendation with latent drivers.

The models are fitted to the pairwise-complete covariance matrix of the items with n set to
the smallest pairwise count, so respondents with a missing item still inform the other
covariances (listwise deletion would drop half of a 25-item survey with 3 % missing per item)
and the fit statistics stay conservative.

Examples
--------
>>> import cxresearch as cx
>>> rel = reliability(cx.load(cx.bundled_codebook()), omega=False)
>>> rel.loc[rel.construct == "service", "n_items"].item()
4
>>> bool((rel.alpha > 0.6).all())
True
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any

import numpy as np
import pandas as pd

from .errors import CXInputError, Problem
from .io import Survey, as_frame, resolve_defaults
from .models import CHECK_LIMITS, check_table
from .results import Result

__all__ = [
    "CFAResult",
    "reliability",
    "cronbach_alpha",
    "cfa",
    "htmt",
    "rmsea_interval",
    "structural_model",
    "SEMResult",
]


def _constructs(data: pd.DataFrame | Survey,
                constructs: Mapping[str, Sequence[str]] | Sequence[str] | None,
                drivers_only: bool = True, min_items: int = 1,
                skipped: list[str] | None = None) -> tuple[pd.DataFrame, dict[str, list[str]], Any]:
    df, cb = as_frame(data)
    if isinstance(constructs, Mapping):
        spec = {k: list(v) for k, v in constructs.items()}
    elif cb is not None:
        names = list(constructs) if constructs else (cb.drivers if drivers_only else
                                                      list(cb.constructs))
        if not constructs and skipped is not None:
            # by default, constructs with too few items for the method are skipped (and named
            # in the result's attrs["skipped"]), not an error: single-item drivers are common
            skipped += [n for n in names if len(cb.constructs[n].items) < min_items]
            names = [n for n in names if n not in skipped]
        unknown = [n for n in names if n not in cb.constructs]
        if unknown:
            raise CXInputError(Problem("parameters", f"unknown constructs {unknown}",
                                       f"use some of {list(cb.constructs)}"))
        spec = {n: list(cb.constructs[n].items) for n in names}
    else:
        raise CXInputError(Problem("parameters", "no constructs given",
                                   "pass constructs={'name': [item, ...]} or a loaded Survey"))
    missing = [i for items in spec.values() for i in items if i not in df.columns]
    if missing:
        raise CXInputError([Problem("data", "item column not in the data",
                                    "check the construct's items", column=m) for m in missing])
    return df, spec, cb


# --------------------------------------------------------------------------- reliability


def cronbach_alpha(items: pd.DataFrame, *, level: float = 0.95) -> tuple[float, float, float]:
    """Cronbach's alpha with Feldt's (1987) interval, from pairwise-complete covariances.

    Parameters
    ----------
    items : DataFrame
        One column per item of the construct (two or more).
    level : float
        Confidence level of Feldt's interval.

    Returns
    -------
    (alpha, ci_low, ci_high)
        Alpha = k/(k − 1) · (1 − trace(C) / ΣC) and its interval.

    Examples
    --------
    >>> x = pd.DataFrame({"a": [1, 2, 3, 4, 5], "b": [2, 2, 3, 5, 5], "c": [1, 3, 3, 4, 4]})
    >>> round(cronbach_alpha(x)[0], 4)   # = 3/2 · (1 − trace(C) / sum(C))
    0.9538
    """
    from scipy import stats

    k = items.shape[1]
    n = items.shape[0]
    if k < 2:
        raise CXInputError(Problem("data", "alpha needs at least two items",
                                   "add items to the construct (one item has no reliability "
                                   "estimate)", column=str(items.columns[0])))
    C = items.cov().to_numpy()
    alpha = (k / (k - 1)) * (1 - np.trace(C) / C.sum())
    a = 1 - level
    df1, df2 = n - 1, (n - 1) * (k - 1)
    lower = 1 - (1 - alpha) * stats.f.isf(a / 2, df1, df2)
    upper = 1 - (1 - alpha) * stats.f.isf(1 - a / 2, df1, df2)
    return float(alpha), float(lower), float(upper)


def _omega(items: pd.DataFrame) -> float:
    """McDonald's omega total from a one-factor model fitted with semopy (NaN below 3 items)."""
    if items.shape[1] < 3:
        return float("nan")
    names = [f"x{i}" for i in range(items.shape[1])]
    cov, n = _pairwise_cov(items.set_axis(names, axis=1))
    model = _fit_sem("f =~ " + " + ".join(names), cov, n)
    est = model.inspect()
    lam = est[(est["op"] == "~") & (est["rval"] == "f")].set_index("lval")["Estimate"]
    var = est[(est["op"] == "~~")]
    phi = float(var[(var["lval"] == "f") & (var["rval"] == "f")]["Estimate"].iloc[0])
    theta = var[(var["lval"] == var["rval"]) & (var["lval"] != "f")].set_index("lval")["Estimate"]
    common = phi * float(lam.loc[names].sum()) ** 2
    return common / (common + float(theta.loc[names].sum()))


def reliability(data: pd.DataFrame | Survey, *,
                constructs: Mapping[str, Sequence[str]] | Sequence[str] | None = None,
                items: bool = False, level: float = 0.95,
                omega: bool = True) -> pd.DataFrame | tuple[pd.DataFrame, pd.DataFrame]:
    """Reliability of each construct.

    Parameters
    ----------
    data : DataFrame or Survey
        With a Survey, items come from the codebook (reverse items already reversed).
    constructs : mapping or list, optional
        ``{name: [items]}``, or construct names of the survey (default: the drivers).
    items : bool
        Also return the item-level table.
    level : float
        Confidence level of alpha's interval (Feldt's, see :func:`cronbach_alpha`).
    omega : bool
        Fit the one-factor models for omega (about 0.1 s per construct).

    Returns
    -------
    DataFrame
        ``construct, alpha, alpha_ci_low, alpha_ci_high, omega, n_items, n, weighted``
        (always False: reliability describes the instrument in the responding sample, and
        semopy's ML fit takes no survey weights, so the weights are not used).
    (DataFrame, DataFrame)
        With ``items=True``, also ``construct, item, mean, sd, item_rest_r, alpha_if_deleted``.
        With a Survey and no ``constructs``, single-item constructs are left out and listed in
        ``attrs["skipped"]`` (one item has no internal-consistency reliability).

    Examples
    --------
    >>> import numpy as np
    >>> rng = np.random.default_rng(0)
    >>> f = rng.normal(size=300)
    >>> df = pd.DataFrame({f"q{i}": f + rng.normal(size=300) for i in (1, 2, 3)})
    >>> r = reliability(df, constructs={"trust": ["q1", "q2", "q3"]}, omega=False)
    >>> r[["construct", "n_items", "n"]].values.tolist(), round(float(r["alpha"][0]), 2)
    ([['trust', 3, 300]], 0.8)
    """
    skipped: list[str] = []
    df, spec, _ = _constructs(data, constructs, min_items=2, skipped=skipped)
    rows, item_rows = [], []
    for name, cols in spec.items():
        x = df[cols].apply(pd.to_numeric, errors="coerce")
        a, lo, hi = cronbach_alpha(x, level=level)
        rows.append({"construct": name, "alpha": a, "alpha_ci_low": lo, "alpha_ci_high": hi,
                     "omega": _omega(x) if omega else float("nan"), "n_items": len(cols),
                     "n": int(x.notna().any(axis=1).sum()), "weighted": False})
        if items:
            C = x.cov()
            for c in cols:
                rest = x.drop(columns=c)
                # item–rest correlation from the same pairwise covariances as alpha
                # (psych's r.drop): cov(item, rest sum) / sqrt(var(item) · var(rest sum))
                others = [o for o in cols if o != c]
                r_drop = (C.loc[c, others].sum()
                          / np.sqrt(C.loc[c, c] * C.loc[others, others].to_numpy().sum()))
                item_rows.append({
                    "construct": name, "item": c, "mean": x[c].mean(), "sd": x[c].std(),
                    "item_rest_r": float(r_drop),
                    "alpha_if_deleted": (cronbach_alpha(rest, level=level)[0]
                                         if rest.shape[1] >= 2 else float("nan"))})
    table = pd.DataFrame(rows, columns=["construct", "alpha", "alpha_ci_low", "alpha_ci_high",
                                        "omega", "n_items", "n", "weighted"])
    table.attrs["skipped"] = skipped  # single-item constructs: no reliability estimate
    item_table = pd.DataFrame(item_rows)
    item_table.attrs["skipped"] = skipped
    return (table, item_table) if items else table


# --------------------------------------------------------------------------- CFA


def rmsea_interval(chi2: float, df: int, n: int, level: float = 0.90) -> tuple[float, float,
                                                                                float]:
    """RMSEA and its confidence interval by inverting the noncentral χ² (Steiger 1990).

    RMSEA = √(max(χ² − df, 0) / (df·n)) (n, not n − 1, as lavaan 0.6); the limits solve
    F(χ²; df, λ) = 1 − a/2 and a/2 for the noncentrality λ and transform it the same way.
    (The usual level is 90 %.)

    Parameters
    ----------
    chi2 : float
        The model's χ².
    df : int
        Its degrees of freedom.
    n : int
        Respondents.
    level : float
        Confidence level (default 0.90).

    Returns
    -------
    (rmsea, ci_low, ci_high)
        NaN for a saturated model (``df <= 0``).

    Examples
    --------
    >>> est, lo, hi = rmsea_interval(150.0, 100, 500)
    >>> round(est, 4), lo < est < hi
    (0.0316, True)
    """
    from scipy import optimize, stats

    a = 1 - level
    if df <= 0:  # a saturated (just-identified) model: its fit cannot be tested
        return float("nan"), float("nan"), float("nan")

    def solve(p: float) -> float:
        f = lambda lam: stats.ncx2.cdf(chi2, df, lam) - p  # noqa: E731
        if stats.chi2.cdf(chi2, df) < p:
            return 0.0
        hi = max(chi2, 1.0)
        while f(hi) > 0:
            hi *= 2
        return optimize.brentq(f, 1e-10, hi)

    scale = df * n
    est = np.sqrt(max(chi2 - df, 0.0) / scale)
    return float(est), float(np.sqrt(solve(1 - a / 2) / scale)), float(np.sqrt(solve(a / 2)
                                                                                / scale))


def _srmr(model: Any) -> float:
    """Standardised root mean square residual of a fitted semopy model."""
    S = np.asarray(model.mx_cov)
    Sigma = np.asarray(model.calc_sigma()[0])
    d = np.sqrt(np.diag(S))
    resid = (S - Sigma) / np.outer(d, d)
    iu = np.triu_indices_from(resid)
    return float(np.sqrt(np.mean(resid[iu] ** 2)))


def htmt(data: pd.DataFrame | Survey, *,
         constructs: Mapping[str, Sequence[str]] | Sequence[str] | None = None) -> pd.DataFrame:
    """Heterotrait–monotrait ratio (Henseler, Ringle & Sarstedt 2015) for every pair.

    HTMT_ij = mean |r| between the items of i and of j, divided by the geometric mean of the
    average |r| among i's items and among j's items. Values above 0.85 (strict) or 0.90
    (liberal) question discriminant validity.

    Parameters
    ----------
    data : DataFrame or Survey
        Respondents; with a Survey the items come from the codebook.
    constructs : mapping or list, optional
        ``{name: [items]}``, or construct names of the survey (default: its drivers).

    Returns
    -------
    DataFrame
        Square, constructs × constructs, diagonal NaN.

    Examples
    --------
    >>> import numpy as np
    >>> rng = np.random.default_rng(0)
    >>> f = rng.normal(size=(500, 2))
    >>> df = pd.DataFrame({f"{c}{i}": f[:, k] + rng.normal(size=500)
    ...                    for k, c in enumerate("ab") for i in (1, 2, 3)})
    >>> h = htmt(df, constructs={"a": ["a1", "a2", "a3"], "b": ["b1", "b2", "b3"]})
    >>> bool(h.loc["a", "b"] < 0.2), bool(np.isnan(h.loc["a", "a"]))
    (True, True)
    """
    df, spec, _ = _constructs(data, constructs)
    cols = [c for items in spec.values() for c in items]
    R = df[cols].apply(pd.to_numeric, errors="coerce").corr().abs()
    names = list(spec)
    mono = {}
    for n in names:
        block = R.loc[spec[n], spec[n]].to_numpy()
        mono[n] = block[np.triu_indices_from(block, k=1)].mean() if len(spec[n]) > 1 else np.nan
    out = pd.DataFrame(np.nan, index=names, columns=names)
    for i in names:
        for j in names:
            if i != j:
                het = R.loc[spec[i], spec[j]].to_numpy().mean()
                out.loc[i, j] = het / np.sqrt(mono[i] * mono[j])
    return out


@dataclass
class CFAResult:
    """A fitted CFA: loadings, fit, validity, factor correlations, HTMT and the semopy model.

    Parameters
    ----------
    loadings : DataFrame
        ``construct, item, loading, std_loading, se, p_value``.
    fit : dict
        n, χ², df, p, CFI, TLI, RMSEA with its 90 % interval, SRMR, AIC, BIC (see :func:`cfa`).
    validity : DataFrame
        ``construct, ave, cr, sqrt_ave, max_corr, fornell_larcker, max_htmt``.
    factor_corr : DataFrame
        Standardised factor correlations (constructs × constructs).
    htmt : DataFrame
        :func:`htmt` of the constructs.
    model : semopy.Model
        The fitted model.
    checks : DataFrame
        :func:`cxresearch.models.check_table` of the fit: convergence, negative variances,
        standardised loadings beyond ±1 (a Heywood case).

    Examples
    --------
    >>> r = CFAResult(pd.DataFrame(), {"cfi": 0.99}, pd.DataFrame(), pd.DataFrame(),
    ...               pd.DataFrame())
    >>> r.fit["cfi"], r.model is None
    (0.99, True)
    """

    loadings: pd.DataFrame
    fit: dict[str, float]
    validity: pd.DataFrame
    factor_corr: pd.DataFrame
    htmt: pd.DataFrame
    model: Any = field(repr=False, default=None)
    checks: pd.DataFrame = field(repr=False, default_factory=lambda: check_table([]))


def _pairwise_cov(x: pd.DataFrame) -> tuple[pd.DataFrame, int]:
    """Pairwise-complete ML covariances (divisor n of each pair, as lavaan's ML on complete
    data) and the smallest pairwise n."""
    mask = x.notna().to_numpy().astype(float)
    n_pair = mask.T @ mask
    with np.errstate(divide="ignore", invalid="ignore"):
        scale = np.where(n_pair > 1, (n_pair - 1) / n_pair, np.nan)
    return x.cov() * scale, int(n_pair.min())


#: SLSQP settings for every semopy fit: semopy's default (ftol 1e-6) stops short of the ML
#: optimum (loadings off in the 4th decimal); at 1e-12 χ², loadings and omega equal lavaan's
#: to 1e-6 (tests/test_measurement.py against tests/reference/cfa_lavaan.json).
_SOLVER_OPTIONS = {"ftol": 1e-12, "maxiter": 10000}


def _fit_sem(desc: str, cov: pd.DataFrame, n: int) -> Any:
    """Fit a semopy model (ML, 'MLW') to a covariance matrix with the tight optimiser."""
    import semopy

    model = semopy.Model(desc)
    result = model.fit(cov=cov, n_samples=n, options=dict(_SOLVER_OPTIONS))
    model.cx_converged = bool(getattr(result, "success", True))  # read by _sem_checks
    return model


#: A standardised variance at most this far from 0 (a loading this close to ±1) is a Heywood
#: case at semopy's bound.
_HEYWOOD_EPS = 1e-6


def _sem_checks(model: Any, est: pd.DataFrame, name: str, observed: Sequence[str],
                paths: pd.DataFrame | None = None) -> list[dict[str, Any]]:
    """Checks of a fitted semopy model: convergence, Heywood cases (a negative variance, a
    standardised loading beyond ±1) and, for structural paths, standardised effects beyond
    ``CHECK_LIMITS["std_effect"]``. ``est`` is ``model.inspect(std_est=True)`` with the
    original names; ``observed`` the item columns (their loadings are checked)."""
    converged = bool(getattr(model, "cx_converged", True))
    rows = [{"model": name, "check": "not_converged", "term": "", "value": float(not converged),
             "flagged": not converged}]
    # semopy keeps variances at 0 or above: a Heywood case shows as a variance at that bound
    # (a standardised residual variance of 0, a standardised loading of exactly 1) where an
    # unbounded fit (lavaan) gives a negative one; both are flagged
    eps = _HEYWOOD_EPS
    var = est[(est["op"] == "~~") & (est["lval"] == est["rval"])]
    for _, r in var.iterrows():
        v, std = float(r["Estimate"]), float(r["Est. Std"])
        rows.append({"model": name, "check": "negative_variance", "term": str(r["lval"]),
                     "value": v, "flagged": bool(v < 0 or std <= eps)})
    load = est[(est["op"] == "~") & est["lval"].isin(list(observed))]
    for _, r in load.iterrows():
        v = float(r["Est. Std"])
        rows.append({"model": name, "check": "std_loading", "term": str(r["lval"]),
                     "value": v, "flagged": bool(abs(v) >= 1 - eps)})
    if paths is not None:
        limit = CHECK_LIMITS["std_effect"]
        for _, r in paths.iterrows():
            v = float(r["std_estimate"])
            rows.append({"model": name, "check": "std_effect",
                         "term": f"{r['from']} → {r['to']}", "value": v,
                         "flagged": abs(v) > limit})
    return rows


def _information_criteria(model: Any, n: int) -> dict[str, float]:
    r"""−2 log L, AIC and BIC of a fitted covariance-structure model (lavaan's definitions).

    :math:`-2\log L = n\,[p\log 2\pi + \log|\Sigma| + \operatorname{tr}(S\Sigma^{-1})]`
    with the ML covariance :math:`S` (means saturated), :math:`AIC = -2\log L + 2k`,
    :math:`BIC = -2\log L + k\ln n`, :math:`k` the free parameters. (semopy's own "AIC" is
    built on the ML discrepancy without n and cannot compare models.)
    """
    S = np.asarray(model.mx_cov, dtype=float)
    Sigma = np.asarray(model.calc_sigma()[0], dtype=float)
    p = S.shape[0]
    sign, logdet = np.linalg.slogdet(Sigma)
    m2ll = n * (p * np.log(2 * np.pi) + logdet + np.trace(S @ np.linalg.inv(Sigma)))
    k = len(model.param_vals)
    return {"minus2_loglik": float(m2ll), "n_parameters": int(k),
            "aic": float(m2ll + 2 * k), "bic": float(m2ll + k * np.log(n))}


def _fit_stats(model: Any, n: int, level: float = 0.90) -> dict[str, float]:
    import semopy

    st = semopy.calc_stats(model).T["Value"]
    chi2, dof = float(st["chi2"]), int(st["DoF"])
    est, lo, hi = rmsea_interval(chi2, dof, n, level)
    return {"n": n, "chi2": chi2, "df": dof, "saturated": dof == 0, "weighted": False,
            "p_value": float(st["chi2 p-value"]) if dof > 0 else float("nan"),
            "cfi": float(st["CFI"]), "tli": float(st["TLI"]), "rmsea": est,
            "rmsea_ci_low": lo, "rmsea_ci_high": hi, "srmr": _srmr(model),
            **_information_criteria(model, n)}


def cfa(data: pd.DataFrame | Survey, *,
        constructs: Mapping[str, Sequence[str]] | Sequence[str] | None = None) -> CFAResult:
    """Confirmatory factor analysis of the constructs (correlated factors) with semopy.

    Parameters
    ----------
    data : DataFrame or Survey
        Respondents; with a Survey the items come from the codebook.
    constructs : mapping or list, optional
        ``{name: [items]}``, or construct names of the survey (default: its drivers).

    Returns
    -------
    CFAResult
        ``loadings``: ``construct, item, loading, std_loading, se, p_value``;
        ``fit``: n, χ², df, p, CFI, TLI, RMSEA with 90 % CI, SRMR, ``minus2_loglik``,
        ``n_parameters``, ``aic`` (−2 log L + 2k) and ``bic`` (−2 log L + k ln n), equal to
        lavaan's (differences between models are those of χ² + 2k / χ² + k ln n), and
        ``weighted`` (False: semopy fits unweighted covariances; survey weights are not used);
        ``validity``: ``construct, ave, cr, sqrt_ave, max_corr, fornell_larcker`` (√AVE above
        every correlation with another factor), ``max_htmt``;
        ``factor_corr``: standardised factor correlations; ``htmt``. With a Survey and no
        ``constructs``, single-item constructs are left out and listed in
        ``validity.attrs["skipped"]``. ``fit`` also has ``converged`` and ``flagged``;
        ``checks``: :func:`cxresearch.models.check_table` of the fit (``not_converged``,
        ``negative_variance`` per variance, ``std_loading`` per item: a Heywood case is a
        negative variance or a standardised loading beyond ±1); ``loadings["flagged"]`` marks
        the items of a failed check. A flagged CFA is no evidence of validity.

    Examples
    --------
    >>> import numpy as np
    >>> rng = np.random.default_rng(0)
    >>> f = rng.normal(size=(500, 2))
    >>> df = pd.DataFrame({f"{c}{i}": f[:, k] + 0.6 * rng.normal(size=500)
    ...                    for k, c in enumerate("ab") for i in (1, 2, 3)})
    >>> res = cfa(df, constructs={"a": ["a1", "a2", "a3"], "b": ["b1", "b2", "b3"]})
    >>> bool(res.loadings["std_loading"].min() > 0.7), bool(res.fit["cfi"] > 0.95)
    (True, True)
    """
    skipped: list[str] = []
    df, spec, _ = _constructs(data, constructs, min_items=2, skipped=skipped)
    if not spec:
        raise CXInputError(Problem("codebook", "no construct has two or more items",
                                   "a CFA needs multi-item constructs; with single items only, "
                                   "skip the measurement model", column="constructs"))
    for name, cols in spec.items():
        if len(cols) < 2:
            raise CXInputError(Problem("codebook", f"construct '{name}' has one item",
                                       "a factor needs two or more items (three to be "
                                       "identified on its own): add items or leave it out",
                                       column=name))
    cols = [c for items in spec.values() for c in items]
    x = df[cols].apply(pd.to_numeric, errors="coerce")
    cov, n = _pairwise_cov(x)
    # semopy parses a model description: columns with spaces, hyphens or non-ASCII letters
    # are given plain aliases for the fit and their names back afterwards
    alias = {c: f"cx_i{k}" for k, c in enumerate(cols)}
    alias |= {name: f"cx_f{k}" for k, name in enumerate(spec)}
    back = {v: k for k, v in alias.items()}
    cov = cov.rename(index=alias, columns=alias)
    desc = "\n".join(f"{alias[name]} =~ " + " + ".join(alias[i] for i in items)
                     for name, items in spec.items())
    model = _fit_sem(desc, cov, n)
    est = model.inspect(std_est=True)
    est["lval"] = est["lval"].map(lambda v: back.get(v, v))
    est["rval"] = est["rval"].map(lambda v: back.get(v, v))
    load = est[(est["op"] == "~") & est["rval"].isin(spec)]
    loadings = pd.DataFrame({
        "construct": load["rval"].to_numpy(), "item": load["lval"].to_numpy(),
        "loading": load["Estimate"].astype(float).to_numpy(),
        "std_loading": load["Est. Std"].astype(float).to_numpy(),
        "se": pd.to_numeric(load["Std. Err"], errors="coerce").to_numpy(),
        "p_value": pd.to_numeric(load["p-value"], errors="coerce").to_numpy()})
    names = list(spec)
    fc = pd.DataFrame(np.eye(len(names)), index=names, columns=names)
    cov_rows = est[(est["op"] == "~~") & est["lval"].isin(spec) & est["rval"].isin(spec)]
    for _, r in cov_rows.iterrows():
        if r["lval"] != r["rval"]:
            fc.loc[r["lval"], r["rval"]] = fc.loc[r["rval"], r["lval"]] = float(r["Est. Std"])
    H = htmt(df, constructs=spec)
    rows = []
    for name in names:
        lam = loadings.loc[loadings["construct"] == name, "std_loading"].to_numpy()
        ave = float(np.mean(lam**2))
        cr = float(lam.sum() ** 2 / (lam.sum() ** 2 + np.sum(1 - lam**2)))
        others = fc.loc[name].drop(name).abs()
        max_corr = float(others.max()) if len(others) else float("nan")
        rows.append({"construct": name, "ave": ave, "cr": cr, "sqrt_ave": np.sqrt(ave),
                     "max_corr": max_corr, "fornell_larcker": bool(np.sqrt(ave) > max_corr),
                     "max_htmt": float(H.loc[name].max()) if len(names) > 1 else float("nan")})
    validity = pd.DataFrame(rows)
    validity.attrs["skipped"] = skipped  # single-item constructs are not in the model
    checks = check_table(_sem_checks(model, est, "cfa", cols))
    bad_items = set(checks.loc[checks["flagged"] & (checks["term"] != ""), "term"])
    loadings["flagged"] = loadings["item"].isin(bad_items).to_numpy()
    fit = _fit_stats(model, n)
    fit["converged"] = bool(model.cx_converged)
    fit["flagged"] = bool(checks["flagged"].any())
    return CFAResult(loadings, fit, validity, fc, H, model, checks)


@dataclass(frozen=True, eq=False)
class SEMResult(Result):
    """The result of :func:`structural_model` (dict-style ``res["paths"]`` is deprecated).

    Parameters
    ----------
    paths : DataFrame
        ``to, from, estimate, std_estimate, se, p_value``: the regressions of the mediator
        on the latent drivers and of the outcome on the mediator and the drivers.
    indirect : DataFrame
        ``driver, a, b, indirect, direct, total``: standardised paths, indirect = a·b through
        the mediator, total = direct + a·b.
    fit : dict
        The fit statistics (as in :func:`cfa`) plus ``converged`` and ``flagged``.
    r2 : dict
        R² of the mediator and of the outcome, by column name.
    model : semopy.Model
        The fitted model.
    mediator, outcome : str
        The mediator and outcome columns.
    checks : DataFrame
        The model checks (as in :func:`cfa`, plus ``std_effect`` per path).

    Examples
    --------
    >>> rng = np.random.default_rng(0)
    >>> f = rng.normal(size=400)
    >>> df = pd.DataFrame({f"q{i}": f + 0.6 * rng.normal(size=400) for i in (1, 2, 3)})
    >>> df["sat"] = 0.7 * f + rng.normal(size=400)
    >>> df["y"] = 0.6 * df["sat"] + rng.normal(size=400)
    >>> res = structural_model(df, drivers={"s": ["q1", "q2", "q3"]}, mediator="sat",
    ...                        outcome="y")
    >>> res.mediator, sorted(res.r2), list(res.indirect["driver"])
    ('sat', ['sat', 'y'], ['s'])
    """

    paths: pd.DataFrame
    indirect: pd.DataFrame
    fit: dict[str, Any]
    r2: dict[str, float]
    model: Any
    mediator: str
    outcome: str
    checks: pd.DataFrame


def structural_model(data: pd.DataFrame | Survey, *, drivers: Sequence[str] | None = None,
                     mediator: str | None = None, outcome: str | None = None) -> SEMResult:
    """Latent drivers → satisfaction → the key outcome, fitted with semopy.

    Each driver is a latent factor measured by its items; satisfaction (the mediator) and
    the outcome (default: the codebook's key outcome, e.g. recommendation) are observed. The
    outcome depends on satisfaction and directly on the drivers; satisfaction on the drivers.

    Parameters
    ----------
    data : DataFrame or Survey
        Respondents; with a Survey the items come from the codebook.
    drivers : mapping or list, optional
        ``{name: [items]}``, or construct names of the survey (default: its drivers).
    mediator : str, optional
        The mediator column (default: the codebook's ``satisfaction`` outcome).
    outcome : str, optional
        The outcome column (default: the codebook's key outcome).

    Returns
    -------
    SEMResult
        ``paths``: ``to, from, estimate, std_estimate, se, p_value``; ``indirect``: per driver,
        the standardised indirect effect a·b through the mediator and the direct effect;
        ``fit`` (as in :func:`cfa`), ``r2`` of the mediator and the outcome, ``model``, and
        ``checks`` (as in :func:`cfa`, plus ``std_effect`` per path: a standardised path
        beyond ±``CHECK_LIMITS["std_effect"]``).

    Examples
    --------
    >>> import numpy as np
    >>> rng = np.random.default_rng(0)
    >>> f = rng.normal(size=500)
    >>> df = pd.DataFrame({f"q{i}": f + 0.6 * rng.normal(size=500) for i in (1, 2, 3)})
    >>> df["sat"] = 0.7 * f + rng.normal(size=500)
    >>> df["y"] = 0.6 * df["sat"] + 0.2 * f + rng.normal(size=500)
    >>> res = structural_model(df, drivers={"service": ["q1", "q2", "q3"]}, mediator="sat",
    ...                        outcome="y")
    >>> ind = res.indirect.iloc[0]
    >>> ind["driver"], bool(ind["indirect"] > 0.1)
    ('service', True)
    """
    df, spec, cb = _constructs(data, drivers)
    if cb is not None:
        if mediator is None and "satisfaction" in cb.outcomes:
            mediator = cb.outcomes["satisfaction"].column
        # the key outcome (resolve_defaults), not always the recommendation
        outcome = resolve_defaults(data, outcome=outcome, check=False).outcome
    if not outcome or not mediator:
        raise CXInputError(Problem("parameters", "the structural model needs an outcome and a "
                                   "mediator", "pass outcome= and mediator= (e.g. the "
                                   "satisfaction column)"))
    missing = [c for c in (mediator, outcome) if c not in df.columns]
    if missing:
        raise CXInputError([Problem("data", "the column is not in the data",
                                    f"use one of: {', '.join(map(str, df.columns[:20]))}",
                                    column=c) for c in missing])
    if mediator == outcome:
        raise CXInputError(Problem("parameters", f"'{mediator}' is both the outcome and the "
                                   "mediator", "pass another mediator= or outcome=",
                                   column=mediator))
    names = list(spec)
    cols = [c for items in spec.values() for c in items] + [mediator, outcome]
    x = df[cols].apply(pd.to_numeric, errors="coerce")
    cov, n = _pairwise_cov(x)
    # plain aliases for semopy's model syntax (spaces, hyphens, non-ASCII letters), as in cfa
    alias = {c: f"cx_i{k}" for k, c in enumerate(dict.fromkeys(cols))}
    alias |= {name: f"cx_f{k}" for k, name in enumerate(names)}
    back = {v: k for k, v in alias.items()}
    cov = cov.rename(index=alias, columns=alias)
    desc = "\n".join(f"{alias[k]} =~ " + " + ".join(alias[i] for i in v) for k, v in spec.items())
    desc += f"\n{alias[mediator]} ~ " + " + ".join(alias[d] for d in names)
    desc += f"\n{alias[outcome]} ~ {alias[mediator]} + " + " + ".join(alias[d] for d in names)
    model = _fit_sem(desc, cov, n)
    est = model.inspect(std_est=True)
    est["lval"] = est["lval"].map(lambda v: back.get(v, v))
    est["rval"] = est["rval"].map(lambda v: back.get(v, v))
    reg = est[(est["op"] == "~") & est["lval"].isin([mediator, outcome])]
    paths = pd.DataFrame({"to": reg["lval"].to_numpy(), "from": reg["rval"].to_numpy(),
                          "estimate": reg["Estimate"].astype(float).to_numpy(),
                          "std_estimate": reg["Est. Std"].astype(float).to_numpy(),
                          "se": pd.to_numeric(reg["Std. Err"], errors="coerce").to_numpy(),
                          "p_value": pd.to_numeric(reg["p-value"], errors="coerce").to_numpy()})
    std = {(r["to"], r["from"]): r["std_estimate"] for _, r in paths.iterrows()}
    b = std[(outcome, mediator)]
    indirect = pd.DataFrame([{"driver": d, "a": std[(mediator, d)], "b": b,
                              "indirect": std[(mediator, d)] * b, "direct": std[(outcome, d)],
                              "total": std[(outcome, d)] + std[(mediator, d)] * b}
                             for d in names])
    var = est[(est["op"] == "~~") & (est["lval"] == est["rval"])].set_index("lval")["Est. Std"]
    r2 = {v: 1 - float(var.get(v, np.nan)) for v in (mediator, outcome)}
    items = [c for v in spec.values() for c in v]
    checks = check_table(_sem_checks(model, est, "sem", items, paths))
    fit = _fit_stats(model, n)
    fit["converged"] = bool(model.cx_converged)
    fit["flagged"] = bool(checks["flagged"].any())
    return SEMResult(paths, indirect, fit, r2, model, mediator, outcome, checks)
