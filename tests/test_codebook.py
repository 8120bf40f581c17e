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


def test_missing_recommend_outcome():
    raw = dict(MINI_CODEBOOK, outcomes={"satisfaction": {"column": "c", "scale": [1, 5]}})
    with pytest.raises(CXInputError, match="no 'recommend' entry"):
        codebook_from_dict(raw)


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
