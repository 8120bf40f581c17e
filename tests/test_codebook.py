"""Codebook reading and checking: every problem reported at once, each with a fix."""

from __future__ import annotations

import pytest
import yaml
from helpers import MINI_CODEBOOK

from cxresearch.codebook import codebook_from_dict, read_codebook
from cxresearch.errors import CXInputError


def test_bundled_codebook_reads(bundled_codebook):
    cb = read_codebook(bundled_codebook)
    assert cb.recommend.column == "ltr" and cb.recommend.is_nps_scale
    assert cb.drivers == ["social", "service", "atmosphere", "assortment", "price",
                          "consistency", "brand", "previous"]
    assert cb.constructs["service"].reverse == ("service_4",)
    assert cb.data.is_file() and cb.sha256 and len(cb.sha256) == 64
    assert cb.labels["region"][1] == "Uusimaa"
    assert cb.constructs["price"].title("fi") == "Hinta"
    # the survey's name per language, not confused with the column labels read after it
    assert (cb.name, cb.survey_name("fi"), cb.survey_name("sv")) == (
        "Retail CX survey (simulated)", "Vähittäiskaupan asiakaskokemuskysely (simuloitu)",
        "Kundupplevelseenkät i detaljhandeln (simulerad)")


def test_all_problems_reported_at_once():
    raw = dict(MINI_CODEBOOK)
    raw.pop("name")
    raw["constructs"] = {"service": {"items": ["s1"], "reverse": ["s9"], "scale": [5, 1],
                                     "role": "driverr", "level": "fun"}}
    raw["weigth"] = "w"
    with pytest.raises(CXInputError) as info:
        codebook_from_dict(raw, where="cb.yaml")
    text = str(info.value)
    assert len(info.value.problems) >= 6
    for needle in ("'name' is missing", "reverse item 's9'", "scale must be [low, high]",
                   "role", "level", "did you mean 'weight'?", "no construct has role 'driver'"):
        assert needle in text, needle
    assert all(p.fix for p in info.value.problems)


def test_recommend_is_optional_and_key_outcome_defaults():
    raw = dict(MINI_CODEBOOK, outcomes={"satisfaction": {"column": "c", "scale": [1, 5]},
                                        "ltr": {"column": "l", "scale": [0, 10]}})
    cb = codebook_from_dict(raw)
    assert cb.key_outcome.name == "satisfaction"            # no recommend: the first one
    assert cb.outcomes["satisfaction"].type == "rating"     # non-NPS scale: a rating
    assert cb.outcomes["satisfaction"].top_box == (4, 5)    # default: the top two answers
    assert cb.outcomes["ltr"].type == "nps"
    both = dict(raw, outcomes={**raw["outcomes"], "recommend": {"column": "r", "scale": [1, 10]}})
    assert codebook_from_dict(both).key_outcome.name == "recommend"
    chosen = codebook_from_dict(dict(both, key_outcome="ltr"))
    assert chosen.key_outcome.column == "l" and chosen.outcome("c").name == "satisfaction"
    with pytest.raises(CXInputError, match="no outcome called 'zz'"):
        chosen.outcome("zz")


def test_outcome_types_validated_all_at_once():
    raw = dict(MINI_CODEBOOK, key_outcome="nope", outcomes={
        "a": {"column": "a", "type": "nps", "scale": [1, 5]},
        "b": {"column": "b", "type": "binary", "scale": [1, 2]},
        "c": {"column": "c", "type": "rating", "scale": [1, 5], "top_box": [6]},
        "d": {"column": "d", "type": "score"},
        "e": {"column": "e", "type": "binary", "top_box": [1]},
        "f": {"column": "f"},
        "g": {"column": "g", "scale": [0, 10], "colour": "red"}})
    with pytest.raises(CXInputError) as info:
        codebook_from_dict(raw, where="cb.yaml")
    text = str(info.value)
    for needle in ("'type: nps' but its scale 1–5", "a binary outcome is 0/1",
                   "top_box' must list answers on the scale 1–5", "must be one of",
                   "only for rating outcomes", "'outcomes.f' has no scale",
                   "unknown key 'colour'", "'key_outcome: nope' is not one of the outcomes"):
        assert needle in text, needle
    assert len(info.value.problems) == 8 and all(p.fix for p in info.value.problems)


def test_rating_top_box_forms():
    def top(value, scale=(1, 7)):
        out = {"r": {"column": "r", "type": "rating", "scale": list(scale), "top_box": value}}
        return codebook_from_dict(dict(MINI_CODEBOOK, outcomes=out)).outcomes["r"].top_box
    assert top([7, 6]) == (6, 7)
    assert top(5) == (5, 6, 7)           # one number: that answer and every one above it
    raw = dict(MINI_CODEBOOK, outcomes={"r": {"column": "r", "scale": [1, 3]}})
    assert codebook_from_dict(raw).outcomes["r"].top_box == (3,)   # short scale: top answer


def test_recode_forms_parsed():
    raw = dict(MINI_CODEBOOK, recode={
        "sat": {"satisfied": 1, "neutral or dissatisfied": 0},
        "ltr": {"from": [1, 11], "to": [0, 10]},
        "s3": {"from": [1, 5], "to": [5, 1]},
        "p1": {1: 5, 2: 4, "Don't know": None}})
    cb = codebook_from_dict(raw)
    assert cb.recode["ltr"].source == (1, 11) and cb.recode["ltr"].target == (0, 10)
    import pandas as pd
    shifted = cb.recode["ltr"].apply(pd.Series([1, 6, 11]))
    assert shifted.tolist() == [0, 5, 10]
    assert cb.recode["s3"].apply(pd.Series([1, 2, 5])).tolist() == [5, 4, 1]
    mapped = cb.recode["sat"].apply(pd.Series([" Satisfied", "NEUTRAL OR DISSATISFIED"]))
    assert mapped.tolist() == [1, 0]
    p1 = cb.recode["p1"].apply(pd.Series(["1", 2.0, "don't know"]))
    assert p1.iloc[:2].tolist() == [5, 4] and pd.isna(p1.iloc[2])


def test_recode_and_missing_errors():
    raw = dict(MINI_CODEBOOK, recode={
        "a": {"from": [1, 11]}, "b": {"from": [5, 1], "to": [0, 10]},
        "c": {"yes": True}, "d": ["x"], "e": {"Agree": 4, "agree ": 5}},
        missing={"all": [-99], "s1": [{"x": 1}]})
    with pytest.raises(CXInputError) as info:
        codebook_from_dict(raw)
    text = str(info.value)
    assert text.count("{from: [low, high], to: [new_low, new_high]}") == 2
    for needle in ("maps 'yes' to True", "'recode.d' must be a mapping",
                   "lists the answer 'agree ' twice", "'missing.s1' must list codes"):
        assert needle in text, needle


def test_missing_list_or_mapping():
    cb = codebook_from_dict(dict(MINI_CODEBOOK, missing={"all": [-99], "s1": [0, "n/a"]}))
    assert cb.missing == (-99,) and cb.missing_for("s1") == (-99, 0, "n/a")
    assert cb.missing_for("ltr") == (-99,)
    assert codebook_from_dict(dict(MINI_CODEBOOK, missing=[-99, 99])).missing == (-99, 99)


def test_global_missing_code_inside_a_scale_is_an_error():
    # the airline case: 0 = "not applicable" on 1-5 ratings, but 0 is a real 0-10 answer
    raw = dict(MINI_CODEBOOK, missing=[0, -99])
    with pytest.raises(CXInputError) as info:
        codebook_from_dict(raw)
    (p,) = info.value.problems
    assert "global missing code 0 is a real answer on the scale of ltr" in p.what
    assert "missing: {all: [...], ltr: [0]}" in p.fix
    # declared for the ratings only it is fine, and so is a code of a shifted column
    codebook_from_dict(dict(MINI_CODEBOOK, missing={"all": [-99], "s1": [0], "p1": [0]}))
    codebook_from_dict(dict(MINI_CODEBOOK, missing=[0], recode={"ltr": {"from": [1, 11],
                                                                        "to": [0, 10]}}))
    # a code that is a key of a text recode would also blank a real answer
    with pytest.raises(CXInputError, match="'n' is a real answer"):
        codebook_from_dict(dict(MINI_CODEBOOK, missing=["n"], recode={"s1": {"y": 5, "n": 1}}))


def test_constructs_optional_and_single_items():
    raw = {k: v for k, v in MINI_CODEBOOK.items() if k != "constructs"}
    cb = codebook_from_dict(raw)
    assert cb.constructs == {} and cb.drivers == [] and cb.items == []
    single = codebook_from_dict(dict(MINI_CODEBOOK, constructs={
        "wifi": {"items": ["wifi"], "scale": [1, 5]}, "staff": {"items": ["q7"], "scale": [1, 5]}}))
    assert single.drivers == ["wifi", "staff"] and single.items == ["wifi", "q7"]


def test_outcome_that_is_an_item_is_refused():
    raw = dict(MINI_CODEBOOK, outcomes={"recommend": {"column": "s1", "scale": [0, 10]}})
    with pytest.raises(CXInputError, match="is also an item of construct 'service'"):
        codebook_from_dict(raw)


def test_wave_column_with_explicit_order():
    cb = codebook_from_dict(dict(MINI_CODEBOOK, wave={"column": "wave",
                                                      "order": ["spring", "autumn"]}))
    assert cb.wave == "wave" and cb.wave_order == ("spring", "autumn")
    with pytest.raises(CXInputError, match="'wave' must be a column name"):
        codebook_from_dict(dict(MINI_CODEBOOK, wave={"column": "wave", "order": ["a", "a"]}))


@pytest.mark.parametrize("labels, expected", [
    (["Q1 2026", "Q3 2025", "Q4 2025", "Q2 2026"], ["Q3 2025", "Q4 2025", "Q1 2026", "Q2 2026"]),
    (["2025-Q4", "2026-Q1", "2025-Q3"], ["2025-Q3", "2025-Q4", "2026-Q1"]),
    (["2025-W10", "2025-W07", "2024-W52"], ["2024-W52", "2025-W07", "2025-W10"]),
    (["H2 2025", "H1 2026", "H1 2025"], ["H1 2025", "H2 2025", "H1 2026"]),
    (["2026-01", "2025-11", "2025-12"], ["2025-11", "2025-12", "2026-01"]),
    (["15.1.2026", "3.12.2025", "20.12.2025"], ["3.12.2025", "20.12.2025", "15.1.2026"]),
    (["2026-01-15", "2025-12-03"], ["2025-12-03", "2026-01-15"]),
    (["Wave 10", "Wave 2", "Wave 1"], ["Wave 1", "Wave 2", "Wave 10"]),
    ([3, 1, 2, 1], [1, 2, 3]),
])
def test_wave_labels_sort_in_time_order(labels, expected):
    from cxresearch.codebook import order_waves

    assert order_waves(labels) == expected


def test_wave_order_from_codebook_wins_and_names_unknown_labels():
    from cxresearch.codebook import order_waves

    assert order_waves(["autumn", "spring"], ["spring", "autumn"]) == ["spring", "autumn"]
    with pytest.raises(CXInputError, match="'winter' is not in the codebook's wave order"):
        order_waves(["winter", "spring"], ["spring", "autumn"])


def test_broken_yaml_names_line(tmp_path):
    path = tmp_path / "bad.yaml"
    path.write_text("name: x\ndata: [a.csv\noutcomes: {}\n")
    with pytest.raises(CXInputError) as info:
        read_codebook(path)
    assert "not valid YAML at line" in str(info.value)
    assert str(path) in str(info.value)


@pytest.mark.parametrize("content, message", [
    ("", "the codebook is empty"),
    ("- a\n- b\n", "not a mapping"),
])
def test_empty_or_wrong_shape(tmp_path, content, message):
    path = tmp_path / "cb.yaml"
    path.write_text(content)
    with pytest.raises(CXInputError, match=message):
        read_codebook(path)


def test_data_file_must_exist(tmp_path):
    path = tmp_path / "cb.yaml"
    path.write_text(yaml.safe_dump(dict(MINI_CODEBOOK, data="nowhere.csv")))
    with pytest.raises(CXInputError, match="nowhere.csv' does not exist"):
        read_codebook(path)


def test_missing_codebook_file(tmp_path):
    with pytest.raises(CXInputError, match="does not exist"):
        read_codebook(tmp_path / "none.yaml")


def test_construct_named_like_column_is_refused():
    raw = dict(MINI_CODEBOOK, segments=["service"])
    with pytest.raises(CXInputError, match="same name as a data column"):
        codebook_from_dict(raw)


def test_item_in_two_constructs():
    raw = dict(MINI_CODEBOOK)
    raw["constructs"] = {"a": {"items": ["x1", "x2"], "scale": [1, 5]},
                         "b": {"items": ["x2", "x3"], "scale": [1, 5]}}
    with pytest.raises(CXInputError, match="belongs to both"):
        codebook_from_dict(raw)


def test_column_labels_name_plain_columns_per_language():
    raw = dict(MINI_CODEBOOK, column_labels={"channel": {"en": "Channel", "fi": "Kanava"},
                                              "region": "Area"})
    cb = codebook_from_dict(raw)
    assert cb.label_of("channel", "fi") == "Kanava" and cb.label_of("channel", "en") == "Channel"
    assert cb.label_of("region", "fi") == "Area"            # English fallback
    assert cb.label_of("age_group", "fi") == "age group"    # no label: the column name
    with pytest.raises(CXInputError, match="column_labels.channel") as info:
        codebook_from_dict(dict(MINI_CODEBOOK, column_labels={"channel": ["Kanava"]}))
    assert info.value.problems[0].fix


def test_a_construct_without_label_reads_well_mid_sentence():
    # a label made from the name raises only its first letter, so "hinta_taso" never shows as
    # "hinta Taso" inside a sentence
    from cxresearch.codebook import codebook_from_dict
    from cxresearch.i18n import in_sentence

    cb = codebook_from_dict({"name": "K", "data": "k.csv",
                             "outcomes": {"recommend": {"column": "ltr", "scale": [0, 10]}},
                             "constructs": {"hinta_taso": {"items": ["q1"], "scale": [1, 5]}}})
    assert cb.label_of("hinta_taso", "fi") == "Hinta taso"
    assert in_sentence(cb.label_of("hinta_taso", "fi"), "fi") == "hinta taso"


def test_survey_name_per_language_with_fallbacks():
    cb = codebook_from_dict(dict(MINI_CODEBOOK, name={"fi": "Asiakaskysely", "en": "CX survey"}))
    assert [cb.survey_name(lang) for lang in ("en", "fi", "sv")] == [
        "CX survey", "Asiakaskysely", "CX survey"]   # sv not given: English
    assert cb.name == "CX survey"
    only_sv = codebook_from_dict(dict(MINI_CODEBOOK, name={"sv": "Kundenkät"}))
    assert only_sv.survey_name("fi") == only_sv.name == "Kundenkät"   # no English: the first given
    plain = codebook_from_dict(dict(MINI_CODEBOOK, name="Kysely 2026"))
    assert {plain.survey_name(lang) for lang in ("en", "fi", "sv")} == {"Kysely 2026"}


def test_survey_name_mapping_checked_with_file_key_and_fix(tmp_path):
    path = tmp_path / "survey.yaml"
    (tmp_path / "mini.csv").write_text("ltr\n1\n")
    path.write_text(yaml.safe_dump(dict(MINI_CODEBOOK, data="mini.csv",
                                        name={"en": "CX", "de": "Umfrage", "fi": 2026})))
    with pytest.raises(CXInputError) as info:
        read_codebook(path)
    by_key = {p.column: p for p in info.value.problems}
    assert set(by_key) == {"name.de", "name.fi"}
    assert all(p.where == str(path) for p in by_key.values())
    assert "unknown language 'de'" in by_key["name.de"].what
    assert "en, fi, sv" in by_key["name.de"].fix
    assert "must be text" in by_key["name.fi"].what and "name:" in by_key["name.fi"].fix
