"""Plots in the seaborn style: ``f(data, *, x=..., ax=None) -> Axes``.

Statistics are computed by the analysis modules and passed in as tidy tables (or computed by
the documented function named in each docstring), then only drawn here. NPS categories have one
colour-blind-safe palette everywhere (Okabe–Ito vermillion, grey, blue).

Examples
--------
>>> import matplotlib
>>> matplotlib.use("Agg")
>>> import pandas as pd, cxresearch as cx
>>> table = cx.nps(pd.DataFrame({"ltr": [9, 10, 3, 7] * 20, "g": list("ab") * 40}),
...                score="ltr", by="g")
>>> ax = nps_intervals(table, y="g")
>>> ax.get_xlabel()
'NPS'
"""

from __future__ import annotations

import matplotlib.pyplot as plt
import numpy as np
import pandas as pd
from matplotlib.axes import Axes
from matplotlib.patches import Patch

from .i18n import t

__all__ = ["NPS_COLORS", "SMALL_BASE_COLOR", "nps_distribution", "nps_intervals", "set_theme"]

#: Colours of the NPS categories (Okabe–Ito: safe for the common colour-vision deficiencies).
NPS_COLORS = {"detractor": "#D55E00", "passive": "#A6A6A6", "promoter": "#0072B2"}
SMALL_BASE_COLOR = "#BBBBBB"


def set_theme() -> None:
    """The report look: seaborn's white grid, readable fonts, compact figures."""
    import seaborn as sns

    sns.set_theme(style="whitegrid", context="notebook", font_scale=0.95,
                  rc={"figure.figsize": (7.5, 3.6), "figure.dpi": 100, "savefig.dpi": 100,
                      "axes.spines.right": False, "axes.spines.top": False})


def _ax(ax: Axes | None, size: tuple[float, float] | None = None) -> Axes:
    if ax is not None:
        return ax
    _, ax = plt.subplots(figsize=size) if size else plt.subplots()
    return ax


def nps_distribution(distribution: pd.DataFrame, *, ax: Axes | None = None,
                     lang: str = "en") -> Axes:
    """Bars of the answer distribution, coloured by NPS category.

    Parameters
    ----------
    distribution : DataFrame
        Output of :func:`cxresearch.metrics.score_distribution` (``value, share, category``).
    """
    ax = _ax(ax)
    colors = [NPS_COLORS[c] for c in distribution["category"]]
    ax.bar(distribution["value"].astype(str), distribution["share"], color=colors, width=0.8)
    handles = [Patch(color=NPS_COLORS[c], label=t(c, lang))
               for c in ("detractor", "passive", "promoter")]
    ax.set_xlabel(t("answer", lang))
    ax.set_ylabel(t("share", lang))
    ax.legend(handles=handles, frameon=False, ncols=3, loc="upper left")
    ax.grid(axis="x", visible=False)
    return ax


def nps_intervals(table: pd.DataFrame, *, y: str, x: str = "nps", ax: Axes | None = None,
                  lang: str = "en", order: str = "value") -> Axes:
    """NPS per group as points with confidence-interval lines; small bases in grey.

    Parameters
    ----------
    table : DataFrame
        Output of :func:`cxresearch.metrics.nps` with ``by=y`` (``nps, ci_low, ci_high,
        small_base`` and the group column).
    y : str
        The group column.
    order : {"value", "label"}
        Sort groups by NPS (highest on top) or by their labels.
    """
    data = table.sort_values(x if order == "value" else y, ascending=order != "value")
    ax = _ax(ax, (7.5, 0.45 * len(data) + 1.2))
    pos = np.arange(len(data))[::-1]
    small = data.get("small_base", pd.Series(False, index=data.index)).to_numpy(dtype=bool)
    colors = np.where(small, SMALL_BASE_COLOR, NPS_COLORS["promoter"])
    ax.hlines(pos, data["ci_low"], data["ci_high"], colors=colors, linewidth=2.5)
    ax.scatter(data[x], pos, color=colors, zorder=3, s=45)
    ax.set_yticks(pos, [str(v) for v in data[y]])
    ax.axvline(0, color="#444444", linewidth=0.8)
    ax.set_xlabel("NPS")
    ax.set_ylabel("")
    lo = float(np.nanmin(data["ci_low"])) if len(data) else -100
    hi = float(np.nanmax(data["ci_high"])) if len(data) else 100
    pad = max(5.0, 0.08 * (hi - lo))
    ax.set_xlim(max(-100, lo - pad), min(100, hi + pad))
    ax.grid(axis="y", visible=False)
    return ax
