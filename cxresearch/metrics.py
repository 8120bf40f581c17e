"""Net Promoter Score: categories, point estimates, confidence intervals and tests.

NPS = % promoters − % detractors, in points (−100…100). It is defined on the 0–10 question
(detractors 0–6, passives 7–8, promoters 9–10) and on its 1–10 variant (detractors 1–6). Any
other scale is refused unless the bands are given explicitly, so that a 1–5 or 1–7 item is never
silently turned into an "NPS".

Confidence intervals (Rocks 2016, *The American Statistician* 70(4)):

* ``"wald"``: NPS ± z·√[(p_P + p_D − (p_P − p_D)²)/n] (the trinomial variance);
* ``"adjusted-wald"`` (default): the same on counts with ¾ promoter and ¾ detractor added and
  n + 3, which has better coverage in small samples and near ±100;
* ``"bootstrap"``: percentile interval of the NPS over respondent resamples.

With survey weights the shares are weighted and the variance is design-based by default
(``variance="linearized"``): the NPS is the weighted mean of the score d_i = 100 (promoter) /
0 / −100 (detractor), and its variance the Taylor-linearisation estimate of R's
``survey::svymean`` for a with-replacement design without strata or clusters,
Var = m/(m − 1) · Σ [w_i (d_i − NPS) / Σw]² (m respondents in the design; by groups, as
domains of the whole sample, as ``survey::svyby``). The Wald and adjusted-Wald formulas then
use the design effective n, n_design = V / Var, so the Wald SE equals ``svymean``'s.
``variance="kish"`` uses Kish's effective sample size n_eff = (Σw)² / Σw² instead (reported
as ``n_eff`` either way). Weights must be finite and non-negative with a positive sum; the
results do not change when all weights are multiplied by a constant.

Examples
--------
>>> import pandas as pd
>>> df = pd.DataFrame({"ltr": [10, 9, 9, 8, 7, 6, 3, 10, 9, 5]})
>>> t = nps(df, outcome="ltr")
>>> t[["base", "promoters", "passives", "detractors", "nps"]]
   base  promoters  passives  detractors   nps
0    10        5.0       2.0         3.0  20.0
"""

from __future__ import annotations

import itertools
from collections.abc import Sequence
from pathlib import Path
from typing import Any

import numpy as np
import pandas as pd

from . import stats as _stats
from .codebook import NPS_SCALES
from .errors import CXInputError, Problem, renamed
from .io import Survey, _rows, resolve_defaults
from .stats import check_level, two_sided_p, z_value

__all__ = [
    "nps",
    "nps_test",
    "nps_category",
    "nps_bands",
    "score_distribution",
    "kish_n_eff",
    "nps_se",
    "linearized_n",
    "check_weights",
    "CI_METHODS",
    "VARIANCE_METHODS",
]

CI_METHODS = ("adjusted-wald", "wald", "bootstrap")
VARIANCE_METHODS = ("linearized", "kish")
CATEGORIES = ("detractor", "passive", "promoter")


def nps_bands(scale: Sequence[float] = (0, 10),
              bands: dict[str, Sequence[float]] | None = None) -> dict[str, tuple[float, float]]:
    """The (low, high) answer band of each NPS category for a scale.

    Parameters
    ----------
    scale : (low, high)
        The answer scale. ``(0, 10)`` and ``(1, 10)`` have standard bands.
    bands : dict, optional
        Explicit ``{"detractor": (lo, hi), "passive": (lo, hi), "promoter": (lo, hi)}``; needed
        for any other scale.

    Returns
    -------
    dict
        ``{"detractor": (lo, hi), "passive": (lo, hi), "promoter": (lo, hi)}``.

    Examples
    --------
    >>> nps_bands((1, 10))["detractor"]
    (1, 6)
    >>> nps_bands((1, 5))
    Traceback (most recent call last):
    ...
    cxresearch.errors.CXInputError: parameters: the scale 1–5 is not an NPS scale ...
    """
    if bands is not None:
        missing = [c for c in CATEGORIES if c not in bands]
        if missing:
            raise CXInputError(Problem("parameters", f"bands lack {missing}",
                                       "give bands for detractor, passive and promoter"))
        out = {c: (float(bands[c][0]), float(bands[c][1])) for c in CATEGORIES}
        if not (out["detractor"][1] < out["passive"][0] <= out["passive"][1] < out["promoter"][0]):
            raise CXInputError(Problem("parameters", f"bands overlap or are out of order: {out}",
                                       "give increasing, non-overlapping bands"))
        return out
    key = tuple(int(s) for s in scale)
    if key not in NPS_SCALES or tuple(scale) != key:
        raise CXInputError(Problem(
            "parameters", f"the scale {scale[0]:g}–{scale[1]:g} is not an NPS scale "
            "(NPS is defined on 0–10 and 1–10)",
            "pass bands={'detractor': (lo, hi), 'passive': (lo, hi), 'promoter': (lo, hi)} to "
            "define the categories for this scale explicitly, or use cx.outcome_summary (cx "
            "outcome) for the mean and top-box share of a rating"))
    return NPS_SCALES[key]


def nps_category(values: pd.Series, *, scale: Sequence[float] = (0, 10),
                 bands: dict[str, Sequence[float]] | None = None,
                 where: str = "data") -> pd.Series:
    """Classify answers as ``detractor``, ``passive`` or ``promoter``.

    Missing answers stay missing. Answers outside every band raise :class:`CXInputError`.

    Parameters
    ----------
    values : Series
        The answers (numbers, or text that reads as numbers).
    scale : (low, high)
        The answer scale: ``(0, 10)`` or ``(1, 10)`` have standard bands (detractors up to
        6, passives 7–8, promoters 9–10).
    bands : dict, optional
        Explicit ``{"detractor": (lo, hi), "passive": ..., "promoter": ...}`` for any other
        scale (see :func:`nps_bands`).
    where : str
        What error messages name as the place (the data file).

    Returns
    -------
    Series
        ``"detractor"``, ``"passive"``, ``"promoter"`` or NaN, aligned with ``values``.

    Examples
    --------
    >>> nps_category(pd.Series([0, 6, 7, 9, None])).tolist()
    ['detractor', 'detractor', 'passive', 'promoter', nan]
    """
    b = nps_bands(scale, bands)
    x = pd.to_numeric(values, errors="coerce")
    text = x.isna() & values.notna()
    cat = pd.Series(np.nan, index=values.index, dtype="object")
    for c in CATEGORIES:
        lo, hi = b[c]
        cat[(x >= lo) & (x <= hi)] = c
    bad = (cat.isna() & x.notna()) | text
    if bad.any():
        name = values.name or "score"
        raise CXInputError(Problem(
            where, f"{int(bad.sum())} answers fall in no NPS band of the scale "
            f"{scale[0]:g}–{scale[1]:g}", "check the scale (is this a 1–10 question?), "
            "correct the values or declare them as missing codes",
            column=str(name), value=values[bad].iloc[0], **_rows(bad)))
    return cat


def kish_n_eff(weights: np.ndarray | pd.Series) -> float:
    """Kish's effective sample size (Σw)² / Σw².

    Kish (1965), *Survey Sampling*: the number of equally weighted respondents that would
    give the same variance of a mean.

    Parameters
    ----------
    weights : array-like
        The survey weights (non-negative).

    Returns
    -------
    float
        The effective n (0 when every weight is 0).

    Examples
    --------
    >>> kish_n_eff([1, 1, 1, 1])
    4.0
    >>> round(kish_n_eff([1, 1, 2, 4]), 3)   # 8² / 22
    2.909
    """
    w = np.asarray(weights, dtype=float)
    s2 = float(np.sum(w * w))
    return float(np.sum(w)) ** 2 / s2 if s2 > 0 else 0.0


def check_weights(w: np.ndarray | pd.Series, *, where: str = "data",
                  column: str | None = None) -> np.ndarray:
    """Return the weights as floats divided by their mean, or raise for unusable weights.

    Weights must be finite, non-negative, not missing and not all zero. Dividing by the mean
    changes no weighted estimate (each is invariant to multiplying every weight by a
    constant) and keeps Σw² representable for weights as small as 1e-200 or as large as
    1e200.

    Parameters
    ----------
    w : array-like
        The weights.
    where : str
        What error messages name as the place (the data file).
    column : str, optional
        The weight column, for the messages.

    Returns
    -------
    ndarray
        The weights as floats with mean 1.

    Examples
    --------
    >>> check_weights([2e200, 6e200]).tolist()
    [0.5, 1.5]
    >>> check_weights([1.0, -1.0])
    Traceback (most recent call last):
    ...
    cxresearch.errors.CXInputError: data: 1 weights are negative (e.g. -1.0)
      fix: survey weights must be finite and 0 or more: correct the weight column
    """
    arr = np.asarray(pd.to_numeric(pd.Series(np.asarray(w).ravel()), errors="coerce"),
                     dtype=float)
    fix = "survey weights must be finite and 0 or more: correct the weight column"
    for bad, what in ((np.isnan(arr), "missing or not numbers"), (np.isinf(arr), "infinite"),
                      (arr < 0, "negative")):
        if bad.any():
            rows = np.flatnonzero(bad)
            raise CXInputError(Problem(where, f"{int(bad.sum())} weights are {what}", fix,
                                       column=column, value=_plain_scalar(arr[rows[0]])))
    if len(arr) == 0:
        return arr
    top = float(arr.max())
    if top <= 0:
        raise CXInputError(Problem(where, "all weights are zero", "give positive weights "
                                   "(or weight=False for an unweighted analysis)",
                                   column=column))
    scaled = arr / top            # first to [0, 1] so the sum cannot overflow
    return scaled / scaled.mean()


def nps_se(p_promoters: float | np.ndarray, p_detractors: float | np.ndarray,
           n: float | np.ndarray, *, adjusted: bool = False) -> tuple[Any, Any]:
    """Centre and standard error of an NPS (as proportions) from its shares and n.

    The one NPS variance of the package: the trinomial variance
    V = p_P + p_D − (p_P − p_D)², SE = √(V / n). With ``adjusted=True`` the adjusted-Wald
    version (Rocks 2016): ¾ promoter and ¾ detractor are added and n becomes n + 3, and the
    centre moves to the adjusted shares' difference. ``n`` is the number of respondents, or
    an effective n (Kish's, or :func:`linearized_n` for the design-based variance).
    Element-wise for arrays.

    Parameters
    ----------
    p_promoters, p_detractors : float or array
        The shares of promoters and detractors (0–1).
    n : float or array
        Respondents, or an effective n.
    adjusted : bool
        The adjusted-Wald centre and SE.

    Returns
    -------
    (centre, se)
        Proportions (multiply by 100 for points).

    Examples
    --------
    >>> c, se = nps_se(0.5, 0.2, 100)
    >>> round(float(c), 3), round(float(se), 4)      # √((0.7 − 0.09) / 100)
    (0.3, 0.0781)
    >>> c, se = nps_se(1.0, 0.0, 20, adjusted=True)
    >>> round(float(c), 4)                            # (20.75 − 0.75) / 23
    0.8696
    """
    pP, pD, n = (np.asarray(v, dtype=float) for v in (p_promoters, p_detractors, n))
    if adjusted:
        n_adj = n + 3.0
        pP = (pP * n + 0.75) / n_adj
        pD = (pD * n + 0.75) / n_adj
        n = n_adj
    centre = pP - pD
    with np.errstate(invalid="ignore", divide="ignore"):
        se = np.sqrt(np.maximum(pP + pD - centre**2, 0.0) / n)
    if centre.ndim == 0:
        return float(centre), float(se)
    return centre, se


def linearized_n(total, promoters, detractors, w2, w2_promoters, w2_detractors,
                 rows) -> Any:
    """Design effective n of a weighted NPS: V / Var_lin (Taylor linearisation).

    Var_lin is the with-replacement linearisation variance of the weighted mean of
    d_i ∈ {1, 0, −1} (R ``survey::svymean`` for ``svydesign(ids = ~1, weights = ~w)``):

    Var_lin = m/(m − 1) · [S_P (1 − d̄)² + S_D (1 + d̄)² + S_0 d̄²] / W²,

    with W = Σw, d̄ = (P − D)/W, S_P, S_D, S_0 the sums of w² of promoters, detractors and
    passives and m the respondents in the design (for a group, the whole sample, as a domain
    in ``survey::svyby``). V = p_P + p_D − d̄², so :func:`nps_se` with this n returns the
    linearisation SE. Where Var_lin is 0 (everyone in one category) Kish's n_eff is returned.
    Element-wise for arrays.

    Parameters
    ----------
    total, promoters, detractors : float or array
        Σw, Σw of promoters, Σw of detractors.
    w2, w2_promoters, w2_detractors : float or array
        Σw², and Σw² of promoters and of detractors.
    rows : int or array
        m, the respondents in the design.

    Returns
    -------
    float or array
        The design effective n (Kish's n_eff where Var_lin is 0).

    Examples
    --------
    >>> # unit weights: n − 1, since the linearisation variance has the factor n/(n − 1)
    >>> float(linearized_n(100, 50, 20, 100, 50, 20, 100))
    99.0
    """
    W, P, D, S, SP, SD, m = (np.asarray(v, dtype=float) for v in
                             (total, promoters, detractors, w2, w2_promoters, w2_detractors,
                              rows))
    with np.errstate(invalid="ignore", divide="ignore"):
        d = (P - D) / W
        S0 = np.maximum(S - SP - SD, 0.0)
        var = (m / (m - 1)) * (SP * (1 - d) ** 2 + SD * (1 + d) ** 2 + S0 * d**2) / W**2
        V = P / W + D / W - d**2
        kish = np.where(S > 0, W**2 / S, 0.0)
        out = np.where((var > 0) & (m > 1), V / var, kish)
    return float(out) if out.ndim == 0 else out


def _resolve(data, score, scale, weight, where="data"):
    if score is None and not isinstance(data, Survey):
        raise CXInputError(Problem(where, "no score column given",
                                   "pass outcome='<likelihood-to-recommend column>'"))
    d = resolve_defaults(data, outcome=score, weight=weight, nps=True)
    df, cb, score, weight = d.data, d.codebook, d.outcome, d.weight
    if scale is None:
        scale = d.scale
    _refuse_non_nps(df[score], cb, score, where)
    return df, score, tuple(scale) if scale is not None else (0, 10), weight


def _refuse_non_nps(values: pd.Series, cb, score: str, where: str) -> None:
    """An NPS only of a 0–10 / 1–10 answer: never of a rating, a 0/1 flag or true/false."""
    declared = next((o for o in cb.outcomes.values() if o.column == score), None) if cb else None
    alt = _FLAG_ALT
    if declared is not None and declared.type != "nps":
        raise CXInputError(Problem(where, f"outcome '{declared.name}' is a {declared.type} "
                                   "outcome, not a 0–10 recommendation: it has no NPS", alt,
                                   column=score))
    seen = pd.to_numeric(values, errors="coerce").dropna()
    _refuse_flag(pd.api.types.is_bool_dtype(values), set(seen.unique()), len(seen), score,
                 where)


_FLAG_ALT = ("use cx.outcome_summary(data, outcome=...) (command line: cx outcome --outcome "
             "...), which reports a yes/no outcome as a percentage and a rating as a mean and "
             "top-box share")


def _refuse_flag(is_bool: bool, distinct: set, n: int, score: str, where: str) -> None:
    """The one refusal of a true/false column or a 0/1 flag, shared by the pandas and the
    DuckDB paths of :func:`nps` (same rule, same message): ``distinct`` are the numeric
    values seen, ``n`` the answers among them."""
    if is_bool:
        raise CXInputError(Problem(where, "the column holds true/false values, not a 0–10 "
                                   "score", _FLAG_ALT, column=score))
    if n >= 10 and distinct <= {0.0, 1.0}:
        raise CXInputError(Problem(where, "only 0 and 1 occur: this is a yes/no flag, not a "
                                   "0–10 score", _FLAG_ALT, column=score, value=0))


def _source(data) -> str:
    return str(data.source) if isinstance(data, Survey) else "data"


def nps(data: pd.DataFrame | Survey | str | Any, *, outcome: str | None = None,
        by: str | Sequence[str] | None = None, weight: str | None | bool = None,
        scale: Sequence[float] | None = None, bands: dict | None = None,
        ci: str = "adjusted-wald", level: float = 0.95, n_boot: int = 2000,
        seed: int | None = 0, min_n: int = 30,
        variance: str = "linearized", score: str | None = None) -> pd.DataFrame:
    """Net Promoter Score with its confidence interval, overall or by groups.

    Parameters
    ----------
    data : DataFrame, Survey, path or DuckDB relation
        Respondents. With a :class:`~cxresearch.io.Survey`, ``outcome``, ``scale`` and
        ``weight`` default to the codebook's NPS outcome (the key outcome when it is an NPS,
        else the recommendation) and weight. A Parquet or CSV path, or
        a ``duckdb`` relation, is aggregated inside DuckDB without loading the rows into
        pandas (millions of transactional responses); the bootstrap then works on the
        category counts and is unweighted only.
    outcome : str
        The likelihood-to-recommend column (or the codebook outcome's name).
    by : str or list of str, optional
        Grouping columns; one row per observed group (respondents with a missing group value
        are left out of the by-group rows).
    weight : str, optional
        Survey weight column (``False`` ignores the codebook's weight).
    scale : (low, high)
        Answer scale, default ``(0, 10)``; ``(1, 10)`` also has standard bands.
    bands : dict, optional
        Explicit category bands for any other scale (see :func:`nps_bands`).
    ci : {"adjusted-wald", "wald", "bootstrap"}
        Interval method.
    level : float
        Confidence level.
    n_boot : int
        Bootstrap resamples (``ci="bootstrap"``).
    seed : int, optional
        Bootstrap seed.
    min_n : int
        Bases (unweighted respondents) below this are flagged ``small_base``.
    variance : {"linearized", "kish"}
        With weights: the design-based (Taylor linearisation) variance, as R's
        ``survey::svymean`` (default), or Kish's effective n. Ignored without weights.
    score : str, optional
        Deprecated old name of ``outcome``.

    Returns
    -------
    DataFrame
        The ``by`` columns, then ``base`` (respondents answering), ``n`` (weighted count; equals
        ``base`` unweighted), ``promoters``, ``passives``, ``detractors`` (weighted counts),
        ``pct_promoters``, ``pct_passives``, ``pct_detractors`` (%), ``nps`` (points),
        ``se`` (points), ``ci_low``, ``ci_high`` (points), ``n_eff`` (Kish's effective n,
        for information), ``n_design`` (the n behind the interval: ``base`` unweighted, the
        design effective n V / Var_lin or Kish's n_eff when weighted), ``weighted`` (bool) and
        ``small_base``. ``attrs`` hold ``ci``, ``level``, ``score``, ``weight``, ``weighted``,
        ``variance`` (``"linearized"``, ``"kish"`` or ``"simple"`` unweighted) and ``scale``.

    Notes
    -----
    Wald: NPS ± z·SE with SE = √(V / n_design) (Rocks 2016); with the linearised variance this
    SE equals R ``survey::svymean(~d, svydesign(ids = ~1, weights = ~w))`` on the score
    d ∈ {100, 0, −100} (checked against stored R values in
    ``tests/reference/weighted_nps.json``). By groups the variance is that of a domain of the
    whole sample (``survey::svyby``).

    Examples
    --------
    >>> df = pd.DataFrame({"ltr": [10] * 40 + [8] * 30 + [3] * 30,
    ...                    "channel": ["web", "store"] * 50})
    >>> t = nps(df, outcome="ltr")
    >>> round(float(t.nps[0]), 1), round(float(t.ci_low[0]), 1), round(float(t.ci_high[0]), 1)
    (10.0, -6.3, 25.7)
    >>> nps(df, outcome="ltr", by="channel")[["channel", "base", "nps"]]
      channel  base   nps
    0   store    50  10.0
    1     web    50  10.0
    """
    if ci not in CI_METHODS:
        raise CXInputError(Problem("parameters", f"unknown ci method {ci!r}",
                                   f"use one of {CI_METHODS}"))
    if variance not in VARIANCE_METHODS:
        raise CXInputError(Problem("parameters", f"unknown variance {variance!r}",
                                   f"use one of {VARIANCE_METHODS}"))
    check_level(level, where="parameters")
    score = renamed("nps", "score", score, "outcome", outcome)
    if not isinstance(data, (pd.DataFrame, Survey)):
        return _nps_duckdb(data, score=score, by=by, weight=weight, scale=scale, bands=bands,
                           ci=ci, level=level, n_boot=n_boot, seed=seed, min_n=min_n,
                           variance=variance)
    where = _source(data)
    df, score, scale, weight = _resolve(data, score, scale, weight, where)
    by_cols = [by] if isinstance(by, str) else list(by or [])
    for col in by_cols:
        if col not in df.columns:
            raise CXInputError(Problem(where, "the --by column is not in the data",
                                       f"use one of: {', '.join(map(str, df.columns[:15]))}",
                                       column=col))
    cat = nps_category(df[score], scale=scale, bands=bands, where=where)
    valid = cat.notna().to_numpy()
    frame = pd.DataFrame({"_cat": cat[valid]})
    unit = 1.0
    if weight:
        raw = pd.to_numeric(df.loc[valid, weight], errors="coerce").to_numpy(dtype=float)
        w = check_weights(raw, where=where, column=str(weight)) if len(raw) else raw
        # weighted counts are reported on the weights' own scale
        unit = float(raw.mean()) if len(raw) else 1.0
        if not np.isfinite(unit):
            unit = float(np.max(raw)) * float(np.mean(raw / np.max(raw)))
    else:
        w = np.ones(int(valid.sum()))
    frame["_w"] = w
    for col in by_cols:
        frame[col] = df.loc[valid, col].to_numpy()
    frame["_wp"] = np.where(frame["_cat"] == "promoter", frame["_w"], 0.0)
    frame["_wd"] = np.where(frame["_cat"] == "detractor", frame["_w"], 0.0)
    frame["_w2"] = frame["_w"] ** 2
    frame["_w2p"] = frame["_wp"] ** 2
    frame["_w2d"] = frame["_wd"] ** 2
    sums = {"n": "_w", "promoters": "_wp", "detractors": "_wd", "w2": "_w2",
            "w2_promoters": "_w2p", "w2_detractors": "_w2d"}
    if by_cols:
        g = frame.groupby(by_cols, observed=True, dropna=True, sort=True)
        counts = g[list(sums.values())].sum().rename(columns={v: k for k, v in sums.items()})
        counts.insert(0, "base", g.size())
        counts = counts.reset_index()
    else:
        counts = pd.DataFrame([{"base": len(frame)} |
                               {k: float(frame[v].sum()) for k, v in sums.items()}])
    counts["base"] = counts["base"].astype("int64")
    z = z_value(level)
    out = _stats_from_counts(counts, "wald" if ci == "bootstrap" else ci, z, min_n,
                             weighted=weight is not None, variance=variance,
                             rows=len(frame))
    if ci == "bootstrap":
        rng = np.random.default_rng(seed)
        keys = [()] if not by_cols else list(g.groups)
        for i, key in enumerate(keys):
            part = frame if not by_cols else g.get_group(key if isinstance(key, tuple)
                                                         else (key,))
            if not len(part):
                continue
            boots = _bootstrap_nps(part["_cat"].to_numpy() == "promoter",
                                   part["_cat"].to_numpy() == "detractor",
                                   part["_w"].to_numpy(), weight is not None, n_boot, rng)
            lo, hi = np.quantile(boots, [(1 - level) / 2, (1 + level) / 2])
            out.loc[i, ["ci_low", "ci_high", "se"]] = (100 * max(lo, -1.0),
                                                       100 * min(hi, 1.0),
                                                       100 * np.std(boots, ddof=1))
    for c in ("n", "promoters", "passives", "detractors"):
        out[c] = out[c] * unit
    if not weight:
        out["n"] = out["base"].astype(float)
    out = out[[*by_cols, *_NPS_COLUMNS]].reset_index(drop=True)
    out.attrs.update(ci=ci, level=level, score=score, weight=weight,
                     weighted=weight is not None,
                     variance=variance if weight else "simple", scale=scale)
    return out


_NPS_COLUMNS = ["base", "n", "promoters", "passives", "detractors", "pct_promoters",
                "pct_passives", "pct_detractors", "nps", "se", "ci_low", "ci_high", "n_eff",
                "n_design", "weighted", "small_base"]


def _stats_from_counts(counts: pd.DataFrame, ci: str, z: float, min_n: int, *,
                       weighted: bool, variance: str, rows: int) -> pd.DataFrame:
    """NPS, SE and Wald / adjusted-Wald CIs from per-group sums (vectorised).

    ``counts`` has ``base``, ``n`` (Σw), ``promoters``, ``detractors`` (Σw), ``w2`` (Σw²),
    ``w2_promoters`` and ``w2_detractors``; ``rows`` is the number of respondents in the
    whole design (the groups are domains of it).
    """
    out = counts.copy()
    total = out["n"].to_numpy(dtype=float)
    w2 = out["w2"].to_numpy(dtype=float)
    with np.errstate(invalid="ignore", divide="ignore"):
        pP = out["promoters"].to_numpy(dtype=float) / total
        pD = out["detractors"].to_numpy(dtype=float) / total
        n_eff = np.where(w2 > 0, total**2 / w2, 0.0)
    if not weighted:
        n_design = out["base"].to_numpy(dtype=float)
    elif variance == "kish":
        n_design = n_eff
    else:
        n_design = np.asarray(linearized_n(total, out["promoters"], out["detractors"], w2,
                                           out["w2_promoters"], out["w2_detractors"],
                                           np.full(len(out), float(rows))), dtype=float)
    est = pP - pD
    centre, se = nps_se(pP, pD, n_design, adjusted=ci == "adjusted-wald")
    if ci == "adjusted-wald":
        # the adjusted SE belongs to the adjusted centre; the reported SE is that one
        lo, hi = centre - z * se, centre + z * se
    else:
        lo, hi = est - z * se, est + z * se
    empty = (out["base"].to_numpy() == 0) | ~(total > 0)
    nan = np.nan
    out["passives"] = total - out["promoters"] - out["detractors"]
    out["pct_promoters"], out["pct_passives"] = 100 * pP, 100 * (1 - pP - pD)
    out["pct_detractors"], out["nps"], out["se"] = 100 * pD, 100 * est, 100 * se
    out["ci_low"] = np.where(empty, nan, 100 * np.maximum(lo, -1.0))
    out["ci_high"] = np.where(empty, nan, 100 * np.minimum(hi, 1.0))
    out["n_eff"] = n_eff
    out["n_design"] = n_design
    out["weighted"] = weighted
    out["small_base"] = (out["base"] < min_n) | empty
    return out.drop(columns=["w2", "w2_promoters", "w2_detractors"])


def _plain_scalar(v: Any) -> Any:
    return v.item() if isinstance(v, np.generic) else v


def _sql_name(name: str) -> str:
    return '"' + str(name).replace('"', '""') + '"'


def _nps_duckdb(source: Any, *, score: str | None, by, weight, scale, bands, ci: str,
                level: float, n_boot: int, seed: int | None, min_n: int,
                variance: str = "linearized") -> pd.DataFrame:
    """NPS aggregated inside DuckDB: one GROUP BY over the source, no rows in pandas."""
    import duckdb

    where = str(source)
    if isinstance(source, (str, Path)):
        path = Path(source)
        if not path.is_file():
            raise CXInputError(Problem(where, "the data file does not exist", "check the path"))
        reader = {".parquet": "read_parquet", ".pq": "read_parquet", ".csv": "read_csv_auto",
                  ".tsv": "read_csv_auto"}.get(path.suffix.lower())
        if reader is None:
            raise CXInputError(Problem(where, f"cannot aggregate a {path.suffix} file in DuckDB",
                                       "use Parquet or CSV, or load the file into a DataFrame"))
        literal = "'" + str(path).replace("'", "''") + "'"
        rel = duckdb.connect().sql(f"SELECT * FROM {reader}({literal})")
    elif isinstance(source, duckdb.DuckDBPyRelation):
        rel, where = source, "DuckDB relation"
    else:
        raise CXInputError(Problem("parameters", f"cannot compute an NPS from a "
                                   f"{type(source).__name__}", "pass a DataFrame, a Survey, a "
                                   "Parquet or CSV path, or a DuckDB relation"))
    table = "cx_src_view"
    columns = list(rel.columns)
    if score is None:
        raise CXInputError(Problem(where, "no score column given",
                                   "pass outcome='<likelihood-to-recommend column>'"))
    by_cols = [by] if isinstance(by, str) else list(by or [])
    weight = None if weight in (None, False) else weight
    for col in [score, *by_cols] + ([weight] if weight else []):
        if col not in columns:
            raise CXInputError(Problem(where, "the column is not in the data",
                                       f"use one of: {', '.join(columns[:15])}", column=col))
    if ci == "bootstrap" and weight:
        raise CXInputError(Problem("parameters", "weighted bootstrap needs the rows",
                                   "use ci='adjusted-wald' for DuckDB sources, or load the "
                                   "data into a DataFrame"))
    if str(rel.types[columns.index(score)]).upper() == "BOOLEAN":
        _refuse_flag(True, set(), 0, score, where)
    scale = tuple(scale) if scale is not None else (0, 10)
    b = nps_bands(scale, bands)
    x = _sql_name(score)
    w = f"CAST({_sql_name(weight)} AS DOUBLE)" if weight else "1.0"
    groups = ", ".join(_sql_name(c) for c in by_cols)
    # group by the answer too: at most one row per answer step and group comes back, and the
    # categories, sums and checks are done on that small table
    sql = f"""
        SELECT {groups + ',' if groups else ''} {x} AS cx_score,
               count(*) AS base, sum({w}) AS n, sum({w} * {w}) AS w2,
               min({w}) AS wmin, max({w}) AS wmax
        FROM {table}
        WHERE {x} IS NOT NULL {f'AND {_sql_name(weight)} IS NOT NULL' if weight else ''}
        GROUP BY ALL"""
    try:
        # the aggregate runs on the relation's own connection, rows never leave DuckDB
        steps = rel.query(table, sql).df()
    except duckdb.Error as exc:
        raise CXInputError(Problem(where, f"DuckDB could not aggregate the data: "
                                   f"{str(exc).splitlines()[0]}",
                                   f"check that '{score}' holds numbers")) from None
    value = pd.to_numeric(steps["cx_score"], errors="coerce")
    _refuse_flag(False, set(value.dropna().unique()), int(steps.loc[value.notna(), "base"].sum()),
                 score, where)
    cat = pd.Series(np.nan, index=steps.index, dtype="object")
    for c in CATEGORIES:
        cat[(value >= b[c][0]) & (value <= b[c][1]) & (value == np.round(value))] = c
    bad = cat.isna()
    if bad.any():
        raise CXInputError(Problem(
            where, f"{int(steps.loc[bad, 'base'].sum())} answers fall in no NPS band of the "
            f"scale {scale[0]:g}–{scale[1]:g}", "check the scale, correct the values or treat "
            "them as missing", column=score, value=_plain_scalar(steps.loc[bad, "cx_score"]
                                                                 .iloc[0])))
    if weight and len(steps):
        wmin, wmax = float(steps["wmin"].min()), float(steps["wmax"].max())
        w2_all = float(steps["w2"].sum())
        problem = ("negative" if wmin < 0 else "missing, infinite or not numbers"
                   if not np.isfinite(wmax) or np.isnan(steps["wmax"]).any()
                   else "all zero" if wmax <= 0 else
                   "too large or too small to square in double precision"
                   if not np.isfinite(w2_all) or w2_all == 0 else None)
        if problem:
            raise CXInputError(Problem(where, f"some weights are {problem}",
                                       "survey weights must be finite, 0 or more and not all "
                                       "zero (rescale extreme weights, e.g. to mean 1)",
                                       column=weight))
    steps["promoters"] = steps["n"].where(cat == "promoter", 0.0)
    steps["detractors"] = steps["n"].where(cat == "detractor", 0.0)
    steps["w2_promoters"] = steps["w2"].where(cat == "promoter", 0.0)
    steps["w2_detractors"] = steps["w2"].where(cat == "detractor", 0.0)
    sums = ["base", "n", "promoters", "detractors", "w2", "w2_promoters", "w2_detractors"]
    if by_cols:
        counts = (steps.groupby(by_cols, observed=True, dropna=True, sort=True)[sums].sum()
                  .reset_index())
    else:
        counts = steps[sums].sum().to_frame().T
    counts["base"] = counts["base"].astype("int64")
    out = _stats_from_counts(counts, "wald" if ci == "bootstrap" else ci, z_value(level), min_n,
                             weighted=bool(weight), variance=variance,
                             rows=int(steps["base"].sum()))
    if ci == "bootstrap":
        rng = np.random.default_rng(seed)
        for i, r in out.iterrows():
            probs = np.array([r.promoters, r.passives, r.detractors]) / r.n
            draws = rng.multinomial(int(r.base), probs, size=n_boot)
            boots = (draws[:, 0] - draws[:, 2]) / r.base
            lo, hi = np.quantile(boots, [(1 - level) / 2, (1 + level) / 2])
            out.loc[i, ["ci_low", "ci_high", "se"]] = (100 * lo, 100 * hi,
                                                       100 * np.std(boots, ddof=1))
    if not weight:
        out["n"] = out["base"].astype(float)
    out = out[[*by_cols, *_NPS_COLUMNS]].reset_index(drop=True)
    out.attrs.update(ci=ci, level=level, score=score, weight=weight, weighted=bool(weight),
                     variance=variance if weight else "simple", scale=scale, engine="duckdb")
    return out


def _bootstrap_nps(is_p: np.ndarray, is_d: np.ndarray, w: np.ndarray, weighted: bool,
                   n_boot: int, rng: np.random.Generator) -> np.ndarray:
    n = len(is_p)
    if not weighted:
        # Resampling respondents is a multinomial draw of the three category counts.
        probs = np.array([is_p.mean(), is_d.mean()])
        probs = np.append(probs, max(0.0, 1 - probs.sum()))
        counts = rng.multinomial(n, probs / probs.sum(), size=n_boot)
        return (counts[:, 0] - counts[:, 1]) / n
    score = is_p.astype(float) - is_d.astype(float)
    out = np.empty(n_boot)
    chunk = max(1, 20_000_000 // max(n, 1))
    for start in range(0, n_boot, chunk):
        stop = min(n_boot, start + chunk)
        idx = rng.integers(0, n, size=(stop - start, n))
        ww = w[idx]
        out[start:stop] = (ww * score[idx]).sum(axis=1) / ww.sum(axis=1)
    return out


def nps_test(data: pd.DataFrame | Survey, *, by: str | None = None, outcome: str | None = None,
             a: Any = None, b: Any = None, weight: str | None | bool = None,
             scale: Sequence[float] | None = None, bands: dict | None = None,
             method: str = "adjusted-wald", level: float = 0.95,
             p_adjust: str = "fdr_bh", min_n: int = 30,
             variance: str = "linearized", group: str | None = None,
             score: str | None = None) -> pd.DataFrame:
    """Test the difference between the NPS of two groups (or of every pair of groups).

    The difference d = NPS_a − NPS_b (the observed one, the single centre reported) has
    standard error √(SE_a² + SE_b²), each group's SE from :func:`nps_se`: the trinomial
    variance V = p_P + p_D − (p_P − p_D)² over n. With ``method="adjusted-wald"`` (default)
    each group's shares get ¾ promoter, ¾ detractor and n + 3 first for the SE (the
    adjusted-Wald SE, which is not 0 when a group is all promoters); ``"wald"`` uses the raw
    shares. With weights n is the design effective n of the linearised variance (or Kish's
    n_eff with ``variance="kish"``), see :func:`nps`; the groups are domains of one sample, so
    their linearised covariance is 0. The interval is d ± z·SE clipped to −200…200, so
    ``ci_low ≤ diff ≤ ci_high`` always; z = d / SE.

    Parameters
    ----------
    data : DataFrame or Survey
        Respondents (a Survey supplies the NPS outcome, its scale and the weight).
    by : str
        Column that defines the groups.
    outcome : str, optional
        The likelihood-to-recommend column (default: the Survey's NPS outcome, see :func:`nps`).
    a, b : optional
        Compare these two values of ``by``; by default every pair of observed values.
    weight : str, None or False
        Survey weight column (None: the codebook's; False: unweighted).
    scale : (low, high), optional
        Answer scale (default: the outcome's, else ``(0, 10)``).
    bands : dict, optional
        Explicit category bands (see :func:`nps_bands`).
    method : {"adjusted-wald", "wald"}
        Standard error of each group's NPS.
    level : float
        Confidence level; ``significant`` is ``p_adjusted < 1 - level``.
    p_adjust : str
        Multiple-testing correction over the pairs (a ``statsmodels`` ``multipletests``
        method, e.g. ``"fdr_bh"``, ``"holm"``, or ``"none"``).
    min_n : int
        Pairs with a group below this base are reported with ``suppressed=True`` and no test.
    variance : {"linearized", "kish"}
        Variance of weighted data (see :func:`nps`).
    group, score : str, optional
        Deprecated old names of ``by`` and ``outcome``.

    Returns
    -------
    DataFrame
        ``group_a, group_b, base_a, base_b, nps_a, nps_b, diff, se, ci_low, ci_high, z,
        p_value, p_adjusted, significant, suppressed`` (NPS, differences and SEs in points);
        ``attrs["weighted"]`` says whether weights were used.

    Examples
    --------
    >>> df = pd.DataFrame({"ltr": [10] * 60 + [3] * 40 + [10] * 40 + [3] * 60,
    ...                    "g": ["x"] * 100 + ["y"] * 100})
    >>> t = nps_test(df, outcome="ltr", by="g")
    >>> float(t["diff"][0]), bool(t["significant"][0])
    (40.0, True)
    """
    if method not in ("adjusted-wald", "wald"):
        raise CXInputError(Problem("parameters", f"unknown method {method!r}",
                                   "use 'adjusted-wald' or 'wald'"))
    p_adjust_method, p_adjust = p_adjust, _stats.p_adjust  # the parameter shadows the helper
    group = renamed("nps_test", "group", group, "by", by)
    score = renamed("nps_test", "score", score, "outcome", outcome)
    where = _source(data)
    if not group:
        raise CXInputError(Problem(where, "no group column given",
                                   "pass by='<column that defines the groups>'"))
    df, score, scale, weight = _resolve(data, score, scale, weight, where)
    if group not in df.columns:
        raise CXInputError(Problem(where, "the group column is not in the data",
                                   "pass an existing column as group", column=group))
    table = nps(data if isinstance(data, Survey) else df, outcome=score, by=group,
                weight=weight if weight else False, scale=scale, bands=bands, ci=method,
                min_n=min_n, variance=variance)
    levels = table[group].tolist()
    if a is not None or b is not None:
        for v in (a, b):
            if v not in levels:
                raise CXInputError(Problem(where, f"no respondents with {group} = {v!r}",
                                           f"use values from {levels}", column=group, value=v))
        pairs = [(a, b)]
    else:
        pairs = list(itertools.combinations(levels, 2))
    z = z_value(level)
    rec = table.set_index(group)
    rows = []
    for ga, gb in pairs:
        ra, rb = rec.loc[ga], rec.loc[gb]
        row = {"group_a": ga, "group_b": gb, "base_a": int(ra.base), "base_b": int(rb.base),
               "nps_a": ra.nps, "nps_b": rb.nps, "diff": ra.nps - rb.nps}
        if ra.base < min_n or rb.base < min_n:
            rows.append(row | dict(se=np.nan, ci_low=np.nan, ci_high=np.nan, z=np.nan,
                                   p_value=np.nan, suppressed=True))
            continue
        ses = [nps_se(r.pct_promoters / 100, r.pct_detractors / 100, r.n_design,
                      adjusted=method == "adjusted-wald")[1] for r in (ra, rb)]
        d = (ra.nps - rb.nps) / 100
        se = float(np.hypot(*ses))
        zstat = d / se if se > 0 else np.nan
        p = float(two_sided_p(zstat)) if se > 0 else np.nan
        rows.append(row | dict(se=100 * se, ci_low=100 * max(d - z * se, -2.0),
                               ci_high=100 * min(d + z * se, 2.0),
                               z=zstat, p_value=p, suppressed=False))
    cols = ["group_a", "group_b", "base_a", "base_b", "nps_a", "nps_b", "diff", "se", "ci_low",
            "ci_high", "z", "p_value", "p_adjusted", "significant", "suppressed"]
    if not rows:  # fewer than two groups: nothing to compare
        return pd.DataFrame({c: pd.Series(dtype=bool if c in ("significant", "suppressed")
                                          else float) for c in cols})
    out = pd.DataFrame(rows)
    out["p_adjusted"] = p_adjust(out["p_value"].to_numpy(), p_adjust_method)
    out["significant"] = out["p_adjusted"] < (1 - level)
    out = out[cols]
    out.attrs.update(weighted=table.attrs["weighted"], variance=table.attrs["variance"],
                     method=method, level=level)
    return out


def score_distribution(data: pd.DataFrame | Survey, *, outcome: str | None = None,
                       weight: str | None | bool = None, scale: Sequence[float] | None = None,
                       bands: dict | None = None, score: str | None = None) -> pd.DataFrame:
    """Share of respondents giving each answer, with its NPS category.

    Parameters
    ----------
    data : DataFrame or Survey
        Respondents (a Survey supplies the NPS outcome, its scale and the weight).
    outcome : str, optional
        The likelihood-to-recommend column (default: the Survey's NPS outcome, see :func:`nps`).
    weight : str, None or False
        Survey weight column (None: the codebook's; False: unweighted).
    scale : (low, high), optional
        Answer scale (default: the outcome's, else ``(0, 10)``).
    bands : dict, optional
        Explicit category bands (see :func:`nps_bands`).
    score : str, optional
        Deprecated old name of ``outcome``.

    Returns
    -------
    DataFrame
        ``value, count`` (weighted), ``share`` (%) and ``category``, one row for every answer
        step of the scale (zero where nobody answered so).

    Examples
    --------
    >>> d = score_distribution(pd.DataFrame({"ltr": [10, 10, 6, 8]}), outcome="ltr")
    >>> d[d["count"] > 0][["value", "share", "category"]]
        value  share   category
    6       6   25.0  detractor
    8       8   25.0    passive
    10     10   50.0   promoter
    """
    score = renamed("score_distribution", "score", score, "outcome", outcome)
    where = _source(data)
    df, score, scale, weight = _resolve(data, score, scale, weight, where)
    cat = nps_category(df[score], scale=scale, bands=bands, where=where)
    w = pd.to_numeric(df[weight], errors="coerce") if weight else pd.Series(1.0, index=df.index)
    ok = cat.notna() & w.notna()
    values = np.arange(int(scale[0]), int(scale[1]) + 1)
    counts = (w[ok].groupby(pd.to_numeric(df.loc[ok, score]).astype(int)).sum()
              .reindex(values, fill_value=0.0))
    b = nps_bands(scale, bands)
    category = [next(c for c in CATEGORIES if b[c][0] <= v <= b[c][1]) for v in values]
    total = counts.sum()
    return pd.DataFrame({"value": values, "count": counts.to_numpy(dtype=float),
                         "share": 100 * counts.to_numpy(dtype=float) / total if total else np.nan,
                         "category": category})
