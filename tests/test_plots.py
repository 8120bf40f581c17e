"""Plots draw what the statistics say (checked on the artists, not by eye)."""

from __future__ import annotations

import matplotlib.pyplot as plt
import numpy as np
import pandas as pd
import pytest

from cxresearch import plots
from cxresearch.i18n import fmt_num
from cxresearch.moderation import interaction


def _jn():
    rng = np.random.default_rng(5)
    m = rng.uniform(0, 10, 3000)
    x = rng.normal(size=3000)
    df = pd.DataFrame({"y": (0.6 - 0.06 * m) * x + rng.normal(size=3000), "x": x, "m": m})
    return interaction(df, driver="x", moderator="m", outcome="y", controls=[],
                       weight=False).johnson_neyman


def test_jn_plot_marks_bounds_and_significant_band():
    jn = _jn()
    ax = plots.jn_plot(jn["curve"], bounds=jn["bounds"], moderator="hurry", lang="fi")
    lo, hi = jn["curve"].moderator.min(), jn["curve"].moderator.max()
    inside = [b for b in jn["bounds"] if lo < b < hi]
    assert len(inside) == 1
    vlines = [line.get_xdata()[0] for line in ax.get_lines() if line.get_linestyle() == "--"]
    assert vlines == inside
    # the dark band (second fill) covers the significant part of the curve only
    dark = ax.collections[1].get_paths()[0].vertices[:, 0]
    sig = jn["curve"][jn["curve"]["significant"]]["moderator"]
    assert dark.min() >= sig.min() - 1e-9 and dark.max() <= inside[0] + 1e-6
    assert dark.max() >= sig.max() - 1e-9
    labels = [t.get_text() for t in ax.get_legend().get_texts()]
    assert labels == ["ei merkitsevä", "merkitsevä"]
    # "…", not an en dash: a negative lower end would read "−2–3"
    assert ax.get_xlabel() == (f"Hurry (havaitut arvot {fmt_num(lo, 'fi', 1)} … "
                               f"{fmt_num(hi, 'fi', 1)})")


@pytest.mark.parametrize("lang", ["en", "fi", "sv"])
def test_jn_plot_axes_say_what_they_measure(lang):
    # issue 14.5: the moderator axis with its observed range, the slope axis with the outcome
    # and its unit (points of the outcome's scale per driver point)
    from cxresearch.i18n import t

    jn = _jn()
    ax = plots.jn_plot(jn["curve"], bounds=jn["bounds"], moderator="kiire", lang=lang,
                       outcome="Suositteluhalukkuus", scale=(0, 10))
    lo, hi = jn["curve"].moderator.min(), jn["curve"].moderator.max()
    assert ax.get_xlabel() == t("axis.jn_moderator", lang, moderator="Kiire",
                                low=fmt_num(lo, lang, 1), high=fmt_num(hi, lang, 1))
    ylabel = " ".join(ax.get_ylabel().split())
    assert ylabel[0].isupper() and "suositteluhalukkuus" in ylabel.lower()
    assert "0–10" in ylabel and ylabel != t("axis.slope", lang)
    assert "(" in ax.get_xlabel() and "(" in ylabel            # each axis names its unit


def test_slopes_plot_one_row_per_level():
    slopes = pd.DataFrame({"level": ["North", "South", "East"], "slope": [0.1, 0.3, 0.5],
                           "ci_low": [0.0, 0.2, 0.4], "ci_high": [0.2, 0.4, 0.6]})
    ax = plots.slopes_plot(slopes, labels={"North": "a", "South": "b", "East": "c"},
                           moderator="Region")
    # the first level is drawn on top, each point at its level's row
    rows = dict(zip([t.get_text().lower() for t in ax.get_yticklabels()], ax.get_yticks(),
                    strict=True))
    assert rows["a"] > rows["b"] > rows["c"]
    points = {y: x for x, y in ax.collections[1].get_offsets()}
    assert [points[rows[k]] for k in "abc"] == [0.1, 0.3, 0.5]
    assert ax.get_ylabel() == "Region"
    plt.close(ax.figure)


def test_slopes_plot_levels_of_a_continuous_moderator_in_swedish():
    slopes = pd.DataFrame({"level": ["mean - SD", "mean", "mean + SD"], "slope": [0.1, 0.3, 0.5],
                           "ci_low": [0.0, 0.2, 0.4], "ci_high": [0.2, 0.4, 0.6]})
    ax = plots.slopes_plot(slopes, lang="sv")
    ticks = [t.get_text() for t in ax.get_yticklabels()]
    assert ticks == ["Medel − SD", "Medel", "Medel + SD"]
    assert not any("mean" in x for x in ticks) and ax.get_xlabel().startswith("Lutning")
    plt.close(ax.figure)


def test_change_plot_labels_the_change_line_with_the_locale_date():
    import matplotlib.dates as mdates

    tb = pd.DataFrame({"arm": ["treated"] * 2 + ["comparison"] * 2, "w": [1, 2, 1, 2],
                       "nps": [10.0, 20.0, 12.0, 14.0], "ci_low": [0.0, 10.0, 2.0, 4.0],
                       "ci_high": [20.0, 30.0, 22.0, 24.0],
                       "date_mid": pd.to_datetime(["2026-01-15", "2026-04-15"] * 2)})
    ax = plots.change_plot(tb, wave="w", change_date="2026-03-01", lang="fi")
    marks = [x for x in ax.texts if "1.3.2026" in x.get_text()]
    assert len(marks) == 1 and marks[0].get_text() == "muutos 1.3.2026"
    # drawn at the dashed line, which is at the change date
    dashed = [ln for ln in ax.get_lines() if ln.get_linestyle() == "--"]
    assert len(dashed) == 1
    x_line = mdates.date2num(pd.Timestamp(dashed[0].get_xdata()[0]))
    assert marks[0].get_position()[0] == x_line == mdates.date2num(pd.Timestamp("2026-03-01"))
    plt.close(ax.figure)


@pytest.mark.parametrize("lang", ["en", "fi", "sv"])
def test_slopes_plot_axis_names_the_outcome_and_its_scale(lang):
    # issue 14.5: the simple-slopes axis says what a slope is in (as the JN chart does)
    import matplotlib.pyplot as plt

    from cxresearch.i18n import t
    from cxresearch.plots import slopes_plot

    s = pd.DataFrame({"level": ["a", "b"], "slope": [0.2, 0.4], "ci_low": [0.1, 0.3],
                      "ci_high": [0.3, 0.5]})
    ax = slopes_plot(s, lang=lang, outcome="Recommendation", scale=(0, 10))
    label = ax.get_xlabel()
    assert "0–10" in label and "recommendation" in label.lower()
    assert label != t("axis.slope", lang)
    generic = slopes_plot(s, lang=lang).get_xlabel()
    assert generic.lower() == str(t("axis.slope", lang)).lower()
    plt.close("all")
