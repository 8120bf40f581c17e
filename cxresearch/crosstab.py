"""Crosstabs with column-comparison letters, as in banner tables of survey agencies.

:func:`crosstab` puts one variable in the rows (column percentages of its levels, its mean,
its top-box share or its NPS) against the levels of a banner variable in the columns, plus a
Total column. Each banner column gets a letter (A, B, C ...); a cell shows the letters of the
columns it is significantly *above*: lower case at p < 0.05, upper case at p < 0.001 (both
configurable), optionally after Benjamini–Hochberg FDR correction across the whole table.
Cells with a base under ``min_n`` are shown but not tested, and flagged.

Tests (``CrosstabResult.test`` names the one used):

- ``z_pooled``: unweighted percentages and top-box shares, the two-proportion z-test with the
  pooled proportion (as SPSS Custom Tables' column-proportions test).
- ``welch_t``: unweighted means, Welch's t-test (unequal variances).
- ``nps_z``: unweighted NPS, a z-test with the trinomial variance of each NPS.
- ``design_z``: any weighted statistic, a z-test with design-based (Taylor-linearised)
  variances of weighted means, as R ``survey``'s ``svyby(..., svymean)`` and ``svycontrast``
  compute them for a design with weights and no clusters (``svydesign(ids = ~1, weights=)``).

The Total column is not tested against the banner columns (it contains them).

Examples
--------
>>> import pandas as pd
>>> df = pd.DataFrame({"g": ["a"] * 40 + ["b"] * 40, "x": [1] * 30 + [0] * 10 + [1] * 10 + [0] * 30})
>>> res = crosstab(df, rows="x", columns="g", stat="top_box", top_box=[1])
>>> res.table[["column", "letter", "value", "letters"]]
  column letter  value letters
0  Total          50.0
1      a      A   75.0       B
2      b      B   25.0
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

import numpy as np
import pandas as pd

from .errors import CXInputError, Problem
from .io import Survey, as_frame
from .metrics import kish_n_eff, nps_category
from .stats import p_adjust, two_sided_p
from .weighting import RAKED_WEIGHT

__all__ = ["crosstab", "CrosstabResult", "STATS", "TESTS", "TOTAL"]

#: Statistics :func:`crosstab` computes.
STATS = ("percent", "mean", "top_box", "nps")
#: Tests :func:`crosstab` uses, by the key stored in :attr:`CrosstabResult.test`.
TESTS = {
    "z_pooled": "two-proportion z-test with the pooled proportion",
    "welch_t": "Welch's t-test (unequal variances)",
    "nps_z": "z-test of the NPS difference with trinomial variances",
    "design_z": "z-test with design-based (Taylor-linearised) variances of the weighted "
                "estimates",
}
#: The ``column`` value of the Total column.
TOTAL = "Total"


@dataclass(frozen=True)
class CrosstabResult:
    """A crosstab from :func:`crosstab`.

    Parameters
    ----------
    table : DataFrame
        One row per cell: ``row`` (the row level for ``percent``, else the row variable's
        name), ``column`` (banner level, or ``"Total"``), ``total`` (bool), ``letter`` (the
        column's letter, empty for Total), ``value`` (percent 0–100 for ``percent`` and
        ``top_box``, NPS points −100…100 for ``nps``, the mean for ``mean``), ``se`` (its
        standard error, same units), ``base`` (unweighted respondents), ``n_eff`` (Kish's
        effective base; equals ``base`` unweighted), ``small_base`` (base under ``min_n``),
        ``tested`` (the cell took part in column comparisons), ``letters`` (the letters of the
        columns this cell is significantly above).
    columns : DataFrame
        One row per column: ``column, total, letter, base, n_eff, small_base``.
    stat : str
        The statistic, one of :data:`STATS`.
    rows : str
        The row variable.
    by : str
        The banner (column) variable.
    test : str
        Key of :data:`TESTS`: ``z_pooled``, ``welch_t``, ``nps_z`` or ``design_z``.
    weight : str or None
        The weight column used.
    alpha : (float, float)
        Lower-case and upper-case significance levels.
    fdr : bool
        Whether p-values were BH-FDR-adjusted across the table.
    min_n : int
        The minimum base for testing.
    pairs : DataFrame
        Every comparison: ``row, column_a, column_b, diff, z, p, p_used`` (``p_used`` is
        the FDR-adjusted p when ``fdr``; NaN when a base was under ``min_n``).

    Examples
    --------
    >>> df = pd.DataFrame({"g": ["a"] * 40 + ["b"] * 40,
    ...                    "x": [1] * 30 + [0] * 10 + [1] * 10 + [0] * 30})
    >>> res = crosstab(df, rows="x", columns="g", stat="top_box", top_box=[1])
    >>> res.test, res.columns[["column", "letter", "base"]].values.tolist()
    ('z_pooled', [['Total', '', 80], ['a', 'A', 40], ['b', 'B', 40]])
    >>> res.pairs[["column_a", "column_b", "diff"]].round(1).values.tolist()
    [['a', 'b', 50.0]]
    >>> print(res.describe())  # doctest: +NORMALIZE_WHITESPACE
    Letters: the column is significantly higher than the lettered column (two-proportion
    z-test with the pooled proportion; lower case p < 0.05, upper case p < 0.001). Columns
    with a base under 30 are not tested.
    """

    table: pd.DataFrame
    columns: pd.DataFrame
    stat: str
    rows: str
    by: str
    test: str
    weight: str | None
    alpha: tuple[float, float]
    fdr: bool
    min_n: int
    pairs: pd.DataFrame

    def describe(self) -> str:
        """The test in one English sentence (the banner book words it in each language)."""
        lo, hi = self.alpha
        text = (f"Letters: the column is significantly higher than the lettered column "
                f"({TESTS[self.test]}; lower case p < {lo:g}, upper case p < {hi:g}")
        text += ", Benjamini-Hochberg FDR across the table)." if self.fdr else ")."
        return text + f" Columns with a base under {self.min_n} are not tested."


def _levels(values: pd.Series, survey: Survey | None = None) -> list[Any]:
    """Levels in the codebook's value-label order (code order), else a categorical's order,
    else sorted."""
    if survey is not None and values.name in survey.codebook.labels:
        order = [v for v in survey.codebook.labels[values.name].values() if isinstance(v, str)]
        present = set(values.dropna().unique())
        if present and present <= set(order):
            return [v for v in order if v in present]
    if isinstance(values.dtype, pd.CategoricalDtype):
        present = set(values.dropna().unique())
        return [c for c in values.cat.categories if c in present]
    uniq = list(values.dropna().unique())
    try:
        return sorted(uniq)
    except TypeError:
        return sorted(uniq, key=str)


def _letter(i: int) -> str:
    s = ""
    i += 1
    while i:
        i, r = divmod(i - 1, 26)
        s = chr(65 + r) + s
    return s


def _resolve_weight(df: pd.DataFrame, survey: Survey | None, weight: Any) -> str | None:
    if weight is False:
        return None
    if weight is None:
        if survey is None:
            return None
        if RAKED_WEIGHT in df.columns:
            return RAKED_WEIGHT
        return survey.codebook.weight
    if weight not in df.columns:
        raise CXInputError(Problem("crosstab", "the weight column is not in the data",
                                   "name an existing column or pass weight=False", column=weight))
    return str(weight)


def _scale_of(survey: Survey | None, column: str) -> tuple[float, float] | None:
    if survey is None:
        return None
    cb = survey.codebook
    for o in cb.outcomes.values():
        if column in (o.column, o.name):
            return tuple(o.scale)
    for c in cb.constructs.values():
        if column in c.items or column == c.name:
            return tuple(c.scale)
    return None


def _top_box_of(survey: Survey | None, column: str) -> list[float] | None:
    if survey is None:
        return None
    for o in survey.codebook.outcomes.values():
        if column in (o.column, o.name) and getattr(o, "top_box", None):
            return list(o.top_box)
    scale = _scale_of(survey, column)
    if scale is not None:  # the top two scale points, as agencies' "top-2 box"
        return [scale[1] - 1, scale[1]]
    return None


def _cell(y: np.ndarray, w: np.ndarray, n_design: int, weighted: bool, stat: str
          ) -> tuple[float, float, float]:
    """Estimate, its standard error and the variance pieces for one cell."""
    base = len(y)
    if base == 0 or w.sum() <= 0:
        return math.nan, math.nan, 0.0
    W = w.sum()
    est = float(np.sum(w * y) / W)
    if weighted:
        # Taylor linearisation of a domain mean (Woodruff 1971; survey::svymean on a domain):
        # z_i = w_i (y_i - est) / W_d inside the domain, 0 outside; with-replacement variance
        # n/(n-1) sum z_i^2 over the whole sample of n respondents.
        z = w * (y - est) / W
        var = n_design / (n_design - 1) * float(np.sum(z * z)) if n_design > 1 else math.nan
    elif stat == "mean":
        var = float(np.var(y, ddof=1)) / base if base > 1 else math.nan
    elif stat == "nps":
        # trinomial variance of P - D (the y here is +1/0/-1): (pP + pD - (pP - pD)^2) / n
        # TODO(stats helper): use the public NPS variance function of cxresearch.metrics
        # once it is on main, instead of this local formula.
        pP, pD = float(np.mean(y == 1)), float(np.mean(y == -1))
        var = (pP + pD - (pP - pD) ** 2) / base
    else:
        var = est * (1 - est) / base
    return est, math.sqrt(var) if var == var else math.nan, float(np.sum(w * y))


def _pair_p(a: dict, b: dict, test: str) -> tuple[float, float]:
    diff = a["est"] - b["est"]
    if test == "z_pooled":
        p = (a["sum"] + b["sum"]) / (a["base"] + b["base"])
        se = math.sqrt(p * (1 - p) * (1 / a["base"] + 1 / b["base"]))
        if se == 0:
            return 0.0, 1.0
        z = diff / se
        return z, float(two_sided_p(z))
    if test == "welch_t":
        from scipy import stats as sps

        va, vb = a["se"] ** 2, b["se"] ** 2
        if va + vb == 0:
            return 0.0, 1.0
        t = diff / math.sqrt(va + vb)
        df = (va + vb) ** 2 / (va**2 / (a["base"] - 1) + vb**2 / (b["base"] - 1))
        return t, float(2 * sps.t.sf(abs(t), df))
    se = math.sqrt(a["se"] ** 2 + b["se"] ** 2)
    if se == 0:
        return 0.0, 1.0
    z = diff / se
    return z, float(two_sided_p(z))


def crosstab(data: pd.DataFrame | Survey, *, rows: str, columns: str, stat: str = "percent",
             weight: str | bool | None = None, level: float = 0.95, min_n: int = 30,
             fdr: bool = False, alpha: Sequence[float] = (0.05, 0.001),
             top_box: Sequence[float] | None = None,
             scale: Sequence[float] | None = None) -> CrosstabResult:
    """Crosstab of ``rows`` by the levels of ``columns`` with significance letters.

    Parameters
    ----------
    data : DataFrame or Survey
        The respondents. A Survey brings its codebook: its weight (the raked weight
        ``weight_raked`` when the codebook has ``weighting:``), scales and top boxes.
    rows : str
        The row variable: categorical for ``percent``, numeric for ``mean``, a rating for
        ``top_box``, a 0–10 or 1–10 recommendation score for ``nps``.
    columns : str
        The banner variable; each of its levels is a column, in the order of the codebook's
        value labels (the codes' order), else a categorical's order, else sorted.
    stat : {"percent", "mean", "top_box", "nps"}
        Column percentages of the row levels, the mean, the share in the top box(es), or the
        Net Promoter Score.
    weight : str, False or None
        Weight column; None uses the survey's (none for a DataFrame); False turns it off.
    level : float
        Confidence level of the intervals around each value (``value ± z * se``); not used for
        the letters.
    min_n : int
        Columns with fewer respondents are shown but not tested, and flagged ``small_base``.
    fdr : bool
        Adjust every p-value of the table by Benjamini–Hochberg before lettering.
    alpha : (float, float)
        Significance levels for lower-case and upper-case letters.
    top_box : list of numbers, optional
        The answers that count as the top box; default the codebook's ``top_box`` of the
        outcome, else the top two points of the item's scale.
    scale : (low, high), optional
        NPS scale; default the codebook's scale of the column, else ``(0, 10)``.

    Returns
    -------
    CrosstabResult
        ``.table`` with columns ``row, column, total, letter, value, se, ci_low, ci_high, base,
        n_eff, small_base, tested, letters``; ``.columns`` with ``column, total, letter, base,
        n_eff, small_base``; ``.test`` (a key of :data:`TESTS`), ``.pairs`` and the settings.

    Notes
    -----
    Unweighted proportions: :math:`z = (p_a - p_b)/\\sqrt{\\bar p(1-\\bar p)(1/n_a + 1/n_b)}`
    with the pooled :math:`\\bar p`. Means: Welch (1947), *Biometrika* 34, with
    Welch–Satterthwaite degrees of freedom. NPS: :math:`\\operatorname{Var}(\\widehat{NPS}) =
    (p_P + p_D - (p_P - p_D)^2)/n`. Weighted: every statistic is a weighted mean of a
    per-respondent variable (an indicator, the answer, or +1/0/−1 for the NPS), its variance
    the linearisation :math:`\\frac{n}{n-1}\\sum_i z_i^2`, :math:`z_i = w_i(y_i - \\bar y_d)/W_d`
    in column :math:`d` (Woodruff 1971, *JASA* 66; Lumley 2010, *Complex Surveys*, ch. 2);
    columns are disjoint domains, so the variance of a difference is the sum of the two.
    :math:`n` counts the respondents who answered both variables (the table's sample), as
    ``svydesign(ids = ~1, weights = ~w)`` on those respondents gives.

    Examples
    --------
    >>> df = pd.DataFrame({"buy": ["yes"] * 70 + ["no"] * 30 + ["yes"] * 40 + ["no"] * 60,
    ...                    "channel": ["web"] * 100 + ["store"] * 100})
    >>> ct = crosstab(df, rows="buy", columns="channel")
    >>> t = ct.table[(ct.table["row"] == "yes") & ~ct.table["total"]]
    >>> t[["column", "letter", "value", "letters"]].values.tolist()
    [['store', 'A', 40.0, ''], ['web', 'B', 70.0, 'A']]
    """
    df, _cb = as_frame(data)
    survey = data if isinstance(data, Survey) else None
    where = "crosstab"
    if stat not in STATS:
        raise CXInputError(Problem(where, f"unknown stat {stat!r}", f"use one of {STATS}",
                                   value=stat))
    for name, col in (("rows", rows), ("columns", columns)):
        if not isinstance(col, str) or col not in df.columns:
            raise CXInputError(Problem(where, f"the {name} variable is not in the data",
                                       "name one of the data's columns", column=str(col)))
    if survey is not None:
        cb = survey.codebook
        private = set(cb.text) | set(cb.pii) | ({cb.id} if cb.id else set())
        for col in (rows, columns):
            if col in private:
                raise CXInputError(Problem(where, "open-text, PII and id columns are never "
                                           "tabulated", "choose another variable", column=col))
    lo_alpha, hi_alpha = (float(a) for a in alpha)
    if not 0 < hi_alpha < lo_alpha < 1:
        raise CXInputError(Problem(where, "alpha must be (lower-case level, upper-case level) "
                                   "with 0 < upper < lower < 1", "write e.g. alpha=(0.05, 0.001)",
                                   value=tuple(alpha)))
    from .stats import z_value

    zq = z_value(level)
    wcol = _resolve_weight(df, survey, weight)
    frame = df[[rows, columns] + ([wcol] if wcol else [])].copy()
    frame = frame[frame[rows].notna() & frame[columns].notna()]
    weighted = wcol is not None
    w_all = (pd.to_numeric(frame[wcol], errors="coerce").to_numpy(float) if weighted
             else np.ones(len(frame)))
    if weighted and not (np.isfinite(w_all).all() and (w_all >= 0).all() and w_all.sum() > 0):
        bad = ~np.isfinite(w_all) | (w_all < 0)
        raise CXInputError(Problem(where, "weights are missing, negative or all zero",
                                   "give every respondent a weight >= 0 or pass weight=False",
                                   column=wcol, n_rows=int(bad.sum())))
    raw = frame[rows]

    # the per-respondent variable(s) whose (weighted) mean each cell shows
    ys: list[tuple[Any, np.ndarray]] = []
    if stat == "percent":
        for lv in _levels(raw, survey):
            ys.append((lv, (raw == lv).to_numpy(float)))
    else:
        x = pd.to_numeric(raw, errors="coerce")
        if x.isna().any():
            bad = raw[x.isna()].iloc[0]
            raise CXInputError(Problem(where, f"stat {stat!r} needs numbers but the row "
                                       "variable holds text", "use stat='percent' or recode "
                                       "the answers", column=rows, value=bad))
        if stat == "mean":
            ys.append((rows, x.to_numpy(float)))
        elif stat == "top_box":
            box = list(top_box) if top_box is not None else _top_box_of(survey, rows)
            if not box:
                raise CXInputError(Problem(where, "no top box is known for the row variable",
                                           "pass top_box=[4, 5] (the answers that count)",
                                           column=rows))
            ys.append((rows, x.isin(box).to_numpy(float)))
        else:
            sc = tuple(scale) if scale is not None else (_scale_of(survey, rows) or (0, 10))
            cat = nps_category(x, scale=sc, where=where)
            ys.append((rows, np.where(cat == "promoter", 1.0,
                                      np.where(cat == "detractor", -1.0, 0.0))))
    if stat == "mean":
        test = "design_z" if weighted else "welch_t"
    elif stat == "nps":
        test = "design_z" if weighted else "nps_z"
    else:
        test = "design_z" if weighted else "z_pooled"
    scale_out = 1.0 if stat == "mean" else 100.0

    col_levels = _levels(frame[columns], survey)
    groups = frame[columns].to_numpy()
    masks = [(TOTAL, True, "", np.ones(len(frame), bool))]
    masks += [(lv, False, _letter(i), groups == lv) for i, lv in enumerate(col_levels)]
    n_design = len(frame)
    col_rows = []
    for name, is_total, letter, m in masks:
        base = int(m.sum())
        col_rows.append({"column": name, "total": is_total, "letter": letter, "base": base,
                         "n_eff": kish_n_eff(w_all[m]) if weighted else float(base),
                         "small_base": base < min_n})
    cols_frame = pd.DataFrame(col_rows)

    cells: list[dict[str, Any]] = []
    pairs: list[dict[str, Any]] = []
    for row_key, y in ys:
        info = []
        for (name, is_total, letter, m), meta in zip(masks, col_rows, strict=True):
            est, se, s = _cell(y[m], w_all[m], n_design, weighted, stat)
            info.append({"est": est, "se": se, "sum": s, "base": meta["base"]})
            cells.append({"row": row_key, "column": name, "total": is_total, "letter": letter,
                          "value": est * scale_out, "se": se * scale_out,
                          "ci_low": (est - zq * se) * scale_out,
                          "ci_high": (est + zq * se) * scale_out,
                          "base": meta["base"], "n_eff": meta["n_eff"],
                          "small_base": meta["small_base"],
                          "tested": (not is_total) and not meta["small_base"]})
        for i in range(1, len(masks)):
            for j in range(i + 1, len(masks)):
                a, b = info[i], info[j]
                ok = a["base"] >= min_n and b["base"] >= min_n and a["est"] == a["est"] \
                    and b["est"] == b["est"]
                z, p = _pair_p(a, b, test) if ok else (math.nan, math.nan)
                pairs.append({"row": row_key, "column_a": masks[i][0], "column_b": masks[j][0],
                              "i": i, "j": j, "diff": (a["est"] - b["est"]) * scale_out,
                              "z": z, "p": p})
    pairs_frame = pd.DataFrame(pairs, columns=["row", "column_a", "column_b", "i", "j", "diff",
                                               "z", "p"])
    p_raw = pairs_frame["p"].to_numpy(float)
    pairs_frame["p_used"] = p_adjust(p_raw, "fdr_bh") if fdr else p_raw
    table = pd.DataFrame(cells)
    n_cols = len(masks)
    letters = [[] for _ in range(len(table))]
    row_pos = {key: k for k, (key, _) in enumerate(ys)}
    for rec in pairs_frame.itertuples(index=False):
        if not rec.p_used < lo_alpha:
            continue
        base_idx = row_pos[rec.row] * n_cols
        hi_i, lo_j = (rec.i, rec.j) if rec.diff > 0 else (rec.j, rec.i)
        if rec.diff == 0:
            continue
        mark = _letter(lo_j - 1)
        letters[base_idx + hi_i].append(mark if rec.p_used < hi_alpha else mark.lower())
    table["letters"] = ["".join(sorted(ls, key=str.upper)) for ls in letters]
    return CrosstabResult(table=table, columns=cols_frame, stat=stat, rows=rows, by=columns,
                          test=test, weight=wcol, alpha=(lo_alpha, hi_alpha), fdr=bool(fdr),
                          min_n=int(min_n), pairs=pairs_frame.drop(columns=["i", "j"]))
