"""Moderation, mediation and the satisfaction test against statsmodels, pingouin and truth."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pingouin as pg
import pytest
import statsmodels.formula.api as smf

from cxresearch.moderation import (
    group_importance,
    interaction,
    jn_region,
    mediation,
    moderation_scan,
    satisfaction_vs_experience,
    strongest,
)


def test_simple_slopes_equal_subgroup_fits():
    # without controls, the simple slope in each level equals the slope fitted in that level
    rng = np.random.default_rng(0)
    n = 3000
    g = rng.choice(["a", "b", "c"], n)
    x = rng.normal(size=n)
    y = np.select([g == "a", g == "b"], [0.2, 0.5], 0.9) * x + rng.normal(size=n)
    df = pd.DataFrame({"y": y, "x": x, "g": g})
    res = interaction(df, driver="x", moderator="g", outcome="y", controls=[], weight=False)
    for _, row in res.slopes.iterrows():
        sub = smf.ols("y ~ x", df[df.g == row["level"]]).fit()
        assert row["slope"] == pytest.approx(sub.params["x"], abs=1e-10)
    assert res.p_interaction < 1e-10
    truth = {"a": 0.2, "b": 0.5, "c": 0.9}
    for _, row in res.slopes.iterrows():
        assert row["ci_low"] < truth[row["level"]] < row["ci_high"]


def test_johnson_neyman_bounds():
    rng = np.random.default_rng(1)
    n = 4000
    m = rng.uniform(0, 10, n)
    x = rng.normal(size=n)
    y = (-0.5 + 0.1 * m) * x + rng.normal(size=n)   # slope 0 at m = 5
    df = pd.DataFrame({"y": y, "x": x, "m": m})
    res = interaction(df, driver="x", moderator="m", outcome="y", controls=[], weight=False)
    lo, hi = res.johnson_neyman["bounds"]
    assert lo < 5 < hi and res.johnson_neyman["significant_inside"] is False
    curve = res.johnson_neyman["curve"]
    inside = curve[(curve.moderator > lo) & (curve.moderator < hi)]
    assert not inside["significant"].any()
    # at a bound the slope's z equals the critical value
    fit = res.model
    V = fit.cov_params()
    c = lo - df["m"].mean()
    slope = fit.params["Q('x')"] + fit.params["Q('x'):_mod_c"] * c
    se = np.sqrt(V.loc["Q('x')", "Q('x')"] + 2 * c * V.loc["Q('x')", "Q('x'):_mod_c"]
                 + c * c * V.loc["Q('x'):_mod_c", "Q('x'):_mod_c"])
    assert abs(slope / se) == pytest.approx(1.959964, abs=1e-4)


def test_scan_finds_true_moderators_and_joint_scan_is_specific(big_survey):
    # n = 12,000 simulated with five true moderations (simulate.MODERATION) among 64 pairs
    from cxresearch.simulate import MODERATION

    joint = moderation_scan(big_survey)
    single = moderation_scan(big_survey, joint=False)
    true = {(d, m) for d, mods in MODERATION.items() for m in mods}
    for scan, bar in ((joint, 0.10), (single, 0.05)):
        assert len(scan) == 8 * 8
        by = scan.set_index(["driver", "moderator"])
        for driver, mods in MODERATION.items():
            for mod, spec in mods.items():
                row = by.loc[(driver, mod)]
                assert row["p_adjusted"] < bar, (driver, mod, row["p_adjusted"])
                if isinstance(spec, dict):      # the true direction
                    assert row["level_max"] == max(spec, key=spec.get), (driver, mod)
                else:
                    assert row["continuous"]
                    assert row["level_max"] == ("mean + SD" if spec > 0 else "mean - SD")
        # weather and gender have no true effect: nothing survives FDR
        assert not scan[scan.moderator.isin(["weather", "gender"])]["significant"].any()
        from statsmodels.stats.multitest import multipletests

        np.testing.assert_allclose(scan["p_adjusted"], multipletests(scan["p_value"],
                                                                     method="fdr_bh")[1])

    def false_hits(scan):
        sig = scan[scan.significant]
        return sum((d, m) not in true for d, m in zip(sig.driver, sig.moderator, strict=True))

    # correlated drivers let a lone product term stand in for a neighbour's interaction; the
    # joint model holds the other interactions constant (Ganzach 1997)
    assert false_hits(joint) <= 2 and false_hits(single) >= 3 * max(1, false_hits(joint))


def test_joint_scan_equals_one_statsmodels_model_per_moderator(survey):
    import statsmodels.formula.api as smf

    scan = moderation_scan(survey, moderators=["shopping_motive"], weight=False)
    ds = survey.drivers
    frame = survey.data[[*ds, "ltr", "shopping_motive"]].dropna()
    fit = smf.ols(f"ltr ~ ({' + '.join(ds)}) * shopping_motive", frame).fit(cov_type="HC3")
    for _, row in scan.iterrows():
        term = f"{row['driver']}:shopping_motive[T.utilitarian]"
        assert row["p_value"] == pytest.approx(fit.pvalues[term], rel=1e-8)
        hedonic = fit.params[row["driver"]]
        utilitarian = hedonic + fit.params[term]
        assert row["slope_min"] == pytest.approx(min(hedonic, utilitarian), rel=1e-10)
        assert row["slope_max"] == pytest.approx(max(hedonic, utilitarian), rel=1e-10)


def test_jn_region_kinds():
    rng = np.random.default_rng(3)
    n = 4000
    m = rng.uniform(0, 10, n)
    x = rng.normal(size=n)
    noise = rng.normal(size=n)
    cases = {"outside": -0.5 + 0.1 * m,      # crosses 0 at m = 5: significant at both ends
             "below": 0.6 - 0.06 * m,        # positive, fading to 0 at m = 10
             "above": 0.06 * m,               # 0 at m = 0, significant above a bound
             "all": 0.5 + 0.03 * m,
             "none": 0.0 * m}
    for kind, slope in cases.items():
        df = pd.DataFrame({"y": slope * x + noise, "x": x, "m": m})
        jn = interaction(df, driver="x", moderator="m", outcome="y", controls=[],
                         weight=False).johnson_neyman
        region = jn_region(jn)
        assert region["kind"] == kind, (kind, region)
        assert (region["low"], region["high"]) == pytest.approx((m.min(), m.max()))
        curve = jn["curve"]
        for b in region["bounds"]:
            # the curve changes significance at each bound, and nowhere else
            left = curve[curve.moderator < b]["significant"].iloc[-1]
            right = curve[curve.moderator > b]["significant"].iloc[0]
            assert left != right
        changes = int((curve["significant"].diff().fillna(0) != 0).sum())
        assert changes == len(region["bounds"])


def test_group_importance_and_difference(survey):
    gi = group_importance(survey, by="shopping_motive", n_boot=300)
    imp = gi.importance.set_index(["group", "driver"])
    assert imp.loc[("hedonic", "atmosphere"), "share"] > imp.loc[("utilitarian", "atmosphere"),
                                                                 "share"]
    d = gi.differences.set_index("driver").loc["atmosphere"]
    assert d["diff"] > 0 and d["ci_low"] > 0
    # each group's numbers are those of the whole-sample analysis run on that group alone
    from cxresearch.importance import relative_importance

    sub = survey.data[survey.data["shopping_motive"] == "utilitarian"]
    alone = relative_importance(sub, outcome="ltr", drivers=survey.drivers, weight="weight")
    np.testing.assert_allclose(imp.loc["utilitarian"].loc[survey.drivers, "share"],
                               alone.set_index("driver").loc[survey.drivers, "share"], rtol=1e-10)
    g = gi.importance
    assert ((g["share_ci_low"] <= g["share"]) & (g["share"] <= g["share_ci_high"])).all()
    small = group_importance(survey, by="region", n_boot=0, min_n=1000)
    assert set(small.suppressed["group"]) == {"Pirkanmaa", "Pohjois-Pohjanmaa",
                                                  "Varsinais-Suomi"}
    assert set(small.importance["group"]) == {"Uusimaa"}


def test_mediation_equals_pingouin(survey):
    med = mediation(survey, drivers=["service", "price"], n_boot=400, seed=3,
                    weight=False).set_index("driver")
    assert not med["weighted"].any()
    assert satisfaction_vs_experience(survey, weight=False).weighted is False
    d = survey.data[["ltr", "csat", "service", "price"]].dropna()
    pm = pg.mediation_analysis(data=d, x="service", m="csat", y="ltr", covar=["price"],
                               n_boot=400, seed=3).set_index("path")
    row = med.loc["service"]
    assert row["indirect"] == pytest.approx(pm.loc["Indirect", "coef"], rel=1e-8)
    assert row["direct"] == pytest.approx(pm.loc["Direct", "coef"], rel=1e-8)
    assert row["total"] == pytest.approx(pm.loc["Total", "coef"], rel=1e-8)
    assert row["ci_low"] == pytest.approx(pm.loc["Indirect", "CI2.5"], abs=0.02)
    assert row["ci_high"] == pytest.approx(pm.loc["Indirect", "CI97.5"], abs=0.02)


def test_satisfaction_vs_experience(survey):
    res = satisfaction_vs_experience(survey)
    m = res.models.set_index("model")
    d = survey.data[["ltr", "csat", *survey.drivers, "weight"]].dropna()
    both = smf.wls("ltr ~ csat + " + " + ".join(survey.drivers), d, weights=d["weight"]).fit()
    sat = smf.wls("ltr ~ csat", d, weights=d["weight"]).fit()
    assert m.loc["both", "r2"] == pytest.approx(both.rsquared)
    t = res.tests.set_index("added").loc["experience"]
    assert t["delta_r2"] == pytest.approx(both.rsquared - sat.rsquared)
    assert t["f"] == pytest.approx(both.compare_f_test(sat)[0])
    # the simulated truth: drivers act directly too, so experience explains more
    assert res.verdict == "experience"


def test_satisfaction_wins_when_it_is_the_only_path():
    rng = np.random.default_rng(5)
    n = 3000
    X = rng.normal(size=(n, 3))
    sat = X @ [0.5, 0.4, 0.3] + rng.normal(size=n) * 0.5
    y = 1.0 * sat + rng.normal(size=n)   # drivers act only through satisfaction
    df = pd.DataFrame(X, columns=["a", "b", "c"]).assign(sat=sat, y=y)
    res = satisfaction_vs_experience(df, satisfaction="sat", drivers=["a", "b", "c"], outcome="y",
                                     weight=False)
    assert res.verdict == "satisfaction"


def test_joint_interaction_matches_the_joint_scan(survey):
    scan = moderation_scan(survey, moderators=["time_pressure", "season"])
    for _, row in scan.head(4).iterrows():
        res = interaction(survey, driver=row["driver"], moderator=row["moderator"], joint=True)
        assert res.p_interaction == pytest.approx(row["p_value"], rel=1e-10)
        assert res.slopes["slope"].min() == pytest.approx(row["slope_min"], rel=1e-10)
        assert res.slopes["slope"].max() == pytest.approx(row["slope_max"], rel=1e-10)
        assert (res.johnson_neyman is not None) == bool(row["continuous"])


def test_scan_without_testable_moderator_is_empty_with_columns(survey):
    scan = moderation_scan(survey, moderators=["weather"], min_n=10**6)
    assert scan.empty and {"driver", "moderator", "continuous", "significant",
                           "p_adjusted"} <= set(scan.columns)
    assert strongest(scan) is None and strongest(scan, continuous=True) is None
    full = moderation_scan(survey, moderators=["time_pressure", "shopping_motive"])
    assert strongest(full).equals(full.iloc[0])
    assert strongest(full, continuous=False)["moderator"] == "shopping_motive"
    assert strongest(full, continuous=True)["moderator"] == "time_pressure"


def test_misspelt_moderator_is_an_error_naming_the_closest_column(survey):
    from cxresearch.errors import CXInputError

    mod = survey.codebook.moderators[next(iter(survey.codebook.moderators))][0]
    with pytest.raises(CXInputError, match=f"'{mod}'") as info:
        moderation_scan(survey, moderators=[mod + "x"])
    assert info.value.problems[0].column == mod + "x"


def test_weighted_mediation_equals_statsmodels_wls(survey):
    med = mediation(survey, drivers=["service", "price"], n_boot=200, seed=1).set_index("driver")
    assert med["weighted"].all()   # the codebook's weight column is used by default
    d = survey.data[["ltr", "csat", "service", "price", "weight"]].dropna()
    fit_a = smf.wls("csat ~ service + price", d, weights=d.weight).fit()
    fit_b = smf.wls("ltr ~ csat + service + price", d, weights=d.weight).fit()
    fit_c = smf.wls("ltr ~ service + price", d, weights=d.weight).fit()
    row = med.loc["service"]
    assert row["a"] == pytest.approx(fit_a.params["service"], rel=1e-8)
    assert row["b"] == pytest.approx(fit_b.params["csat"], rel=1e-8)
    assert row["direct"] == pytest.approx(fit_b.params["service"], rel=1e-8)
    assert row["total"] == pytest.approx(fit_c.params["service"], rel=1e-8)
    assert row["ci_low"] < row["indirect"] < row["ci_high"]


@pytest.mark.parametrize("weight", [False, "weight"])
def test_continuous_simple_slopes_equal_a_statsmodels_fit(survey, weight):
    d = survey.data[["ltr", "service", "time_pressure", "weight"]].dropna().copy()
    res = interaction(survey, driver="service", moderator="time_pressure", outcome="ltr",
                      controls=[], weight=weight)
    assert res.weighted is bool(weight)
    m = d.time_pressure.to_numpy()
    if weight:   # weighted mean; SD as R's cov.wt(method="unbiased") = numpy's aweights
        w = d.weight.to_numpy()
        mean, sd = np.average(m, weights=w), np.sqrt(np.cov(m, aweights=w))
        model = smf.wls("ltr ~ service * tp", d.assign(tp=m - mean), weights=d.weight)
    else:
        mean, sd = m.mean(), m.std(ddof=1)
        model = smf.ols("ltr ~ service * tp", d.assign(tp=m - mean))
    fit = model.fit(cov_type="HC3")
    slopes = res.slopes.set_index("level")
    for label, at in (("mean - SD", -sd), ("mean", 0.0), ("mean + SD", sd)):
        c = np.zeros(len(fit.params))
        c[list(fit.params.index).index("service")] = 1
        c[list(fit.params.index).index("service:tp")] = at
        tt = fit.t_test(c)
        assert slopes.loc[label, "slope"] == pytest.approx(float(tt.effect[0]), rel=1e-8)
        assert slopes.loc[label, "se"] == pytest.approx(float(tt.sd[0, 0]), rel=1e-8)
    assert res.p_interaction == pytest.approx(float(fit.pvalues["service:tp"]), rel=1e-6)


# ------------------------------------------------- satisfaction vs experience: a tested verdict


def _sve_frame(n, beta_sat, seed):
    rng = np.random.default_rng(seed)
    x = rng.normal(size=(n, 2))
    sat = x @ [0.5, 0.3] + rng.normal(size=n)
    y = beta_sat * sat + x @ [0.4, 0.4] + rng.normal(size=n)
    return pd.DataFrame({"a": x[:, 0], "b": x[:, 1], "sat": sat, "y": y,
                         "w": rng.uniform(0.5, 2, n)})


@pytest.mark.parametrize("weight", [False, "w"])
def test_r2_difference_and_its_bootstrap_equal_statsmodels_refits(weight):
    # issue 13.9: "explains better" is tested, on the difference R²(drivers) − R²(sat);
    # its bootstrap checked against statsmodels refits on the very same resamples
    import statsmodels.formula.api as smf

    from cxresearch.moderation import satisfaction_vs_experience

    df = _sve_frame(400, 0.5, 1)
    res = satisfaction_vs_experience(df, satisfaction="sat", drivers=["a", "b"], outcome="y",
                                     weight=weight, n_boot=60, seed=4)

    def r2(frame, rhs, w):
        fit = (smf.wls(f"y ~ {rhs}", frame, weights=w) if weight else
               smf.ols(f"y ~ {rhs}", frame)).fit()
        return fit.rsquared

    wts = df["w"] if weight else None
    d0 = r2(df, "a + b", wts) - r2(df, "sat", wts)
    assert res.r2_diff["estimate"] == pytest.approx(d0, rel=1e-10)
    rng = np.random.default_rng(4)
    idx = rng.integers(0, len(df), size=(60, len(df)))
    boot = []
    for i in idx:
        s = df.iloc[i]
        boot.append(r2(s, "a + b", s["w"] if weight else None) -
                    r2(s, "sat", s["w"] if weight else None))
    assert res.r2_diff["ci_low"] == pytest.approx(np.quantile(boot, 0.025), rel=1e-8)
    assert res.r2_diff["ci_high"] == pytest.approx(np.quantile(boot, 0.975), rel=1e-8)


def test_verdict_needs_the_interval_of_the_difference_to_exclude_zero():
    from cxresearch.errors import CXInputError
    from cxresearch.moderation import satisfaction_vs_experience

    # drivers far stronger than satisfaction: a clear verdict
    clear = satisfaction_vs_experience(_sve_frame(3000, 0.1, 2), satisfaction="sat",
                                       drivers=["a", "b"], outcome="y", weight=False)
    assert clear.verdict == "experience" and clear.r2_diff["ci_low"] > 0
    # search seeds for a case where both F tests pass but the R² difference is not clear
    for seed in range(40):
        res = satisfaction_vs_experience(_sve_frame(300, 0.62, seed), satisfaction="sat",
                                         drivers=["a", "b"], outcome="y", weight=False)
        lo, hi = res.r2_diff["ci_low"], res.r2_diff["ci_high"]
        if lo < 0 < hi:
            assert res.verdict == "mixed"
            assert (res.tests["f_p"] < 0.05).all()  # the old rule could have said more
            break
    else:
        pytest.fail("no seed gave an interval around zero")
    # no bootstrap, no verdict
    flat = satisfaction_vs_experience(_sve_frame(3000, 0.1, 2), satisfaction="sat",
                                      drivers=["a", "b"], outcome="y", weight=False, n_boot=0)
    assert flat.verdict == "mixed"
    with pytest.raises(CXInputError):
        satisfaction_vs_experience(_sve_frame(50, 0.1, 2), satisfaction="sat",
                                   drivers=["a", "b"], outcome="y", n_boot=-1)


def test_slopes_and_group_importance_follow_the_codebook_order_not_the_alphabet(survey):
    # issue 14.2: income bands low → middle → high (the codebook's labels), not high, low, middle
    cb = survey.codebook
    natural = cb.value_order("income_band")
    assert natural == ["low", "middle", "high"] and sorted(natural) != natural
    res = interaction(survey, driver="service", moderator="income_band", min_n=30)
    assert res.slopes["level"].tolist() == natural
    # the slopes are those of each band's own fit (no controls): the order moved, not the numbers
    plain = interaction(survey.data, driver="service", moderator="income_band", outcome="ltr",
                        controls=[], weight=False)
    assert plain.slopes["level"].tolist() == sorted(natural)   # a DataFrame has no codebook
    for _, row in plain.slopes.iterrows():
        sub = survey.data[survey.data["income_band"] == row["level"]]
        assert row["slope"] == pytest.approx(smf.ols("ltr ~ service", sub).fit().params["service"],
                                             abs=1e-9)
    ordered = survey.data.assign(income_band=pd.Categorical(
        survey.data["income_band"], categories=natural, ordered=True))
    assert interaction(ordered, driver="service", moderator="income_band", outcome="ltr",
                       controls=[], weight=False).slopes["level"].tolist() == natural
    gi = group_importance(survey, by="income_band", n_boot=0, min_n=30)
    assert list(dict.fromkeys(gi.importance["group"])) == natural


def test_numeric_codes_are_ordered_as_numbers():
    rng = np.random.default_rng(3)
    n = 1200
    g = rng.choice([1, 2, 10], n).astype(float)
    x = rng.normal(size=n)
    df = pd.DataFrame({"y": x * g / 10 + rng.normal(size=n), "x": x, "g": g})
    res = interaction(df, driver="x", moderator="g", outcome="y", controls=[], weight=False)
    assert res.slopes["level"].tolist() == ["1.0", "2.0", "10.0"]   # not "1.0", "10.0", "2.0"
    assert res.slopes["slope"].is_monotonic_increasing
