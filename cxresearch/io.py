"""Reading survey files, checking them against the codebook, and the loaded :class:`Survey`.

Readers cover what survey data arrives as: CSV (comma or semicolon separated, decimal point or
comma, UTF-8 or cp1252, as Finnish Excel exports them), TSV, xlsx, SPSS ``.sav`` (value labels
and user-missing codes) and Parquet. :func:`load` reads a codebook and its data, checks every
column, turns missing codes into missing values, reverses reverse-coded items and adds one score
column per construct (the item mean when at least ``min_answered`` of the items are answered).

Raw files are only ever read. A validated copy may be cached as Parquet in ``data/processed/``,
keyed by the raw file's and the codebook's hashes, with PII columns removed.

Examples
--------
>>> import cxresearch as cx
>>> survey = cx.load(cx.bundled_codebook())
>>> len(survey) > 1000, "service" in survey.data.columns
(True, True)
>>> "email" in survey.data.columns   # PII is dropped on load
False
"""

from __future__ import annotations

import hashlib
import json
import os
import re
import tempfile
import unicodedata
import warnings
from collections.abc import Sequence
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Any

import numpy as np
import pandas as pd

from .codebook import Codebook, Outcome, read_codebook, recode_key
from .errors import CXInputError, Problem
from .formats import check_header_collisions, read_export
from .redact import redact
from .version import code_fingerprint
from .weighting import RAKED_WEIGHT, rake_fit

__all__ = [
    "Survey",
    "load",
    "read_table",
    "column_key",
    "column_names",
    "check_data",
    "with_file_labels",
    "prepare",
    "apply_codes",
    "data_warnings",
    "CXDataWarning",
    "file_sha256",
    "bundled_codebook",
    "project_root",
    "Defaults",
    "resolve_defaults",
]

_MAX_EXAMPLES = 5


class CXDataWarning(UserWarning):
    """Something in the data that is allowed but may be a mistake (see :func:`data_warnings`).

    Examples
    --------
    >>> issubclass(CXDataWarning, UserWarning)
    True
    """


# --------------------------------------------------------------------------- the loaded survey


@dataclass
class Survey:
    """A survey loaded with :func:`load`: cleaned data plus the codebook that describes it.

    Parameters
    ----------
    data : DataFrame
        One row per respondent: missing codes are NaN, reverse items reversed, one score column
        per construct (named as the construct), value labels applied to grouping columns, PII
        columns removed.
    codebook : Codebook
        The checked codebook that describes the data.
    source : Path
        The raw data file.
    sha256 : str
        The raw data file's SHA-256 (for provenance and caching).
    notes : list of str
        Things in the data worth a look (see :func:`data_warnings`), and the export layout.

    Examples
    --------
    >>> import cxresearch as cx
    >>> s = cx.load(cx.bundled_codebook())
    >>> s.score, s.weight, s.drivers[:2]
    ('ltr', 'weight', ['social', 'service'])
    >>> len(s.filter("channel", "store")) < len(s)
    True
    """

    data: pd.DataFrame
    codebook: Codebook
    source: Path
    sha256: str
    notes: list[str] = field(default_factory=list)

    def __len__(self) -> int:
        return len(self.data)

    def __repr__(self) -> str:
        return (f"<Survey {self.codebook.name!r}: {len(self.data)} respondents, "
                f"{len(self.codebook.drivers)} drivers, from {self.source.name}>")

    @property
    def drivers(self) -> list[str]:
        """Score columns of the driver constructs."""
        return self.codebook.drivers

    @property
    def score(self) -> str:
        """The recommendation (likelihood to recommend) column."""
        return self.codebook.recommend.column

    @property
    def weight(self) -> str | None:
        """The survey weight column, if the codebook names one."""
        return self.codebook.weight

    def subset(self, mask: pd.Series | np.ndarray) -> Survey:
        """A new survey with only the rows where ``mask`` is true (the data is copied)."""
        return Survey(self.data.loc[np.asarray(mask, dtype=bool)].copy(), self.codebook,
                      self.source, self.sha256, list(self.notes))

    def filter(self, column: str | None, value: Any) -> Survey:
        """Rows where ``column == value``; the survey itself when ``column`` is empty.

        ``value`` may be given as text (as it arrives from a command line or batch file); it
        is matched against the column's values as text too.
        """
        if not column:
            return self
        from .disclosure import check_groupable

        check_groupable(self.codebook, column, purpose="filter", where="filter_column")
        if column not in self.data.columns:
            raise CXInputError(Problem(str(self.source), f"no column '{column}' to filter on",
                                       f"use one of {_some(self.data.columns)}", column=column))
        col = self.data[column]
        mask = (col == value) | (col.astype(str) == str(value))
        if not mask.any():
            values = sorted(col.dropna().astype(str).unique())[:12]
            raise CXInputError(Problem(str(self.source), f"no respondent has {column} = {value!r}",
                                       f"use one of {values}", column=column, value=value))
        return self.subset(mask)


def _some(cols, k: int = 12) -> str:
    cols = [str(c) for c in cols]
    return ", ".join(cols[:k]) + (" ..." if len(cols) > k else "")


# --------------------------------------------------------------------------- paths


def project_root() -> Path:
    """The repository root when the package is installed from a clone (``pip install -e .``).

    Returns
    -------
    Path
        The folder above the ``cxresearch`` package.

    Examples
    --------
    >>> (project_root() / "cxresearch").is_dir()
    True
    """
    return Path(__file__).resolve().parent.parent


def bundled_codebook() -> Path:
    """Path of the bundled simulated retail survey's codebook.

    Returns
    -------
    Path
        ``data/raw/retail_cx.yaml`` of the repository (a simulated survey with a known truth).

    Examples
    --------
    >>> bundled_codebook().name
    'retail_cx.yaml'
    """
    return project_root() / "data" / "raw" / "retail_cx.yaml"


def file_sha256(path: str | Path, chunk: int = 1 << 20) -> str:
    """SHA-256 of a file, read in chunks (large files are fine).

    Parameters
    ----------
    path : str or Path
        The file.
    chunk : int
        Bytes read at a time.

    Returns
    -------
    str
        The hex digest (64 characters).

    Examples
    --------
    >>> len(file_sha256(bundled_codebook()))
    64
    """
    h = hashlib.sha256()
    with open(path, "rb") as fh:
        while block := fh.read(chunk):
            h.update(block)
    return h.hexdigest()


# --------------------------------------------------------------------------- readers


def read_table(path: str | Path, *, format: str | None = None,
               ) -> tuple[pd.DataFrame, dict[str, dict[Any, str]]]:
    """Read a survey data file into a DataFrame.

    Survey-platform exports (Qualtrics, SurveyMonkey, Google Forms, LimeSurvey, spreadsheets
    with a title block) are detected and read by :func:`cxresearch.formats.read_export`; the
    frame's ``attrs`` then hold ``cx_format``, ``cx_description`` (one line for the output) and
    ``cx_labels`` (``{column: question text}``).

    Parameters
    ----------
    path : str or Path
        ``.csv``/``.txt`` (delimiter, decimal mark and encoding detected), ``.tsv``, ``.xlsx``,
        ``.sav`` or ``.parquet``.
    format : str, optional
        The layout (the codebook's ``format:``), one of :data:`cxresearch.formats.FORMATS`;
        detected when not given.

    Returns
    -------
    data : DataFrame
        The file's columns as read (no cleaning).
    value_labels : dict
        ``{column: {code: label}}`` from an SPSS file; empty for other types.

    Raises
    ------
    CXInputError
        Missing, empty, header-only or unreadable files.

    Examples
    --------
    >>> df, labels = read_table(bundled_codebook().with_name("retail_cx.csv"))
    >>> "ltr" in df.columns, labels
    (True, {})
    """
    path = Path(path)
    where = str(path)
    if not path.is_file():
        raise CXInputError(Problem(where, "the data file does not exist",
                                   "check 'data:' in the codebook or the --data path"))
    if path.stat().st_size == 0:
        raise CXInputError(Problem(where, "the data file is empty (0 bytes)",
                                   "export the data again; the file has no header and no rows"))
    suffix = path.suffix.lower()
    labels: dict[str, dict[Any, str]] = {}
    try:
        if suffix in (".csv", ".txt", ".tsv", ".xlsx", ".sav"):
            table = read_export(path, format=format)
            df, labels = table.data, table.value_labels
            df.attrs.update(cx_format=table.format, cx_description=table.description,
                            cx_labels=dict(table.labels))
        elif suffix in (".parquet", ".pq"):
            df = pd.read_parquet(path)
        else:
            raise CXInputError(Problem(where, f"file type '{suffix}' is not supported",
                                       "save the data as csv, tsv, xlsx, sav or parquet"))
    except CXInputError:
        raise
    except Exception as exc:  # any reader failure is a problem with the file, not a crash
        reason = str(exc).strip().splitlines()[0] if str(exc).strip() else type(exc).__name__
        raise CXInputError(Problem(where, f"the file could not be read as {suffix[1:]}: {reason}",
                                   "open it in the program that made it and export it again; "
                                   "check that the file ending matches the content")) from None
    df.columns = column_names(df.columns, where=where)
    if len(df.columns) and len(df) == 0:
        raise CXInputError(Problem(where, "the file has a header but no data rows",
                                   "export the data again with the respondents' rows"))
    return df, labels


def column_key(name: Any) -> str:
    """The form a column name is matched in: Unicode NFC, surrounding spaces stripped.

    Parameters
    ----------
    name : Any
        A column name as read from a file or written in a codebook.

    Returns
    -------
    str
        ``unicodedata.normalize("NFC", str(name)).strip()``.

    Examples
    --------
    >>> column_key(" Palvelu ") == column_key("Palvelu")
    True
    >>> column_key("ka\u0308ynti") == column_key("k\u00e4ynti")  # decomposed and composed ä
    True
    """
    return unicodedata.normalize("NFC", str(name)).strip()


def column_names(columns: Any, *, where: str = "data") -> list[str]:
    """A file's column names in matching form (:func:`column_key`), refusing collisions.

    Two columns whose names differ only by surrounding spaces or by Unicode form (a composed
    "ä" against "a" + combining diaeresis, as some Mac and Excel exports write it) would
    silently become one name; that is an error naming both columns.

    Parameters
    ----------
    columns : iterable
        The column names as read.
    where : str
        The file, for the message.

    Returns
    -------
    list of str
        The names in matching form, in the file's order.

    Raises
    ------
    CXInputError
        Naming the colliding columns (their names, with spaces and code points shown) and
        how to fix the file.

    Examples
    --------
    >>> column_names([" id", "Palvelu"])
    ['id', 'Palvelu']
    >>> column_names(["Palvelu ", "Palvelu"])
    Traceback (most recent call last):
    ...
    cxresearch.errors.CXInputError: ...
    """
    names = [str(c) for c in columns]
    check_header_collisions(where, names)
    return [column_key(c) for c in names]


def _num_key(k: Any) -> Any:
    if isinstance(k, float) and k.is_integer():
        return int(k)
    return k


# --------------------------------------------------------------------------- checking


def check_data(df: pd.DataFrame, codebook: Codebook, *, where: str,
               value_labels: dict[str, dict[Any, str]] | None = None) -> list[Problem]:
    """Every problem with ``df`` against ``codebook``, without changing ``df``.

    Checks: columns the codebook names exist; ids are unique (within a wave when the codebook
    has waves); recodes cover every answer; outcome and item columns hold numbers (after
    missing codes and recodes, see :func:`apply_codes`) inside their declared scale, with a
    shifted coding (e.g. 1–11 for a 0–10 question, seen in the values or in SPSS value labels)
    named as such; NPS outcomes hold whole numbers and no true/false or 0/1-only column; binary
    outcomes hold 0/1; weights are positive numbers; dates parse; wave labels are in the
    codebook's wave order; no construct is entirely unanswered.

    Parameters
    ----------
    df : DataFrame
        The raw data, as :func:`read_table` returns it.
    codebook : Codebook
        Its codebook.
    where : str
        What problems name as the place (the data file).
    value_labels : dict, optional
        SPSS value labels read from the file.

    Returns
    -------
    list of Problem
        Empty when the data is fine.

    Examples
    --------
    >>> from cxresearch.codebook import codebook_from_dict
    >>> cb = codebook_from_dict({"name": "Mini", "data": "mini.csv", "id": "id",
    ...     "outcomes": {"recommend": {"column": "ltr", "scale": [0, 10]}},
    ...     "constructs": {"price": {"items": ["p1", "p2"], "scale": [1, 5]}}})
    >>> raw = pd.DataFrame({"id": [1, 1], "ltr": [10, 12], "p1": [1, 5], "p2": [2, 4]})
    >>> sorted(p.column for p in check_data(raw, cb, where="mini.csv"))
    ['id', 'ltr']
    """
    problems: list[Problem] = []
    cb = codebook
    cols = set(df.columns)
    one_col = len(df.columns) == 1 and re.search(r"[|:^#~]", str(df.columns[0]))
    named: dict[str, str] = {}
    for col in cb.columns():
        other = named.setdefault(column_key(col), col)
        if other != col:
            problems.append(Problem(where, f"the codebook names columns {other!r} and {col!r}, "
                                    "which differ only by surrounding spaces or Unicode form "
                                    f"({ascii(other)} vs {ascii(col)})",
                                    "write the column name the same way everywhere in the "
                                    "codebook, as it is in the data file", column=col))
    for col in cb.columns():
        if col not in cols and column_key(col) in cols:
            problems.append(Problem(where, f"the codebook writes the column as {ascii(col)}, "
                                    f"the data file as {ascii(column_key(col))} (surrounding "
                                    "spaces or Unicode form differ)",
                                    f"write it as '{column_key(col)}' in the codebook",
                                    column=col))
        elif col not in cols:
            close = _closest(col, cols)
            hint = (f"the file has '{close}': rename one of them" if close else
                    f"the file's columns are: {_some(df.columns)}")
            if one_col:
                sep = re.search(r"[|:^#~]", str(df.columns[0])).group(0)
                hint = (f"the header was read as one column ('{str(df.columns[0])[:40]}…'): the "
                        f"file seems to use '{sep}' as its separator; export it again with "
                        "commas, semicolons or tabs")
            problems.append(Problem(where, "column named in the codebook is not in the data",
                                    f"{hint}, or correct the codebook", column=col))
    if problems:
        return problems  # later checks need the columns

    if cb.id:
        ids = df[cb.id]
        # an id repeated in another wave is a returning respondent (a warning, see
        # data_warnings); within one wave, or without waves, it is a duplicate response.
        # The id itself is never shown: it may identify the person.
        keys = [cb.id, cb.wave] if cb.wave and cb.wave != cb.id else [cb.id]
        dup = df.duplicated(subset=keys, keep=False) & ids.notna()
        if dup.any():
            within = " in the same wave" if len(keys) == 2 else ""
            problems.append(Problem(where, f"{int(dup.sum())} rows share an id with another "
                                    f"row{within} (one row per respondent is expected)",
                                    "remove the duplicate responses (an export run twice?) or "
                                    "fix the ids", column=cb.id, **_rows(dup)))  # ids may be e-mails: no value
        if ids.isna().any():
            problems.append(Problem(where, "some rows have no id", "give every row an id",
                                    column=cb.id, **_rows(ids.isna())))

    coded, code_problems = _coded(df, cb, where)
    problems += code_problems
    types = {o.column: o.type for o in cb.outcomes.values()}
    scaled: list[tuple[str, tuple[float, float], str]] = [
        (o.column, o.scale, f"outcomes.{o.name}") for o in cb.outcomes.values()]
    scaled += [(item, c.scale, f"constructs.{c.name}") for c in cb.constructs.values()
               for item in c.items]
    for col, (lo, hi), key in scaled:
        values = coded[col]
        if pd.api.types.is_bool_dtype(df[col]) and types.get(col) != "binary":
            problems.append(Problem(
                where, f"the column holds true/false values, not answers on the scale "
                f"{lo:g}–{hi:g} of {key}", "declare it 'type: binary' under outcomes (a yes/no "
                "outcome is reported as a percentage), or point the codebook at the scale's "
                "column", column=col, value=_plain(df[col].dropna().iloc[0])
                if df[col].notna().any() else None))
            continue
        numeric = pd.to_numeric(values, errors="coerce")
        text = numeric.isna() & values.notna()
        if text.any():
            example = values[text].iloc[0]
            fix = (f"map the answers to numbers under 'recode:', e.g. 'recode: {{{col}: "
                   f"{{{str(example)!r}: {hi:g}, ...}}}}', or declare the code for this column "
                   f"('missing: {{{col}: [...]}}') if it means no answer")
            if isinstance(example, str) and re.fullmatch(r"\s*-?\d+,\d+\s*", example):
                fix = ("the file uses a decimal comma inside comma-separated fields: save it with "
                       "';' as the separator (Finnish Excel CSV) or use a decimal point")
            problems.append(Problem(where, f"{int(text.sum())} values are text, not numbers",
                                    fix, column=col, **_rows(text), value=example))
        shift = None if col in cb.recode else _label_shift((value_labels or {}).get(col, {}))
        if shift:
            problems.append(Problem(
                where, f"the file's value labels say code {shift[0]:g} means {shift[1]!r}: the "
                f"answers are coded {lo + shift[2]:g}–{hi + shift[2]:g}, which looks like a "
                f"{lo + shift[2]:g}–{hi + shift[2]:g} coding of {lo:g}–{hi:g} ({key})",
                f"add recode: {{{col}: {{from: [{lo + shift[2]:g}, {hi + shift[2]:g}], to: "
                f"[{lo:g}, {hi:g}]}}}} (do not declare the top code as missing: it is a real "
                "answer)", column=col, value=_plain(shift[0])))
            continue
        out = (numeric < lo) | (numeric > hi)
        if out.any():
            seen = numeric.dropna()
            # a shifted coding: the top code is one above the scale, held by a real share of
            # answers (≥ 5 %, as a top answer is), and nobody gave the bottom answer
            if (col not in cb.recode and seen.max() == hi + 1 and seen.min() >= lo + 1
                    and (seen == hi + 1).mean() >= 0.05 and float(lo).is_integer()
                    and types.get(col) != "binary"):
                problems.append(Problem(
                    where, f"{int(out.sum())} values are {hi + 1:g}, one above the scale "
                    f"{lo:g}–{hi:g} of {key}, and no answer is {lo:g}: this looks like a "
                    f"{lo + 1:g}–{hi + 1:g} coding of {lo:g}–{hi:g}",
                    f"add recode: {{{col}: {{from: [{lo + 1:g}, {hi + 1:g}], to: [{lo:g}, "
                    f"{hi:g}]}}}}; only if the questionnaire says {hi + 1:g} means 'no answer', "
                    f"declare it for this column: missing: {{{col}: [{hi + 1:g}]}}",
                    column=col, **_rows(out), value=_plain(numeric[out].iloc[0])))
            else:
                problems.append(Problem(
                    where, f"{int(out.sum())} values are outside the scale {lo:g}–{hi:g} of "
                    f"{key}", "correct those values; if they are codes for 'no answer' declare "
                    f"them for this column (missing: {{{col}: [...]}}); if the answers are "
                    f"coded on another range, add recode: {{{col}: {{from: [a, b], to: "
                    f"[{lo:g}, {hi:g}]}}}}; if the scale is wrong, fix 'scale:' of {key}",
                    column=col, **_rows(out), value=_plain(numeric[out].iloc[0])))
        if types.get(col) in ("nps", "binary"):
            frac = numeric.notna() & (numeric != np.round(numeric))
            if frac.any():
                what = ("recommendation answers are not whole numbers" if types[col] == "nps"
                        else "answers of a binary outcome are not 0 or 1")
                problems.append(Problem(
                    where, f"{int(frac.sum())} {what}",
                    "the NPS question has whole-number answers: check the column is the raw "
                    "0–10 answer, not an average" if types[col] == "nps" else
                    f"recode the answers to 0 and 1 (recode: {{{col}: {{yes: 1, no: 0}}}})",
                    column=col, **_rows(frac), value=_plain(numeric[frac].iloc[0])))
        if types.get(col) == "nps" and len(numeric.dropna()) >= 10 and set(
                numeric.dropna().unique()) <= {0.0, 1.0}:
            problems.append(Problem(
                where, f"only 0 and 1 occur in {key}: this looks like a yes/no flag, not a "
                f"{lo:g}–{hi:g} recommendation score", "declare it 'type: binary' (reported as "
                "a percentage with its interval)", column=col, value=0))
        if numeric.notna().sum() == 0 and len(df) and not text.any() and col not in {
                p.column for p in code_problems}:
            problems.append(Problem(where, "every answer is missing",
                                    "check the column (is it the right one?) and 'missing:' codes",
                                    column=col))

    if cb.weight:
        w = pd.to_numeric(df[cb.weight], errors="coerce")
        bad = w.isna() | (w < 0) | ~np.isfinite(w.fillna(0))
        if bad.any():
            problems.append(Problem(where, f"{int(bad.sum())} weights are missing, negative or "
                                    "not numbers", "give every respondent a weight ≥ 0",
                                    column=cb.weight, **_rows(bad),
                                    value=df[cb.weight][bad].iloc[0]))
        elif w.sum() <= 0:
            problems.append(Problem(where, "all weights are zero", "check the weight column",
                                    column=cb.weight))

    if cb.wave and cb.wave_order:
        known = {recode_key(v) for v in cb.wave_order}
        off = df[cb.wave].notna() & ~df[cb.wave].map(recode_key).isin(known)
        if off.any():
            problems.append(Problem(where, f"{int(off.sum())} rows have a wave label that is "
                                    "not in the codebook's wave order", "add the label to "
                                    "'wave: {column: ..., order: [...]}'", column=cb.wave,
                                    **_rows(off), value=_plain(df[cb.wave][off].iloc[0])))

    if cb.date:
        _, bad_dates = _parse_dates(df[cb.date])
        if bad_dates.any():
            problems.append(Problem(where, f"{int(bad_dates.sum())} dates could not be read",
                                    "write dates as YYYY-MM-DD (or DD.MM.YYYY)", column=cb.date,
                                    **_rows(bad_dates), value=df[cb.date][bad_dates].iloc[0]))
    return problems


def apply_codes(df: pd.DataFrame, codebook: Codebook, *, where: str = "data") -> pd.DataFrame:
    """The data with the codebook's missing codes and recodes applied (``df`` is not changed).

    Global missing codes (``missing: [...]`` or ``missing: {all: [...]}``) are removed from the
    outcome, item and recoded columns; a column's own codes (``missing: {column: [...]}``) from
    that column, whatever it is. Missing codes are the raw file's codes: they are removed
    *before* recoding. Recodes then map answers to numbers (``{answer: number}``, text matched
    ignoring case and surrounding blanks) or a range onto another (``{from: [1, 11], to: [0,
    10]}``). A true/false column of a binary outcome becomes 1/0.

    Parameters
    ----------
    df : DataFrame
        The raw data, as :func:`read_table` returns it.
    codebook : Codebook
        Its codebook (``missing:`` and ``recode:``).
    where : str
        What error messages name as the place (the data file).

    Returns
    -------
    DataFrame
        A copy of ``df`` with missing codes as NaN and recoded columns as numbers.

    Raises
    ------
    CXInputError
        When a recode does not cover an answer that occurs (after missing codes).

    Examples
    --------
    >>> from cxresearch.codebook import codebook_from_dict
    >>> cb = codebook_from_dict({"name": "x", "data": "x.csv",
    ...     "missing": {"all": [-99], "wifi": [0]},
    ...     "recode": {"sat": {"satisfied": 1, "neutral or dissatisfied": 0}},
    ...     "outcomes": {"sat": {"column": "sat", "type": "binary"}},
    ...     "constructs": {"wifi": {"items": ["wifi"], "scale": [1, 5]}}})
    >>> raw = pd.DataFrame({"sat": ["satisfied", "Neutral or dissatisfied", -99],
    ...                     "wifi": [0, 5, 3]})
    >>> apply_codes(raw, cb)
       sat  wifi
    0  1.0   NaN
    1  0.0   5.0
    2  NaN   3.0
    """
    coded, problems = _coded(df, codebook, where)
    if problems:
        raise CXInputError(problems)
    return coded


def _coded(df: pd.DataFrame, cb: Codebook, where: str) -> tuple[pd.DataFrame, list[Problem]]:
    out = df.copy()
    problems: list[Problem] = []
    types = {o.column: o.type for o in cb.outcomes.values()}
    global_cols = {o.column for o in cb.outcomes.values()} | set(cb.items) | set(cb.recode)
    for col in dict.fromkeys([*global_cols, *cb.missing_by]):
        if col not in out.columns:
            continue
        codes = (tuple(cb.missing) if col in global_cols else ()) + cb.missing_by.get(col, ())
        values = _without_missing(out[col], codes)
        rec = cb.recode.get(col)
        if rec is not None:
            bad = rec.unmatched(values)
            if bad.any():
                example = _plain(values[bad].iloc[0])
                if rec.source is not None:
                    what = (f"{int(bad.sum())} answers are outside the recode's range "
                            f"{rec.source[0]:g}–{rec.source[1]:g}")
                else:
                    what = f"{int(bad.sum())} answers are not listed in the recode"
                problems.append(Problem(
                    where, what, f"add the answer to 'recode: {{{col}: ...}}', or declare it "
                    f"for this column if it means no answer: missing: {{{col}: [{example!r}]}}",
                    column=col, value=example, **_rows(bad)))
            values = rec.apply(values)
        elif types.get(col) == "binary" and pd.api.types.is_bool_dtype(values):
            values = values.astype("float64")
        out[col] = values
    return out, problems


def _label_shift(labels: dict[Any, str]) -> tuple[Any, str, float] | None:
    """(code, label, shift) when value labels start with a number other than their code.

    SPSS files often store a 0–10 question as codes 1–11 labelled '0 Not at all likely' …
    '10 Extremely likely'; the shift is code − labelled number, the same for every label.
    """
    pairs = []
    for code, label in labels.items():
        m = re.match(r"\s*(-?\d+)(?![\d.,])", str(label))
        if m and isinstance(code, (int, float)) and not isinstance(code, bool):
            pairs.append((code, str(label), code - int(m.group(1))))
    shifts = {p[2] for p in pairs}
    if len(pairs) >= 2 and len(shifts) == 1 and 0 not in shifts:
        code, label, shift = max(pairs)
        return code, label, float(shift)
    return None


def data_warnings(df: pd.DataFrame, codebook: Codebook) -> list[str]:
    """Things in the data that are allowed but worth a warning (never values that identify).

    * an id that repeats in other waves (a returning respondent) when the codebook has no
      ``panel:`` to say so;
    * without an id, rows that share a PII value (e.g. the same e-mail address): the same
      person may have answered twice.

    Parameters
    ----------
    df : DataFrame
        The raw data.
    codebook : Codebook
        Its codebook.

    Returns
    -------
    list of str
        One sentence each; empty when there is nothing to say.

    Examples
    --------
    >>> from cxresearch.codebook import codebook_from_dict
    >>> cb = codebook_from_dict({"name": "Mini", "data": "mini.csv", "id": "id",
    ...     "outcomes": {"recommend": {"column": "ltr", "scale": [0, 10]}},
    ...     "constructs": {"price": {"items": ["p1", "p2"], "scale": [1, 5]}}})
    >>> data_warnings(pd.DataFrame({"id": [1, 2], "ltr": [9, 3]}), cb)
    []
    """
    cb = codebook
    notes: list[str] = []
    if cb.id and cb.wave and cb.id in df.columns and cb.wave in df.columns:
        repeated = df[cb.id].notna() & df[cb.id].duplicated(keep=False)
        if repeated.any() and not cb.panel:
            notes.append(f"{int(repeated.sum())} rows share their id ('{cb.id}') with a row of "
                         "another wave: they are treated as returning respondents; declare "
                         f"'panel: {cb.id}' if the id links the same person across waves")
    if not cb.id:
        for col in cb.pii:
            if col in df.columns:
                text = df[col].astype("string").str.strip().str.casefold()
                same = text.notna() & (text != "") & text.duplicated(keep=False)
                if same.any():
                    notes.append(f"{int(same.sum())} rows share a value of the PII column "
                                 f"'{col}' with another row: the same person may have answered "
                                 "more than once (give the codebook an 'id:' to check)")
    return notes


def _rows(mask: pd.Series) -> dict[str, Any]:
    """``rows`` (first few, 1-based) and ``n_rows`` keyword arguments for a Problem."""
    pos = np.flatnonzero(np.asarray(mask, dtype=bool))
    return {"rows": tuple(int(p) + 1 for p in pos[:_MAX_EXAMPLES]), "n_rows": len(pos)}


def _plain(v: Any) -> Any:
    if isinstance(v, (np.floating, float)) and float(v).is_integer():
        return int(v)
    if isinstance(v, np.generic):
        return v.item()
    return v


def _closest(word: str, options) -> str | None:
    """The option that is the same name but for case and spaces, else a close spelling."""
    import difflib

    options = [str(o) for o in options]
    same = [o for o in options if o.strip().lower() == word.strip().lower()]
    if same:
        return same[0]
    lowered = {o.strip().lower(): o for o in options}
    hits = difflib.get_close_matches(word.strip().lower(), list(lowered), n=1, cutoff=0.75)
    return lowered[hits[0]] if hits else None


def _without_missing(col: pd.Series, codes: tuple[Any, ...]) -> pd.Series:
    if not codes:
        return col
    text_codes = {str(c) for c in codes}
    num_codes = [c for c in codes if isinstance(c, (int, float)) and not isinstance(c, bool)]
    if pd.api.types.is_numeric_dtype(col):
        return col.mask(col.isin(num_codes))
    as_text = col.astype("string").str.strip()
    return col.mask(as_text.isin(text_codes).fillna(False).astype(bool))


def _parse_dates(col: pd.Series) -> tuple[pd.Series, pd.Series]:
    """Parse a date column: datetimes, ISO or Finnish dates, or Excel serial day numbers."""
    if pd.api.types.is_datetime64_any_dtype(col):
        return col, pd.Series(False, index=col.index)
    numeric = pd.to_numeric(col, errors="coerce")
    if numeric.notna().any() and numeric.dropna().between(20000, 80000).all():
        # Excel stores dates as days since 1899-12-30
        parsed = pd.to_datetime(numeric, unit="D", origin="1899-12-30")
    else:
        text = col.astype("string").str.strip()
        # Google Forms and other exports append the time zone's abbreviation
        # ("2026/03/12 10:10:00 PM EET"), which pandas cannot parse; the local time is kept
        text = text.str.replace(r"\s+(?:[A-Z]{2,5}|(?:GMT|UTC)[+-]\d{1,2}(?::?\d\d)?)$", "",
                                regex=True)
        dayfirst = bool(text.str.contains(r"^\d{1,2}\.\d{1,2}\.\d{4}", regex=True).any())
        parsed = pd.to_datetime(text, errors="coerce", dayfirst=dayfirst, format="mixed")
    bad = parsed.isna() & col.notna()
    return parsed, bad


# --------------------------------------------------------------------------- preparing


def prepare(df: pd.DataFrame, codebook: Codebook, *,
            value_labels: dict[str, dict[Any, str]] | None = None,
            keep_pii: bool = False) -> pd.DataFrame:
    """Clean a checked data frame: missing codes, recodes, reverse items, scores, labels.

    Parameters
    ----------
    df : DataFrame
        Raw data that passed :func:`check_data`. It is not changed.
    codebook : Codebook
    value_labels : dict, optional
        Labels read from the file (SPSS); the codebook's ``labels`` take precedence.
    keep_pii : bool
        Keep the columns listed under ``pii`` (default: drop them).

    Returns
    -------
    DataFrame
        A new frame with missing codes and recodes applied (:func:`apply_codes`), numeric
        items and outcomes, reversed reverse items, one score column
        per construct (mean of answered items when at least ``min_answered`` of them are
        answered, else NaN) and labelled grouping columns.

    Examples
    --------
    >>> from cxresearch.codebook import codebook_from_dict
    >>> cb = codebook_from_dict({"name": "Mini", "data": "mini.csv", "id": "id",
    ...     "outcomes": {"recommend": {"column": "ltr", "scale": [0, 10]}},
    ...     "constructs": {"price": {"items": ["p1", "p2"], "scale": [1, 5]}}})
    >>> raw = pd.DataFrame({"id": [1, 2], "ltr": [10, 3], "p1": [1, 5], "p2": [2, None]})
    >>> prepare(raw, cb)["price"].tolist()   # the item mean; one of two items is enough
    [1.5, 5.0]
    """
    cb = codebook
    out, _ = _coded(df, cb, "data")
    numeric_cols = [o.column for o in cb.outcomes.values()] + cb.items
    for col in dict.fromkeys(numeric_cols):
        out[col] = pd.to_numeric(out[col], errors="coerce").astype("float64")
    for c in cb.constructs.values():
        lo, hi = c.scale
        for item in c.reverse:
            out[item] = lo + hi - out[item]
        items = out[list(c.items)]
        answered = items.notna().mean(axis=1)
        out[c.name] = items.mean(axis=1).where(answered >= cb.min_answered)
    if cb.weight:
        out[cb.weight] = pd.to_numeric(out[cb.weight], errors="coerce").astype("float64")
    if cb.date:
        out[cb.date], _ = _parse_dates(out[cb.date])
    labels = dict(value_labels or {})
    labels.update(cb.labels)
    grouping = set(cb.all_moderators) | set(cb.journey.values()) | set(cb.segments)
    for col in grouping:
        if col in labels and col in out.columns:
            mapping = {_num_key(k): v for k, v in labels[col].items()}
            mapped = out[col].map(lambda v, m=mapping: m.get(_num_key(v), v))
            out[col] = mapped.astype("object").where(out[col].notna())
    if not keep_pii:
        out = out.drop(columns=[c for c in cb.pii if c in out.columns])
    return out


# --------------------------------------------------------------------------- load


def load(codebook: str | Path | Codebook, *, data: str | Path | None = None,
         cache_dir: str | Path | None | bool = None, keep_pii: bool = False) -> Survey:
    """Read a codebook and its data, check everything and return a cleaned :class:`Survey`.

    Parameters
    ----------
    codebook : path or Codebook
        The YAML codebook.
    data : path, optional
        Use this data file instead of the codebook's ``data`` (same columns).
    cache_dir : path, False or None
        Where to cache the validated data as Parquet, keyed by the hashes of the raw file and
        the codebook. ``None`` (default) uses ``../processed`` when the codebook lives in a
        folder called ``raw`` (the project layout), else no cache; ``False`` turns caching off.
    keep_pii : bool
        Keep PII columns in ``survey.data`` (never cached). Default False.

    Returns
    -------
    Survey
        The cleaned data with its codebook, source file and hash (see :class:`Survey`).

    Raises
    ------
    CXInputError
        Every problem found in the codebook or the data, at once.

    Examples
    --------
    >>> survey = load(bundled_codebook(), cache_dir=False)
    >>> survey.codebook.name, "email" in survey.data.columns
    ('Retail CX survey (simulated)', False)
    """
    cb = codebook if isinstance(codebook, Codebook) else read_codebook(codebook)
    if cb.raked:  # a loaded survey's codebook: start again from the base weight
        cb = replace(cb, weight=cb.base_weight, raked=False, base_weight=None)
    source = Path(data) if data is not None else cb.data
    if data is not None and not source.is_file():
        raise CXInputError(Problem(str(source), "the data file does not exist",
                                   "check the path given to --data"))
    digest = file_sha256(source) if source.is_file() else ""
    cache_file = _cache_path(cb, source, digest, cache_dir) if not keep_pii else None
    if cache_file is not None and cache_file.is_file():
        try:
            cached, meta = _read_cache(cache_file)
        except Exception:  # a broken cache is rebuilt, never trusted
            cached = None
        if cached is not None:
            # what validation said is stored with the data: a hit says it again
            for note in meta.get("notes", []):
                warnings.warn(f"{source.name}: {note}", CXDataWarning, stacklevel=2)
            cb = with_file_labels(cb, meta.get("labels"))
            described = [meta["description"]] if meta.get("description") else []
            return Survey(cached, _raked(cb), source, digest, described + meta.get("notes", []))
    df, value_labels = read_table(source, format=getattr(cb, "format", None))
    cb = with_file_labels(cb, df.attrs.get("cx_labels"))
    problems = check_data(df, cb, where=str(source), value_labels=value_labels)
    if problems:
        raise CXInputError(problems)
    clean = prepare(df, cb, value_labels=value_labels, keep_pii=keep_pii)
    if cb.weighting:
        clean[RAKED_WEIGHT] = _rake(clean, cb, value_labels, where=f"{cb.path or 'codebook'}, "
                                    "weighting")
    if not keep_pii:  # open answers are kept only redacted, in memory and in the cache alike
        clean = clean.assign(**{c: clean[c].map(redact, na_action="ignore")
                                for c in cb.text if c in clean.columns})
    notes = data_warnings(df, cb)
    if cache_file is not None:
        # the warnings (sentences without values from the data), the export's description and
        # its question texts travel with the cached rows, so that a hit tells the same
        _atomic_parquet(clean, cache_file, meta={
            "notes": notes, "description": df.attrs.get("cx_description") or "",
            "labels": df.attrs.get("cx_labels") or {}})
    for note in notes:
        warnings.warn(f"{source.name}: {note}", CXDataWarning, stacklevel=2)
    described = [df.attrs["cx_description"]] if df.attrs.get("cx_description") else []
    return Survey(clean, _raked(cb), source, digest, described + notes)


def _raked(cb: Codebook) -> Codebook:
    """The codebook of a raked survey: ``weight`` is the raked column, so analyses use it."""
    if not cb.weighting:
        return cb
    return replace(cb, weight=RAKED_WEIGHT, raked=True, base_weight=cb.weight)


def _rake(clean: pd.DataFrame, cb: Codebook, value_labels: dict, *, where: str) -> pd.Series:
    """Raked weights for ``weighting:``; target levels may be codes or their value labels."""
    labels = {**value_labels, **cb.labels}
    targets = {}
    for var, shares in cb.weighting["rake"].items():
        names = {str(_num_key(k)): v for k, v in labels.get(var, {}).items()}
        present = set(clean[var].dropna().astype(str)) if var in clean.columns else set()
        targets[var] = {names[str(k)] if names.get(str(k)) in present else k: s
                        for k, s in shares.items()}
    fit = rake_fit(clean, targets=targets, weight=cb.weight, bounds=cb.weighting["bounds"],
                    where=where)
    if not fit.converged:
        raise CXInputError(Problem(where, f"raking did not converge (largest share error "
                                   f"{fit.max_error:.2g})", "widen 'bounds' or check that the "
                                   "targets fit together"))
    return fit.weights


def with_file_labels(cb: Codebook, labels: dict[str, str] | None) -> Codebook:
    """The codebook with the file's question texts as ``column_labels`` where it sets none.

    The texts are stored under ``en``, which :meth:`Codebook.label_of` uses for every
    language that has no label of its own.

    Parameters
    ----------
    cb : Codebook
        The codebook.
    labels : dict, optional
        ``{column: question text}`` from a survey-platform export.

    Returns
    -------
    Codebook
        A new codebook (``cb`` itself when there are no labels).

    Examples
    --------
    >>> from cxresearch.codebook import codebook_from_dict
    >>> cb = codebook_from_dict({"name": "Mini", "data": "mini.csv", "id": "id",
    ...     "outcomes": {"recommend": {"column": "ltr", "scale": [0, 10]}},
    ...     "constructs": {"price": {"items": ["p1", "p2"], "scale": [1, 5]}}})
    >>> with_file_labels(cb, {"ltr": "How likely ...?"}).label_of("ltr", "fi")
    'How likely ...?'
    """
    if not labels:
        return cb
    from dataclasses import replace

    merged = {col: {"en": text} for col, text in labels.items()}
    merged.update(cb.column_labels)
    return replace(cb, column_labels=merged)


def _cache_path(cb: Codebook, source: Path, digest: str,
                cache_dir: str | Path | None | bool) -> Path | None:
    if cache_dir is False or not digest:
        return None
    if cache_dir is None or cache_dir is True:
        if cb.path is None or cb.path.parent.name != "raw":
            return None
        cache_dir = cb.path.parent.parent / "processed"
    cache_dir = Path(cache_dir)
    if cache_dir.resolve().name == "raw":  # never write into data/raw
        return None
    # "redacted": caches written before open answers were redacted are never read again;
    # the code fingerprint: changed code (or version) never serves data cleaned by old code
    key = hashlib.sha256(
        f"{digest}:{cb.sha256}:{code_fingerprint()}:redacted".encode()).hexdigest()[:16]
    return cache_dir / f"{source.stem}-{key}.parquet"


_CACHE_META = b"cxresearch.load"


def _read_cache(path: Path) -> tuple[pd.DataFrame | None, dict]:
    """The cached rows and what :func:`load` said about them; ``(None, {})`` for a cache
    written without that record (older versions), which is then rebuilt."""
    import pyarrow.parquet as pq

    table = pq.read_table(path)
    raw = (table.schema.metadata or {}).get(_CACHE_META)
    if raw is None:
        return None, {}
    meta = json.loads(raw.decode("utf-8"))
    return table.to_pandas(), meta


def _atomic_parquet(df: pd.DataFrame, target: Path, meta: dict | None = None) -> None:
    import pyarrow as pa
    import pyarrow.parquet as pq

    target.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(dir=target.parent, suffix=".parquet.part")
    os.close(fd)
    try:
        table = pa.Table.from_pandas(df, preserve_index=False)
        if meta is not None:
            table = table.replace_schema_metadata(
                {**(table.schema.metadata or {}),
                 _CACHE_META: json.dumps(meta, ensure_ascii=False).encode("utf-8")})
        pq.write_table(table, tmp)
        os.replace(tmp, target)
    except Exception:
        Path(tmp).unlink(missing_ok=True)
        raise


def as_frame(data: pd.DataFrame | Survey) -> tuple[pd.DataFrame, Codebook | None]:
    """The data frame and codebook (None for a plain DataFrame) behind ``data``."""
    if isinstance(data, Survey):
        return data.data, data.codebook
    if isinstance(data, pd.DataFrame):
        return data, None
    raise TypeError(f"expected a pandas DataFrame or a cxresearch Survey, got "
                    f"{type(data).__name__}")


# --------------------------------------------------------------------------- survey defaults

#: what a resolved name is, the argument that passes it, the codebook key that supplies it
_ROLES = {"outcome": ("outcome", "outcome", "outcomes: / key_outcome:"),
          "weight": ("weight", "weight", "weight:"), "drivers": ("drivers", "drivers",
                                                                "constructs:"),
          "wave": ("wave", "wave", "wave:"), "date": ("response date", "date", "date:"),
          "id": ("respondent id", "id", "id:"), "segments": ("segments", "segments",
                                                              "segments:")}


@dataclass(frozen=True)
class Defaults:
    """The columns an analysis uses, decided once by :func:`resolve_defaults`.

    Parameters
    ----------
    data : DataFrame
        The respondents (the Survey's cleaned data, or the DataFrame itself; not copied).
    codebook : Codebook or None
        None for a plain DataFrame.
    where : str
        What error messages name as the place of a problem (the data file, or ``"data"``).
    outcome : str or None
        The outcome column.
    outcome_spec : Outcome or None
        The codebook outcome behind ``outcome`` (None for a column the codebook does not
        declare as an outcome, and for a DataFrame).
    weight : str or None
        The weight column (None: unweighted).
    drivers : list of str
        Driver columns (construct scores or single items).
    id, wave, date : str or None
        The respondent id, wave and response-date columns.
    segments : list of str
        Segment columns.

    Examples
    --------
    >>> d = Defaults(pd.DataFrame({"y": [1, 2]}), None, "data", outcome="y")
    >>> d.outcome, d.outcome_type, d.scale, d.drivers
    ('y', None, None, [])
    """

    data: pd.DataFrame
    codebook: Codebook | None
    where: str
    outcome: str | None = None
    outcome_spec: Outcome | None = None
    weight: str | None = None
    drivers: list[str] = field(default_factory=list)
    id: str | None = None
    wave: str | None = None
    date: str | None = None
    segments: list[str] = field(default_factory=list)

    @property
    def outcome_type(self) -> str | None:
        """``"nps"``, ``"binary"`` or ``"rating"`` for a codebook outcome, else None."""
        return self.outcome_spec.type if self.outcome_spec else None

    @property
    def scale(self) -> tuple[float, float] | None:
        """The codebook outcome's answer scale, else None."""
        return tuple(self.outcome_spec.scale) if self.outcome_spec else None


def _nps_outcome(cb: Codebook) -> Outcome:
    """The key outcome when it is an NPS; else ``recommend`` or the first NPS outcome; else
    the key outcome (the NPS function then says it is not a 0–10 recommendation)."""
    key = cb.key_outcome
    if key.type == "nps":
        return key
    nps_ones = [o for o in cb.outcomes.values() if o.type == "nps"]
    rec = cb.outcomes.get("recommend")
    return rec if rec is not None and rec.type == "nps" else nps_ones[0] if nps_ones else key


def resolve_defaults(data: pd.DataFrame | Survey, *, outcome: str | None = None,
                     weight: str | None | bool = None, drivers: Sequence[str] | None = None,
                     wave: str | None = None, date: str | None = None,
                     segments: Sequence[str] | None = None, nps: bool = False,
                     need: Sequence[str] = (), columns: Sequence[str | None] = (),
                     check: bool = True) -> Defaults:
    """The survey defaults every analysis function uses: one place that decides them.

    With a :class:`Survey`, what is not passed comes from its codebook: the outcome is the
    codebook's ``key_outcome`` (else ``recommend``, else the first outcome; with
    ``nps=True`` the key outcome when it is an NPS, else the recommendation, for functions
    that only compute an NPS), the weight its ``weight`` (``weight=False``: unweighted), the
    drivers its driver constructs (multi-item scores or single items), and its ``id``,
    ``wave``, ``date`` and ``segments``. An outcome may be given by its codebook name
    (``"satisfaction"``) or its column. A plain DataFrame has no defaults: what is needed is
    passed, or a :class:`~cxresearch.errors.CXInputError` names the argument to pass.

    Parameters
    ----------
    data : Survey or DataFrame
        The respondents.
    outcome, weight, drivers, wave, date, segments : optional
        What the caller passed (None: the default).
    nps : bool
        The function computes an NPS: default to the survey's NPS outcome.
    need : list of str
        What must be known (``"outcome"``, ``"drivers"``, ``"wave"``, ``"date"``, ``"id"``,
        ``"weight"``, ``"segments"``): when it is not, a CXInputError says what to pass.
    columns : list of str
        Further columns the caller uses (a moderator, a mediator): checked to exist too
        (None entries are skipped).
    check : bool
        Check that every resolved column is in the data (default).

    Returns
    -------
    Defaults
        The resolved columns (see :class:`Defaults`).

    Raises
    ------
    CXInputError
        A needed column that is neither given nor in the codebook, or a column not in the
        data (the message names it, the closest name and the available ones).

    Examples
    --------
    >>> import cxresearch as cx
    >>> d = resolve_defaults(cx.load(cx.bundled_codebook()))
    >>> d.outcome, d.outcome_type, d.weight, d.drivers[:2], d.wave
    ('ltr', 'nps', 'weight', ['social', 'service'], 'wave')
    >>> df = pd.DataFrame({"y": [1, 2], "x": [3, 4]})
    >>> resolve_defaults(df, outcome="y", drivers=["x"]).drivers
    ['x']
    >>> resolve_defaults(df, need=["outcome"])
    Traceback (most recent call last):
    ...
    cxresearch.errors.CXInputError: data, column 'outcome': no outcome given
      fix: pass outcome='<column>'
    """
    df, cb = as_frame(data)
    where = str(data.source) if isinstance(data, Survey) else "data"
    spec: Outcome | None = None
    # the codebook's wave, date and segments are checked only when the caller uses them
    used = {r for r, v in (("wave", wave), ("date", date), ("segments", segments)) if v}
    used |= set(need)
    if cb is not None:
        if outcome is None:
            spec = _nps_outcome(cb) if nps else cb.key_outcome
        else:
            spec = next((o for o in cb.outcomes.values() if outcome in (o.name, o.column)),
                        None)
        outcome = spec.column if spec is not None else outcome
        weight = cb.weight if weight is None else weight
        drivers = cb.drivers if drivers is None else drivers
        wave = wave or cb.wave
        date = date or cb.date
        segments = list(cb.segments) if segments is None else segments
    weight = None if weight is False else weight or None
    found = Defaults(df, cb, where, outcome, spec, weight, list(dict.fromkeys(drivers or [])),
                     cb.id if cb else None, wave, date, list(segments or []))
    problems = []
    for role in need:
        if not getattr(found, role):
            what, arg, key = _ROLES[role]
            fix = (f"pass {arg}=" + ("[...]" if role in ("drivers", "segments") else "'<column>'")
                   + (f" or add '{key}' to the codebook" if cb is not None else ""))
            problems.append(Problem(where, f"no {what} given", fix, column=arg,
                                    key="defaults.not_given" if cb is not None else None,
                                    params={"arg": arg, "key": key}))
    if problems:
        raise CXInputError(problems)
    if check:
        named = [found.outcome, found.weight, *found.drivers, *columns]
        named += [getattr(found, r) for r in ("wave", "date", "id") if r in used]
        named += found.segments if "segments" in used else []
        missing = [c for c in dict.fromkeys(named) if c is not None and c not in df.columns]
        if missing:
            def problem(c: str) -> Problem:
                near = _closest(str(c), df.columns)
                hint = f"did you mean '{near}'? " if near is not None else ""
                some = _some(df.columns, 20)
                return Problem(where, "the column is not in the data",
                               f"{hint}use one of: {some}", column=str(c),
                               key="column.missing" if near is None else "column.missing_near",
                               params={"column": str(c), "near": str(near), "columns": some})
            raise CXInputError([problem(c) for c in missing])
    return found
