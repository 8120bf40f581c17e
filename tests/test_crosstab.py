"""cx.crosstab against hand z-tests, statsmodels/scipy and R survey's svyby/svycontrast."""

from __future__ import annotations

import json
import math
from pathlib import Path

import numpy as np
import pandas as pd
import pytest
from scipy import stats as sps
from statsmodels.stats.proportion import proportions_ztest

from cxresearch.crosstab import crosstab
from cxresearch.errors import CXInputError
from cxresearch.stats import p_adjust

ROOT = Path(__file__).resolve().parent.parent
REF = ROOT / "tests" / "reference"


@pytest.fixture(scope="module")
def d() -> pd.DataFrame:
    return pd.read_csv(REF / "crosstab_rake_data.csv")


@pytest.fixture(scope="module")
def r() -> dict:
    return json.loads((REF / "crosstab_rake.json").read_text())


def _cell(res, row, column):
    t = res.table
    return t[(t["row"] == row) & (t["column"] == column)].iloc[0]


def _pair(res, row, a, b):
    p = res.pairs
    return p[(p["row"] == row) & (p["column_a"] == a) & (p["column_b"] == b)].iloc[0]


def test_unweighted_percent_is_the_pooled_z_test(d):
    res = crosstab(d, rows="cat", columns="grp", stat="percent")
    assert res.test == "z_pooled" and list(res.columns["letter"]) == ["", "A", "B", "C"]
    for a, b in (("A", "B"), ("A", "C"), ("B", "C")):
        xa = int(((d.grp == a) & (d.cat == "yes")).sum())
        xb = int(((d.grp == b) & (d.cat == "yes")).sum())
        z, p = proportions_ztest([xa, xb], [(d.grp == a).sum(), (d.grp == b).sum()])
        got = _pair(res, "yes", a, b)
        assert got.z == pytest.approx(z, rel=1e-10) and got.p == pytest.approx(p, rel=1e-10)
    # column percentages: each column adds up to 100
    sums = res.table.groupby("column")["value"].sum()
    np.testing.assert_allclose(sums.to_numpy(), 100)
    assert _cell(res, "yes", "C").value == pytest.approx(
        100 * ((d.grp == "C") & (d.cat == "yes")).sum() / (d.grp == "C").sum())


def test_letters_follow_p_values_and_direction(d):
    res = crosstab(d, rows="cat", columns="grp", stat="percent")
    for row in ("yes", "no", "maybe"):
        for a, b in (("A", "B"), ("A", "C"), ("B", "C")):
            pr = _pair(res, row, a, b)
            hi, lo = (a, b) if pr["diff"] > 0 else (b, a)
            letters = _cell(res, row, hi).letters
            if pr.p < 0.001:
                assert lo in letters
            elif pr.p < 0.05:
                assert lo.lower() in letters
            else:
                assert lo not in letters.upper()
            assert hi.upper() not in _cell(res, row, lo).letters.upper()
    assert _cell(res, "yes", "Total").letters == ""
    # at least one difference is significant in this simulated data (C has more 'yes')
    assert "a" in _cell(res, "yes", "C").letters.lower()


def test_unweighted_mean_is_welch(d):
    res = crosstab(d, rows="y", columns="grp", stat="mean")
    assert res.test == "welch_t"
    for a, b in (("A", "B"), ("A", "C"), ("B", "C")):
        t, p = sps.ttest_ind(d.y[d.grp == a], d.y[d.grp == b], equal_var=False)
        got = _pair(res, "y", a, b)
        assert got.z == pytest.approx(t, rel=1e-10) and got.p == pytest.approx(p, rel=1e-10)
    c = _cell(res, "y", "B")
    assert c.value == pytest.approx(d.y[d.grp == "B"].mean())
    assert c.se == pytest.approx(sps.sem(d.y[d.grp == "B"]))


def test_unweighted_nps_by_hand(d):
    res = crosstab(d, rows="ltr", columns="grp", stat="nps")
    a, b = d.ltr[d.grp == "A"], d.ltr[d.grp == "C"]

    def parts(s):
        pp, pd_ = (s >= 9).mean(), (s <= 6).mean()
        return 100 * (pp - pd_), (pp + pd_ - (pp - pd_) ** 2) / len(s)

    (na, va), (nc, vc) = parts(a), parts(b)
    z = (na - nc) / 100 / math.sqrt(va + vc)
    got = _pair(res, "ltr", "A", "C")
    assert res.test == "nps_z"
    assert got["diff"] == pytest.approx(na - nc) and got.z == pytest.approx(z, rel=1e-10)
    assert got.p == pytest.approx(2 * sps.norm.sf(abs(z)), rel=1e-9)


@pytest.mark.parametrize("stat, key, row, kwargs", [
    ("mean", "mean_y", "y", {}),
    ("percent", "share_yes", "yes", {}),
    ("top_box", "top2_y", "y", {"top_box": [6, 7]}),
    ("nps", "nps", "ltr", {}),
])
def test_weighted_matches_r_survey(d, r, stat, key, row, kwargs):
    rows = {"mean": "y", "percent": "cat", "top_box": "y", "nps": "ltr"}[stat]
    res = crosstab(d, rows=rows, columns="grp", stat=stat, weight="w", **kwargs)
    ref = r[key]
    unit = 1.0 if stat == "mean" else 100.0
    assert res.test == "design_z"
    for g, m, se in zip(ref["groups"], ref["mean"], ref["se"], strict=True):
        c = _cell(res, row, g)
        assert c.value == pytest.approx(unit * m, rel=1e-10)
        assert c.se == pytest.approx(unit * se, rel=1e-8)
    tot = _cell(res, row, "Total")
    assert tot.value == pytest.approx(unit * ref["total_mean"], rel=1e-10)
    assert tot.se == pytest.approx(unit * ref["total_se"], rel=1e-8)
    for name, pr in ref["pairs"].items():
        a, b = name.split("-")
        got = _pair(res, row, a, b)
        assert got.z == pytest.approx(pr["z"], rel=1e-8)
        assert got.p == pytest.approx(pr["p"], rel=1e-7)
    w = d.w[d.grp == "A"]
    assert _cell(res, row, "A").n_eff == pytest.approx(w.sum() ** 2 / (w**2).sum())


def test_min_n_flags_and_skips_small_columns(d):
    res = crosstab(d, rows="cat", columns="grp", min_n=100)
    cols = res.columns.set_index("column")
    assert bool(cols.loc["C", "small_base"]) and not bool(cols.loc["A", "small_base"])
    c = _cell(res, "yes", "C")
    assert c.small_base and not c.tested and not math.isnan(c.value)  # shown, not tested
    assert _pair(res, "yes", "A", "C").p != _pair(res, "yes", "A", "C").p  # NaN
    assert all("C" not in s.upper() for s in res.table["letters"])


def test_fdr_and_custom_alpha(d):
    raw = crosstab(d, rows="cat", columns="grp")
    adj = crosstab(d, rows="cat", columns="grp", fdr=True)
    np.testing.assert_allclose(adj.pairs["p_used"], p_adjust(raw.pairs["p"].to_numpy()))
    assert adj.fdr and "Benjamini" in adj.describe()
    strict = crosstab(d, rows="cat", columns="grp", alpha=(1e-12, 1e-13))
    assert (strict.table["letters"] == "").all()


def test_bad_input_is_named(d):
    with pytest.raises(CXInputError, match="unknown stat"):
        crosstab(d, rows="cat", columns="grp", stat="median")
    with pytest.raises(CXInputError) as err:
        crosstab(d, rows="cat", columns="group")
    assert err.value.problems[0].column == "group"
    with pytest.raises(CXInputError, match="needs numbers"):
        crosstab(d, rows="cat", columns="grp", stat="mean")
    with pytest.raises(CXInputError, match="no top box"):
        crosstab(d, rows="y", columns="grp", stat="top_box")
    neg = d.assign(w=d.w.where(d.index != 5, -1.0))
    with pytest.raises(CXInputError, match="weights are missing, negative"):
        crosstab(neg, rows="cat", columns="grp", weight="w")
    d2 = d.copy()
    assert crosstab(d2, rows="cat", columns="grp").table.shape[0] == 12
    pd.testing.assert_frame_equal(d, d2)  # not mutated
