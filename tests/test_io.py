"""Readers, data checks, cleaning and caching."""

from __future__ import annotations

import unicodedata

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


# --------------------------------------------------------------------------- recodes, guards

def _airline(n: int = 60, seed: int = 3) -> pd.DataFrame:
    rng = np.random.default_rng(seed)
    return pd.DataFrame({
        "id": range(1, n + 1),
        "satisfaction": rng.choice(["satisfied", "neutral or dissatisfied"], n),
        "ltr": rng.integers(0, 11, n),
        "wifi": rng.integers(0, 6, n),          # 0 = not applicable
        "seat": rng.integers(0, 6, n),
    })


def _write(tmp_path, df, cb, name="d.csv"):
    import yaml

    df.to_csv(tmp_path / name, index=False)
    path = tmp_path / "cb.yaml"
    path.write_text(yaml.safe_dump(dict(cb, data=name), sort_keys=False, allow_unicode=True),
                    encoding="utf-8")
    return path


AIRLINE = {
    "name": "Airline", "id": "id",
    "missing": {"all": [-99], "wifi": [0], "seat": [0]},
    "recode": {"satisfaction": {"satisfied": 1, "neutral or dissatisfied": 0}},
    "outcomes": {"satisfied": {"column": "satisfaction", "type": "binary"},
                 "recommend": {"column": "ltr", "scale": [0, 10]}},
    "key_outcome": "satisfied",
    "constructs": {"wifi": {"items": ["wifi"], "scale": [1, 5]},
                   "seat": {"items": ["seat"], "scale": [1, 5]}},
}


def test_airline_per_column_not_applicable_keeps_outcome_zeros(tmp_path):
    raw = _airline()
    path = _write(tmp_path, raw, AIRLINE)
    before = (tmp_path / "d.csv").read_bytes()
    d = cx.load(path, cache_dir=False).data
    assert (tmp_path / "d.csv").read_bytes() == before            # raw file untouched
    # 0 on the ratings is "not applicable", 0 on the 0-10 outcome is a real answer
    assert d["wifi"].isna().sum() == (raw.wifi == 0).sum() > 0
    assert (d["ltr"] == 0).sum() == (raw.ltr == 0).sum() > 0
    assert d["satisfaction"].tolist() == (raw.satisfaction == "satisfied").astype(float).tolist()
    # the single-item construct's score is its item
    pd.testing.assert_series_equal(d["seat"], raw.seat.where(raw.seat > 0).astype(float),
                                   check_names=False)
    # the silent error: the same zero declared globally is refused, not applied
    with pytest.raises(CXInputError, match="global missing code 0 is a real answer"):
        cx.load(_write(tmp_path, raw, dict(AIRLINE, missing=[0])), cache_dir=False)


def test_recode_that_misses_an_answer_is_named(tmp_path):
    raw = _airline()
    raw.loc[4, "satisfaction"] = "very satisfied"
    with pytest.raises(CXInputError) as info:
        cx.load(_write(tmp_path, raw, AIRLINE), cache_dir=False)
    (p,) = info.value.problems
    assert p.column == "satisfaction" and p.rows == (5,) and p.value == "very satisfied"
    assert "not listed in the recode" in p.what and "missing: {satisfaction:" in p.fix


def test_text_answers_suggest_a_recode(tmp_path):
    raw = _airline()
    cb = dict(AIRLINE, recode={})
    with pytest.raises(CXInputError) as info:
        cx.load(_write(tmp_path, raw, cb), cache_dir=False)
    (p,) = info.value.problems
    assert p.column == "satisfaction" and "recode:" in p.fix


def test_reverse_and_range_recodes_on_load(tmp_path):
    raw = _airline()
    raw["ltr"] = raw["ltr"] + 1                         # stored as 1-11
    cb = dict(AIRLINE, recode={**AIRLINE["recode"], "ltr": {"from": [1, 11], "to": [0, 10]},
                               "seat": {"from": [1, 5], "to": [5, 1]}})
    d = cx.load(_write(tmp_path, raw, cb), cache_dir=False).data
    np.testing.assert_array_equal(d["ltr"], raw["ltr"] - 1)
    ok = raw.seat > 0                                    # 0 removed before the reversal
    np.testing.assert_array_equal(d.loc[ok, "seat"], 6 - raw.loc[ok, "seat"])
    assert d.loc[~ok, "seat"].isna().all()


def _spss_ltr(n_per: dict[int, int]) -> pd.DataFrame:
    """Codes 1-11 for a 0-10 question: code c means answer c - 1."""
    codes = [c for c, k in n_per.items() for _ in range(k)]
    return pd.DataFrame({"id": range(1, len(codes) + 1), "q_rec": codes})


# 200 answers; true NPS from the answers (code - 1): promoters 9-10 = codes 10-11
SPSS_COUNTS = {1: 6, 2: 4, 3: 5, 4: 7, 5: 8, 6: 12, 7: 18, 8: 30, 9: 33, 10: 37, 11: 40}


def _write_sav(tmp_path, cb_extra):
    import yaml

    pyreadstat = pytest.importorskip("pyreadstat")
    labels = {1: "0 Not at all likely", **{c: str(c - 1) for c in range(2, 11)},
              11: "10 Extremely likely"}
    pyreadstat.write_sav(_spss_ltr(SPSS_COUNTS), str(tmp_path / "rec.sav"),
                         variable_value_labels={"q_rec": labels})
    cb = {"name": "SPSS", "data": "rec.sav", "id": "id",
          "outcomes": {"recommend": {"column": "q_rec", "scale": [0, 10]}}, **cb_extra}
    (tmp_path / "cb.yaml").write_text(yaml.safe_dump(cb))
    return tmp_path / "cb.yaml"


def test_spss_shifted_scale_is_named_and_recoded(tmp_path):
    # hand count on the 0-10 answers: promoters = answers 9, 10 = codes 10, 11 = 37 + 40;
    # detractors = answers 0-6 = codes 1-7 = 6+4+5+7+8+12+18 = 60; n = 200
    true_nps = 100 * (77 - 60) / 200          # +8.5
    with pytest.raises(CXInputError) as info:
        cx.load(_write_sav(tmp_path, {}), cache_dir=False)
    text = str(info.value)
    assert "looks like a 1–11 coding of 0–10" in text
    assert "recode: {q_rec: {from: [1, 11], to: [0, 10]}}" in text
    assert "add them to 'missing:'" not in text and "missing: {q_rec" not in text
    # the wrong fix the old hint suggested (11 as a missing code) is caught by the labels
    with pytest.raises(CXInputError, match="value labels say code 11 means '10 Extremely"):
        cx.load(_write_sav(tmp_path, {"missing": {"q_rec": [11]}}), cache_dir=False)
    survey = cx.load(_write_sav(tmp_path, {"recode": {"q_rec": {"from": [1, 11],
                                                                "to": [0, 10]}}}),
                     cache_dir=False)
    assert float(cx.nps(survey)["nps"][0]) == pytest.approx(true_nps) == 8.5


def test_shifted_scale_without_labels_is_named(make_survey):
    df = mini_frame(40)
    df["ltr"] = np.resize(np.arange(1, 12), 40)        # 1..11, no 0
    (p,) = _problems(make_survey, df).problems
    assert "looks like a 1–11 coding of 0–10" in p.what
    assert p.fix.startswith("add recode: {ltr: {from: [1, 11], to: [0, 10]}}")


def test_boolean_or_flag_column_is_not_a_score(make_survey):
    df = mini_frame(20)
    df["ltr"] = [True, False] * 10
    (p,) = _problems(make_survey, df).problems
    assert "true/false values" in p.what and "type: binary" in p.fix
    df["ltr"] = [1, 0] * 10
    (p,) = _problems(make_survey, df).problems
    assert "looks like a yes/no flag" in p.what


def test_duplicate_ids_name_rows_but_never_the_id(make_survey):
    df = mini_frame()
    df["id"] = [f"anna.virtanen{i}@example.com" for i in range(12)]
    df.loc[5, "id"] = df.loc[2, "id"]
    err = _problems(make_survey, df)
    (p,) = err.problems
    assert p.rows == (3, 6) and p.value is None
    assert "example.com" not in str(err) and "anna" not in str(err)


def test_ids_repeated_across_waves_are_a_warning(make_survey):
    df = pd.concat([mini_frame().assign(wave=1), mini_frame(seed=1).assign(wave=2)])
    with pytest.warns(cx.io.CXDataWarning, match="treated as returning respondents"):
        s = cx.load(make_survey(df, {"wave": "wave"}), cache_dir=False)
    assert len(s) == 24 and s.notes
    df.iloc[13, 0] = 1                                  # id 1 twice within wave 2
    (p,) = _problems(make_survey, df, {"wave": "wave"}).problems
    assert "in the same wave" in p.what and p.rows == (13, 14)


def test_same_pii_without_id_warns_without_the_value(make_survey):
    df = mini_frame()
    df.loc[4, "email"] = df.loc[1, "email"]
    changes = {"id": None}
    with pytest.warns(cx.io.CXDataWarning) as caught:
        cx.load(make_survey(df.drop(columns=["id"]), changes), cache_dir=False)
    text = " ".join(str(w.message) for w in caught)
    assert "2 rows share a value of the PII column 'email'" in text
    assert "example.com" not in text


def test_wave_labels_outside_the_codebook_order(make_survey):
    df = mini_frame().assign(wave=["spring", "autumn", "winter"] * 4)
    (p,) = _problems(make_survey, df, {"wave": {"column": "wave",
                                                "order": ["spring", "autumn"]}}).problems
    assert p.column == "wave" and p.value == "winter" and p.n_rows == 4


def test_odd_column_names_through_load_and_metrics(tmp_path):
    rng = np.random.default_rng(5)
    n = 80
    raw = pd.DataFrame({
        "vastaaja id": range(n), "Suositteluhalukkuus (0-10)": rng.integers(0, 11, n),
        "Tyytyväisyys": rng.choice(["kyllä", "ei"], n), "palvelu-1": rng.integers(1, 6, n),
        "palvelu 2": rng.integers(1, 6, n), "ikä ryhmä": rng.choice(["18–29", "30+"], n),
        "paino": rng.uniform(0.5, 2, n).round(3)})
    cb = {"name": "Ääkköset", "id": "vastaaja id", "weight": "paino",
          "recode": {"Tyytyväisyys": {"kyllä": 1, "ei": 0}},
          "outcomes": {"recommend": {"column": "Suositteluhalukkuus (0-10)", "scale": [0, 10]},
                       "tyytyväinen": {"column": "Tyytyväisyys", "type": "binary"}},
          "constructs": {"palvelu": {"items": ["palvelu-1", "palvelu 2"], "scale": [1, 5]}},
          "segments": ["ikä ryhmä"]}
    s = cx.load(_write(tmp_path, raw, cb), cache_dir=False)
    by = cx.nps(s, by="ikä ryhmä", weight=False)
    for g, part in raw.groupby("ikä ryhmä"):
        x = part["Suositteluhalukkuus (0-10)"]
        hand = 100 * ((x >= 9).mean() - (x <= 6).mean())
        assert float(by.set_index("ikä ryhmä").loc[g, "nps"]) == pytest.approx(hand)
    t = cx.outcome_summary(s, outcome="tyytyväinen", by="ikä ryhmä", weight=False)
    for g, part in raw.groupby("ikä ryhmä"):
        share = 100 * (part["Tyytyväisyys"] == "kyllä").mean()
        assert float(t.set_index("ikä ryhmä").loc[g, "estimate"]) == pytest.approx(share)
    assert cx.nps_test(s, by="ikä ryhmä")["p_value"].notna().all()
    from cxresearch.metrics import score_distribution

    assert score_distribution(s)["count"].sum() == pytest.approx(raw["paino"].sum())


def test_single_item_constructs_and_odd_names_in_measurement(tmp_path):
    import yaml

    folder = tmp_path / "sim"
    cx.simulate_survey(500, seed=3).write(folder)
    cb = yaml.safe_load((folder / "retail_cx.yaml").read_text())
    cb["constructs"]["price"] = {"items": ["price_1"], "scale": [1, 7]}
    (folder / "retail_cx.yaml").write_text(yaml.safe_dump(cb))
    s = cx.load(folder / "retail_cx.yaml", cache_dir=False)
    rel = cx.reliability(s, omega=False)
    assert rel.attrs["skipped"] == ["price"] and "price" not in set(rel["construct"])
    assert len(rel) == len(cb["constructs"]) - 1
    with pytest.raises(CXInputError, match="alpha needs at least two items"):
        cx.reliability(s, constructs=["price"])            # asked for explicitly: an error
    plain = cx.cfa(s, constructs={"service": ["service_1", "service_2", "service_3"],
                                  "brand": ["brand_1", "brand_2", "brand_3"]})
    # the same items under names with spaces, hyphens and non-ASCII letters
    names = {"service_1": "palvelu 1", "service_2": "palvelu-2", "service_3": "ystävällisyys",
             "brand_1": "brändi 1", "brand_2": "brändi-2", "brand_3": "merkki (3)"}
    odd = s.data.rename(columns=names)
    fit = cx.cfa(odd, constructs={"palvelu laatu": [names[f"service_{i}"] for i in (1, 2, 3)],
                                  "brändi": [names[f"brand_{i}"] for i in (1, 2, 3)]})
    np.testing.assert_allclose(fit.loadings["std_loading"], plain.loadings["std_loading"],
                               atol=1e-8)
    assert list(fit.loadings["item"]) == [names[i] for i in plain.loadings["item"]]
    assert fit.fit["cfi"] == pytest.approx(plain.fit["cfi"], abs=1e-8)
    whole = cx.cfa(s)
    assert whole.validity.attrs["skipped"] == ["price"]
    assert "price" not in set(whole.loadings["construct"])


def test_dates_with_a_time_zone_abbreviation_parse_as_local_time():
    from cxresearch.io import _parse_dates

    col = pd.Series(["2026/03/12 10:10:00 PM EET", "2026/03/13 9:05:00 AM GMT+2", None])
    parsed, bad = _parse_dates(col)
    assert not bad.any()
    assert parsed[0] == pd.Timestamp("2026-03-12 22:10:00")
    assert parsed[1] == pd.Timestamp("2026-03-13 09:05:00")


def test_a_cache_hit_repeats_the_validation_warnings(tmp_path, make_survey):
    # issue 12: warnings of validation were lost when the validated data came from the cache
    df = mini_frame()
    df.loc[4, "email"] = df.loc[1, "email"]
    cb_path = make_survey(df.drop(columns=["id"]), {"id": None})
    raw = tmp_path / "raw"
    raw.mkdir()
    (raw / "mini.csv").write_bytes((tmp_path / "mini.csv").read_bytes())
    (raw / "mini.yaml").write_bytes(cb_path.read_bytes())
    loads = []
    for _ in range(2):
        with pytest.warns(cx.io.CXDataWarning) as caught:
            s = cx.load(raw / "mini.yaml")
        loads.append(([str(w.message) for w in caught], s.notes))
    (cached,) = (tmp_path / "processed").glob("*.parquet")
    assert loads[0] == loads[1] and "share a value of the PII column 'email'" in loads[0][0][0]
    # the record kept with the cache holds the sentences, never a value of the data
    import pyarrow.parquet as pq
    meta = pq.read_schema(cached).metadata[b"cxresearch.load"].decode()
    assert "PII column 'email'" in meta and "example.com" not in meta
    assert "@" not in meta
    with pytest.warns(cx.io.CXDataWarning):
        fresh = cx.load(raw / "mini.yaml", cache_dir=False)
    pd.testing.assert_frame_equal(fresh.data, pd.read_parquet(cached), check_dtype=False)


# --------------------------------------------------------------------------- column-name collisions

_COMPOSED, _DECOMPOSED = "k\u00e4ynti", "ka\u0308ynti"  # "käynti": one code point vs a + U+0308


@pytest.mark.parametrize("first, second, why", [
    ("Palvelu ", "Palvelu", "surrounding spaces"),
    (" channel", "channel", "surrounding spaces"),
    (_COMPOSED, _DECOMPOSED, "Unicode form")])
def test_columns_colliding_after_normalisation_are_an_error(make_survey, first, second, why):
    import cxresearch as cx
    from cxresearch.errors import CXInputError

    df = mini_frame(20)
    df[first] = 1
    df[second] = 2
    with pytest.raises(CXInputError) as info:
        cx.load(make_survey(df), cache_dir=False)
    msg = str(info.value)
    assert repr(first) in msg and repr(second) in msg, msg
    assert why in msg and "rename one of them" in msg
    assert info.value.problems[0].column == unicodedata.normalize("NFC", second).strip()


def test_decomposed_header_matches_a_composed_codebook_name(make_survey):
    import cxresearch as cx

    df = mini_frame(20).rename(columns={"channel": _DECOMPOSED})
    s = cx.load(make_survey(df, {"segments": [_COMPOSED]}), cache_dir=False)
    assert _COMPOSED in s.data.columns and _DECOMPOSED not in s.data.columns
    assert s.data[_COMPOSED].tolist() == df[_DECOMPOSED].tolist()


def test_codebook_names_differing_only_by_space_are_an_error(make_survey):
    import cxresearch as cx
    from cxresearch.errors import CXInputError

    with pytest.raises(CXInputError) as info:
        cx.load(make_survey(mini_frame(20), {"segments": ["channel", "channel "]}),
                cache_dir=False)
    assert "'channel' and 'channel '" in str(info.value)


def test_cli_exit_2_on_colliding_columns(make_survey):
    import subprocess
    import sys

    df = mini_frame(20)
    df["Palvelu "] = 1
    df["Palvelu"] = 2
    r = subprocess.run([sys.executable, "-m", "cxresearch.cli", "validate", "--codebook",
                        make_survey(df)], capture_output=True, text=True, timeout=120)
    assert r.returncode == 2, r.stderr
    assert "'Palvelu '" in r.stderr + r.stdout and "Traceback" not in r.stderr
