"""Running parameterised notebooks into self-contained HTML reports.

A report notebook has one cell tagged ``parameters`` with type-hinted defaults. Running it:

1. :func:`check_parameters` compares the given parameters with that cell *before* any kernel
   starts: unknown names and wrong types are errors that list the notebook's parameters.
2. papermill executes a copy of the notebook with the parameters injected.
3. :func:`export_html` turns the executed notebook into one HTML file: code hidden, images
   embedded, a table of contents, no external scripts, and a provenance footer (data and
   codebook hashes, parameters, package versions, run time). The file is written atomically,
   so an interrupted run never leaves half a report.

Examples
--------
>>> params = notebook_parameters(find_notebook("nps_overview"))
>>> params["lang"]
('str', 'en')
>>> check_parameters(find_notebook("nps_overview"), {"min_n": "50"}, from_text=True)["min_n"]
50
"""

from __future__ import annotations

import ast
import datetime as _dt
import html
import json
import platform
import re
import tempfile
import time
from dataclasses import dataclass, field
from functools import lru_cache
from importlib import metadata
from pathlib import Path
from typing import Any

import yaml

from .errors import CXInputError, Problem
from .files import check_out_dir, safe_name, write_atomic
from .i18n import LANGS, fmt_date, fmt_num, t
from .narrative import CHART_MIME, KEY_FIGURES_MIME, TABLE_MIME

__all__ = [
    "ReportError",
    "ReportResult",
    "find_notebook",
    "list_notebooks",
    "notebook_parameters",
    "check_parameters",
    "check_values",
    "check_supports",
    "MODELS_OUTCOME",
    "USES_DRIVERS",
    "MEASUREMENT_MIN_N",
    "check_columns",
    "GROUPING_PARAMETERS",
    "run_report",
    "export_html",
    "html_exporter",
    "KEY_FIGURES_MIME",
    "CSP_META",
]

_VERSIONED = ["cxresearch", "pandas", "numpy", "scipy", "statsmodels", "pingouin", "seaborn",
              "matplotlib", "papermill", "nbconvert"]


class ReportError(RuntimeError):
    """A report notebook failed while running: which notebook, which cell, what error.

    :func:`run_report` raises it (nothing is written); the batch records it per report.

    Parameters
    ----------
    notebook : str
        The notebook's name.
    cell : int or None
        The execution count of the failing cell (None when unknown).
    ename : str
        The exception's class name in the kernel (``"KeyError"``).
    evalue : str
        Its message, without terminal colour codes.

    Examples
    --------
    >>> err = ReportError("nps_overview", 7, "KeyError", "'ltr'")
    >>> str(err), err.cell
    ("nps_overview in cell 7: KeyError: 'ltr'", 7)
    """

    def __init__(self, notebook: str, cell: int | None, ename: str, evalue: str):
        self.notebook, self.cell, self.ename, self.evalue = notebook, cell, ename, evalue
        where = f" in cell {cell}" if cell is not None else ""
        super().__init__(f"{notebook}{where}: {ename}: {evalue}")


@dataclass
class ReportResult:
    """What a finished report run produced.

    Parameters
    ----------
    notebook : str
        The notebook's name (``"nps_overview"``).
    path : Path
        The first file written (the HTML unless only other formats were asked for).
    seconds : float
        Time the notebook took to run.
    parameters : dict
        The checked parameters it ran with (the codebook and data paths included).
    key_figures : dict, optional
        The report's key figures (title, NPS, base, ...) as the notebook published them with
        :func:`cxresearch.narrative.key_figures`; the batch index shows them.
    files : list of Path, optional
        Every file written (the HTML, pptx and xlsx versions asked for).

    Examples
    --------
    >>> res = ReportResult("nps_overview", Path("reports/nps_overview.html"), 12.5,
    ...                    {"lang": "fi", "min_n": 30}, {"nps": 21.4},
    ...                    [Path("reports/nps_overview.html"), Path("reports/nps_overview.pptx")])
    >>> res.path.name, [f.suffix for f in res.files], res.key_figures["nps"]
    ('nps_overview.html', ['.html', '.pptx'], 21.4)
    """

    notebook: str
    path: Path
    seconds: float
    parameters: dict[str, Any]
    key_figures: dict[str, Any] = field(default_factory=dict)
    #: every file written (the HTML, pptx and xlsx versions asked for)
    files: list[Path] = field(default_factory=list)


# --------------------------------------------------------------------------- notebooks


def _notebook_dir() -> Path:
    from .io import project_root

    return project_root() / "notebooks"


def list_notebooks() -> list[str]:
    """Names of the report notebooks shipped in ``notebooks/``.

    Returns
    -------
    list of str
        The names without ``.ipynb``, sorted; each one works as ``cx report NAME``.

    Examples
    --------
    >>> names = list_notebooks()
    >>> "nps_overview" in names, "driver_analysis" in names, names == sorted(names)
    (True, True, True)
    """
    return sorted(p.stem for p in _notebook_dir().glob("*.ipynb"))


def find_notebook(name: str | Path) -> Path:
    """Resolve a notebook name (``nps_overview``) or path to an existing ``.ipynb`` file.

    Tried in order: the path as given, with ``.ipynb`` added, and the name in the package's
    ``notebooks/`` folder.

    Parameters
    ----------
    name : str or Path
        A notebook name from :func:`list_notebooks` or a path (``.ipynb`` optional).

    Returns
    -------
    Path
        The notebook file, resolved to an absolute path.

    Raises
    ------
    CXInputError
        No such notebook; the message lists the shipped ones.

    Examples
    --------
    >>> path = find_notebook("nps_overview")
    >>> path.name, path.parent.name, path.is_absolute()
    ('nps_overview.ipynb', 'notebooks', True)
    >>> find_notebook("nps_overveiw")
    Traceback (most recent call last):
    ...
    cxresearch.errors.CXInputError: nps_overveiw: no such report notebook...
    """
    p = Path(name)
    candidates = [p, p.with_suffix(".ipynb"), _notebook_dir() / p.with_suffix(".ipynb"),
                  _notebook_dir() / p.with_suffix(".ipynb").name]
    for c in candidates:
        if c.suffix == ".ipynb" and c.is_file():
            return c.resolve()
    raise CXInputError(Problem(str(name), "no such report notebook",
                               f"use a path to an .ipynb file or one of: "
                               f"{', '.join(list_notebooks())}"))


def _parameters_cell(nb: dict) -> tuple[int, str]:
    for i, cell in enumerate(nb["cells"]):
        if cell.get("cell_type") == "code" and "parameters" in cell.get("metadata", {}).get(
                "tags", []):
            src = cell["source"]
            return i, "".join(src) if isinstance(src, list) else src
    raise CXInputError(Problem("notebook", "the notebook has no cell tagged 'parameters'",
                               "tag the cell with the defaults 'parameters' (View → Cell "
                               "toolbar → Tags in JupyterLab)"))


def notebook_parameters(path: str | Path) -> dict[str, tuple[str, Any]]:
    """The parameters a notebook declares: ``{name: (type, default)}``.

    Every assignment in the ``parameters`` cell must be type-hinted with a literal default
    (``min_n: int = 30``).

    Parameters
    ----------
    path : str or Path
        The notebook file (see :func:`find_notebook`).

    Returns
    -------
    dict
        ``{name: (type annotation as text, default)}`` in the cell's order.

    Raises
    ------
    CXInputError
        The notebook has no cell tagged ``parameters``, or a parameter has no type hint.

    Examples
    --------
    >>> params = notebook_parameters(find_notebook("nps_overview"))
    >>> params["min_n"], params["show_comments"]
    (('int', 30), ('bool', False))
    >>> "codebook" in params, "lang" in params
    (True, True)
    """
    path = Path(path)
    nb = json.loads(path.read_text(encoding="utf-8"))
    _, source = _parameters_cell(nb)
    params: dict[str, tuple[str, Any]] = {}
    for node in ast.parse(source).body:
        if isinstance(node, ast.AnnAssign) and isinstance(node.target, ast.Name):
            params[node.target.id] = (ast.unparse(node.annotation),
                                      ast.literal_eval(node.value) if node.value else None)
        elif isinstance(node, ast.Assign):
            names = ", ".join(ast.unparse(tg) for tg in node.targets)
            raise CXInputError(Problem(str(path), f"parameter {names} has no type hint",
                                       f"write it as '{names}: str = ...' (or int, float, ...)"))
    return params


def _type_ok(value: Any, ann: str) -> bool:
    base = ann.split("[")[0].strip()
    if "|" in ann:
        return any(_type_ok(value, part.strip()) for part in ann.split("|"))
    checks = {
        "str": lambda v: isinstance(v, str),
        "int": lambda v: isinstance(v, int) and not isinstance(v, bool),
        "float": lambda v: isinstance(v, (int, float)) and not isinstance(v, bool),
        "bool": lambda v: isinstance(v, bool),
        "list": lambda v: isinstance(v, list),
        "dict": lambda v: isinstance(v, dict),
        "None": lambda v: v is None,
    }
    return checks.get(base, lambda v: True)(value)


def _from_text(value: Any, ann: str) -> Any:
    """Turn a command-line string into the parameter's type (str parameters stay text)."""
    if not isinstance(value, str) or ann.strip() == "str":
        return value
    try:
        parsed = yaml.safe_load(value)
    except yaml.YAMLError:
        return value
    if ann.strip() == "float" and isinstance(parsed, int) and not isinstance(parsed, bool):
        return float(parsed)
    return parsed


def check_parameters(path: str | Path, given: dict[str, Any], *,
                     from_text: bool = False) -> dict[str, Any]:
    """Check parameters against a notebook's ``parameters`` cell; return them typed.

    Parameters
    ----------
    path : path
        The notebook.
    given : dict
        Parameter values. With ``from_text=True`` they are command-line strings and are
        parsed to the declared types first (``"50"`` → 50 for an ``int``).
    from_text : bool, default False
        Parse the values as YAML scalars first (``str`` parameters stay text; an ``int``
        given to a ``float`` parameter becomes a float).

    Returns
    -------
    dict
        The given parameters with the declared types (ints given to ``float`` parameters
        become floats); parameters not given are left out (the notebook's defaults apply).

    Raises
    ------
    CXInputError
        Unknown names (with the closest declared name), values of the wrong type and an
        unknown ``lang``, all at once; the message lists every parameter of the notebook
        with its type and default.

    Examples
    --------
    >>> nb = find_notebook("nps_overview")
    >>> check_parameters(nb, {"min_n": "50", "show_comments": "true"}, from_text=True)
    {'min_n': 50, 'show_comments': True}
    >>> check_parameters(nb, {"min_m": 50})
    Traceback (most recent call last):
    ...
    cxresearch.errors.CXInputError: nps_overview.ipynb, column 'min_m': unknown parameter 'min_m' (e.g. 50)
      fix: did you mean 'min_n'? the notebook's parameters are: codebook: str = ''; ...
    """
    import difflib

    declared = notebook_parameters(path)
    listing = "; ".join(f"{k}: {a} = {d!r}" for k, (a, d) in declared.items())
    problems, out = [], {}
    for name, value in given.items():
        if name not in declared:
            close = difflib.get_close_matches(name, list(declared), n=1)
            hint = f"did you mean '{close[0]}'? " if close else ""
            problems.append(Problem(Path(path).name, f"unknown parameter '{name}'",
                                    f"{hint}the notebook's parameters are: {listing}",
                                    column=name, value=value))
            continue
        ann = declared[name][0]
        v = _from_text(value, ann) if from_text else value
        if ann.strip() == "float" and isinstance(v, int) and not isinstance(v, bool):
            v = float(v)
        if not _type_ok(v, ann):
            problems.append(Problem(Path(path).name,
                                    f"parameter '{name}' must be {ann}, got {type(v).__name__}",
                                    f"give a value of type {ann}; the notebook's parameters "
                                    f"are: {listing}", column=name, value=value))
            continue
        if name == "lang" and v not in LANGS:
            problems.append(Problem(Path(path).name, f"unknown report language {v!r}",
                                    f"use one of {LANGS}", column=name, value=v))
            continue
        out[name] = v
    if problems:
        raise CXInputError(problems)
    return out


#: Report parameters that name a column used to group, filter or segment respondents.
GROUPING_PARAMETERS = {"segment": "segment", "filter_column": "filter", "by": "group",
                       "change_group": "group", "focus_moderator": "moderator",
                       "moderators": "moderator"}
#: Allowed ranges of numeric report parameters (inclusive).
_RANGES = {"n_boot": (0, 100_000), "priority_boot": (0, 100_000), "min_n": (1, 1_000_000),
           "seed": (0, 2**32 - 1), "population_nps": (-100, 100), "n": (1, 10_000_000)}


def check_values(params: dict[str, Any], *, where: str = "parameters") -> None:
    """Refuse impossible parameter values (negative ``n_boot``, ``population_nps`` 150, ``n``
    0, unparseable ``*_date`` values) before a kernel starts.

    Parameters
    ----------
    params : dict
        The checked parameters (:func:`check_parameters`); only ``n_boot``,
        ``priority_boot``, ``min_n``, ``seed``, ``population_nps``, ``n`` and ``date`` /
        ``*_date`` are looked at.
    where : str, default "parameters"
        The notebook or batch entry, for the message.

    Raises
    ------
    CXInputError
        Every value out of range (naming the range) or not a date.

    Examples
    --------
    >>> check_values({"n_boot": 10, "change_date": "2026-03-01"})
    >>> check_values({"n_boot": -1})
    Traceback (most recent call last):
    ...
    cxresearch.errors.CXInputError: ...
    """
    import math

    import pandas as pd

    problems = []
    for name, value in params.items():
        if name in _RANGES and isinstance(value, (int, float)) and not isinstance(value, bool):
            low, high = _RANGES[name]
            if not (math.isfinite(value) and low <= value <= high):
                problems.append(Problem(where, f"parameter '{name}' = {value} is out of range "
                                        f"({low}–{high})", f"give '{name}' a value from {low} "
                                        f"to {high}", column=name, value=value))
        if (name == "date" or name.endswith("_date")) and isinstance(value, str) and value:
            try:
                pd.Timestamp(value)
            except (ValueError, TypeError):
                problems.append(Problem(where, f"parameter '{name}' is not a date",
                                        "write it as YYYY-MM-DD, e.g. 2026-03-01", column=name,
                                        value=value[:40]))
    if problems:
        raise CXInputError(problems)


def check_columns(codebook: Any, params: dict[str, Any], *, where: str = "parameters",
                  columns: Any = None) -> None:
    """Columns named by grouping parameters may group respondents (and exist).

    Every column in :data:`GROUPING_PARAMETERS` goes through
    :func:`cxresearch.disclosure.check_groupable` (no open-text, PII or id column); with
    ``columns`` (the loaded data's columns) it must also be one of them.

    Parameters
    ----------
    codebook : Codebook
        The survey's codebook (``text``, ``pii``, ``id``, ``panel``, ``weight`` and
        ``segments`` are used).
    params : dict
        The report's parameters; those in :data:`GROUPING_PARAMETERS` (a column name or a
        list of them) are checked.
    where : str, default "parameters"
        The notebook or batch entry, for the message.
    columns : iterable of str, optional
        The loaded data's columns; when given, every named column must be one.

    Raises
    ------
    CXInputError
        Every column that may not group respondents or is not in the data, at once.

    Examples
    --------
    >>> from types import SimpleNamespace as NS
    >>> cb = NS(text=("comment",), pii=(), id="id", panel=None, weight=None,
    ...         segments=("channel", "region"))
    >>> check_columns(cb, {"segment": "region", "min_n": 30})
    >>> check_columns(cb, {"segment": "comment", "by": "shop"}, columns=["region", "comment"])
    Traceback (most recent call last):
    ...
    cxresearch.errors.CXInputError: parameters: segment, column 'comment': column 'comment' is an open-text column; it cannot segment a report
      fix: ...
    parameters: by, column 'shop': column 'shop' is not in the data
      fix: use one of the codebook's segments or moderators: channel, region
    """
    from .disclosure import check_groupable

    known = None if columns is None else set(columns)
    problems = []
    for name, purpose in GROUPING_PARAMETERS.items():
        value = params.get(name)
        for col in (value if isinstance(value, list) else [value]):
            if not isinstance(col, str) or not col:
                continue
            try:
                check_groupable(codebook, col, purpose=purpose, where=f"{where}: {name}")
            except CXInputError as err:
                problems.extend(err.problems)
                continue
            if known is not None and col not in known:
                problems.append(Problem(f"{where}: {name}", f"column '{col}' is not in the "
                                        "data", "use one of the codebook's segments or "
                                        f"moderators: {', '.join(sorted(codebook.segments))}",
                                        column=col))
    if problems:
        raise CXInputError(problems)


# --------------------------------------------------------------------------- running


#: Reports that model the key outcome (a constant one leaves nothing to explain) and reports
#: that use the driver constructs (a constant score cannot explain anything).
MODELS_OUTCOME = frozenset({"driver_analysis", "moderators", "journey", "open_text",
                            "measurement"})
USES_DRIVERS = frozenset({"driver_analysis", "moderators", "journey", "measurement"})
#: Fewest complete answers the measurement report's reliability and factor analysis need.
MEASUREMENT_MIN_N = 10


def check_supports(survey: Any, notebook: str, params: dict[str, Any], *,
                   where: str = "parameters") -> None:
    """Refuse, before a kernel starts, a report the (filtered) data cannot support.

    Checked: a key outcome with one answer only, for the reports that model it
    (:data:`MODELS_OUTCOME`); a driver construct score or item with one value only, for the
    reports that use drivers (:data:`USES_DRIVERS`); fewer than :data:`MEASUREMENT_MIN_N`
    complete answers for the measurement report; fewer open answers than ``min_n`` for the
    open-text report. Reports that can say in a sentence what they cannot show (one wave, one
    group, a small base) are not refused.

    Parameters
    ----------
    survey : Survey
        The loaded survey (before the report's filter).
    notebook : str
        The notebook name or path.
    params : dict
        The report's checked parameters (``filter_column``/``filter_value``, ``outcome``,
        ``drivers``, ``constructs``, ``text_column``, ``min_n``).
    where : str
        The notebook or batch entry, for the message.

    Raises
    ------
    CXInputError
        Naming the column, what the data cannot support and what to do instead.

    Examples
    --------
    >>> import cxresearch as cx
    >>> s = cx.load(cx.bundled_codebook())
    >>> check_supports(s, "driver_analysis", {})
    >>> check_supports(s.subset(s.data["ltr"] == 10), "driver_analysis", {})
    Traceback (most recent call last):
    ...
    cxresearch.errors.CXInputError: ...
    """
    import pandas as pd

    from .narrative import key_outcome

    name = Path(str(notebook)).stem
    if name not in MODELS_OUTCOME | USES_DRIVERS:
        return
    column, value = params.get("filter_column"), params.get("filter_value")
    part = survey.filter(column, value) if column else survey
    df, cb = part.data, part.codebook
    scope = f" with {column} = {value}" if column else ""
    problems = []

    def one_value(col: str) -> Any:
        x = pd.to_numeric(df[col], errors="coerce").dropna() if col in df else pd.Series([])
        return x.iloc[0] if len(x) and x.nunique() == 1 else None

    if name in MODELS_OUTCOME:
        try:
            outcome = key_outcome(cb, str(params.get("outcome") or "")).column
        except CXInputError:
            outcome = None
        same = one_value(outcome) if outcome else None
        if same is not None:
            problems.append(Problem(
                where, f"every respondent{scope} gave the same answer to '{outcome}' "
                f"({same:g}); the {name} report explains differences in it, and there are "
                "none", "run the NPS overview (cx report nps_overview) for this data, or "
                "check the data and the filter", column=outcome,
                key="supports.constant_outcome", params={"column": outcome, "report": name}))
    if name == "measurement":
        items = [i for d in (params.get("constructs") or cb.drivers) if d in cb.constructs
                 and len(cb.constructs[d].items) >= 2 for i in cb.constructs[d].items]
        complete = int(df[[i for i in items if i in df]].dropna().shape[0]) if items else 0
        if items and complete < MEASUREMENT_MIN_N:
            raise CXInputError(Problem(
                where, f"only {complete} respondents{scope} answered every item; reliability "
                f"and factor analysis need at least {MEASUREMENT_MIN_N}",
                "run it on more data (a wider filter, or all waves)", n_rows=complete,
                key="supports.few_complete", params={"n": complete, "min": MEASUREMENT_MIN_N}))
    if name in USES_DRIVERS:
        asked = params.get("constructs") if name == "measurement" else params.get("drivers")
        drivers = [d for d in (asked or cb.drivers) if d in cb.constructs]
        option = "constructs" if name == "measurement" else "drivers"
        for d in drivers:
            cols = [d] + (list(cb.constructs[d].items) if name == "measurement" else [])
            for col in cols:
                same = one_value(col)
                if same is not None:
                    rest = ", ".join(x for x in drivers if x != d)
                    problems.append(Problem(
                        where, f"every respondent{scope} has the same value of '{col}' "
                        f"({same:g}) (construct '{d}'); a constant cannot explain or be "
                        "explained", f"leave it out: -p {option} '[{rest}]', or check the "
                        "data", column=col, key="supports.constant_driver",
                        params={"column": col, "construct": d, "option": option, "rest": rest}))
                    break
    if name == "open_text":
        col = params.get("text_column") or (cb.text[0] if cb.text else None)
        min_n = int(params.get("min_n") or 30)
        if col and col in df:
            answers = int(df[col].astype("string").str.strip().fillna("").ne("").sum())
            if answers < min_n:
                problems.append(Problem(
                    where, f"only {answers} of {len(df)} respondents{scope} wrote an open "
                    f"answer in "
                    f"'{col}'; the open-text report needs at least {min_n} (min_n)",
                    "run it on more data (a wider filter, or all waves)", column=col,
                    key="supports.few_answers",
                    params={"n": answers, "total": len(df), "column": col, "min": min_n}))
    if problems:
        raise CXInputError(problems)


def run_report(notebook: str | Path, *, codebook: str | Path | None = None,
               out_dir: str | Path,
               data: str | Path | None = None, lang: str = "en",
               parameters: dict[str, Any] | None = None, name: str | None = None,
               from_text: bool = False, kernel_name: str = "python3",
               timeout: int | None = 1800, validate_data: bool = True,
               index: str | None = None, formats: str | list[str] | None = None,
               template: str | Path | None = None) -> ReportResult:
    """Run a report notebook with papermill and write one self-contained HTML file.

    Parameters
    ----------
    notebook : str or Path
        A notebook name from ``notebooks/`` (``"nps_overview"``) or a path.
    codebook : path, optional
        The survey's codebook; checked (with its data) before the kernel starts. Notebooks
        that simulate their own data (the teaching notebooks) declare no codebook parameter
        and get none.
    out_dir : path
        Folder for the report (created if needed).
    data : path, optional
        Another data file with the codebook's columns.
    lang : {"en", "fi", "sv"}
        The report's language.
    parameters : dict, optional
        Further notebook parameters (checked by :func:`check_parameters`).
    name : str, optional
        File name without ``.html`` (default: the notebook name).
    from_text : bool
        Parameters are command-line strings to be parsed to their declared types.
    kernel_name : str, default "python3"
        The Jupyter kernel that runs the notebook.
    timeout : int or None, default 1800
        Seconds a single cell may run before the report fails (None: no limit).
    validate_data : bool
        Load and check the codebook and data before the kernel starts (a batch does this
        once for all its reports and passes False).
    index : str, optional
        Address of the report set's index page relative to the report (a batch passes
        ``"index.html"``); the report then links back to it at its top and bottom.
    formats : str or list, optional
        Which files to write: a comma list or list of ``html``, ``pptx``, ``xlsx``
        (default ``html``); all have the same base name (see :mod:`cxresearch.deck`).
    template : path, optional
        A .pptx whose slide layouts and theme the deck uses.

    Returns
    -------
    ReportResult
        The notebook's name, the files written, the run time, the checked parameters and
        the report's key figures.

    Raises
    ------
    CXInputError
        Bad parameters, codebook or data (nothing is written).
    ReportError
        The notebook failed while running (nothing is written).

    Examples
    --------
    The run starts a Jupyter kernel (several seconds), so it is not run here; what it
    checks first runs in :func:`check_parameters` and :func:`check_values`.

    >>> import tempfile
    >>> import cxresearch as cx
    >>> with tempfile.TemporaryDirectory() as out:  # doctest: +SKIP
    ...     res = run_report("nps_overview", codebook=cx.bundled_codebook(), out_dir=out,
    ...                      lang="fi", parameters={"segment": "channel"})
    ...     [f.name for f in res.files]
    ['nps_overview.html']
    """
    import papermill as pm
    from papermill.exceptions import PapermillExecutionError

    from .codebook import read_codebook
    from .deck import build_pptx, build_xlsx, check_formats, check_template
    from .io import bundled_codebook, file_sha256, load

    formats = check_formats(formats)
    template = check_template(template)
    nb_path = find_notebook(notebook)
    declared = notebook_parameters(nb_path)
    given = dict(parameters or {})
    given["lang"] = lang
    if codebook is None and "codebook" in declared:
        default = declared["codebook"][1]
        codebook = (nb_path.parent / default).resolve() if default else bundled_codebook()
    if "codebook" in declared:
        given["codebook"] = str(Path(codebook).resolve())
    if data:
        given["data"] = str(Path(data).resolve())
    params = check_parameters(nb_path, given, from_text=from_text)
    check_values(params, where=nb_path.name)
    raw_data = [Path(data)] if data else []
    if "codebook" in declared and codebook is not None:
        cb_read = read_codebook(codebook)
        check_columns(cb_read, params, where=nb_path.name)
        raw_data.append(cb_read.data)
    if name is not None:
        safe_name(name)
    check_out_dir(out_dir, create=False, data_files=raw_data,  # never into the raw data
                  codebook=codebook if "codebook" in declared else None)
    if "codebook" not in declared:
        source, data_sha, cb_sha = Path("simulated in the notebook"), "–" * 16, None
    elif validate_data:
        survey = load(codebook, data=data)  # fail fast, before a kernel starts, on bad input
        check_columns(survey.codebook, params, where=nb_path.name, columns=survey.data.columns)
        check_supports(survey, nb_path.stem, params, where=nb_path.name)
        source, data_sha, cb_sha = survey.source, survey.sha256, survey.codebook.sha256
    else:
        cb = read_codebook(codebook)
        source = Path(data) if data else cb.data
        data_sha, cb_sha = file_sha256(source), cb.sha256
        if nb_path.stem in MODELS_OUTCOME | USES_DRIVERS:  # a batch checked the data once;
            # whether this report's (filtered) part supports it is checked here, per report
            check_supports(load(codebook, data=data), nb_path.stem, params, where=nb_path.name)
    out_dir = Path(out_dir)
    out_dir.mkdir(parents=True, exist_ok=True)
    target = out_dir / f"{name or nb_path.stem}.html"
    started = _dt.datetime.now(_dt.UTC)
    t0 = time.perf_counter()
    with tempfile.TemporaryDirectory(prefix="cx-report-") as tmp:
        executed = Path(tmp) / nb_path.name
        try:
            nb = pm.execute_notebook(
                str(nb_path), str(executed), parameters=params, kernel_name=kernel_name,
                cwd=str(nb_path.parent), progress_bar=False, log_output=False,
                request_save_on_cell_execute=False, execution_timeout=timeout,
                # passed through to nbclient: a kernel whose own stderr chatter stays out of
                # the user's terminal, stopped at once when the notebook is done (a graceful
                # shutdown waits for the kernel and adds about a second per report)
                kernel_manager_class=_quiet_kernel_manager(), shutdown_kernel="immediate")
        except PapermillExecutionError as exc:
            raise ReportError(nb_path.stem, exc.exec_count, exc.ename,
                              _strip_ansi(exc.evalue)) from None
    seconds = time.perf_counter() - t0
    figures = _key_figures(nb)
    provenance = {
        "notebook": nb_path.name,
        "data": (f"{source.name} (sha256 {data_sha[:16]}…)" if cb_sha else str(source)),
        "codebook": (f"{Path(codebook).name} (sha256 {(cb_sha or '')[:16]}…)"
                     if cb_sha else "–"),
        "parameters": {k: v for k, v in params.items() if k not in ("codebook", "data")},
        "versions": _versions(),
        "start": started.strftime("%Y-%m-%d %H:%M:%S"),
        "seconds": seconds,
    }
    # the key-figure title is catalog text (data in it escaped once); the page escapes it itself
    title = html.unescape(str(figures.get("title") or nb_path.stem.replace("_", " ")))
    rlang = params.get("lang", lang)
    files = []
    if "html" in formats:
        page = export_html(nb, title=title, lang=rlang, provenance=provenance,
                           back_link=index)
        write_atomic(target, page)
        files.append(target)
    if "pptx" in formats:
        deck = target.with_suffix(".pptx")
        write_atomic(deck, build_pptx(nb, lang=rlang, survey=str(figures.get("survey") or ""),
                                      date=started.date().isoformat(), template=template))
        files.append(deck)
    if "xlsx" in formats:
        book = target.with_suffix(".xlsx")
        write_atomic(book, build_xlsx(nb, lang=rlang))
        files.append(book)
    return ReportResult(nb_path.stem, files[0], seconds, params, figures, files)


def _quiet_kernel_manager() -> type:
    import subprocess

    from jupyter_client.manager import AsyncKernelManager

    class QuietKernelManager(AsyncKernelManager):
        """Kernel manager whose kernel process does not write to this process's stderr."""

        async def start_kernel(self, **kw: Any) -> None:
            kw.setdefault("stderr", subprocess.DEVNULL)
            await super().start_kernel(**kw)

    return QuietKernelManager


def _strip_ansi(text: str) -> str:
    return re.sub(r"\x1b\[[0-9;]*m", "", text or "")


def _versions() -> dict[str, str]:
    out = {"python": platform.python_version()}
    for pkg in _VERSIONED:
        try:
            out[pkg] = metadata.version(pkg)
        except metadata.PackageNotFoundError:
            pass
    return out


def _key_figures(nb: Any) -> dict[str, Any]:
    for cell in nb.get("cells", []):
        for output in cell.get("outputs", []):
            data = output.get("data", {})
            if KEY_FIGURES_MIME in data:
                value = data[KEY_FIGURES_MIME]
                return json.loads(value) if isinstance(value, str) else dict(value)
    return {}


# --------------------------------------------------------------------------- HTML

#: Every report and index forbids scripts and any network load: text from data can never run.
CSP_META = ('<meta http-equiv="Content-Security-Policy" content="default-src \'none\'; '
            'img-src data:; style-src \'unsafe-inline\'; font-src data:; '
            'form-action \'none\'; base-uri \'none\'">\n')

_CSS = """
<style>
  body.jp-Notebook { max-width: 60rem; margin: 0 auto; padding: 1.5rem 1.5rem 3rem; }
  .jp-Cell { padding: 0; }
  .jp-OutputArea-output pre { font-size: 0.85rem; }
  .jp-RenderedHTMLCommon table { font-size: 0.9rem; margin: 0.5rem 0 1rem; }
  .jp-RenderedHTMLCommon td, .jp-RenderedHTMLCommon th { padding: 0.25rem 0.6rem; }
  .cx-toc, .cx-provenance { font-family: var(--jp-content-font-family, system-ui, sans-serif); }
  .cx-toc { background: #f5f7fa; border-left: 4px solid #0072B2; padding: 0.6rem 1.2rem;
            margin: 1rem 0 1.5rem; }
  .cx-toc ol { margin: 0.3rem 0; }
  .cx-provenance { margin-top: 3rem; border-top: 1px solid #ccc; padding-top: 0.8rem;
                   font-size: 0.8rem; color: #444; }
  .cx-provenance th { text-align: left; padding-right: 1rem; vertical-align: top; }
  .cx-provenance code { font-size: 0.78rem; }
  .cx-small { color: #767676; }
  /* wide tables scroll inside their own box at 1280 px and on a phone; the page never does */
  .cx-scroll { overflow-x: auto; max-width: 100%; }
  .jp-RenderedImage img, .jp-OutputArea-output img { max-width: 100%; height: auto; }
  .cx-back { font-family: var(--jp-content-font-family, system-ui, sans-serif);
             font-size: 0.9rem; margin: 0 0 0.5rem; }
  .cx-back a { color: #0072B2; }
  @media (max-width: 40rem) { body.jp-Notebook { padding: 0.8rem; } }
</style>
"""


def export_html(nb: Any, *, title: str, lang: str = "en",
                provenance: dict[str, Any] | None = None, back_link: str | None = None) -> str:
    """Executed notebook → one self-contained HTML page.

    Code cells' inputs and prompts are hidden, stderr output is dropped, cells tagged
    ``remove`` are left out, images stay embedded (data URIs), external scripts (MathJax,
    require.js) are removed so the page needs no network, a table of contents is built from
    the second-level headings, and the provenance footer is appended. Tables are wrapped in a
    scrolling box so that a wide one never makes the page scroll sideways; ``back_link`` (the
    index page's address) adds a link back to it above the title and in the footer.

    Parameters
    ----------
    nb : NotebookNode or dict
        The executed notebook (not changed).
    title : str
        The page's ``<title>``.
    lang : {"en", "fi", "sv"}, default "en"
        The page's language (``<html lang>``, the contents and footer headings, alt text).
    provenance : dict, optional
        The footer's facts: ``notebook``, ``data``, ``codebook``, ``parameters`` (dict),
        ``versions`` (dict), ``start`` (``"YYYY-MM-DD HH:MM:SS"``) and ``seconds``; no
        footer when None.
    back_link : str, optional
        Address of the index page, linked above the title and at the bottom.

    Returns
    -------
    str
        The HTML page; scripts are removed and a Content-Security-Policy forbids any network
        load.

    Examples
    --------
    Not run here: loading nbconvert and its templates takes a few seconds.

    >>> def markdown(text):
    ...     return {"cell_type": "markdown", "metadata": {}, "source": text}
    >>> nb = {"nbformat": 4, "nbformat_minor": 4, "metadata": {},
    ...       "cells": [markdown("# Shop\\n\\n## Results\\n\\nNPS rose."),
    ...                 markdown("## Next steps")]}
    >>> page = export_html(nb, title="Shop", lang="fi", back_link="index.html")  # doctest: +SKIP
    >>> '<html lang="fi">' in page, "<script" in page, 'href="#Results"' in page  # doctest: +SKIP
    (True, False, True)
    """
    import copy

    import nbformat

    nb = copy.deepcopy(nb)
    if not isinstance(nb, nbformat.NotebookNode):
        nb = nbformat.from_dict(nb)
    for cell in nb.cells:
        if cell.cell_type == "code":
            cell.outputs = [_with_alt(o) for o in cell.get("outputs", [])
                            if not (o.get("output_type") == "stream" and o.get("name") == "stderr")
                            and not {KEY_FIGURES_MIME, TABLE_MIME, CHART_MIME}
                            & set(o.get("data", {}))]
    body, _ = html_exporter().from_notebook_node(nb, resources={"metadata": {"name": title}})
    body = re.sub(r"<script[^>]*\bsrc=[\"']https?://[^>]*>\s*</script>", "", body)
    body = re.sub(r"<script type=\"text/x-mathjax-config\">.*?</script>", "", body, flags=re.S)
    body = re.sub(r"<link[^>]*href=[\"']https?://[^>]*>", "", body)
    body = re.sub(r"<html[^>]*>", f'<html lang="{html.escape(lang)}">', body, count=1)
    body = re.sub(r"<script\b.*?</script>", "", body, flags=re.S | re.I)  # an inert document
    body = body.replace("</head>", CSP_META + _CSS + "</head>", 1)
    body = body.replace('alt="No description has been provided for this image"',
                        f'alt="{t("chart", lang)}"')
    body = re.sub(r"<table\b", '<div class="cx-scroll"><table', body)
    body = body.replace("</table>", "</table></div>")
    body = _insert_toc(body, lang)
    back = ""
    if back_link:
        back = (f'<nav class="cx-back"><a href="{html.escape(back_link)}" rel="index">'
                f'{t("idx.back", lang)}</a></nav>')
        body = re.sub(r"(<body[^>]*>)", lambda m: m.group(1) + back, body, count=1)
    if provenance or back:
        footer = (_footer(provenance, lang) if provenance else "") + back
        body = body.replace("</body>", footer + "\n</body>", 1)
    return body


def _with_alt(output: Any) -> Any:
    """A PNG output whose metadata carries alt text, as an ``<img>`` with that alt text.

    nbconvert's lab template drops an image's ``alt`` metadata, so a chart shown with
    :func:`cxresearch.narrative.show_chart` is written as HTML with its description kept.
    """
    data = output.get("data", {})
    alt = (output.get("metadata", {}).get("image/png", {}) or {}).get("alt")
    if "image/png" not in data or not alt:
        return output
    src = "".join(data["image/png"]).replace("\n", "")
    img = (f'<img src="data:image/png;base64,{src}" alt="{html.escape(str(alt))}" '
           'style="max-width:100%;height:auto">')
    import nbformat

    return nbformat.from_dict(dict(output, data={"text/html": img}, metadata={}))


@lru_cache(maxsize=1)
def html_exporter() -> Any:
    """One configured nbconvert exporter per process (building one loads its templates).

    Returns
    -------
    nbconvert.HTMLExporter
        The ``lab`` template, inputs and prompts hidden, cells tagged ``remove`` left out;
        the same object on every call.

    Examples
    --------
    Not run here: importing nbconvert takes a few seconds.

    >>> exporter = html_exporter()  # doctest: +SKIP
    >>> exporter is html_exporter(), exporter.exclude_input  # doctest: +SKIP
    (True, True)
    """
    from nbconvert import HTMLExporter
    from traitlets.config import Config

    cfg = Config()
    cfg.TagRemovePreprocessor.remove_cell_tags = {"remove"}
    cfg.TagRemovePreprocessor.enabled = True
    exporter = HTMLExporter(config=cfg, template_name="lab")
    exporter.exclude_input = True
    exporter.exclude_input_prompt = True
    exporter.exclude_output_prompt = True
    return exporter


def _insert_toc(body: str, lang: str) -> str:
    heads = re.findall(r'<h2 id="([^"]+)"[^>]*>(.*?)</h2>', body, flags=re.S)
    if len(heads) < 2:
        return body
    items = "".join(
        f'<li><a href="#{hid}">{re.sub(r"<[^>]+>", "", text).replace("¶", "").strip()}</a></li>'
        for hid, text in heads)
    toc = f'<nav class="cx-toc"><strong>{t("toc", lang)}</strong><ol>{items}</ol></nav>'
    # after the first top-level heading's cell (the title), else at the top of the body
    m = re.search(r"</h1>.*?</div>\s*</div>", body, flags=re.S)
    if m:
        return body[: m.end()] + toc + body[m.end():]
    return body.replace("<body", toc + "<body", 1) if "<body" not in body else re.sub(
        r"(<body[^>]*>)", r"\1" + toc, body, count=1)


def _footer(prov: dict[str, Any], lang: str) -> str:
    esc = html.escape
    params = ", ".join(f"{esc(str(k))} = {esc(repr(v))}" for k, v in prov["parameters"].items())
    versions = ", ".join(f"{esc(k)} {esc(v)}" for k, v in prov["versions"].items())
    start = str(prov["start"])
    try:  # the run's date the report language's way (1.3.2026), its time as is
        start = fmt_date(start[:10], lang) + start[10:]
    except ValueError:
        pass
    run = t("prov.run_value", lang, start=start, seconds=fmt_num(prov["seconds"], lang, 1))
    rows = [("prov.notebook", esc(prov["notebook"])), ("prov.data", esc(prov["data"])),
            ("prov.codebook", esc(prov["codebook"])), ("prov.parameters", params or "–"),
            ("prov.versions", versions), ("prov.run", run)]
    cells = "".join(f"<tr><th>{t(k, lang)}</th><td><code>{v}</code></td></tr>" for k, v in rows)
    return (f'<footer class="cx-provenance"><strong>{t("provenance", lang)}</strong>'
            f"<table>{cells}</table></footer>")
