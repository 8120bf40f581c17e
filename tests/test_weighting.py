"""Raking (cxresearch.weighting) against a hand calculation, ipfn and R's survey::rake."""

from __future__ import annotations

import json
import math
import warnings
from pathlib import Path

import numpy as np
import pandas as pd
import pytest

from cxresearch.errors import CXInputError
from cxresearch.weighting import design_effect, rake, rake_fit

ROOT = Path(__file__).resolve().parent.parent
REF = ROOT / "tests" / "reference"
AGE = {"18-29": 0.2, "30-49": 0.35, "50+": 0.45}
REGION = {"north": 0.3, "south": 0.3, "east": 0.25, "west": 0.15}


@pytest.fixture(scope="module")
def ref_data() -> pd.DataFrame:
    return pd.read_csv(REF / "crosstab_rake_data.csv")


def _hand_frame() -> pd.DataFrame:
    # cells (sex, age): (m, y) 1, (m, o) 1, (f, y) 1, (f, o) 2 respondents
    return pd.DataFrame({"sex": ["m", "m", "f", "f", "f"], "age": ["y", "o", "y", "o", "o"]})


def test_one_cycle_by_hand():
    # Deming & Stephan (1940): sex step m 2 -> 2.5 (x 5/4), f 3 -> 2.5 (x 5/6); then the age
    # step y 5/4 + 5/6 = 25/12 -> 2.5 (x 6/5), o 5/4 + 10/6 = 35/12 -> 2.5 (x 6/7).
    df = _hand_frame()
    with pytest.warns(RuntimeWarning, match="did not converge"):
        res = rake_fit(df, targets={"sex": {"m": .5, "f": .5}, "age": {"y": .5, "o": .5}},
                       max_iter=1)
    hand = [5 / 4 * 6 / 5, 5 / 4 * 6 / 7, 5 / 6 * 6 / 5, 5 / 6 * 6 / 7, 5 / 6 * 6 / 7]
    np.testing.assert_allclose(res.weights, np.array(hand) * 5 / sum(hand), rtol=1e-12)
    assert not res.converged and res.iterations == 1


def test_fixed_point_keeps_the_cross_product_ratio():
    # IPF keeps the odds ratio of the sample table (here (1*2)/(1*1) = 2) while hitting the
    # margins, so the raked cell totals are [[x, 2.5-x], [2.5-x, x]] with x/(2.5-x) = sqrt 2.
    res = rake_fit(_hand_frame(), targets={"sex": {"m": .5, "f": .5}, "age": {"y": .5, "o": .5}})
    x = 2.5 * math.sqrt(2) / (1 + math.sqrt(2))
    np.testing.assert_allclose(res.weights, [x, 2.5 - x, 2.5 - x, x / 2, x / 2], rtol=1e-9)
    assert res.converged and res.max_error < 1e-10
    w = res.weights.to_numpy()
    assert res.design_effect == pytest.approx(5 * (w**2).sum() / w.sum() ** 2, rel=1e-12)
    assert res.efficiency == pytest.approx(1 / res.design_effect)


@pytest.mark.filterwarnings("ignore:The inplace keyword")
def test_matches_ipfn_and_r_survey_rake(ref_data):
    from ipfn import ipfn  # test-only dependency (dev extra)

    res = rake_fit(ref_data, targets={"age": AGE, "region": REGION}, weight="w")
    assert res.converged
    total = ref_data.w.sum()
    aggregates = [pd.Series({k: v * total for k, v in AGE.items()}).rename_axis("age"),
                  pd.Series({k: v * total for k, v in REGION.items()}).rename_axis("region")]
    frame = ref_data[["age", "region", "w"]].copy()
    out = ipfn.ipfn(frame, aggregates, [["age"], ["region"]], weight_col="w",
                    convergence_rate=1e-14, max_iteration=2000).iteration()
    np.testing.assert_allclose(res.weights.to_numpy(), out["w"].to_numpy(), rtol=1e-8)
    r = json.loads((REF / "crosstab_rake.json").read_text())
    np.testing.assert_allclose(res.weights.to_numpy(), r["rake"]["weights"], rtol=1e-8)
    assert res.weights.sum() == pytest.approx(total)
    m = res.margins.set_index(["variable", "level"])
    assert m.loc[("age", "50+"), "achieved"] == pytest.approx(0.45, abs=1e-10)
    sample = ref_data.loc[ref_data.age == "50+", "w"].sum() / total
    assert m.loc[("age", "50+"), "sample"] == pytest.approx(sample)
    assert ref_data.w.iloc[0] == 0.7798  # the input is not changed


def test_bounds_hold_and_margins_still_hit(ref_data):
    free = rake_fit(ref_data, targets={"age": AGE, "region": REGION}, weight="w")
    res = rake_fit(ref_data, targets={"age": AGE, "region": REGION}, weight="w",
                   bounds=(0.5, 2.5))
    w = res.weights.to_numpy()
    rel = w / w.mean()
    assert free.weights.max() / free.weights.mean() > 2.5  # the bounds bite
    assert res.converged
    assert rel.min() >= 0.5 - 1e-6 and rel.max() <= 2.5 + 1e-6
    for var, shares in (("age", AGE), ("region", REGION)):
        got = pd.Series(w).groupby(ref_data[var].to_numpy()).sum() / w.sum()
        for level, share in shares.items():
            assert got[level] == pytest.approx(share, abs=1e-9)
    assert res.design_effect < free.design_effect  # trimming lowers the design effect


def test_impossible_bounds_report_no_convergence(ref_data):
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        res = rake_fit(ref_data, targets={"age": AGE, "region": REGION}, weight="w",
                       bounds=(0.95, 1.05), max_iter=50)
    assert not res.converged and res.max_error > 1e-3
    assert any("did not converge" in str(c.message) for c in caught)


def test_rake_series_and_levels_as_numbers():
    df = pd.DataFrame({"g": [1, 1, 1, 2]})
    w = rake(df, targets={"g": {"1": 0.5, "2": 0.5}})  # YAML keys as text match numbers
    assert w.name == "weight_raked" and list(w.index) == list(df.index)
    assert w.tolist() == pytest.approx([2 / 3, 2 / 3, 2 / 3, 2])
    assert design_effect([1, 1, 1, 1]) == 1.0


@pytest.mark.parametrize("targets, column, text", [
    ({"age": {"18-29": 0.2, "30-49": 0.35, "50+": 0.5}}, "age", "add up to 1.05"),
    ({"age": {"18-29": 0.2, "30-49": 0.35, "50+": 0.4, "70+": 0.05}}, "age", "'70+' does not"),
    ({"age": {"18-29": 0.55, "30-49": 0.45}}, "age", "'50+' has no target"),
    ({"agegroup": {"a": 1.0}}, "agegroup", "not in the data"),
    ({"age": {"18-29": "a lot", "30-49": 0.35, "50+": 0.45}}, "age", "not a number"),
])
def test_bad_targets_name_variable_and_level(ref_data, targets, column, text):
    with pytest.raises(CXInputError) as err:
        rake(ref_data, targets=targets)
    assert any(p.column == column and text in str(p) for p in err.value.problems), str(err.value)


def test_missing_values_and_bad_bounds_are_refused(ref_data):
    df = ref_data.copy()
    df.loc[[3, 7], "age"] = np.nan
    with pytest.raises(CXInputError, match="2 respondents have no value") as err:
        rake(df, targets={"age": AGE})
    assert err.value.problems[0].rows == (4, 8)
    with pytest.raises(CXInputError, match="0 <= lo < 1 < hi"):
        rake(ref_data, targets={"age": AGE}, bounds=(2, 3))


def _raked_codebook(tmp_path, weighting: str):
    import shutil

    from cxresearch.io import bundled_codebook

    src = bundled_codebook()
    shutil.copy(src.with_suffix(".csv"), tmp_path / "retail_cx.csv")
    path = tmp_path / "retail_cx.yaml"
    path.write_text(src.read_text() + weighting)
    return path


def test_codebook_weighting_is_applied_on_load(tmp_path):
    from cxresearch.io import load

    path = _raked_codebook(tmp_path, "weighting:\n  rake:\n"
                           "    age_group: {18-29: 0.2, 30-44: 0.25, 45-59: 0.25, 60+: 0.3}\n"
                           "    region: {1: 0.3, 2: 0.25, 3: 0.25, 4: 0.2}\n"
                           "  bounds: [0.2, 5]\n")
    raw = (tmp_path / "retail_cx.csv").read_bytes()
    survey = load(path, cache_dir=False)
    d = survey.data
    assert survey.codebook.weight == "weight_raked" and survey.codebook.base_weight == "weight"
    w = d["weight_raked"]
    share = w.groupby(d["region"]).sum() / w.sum()  # codes 1..4 matched through the labels
    assert share["Uusimaa"] == pytest.approx(0.3, abs=1e-9)
    assert (w.groupby(d["age_group"]).sum() / w.sum())["18-29"] == pytest.approx(0.2, abs=1e-9)
    # the codebook's weight is the base weight: same as raking by hand from it
    targets = {"age_group": {"18-29": 0.2, "30-44": 0.25, "45-59": 0.25, "60+": 0.3},
               "region": {"Uusimaa": 0.3, "Pirkanmaa": 0.25, "Varsinais-Suomi": 0.25,
                          "Pohjois-Pohjanmaa": 0.2}}
    by_hand = rake(d, targets=targets, weight="weight", bounds=(0.2, 5))
    np.testing.assert_allclose(w, by_hand, rtol=1e-9)
    # analyses pick the raked weight up as the survey weight
    from cxresearch.metrics import nps

    got = nps(survey)["nps"].iloc[0]
    cat = np.where(d.ltr >= 9, 1, np.where(d.ltr <= 6, -1, 0))
    ok = d.ltr.notna()
    assert got == pytest.approx(100 * np.average(cat[ok], weights=w[ok]), abs=1e-9)
    assert (tmp_path / "retail_cx.csv").read_bytes() == raw
    from cxresearch.crosstab import crosstab

    assert crosstab(survey, rows="region", columns="channel").weight == "weight_raked"
    # cx.rake on the survey starts from the codebook's base weight, not the raked one
    other = {"age_group": {"18-29": 0.1, "30-44": 0.3, "45-59": 0.3, "60+": 0.3}}
    np.testing.assert_allclose(rake(survey, targets=other), rake(d, targets=other,
                                                                 weight="weight"), rtol=1e-12)
    again = load(survey.codebook, cache_dir=False)  # a loaded codebook loads again
    np.testing.assert_allclose(again.data["weight_raked"], w)


def test_codebook_weighting_errors_name_the_codebook(tmp_path):
    from cxresearch.io import load

    path = _raked_codebook(tmp_path, "weighting:\n  rake:\n"
                           "    age_group: {18-29: 0.2, 30-44: 0.25, 45-59: 0.25, 70+: 0.3}\n")
    with pytest.raises(CXInputError) as err:
        load(path, cache_dir=False)
    text = str(err.value)
    assert "retail_cx.yaml, weighting" in text and "'70+' does not occur" in text
    assert "'60+' has no target" in text
    bad = _raked_codebook(tmp_path, "weighting:\n  rake: {}\n  bounds: [2, 1]\n")
    with pytest.raises(CXInputError, match="needs a 'rake' mapping"):
        load(bad, cache_dir=False)
