"""Raking survey weights to population margins (iterative proportional fitting).

:func:`rake` adjusts base weights so that the weighted share of every level of every target
variable equals its population share, optionally keeping each weight inside trimming bounds
relative to the mean weight. :func:`rake_fit` does the same and returns a :class:`RakeResult`
with the convergence report, the achieved margins, the weighting efficiency and Kish's design
effect. Both take a DataFrame or a loaded :class:`~cxresearch.io.Survey`'s ``.data``; the data
is never changed.

Targets are **shares** that add up to 1 for each variable (not population counts): the raked
weights keep the total of the base weights (the number of respondents when there is no base
weight), so a weighted count is still on the sample's scale.

Examples
--------
>>> import pandas as pd
>>> df = pd.DataFrame({"sex": ["m", "m", "f", "f", "f"], "age": ["y", "o", "y", "o", "o"]})
>>> w = rake(df, targets={"sex": {"m": 0.5, "f": 0.5}, "age": {"y": 0.5, "o": 0.5}})
>>> [round(float(w[df[v] == k].sum() / w.sum()), 6) for v, k in [("sex", "m"), ("age", "y")]]
[0.5, 0.5]
"""

from __future__ import annotations

import math
import warnings
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

import numpy as np
import pandas as pd

from .errors import CXInputError, Problem

__all__ = ["rake", "rake_fit", "RakeResult", "check_targets", "design_effect",
           "RAKED_WEIGHT"]

#: Name of the raked weight column that :func:`cxresearch.io.load` adds to a survey.
RAKED_WEIGHT = "weight_raked"

_SUM_TOL = 1e-6  # how far the shares of one variable may be from 1 (rounding in a codebook)


@dataclass(frozen=True)
class RakeResult:
    """The outcome of :func:`rake_fit`.

    Parameters
    ----------
    weights : Series
        The raked weights, aligned with the data's index, named ``weight_raked``.
    iterations : int
        Raking cycles run (one cycle adjusts every variable once, then trims).
    converged : bool
        True when every margin is within ``tol`` of its target and every weight inside the
        bounds.
    max_error : float
        The largest absolute difference between an achieved and a target share.
    margins : DataFrame
        One row per variable and level: ``variable, level, target, sample, achieved``
        (shares: the target, the base-weighted share before raking, the share after raking).
    design_effect : float
        Kish's design effect of the raked weights, :math:`n\\sum w^2 / (\\sum w)^2`.
    efficiency : float
        Weighting efficiency, ``1 / design_effect`` (the share of the sample that the
        weighted sample is worth).
    n_eff : float
        Effective sample size, ``n / design_effect``.

    Examples
    --------
    >>> df = pd.DataFrame({"sex": ["m", "f", "f", "f"]})
    >>> fit = rake_fit(df, targets={"sex": {"m": 0.5, "f": 0.5}})
    >>> fit.converged, fit.weights.round(3).tolist(), round(fit.design_effect, 3)
    (True, [2.0, 0.667, 0.667, 0.667], 1.333)
    >>> fit.margins[["level", "target", "sample", "achieved"]].round(2)
      level  target  sample  achieved
    0     m     0.5    0.25       0.5
    1     f     0.5    0.75       0.5
    """

    weights: pd.Series
    iterations: int
    converged: bool
    max_error: float
    margins: pd.DataFrame
    design_effect: float
    efficiency: float
    n_eff: float

    def summary(self) -> pd.DataFrame:
        """A one-row frame: ``iterations, converged, max_error, design_effect, efficiency,
        n_eff, min_weight, max_weight`` (weights relative to the mean weight)."""
        w = self.weights.to_numpy(float)
        m = w.mean()
        return pd.DataFrame([{
            "iterations": self.iterations, "converged": self.converged,
            "max_error": self.max_error, "design_effect": self.design_effect,
            "efficiency": self.efficiency, "n_eff": self.n_eff,
            "min_weight": w.min() / m, "max_weight": w.max() / m}])


def design_effect(weights: Any) -> float:
    """Kish's design effect due to unequal weights, :math:`n\\sum w_i^2/(\\sum w_i)^2 = 1+CV^2`.

    Kish (1965), *Survey Sampling*, section 11.7. Its inverse is the weighting efficiency.

    Parameters
    ----------
    weights : array-like of float
        The respondents' weights (any scale: the effect is scale-invariant).

    Returns
    -------
    float
        The design effect (1 for equal weights); NaN when the weights sum to 0 or less.

    Examples
    --------
    >>> design_effect([1, 1, 2, 4])   # 4 * 22 / 8**2
    1.375
    """
    w = np.asarray(weights, dtype=float)
    s = w.sum()
    return float(len(w) * np.sum(w * w) / (s * s)) if s > 0 else math.nan


def _key(v: Any) -> str:
    """A level's text form: 1, 1.0 and "1" are the same level."""
    if isinstance(v, (float, np.floating)) and float(v).is_integer():
        v = int(v)
    return str(v)


def check_targets(data: pd.DataFrame, targets: Any, *, where: str = "targets"
                  ) -> dict[str, dict[str, float]]:
    """Check raking targets against the data; return them with levels as text.

    Every problem is reported at once: a variable the data lacks, a share that is not a number
    in [0, 1], shares of a variable that do not add up to 1, a target level the data lacks, a
    data level without a target, missing values in a target variable.

    Parameters
    ----------
    data : DataFrame
        The respondents, with one column per target variable.
    targets : mapping
        ``{variable: {level: population share}}``, shares of a variable adding up to 1.
    where : str
        What the error messages name as the place of the targets (a file or parameter).

    Returns
    -------
    dict
        ``{variable: {level (str): share}}``.

    Examples
    --------
    >>> df = pd.DataFrame({"g": ["a", "b"]})
    >>> check_targets(df, {"g": {"a": 0.5, "b": 0.6}})
    Traceback (most recent call last):
    ...
    cxresearch.errors.CXInputError: targets, column 'g': the target shares add up to 1.1, not 1 ...
    """
    problems: list[Problem] = []
    if not isinstance(targets, Mapping) or not targets:
        raise CXInputError(Problem(where, "raking targets must be a mapping of variable to "
                                   "{level: share}", "write e.g. {age_group: {'18-29': 0.2, "
                                   "'30-49': 0.35, '50+': 0.45}}", value=targets))
    out: dict[str, dict[str, float]] = {}
    for var, shares in targets.items():
        var = str(var)
        if var not in data.columns:
            problems.append(Problem(where, "the raking variable is not in the data",
                                    "correct the name or remove it from the targets",
                                    column=var))
            continue
        if not isinstance(shares, Mapping) or not shares:
            problems.append(Problem(where, "the targets of a variable must map each level to "
                                    "its population share", f"write e.g. {var}: {{level: 0.5}}",
                                    column=var, value=shares))
            continue
        clean: dict[str, float] = {}
        for level, share in shares.items():
            ok = (isinstance(share, (int, float)) and not isinstance(share, bool)
                  and 0 <= share <= 1 and math.isfinite(share))
            if not ok:
                problems.append(Problem(where, f"the share of level {_key(level)!r} is not a "
                                        "number between 0 and 1", "give population shares "
                                        "(0.35 for 35 %)", column=var, value=share))
                continue
            clean[_key(level)] = float(share)
        total = sum(clean.values())
        if len(clean) == len(shares) and abs(total - 1) > _SUM_TOL:
            problems.append(Problem(where, f"the target shares add up to {total:.6g}, not 1",
                                    "give shares of the population that add up to 1 for each "
                                    "variable (not counts)", column=var, value=total))
        col = data[var]
        na = col.isna()
        if na.any():
            rows = tuple(int(i) + 1 for i in np.flatnonzero(na.to_numpy())[:5])
            problems.append(Problem(where, f"{int(na.sum())} respondents have no value of a "
                                    "raking variable", "give them a level (e.g. 'unknown' with "
                                    "its own target) or leave them out before raking",
                                    column=var, rows=rows, n_rows=int(na.sum())))
        levels = sorted({_key(v) for v in col.dropna().unique()})
        for level in clean:
            if level not in levels:
                problems.append(Problem(where, f"target level {level!r} does not occur in the "
                                        "data", f"use the data's levels: {levels[:12]}",
                                        column=var, value=level))
        for level in levels:
            if level not in clean:
                problems.append(Problem(where, f"data level {level!r} has no target",
                                        "give every level of the variable a share (0 is "
                                        "allowed only if no respondent has it)",
                                        column=var, value=level))
            elif clean[level] == 0:
                problems.append(Problem(where, f"level {level!r} has respondents but a target "
                                        "of 0", "give it a positive share or leave those "
                                        "respondents out", column=var, value=level))
        out[var] = clean
    if problems:
        raise CXInputError(problems)
    return out


def rake_fit(data: pd.DataFrame, *, targets: Mapping[str, Mapping[Any, float]],
             weight: str | None = None, bounds: tuple[float, float] | None = None,
             max_iter: int = 1000, tol: float = 1e-10, where: str = "rake") -> RakeResult:
    """Rake weights to target margins and report how it went.

    Parameters
    ----------
    data : DataFrame
        One row per respondent (not changed).
    targets : dict
        ``{variable: {level: share}}``; each variable's shares add up to 1 and cover exactly
        the levels present in the data (levels match by their text, so ``1`` and ``"1"`` are
        the same level).
    weight : str, optional
        Base (design) weight column; equal base weights when None.
    bounds : (lo, hi), optional
        Trimming bounds relative to the mean weight, e.g. ``(0.3, 3.0)``; weights are clipped
        to ``[lo * mean, hi * mean]`` after each raking cycle and raking continues, so the
        result hits the margins *and* stays in the bounds when both are possible.
    max_iter : int
        Largest number of raking cycles.
    tol : float
        Convergence tolerance on the largest absolute share error.
    where : str
        How error messages name the targets (e.g. the codebook file).

    Returns
    -------
    RakeResult
        ``weights`` (a Series named ``weight_raked`` that sums to the base weights' total),
        ``iterations``, ``converged``, ``max_error``, ``margins`` (columns ``variable, level,
        target, sample, achieved``), ``design_effect``, ``efficiency``, ``n_eff``.

    Raises
    ------
    CXInputError
        Bad targets (see :func:`check_targets`), bounds that are not ``0 <= lo < 1 < hi``,
        base weights that are missing, negative or all zero, or a level with respondents whose
        base weights are all zero.

    Warns
    -----
    RuntimeWarning
        When raking has not converged within ``max_iter`` cycles (``converged`` is False).

    Notes
    -----
    Raking ratio estimation (Deming & Stephan 1940, *Ann. Math. Statist.* 11(4)): for each
    variable :math:`v` in turn, every weight of level :math:`l` is multiplied by
    :math:`T_{vl} / \\hat T_{vl}`, the target total over the current weighted total of the
    level; cycles repeat until the margins agree. With bounds, each cycle ends by clipping
    the weights to :math:`[lo\\,\\bar w, hi\\,\\bar w]` (trimming as in Battaglia et al. 2009,
    *Survey Practice* 2(5)). The design effect is Kish's :math:`1 + CV^2` of the weights.

    Examples
    --------
    >>> df = pd.DataFrame({"g": ["a", "a", "a", "b"]})
    >>> res = rake_fit(df, targets={"g": {"a": 0.5, "b": 0.5}})
    >>> res.weights.round(4).tolist(), res.converged, round(res.design_effect, 4)
    ([0.6667, 0.6667, 0.6667, 2.0], True, 1.3333)
    """
    if not isinstance(data, pd.DataFrame):
        raise TypeError(f"expected a pandas DataFrame, got {type(data).__name__}")
    clean = check_targets(data, targets, where=where)
    n = len(data)
    if weight is not None:
        if weight not in data.columns:
            raise CXInputError(Problem(where, "the base weight column is not in the data",
                                       "correct the name or leave weight out", column=weight))
        base = pd.to_numeric(data[weight], errors="coerce").to_numpy(float)
        bad = ~np.isfinite(base) | (base < 0)
        if bad.any() or base.sum() <= 0:
            raise CXInputError(Problem(where, "base weights are missing, negative or all zero",
                                       "give every respondent a base weight >= 0",
                                       column=weight, n_rows=int(bad.sum())))
    else:
        base = np.ones(n)
    if bounds is not None:
        ok = (isinstance(bounds, (list, tuple)) and len(bounds) == 2
              and all(isinstance(b, (int, float)) and not isinstance(b, bool) for b in bounds)
              and 0 <= bounds[0] < 1 < bounds[1])
        if not ok:
            raise CXInputError(Problem(where, "trimming bounds must be [lo, hi] relative to the "
                                       "mean weight with 0 <= lo < 1 < hi",
                                       "write e.g. bounds: [0.3, 3]", value=bounds))
    total = base.sum()
    codes: list[tuple[str, np.ndarray, np.ndarray]] = []  # variable, level index, target shares
    for var, shares in clean.items():
        keys = data[var].map(_key).to_numpy()
        levels = list(shares)
        idx = np.array([levels.index(k) for k in keys])
        tgt = np.array([shares[k] for k in levels])
        have = np.bincount(idx, weights=base, minlength=len(levels))
        empty = [lv for lv, h, t in zip(levels, have, tgt, strict=True) if h <= 0 < t]
        if empty:
            raise CXInputError(Problem(where, f"level {empty[0]!r} has respondents but all "
                                       "their base weights are 0, so it cannot be raked",
                                       "check the base weights", column=var, value=empty[0]))
        codes.append((var, idx, tgt))

    def error(w: np.ndarray) -> float:
        s = w.sum()
        return max(float(np.max(np.abs(np.bincount(i, weights=w, minlength=len(t)) / s - t)))
                   for _, i, t in codes)

    w = base.astype(float).copy()
    converged = False
    it = 0
    for it in range(1, max_iter + 1):  # noqa: B007 - the count is reported
        for _, idx, tgt in codes:
            have = np.bincount(idx, weights=w, minlength=len(tgt))
            factor = np.divide(tgt * total, have, out=np.zeros_like(have), where=have > 0)
            w = w * factor[idx]
        inside = True
        if bounds is not None:
            m = w.mean()
            lo, hi = bounds[0] * m, bounds[1] * m
            inside = bool(np.all((w >= lo * (1 - 1e-9)) & (w <= hi * (1 + 1e-9))))
            if not inside:
                w = np.clip(w, lo, hi)
        if inside and error(w) <= tol:
            converged = True
            break
    w = w * (total / w.sum())
    max_err = error(w)
    if not converged:
        warnings.warn(f"raking did not converge in {max_iter} cycles (largest share error "
                      f"{max_err:.2g}); the targets may be incompatible with the bounds",
                      RuntimeWarning, stacklevel=2)
    rows = []
    for var, idx, tgt in codes:
        levels = list(clean[var])
        before = np.bincount(idx, weights=base, minlength=len(tgt)) / total
        after = np.bincount(idx, weights=w, minlength=len(tgt)) / w.sum()
        rows += [{"variable": var, "level": lv, "target": t, "sample": b, "achieved": a}
                 for lv, t, b, a in zip(levels, tgt, before, after, strict=True)]
    deff = design_effect(w)
    return RakeResult(weights=pd.Series(w, index=data.index, name=RAKED_WEIGHT),
                      iterations=it, converged=converged, max_error=max_err,
                      margins=pd.DataFrame(rows), design_effect=deff, efficiency=1 / deff,
                      n_eff=n / deff)


def rake(data: pd.DataFrame, *, targets: Mapping[str, Mapping[Any, float]],
         weight: str | None = None, bounds: tuple[float, float] | None = None,
         max_iter: int = 1000, tol: float = 1e-10) -> pd.Series:
    """Raked weights aligned with the data: :func:`rake_fit` without the report.

    ``data`` may be a DataFrame or a :class:`~cxresearch.io.Survey` (its ``.data``; the
    codebook's ``weight`` is then the default base weight, also when the survey was raked on
    load). See :func:`rake_fit` for the algorithm and the errors.

    Parameters
    ----------
    data : DataFrame or Survey
        One row per respondent (not changed).
    targets : dict
        ``{variable: {level: share}}``; each variable's shares add up to 1 and cover exactly
        the levels present in the data.
    weight : str, optional
        Base (design) weight column (default: the Survey's weight; equal weights otherwise).
    bounds : (lo, hi), optional
        Trimming bounds relative to the mean weight, e.g. ``(0.3, 3.0)``.
    max_iter : int
        Largest number of raking cycles.
    tol : float
        Convergence tolerance on the largest absolute share error.

    Returns
    -------
    Series
        Named ``weight_raked``, summing to the total of the base weights.

    Examples
    --------
    >>> df = pd.DataFrame({"g": [1, 1, 2]})
    >>> rake(df, targets={"g": {1: 0.5, 2: 0.5}}).tolist()
    [0.75, 0.75, 1.5]
    """
    frame = data
    if hasattr(data, "codebook") and hasattr(data, "data"):  # a Survey (io is the same layer)
        frame = data.data
        if weight is None:  # the codebook's weight; in a raked survey its base weight
            cb = data.codebook
            weight = cb.base_weight if getattr(cb, "raked", False) else cb.weight
    return rake_fit(frame, targets=targets, weight=weight, bounds=bounds, max_iter=max_iter,
                    tol=tol).weights
