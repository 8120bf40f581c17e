"""NPS against hand calculations from the published formulas (Rocks 2016; Kish 1965)."""

from __future__ import annotations

import json
from pathlib import Path

import numpy as np
import pandas as pd
import pytest
from scipy import stats

import cxresearch as cx
from cxresearch.errors import CXInputError
from cxresearch.metrics import nps_se, score_distribution
from cxresearch.simulate import simulate_nps_sample

Z = stats.norm.ppf(0.975)


def frame(P, Pa, D, low=0):
    """P promoters (10), Pa passives (7), D detractors (3 or 1)."""
    return pd.DataFrame({"ltr": [10] * P + [7] * Pa + [3 if low == 0 else 1] * D})


def test_wald_by_hand():
    t = cx.nps(frame(50, 30, 20), outcome="ltr", ci="wald").iloc[0]
    pP, pD = 0.5, 0.2
    se = np.sqrt((pP + pD - (pP - pD) ** 2) / 100)
    assert t["nps"] == pytest.approx(30.0, abs=1e-12)
    assert t["se"] == pytest.approx(100 * se, rel=1e-12)
    assert t["ci_low"] == pytest.approx(100 * (0.3 - Z * se), rel=1e-12)
    assert t["ci_high"] == pytest.approx(100 * (0.3 + Z * se), rel=1e-12)
    assert (t["promoters"], t["passives"], t["detractors"]) == (50, 30, 20)


def test_adjusted_wald_by_hand():
    # Rocks (2016): add 3/4 promoter and 3/4 detractor, n + 3
    P, Pa, D = 12, 5, 3
    n = P + Pa + D
    t = cx.nps(frame(P, Pa, D), outcome="ltr").iloc[0]
    pPa, pDa = (P + 0.75) / (n + 3), (D + 0.75) / (n + 3)
    center = pPa - pDa
    se = np.sqrt((pPa + pDa - center**2) / (n + 3))
    assert t["nps"] == pytest.approx(100 * (P - D) / n)
    assert t["ci_low"] == pytest.approx(100 * (center - Z * se), rel=1e-12)
    assert t["ci_high"] == pytest.approx(100 * (center + Z * se), rel=1e-12)


def test_ci_clipped_to_range():
    t = cx.nps(frame(10, 0, 0), outcome="ltr", ci="wald").iloc[0]
    assert t["ci_high"] == 100 and t["ci_low"] == 100  # zero variance at 100 %
    t = cx.nps(frame(10, 0, 0), outcome="ltr").iloc[0]
    assert t["ci_high"] <= 100 and t["ci_low"] < 100


def test_one_to_ten_scale_and_other_scales_refused():
    df = frame(5, 3, 2, low=1)
    t = cx.nps(df, outcome="ltr", scale=(1, 10)).iloc[0]
    assert t["nps"] == pytest.approx(30)
    with pytest.raises(CXInputError, match="not an NPS scale"):
        cx.nps(pd.DataFrame({"x": [1, 5, 7]}), outcome="x", scale=(1, 7))
    banded = cx.nps(pd.DataFrame({"x": [1, 2, 5, 7, 7]}), outcome="x", scale=(1, 7),
                    bands={"detractor": (1, 4), "passive": (5, 5), "promoter": (6, 7)})
    assert banded["nps"][0] == pytest.approx(100 * (2 - 2) / 5)


def test_values_outside_bands_are_errors():
    with pytest.raises(CXInputError) as info:
        cx.nps(pd.DataFrame({"ltr": [10, 0, 4]}), outcome="ltr", scale=(1, 10))
    (p,) = info.value.problems
    assert p.column == "ltr" and p.rows == (2,) and p.value == 0


def test_weighted_with_kish_n_eff():
    rng = np.random.default_rng(3)
    x = rng.integers(0, 11, 400)
    w = rng.uniform(0.2, 3, 400)
    t = cx.nps(pd.DataFrame({"ltr": x, "w": w}), outcome="ltr", weight="w", ci="wald",
               variance="kish").iloc[0]
    pP = w[x >= 9].sum() / w.sum()
    pD = w[x <= 6].sum() / w.sum()
    n_eff = w.sum() ** 2 / (w**2).sum()
    assert t["nps"] == pytest.approx(100 * (pP - pD), rel=1e-12)
    assert t["n_eff"] == pytest.approx(n_eff, rel=1e-12)
    assert t["se"] == pytest.approx(100 * np.sqrt((pP + pD - (pP - pD) ** 2) / n_eff), rel=1e-12)
    assert t["promoters"] == pytest.approx(w[x >= 9].sum()) and t["base"] == 400


def test_unit_weights_equal_unweighted():
    df = frame(40, 35, 25).assign(w=1.0)
    a = cx.nps(df, outcome="ltr")
    b = cx.nps(df, outcome="ltr", weight="w", variance="kish")
    pd.testing.assert_frame_equal(a.drop(columns="weighted"), b.drop(columns="weighted"),
                                  check_exact=False, rtol=1e-12)
    assert b["weighted"].all() and not a["weighted"].any() and b.attrs["weighted"]
    # the linearised variance of unit weights is the sample variance of d / n, i.e. the
    # trinomial V / (n − 1)
    a = cx.nps(df, outcome="ltr", ci="wald").iloc[0]
    b = cx.nps(df, outcome="ltr", weight="w", ci="wald").iloc[0]
    d = np.repeat([100.0, 0.0, -100.0], [40, 35, 25])
    assert b["se"] == pytest.approx(d.std(ddof=1) / np.sqrt(100), rel=1e-12)
    assert b["se"] == pytest.approx(a["se"] * np.sqrt(100 / 99), rel=1e-12)


def test_bootstrap_agrees_with_wald_in_large_samples():
    df = pd.DataFrame({"ltr": simulate_nps_sample(4000, nps=25, seed=1)})
    wald = cx.nps(df, outcome="ltr", ci="wald").iloc[0]
    boot = cx.nps(df, outcome="ltr", ci="bootstrap", n_boot=4000, seed=2).iloc[0]
    # percentile bootstrap of a mean-like statistic: within ~0.3 points of Wald at n = 4000
    assert boot["ci_low"] == pytest.approx(wald["ci_low"], abs=0.4)
    assert boot["ci_high"] == pytest.approx(wald["ci_high"], abs=0.4)
    assert boot["se"] == pytest.approx(wald["se"], rel=0.05)
    df["w"] = 1.0
    wboot = cx.nps(df, outcome="ltr", weight="w", ci="bootstrap", n_boot=600, seed=2).iloc[0]
    assert wboot["se"] == pytest.approx(wald["se"], rel=0.1)


def test_adjusted_wald_coverage_small_samples():
    # known population NPS = 20 (40 % promoters, 20 % detractors); n = 40; 4000 samples
    rng = np.random.default_rng(11)
    counts = rng.multinomial(40, [0.4, 0.4, 0.2], size=4000)
    pP, pD = counts[:, 0] / 40, counts[:, 2] / 40
    center, se = nps_se(pP, pD, 40.0, adjusted=True)
    covered = (center - Z * se <= 0.2) & (0.2 <= center + Z * se)
    # binomial SE of the coverage rate at 4000 samples is about 0.35 points
    assert 0.935 <= covered.mean() <= 0.965


def test_by_groups_equal_subsets(survey):
    by = cx.nps(survey, by="channel")
    for _, row in by.iterrows():
        sub = cx.nps(survey.filter("channel", row["channel"])).iloc[0]
        assert row["nps"] == pytest.approx(sub["nps"], rel=1e-12)
    # with Kish's n_eff the interval of a group equals that of its subset exactly; the
    # linearised one is a domain of the whole sample (svyby), its factor m/(m − 1) uses the
    # whole sample's m
    kish = cx.nps(survey, by="channel", variance="kish")
    for _, row in kish.iterrows():
        sub = cx.nps(survey.filter("channel", row["channel"]), variance="kish").iloc[0]
        assert row["ci_low"] == pytest.approx(sub["ci_low"], rel=1e-12)
    two = cx.nps(survey, by=["channel", "region"])
    assert two["base"].sum() == by["base"].sum()


def test_small_base_flag():
    df = pd.DataFrame({"ltr": [10] * 50 + [3] * 10, "g": ["a"] * 50 + ["b"] * 10})
    t = cx.nps(df, outcome="ltr", by="g", min_n=30)
    assert t.set_index("g")["small_base"].to_dict() == {"a": False, "b": True}


def test_nps_does_not_mutate(survey):
    before = survey.data.copy()
    cx.nps(survey, by="region")
    pd.testing.assert_frame_equal(before, survey.data)


def test_survey_defaults_use_codebook_weight(survey):
    d = survey.data
    auto = cx.nps(survey).iloc[0]
    manual = cx.nps(d, outcome="ltr", weight="weight").iloc[0]
    unweighted = cx.nps(survey, weight=False).iloc[0]
    assert auto["nps"] == pytest.approx(manual["nps"])
    assert unweighted["n_eff"] == unweighted["base"] != auto["n_eff"]


def test_nps_test_by_hand():
    a = frame(60, 20, 20).assign(g="a")
    b = frame(45, 25, 30).assign(g="b")
    t = cx.nps_test(pd.concat([a, b]), outcome="ltr", by="g").iloc[0]
    # adjusted-Wald SEs by hand (Rocks 2016): (P + 3/4) / (n + 3), (D + 3/4) / (n + 3)
    def adj_se(P, D, n):
        pa, da = (P + 0.75) / (n + 3), (D + 0.75) / (n + 3)
        return np.sqrt((pa + da - (pa - da) ** 2) / (n + 3))

    se = np.hypot(adj_se(60, 20, 100), adj_se(45, 30, 100))
    z = (0.60 - 0.20 - 0.45 + 0.30) / se   # one centre: the observed difference
    assert t["diff"] == pytest.approx(40 - 15)
    assert t["z"] == pytest.approx(z, rel=1e-12)
    assert t["p_value"] == pytest.approx(2 * stats.norm.sf(abs(z)), rel=1e-12)
    w = cx.nps_test(pd.concat([a, b]), outcome="ltr", by="g", method="wald").iloc[0]
    se_w = np.sqrt((0.8 - 0.16) / 100 + (0.75 - 0.0225) / 100)
    assert w["se"] == pytest.approx(100 * se_w, rel=1e-12)


def test_nps_test_pairs_fdr_and_suppression():
    df = pd.concat([frame(60, 20, 20).assign(g="a"), frame(45, 25, 30).assign(g="b"),
                    frame(40, 30, 30).assign(g="c"), frame(5, 3, 2).assign(g="tiny")])
    t = cx.nps_test(df, outcome="ltr", by="g", min_n=30)
    assert len(t) == 6
    tiny = t[(t.group_a == "tiny") | (t.group_b == "tiny")]
    assert tiny["suppressed"].all() and tiny["p_value"].isna().all()
    from statsmodels.stats.multitest import multipletests

    ok = t[~t["suppressed"]]
    np.testing.assert_allclose(ok["p_adjusted"], multipletests(ok["p_value"], method="fdr_bh")[1])


def test_score_distribution_weighted():
    df = pd.DataFrame({"ltr": [0, 10, 10, 7], "w": [1, 2, 1, 4]})
    d = score_distribution(df, outcome="ltr", weight="w").set_index("value")
    assert d.loc[10, "share"] == pytest.approx(100 * 3 / 8)
    assert d.loc[0, "category"] == "detractor" and len(d) == 11


def test_kish():
    assert cx.kish_n_eff(np.ones(10)) == 10
    w = np.array([1.0, 3.0])
    assert cx.kish_n_eff(w) == pytest.approx(16 / 10)


def test_nps_test_single_group_is_empty_not_an_error():
    t = cx.nps_test(frame(5, 3, 2).assign(g="only"), outcome="ltr", by="g")
    assert t.empty and {"p_value", "p_adjusted", "significant"} <= set(t.columns)


def test_duckdb_sources_equal_pandas(tmp_path):
    import duckdb

    from cxresearch.simulate import simulate_large

    df = simulate_large(30_000, seed=5)
    df.to_parquet(tmp_path / "big.parquet")
    df.to_csv(tmp_path / "big.csv", index=False)
    keys = ["segment", "channel"]
    ref = cx.nps(df, outcome="ltr", by=keys, weight="weight")
    ref = ref.assign(**{k: ref[k].astype(str) for k in keys}).sort_values(keys)
    # Parquet keeps the float32 weights exactly; CSV writes them as rounded decimal text
    for source, rtol in ((tmp_path / "big.parquet", 1e-10), (str(tmp_path / "big.csv"), 1e-6)):
        got = cx.nps(source, outcome="ltr", by=keys, weight="weight")
        # categorical groups come back as text from DuckDB: compare by key, not position
        got = got.assign(**{k: got[k].astype(str) for k in keys}).sort_values(keys)
        assert got[keys].values.tolist() == ref[keys].values.tolist()
        for col in ("base", "n", "promoters", "detractors", "nps", "ci_low", "ci_high",
                    "n_eff"):
            np.testing.assert_allclose(got[col].to_numpy(float), ref[col].to_numpy(float),
                                       rtol=rtol, atol=1e-9, err_msg=col)
        assert got.attrs["engine"] == "duckdb"
    rel = duckdb.sql(f"SELECT * FROM read_parquet('{tmp_path / 'big.parquet'}') "
                     "WHERE channel = 'web'")
    got = cx.nps(rel, outcome="ltr", by="month", ci="wald")
    ref = cx.nps(df[df.channel == "web"], outcome="ltr", by="month", ci="wald")
    np.testing.assert_allclose(got["nps"], ref["nps"], atol=1e-10)
    np.testing.assert_allclose(got["ci_high"], ref["ci_high"], atol=1e-10)
    boot = cx.nps(tmp_path / "big.parquet", outcome="ltr", ci="bootstrap", n_boot=3000, seed=1)
    wald = cx.nps(df, outcome="ltr", ci="wald")
    assert boot["se"][0] == pytest.approx(wald["se"][0], rel=0.06)


def test_duckdb_source_errors(tmp_path):
    df = pd.DataFrame({"ltr": [10, 9, 12, 3], "w": [1.0, 1, 1, 1]})
    df.to_parquet(tmp_path / "bad.parquet")
    with pytest.raises(CXInputError, match="fall in no NPS band") as info:
        cx.nps(tmp_path / "bad.parquet", outcome="ltr")
    assert info.value.problems[0].value == 12
    with pytest.raises(CXInputError, match="column 'nope'"):
        cx.nps(tmp_path / "bad.parquet", outcome="nope")
    with pytest.raises(CXInputError, match="does not exist"):
        cx.nps(tmp_path / "none.parquet", outcome="ltr")
    with pytest.raises(CXInputError, match="weighted bootstrap"):
        cx.nps(tmp_path / "bad.parquet", outcome="ltr", weight="w", ci="bootstrap")


REF = Path(__file__).parent / "reference"


def test_weighted_nps_equals_r_survey_svymean():
    """Design-based SE equals R survey::svymean / svyby (tests/reference/weighted_nps.R)."""
    ref = json.loads((REF / "weighted_nps.json").read_text())
    d = pd.read_csv(REF / "weighted_nps.csv")
    t = cx.nps(d, outcome="ltr", weight="w", ci="wald").iloc[0]
    assert t["nps"] == pytest.approx(ref["overall"]["nps"], rel=1e-9)
    assert t["se"] == pytest.approx(ref["overall"]["se"], rel=1e-6)
    assert t["ci_low"] == pytest.approx(ref["overall"]["nps"] - Z * ref["overall"]["se"],
                                        rel=1e-6)
    # Kish's n_eff is kept as information; the linearised SE differs from its SE here
    assert t["n_eff"] == pytest.approx(d["w"].sum() ** 2 / (d["w"] ** 2).sum(), rel=1e-12)
    kish = cx.nps(d, outcome="ltr", weight="w", ci="wald", variance="kish").iloc[0]
    assert abs(kish["se"] / t["se"] - 1) > 1e-3
    by = cx.nps(d, outcome="ltr", weight="w", ci="wald", by="group").set_index("group")
    for g, r in ref["by_group"].items():
        assert by.loc[g, "nps"] == pytest.approx(r["nps"], rel=1e-9)
        assert by.loc[g, "se"] == pytest.approx(r["se"], rel=1e-6)
    # the same through DuckDB
    duck = cx.nps(duckdb_relation(d), outcome="ltr", weight="w", ci="wald", by="group")
    np.testing.assert_allclose(duck.sort_values("group")["se"],
                               [ref["by_group"][g]["se"] for g in sorted(ref["by_group"])],
                               rtol=1e-6)
    assert cx.nps(d, outcome="ltr", weight="w").attrs["variance"] == "linearized"


def duckdb_relation(df):
    import duckdb

    con = duckdb.connect()
    con.register("d", df)
    return con.sql("SELECT * FROM d")


@pytest.mark.parametrize("factor", [1e-200, 1e200])
def test_weighted_results_invariant_to_rescaling(factor):
    d = pd.read_csv(REF / "weighted_nps.csv")
    ref = cx.nps(d, outcome="ltr", weight="w", by="group")
    got = cx.nps(d.assign(w=d["w"] * factor), outcome="ltr", weight="w", by="group")
    for col in ("nps", "se", "ci_low", "ci_high", "n_eff", "n_design", "pct_promoters"):
        np.testing.assert_allclose(got[col], ref[col], rtol=1e-10, err_msg=col)
    np.testing.assert_allclose(got["n"] / factor, ref["n"], rtol=1e-10)
    t0 = cx.nps_test(d, outcome="ltr", weight="w", by="group")
    t1 = cx.nps_test(d.assign(w=d["w"] * factor), outcome="ltr", weight="w", by="group")
    np.testing.assert_allclose(t1["p_value"], t0["p_value"], rtol=1e-10)


@pytest.mark.parametrize("bad, what", [(-1.0, "negative"), (np.inf, "infinite"),
                                       (np.nan, "missing")])
def test_bad_weights_refused(bad, what):
    d = pd.read_csv(REF / "weighted_nps.csv")
    d.loc[5, "w"] = bad
    with pytest.raises(CXInputError, match=what) as info:
        cx.nps(d, outcome="ltr", weight="w")
    assert info.value.problems[0].column == "w"
    with pytest.raises(CXInputError, match="all weights are zero"):
        cx.nps(d.assign(w=0.0), outcome="ltr", weight="w")
    if bad == -1.0:
        with pytest.raises(CXInputError, match="negative"):
            cx.nps(duckdb_relation(d), outcome="ltr", weight="w")


def test_nps_test_interval_contains_its_centre():
    # issue 13 item 5: 30 all-10 vs 30 all-0 gave 200 with CI 164.5-199.1
    df = pd.DataFrame({"ltr": [10] * 30 + [0] * 30, "g": ["a"] * 30 + ["b"] * 30})
    for method in ("adjusted-wald", "wald"):
        t = cx.nps_test(df, outcome="ltr", by="g", method=method).iloc[0]
        assert t["diff"] == 200
        assert t["ci_low"] <= t["diff"] <= t["ci_high"] <= 200
    t = cx.nps_test(df, outcome="ltr", by="g").iloc[0]
    assert t["ci_low"] < 200 and t["ci_high"] == 200
    # in general the interval is centred on the reported difference
    rng = np.random.default_rng(4)
    df = pd.DataFrame({"ltr": rng.integers(0, 11, 300), "g": rng.choice(list("xyz"), 300)})
    t = cx.nps_test(df, outcome="ltr", by="g")
    np.testing.assert_allclose((t["ci_low"] + t["ci_high"]) / 2, t["diff"], atol=1e-9)
    np.testing.assert_allclose(t["z"], t["diff"] / t["se"], rtol=1e-12)


@pytest.mark.parametrize("values, kind", [
    ([0, 1, 1, 0, 1] * 6, "flag"), ([True, False, True] * 10, "bool"),
    ([0.0, 1.0, np.nan] * 10, "flag")])
def test_nps_refuses_flags_the_same_on_pandas_and_duckdb(tmp_path, values, kind):
    # issue 12: the DuckDB path (Parquet, relations) let 0/1 flags and booleans through
    df = pd.DataFrame({"flag": values})
    df.to_parquet(tmp_path / "flag.parquet")
    messages = []
    for source in (df, tmp_path / "flag.parquet", str(tmp_path / "flag.parquet"),
                   duckdb_relation(df)):
        with pytest.raises(CXInputError) as info:
            cx.nps(source, outcome="flag")
        p = info.value.problems[0]
        assert p.column == "flag" and "outcome_summary" in p.fix
        messages.append((p.what, p.fix))
    assert len(set(messages)) == 1
    assert ("true/false" if kind == "bool" else "only 0 and 1") in messages[0][0]
    # a 0-10 score that happens to use 0 and 1 among others is still an NPS on both paths
    ok = pd.DataFrame({"flag": [0, 1, 10, 9, 5] * 6})
    ok.to_parquet(tmp_path / "ok.parquet")
    np.testing.assert_allclose(cx.nps(tmp_path / "ok.parquet", outcome="flag")["nps"],
                               cx.nps(ok, outcome="flag")["nps"])
