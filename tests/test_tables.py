"""cx tables: the banner book read back with openpyxl (values, number formats, letters)."""

from __future__ import annotations

from pathlib import Path

import numpy as np
import openpyxl
import pytest

from cxresearch.cli import main
from cxresearch.crosstab import crosstab
from cxresearch.metrics import nps

ROOT = Path(__file__).resolve().parent.parent
BANNER = ROOT / "notebooks" / "batches" / "banner.yaml"


def _find(ws, text):
    for row in ws.iter_rows():
        for c in row:
            if c.value == text:
                return c
    raise AssertionError(f"{text!r} not on sheet {ws.title}")


def _column_of(ws, label, header_row=5):
    return [c.column for c in ws[header_row] if c.value == label]


@pytest.fixture(scope="module")
def book(tmp_path_factory):
    out = tmp_path_factory.mktemp("tables") / "tables.xlsx"
    assert main(["tables", str(BANNER), "--out", str(out)]) == 0
    return out


def test_contents_and_one_sheet_per_table(book):
    wb = openpyxl.load_workbook(book)
    assert wb.sheetnames[0] == "Contents"
    assert len(wb.sheetnames) == 1 + 7  # the example banner file has seven tables
    toc = wb["Contents"]
    assert toc["B5"].value == "Likelihood to recommend: NPS"
    assert toc["B5"].hyperlink.location == "'Table 2'!A1"
    assert [p.name for p in book.parent.iterdir()] == ["tables.xlsx"]  # no temp file left


def test_nps_sheet_equals_cx_nps_by_channel(book, survey):
    ws = openpyxl.load_workbook(book)["Table 2"]
    row = _find(ws, "NPS").row
    by = nps(survey, by="channel").set_index("channel")
    for channel in ("app", "store", "web"):
        col = _column_of(ws, channel)[0]
        cell = ws.cell(row=row, column=col)
        assert isinstance(cell.value, float) and cell.number_format == "+0;-0;0"
        assert cell.value == pytest.approx(by.loc[channel, "nps"], abs=1e-9)
        base = ws.cell(row=_find(ws, "Base (n)").row, column=col)
        assert base.value == by.loc[channel, "base"] and base.number_format == "0"
    total = ws.cell(row=row, column=_column_of(ws, "Total")[0]).value
    assert total == pytest.approx(nps(survey)["nps"].iloc[0], abs=1e-9)
    assert "design-based" in _find_note(ws)


def _find_note(ws):
    for row in ws.iter_rows(values_only=True):
        if isinstance(row[0], str) and row[0].startswith("Letters"):
            return row[0]
    return ""


def test_percent_sheet_values_formats_and_letters(book, survey):
    ws = openpyxl.load_workbook(book)["Table 1"]
    d = survey.data
    w = d[survey.codebook.weight]
    res = crosstab(survey, rows="region", columns="age_group")
    for region in ("Uusimaa", "Pirkanmaa"):
        r = _find(ws, region).row
        for age in ("18-29", "60+"):
            col = _column_of(ws, age)[0]
            cell = ws.cell(row=r, column=col)
            m = d.age_group == age
            share = w[m & (d.region == region)].sum() / w[m].sum()  # weighted column share
            assert cell.number_format == "0%" and cell.value == pytest.approx(share, abs=1e-12)
            t = res.table
            letters = t[(t.row == region) & (t.column == age)].letters.iloc[0]
            assert (ws.cell(row=r, column=col + 1).value or "") == letters
    # rows in the order of the codebook's codes 1-4, not alphabetical
    assert [ws.cell(row=r, column=1).value for r in range(7, 11)] == [
        "Uusimaa", "Pirkanmaa", "Varsinais-Suomi", "Pohjois-Pohjanmaa"]
    # the letters of the banner columns sit in their own row, next to the values
    assert ws.cell(row=6, column=_column_of(ws, "18-29")[0] + 1).value == "A"
    letter_cells = [c.value for row in ws.iter_rows(min_row=7, max_row=10) for c in row
                    if isinstance(c.value, str) and c.column > 1]
    assert letter_cells and all(set(v.upper()) <= set("ABCD") for v in letter_cells)


def test_finnish_book_and_small_bases(tmp_path, survey):
    banner = tmp_path / "b.yaml"
    banner.write_text(f"codebook: {ROOT / 'data' / 'raw' / 'retail_cx.yaml'}\n"
                      "banner: channel\nmin_n: 500\nweight: false\n"
                      "tables:\n  - {rows: csat, stat: top_box}\n")
    out = tmp_path / "fi.xlsx"
    assert main(["tables", str(banner), "--out", str(out), "--lang", "fi"]) == 0
    wb = openpyxl.load_workbook(out)
    assert wb.sheetnames == ["Sisällys", "Taulukko 1"]
    ws = wb["Taulukko 1"]
    notes = [r[0] for r in ws.iter_rows(values_only=True) if isinstance(r[0], str)]
    assert any("p < 0,05" in n and "p < 0,001" in n and "yhdistetyllä osuudella" in n
               for n in notes)
    assert any("vastaajamäärä alle 500" in n for n in notes)
    assert "Tulokset ovat painottamattomia." in notes
    app, web, store = (_column_of(ws, v)[0] for v in ("app", "web", "store"))
    r = _find(ws, "Vastaajia (n)").row - 1
    # app (457 < 500) is not shown; web, the next smallest, is hidden with it so that
    # total minus store cannot rebuild app
    assert ws.cell(row=r, column=app).value == "–" and ws.cell(row=r, column=web).value == "–"
    d = survey.data
    top = d.csat[d.channel == "store"].dropna().isin([4, 5]).mean()  # scale 1-5: top two
    assert ws.cell(row=r, column=store).value == pytest.approx(top, abs=1e-12)
    assert ws["A1"].value == "Tyytyväisyys: parhaiden vastausten (4, 5) osuus, %"


def test_finnish_nps_format_has_a_true_minus(tmp_path):
    banner = tmp_path / "b.yaml"
    banner.write_text(f"codebook: {ROOT / 'data' / 'raw' / 'retail_cx.yaml'}\n"
                      "banner: channel\nlang: fi\ntables:\n  - {rows: ltr, stat: nps}\n")
    out = tmp_path / "fi.xlsx"
    assert main(["tables", str(banner), "--out", str(out)]) == 0
    ws = openpyxl.load_workbook(out)["Taulukko 1"]
    cell = ws.cell(row=_find(ws, "NPS").row, column=_column_of(ws, "Yhteensä")[0])
    assert cell.number_format == '+0;"\u2212"0;0' and isinstance(cell.value, float)


@pytest.mark.parametrize("text, needle", [
    ("banner: [channel]\ntables: [{rows: region, stat: median}]\n", "'stat' must be one of"),
    ("banner: [channel]\ntables: [{rows: region}]\ncolour: red\n", "unknown key 'colour'"),
    ("banner: [channel]\ntables: [{rows: nosuch}]\n", "no column 'nosuch'"),
    ("banner: [email]\ntables: [{rows: region}]\n", "never tabulated"),
    ("banner: [channel]\nmin_n: 1\ntables: [{rows: region}]\n", "'min_n' must be"),
    ("banner: [channel]\nalpha: [0.001, 0.05]\ntables: [{rows: region}]\n", "'alpha' must be"),
    ("banner: [channel]\ntables: [{rows: region}]\ntables: []\n", "twice"),
])
def test_bad_banner_exits_2_with_the_field(tmp_path, capsys, text, needle):
    banner = tmp_path / "b.yaml"
    banner.write_text(f"codebook: {ROOT / 'data' / 'raw' / 'retail_cx.yaml'}\n" + text)
    assert main(["tables", str(banner), "--out", str(tmp_path / "x.xlsx")]) == 2
    err = capsys.readouterr().err
    assert needle in err and "Traceback" not in err
    assert not (tmp_path / "x.xlsx").exists()


def test_existing_workbook_replaced_atomically(tmp_path):
    out = tmp_path / "t.xlsx"
    out.write_bytes(b"old")
    assert main(["tables", str(BANNER), "--out", str(out)]) == 0
    assert openpyxl.load_workbook(out).sheetnames[0] == "Contents"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["t.xlsx"]
    assert np.isfinite(openpyxl.load_workbook(out)["Table 5"]["B7"].value)


def _book_sheet(tmp_path, text):
    banner = tmp_path / "b.yaml"
    banner.write_text(f"codebook: {ROOT / 'data' / 'raw' / 'retail_cx.yaml'}\n" + text)
    out = tmp_path / "b.xlsx"
    assert main(["tables", str(banner), "--out", str(out)]) == 0
    return openpyxl.load_workbook(out)["Table 1"]


@pytest.mark.parametrize("weight, min_n", [(False, 500), (True, 400)])
def test_banner_suppression_defeats_differencing(tmp_path, survey, weight, min_n):
    """The smallest region (421 respondents, effective base 387 weighted) is under min_n; its
    counts per answer cannot be rebuilt as total minus any set of shown columns."""
    from cxresearch.disclosure import effective_base

    ws = _book_sheet(tmp_path, f"banner: region\nmin_n: {min_n}\nweight: {str(weight).lower()}"
                               "\ntables:\n  - {rows: csat}\n")
    d = survey.data.dropna(subset=["csat"])
    w = d["weight"] if weight else None
    regions = list(d["region"].unique())
    cols = {g: _column_of(ws, g)[0] for g in regions}
    total_col = _column_of(ws, "Total")[0]
    base_row = _find(ws, "Base (n)").row
    eff = {g: effective_base(w[d.region == g]) if weight else float((d.region == g).sum())
           for g in regions}
    small = {g for g in regions if eff[g] < min_n}
    assert small == {"Pohjois-Pohjanmaa"}  # raw base 421 >= 400: only the effective base is small
    hidden = {g for g, c in cols.items() if ws.cell(row=base_row - 1, column=c).value == "–"}
    assert small < hidden and len(hidden) == 2  # a complementary column is hidden too
    shown = [g for g in regions if g not in hidden]

    def share(m, k):
        return float(np.average(d.csat[m] == k, weights=None if w is None else w[m]))

    total_w = float(w.sum()) if weight else float(len(d))
    mass = {g: float(w[d.region == g].sum()) if weight else float((d.region == g).sum())
            for g in regions}
    answers = sorted(d.csat.unique())
    for i, k in enumerate(answers):
        row = base_row - len(answers) + i
        assert ws.cell(row=row, column=total_col).value == pytest.approx(
            share(d.region.notna(), k), abs=1e-9)
        for g in shown:  # shown figures are right
            assert ws.cell(row=row, column=cols[g]).value == pytest.approx(
                share(d.region == g, k), abs=1e-9)
        for g in hidden:
            assert ws.cell(row=row, column=cols[g]).value == "–"
    # differencing: total minus every subset of shown columns gives at most the hidden pair's
    # joint mass, never one hidden region's own count for all answers
    import itertools

    for r in range(len(shown) + 1):
        for subset in itertools.combinations(shown, r):
            rest = [total_w * ws.cell(row=base_row - len(answers) + i, column=total_col).value
                    - sum(mass[g] * ws.cell(row=base_row - len(answers) + i,
                                            column=cols[g]).value for g in subset)
                    for i in range(len(answers))]
            for g in hidden:
                own = [mass[g] * share(d.region == g, k) for k in answers]
                assert not np.allclose(rest, own, atol=0.5), (subset, g)
