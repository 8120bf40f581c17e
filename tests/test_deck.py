"""pptx and xlsx report versions (cxresearch.deck), read back with python-pptx and openpyxl."""

import re
import shutil
import subprocess

import openpyxl
import pytest
from pptx import Presentation
from pptx.oxml.ns import qn
from pptx.util import Inches

from cxresearch.deck import check_formats, check_template
from cxresearch.errors import CXInputError
from cxresearch.narrative import parse_number
from cxresearch.run import run_report


def test_formats_and_template_are_validated(tmp_path):
    assert check_formats("html, pptx,xlsx,pptx") == ["html", "pptx", "xlsx"]
    with pytest.raises(CXInputError):
        check_formats("html,pdf")
    with pytest.raises(CXInputError):
        check_template(tmp_path / "missing.pptx")
    (tmp_path / "t.potx").write_bytes(b"x")
    with pytest.raises(CXInputError):
        check_template(tmp_path / "t.potx")


@pytest.mark.slow
@pytest.mark.parametrize("lang", ["en", "fi"])
def test_nps_overview_deck_and_workbook(tmp_path, lang):
    # a small template with its own layouts: the deck must use its slide size and layouts
    tpl = Presentation()
    tpl.slide_width, tpl.slide_height = Inches(10), Inches(5.625)
    tpl.save(tmp_path / "corporate.pptx")
    res = run_report("nps_overview", out_dir=tmp_path, lang=lang,
                     formats="html,pptx,xlsx", template=tmp_path / "corporate.pptx")
    assert [p.suffix for p in res.files] == [".html", ".pptx", ".xlsx"]
    html = res.files[0].read_text(encoding="utf-8")
    assert "vnd.cxresearch" not in html
    nps = res.key_figures["nps"]
    prs = Presentation(str(res.files[1]))
    assert prs.slide_width == Inches(10)
    titles = [s.shapes.title.text for s in prs.slides]
    assert titles[0] == res.key_figures.get("title", titles[0])
    assert titles[1] == {"en": "Executive summary", "fi": "Tiivistelmä"}[lang]
    charts = [sh.chart for s in prs.slides for sh in s.shapes if sh.has_chart]
    tables = [sh.table for s in prs.slides for sh in s.shapes if sh.has_table]
    assert charts and tables
    # the overall table's NPS cell on the slide = the key figure (rounded as in the report)
    head = [c.text for c in tables[0].rows[0].cells]
    cell = tables[0].cell(1, head.index("NPS")).text
    assert parse_number(cell) == pytest.approx(round(nps), abs=0.5)
    assert re.search(rf">\s*{re.escape(cell)}\s*<", html)  # the HTML table shows the same
    # the segment chart's native values: the HTML segment table's NPS column
    ser = charts[0].plots[0].series[0]
    xval = ser._element.find(qn("c:xVal"))  # a dot chart: an XY chart, NPS along x
    values = ([float(v.text) for v in xval.iter(qn("c:v"))] if xval is not None
              else list(ser.values))
    seg_head = [c.text for c in tables[1].rows[0].cells]
    seg = [parse_number(tables[1].cell(i, seg_head.index("NPS")).text)
           for i in range(1, len(tables[1].rows))]
    assert len(values) >= 2
    # chart values (unrounded) round to the NPS shown in the segment table
    assert [round(v) for v in values][:len(seg)] == pytest.approx(seg, abs=0.51)
    assert charts[0].plots[0]._element.find(".//" + qn("c:errBars")) is not None
    notes = prs.slides[0].notes_slide.notes_text_frame.text
    assert len(notes) > 50 and re.search(r"\d", notes)
    wb = openpyxl.load_workbook(res.files[2])
    toc = wb[wb.sheetnames[0]]
    listed = [r[0].value for r in toc.iter_rows(min_row=3)]
    assert listed == wb.sheetnames[1:] and len(listed) >= 2
    ws = wb[wb.sheetnames[1]]
    heads = [c.value for c in ws[2]]
    first = [c for c in ws[3]]
    n_cell = first[heads.index("n")]
    assert isinstance(n_cell.value, int | float) and n_cell.number_format == "0"
    assert first[heads.index("NPS")].value == pytest.approx(parse_number(cell))
    assert n_cell.value == res.key_figures["n"]
    if lang == "en" and shutil.which("soffice"):
        subprocess.run(["soffice", "--headless", "--convert-to", "pdf", "--outdir",
                        str(tmp_path), str(res.files[1])], check=True, timeout=180,
                       capture_output=True)
        assert (tmp_path / "nps_overview.pdf").stat().st_size > 10_000


def test_batch_format_and_template_keys(tmp_path):
    from cxresearch.batch import plan_batch
    from cxresearch.io import bundled_codebook

    tpl = tmp_path / "corporate.pptx"
    Presentation().save(tpl)
    spec = {"codebook": str(bundled_codebook()), "out": str(tmp_path / "out"),
            "format": "html,xlsx", "template": str(tpl),
            "reports": [{"notebook": "nps_overview"},
                        {"notebook": "driver_analysis", "format": "pptx"}]}
    jobs, _ = plan_batch(spec, base=tmp_path)
    assert [j.formats for j in jobs] == [["html", "xlsx"], ["pptx"]]
    assert all(j.template == str(tpl.resolve()) for j in jobs)
    for bad in ({"format": "html,doc"}, {"template": "missing.pptx"}):
        with pytest.raises(CXInputError):
            plan_batch(dict(spec, **bad), base=tmp_path)


def test_chart_labels_keep_the_precision_of_shares():
    """0–1 importance shares are labelled with two decimals, NPS points as whole numbers."""
    import io

    import nbformat
    import pandas as pd
    from pptx import Presentation

    from cxresearch.deck import build_pptx
    from cxresearch.narrative import CHART_MIME, chart_bundle

    def deck_of(values):
        data = pd.DataFrame({"driver": ["a", "b"], "share": values})
        nb = nbformat.v4.new_notebook()
        cell = nbformat.v4.new_code_cell("")
        cell.outputs = [nbformat.v4.new_output("display_data", data={
            CHART_MIME: chart_bundle(data, kind="bar", title="t", x="driver", y="share")})]
        nb.cells = [cell]
        prs = Presentation(io.BytesIO(build_pptx(nb, lang="en", survey="s")))
        charts = [sh.chart for slide in prs.slides for sh in slide.shapes if sh.has_chart]
        return charts[0].plots[0].data_labels.number_format

    assert deck_of([0.42, 0.31]) == "0.00"
    assert deck_of([27.0, -3.0]) == "0"


def test_slide_titles_show_data_as_typed():
    """Report text escapes data for HTML and Markdown (i18n.t); a slide shows it as typed."""
    import io

    import nbformat
    import pandas as pd

    from cxresearch.deck import build_pptx
    from cxresearch.i18n import t
    from cxresearch.narrative import CHART_MIME, KEY_FIGURES_MIME, chart_bundle

    name = "R&D_2026 <pilot> *beta*"
    title = t("scope.filter", "en", column="region", value=name)
    nb = nbformat.v4.new_notebook()
    cell = nbformat.v4.new_code_cell("")
    data = pd.DataFrame({"driver": ["a", "b"], "share": [0.4, 0.3]})
    cell.outputs = [
        nbformat.v4.new_output("display_data", data={KEY_FIGURES_MIME: {"title": title}}),
        nbformat.v4.new_output("display_data", data={
            CHART_MIME: chart_bundle(data, kind="bar", title=title, x="driver", y="share")})]
    nb.cells = [cell]
    prs = Presentation(io.BytesIO(build_pptx(nb, lang="en", survey="s")))
    titles = [sl.shapes.title.text for sl in prs.slides if sl.shapes.title is not None]
    assert f"region = {name}" in titles, titles
    assert not any("&#" in x or "&amp;" in x or "&lt;" in x for x in titles), titles
