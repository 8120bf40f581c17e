"""Readers, data checks, cleaning and caching."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest
from helpers import RAW, mini_frame

import cxresearch as cx
from cxresearch.errors import CXInputError


def test_bundled_survey_cleaned(survey):
    d = survey.data
    raw = pd.read_csv(RAW / "retail_cx.csv")
    # -99 becomes missing; nothing else changes in an ordinary item
    assert (raw["social_1"] == -99).sum() == d["social_1"].isna().sum() > 0
    # reverse-coded item is reversed: 8 - x on the 1-7 scale
    ok = raw["service_4"] != -99
    np.testing.assert_array_equal(d.loc[ok, "service_4"], 8 - raw.loc[ok, "service_4"])
    # a construct score is the mean of answered items
    items = d[["price_1", "price_2", "price_3"]]
    expected = items.mean(axis=1).where(items.notna().mean(axis=1) >= 0.5)
    pd.testing.assert_series_equal(d["price"], expected, check_names=False)
    # value labels from the codebook; PII removed, open text kept for researchers
    assert set(d["region"]) == {"Uusimaa", "Pirkanmaa", "Varsinais-Suomi", "Pohjois-Pohjanmaa"}
    assert "email" not in d.columns and "comment" in d.columns
    assert pd.api.types.is_datetime64_any_dtype(d["response_date"])


def test_load_does_not_mutate_and_keeps_pii_on_request(make_survey):
    cb = make_survey()
    s = cx.load(cb, keep_pii=True, cache_dir=False)
    assert "email" in s.data.columns


def test_min_answered(make_survey):
    df = mini_frame()
    df.loc[0, ["s1", "s2"]] = -99  # one of three answered: below the default 50 %
    df.loc[1, ["s1"]] = -99        # two of three answered
    s = cx.load(make_survey(df), cache_dir=False)
    assert np.isnan(s.data.loc[0, "service"])
    assert s.data.loc[1, "service"] == pytest.approx((df.loc[1, "s2"] + 6 - df.loc[1, "s3"]) / 2)


def _same_values(a: pd.DataFrame, b: pd.DataFrame):
    cols = ["ltr", "s1", "s2", "s3", "p1", "p2", "service", "price", "w"]
    pd.testing.assert_frame_equal(a[cols].reset_index(drop=True), b[cols].reset_index(drop=True),
                                  check_dtype=False)


def test_finnish_excel_csv(make_survey):
    df = mini_frame()
    df["w"] = df["w"] + 0.25  # decimals that need the decimal comma
    ref = cx.load(make_survey(df), cache_dir=False).data
    text = df.to_csv(index=False, sep=";", decimal=",")
    text = text.replace("ok", "hyvä ja ystävällinen")
    path = make_survey(raw_text=text.encode("cp1252"))
    fi = cx.load(path, cache_dir=False).data
    _same_values(ref, fi)
    assert fi["comment"][0] == "hyvä ja ystävällinen"


def test_utf8_bom_and_tsv(make_survey):
    df = mini_frame()
    ref = cx.load(make_survey(df), cache_dir=False).data
    bom = cx.load(make_survey(raw_text="\ufeff" + df.to_csv(index=False)), cache_dir=False).data
    _same_values(ref, bom)
    tsv = cx.load(make_survey(raw_text=df.to_csv(index=False, sep="\t"), filename="mini.tsv"),
                  cache_dir=False).data
    _same_values(ref, tsv)


@pytest.mark.parametrize("filename, writer", [
    ("mini.xlsx", lambda d, p: d.to_excel(p, index=False)),
    ("mini.parquet", lambda d, p: d.to_parquet(p, index=False)),
])
def test_other_formats(make_survey, filename, writer):
    df = mini_frame()
    ref = cx.load(make_survey(df), cache_dir=False).data
    other = cx.load(make_survey(df, filename=filename, writer=writer), cache_dir=False).data
    _same_values(ref, other)


def test_spss_value_labels_and_user_missing(make_survey):
    pyreadstat = pytest.importorskip("pyreadstat")
    df = mini_frame()
    df["region"] = [1, 2] * 6
    df.loc[3, "s1"] = 9  # user-missing code declared in the .sav file, not in the codebook

    def write(d, p):
        pyreadstat.write_sav(d.drop(columns=["email", "comment"]).assign(
            email="x@example.com", comment="c"), str(p),
            variable_value_labels={"region": {1: "North", 2: "South"}},
            missing_ranges={"s1": [9]})

    cb = make_survey(df, {"segments": ["channel", "region"]}, filename="mini.sav", writer=write)
    s = cx.load(cb, cache_dir=False)
    assert set(s.data["region"]) == {"North", "South"}
    assert np.isnan(s.data.loc[3, "s1"])


def _problems(make_survey, df=None, changes=None, **kw):
    with pytest.raises(CXInputError) as info:
        cx.load(make_survey(df, changes, **kw), cache_dir=False)
    return info.value


def test_out_of_scale_names_column_rows_value(make_survey):
    df = mini_frame()
    df.loc[[2, 7], "ltr"] = 11
    err = _problems(make_survey, df)
    (p,) = err.problems
    assert p.column == "ltr" and p.rows == (3, 8) and p.value == 11
    assert "outside the scale 0–10" in p.what and "missing" in p.fix
    assert "mini.csv" in str(err)


def test_text_in_numeric_item(make_survey):
    df = mini_frame().astype({"s2": object})
    df.loc[4, "s2"] = "ten"
    (p,) = _problems(make_survey, df).problems
    assert p.column == "s2" and p.value == "ten" and p.rows == (5,)


def test_decimal_comma_in_comma_file_hint(make_survey):
    df = mini_frame().astype({"p1": object})
    df.loc[0, "p1"] = "3,5"
    (p,) = _problems(make_survey, df).problems
    assert "decimal comma" in p.fix


def test_several_problems_at_once(make_survey):
    df = mini_frame()
    df.loc[1, "id"] = df.loc[0, "id"]
    df.loc[5, "p2"] = 0
    df.loc[6, "w"] = -1
    err = _problems(make_survey, df)
    cols = {p.column for p in err.problems}
    assert cols == {"id", "p2", "w"}


def test_missing_column_suggests_close_name(make_survey):
    df = mini_frame().rename(columns={"ltr": "LTR "})
    (p,) = _problems(make_survey, df).problems
    assert p.column == "ltr" and "LTR" in p.fix


@pytest.mark.parametrize("raw, message", [
    ("", "empty"),
    ("id,w,ltr,s1,s2,s3,p1,p2,channel,email,comment\n", "header but no data rows"),
    ("   \n\n", "no text"),
])
def test_empty_files(make_survey, raw, message):
    assert message in str(_problems(make_survey, raw_text=raw))


def test_unreadable_sav(make_survey):
    err = _problems(make_survey, raw_text=b"this is not spss", filename="mini.sav")
    assert "could not be read as sav" in str(err)


def test_excel_serial_dates(make_survey):
    df = mini_frame()
    df["day"] = 46000 + np.arange(len(df))  # Excel serial day numbers
    s = cx.load(make_survey(df, {"date": "day"}), cache_dir=False)
    assert s.data["day"].iloc[0] == pd.Timestamp("1899-12-30") + pd.Timedelta(days=46000)


def test_finnish_dates_and_bad_date(make_survey):
    df = mini_frame()
    df["day"] = "23.11.2026"
    s = cx.load(make_survey(df, {"date": "day"}), cache_dir=False)
    assert s.data["day"].iloc[0] == pd.Timestamp("2026-11-23")
    df.loc[2, "day"] = "yesterday"
    (p,) = _problems(make_survey, df, {"date": "day"}).problems
    assert p.column == "day" and p.rows == (3,)


def test_cache_goes_to_processed_not_raw(tmp_path, make_survey):
    raw = tmp_path / "raw"
    raw.mkdir()
    cb = make_survey()
    (raw / "mini.csv").write_bytes((tmp_path / "mini.csv").read_bytes())
    (raw / "mini.yaml").write_bytes(cb.read_bytes())
    first = cx.load(raw / "mini.yaml")
    cached = list((tmp_path / "processed").glob("*.parquet"))
    assert len(cached) == 1 and list(raw.iterdir()) and len(list(raw.iterdir())) == 2
    assert "email" not in pd.read_parquet(cached[0]).columns
    second = cx.load(raw / "mini.yaml")  # from the cache
    pd.testing.assert_frame_equal(first.data, second.data, check_dtype=False)


def test_filter(survey):
    web = survey.filter("channel", "web")
    assert set(web.data["channel"]) == {"web"} and len(web) < len(survey)
    assert len(survey.filter("wave", "2")) == (survey.data["wave"] == 2).sum()
    with pytest.raises(CXInputError, match="no respondent has channel = 'fax'"):
        survey.filter("channel", "fax")
