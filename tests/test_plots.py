"""Plots draw what the statistics say (checked on the artists, not by eye)."""

from __future__ import annotations

import matplotlib.pyplot as plt
import numpy as np
import pandas as pd

from cxresearch import plots
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
    assert labels == ["ei merkitsevä", "merkitsevä"] and ax.get_xlabel() == "hurry"


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
