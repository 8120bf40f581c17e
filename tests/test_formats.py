"""Survey-platform exports (cxresearch.formats) and file-reading robustness.

The example exports under tests/data/exports/ are written by make_exports.py from one simulated
survey; truth.csv holds that survey's answers, so every reader is checked against the values the
export was made from (not against the reader's own output).
"""

from __future__ import annotations

import hashlib
import sys
import time
from pathlib import Path

import numpy as np
import pandas as pd
import pytest

from cxresearch.cli import main
from cxresearch.errors import CXInputError
from cxresearch.formats import MAX_COLUMNS, labels_are_anchors, read_export, shifted_scale
from cxresearch.io import read_table

EXPORTS = Path(__file__).parent / "data" / "exports"
TRUTH = pd.read_csv(EXPORTS / "truth.csv")
AGREE = ["Strongly disagree", "Disagree", "Neither agree nor disagree", "Agree", "Strongly agree"]
SAT = ["Very dissatisfied", "Dissatisfied", "Neutral", "Satisfied", "Very satisfied"]


def _digest(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def _cli(capsys, *args) -> tuple[int, str, str]:
    code = main(list(args))
    out = capsys.readouterr()
    return code, out.out, out.err


def test_qualtrics_choice_text():
    t = read_export(EXPORTS / "qualtrics_text.csv")
    assert t.format == "qualtrics" and t.header_rows == 3
    assert t.description.startswith("read as a Qualtrics export: 3 header rows, choice text")
    assert len(t.data) == len(TRUTH)
    assert (t.data["Q1"].to_numpy() == TRUTH["ltr"].to_numpy()).all()
    assert list(t.data["Q3_2"]) == [AGREE[v - 1] for v in TRUTH["service_2"]]
    assert list(t.data["Q2"]) == [SAT[v - 1] for v in TRUTH["csat"]]
    assert t.derived == ["Q1_NPS_GROUP"]
    assert t.open_text == ["Q6"]
    assert t.labels["Q3_1"] == "How much do you agree with the following? - The staff were friendly"


def test_qualtrics_numeric_values():
    t = read_export(EXPORTS / "qualtrics_numeric.csv")
    assert "numeric values" in t.description
    assert pd.api.types.is_numeric_dtype(t.data["Q4_1"])
    assert (t.data["Q4_1"].to_numpy() == TRUTH["price_1"].to_numpy()).all()
    # Qualtrics' numeric NPS group: 1 detractor, 2 passive, 3 promoter (checked by hand rule)
    expected = np.select([TRUTH["ltr"] >= 9, TRUTH["ltr"] >= 7], [3, 2], 1)
    assert (t.data["Q1_NPS_GROUP"].to_numpy() == expected).all()


@pytest.mark.parametrize("name", ["surveymonkey.csv", "surveymonkey.xlsx"])
def test_surveymonkey(name):
    t = read_export(EXPORTS / name)
    assert t.format == "surveymonkey" and t.header_rows == 2
    assert "2 header rows" in t.description
    rec = "how_likely_is_it_that_you_would"
    assert (t.data[rec].to_numpy() == TRUTH["ltr"].to_numpy()).all()
    grid = [c for c in t.data.columns if c.startswith("how_much_do_you_agree_with")]
    assert len(grid) == 3
    assert t.labels[grid[0]] == ("How much do you agree with each statement? "
                                 "[The staff were friendly]")
    assert list(t.data[grid[2]]) == [AGREE[v - 1] for v in TRUTH["service_3"]]


def test_google_forms_grid_rows():
    t = read_export(EXPORTS / "google_forms.csv")
    assert t.format == "google_forms"
    assert t.description == "read as a Google Forms export: question texts as headers, 3 grid rows"
    assert t.labels["rate_the_service_i_got_help_quickly"] == "Rate the service [I got help quickly]"
    assert (t.data["rate_the_service_i_got_help_quickly"].to_numpy()
            == TRUTH["service_3"].to_numpy()).all()


@pytest.mark.parametrize("name", ["limesurvey_codes.csv", "limesurvey_full.csv"])
def test_limesurvey(name):
    t = read_export(EXPORTS / name)
    assert t.format == "limesurvey"
    if "codes" in name:
        assert t.original_names["SERV_SQ002"] == "SERV[SQ002]"
        assert list(t.data["SERV_SQ002"]) == [f"A{v}" for v in TRUTH["service_2"]]
        assert (t.data["NPS"].to_numpy() == TRUTH["ltr"].to_numpy()).all()
    else:
        assert t.labels["please_rate_the_service_the_staff_were"].endswith("[The staff were "
                                                                           "friendly]")


def test_title_block_xlsx():
    t = read_export(EXPORTS / "webropol.xlsx")
    assert t.format == "title_block" and t.header_rows == 5
    assert "the header is row 5 (4 title rows above it skipped)" in t.description
    assert t.labels["palvelu_nopea_apu"] == "Palvelu: nopea apu"
    assert (t.data["suosittelisitko_meita_ystavallesi_0_10"].to_numpy()
            == TRUTH["ltr"].to_numpy()).all()


def test_spss_labels_and_shifted_scale():
    t = read_export(EXPORTS / "spss_shifted.sav")
    assert t.format == "spss"
    assert t.labels["q_serv2"] == "Service: staff knew the products"
    assert (t.data["q_recommend"].to_numpy() == TRUTH["ltr"].to_numpy() + 1).all()
    assert shifted_scale(t.value_labels["q_recommend"]) == ((1, 11), (0, 10))
    # end-point labels keep q_sat a rating; region's labels name every code: a category
    assert labels_are_anchors(t.value_labels["q_sat"], t.data["q_sat"])
    assert not labels_are_anchors(t.value_labels["region"], t.data["region"])


def test_read_table_carries_format_and_labels():
    df, _ = read_table(EXPORTS / "qualtrics_text.csv")
    assert df.attrs["cx_format"] == "qualtrics"
    assert df.attrs["cx_labels"]["Q2"] == "Overall, how satisfied are you with your visit?"
    forced, _ = read_table(EXPORTS / "google_forms.csv", format="table")
    assert "Timestamp" in forced.columns  # format: named in the codebook skips detection


# --------------------------------------------------------------------------- bad input


def test_stray_byte_in_utf8_is_named_not_guessed(tmp_path, capsys):
    f = tmp_path / "s.csv"
    f.write_bytes("id,ltr,city\n1,9,Hämeenlinna\n2,7,Espoo\xff\n3,8,Oulu\n".encode()
                  .replace("\xff".encode(), b"\xe4"))
    before = _digest(f)
    code, _, err = _cli(capsys, "init", str(f))
    assert code == 2 and "Traceback" not in err
    assert "byte 0xe4 on line 3 is not valid UTF-8" in err and "row 2" in err
    assert _digest(f) == before


def test_cp1252_file_is_detected(tmp_path):
    f = tmp_path / "w.csv"
    f.write_bytes("id;ltr;kaupunki\n1;9;Hämeenlinna\n2;7;Jyväskylä\n".encode("cp1252"))
    t = read_export(f)
    assert list(t.data["kaupunki"]) == ["Hämeenlinna", "Jyväskylä"]


def test_duplicate_headers_named(tmp_path, capsys):
    f = tmp_path / "d.csv"
    f.write_text("id,ltr,q1,q1,q2,q2\n1,9,3,4,5,5\n2,8,3,3,4,4\n")
    code, _, err = _cli(capsys, "init", str(f))
    assert code == 2 and "names 2 column(s) twice: 'q1', 'q2'" in err


def test_formula_without_cached_value(tmp_path, capsys):
    from openpyxl import Workbook

    wb = Workbook()
    ws = wb.active
    ws.append(["id", "ltr", "total"])
    ws.append([1, 9, "=B2*2"])
    ws.append([2, 7, "=B3*2"])
    f = tmp_path / "formulas.xlsx"
    wb.save(f)
    code, _, err = _cli(capsys, "init", str(f))
    assert code == 2 and "2 cells hold a formula without a saved value: C2, C3" in err


def test_data_on_another_sheet(tmp_path, capsys):
    from openpyxl import Workbook

    wb = Workbook()
    wb.active.title = "Info"
    wb.active.append(["Exported 2026-03-15"])
    ws = wb.create_sheet("Responses")
    ws.append(["id", "ltr"])
    ws.append([1, 9])
    ws.append([2, 8])
    f = tmp_path / "sheets.xlsx"
    wb.save(f)
    code, _, err = _cli(capsys, "init", str(f))
    assert code == 2 and "the data seems to be on sheet 'Responses'" in err


def test_decimal_comma_weights_named(tmp_path, capsys):
    f = tmp_path / "w.csv"
    f.write_text("id;score;weight\n1;3.5;1,25\n2;4.0;0,8\n3;2.5;1,1\n")
    code, _, err = _cli(capsys, "init", str(f))
    assert code == 2 and "column 'weight'" in err and "decimal comma" in err


def test_too_many_columns_refused_fast(tmp_path, capsys):
    f = tmp_path / "wide.csv"
    n = 300_000
    f.write_text(",".join(f"c{i}" for i in range(n)) + "\n" + ",".join("1" * n) + "\n")
    start = time.perf_counter()
    code, _, err = _cli(capsys, "init", str(f))
    assert code == 2 and f"300,000 columns; cxresearch reads at most {MAX_COLUMNS:,}" in err
    assert time.perf_counter() - start < 5


def test_unknown_format_in_read_export():
    with pytest.raises(CXInputError, match="unknown format 'qualtrix'"):
        read_export(EXPORTS / "google_forms.csv", format="qualtrix")


def test_cli_no_traceback_module_loaded():
    assert "cxresearch.formats" in sys.modules


def test_load_puts_question_texts_into_the_codebook(tmp_path):
    import shutil

    from cxresearch.io import load

    shutil.copy(EXPORTS / "qualtrics_numeric.csv", tmp_path / "q.csv")
    (tmp_path / "cb.yaml").write_text(
        "name: Q\ndata: q.csv\nformat: qualtrics\nid: ResponseId\n"
        "outcomes:\n  recommend: {column: Q1, scale: [0, 10]}\n"
        "constructs:\n  service: {items: [Q3_1, Q3_2, Q3_3], scale: [1, 5]}\n"
        "segments: [Q5]\npii: [RecipientEmail]\n")
    survey = load(tmp_path / "cb.yaml", cache_dir=False)
    assert survey.codebook.label_of("Q5") == "Which store did you visit?"
    assert survey.notes[0].startswith("read as a Qualtrics export: 3 header rows")
    assert (survey.data["Q1"].to_numpy() == TRUTH["ltr"].to_numpy()).all()
