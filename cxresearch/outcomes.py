"""Summaries of any outcome type: an NPS, a yes/no share or a rating's mean and top box.

A survey's key outcome is not always a 0–10 recommendation question. :func:`outcome_summary`
reports each outcome in the way that suits its type (the codebook's ``outcomes.<name>.type``):

* ``nps`` (0–10 or 1–10): the Net Promoter Score in points, from :func:`cxresearch.metrics.nps`
  (adjusted-Wald interval, Rocks 2016);
* ``binary`` (0/1 after recoding): the percentage of 1s;
* ``rating`` (e.g. 1–5): the mean and the top-box share (the answers in ``top_box``).

Intervals
---------
Shares (a binary outcome, the top box of a rating), with p the (weighted) share:

* unweighted: the Wilson (1927) score interval,
  (p + z²/2n ± z·√[p(1−p)/n + z²/4n²]) / (1 + z²/n), z the normal quantile
  (Wilson, E. B. 1927, *JASA* 22(158); Brown, Cai & DasGupta 2001, *Statistical Science*
  16(2), recommend it for every n);
* weighted: the Korn–Graubard (1998) interval, a Clopper–Pearson interval on the design
  effective sample size n* = p(1−p)/v̂, where v̂ = n/(n−1)·Σwᵢ²(yᵢ−p)²/(Σw)² is the
  linearisation variance of the weighted share (Korn, E. L. & Graubard, B. I. 1998,
  *Survey Methodology* 24(2)): [B⁻¹(α/2; n*p, n*(1−p)+1), B⁻¹(1−α/2; n*p+1, n*(1−p))].
  It is R ``survey::svyciprop(method = "beta")`` for a design with weights and no clusters.
  When every answer is the same (v̂ = 0) Kish's n_eff = (Σw)²/Σw² stands in for n*.

Means (a rating): ȳ ± t₍n−1₎·√v̂ with v̂ = n/(n−1)·Σwᵢ²(yᵢ−ȳ)²/(Σw)², the linearisation
variance of the weighted mean (R ``survey::svymean`` with ``confint(df = degf)``); unweighted
it is s²/n, the ordinary t-interval.

With weights, groups (``by``) are domains of the whole sample of N respondents, as in R
``svyciprop``/``svymean`` on ``subset(design, ...)``: the variance factor is N/(N−1) (the t
keeps the group's n−1 degrees of freedom). Unweighted groups are summarised as samples of
their own.

Examples
--------
>>> import pandas as pd
>>> df = pd.DataFrame({"rec": [1] * 30 + [0] * 20})
>>> t = outcome_summary(df, outcome="rec", type="binary")
>>> t[["type", "n", "estimate", "ci_low", "ci_high", "unit"]].round(1)
     type   n  estimate  ci_low  ci_high     unit
0  binary  50      60.0    46.2     72.4  percent
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

import numpy as np
import pandas as pd
from scipy import stats

from .codebook import NPS_SCALES, OUTCOME_TYPES, Outcome
from .errors import CXInputError, Problem
from .io import Survey, resolve_defaults
from .metrics import kish_n_eff, nps
from .stats import check_level, z_value

__all__ = ["outcome_summary", "wilson_interval", "korn_graubard_interval", "UNITS"]

#: The ``unit`` of ``estimate`` for each outcome type.
UNITS = {"nps": "nps_points", "binary": "percent", "rating": "mean"}


def wilson_interval(successes: float, n: float, level: float = 0.95) -> tuple[float, float]:
    """Wilson (1927) score interval for a proportion (shares 0…1).

    :math:`\\frac{\\hat p + z^2/2n \\pm z\\sqrt{\\hat p(1-\\hat p)/n + z^2/4n^2}}{1 + z^2/n}`,
    with :math:`\\hat p` = successes / n (Wilson 1927, *JASA* 22: 209–212).

    Parameters
    ----------
    successes : float
        Number of successes (may be a weighted or effective count).
    n : float
        Number of trials (may be an effective sample size).
    level : float
        Confidence level (default 0.95).

    Returns
    -------
    tuple of float
        ``(low, high)`` as shares in [0, 1]; ``(nan, nan)`` when ``n <= 0``.

    Examples
    --------
    >>> [round(v, 4) for v in wilson_interval(30, 50)]
    [0.4618, 0.7239]
    """
    if n <= 0:
        return (float("nan"), float("nan"))
    z = z_value(level)
    p = successes / n
    denom = 1 + z * z / n
    centre = (p + z * z / (2 * n)) / denom
    half = z / denom * float(np.sqrt(p * (1 - p) / n + z * z / (4 * n * n)))
    return (max(0.0, centre - half), min(1.0, centre + half))


def korn_graubard_interval(y: Sequence[float], w: Sequence[float], level: float = 0.95, *,
                           design_n: int | None = None) -> tuple[float, float, float]:
    """Korn–Graubard interval of a weighted share; returns ``(low, high, n_star)``.

    ``y`` holds 0/1 answers, ``w`` their weights. ``n_star`` is the design effective sample
    size p(1−p)/v̂ (Kish's n_eff when v̂ = 0). See the module notes for the formula.
    ``design_n`` is the size N of the whole sample when ``y`` is a domain (a group) of it: the
    variance then has the factor N/(N−1), as R's ``svyciprop`` on a ``subset()`` of the
    design has.

    Parameters
    ----------
    y : sequence of float
        The 0/1 answers.
    w : sequence of float
        Their weights (same length).
    level : float
        Confidence level (default 0.95).
    design_n : int, optional
        Size of the whole sample when ``y`` is a domain of it.

    Returns
    -------
    tuple of float
        ``(low, high, n_star)``: the interval as shares in [0, 1] and the design effective
        sample size; ``(nan, nan, 0.0)`` for no answers or no weight.

    Examples
    --------
    >>> lo, hi, n_star = korn_graubard_interval([1, 1, 0, 0, 1], [1, 1, 1, 1, 1])
    >>> round(n_star, 6)        # unweighted: n - 1
    4.0
    """
    y = np.asarray(y, dtype=float)
    w = np.asarray(w, dtype=float)
    n = len(y)
    alpha = 1 - check_level(level)
    if n == 0 or w.sum() <= 0:
        return (float("nan"), float("nan"), 0.0)
    big_n = design_n or n
    p = float(np.sum(w * y) / np.sum(w))
    var = (big_n / (big_n - 1) * float(np.sum(w**2 * (y - p) ** 2)) / float(np.sum(w)) ** 2
           if big_n > 1 else 0.0)
    n_star = p * (1 - p) / var if var > 0 else kish_n_eff(w)
    lo = 0.0 if p <= 0 else float(stats.beta.ppf(alpha / 2, n_star * p, n_star * (1 - p) + 1))
    hi = 1.0 if p >= 1 else float(stats.beta.ppf(1 - alpha / 2, n_star * p + 1,
                                                   n_star * (1 - p)))
    return (lo, hi, float(n_star))


def _share(y: np.ndarray, w: np.ndarray, weighted: bool, level: float,
           design_n: int) -> dict[str, float]:
    n = len(y)
    if n == 0:
        return {"share": np.nan, "low": np.nan, "high": np.nan}
    if weighted:
        lo, hi, _ = korn_graubard_interval(y, w, level, design_n=design_n)
        p = float(np.sum(w * y) / np.sum(w))
    else:
        p = float(y.mean())
        lo, hi = wilson_interval(float(y.sum()), n, level)
    return {"share": 100 * p, "low": 100 * lo, "high": 100 * hi}


def _mean(y: np.ndarray, w: np.ndarray, level: float, design_n: int) -> dict[str, float]:
    n = len(y)
    if n == 0:
        return {"mean": np.nan, "se": np.nan, "low": np.nan, "high": np.nan}
    m = float(np.sum(w * y) / np.sum(w))
    if n < 2:
        return {"mean": m, "se": np.nan, "low": np.nan, "high": np.nan}
    big_n = design_n or n
    var = big_n / (big_n - 1) * float(np.sum(w**2 * (y - m) ** 2)) / float(np.sum(w)) ** 2
    se = float(np.sqrt(var))
    t = float(stats.t.ppf(0.5 + level / 2, n - 1))
    return {"mean": m, "se": se, "low": m - t * se, "high": m + t * se}


def _resolve(data, outcome, type, scale, top_box, weight):
    d = resolve_defaults(data, weight=weight, check=False)
    df, cb, where, weight = d.data, d.codebook, d.where, d.weight
    # a Survey's outcome is one of its codebook's (the key one by default)
    spec: Outcome | None = cb.outcome(outcome) if cb is not None else None
    if spec is None:
        if outcome is None:
            raise CXInputError(Problem(where, "no outcome column given",
                                       "pass outcome='<column>' (and type='binary', or "
                                       "type='rating' with scale=(1, 5))"))
        if outcome not in df.columns:
            raise CXInputError(Problem(where, "the outcome column is not in the data",
                                       f"use one of: {', '.join(map(str, df.columns[:15]))}",
                                       column=str(outcome)))
        col = df[outcome]
        if type is None:
            seen = pd.to_numeric(col, errors="coerce").dropna().unique()
            if pd.api.types.is_bool_dtype(col) or (len(seen) and set(seen) <= {0.0, 1.0}):
                type = "binary"
            elif scale is not None:
                type = "nps" if tuple(scale) in NPS_SCALES else "rating"
            else:
                raise CXInputError(Problem(where, "the outcome's type is not known",
                                           "pass type='nps' (0–10), type='binary' (0/1) or "
                                           "type='rating' with scale=(low, high)",
                                           column=str(outcome)))
        if type not in OUTCOME_TYPES:
            raise CXInputError(Problem("parameters", f"unknown outcome type {type!r}",
                                       f"use one of {OUTCOME_TYPES}", value=type))
        if type == "binary":
            scale = (0, 1)
        elif scale is None:
            raise CXInputError(Problem("parameters", f"a {type} outcome needs its scale",
                                       "pass scale=(low, high), e.g. scale=(1, 5)",
                                       column=str(outcome)))
        lo, hi = scale
        if type == "rating" and top_box is None:
            top_box = (hi - 1, hi) if hi - lo >= 4 else (hi,)
        spec = Outcome(str(outcome), str(outcome), tuple(scale), {}, type,
                       tuple(float(v) for v in (top_box or ())))
    else:
        if type is not None and type != spec.type:
            raise CXInputError(Problem(where, f"outcome '{spec.name}' is declared as type "
                                       f"{spec.type}, not {type}", "change 'type:' in the "
                                       "codebook, or leave type out", column=spec.column))
        if top_box is not None and spec.type == "rating":
            spec = Outcome(spec.name, spec.column, spec.scale, spec.label, spec.type,
                           tuple(float(v) for v in top_box))
    if weight and weight not in df.columns:
        raise CXInputError(Problem(where, "the weight column is not in the data",
                                   "pass an existing column as weight", column=str(weight)))
    return df, spec, weight, where


def outcome_summary(data: pd.DataFrame | Survey, *, outcome: str | None = None,
                    by: str | Sequence[str] | None = None, weight: str | None | bool = None,
                    level: float = 0.95, min_n: int = 30, type: str | None = None,
                    scale: Sequence[float] | None = None,
                    top_box: Sequence[float] | None = None) -> pd.DataFrame:
    """The outcome summarised for its type (NPS, yes/no share or rating), overall or by group.

    Parameters
    ----------
    data : DataFrame or Survey
        Respondents. With a :class:`~cxresearch.io.Survey`, ``outcome`` is an outcome name (or
        its column) from the codebook, the key outcome by default, and its type, scale, top box
        and the weight come from the codebook.
    outcome : str
        The outcome (a codebook name, or a column of a plain DataFrame).
    by : str or list of str, optional
        Grouping columns; one row per observed group.
    weight : str, optional
        Survey weight column (``False`` ignores the codebook's weight).
    level : float
        Confidence level.
    min_n : int
        Groups with fewer respondents are flagged ``small_base`` (figures are still given).
    type : {"nps", "binary", "rating"}, optional
        For a plain DataFrame: the outcome's type (a 0/1 or true/false column is binary).
    scale : (low, high), optional
        For a plain DataFrame: the answer scale of an NPS or rating outcome.
    top_box : list of numbers, optional
        Answers that count as the top box of a rating (default: the codebook's, else the top
        two answers of a scale with five or more points, else the top answer).

    Returns
    -------
    DataFrame
        ``outcome`` (name), ``type``, the ``by`` columns, ``n`` (respondents answering),
        ``n_eff`` (Kish's effective n; the design n* of Korn–Graubard for weighted shares),
        ``estimate``, ``ci_low``, ``ci_high``, ``unit`` (``nps_points`` −100…100, ``percent``
        0…100 or ``mean`` on the scale), ``small_base``, then by type:

        * nps: ``pct_promoters``, ``pct_passives``, ``pct_detractors`` (%);
        * binary: ``weighted_n`` (Σw of the answers), ``ci_method`` (``wilson`` or
          ``korn-graubard``);
        * rating: ``se`` (of the mean), ``scale_low``, ``scale_high``, ``top_box`` (%),
          ``top_box_ci_low``, ``top_box_ci_high``, ``top_box_values`` (text, e.g. "4, 5"),
          ``ci_method`` (``t`` / ``design-t`` for the mean; the top box as for binary).

    Notes
    -----
    The interval formulas and their sources are in the module notes: Wilson (1927) for
    unweighted shares, Korn & Graubard (1998) for weighted ones, a t-interval on the
    linearisation variance for means; NPS intervals are :func:`cxresearch.metrics.nps`'s.

    Examples
    --------
    >>> df = pd.DataFrame({"stars": [5, 4, 4, 3, 5, 2, 5, 4, 1, 5]})
    >>> t = outcome_summary(df, outcome="stars", type="rating", scale=(1, 5))
    >>> t[["estimate", "ci_low", "ci_high", "top_box"]].round(2)
       estimate  ci_low  ci_high  top_box
    0       3.8    2.79     4.81     70.0
    """
    level = check_level(level)
    df, spec, weight, where = _resolve(data, outcome, type, scale, top_box, weight)
    col = spec.column
    by_cols = [by] if isinstance(by, str) else list(by or [])
    for c in by_cols:
        if c not in df.columns:
            raise CXInputError(Problem(where, "the --by column is not in the data",
                                       f"use one of: {', '.join(map(str, df.columns[:15]))}",
                                       column=c))
    head = {"outcome": spec.name, "type": spec.type}
    if spec.type == "nps":
        table = nps(data if isinstance(data, Survey) else df, outcome=col, by=by_cols or None,
                    weight=weight if weight else False, scale=spec.scale, level=level,
                    min_n=min_n)
        out = pd.DataFrame({**head, **{c: table[c] for c in by_cols}, "n": table["base"],
                            "n_eff": table["n_eff"], "estimate": table["nps"],
                            "ci_low": table["ci_low"], "ci_high": table["ci_high"],
                            "unit": UNITS["nps"], "small_base": table["base"] < min_n,
                            "pct_promoters": table["pct_promoters"],
                            "pct_passives": table["pct_passives"],
                            "pct_detractors": table["pct_detractors"]})
        out.attrs.update(level=level, weight=weight, outcome=spec.name, type=spec.type)
        return out

    values = df[col]
    y = pd.to_numeric(values.astype("float64") if pd.api.types.is_bool_dtype(values)
                      else values, errors="coerce")
    text = y.isna() & values.notna()
    lo, hi = spec.scale
    off = y.notna() & ((y < lo) | (y > hi) | ((y != np.round(y)) & (spec.type == "binary")))
    if text.any() or off.any():
        bad = text | off
        raise CXInputError(Problem(
            where, f"{int(bad.sum())} answers are not on the {spec.type} outcome's scale "
            f"{lo:g}–{hi:g}", "recode them in the codebook (recode: {column: {...}}) or declare "
            "them as missing codes for this column", column=col, value=values[bad].iloc[0],
            rows=tuple(int(i) + 1 for i in np.flatnonzero(bad.to_numpy())[:5]),
            n_rows=int(bad.sum())))
    w = (pd.to_numeric(df[weight], errors="coerce").astype("float64") if weight
         else pd.Series(1.0, index=df.index))
    if weight and ((w < 0) | ~np.isfinite(w.fillna(0))).any():
        raise CXInputError(Problem(where, "weights must be finite numbers ≥ 0",
                                   "check the weight column", column=str(weight)))
    ok = y.notna() & w.notna()
    frame = pd.DataFrame({"_y": y[ok], "_w": w[ok]})
    for c in by_cols:
        frame[c] = df.loc[ok, c]
    if by_cols:
        parts = [(k if isinstance(k, tuple) else (k,), g) for k, g in
                 frame.groupby(by_cols, observed=True, dropna=True, sort=True)]
    else:
        parts = [((), frame)]
    rows = []
    # weighted groups are domains of the whole sample (design-based, as R survey's subset());
    # unweighted groups are samples of their own (Wilson, ordinary t)
    design_n = len(frame) if weight else 0
    for key, g in parts:
        yy, ww = g["_y"].to_numpy(dtype=float), g["_w"].to_numpy(dtype=float)
        row: dict[str, Any] = {**head, **dict(zip(by_cols, key, strict=True)), "n": len(g),
                               "n_eff": kish_n_eff(ww) if len(g) else 0.0}
        if spec.type == "binary":
            s = _share(yy, ww, bool(weight), level, design_n)
            row |= {"estimate": s["share"], "ci_low": s["low"], "ci_high": s["high"],
                    "unit": UNITS["binary"], "small_base": len(g) < min_n,
                    "weighted_n": float(ww.sum()),
                    "ci_method": "korn-graubard" if weight else "wilson"}
            if weight and len(g):
                row["n_eff"] = korn_graubard_interval(yy, ww, level, design_n=design_n)[2]
        else:
            m = _mean(yy, ww, level, design_n)
            top = np.isin(yy, np.asarray(spec.top_box, dtype=float)).astype(float)
            s = _share(top, ww, bool(weight), level, design_n)
            row |= {"estimate": m["mean"], "ci_low": m["low"], "ci_high": m["high"],
                    "unit": UNITS["rating"], "small_base": len(g) < min_n, "se": m["se"],
                    "scale_low": lo, "scale_high": hi, "top_box": s["share"],
                    "top_box_ci_low": s["low"], "top_box_ci_high": s["high"],
                    "top_box_values": ", ".join(f"{v:g}" for v in spec.top_box),
                    "ci_method": "design-t" if weight else "t"}
        rows.append(row)
    out = pd.DataFrame(rows)
    out.attrs.update(level=level, weight=weight, outcome=spec.name, type=spec.type)
    return out
