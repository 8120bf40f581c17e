"""Summaries in words and display tables of the narrative module."""

from __future__ import annotations

import re

import numpy as np
import pandas as pd
import pytest

from cxresearch import narrative
from cxresearch.i18n import fmt_num, t

IMG = re.compile(r'<img[^>]*src="data:image/png;base64,')


def test_nps_summary_names_the_segment_by_its_label(survey):
    import cxresearch as cx
    from cxresearch.narrative import nps_summary

    overall = cx.nps(survey)
    by = cx.nps(survey, by="age_group")
    lines = nps_summary(overall, by, cx.nps_test(survey, by="age_group"), segment="age_group",
                        label="Ikäryhmä", lang="fi")
    ok = by[by["base"] >= 30].sort_values("nps")
    best = next(line for line in lines if "korkein" in line)
    assert "Ikäryhmä" in best and "age_group" not in " ".join(lines)
    assert f"**{ok.iloc[-1]['age_group']}**" in best and f"**{ok.iloc[0]['age_group']}**" in best


def test_format_table_refuses_two_columns_under_one_heading():
    from cxresearch.narrative import format_table

    df = pd.DataFrame({"group_a": ["x"], "group_b": ["y"]})
    with pytest.raises(ValueError, match="headed 'Group'"):
        format_table(df, [("group_a", "col.group", "text"), ("group_b", "col.group", "text")])


def test_binary_driver_tables_show_odds_ratios_and_every_check_has_words():
    # issue 12: odds ratios beside the linear probability model; a failed check in words
    from cxresearch.models import CHECK_LIMITS, check_table, driver_models, model_comparison

    rng = np.random.default_rng(2)
    df = pd.DataFrame(rng.normal(size=(300, 2)), columns=["a", "b"])
    df["yes"] = (df.a + rng.logistic(size=300) > 0).astype(int)
    mods = driver_models(df, outcome="yes", drivers=["a", "b"])
    for lang in ("en", "fi", "sv"):
        table = narrative.coefficients_display_table(mods.coefficients, lang=lang)
        odds = table[t("chk.col.odds_ratio", lang)]
        assert odds.iloc[0] == fmt_num(mods.coefficients["odds_ratio"][0], lang, 2)
        comp = narrative.comparison_display_table(model_comparison(mods), lang=lang,
                                                  outcome_type="binary")
        assert t("model.logit", lang) in set(comp[t("col.model", lang)])
    separated = driver_models(df.assign(yes=(df.a > 0).astype(int)), outcome="yes",
                              drivers=["a", "b"])
    table = narrative.coefficients_display_table(separated.coefficients, lang="fi")
    assert set(table[t("chk.col.odds_ratio", "fi")]) == {"–"}
    comp = narrative.comparison_display_table(model_comparison(separated), lang="en",
                                              outcome_type="binary")
    assert "separation" in comp.iloc[1][t("chk.col.check", "en")]
    said = narrative.model_check_sentences(separated.checks, lang="en")
    assert any("separated" in s for s in said)
    rows = [{"model": m, "check": c, "term": "a → b" if m == "sem" else "a", "value": -0.5,
             "flagged": True}
            for m in ("ols", "logit", "ordered_logit", "promoter", "detractor", "cfa", "sem")
            for c in ("not_converged", "separation", "negative_adj_r2", "lpm_outside",
                      "std_effect", "negative_variance", "std_loading")]
    for lang in ("en", "fi", "sv"):
        lines = narrative.model_check_sentences(check_table(rows), labels={"a": "Hinta"},
                                                lang=lang)
        assert len(lines) == len(rows) and all("{" not in s for s in lines)
    few = check_table([{"model": "ols", "check": "lpm_outside", "term": "",
                        "value": CHECK_LIMITS["lpm_outside"] / 2, "flagged": False}])
    assert narrative.model_check_sentences(few, lang="en")[0].startswith("2.5%")


@pytest.mark.parametrize("lang", ["en", "fi", "sv"])
def test_action_plan_words_follow_the_computed_plan(lang):
    # issue 13.11: the report lists only the plan's actions and explains each disagreement
    from helpers import plan_frame

    from cxresearch import narrative
    from cxresearch.actions import REASONS, action_plan
    from cxresearch.i18n import t

    drivers = ["A", "B", "C", "D", "E1", "E2"]
    labels = {"A": "Service", "B": "Staff", "C": "Price", "D": "Noise", "E1": "App",
              "E2": "Web"}
    plan = action_plan(plan_frame(), outcome="y", drivers=drivers, n_boot=200, seed=1)
    acts, note = narrative.action_plan(plan, labels=labels, lang=lang, top=10)
    listed = [a["driver"] for a in acts]
    assert listed == plan.loc[plan["status"].isin(["fix first", "next"]), "driver"].tolist()
    assert "D" not in listed and "B" not in listed and listed[0] == "A"
    assert [a["fix_first"] for a in acts] == [d == "A" for d in listed]
    tied = {a["driver"]: a["tied"] for a in acts}
    assert tied[max(["E1", "E2"], key=listed.index)] and not tied["A"]
    assert note == t("do.tied", lang)
    reasons = narrative.plan_reasons(plan, labels=labels, outcome_label="NPS", lang=lang)
    codes = [c for c in REASONS if plan[c].any()
             and (c != "uncertain" or (plan[c] & ~plan["negative_effect"]).any())]
    assert len(reasons) == len(codes)
    by_code = dict(zip(codes, reasons, strict=True))
    assert by_code["negative_effect"].startswith("Noise:")
    assert "Staff" in by_code["correlated_with_others"].split(":")[0]
    shown = narrative.plan_display_table(plan, labels=labels, lang=lang)
    status = dict(zip(shown[t("col.driver", lang)], shown[t("col.status", lang)], strict=True))
    assert status["Noise"] == t("plan.status.negative", lang)
    assert status["Service"] == t("plan.status.fix first", lang)


@pytest.mark.parametrize("kind", ["binary", "rating"])
def test_segment_profile_display_table_shows_a_share_or_mean(kind):
    from cxresearch.narrative import segment_profile_display_table
    from cxresearch.tracking import segment_profile

    rng = np.random.default_rng(2)
    df = pd.DataFrame({"seg": np.repeat(["a", "b", "c"], 60),
                       "y": rng.integers(0, 2, 180) if kind == "binary"
                       else rng.integers(1, 6, 180),
                       "price": rng.integers(1, 6, 180).astype(float)})
    p = segment_profile(df, by="seg", drivers=["price"], outcome="y", type=kind)
    shown = segment_profile_display_table(p, by="seg", lang="fi")
    means = df.groupby("seg")["y"].mean() * (100 if kind == "binary" else 1)
    row = shown.iloc[1]
    assert row.iloc[0] == ("Kyllä (%)" if kind == "binary" else "Keskiarvo")
    digits = 1 if kind == "binary" else 2
    assert row.tolist()[1:] == [f"{v:.{digits}f}".replace(".", ",") for v in means]
    assert "NPS" not in " ".join(shown.iloc[:, 0])
    assert shown.columns[0] == "Seg"      # the first column is headed (by the column's name)


def test_segment_profile_table_heads_its_first_column_with_the_segment_label(survey):
    # issue 14.3: the column of figure names is headed by the segment's label from the codebook
    from cxresearch.narrative import label_values, segment_profile_display_table
    from cxresearch.tracking import segment_profile

    cb = survey.codebook
    profile = label_values(segment_profile(survey, by="age_group"), "age_group", cb, "fi",
                           capitalize=True)
    for lang in ("en", "fi", "sv"):
        shown = segment_profile_display_table(profile, by="age_group", lang=lang,
                                              label=cb.label_of("age_group", lang))
        assert shown.columns[0] == cb.label_of("age_group", lang)[:1].upper() + \
            cb.label_of("age_group", lang)[1:]
        assert shown.columns[0] != "age_group" and len(set(shown.columns)) == shown.shape[1]
    assert segment_profile_display_table(profile, by="age_group", lang="fi",
                                         label=cb.label_of("age_group", "fi")).columns[0] == (
        "Ikäryhmä")


def test_drivers_summary_takes_the_draws_and_the_old_attrs_path_warns():
    """The lead sentence is P(first > second) over the draws: 'every resample' or a share
    that equals the count of resamples by hand; the old call reads attrs['boot'] with a
    warning and says the same."""
    from cxresearch.actions import action_plan, ipa
    from cxresearch.importance import relative_importance

    rng = np.random.default_rng(5)
    df = pd.DataFrame(rng.integers(1, 6, size=(400, 3)), columns=["a", "b", "c"])
    df["y"] = (1.0 * df["a"] + 0.9 * df["b"] + 0.2 * df["c"]
               + rng.normal(0, 1.5, 400)).round().clip(0, 10)
    imp, draws = relative_importance(df, outcome="y", drivers=["a", "b", "c"], n_boot=200,
                                     seed=2, return_draws=True)
    plan = action_plan(df, outcome="y", drivers=["a", "b", "c"], scale=(1, 5), n_boot=0,
                       importance=imp)
    quad = ipa(imp)
    first, second = imp["driver"].iloc[:2]
    share = float((draws[first] > draws[second]).mean())
    new = narrative.drivers_summary(imp, plan, quad, draws=draws)
    expected = (t("drv.top_always", "en", second=second) if share >= 1 else
                t("drv.top_sure", "en", second=second, prob=fmt_num(100 * share, "en")))
    assert expected in new
    # the first priority "would lift the NPS by about **2.3 points**": no plus sign
    prio = plan.drop(columns="status").assign(unit="NPS points")
    fix = next(line for line in narrative.drivers_summary(imp, prio, quad, draws=draws,
                                                          lang="fi") if "nousisi" in line)
    assert f"noin **{fmt_num(prio['gain'].iloc[0], 'fi', 1)} pistettä**" in fix
    assert prio["gain"].iloc[0] > 0.05 and "+" not in fix
    with pytest.warns(DeprecationWarning, match="pass draws="):
        old = narrative.drivers_summary(imp, plan, quad)
    assert old == new
    # without the bootstrap there is no such sentence (the check could fail)
    bare = relative_importance(df, outcome="y", drivers=["a", "b", "c"])
    assert expected not in narrative.drivers_summary(bare, plan, ipa(bare))


def test_nps_actions_says_what_could_have_been_seen_when_groups_do_not_differ():
    # issue 13.10: "no difference" comes with the smallest difference the tests could see,
    # here checked against statsmodels' power solver for a two-sided z test (α/m, 80 %)
    from statsmodels.stats.power import NormalIndPower

    from cxresearch.i18n import fmt_num, t
    from cxresearch.summaries import min_detectable

    overall = pd.DataFrame({"pct_promoters": [40.0], "pct_detractors": [20.0], "nps": [20.0],
                            "ci_low": [15.0], "ci_high": [25.0]})
    by = pd.DataFrame({"g": ["a", "b", "c"], "nps": [18.0, 21.0, 22.0], "base": [300] * 3})
    tests = pd.DataFrame({"group_a": ["a", "a", "b"], "group_b": ["b", "c", "c"],
                          "diff": [-3.0, -4.0, -1.0], "se": [6.0, 6.2, 6.1],
                          "significant": [False] * 3})
    se = float(tests["se"].median())
    mde = min_detectable(se, tests=3)
    # statsmodels' solver in SD units: with n = 2 per group and SD 1 the difference has SE 1,
    # so the detectable standardised effect d is the MDE per unit of SE
    d = NormalIndPower().solve_power(effect_size=None, nobs1=2, alpha=0.05 / 3, power=0.8,
                                     ratio=1.0)
    assert mde == pytest.approx(d * se, rel=1e-6)
    for lang in ("en", "fi", "sv"):
        lines = narrative.nps_actions(overall, by, tests, segment="g", lang=lang, mde=mde)
        assert t("do.nps_no_gap_mde", lang, mde=fmt_num(mde, lang)) in lines
    sig = tests.assign(significant=[True, False, False], diff=[-30.0, -4.0, -1.0])
    lines = narrative.nps_actions(overall, by, sig, segment="g", lang="en", mde=mde)
    assert t("do.nps_no_gap_mde", "en", mde=fmt_num(mde, "en")) not in lines


def test_outcome_sentences_small_p_reads_p_below_not_p_equals_below():
    # a difference with p < 0.001 was written "p = < 0.001" (found writing its docstring)
    import html

    import cxresearch as cx
    from cxresearch.narrative import outcome_sentences, outcome_tests

    df = pd.DataFrame({"y": [1] * 90 + [0] * 10 + [1] * 30 + [0] * 70,
                       "channel": ["Store"] * 100 + ["Web"] * 100})
    by = cx.outcome_summary(df, outcome="y", type="binary", by="channel")
    tests = outcome_tests(df, outcome="y", by="channel", type="binary")
    assert float(tests["p_adjusted"].iloc[0]) < 0.001
    for lang, expected in [("en", "(p < 0.001 after"), ("fi", "(p < 0,001 FDR"),
                           ("sv", "(p < 0,001 efter")]:
        lines = [html.unescape(x) for x in outcome_sentences(
            cx.outcome_summary(df, outcome="y", type="binary"), by, tests,
            segment="channel", label="Channel", question="q", lang=lang)]
        diff = [x for x in lines if "Store" in x and "Web" in x]
        assert diff and expected in diff[0], (lang, lines)
        assert "= <" not in diff[0]


@pytest.mark.parametrize("lang", ["en", "fi", "sv"])
def test_binary_plan_table_and_summary_give_the_gain_in_percentage_points_as_the_list(lang):
    # a yes/no outcome with a known linear probability: P(yes) = 0.1 + 0.15 * service
    from cxresearch.actions import action_plan, ipa
    from cxresearch.importance import relative_importance

    rng = np.random.default_rng(5)
    n = 6000
    df = pd.DataFrame({"service": rng.integers(1, 6, n), "price": rng.integers(1, 6, n)})
    df["yes"] = (rng.random(n) < 0.1 + 0.15 * df["service"]).astype(int)
    s = df["service"].to_numpy(float)
    truth_pp = 100 * 0.15 * np.maximum(s.mean() - s, 0).mean()   # gain of the service fix
    imp = relative_importance(df, outcome="yes", drivers=["service", "price"], n_boot=0)
    plan = action_plan(df, outcome="yes", drivers=["service", "price"], scale=(0, 1),
                       n_boot=100, seed=1, importance=imp)
    labels = {"service": "Service", "price": "Price"}
    acts, _ = narrative.action_plan(plan, labels=labels, lang=lang, outcome_type="binary")
    table = narrative.plan_display_table(plan, labels=labels, lang=lang, outcome_type="binary")
    cell = table.loc[table[t("col.driver", lang)] == "Service", t("col.gain_ci", lang)].iloc[0]
    shown = float(cell.split(" (")[0].replace(",", ".").replace("\u2212", "-"))
    assert abs(shown - truth_pp) < 1.0 and shown > 5           # pp, not a share of 0.07
    lines = narrative.drivers_summary(imp, plan, ipa(imp), labels=labels, outcome_label="Buy",
                                      lang=lang, outcome_type="binary")
    word = {"en": "percentage points", "fi": "prosenttiyksikköä", "sv": "procentenheter"}[lang]
    # the table's change is signed; after "would rise" the sentences give its magnitude
    magnitude = cell.split(" (")[0]
    assert magnitude.startswith("+")
    magnitude = magnitude[1:]
    assert f"**{magnitude} {word}**" in lines[-1] and "service" in lines[-1].lower()
    assert f"**{magnitude} {word}**" in acts[0]["text"]
    assert narrative.plan_unit(plan, outcome_type="binary", lang=lang) == {
        "en": "percentage points of the share answering yes",
        "fi": "kyllä-vastausten osuuden muutoksena prosenttiyksikköinä",
        "sv": "procentenheter för andelen ja-svar"}[lang]
    rating = narrative.plan_display_table(plan, lang=lang, outcome_type="rating")
    assert rating.iloc[0][t("col.gain_ci", lang)].startswith(fmt_num(plan["gain"][0], lang, 2))


@pytest.mark.parametrize("lang", ["en", "fi", "sv"])
def test_would_rise_sentences_give_the_gain_without_a_plus_sign(lang):
    # issue 14.4: "NPS nousisi noin 5,0 pistettä", not "+5,0", after a verb of rising
    plan = pd.DataFrame({"rank": [1, 2], "tie_group": [1, 2], "driver": ["a", "b"],
                         "gain": [5.04, 2.5], "ci_low": [3.0, -0.4], "ci_high": [7.25, 5.0],
                         "share_below": [30, 25], "unit": "NPS points",
                         "status": ["fix first", "next"]})
    acts, _ = narrative.action_plan(plan, labels={"a": "Service", "b": "Price"}, lang=lang)
    first, second = acts[0]["text"], acts[1]["text"]
    assert f"**{fmt_num(5.0, lang, 1)} " in first and "+" not in first
    assert fmt_num(7.25, lang, 1) in first and fmt_num(3.0, lang, 1) in first
    assert "\u22120" in second and "+" not in second        # an interval below zero keeps its minus
    shown = narrative.plan_display_table(plan.assign(
        effect_sign=1, share=[40.0, 30.0], quadrant="keep up", kano="unclear", reasons=""),
        lang=lang)
    assert shown[t("col.gain_ci", lang)].iloc[0].startswith("+")   # a table of changes: signed


def test_importance_differences_show_in_percentage_points_of_r2():
    # issue 14.6: an R² difference reads "+4,3" under a heading naming the unit, not "0,043"
    from cxresearch.narrative import format_table

    d = pd.DataFrame({"diff": [0.0434, -0.0051, 0.0]})
    for lang in ("en", "fi", "sv"):
        shown = format_table(d, [("diff", "col.diff_r2_pp", "pp")], lang=lang)
        head = t("col.diff_r2_pp", lang)
        assert shown.columns.tolist() == [head] and "R²" in head and head != t("col.diff", lang)
        assert shown[head].tolist() == ["+" + fmt_num(4.34, lang, 1),
                                        fmt_num(-0.51, lang, 1), fmt_num(0, lang, 1)]
    assert format_table(d, [("diff", "col.diff_r2_pp", "pp")], lang="fi").iloc[1, 0] == "\u22120,5"
