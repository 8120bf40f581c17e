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

import csv
import hashlib
import io as _io
import os
import re
import tempfile
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import numpy as np
import pandas as pd

from .codebook import Codebook, read_codebook
from .errors import CXInputError, Problem
from .redact import redact
from .version import __version__

__all__ = [
    "Survey",
    "load",
    "read_table",
    "check_data",
    "prepare",
    "file_sha256",
    "bundled_codebook",
    "project_root",
]

_MAX_EXAMPLES = 5


# --------------------------------------------------------------------------- the loaded survey


@dataclass
class Survey:
    """A survey loaded with :func:`load`: cleaned data plus the codebook that describes it.

    Attributes
    ----------
    data : DataFrame
        One row per respondent: missing codes are NaN, reverse items reversed, one score column
        per construct (named as the construct), value labels applied to grouping columns, PII
        columns removed.
    codebook : Codebook
    source : Path
        The raw data file.
    sha256 : str
        The raw data file's SHA-256 (for provenance and caching).
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
    """The repository root when the package is installed from a clone (``pip install -e .``)."""
    return Path(__file__).resolve().parent.parent


def bundled_codebook() -> Path:
    """Path of the bundled simulated retail survey's codebook."""
    return project_root() / "data" / "raw" / "retail_cx.yaml"


def file_sha256(path: str | Path, chunk: int = 1 << 20) -> str:
    """SHA-256 of a file, read in chunks (large files are fine)."""
    h = hashlib.sha256()
    with open(path, "rb") as fh:
        while block := fh.read(chunk):
            h.update(block)
    return h.hexdigest()


# --------------------------------------------------------------------------- readers


def read_table(path: str | Path) -> tuple[pd.DataFrame, dict[str, dict[Any, str]]]:
    """Read a survey data file into a DataFrame.

    Parameters
    ----------
    path : str or Path
        ``.csv``/``.txt`` (delimiter, decimal mark and encoding detected), ``.tsv``, ``.xlsx``,
        ``.sav`` or ``.parquet``.

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
        if suffix in (".csv", ".txt", ".tsv"):
            df = _read_delimited(path, tab=suffix == ".tsv")
        elif suffix == ".xlsx":
            df = pd.read_excel(path, engine="openpyxl")
        elif suffix == ".sav":
            df, labels = _read_sav(path)
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
    df.columns = [str(c).strip() for c in df.columns]
    if len(df.columns) and len(df) == 0:
        raise CXInputError(Problem(where, "the file has a header but no data rows",
                                   "export the data again with the respondents' rows"))
    return df, labels


def _read_delimited(path: Path, *, tab: bool) -> pd.DataFrame:
    raw = path.read_bytes()
    if raw[:2] in (b"\xff\xfe", b"\xfe\xff") or (len(raw) > 3 and raw[1:4:2] == b"\x00\x00"):
        raise CXInputError(Problem(str(path), "the file is UTF-16 text (as Excel's 'Unicode "
                                   "text' export writes it)", "save it as 'CSV UTF-8' or "
                                   "'CSV (semicolon separated)' instead"))
    encoding = "utf-8-sig"
    try:
        text = raw.decode(encoding)
    except UnicodeDecodeError:
        encoding = "cp1252"  # Windows/Excel export in Finland and most of Europe
        text = raw.decode(encoding)
    if not text.strip():
        raise CXInputError(Problem(str(path), "the data file has no text (only blanks)",
                                   "export the data again"))
    lines = text.splitlines()
    head = lines[0]
    if tab:
        sep = "\t"
    else:
        counts = {s: head.count(s) for s in (";", ",", "\t")}
        sep = max(counts, key=counts.get) if max(counts.values()) else ","
    decimal = "."
    if sep != ",":
        sample = "\n".join(lines[1:2000])
        cells = [c.strip().strip('"') for row in csv.reader(_io.StringIO(sample), delimiter=sep)
                 for c in row]
        commas = sum(bool(re.fullmatch(r"-?\d+,\d+", c)) for c in cells)
        points = sum(bool(re.fullmatch(r"-?\d+\.\d+", c)) for c in cells)
        if commas > points:
            decimal = ","
    return pd.read_csv(_io.StringIO(text), sep=sep, decimal=decimal, low_memory=False,
                       skipinitialspace=True)


def _read_sav(path: Path) -> tuple[pd.DataFrame, dict[str, dict[Any, str]]]:
    import pyreadstat

    # user_missing=False: SPSS user-missing codes become NaN, as the file's author declared.
    df, meta = pyreadstat.read_sav(str(path), apply_value_formats=False, user_missing=False)
    labels = {col: {_num_key(k): str(v) for k, v in mapping.items()}
              for col, mapping in (meta.variable_value_labels or {}).items()}
    return df, labels


def _num_key(k: Any) -> Any:
    if isinstance(k, float) and k.is_integer():
        return int(k)
    return k


# --------------------------------------------------------------------------- checking


def check_data(df: pd.DataFrame, codebook: Codebook, *, where: str) -> list[Problem]:
    """Every problem with ``df`` against ``codebook``, without changing ``df``.

    Checks: columns the codebook names exist; ids are unique; outcome and item columns hold
    numbers (after missing codes) inside their declared scale; the NPS outcome holds whole
    numbers; weights are positive numbers; dates parse; no construct is entirely unanswered.

    Returns
    -------
    list of Problem
        Empty when the data is fine.
    """
    problems: list[Problem] = []
    cb = codebook
    cols = set(df.columns)
    one_col = len(df.columns) == 1 and re.search(r"[|:^#~]", str(df.columns[0]))
    for col in cb.columns():
        if col not in cols:
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
        dup = ids.duplicated(keep=False) & ids.notna()
        if dup.any():
            problems.append(Problem(where, f"{int(dup.sum())} rows share an id with another row",
                                    "remove the duplicate responses or fix the ids",
                                    column=cb.id, **_rows(dup)))  # ids may be e-mails: no value
        if ids.isna().any():
            problems.append(Problem(where, "some rows have no id", "give every row an id",
                                    column=cb.id, **_rows(ids.isna())))

    scaled: list[tuple[str, tuple[float, float], str]] = [
        (o.column, o.scale, f"outcomes.{o.name}") for o in cb.outcomes.values()]
    scaled += [(item, c.scale, f"constructs.{c.name}") for c in cb.constructs.values()
               for item in c.items]
    for col, (lo, hi), key in scaled:
        values = _without_missing(df[col], cb.missing)
        numeric = pd.to_numeric(values, errors="coerce")
        text = numeric.isna() & values.notna()
        if text.any():
            example = values[text].iloc[0]
            fix = "replace the text with the number it stands for, or add the code to 'missing:'"
            if isinstance(example, str) and re.fullmatch(r"\s*-?\d+,\d+\s*", example):
                fix = ("the file uses a decimal comma inside comma-separated fields: save it with "
                       "';' as the separator (Finnish Excel CSV) or use a decimal point")
            problems.append(Problem(where, f"{int(text.sum())} values are text, not numbers",
                                    fix, column=col, **_rows(text), value=example))
        out = (numeric < lo) | (numeric > hi)
        if out.any():
            problems.append(Problem(
                where, f"{int(out.sum())} values are outside the scale {lo:g}–{hi:g} of {key}",
                "correct those values; if they are codes for 'no answer' add them to 'missing:'; "
                f"if the scale is wrong, fix 'scale:' of {key}",
                column=col, **_rows(out), value=_plain(numeric[out].iloc[0])))
        if col == cb.recommend.column and cb.recommend.is_nps_scale:
            frac = numeric.notna() & (numeric != np.round(numeric))
            if frac.any():
                problems.append(Problem(
                    where, f"{int(frac.sum())} recommendation answers are not whole numbers",
                    "the NPS question has whole-number answers: check the column is the raw "
                    "0–10 answer, not an average", column=col, **_rows(frac),
                    value=_plain(numeric[frac].iloc[0])))
        if numeric.notna().sum() == 0 and len(df):
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

    if cb.date:
        _, bad_dates = _parse_dates(df[cb.date])
        if bad_dates.any():
            problems.append(Problem(where, f"{int(bad_dates.sum())} dates could not be read",
                                    "write dates as YYYY-MM-DD (or DD.MM.YYYY)", column=cb.date,
                                    **_rows(bad_dates), value=df[cb.date][bad_dates].iloc[0]))
    return problems


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
        dayfirst = bool(text.str.contains(r"^\d{1,2}\.\d{1,2}\.\d{4}", regex=True).any())
        parsed = pd.to_datetime(text, errors="coerce", dayfirst=dayfirst, format="mixed")
    bad = parsed.isna() & col.notna()
    return parsed, bad


# --------------------------------------------------------------------------- preparing


def prepare(df: pd.DataFrame, codebook: Codebook, *,
            value_labels: dict[str, dict[Any, str]] | None = None,
            keep_pii: bool = False) -> pd.DataFrame:
    """Clean a checked data frame: missing codes, reverse items, construct scores, labels.

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
        A new frame with numeric items and outcomes, reversed reverse items, one score column
        per construct (mean of answered items when at least ``min_answered`` of them are
        answered, else NaN) and labelled grouping columns.
    """
    cb = codebook
    out = df.copy()
    numeric_cols = [o.column for o in cb.outcomes.values()] + cb.items
    for col in dict.fromkeys(numeric_cols):
        out[col] = pd.to_numeric(_without_missing(out[col], cb.missing), errors="coerce")
        out[col] = out[col].astype("float64")
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

    Raises
    ------
    CXInputError
        Every problem found in the codebook or the data, at once.
    """
    cb = codebook if isinstance(codebook, Codebook) else read_codebook(codebook)
    source = Path(data) if data is not None else cb.data
    if data is not None and not source.is_file():
        raise CXInputError(Problem(str(source), "the data file does not exist",
                                   "check the path given to --data"))
    digest = file_sha256(source) if source.is_file() else ""
    cache_file = _cache_path(cb, source, digest, cache_dir) if not keep_pii else None
    if cache_file is not None and cache_file.is_file():
        try:
            return Survey(pd.read_parquet(cache_file), cb, source, digest)
        except Exception:  # a broken cache is rebuilt, never trusted
            pass
    df, value_labels = read_table(source)
    problems = check_data(df, cb, where=str(source))
    if problems:
        raise CXInputError(problems)
    clean = prepare(df, cb, value_labels=value_labels, keep_pii=keep_pii)
    if not keep_pii:  # open answers are kept only redacted, in memory and in the cache alike
        clean = clean.assign(**{c: clean[c].map(redact, na_action="ignore")
                                for c in cb.text if c in clean.columns})
    if cache_file is not None:
        _atomic_parquet(clean, cache_file)
    return Survey(clean, cb, source, digest)


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
    # "redacted": caches written before open answers were redacted are never read again
    key = hashlib.sha256(f"{digest}:{cb.sha256}:{__version__}:redacted".encode()).hexdigest()[:16]
    return cache_dir / f"{source.stem}-{key}.parquet"


def _atomic_parquet(df: pd.DataFrame, target: Path) -> None:
    target.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(dir=target.parent, suffix=".parquet.part")
    os.close(fd)
    try:
        df.to_parquet(tmp, index=False)
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
