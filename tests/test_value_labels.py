"""Data values have labels per language in the codebook; the index page reads as a front page."""

from __future__ import annotations

import re

import pytest
from helpers import RAW

import cxresearch as cx
from cxresearch.batch import JobResult, write_index
from cxresearch.codebook import codebook_from_dict
from cxresearch.errors import CXInputError
from cxresearch.i18n import t

BASE = {"name": "Mini", "data": "mini.csv",
        "outcomes": {"recommend": {"column": "ltr", "scale": [0, 10]}},
        "constructs": {"price": {"items": ["p1", "p2"], "scale": [1, 5]}}}


def test_bundled_codebook_labels_in_three_languages():
    survey = cx.load(RAW / "retail_cx.yaml", cache_dir=False)
    cb = survey.codebook
    # per-language labels leave the codes in the data (filters and batches keep working)
    assert set(survey.data["channel"].dropna().unique()) == {"store", "web", "app"}
    assert [cb.value_label("channel", v, "fi") for v in ("store", "web", "app")] == [
        "myymälä", "verkkokauppa", "sovellus"]
    assert [cb.value_label("phase", v, "fi") for v in cb.value_order("phase")] == [
        "ennen ostoa", "ostovaihe", "oston jälkeen"]
    assert cb.value_label("shopping_motive", "hedonic", "fi") == "elämyshakuiset"
    assert cb.value_label("season", "autumn", "sv") == "höst"
    assert cb.label_of("income_band", "sv") == "Inkomstklass"
    # a one-string label replaces the code on load, as before
    assert "Uusimaa" in set(survey.data["region"]) and cb.value_order("region")[0] == "Uusimaa"


def test_label_without_the_language_falls_back_to_english_then_the_code():
    cb = codebook_from_dict(dict(BASE, labels={"g": {1: {"en": "One", "fi": "Yksi"}}}))
    assert cb.value_label("g", "1", "sv") == "One" and cb.value_label("g", 1.0, "fi") == "Yksi"
    assert cb.value_label("g", 2, "fi") == "2" and cb.value_label("other", "x") == "x"


def test_bad_label_is_an_input_error_naming_the_column():
    with pytest.raises(CXInputError) as info:
        codebook_from_dict(dict(BASE, labels={"channel": {"store": ["Store", "Myymälä"]}}))
    assert "labels.channel" in str(info.value) and "{en: ..., fi: ..., sv: ...}" in str(info.value)


def _results(tmp_path):
    (tmp_path / "nps_overview.html").write_text("x")
    (tmp_path / "driver_analysis.html").write_text("x")
    nps = JobResult("nps_overview", "nps_overview", "ok", 3.2, str(tmp_path / "nps_overview.html"),
                    {"title": "NPS: Mini", "question": "How likely?", "headline": "**+27** <b>",
                     "outcome": {"label": "Likelihood", "type": "nps", "value": 27.2,
                                 "ci_low": -3.4, "ci_high": 30.0, "level": 0.95, "n": 2965},
                     "trend": [{"wave": "1", "value": 20, "ci_low": 14, "ci_high": 26, "n": 741},
                               {"wave": "2", "value": 34, "ci_low": 28, "ci_high": 39,
                                "n": 742}],
                     "trend_sentence": "Up."})
    drv = JobResult("driver_analysis", "driver_analysis", "ok", 9.0,
                    str(tmp_path / "driver_analysis.html"),
                    {"title": "Drivers: Mini", "actions": [{"text": "**Service**", "tied": False},
                                                           {"text": "**Brand**", "tied": True}],
                     "actions_note": "Tied ones overlap."})
    bad = JobResult("journey", "journey", "failed", 1.0,
                    error={"cell": 3, "ename": "KeyError", "evalue": "'phase'"})
    return [nps, drv, bad]


@pytest.mark.parametrize("lang", ["en", "fi", "sv"])
def test_index_is_a_front_page(tmp_path, lang):
    settings = {"out": str(tmp_path), "lang": lang, "title": "Mini", "survey": "Mini",
                "codebook": "mini.yaml"}
    page = write_index(_results(tmp_path), settings).read_text(encoding="utf-8")
    main, footer = page.split('<footer class="cx-provenance"')
    # key outcome, trend, actions and the report lines come before any run detail
    order = [main.find(t(k, lang)) for k in ("idx.key_h", "idx.trend_h", "idx.actions_h",
                                               "idx.reports_h")]
    assert all(i > 0 for i in order) and order == sorted(order)
    assert main.count(t("idx.tied", lang)) == 1 and "<strong>Brand</strong>" in main
    decimal = "." if lang == "en" else ","
    assert "−3" in main and "+27" in main and f"{9.0:.1f}".replace(".", decimal) in footer
    # headlines from reports are escaped except their **bold**
    assert "<strong>+27</strong> &lt;b&gt;" in main
    # the failed report: one line saying so above, its error only in the provenance
    assert t("idx.not_written", lang) in main and "KeyError" not in main
    assert "KeyError" in footer and t("idx.seconds", lang) in footer
    links = set(re.findall(r'href="([^"]+)"', main))
    assert links == {"nps_overview.html", "driver_analysis.html"}
