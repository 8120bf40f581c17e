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
...                outcome="ltr", by="g")
>>> ax = nps_intervals(table, y="g")
>>> ax.get_xlabel()
'NPS (points, −100 … +100)'
"""

from __future__ import annotations

import textwrap

import matplotlib.pyplot as plt
import numpy as np
import pandas as pd
from matplotlib.axes import Axes
from matplotlib.patches import Patch

from .errors import CXInputError, Problem
from .i18n import axis_formatter, capitalize_first, fmt_num, in_sentence, t

# Labels come from codebooks and data: "$" in a segment value is text, never mathtext (it
# would eat the dollar signs or crash the chart), and never LaTeX. Every chart a report draws
# imports this module, so the setting holds for seaborn and pandas plots in reports too.
plt.rcParams["text.parse_math"] = False
plt.rcParams["text.usetex"] = False

__all__ = [
    "NPS_COLORS",
    "SMALL_BASE_COLOR",
    "QUADRANT_COLORS",
    "importance_bars",
    "ipa_plot",
    "nps_distribution",
    "nps_intervals",
    "penalty_reward_plot",
    "set_theme",
    "slopes_plot",
    "level_name",
    "htmt_heatmap",
    "jn_plot",
    "wave_plot",
    "change_plot",
]

#: Colours of the NPS categories (Okabe–Ito: safe for the common colour-vision deficiencies).
NPS_COLORS = {"detractor": "#D55E00", "passive": "#A6A6A6", "promoter": "#0072B2"}
SMALL_BASE_COLOR = "#BBBBBB"


def set_theme() -> None:
    """The report look: seaborn's white grid, readable fonts, compact figures.

    Examples
    --------
    >>> set_theme()
    >>> plt.rcParams["axes.spines.top"]
    False
    """
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
        Output of :func:`cxresearch.metrics.score_distribution` (``value, share, category``;
        ``share`` in per cent).
    ax : matplotlib Axes, optional
        Draw here; by default a new figure.
    lang : str
        Report language of the axis titles, legend and numbers.

    Returns
    -------
    matplotlib Axes
        One bar per answer value (the share of respondents, %), vermillion for detractors,
        grey for passives and blue for promoters, with the three categories in a legend.
        The x-axis title names the 0–10 scale when there are eleven values.

    Examples
    --------
    >>> import matplotlib
    >>> matplotlib.use("Agg")
    >>> from cxresearch.metrics import score_distribution
    >>> dist = score_distribution(pd.DataFrame({"ltr": [0, 3, 7, 8, 9, 10, 10, 6]}),
    ...                           outcome="ltr")
    >>> ax = nps_distribution(dist, lang="sv")
    >>> ax.get_ylabel(), [t.get_text() for t in ax.get_legend().get_texts()]
    ('Andel av respondenterna (%)', ['Kritiker', 'Passiva', 'Promotorer'])
    >>> len(ax.patches)   # a bar for each of 0, 1, ..., 10
    11
    >>> plt.close(ax.figure)
    """
    ax = _ax(ax)
    colors = [NPS_COLORS[c] for c in distribution["category"]]
    ax.bar(distribution["value"].astype(str), distribution["share"], color=colors, width=0.8)
    handles = [Patch(color=NPS_COLORS[c], label=t(c, lang))
               for c in ("detractor", "passive", "promoter")]
    ax.set_xlabel(t("axis.answer_0_10", lang) if len(distribution) == 11 else t("answer", lang))
    ax.set_ylabel(t("share", lang))
    ax.yaxis.set_major_formatter(axis_formatter(lang, "num"))
    ax.legend(handles=handles, frameon=False, ncols=3, loc="upper left")
    ax.grid(axis="x", visible=False)
    return ax


def nps_intervals(table: pd.DataFrame, *, y: str, x: str = "nps", ax: Axes | None = None,
                  lang: str = "en", order: str = "value") -> Axes:
    """NPS per group as points with confidence-interval lines; small bases left out.

    Parameters
    ----------
    table : DataFrame
        Output of :func:`cxresearch.metrics.nps` with ``by=y`` (``nps, ci_low, ci_high,
        small_base`` and the group column).
    y : str
        The group column.
    x : str
        The column of the value drawn as a point (``ci_low`` and ``ci_high`` are its line).
    ax : matplotlib Axes, optional
        Draw here; by default a new figure sized to the number of groups.
    lang : str
        Report language of the axis title and tick labels (signed points).
    order : {"value", "label", "given"}
        Sort groups by NPS (highest on top), by their labels, or keep the table's order
        (first row on top; journey phases in journey order).

    Returns
    -------
    matplotlib Axes
        One row per group: the NPS as a point on its confidence-interval line, a line at
        zero, the x-axis limited to −100 … +100. Groups flagged ``small_base`` are left
        out: a figure from too small a base is not shown, not even greyed out.

    Raises
    ------
    CXInputError
        For an unknown ``order``.

    Examples
    --------
    >>> import matplotlib
    >>> matplotlib.use("Agg")
    >>> table = pd.DataFrame({"region": ["North", "South", "East"], "nps": [12.0, 31.0, 50.0],
    ...                       "ci_low": [4.0, 22.0, 10.0], "ci_high": [20.0, 40.0, 90.0],
    ...                       "small_base": [False, False, True]})
    >>> ax = nps_intervals(table, y="region", lang="fi")
    >>> [t.get_text() for t in ax.get_yticklabels()]   # top first; East has too small a base
    ['South', 'North']
    >>> ax.get_xlabel()
    'NPS (pistettä, −100 … +100)'
    >>> plt.close(ax.figure)
    """
    if order not in ("value", "label", "given"):
        raise CXInputError(Problem("nps_intervals(order=...)", f"unknown order {order!r}",
                                   "use order='value' (by NPS), order='label' or order='given' "
                                   "(the table's own order)", value=order))
    data = table
    if "small_base" in data:
        data = data[~data["small_base"].astype(bool)]
    if order != "given":  # "given": the table's own order (journey phases), first on top
        data = data.sort_values(x if order == "value" else y, ascending=order != "value")
    ax = _ax(ax, (7.5, 0.45 * len(data) + 1.2))
    pos = np.arange(len(data))[::-1]
    color = NPS_COLORS["promoter"]
    ax.hlines(pos, data["ci_low"], data["ci_high"], colors=color, linewidth=2.5)
    ax.scatter(data[x], pos, color=color, zorder=3, s=45)
    ax.set_yticks(pos, [str(v) for v in data[y]])
    ax.axvline(0, color="#444444", linewidth=0.8)
    ax.set_xlabel(t("axis.nps_points", lang))
    ax.xaxis.set_major_formatter(axis_formatter(lang, "pts"))
    ax.set_ylabel("")
    lo = float(np.nanmin(data["ci_low"])) if len(data) else -100
    hi = float(np.nanmax(data["ci_high"])) if len(data) else 100
    pad = max(5.0, 0.08 * (hi - lo))
    ax.set_xlim(max(-100, lo - pad), min(100, hi + pad))
    ax.grid(axis="y", visible=False)
    return ax


def _label(labels: dict[str, str] | None, name: str) -> str:
    return (labels or {}).get(name, name)


def importance_bars(table: pd.DataFrame, *, x: str = "share", ax: Axes | None = None,
                    labels: dict[str, str] | None = None, lang: str = "en") -> Axes:
    """Horizontal bars of driver importance with bootstrap CI whiskers, largest on top.

    Parameters
    ----------
    table : DataFrame
        Output of :func:`cxresearch.importance.relative_importance`.
    x : {"share", "importance"}
        Share of the explained variation (%) or the R² part.
    ax : Axes, optional
        Axes to draw on (default: a new figure sized to the drivers).
    labels : dict, optional
        Display names of the drivers.
    lang : str
        Language of the axis labels.

    Returns
    -------
    Axes
        The chart.

    Examples
    --------
    >>> t = pd.DataFrame({"driver": ["a", "b"], "share": [60.0, 40.0],
    ...                   "share_ci_low": [50.0, 30.0], "share_ci_high": [70.0, 50.0]})
    >>> ax = importance_bars(t, labels={"a": "Service", "b": "Price"})
    >>> [label.get_text() for label in ax.get_yticklabels()]
    ['Price', 'Service']
    >>> plt.close(ax.figure)
    """
    data = table.sort_values(x, ascending=True)
    ax = _ax(ax, (7.5, 0.42 * len(data) + 1.2))
    pos = np.arange(len(data))
    ax.barh(pos, data[x], color=NPS_COLORS["promoter"], height=0.6)
    lo_col, hi_col = ("share_ci_low", "share_ci_high") if x == "share" else ("ci_low", "ci_high")
    if lo_col in data and data[lo_col].notna().any():
        err = np.vstack([data[x] - data[lo_col], data[hi_col] - data[x]])
        ax.errorbar(data[x], pos, xerr=np.clip(err, 0, None), fmt="none", ecolor="#222222",
                    capsize=3, linewidth=1)
    ax.set_yticks(pos, [_label(labels, d) for d in data["driver"]])
    ax.set_xlabel(t("drv.axis_share", lang) if x == "share" else t("drv.axis_r2", lang))
    ax.xaxis.set_major_formatter(axis_formatter(lang, "num"))
    ax.grid(axis="y", visible=False)
    return ax


QUADRANT_COLORS = {"fix first": "#D55E00", "keep up": "#0072B2", "low priority": "#999999",
                   "possible overkill": "#56B4E9"}


def ipa_plot(table: pd.DataFrame, *, ax: Axes | None = None,
             labels: dict[str, str] | None = None, lang: str = "en",
             scale: tuple[float, float] | None = None) -> Axes:
    """Importance–performance grid: performance (x) against importance (y), quadrants drawn.

    Importance is drawn in percentage points of R² (the driver's part of the explained
    variation). The cut lines are labelled with their values, each quadrant is named in its
    corner, and the driver names are placed by adjustText so that none overlaps another label
    or a point.

    Parameters
    ----------
    table : DataFrame
        Output of :func:`cxresearch.actions.ipa` (``driver, importance, performance,
        quadrant``; its ``attrs`` hold the cut values).
    ax : matplotlib Axes, optional
        Draw here; by default a new figure.
    labels : dict of str to str, optional
        Display names of the drivers (others are shown by their column name).
    lang : str
        Report language of the axis titles, quadrant names and numbers.
    scale : (low, high), optional
        The drivers' rating scale, named in the x-axis label.

    Returns
    -------
    matplotlib Axes
        A point per driver coloured by its quadrant (see :data:`QUADRANT_COLORS`) and named,
        dashed cut lines with their values, the four quadrant names in the corners.

    Examples
    --------
    >>> import matplotlib
    >>> matplotlib.use("Agg")
    >>> from cxresearch.actions import ipa
    >>> grid = ipa(pd.DataFrame({"driver": ["price", "staff", "wait"],
    ...                          "importance": [0.10, 0.25, 0.05],
    ...                          "performance": [3.1, 4.2, 3.9]}))
    >>> ax = ipa_plot(grid, labels={"wait": "Waiting time"}, scale=(1, 5))
    >>> ax.get_xlabel(), ax.get_ylabel()
    ('Performance (mean rating, 1–5)', 'Importance (percentage points of R²)')
    >>> sorted(t.get_text() for t in ax.texts)   # names, quadrants, the cut values
    [' mean\\n 13.3', 'Waiting time', 'fix first', 'keep up', 'low priority', 'mean 3.73',
     'possible overkill', 'price', 'staff']
    >>> plt.close(ax.figure)
    """
    # adjustText moves overlapping labels apart (the usual fix in matplotlib, no layout
    # engine of its own); it is only needed here, where driver names crowd around the means
    from adjustText import adjust_text

    ax = _ax(ax, (7.5, 5.2))
    ci, cp = table.attrs.get("importance_cut"), table.attrs.get("performance_cut")
    y = 100 * table["importance"]
    for q, g in table.groupby("quadrant"):
        ax.scatter(g["performance"], 100 * g["importance"], color=QUADRANT_COLORS[q], s=60,
                   zorder=3, edgecolor="white", linewidth=0.6)
    xpad = 0.25 * (table["performance"].max() - table["performance"].min() or 1)
    ypad = 0.25 * (y.max() - y.min() or 1)
    ax.set_xlim(table["performance"].min() - xpad, table["performance"].max() + xpad)
    ax.set_ylim(max(0.0, y.min() - ypad), y.max() + ypad)
    x0, x1 = ax.get_xlim()
    y0, y1 = ax.get_ylim()
    if ci is not None:
        ax.axhline(100 * ci, color="#444444", linewidth=0.8, linestyle="--")
        ax.axvline(cp, color="#444444", linewidth=0.8, linestyle="--")
        cut = t(f"cut.{table.attrs.get('cut', 'mean')}", lang)
        # the cut values are written just outside the plot area, where no point or name can be
        ax.text(x1, 100 * ci, f" {cut}\n {fmt_num(100 * ci, lang, 1)}", ha="left",
                va="center", fontsize=8, color="#444444", clip_on=False)
        ax.text(cp, y1, f"{cut} {fmt_num(cp, lang, 2)}", ha="center", va="bottom", fontsize=8,
                color="#444444", clip_on=False)
        corners = {"fix first": (x0, y1, "left", "top"), "keep up": (x1, y1, "right", "top"),
                   "low priority": (x0, y0, "left", "bottom"),
                   "possible overkill": (x1, y0, "right", "bottom")}
        for q, (qx, qy, ha, va) in corners.items():
            ax.text(qx, qy, t(f"quad.{q}", lang), ha=ha, va=va, fontsize=9, fontweight="bold",
                    color=QUADRANT_COLORS[q], alpha=0.9,
                    bbox={"boxstyle": "square,pad=0.3", "facecolor": "white", "alpha": 0.7,
                          "linewidth": 0})
    texts = [ax.text(r["performance"], 100 * r["importance"], _label(labels, r["driver"]),
                     fontsize=9, zorder=4) for _, r in table.iterrows()]
    if texts:
        adjust_text(texts, x=table["performance"].to_numpy(), y=y.to_numpy(), ax=ax,
                    expand=(1.3, 1.6), arrowprops={"arrowstyle": "-", "color": "#777777",
                                                   "linewidth": 0.6})
    ax.set_xlabel(t("drv.axis_performance", lang) if scale is None else
                  t("axis.performance_scale", lang, low=fmt_num(scale[0], lang),
                    high=fmt_num(scale[1], lang)))
    ax.set_ylabel(t("axis.importance_pp", lang))
    ax.xaxis.set_major_formatter(axis_formatter(lang, "num"))
    ax.yaxis.set_major_formatter(axis_formatter(lang, "num"))
    return ax


def penalty_reward_plot(table: pd.DataFrame, *, ax: Axes | None = None,
                        labels: dict[str, str] | None = None, lang: str = "en",
                        unit: str | None = None) -> Axes:
    """Diverging bars: the penalty of a low rating (left) and the reward of a high one (right).

    Parameters
    ----------
    table : DataFrame
        Output of :func:`cxresearch.actions.penalty_reward`; the Kano class shown is
        ``kano_shown`` ("unclear" when the bootstrap found it unstable) where present.
    ax : Axes, optional
        Axes to draw on (default: a new figure sized to the drivers).
    labels : dict, optional
        Display names of the drivers.
    lang : str
        Language of the axis labels and the legend.
    unit : str, optional
        The x-axis label with the outcome's unit (default: a generic "effect on the outcome").

    Returns
    -------
    Axes
        The chart.

    Examples
    --------
    >>> pr = pd.DataFrame({"driver": ["a", "b"], "penalty": [-0.8, -0.1],
    ...                    "reward": [0.2, 0.6], "kano": ["basic", "excitement"]})
    >>> ax = penalty_reward_plot(pr)
    >>> len(ax.patches) >= 4
    True
    >>> plt.close(ax.figure)
    """
    kano = "kano_shown" if "kano_shown" in table else "kano"
    data = table.assign(order=table["reward"] - table["penalty"]).sort_values("order")
    ax = _ax(ax, (7.5, 0.42 * len(data) + 1.2))
    pos = np.arange(len(data))
    ax.barh(pos, data["penalty"], color=NPS_COLORS["detractor"], height=0.6,
            label=t("drv.penalty", lang))
    ax.barh(pos, data["reward"], color=NPS_COLORS["promoter"], height=0.6,
            label=t("drv.reward", lang))
    ax.set_yticks(pos, [f"{_label(labels, d)} ({t('kano.' + k, lang)})"
                        for d, k in zip(data["driver"], data[kano], strict=True)])
    ax.axvline(0, color="#444444", linewidth=0.8)
    ax.set_xlabel(t("drv.axis_pr", lang) if unit is None else unit)
    ax.xaxis.set_major_formatter(axis_formatter(lang, "num"))
    # the legend sits under the axis title, where no bar can run into it
    ax.legend(frameon=False, loc="upper center", bbox_to_anchor=(0.5, -0.16), ncols=2,
              fontsize=8)
    ax.grid(axis="y", visible=False)
    return ax


def wave_plot(table: pd.DataFrame, *, x: str, y: str = "nps", hue: str | None = None,
              ax: Axes | None = None, lang: str = "en") -> Axes:
    """NPS over waves as a line with its confidence band (one line per ``hue`` group).

    Parameters
    ----------
    table : DataFrame
        Output of :func:`cxresearch.tracking.wave_nps` (``nps, ci_low, ci_high``).
    x : str
        The wave column, drawn in sorted order as categories.
    y : str
        The column of the value drawn as the line (``ci_low`` and ``ci_high`` its band).
    hue : str, optional
        A group column: one line per group, with a legend.
    ax : matplotlib Axes, optional
        Draw here; by default a new figure.
    lang : str
        Report language of the axis titles and tick labels (signed points).

    Returns
    -------
    matplotlib Axes
        The NPS of each wave as a line with markers and its confidence band shaded.

    Examples
    --------
    >>> import matplotlib
    >>> matplotlib.use("Agg")
    >>> waves = pd.DataFrame({"wave": ["2025", "2026"] * 2, "region": list("NNSS"),
    ...                       "nps": [20.0, 25.0, 10.0, -5.0],
    ...                       "ci_low": [10.0, 15.0, 0.0, -15.0],
    ...                       "ci_high": [30.0, 35.0, 20.0, 5.0]})
    >>> ax = wave_plot(waves, x="wave", hue="region", lang="fi")
    >>> ax.get_xlabel(), [t.get_text() for t in ax.get_legend().get_texts()]
    ('Aalto', ['N', 'S'])
    >>> [t.get_text() for t in ax.get_xticklabels()]
    ['2025', '2026']
    >>> plt.close(ax.figure)
    """
    ax = _ax(ax)
    groups = [(None, table)] if hue is None else list(table.groupby(hue, sort=True))
    palette = ["#0072B2", "#D55E00", "#009E73", "#CC79A7", "#E69F00", "#56B4E9"]
    for i, (name, g) in enumerate(groups):
        g = g.sort_values(x)
        color = palette[i % len(palette)]
        xs = g[x].astype(str)
        ax.fill_between(xs, g["ci_low"], g["ci_high"], color=color, alpha=0.18, linewidth=0)
        ax.plot(xs, g[y], marker="o", color=color, label=None if name is None else str(name))
    if hue is not None:
        ax.legend(frameon=False)
    ax.set_xlabel(t("col.wave", lang))
    ax.set_ylabel(t("axis.nps_points", lang))
    ax.yaxis.set_major_formatter(axis_formatter(lang, "pts"))
    return ax


def change_plot(table: pd.DataFrame, *, wave: str, change_date: str,
                names: dict[str, str] | None = None, ax: Axes | None = None,
                lang: str = "en") -> Axes:
    """The outcome per wave of the changed and the comparison group on a date axis, change
    date dashed: the NPS in points, a yes share in % or a rating's mean on its scale.

    Parameters
    ----------
    table : DataFrame
        :func:`cxresearch.tracking.wave_groups` (``arm, <wave>, date_mid, nps, ci_low,
        ci_high, small_base``; for a yes/no or rating outcome ``estimate`` for ``nps``, its
        ``attrs["unit"]`` ``percent`` or ``mean``).
    wave : str
        The wave column (each point's tick label).
    change_date : str
        The date of the change (ISO), dashed when the waves have dates (``date_mid``).
    names : dict
        Legend names of the arms (``treated``, ``comparison``).
    ax : Axes, optional
        Axes to draw on (default: a new figure).
    lang : str
        Language of the axis labels and the legend.

    Returns
    -------
    Axes
        The chart.

    Examples
    --------
    >>> import matplotlib
    >>> matplotlib.use("Agg")
    >>> tb = pd.DataFrame({"arm": ["treated"] * 2, "w": [1, 2], "nps": [10.0, 20.0],
    ...                    "ci_low": [0.0, 10.0], "ci_high": [20.0, 30.0],
    ...                    "date_mid": pd.to_datetime(["2026-01-15", "2026-04-15"])})
    >>> len(change_plot(tb, wave="w", change_date="2026-03-01").get_lines())
    2
    """
    import matplotlib.dates as mdates

    from .i18n import fmt_date

    ax = _ax(ax)
    colors = {"treated": "#0072B2", "comparison": "#E69F00"}
    data = table[~table["small_base"].astype(bool)] if "small_base" in table else table
    dated = "date_mid" in data and data["date_mid"].notna().all()
    figure = "nps" if "nps" in data else "estimate"
    for arm in ("treated", "comparison"):
        g = data[data["arm"] == arm]
        if not len(g):
            continue
        xs = g["date_mid"] if dated else g[wave].astype(str)
        ax.fill_between(xs, g["ci_low"], g["ci_high"], color=colors[arm], alpha=0.15, linewidth=0)
        ax.plot(xs, g[figure], marker="o", color=colors[arm], label=(names or {}).get(arm, arm))
    if dated:
        ax.axvline(pd.Timestamp(change_date), color="#444444", linestyle="--", linewidth=1)
        # the line is labelled on the chart, not only in the caption
        ax.text(mdates.date2num(pd.Timestamp(change_date)), 1.01, t("axis.change_marker", lang,
                                                   date=fmt_date(change_date, lang)),
                transform=ax.get_xaxis_transform(), ha="center", va="bottom", fontsize=8,
                color="#444444")
        first = data.drop_duplicates(wave)
        ax.set_xticks(first["date_mid"], [f"{w}\n{fmt_date(d, lang)}"
                                           for w, d in zip(first[wave], first["date_mid"],
                                                           strict=True)])
        ax.set_xlabel(t("axis.wave_date", lang))
    else:
        ax.set_xlabel(t("col.wave", lang))
    unit = "nps_points" if figure == "nps" else table.attrs.get("unit", "mean")
    if unit == "percent":
        ax.set_ylabel(t("axis.share_yes", lang))
    elif unit == "mean" and "scale_low" in table:
        ax.set_ylabel(t("axis.mean_scale", lang, low=fmt_num(table["scale_low"].iloc[0], lang),
                        high=fmt_num(table["scale_high"].iloc[0], lang)))
    elif unit == "mean":
        ax.set_ylabel(t("out.col.estimate_rating", lang))
    else:
        ax.set_ylabel(t("axis.nps_points", lang))
    ax.yaxis.set_major_formatter(axis_formatter(lang, {"nps_points": "pts",
                                                       "percent": "pct"}.get(unit, "num")))
    ax.legend(frameon=False, loc="best", fontsize=8)
    return ax


def slopes_plot(slopes: pd.DataFrame, *, ax: Axes | None = None, lang: str = "en",
                labels: dict[str, str] | None = None, moderator: str = "",
                outcome: str | None = None, scale: tuple[float, float] | None = None) -> Axes:
    """Simple slopes per moderator level with their intervals.

    Parameters
    ----------
    slopes : DataFrame
        ``slopes`` of :func:`cxresearch.moderation.interaction`
        (``level, slope, ci_low, ci_high``).
    ax : Axes, optional
        Where to draw; a new figure when None.
    lang : str
        Report language (tick labels, axis title).
    labels : dict, optional
        Level → its name in the report language (value labels of a categorical moderator).
        The levels of a continuous one (``mean - SD``, ``mean``, ``mean + SD``) are translated
        without it.
    moderator : str
        The moderator's label, the title of the level axis.
    outcome : str, optional
        The outcome's label: with ``scale``, the slope axis says the change in it per driver
        point in points of its scale (as :func:`jn_plot`'s); else a generic title.
    scale : (low, high), optional
        The outcome's answer scale.

    Returns
    -------
    Axes

    Examples
    --------
    >>> import matplotlib
    >>> matplotlib.use("Agg")
    >>> import pandas as pd
    >>> s = pd.DataFrame({"level": ["mean - SD", "mean", "mean + SD"], "slope": [0.2, 0.3, 0.4],
    ...                   "ci_low": [0.1, 0.2, 0.3], "ci_high": [0.3, 0.4, 0.5]})
    >>> ax = slopes_plot(s, lang="fi", outcome="Suositteluhalukkuus", scale=(0, 10))
    >>> [x.get_text() for x in ax.get_yticklabels()]
    ['Ka. − kh.', 'Ka.', 'Ka. + kh.']
    >>> ax.get_xlabel()
    'Suositteluhalukkuus: muutos tekijän pistettä kohden (pistettä asteikolla 0–10)'
    """
    ax = _ax(ax, (7.5, 0.5 * len(slopes) + 1.3))
    pos = np.arange(len(slopes))[::-1]
    ax.hlines(pos, slopes["ci_low"], slopes["ci_high"], color=NPS_COLORS["promoter"],
              linewidth=2.5)
    ax.scatter(slopes["slope"], pos, color=NPS_COLORS["promoter"], s=45, zorder=3)
    ax.set_yticks(pos, [capitalize_first(level_name(v, lang, labels)) for v in slopes["level"]])
    ax.axvline(0, color="#444444", linewidth=0.8)
    ax.set_xlabel(_slope_title(outcome, scale, lang))
    ax.set_ylabel(moderator)
    ax.xaxis.set_major_formatter(axis_formatter(lang, "num"))
    ax.grid(axis="y", visible=False)
    return ax


#: The levels :func:`cxresearch.moderation.interaction` gives a continuous moderator.
_SD_LEVELS = {"mean - SD": "md.low_sd", "mean": "md.at_mean", "mean + SD": "md.high_sd"}


def level_name(level: object, lang: str = "en", labels: dict[str, str] | None = None) -> str:
    """A moderator level as a reader sees it: its value label, or ``mean − SD`` translated.

    Parameters
    ----------
    level : object
        A level of :func:`cxresearch.moderation.interaction`'s ``slopes`` (a value of a
        categorical moderator, or ``mean - SD``, ``mean``, ``mean + SD``).
    lang : str
        Report language.
    labels : dict, optional
        Level → its value label.

    Returns
    -------
    str

    Examples
    --------
    >>> level_name("mean + SD", "sv"), level_name("high", "en", {"high": "High income"})
    ('medel + SD', 'High income')
    """
    key = _SD_LEVELS.get(str(level))
    if key:
        return t(key, lang)
    return str(labels[level]) if labels and level in labels else str(level)


def _slope_title(outcome: str | None, scale: tuple[float, float] | None, lang: str) -> str:
    """The title of a slope axis: the change in the outcome per driver point, in its units."""
    if outcome and scale is not None:
        return capitalize_first(t("axis.jn_slope", lang, outcome=in_sentence(outcome, lang),
                                  low=fmt_num(scale[0], lang), high=fmt_num(scale[1], lang)))
    return capitalize_first(t("axis.slope", lang))


def jn_plot(curve: pd.DataFrame, *, bounds: list[float] | None = None,
             moderator: str = "moderator", ax: Axes | None = None, lang: str = "en",
             outcome: str | None = None, scale: tuple[float, float] | None = None) -> Axes:
    """Johnson–Neyman plot: the driver's slope across a continuous moderator.

    The line is the slope, the band its confidence interval; where the interval excludes 0
    (the slope is significant) the band is dark, elsewhere light. Dashed lines mark the
    Johnson–Neyman bounds that fall inside the observed range. Each axis says what it
    measures: the moderator with its observed range, the slope as the change in the outcome
    (in points of its scale) per driver point.

    Parameters
    ----------
    curve : DataFrame
        ``curve`` of :func:`cxresearch.moderation.johnson_neyman`
        (``moderator, slope, ci_low, ci_high, significant``).
    bounds : list of float, optional
        Its ``bounds``.
    moderator : str
        The moderator's label; the x axis adds its observed range ("Time pressure (observed
        values 1–7)").
    ax : Axes, optional
        Axes to draw on (default: a new figure).
    lang : str
        Language of the axis labels and the legend.
    outcome : str, optional
        The outcome's label, named on the slope axis (default: "the outcome").
    scale : (low, high), optional
        The outcome's scale, the unit of the slope ("points on the 0–10 scale").

    Returns
    -------
    Axes
        The chart.

    Examples
    --------
    >>> import matplotlib
    >>> matplotlib.use("Agg")
    >>> import pandas as pd
    >>> c = pd.DataFrame({"moderator": [1.0, 2.0, 3.0], "slope": [0.4, 0.2, 0.0],
    ...                   "ci_low": [0.3, 0.05, -0.2], "ci_high": [0.5, 0.35, 0.2],
    ...                   "significant": [True, True, False]})
    >>> ax = jn_plot(c, bounds=[2.4], moderator="time pressure", outcome="Likelihood to "
    ...              "recommend", scale=(0, 10))
    >>> ax.get_xlabel(), " ".join(ax.get_ylabel().split())  # doctest: +NORMALIZE_WHITESPACE
    ('Time pressure (observed values 1 … 3)',
     'Change in likelihood to recommend per driver point (points on the 0–10 scale)')
    """
    ax = _ax(ax)
    x, sig = curve["moderator"].to_numpy(), curve["significant"].to_numpy(bool)
    color = NPS_COLORS["promoter"]
    # the legend names only the kinds of band drawn
    ax.fill_between(x, curve["ci_low"], curve["ci_high"], color=color, alpha=0.12, linewidth=0,
                    label=t("jn.not_significant", lang) if not sig.all() else None)
    ax.fill_between(x, curve["ci_low"], curve["ci_high"], where=sig, color=color, alpha=0.35,
                    linewidth=0, interpolate=True,
                    label=t("jn.significant", lang) if sig.any() else None)
    ax.plot(x, curve["slope"], color=color, linewidth=2)
    ax.axhline(0, color="#444444", linewidth=0.8)
    for b in bounds or []:
        if x.min() <= b <= x.max():
            ax.axvline(b, color="#444444", linestyle="--", linewidth=1)
    lo, hi = float(x.min()), float(x.max())
    digits = 0 if lo == round(lo) and hi == round(hi) else 1
    ax.set_xlabel(t("axis.jn_moderator", lang, moderator=capitalize_first(moderator),
                    low=fmt_num(lo, lang, digits), high=fmt_num(hi, lang, digits)))
    ax.set_ylabel(textwrap.fill(_slope_title(outcome, scale, lang), 34))  # the axis' height
    ax.xaxis.set_major_formatter(axis_formatter(lang, "num"))
    ax.yaxis.set_major_formatter(axis_formatter(lang, "num"))
    ax.legend(loc="best", fontsize=8, frameon=False)
    return ax


def htmt_heatmap(matrix: pd.DataFrame, *, ax: Axes | None = None,
                 labels: dict[str, str] | None = None, lang: str = "en") -> Axes:
    """Heatmap of HTMT ratios (or any square matrix) with the values written in.

    HTMT (heterotrait–monotrait ratio, Henseler, Ringle & Sarstedt 2015) between two
    constructs below 0.85 (or 0.90) supports that they measure different things.

    Parameters
    ----------
    matrix : DataFrame
        A square matrix of values between 0 and 1, e.g. from
        :func:`cxresearch.measurement.htmt`, constructs as index and columns.
    ax : matplotlib Axes, optional
        Draw here; by default a new figure.
    labels : dict of str to str, optional
        Display names of the constructs.
    lang : str
        Report language of the numbers written in the cells.

    Returns
    -------
    matplotlib Axes
        A blue heatmap on a fixed 0–1 scale (no colour bar), each cell's value written in
        with two decimals, the column names slanted.

    Examples
    --------
    >>> import matplotlib
    >>> matplotlib.use("Agg")
    >>> m = pd.DataFrame([[1.0, 0.72], [0.72, 1.0]], index=["svc", "price"],
    ...                  columns=["svc", "price"])
    >>> ax = htmt_heatmap(m, labels={"svc": "Service"}, lang="fi")
    >>> [t.get_text() for t in ax.texts], [t.get_text() for t in ax.get_xticklabels()]
    (['1,00', '0,72', '0,72', '1,00'], ['Service', 'price'])
    >>> plt.close(ax.figure)
    """
    import seaborn as sns

    m = matrix.rename(index=lambda v: _label(labels, v), columns=lambda v: _label(labels, v))
    ax = _ax(ax, (7.5, 6.0))
    # the values are written the report language's way (decimal comma in fi and sv)
    annot = m.map(lambda v: fmt_num(v, lang, 2)).to_numpy()
    sns.heatmap(m, annot=annot, fmt="", cmap="Blues", vmin=0, vmax=1, cbar=False, ax=ax,
                annot_kws={"fontsize": 8})
    ax.set_xlabel("")
    ax.set_ylabel("")
    ax.grid(False)
    # long construct names: slanted, anchored at their cell so that neighbours never overlap
    plt.setp(ax.get_xticklabels(), rotation=40, ha="right", rotation_mode="anchor")
    ax.tick_params(axis="both", length=0)
    return ax
