"""Numbers, dates and chart ticks are written the report language's way (CLDR via Babel).

The expected strings are the conventions a Finnish or Finland-Swedish reader expects (decimal
comma, no-break space between thousands, a true minus sign U+2212, dates 1.3.2026), written
out by hand, not produced by the functions under test.
"""

from __future__ import annotations

import datetime as dt

import matplotlib

matplotlib.use("Agg")
import matplotlib.pyplot as plt  # noqa: E402
import numpy as np  # noqa: E402
import pandas as pd  # noqa: E402
import pytest  # noqa: E402

from cxresearch import plots  # noqa: E402
from cxresearch.i18n import (  # noqa: E402
    axis_formatter,
    fmt_date,
    fmt_num,
    fmt_p,
    fmt_pct,
    fmt_pts,
    fmt_range,
)

NBSP, MINUS = "\u00a0", "\u2212"


@pytest.mark.parametrize("lang", ["fi", "sv"])
def test_finnish_and_swedish_numbers(lang):
    assert fmt_num(12345.678, lang, 1) == f"12{NBSP}345,7"
    assert fmt_num(-0.184, lang, 2) == f"{MINUS}0,18"
    assert fmt_pts(-3.44, lang, 1) == f"{MINUS}3,4" and fmt_pts(13.3, lang, 1) == "+13,3"
    assert fmt_range(-0.29, -0.07, lang, 2) == f"{MINUS}0,29 … {MINUS}0,07"
    assert fmt_pct(0.273, lang) == f"27{NBSP}%"
    assert fmt_p(0.0004, lang) == "< 0,001" and fmt_p(0.0234, lang) == "0,023"
    assert fmt_date(dt.date(2026, 3, 1), lang) == "1.3.2026"
    assert fmt_date(pd.Timestamp("2026-12-24 10:00"), lang) == "24.12.2026"


def test_english_numbers_and_dates():
    assert fmt_num(12345.678, "en", 1) == "12,345.7"
    assert fmt_num(-0.184, "en", 2) == f"{MINUS}0.18"
    assert fmt_pct(0.273, "en") == "27%"
    assert fmt_date("2026-03-01", "en") == "1 Mar 2026"
    # a value that rounds to zero loses its sign; a missing value is a dash
    assert fmt_num(-0.004, "fi", 2) == "0,00" and fmt_num(float("nan")) == "–"
    assert fmt_date(pd.NaT, "fi") == "–"


def test_formatter_digits_follow_the_tick_spacing():
    assert axis_formatter("fi").format_ticks([0, 0.25, 0.5]) == ["0,00", "0,25", "0,50"]
    assert axis_formatter("sv", "pct").format_ticks([0, 50, 100]) == [
        f"0{NBSP}%", f"50{NBSP}%", f"100{NBSP}%"]
    with pytest.raises(ValueError):
        axis_formatter("fi", "money")


def _ticks(ax, axis):
    ax.figure.canvas.draw()
    labels = ax.get_xticklabels() if axis == "x" else ax.get_yticklabels()
    return [t.get_text() for t in labels if t.get_text()]


@pytest.mark.parametrize("lang", ["fi", "sv"])
def test_nps_chart_ticks_use_signed_points_with_a_true_minus(lang):
    table = pd.DataFrame({"g": ["a", "b"], "nps": [-12.0, 20.0], "ci_low": [-30.0, 5.0],
                          "ci_high": [4.0, 35.0], "small_base": [False, False]})
    ax = plots.nps_intervals(table, y="g", lang=lang)
    ticks = _ticks(ax, "x")
    plt.close(ax.figure)
    assert any(t.startswith(MINUS) for t in ticks) and any(t.startswith("+") for t in ticks)
    assert not any("-" in t for t in ticks)        # no ASCII hyphen-minus
    assert "0" in ticks


@pytest.mark.parametrize("lang", ["fi", "sv"])
def test_ipa_chart_decimal_comma_labels_apart(lang):
    rng = np.random.default_rng(1)
    table = pd.DataFrame({"driver": [f"driver number {i}" for i in range(8)],
                          "importance": 0.05 + 0.002 * rng.random(8),
                          "performance": 4.9 + 0.05 * rng.random(8)})
    from cxresearch.drivers import ipa

    quad = ipa(table)
    ax = plots.ipa_plot(quad, lang=lang, scale=(1, 7))
    x_ticks, y_ticks = _ticks(ax, "x"), _ticks(ax, "y")
    assert all("," in t for t in x_ticks) and not any("." in t for t in x_ticks + y_ticks)
    assert "1–7" in ax.get_xlabel()
    renderer = ax.figure.canvas.get_renderer()
    names = [t for t in ax.texts if t.get_text().startswith("driver number")]
    boxes = [t.get_window_extent(renderer) for t in names]
    overlaps = [(i, j) for i in range(len(boxes)) for j in range(i + 1, len(boxes))
                if boxes[i].overlaps(boxes[j])]
    # the quadrant names are written on the chart, one per corner
    corner_texts = {t.get_text() for t in ax.texts} - {t.get_text() for t in names}
    plt.close(ax.figure)
    assert overlaps == []
    assert len([t for t in corner_texts if not any(ch.isdigit() for ch in t)]) == 4


def test_report_p_values_follow_the_language():
    from cxresearch.narrative import format_table, p_phrase

    assert p_phrase(0.0004, "sv") == "p < 0,001" and p_phrase(0.0004, "en") == "p < 0.001"
    table = format_table(pd.DataFrame({"p": [0.0004, 0.0312]}), [("p", "col.p", "p")],
                         lang="sv")
    assert table.iloc[:, 0].tolist() == ["< 0,001", "0,031"]


def test_penalty_reward_legend_clear_of_the_bars():
    pr = pd.DataFrame({"driver": list("abcd"), "penalty": [-1.5, -0.9, -0.6, -0.5],
                       "reward": [0.9, 0.8, 0.4, 0.3], "kano": ["performance"] * 4})
    ax = plots.penalty_reward_plot(pr, lang="fi", unit="Suositteluhalukkuus: muutos")
    ax.figure.canvas.draw()
    renderer = ax.figure.canvas.get_renderer()
    legend = ax.get_legend().get_window_extent(renderer)
    bars = [p.get_window_extent(renderer) for p in ax.patches]
    ticks = _ticks(ax, "x")
    plt.close(ax.figure)
    assert not any(legend.overlaps(b) for b in bars)
    assert "−0,5" in ticks and "0,5" in ticks
