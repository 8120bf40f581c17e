"""Banner books: crosstabs with significance letters written to one Excel workbook.

``cx tables BANNER.yaml --out tables.xlsx`` reads a banner file, loads its survey, runs
:func:`cxresearch.crosstab.crosstab` for every table against every banner variable and writes
a workbook: a contents sheet, then one sheet per table with labels from the codebook, real
numbers with Excel number formats, significance letters in their own cells, a base row and a
footnote that states the test, in the chosen language.

The banner file (YAML; paths relative to it)::

    codebook: ../../data/raw/retail_cx.yaml   # required
    data: other.csv                           # optional: another data file with the same columns
    title: Retail CX banner book              # optional
    lang: en                                  # en | fi | sv (cx tables --lang overrides)
    banner: [channel, age_group]              # required: the column variables, side by side
    weight: true                              # use the survey's weight (raked if weighting:)
    min_n: 30                                 # columns under this base are not shown
    fdr: false                                # BH-FDR across each table
    alpha: [0.05, 0.001]                      # lower- and upper-case letter levels
    tables:                                   # required, one entry per sheet
      - rows: region                          # required: the row variable
        stat: percent                         # percent | mean | top_box | nps (default percent)
      - {rows: ltr, stat: nps, title: Likelihood to recommend}
      - {rows: csat, stat: top_box, top_box: [4, 5], min_n: 50}

Every table may override ``weight``, ``min_n``, ``fdr``, ``alpha`` and give ``title`` and
``top_box``. A banner column whose effective base is under ``min_n`` is not shown ("–"), and
when it is the only one of its banner variable the next smallest is hidden too
(:func:`cxresearch.disclosure.suppress`), so no figure can be rebuilt from the total.

Examples
--------
>>> spec = banner_from_dict({"codebook": "cb.yaml", "banner": ["channel"],
...                          "tables": [{"rows": "region"}]}, base=".", where="b.yaml")
>>> spec.tables[0].stat, spec.min_n, spec.lang
('percent', 30, 'en')
"""

from __future__ import annotations

import html
import os
import re
import tempfile
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from .crosstab import STATS, TOTAL, CrosstabResult, crosstab
from .disclosure import suppress
from .errors import CXInputError, Problem
from .i18n import LANGS, t
from .io import Survey, load
from .yamlfile import load_yaml

__all__ = ["BannerSpec", "TableSpec", "read_banner", "banner_from_dict", "banner_book",
           "write_banner_book", "NUMBER_FORMATS"]

#: Excel number formats of the values (percentages are written as shares with a % format).
#: Excel shows the decimal mark of the reader's locale; ``nps_minus`` is the NPS format of
#: languages that write a true minus sign (U+2212) instead of a hyphen.
NUMBER_FORMATS = {"percent": "0%", "top_box": "0%", "mean": "0.00", "nps": "+0;-0;0",
                  "nps_minus": '+0;"\u2212"0;0', "base": "0"}

_TOP_KEYS = {"codebook", "data", "title", "lang", "banner", "weight", "min_n", "fdr", "alpha",
             "tables"}
_TABLE_KEYS = {"rows", "stat", "title", "top_box", "weight", "min_n", "fdr", "alpha"}


@dataclass(frozen=True)
class TableSpec:
    """One table of a banner book (see the module docstring for the banner file).

    Parameters
    ----------
    rows : str
        The row variable (a column of the survey).
    stat : {"percent", "mean", "top_box", "nps"}, default "percent"
        The statistic of each cell (:data:`cxresearch.crosstab.STATS`).
    title : str, optional
        The sheet's title; default made from the row variable's label and the statistic.
    top_box : tuple of float, optional
        The answers that count for ``top_box`` (default: the codebook's top box).
    weight : bool, default True
        Use the survey's weight.
    min_n : int, default 30
        Columns with an effective base under this are not shown.
    fdr : bool, default False
        Benjamini–Hochberg FDR adjustment across the table.
    alpha : (float, float), default (0.05, 0.001)
        The lower- and upper-case letter levels.

    Examples
    --------
    >>> TableSpec("csat", stat="top_box", top_box=(4, 5))
    TableSpec(rows='csat', stat='top_box', title=None, top_box=(4, 5), weight=True, min_n=30, fdr=False, alpha=(0.05, 0.001))
    """

    rows: str
    stat: str = "percent"
    title: str | None = None
    top_box: tuple[float, ...] | None = None
    weight: bool = True
    min_n: int = 30
    fdr: bool = False
    alpha: tuple[float, float] = (0.05, 0.001)


@dataclass(frozen=True)
class BannerSpec:
    """A checked banner file (see the module docstring for its YAML).

    Built by :func:`read_banner` or :func:`banner_from_dict`; the options of the banner
    file's top level are the defaults of its tables.

    Parameters
    ----------
    codebook : Path
        The survey's codebook.
    banner : tuple of str
        The column variables, side by side.
    tables : tuple of TableSpec
        One per sheet, in order.
    data : Path, optional
        Another data file with the codebook's columns (default: the codebook's ``data:``).
    title : str, optional
        The workbook's title (default: the survey's name).
    lang : {"en", "fi", "sv"}, default "en"
        The language of labels and notes.
    weight : bool, default True
        Use the survey's weight.
    min_n : int, default 30
        Columns with an effective base under this are not shown.
    fdr : bool, default False
        Benjamini–Hochberg FDR adjustment across each table.
    alpha : (float, float), default (0.05, 0.001)
        The lower- and upper-case letter levels.
    path : Path, optional
        The banner file read (not compared).

    Examples
    --------
    >>> spec = BannerSpec(Path("shop.yaml"), ("channel",), (TableSpec("ltr", stat="nps"),),
    ...                   lang="fi")
    >>> spec.tables[0].min_n, spec.lang, spec.data is None
    (30, 'fi', True)
    """

    codebook: Path
    banner: tuple[str, ...]
    tables: tuple[TableSpec, ...]
    data: Path | None = None
    title: str | None = None
    lang: str = "en"
    weight: bool = True
    min_n: int = 30
    fdr: bool = False
    alpha: tuple[float, float] = (0.05, 0.001)
    path: Path | None = field(default=None, compare=False)


def read_banner(path: str | Path) -> BannerSpec:
    """Read and check a banner YAML file; every problem is reported at once.

    Parameters
    ----------
    path : str or Path
        The banner file; ``codebook:`` and ``data:`` in it are relative to its folder.

    Returns
    -------
    BannerSpec
        The checked spec, with ``path`` set.

    Raises
    ------
    CXInputError
        The file does not exist or is not valid YAML, or lists every problem of the banner
        (see :func:`banner_from_dict`).

    Examples
    --------
    >>> import tempfile
    >>> with tempfile.TemporaryDirectory() as folder:
    ...     f = Path(folder) / "banner.yaml"
    ...     _ = f.write_text("codebook: shop.yaml\\nbanner: channel\\nmin_n: 50\\n"
    ...                      "tables:\\n  - rows: region\\n  - {rows: ltr, stat: nps, min_n: 20}\\n",
    ...                      encoding="utf-8")
    ...     spec = read_banner(f)
    ...     spec.codebook == Path(folder) / "shop.yaml"
    True
    >>> spec.banner, [(t.rows, t.stat, t.min_n) for t in spec.tables]
    (('channel',), [('region', 'percent', 50), ('ltr', 'nps', 20)])
    """
    path = Path(path)
    if not path.is_file():
        raise CXInputError(Problem(str(path), "the banner file does not exist",
                                   "check the path given to cx tables"))
    raw = load_yaml(path.read_bytes(), where=str(path))
    spec = banner_from_dict(raw, base=path.parent, where=str(path))
    from dataclasses import replace

    return replace(spec, path=path)


def banner_from_dict(raw: Any, *, base: str | Path, where: str) -> BannerSpec:
    """Check a parsed banner mapping and build a :class:`BannerSpec` (paths relative to
    ``base``).

    Parameters
    ----------
    raw : dict
        The parsed banner file (see the module docstring for its keys).
    base : str or Path
        The folder ``codebook:`` and ``data:`` are relative to (the banner file's).
    where : str
        The banner file's name, for the messages.

    Returns
    -------
    BannerSpec
        The spec; ``path`` is None.

    Raises
    ------
    CXInputError
        Listing every problem at once: unknown keys, a missing ``codebook``, ``banner`` or
        ``tables``, an unknown ``stat`` or ``lang``, options of the wrong type.

    Examples
    --------
    >>> spec = banner_from_dict({"codebook": "cb.yaml", "banner": ["channel"], "fdr": True,
    ...                          "tables": [{"rows": "csat", "stat": "top_box", "top_box": 5}]},
    ...                         base="banners", where="b.yaml")
    >>> spec.codebook.as_posix(), spec.tables[0].top_box, spec.tables[0].fdr
    ('banners/cb.yaml', (5,), True)
    >>> banner_from_dict({"banner": "channel", "tables": [{"rows": "x", "stat": "median"}]},
    ...                  base=".", where="b.yaml")
    Traceback (most recent call last):
    ...
    cxresearch.errors.CXInputError: ...'codebook' is missing...'stat' must be one of...
    """
    problems: list[Problem] = []

    def bad(what: str, fix: str, key: str, value: Any = None) -> None:
        problems.append(Problem(where, what, fix, column=key, value=value))

    if not isinstance(raw, dict):
        raise CXInputError(Problem(where, "the banner file is not a mapping",
                                   "start from notebooks/batches/banner.yaml"))
    for key in raw:
        if key not in _TOP_KEYS:
            bad(f"unknown key '{key}'", f"use the keys {sorted(_TOP_KEYS)}", str(key))

    def options(src: dict, key: str, dflt: dict) -> dict:
        out = dict(dflt)
        if "weight" in src:
            if isinstance(src["weight"], bool):
                out["weight"] = src["weight"]
            else:
                bad("'weight' must be true or false", "write 'weight: true'", f"{key}weight",
                    src["weight"])
        if "min_n" in src:
            v = src["min_n"]
            if isinstance(v, int) and not isinstance(v, bool) and v >= 2:
                out["min_n"] = v
            else:
                bad("'min_n' must be a whole number of at least 2", "write e.g. 'min_n: 30'",
                    f"{key}min_n", v)
        if "fdr" in src:
            if isinstance(src["fdr"], bool):
                out["fdr"] = src["fdr"]
            else:
                bad("'fdr' must be true or false", "write 'fdr: true'", f"{key}fdr", src["fdr"])
        if "alpha" in src:
            v = src["alpha"]
            ok = (isinstance(v, list) and len(v) == 2
                  and all(isinstance(a, float) for a in v) and 0 < v[1] < v[0] < 1)
            if ok:
                out["alpha"] = (v[0], v[1])
            else:
                bad("'alpha' must be [lower-case level, upper-case level], 0 < upper < lower < 1",
                    "write e.g. 'alpha: [0.05, 0.001]'", f"{key}alpha", v)
        return out

    codebook = raw.get("codebook")
    if not isinstance(codebook, str) or not codebook:
        bad("'codebook' is missing", "write 'codebook: path/to/codebook.yaml' (relative to the "
            "banner file)", "codebook", codebook)
        codebook = ""
    data = raw.get("data")
    if data is not None and (not isinstance(data, str) or not data):
        bad("'data' must be a file path", "write 'data: other.csv' or leave it out", "data", data)
        data = None
    title = raw.get("title")
    if title is not None and not isinstance(title, str):
        bad("'title' must be text", "write 'title: My banner book'", "title", title)
        title = None
    lang = raw.get("lang", "en")
    if lang not in LANGS:
        bad(f"'lang' must be one of {list(LANGS)}", "write 'lang: en'", "lang", lang)
        lang = "en"
    banner = raw.get("banner")
    if isinstance(banner, str):
        banner = [banner]
    if not isinstance(banner, list) or not banner or not all(
            isinstance(b, str) and b for b in banner):
        bad("'banner' must list the column variables", "write 'banner: [channel, age_group]'",
            "banner", banner)
        banner = []
    top = options(raw, "", {"weight": True, "min_n": 30, "fdr": False, "alpha": (0.05, 0.001)})
    tables: list[TableSpec] = []
    raw_tables = raw.get("tables")
    if not isinstance(raw_tables, list) or not raw_tables:
        bad("'tables' must be a list of tables", "write 'tables: [{rows: region, stat: percent}]'",
            "tables", raw_tables)
        raw_tables = []
    for i, tab in enumerate(raw_tables, start=1):
        key = f"tables[{i}]."
        if not isinstance(tab, dict):
            bad("a table must be a mapping with at least 'rows'", "write '- {rows: region}'",
                f"tables[{i}]", tab)
            continue
        for k in tab:
            if k not in _TABLE_KEYS:
                bad(f"unknown key '{k}' in a table", f"use the keys {sorted(_TABLE_KEYS)}",
                    f"{key}{k}")
        rows = tab.get("rows")
        if not isinstance(rows, str) or not rows:
            bad("the table has no 'rows' variable", "write 'rows: <column>'", f"{key}rows", rows)
            continue
        stat = tab.get("stat", "percent")
        if stat not in STATS:
            bad(f"'stat' must be one of {list(STATS)}", "write e.g. 'stat: mean'", f"{key}stat",
                stat)
            continue
        box = tab.get("top_box")
        if box is not None:
            if isinstance(box, (int, float)) and not isinstance(box, bool):
                box = [box]
            if not isinstance(box, list) or not box or not all(
                    isinstance(b, (int, float)) and not isinstance(b, bool) for b in box):
                bad("'top_box' must list the answers that count", "write 'top_box: [4, 5]'",
                    f"{key}top_box", tab.get("top_box"))
                box = None
            else:
                box = tuple(box)
        ttitle = tab.get("title")
        if ttitle is not None and not isinstance(ttitle, str):
            bad("'title' must be text", "write 'title: Region'", f"{key}title", ttitle)
            ttitle = None
        tables.append(TableSpec(rows=rows, stat=stat, title=ttitle, top_box=box,
                                **options(tab, key, top)))
    if problems:
        raise CXInputError(problems)
    base = Path(base)
    return BannerSpec(codebook=base / codebook, banner=tuple(banner), tables=tuple(tables),
                      data=base / data if data else None, title=title, lang=lang, **top)


def _text(key: str, lang: str, **values: Any) -> str:
    # the catalogs escape values for HTML; a workbook shows plain text
    return html.unescape(t(key, lang, **values))


def _value_label(survey: Survey, column: str, value: Any, lang: str) -> Any:
    labels = survey.codebook.labels.get(column, {})
    for k, v in labels.items():
        if str(k) == str(value) or (isinstance(value, float) and value.is_integer()
                                    and str(k) == str(int(value))):
            if isinstance(v, dict):
                return v.get(lang) or v.get("en") or value
            return v
    if isinstance(value, float) and value.is_integer():
        return int(value)
    return value


def _check_columns(spec: BannerSpec, survey: Survey) -> None:
    where = str(spec.path or "banner")
    cols = set(survey.data.columns)
    cb = survey.codebook
    private = set(cb.text) | set(cb.pii) | ({cb.id} if cb.id else set())
    problems = []
    for key, col in ([("banner", b) for b in spec.banner]
                     + [(f"tables[{i}].rows", tab.rows) for i, tab in enumerate(spec.tables, 1)]):
        if col in private:
            problems.append(Problem(where, "open-text, PII and id columns are never tabulated",
                                    "choose another variable", column=key, value=col))
        elif col not in cols:
            problems.append(Problem(where, f"the survey has no column '{col}'",
                                    "use a column of the data or a construct name",
                                    column=key, value=col))
    if problems:
        raise CXInputError(problems)


def banner_book(spec: BannerSpec, survey: Survey | None = None
                ) -> list[tuple[TableSpec, list[CrosstabResult]]]:
    """Every table of ``spec`` as crosstabs, one per banner variable.

    Parameters
    ----------
    spec : BannerSpec
    survey : Survey, optional
        The loaded survey; loaded from the spec's codebook when None.

    Returns
    -------
    list of (TableSpec, list of CrosstabResult)
        In the banner file's order; the results in the order of ``spec.banner``.

    Examples
    --------
    A survey of 80 customers and a banner file, written to a temporary folder:

    >>> import tempfile
    >>> folder = tempfile.TemporaryDirectory()
    >>> d = Path(folder.name)
    >>> _ = (d / "shop.csv").write_text("id,channel,ltr\\n" + "".join(
    ...     f"{i},{'web' if i % 2 else 'store'},{10 - i % 4 if i % 2 == 0 else i % 8}\\n"
    ...     for i in range(80)), encoding="utf-8")
    >>> _ = (d / "shop.yaml").write_text("name: Shop\\ndata: shop.csv\\nid: id\\n"
    ...     "segments: [channel]\\noutcomes:\\n  recommend: {column: ltr, scale: [0, 10]}\\n",
    ...     encoding="utf-8")
    >>> _ = (d / "banner.yaml").write_text("codebook: shop.yaml\\nbanner: [channel]\\n"
    ...     "tables:\\n  - {rows: ltr, stat: nps, title: Recommendation}\\n", encoding="utf-8")
    >>> [(tab, results)] = banner_book(read_banner(d / "banner.yaml"))
    >>> tab.title, [r.by for r in results]
    ('Recommendation', ['channel'])
    >>> results[0].table[["column", "letter", "value", "base", "letters"]]
    ... # doctest: +NORMALIZE_WHITESPACE
      column letter  value  base letters
    0  Total         -12.5    80
    1  store      A   50.0    40       B
    2    web      B  -75.0    40
    >>> folder.cleanup()
    """
    if survey is None:
        survey = load(spec.codebook, data=spec.data)
    _check_columns(spec, survey)
    out = []
    for tab in spec.tables:
        results = [crosstab(survey, rows=tab.rows, columns=b, stat=tab.stat,
                            weight=None if tab.weight else False, min_n=tab.min_n, fdr=tab.fdr,
                            alpha=tab.alpha, top_box=tab.top_box) for b in spec.banner]
        out.append((tab, results))
    return out


def _alpha_text(a: float, lang: str) -> str:
    digits = max(len(f"{a:.10f}".rstrip("0").split(".")[1]), 1)
    text = f"{a:.{digits}f}"
    return text if lang == "en" else text.replace(".", ",")  # decimal comma in fi and sv


def _sheet_name(text: str, used: set[str]) -> str:
    name = re.sub(r"[\[\]:*?/\\]", " ", text)[:31].strip() or "Table"
    stem, k = name, 2
    while name.lower() in used:
        name = f"{stem[:27]} ({k})"
        k += 1
    used.add(name.lower())
    return name


def write_banner_book(banner: str | Path | BannerSpec, out: str | Path, *,
                      lang: str | None = None, survey: Survey | None = None) -> Path:
    """Write the banner book of a banner file to an ``.xlsx`` workbook (atomically).

    Parameters
    ----------
    banner : path or BannerSpec
        The banner YAML file (see the module docstring).
    out : path
        The workbook to write; it is replaced only when the new one is complete.
    lang : {"en", "fi", "sv"}, optional
        Language of the labels and notes; default the banner file's ``lang``.
    survey : Survey, optional
        An already loaded survey (default: load the banner's codebook).

    Returns
    -------
    Path
        The workbook written.

    Examples
    --------
    A survey of 80 customers and a banner file, written to a temporary folder:

    >>> import tempfile
    >>> folder = tempfile.TemporaryDirectory()
    >>> d = Path(folder.name)
    >>> _ = (d / "shop.csv").write_text("id,channel,ltr\\n" + "".join(
    ...     f"{i},{'web' if i % 2 else 'store'},{10 - i % 4 if i % 2 == 0 else i % 8}\\n"
    ...     for i in range(80)), encoding="utf-8")
    >>> _ = (d / "shop.yaml").write_text("name: Shop\\ndata: shop.csv\\nid: id\\n"
    ...     "segments: [channel]\\noutcomes:\\n  recommend: {column: ltr, scale: [0, 10]}\\n",
    ...     encoding="utf-8")
    >>> _ = (d / "banner.yaml").write_text("codebook: shop.yaml\\nbanner: [channel]\\n"
    ...     "tables:\\n  - {rows: ltr, stat: nps, title: Recommendation}\\n", encoding="utf-8")
    >>> out = write_banner_book(d / "banner.yaml", d / "tables.xlsx", lang="fi")
    >>> from openpyxl import load_workbook
    >>> sheet = load_workbook(out).worksheets[1]
    >>> [c.value for c in sheet[7]][:6], [c.value for c in sheet[8]][:4]
    (['NPS', -12.5, None, 50, 'B', -75], ['Vastaajia (n)', 80, None, 40])
    >>> folder.cleanup()
    """
    from openpyxl import Workbook
    from openpyxl.styles import Alignment, Font
    from openpyxl.utils import get_column_letter

    spec = banner if isinstance(banner, BannerSpec) else read_banner(banner)
    lang = lang or spec.lang
    if lang not in LANGS:
        raise CXInputError(Problem("--lang", f"no catalog for language {lang!r}",
                                   f"use one of {list(LANGS)}", value=lang))
    out = Path(out)
    if out.suffix.lower() != ".xlsx":
        raise CXInputError(Problem(str(out), "the banner book must be an .xlsx file",
                                   "write e.g. --out tables.xlsx", value=out.suffix))
    if survey is None:
        survey = load(spec.codebook, data=spec.data)
    cb = survey.codebook
    book = banner_book(spec, survey)
    bold = Font(bold=True)
    grey = Font(italic=True, color="808080")

    wb = Workbook()
    toc = wb.active
    toc.title = _sheet_name(_text("tables.contents", lang), set())
    used = {toc.title.lower()}
    toc["A1"] = spec.title or cb.survey_name(lang) or _text("tables.book_title", lang)
    toc["A1"].font = Font(bold=True, size=14)
    for j, key in enumerate(("tables.col.number", "tables.col.title", "tables.col.statistic")):
        toc.cell(row=3, column=j + 1, value=_text(key, lang)).font = bold
    for i, (tab, results) in enumerate(book, start=1):
        stat_text = _text(f"tables.stat.{tab.stat}", lang, box=_box_text(survey, tab, lang))
        row_label = cb.label_of(tab.rows, lang)
        title = tab.title or _text(f"tables.title.{tab.stat}", lang, rows=row_label,
                                   box=_box_text(survey, tab, lang))
        ws = wb.create_sheet(_sheet_name(_text("tables.sheet", lang, n=i), used))
        _link(toc.cell(row=3 + i, column=1, value=i), ws.title)
        _link(toc.cell(row=3 + i, column=2, value=title), ws.title)
        toc.cell(row=3 + i, column=3, value=stat_text)
        _write_table(ws, tab, results, survey, lang, title, stat_text, bold, grey,
                     Alignment, get_column_letter, toc.title)
    toc.column_dimensions["B"].width = 60
    toc.column_dimensions["C"].width = 28

    out.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(dir=out.parent, prefix=f".{out.stem}-", suffix=".xlsx.part")
    os.close(fd)
    try:
        wb.save(tmp)
        os.replace(tmp, out)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise
    return out


def _link(cell, sheet: str) -> None:
    """An internal hyperlink from ``cell`` to cell A1 of ``sheet``."""
    from openpyxl.styles import Font
    from openpyxl.worksheet.hyperlink import Hyperlink

    cell.hyperlink = Hyperlink(ref=cell.coordinate, location=f"'{sheet}'!A1")
    cell.font = Font(color="0563C1", underline="single")


def _box_text(survey: Survey, tab: TableSpec, lang: str) -> str:
    """The top-box answers as labels: the table's, the codebook's, or the scale's top two."""
    if tab.stat != "top_box":
        return ""
    if tab.top_box:
        return ", ".join(str(_value_label(survey, tab.rows, b, lang)) for b in tab.top_box)
    cb = survey.codebook
    for o in cb.outcomes.values():
        if tab.rows in (o.column, o.name) and getattr(o, "top_box", None):
            return ", ".join(str(b) for b in o.top_box)
    for o in list(cb.outcomes.values()) + list(cb.constructs.values()):
        cols = (o.column,) if hasattr(o, "column") else tuple(o.items) + (o.name,)
        if tab.rows in cols:
            hi = o.scale[1]
            return f"{_value_label(survey, tab.rows, hi - 1, lang)}, " \
                   f"{_value_label(survey, tab.rows, hi, lang)}"
    return ""


def _write_table(ws, tab: TableSpec, results: list[CrosstabResult], survey: Survey, lang: str,
                 title: str, stat_text: str, bold, grey, Alignment, get_column_letter,
                 toc_title: str) -> None:
    from openpyxl.styles import Font

    cb = survey.codebook
    ws["A1"] = title
    ws["A1"].font = Font(bold=True, size=13)
    ws["A2"] = _text("tables.back", lang)
    _link(ws["A2"], toc_title)
    fmt = NUMBER_FORMATS["nps_minus" if tab.stat == "nps" and lang != "en" else tab.stat]
    scale = 0.01 if tab.stat in ("percent", "top_box") else 1.0
    first = results[0]
    row_keys = list(dict.fromkeys(first.table["row"]))
    # column layout: A labels; then per banner column a value cell and a letters cell
    blocks: list[tuple[CrosstabResult, Any, int]] = []  # result, column value, sheet column
    col = 2
    header_row, label_row, letter_row = 4, 5, 6
    ws.cell(row=label_row, column=col, value=_text("tables.total", lang)).font = bold
    blocks.append((first, TOTAL, col))
    col += 2
    for res in results:
        ws.cell(row=header_row, column=col, value=cb.label_of(res.by, lang)).font = bold
        ws.merge_cells(start_row=header_row, start_column=col, end_row=header_row,
                       end_column=col + 2 * (len(res.columns) - 1) - 1)
        for c in res.columns.itertuples(index=False):
            if c.total:
                continue
            ws.cell(row=label_row, column=col,
                    value=_value_label(survey, res.by, c.column, lang)).font = bold
            ws.cell(row=letter_row, column=col + 1, value=c.letter).font = grey
            blocks.append((res, c.column, col))
            col += 2
    # one small-base rule (cxresearch.disclosure.suppress): a banner column whose effective
    # base is under min_n is not shown, and when it is the only one of its banner variable the
    # next smallest is hidden too, so total minus the shown columns cannot rebuild it
    hidden: dict[int, set[Any]] = {}
    hidden_letters: dict[int, set[str]] = {}
    hide_total = False
    for res in results:
        cols = suppress(res.columns[~res.columns["total"]].reset_index(drop=True),
                        min_n=res.min_n)
        hidden[id(res)] = set(cols.loc[cols["suppressed"], "column"])
        hidden_letters[id(res)] = set(cols.loc[cols["suppressed"], "letter"].str.upper())
        hide_total |= bool(cols.attrs["suppress_total"])
    r = letter_row + 1
    any_small = False
    for key in row_keys:
        label = (_value_label(survey, tab.rows, key, lang) if tab.stat == "percent"
                 else stat_text)
        ws.cell(row=r, column=1, value=label)
        for res, column, c in blocks:
            t_ = res.table
            cell = t_[(t_["row"] == key) & (t_["column"] == column)].iloc[0]
            v = cell["value"]
            if column in hidden[id(res)] or (column == TOTAL and hide_total):
                any_small = True
                ws.cell(row=r, column=c, value="–").font = grey
                continue
            vc = ws.cell(row=r, column=c, value=None if v != v else float(v) * scale)
            vc.number_format = fmt
            letters = "".join(x for x in str(cell["letters"] or "")
                              if x.upper() not in hidden_letters[id(res)])
            if letters:
                ws.cell(row=r, column=c + 1, value=letters).font = bold
        r += 1
    ws.cell(row=r, column=1, value=_text("tables.base", lang)).font = grey
    weighted = first.weight is not None
    for res, column, c in blocks:
        meta = res.columns.set_index("column").loc[column]
        bc = ws.cell(row=r, column=c, value=int(meta["base"]))
        bc.number_format = NUMBER_FORMATS["base"]
        bc.font = grey
        if weighted:
            ec = ws.cell(row=r + 1, column=c, value=float(meta["n_eff"]))
            ec.number_format = NUMBER_FORMATS["base"]
            ec.font = grey
    if weighted:
        ws.cell(row=r + 1, column=1, value=_text("tables.n_eff", lang)).font = grey
        r += 1
    notes = [_text("tables.note.letters", lang, test=_text(f"tables.test.{first.test}", lang),
                   low=_alpha_text(first.alpha[0], lang),
                   high=_alpha_text(first.alpha[1], lang))]
    if first.fdr:
        notes.append(_text("tables.note.fdr", lang))
    if any_small:
        notes.append(_text("tables.note.small", lang, min_n=first.min_n))
    notes.append(_text("tables.note.weighted", lang, weight=first.weight) if weighted
                 else _text("tables.note.unweighted", lang))
    for k, note in enumerate(notes):
        nc = ws.cell(row=r + 2 + k, column=1, value=note)
        nc.font = grey
        nc.alignment = Alignment(wrap_text=False)
    ws.column_dimensions["A"].width = 34
    for _, _, c in blocks:
        ws.column_dimensions[get_column_letter(c)].width = 11
        ws.column_dimensions[get_column_letter(c + 1)].width = 5
    ws.freeze_panes = ws.cell(row=letter_row + 1, column=2)
