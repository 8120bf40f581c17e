"""cx init: the drafted codebook's guesses against the known truth of the example exports.

generic.csv is simulated with two factors (friendly/helpful/knowledgeable/rude, rude reversed;
cheap/fair/value), an unrelated wifi item with 0 = "not applicable", a 0-10 recommendation
and a satisfied / neutral-or-dissatisfied outcome (tests/data/exports/make_exports.py).
"""

from __future__ import annotations

import hashlib
from pathlib import Path

import numpy as np
import pandas as pd
import pytest

from cxresearch.cli import main
from cxresearch.draft import draft_codebook, parallel_analysis
from cxresearch.formats import read_export
from cxresearch.yamlfile import load_yaml

EXPORTS = Path(__file__).parent / "data" / "exports"


def test_generic_draft_finds_the_simulated_structure():
    d = draft_codebook(EXPORTS / "generic.csv")
    g = load_yaml(d.text, where="draft")
    assert g["outcomes"]["recommend"] == {"column": "recommend_score", "type": "nps",
                                          "scale": [0, 10]}
    assert g["outcomes"]["satisfied"] == {"column": "satisfied", "type": "binary"}
    assert g["recode"]["satisfied"] == {"satisfied": 1, "neutral or dissatisfied": 0}
    groups = sorted(sorted(c["items"]) for c in g["constructs"].values())
    assert groups == [["cheap", "fair", "value"], ["friendly", "helpful", "knowledgeable", "rude"],
                      ["wifi"]]
    reversed_ = [i for c in g["constructs"].values() for i in c.get("reverse", [])]
    assert reversed_ == ["rude"]
    assert g["missing"]["wifi"] == [0]
    assert (g["id"], g["wave"], g["weight"]) == ("respondent", "wave", "weight")
    assert g["pii"] == ["phone"] and g["text"] == ["feedback"] and g["segments"] == ["segment"]
    assert "item-rest correlation rude -" in d.text and "parallel analysis" in d.text


@pytest.mark.parametrize("name, rec, sat, items, pii", [
    ("qualtrics_text.csv", "Q1", "Q2", ["Q3_1", "Q3_2", "Q3_3"], "RecipientEmail"),
    ("qualtrics_numeric.csv", "Q1", "Q2", ["Q3_1", "Q3_2", "Q3_3"], "RecipientEmail"),
    ("surveymonkey.csv", "how_likely_is_it_that_you_would",
     "overall_how_satisfied_or_dissatisfied", None, "email_address"),
    ("google_forms.csv", "how_likely_are_you_to_recommend_acme_to",
     "how_satisfied_are_you_with_your_visit", None, "email_address"),
    ("limesurvey_codes.csv", "NPS", "CSAT", ["SERV_SQ001", "SERV_SQ002", "SERV_SQ003"], None),
    ("limesurvey_full.csv", "how_likely_are_you_to_recommend_acme_to",
     "how_satisfied_are_you_with_your_visit", None, None),
    ("webropol.xlsx", "suosittelisitko_meita_ystavallesi_0_10",
     "kuinka_tyytyvainen_olit_kayntiisi", None, "sahkoposti"),
    ("spss_shifted.sav", "q_recommend", "q_sat", ["q_serv1", "q_serv2", "q_serv3"], None),
])
def test_each_export_drafts_outcomes_constructs_and_pii(name, rec, sat, items, pii):
    d = draft_codebook(EXPORTS / name)
    g = load_yaml(d.text, where=name)
    assert g["outcomes"]["recommend"]["column"] == rec
    assert g["outcomes"]["recommend"]["type"] == "nps"
    assert g["outcomes"]["satisfaction"] == {"column": sat, "type": "rating", "scale": [1, 5],
                                             "top_box": [4, 5]}
    assert g["key_outcome"] == "recommend"
    service = [c for c in g["constructs"].values() if len(c["items"]) == 3]
    assert len(service) == 1
    if items:
        assert service[0]["items"] == items
    if pii:
        assert pii in g["pii"]
    # never a PII value or an open answer in the draft
    table = read_export(EXPORTS / name)
    for col in g.get("pii", []) + g.get("text", []):
        for v in table.data[col].dropna().astype(str).unique():
            if len(v) > 3:
                assert v not in d.text, (col, v)


def test_spss_shifted_recommendation_becomes_a_recode():
    g = draft_codebook(EXPORTS / "spss_shifted.sav").guesses
    assert g["recode"]["q_recommend"] == {"from": [1, 11], "to": [0, 10]}
    assert "region" in g["segments"] and "q_sat" not in g.get("segments", [])


def test_parallel_analysis_known_number_of_factors():
    rng = np.random.default_rng(3)
    for k in (1, 2, 3):
        f = rng.normal(size=(500, k))
        x = np.column_stack([f[:, j] + rng.normal(0, 0.6, 500) for j in range(k)
                             for _ in range(3)])
        assert parallel_analysis(x, seed=1)[0] == k
    assert parallel_analysis(rng.normal(size=(500, 6)), seed=1)[0] == 0


def test_cx_init_out_never_overwrites_nor_writes_into_raw(tmp_path, capsys):
    out = tmp_path / "cb.yaml"
    data = EXPORTS / "generic.csv"
    before = hashlib.sha256(data.read_bytes()).hexdigest()
    assert main(["init", str(data), "--out", str(out)]) == 0
    text = out.read_text()
    written = (tmp_path / load_yaml(text, where="cb")["data"]).resolve()
    assert written == data.resolve()  # data: is relative to the codebook file
    assert main(["init", str(data), "--out", str(out)]) == 2
    assert "the file exists" in capsys.readouterr().err and out.read_text() == text
    raw = tmp_path / "data" / "raw"
    raw.mkdir(parents=True)
    assert main(["init", str(data), "--out", str(raw / "cb.yaml")]) == 2
    assert "does not write into data/raw" in capsys.readouterr().err
    assert not (raw / "cb.yaml").exists()
    assert hashlib.sha256(data.read_bytes()).hexdigest() == before


def test_init_lang_puts_labels_under_that_language():
    g = draft_codebook(EXPORTS / "webropol.xlsx", lang="fi").guesses
    assert g["language"] == "fi"
    assert g["column_labels"]["palvelu_nopea_apu"] == {"fi": "Palvelu: nopea apu"}


def test_binary_text_outcome_and_na_codes(tmp_path):
    rng = np.random.default_rng(0)
    n = 200
    df = pd.DataFrame({"would_recommend": rng.choice(["Yes", "No"], n),
                       "wifi": rng.choice([0, 1, 2, 3, 4, 5], n),
                       "seat": rng.choice([1, 2, 3, 4, 5, -99], n)})
    f = tmp_path / "air.csv"
    df.to_csv(f, index=False)
    g = draft_codebook(f).guesses
    assert g["outcomes"]["would_recommend"] == {"column": "would_recommend", "type": "binary"}
    assert g["recode"]["would_recommend"] == {"Yes": 1, "No": 0}
    assert g["missing"] == {"all": [-99], "wifi": [0]}


@pytest.mark.parametrize("name", sorted(p.name for p in EXPORTS.iterdir()
                                        if p.suffix in (".csv", ".xlsx", ".sav")
                                        and p.name != "truth.csv"))
def test_cx_validate_passes_on_every_draft(name, tmp_path, capsys):
    """The issue's promise: `cx init` then `cx validate` on the draft, nothing to edit first."""
    import shutil

    shutil.copy(EXPORTS / name, tmp_path / name)
    out = tmp_path / f"{Path(name).stem}_{Path(name).suffix[1:]}.yaml"
    assert main(["init", str(tmp_path / name), "--out", str(out)]) == 0
    capsys.readouterr()
    assert main(["validate", "--codebook", str(out)]) == 0, capsys.readouterr().err
    assert "OK:" in capsys.readouterr().out


def test_every_init_message_is_in_every_catalog():
    # the pattern of tests/test_i18n.py, for the keys draft.py and cli.py ask for
    import re

    from cxresearch.i18n import LANGS, catalog

    root = Path(__file__).resolve().parents[1] / "cxresearch"
    source = (root / "draft.py").read_text() + (root / "cli.py").read_text()
    used = {f"init.{k}" for k in re.findall(r'_say\(lang, f?"([a-z_.{}]+)"', source)}
    used |= set(re.findall(r'said\["(init\.[a-z_.]+)"\]', source))
    used |= {f"init.pii.{what}" for what in ("email", "phone", "name", "ip", "location",
                                             "address")}
    expanded = set()
    for key in used:   # the two conditional keys in one call
        expanded |= ({key} if "{" not in key else set())
    expanded |= {"init.ev.share_text", "init.ev.share_prefix", "init.ev.key_recommend",
                 "init.ev.key_first"}
    assert len(expanded) > 50
    for lang in LANGS:
        assert sorted(expanded - set(catalog(lang))) == [], lang


@pytest.mark.parametrize("lang", ["fi", "sv"])
def test_cx_init_lang_writes_the_comments_in_that_language_and_validates(lang, tmp_path,
                                                                          capsys):
    import shutil

    from cxresearch.i18n import catalog

    shutil.copy(EXPORTS / "generic.csv", tmp_path / "generic.csv")
    out = tmp_path / "cb.yaml"
    assert main(["init", str(tmp_path / "generic.csv"), "--out", str(out), "--lang", lang]) == 0
    said = capsys.readouterr().out
    head = catalog(lang)["init.cli.wrote"].split("{path}")[0]
    assert said.startswith(head) and "review every guess" not in said
    text = out.read_text(encoding="utf-8")
    english = draft_codebook(tmp_path / "generic.csv").text
    # the same guesses, the comments in the chosen language
    assert load_yaml(text, where="fi")["constructs"] == load_yaml(english, where="en")[
        "constructs"]
    for phrase in ("Every guess says why", "item-rest correlation", "parallel analysis",
                   "open answers", "whole numbers", "not applicable' in one column"):
        assert phrase in english and phrase not in text, phrase
    assert catalog(lang)["init.yaml.review"].split(".")[0] in text
    assert main(["validate", "--codebook", str(out)]) == 0, capsys.readouterr().err
    assert "OK:" in capsys.readouterr().out


@pytest.mark.parametrize("name", sorted(p.name for p in EXPORTS.iterdir()
                                        if p.suffix in (".csv", ".xlsx", ".sav")))
def test_how_the_file_was_read_is_said_in_the_draft_language(name):
    # the init catalog says every description of cxresearch.formats: the English draft gives
    # the description itself, the Finnish one says it in Finnish
    described = read_export(EXPORTS / name).description
    assert f"# {described}." in draft_codebook(EXPORTS / name).text.splitlines()[1]
    fi = draft_codebook(EXPORTS / name, lang="fi").text.splitlines()[1]
    assert fi.startswith("# luettu") and described not in fi
