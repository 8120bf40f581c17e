"""The NPS and driver reports, and their index page, on surveys shaped unlike the bundled one.

Three surveys are built from ``cx.simulate_survey`` with their codebooks edited, one per report
language:

- ``plain`` (en): no journey, no waves, no segments, no weight, four drivers;
- ``tiny`` (fi): n = 40 in one wave, too few for a driver analysis;
- ``one_channel`` (sv): only store customers (its one segment has one level), the driver report
  run on the 1–5 satisfaction rating instead of the recommendation question.

Each runs ``nps_overview`` and ``driver_analysis`` as a batch (kernels start: slow). The NPS
on the index is checked against a hand count of the raw answers; the texts against the
sentences the reports must give for a section they cannot support; the pages in Chromium
(links both ways resolve, no page scrolls sideways at 1280 px or on a phone).
"""

from __future__ import annotations

import os
import re
import shutil
from pathlib import Path

import pytest
import yaml
from helpers import RAW

import cxresearch as cx
from cxresearch.batch import plan_batch, run_batch
from cxresearch.i18n import t

pytestmark = pytest.mark.slow
SPEED = {"n_boot": 40, "priority_boot": 30}


def _with_labels(codebook: dict) -> dict:
    """The simulated codebook with the value, column and construct labels in en, fi and sv
    that a user writes for their survey (taken from the bundled codebook)."""
    bundled = yaml.safe_load((RAW / "retail_cx.yaml").read_text(encoding="utf-8"))
    cb = dict(codebook, labels=bundled["labels"], column_labels=bundled["column_labels"])
    cb["constructs"] = {k: dict(v, label=bundled["constructs"][k]["label"])
                        for k, v in codebook["constructs"].items()}
    cb["outcomes"] = {k: dict(v, label=bundled["outcomes"][k]["label"])
                      for k, v in codebook["outcomes"].items()}
    return cb


def _plain(folder: Path) -> Path:
    sim = cx.simulate_survey(600, seed=11, waves=1)
    cb = _with_labels(sim.codebook)
    for key in ("journey", "wave", "segments", "weight", "panel", "date"):
        cb.pop(key)
    cb["constructs"] = {k: v for k, v in cb["constructs"].items()
                        if k in ("service", "price", "brand", "assortment")}
    cb["name"] = "Plain survey"
    sim.codebook = cb
    return sim.write(folder, "plain")[1]


def _tiny(folder: Path) -> Path:
    sim = cx.simulate_survey(40, seed=12, waves=1)
    sim.codebook = dict(_with_labels(sim.codebook), name="Tiny survey")
    return sim.write(folder, "tiny")[1]


def _one_channel(folder: Path) -> Path:
    sim = cx.simulate_survey(900, seed=13, waves=3)
    sim.data = sim.data[sim.data["channel"] == "store"].reset_index(drop=True)
    cb = dict(_with_labels(sim.codebook), name="Store survey", segments=["channel"])
    sim.codebook = cb
    return sim.write(folder, "store")[1]


SHAPES = {"plain": (_plain, "en", {}), "tiny": (_tiny, "fi", {}),
          "one_channel": (_one_channel, "sv", {"outcome": "satisfaction"})}
#: extra reports per shape: the NPS report asked to lead with a 1–5 rating; every other report
#: on the plain survey (sections it cannot support are skipped); the journey report with its
#: segment profile (region × eight drivers) in Finnish, whose long labels made it the widest table
EXTRA = {"one_channel": [{"notebook": "nps_overview", "name": "nps_rating",
                          "parameters": {"outcome": "satisfaction"}}],
         "plain": [{"notebook": "measurement"},
                   {"notebook": "moderators", "parameters": {"n_boot": 30}},
                   {"notebook": "journey", "parameters": {"n_boot": 30}},
                   {"notebook": "tracking"}, {"notebook": "open_text"}],
         "tiny": [{"notebook": "journey", "parameters": {"n_boot": 30, "min_n": 5}}]}


@pytest.fixture(scope="module")
def batches(tmp_path_factory):
    """{shape: (out folder, codebook path, results)} for the three surveys."""
    done = {}
    for shape, (build, lang, drv_params) in SHAPES.items():
        folder = tmp_path_factory.mktemp(shape)
        codebook = build(folder)
        spec = {"codebook": str(codebook), "out": str(folder / "out"), "lang": lang,
                "reports": [{"notebook": "nps_overview"},
                            {"notebook": "driver_analysis",
                             "parameters": dict(SPEED, **drv_params)},
                            *EXTRA.get(shape, [])]}
        jobs, settings = plan_batch(spec, base=folder)
        results = run_batch(jobs, settings, workers=2, progress=False, echo=False)
        assert all(r.status == "ok" for r in results), [r.error for r in results]
        done[shape] = (folder / "out", codebook, results)
    return done


def _text(path: Path) -> str:
    """The visible text of a page (tags, styles and scripts removed, entities decoded)."""
    import html

    page = path.read_text(encoding="utf-8")
    page = re.sub(r"<(style|script)[^>]*>.*?</\1>", " ", page, flags=re.S)
    page = re.sub(r"<img[^>]*>", " ", page)
    return html.unescape(" ".join(re.sub(r"<[^>]+>", " ", page).split()))


def _hand_nps(codebook: Path) -> int:
    """NPS by counting raw answers: % of 9–10 minus % of 0–6 (unweighted, −99 = missing)."""
    import pandas as pd

    df = pd.read_csv(codebook.with_suffix(".csv"))
    ltr = df["ltr"][df["ltr"].between(0, 10)]
    return round(100 * ((ltr >= 9).mean() - (ltr <= 6).mean()))


def test_plain_survey_without_segments_waves_or_journey(batches):
    out, codebook, results = batches["plain"]
    nps_page = _text(out / "nps_overview.html")
    assert t("nps.no_segment", "en") in nps_page
    assert t("do.h", "en") in nps_page and "Traceback" not in nps_page
    index = _text(out / "index.html")
    nps = _hand_nps(codebook)
    shown = f"+{nps}" if nps > 0 else (f"−{-nps}" if nps < 0 else "0")
    assert f"{shown} Likelihood to recommend" in index
    # no waves: the index has no trend table; the driver report's actions are on it
    assert t("idx.trend_h", "en") not in index
    assert t("idx.actions_h", "en") in index
    drv = results[1].key_figures
    assert 1 <= len(drv["actions"]) <= 3
    # the drivers named are the survey's own labels, never construct codes
    assert not re.search(r"\b(service|assortment)\b", " ".join(a["text"] for a in drv["actions"]))


def test_tiny_survey_in_finnish(batches):
    out, codebook, results = batches["tiny"]
    drv_page = _text(out / "driver_analysis.html")
    n, n_eff = results[1].key_figures["n"], results[1].key_figures["n_eff"]
    assert n < 100
    # the rule counts the effective base; the sentence gives both when the survey is weighted
    said = next((s for s in (t("drv.too_small_eff", "fi", n=n, n_eff=n_eff, min_n=100),
                             t("drv.too_small", "fi", n=n_eff, min_n=100)) if s in drv_page), None)
    assert said is not None, drv_page[:400]
    nps_page = _text(out / "nps_overview.html")
    # channel groups are all under 30: suppressed, and no difference is claimed
    assert "NPS ryhmittäin: kanava" in nps_page
    # value labels in Finnish, no English data values or words left
    assert "Myymälä" in nps_page or "myymälä" in nps_page
    for english in ("store", "Store", "Promoters", "Detractors", "Executive", "What to do"):
        assert not re.search(rf"\b{english}\b", nps_page + drv_page), english
    index = _text(out / "index.html")
    assert said in index


def test_one_level_segment_and_rating_outcome_in_swedish(batches):
    out, codebook, results = batches["one_channel"]
    nps_page = _text(out / "nps_overview.html")
    assert t("nps.one_level", "sv", segment="Kanal") in nps_page
    # three waves: the trend is on the index
    index = _text(out / "index.html")
    assert t("idx.trend_h", "sv") in index
    drv_page = _text(out / "driver_analysis.html")
    # satisfaction (1–5) is the outcome: gains in its mean, never in NPS points
    actions = results[1].key_figures["actions"]
    assert actions and all("medelvärdet" in a["text"] and "NPS" not in a["text"]
                           for a in actions)
    # the title and subtitle name the rating, not recommendation
    assert drv_page.startswith(t("drv.title_outcome", "sv", outcome="Nöjdhet",
                                 survey="Store survey"))
    assert "rekommendation" not in drv_page.split("←")[0].lower()
    # the NPS report asked to lead with the 1–5 rating reports its mean (no NPS for it)
    rating_page = _text(out / "nps_rating.html")
    mean = cx.outcome_summary(cx.load(codebook), outcome="satisfaction")["estimate"].iloc[0]
    assert t("out.title", "sv", survey="Store survey") in rating_page
    assert f"{mean:.2f}".replace(".", ",") in rating_page
    assert t("nps.overall_h", "sv") not in rating_page
    # Swedish decimal comma in the tables (the provenance's version numbers aside)
    body = drv_page.split(t("provenance", "sv"))[0]
    assert re.search(r"\d,\d\d", body) and not re.search(r"\b\d\.\d\d\b", body)


def test_every_report_gives_the_index_its_headline(batches):
    """Each report records a headline answer, and the index shows it on the report's line."""
    for shape, (out, _, results) in batches.items():
        index = re.sub(r"\s+", "", _text(out / "index.html"))  # tags became spaces
        for r in results:
            headline = r.key_figures.get("headline")
            assert headline and len(headline) > 20, (shape, r.name, r.key_figures)
            shown = re.sub(r"\s+", "", headline.replace("**", ""))
            assert shown in index, (shape, r.name, headline)
    # on the plain survey (no journey, waves, segments) the journey and tracking reports say
    # why in their headline instead of failing
    out, _, results = batches["plain"]
    by_name = {r.name: r.key_figures["headline"] for r in results}
    assert by_name["tracking"].startswith(t("skip.no_waves", "en")[:20])
    assert t("skip.no_journey", "en")[:30] in by_name["journey"]


def test_segment_profile_has_a_column_per_segment(batches):
    """The journey report's segment profile: segments as columns, drivers as rows (it fits)."""
    out, codebook, results = batches["tiny"]
    page = _text(out / "journey.html")
    cb = cx.load(codebook).codebook
    regions = [cb.value_label("region", v, "fi") for v in cx.load(codebook).data["region"].unique()]
    heading = t("jr.segments_h", "fi", segment="alue")
    assert heading in page
    section = page.split(heading)[-1].split(t("method", "fi"))[0]   # after the TOC entry
    for name in regions:
        assert name in section or name.capitalize() in section, name
    for label in cb.drivers:
        assert cb.label_of(label, "fi") in section


def _chromium() -> str | None:
    return shutil.which("chromium") or (
        "/usr/bin/chromium" if os.path.exists("/usr/bin/chromium") else None)


def test_links_both_ways_and_no_sideways_scrolling(batches):
    exe = _chromium()
    if exe is None:
        pytest.skip("chromium not installed (apt-get install chromium)")
    try:
        from playwright.sync_api import sync_playwright
    except ImportError:
        pytest.skip("playwright not installed")
    args = ["--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
            "--disable-background-networking", "--disable-component-update", "--disable-sync"]
    problems: list[str] = []
    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=exe, args=args)
        for width, height in ((1280, 900), (390, 800)):
            page = browser.new_page(viewport={"width": width, "height": height})
            page.on("pageerror", lambda e: problems.append(str(e)))
            for out, _, results in batches.values():
                index = out / "index.html"
                page.goto(index.as_uri())
                hrefs = set(page.eval_on_selector_all(
                    "a[href]", "els => els.map(e => e.getAttribute('href'))"))
                reports = {Path(r.path).name for r in results}
                assert reports <= hrefs, (index, hrefs)
                pages = [index] + [out / h for h in sorted(hrefs) if not h.startswith("#")]
                for target in pages:
                    assert target.is_file(), target
                    page.goto(target.as_uri())
                    page.wait_for_load_state("load")
                    over = page.evaluate(
                        "document.documentElement.scrollWidth - window.innerWidth")
                    assert over <= 0, (target.name, width, over)
                    if width == 1280:  # no table scrolls in its own box either at 1280 px
                        wide = page.evaluate(
                            "Array.from(document.querySelectorAll('.cx-scroll'))"
                            ".filter(e => e.scrollWidth > e.clientWidth + 1)"
                            ".map(e => e.innerText.slice(0, 60))")
                        assert wide == [], (target.name, wide)
                    if target != index:
                        back = page.eval_on_selector_all(
                            "a[rel=index]", "els => els.map(e => e.getAttribute('href'))")
                        assert back and all((out / b).resolve() == index.resolve()
                                            for b in back), (target.name, back)
                        alts = page.eval_on_selector_all(
                            "img", "els => els.map(e => e.getAttribute('alt') || '')")
                        # every chart says what it shows (its groups, drivers or figures), not a
                        # stock text
                        generic = {t("chart", lang) for lang in ("en", "fi", "sv")}
                        assert all(a not in generic and len(a) > 60 for a in alts), (
                            target.name, alts)
                        assert alts or target.name != "nps_overview.html", target.name
            page.close()
        browser.close()
    assert problems == []


def test_a_refused_parameter_is_explained_in_the_report(tmp_path):
    """A change date after the last response: the tracking report still renders, and says
    what is wrong, where, and how to fix it, in the report's language (not "no data")."""
    import html

    from cxresearch.run import run_report

    res = run_report("tracking", codebook=RAW / "retail_cx.yaml", out_dir=tmp_path, lang="sv",
                     parameters={"change_date": "2031-01-01"})
    page = _text(res.path)
    frame = t("skip.input_error", "sv", section=t("skip.section.change", "sv"), what="@",
              where="@", fix="@")
    head, where_head, fix_head = (html.unescape(x) for x in frame.split("@")[:3])
    assert head in page, page[:400]
    sentence = page.split(head, 1)[1]
    what, rest = sentence.split(where_head, 1)
    assert "2031" in what                                      # what: the date given
    where, fix = rest.split(fix_head, 1)
    assert "change_date" in where or "parameters" in where     # where
    assert len(fix.split(".")[0]) > 10                         # the fix is spelled out
    assert res.key_figures.get("headline")
