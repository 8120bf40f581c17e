"""outcome_summary: each outcome type against independent implementations.

* unweighted shares: statsmodels ``proportion_confint(method="wilson")``;
* weighted shares, means and groups: R ``survey`` 4.1.1 (``svyciprop(method = "beta")``,
  ``svymean`` + ``confint(df = degf)``), values in tests/reference/outcomes_survey.json made by
  tests/reference/outcomes_survey.R from tests/reference/outcomes_data.csv;
* unweighted means: scipy's t-interval;
* NPS: a hand count of promoters and detractors.
"""

from __future__ import annotations

import json
from pathlib import Path

import numpy as np
import pandas as pd
import pytest
import yaml
from scipy import stats
from statsmodels.stats.proportion import proportion_confint

import cxresearch as cx
from cxresearch.errors import CXInputError

REF = Path(__file__).resolve().parent / "reference"
DATA = pd.read_csv(REF / "outcomes_data.csv")
R = json.loads((REF / "outcomes_survey.json").read_text())
TOL = 1e-8  # the same formulas in double precision: agreement to rounding


@pytest.mark.parametrize("x, n", [(30, 50), (0, 12), (12, 12), (1, 400), (173, 240)])
def test_wilson_matches_statsmodels(x, n):
    lo, hi = proportion_confint(x, n, alpha=0.05, method="wilson")
    assert cx.wilson_interval(x, n) == pytest.approx((lo, hi), abs=1e-12)
    lo90, hi90 = proportion_confint(x, n, alpha=0.10, method="wilson")
    assert cx.wilson_interval(x, n, level=0.90) == pytest.approx((lo90, hi90), abs=1e-12)


def test_unweighted_binary_is_wilson():
    t = cx.outcome_summary(DATA, outcome="recommend_flag", weight=False)
    x = int(DATA.recommend_flag.sum())
    lo, hi = proportion_confint(x, len(DATA), method="wilson")
    row = t.iloc[0]
    assert row["type"] == "binary" and row["unit"] == "percent" and row["n"] == len(DATA)
    assert row["estimate"] == pytest.approx(100 * x / len(DATA), abs=1e-12)
    assert (row["ci_low"], row["ci_high"]) == pytest.approx((100 * lo, 100 * hi), abs=1e-10)
    assert row["ci_method"] == "wilson"


def test_weighted_binary_matches_r_svyciprop_beta():
    t = cx.outcome_summary(DATA, outcome="recommend_flag", weight="w")
    est, lo, hi = R["weighted"]["binary"]
    assert t.loc[0, ["estimate", "ci_low", "ci_high"]].astype(float).tolist() == pytest.approx(
        [100 * est, 100 * lo, 100 * hi], abs=100 * TOL)
    assert t.loc[0, "ci_method"] == "korn-graubard"


def test_weighted_groups_match_r_domains():
    b = cx.outcome_summary(DATA, outcome="recommend_flag", weight="w", by="region")
    r = cx.outcome_summary(DATA, outcome="stars", type="rating", scale=(1, 5), weight="w",
                           by="region")
    assert b["region"].tolist() == ["north", "south"]
    for i, region in enumerate(["north", "south"]):
        ref = R[f"weighted_{region}"]
        assert b.loc[i, "n"] == ref["n"][0]
        assert b.loc[i, ["estimate", "ci_low", "ci_high"]].astype(float).tolist() == \
            pytest.approx([100 * v for v in ref["binary"]], abs=100 * TOL)
        mean, se, lo, hi = ref["mean"]
        assert r.loc[i, ["estimate", "se", "ci_low", "ci_high"]].astype(float).tolist() == \
            pytest.approx([mean, se, lo, hi], abs=TOL)
        assert r.loc[i, ["top_box", "top_box_ci_low", "top_box_ci_high"]].astype(float).tolist() \
            == pytest.approx([100 * v for v in ref["top_box"]], abs=100 * TOL)


def test_weighted_rating_matches_r_svymean():
    t = cx.outcome_summary(DATA, outcome="stars", type="rating", scale=(1, 5), weight="w")
    mean, se, lo, hi = R["weighted"]["mean"]
    row = t.iloc[0]
    assert (row["estimate"], row["se"], row["ci_low"], row["ci_high"]) == pytest.approx(
        (mean, se, lo, hi), abs=TOL)
    assert row["top_box_values"] == "4, 5" and row["unit"] == "mean"
    assert [row["top_box"], row["top_box_ci_low"], row["top_box_ci_high"]] == pytest.approx(
        [100 * v for v in R["weighted"]["top_box"]], abs=100 * TOL)


def test_unweighted_rating_is_t_interval_and_wilson_top_box():
    t = cx.outcome_summary(DATA, outcome="stars", type="rating", scale=(1, 5),
                           top_box=[5]).iloc[0]
    y = DATA.stars.to_numpy(float)
    lo, hi = stats.t.interval(0.95, len(y) - 1, loc=y.mean(), scale=stats.sem(y))
    assert (t["estimate"], t["ci_low"], t["ci_high"]) == pytest.approx((y.mean(), lo, hi),
                                                                      abs=1e-10)
    # R's unweighted design gives the same mean interval
    assert (t["estimate"], t["se"], t["ci_low"], t["ci_high"]) == pytest.approx(
        R["unweighted"]["mean"], abs=TOL)
    k = int((y == 5).sum())
    wl, wh = proportion_confint(k, len(y), method="wilson")
    assert (t["top_box"], t["top_box_ci_low"], t["top_box_ci_high"]) == pytest.approx(
        (100 * k / len(y), 100 * wl, 100 * wh), abs=1e-10)
    assert t["top_box_values"] == "5"


def test_nps_type_delegates_to_nps_hand_count():
    ltr = [10] * 23 + [9] * 12 + [8] * 20 + [7] * 15 + [6] * 10 + [3] * 20
    t = cx.outcome_summary(pd.DataFrame({"ltr": ltr}), outcome="ltr", scale=(0, 10)).iloc[0]
    assert t["type"] == "nps" and t["unit"] == "nps_points" and t["n"] == 100
    assert t["estimate"] == pytest.approx(100 * (35 - 30) / 100)
    assert (t["pct_promoters"], t["pct_detractors"]) == pytest.approx((35, 30))


def test_by_group_columns_and_small_base():
    t = cx.outcome_summary(DATA, outcome="recommend_flag", by="region", min_n=120)
    assert list(t.columns[:3]) == ["outcome", "type", "region"]
    assert t.set_index("region")["small_base"].to_dict() == {"north": False, "south": True}
    north = DATA[DATA.region == "north"].recommend_flag
    lo, hi = proportion_confint(north.sum(), len(north), method="wilson")
    assert t.loc[0, ["ci_low", "ci_high"]].astype(float).tolist() == pytest.approx(
        [100 * lo, 100 * hi], abs=1e-10)


def test_survey_outcomes_from_codebook(tmp_path):
    raw = DATA.assign(recommend_flag=DATA.recommend_flag.map({1: "Yes", 0: "No"}))
    raw.to_csv(tmp_path / "d.csv", index=False)
    cb = {"name": "Reviews", "data": "d.csv", "id": "id", "weight": "w",
          "recode": {"recommend_flag": {"yes": 1, "no": 0}},
          "outcomes": {"would_recommend": {"column": "recommend_flag", "type": "binary"},
                       "stars": {"column": "stars", "type": "rating", "scale": [1, 5],
                                 "top_box": [4, 5]}},
          "key_outcome": "would_recommend"}
    (tmp_path / "cb.yaml").write_text(yaml.safe_dump(cb))
    survey = cx.load(tmp_path / "cb.yaml", cache_dir=False)
    t = cx.outcome_summary(survey)  # key outcome, codebook weight
    assert t.loc[0, "outcome"] == "would_recommend"
    assert t.loc[0, "estimate"] == pytest.approx(100 * R["weighted"]["binary"][0], abs=1e-8)
    r = cx.outcome_summary(survey, outcome="stars", weight=False)
    assert r.loc[0, "estimate"] == pytest.approx(DATA.stars.mean())
    with pytest.raises(CXInputError, match="no outcome called 'nps'"):
        cx.outcome_summary(survey, outcome="nps")
    with pytest.raises(CXInputError, match="cx.outcome_summary"):
        cx.nps(survey)  # the key outcome is binary: no NPS
    with pytest.raises(CXInputError, match="cx outcome"):
        cx.nps(survey, outcome="stars")


@pytest.mark.parametrize("values, kind", [
    ([0, 1] * 20, "0/1"),
    ([True, False, True] * 10, "bool"),
])
def test_nps_refuses_flags(values, kind):
    with pytest.raises(CXInputError) as info:
        cx.nps(pd.DataFrame({"flag": values}), outcome="flag")
    assert "cx.outcome_summary" in str(info.value) and "cx outcome" in str(info.value)


def test_nps_refuses_a_rating_scale():
    with pytest.raises(CXInputError, match="not an NPS scale"):
        cx.nps(pd.DataFrame({"stars": [1, 2, 5, 4] * 10}), outcome="stars", scale=(1, 5))


def test_bad_outcome_values_and_unknown_type():
    with pytest.raises(CXInputError, match="not on the binary outcome's scale"):
        cx.outcome_summary(pd.DataFrame({"f": [0, 1, 2]}), outcome="f", type="binary")
    with pytest.raises(CXInputError, match="type is not known"):
        cx.outcome_summary(pd.DataFrame({"f": [3, 4, 5]}), outcome="f")
    with pytest.raises(CXInputError, match="needs its scale"):
        cx.outcome_summary(pd.DataFrame({"f": [3, 4, 5]}), outcome="f", type="rating")


def test_inputs_not_mutated_and_odd_column_names():
    df = pd.DataFrame({"Suosittelisi-kö ystävälle": [1, 0, 1, 1] * 10,
                       "ikä ryhmä": ["18-29", "30+"] * 20})
    before = df.copy()
    t = cx.outcome_summary(df, outcome="Suosittelisi-kö ystävälle", by="ikä ryhmä")
    pd.testing.assert_frame_equal(df, before)
    assert t["estimate"].tolist() == pytest.approx([100.0, 50.0])
    assert np.all(t["ci_low"] < t["estimate"] + 1e-12)
