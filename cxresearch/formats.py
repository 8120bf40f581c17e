"""Survey-platform exports: detect the layout of a data file and read it as one table.

Survey tools do not write a plain table. :func:`read_export` recognises the layouts below from
the file's first rows, reads the answers into a DataFrame with short column names, and keeps
each column's question text as its label (reports show the labels). The codebook may name the
layout instead of relying on detection (``format: qualtrics``); the names are
:data:`FORMATS`.

========================  ================================================================
format                    detection rule (first rows of the file)
========================  ================================================================
``qualtrics``             row 3 holds ``{"ImportId": ...}`` cells (3 header rows: export
                          tags, question texts, import ids); legacy exports without row 3
                          are recognised by ``ResponseId`` + ``StartDate`` in row 1 and
                          ``Start Date`` in row 2. ``*_NPS_GROUP`` columns are Qualtrics'
                          own promoter/passive/detractor groups and are listed as derived.
``surveymonkey``          row 1 has ``Respondent ID`` and ``Collector ID``; row 2 holds the
                          sub-answers (``Response``, ``Open-Ended Response``, matrix rows).
``google_forms``          the first header is ``Timestamp`` (``Aikaleima``, ``Tidstämpel``);
                          headers are question texts, grid questions ``Question [row]``.
``limesurvey``            code headings (``id``, ``submitdate``, ``lastpage``,
                          ``startlanguage``; sub-questions ``Q1[SQ001]``) or full headings
                          (``Response ID``, ``Date submitted``, ``Last page``).
``title_block``           a spreadsheet (or CSV) whose header is not the first row: the
                          header is the first row as wide as the table below it (Webropol
                          and many tools put the survey name and date above it).
``spss``                  ``.sav``: variable labels become labels, value labels are kept.
``table``                 anything else: one header row.
========================  ================================================================

Column names: Qualtrics and LimeSurvey code headings keep their codes (``Q5_1``;
``Q2[SQ001]`` becomes ``Q2_SQ001``); SurveyMonkey, Google Forms and LimeSurvey full headings
get short snake-case names made from the question text, with the text kept as the label.

Text files are decoded per file: UTF-8 when the file is UTF-8 (a stray byte in a UTF-8 file
is an error naming its line, never a silent switch to cp1252), otherwise the encoding
charset-normalizer finds (cp1252 for Finnish Excel exports).

Examples
--------
>>> import tempfile, pathlib
>>> folder = pathlib.Path(tempfile.mkdtemp())
>>> _ = (folder / "f.csv").write_text(
...     "Timestamp,How likely are you to recommend us?,Comments\\n"
...     "2026/03/01 10:00:00 AM EET,9,Fine\\n2026/03/02 11:00:00 AM EET,6,\\n")
>>> table = read_export(folder / "f.csv")
>>> table.format, list(table.data.columns)
('google_forms', ['timestamp', 'how_likely_are_you_to_recommend_us', 'comments'])
>>> table.labels["how_likely_are_you_to_recommend_us"]
'How likely are you to recommend us?'
"""

from __future__ import annotations

import codecs
import csv
import io as _io
import re
import unicodedata
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import numpy as np
import pandas as pd

from .errors import CXInputError, Problem

__all__ = [
    "FORMATS",
    "MAX_COLUMNS",
    "TableRead",
    "read_export",
    "detect_layout",
    "shifted_scale",
    "labels_are_anchors",
    "snake_name",
    "check_header_collisions",
]

#: Layout names accepted by ``format:`` in the codebook.
FORMATS = ("qualtrics", "surveymonkey", "google_forms", "limesurvey", "title_block", "spss",
           "table")

#: More columns than this is refused before parsing (a real survey has hundreds at most; a
#: file with 300,000 columns would take minutes and gigabytes).
MAX_COLUMNS = 20_000

_HEAD_ROWS = 40
_HEAD_BYTES = 1 << 18
_CHUNK = 1 << 20


@dataclass
class TableRead:
    """A data file read as one table, with what the file said about its columns.

    :func:`read_export` returns one; build one by hand to hand a table to code that expects
    a read export.

    Parameters
    ----------
    data : DataFrame
        One row per response, short column names, values as in the file (no recoding).
    labels : dict
        ``{column: question text}`` (Qualtrics row 2, SurveyMonkey question + sub-answer,
        Google Forms / LimeSurvey headers, SPSS variable labels).
    value_labels : dict
        ``{column: {code: label}}`` (SPSS).
    format : str
        One of :data:`FORMATS`.
    description : str
        One line for the output, e.g. "read as a Qualtrics export: 3 header rows, choice text".
    header_rows : int
        Rows above the first response (title rows included).
    derived : list of str
        Columns the platform computed from other columns (Qualtrics ``_NPS_GROUP``): never items.
    encoding : str or None
        The text encoding used (text files).
    original_names : dict
        ``{column: header as in the file}`` where the name was changed.
    open_text : list of str
        Columns the platform marks as text entry (Qualtrics ``*_TEXT`` import ids).

    Examples
    --------
    >>> import pandas as pd
    >>> read = TableRead(pd.DataFrame({"q1": [9, 6]}), labels={"q1": "How likely...?"})
    >>> read.format, read.header_rows, read.labels["q1"]
    ('table', 1, 'How likely...?')
    """

    data: pd.DataFrame
    labels: dict[str, str] = field(default_factory=dict)
    value_labels: dict[str, dict[Any, str]] = field(default_factory=dict)
    format: str = "table"
    description: str = "read as a plain table: 1 header row"
    header_rows: int = 1
    derived: list[str] = field(default_factory=list)
    encoding: str | None = None
    original_names: dict[str, str] = field(default_factory=dict)
    open_text: list[str] = field(default_factory=list)


# --------------------------------------------------------------------------- entry point


def read_export(path: str | Path, *, format: str | None = None) -> TableRead:
    """Detect a file's layout and read it.

    Parameters
    ----------
    path : str or Path
        ``.csv``/``.txt``/``.tsv``, ``.xlsx`` or ``.sav`` (other types: use
        :func:`cxresearch.io.read_table`).
    format : str, optional
        One of :data:`FORMATS` to skip detection (the codebook's ``format:``).

    Returns
    -------
    TableRead
        The answers as a DataFrame (``.data``) plus the labels, value labels, layout name and
        a one-line ``.description`` of how the file was read.

    Raises
    ------
    CXInputError
        Undecodable text (the line of the bad byte), too many columns, duplicate header names,
        xlsx formulas without a saved value (the cells), an xlsx whose data is on another sheet,
        a column of decimal-comma numbers in a file that otherwise uses decimal points.

    Examples
    --------
    A Webropol-style CSV with the survey name and date above the header:

    >>> import tempfile
    >>> with tempfile.TemporaryDirectory() as d:
    ...     f = Path(d) / "export.csv"
    ...     _ = f.write_text("Customer survey 2026,,\\n,,\\nid,score,comment\\n"
    ...                      "1,9,Good\\n2,4,Slow\\n", encoding="utf-8")
    ...     read = read_export(f)
    >>> read.format, read.header_rows, read.data["score"].tolist()
    ('title_block', 3, [9, 4])
    """
    path = Path(path)
    if format is not None and format not in FORMATS:
        raise CXInputError(Problem(str(path), f"unknown format {format!r}",
                                   f"write one of {', '.join(FORMATS)} under 'format:' or "
                                   "leave it out to detect the layout", column="format",
                                   value=format))
    suffix = path.suffix.lower()
    if suffix == ".sav":
        return _read_sav(path)
    if suffix == ".xlsx":
        rows, cells = _xlsx_rows(path)
        return _from_rows(path, rows, format=format, cell_names=cells)
    if suffix in (".csv", ".txt", ".tsv"):
        return _read_text(path, tab=suffix == ".tsv", format=format)
    raise CXInputError(Problem(str(path), f"file type '{suffix}' is not a survey export",
                               "save the data as csv, tsv, xlsx or sav"))


# --------------------------------------------------------------------------- layout detection


def _norm(cell: Any) -> str:
    return "" if cell is None or (isinstance(cell, float) and np.isnan(cell)) else str(cell).strip()


def detect_layout(rows: list[list[Any]]) -> tuple[str, int]:
    """The layout name and the index of the (first) header row, from the first rows.

    The detection rules are the table in this module's docstring.

    Parameters
    ----------
    rows : list of list
        The file's first rows as cells (``None`` or NaN for empty cells); only the first 40
        are looked at.

    Returns
    -------
    tuple of (str, int)
        The layout (one of :data:`FORMATS` except ``spss``) and the 0-based index of the first
        header row (above it: title rows).

    Examples
    --------
    >>> detect_layout([["ResponseId", "Q1"], ["Response ID", "How likely..."],
    ...                ['{"ImportId":"_recordId"}', '{"ImportId":"QID1"}'], ["R_1", "9"]])
    ('qualtrics', 0)
    >>> detect_layout([["Customer survey 2026", None], [None, None], ["id", "score"], [1, 9]])
    ('title_block', 2)
    """
    text = [[_norm(c) for c in r] for r in rows[:_HEAD_ROWS]]
    if not text:
        return "table", 0
    r0 = {c.lower() for c in text[0]}
    r1 = [c for c in text[1]] if len(text) > 1 else []
    r2 = [c for c in text[2] if c] if len(text) > 2 else []
    if r2 and sum(c.startswith('{"ImportId"') for c in r2) >= max(1, len(r2) // 2):
        return "qualtrics", 0
    if {"responseid", "startdate"} <= r0 and "Start Date" in r1:
        return "qualtrics", 0
    if {"respondent id", "collector id"} <= r0:
        return "surveymonkey", 0
    first = text[0][0].lower() if text[0] else ""
    if first in ("timestamp", "aikaleima", "tidstämpel", "tidsstämpel"):
        return "google_forms", 0
    if {"id", "submitdate", "lastpage", "startlanguage"} <= r0:
        return "limesurvey", 0
    if {"response id", "date submitted", "last page"} <= r0:
        return "limesurvey", 0
    widths = [sum(bool(c) for c in r) for r in text]
    wide = max(widths)
    if widths[0] >= max(2, 0.8 * wide):
        return "table", 0
    for i, w in enumerate(widths):
        if w >= max(2, 0.8 * wide):
            return "title_block", i
    return "table", 0


_QUALTRICS_META = {
    "startdate", "enddate", "status", "ipaddress", "progress", "duration (in seconds)",
    "finished", "recordeddate", "responseid", "recipientlastname", "recipientfirstname",
    "recipientemail", "externalreference", "locationlatitude", "locationlongitude",
    "distributionchannel", "userlanguage",
}


def snake_name(text: str, *, max_len: int = 40) -> str:
    """A short snake_case column name made from a header or question text.

    Accents are dropped (ä becomes a), words are joined with ``_`` while they fit in
    ``max_len``, and a name starting with a digit gets a ``q`` in front.

    Parameters
    ----------
    text : str
        The header or question text.
    max_len : int, default 40
        The longest name; whole words only (a first word longer than this is kept whole).

    Returns
    -------
    str
        Lower-case ASCII letters, digits and ``_``; ``"column"`` when nothing is left.

    Examples
    --------
    >>> snake_name("How satisfied are you with Acme overall?")  # at most 40 characters, whole words
    'how_satisfied_are_you_with_acme_overall'
    >>> snake_name("Kuinka todennäköisesti suosittelisit meitä?")
    'kuinka_todennakoisesti_suosittelisit'
    """
    plain = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode()
    words = re.findall(r"[a-z0-9]+", plain.lower())
    name = ""
    for w in words:
        if len(name) + len(w) + 1 > max_len and name:
            break
        name = f"{name}_{w}" if name else w
    if not name:
        name = "column"
    if name[0].isdigit():
        name = f"q{name}"
    return name


def _unique(names: list[str]) -> list[str]:
    seen: dict[str, int] = {}
    out = []
    for n in names:
        if n in seen:
            seen[n] += 1
            out.append(f"{n}_{seen[n]}")
        else:
            seen[n] = 1
            out.append(n)
    return out


def check_header_collisions(path: Any, cells: list[Any], *, row: int = 1) -> None:
    """Refuse a header whose names differ only by surrounding spaces or Unicode form.

    ``"Palvelu "`` and ``"Palvelu"``, or a composed "ä" (U+00E4) and "a" + U+0308 (as some
    Mac and Excel exports write it), would become one column once names are stripped and
    matched; neither can be guessed to be the meant one.

    Parameters
    ----------
    path : str or Path
        The file, for the message.
    cells : list
        The header row's cells as read (not stripped).
    row : int
        The header's row number in the file (1-based), for the message.

    Raises
    ------
    CXInputError
        One problem per collision, naming both columns as written (and as code points) and
        how to fix the file.

    Examples
    --------
    >>> check_header_collisions("a.csv", ["id", "Palvelu"])
    >>> check_header_collisions("a.csv", ["Palvelu ", "Palvelu"])
    Traceback (most recent call last):
    ...
    cxresearch.errors.CXInputError: ...
    """
    seen: dict[str, str] = {}
    problems = []
    for cell in cells:
        raw = "" if cell is None or (isinstance(cell, float) and np.isnan(cell)) else str(cell)
        key = unicodedata.normalize("NFC", raw).strip()
        if not key:
            continue
        first = seen.setdefault(key, raw)
        if first != raw:
            how = ("surrounding spaces" if first.strip() == raw.strip() else
                   "Unicode form (composed and decomposed letters)")
            problems.append(Problem(
                str(path), f"the header (row {row}) has columns {first!r} and {raw!r}, whose "
                f"names differ only by {how} ({ascii(first)} vs {ascii(raw)})",
                "rename one of them (or remove the duplicate column) and export the file "
                "again; column names are matched without surrounding spaces and in one "
                "Unicode form", column=key))
    if problems:
        raise CXInputError(problems)


def _check_duplicates(path: Path, header: list[str], *, row: int) -> None:
    named = [h for h in header if h]
    dups = sorted({h for h in named if named.count(h) > 1})
    if dups:
        raise CXInputError(Problem(
            str(path), f"the header (row {row}) names {len(dups)} column(s) twice: "
            + ", ".join(f"'{d}'" for d in dups[:10]),
            "give every column its own name in the survey tool (or the spreadsheet) and export "
            "again; cxresearch does not guess which of two equal columns is meant",
            column=dups[0]))
    empty = [i + 1 for i, h in enumerate(header) if not h]
    if empty and len(empty) < len(header):
        pass  # empty header cells are named column_N below


def _columns(path: Path, layout: str, head: list[list[str]], n_header: int,
             start: int) -> tuple[list[str], dict[str, str], dict[str, str], list[str], int]:
    """Names, labels, original names, derived columns and number of header rows."""
    r0 = head[start]
    labels: dict[str, str] = {}
    original: dict[str, str] = {}
    derived: list[str] = []
    if layout == "qualtrics":
        _check_duplicates(path, r0, row=1)
        texts = head[1] if len(head) > 1 else []
        names = [h or f"column_{i + 1}" for i, h in enumerate(r0)]
        for i, n in enumerate(names):
            t = texts[i] if i < len(texts) else ""
            if t and t != n:
                labels[n] = t
            if n.upper().endswith("_NPS_GROUP"):
                derived.append(n)
        rows3 = len(head) > 2 and any(c.startswith('{"ImportId"') for c in head[2])
        if rows3:  # text-entry answers have an ImportId ending in _TEXT
            for n, c in zip(names, head[2], strict=False):
                if re.search(r'"ImportId":"[^"]*_TEXT"', c.replace(" ", "")):
                    original.setdefault("__open__", "")
                    original["__open__"] += n + "\n"
        return names, labels, original, derived, 3 if rows3 else 2
    if layout == "surveymonkey":
        sub = head[1] if len(head) > 1 else []
        names, labs, question = [], [], ""
        for i, h in enumerate(r0):
            s = sub[i] if i < len(sub) else ""
            if h:
                question = h
            if s and s not in ("Response", "Open-Ended Response"):
                base = snake_name(question, max_len=28) if question else f"column_{i + 1}"
                names.append(f"{base}_{snake_name(s, max_len=20)}")
                labs.append(f"{question} [{s}]")
            else:
                names.append(snake_name(question) if question else f"column_{i + 1}")
                labs.append(question)
        _check_duplicates(path, labs, row=1)
        names = _unique(names)
        for n, lab, h in zip(names, labs, r0, strict=True):
            labels[n] = lab
            original[n] = h or lab
        return names, labels, original, derived, 2
    if layout == "limesurvey" and "submitdate" in {c.lower() for c in r0}:
        _check_duplicates(path, r0, row=1)
        names = []
        for h in r0:
            n = re.sub(r"\[([^\]]*)\]", r"_\1", h).strip("_") or h
            n = re.sub(r"[^0-9A-Za-z_]", "_", n)
            names.append(n)
            if n != h:
                original[n] = h
                labels[n] = h
        return _unique(names), labels, original, derived, 1
    _check_duplicates(path, r0, row=start + 1)
    if layout in ("google_forms", "limesurvey"):
        names = []
        for h in r0:
            m = re.fullmatch(r"(.*?)\s*\[(.+)\]\s*", h)
            n = (f"{snake_name(m.group(1), max_len=28)}_{snake_name(m.group(2), max_len=20)}"
                 if m else snake_name(h))
            names.append(n)
        names = _unique(names)
        for n, h in zip(names, r0, strict=True):
            labels[n] = h
            original[n] = h
        return names, labels, original, derived, start + 1
    if layout == "title_block" and any(re.search(r"[^0-9A-Za-z_]", h) for h in r0):
        names = _unique([snake_name(h) if h else f"column_{i + 1}" for i, h in enumerate(r0)])
        for n, h in zip(names, r0, strict=True):
            if h and n != h:
                labels[n] = h
                original[n] = h
        return names, labels, original, derived, start + 1
    names = [h or f"column_{i + 1}" for i, h in enumerate(r0)]
    return names, labels, original, derived, start + 1


def _describe(layout: str, n_header: int, data: pd.DataFrame, derived: list[str]) -> str:
    if layout == "qualtrics":
        open_text = set(data.attrs.get("_open", []))
        texty = any(
            not pd.api.types.is_numeric_dtype(data[c]) and 0 < data[c].nunique() <= 12
            for c in data.columns if c.lower() not in _QUALTRICS_META and c not in derived
            and c not in open_text)
        values = "choice text" if texty else "numeric values"
        extra = f", {len(derived)} NPS group column(s) kept out of the items" if derived else ""
        return f"read as a Qualtrics export: {n_header} header rows, {values}{extra}"
    if layout == "surveymonkey":
        return "read as a SurveyMonkey export: 2 header rows (question, then sub-answer)"
    if layout == "google_forms":
        grids = sum("[" in c for c in data.attrs.get("_headers", []))
        return ("read as a Google Forms export: question texts as headers"
                + (f", {grids} grid rows" if grids else ""))
    if layout == "limesurvey":
        return "read as a LimeSurvey export: 1 header row"
    if layout == "title_block":
        return (f"read as a table with a title block: the header is row {n_header} "
                f"({n_header - 1} title rows above it skipped)")
    return "read as a plain table: 1 header row"


# --------------------------------------------------------------------------- text files


def _decode_check(path: Path) -> str:
    """The file's encoding: UTF-8 (with or without BOM) when it is UTF-8, else detected."""
    decoder = codecs.getincrementaldecoder("utf-8")()
    utf8_multibyte = False
    offset = 0
    bad_at: int | None = None
    with open(path, "rb") as fh:
        first = fh.read(3)
        bom = first == codecs.BOM_UTF8
        fh.seek(0)
        while chunk := fh.read(_CHUNK):
            try:
                decoder.decode(chunk)
            except UnicodeDecodeError as exc:
                bad_at = offset + exc.start
                break
            if not utf8_multibyte and re.search(rb"[\xc2-\xf4][\x80-\xbf]", chunk):
                utf8_multibyte = True
            offset += len(chunk)
        else:
            try:
                decoder.decode(b"", final=True)
            except UnicodeDecodeError:
                bad_at = offset
    if bad_at is None:
        return "utf-8-sig" if bom else "utf-8"
    raw = path.read_bytes()
    multibyte = len(re.findall(rb"[\xc2-\xdf][\x80-\xbf]|[\xe0-\xef][\x80-\xbf]{2}", raw))
    if bom or utf8_multibyte or multibyte:
        line = raw[:bad_at].count(b"\n") + 1
        bad = raw[bad_at:bad_at + 1].hex()
        raise CXInputError(Problem(
            str(path), f"the file is UTF-8 text but byte 0x{bad} on line {line} is not valid "
            "UTF-8 (a stray byte, e.g. from pasting text in another encoding)",
            f"fix line {line} (retype its special characters) and save the file as UTF-8 "
            "again; cxresearch does not guess, since reading it as cp1252 would garble every "
            "ä and ö", rows=(max(line - 1, 1),)))
    from charset_normalizer import from_bytes  # well-kept detector (used by requests)

    best = from_bytes(raw[: 1 << 22]).best()
    enc = best.encoding if best is not None else "cp1252"
    if enc in ("ascii", "utf_8"):
        enc = "cp1252"
    try:
        raw.decode(enc)
    except (UnicodeDecodeError, LookupError):
        enc = "cp1252"
    return enc


def _read_text(path: Path, *, tab: bool, format: str | None) -> TableRead:
    with open(path, "rb") as fh:
        start = fh.read(4)
    if start[:2] in (b"\xff\xfe", b"\xfe\xff") or (len(start) > 3 and start[1:4:2] == b"\x00\x00"):
        raise CXInputError(Problem(str(path), "the file is UTF-16 text (as Excel's 'Unicode "
                                   "text' export writes it)", "save it as 'CSV UTF-8' or "
                                   "'CSV (semicolon separated)' instead"))
    encoding = _decode_check(path)
    with open(path, encoding=encoding, newline="") as fh:
        first_line = fh.readline(1 << 26).split("\n", 1)[0]
        fh.seek(0)
        head_text = fh.read(_HEAD_BYTES)
        more = bool(fh.read(1))
    if not head_text.strip():
        raise CXInputError(Problem(str(path), "the data file has no text (only blanks)",
                                   "export the data again"))
    if tab:
        sep = "\t"
    else:
        counts = {s: first_line.count(s) for s in (";", ",", "\t")}
        sep = max(counts, key=counts.get) if max(counts.values()) else ","
    if first_line.count(sep) + 1 > MAX_COLUMNS:
        raise CXInputError(Problem(str(path), f"the file has {first_line.count(sep) + 1:,} "
                                   f"columns; cxresearch reads at most {MAX_COLUMNS:,}",
                                   "export only the survey's questions (a survey has hundreds "
                                   "of columns at most); check the separator and the line ends"))
    lines = head_text.splitlines() if not more else head_text.splitlines()[:-1]
    raw_head = list(csv.reader(_io.StringIO("\n".join(lines)), delimiter=sep))[:_HEAD_ROWS]
    head = [[unicodedata.normalize("NFC", c).strip() for c in r] for r in raw_head]
    width = max((len(r) for r in head), default=0)
    head = [r + [""] * (width - len(r)) for r in head]
    layout, hstart = (format, 0) if format else detect_layout(head)
    if layout == "title_block" and format:
        hstart = detect_layout(head)[1]
    if raw_head:
        check_header_collisions(path, raw_head[hstart], row=hstart + 1)
    names, labels, original, derived, n_header = _columns(path, layout, head, 0, hstart)
    # decimal mark from the data rows
    decimal = "."
    data_cells = [c for r in head[n_header:] for c in r]
    commas = sum(bool(re.fullmatch(r"-?\d+,\d+", c)) for c in data_cells)
    points = sum(bool(re.fullmatch(r"-?\d+\.\d+", c)) for c in data_cells)
    if sep != "," and commas > points:
        decimal = ","
    df = pd.read_csv(path, sep=sep, decimal=decimal, encoding=encoding, header=None,
                     skiprows=n_header, names=names, low_memory=False, skipinitialspace=True,
                     index_col=False)
    if sep != "," and decimal == "." and points:
        _decimal_comma_columns(path, df)
    return _finish(path, layout, df, names, labels, original, derived, n_header, encoding,
                   head[hstart])


def _decimal_comma_columns(path: Path, df: pd.DataFrame) -> None:
    for col in df.columns:
        if pd.api.types.is_numeric_dtype(df[col]):
            continue
        values = df[col].dropna().astype(str).str.strip()
        if len(values) and values.str.fullmatch(r"-?\d+(,\d+)?").all() and \
                values.str.contains(",", regex=False).any():
            rows = np.flatnonzero(df[col].astype("string").str.contains(",", regex=False)
                                  .fillna(False).to_numpy())
            raise CXInputError(Problem(
                str(path), "this column writes numbers with a decimal comma while the file's "
                "other numbers use a decimal point, so it would be read as text",
                "export the file again with one decimal mark (in Excel: the same number format "
                "for every column), or replace the commas in this column with points",
                column=str(col), rows=tuple(int(r) + 1 for r in rows[:5]), n_rows=len(rows),
                value=values[values.str.contains(",", regex=False)].iloc[0]))


def _finish(path: Path, layout: str, df: pd.DataFrame, names: list[str], labels: dict[str, str],
            original: dict[str, str], derived: list[str], n_header: int, encoding: str | None,
            headers: list[str]) -> TableRead:
    if n_header > 1 and layout in ("qualtrics", "surveymonkey", "title_block"):
        for col in df.columns:
            if df[col].dtype == object or pd.api.types.is_string_dtype(df[col]):
                conv = pd.to_numeric(df[col], errors="coerce")
                if conv.notna().sum() == df[col].notna().sum() and conv.notna().any():
                    df[col] = conv
    df = df.dropna(how="all").reset_index(drop=True)
    open_text = [c for c in original.pop("__open__", "").split("\n") if c]
    df.attrs["_headers"] = headers
    df.attrs["_open"] = open_text
    desc = _describe(layout, n_header, df, derived)
    df.attrs.pop("_headers", None)
    df.attrs.pop("_open", None)
    if encoding and encoding not in ("utf-8", "utf-8-sig"):
        desc += f", {encoding} text"
    return TableRead(df, labels, {}, layout, desc, n_header, derived, encoding, original,
                     open_text)


# --------------------------------------------------------------------------- xlsx


def _xlsx_rows(path: Path) -> tuple[list[list[Any]], dict]:
    import openpyxl

    try:
        wb = openpyxl.load_workbook(path, read_only=True, data_only=True)
    except Exception as exc:  # a broken zip / not an xlsx
        raise CXInputError(Problem(str(path), f"the file could not be read as xlsx: {exc}",
                                   "open it in Excel and save it as .xlsx again")) from None
    try:
        sheets = wb.sheetnames
        ws = wb[sheets[0]]
        if (ws.max_column or 0) > MAX_COLUMNS:
            raise CXInputError(Problem(str(path), f"sheet '{sheets[0]}' has {ws.max_column:,} "
                                       f"columns; cxresearch reads at most {MAX_COLUMNS:,}",
                                       "keep only the survey's columns"))
        rows = [list(r) for r in ws.iter_rows(values_only=True)]
        rows = _trim(rows)
        if _table_size(rows) < 2:
            others = []
            for name in sheets[1:]:
                other = _trim([list(r) for r in wb[name].iter_rows(values_only=True)])
                if _table_size(other) >= 2:
                    others.append(name)
            where = (f"the data seems to be on sheet '{others[0]}'" if others
                     else "no sheet holds a table")
            raise CXInputError(Problem(
                str(path), f"the first sheet '{sheets[0]}' has no data table; {where}",
                "move the data sheet to the first place (or save it alone as its own xlsx); "
                "cxresearch reads the first sheet", value=others[0] if others else None))
    finally:
        wb.close()
    return rows, {"sheet": sheets[0]}


def _trim(rows: list[list[Any]]) -> list[list[Any]]:
    while rows and all(_norm(c) == "" for c in rows[-1]):
        rows.pop()
    width = max((max((i + 1 for i, c in enumerate(r) if _norm(c) != ""), default=0)
                 for r in rows), default=0)
    return [r[:width] + [None] * (width - len(r)) for r in rows]


def _table_size(rows: list[list[Any]]) -> int:
    """Rows that have at least two filled cells."""
    return sum(sum(_norm(c) != "" for c in r) >= 2 for r in rows)


def _formula_check(path: Path, sheet: str, rows: list[list[Any]], n_header: int) -> None:
    """Formula cells whose cached value is missing (files written by code, never opened)."""
    import openpyxl
    from openpyxl.utils import get_column_letter

    wb = openpyxl.load_workbook(path, read_only=True, data_only=False)
    try:
        bad = []
        for r_i, row in enumerate(wb[sheet].iter_rows(values_only=True)):
            for c_i, v in enumerate(row):
                if isinstance(v, str) and v.startswith("=") and r_i < len(rows) and \
                        c_i < len(rows[r_i]) and rows[r_i][c_i] is None:
                    bad.append(f"{get_column_letter(c_i + 1)}{r_i + 1}")
    finally:
        wb.close()
    if bad:
        raise CXInputError(Problem(
            str(path), f"{len(bad)} cells hold a formula without a saved value: "
            + ", ".join(bad[:8]) + (" ..." if len(bad) > 8 else ""),
            "open the file in Excel or LibreOffice and save it (that stores the values), or "
            "paste the cells as values; cxresearch does not evaluate formulas",
            value=bad[0]))


def _from_rows(path: Path, rows: list[list[Any]], *, format: str | None,
               cell_names: dict) -> TableRead:
    if not rows:
        raise CXInputError(Problem(str(path), "the sheet is empty", "export the data again"))
    head = [[unicodedata.normalize("NFC", _norm(c)) for c in r] for r in rows[:_HEAD_ROWS]]
    layout, hstart = (format, 0) if format else detect_layout(head)
    if layout == "title_block" and format:
        hstart = detect_layout(head)[1]
    check_header_collisions(path, rows[hstart], row=hstart + 1)
    names, labels, original, derived, n_header = _columns(path, layout, head, 0, hstart)
    if hstart == 0 and layout == "table" and sum(bool(c) for c in head[0]) < len(head[0]):
        first = [c for c in head[0] if c]
        if len(first) == 1 and len(head) > 1:
            raise CXInputError(Problem(
                str(path), "the first row holds a single cell ('title') and no header",
                "delete the title rows above the header, or set 'format: title_block'"))
    _formula_check(path, cell_names["sheet"], rows, n_header)
    body = rows[n_header:]
    df = pd.DataFrame(body, columns=names)
    for col in df.columns:
        s = df[col]
        if s.dtype == object:
            conv = pd.to_numeric(s, errors="coerce")
            if conv.notna().sum() == s.notna().sum() and conv.notna().any():
                df[col] = conv
            else:
                df[col] = s.where(s.notna(), None)
    return _finish(path, layout, df, names, labels, original, derived, n_header, None,
                   head[hstart])


# --------------------------------------------------------------------------- SPSS


def _read_sav(path: Path) -> TableRead:
    import pyreadstat

    meta_only = pyreadstat.read_sav(str(path), metadataonly=True)[1]
    if meta_only.number_columns and meta_only.number_columns > MAX_COLUMNS:
        raise CXInputError(Problem(str(path), f"the file has {meta_only.number_columns:,} "
                                   f"variables; cxresearch reads at most {MAX_COLUMNS:,}",
                                   "keep only the survey's variables"))
    # user_missing=False: SPSS user-missing codes become NaN, as the file's author declared.
    df, meta = pyreadstat.read_sav(str(path), apply_value_formats=False, user_missing=False)
    value_labels = {col: {_num_key(k): str(v) for k, v in mapping.items()}
                    for col, mapping in (meta.variable_value_labels or {}).items()}
    labels = {c: str(t) for c, t in (meta.column_names_to_labels or {}).items() if t}
    desc = "read as an SPSS file: variable labels as labels"
    shifted = [c for c, m in value_labels.items() if shifted_scale(m) is not None]
    if value_labels:
        desc += f", value labels for {len(value_labels)} variables"
    if shifted:
        desc += f" ({len(shifted)} with shifted codes, e.g. {shifted[0]})"
    return TableRead(df, labels, value_labels, "spss", desc, 0, [], None, {})


def _num_key(k: Any) -> Any:
    if isinstance(k, float) and k.is_integer():
        return int(k)
    return k


def shifted_scale(value_labels: dict[Any, str]) -> tuple[tuple[int, int], tuple[int, int]] | None:
    """``((from_low, from_high), (to_low, to_high))`` when codes are labelled with other numbers.

    SPSS files often store a 0–10 question as codes 1–11 labelled "0" … "10" (or "0 Not at all
    likely" … "10 Extremely likely"). The labels' leading numbers, when they are the codes
    shifted by a constant, give the true scale.

    Parameters
    ----------
    value_labels : dict
        ``{code: label}`` of one variable (:attr:`TableRead.value_labels`).

    Returns
    -------
    tuple or None
        The code range and the scale range it stands for; None when fewer than two labels
        start with a number, the shift is not one constant, or it is zero.

    Examples
    --------
    >>> shifted_scale({1: "0 Not at all likely", 2: "1", 6: "5", 11: "10 Extremely likely"})
    ((1, 11), (0, 10))
    >>> shifted_scale({1: "Very dissatisfied", 5: "Very satisfied"}) is None
    True
    """
    pairs = []
    for code, label in value_labels.items():
        m = re.match(r"\s*(-?\d+)\b", str(label))
        if m and isinstance(code, (int, float)) and float(code).is_integer():
            pairs.append((int(code), int(m.group(1))))
    if len(pairs) < 2:
        return None
    shifts = {lab - code for code, lab in pairs}
    if len(shifts) != 1 or 0 in shifts:
        return None
    d = shifts.pop()
    codes = [c for c, _ in pairs]
    lo, hi = min(codes), max(codes)
    return (lo, hi), (lo + d, hi + d)


def labels_are_anchors(value_labels: dict[Any, str], observed: Any) -> bool:
    """True when value labels name only some codes of a numeric scale (e.g. its end points).

    Such a variable is a rating, not a category: labels on "1 = very dissatisfied" and
    "5 = very satisfied" must not turn 1–5 answers into five categories.

    Parameters
    ----------
    value_labels : dict
        ``{code: label}`` of one variable.
    observed : iterable of numbers
        The variable's values in the data (NaN ignored).

    Returns
    -------
    bool
        True when some observed values have no label and the labels cover fewer codes than
        the observed and labelled codes together.

    Examples
    --------
    >>> labels_are_anchors({1: "Very dissatisfied", 5: "Very satisfied"}, [1, 2, 3, 4, 5])
    True
    >>> labels_are_anchors({1: "Store", 2: "Web"}, [1, 2])
    False
    """
    codes = {_num_key(k) for k in value_labels}
    seen = {_num_key(float(v)) for v in observed if v == v}
    return bool(seen - codes) and len(codes) < len(seen | codes)
