"""Write the hostile-input corpus under tests/data/bad/ (and tolerated cases under ok/).

Run from the repository root: ``.venv/bin/python tests/data/make_bad_corpus.py``. Each case
is a folder with ``codebook.yaml``, a data file and ``expect.yaml``: the ``cx`` command to
run, the exit code and fragments the message must contain. ``tests/test_bad_input.py`` runs
them all. The files are committed; this script documents and reproduces them.
"""

from __future__ import annotations

import shutil
from pathlib import Path

import numpy as np
import pandas as pd
import yaml

HERE = Path(__file__).resolve().parent
BAD, OK = HERE / "bad", HERE / "ok"

CODEBOOK = {
    "name": "Corpus survey",
    "data": "data.csv",
    "id": "id",
    "weight": "w",
    "date": "day",
    "missing": [-99],
    "outcomes": {"recommend": {"column": "ltr", "scale": [0, 10]}},
    "constructs": {
        "service": {"items": ["s1", "s2", "s3"], "reverse": ["s3"], "scale": [1, 5]},
        "price": {"items": ["p1", "p2"], "scale": [1, 5]},
        "brand": {"items": ["b1", "b2"], "scale": [1, 5]},
    },
    "segments": ["channel"],
    "pii": ["email"],
}


def frame(n: int = 60, seed: int = 0) -> pd.DataFrame:
    rng = np.random.default_rng(seed)
    f = rng.normal(size=n)
    item = lambda k: np.clip(np.round(3 + f * 0.8 + rng.normal(0, 0.8, n)), 1, 5).astype(int)  # noqa: E731
    ltr = np.clip(np.round(7 + 1.5 * f + rng.normal(0, 1.2, n)), 0, 10).astype(int)
    return pd.DataFrame({
        "id": np.arange(1, n + 1), "w": np.round(rng.uniform(0.5, 2, n), 3),
        "day": pd.date_range("2026-01-05", periods=n, freq="D").strftime("%Y-%m-%d"),
        "ltr": ltr, "s1": item(1), "s2": item(2), "s3": 6 - item(3), "p1": item(4),
        "p2": item(5), "b1": item(6), "b2": item(7),
        "channel": rng.choice(["web", "store"], n),
        "email": [f"user{i}@example.com" for i in range(n)]})


def case(root: Path, name: str, *, df: pd.DataFrame | None = None, raw: bytes | None = None,
         filename: str = "data.csv", codebook: dict | None = None,
         codebook_text: str | None = None, command: str = "validate",
         args: list[str] | None = None, exit: int = 2, contains: list[str] | None = None,
         check: dict | None = None) -> None:
    d = root / name
    d.mkdir(parents=True)
    if raw is not None:
        (d / filename).write_bytes(raw)
    elif df is not None:
        if filename.endswith(".xlsx"):
            df.to_excel(d / filename, index=False)
        elif filename.endswith(".parquet"):
            df.to_parquet(d / filename, index=False)
        else:
            df.to_csv(d / filename, index=False, lineterminator="\n")
    if codebook_text is not None:
        (d / "codebook.yaml").write_text(codebook_text, encoding="utf-8")
    else:
        cb = dict(CODEBOOK, data=filename) if codebook is None else codebook
        (d / "codebook.yaml").write_text(yaml.safe_dump(cb, sort_keys=False), encoding="utf-8")
    (d / "expect.yaml").write_text(yaml.safe_dump(
        {"command": command, "args": args or [], "exit": exit, "contains": contains or [],
         "check": check or {}}, sort_keys=False), encoding="utf-8")


def with_(df: pd.DataFrame, col: str, row: int, value) -> pd.DataFrame:
    """A copy with one cell replaced (the column becomes object so any value fits)."""
    out = df.astype({col: object})
    out.loc[row, col] = value
    return out


def bad_cases() -> None:
    f = frame()
    csv = f.to_csv(index=False, lineterminator="\n")
    cb_no = lambda **kw: {**CODEBOOK, **kw}  # noqa: E731
    # files that cannot be read
    case(BAD, "empty_file", raw=b"", contains=["empty (0 bytes)"])
    case(BAD, "header_only", raw=csv.splitlines()[0].encode() + b"\n",
         contains=["header but no data rows"])
    case(BAD, "blank_lines_only", raw=b"\n\n   \n", contains=["no text"])
    case(BAD, "utf16_text", raw=csv.encode("utf-16"), contains=["UTF-16", "CSV UTF-8"])
    case(BAD, "colon_delimiter", raw=f.to_csv(index=False, sep=":").encode(),
         contains=["separator", "':'"])
    case(BAD, "pipe_delimiter", raw=f.to_csv(index=False, sep="|").encode(),
         contains=["separator", "'|'"])
    case(BAD, "unreadable_sav", raw=b"$FL2 this is not really spss", filename="data.sav",
         contains=["could not be read as sav"])
    case(BAD, "corrupt_xlsx", raw=b"PK\x03\x04 broken zip", filename="data.xlsx",
         contains=["could not be read as xlsx"])
    case(BAD, "corrupt_parquet", raw=b"PAR1 not parquet", filename="data.parquet",
         contains=["could not be read as parquet"])
    case(BAD, "unsupported_type", raw=b"{}", filename="data.json", contains=["unsupported type"])
    # columns
    case(BAD, "missing_ltr_column", df=f.drop(columns=["ltr"]), contains=["column 'ltr'",
                                                                         "not in the data"])
    case(BAD, "missing_item_column", df=f.drop(columns=["p2"]), contains=["column 'p2'"])
    case(BAD, "renamed_column_case", df=f.rename(columns={"ltr": "LTR"}),
         contains=["column 'ltr'", "'LTR'"])
    case(BAD, "missing_pii_column", df=f.drop(columns=["email"]), contains=["column 'email'"])
    # ids
    case(BAD, "duplicate_ids", df=with_(f, "id", 4, 1), contains=["column 'id'", "rows 1, 5",
                                                                  "share an id"])
    case(BAD, "missing_ids", df=with_(f, "id", 9, np.nan), contains=["some rows have no id",
                                                                     "row 10"])
    # scales
    case(BAD, "ltr_eleven", df=with_(f, "ltr", 2, 11), contains=["column 'ltr'", "row 3",
                                                                 "11", "outside the scale 0–10"])
    case(BAD, "ltr_minus_one", df=with_(f, "ltr", 7, -1), contains=["row 8", "-1"])
    case(BAD, "ltr_zero_on_one_to_ten",
         df=with_(f.assign(ltr=np.maximum(f.ltr, 1)), "ltr", 3, 0),
         codebook=cb_no(outcomes={"recommend": {"column": "ltr", "scale": [1, 10]}}),
         contains=["outside the scale 1–10", "row 4"])
    case(BAD, "ltr_fraction", df=with_(f, "ltr", 5, 7.5), contains=["not whole numbers",
                                                                    "row 6", "7.5"])
    case(BAD, "item_eight_on_five_point", df=with_(f, "s1", 0, 8), contains=["column 's1'",
                                                                             "outside the scale"])
    case(BAD, "item_zero", df=with_(f, "p1", 11, 0), contains=["column 'p1'", "row 12"])
    case(BAD, "missing_code_not_declared", df=with_(f, "b2", 1, 99),
         contains=["column 'b2'", "99", "missing"])
    # text in numbers
    case(BAD, "text_ten", df=with_(f, "ltr", 0, "ten"), contains=["text, not numbers", "'ten'"])
    case(BAD, "decimal_comma_in_comma_csv", df=with_(f, "s2", 2, "5,5"),
         contains=["'5,5'", "decimal comma"])
    case(BAD, "text_in_xlsx", df=with_(f, "p1", 3, "good"), filename="data.xlsx",
         contains=["'good'", "row 4"])
    # weights and dates
    case(BAD, "negative_weight", df=with_(f, "w", 6, -1.0), contains=["column 'w'", "row 7"])
    case(BAD, "missing_weight", df=with_(f, "w", 8, np.nan), contains=["column 'w'", "row 9"])
    case(BAD, "text_weight", df=with_(f, "w", 1, "heavy"), contains=["column 'w'", "heavy"])
    case(BAD, "all_zero_weights", df=f.assign(w=0.0), contains=["all weights are zero"])
    case(BAD, "unreadable_date", df=with_(f, "day", 4, "yesterday"),
         contains=["column 'day'", "row 5", "yesterday"])
    case(BAD, "excel_error_date", df=with_(f, "day", 2, "#VALUE!"), contains=["#VALUE!"])
    # everything missing
    case(BAD, "driver_all_missing", df=f.assign(p1=-99, p2=-99),
         contains=["every answer is missing", "column 'p1'"])
    case(BAD, "ltr_all_missing", df=f.assign(ltr=-99), contains=["every answer is missing"])
    # codebook problems
    case(BAD, "malformed_yaml", df=f, codebook_text="name: x\ndata: [data.csv\n",
         contains=["not valid YAML", "line"])
    case(BAD, "yaml_tab_indent", df=f, codebook_text="name: x\ndata: data.csv\noutcomes:\n\t"
         "recommend: {column: ltr, scale: [0, 10]}\n", contains=["not valid YAML"])
    case(BAD, "codebook_empty", df=f, codebook_text="", contains=["codebook is empty"])
    case(BAD, "codebook_list", df=f, codebook_text="- a\n- b\n", contains=["not a mapping"])
    case(BAD, "codebook_missing_data_file", codebook=cb_no(data="nowhere.csv"),
         contains=["nowhere.csv", "does not exist"])
    case(BAD, "codebook_no_outcomes", df=f, codebook={k: v for k, v in CODEBOOK.items()
                                                      if k != "outcomes"},
         contains=["'outcomes' is missing"])
    case(BAD, "codebook_outcome_is_item", df=f, codebook=cb_no(outcomes={"recommend": {
        "column": "s1", "scale": [0, 10]}}), contains=["also an item of construct 'service'"])
    case(BAD, "global_missing_inside_scale", df=f, codebook=cb_no(missing=[0, -99]),
         contains=["global missing code 0 is a real answer on the scale of ltr", "missing: {all"])
    case(BAD, "ltr_shifted_one_to_eleven", df=f.assign(ltr=f.ltr + 1),
         contains=["looks like a 1–11 coding of 0–10", "from: [1, 11], to: [0, 10]"])
    case(BAD, "ltr_true_false", df=f.assign(ltr=f.ltr > 6), contains=["true/false values"])
    case(BAD, "recode_misses_answer", df=with_(f, "s1", 4, "Neutral"),
         codebook=cb_no(recode={"s1": {1: 1, 2: 2, 3: 3, 4: 4, 5: 5, "Agree": 4}}),
         contains=["not listed in the recode", "row 5", "Neutral"])
    case(BAD, "codebook_reversed_scale", df=f, codebook=cb_no(outcomes={"recommend": {
        "column": "ltr", "scale": [10, 0]}}), contains=["low < high"])
    case(BAD, "codebook_typo_key", df=f, codebook={**CODEBOOK, "wieght": "w"},
         contains=["unknown key 'wieght'", "did you mean 'weight'"])
    case(BAD, "codebook_reverse_not_item", df=f, codebook=cb_no(constructs={
        **CODEBOOK["constructs"], "price": {"items": ["p1", "p2"], "reverse": ["p3"],
                                           "scale": [1, 5]}}), contains=["reverse item 'p3'"])
    case(BAD, "construct_item_twice", df=f, codebook=cb_no(constructs={
        **CODEBOOK["constructs"], "price": {"items": ["p1", "p1"], "scale": [1, 5]}}),
         contains=["twice"])
    case(BAD, "nps_scale_one_to_seven", df=f.assign(ltr=np.clip(f.ltr, 1, 7)),
         codebook=cb_no(outcomes={"recommend": {"column": "ltr", "scale": [1, 7]}}),
         command="nps", contains=["'recommend' is a rating outcome", "cx outcome"])
    # models that cannot be estimated
    case(BAD, "constant_driver", df=f.assign(p1=3, p2=3), command="drivers",
         contains=["same value for every respondent", "price"])
    case(BAD, "collinear_drivers", df=f.assign(b1=f.p1, b2=f.p2), command="drivers",
         contains=["perfectly collinear", "cannot be estimated"])
    case(BAD, "tiny_sample", df=f.head(6), command="drivers", contains=["only 6 respondents"])
    case(BAD, "unknown_by_column", df=f, command="nps", args=["--by", "chanel"],
         contains=["column 'chanel'"])


def ok_cases() -> None:
    f = frame()
    expect = {"respondents": 60, "ltr_sum": int(f.ltr.sum())}
    text = f.to_csv(index=False, lineterminator="\n")
    case(OK, "utf8_bom", raw=("\ufeff" + text).encode("utf-8"), exit=0, check=expect)
    fi = f.assign(w=f.w + 0.0005).to_csv(index=False, sep=";", decimal=",")
    case(OK, "finnish_excel_cp1252", raw=fi.replace("user", "käyttäjä").encode("cp1252"),
         exit=0, check=expect)
    case(OK, "tab_separated", raw=f.to_csv(index=False, sep="\t").encode(), filename="data.tsv",
         exit=0, check=expect)
    case(OK, "crlf_line_endings", raw=text.replace("\n", "\r\n").encode(), exit=0, check=expect)
    serial = f.assign(day=(pd.to_datetime(f.day) - pd.Timestamp("1899-12-30")).dt.days)
    case(OK, "excel_serial_dates", df=serial, exit=0, check=expect)
    case(OK, "quoted_fields", raw=f.to_csv(index=False, quoting=1).encode(), exit=0,
         check=expect)
    case(OK, "xlsx", df=f, filename="data.xlsx", exit=0, check=expect)
    case(OK, "missing_codes", df=with_(f, "s1", 0, -99), exit=0, check=expect)


if __name__ == "__main__":
    for root in (BAD, OK):
        if root.exists():
            shutil.rmtree(root)
    bad_cases()
    ok_cases()
    print(len(list(BAD.iterdir())), "bad cases,", len(list(OK.iterdir())), "tolerated cases")
