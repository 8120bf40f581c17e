"""Summaries of the measurement, moderators, journey and tracking reports (cxresearch.summaries).

The minimum detectable effect is checked against statsmodels' power solver; the journey wording
against the FDR-adjusted test it must rely on; the alerts against a hand Welch test.
"""

from __future__ import annotations

import re

import numpy as np
import pandas as pd
import pytest
from scipy import stats as sps

import cxresearch as cx
from cxresearch import summaries, tracking
from cxresearch.i18n import t


@pytest.fixture(scope="module")
def survey():
    return cx.load(cx.bundled_codebook())


def test_min_detectable_matches_statsmodels_power():
    from statsmodels.stats.power import NormalIndPower

    # two-sample z test, n = 400 per group, SD 1: SE of the difference = sqrt(2/400)
    se = np.sqrt(2 / 400)
    es = NormalIndPower().solve_power(nobs1=400, alpha=0.05, power=0.8, ratio=1.0)
    assert summaries.min_detectable(se) == pytest.approx(es, rel=1e-3)
    # at the first Benjamini-Hochberg step of 10 tests: alpha / 10
    es10 = NormalIndPower().solve_power(nobs1=400, alpha=0.005, power=0.8, ratio=1.0)
    assert summaries.min_detectable(se, tests=10) == pytest.approx(es10, rel=1e-3)


def test_inline_label_lowers_except_acronyms():
    assert summaries.inline_label("Palvelukohtaaminen", "fi") == "palvelukohtaaminen"
    assert summaries.inline_label("Servicemöte", "sv") == "servicemöte"
    assert summaries.inline_label("NPS", "sv") == "NPS"
    # English too: "the service encounter score", not "the Service encounter score"
    assert summaries.inline_label("Service encounter", "en") == "service encounter"
    assert summaries.inline_label("NPS question", "en") == "NPS question"


def test_journey_claims_only_what_the_fdr_test_supports(survey):
    journey = tracking.journey_nps(survey)
    tests = {lv: cx.nps_test(survey, by=col) for lv, col in survey.codebook.journey.items()}
    lines = summaries.journey_summary(journey, tests, lang="en")
    touch = tests["touchpoint"]
    part = journey[(journey.level == "touchpoint") & ~journey.small_base].sort_values("nps")
    best, worst = part["value"].iloc[-1], part["value"].iloc[0]
    pair = touch[touch.group_a.isin([best, worst]) & touch.group_b.isin([best, worst])].iloc[0]
    # the bundled survey's best-vs-worst touchpoint gap is not significant after FDR
    assert pair["p_adjusted"] > 0.05
    text = " ".join(lines)
    assert "No clear difference among touchpoints" in text
    assert "highest" not in text
    # a clear difference is reported as one: a fabricated table with a tiny p
    forced = {"touchpoint": touch.assign(p_adjusted=0.001)}
    lines2 = summaries.journey_summary(journey, forced, lang="en")
    assert any("highest for" in x for x in lines2)


def test_phase_order_and_skips():
    assert summaries.phase_sorted(["core", "post", "pre"]) == ["pre", "core", "post"]
    assert summaries.journey_summary(None, lang="fi") == [t("skip.no_journey", "fi")]
    lines = summaries.tracking_summary(None, lang="sv")
    assert t("skip.no_waves", "sv") in lines and t("skip.no_panel", "sv") in lines


def test_fit_quality_cutoffs():
    assert summaries.fit_quality({"cfi": 0.96, "tli": 0.95, "rmsea": 0.05, "srmr": 0.05}) == "good"
    assert summaries.fit_quality({"cfi": 0.93, "tli": 0.90, "rmsea": 0.07, "srmr": 0.09}) == \
        "acceptable"
    assert summaries.fit_quality({"cfi": 0.85, "tli": 0.80, "rmsea": 0.12, "srmr": 0.12}) == "poor"


def test_wave_alerts_against_hand_welch_and_nps_test(survey):
    a = tracking.wave_alerts(survey, segments=[])
    df = survey.data
    x, y = df.loc[df.wave == 3, "service"].dropna(), df.loc[df.wave == 4, "service"].dropna()
    se = np.sqrt(x.var(ddof=1) / len(x) + y.var(ddof=1) / len(y))
    row = a[(a.kind == "driver") & (a.name == "service")].iloc[0]
    assert row["change"] == pytest.approx(y.mean() - x.mean(), abs=1e-12)
    assert row["p_value"] == pytest.approx(2 * sps.norm.sf(abs(y.mean() - x.mean()) / se),
                                           rel=1e-9)
    nps_row = a[a.name == "recommend"].iloc[0]
    ref = cx.nps_test(survey, by="wave", a=4, b=3, p_adjust="none").iloc[0]
    # wave_alerts tests on the two waves' rows only; the linearised SE of a weighted domain
    # then differs in the 4th digit from the full-sample one, the NPS difference not at all
    assert nps_row["change"] == pytest.approx(ref["diff"], abs=1e-9)
    assert nps_row["p_value"] == pytest.approx(ref["p_value"], rel=1e-3)
    # FDR across every row together (statsmodels Benjamini-Hochberg)
    from statsmodels.stats.multitest import multipletests

    assert np.allclose(a["p_adjusted"], multipletests(a["p_value"], method="fdr_bh")[1])
    lines = summaries.alerts_list(a, lang="fi")
    assert len(lines) == max(1, int(a["significant"].sum()))


def test_before_after_scores_finds_the_store_service_change(survey):
    import statsmodels.formula.api as smf

    r = tracking.before_after_scores(survey, change_date="2026-03-01", columns=["service"],
                                     by="channel", treated="store").iloc[0]
    df = survey.data.assign(after=(pd.to_datetime(survey.data.response_date)
                                   >= "2026-03-01").astype(int),
                            treated=(survey.data.channel == "store").astype(int))
    fit = smf.wls("service ~ treated * after", df, weights=df["weight"]).fit(cov_type="HC3")
    assert r["did"] == pytest.approx(fit.params["treated:after"], rel=1e-9)
    assert r["did_p"] < 0.001 and r["did"] > 0.2   # the simulated improvement is visible
    lines = summaries.tracking_summary(None, ba=tracking.before_after(
        survey, change_date="2026-03-01", by="channel", treated="store"),
        scores=pd.DataFrame([r]), labels={"service": "Palvelukohtaaminen"}, lang="fi",
        change_name="palveluparannus", treated_label="myymälä",
        carry=tracking.CarryoverResult(pairs=40, r_outcome={}, lagged={}, weighted=False))
    assert any("palvelukohtaaminen" in x and "1.3.2026" not in x for x in lines)
    assert any("1.3.2026" in x for x in lines)


def test_channel_gap_partial_correlation_matches_pingouin(survey):
    import pingouin as pg

    g = tracking.channel_gap(survey)
    c = g.customers.dropna()
    ref = pg.partial_corr(c, x="gap", y="latest_outcome", covar="experience")
    assert g.r_gap_outcome_adjusted["r"] == pytest.approx(float(ref["r"].iloc[0]), abs=1e-10)


@pytest.mark.parametrize("lang", ["en", "fi"])
def test_measurement_and_moderators_reports_quote_one_fit(survey, lang):
    # issue 13.13: the same quantity reads the same in both reports, from one fit, checked
    # against statsmodels WLS on the scored data
    import statsmodels.formula.api as smf
    from statsmodels.stats.weightstats import DescrStatsW

    from cxresearch import measurement, moderation
    from cxresearch.i18n import fmt_num, fmt_pct

    cb = survey.codebook
    names = [c for c in cb.drivers if len(cb.constructs[c].items) >= 2]
    sat, rec, w = cb.outcomes["satisfaction"].column, cb.recommend.column, survey.weight
    # as the two notebooks call it: no intervals in the measurement report, 50 in moderators
    p_ms = moderation.satisfaction_paths(survey, n_boot=0)
    p_md = moderation.satisfaction_paths(survey, n_boot=50, seed=3)
    for col in ("a", "b", "indirect", "direct", "total", "share_mediated", "std_indirect"):
        np.testing.assert_allclose(p_ms.paths[col], p_md.paths[col], rtol=1e-12)
    assert p_ms.r2 == p_md.r2
    frame = survey.data[[rec, sat, *cb.drivers, w]].dropna()
    rhs = " + ".join(cb.drivers)
    out = smf.wls(f"{rec} ~ {sat} + {rhs}", frame, weights=frame[w]).fit()
    mfit = smf.wls(f"{sat} ~ {rhs}", frame, weights=frame[w]).fit()
    assert p_ms.r2["outcome"] == pytest.approx(out.rsquared, rel=1e-10)
    assert p_ms.r2["mediator"] == pytest.approx(mfit.rsquared, rel=1e-10)
    top = summaries.top_mediated(p_ms.paths)
    d = top["driver"]
    ab = mfit.params[d] * out.params[sat]
    sd = {c: DescrStatsW(frame[c], weights=frame[w]).std for c in (d, rec)}
    assert top["indirect"] == pytest.approx(ab, rel=1e-9)
    assert top["std_indirect"] == pytest.approx(ab * sd[d] / sd[rec], rel=1e-9)
    assert top["share_mediated"] == pytest.approx(ab / (ab + out.params[d]), rel=1e-9)

    rel, items = measurement.reliability(survey, constructs=names, items=True)
    fit_cfa = measurement.cfa(survey, constructs=names)
    sem = measurement.structural_model(survey, drivers=names)
    ms = " ".join(summaries.measurement_summary(rel, items, fit_cfa, sem, paths=p_ms,
                                                lang=lang))
    md = " ".join(summaries.moderators_summary(pd.DataFrame(), paths=p_md, n=len(survey),
                                               lang=lang))
    shared = [fmt_pct(p_ms.r2["outcome"], lang, 1), fmt_num(top["indirect"], lang, 3),
              fmt_num(top["std_indirect"], lang, 3), fmt_pct(top["share_mediated"], lang),
              summaries.inline_label(d, lang)]
    for number in shared:
        assert number in ms and number in md, number
    # the latent model's R² is a different quantity: only in the measurement report, labelled
    latent = fmt_pct(sem.r2[rec], lang, 1)
    assert latent != shared[0] and latent in ms and latent not in md


#: Words Swedish writes as English does (the check looks for English left untranslated).
_SHARED = {"data", "panel"}


def _english_words(problem) -> set[str]:
    """The English words of a problem's what and fix (identifiers such as change_date, ISO
    dates and the column name left out: they are data, the same in every language)."""
    text = f"{problem.what} {problem.fix}".replace(str(problem.column), " ")
    return {w.lower() for w in re.findall(r"[A-Za-z_]+", text)
            if "_" not in w and len(w) > 2} - _SHARED


def _day(ts, lang: str) -> str:
    """A date as the report language writes it, from the calendar (not from i18n)."""
    months = ["Jan", "Feb", "Mar", "Apr", "May", "June", "July", "Aug", "Sept", "Oct", "Nov",
              "Dec"]
    return (f"{ts.day} {months[ts.month - 1]} {ts.year}" if lang == "en"
            else f"{ts.day}.{ts.month}.{ts.year}")


@pytest.mark.parametrize("lang", ["en", "fi", "sv"])
@pytest.mark.parametrize("by", [None, "channel"])
def test_a_refused_input_is_explained_with_what_where_and_fix(survey, lang, by):
    """A section whose input is refused says what is wrong, where and how to fix it, in the
    report's language: no English of the problem in a Finnish or Swedish sentence, the dates
    written the language's way."""
    import html

    from cxresearch.errors import CXInputError

    with pytest.raises(CXInputError) as info:  # the change date is after the last response
        tracking.before_after(survey, change_date="2031-01-01", by=by,
                              treated="store" if by else None)
    problem = info.value.problems[0]
    # the command line keeps the English, with ISO dates
    assert "2031-01-01" in problem.what and problem.key
    # values are escaped for Markdown (i18n.t): compare the text a reader sees
    sentence = html.unescape(summaries.problem_sentence(info.value, section="change", lang=lang))
    words = {w.lower() for w in re.findall(r"[A-Za-z_]+", sentence)}
    when = pd.to_datetime(survey.data[survey.codebook.date])
    for day in (pd.Timestamp("2031-01-01"), when.min(), when.max()):
        assert _day(day, lang) in sentence, (day, sentence)
    assert "2031-01-01" not in sentence and survey.codebook.date in sentence
    assert "change_date" in sentence and (by is None or "change_group" in sentence)
    assert t("skip.section.change", lang) in sentence
    assert "Traceback" not in sentence and ".." not in sentence
    if lang == "en":
        assert {"responses", "give", "between"} <= words
    else:
        assert not words & _english_words(problem), words & _english_words(problem)
        assert t("err.where.parameter", lang, name="x").split()[0] in sentence


@pytest.mark.parametrize("lang", ["fi", "sv"])
def test_refused_carryover_and_columns_are_said_in_the_report_language(survey, lang):
    """Too few panel pairs, and a column that is not in the data, in Finnish and Swedish: the
    count written the language's way, no English left."""
    import html

    from cxresearch.errors import CXInputError

    df = survey.data
    first = df.drop_duplicates(survey.codebook.panel).index  # one response per customer ...
    few = survey.subset(df.index.isin(first) | df.index.isin(
        df[df.duplicated(survey.codebook.panel)].index[:3]))  # ... and three repeats
    with pytest.raises(CXInputError) as info:
        tracking.carryover(few)
    problem = info.value.problems[0]
    n = int(re.search(r"only (\d+)", problem.what).group(1))
    sentence = html.unescape(summaries.problem_sentence(info.value, section="carryover",
                                                        lang=lang))
    assert re.search(rf"\b{n}\b", sentence) and t("skip.section.carryover", lang) in sentence
    assert not {w.lower() for w in re.findall(r"[A-Za-z]+", sentence)} & _english_words(problem)

    with pytest.raises(CXInputError) as info:
        tracking.before_after_scores(survey, change_date="2026-03-01", columns=["no_such"])
    sentence = html.unescape(summaries.problem_sentence(info.value, section="change", lang=lang))
    assert "no_such" in sentence
    assert not ({w.lower() for w in re.findall(r"[A-Za-z]+", sentence)}
                & _english_words(info.value.problems[0]))


def test_typed_change_and_gap_sentences_give_the_mde_in_the_outcome_units():
    from types import SimpleNamespace

    from scipy.stats import norm

    from cxresearch.summaries import gap_sentence, outcome_change_summary

    se = 2.5
    mde = (norm.ppf(0.975) + norm.ppf(0.8)) * se            # Cohen (1988): 5% two-sided, 80%
    ba = SimpleNamespace(outcome_type="binary", change_date="2026-03-01",
                         change={"estimate": 4.0, "ci_low": 1.0, "ci_high": 7.0},
                         did={"estimate": 2.0, "se": se, "ci_low": -2.9, "ci_high": 6.9,
                              "p_value": 0.42})
    lines = outcome_change_summary(ba, outcome="would buy again", carry={"pairs": 0})
    assert f"about {mde:.1f} percentage points" in lines[1]
    assert not any("NPS" in line for line in lines)
    sig = outcome_change_summary(SimpleNamespace(**{**vars(ba), "did": {**ba.did,
                                                                          "p_value": 0.01}}),
                                 carry={"pairs": 0}, lang="fi")
    assert "prosenttiyksikköä" in sig[1] and "ei merkitsevä" not in sig[1]
    g = {"n": 120, "mean_gap": 0.8, "outcome_type": "rating",
         "r_gap_outcome_adjusted": {"r": -0.05},
         "slope_adjusted": {"coef": -0.1, "se": 0.08, "ci_low": -0.26, "ci_high": 0.06,
                            "p_value": 0.21}}
    text = gap_sentence(g, outcome="satisfaction")
    assert "no clear link" in text
    assert f"about {(norm.ppf(0.975) + norm.ppf(0.8)) * 0.08:.2f} scale points" in text
    assert "recommend" not in gap_sentence({**g, "slope_adjusted": {**g["slope_adjusted"],
                                                                    "p_value": 0.001}})


def test_alerts_list_words_a_share_in_percentage_points():
    import pandas as pd

    from cxresearch.summaries import alerts_list

    a = pd.DataFrame([{"kind": "outcome", "name": "buy", "value": "", "unit": "percent",
                       "from_wave": 1, "to_wave": 2, "before": 60.0, "after": 68.5,
                       "change": 8.5, "p_adjusted": 0.01, "significant": True}])
    line = alerts_list(a, labels={"buy": "Would buy again"})[0]
    assert "60.0%" in line and "68.5%" in line and "+8.5 percentage points" in line
    assert "NPS" not in line
