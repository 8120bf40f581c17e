"""The headline and driver reports on a survey whose key outcome is a yes/no question or a
1–5 rating (issue 12 item 2, issue 14 items 1-3).

One batch per survey (kernels start: slow): nps_overview and driver_analysis in English and
Finnish, plus the index. The headline figures are checked against ``cx.outcome_summary`` (which
tests/test_outcomes.py checks against R ``survey`` and statsmodels) and the pairwise tests
against statsmodels/scipy called here directly.
"""

from __future__ import annotations

import re
from pathlib import Path

import numpy as np
import pandas as pd
import pytest
import yaml

import cxresearch as cx
from cxresearch.batch import plan_batch, run_batch
from cxresearch.narrative import outcome_tests

RAW = Path(__file__).resolve().parents[1] / "data" / "raw"
NPS_WORDS = re.compile(r"NPS|[Pp]romoter|suosittel|\b0[–-]10\b|Net Promoter")


def _survey(folder: Path, kind: str) -> Path:
    """A simulated survey whose key outcome is a yes/no flag or the 1–5 satisfaction rating."""
    sim = cx.simulate_survey(500, seed=21, waves=1)
    bundled = yaml.safe_load((RAW / "retail_cx.yaml").read_text(encoding="utf-8"))
    cb = dict(sim.codebook, labels=bundled["labels"], column_labels=bundled["column_labels"])
    cb.pop("wave", None)
    cb.pop("weight", None)
    cb["segments"] = ["channel"]
    rng = np.random.default_rng(5)
    if kind == "binary":
        # a yes/no "would buy again", more likely with a higher satisfaction
        sat = sim.data["csat"].astype(float)
        sim.data["buy_again"] = np.where(
            rng.random(len(sim.data)) < 1 / (1 + np.exp(-(sat.fillna(3) - 3.2))), "Yes", "No")
        cb["recode"] = dict(cb.get("recode") or {}, buy_again={"Yes": 1, "No": 0})
        cb["outcomes"] = {"buy_again": {"column": "buy_again", "type": "binary",
                                        "label": {"en": "Would buy again",
                                                  "fi": "Ostaisi uudelleen",
                                                  "sv": "Skulle köpa igen"}}}
        cb["key_outcome"] = "buy_again"
    else:
        cb["outcomes"] = {"satisfaction": dict(
            bundled["outcomes"]["satisfaction"], column="csat", type="rating")}
        cb["key_outcome"] = "satisfaction"
    cb["name"] = f"{kind.capitalize()} survey"
    sim.codebook = cb
    return sim.write(folder, kind)[1]


SPEED = {"n_boot": 40, "priority_boot": 30}


@pytest.fixture(scope="module")
def batches(tmp_path_factory):
    """{(kind, lang): (out folder, codebook path, results)}: both reports and the index."""
    done = {}
    for kind, lang in (("binary", "en"), ("rating", "fi")):
        folder = tmp_path_factory.mktemp(kind)
        codebook = _survey(folder, kind)
        spec = {"codebook": str(codebook), "out": str(folder / "out"), "lang": lang,
                "reports": [{"notebook": "nps_overview"},
                            {"notebook": "driver_analysis", "parameters": SPEED}]}
        jobs, settings = plan_batch(spec, base=folder)
        results = run_batch(jobs, settings, workers=2, progress=False, echo=False)
        assert all(r.status == "ok" for r in results), [r.error for r in results]
        done[kind] = (folder / "out", codebook, results, lang)
    return done


def _text(path: Path) -> str:
    return re.sub(r"<[^>]+>", " ", path.read_text(encoding="utf-8"))


@pytest.mark.slow
@pytest.mark.parametrize("kind", ["binary", "rating"])
def test_headline_follows_outcome_summary_and_has_no_nps_words(batches, kind):
    from scipy import stats as sps
    from statsmodels.stats.proportion import proportions_ztest

    from cxresearch.i18n import fmt_num

    out, codebook, results, lang = batches[kind]
    survey = cx.load(codebook)
    s = cx.outcome_summary(survey).iloc[0]
    kf = next(r.key_figures for r in results if r.notebook == "nps_overview")
    # the index's key figure is outcome_summary's estimate and interval, in its type
    assert kf["outcome"]["type"] == kind
    for k in ("estimate", "ci_low", "ci_high"):
        assert kf["outcome"]["value" if k == "estimate" else k] == pytest.approx(s[k], abs=1e-9)
    digits = 1 if kind == "binary" else 2
    html_files = sorted(out.rglob("*.html"))
    assert len(html_files) >= 3          # both reports and the index
    report = _text(next(p for p in html_files if p.stem.startswith("nps_overview")))
    assert fmt_num(s["estimate"], lang, digits) in report
    assert fmt_num(s["ci_low"], lang, digits) in report
    # the pairwise tests match statsmodels / scipy called here directly
    d = survey.data[[survey.codebook.key_outcome.column, "channel"]].dropna()
    y, g = d.iloc[:, 0].astype(float), d["channel"]
    a, b = y[g == "app"], y[g == "store"]
    p = (proportions_ztest([a.sum(), b.sum()], [len(a), len(b)])[1] if kind == "binary"
         else sps.ttest_ind(a, b, equal_var=False).pvalue)
    mine = outcome_tests(survey, outcome=y.name, by="channel", type=kind)
    row = mine[(mine.group_a == "app") & (mine.group_b == "store")].iloc[0]
    assert row["p"] == pytest.approx(p, rel=1e-9)
    for path in html_files:
        text = _text(path)
        text = text.split("Provenance")[0].split("Alkuperätiedot")[0]
        assert not NPS_WORDS.search(text), (path.name, NPS_WORDS.search(text).group())


@pytest.mark.slow
def test_cli_report_on_a_yes_no_outcome_in_finnish(tmp_path):
    import subprocess
    import sys

    from cxresearch.i18n import fmt_pct

    codebook = _survey(tmp_path, "binary")
    r = subprocess.run([sys.executable, "-c", "import sys; from cxresearch.cli import main; "
                        "sys.exit(main())", "report", "nps_overview", "--codebook",
                        str(codebook), "--out", str(tmp_path / "r"), "--lang", "fi"],
                       capture_output=True, text=True)
    assert r.returncode == 0, r.stderr
    page = re.sub(r"\s+", " ", _text(tmp_path / "r" / "nps_overview.html"))
    s = cx.outcome_summary(cx.load(codebook)).iloc[0]
    value = re.sub(r"\s+", " ", fmt_pct(s["estimate"] / 100, "fi", 1))
    assert f"kyllä-vastausten osuus {value}" in page
    assert not NPS_WORDS.search(page.split("Alkuperätiedot")[0])


# ------------------------------------------------ the analysis reports (issue 12 item 3)

ANALYSES = {"driver_analysis": SPEED, "measurement": {}, "moderators": {"n_boot": 30},
            "tracking": {}, "journey": {"n_boot": 30}}


def _tracked_survey(folder: Path, kind: str) -> Path:
    """A simulated two-wave survey whose key outcome is a yes/no flag or the 1–5 rating."""
    sim = cx.simulate_survey(1200, seed=31, waves=2)
    bundled = yaml.safe_load((RAW / "retail_cx.yaml").read_text(encoding="utf-8"))
    cb = dict(sim.codebook, labels=bundled["labels"], column_labels=bundled["column_labels"])
    cb.pop("weight", None)
    sat = dict(bundled["outcomes"]["satisfaction"], column="csat", type="rating")
    if kind == "binary":
        rng = np.random.default_rng(7)
        s = sim.data["csat"].astype(float).fillna(3)
        sim.data["buy_again"] = np.where(rng.random(len(sim.data)) < 1 / (1 + np.exp(-(s - 3.2))),
                                         "Yes", "No")
        cb["recode"] = dict(cb.get("recode") or {}, buy_again={"Yes": 1, "No": 0})
        cb["outcomes"] = {"buy_again": {"column": "buy_again", "type": "binary",
                                        "label": {"en": "Would buy again",
                                                  "fi": "Ostaisi uudelleen",
                                                  "sv": "Skulle köpa igen"}},
                          "satisfaction": sat}
        cb["key_outcome"] = "buy_again"
    else:
        cb["outcomes"] = {"satisfaction": sat}
        cb["key_outcome"] = "satisfaction"
    cb["name"] = f"{kind.capitalize()} tracking survey"
    sim.codebook = cb
    return sim.write(folder, kind)[1]


@pytest.fixture(scope="module")
def analyses(tmp_path_factory):
    """{(kind, lang): (out folder, codebook, results)} of the five analysis reports."""
    done = {}
    for kind in ("binary", "rating"):
        folder = tmp_path_factory.mktemp(f"analyses-{kind}")
        codebook = _tracked_survey(folder, kind)
        for lang in ("en", "fi"):
            spec = {"codebook": str(codebook), "out": str(folder / f"out-{lang}"), "lang": lang,
                    "reports": [{"notebook": nb, "parameters": dict(p)}
                                for nb, p in ANALYSES.items()]}
            jobs, settings = plan_batch(spec, base=folder)
            results = run_batch(jobs, settings, workers=2, progress=False, echo=False)
            done[(kind, lang)] = (folder / f"out-{lang}", codebook, results)
    return done


@pytest.mark.slow
@pytest.mark.parametrize("kind", ["binary", "rating"])
@pytest.mark.parametrize("lang", ["en", "fi"])
def test_analysis_reports_lead_with_the_key_outcome_in_its_units(analyses, kind, lang):
    from cxresearch.i18n import fmt_num, fmt_pct, in_sentence

    out, codebook, results = analyses[(kind, lang)]
    failed = {r.notebook: r.error for r in results if r.status != "ok"}
    assert failed == {}
    survey = cx.load(codebook)
    key = survey.codebook.key_outcome
    label = survey.codebook.label_of(key.column, lang)
    s = cx.outcome_summary(survey).iloc[0]
    for r in results:
        page = re.sub(r"\s+", " ", _text(out / f"{r.notebook}.html"))
        body = page.split("Provenance")[0].split("Alkuperätiedot")[0]
        hit = NPS_WORDS.search(body)
        assert hit is None, (r.notebook, body[max(0, hit.start() - 80):hit.end() + 80])
        if r.notebook == "measurement":
            continue   # the measurement report is about the drivers' items, not the outcome
        # the key outcome is named, and where a report gives its level it is in its units
        assert in_sentence(label, lang).lower() in body.lower(), r.notebook
        if r.notebook in ("tracking", "journey"):
            # tracking leads with the latest wave, the journey with the whole survey: the
            # share of yes answers in % or the mean rating, as outcome_summary gives them
            last = str(sorted(survey.data[survey.codebook.wave].unique())[-1])
            head = (cx.outcome_summary(survey.filter(survey.codebook.wave, last)).iloc[0]
                    if r.notebook == "tracking" else s)
            value = (fmt_pct(head["estimate"] / 100, lang, 1) if kind == "binary"
                     else fmt_num(head["estimate"], lang, 2))
            first = re.sub(r"\s+", " ", r.key_figures["headline"]).replace("**", "")
            assert in_sentence(label, lang).lower() in first.lower(), (r.notebook, first)
            assert re.sub(r"\s+", " ", value) in first, (r.notebook, value, first)


# ------------------------- tracking and journey computed in the outcome's units (issue 12)

CHANGE = {"change_date": "2025-12-01", "change_group": "channel", "change_treated": "store",
          "change_drivers": ["service"]}


@pytest.fixture(scope="module")
def tracked(tmp_path_factory):
    """{(kind, lang): (out folder, codebook, results)} of the tracking and journey reports
    with a dated change inside the survey period."""
    done = {}
    for kind in ("binary", "rating"):
        folder = tmp_path_factory.mktemp(f"tracked-{kind}")
        codebook = _tracked_survey(folder, kind)
        for lang in ("en", "fi"):
            spec = {"codebook": str(codebook), "out": str(folder / f"out-{lang}"), "lang": lang,
                    "reports": [{"notebook": "tracking", "parameters": dict(CHANGE)},
                                {"notebook": "journey", "parameters": {"n_boot": 30}}]}
            jobs, settings = plan_batch(spec, base=folder)
            results = run_batch(jobs, settings, workers=2, progress=False, echo=False)
            done[(kind, lang)] = (folder / f"out-{lang}", codebook, results)
    return done


@pytest.mark.slow
@pytest.mark.parametrize("kind", ["binary", "rating"])
@pytest.mark.parametrize("lang", ["en", "fi"])
def test_tracking_and_journey_compute_change_profile_and_gap(tracked, kind, lang):
    import statsmodels.formula.api as smf

    from cxresearch import tracking
    from cxresearch.i18n import fmt_num, fmt_pts, t

    out, codebook, results = tracked[(kind, lang)]
    assert {r.notebook: r.error for r in results if r.status != "ok"} == {}
    survey = cx.load(codebook)
    key = survey.codebook.key_outcome
    digits = 1 if kind == "binary" else 2
    unit = t(f"out.unit.{kind}", lang)

    def page(name):
        text = re.sub(r"\s+", " ", _text(out / f"{name}.html"))
        return text.split("Provenance")[0].split("Alkuperätiedot")[0]

    # tracking: the DiD of the change, checked here against statsmodels, in the outcome's units
    body = page("tracking")
    assert not NPS_WORDS.search(body), NPS_WORDS.search(body).group()
    d = survey.data.dropna(subset=[key.column, "response_date"])
    frame = pd.DataFrame({"y": d[key.column].astype(float) * (100 if kind == "binary" else 1),
                          "after": (pd.to_datetime(d.response_date) >= "2025-12-01").astype(int),
                          "treated": (d.channel == "store").astype(int)})
    fit = smf.ols("y ~ treated * after", frame).fit(cov_type="HC3")
    ba = tracking.before_after(survey, change_date="2025-12-01", by="channel", treated="store")
    assert ba.regression["estimate"] == pytest.approx(fit.params["treated:after"], abs=1e-8)
    did = re.sub(r"\s+", " ", fmt_pts(ba.did["estimate"], lang, digits))
    assert f"{did} {unit}" in body
    assert t("tr.alerts_h", lang) in body                       # the wave alerts are shown
    # journey: the segment profile in the outcome's units and the channel-gap sentence
    body = page("journey")
    assert not NPS_WORDS.search(body), NPS_WORDS.search(body).group()
    seg = survey.codebook.segments[-1]
    y = d.assign(y=frame["y"]).groupby(seg)["y"].mean()           # unweighted survey
    assert t("jr.segments_h", lang, segment="").split(":")[0] in body
    for v in y.index:
        assert re.sub(r"\s+", " ", fmt_num(y[v], lang, digits)) in body, v
    g = tracking.channel_gap(survey)
    slope = re.sub(r"\s+", " ", fmt_pts(g.slope_adjusted["coef"], lang, digits))
    assert f"{slope} {unit}" in body
