"""PowerPoint and Excel versions of an executed report notebook (run layer).

The report notebook's :func:`cxresearch.narrative.show_table` and
:func:`cxresearch.narrative.show_chart` calls leave JSON copies of every table and chart in
the executed notebook (:data:`~cxresearch.narrative.TABLE_MIME`,
:data:`~cxresearch.narrative.CHART_MIME`); this module turns them into

* a pptx deck (python-pptx): title slide, executive summary, one slide per chart with its
  headline as the slide title - bar, line and scatter charts as native, editable PowerPoint
  charts, dot charts with intervals as native bar charts with custom error bars (raw DrawingML;
  python-pptx has no error-bar API), other charts as their PNG - tables as native
  PowerPoint tables (long ones split over slides) and the method text as speaker notes;
  ``template`` gives the slide layouts and theme;
* an xlsx workbook (openpyxl): a contents sheet and one sheet per table, numbers stored as
  numbers with a number format showing the report's decimals.
"""

from __future__ import annotations

import base64
import html
import io
import re
from pathlib import Path
from typing import Any

from .i18n import fmt_date, t
from .narrative import CHART_MIME, KEY_FIGURES_MIME, TABLE_MIME

__all__ = ["FORMATS", "report_items", "build_pptx", "build_xlsx", "check_formats",
           "check_template"]

#: the report formats ``cx report --format`` accepts
FORMATS = ("html", "pptx", "xlsx")
_ROWS_PER_SLIDE = 12


def check_formats(formats: str | list[str] | tuple[str, ...] | None,
                  *, where: str = "--format") -> list[str]:
    """Validate a format list (``"html,pptx"`` or a list); unknown ones raise CXInputError.

    Parameters
    ----------
    formats : str, list of str or None
        A comma list (``"html,pptx"``) or a list of :data:`FORMATS`; case and blanks are
        ignored. None means ``html`` only.
    where : str, default "--format"
        Where the formats were given, for the message.

    Returns
    -------
    list of str
        The formats in lower case, each once, in the order given.

    Raises
    ------
    CXInputError
        An unknown format, or an empty list.

    Examples
    --------
    >>> check_formats("html, PPTX,html"), check_formats(None)
    (['html', 'pptx'], ['html'])
    >>> check_formats(["html", "pdf"])
    Traceback (most recent call last):
    ...
    cxresearch.errors.CXInputError: --format: unknown report format 'pdf' (e.g. 'pdf')
      fix: use a comma list of html, pptx, xlsx
    """
    from .errors import CXInputError, Problem

    if formats is None:
        return ["html"]
    items = formats.split(",") if isinstance(formats, str) else list(formats)
    items = [str(f).strip().lower() for f in items if str(f).strip()]
    bad = [f for f in items if f not in FORMATS]
    if bad or not items:
        raise CXInputError(Problem(where, f"unknown report format {bad[0] if bad else ''!r}",
                                   f"use a comma list of {', '.join(FORMATS)}",
                                   value=bad[0] if bad else ""))
    return list(dict.fromkeys(items))


def check_template(template: str | Path | None, *, where: str = "--template") -> Path | None:
    """An existing ``.pptx`` file, else CXInputError.

    Parameters
    ----------
    template : str, Path or None
        The PowerPoint template (None: python-pptx's default layouts).
    where : str, default "--template"
        Where the template was given, for the message.

    Returns
    -------
    Path or None
        The template's path (None when none was given).

    Raises
    ------
    CXInputError
        The file does not exist or is not a ``.pptx`` (a ``.potx`` must be saved as .pptx).

    Examples
    --------
    >>> check_template(None) is None
    True
    >>> check_template("brand.potx")
    Traceback (most recent call last):
    ...
    cxresearch.errors.CXInputError: --template: template 'brand.potx' is not an existing .pptx file...
    """
    from .errors import CXInputError, Problem

    if template is None:
        return None
    p = Path(template)
    if p.suffix.lower() != ".pptx" or not p.is_file():
        raise CXInputError(Problem(where, f"template {p.name!r} is not an existing .pptx file",
                                   "give the path of a PowerPoint .pptx file", value=p.name))
    return p


def report_items(nb: Any) -> dict[str, Any]:
    """The executed notebook's content in order: figures, summary, method, tables, charts.

    Parameters
    ----------
    nb : NotebookNode or dict
        The executed notebook (papermill's result, or its JSON as a dict).

    Returns
    -------
    dict
        ``figures`` (key figures), ``title`` (the key figures' title, else the first
        top-level heading), ``summary`` (the texts of the first all-bullet Markdown output),
        ``method`` (the text under the "Method" section, plain), and ``items``: a list of
        ``("table", bundle)`` / ``("chart", bundle)`` with the section heading they appear
        under (``bundle["section"]``).

    Examples
    --------
    A hand-made executed notebook: key figures, a summary, a section with a table and a
    chart (the outputs :func:`cxresearch.narrative.show_table` and ``show_chart`` leave).

    >>> import pandas as pd
    >>> from cxresearch.narrative import (CHART_MIME, KEY_FIGURES_MIME, TABLE_MIME,
    ...                                   chart_bundle, table_bundle)
    >>> def cell(*outputs):
    ...     return {"cell_type": "code", "outputs": [
    ...         {"output_type": "display_data", "data": {mime: value}} for mime, value in outputs]}
    >>> by_channel = pd.DataFrame({"channel": ["store", "web"], "nps": [24.0, -3.0]})
    >>> nb = {"cells": [
    ...     cell((KEY_FIGURES_MIME, {"title": "NPS overview", "n": 120})),
    ...     cell(("text/markdown", "- NPS is **+14**.\\n- Web is lowest.")),
    ...     cell(("text/markdown", "## By channel")),
    ...     cell((TABLE_MIME, table_bundle(pd.DataFrame({"channel": ["store", "web"],
    ...                                                  "NPS": ["+24", "−3"]}),
    ...                                    caption="NPS by channel")),
    ...          (CHART_MIME, chart_bundle(by_channel, kind="bar", title="Store leads",
    ...                                    x="channel", y="nps")))]}
    >>> info = report_items(nb)
    >>> info["title"], info["summary"]
    ('NPS overview', ['NPS is **+14**.', 'Web is lowest.'])
    >>> [(kind, bundle["section"]) for kind, bundle in info["items"]]
    [('table', 'By channel'), ('chart', 'By channel')]
    """
    figures: dict[str, Any] = {}
    summary: list[str] = []
    method: list[str] = []
    items: list[tuple[str, dict[str, Any]]] = []
    title, section, in_method = None, "", False
    for cell in nb.get("cells", []):
        for out in cell.get("outputs", []) or []:
            data = out.get("data", {}) or {}
            if KEY_FIGURES_MIME in data:
                figures.update(data[KEY_FIGURES_MIME])
            elif TABLE_MIME in data or CHART_MIME in data:
                kind = "table" if TABLE_MIME in data else "chart"
                bundle = dict(data[TABLE_MIME if kind == "table" else CHART_MIME])
                bundle["section"] = section
                items.append((kind, bundle))
            elif "text/markdown" in data:
                text = "".join(data["text/markdown"]).strip()
                m = re.match(r"^(#+)\s+(.*)$", text)
                if m and "\n" not in text:
                    if len(m.group(1)) == 1 and title is None:
                        title = m.group(2).strip()
                    elif len(m.group(1)) == 2:
                        section = m.group(2).strip()
                        in_method = False
                    continue
                lines = [ln.strip() for ln in text.splitlines() if ln.strip()]
                if not summary and lines and all(ln.startswith("- ") for ln in lines):
                    summary = [ln[2:] for ln in lines]
                if in_method or section in {t("method", g) for g in ("en", "fi", "sv")}:
                    method.append(_plain_md(text))
    return {"figures": figures, "title": figures.get("title") or title or "",
            "summary": summary, "method": "\n\n".join(method), "items": items}


def _plain_md(text: str) -> str:
    text = re.sub(r"\*\*(.*?)\*\*|\*(.*?)\*", lambda m: m.group(1) or m.group(2) or "", text)
    text = re.sub(r"\[([^\]]*)\]\([^)]*\)", r"\1", text)
    return html.unescape(text)  # characters from data are references in report text


def _layout(prs: Any, names: tuple[str, ...], index: int) -> Any:
    for layout in prs.slide_layouts:
        if layout.name.lower() in names:
            return layout
    return prs.slide_layouts[min(index, len(prs.slide_layouts) - 1)]


def _slide(prs: Any, title: str, notes: str, layout: Any) -> Any:
    slide = prs.slides.add_slide(layout)
    if slide.shapes.title is not None:
        slide.shapes.title.text = _plain_md(title)  # data in titles as typed, no references
    if notes:
        slide.notes_slide.notes_text_frame.text = notes
    return slide


def _body_box(prs: Any) -> tuple[int, int, int, int]:
    from pptx.util import Emu

    w, h = prs.slide_width, prs.slide_height
    return Emu(int(w * 0.06)), Emu(int(h * 0.22)), Emu(int(w * 0.88)), Emu(int(h * 0.70))


def _clear_placeholders(slide: Any) -> None:
    for ph in list(slide.placeholders):
        if ph.placeholder_format.idx != 0:  # keep the title
            ph._element.getparent().remove(ph._element)


def _add_chart(prs: Any, slide: Any, chart: dict[str, Any]) -> str:
    """A native chart on the slide; returns "native" or "image"."""
    from pptx.chart.data import CategoryChartData, XyChartData
    from pptx.enum.chart import XL_CHART_TYPE, XL_LEGEND_POSITION

    x, y, cx, cy = _body_box(prs)
    kind = chart["kind"]
    series = chart["series"]
    if kind not in ("bar", "dot", "line", "scatter"):
        raise ValueError("no chart data: the report's PNG")
    if kind == "scatter":
        data = XyChartData()
        cats = chart["categories"]
        for s in series:
            ser = data.add_series(s["name"])
            for i, v in enumerate(s["values"]):
                if v is not None:
                    # a dot chart: values along x, one row per category (y = position)
                    xy = (v, len(cats) - i) if kind == "dot" else (cats[i], v)
                    ser.add_data_point(*xy)
        gf = slide.shapes.add_chart(XL_CHART_TYPE.XY_SCATTER, x, y, cx, cy, data)
        gf.chart.has_legend = len(series) > 1
        return "native"
    data = CategoryChartData()
    data.categories = chart["categories"]
    for s in series:
        data.add_series(s["name"], s["values"])
    ctype = {"bar": XL_CHART_TYPE.BAR_CLUSTERED, "dot": XL_CHART_TYPE.BAR_CLUSTERED,
             "line": XL_CHART_TYPE.LINE_MARKERS}[kind]
    gf = slide.shapes.add_chart(ctype, x, y, cx, cy, data)
    ch = gf.chart
    ch.has_legend = len(series) > 1
    if ch.has_legend:
        ch.legend.position = XL_LEGEND_POSITION.BOTTOM
        ch.legend.include_in_layout = False
    plot = ch.plots[0]
    plot.has_data_labels = True
    # labels as precise as the numbers need: NPS points whole, 0–1 shares with two decimals
    values = [abs(v) for s in series for v in s["values"] if v is not None]
    span = max(values, default=0)
    plot.data_labels.number_format = "0" if span >= 10 else ("0.0" if span >= 1 else "0.00")
    plot.data_labels.number_format_is_linked = False
    if kind == "dot" and "low" in series[0]:
        _error_bars(ch, series[0])
        # the axis spans the intervals (and zero), not just the points
        ends = [v for v in series[0]["low"] + series[0]["high"] + series[0]["values"]
                if v is not None]
        if ends:
            import math

            lo, hi = min(min(ends), 0), max(max(ends), 0)
            step = 10 ** math.floor(math.log10(hi - lo)) if hi > lo else 1  # NPS: 10, share: 0.1
            ch.value_axis.minimum_scale = step * math.floor(lo / step)
            ch.value_axis.maximum_scale = step * math.ceil(hi / step)
            ch.value_axis.major_unit = step
            ch.value_axis.tick_labels.number_format = "0" if step >= 1 else "0.0"
            ch.value_axis.tick_labels.number_format_is_linked = False
    if kind in ("bar", "dot"):
        ch.category_axis.reverse_order = True  # the first category on top, as in the report
    return "native"


def _error_bars(chart: Any, series: dict[str, Any]) -> None:
    """Custom error bars (the interval ends) on a bar series, written as DrawingML.

    python-pptx has no error-bar API, so the ``c:errBars`` element is added to the series XML
    (ECMA-376 21.2.2.55); PowerPoint and LibreOffice show it as an editable error bar.
    """
    from lxml import etree
    from pptx.oxml.ns import qn

    ser = chart.plots[0]._element.findall(qn("c:ser"))[0]
    vals = [v for v in series["values"] if v is not None]
    lows = [lo for v, lo in zip(series["values"], series["low"], strict=True) if v is not None]
    highs = [hi for v, hi in zip(series["values"], series["high"], strict=True) if v is not None]

    def _lit(tag: str, numbers: list[float]) -> Any:
        el = etree.SubElement(err, qn(tag))
        lit = etree.SubElement(el, qn("c:numLit"))
        etree.SubElement(lit, qn("c:ptCount")).set("val", str(len(numbers)))
        for i, n in enumerate(numbers):
            pt = etree.SubElement(lit, qn("c:pt"))
            pt.set("idx", str(i))
            etree.SubElement(pt, qn("c:v")).text = repr(float(n))
        return el

    err = etree.Element(qn("c:errBars"))
    etree.SubElement(err, qn("c:errBarType")).set("val", "both")
    etree.SubElement(err, qn("c:errValType")).set("val", "cust")
    etree.SubElement(err, qn("c:noEndCap")).set("val", "0")
    _lit("c:plus", [max(0.0, (h if h is not None else v) - v) for v, h in zip(vals, highs, strict=True)])
    _lit("c:minus", [max(0.0, v - (lo if lo is not None else v)) for v, lo in zip(vals, lows, strict=True)])
    anchor = ser.find(qn("c:cat"))
    (anchor.addprevious(err) if anchor is not None else ser.append(err))


def _add_table(prs: Any, slide: Any, columns: list[str], rows: list[list[dict]]) -> None:
    from pptx.enum.text import PP_ALIGN
    from pptx.util import Pt

    x, y, cx, cy = _body_box(prs)
    height = min(cy, int(cy * (len(rows) + 1) / (_ROWS_PER_SLIDE + 1)))
    table = slide.shapes.add_table(len(rows) + 1, len(columns), x, y, cx, height).table
    for j, head in enumerate(columns):
        table.cell(0, j).text = head
    for i, row in enumerate(rows, start=1):
        for j, c in enumerate(row):
            cell = table.cell(i, j)
            cell.text = c["text"]
            if c["value"] is not None:
                cell.text_frame.paragraphs[0].alignment = PP_ALIGN.RIGHT
    for r in range(len(rows) + 1):
        for j in range(len(columns)):
            for p in table.cell(r, j).text_frame.paragraphs:
                for run in p.runs:
                    run.font.size = Pt(12)


def build_pptx(nb: Any, *, lang: str = "en", survey: str = "", date: str | None = None,
               template: str | Path | None = None) -> bytes:
    """The executed report notebook as a PowerPoint deck (bytes of a .pptx file).

    Parameters
    ----------
    nb : notebook
        The executed notebook (papermill's result).
    lang : str
        Report language (the date on the title slide, the summary slide's title).
    survey : str
        Survey name for the title slide.
    date : str, optional
        ISO date (default today).
    template : path, optional
        A .pptx whose slide layouts and theme are used (its own slides are dropped).

    Returns
    -------
    bytes
        The .pptx file: a title slide, the executive summary, one slide per chart (native
        chart, headline as title) and per table (split after 12 rows), the method text as
        speaker notes on every slide.

    Examples
    --------
    >>> import pandas as pd
    >>> from cxresearch.narrative import (CHART_MIME, KEY_FIGURES_MIME, TABLE_MIME,
    ...                                   chart_bundle, table_bundle)
    >>> def cell(*outputs):
    ...     return {"cell_type": "code", "outputs": [
    ...         {"output_type": "display_data", "data": {mime: value}} for mime, value in outputs]}
    >>> by_channel = pd.DataFrame({"channel": ["store", "web"], "nps": [24.0, -3.0]})
    >>> nb = {"cells": [
    ...     cell((KEY_FIGURES_MIME, {"title": "NPS overview", "n": 120})),
    ...     cell(("text/markdown", "- NPS is **+14**.\\n- Web is lowest.")),
    ...     cell(("text/markdown", "## By channel")),
    ...     cell((TABLE_MIME, table_bundle(pd.DataFrame({"channel": ["store", "web"],
    ...                                                  "NPS": ["+24", "−3"]}),
    ...                                    caption="NPS by channel")),
    ...          (CHART_MIME, chart_bundle(by_channel, kind="bar", title="Store leads",
    ...                                    x="channel", y="nps")))]}
    >>> import io
    >>> from pptx import Presentation
    >>> deck = Presentation(io.BytesIO(build_pptx(nb, lang="fi", survey="Shop",
    ...                                           date="2026-03-01")))
    >>> [slide.shapes.title.text for slide in deck.slides]
    ['NPS overview', 'Tiivistelmä', 'NPS by channel', 'Store leads']
    >>> any(shape.has_chart for shape in deck.slides[3].shapes)   # an editable chart
    True
    """
    import datetime as _dt

    from pptx import Presentation
    from pptx.util import Inches

    info = report_items(nb)
    prs = Presentation(str(template)) if template else Presentation()
    if not template:
        prs.slide_width, prs.slide_height = Inches(13.333), Inches(7.5)
    else:  # the template's layouts and theme, none of its example slides
        ids = prs.slides._sldIdLst
        for sld in list(ids):
            prs.part.drop_rel(sld.rId)
            ids.remove(sld)
    notes = info["method"]
    title_layout = _layout(prs, ("title slide", "title"), 0)
    content_layout = _layout(prs, ("title and content",), 1)
    only_title = _layout(prs, ("title only",), 5)
    slide = _slide(prs, info["title"], notes, title_layout)
    day = fmt_date(date or _dt.date.today().isoformat(), lang)
    sub = [ph for ph in slide.placeholders if ph.placeholder_format.idx == 1]
    if sub:
        sub[0].text = f"{survey}\n{day}" if survey else day
    if info["summary"]:
        slide = _slide(prs, t("deck.summary", lang), notes, content_layout)
        body = [ph for ph in slide.placeholders if ph.placeholder_format.idx == 1]
        if body:
            tf = body[0].text_frame
            for i, line in enumerate(info["summary"]):
                p = tf.paragraphs[0] if i == 0 else tf.add_paragraph()
                p.text = _plain_md(line)
    for kind, b in info["items"]:
        if kind == "chart":
            slide = _slide(prs, b.get("title") or b.get("section", ""), notes, only_title)
            _clear_placeholders(slide)
            try:
                _add_chart(prs, slide, b)
            except Exception:  # a chart python-pptx cannot draw: the report's own PNG
                if b.get("png"):
                    x, y, cx, cy = _body_box(prs)
                    slide.shapes.add_picture(io.BytesIO(base64.b64decode(b["png"])), x, y,
                                             height=cy)
        else:
            rows = b["rows"]
            chunks = [rows[i:i + _ROWS_PER_SLIDE] for i in range(0, len(rows),
                                                                   _ROWS_PER_SLIDE)] or [[]]
            head = b.get("caption") or b.get("section", "")
            for k, chunk in enumerate(chunks):
                more = f" ({k + 1}/{len(chunks)})" if len(chunks) > 1 else ""
                slide = _slide(prs, head + more, notes, only_title)
                _clear_placeholders(slide)
                _add_table(prs, slide, b["columns"], chunk)
    buf = io.BytesIO()
    prs.save(buf)
    return buf.getvalue()


def _number_format(cell: dict[str, Any]) -> str:
    fmt = "0" + ("." + "0" * cell["decimals"] if cell["decimals"] else "")
    return fmt + '" %"' if cell["percent"] else fmt


def build_xlsx(nb: Any, *, lang: str = "en") -> bytes:
    """Every table of the report in an Excel workbook (bytes of a .xlsx file).

    A contents sheet lists the tables (sheet name, section, caption) with links; each table
    has its own sheet with the column heads, labels as text and numbers as numbers whose
    number format shows the report's decimals (percentages keep their unit as a format).

    Parameters
    ----------
    nb : NotebookNode or dict
        The executed notebook.
    lang : {"en", "fi", "sv"}, default "en"
        The language of the sheet names and headings.

    Returns
    -------
    bytes
        The .xlsx file.

    Examples
    --------
    >>> import pandas as pd
    >>> from cxresearch.narrative import (CHART_MIME, KEY_FIGURES_MIME, TABLE_MIME,
    ...                                   chart_bundle, table_bundle)
    >>> def cell(*outputs):
    ...     return {"cell_type": "code", "outputs": [
    ...         {"output_type": "display_data", "data": {mime: value}} for mime, value in outputs]}
    >>> by_channel = pd.DataFrame({"channel": ["store", "web"], "nps": [24.0, -3.0]})
    >>> nb = {"cells": [
    ...     cell((KEY_FIGURES_MIME, {"title": "NPS overview", "n": 120})),
    ...     cell(("text/markdown", "- NPS is **+14**.\\n- Web is lowest.")),
    ...     cell(("text/markdown", "## By channel")),
    ...     cell((TABLE_MIME, table_bundle(pd.DataFrame({"channel": ["store", "web"],
    ...                                                  "NPS": ["+24", "−3"]}),
    ...                                    caption="NPS by channel")),
    ...          (CHART_MIME, chart_bundle(by_channel, kind="bar", title="Store leads",
    ...                                    x="channel", y="nps")))]}
    >>> import io
    >>> from openpyxl import load_workbook
    >>> book = load_workbook(io.BytesIO(build_xlsx(nb, lang="fi")))
    >>> book.sheetnames
    ['Sisällys', 'Taulukko 1']
    >>> [[c.value for c in row] for row in book["Taulukko 1"].iter_rows()]  # numbers, not text
    [['NPS by channel', None], ['channel', 'NPS'], ['store', 24], ['web', -3]]
    """
    from openpyxl import Workbook
    from openpyxl.styles import Font

    info = report_items(nb)
    wb = Workbook()
    toc = wb.active
    toc.title = t("deck.contents", lang)[:31]
    toc.append([info["title"]])
    toc["A1"].font = Font(bold=True, size=14)
    toc.append([t("deck.sheet", lang), t("deck.section", lang), t("deck.table", lang)])
    for c in toc[2]:
        c.font = Font(bold=True)
    tables = [b for kind, b in info["items"] if kind == "table"]
    for k, b in enumerate(tables, start=1):
        name = f"{t('deck.table', lang)} {k}"[:31]
        ws = wb.create_sheet(name)
        ws.append([b.get("caption") or b.get("section", "")])
        ws["A1"].font = Font(bold=True)
        ws.append(b["columns"])
        for c in ws[2]:
            c.font = Font(bold=True)
        for row in b["rows"]:
            ws.append([c["value"] if c["value"] is not None else c["text"] for c in row])
            for cell, c in zip(ws[ws.max_row], row, strict=False):
                if c["value"] is not None:
                    cell.number_format = _number_format(c)
        for j, head in enumerate(b["columns"], start=1):
            width = max([len(head)] + [len(r[j - 1]["text"]) for r in b["rows"]]) + 2
            ws.column_dimensions[ws.cell(2, j).column_letter].width = min(60, width)
        toc.append([name, b.get("section", ""), b.get("caption", "")])
        toc.cell(toc.max_row, 1).hyperlink = f"#'{name}'!A1"
    buf = io.BytesIO()
    wb.save(buf)
    return buf.getvalue()
