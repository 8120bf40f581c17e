"""Statistical disclosure control: which columns may group a report, which cells may be shown.

Two rules, applied on every path that groups, filters, names or tabulates respondents:

* :func:`check_groupable` refuses the codebook's open-text, PII and id columns (and the weight)
  as a grouping, filter or naming key. Its message never shows a value of the column.
* :func:`suppress` marks the cells of a grouped table whose *effective* (Kish) base is under
  ``min_n`` and then suppresses a complementary cell, so a suppressed group cannot be rebuilt
  by subtracting the shown groups from the total.

Examples
--------
>>> import pandas as pd
>>> t = pd.DataFrame({"g": ["a", "b", "c"], "base": [50, 40, 3], "n_eff": [50.0, 40.0, 3.0]})
>>> suppress(t, min_n=30)[["g", "suppressed", "reason"]]
   g  suppressed         reason
0  a       False
1  b        True  complementary
2  c        True     small base
"""

from __future__ import annotations

from typing import Any

import numpy as np
import pandas as pd

from .errors import CXInputError, Problem

__all__ = ["check_groupable", "effective_base", "is_small", "suppress", "PURPOSES"]

#: What a column is used for, as named in the messages of :func:`check_groupable`.
PURPOSES = {"group": "group respondents", "filter": "filter respondents",
            "name": "name report files", "segment": "segment a report",
            "moderator": "moderate a driver effect"}


def check_groupable(codebook: Any, column: str, *, purpose: str = "group",
                    where: str = "parameters") -> str:
    """Refuse a column that must never group, filter or name respondents; return it.

    Open-text columns (``text:``), PII columns (``pii:``), the id, panel and weight columns
    identify people or hold what they typed; grouping by them turns every answer into its own
    group and puts raw answers into tables, file names and indexes.

    Parameters
    ----------
    codebook : Codebook
        The survey's codebook (anything with ``text``, ``pii``, ``id``, ``panel``, ``weight``).
    column : str
        The column asked for.
    purpose : {"group", "filter", "name", "segment", "moderator"}
        What it is used for (only changes the message).
    where : str
        The option or file that named the column (``--by``, ``for_each``, ...).

    Returns
    -------
    str
        ``column`` unchanged, when it may be used.

    Raises
    ------
    CXInputError
        The message names the column and why, never any of its values.

    Examples
    --------
    >>> from types import SimpleNamespace as NS
    >>> cb = NS(text=("comment",), pii=("email",), id="id", panel=None, weight="w")
    >>> check_groupable(cb, "region")
    'region'
    >>> check_groupable(cb, "comment", purpose="segment", where="-p segment")
    Traceback (most recent call last):
    ...
    cxresearch.errors.CXInputError: ...
    """
    kinds = []
    if column in tuple(getattr(codebook, "text", ()) or ()):
        kinds.append("an open-text column")
    if column in tuple(getattr(codebook, "pii", ()) or ()):
        kinds.append("a PII column")
    for attr, kind in (("id", "the id column"), ("panel", "the panel id column"),
                       ("weight", "the weight column")):
        if column and getattr(codebook, attr, None) == column:
            kinds.append(kind)
    if kinds:
        use = PURPOSES.get(purpose, purpose)
        raise CXInputError(Problem(
            where, f"column '{column}' is {' and '.join(kinds)}; it cannot {use}",
            "use a segment or moderator column of the codebook (open answers, personal "
            "details and ids never become groups, filters or file names)", column=column))
    return column


def effective_base(weights: Any) -> float:
    """Kish's effective base ``(Σw)² / Σw²`` of a set of weights (equal weights: their count).

    Zero weights count for nothing, so 29 zero-weight rows and one real respondent have an
    effective base of 1. Source: Kish, L. (1965), *Survey Sampling*, Wiley.

    Parameters
    ----------
    weights : array-like of float
        The respondents' weights (non-finite weights are dropped).

    Returns
    -------
    float
        The number of unweighted respondents that would give the same precision; 0.0 when
        all weights are zero.

    Examples
    --------
    >>> effective_base([1.0] + [0.0] * 29)
    1.0
    >>> round(effective_base([1, 1, 2, 4]), 3)
    2.909
    """
    w = np.asarray(weights, dtype=float)
    w = w[np.isfinite(w)]
    s2 = float(np.sum(w * w))
    return float(np.sum(w)) ** 2 / s2 if s2 > 0 else 0.0


def is_small(row: Any, min_n: float) -> bool:
    """True when a table row's effective base (``n_eff``, else ``base``) is under ``min_n``.

    Parameters
    ----------
    row : mapping or object
        One table row: a dict, a pandas row (``df.iloc[i]``) or a ``namedtuple`` from
        ``itertuples``, with ``n_eff`` and/or ``base``.
    min_n : float
        The smallest base that may be shown.

    Returns
    -------
    bool
        True when the base is under ``min_n``, and when the row has neither figure (NaN or
        missing count as small: nothing unknown is shown).

    Examples
    --------
    >>> is_small({"base": 40, "n_eff": 24.5}, 30)   # the weighted base decides
    True
    >>> is_small({"base": 40}, 30), is_small({}, 30)
    (False, True)
    """
    get = row.get if hasattr(row, "get") else (lambda k, d=None: getattr(row, k, d))
    n_eff, base = get("n_eff", None), get("base", None)
    value = n_eff if n_eff is not None and n_eff == n_eff else base
    return value is None or value != value or float(value) < float(min_n)


def suppress(table: pd.DataFrame, *, min_n: float, total_shown: bool = True,
             base: str = "base") -> pd.DataFrame:
    """Mark small cells and complementary cells of a grouped table.

    Primary suppression: every row whose effective base (``n_eff`` when the table has it,
    else ``base``) is under ``min_n``. Complementary suppression: when exactly one row is
    suppressed and the total is shown (``total_shown``, the default: a report shows its
    overall figure), its figures could be rebuilt as
    total minus the other rows, so the next-smallest shown row is suppressed too; if no row
    is left to suppress, the total must be hidden (``attrs["suppress_total"]``).

    Parameters
    ----------
    table : DataFrame
        One row per group, with ``n_eff`` and/or the ``base`` column; a ``small_base`` column,
        when present, also marks rows as small.
    min_n : float
        The smallest effective base shown.
    total_shown : bool, default True
        The report also shows the overall figure (then one small group alone would be
        revealed by subtraction).
    base : str, default "base"
        The count column used when the table has no ``n_eff``.

    Returns
    -------
    DataFrame
        A copy with ``suppressed`` (bool) and ``reason`` (``"small base"``,
        ``"complementary"`` or ``""``); ``attrs["suppress_total"]`` says whether the overall
        figure must be hidden too.

    Examples
    --------
    One small group: the next-smallest is hidden too, so it cannot be rebuilt from the total.

    >>> t = pd.DataFrame({"g": ["a", "b", "c"], "base": [50, 40, 3]})
    >>> suppress(t, min_n=30)["reason"].tolist()
    ['', 'complementary', 'small base']
    >>> only = suppress(pd.DataFrame({"g": ["a"], "base": [8]}), min_n=30)
    >>> only["suppressed"].tolist(), only.attrs["suppress_total"]
    ([True], True)
    """
    out = table.copy()
    eff = out["n_eff"] if "n_eff" in out else out[base]
    eff = pd.to_numeric(eff, errors="coerce").fillna(0.0)
    primary = eff < float(min_n)
    if "small_base" in out:
        primary |= out["small_base"].fillna(True).astype(bool)
    reason = pd.Series(np.where(primary, "small base", ""), index=out.index, dtype=object)
    suppress_total = False
    if total_shown and primary.sum() == 1:
        shown = eff[~primary]
        if len(shown):
            reason[shown.idxmin()] = "complementary"
        else:  # the only group is small: the total is that group
            suppress_total = True
    elif total_shown and len(out) and primary.all():
        suppress_total = bool(eff.sum() < float(min_n)) or len(out) == 1
    out["suppressed"] = reason != ""
    out["reason"] = reason
    out.attrs["suppress_total"] = suppress_total
    return out
