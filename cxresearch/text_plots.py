"""Charts of open-answer themes in the seaborn style: ``f(data, *, x=..., ax=None) -> Axes``.

The numbers come from :mod:`cxresearch.text` (tidy tables); these functions only draw them.
Finnish axes get a decimal comma and a true minus sign.

Examples
--------
>>> import matplotlib
>>> matplotlib.use("Agg")
>>> table = pd.DataFrame({"label": ["Price", "Staff"], "impact": [-30.0, 12.0],
...                       "ci_low": [-40.0, 4.0], "ci_high": [-20.0, 20.0],
...                       "share": [25.0, 30.0], "p_adjusted": [0.001, 0.01]})
>>> ax = theme_impact_plot(table)
>>> [t.get_text() for t in ax.get_yticklabels()]
['Staff', 'Price']
>>> import matplotlib.pyplot as plt; plt.close("all")
"""

from __future__ import annotations

import matplotlib.pyplot as plt
import numpy as np
import pandas as pd
from matplotlib.axes import Axes
from matplotlib.ticker import FuncFormatter

from .i18n import fmt_num, t

__all__ = ["theme_impact_plot", "theme_trend_plot"]

_SIG, _NOT_SIG = "#0072B2", "#9BB7CC"
_PALETTE = ["#0072B2", "#D55E00", "#009E73", "#CC79A7", "#E69F00", "#56B4E9", "#000000",
            "#F0E442"]


def _number_axis(axis, lang: str) -> None:
    """Tick labels with the language's decimal mark and a true minus sign."""
    axis.set_major_formatter(FuncFormatter(
        lambda v, _: ("−" if v < 0 else "") + fmt_num(abs(v), lang,
                                                     0 if float(v).is_integer() else 1)))


def theme_impact_plot(table: pd.DataFrame, *, x: str = "impact", y: str = "label",
                      size: str | None = "share", alpha_level: float = 0.05,
                      ax: Axes | None = None, lang: str = "en", unit: str = "nps") -> Axes:
    """Each theme's effect as a dot with its interval; dot area by the share of mentions.

    Parameters
    ----------
    table : DataFrame
        Output of :func:`cxresearch.text.theme_impact` (``impact, ci_low, ci_high, share,
        p_adjusted`` and the label column ``y``). Rows without ``x`` are left out.
    x : str
        Column of each theme's effect on the outcome (the dot's position).
    y : str
        Column naming the theme on the vertical axis (largest effect at the top).
    size : str, optional
        Column giving the dot area (default the share of answers, %); ``None`` for equal dots.
    alpha_level : float
        Themes with ``p_adjusted`` under it are drawn dark, the others light.
    unit : {"nps", "binary", "rating"}
        The outcome type, for the axis title.
    ax : matplotlib Axes, optional
        Draw here; by default a new figure sized to the number of themes.
    lang : str
        Report language of the axis title and the numbers.

    Returns
    -------
    matplotlib Axes
        One row per theme: the effect as a dot on its ``ci_low … ci_high`` line, dark blue
        when significant, light otherwise, the share of mentions written to the right, a
        line at zero.

    Examples
    --------
    >>> import matplotlib
    >>> matplotlib.use("Agg")
    >>> import matplotlib.pyplot as plt
    >>> table = pd.DataFrame({"label": ["Price", "Staff"], "impact": [-30.0, 12.0],
    ...                       "ci_low": [-40.0, 4.0], "ci_high": [-20.0, 20.0],
    ...                       "share": [25.0, 30.0], "p_adjusted": [0.001, 0.2]})
    >>> ax = theme_impact_plot(table, lang="fi")
    >>> ax.get_xlabel(), [t.get_text() for t in ax.get_yticklabels()]
    ('Vaikutus tulosmuuttujaan (NPS-pistettä)', ['Staff', 'Price'])
    >>> [t.get_text() for t in ax.texts]   # the share of answers that mention each theme
    ['30 %', '25 %']
    >>> plt.close(ax.figure)
    """
    data = table.dropna(subset=[x]).sort_values(x, ascending=False)
    if ax is None:
        _, ax = plt.subplots(figsize=(7.5, 0.5 * len(data) + 1.3))
    pos = np.arange(len(data))[::-1]
    sig = data["p_adjusted"].to_numpy() < alpha_level if "p_adjusted" in data else \
        np.ones(len(data), bool)
    colors = np.where(sig, _SIG, _NOT_SIG)
    ax.hlines(pos, data["ci_low"], data["ci_high"], colors=colors, linewidth=2.5)
    area = 40 if size is None else 20 + 6 * data[size].to_numpy(float)
    ax.scatter(data[x], pos, s=area, c=colors, zorder=3, edgecolors="white")
    if size is not None:
        for p, (_, r) in zip(pos, data.iterrows(), strict=True):
            ax.annotate(f"{fmt_num(float(r[size]), lang)} %", (float(r["ci_high"]), p),
                        xytext=(6, 0), textcoords="offset points", va="center", fontsize=8,
                        color="#444444")
    ax.set_yticks(pos, [str(v) for v in data[y]])
    ax.axvline(0, color="#444444", linewidth=0.8)
    ax.set_xlabel(t("text.impact_axis", lang, unit=t(f"text.unit_{unit}", lang)))
    ax.set_ylabel("")
    ax.grid(axis="y", visible=False)
    lo, hi = float(np.nanmin(data["ci_low"])), float(np.nanmax(data["ci_high"]))
    pad = max(2.0, 0.15 * (hi - lo))
    ax.set_xlim(min(lo, 0) - pad, max(hi, 0) + 2 * pad)
    _number_axis(ax.xaxis, lang)
    return ax


def theme_trend_plot(table: pd.DataFrame, *, x: str = "group", y: str = "share",
                     hue: str = "label", ax: Axes | None = None, lang: str = "en",
                     xlabel: str | None = None) -> Axes:
    """Theme shares over waves (or any ordered groups): one line per theme with its band.

    Parameters
    ----------
    table : DataFrame
        Output of :func:`cxresearch.text.themes_by` (``share, ci_low, ci_high``), with a
        ``hue`` column naming the theme (add labels with ``theme`` → label, or use
        ``hue="theme"``).
    x : str
        Column of the wave or group, drawn in sorted order as categories.
    y : str
        Column of the share of answers (%) that mention the theme.
    hue : str
        Column naming the theme: one line (and legend entry) per value.
    ax : matplotlib Axes, optional
        Draw here; by default a new figure.
    lang : str
        Report language of the axis titles and numbers.
    xlabel : str, optional
        Horizontal axis title; by default "Wave" in ``lang``.

    Returns
    -------
    matplotlib Axes
        A line with markers per theme over ``x``, its ``ci_low … ci_high`` band shaded, the
        legend to the right of the plot.

    Examples
    --------
    >>> import matplotlib
    >>> matplotlib.use("Agg")
    >>> import matplotlib.pyplot as plt
    >>> table = pd.DataFrame({"group": ["2025", "2026"] * 2,
    ...                       "label": ["Price", "Price", "Staff", "Staff"],
    ...                       "share": [20.0, 25.0, 30.0, 28.0],
    ...                       "ci_low": [15.0, 20.0, 25.0, 23.0],
    ...                       "ci_high": [25.0, 30.0, 35.0, 33.0]})
    >>> ax = theme_trend_plot(table, lang="fi")
    >>> ax.get_xlabel(), ax.get_ylabel()
    ('Aalto', 'Osuus (%)')
    >>> [t.get_text() for t in ax.get_legend().get_texts()]
    ['Price', 'Staff']
    >>> plt.close(ax.figure)
    """
    if ax is None:
        _, ax = plt.subplots(figsize=(7.5, 3.8))
    for i, (name, g) in enumerate(table.groupby(hue, sort=False)):
        g = g.sort_values(x)
        xs = g[x].astype(str)
        color = _PALETTE[i % len(_PALETTE)]
        ax.fill_between(xs, g["ci_low"], g["ci_high"], color=color, alpha=0.12, linewidth=0)
        ax.plot(xs, g[y], marker="o", color=color, label=str(name))
    ax.legend(frameon=False, fontsize=8, bbox_to_anchor=(1.01, 1), loc="upper left")
    ax.set_xlabel(xlabel if xlabel is not None else t("col.wave", lang))
    ax.set_ylabel(t("text.col_share", lang))
    _number_axis(ax.yaxis, lang)
    return ax
