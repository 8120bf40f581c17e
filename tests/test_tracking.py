"""Waves, before/after with DiD, carry-over, journey and segments."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest
import statsmodels.formula.api as smf

import cxresearch as cx
from cxresearch import summaries
from cxresearch.errors import CXInputError
from cxresearch.i18n import fmt_pts
from cxresearch.tracking import (
    before_after,
    carryover,
    channel_gap,
    journey_nps,
    segment_profile,
    wave_changes,
    wave_nps,
)


def test_wave_nps_and_changes(survey):
    waves = wave_nps(survey)
    for _, row in waves.iterrows():
        sub = cx.nps(survey.filter("wave", row["wave"])).iloc[0]
        assert row["nps"] == pytest.approx(sub["nps"])
    from statsmodels.stats.multitest import multipletests

    for weighted in (False, True):
        ch = wave_changes(survey, weight=None if weighted else False)
        assert len(ch) == 3
        d = survey.data.dropna(subset=["ltr"])
        for _, row in ch.iterrows():
            part = d[d.wave.isin([row["from_wave"], row["to_wave"]])]
            frame = pd.DataFrame({"y": np.where(part.ltr >= 9, 100.0,
                                                np.where(part.ltr <= 6, -100.0, 0.0)),
                                  "later": (part.wave == row["to_wave"]).astype(int)})
            model = (smf.wls("y ~ later", frame, weights=part.weight.to_numpy()) if weighted
                     else smf.ols("y ~ later", frame))
            fit = model.fit(cov_type="HC0")
            # the change is the (weighted) difference in NPS = the regression's coefficient
            assert row["change"] == pytest.approx(fit.params["later"], rel=1e-10)
            # nps_test's adjusted-Wald interval and p stay within 0.1 points / 0.005 of the
            # plain Wald (HC0) ones at these n (about 900 per wave)
            if not weighted:
                assert row["p_value"] == pytest.approx(fit.pvalues["later"], abs=0.005)
                lo, hi = fit.conf_int().loc["later"]
                assert row["ci_low"] == pytest.approx(lo, abs=0.1)
                assert row["ci_high"] == pytest.approx(hi, abs=0.1)
            assert row["ci_low"] <= row["change"] <= row["ci_high"]
        np.testing.assert_allclose(ch["p_adjusted"],
                                   multipletests(ch["p_value"], method="fdr_bh")[1], rtol=1e-12)


def test_did_equals_regression_and_hand(survey):
    ba = before_after(survey, change_date="2026-03-01", by="channel", treated="store",
                      weight=False)
    d = survey.data.dropna(subset=["ltr"])
    y = np.where(d.ltr >= 9, 100.0, np.where(d.ltr <= 6, -100.0, 0.0))
    after = (d.response_date >= "2026-03-01").astype(int)
    treated = (d.channel == "store").astype(int)
    frame = pd.DataFrame({"y": y, "after": after, "treated": treated})
    means = frame.groupby(["treated", "after"])["y"].mean()
    hand = (means[1, 1] - means[1, 0]) - (means[0, 1] - means[0, 0])
    assert ba.did["estimate"] == pytest.approx(hand)
    fit = smf.ols("y ~ treated * after", frame).fit(cov_type="HC3")
    assert ba.regression["estimate"] == pytest.approx(fit.params["treated:after"])
    assert ba.did["se"] == pytest.approx(ba.regression["se"], rel=0.05)


def test_did_recovers_a_known_effect():
    # a large simulated service improvement in stores: the DiD is clearly positive
    sim = cx.simulate_survey(12000, seed=4, intervention={"driver": "service", "channel": "store",
                                                          "from_wave": 3, "shift": 1.5},
                             wave_shift=[0.0, 0.2, 0.4, 0.6])
    import tempfile

    folder = tempfile.mkdtemp()
    sim.write(folder)
    s = cx.load(f"{folder}/retail_cx.yaml", cache_dir=False)
    ba = before_after(s, change_date="2026-03-01", by="channel", treated="store")
    assert ba.did["ci_low"] > 0 and ba.did["p_value"] < 0.001
    # everyone improves over waves, so the plain before/after overstates the effect
    assert ba.change["estimate"] > ba.did["estimate"]


def test_before_after_errors(survey):
    with pytest.raises(CXInputError, match="no responses before"):
        before_after(survey, change_date="2020-01-01", by="channel", treated="store")
    with pytest.raises(CXInputError, match="treated is missing"):
        before_after(survey, change_date="2026-03-01", by="channel")


def test_carryover(survey):
    c = carryover(survey)
    assert c.pairs > 300
    assert c.r_previous["ci_low"] > 0.2   # latent carry-over 0.5, attenuated by measurement
    with pytest.raises(CXInputError, match="no panel"):
        carryover(survey.data)


def test_journey_and_gap(survey):
    j = journey_nps(survey)
    assert set(j["level"]) == {"phase", "touchpoint", "channel"}
    assert j[j.level == "phase"]["base"].sum() == cx.nps(survey)["base"][0]
    g = channel_gap(survey)
    assert g.n > 100 and (g.customers["gap"] >= 0).all()
    assert (g.customers["channels"] >= 2).all()


def test_segment_profile_suppresses(survey):
    from statsmodels.stats.weightstats import DescrStatsW

    p = segment_profile(survey, by="region", min_n=600, weight=False)
    small = p[p["suppressed"]]
    assert len(small) == 2 and small[["nps", "service", "price"]].isna().all().all()
    big = p[~p["suppressed"]].set_index("region")
    d = survey.data
    assert big.loc["Uusimaa", "service"] == pytest.approx(d[d.region == "Uusimaa"].service.mean())
    assert not p["weighted"].any()
    pw = segment_profile(survey, by="region", min_n=600).set_index("region")  # codebook weight
    assert pw["weighted"].all()
    u = d[(d.region == "Uusimaa") & d.service.notna()]
    assert pw.loc["Uusimaa", "service"] == pytest.approx(
        DescrStatsW(u.service, weights=u.weight).mean, rel=1e-12)
    assert pw.loc["Uusimaa", "nps"] == pytest.approx(
        cx.nps(survey, by="region").set_index("region").loc["Uusimaa", "nps"], rel=1e-12)


def test_text_wave_labels_in_time_order():
    rng = np.random.default_rng(0)
    labels = ["Q1 2026", "Q3 2025", "Q4 2025", "Q2 2026"]   # alphabetical order is wrong
    df = pd.DataFrame({"ltr": rng.integers(0, 11, 400), "w": np.repeat(labels, 100)})
    t = wave_nps(df, wave="w", outcome="ltr")
    assert t["w"].tolist() == ["Q3 2025", "Q4 2025", "Q1 2026", "Q2 2026"]
    part = df[df.w == "Q3 2025"].ltr
    assert t.loc[0, "nps"] == pytest.approx(100 * ((part >= 9).mean() - (part <= 6).mean()))
    ch = wave_changes(df, wave="w", outcome="ltr")
    assert list(zip(ch.from_wave, ch.to_wave, strict=True)) == [("Q3 2025", "Q4 2025"),
                                                    ("Q4 2025", "Q1 2026"),
                                                    ("Q1 2026", "Q2 2026")]


def test_weighted_before_after_uses_the_linearisation_se(survey):
    # svymean's linearisation SE of a weighted mean = the HC1 sandwich SE of a weighted
    # intercept-only regression (statsmodels, independent of cxresearch.metrics)
    import statsmodels.api as sm

    d = survey.data.copy()
    d["w_test"] = np.random.default_rng(7).uniform(0.3, 3.0, len(d))
    ba = before_after(d, change_date="2026-03-01", date="response_date", outcome="ltr",
                      weight="w_test")
    assert ba.weighted is True
    d = d.dropna(subset=["ltr", "response_date"])
    y = np.where(d.ltr >= 9, 100.0, np.where(d.ltr <= 6, -100.0, 0.0))
    after = pd.to_datetime(d.response_date) >= "2026-03-01"
    cells = ba.cells.set_index("period")
    for period, mask in (("before", ~after), ("after", after)):
        fit = sm.WLS(y[mask], np.ones(mask.sum()), weights=d.w_test[mask]).fit(cov_type="HC1")
        assert cells.loc[period, "nps"] == pytest.approx(fit.params[0], abs=1e-9)
        assert cells.loc[period, "se"] == pytest.approx(fit.bse[0], rel=1e-9)
    assert before_after(d, change_date="2026-03-01", date="response_date", outcome="ltr",
                        weight=False).weighted is False


def _weighted_r(x, y, w):
    from statsmodels.stats.weightstats import DescrStatsW

    return DescrStatsW(np.column_stack([x, y]), weights=w).corrcoef[0, 1]


@pytest.mark.parametrize("weighted", [False, True])
def test_carryover_equals_an_independent_computation(survey, weighted):
    from scipy import stats

    c = carryover(survey, weight=None if weighted else False)
    assert c.weighted is weighted
    d = survey.data.sort_values(["customer_id", "wave"]).copy()
    drivers = survey.drivers
    d["exp"] = d[drivers].mean(axis=1)
    g = d.groupby("customer_id")
    d["prev_exp"], d["prev_ltr"] = g["exp"].shift(1), g["ltr"].shift(1)
    pairs = d.dropna(subset=["prev_exp", "prev_ltr", "ltr"])
    assert c.pairs == len(pairs)
    w = pairs.weight if weighted else np.ones(len(pairs))
    ok = pairs.previous.notna()
    r = _weighted_r(pairs.prev_exp[ok], pairs.previous[ok], np.asarray(w)[ok.to_numpy()])
    assert c.r_previous["r"] == pytest.approx(r, abs=1e-12)
    n_eff = np.asarray(w)[ok.to_numpy()].sum() ** 2 / (np.asarray(w)[ok.to_numpy()] ** 2).sum()
    half = stats.norm.ppf(0.975) / np.sqrt(n_eff - 3)
    assert c.r_previous["ci_low"] == pytest.approx(np.tanh(np.arctanh(r) - half), abs=1e-12)
    reg = pairs.dropna(subset=drivers)
    f = "ltr ~ prev_ltr + " + " + ".join(drivers)
    fit = (smf.wls(f, reg, weights=reg.weight) if weighted else smf.ols(f, reg)).fit(
        cov_type="HC3")
    assert c.lagged["coef"] == pytest.approx(fit.params["prev_ltr"], rel=1e-9)
    assert c.lagged["se"] == pytest.approx(fit.bse["prev_ltr"], rel=1e-9)
    lines = summaries.tracking_summary(None, carry=c, lang="sv")
    coef = fmt_pts(fit.params["prev_ltr"], "sv", 2)
    assert any(f"{coef} poäng" in x and "0–10" in x for x in lines)


@pytest.mark.parametrize("weighted", [False, True])
def test_channel_gap_equals_an_independent_computation(survey, weighted):
    g = channel_gap(survey, weight=None if weighted else False)
    assert g.weighted is weighted
    d = survey.data.copy()
    d["exp"] = d[survey.drivers].mean(axis=1)
    per = d.pivot_table(index="customer_id", columns="channel", values="exp", aggfunc="mean")
    per = per[per.notna().sum(axis=1) >= 2]
    gap = per.max(axis=1) - per.min(axis=1)
    last = d.dropna(subset=["ltr"]).sort_values("response_date").groupby("customer_id").tail(
        1).set_index("customer_id").reindex(gap.index)
    assert last.weight.notna().all()   # every multi-channel customer answered ltr once
    assert g.n == len(gap)
    w = last.weight.to_numpy() if weighted else np.ones(len(gap))
    assert g.mean_gap == pytest.approx(np.average(gap, weights=w), rel=1e-12)
    ok = last.ltr.notna().to_numpy()
    r = _weighted_r(gap.to_numpy()[ok], last.ltr.to_numpy()[ok], w[ok])
    assert g.r_gap_outcome["r"] == pytest.approx(r, abs=1e-12)
    assert g.r_gap_outcome["ci_low"] < r < g.r_gap_outcome["ci_high"]


@pytest.mark.parametrize("func", ["before_after_scores", "wave_groups"])
def test_group_is_a_deprecated_alias_of_by(survey, func):
    import cxresearch.tracking as tr

    f = getattr(tr, func)
    kwargs = {"treated": "store"} | ({"change_date": "2026-03-01", "columns": ["service"]}
                                     if func == "before_after_scores" else {})
    new = f(survey, by="channel", **kwargs)
    with pytest.warns(DeprecationWarning, match=rf"{func}\(group=.*use by="):
        old = f(survey, group="channel", **kwargs)
    pd.testing.assert_frame_equal(old, new)
    # the grouping matters: without it everyone is one treated arm, so the equality could fail
    assert not new.equals(f(survey, **{k: v for k, v in kwargs.items() if k != "treated"}))
    with pytest.raises(CXInputError, match="both group= and by="):
        f(survey, group="channel", by="channel", **kwargs)


# ------------------------------------------- yes/no and rating key outcomes (issue 12)


@pytest.fixture(scope="module")
def typed(tmp_path_factory):
    """{kind: Survey}: a simulated three-wave survey (weights, panel, journey) whose key
    outcome is a yes/no flag ("buy_again", 0/1) or the 1–5 satisfaction rating."""
    import yaml

    out = {}
    for kind in ("binary", "rating"):
        folder = tmp_path_factory.mktemp(f"typed-{kind}")
        sim = cx.simulate_survey(1500, seed=41, waves=3)
        cb = dict(sim.codebook)
        sat = dict(cb["outcomes"]["satisfaction"], type="rating")
        if kind == "binary":
            rng = np.random.default_rng(3)
            s = sim.data["csat"].astype(float).where(lambda v: v > 0).fillna(3)
            sim.data["buy_again"] = (rng.random(len(s)) < 1 / (1 + np.exp(-(s - 3.2)))
                                     ).astype(int)
            cb["outcomes"] = {"buy_again": {"column": "buy_again", "type": "binary",
                                            "label": {"en": "Would buy again"}},
                              "satisfaction": sat}
            cb["key_outcome"] = "buy_again"
        else:
            cb["outcomes"] = {"satisfaction": sat}
            cb["key_outcome"] = "satisfaction"
        sim.codebook = cb
        path = sim.write(folder, kind)[1]
        assert yaml.safe_load(path.read_text(encoding="utf-8"))["key_outcome"]
        out[kind] = cx.load(path, cache_dir=False)
    return out


def _y(survey, kind):
    """The key outcome as the report's units (0/100 for a yes/no answer), independently."""
    col = survey.codebook.key_outcome.column
    y = survey.data[col].astype(float)
    return 100 * y if kind == "binary" else y


KINDS = ["binary", "rating"]
CUT = "2025-12-15"


@pytest.mark.parametrize("kind", KINDS)
@pytest.mark.parametrize("weighted", [False, True])
def test_typed_before_after_equals_statsmodels(typed, kind, weighted):
    import statsmodels.api as sm

    s = typed[kind]
    ba = before_after(s, change_date=CUT, by="channel", treated="store",
                      weight=None if weighted else False)
    assert (ba.outcome_type, ba.unit, ba.weighted) == (
        kind, {"binary": "percent", "rating": "mean"}[kind], weighted)
    assert "nps" not in ba.cells
    d = s.data.assign(y=_y(s, kind)).dropna(subset=["y", "response_date"])
    frame = pd.DataFrame({"y": d.y, "w": d.weight,
                          "after": (pd.to_datetime(d.response_date) >= CUT).astype(int),
                          "treated": (d.channel == "store").astype(int)})
    model = (smf.wls("y ~ treated * after", frame, weights=frame.w) if weighted
             else smf.ols("y ~ treated * after", frame))
    fit = model.fit(cov_type="HC3")
    lo, hi = fit.conf_int().loc["treated:after"]
    for k, v in (("estimate", fit.params["treated:after"]), ("se", fit.bse["treated:after"]),
                 ("ci_low", lo), ("ci_high", hi), ("p_value", fit.pvalues["treated:after"])):
        assert ba.regression[k] == pytest.approx(v, abs=1e-8, rel=1e-8), k
    # the cell DiD is the same estimate (a saturated model); each cell's SE is the
    # linearisation SE = HC1 sandwich of an intercept-only (W)LS
    assert ba.did["estimate"] == pytest.approx(fit.params["treated:after"], abs=1e-8)
    cells = ba.cells.set_index(["group", "period"])
    for (g, p), part in frame.groupby(["treated", "after"]):
        one = sm.WLS(part.y.to_numpy(), np.ones(len(part)),
                     weights=part.w.to_numpy() if weighted else 1.0).fit(cov_type="HC1")
        row = cells.loc[("treated" if g else "comparison", "after" if p else "before")]
        assert row["estimate"] == pytest.approx(one.params[0], abs=1e-9)
        assert row["se"] == pytest.approx(one.bse[0], rel=1e-9)
        assert row["base"] == len(part)
    # the before/after change of the treated group and its interval contain the cell contrast
    tb, ta = cells.loc[("treated", "before")], cells.loc[("treated", "after")]
    assert ba.change["estimate"] == pytest.approx(ta["estimate"] - tb["estimate"], abs=1e-9)
    assert ba.change["ci_low"] < ba.change["estimate"] < ba.change["ci_high"]
    if kind == "binary":   # a share in %, not a 0/1 mean
        assert 5 < cells["estimate"].min() and cells["estimate"].max() < 100


def test_typed_before_after_recovers_a_known_share_effect():
    rng = np.random.default_rng(11)
    n = 20000
    treated = rng.integers(0, 2, n)
    after = rng.integers(0, 2, n)
    p = 0.40 + 0.05 * treated + 0.03 * after + 0.10 * treated * after   # DiD = 10 pp
    df = pd.DataFrame({"yes": (rng.random(n) < p).astype(int), "g": np.where(treated, "a", "b"),
                       "day": np.where(after, "2026-02-10", "2026-01-10")})
    ba = before_after(df, change_date="2026-02-01", date="day", outcome="yes", type="binary",
                      by="g", treated="a")
    assert ba.did["ci_low"] < 10 < ba.did["ci_high"]
    assert ba.did["p_value"] < 0.001


@pytest.mark.parametrize("kind", KINDS)
def test_typed_wave_alerts_equal_statsmodels(typed, kind):
    from statsmodels.stats.proportion import (
        confint_proportions_2indep,
        test_proportions_2indep,
    )
    from statsmodels.stats.weightstats import CompareMeans, DescrStatsW

    s = typed[kind]
    key = s.codebook.key_outcome
    a = cx.tracking.wave_alerts(s, drivers=[], segments=["channel"], min_n=30)
    assert set(a["kind"]) == {"outcome", "segment"}
    w0, w1 = a["from_wave"].iloc[0], a["to_wave"].iloc[0]
    d = s.data.dropna(subset=[key.column])
    unit = "percent" if kind == "binary" else "mean"
    for part, name, value, kind_ in [(d, key.name, "", "outcome")] + [
            (d[d.channel == v], "channel", v, "segment") for v in ("app", "store", "web")]:
        y0 = part.loc[part.wave == w0, key.column].astype(float)
        y1 = part.loc[part.wave == w1, key.column].astype(float)
        row = a[(a["kind"] == kind_) & (a["name"] == name) & (a["value"] == value)].iloc[0]
        assert row["unit"] == unit
        if kind == "binary":
            _, p = test_proportions_2indep(y1.sum(), len(y1), y0.sum(), len(y0), method="wald")
            lo, hi = confint_proportions_2indep(y1.sum(), len(y1), y0.sum(), len(y0),
                                                method="wald")
            lo, hi, diff = 100 * lo, 100 * hi, 100 * (y1.mean() - y0.mean())
        else:
            cm = CompareMeans(DescrStatsW(y1.to_numpy()), DescrStatsW(y0.to_numpy()))
            p = cm.ztest_ind(usevar="unequal")[1]
            lo, hi = cm.zconfint_diff(usevar="unequal")
            diff = y1.mean() - y0.mean()
        assert row["change"] == pytest.approx(diff, abs=1e-9)
        assert row["p_value"] == pytest.approx(p, rel=1e-9)
        assert (row["ci_low"], row["ci_high"]) == pytest.approx((lo, hi), abs=1e-9)
    from statsmodels.stats.multitest import multipletests

    assert a["p_adjusted"].to_numpy() == pytest.approx(
        multipletests(a["p_value"], method="fdr_bh")[1], rel=1e-12)


@pytest.mark.parametrize("kind", KINDS)
@pytest.mark.parametrize("weighted", [False, True])
def test_typed_segment_profile_equals_pandas(typed, kind, weighted):
    from scipy import stats as sps
    from statsmodels.stats.proportion import proportion_confint

    s = typed[kind]
    p = segment_profile(s, by="region", drivers=["service"], min_n=30,
                        weight=None if weighted else False)
    assert "nps" not in p and p.attrs["type"] == kind
    d = s.data.assign(y=_y(s, kind)).dropna(subset=["y"])
    for _, row in p[~p["suppressed"]].iterrows():
        g = d[d.region == row["region"]]
        w = g.weight.to_numpy() if weighted else np.ones(len(g))
        assert row["base"] == len(g)
        assert row["estimate"] == pytest.approx(np.average(g.y, weights=w), abs=1e-9)
        gs = s.data[s.data.region == row["region"]].dropna(subset=["service"])
        ws = gs.weight.to_numpy() if weighted else np.ones(len(gs))
        assert row["service"] == pytest.approx(np.average(gs.service, weights=ws), abs=1e-9)
        if not weighted:
            if kind == "binary":
                lo, hi = proportion_confint(int(g.y.sum() / 100), len(g), method="wilson")
                lo, hi = 100 * lo, 100 * hi
            else:
                lo, hi = sps.t.interval(0.95, len(g) - 1, loc=g.y.mean(), scale=sps.sem(g.y))
            assert (row["ci_low"], row["ci_high"]) == pytest.approx((lo, hi), abs=1e-9)
        assert row["ci_low"] < row["estimate"] < row["ci_high"]


@pytest.mark.parametrize("kind", KINDS)
def test_typed_channel_gap_slope_equals_statsmodels(typed, kind):
    s = typed[kind]
    g = channel_gap(s, weight=False)
    assert g.outcome_type == kind
    c = g.customers.dropna(subset=["gap", "latest_outcome", "experience"])
    y = c.latest_outcome.astype(float) * (100 if kind == "binary" else 1)
    fit = smf.ols("y ~ gap + experience", c.assign(y=y)).fit(cov_type="HC3")
    sl = g.slope_adjusted
    assert sl["coef"] == pytest.approx(fit.params["gap"], abs=1e-8)
    assert sl["se"] == pytest.approx(fit.bse["gap"], rel=1e-8)
    assert sl["p_value"] == pytest.approx(fit.pvalues["gap"], rel=1e-8)
    assert sl["n"] == len(c)
    # the latest answer of each multi-channel customer, found independently
    key = s.codebook.key_outcome.column
    last = (s.data.dropna(subset=[key]).sort_values("response_date").groupby("customer_id")
            [key].last())
    got = g.customers.set_index("customer_id")["latest_outcome"].dropna()
    assert got.to_numpy() == pytest.approx(last.reindex(got.index).to_numpy())


@pytest.mark.parametrize("kind", KINDS)
def test_typed_carryover_equals_statsmodels(typed, kind):
    s = typed[kind]
    c = carryover(s, weight=False)
    key = s.codebook.key_outcome.column
    d = s.data.sort_values(["customer_id", "wave"]).copy()
    d["prev"] = d.groupby("customer_id")[key].shift(1)
    d["prev_exp"] = d.groupby("customer_id")[s.drivers].shift(1).mean(axis=1)
    reg = d.dropna(subset=["prev", "prev_exp", key, *s.drivers])
    f = f"{key} ~ prev + " + " + ".join(s.drivers)
    fit = smf.ols(f, reg).fit(cov_type="HC3")
    assert c.lagged["coef"] == pytest.approx(fit.params["prev"], rel=1e-9)
    assert c.lagged["se"] == pytest.approx(fit.bse["prev"], rel=1e-9)
    lo, hi = fit.conf_int().loc["prev"]
    assert [c.lagged["ci_low"], c.lagged["ci_high"]] == pytest.approx([lo, hi], rel=1e-9)
    # the carry-over sentence gives the lagged coefficient in the outcome's units
    scale, digits = (100, 1) if kind == "binary" else (1, 2)
    unit = {"binary": "percentage points", "rating": "scale points"}[kind]
    for lang, word in (("en", unit), ("fi", {"binary": "prosenttiyksikön",
                                             "rating": "asteikkopisteen"}[kind])):
        lines = summaries.outcome_change_summary(None, carry=c, outcome="x",
                                                    outcome_type=kind, lang=lang)
        said = [x for x in lines if fmt_pts(scale * fit.params["prev"], lang, digits) in x]
        assert len(said) == 1 and word in said[0]
        assert f"{fmt_pts(scale * lo, lang, digits)} … {fmt_pts(scale * hi, lang, digits)}" \
            in said[0]


@pytest.mark.parametrize("kind", KINDS)
def test_typed_wave_groups_give_the_share_or_mean_per_wave_and_arm(typed, kind):
    import matplotlib

    matplotlib.use("Agg")
    from cxresearch import narrative, plots
    from cxresearch.tracking import wave_groups

    s = typed[kind]
    g = wave_groups(s, by="channel", treated="store", min_n=30)
    assert "nps" not in g and g.attrs["type"] == kind
    y, w = _y(s, kind), s.data[s.weight].astype(float)
    arm = np.where(s.data["channel"] == "store", "treated", "comparison")
    for _, r in g.iterrows():
        rows = (s.data[s.codebook.wave] == r[s.codebook.wave]) & (arm == r["arm"]) & y.notna()
        assert r["estimate"] == pytest.approx(np.average(y[rows], weights=w[rows]), rel=1e-9)
        assert r["base"] == rows.sum() and r["ci_low"] < r["estimate"] < r["ci_high"]
    assert len(g) == 2 * s.data[s.codebook.wave].nunique() and g["date_mid"].notna().all()
    ax = plots.change_plot(g, wave=s.codebook.wave, change_date=CUT, lang="fi")
    assert ax.get_ylabel() == ("Kyllä-vastausten osuus" if kind == "binary"
                               else "Keskiarvo (asteikko 1–5)")
    plotted = ax.get_lines()[0].get_ydata()
    assert list(plotted) == pytest.approx(g[g.arm == "treated"]["estimate"].tolist())
    alt = narrative.alt_group_waves(g, wave=s.codebook.wave, by="arm", group_label="", lang="en")
    first = g[g.arm == "treated"]["estimate"].iloc[0]
    shown = f"{first:.1f}%" if kind == "binary" else f"{first:.2f}"
    assert ("share answering yes" if kind == "binary" else "mean rating") in alt
    assert f"treated {shown} →" in alt and "NPS" not in alt


def test_segment_profile_rows_follow_the_codebook_order(survey):
    # regions as the codebook lists them, not alphabetically (issue 14: the journey table)
    p = segment_profile(survey, by="region", min_n=30)
    listed = [v for v in survey.codebook.value_order("region") if v in set(p["region"])]
    assert p["region"].tolist() == listed and listed != sorted(listed)
    # an ordered categorical keeps its own order; plain numbers sort as numbers
    rng = np.random.default_rng(4)
    df = pd.DataFrame({"ltr": rng.integers(0, 11, 600),
                       "band": pd.Categorical(rng.choice(["high", "low", "mid"], 600),
                                              categories=["low", "mid", "high"], ordered=True),
                       "size": rng.choice(["10", "9", "100"], 600)})
    assert segment_profile(df, by="band", outcome="ltr")["band"].tolist() == [
        "low", "mid", "high"]
    assert segment_profile(df, by="size", outcome="ltr")["size"].tolist() == ["9", "10", "100"]
