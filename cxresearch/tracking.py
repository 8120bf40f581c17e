"""Waves, change and the customer journey.

* :func:`wave_nps` and :func:`wave_changes`: NPS per wave with its interval, and the test of
  every wave-to-wave change (adjusted-Wald z test, FDR-adjusted).
* :func:`wave_alerts`: what changed since the previous wave, every outcome (in its units: NPS
  points, percentage points of a yes/no share, a rating's mean), driver and segment, FDR.
* :func:`before_after`: did a dated change move the key outcome? Before/after for the changed
  group and, when a comparison group exists, the difference-in-differences
  (Δ_treated − Δ_comparison), both from the four group values with their variances and as
  the regression ``y ~ treated * after`` with HC3 errors, where each respondent's y is
  +100 / 0 / −100 (promoter, passive, detractor) for an NPS, 100 × the 0/1 answer for a
  yes/no outcome (percentage points) or the rating itself.
* :func:`carryover`: for respondents who answer in more than one wave (the codebook's
  ``panel`` key), how their earlier experience carries into the next.
* :func:`journey_nps` and :func:`channel_gap`: NPS by phase, touchpoint and channel, and the
  gap between a customer's experiences in different channels (its link with the key
  outcome in the outcome's units).
* :func:`segment_profile`: the key outcome (NPS, share or mean) and driver means per segment
  with small bases suppressed.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Any, ClassVar

import numpy as np
import pandas as pd

from .codebook import order_waves, ordered_levels
from .disclosure import suppress
from .errors import CXInputError, Problem, renamed
from .io import Survey, as_frame, resolve_defaults
from .metrics import linearized_n, nps, nps_category, nps_se, nps_test
from .results import Result
from .stats import fisher_z_interval, p_adjust, two_sided_p, z_value

__all__ = [
    "wave_nps",
    "wave_changes",
    "wave_alerts",
    "before_after",
    "BeforeAfterResult",
    "before_after_scores",
    "wave_groups",
    "carryover",
    "CarryoverResult",
    "journey_nps",
    "channel_gap",
    "ChannelGapResult",
    "segment_profile",
]


def _defaults(data: Survey | pd.DataFrame, **given: Any) -> Any:
    """The survey defaults of :func:`cxresearch.io.resolve_defaults` (columns checked by
    :func:`_need` where they are used)."""
    return resolve_defaults(data, check=False, **given)


def _need(df: pd.DataFrame, col: str | None, what: str, key: str) -> str:
    if not col:
        raise CXInputError(Problem("codebook", f"no {what} column", f"add '{key}:' to the "
                                   "codebook or pass it as an argument", column=key,
                                   key="codebook.no_column", params={"key": key}))
    if col not in df.columns:
        raise CXInputError(Problem("data", f"the {what} column is not in the data",
                                   "check the name", column=col,
                                   key="data.no_column", params={"column": col}))
    return col


def wave_nps(data: Survey | pd.DataFrame, *, wave: str | None = None,
             by: str | Sequence[str] | None = None, outcome: str | None = None,
             weight: str | None | bool = None, scale: Sequence[float] | None = None,
             bands: dict | None = None, ci: str = "adjusted-wald", level: float = 0.95,
             min_n: int = 30, variance: str = "linearized",
             score: str | None = None) -> pd.DataFrame:
    """NPS per wave (optionally per wave × group), waves in time order.

    Parameters
    ----------
    data : Survey or DataFrame
        Respondents (a Survey supplies the wave column, the NPS outcome and the weight).
    wave : str, optional
        The wave column (default: the codebook's ``wave``).
    by : str or list of str, optional
        Further grouping columns within each wave.
    outcome : str, optional
        The likelihood-to-recommend column (default: the Survey's NPS outcome).
    weight : str, None or False
        Survey weight column (None: the codebook's; False: unweighted).
    scale : (low, high), optional
        Answer scale (default: the outcome's, else ``(0, 10)``).
    bands : dict, optional
        Explicit category bands (see :func:`cxresearch.metrics.nps_bands`).
    ci : {"adjusted-wald", "wald", "bootstrap"}
        Interval method.
    level : float
        Confidence level.
    min_n : int
        Bases below this are flagged ``small_base``.
    variance : {"linearized", "kish"}
        Variance of weighted data.
    score : str, optional
        Deprecated old name of ``outcome``.

    Returns
    -------
    DataFrame
        The wave column, the ``by`` columns, then the columns of
        :func:`cxresearch.metrics.nps`; one row per wave (× group), in the codebook's wave
        order (else in time order: "Q3 2025" before "Q1 2026").

    Examples
    --------
    >>> df = pd.DataFrame({"wave": ["2026-Q1"] * 50 + ["2025-Q4"] * 50,
    ...                    "ltr": [10, 9, 5, 8, 10] * 10 + [10, 3, 5, 8, 10] * 10})
    >>> wave_nps(df, wave="wave", outcome="ltr")[["wave", "base", "nps"]]
          wave  base   nps
    0  2025-Q4    50   0.0
    1  2026-Q1    50  40.0
    """
    outcome = renamed("wave_nps", "score", score, "outcome", outcome)
    df, cb = as_frame(data)
    wave = _need(df, _defaults(data, wave=wave).wave, "wave", "wave")
    by_cols = [wave] + ([by] if isinstance(by, str) else list(by or []))
    out = nps(data, by=by_cols, outcome=outcome, weight=weight, scale=scale, bands=bands, ci=ci,
              level=level, min_n=min_n, variance=variance)
    # waves in time order ("Q3 2025" before "Q1 2026"), not alphabetically
    rank = {v: i for i, v in enumerate(order_waves(df[wave], cb.wave_order if cb else ()))}
    return (out.assign(_rank=out[wave].map(rank)).sort_values("_rank", kind="stable")
            .drop(columns="_rank").reset_index(drop=True).__finalize__(out))


def wave_changes(data: Survey | pd.DataFrame, *, wave: str | None = None, min_n: int = 30,
                 outcome: str | None = None, weight: str | None | bool = None,
                 scale: Sequence[float] | None = None, bands: dict | None = None,
                 method: str = "adjusted-wald", level: float = 0.95,
                 variance: str = "linearized", score: str | None = None) -> pd.DataFrame:
    """Every consecutive wave-to-wave NPS change with its test (FDR-adjusted).

    Each change is :func:`cxresearch.metrics.nps_test` of the later wave against the earlier
    one (z test of the difference, SE √(SE₁² + SE₂²)); the p-values of all the changes are
    adjusted together with Benjamini–Hochberg.

    Parameters
    ----------
    data : Survey or DataFrame
        Respondents (a Survey supplies the wave column, the NPS outcome and the weight).
    wave : str, optional
        The wave column (default: the codebook's ``wave``).
    min_n : int
        A change with a wave under this base is ``suppressed`` and not tested.
    outcome : str, optional
        The likelihood-to-recommend column (default: the Survey's NPS outcome).
    weight : str, None or False
        Survey weight column (None: the codebook's; False: unweighted).
    scale : (low, high), optional
        Answer scale (default: the outcome's, else ``(0, 10)``).
    bands : dict, optional
        Explicit category bands (see :func:`cxresearch.metrics.nps_bands`).
    method : {"adjusted-wald", "wald"}
        Standard error of each wave's NPS.
    level : float
        Confidence level of the intervals; ``significant`` is ``p_adjusted < 1 - level``.
    variance : {"linearized", "kish"}
        Variance of weighted data.
    score : str, optional
        Deprecated old name of ``outcome``.

    Returns
    -------
    DataFrame
        ``from_wave, to_wave, nps_from, nps_to, change, ci_low, ci_high, p_value,
        p_adjusted, significant, suppressed`` (change = later − earlier, in points).

    Examples
    --------
    >>> df = pd.DataFrame({"wave": ["2026-Q1"] * 200 + ["2025-Q4"] * 200,
    ...                    "ltr": [10, 9, 5, 8, 10] * 40 + [10, 3, 5, 8, 10] * 40})
    >>> t = wave_changes(df, wave="wave", outcome="ltr")
    >>> t[["from_wave", "to_wave", "change"]], bool(t["significant"][0])
    (  from_wave  to_wave  change
    0   2025-Q4  2026-Q1    40.0, True)
    """
    outcome = renamed("wave_changes", "score", score, "outcome", outcome)
    kwargs = dict(outcome=outcome, weight=weight, scale=scale, bands=bands, method=method,
                  level=level, variance=variance)
    df, cb = as_frame(data)
    wave = _need(df, _defaults(data, wave=wave).wave, "wave", "wave")
    waves = order_waves(df[wave], cb.wave_order if cb else (), column=wave)
    rows = []
    for w0, w1 in zip(waves[:-1], waves[1:], strict=True):
        t = nps_test(data, by=wave, a=w1, b=w0, min_n=min_n, p_adjust="none",
                     **kwargs).iloc[0]
        rows.append({"from_wave": w0, "to_wave": w1, "nps_from": t["nps_b"], "nps_to": t["nps_a"],
                     "change": t["diff"], "ci_low": t["ci_low"], "ci_high": t["ci_high"],
                     "p_value": t["p_value"], "suppressed": t["suppressed"]})
    out = pd.DataFrame(rows)
    if not out.empty:
        out["p_adjusted"] = p_adjust(out["p_value"].to_numpy())
        out["significant"] = out["p_adjusted"] < 1 - level
    return out


def _weight_column(df: pd.DataFrame, cb: Any, weight: str | None | bool) -> str | None:
    """The weight column to use: the codebook's by default, None for ``weight=False``."""
    if weight is None and cb is not None:
        weight = cb.weight
    if not weight:
        return None
    return _need(df, weight, "weight", "weight")


def _correlation(x: pd.Series, y: pd.Series, w: pd.Series | None,
                 level: float = 0.95) -> dict[str, float]:
    """(Weighted) Pearson r with a Fisher-z interval on Kish's effective n, and its p-value."""
    ok = x.notna() & y.notna() & (w.notna() if w is not None else True)
    xv, yv = x[ok].to_numpy(float), y[ok].to_numpy(float)
    wv = w[ok].to_numpy(float) if w is not None else np.ones(len(xv))
    mx, my = np.average(xv, weights=wv), np.average(yv, weights=wv)
    r = float(np.sum(wv * (xv - mx) * (yv - my))
              / np.sqrt(np.sum(wv * (xv - mx) ** 2) * np.sum(wv * (yv - my) ** 2)))
    n_eff = float(wv.sum() ** 2 / (wv**2).sum())
    lo, hi = fisher_z_interval(r, n_eff, level)
    p = float(two_sided_p(np.arctanh(r) * np.sqrt(n_eff - 3))) if n_eff > 3 else np.nan
    return {"r": r, "ci_low": lo, "ci_high": hi, "p_value": p, "n": int(ok.sum()),
            "n_eff": n_eff}


def _welch(a: pd.Series, b: pd.Series, level: float) -> dict[str, float]:
    """Difference of means b − a with Welch's SE, normal interval and two-sided p."""
    a, b = a.dropna().astype(float), b.dropna().astype(float)
    d = float(b.mean() - a.mean())
    se = float(np.sqrt(a.var(ddof=1) / len(a) + b.var(ddof=1) / len(b))) if min(
        len(a), len(b)) > 1 else np.nan
    z = z_value(level)
    p = float(two_sided_p(d / se)) if se and se == se and se > 0 else np.nan
    return {"before": float(a.mean()), "after": float(b.mean()), "change": d, "se": se,
            "ci_low": d - z * se, "ci_high": d + z * se, "p_value": p}


def _share_diff(a: pd.Series, b: pd.Series, level: float) -> dict[str, float]:
    """Difference of two shares b − a (answers 0/100) with the unpooled Wald SE
    √(p₀(1−p₀)/n₀ + p₁(1−p₁)/n₁), normal interval and two-sided p (percentage points)."""
    a, b = a.dropna().astype(float) / 100, b.dropna().astype(float) / 100
    p0, p1 = float(a.mean()), float(b.mean())
    se = float(np.sqrt(p0 * (1 - p0) / len(a) + p1 * (1 - p1) / len(b)))
    d, z = p1 - p0, z_value(level)
    p = float(two_sided_p(d / se)) if se > 0 else np.nan
    return {"before": 100 * p0, "after": 100 * p1, "change": 100 * d, "se": 100 * se,
            "ci_low": 100 * (d - z * se), "ci_high": 100 * (d + z * se), "p_value": p}


def wave_alerts(data: Survey | pd.DataFrame, *, wave: str | None = None,
                outcomes: Sequence[str] | None = None, drivers: Sequence[str] | None = None,
                segments: Sequence[str] | None = None, min_n: int = 30,
                alpha: float = 0.05, level: float = 0.95) -> pd.DataFrame:
    """What changed since the previous wave: every outcome, driver and segment, tested.

    The latest wave is compared with the one before it (the codebook's wave order). Each
    outcome, and the key outcome within each segment level, is tested in its own units: an
    NPS with :func:`cxresearch.metrics.nps_test` (adjusted-Wald z test, points); a yes/no
    (binary) outcome as the difference of the two shares in percentage points with the
    unpooled Wald z test, SE = √(p₀(1−p₀)/n₀ + p₁(1−p₁)/n₁) (Agresti 2013, *Categorical Data
    Analysis*, §1.4; statsmodels ``test_proportions_2indep(method="wald")``); a rating
    outcome and each driver score with Welch's z test of the two means. Shares and means are
    unweighted. All p-values are adjusted together (Benjamini–Hochberg), so the "what
    changed" list controls the false discovery rate across everything it looked at. Rows
    with a wave base under ``min_n`` are not tested.

    Parameters
    ----------
    data : Survey or DataFrame
        Respondents (a Survey supplies the wave column, outcomes, drivers and segments).
    wave : str, optional
        The wave column (default: the codebook's ``wave``).
    outcomes, drivers, segments : list of str, optional
        Defaults: every codebook outcome, every driver construct, every segment column.
    min_n : int
        Rows with a wave base under this are not tested.
    alpha : float
        FDR level for ``significant``.
    level : float
        Confidence level of the intervals.

    Returns
    -------
    DataFrame
        ``kind`` (outcome / driver / segment), ``name`` (outcome name, construct or segment
        column), ``value`` (the segment level; empty otherwise), ``unit`` (nps: points;
        percent: a share and its change in percentage points; mean),
        ``from_wave, to_wave, before, after, change, ci_low, ci_high, p_value, p_adjusted,
        significant, n_from, n_to``; sorted by ``p_value``. Empty with fewer than two waves.

    Examples
    --------
    >>> import cxresearch as cx
    >>> a = wave_alerts(cx.load(cx.bundled_codebook()), drivers=["service"], segments=[])
    >>> sorted(a["kind"].unique()), int(a["to_wave"].iloc[0])
    (['driver', 'outcome'], 4)
    """
    df, cb = as_frame(data)
    wave = _need(df, _defaults(data, wave=wave).wave, "wave", "wave")
    waves = order_waves(df[wave], cb.wave_order if cb else (), column=wave)
    cols = ["kind", "name", "value", "unit", "from_wave", "to_wave", "before", "after",
            "change", "ci_low", "ci_high", "p_value", "p_adjusted", "significant", "n_from",
            "n_to"]
    if len(waves) < 2:
        return pd.DataFrame(columns=cols)
    w0, w1 = waves[-2], waves[-1]
    outs = (list(outcomes) if outcomes is not None else list(cb.outcomes) if cb else [])
    drvs = list(drivers) if drivers is not None else (cb.drivers if cb else [])
    segs = list(segments) if segments is not None else (list(cb.segments) if cb else [])
    rows: list[dict[str, Any]] = []
    two = df[df[wave].isin([w0, w1])]

    def nps_row(part: pd.DataFrame, score: str, kind: str, name: str, value: Any) -> None:
        n0, n1 = int((part[wave] == w0).sum()), int((part[wave] == w1).sum())
        if min(n0, n1) < min_n:
            return
        sub = Survey(part, cb, data.source, data.sha256) if isinstance(data, Survey) else part
        r = nps_test(sub, by=wave, outcome=score, a=w1, b=w0, min_n=min_n,
                     p_adjust="none").iloc[0]
        rows.append({"kind": kind, "name": name, "value": value, "unit": "nps",
                     "before": r["nps_b"], "after": r["nps_a"], "change": r["diff"],
                     "ci_low": r["ci_low"], "ci_high": r["ci_high"], "p_value": r["p_value"],
                     "n_from": n0, "n_to": n1})

    def mean_row(part: pd.DataFrame, col: str, kind: str, name: str, value: Any = "",
                 share: bool = False) -> None:
        y = pd.to_numeric(part[col], errors="coerce") * (100.0 if share else 1.0)
        a, b = y[part[wave] == w0], y[part[wave] == w1]
        n0, n1 = int(a.notna().sum()), int(b.notna().sum())
        if min(n0, n1) < min_n:
            return
        rows.append({"kind": kind, "name": name, "value": value,
                     "unit": "percent" if share else "mean", "n_from": n0, "n_to": n1}
                    | (_share_diff(a, b, level) if share else _welch(a, b, level)))

    def row_for(part: pd.DataFrame, o: Any, kind: str, name: str, value: Any) -> None:
        if o.type == "nps" and o.is_nps_scale:
            nps_row(part, o.column, kind, name, value)
        else:
            mean_row(part, o.column, kind, name, value, share=o.type == "binary")

    key = cb.key_outcome if cb else None
    for name in outs:
        o = cb.outcome(name)
        _need(df, o.column, "outcome", o.column)
        row_for(two, o, "outcome", o.name, "")
    for d in drvs:
        _need(df, d, "driver score", d)
        mean_row(two, d, "driver", d)
    if key is not None:
        for seg in segs:
            _need(df, seg, "segment", seg)
            for v in sorted(two[seg].dropna().unique(), key=str):
                row_for(two[two[seg] == v], key, "segment", seg, v)
    out = pd.DataFrame(rows, columns=[c for c in cols if c not in ("from_wave", "to_wave",
                                                                  "p_adjusted",
                                                                  "significant")])
    out["from_wave"], out["to_wave"] = w0, w1
    ok = out["p_value"].notna()
    out["p_adjusted"] = np.nan
    if ok.any():
        out.loc[ok, "p_adjusted"] = p_adjust(out.loc[ok, "p_value"].to_numpy())
    out["significant"] = out["p_adjusted"] < alpha
    return out[cols].sort_values("p_value", kind="stable").reset_index(drop=True)


def _nps_points(df: pd.DataFrame, score: str, scale) -> pd.Series:
    cat = nps_category(df[score], scale=scale)
    return cat.map({"promoter": 100.0, "passive": 0.0, "detractor": -100.0})


def _before_after_frame(df: pd.DataFrame, date: str, change_date: str, weight: str | None,
                        window_days: int | None, group: str | None, treated: Any
                        ) -> tuple[pd.Series, pd.Timestamp, pd.DataFrame, pd.Series]:
    """Dates, the cut, a frame of ``after``, ``w`` and ``treated``, and the rows to keep (dated,
    within the window) - shared by :func:`before_after` and :func:`before_after_scores`."""
    when = pd.to_datetime(df[date], errors="coerce")
    cut = pd.Timestamp(change_date)
    frame = pd.DataFrame({"after": (when >= cut).astype(int),
                          "w": df[weight].astype(float) if weight else 1.0})
    keep = when.notna()
    if window_days:
        keep &= (when - cut).abs() <= pd.Timedelta(days=window_days)
    if group:
        _need(df, group, "group", group)
        if treated is None:
            raise CXInputError(Problem("parameters", "treated is missing",
                                       f"pass treated=<the {group} value the change applied to>",
                                       key="change.no_treated", params={"group": group}))
        frame["treated"] = (df[group].astype(str) == str(treated)).astype(int)
    else:
        frame["treated"] = 1
    return when, cut, frame, keep


def _change_problem(what: str, df: pd.DataFrame, date: str, more: str, *, key: str,
                    params: dict[str, Any]) -> Problem:
    """A refused change date: where (the parameter and the date column) and the dates to use.

    ``key`` and ``params`` are the problem's message (``err.<key>.*``), to which the first
    and last response dates are added; without any dated response it is ``change.no_dates``.
    """
    when = pd.to_datetime(df[date], errors="coerce").dropna()
    span = (f"between {when.min():%Y-%m-%d} and {when.max():%Y-%m-%d} (the first and last "
            f"response dates)" if len(when) else "inside the survey period")
    if len(when):
        params = {**params, "first": when.min(), "last": when.max()}
    else:
        key, params = "change.no_dates", {"column": date}
    return Problem("parameter change_date", what,
                   f"give a change_date {span}{' ' + more if more else ''}", column=date,
                   key=key, params=params)


@dataclass(frozen=True, eq=False)
class BeforeAfterResult(Result):
    """The result of :func:`before_after` (dict-style ``res["did"]`` is deprecated).

    Parameters
    ----------
    cells : DataFrame
        ``group`` (treated / comparison), ``period`` (before / after), ``estimate, se, base,
        n_eff``: the outcome of each group and period in its units (NPS points, the share in
        % or the mean); an NPS outcome repeats ``estimate`` as ``nps``.
    change : dict
        The before/after change of the treated (or all) respondents: ``estimate, se,
        ci_low, ci_high, p_value`` (NPS points, percentage points or mean points).
    did : dict or None
        The difference-in-differences Δ_treated − Δ_comparison, same keys (None without a
        comparison group).
    regression : dict or None
        The same DiD from ``y ~ treated * after`` (OLS, WLS with weights) with HC3 errors:
        ``estimate, se, ci_low, ci_high, p_value`` (None without a comparison group).
    change_date : str
        The day the change took effect (ISO date).
    by : str or None
        The column of the group the change applied to (the old dict key is ``"group"``).
    treated : object
        Its value for the treated group.
    weighted : bool
        Whether the survey weights were used.
    outcome_type : str
        ``nps``, ``binary`` or ``rating``: the units of every figure (``unit`` names them).
    unit : str
        ``nps_points``, ``percent`` (the share; changes in percentage points) or ``mean``.

    Examples
    --------
    >>> df = pd.DataFrame({"day": ["2026-01-10"] * 100 + ["2026-02-10"] * 100,
    ...                    "ltr": [10, 3] * 50 + [10, 10, 3, 8] * 25})
    >>> res = before_after(df, change_date="2026-02-01", date="day", outcome="ltr")
    >>> res.cells["nps"].tolist(), float(res.change["estimate"]), res.did is None
    ([0.0, 25.0], 25.0, True)
    """

    _renamed: ClassVar[dict[str, str]] = {"group": "by"}

    cells: pd.DataFrame
    change: dict[str, float]
    did: dict[str, float] | None
    regression: dict[str, float] | None
    change_date: str
    by: str | None
    treated: Any
    weighted: bool
    outcome_type: str = "nps"
    unit: str = "nps_points"


def before_after(data: Survey | pd.DataFrame, *, change_date: str, date: str | None = None,
                 by: str | None = None, treated: Any = None, outcome: str | None = None,
                 weight: str | None | bool = None, window_days: int | None = None,
                 level: float = 0.95, group: str | None = None,
                 score: str | None = None, type: str | None = None) -> BeforeAfterResult:
    """Did the key outcome move after a dated change? Before/after and difference-in-differences.

    Parameters
    ----------
    data : Survey or DataFrame
        Respondents (a Survey supplies the date column, the key outcome and the weight).
    change_date : str
        The day the change took effect (responses on or after it are "after").
    date : str, optional
        The response date column (default: the codebook's ``date``).
    by, treated : optional
        The column and value of the group the change applied to; the other values are the
        comparison group. Without them, only the before/after change of everyone.
    outcome : str, optional
        The outcome (default: the Survey's key outcome; its codebook ``type`` decides the
        units).
    weight : str, None or False
        Survey weight column (None: the codebook's; False: unweighted).
    window_days : int, optional
        Only responses within this many days before and after the change.
    level : float
        Confidence level of the intervals.
    group, score : str, optional
        Deprecated old names of ``by`` and ``outcome``.
    type : {"nps", "binary", "rating"}, optional
        For a column the codebook does not declare (or a DataFrame): the outcome's type
        (default ``"nps"``, a 0–10 score).

    Returns
    -------
    BeforeAfterResult
        ``cells``: the outcome, base and SE for each (group, period); ``change``: the
        before/after change of the treated (or all) respondents with CI and p; ``did``: the
        difference-in-differences with CI and p (None without a comparison group);
        ``regression``: the same DiD from OLS/WLS with HC3 errors (coefficient, se, CI, p);
        ``weighted``; ``outcome_type`` and ``unit``; see :class:`BeforeAfterResult`.

    Notes
    -----
    Units: an NPS in points, a yes/no (binary) outcome as the share answering yes in % (so
    changes and the DiD are in percentage points), a rating as its mean (changes in scale
    points). Each respondent's y is +100/0/−100 (promoter/passive/detractor), 100·answer
    (0/1) or the rating; the regression is ``y ~ treated * after`` (WLS with the weights)
    with HC3 errors (MacKinnon & White 1985) and a normal interval.

    ``change`` and ``did`` come from the four cells (Δ = after − before, DiD = Δ_treated −
    Δ_comparison, SE the root of the summed cell variances). An NPS cell's SE is
    :func:`cxresearch.metrics.nps_se`; weighted, with the design-based effective n
    :func:`cxresearch.metrics.linearized_n` (Taylor linearisation, as R's
    ``survey::svymean`` of the cell), Kish's n_eff is reported as information. A share or
    mean cell's variance is the linearisation variance of the weighted mean,
    n/(n−1)·Σwᵢ²(yᵢ−ȳ)²/(Σw)² (R ``survey::svymean``; unweighted, s²/n). The cell DiD equals
    the regression coefficient; the two SEs differ only by the HC3 leverage factor.

    Examples
    --------
    >>> import cxresearch as cx
    >>> res = before_after(cx.load(cx.bundled_codebook()), change_date="2026-03-01",
    ...                    by="channel", treated="store")
    >>> res.cells[["group", "period"]].values.tolist()[:2], res.did is not None
    ([['treated', 'before'], ['treated', 'after']], True)
    >>> df = pd.DataFrame({"day": ["2026-01-10"] * 100 + ["2026-02-10"] * 100,
    ...                    "yes": [1, 0] * 50 + [1, 1, 1, 0] * 25})
    >>> r = before_after(df, change_date="2026-02-01", date="day", outcome="yes",
    ...                  type="binary")
    >>> r.cells["estimate"].tolist(), float(r.change["estimate"]), r.unit
    ([50.0, 75.0], 25.0, 'percent')
    """
    import statsmodels.formula.api as smf

    group = renamed("before_after", "group", group, "by", by)
    score = renamed("before_after", "score", score, "outcome", outcome)
    df, cb = as_frame(data)
    date = _need(df, _defaults(data, date=date).date, "date", "date")
    resolved = resolve_defaults(data, outcome=score, need=["outcome"])
    score = _need(df, resolved.outcome, "outcome", "outcome")
    kind = _outcome_type(resolved, type)
    scale = resolved.scale or (0, 10)
    weight = _weight_column(df, cb, weight)
    when, cut, frame, keep = _before_after_frame(df, date, change_date, weight, window_days,
                                                 group, treated)
    frame["y"] = (_nps_points(df, score, scale) if kind == "nps"
                  else _outcome_values(df, score, kind))
    frame = frame[keep & frame["y"].notna()]
    z = z_value(level)

    def cell(part: pd.DataFrame) -> dict[str, float]:
        # the package's one NPS variance: metrics.nps_se, with the design-based (Taylor
        # linearisation, as survey::svymean) effective n when weighted; Kish's n_eff is
        # information only. A share or mean: the linearisation variance of the mean.
        w = part["w"].to_numpy(dtype=float)
        y = part["y"].to_numpy()
        if not len(w):
            return {"estimate": np.nan, "se": np.nan, "base": 0, "n_eff": 0.0}
        n_eff = w.sum() ** 2 / (w**2).sum()
        if kind != "nps":
            m, se = _mean_se(y, w)
            return {"estimate": m, "se": se, "base": len(part), "n_eff": n_eff}
        prom, det = y == 100, y == -100
        n_var = (linearized_n(w.sum(), w[prom].sum(), w[det].sum(), (w**2).sum(),
                              (w[prom] ** 2).sum(), (w[det] ** 2).sum(), len(w))
                 if weight else float(len(w)))
        centre, se = nps_se(w[prom].sum() / w.sum(), w[det].sum() / w.sum(), n_var)
        return {"estimate": 100 * centre, "se": 100 * se, "base": len(part), "n_eff": n_eff}

    cells = []
    for tr in sorted(frame["treated"].unique(), reverse=True):
        for af in (0, 1):
            part = frame[(frame["treated"] == tr) & (frame["after"] == af)]
            cells.append({"group": "treated" if tr else "comparison",
                          "period": "after" if af else "before"} | cell(part))
    cells = pd.DataFrame(cells).set_index(["group", "period"])
    for g in cells.index.get_level_values(0).unique():
        for period in ("before", "after"):
            if cells.loc[(g, period), "base"] == 0:
                raise CXInputError(_change_problem(
                    f"no responses {period} {change_date} in the {g} group", df, date,
                    "and a change_group with responses on both sides",
                    key=_EMPTY_SIDE[(g if group else "all", period)], params={"date": cut}))

    def contrast(d: float, se: float) -> dict[str, float]:
        return {"estimate": d, "se": se, "ci_low": d - z * se, "ci_high": d + z * se,
                "p_value": float(two_sided_p(d / se)) if se > 0 else np.nan}

    t_b, t_a = cells.loc[("treated", "before")], cells.loc[("treated", "after")]
    change = contrast(t_a["estimate"] - t_b["estimate"], float(np.hypot(t_a["se"], t_b["se"])))
    did = reg = None
    if group:
        c_b, c_a = cells.loc[("comparison", "before")], cells.loc[("comparison", "after")]
        d = (t_a["estimate"] - t_b["estimate"]) - (c_a["estimate"] - c_b["estimate"])
        se = float(np.sqrt(t_a["se"] ** 2 + t_b["se"] ** 2 + c_a["se"] ** 2 + c_b["se"] ** 2))
        did = contrast(d, se)
        fit = (smf.wls("y ~ treated * after", frame, weights=frame["w"]) if weight else
               smf.ols("y ~ treated * after", frame)).fit(cov_type="HC3")
        lo, hi = fit.conf_int(alpha=1 - level).loc["treated:after"]
        reg = {"estimate": float(fit.params["treated:after"]),
               "se": float(fit.bse["treated:after"]), "ci_low": float(lo), "ci_high": float(hi),
               "p_value": float(fit.pvalues["treated:after"])}
    cells = cells.reset_index()
    if kind == "nps":
        cells.insert(cells.columns.get_loc("estimate"), "nps", cells["estimate"])
    unit = {"nps": "nps_points", "binary": "percent", "rating": "mean"}[kind]
    return BeforeAfterResult(cells, change, did, reg, str(cut.date()), group, treated,
                             bool(weight), kind, unit)


#: The message key of a before/after cell without responses: (group, period) -> key.
_EMPTY_SIDE = {("all", "before"): "change.empty_before", ("all", "after"): "change.empty_after",
               ("treated", "before"): "change.empty_before_treated",
               ("treated", "after"): "change.empty_after_treated",
               ("comparison", "before"): "change.empty_before_comparison",
               ("comparison", "after"): "change.empty_after_comparison"}


def _outcome_type(resolved: Any, given: str | None) -> str:
    """The outcome's type: the codebook's, else ``given``, else ``"nps"``."""
    kind = resolved.outcome_type or given or "nps"
    if given is not None and resolved.outcome_type and given != resolved.outcome_type:
        raise CXInputError(Problem("parameters", f"the outcome is declared as type "
                                   f"{resolved.outcome_type}, not {given}",
                                   "leave type out or change 'type:' in the codebook",
                                   column=resolved.outcome, key="outcome.type_conflict",
                                   params={"declared": resolved.outcome_type, "given": given}))
    if kind not in ("nps", "binary", "rating"):
        raise CXInputError(Problem("parameters", f"unknown outcome type {kind!r}",
                                   "use type='nps', 'binary' or 'rating'", value=kind,
                                   key="outcome.unknown_type", params={"type": kind}))
    return kind


def _outcome_values(df: pd.DataFrame, col: str, kind: str) -> pd.Series:
    """A binary outcome as 0/100 (its mean is the share in %), a rating as it is."""
    y = pd.to_numeric(df[col].astype("float64") if pd.api.types.is_bool_dtype(df[col])
                      else df[col], errors="coerce")
    if kind == "binary":
        bad = y.notna() & ~y.isin([0.0, 1.0])
        if bad.any():
            raise CXInputError(Problem("data", f"{int(bad.sum())} answers of the yes/no outcome "
                                       "are not 0 or 1", "recode them in the codebook "
                                       "(recode: {column: {...}})", column=col,
                                       n_rows=int(bad.sum()), key="outcome.not_binary",
                                       params={"column": col, "n": int(bad.sum())}))
        return 100.0 * y
    return y


def _mean_se(y: np.ndarray, w: np.ndarray) -> tuple[float, float]:
    """Weighted mean and its linearisation SE √(n/(n−1)·Σw²(y−ȳ)²/(Σw)²) (s/√n unweighted)."""
    n = len(y)
    m = float(np.sum(w * y) / np.sum(w))
    if n < 2:
        return m, np.nan
    return m, float(np.sqrt(n / (n - 1) * np.sum(w**2 * (y - m) ** 2) / np.sum(w) ** 2))


def before_after_scores(data: Survey | pd.DataFrame, *, change_date: str,
                        columns: Sequence[str], date: str | None = None,
                        by: str | None = None, treated: Any = None,
                        weight: str | None | bool = None, window_days: int | None = None,
                        level: float = 0.95, group: str | None = None) -> pd.DataFrame:
    """Did a dated change move the scores it targeted (driver scores, ratings)?

    For each column: the before/after change of the mean in the treated group (all
    respondents without ``group``) and, with a comparison group, the difference-in-differences
    from ``y ~ treated * after`` (WLS with the codebook weight, HC3 errors); the before/after
    change alone is the ``after`` coefficient of ``y ~ after`` in the treated group.

    Parameters
    ----------
    data : Survey or DataFrame
        Respondents (a Survey supplies the date column and the weight).
    change_date : str
        The day the change took effect (responses on or after it are "after").
    columns : list of str
        The scores the change targeted (driver scores, ratings).
    date : str, optional
        The response date column (default: the codebook's ``date``).
    by, treated : optional
        The column and value of the group the change applied to (see :func:`before_after`).
    weight : str, None or False
        Survey weight column (None: the codebook's; False: unweighted).
    window_days : int, optional
        Only responses within this many days before and after the change.
    level : float
        Confidence level of the intervals.
    group : str, optional
        Deprecated old name of ``by``.

    Returns
    -------
    DataFrame
        ``column, change, change_se, change_ci_low, change_ci_high, change_p`` (treated group,
        in the column's units), ``did, did_se, did_ci_low, did_ci_high, did_p`` (NaN without
        a comparison group), ``n``.

    Examples
    --------
    >>> import cxresearch as cx
    >>> s = cx.load(cx.bundled_codebook())
    >>> r = before_after_scores(s, change_date="2026-03-01", columns=["service"],
    ...                         by="channel", treated="store")
    >>> bool(r.loc[0, "did_ci_low"] < r.loc[0, "did"] < r.loc[0, "did_ci_high"])
    True
    """
    import statsmodels.formula.api as smf

    group = renamed("before_after_scores", "group", group, "by", by)
    df, cb = as_frame(data)
    date = _need(df, _defaults(data, date=date).date, "date", "date")
    if weight is None and cb is not None:
        weight = cb.weight
    if weight is False:
        weight = None
    when, cut, base, keep = _before_after_frame(df, date, change_date, weight, window_days,
                                                group, treated)
    z = z_value(level)
    rows = []
    for col in columns:
        _need(df, col, "score", col)
        frame = base.assign(y=pd.to_numeric(df[col], errors="coerce"))[keep].dropna()

        def fit(formula: str, part: pd.DataFrame):
            return (smf.wls(formula, part, weights=part["w"]) if weight else
                    smf.ols(formula, part)).fit(cov_type="HC3")

        tr = frame[frame["treated"] == 1]
        if tr["after"].nunique() < 2:
            raise CXInputError(_change_problem(
                f"no responses on both sides of {change_date} for '{col}'", df, date, "",
                key="change.one_side_score", params={"date": cut, "column": col}))
        f1 = fit("y ~ after", tr)
        row = {"column": col, "change": float(f1.params["after"]),
               "change_se": float(f1.bse["after"]), "change_p": float(f1.pvalues["after"]),
               "did": np.nan, "did_se": np.nan, "did_p": np.nan, "n": len(frame)}
        if group and frame["treated"].nunique() == 2:
            f2 = fit("y ~ treated * after", frame)
            row |= {"did": float(f2.params["treated:after"]),
                    "did_se": float(f2.bse["treated:after"]),
                    "did_p": float(f2.pvalues["treated:after"])}
        for k in ("change", "did"):
            row[f"{k}_ci_low"] = row[k] - z * row[f"{k}_se"]
            row[f"{k}_ci_high"] = row[k] + z * row[f"{k}_se"]
        rows.append(row)
    cols = ["column", "change", "change_se", "change_ci_low", "change_ci_high", "change_p",
            "did", "did_se", "did_ci_low", "did_ci_high", "did_p", "n"]
    return pd.DataFrame(rows, columns=cols)


def wave_groups(data: Survey | pd.DataFrame, *, by: str | None = None, treated: Any = None,
                wave: str | None = None, date: str | None = None, min_n: int = 30,
                outcome: str | None = None, weight: str | None | bool = None,
                ci: str = "adjusted-wald", level: float = 0.95,
                group: str | None = None, type: str | None = None) -> pd.DataFrame:
    """The key outcome per wave of the treated group and of the comparison group, with each
    wave's dates: the NPS, the share answering yes or a rating's mean.

    Parameters
    ----------
    data : Survey or DataFrame
        Respondents (a Survey supplies the wave and date columns, the key outcome and its
        type, the weight).
    by, treated : optional
        The column and value of the group a change applied to; without them every
        respondent is in the ``treated`` arm.
    wave, date : str, optional
        The wave and response-date columns (default: the codebook's).
    min_n : int
        Bases below this are flagged ``small_base``.
    outcome : str, optional
        The outcome column (default: the Survey's key outcome; of a plain DataFrame the
        likelihood to recommend).
    weight : str, None or False
        Survey weight column (None: the codebook's; False: unweighted).
    ci : {"adjusted-wald", "wald", "bootstrap"}
        Interval method of an NPS (a share or mean has the intervals of
        :func:`cxresearch.outcomes.outcome_summary`).
    level : float
        Confidence level.
    group : str, optional
        Deprecated old name of ``by``.
    type : {"nps", "binary", "rating"}, optional
        For a plain DataFrame: the outcome's type (default: the codebook's, else NPS).

    Returns
    -------
    DataFrame
        ``arm`` (treated / comparison; all respondents are ``treated`` without ``group``),
        the wave column, ``date_mid`` (median response date of the wave), ``date_first``,
        ``date_last``, then the :func:`cxresearch.metrics.nps` columns; waves in time order.
        For a yes/no or rating outcome ``base, n_eff, estimate, ci_low, ci_high,
        small_base`` (the share in % or the mean, with ``scale_low, scale_high`` of a
        rating) stand for the NPS columns, and ``attrs["type"]``, ``attrs["unit"]`` name
        them (as :func:`segment_profile`).

    Examples
    --------
    >>> import cxresearch as cx
    >>> g = wave_groups(cx.load(cx.bundled_codebook()), by="channel", treated="store")
    >>> sorted(g["arm"].unique()), {"date_mid", "nps", "ci_low"} <= set(g.columns)
    (['comparison', 'treated'], True)
    >>> df = pd.DataFrame({"w": [1, 1, 2, 2] * 10, "shop": ["a", "b"] * 20,
    ...                    "yes": [0, 1, 1, 1] * 10})
    >>> g = wave_groups(df, wave="w", by="shop", treated="a", outcome="yes", type="binary")
    >>> g[["w", "arm", "estimate"]].values.tolist(), g.attrs["unit"]
    ([[1, 'comparison', 100.0], [1, 'treated', 0.0], [2, 'comparison', 100.0], \
[2, 'treated', 100.0]], 'percent')
    """
    from .outcomes import UNITS, outcome_summary

    group = renamed("wave_groups", "group", group, "by", by)
    df, cb = as_frame(data)
    wave = _need(df, _defaults(data, wave=wave).wave, "wave", "wave")
    date = _defaults(data, date=date).date
    if group:
        _need(df, group, "group", group)
        arm = np.where(df[group].astype(str) == str(treated), "treated", "comparison")
    else:
        arm = np.full(len(df), "treated")
    frame = df.assign(arm=arm)
    sub = Survey(frame, cb, data.source, data.sha256) if isinstance(data, Survey) else frame
    resolved = resolve_defaults(data, outcome=outcome, check=False)
    kind = _outcome_type(resolved, type) if resolved.outcome else "nps"
    if kind == "nps":
        out = wave_nps(sub, wave=wave, by="arm", min_n=min_n, outcome=outcome, weight=weight,
                       ci=ci, level=level)
    else:  # a share or a mean per wave × arm, in the units of outcome_summary
        w_col = _weight_column(df, cb, weight)
        s = outcome_summary(sub, outcome=resolved.outcome, by=[wave, "arm"],
                            weight=w_col or False, level=level, min_n=min_n,
                            type=None if resolved.outcome_spec else kind,
                            scale=(None if resolved.outcome_spec or kind == "binary" else
                                   (float(np.nanmin(df[resolved.outcome])),
                                    float(np.nanmax(df[resolved.outcome])))))
        keep = [c for c in ("scale_low", "scale_high") if c in s.columns]
        out = s[[wave, "arm", "n", "n_eff", "estimate", "ci_low", "ci_high", "small_base",
                 *keep]].rename(columns={"n": "base"})
        rank = {v: i for i, v in enumerate(order_waves(df[wave], cb.wave_order if cb else ()))}
        out = (out.assign(_rank=out[wave].map(rank)).sort_values(["_rank", "arm"],
                                                                  kind="stable")
               .drop(columns="_rank").reset_index(drop=True))
        out.attrs.update(type=kind, unit=UNITS[kind])
    if date and date in df.columns:
        when = pd.to_datetime(df[date], errors="coerce")
        span = when.groupby(df[wave]).agg(["median", "min", "max"])
        span.columns = ["date_mid", "date_first", "date_last"]
        attrs = dict(out.attrs)
        out = out.merge(span, left_on=wave, right_index=True, how="left")
        out.attrs.update(attrs)
    return out.reset_index(drop=True)


@dataclass(frozen=True, eq=False)
class CarryoverResult(Result):
    """The result of :func:`carryover` (dict-style ``res["lagged"]`` is deprecated).

    Parameters
    ----------
    pairs : int
        Responses paired with the same customer's previous one.
    r_outcome : dict
        ``r, ci_low, ci_high, p_value, n, n_eff``: the earlier outcome with the later one.
    lagged : dict
        ``coef, se, ci_low, ci_high, p_value, n`` of the earlier outcome in
        ``outcome_t ~ outcome_{t-1} + drivers_t`` (HC3, 95 % interval).
    weighted : bool
        Whether the survey weights were used.
    r_previous : dict or None
        The earlier overall experience with the later "previous experience" driver (None:
        no such driver; the old dict had no key).

    Examples
    --------
    >>> import cxresearch as cx
    >>> c = carryover(cx.load(cx.bundled_codebook()))
    >>> c.pairs > 100, sorted(c.lagged), c.r_previous is not None
    (True, ['ci_high', 'ci_low', 'coef', 'n', 'p_value', 'se'], True)
    """

    _optional: ClassVar[tuple[str, ...]] = ("r_previous",)
    pairs: int
    r_outcome: dict[str, float]
    lagged: dict[str, float]
    weighted: bool
    r_previous: dict[str, float] | None = None


def carryover(data: Survey | pd.DataFrame, *, panel: str | None = None,
              wave: str | None = None, previous: str | None = "previous",
              drivers: Sequence[str] | None = None, outcome: str | None = None,
              weight: str | None | bool = None) -> CarryoverResult:
    """How a customer's earlier experience carries into their next response.

    Pairs each response of a panel member with their previous one (the latest earlier wave).
    Reports the correlation of the earlier overall experience (mean of the driver scores)
    with the later "previous experience" driver, and the regression of the later
    outcome (default: the key outcome, e.g. recommendation) on the earlier one with the later
    drivers held constant.

    Parameters
    ----------
    data : Survey or DataFrame
        Respondents (a Survey supplies the panel, wave, key outcome, drivers and weight).
    panel : str, optional
        The repeat-respondent key (default: the codebook's ``panel``).
    wave : str, optional
        The wave column (default: the codebook's ``wave``).
    previous : str or None
        The "previous experience" driver column (None: not reported).
    drivers : list of str, optional
        Driver columns (default: the codebook's drivers).
    outcome : str, optional
        The outcome column (default: the codebook's key outcome).
    weight : str, None or False
        Survey weight column (None: the codebook's; False: unweighted).

    Returns
    -------
    CarryoverResult
        ``pairs`` (n), ``r_previous`` with CI (Fisher z), ``r_outcome`` (earlier vs later
        recommendation) with CI, ``lagged``: coefficient, se, 95 % interval, p of the earlier
        outcome in ``outcome_t ~ outcome_{t-1} + drivers_t`` (HC3); ``weighted``. With survey
        weights (the codebook's by default, ``weight=False`` for none) each pair carries the
        weight of its later response: weighted correlations (Fisher-z interval on Kish's
        n_eff) and WLS.

    Examples
    --------
    >>> import cxresearch as cx
    >>> c = carryover(cx.load(cx.bundled_codebook()))
    >>> c.pairs > 100, sorted(c.lagged)
    (True, ['ci_high', 'ci_low', 'coef', 'n', 'p_value', 'se'])
    """
    import statsmodels.formula.api as smf

    df, cb = as_frame(data)
    panel = _need(df, panel or (cb.panel if cb else None), "panel (repeat respondent)", "panel")
    wave = _need(df, _defaults(data, wave=wave).wave, "wave", "wave")
    resolved = resolve_defaults(data, outcome=outcome, drivers=drivers or None,
                                need=["outcome", "drivers"])
    outcome, drivers = resolved.outcome, resolved.drivers
    weight = _weight_column(df, cb, weight)
    frame = df[[panel, wave, outcome, *drivers]].copy()
    frame["_w"] = df[weight].astype(float) if weight else 1.0
    frame["_experience"] = frame[drivers].mean(axis=1)
    frame = frame.sort_values([panel, wave])
    prev = frame.groupby(panel).shift(1)
    pairs = frame.assign(prev_experience=prev["_experience"], prev_outcome=prev[outcome])
    pairs = pairs.dropna(subset=["prev_experience", "prev_outcome", outcome])
    if len(pairs) < 10:
        raise CXInputError(Problem("data", f"only {len(pairs)} respondents answered in two "
                                   "waves", "carry-over needs repeat respondents (a panel)",
                                   key="carryover.few_pairs", params={"n": len(pairs)}))

    def r_ci(x: pd.Series, y: pd.Series) -> dict[str, float]:
        return _correlation(x, y, pairs["_w"] if weight else None)

    r_previous = (r_ci(pairs["prev_experience"], pairs[previous])
                  if previous and previous in pairs else None)
    r_outcome = r_ci(pairs["prev_outcome"], pairs[outcome])
    data_reg = pairs.dropna(subset=drivers)
    f = f"Q('{outcome}') ~ prev_outcome + " + " + ".join(f"Q('{d}')" for d in drivers)
    fit = (smf.wls(f, data_reg, weights=data_reg["_w"]) if weight
           else smf.ols(f, data_reg)).fit(cov_type="HC3")
    lo, hi = fit.conf_int().loc["prev_outcome"]
    lagged = {"coef": float(fit.params["prev_outcome"]), "se": float(fit.bse["prev_outcome"]),
              "ci_low": float(lo), "ci_high": float(hi),
              "p_value": float(fit.pvalues["prev_outcome"]), "n": int(fit.nobs)}
    return CarryoverResult(len(pairs), r_outcome, lagged, bool(weight), r_previous)


def journey_nps(data: Survey | pd.DataFrame, *, min_n: int = 30, outcome: str | None = None,
                weight: str | None | bool = None, ci: str = "adjusted-wald",
                level: float = 0.95) -> pd.DataFrame:
    """NPS by each journey level in the codebook (phase, touchpoint, channel), stacked.

    Parameters
    ----------
    data : Survey
        Respondents with a codebook that has a ``journey:`` block.
    min_n : int
        Bases below this are flagged ``small_base``.
    outcome : str, optional
        The likelihood-to-recommend column (default: the Survey's NPS outcome).
    weight : str, None or False
        Survey weight column (None: the codebook's; False: unweighted).
    ci : {"adjusted-wald", "wald", "bootstrap"}
        Interval method (see :func:`cxresearch.metrics.nps`).
    level : float
        Confidence level.

    Returns
    -------
    DataFrame
        ``level`` (phase/touchpoint/channel), ``value``, then the :func:`nps` columns;
        values under ``min_n`` respondents have ``small_base`` set.

    Examples
    --------
    >>> import cxresearch as cx
    >>> j = journey_nps(cx.load(cx.bundled_codebook()))
    >>> list(j["level"].unique()), bool(j["ci_low"].le(j["nps"]).all())
    (['phase', 'touchpoint', 'channel'], True)
    """
    df, cb = as_frame(data)
    if cb is None or not cb.journey:
        raise CXInputError(Problem("codebook", "no journey columns",
                                   "add 'journey: {phase: ..., touchpoint: ..., channel: ...}'"))
    parts = []
    for stage, col in cb.journey.items():
        t = nps(data, by=col, min_n=min_n, outcome=outcome, weight=weight, ci=ci,
                level=level).rename(columns={col: "value"})
        parts.append(t.assign(level=stage))
    out = pd.concat(parts, ignore_index=True)
    return out[["level", "value", *[c for c in out.columns if c not in ("level", "value")]]]


@dataclass(frozen=True, eq=False)
class ChannelGapResult(Result):
    """The result of :func:`channel_gap` (dict-style ``res["mean_gap"]`` is deprecated).

    Parameters
    ----------
    customers : DataFrame
        One row per panel member with two or more channels: the panel id, ``gap`` (largest
        minus smallest mean experience), ``channels``, ``latest_outcome``, ``weight``,
        ``experience`` (mean over the channels).
    r_gap_outcome_adjusted : dict
        ``r, ci_low, ci_high, p_value, n``: the partial correlation of the gap and the
        latest outcome holding the mean experience constant (unweighted).
    mean_gap : float
        The (weighted) mean gap.
    n : int
        Customers in ``customers``.
    r_gap_outcome : dict
        ``r, ci_low, ci_high, p_value, n, n_eff``: the gap with the latest outcome.
    weighted : bool
        Whether the survey weights were used.
    slope_adjusted : dict
        ``coef, se, ci_low, ci_high, p_value, n``: the coefficient of the gap in
        ``latest_outcome ~ gap + experience`` (OLS, HC3) in the outcome's units (a yes/no
        outcome counted as 0/100).
    outcome_type : str
        ``"nps"``, ``"binary"`` or ``"rating"``.

    Examples
    --------
    >>> import cxresearch as cx
    >>> g = channel_gap(cx.load(cx.bundled_codebook()))
    >>> g.n == len(g.customers), bool(g.r_gap_outcome["r"] < 0)
    (True, True)
    """

    customers: pd.DataFrame
    r_gap_outcome_adjusted: dict[str, float]
    mean_gap: float
    n: int
    r_gap_outcome: dict[str, float]
    weighted: bool
    slope_adjusted: dict[str, float] = field(default_factory=dict)
    outcome_type: str = "nps"


def channel_gap(data: Survey | pd.DataFrame, *, panel: str | None = None,
                channel: str | None = None, drivers: Sequence[str] | None = None,
                outcome: str | None = None, weight: str | None | bool = None) -> ChannelGapResult:
    """The gap between a customer's experiences in different channels.

    For panel members who answered about two or more channels: their mean experience (mean
    driver score) per channel; the gap is the largest minus the smallest. Reports the gaps,
    their mean by channel pair, and the correlation of the gap with the customer's latest
    recommendation (a wide gap, an inconsistent experience, is expected to cost
    recommendation).

    Parameters
    ----------
    data : Survey or DataFrame
        Respondents (a Survey supplies the panel, channel, key outcome, drivers and weight).
    panel : str, optional
        The repeat-respondent key (default: the codebook's ``panel``).
    channel : str, optional
        The channel column (default: the codebook's ``journey.channel``).
    drivers : list of str, optional
        Driver columns (default: the codebook's drivers).
    outcome : str, optional
        The outcome column (default: the codebook's key outcome).
    weight : str, None or False
        Survey weight column (None: the codebook's; False: unweighted).

    Returns
    -------
    ChannelGapResult
        ``customers`` (DataFrame: panel id, gap, channels, latest outcome, weight),
        ``mean_gap``, ``r_gap_outcome`` (r, CI, p, n, n_eff), ``n``, ``weighted``. With survey
        weights (the codebook's by default, ``weight=False`` for none) a customer carries the
        weight of their latest response: the mean gap and the correlation are weighted (the
        interval on Kish's n_eff).
        ``r_gap_outcome_adjusted``: the partial correlation holding the customer's mean
        experience constant (unweighted; Fisher z interval with n − 4).
        ``slope_adjusted``: the same association in the outcome's units, the coefficient of
        the gap in ``outcome ~ gap + experience`` (OLS, HC3 errors, normal interval;
        unweighted like the partial r): ``coef, se, ci_low, ci_high, p_value, n``. A yes/no
        outcome counts as 0/100, so the coefficient is in percentage points of the share per
        point of gap; a rating in scale points; an NPS outcome in points of its 0–10 answer.
        ``outcome_type``: the outcome's type (``nps`` for an undeclared column).

    Examples
    --------
    >>> import cxresearch as cx
    >>> g = channel_gap(cx.load(cx.bundled_codebook()))
    >>> g.n > 100, bool(g.mean_gap > 0), list(g.customers.columns[1:3])
    (True, True, ['gap', 'channels'])
    """
    df, cb = as_frame(data)
    panel = _need(df, panel or (cb.panel if cb else None), "panel (repeat respondent)", "panel")
    channel = _need(df, channel or (cb.journey.get("channel") if cb else None), "channel",
                    "journey.channel")
    resolved = resolve_defaults(data, outcome=outcome, drivers=drivers or None,
                                need=["outcome", "drivers"])
    outcome, drivers = resolved.outcome, resolved.drivers
    kind = _outcome_type(resolved, None)
    order_col = cb.date if cb and cb.date else (cb.wave if cb else None)
    weight = _weight_column(df, cb, weight)
    frame = df[[panel, channel, outcome, *drivers] + ([order_col] if order_col else [])].copy()
    frame["_w"] = df[weight].astype(float) if weight else 1.0
    frame["_experience"] = frame[drivers].mean(axis=1)
    per = frame.groupby([panel, channel])["_experience"].mean().unstack()
    # a customer without any recommendation keeps the weight of their latest response
    per_w = (frame.sort_values(order_col) if order_col else frame).groupby(panel)["_w"].last()
    multi = per.notna().sum(axis=1) >= 2
    per = per[multi]
    if len(per) < 10:
        raise CXInputError(Problem("data", f"only {len(per)} customers answered about two or "
                                   "more channels", "the channel gap needs repeat respondents "
                                   "across channels", key="channel_gap.few_customers",
                                   params={"n": len(per)}))
    gap = per.max(axis=1) - per.min(axis=1)
    answered = frame.dropna(subset=[outcome])  # the latest response with a recommendation
    last = (answered.sort_values(order_col) if order_col else answered).groupby(panel)
    latest, w_latest = last[outcome].last(), last["_w"].last()
    cust = pd.DataFrame({"gap": gap, "channels": per.notna().sum(axis=1),
                         "latest_outcome": latest.reindex(gap.index),
                         "weight": w_latest.reindex(gap.index),
                         "experience": per.mean(axis=1)})
    cust["weight"] = cust["weight"].fillna(per_w.reindex(gap.index))
    r = _correlation(cust["gap"], cust["latest_outcome"], cust["weight"] if weight else None)
    # customers with a poorer experience overall also vary more between channels, so the raw
    # correlation mixes the gap with the level; the partial correlation holds the level fixed
    ok = cust[["gap", "latest_outcome", "experience"]].dropna()
    rxy = float(np.corrcoef(ok["gap"], ok["latest_outcome"])[0, 1])
    rxz, ryz = (float(np.corrcoef(ok[c], ok["experience"])[0, 1])
                for c in ("gap", "latest_outcome"))
    r_p = (rxy - rxz * ryz) / np.sqrt((1 - rxz**2) * (1 - ryz**2))
    lo, hi = fisher_z_interval(r_p, len(ok) - 1)  # n - 4: one variable held constant
    p_p = float(two_sided_p(np.arctanh(r_p) * np.sqrt(len(ok) - 4))) if len(ok) > 4 else np.nan
    adjusted = {"r": float(r_p), "ci_low": lo, "ci_high": hi, "p_value": p_p, "n": len(ok)}
    slope = _gap_slope(ok.assign(latest_outcome=ok["latest_outcome"].astype(float)
                                 * (100.0 if kind == "binary" else 1.0)))
    return ChannelGapResult(cust.reset_index(), adjusted,
                            float(np.average(gap, weights=cust["weight"])), len(cust), r,
                            bool(weight), slope, kind)


def _gap_slope(ok: pd.DataFrame, level: float = 0.95) -> dict[str, float]:
    """Coefficient of the gap in ``latest_outcome ~ gap + experience`` (OLS, HC3)."""
    import statsmodels.api as sm

    x = sm.add_constant(ok[["gap", "experience"]].to_numpy(float))
    fit = sm.OLS(ok["latest_outcome"].to_numpy(float), x).fit(cov_type="HC3")
    lo, hi = fit.conf_int(alpha=1 - level)[1]
    return {"coef": float(fit.params[1]), "se": float(fit.bse[1]), "ci_low": float(lo),
            "ci_high": float(hi), "p_value": float(fit.pvalues[1]), "n": int(fit.nobs)}


def segment_profile(data: Survey | pd.DataFrame, *, by: str, drivers: Sequence[str] | None = None,
                    min_n: int = 30, outcome: str | None = None,
                    weight: str | None | bool = None, ci: str = "adjusted-wald",
                    level: float = 0.95, type: str | None = None) -> pd.DataFrame:
    """The key outcome and mean driver scores per segment; small segments are suppressed.

    The key outcome is given in its units: the NPS (points, :func:`cxresearch.metrics.nps`),
    the share answering yes (%) or the mean rating, both from
    :func:`cxresearch.outcomes.outcome_summary` (Wilson / Korn–Graubard intervals for a
    share, a t-interval on the linearisation variance for a mean).

    A segment whose effective (Kish) base is under ``min_n`` is suppressed, and when it is
    the only one, the next smallest too (:func:`cxresearch.disclosure.suppress`), so its
    figures cannot be rebuilt from the total and the other segments. Suppressed segments keep
    their base and a ``suppressed`` flag; every figure computed from them (NPS, CI, driver
    means) is NaN, not shown.

    Parameters
    ----------
    data : Survey or DataFrame
        Respondents (a Survey supplies the key outcome, the drivers and the weight).
    by : str
        The segment column.
    drivers : list of str, optional
        Driver columns (default: the codebook's drivers).
    min_n : int
        Segments with a smaller base are suppressed.
    outcome : str, optional
        The outcome (default: the Survey's key outcome; a DataFrame's column is an NPS
        unless ``type`` says otherwise).
    weight : str, None or False
        Survey weight column (None: the codebook's; False: unweighted).
    ci : {"adjusted-wald", "wald", "bootstrap"}
        NPS interval method (see :func:`cxresearch.metrics.nps`).
    level : float
        Confidence level.
    type : {"nps", "binary", "rating"}, optional
        For a column the codebook does not declare: the outcome's type.

    Returns
    -------
    DataFrame
        ``<by>, base, nps, ci_low, ci_high, suppressed, weighted`` and one column per driver
        (mean; weighted by the survey weights when the outcome is: the codebook's by
        default, ``weight=False`` for none). For a yes/no or rating outcome ``estimate``
        (the share in % or the mean) stands where ``nps`` is; ``attrs["type"]`` and
        ``attrs["unit"]`` name it.

    Examples
    --------
    >>> import cxresearch as cx
    >>> p = segment_profile(cx.load(cx.bundled_codebook()), by="region", drivers=["service"])
    >>> list(p.columns[:4]), bool(p["suppressed"].any())
    (['region', 'base', 'nps', 'ci_low'], False)
    """
    from .outcomes import UNITS, outcome_summary

    df, cb = as_frame(data)
    drivers = list(drivers) if drivers else (cb.drivers if cb else [])
    resolved = resolve_defaults(data, outcome=outcome, check=False)
    kind = _outcome_type(resolved, type) if resolved.outcome else "nps"
    weight_arg = weight
    weight = _weight_column(df, cb, weight)
    if kind == "nps":
        t = nps(data, by=by, min_n=min_n, outcome=outcome, weight=weight_arg, ci=ci,
                level=level)[[by, "base", "n_eff", "nps", "ci_low", "ci_high"]]
    else:
        s = outcome_summary(data, outcome=resolved.outcome, by=by, weight=weight or False,
                            level=level, min_n=min_n,
                            type=None if resolved.outcome_spec else kind,
                            scale=(None if resolved.outcome_spec or kind == "binary" else
                                   (float(np.nanmin(df[resolved.outcome])),
                                    float(np.nanmax(df[resolved.outcome])))))
        w_all = df[weight].astype(float) if weight else pd.Series(1.0, index=df.index)
        ok = df[resolved.outcome].notna() & w_all.notna()
        kish = w_all[ok].groupby(df.loc[ok, by], observed=True).agg(
            lambda v: v.sum() ** 2 / (v**2).sum())
        t = pd.DataFrame({by: s[by], "base": s["n"], "n_eff": s[by].map(kish).to_numpy(),
                          "estimate": s["estimate"], "ci_low": s["ci_low"],
                          "ci_high": s["ci_high"]})
    figure = "nps" if kind == "nps" else "estimate"
    if weight:
        w = df[weight].astype(float)

        def wmean(g: pd.DataFrame) -> pd.Series:
            ww = w.loc[g.index]
            return pd.Series({d: float(np.average(g[d][g[d].notna()],
                                                  weights=ww[g[d].notna()]))
                              if g[d].notna().any() else np.nan for d in drivers})

        means = df.groupby(by, observed=True)[drivers].apply(wmean).reset_index()
    else:
        means = df.groupby(by, observed=True)[drivers].mean().reset_index()
    out = t.merge(means, on=by, how="left")
    # the one small-base rule: effective base, and a complementary segment when only one is
    # small (a mean times its base summed over segments is the total's: differencing)
    out["suppressed"] = suppress(out, min_n=min_n)["suppressed"].to_numpy()
    out.loc[out["suppressed"], [figure, "ci_low", "ci_high", *drivers]] = np.nan
    out["weighted"] = bool(weight)
    out = out[[by, "base", figure, "ci_low", "ci_high", "suppressed", "weighted", *drivers]]
    # segments in their natural order (an ordered categorical's, the codebook's labels, else
    # numeric or alphabetical): a region list or an income band reads as the survey lists it
    order = (list(df[by].cat.categories) if isinstance(df[by].dtype, pd.CategoricalDtype)
             and df[by].cat.ordered else cb.value_order(by) if cb else [])
    rows = out[by].tolist()
    out = out.iloc[[rows.index(v) for v in ordered_levels(rows, order=order)]].reset_index(
        drop=True)
    out.attrs.update(type=kind, unit=UNITS[kind])
    return out
