"""Running parameterised notebooks into self-contained HTML reports, and presenting results.

A report notebook has one cell tagged ``parameters`` with type-hinted defaults. Running it:

1. :func:`check_parameters` compares the given parameters with that cell *before* any kernel
   starts: unknown names and wrong types are errors that list the notebook's parameters.
2. papermill executes a copy of the notebook with the parameters injected.
3. :func:`export_html` turns the executed notebook into one HTML file: code hidden, images
   embedded, a table of contents, no external scripts, and a provenance footer (data and
   codebook hashes, parameters, package versions, run time). The file is written atomically,
   so an interrupted run never leaves half a report.

The presentation helpers (:func:`md`, :func:`heading`, :func:`show_table`, ...) are what the
notebooks call to show text and tables in the report language.

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

import pandas as pd
import yaml

from .errors import CXInputError, Problem
from .files import write_atomic
from .i18n import LANGS, fmt_num, fmt_pts, fmt_range, t
from .redact import redact

__all__ = [
    "ReportError",
    "ReportResult",
    "find_notebook",
    "list_notebooks",
    "notebook_parameters",
    "check_parameters",
    "run_report",
    "export_html",
    "md",
    "heading",
    "show_table",
    "key_figures",
    "nps_display_table",
    "nps_summary",
    "nps_tests_table",
    "driver_labels",
    "importance_display_table",
    "priorities_display_table",
    "coefficients_display_table",
    "comparison_display_table",
    "drivers_summary",
    "format_table",
    "p_phrase",
    "jn_sentence",
    "comment_sample",
    "KEY_FIGURES_MIME",
]

KEY_FIGURES_MIME = "application/vnd.cxresearch.keyfigures+json"
_VERSIONED = ["cxresearch", "pandas", "numpy", "scipy", "statsmodels", "pingouin", "seaborn",
              "matplotlib", "papermill", "nbconvert"]


class ReportError(RuntimeError):
    """A report notebook failed while running: which notebook, which cell, what error."""

    def __init__(self, notebook: str, cell: int | None, ename: str, evalue: str):
        self.notebook, self.cell, self.ename, self.evalue = notebook, cell, ename, evalue
        where = f" in cell {cell}" if cell is not None else ""
        super().__init__(f"{notebook}{where}: {ename}: {evalue}")


@dataclass
class ReportResult:
    """What a finished report run produced."""

    notebook: str
    path: Path
    seconds: float
    parameters: dict[str, Any]
    key_figures: dict[str, Any] = field(default_factory=dict)


# --------------------------------------------------------------------------- notebooks


def _notebook_dir() -> Path:
    from .io import project_root

    return project_root() / "notebooks"


def list_notebooks() -> list[str]:
    """Names of the report notebooks shipped in ``notebooks/``."""
    return sorted(p.stem for p in _notebook_dir().glob("*.ipynb"))


def find_notebook(name: str | Path) -> Path:
    """Resolve a notebook name (``nps_overview``) or path to an existing ``.ipynb`` file."""
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

    Raises
    ------
    CXInputError
        Unknown names (with the closest declared name) and values of the wrong type; the
        message lists every parameter of the notebook with its type and default.
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


# --------------------------------------------------------------------------- running


def run_report(notebook: str | Path, *, codebook: str | Path | None = None,
               out_dir: str | Path,
               data: str | Path | None = None, lang: str = "en",
               parameters: dict[str, Any] | None = None, name: str | None = None,
               from_text: bool = False, kernel_name: str = "python3",
               timeout: int | None = 1800, validate_data: bool = True) -> ReportResult:
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
    lang : {"en", "fi"}
    parameters : dict, optional
        Further notebook parameters (checked by :func:`check_parameters`).
    name : str, optional
        File name without ``.html`` (default: the notebook name).
    from_text : bool
        Parameters are command-line strings to be parsed to their declared types.
    validate_data : bool
        Load and check the codebook and data before the kernel starts (a batch does this
        once for all its reports and passes False).

    Returns
    -------
    ReportResult

    Raises
    ------
    CXInputError
        Bad parameters, codebook or data (nothing is written).
    ReportError
        The notebook failed while running (nothing is written).
    """
    import papermill as pm
    from papermill.exceptions import PapermillExecutionError

    from .codebook import read_codebook
    from .io import file_sha256, load

    nb_path = find_notebook(notebook)
    declared = notebook_parameters(nb_path)
    given = dict(parameters or {})
    given["lang"] = lang
    if codebook is None and "codebook" in declared:
        codebook = (nb_path.parent / declared["codebook"][1]).resolve()
    if "codebook" in declared:
        given["codebook"] = str(Path(codebook).resolve())
    if data:
        given["data"] = str(Path(data).resolve())
    params = check_parameters(nb_path, given, from_text=from_text)
    if "codebook" not in declared:
        source, data_sha, cb_sha = Path("simulated in the notebook"), "–" * 16, None
    elif validate_data:
        survey = load(codebook, data=data)  # fail fast, before a kernel starts, on bad input
        source, data_sha, cb_sha = survey.source, survey.sha256, survey.codebook.sha256
    else:
        cb = read_codebook(codebook)
        source = Path(data) if data else cb.data
        data_sha, cb_sha = file_sha256(source), cb.sha256
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
    title = figures.get("title") or nb_path.stem.replace("_", " ")
    page = export_html(nb, title=title, lang=params.get("lang", lang), provenance=provenance)
    write_atomic(target, page)
    return ReportResult(nb_path.stem, target, seconds, params, figures)


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
</style>
"""


def export_html(nb: Any, *, title: str, lang: str = "en",
                provenance: dict[str, Any] | None = None) -> str:
    """Executed notebook → one self-contained HTML page.

    Code cells' inputs and prompts are hidden, stderr output is dropped, cells tagged
    ``remove`` are left out, images stay embedded (data URIs), external scripts (MathJax,
    require.js) are removed so the page needs no network, a table of contents is built from
    the second-level headings, and the provenance footer is appended.
    """
    import copy

    import nbformat

    nb = copy.deepcopy(nb)
    if not isinstance(nb, nbformat.NotebookNode):
        nb = nbformat.from_dict(nb)
    for cell in nb.cells:
        if cell.cell_type == "code":
            cell.outputs = [o for o in cell.get("outputs", [])
                            if not (o.get("output_type") == "stream" and o.get("name") == "stderr")
                            and KEY_FIGURES_MIME not in o.get("data", {})]
    body, _ = _html_exporter().from_notebook_node(nb, resources={"metadata": {"name": title}})
    body = re.sub(r"<script[^>]*\bsrc=[\"']https?://[^>]*>\s*</script>", "", body)
    body = re.sub(r"<script type=\"text/x-mathjax-config\">.*?</script>", "", body, flags=re.S)
    body = re.sub(r"<link[^>]*href=[\"']https?://[^>]*>", "", body)
    body = re.sub(r"<html[^>]*>", f'<html lang="{html.escape(lang)}">', body, count=1)
    body = body.replace("</head>", _CSS + "</head>", 1)
    body = body.replace('alt="No description has been provided for this image"',
                        f'alt="{t("chart", lang)}"')
    body = _insert_toc(body, lang)
    if provenance:
        body = body.replace("</body>", _footer(provenance, lang) + "\n</body>", 1)
    return body


@lru_cache(maxsize=1)
def _html_exporter() -> Any:
    """One configured nbconvert exporter per process (building one loads its templates)."""
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
    run = t("prov.run_value", lang, start=prov["start"], seconds=fmt_num(prov["seconds"], lang, 1))
    rows = [("prov.notebook", esc(prov["notebook"])), ("prov.data", esc(prov["data"])),
            ("prov.codebook", esc(prov["codebook"])), ("prov.parameters", params or "–"),
            ("prov.versions", versions), ("prov.run", run)]
    cells = "".join(f"<tr><th>{t(k, lang)}</th><td><code>{v}</code></td></tr>" for k, v in rows)
    return (f'<footer class="cx-provenance"><strong>{t("provenance", lang)}</strong>'
            f"<table>{cells}</table></footer>")


# --------------------------------------------------------------------------- presenting


def md(text: str) -> None:
    """Show markdown text as notebook output (it becomes report text)."""
    from IPython.display import Markdown, display

    display(Markdown(text))


def heading(key_or_text: str, lang: str = "en", level: int = 2, **values: Any) -> None:
    """Show a translated heading (``key_or_text`` is an i18n key or literal text)."""
    from .i18n import has_text

    text = t(key_or_text, lang, **values) if has_text(key_or_text) else html.escape(key_or_text)
    md(f"{'#' * level} {text}")


def show_table(df: pd.DataFrame, *, caption: str | None = None) -> None:
    """Show a presentation table (already formatted as text) without its index."""
    from IPython.display import HTML, display

    # every cell is escaped: labels and answers come from data and may hold markup
    styler = df.style.format(escape="html").hide(axis="index").format_index(escape="html",
                                                                             axis=1)
    # text columns (names, labels) read better left-aligned; numbers stay right-aligned
    text_cols = [c for c in df.columns
                 if df[c].map(lambda v: isinstance(v, str)
                              and not re.match(r"^[+−\-–]?\d", v)).all() and len(df)]
    if text_cols:
        styler = styler.set_properties(subset=text_cols, **{"text-align": "left"})
    if caption:
        styler = styler.set_caption(html.escape(caption))
    display(HTML(styler.to_html()))


def key_figures(**figures: Any) -> None:
    """Record key figures (n, NPS, top priority, title) for a batch index page.

    They are stored in the notebook output under a private MIME type, which the HTML export
    does not show.
    """
    from IPython.display import display

    clean = {k: (None if isinstance(v, float) and v != v else v) for k, v in figures.items()}
    display({KEY_FIGURES_MIME: json.loads(json.dumps(clean, default=str))}, raw=True)


def nps_display_table(table: pd.DataFrame, *, by: str | None = None, label: str | None = None,
                      lang: str = "en", min_n: int = 30) -> pd.DataFrame:
    """Format an :func:`cxresearch.metrics.nps` table for reading (rounding happens here).

    Groups under ``min_n`` respondents keep their base but their NPS and CI are shown as
    suppressed. ``label`` is the heading of the ``by`` column (default: its name).
    """
    rows = []
    for _, r in table.iterrows():
        small = bool(r.get("small_base", False)) or r["base"] < min_n
        row = {} if by is None else {label or by: str(r[by])}
        row[t("col.base", lang)] = fmt_num(r["base"], lang)
        if small:
            row[t("col.nps", lang)] = t("suppressed", lang, min_n=min_n)
            row[t("col.ci", lang)] = "–"
            for c in ("pct_promoters", "pct_passives", "pct_detractors"):
                row[t(f"col.{c}", lang)] = "–"
        else:
            row[t("col.nps", lang)] = fmt_pts(r["nps"], lang)
            row[t("col.ci", lang)] = fmt_range(r["ci_low"], r["ci_high"], lang, points=True)
            for c in ("pct_promoters", "pct_passives", "pct_detractors"):
                row[t(f"col.{c}", lang)] = fmt_num(r[c], lang)
        if "n_eff" in r and abs(r["n_eff"] - r["base"]) > 0.5:
            row[t("col.n_eff", lang)] = fmt_num(r["n_eff"], lang)
        rows.append(row)
    return pd.DataFrame(rows)


def nps_summary(overall: pd.DataFrame, by_group: pd.DataFrame | None = None,
                tests: pd.DataFrame | None = None, *, segment: str | None = None,
                label: str | None = None, lang: str = "en", min_n: int = 30,
                level: float = 0.95) -> list[str]:
    """Sentences of the executive summary of an NPS overview, built from the results.

    ``segment`` is the group column of ``by_group``; ``label`` its name in the text
    (default: the column name).

    Returns
    -------
    list of str
        Markdown sentences: the headline NPS with its CI, the category mix, the best and worst
        groups with enough base, significant differences (or that none are), small bases.
    """
    o = overall.iloc[0]
    lines = [t("nps.headline", lang, nps=fmt_pts(o["nps"], lang), low=fmt_pts(o["ci_low"], lang),
               high=fmt_pts(o["ci_high"], lang), n=fmt_num(o["base"], lang),
               level=fmt_num(100 * level, lang)),
             t("nps.mix", lang, pro=fmt_num(o["pct_promoters"], lang),
               pas=fmt_num(o["pct_passives"], lang), det=fmt_num(o["pct_detractors"], lang))]
    if by_group is not None and segment:
        name = label or segment
        ok = by_group[by_group["base"] >= min_n].sort_values("nps")
        if len(ok) >= 2:
            best, worst = ok.iloc[-1], ok.iloc[0]
            lines.append(t("nps.best_worst", lang, segment=name, best=str(best[segment]),
                           best_nps=fmt_pts(best["nps"], lang), worst=str(worst[segment]),
                           worst_nps=fmt_pts(worst["nps"], lang)))
        if tests is not None and len(tests):
            sig = tests[tests["significant"].fillna(False).astype(bool)]
            if len(sig):
                for _, r in sig.sort_values("p_adjusted").head(3).iterrows():
                    lines.append(t("nps.diff_sig", lang, a=str(r["group_a"]), b=str(r["group_b"]),
                                   diff=fmt_pts(r["diff"], lang, 1),
                                   p=p_phrase(r["p_adjusted"], lang)))
            elif len(ok) >= 2:
                lines.append(t("nps.no_diff", lang, segment=name))
        small = by_group[by_group["base"] < min_n]
        if len(small):
            lines.append(t("nps.small", lang, k=len(small), min_n=min_n,
                           groups=", ".join(str(v) for v in small[segment])))
    return lines


def jn_sentence(region: dict[str, Any], *, driver: str, moderator: str,
                lang: str = "en") -> str:
    """Where a driver's effect is significant across a continuous moderator, in words.

    Parameters
    ----------
    region : dict
        The result of :func:`cxresearch.moderation.jn_region`.
    driver, moderator : str
        Their names in the text.

    Examples
    --------
    >>> jn_sentence({"kind": "below", "bounds": [5.26], "low": 1, "high": 7},
    ...             driver="Atmosphere", moderator="time pressure")
    'The effect of Atmosphere is significant where time pressure is below 5.3 (observed 1 … 7).'
    """
    b = list(region["bounds"]) + [float("nan")] * 2
    return t(f"jn.{region['kind']}", lang, driver=driver, moderator=moderator,
             b1=fmt_num(b[0], lang, 1), b2=fmt_num(b[1], lang, 1),
             low=fmt_num(region["low"], lang, 0), high=fmt_num(region["high"], lang, 0))


def p_phrase(p: float, lang: str = "en") -> str:
    """A p-value for a sentence: ``p < 0.001`` or ``p = 0.023`` (decimal comma in Finnish)."""
    text = _fmt_p(p, lang)
    return f"p {text}" if text.startswith("<") else f"p = {text}"


def _fmt_p(p: float, lang: str) -> str:
    if p < 0.001:
        return "< 0" + (",001" if lang == "fi" else ".001")
    return fmt_num(p, lang, 3)


def comment_sample(data: Any, *, per_category: int = 3, min_length: int = 3,
                   seed: int = 0) -> pd.DataFrame:
    """A few open answers per NPS category, redacted, for a report that allows them.

    Only the codebook's ``text`` columns are used; PII columns never are. The text is returned
    as plain text: :func:`show_table` escapes it, so markup in an answer shows as typed.

    Returns
    -------
    DataFrame
        ``category, comment``.
    """
    from .metrics import nps_category

    df, cb = data.data, data.codebook
    if not cb.text:
        return pd.DataFrame({"category": [], "comment": []})
    cat = nps_category(df[cb.recommend.column], scale=cb.recommend.scale)
    rows = []
    for c in ("detractor", "passive", "promoter"):
        texts = df.loc[cat == c, cb.text[0]].dropna().astype(str)
        texts = texts[texts.str.strip().str.len() >= min_length]
        for text in texts.sample(min(per_category, len(texts)), random_state=seed):
            rows.append({"category": c, "comment": redact(text)})
    return pd.DataFrame(rows)


def nps_tests_table(tests: pd.DataFrame, *, lang: str = "en") -> pd.DataFrame:
    """Format :func:`cxresearch.metrics.nps_test` results for reading (suppressed pairs out)."""
    rows = []
    for _, r in tests[~tests["suppressed"]].sort_values("p_adjusted").iterrows():
        rows.append({t("col.pair", lang): f"{r['group_a']} – {r['group_b']}",
                     t("col.diff", lang): fmt_pts(r["diff"], lang, 1),
                     t("col.ci", lang): fmt_range(r["ci_low"], r["ci_high"], lang, 1,
                                                  points=True),
                     t("col.p_adjusted", lang): _fmt_p(r["p_adjusted"], lang)})
    return pd.DataFrame(rows)


# --------------------------------------------------------------------------- drivers


def driver_labels(codebook: Any, lang: str = "en") -> dict[str, str]:
    """Display names of the codebook's constructs in ``lang``."""
    return {name: c.title(lang) for name, c in codebook.constructs.items()}


def importance_display_table(table: pd.DataFrame, *, labels: dict[str, str] | None = None,
                             quadrants: pd.DataFrame | None = None,
                             lang: str = "en") -> pd.DataFrame:
    """Format :func:`cxresearch.drivers.relative_importance` (and IPA quadrants) for reading."""
    labels = labels or {}
    quad = {} if quadrants is None else dict(zip(quadrants["driver"], quadrants["quadrant"],
                                                 strict=True))
    rows = []
    for _, r in table.iterrows():
        row = {t("col.rank", lang): int(r["rank"]),
               t("col.driver", lang): labels.get(r["driver"], r["driver"]),
               t("col.share", lang): fmt_num(r["share"], lang, 1)}
        if r["share_ci_low"] == r["share_ci_low"]:
            row[t("col.share_ci", lang)] = fmt_range(r["share_ci_low"], r["share_ci_high"], lang, 1)
            row[t("col.rank_ci", lang)] = (f"{int(r['rank_ci_low'])}–{int(r['rank_ci_high'])}"
                                           if r["rank_ci_low"] != r["rank_ci_high"]
                                           else str(int(r["rank_ci_low"])))
        row[t("col.performance", lang)] = fmt_num(r["performance"], lang, 2)
        if quad:
            row[t("col.quadrant", lang)] = t(f"quad.{quad[r['driver']]}", lang)
        rows.append(row)
    return pd.DataFrame(rows)


def priorities_display_table(table: pd.DataFrame, *, labels: dict[str, str] | None = None,
                             kano: pd.DataFrame | None = None, lang: str = "en",
                             top: int | None = None) -> pd.DataFrame:
    """Format :func:`cxresearch.drivers.priorities` (with Kano classes) for reading."""
    labels = labels or {}
    kano_of = {} if kano is None else dict(zip(kano["driver"], kano["kano"], strict=True))
    nps_unit = table["unit"].iloc[0] == "NPS points" if len(table) else True
    rows = []
    for _, r in table.head(top or len(table)).iterrows():
        gain = fmt_pts(r["gain"], lang, 1) if nps_unit else fmt_num(r["gain"], lang, 2)
        row = {t("col.rank", lang): int(r["rank"]),
               t("col.driver", lang): labels.get(r["driver"], r["driver"]),
               t("col.gain", lang): gain}
        if r["ci_low"] == r["ci_low"]:
            row[t("col.ci", lang)] = fmt_range(r["ci_low"], r["ci_high"], lang,
                                               1 if nps_unit else 2, points=nps_unit)
        row[t("col.below", lang)] = fmt_num(r["share_below"], lang)
        row[t("col.performance", lang)] = fmt_num(r["performance"], lang, 2)
        if kano_of:
            row[t("col.kano", lang)] = t(f"kano.{kano_of[r['driver']]}", lang)
        rows.append(row)
    return pd.DataFrame(rows)


def coefficients_display_table(coef: pd.DataFrame, *, labels: dict[str, str] | None = None,
                               lang: str = "en") -> pd.DataFrame:
    """Format the OLS coefficient table of :func:`cxresearch.drivers.driver_models`."""
    labels = labels or {}
    return pd.DataFrame([{
        t("col.driver", lang): labels.get(r["driver"], r["driver"]),
        t("col.coef", lang): fmt_num(r["coef"], lang, 3),
        t("col.ci", lang): fmt_range(r["ci_low"], r["ci_high"], lang, 3),
        t("col.p", lang): _fmt_p(r["p_value"], lang),
        t("col.std_coef", lang): fmt_num(r["std_coef"], lang, 3),
        t("col.vif", lang): fmt_num(r["vif"], lang, 2)} for _, r in coef.iterrows()])


def comparison_display_table(comp: pd.DataFrame, *, lang: str = "en") -> pd.DataFrame:
    """Format :func:`cxresearch.drivers.model_comparison` for reading."""
    return pd.DataFrame([{
        t("col.model", lang): t(f"model.{r['model']}", lang),
        t("col.base", lang): fmt_num(r["n"], lang),
        t("col.r2", lang): fmt_num(r["r2"], lang, 3),
        t("col.aic", lang): fmt_num(r["aic"], lang, 1)} for _, r in comp.iterrows()])


def drivers_summary(importance: pd.DataFrame, prio: pd.DataFrame, quadrants: pd.DataFrame, *,
                    labels: dict[str, str] | None = None, outcome_label: str = "",
                    lang: str = "en") -> list[str]:
    """Executive-summary sentences of a key-driver analysis, built from the results."""
    labels = labels or {}
    a = importance.attrs
    level = fmt_num(100 * a.get("level", 0.95), lang)
    name = lambda d: labels.get(d, d)  # noqa: E731
    lines = []
    lo, hi = a.get("r2_ci", (float("nan"), float("nan")))
    if lo == lo:
        lines.append(t("drv.headline", lang, k=len(importance), r2=fmt_num(100 * a["r2"], lang),
                       outcome=outcome_label, level=level, lo=fmt_num(100 * lo, lang),
                       hi=fmt_num(100 * hi, lang), n=fmt_num(a["n"], lang)))
    else:
        lines.append(t("drv.headline_nc", lang, k=len(importance), outcome=outcome_label,
                       r2=fmt_num(100 * a["r2"], lang), n=fmt_num(a["n"], lang)))
    top = importance.iloc[0]
    ci = ""
    if top["share_ci_low"] == top["share_ci_low"]:
        ci = t("drv.top_ci", lang, level=level, lo=fmt_num(top["share_ci_low"], lang),
               hi=fmt_num(top["share_ci_high"], lang))
    lines.append(t("drv.top", lang, driver=name(top["driver"]),
                   share=fmt_num(top["share"], lang), ci=ci))
    if "boot" in a and len(importance) > 1:
        from .drivers import prob_more_important

        second = importance.iloc[1]["driver"]
        prob = prob_more_important(importance).loc[top["driver"], second]
        lines.append(t("drv.top_sure", lang, second=name(second),
                       prob=fmt_num(100 * prob, lang)))
    first = prio.iloc[0]
    gci = ""
    nps_unit = first["unit"] == "NPS points"
    f = (lambda v: fmt_pts(v, lang, 1)) if nps_unit else (lambda v: fmt_num(v, lang, 2))
    if first["ci_low"] == first["ci_low"]:
        gci = t("drv.gain_ci", lang, level=level, lo=f(first["ci_low"]), hi=f(first["ci_high"]))
    key = "drv.priority" if nps_unit else "drv.priority_mean"
    lines.append(t(key, lang, driver=name(first["driver"]), below=fmt_num(first["share_below"],
                                                                         lang),
                   gain=f(first["gain"]), ci=gci, outcome=outcome_label))
    if len(prio) > 2:
        lines.append(t("drv.next", lang, drivers=", ".join(name(d) for d in prio["driver"][1:3])))
    fix = quadrants[quadrants["quadrant"] == "fix first"]["driver"].tolist()
    if fix:
        key = "drv.fix_quadrant_one" if len(fix) == 1 else "drv.fix_quadrant"
        lines.append(t(key, lang, drivers=", ".join(name(d) for d in fix)))
    return lines


# --------------------------------------------------------------------------- generic tables


def _fmt(v: Any, kind: str, lang: str) -> str:
    if v is None or (isinstance(v, float) and v != v):
        return "–"
    if kind == "text":
        return str(v)
    if kind == "pts":
        return fmt_pts(float(v), lang, 1)
    if kind == "p":
        return _fmt_p(float(v), lang)
    if kind == "bool":
        return t("yes" if bool(v) else "no", lang)
    if kind.startswith("num"):
        return fmt_num(float(v), lang, int(kind[3:] or 0))
    if kind == "pct":
        return fmt_num(100 * float(v), lang, 1)
    raise ValueError(kind)


def format_table(df: pd.DataFrame, spec: list[tuple[str | tuple[str, str], str, str]], *,
                 lang: str = "en", labels: dict[str, str] | None = None) -> pd.DataFrame:
    """A presentation table: ``spec`` lists (column, heading i18n key, kind) in order.

    Kinds: ``text``, ``label`` (mapped through ``labels``), ``num0``…``num3``, ``pts`` (signed
    points), ``pct`` (a 0–1 share as %), ``p`` (p-value), ``bool`` (yes/no). A pair of columns
    ``(low, high)`` makes an interval column ``low … high``, each end formatted by ``kind``.
    Two columns under one heading are refused (the second would hide the first).

    Examples
    --------
    >>> format_table(pd.DataFrame({"a": [0.1234], "lo": [0.1], "hi": [0.15], "p": [0.0001]}),
    ...              [("a", "col.alpha", "num2"), (("lo", "hi"), "col.ci", "num2"),
    ...               ("p", "col.p", "p")], lang="fi")
      Alfa  95 %:n luottamusväli        p
    0 0,12           0,10 … 0,15  < 0,001
    """
    from .i18n import has_text

    labels = labels or {}
    out = {}
    for col, key, kind in spec:
        head = t(key, lang) if has_text(key) else key
        if head in out:
            raise ValueError(f"format_table: two columns would be headed {head!r}")
        if isinstance(col, tuple):
            low, high = col
            out[head] = [f"{_fmt(a, kind, lang)} … {_fmt(b, kind, lang)}"
                         for a, b in zip(df[low], df[high], strict=True)]
        elif kind == "label":
            out[head] = [labels.get(v, str(v)) for v in df[col]]
        else:
            out[head] = [_fmt(v, kind, lang) for v in df[col]]
    return pd.DataFrame(out)
