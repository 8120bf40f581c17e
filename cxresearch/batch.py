"""Batch report runs: many notebooks × many segments, in parallel, safe to interrupt.

A batch file names a codebook, an output folder, a language and a list of reports; paths in
it are relative to the batch file. ``for_each: COLUMN`` expands a report into one per value
of that column::

    codebook: ../../data/raw/retail_cx.yaml
    out: ../../reports/by_region
    lang: fi
    reports:
      - notebook: nps_overview
      - notebook: driver_analysis
        for_each: region
        parameters: {n_boot: 500}

:func:`run_batch` checks every report's parameters against its notebook *before* any kernel
starts, skips reports whose notebook, parameters, data and codebook are unchanged since the
last run (``force=True`` redoes them), runs the rest in a process pool or on a Dask
``distributed`` cluster, never stops for one failed report, writes each HTML atomically and
finishes with ``index.html``: every report with its key figures (n, NPS, top priority) or
its error.

Examples
--------
>>> spec = {"codebook": "data/raw/retail_cx.yaml", "out": "reports/x",
...         "reports": [{"notebook": "nps_overview"}]}
>>> jobs, settings = plan_batch(spec, base=project_root())
>>> [j.name for j in jobs], settings["lang"]
(['nps_overview'], 'en')
"""

from __future__ import annotations

import hashlib
import html
import json
import os
import re
import sys
import time
from collections.abc import Iterable
from concurrent.futures import ProcessPoolExecutor, as_completed
from dataclasses import asdict, dataclass, field
from pathlib import Path
from typing import Any

from .disclosure import check_groupable
from .errors import CXInputError, Problem
from .files import check_out_dir, folder_lock, name_for_value, safe_name, write_atomic
from .i18n import (
    LANGS,
    capitalize_first,
    fmt_date,
    fmt_num,
    fmt_pct,
    fmt_pts,
    has_text,
    problem_text,
    t,
)
from .io import bundled_codebook, file_sha256, load, project_root
from .run import CSP_META, check_columns, check_parameters, check_values, find_notebook
from .version import __version__, code_fingerprint
from .yamlfile import load_yaml

__all__ = [
    "DEMO_NOTEBOOKS",
    "Job",
    "JobResult",
    "plan_batch",
    "read_batch",
    "run_batch",
    "run_batch_file",
    "run_demo",
    "write_index",
    "check_scheduler_address",
    "suppress_key_figures",
]

#: The report notebooks ``cx demo`` and ``make report`` run, in reading order.
DEMO_NOTEBOOKS = ["nps_overview", "driver_analysis", "measurement", "moderators", "journey",
                  "tracking", "open_text"]
MANIFEST = ".cx-batch-manifest.json"
_BATCH_KEYS = {"codebook", "data", "out", "lang", "reports", "title", "format", "template"}
_REPORT_KEYS = {"notebook", "for_each", "parameters", "name", "format", "template"}


@dataclass
class Job:
    """One report to run.

    :func:`plan_batch` makes one per report (one per group with ``for_each``).

    Parameters
    ----------
    notebook : str
        The notebook file.
    name : str
        The report's file name without ``.html`` (``driver_analysis-web``).
    codebook : str
        The survey's codebook.
    out : str
        The output folder.
    lang : {"en", "fi", "sv"}, default "en"
        The report's language.
    data : str, optional
        Another data file with the codebook's columns.
    parameters : dict, optional
        The checked notebook parameters (``for_each`` adds ``filter_column`` and
        ``filter_value``).
    key : str, default ""
        SHA-256 of the notebook, parameters, data, codebook and package code: an unchanged
        key means the report is up to date.
    formats : list of str, default ["html"]
        The files to write (``html``, ``pptx``, ``xlsx``; see :mod:`cxresearch.deck`).
    template : str, optional
        A .pptx whose layouts and theme the deck uses.

    Examples
    --------
    >>> job = Job("notebooks/nps_overview.ipynb", "nps_overview-web", "survey.yaml",
    ...           "reports", lang="sv", parameters={"filter_column": "channel",
    ...                                             "filter_value": "web"})
    >>> job.formats, job.parameters["filter_value"]
    (['html'], 'web')
    """

    notebook: str
    name: str
    codebook: str
    out: str
    lang: str = "en"
    data: str | None = None
    parameters: dict[str, Any] = field(default_factory=dict)
    key: str = ""
    #: files to write (html, pptx, xlsx) and the pptx template (cxresearch.deck)
    formats: list[str] = field(default_factory=lambda: ["html"])
    template: str | None = None


@dataclass
class JobResult:
    """What happened to one report: ``status`` is ok, skipped or failed.

    :func:`run_batch` returns one per job; :func:`write_index` lists them.

    Parameters
    ----------
    name : str
        The report's name (its file name without ``.html``).
    notebook : str
        The notebook's name.
    status : {"ok", "skipped", "failed"}
        Written now, up to date from an earlier run, or failed.
    seconds : float, default 0.0
        Time the report took (for a skipped one: its earlier run).
    path : str, optional
        The HTML file (None when the report failed).
    key_figures : dict, optional
        The report's key figures, small bases suppressed (:func:`suppress_key_figures`).
    error : dict, optional
        ``{"cell", "ename", "evalue"}`` of a failed report.
    parameters : dict, optional
        The parameters it ran with.
    files : list of str, optional
        Every file the report wrote.

    Examples
    --------
    >>> failed = JobResult("driver_analysis-web", "driver_analysis", "failed", 1.2,
    ...                    error={"cell": 12, "ename": "ValueError", "evalue": "no drivers"})
    >>> failed.path is None, failed.error["ename"]
    (True, 'ValueError')
    """

    name: str
    notebook: str
    status: str
    seconds: float = 0.0
    path: str | None = None
    key_figures: dict[str, Any] = field(default_factory=dict)
    error: dict[str, Any] | None = None
    parameters: dict[str, Any] = field(default_factory=dict)
    #: every file the report wrote
    files: list[str] = field(default_factory=list)


def read_batch(path: str | Path) -> dict[str, Any]:
    """Read a batch YAML file (broken YAML and wrong shapes are :class:`CXInputError`).

    Parameters
    ----------
    path : str or Path
        The batch file (see the module docstring for its keys).

    Returns
    -------
    dict
        The file's mapping as written; :func:`plan_batch` checks it.

    Raises
    ------
    CXInputError
        The file does not exist, is not valid YAML (with the line) or is not a mapping.

    Examples
    --------
    >>> import tempfile
    >>> import cxresearch as cx
    >>> folder = tempfile.TemporaryDirectory()
    >>> batch = Path(folder.name) / "by_channel.yaml"
    >>> _ = batch.write_text(f"codebook: {cx.bundled_codebook()}\\nout: reports\\nlang: fi\\n"
    ...     "reports:\\n  - notebook: nps_overview\\n  - notebook: driver_analysis\\n"
    ...     "    for_each: channel\\n    parameters: {n_boot: 200}\\n", encoding="utf-8")
    >>> spec = read_batch(batch)
    >>> spec["lang"], spec["reports"][1]
    ('fi', {'notebook': 'driver_analysis', 'for_each': 'channel', 'parameters': {'n_boot': 200}})
    >>> folder.cleanup()
    """
    path = Path(path)
    if not path.is_file():
        raise CXInputError(Problem(str(path), "the batch file does not exist",
                                   "check the path given to cx batch"))
    spec = load_yaml(path.read_bytes(), where=str(path))
    if not isinstance(spec, dict):
        raise CXInputError(Problem(str(path), "the batch file is not a mapping",
                                   "start from notebooks/batches/by_region.yaml"))
    return spec


def plan_batch(spec: dict[str, Any], *, base: str | Path, where: str = "batch") -> tuple[
        list[Job], dict[str, Any]]:
    """Expand a batch spec into jobs and check every parameter before anything runs.

    The codebook and data are loaded once here; a report with ``for_each: COLUMN`` becomes
    one job per value of that column (named ``notebook-value``, with ``filter_column`` and
    ``filter_value`` parameters). Nothing is written: the output folder is only checked.

    Parameters
    ----------
    spec : dict
        The batch mapping (:func:`read_batch`).
    base : str or Path
        The folder the spec's paths are relative to (the batch file's).
    where : str, default "batch"
        The batch file's name, for the messages.

    Returns
    -------
    (jobs, settings)
        ``jobs`` is a list of :class:`Job`; ``settings`` holds the resolved ``codebook``,
        ``data``, ``out``, ``lang``, ``title``, the survey's name (``survey``) and the
        SHA-256 of the data and codebook (``data_sha``, ``codebook_sha``).

    Raises
    ------
    CXInputError
        Unknown keys, missing codebook or reports, unknown notebooks, unknown or mistyped
        parameters (with the notebook's parameter list), for_each columns not in the data.

    Examples
    --------
    >>> import tempfile
    >>> import cxresearch as cx
    >>> folder = tempfile.TemporaryDirectory()
    >>> batch = Path(folder.name) / "by_channel.yaml"
    >>> _ = batch.write_text(f"codebook: {cx.bundled_codebook()}\\nout: reports\\nlang: fi\\n"
    ...     "reports:\\n  - notebook: nps_overview\\n  - notebook: driver_analysis\\n"
    ...     "    for_each: channel\\n    parameters: {n_boot: 200}\\n", encoding="utf-8")
    >>> jobs, settings = plan_batch(read_batch(batch), base=batch.parent, where=batch.name)
    >>> [j.name for j in jobs]
    ['nps_overview', 'driver_analysis-app', 'driver_analysis-store', 'driver_analysis-web']
    >>> jobs[3].parameters, jobs[3].lang, Path(settings["out"]).name
    ({'n_boot': 200, 'filter_column': 'channel', 'filter_value': 'web'}, 'fi', 'reports')
    >>> plan_batch({"codebook": str(cx.bundled_codebook()), "out": "reports",
    ...             "reports": [{"notebook": "nps_overview", "parameters": {"min_m": 5}}]},
    ...            base=folder.name)
    Traceback (most recent call last):
    ...
    cxresearch.errors.CXInputError: ...unknown parameter 'min_m'...did you mean 'min_n'?...
    >>> folder.cleanup()
    """
    base = Path(base)
    problems: list[Problem] = []
    for k in spec:
        if k not in _BATCH_KEYS:
            problems.append(Problem(where, f"unknown key '{k}'",
                                    f"use only {sorted(_BATCH_KEYS)}", column=str(k)))
    for req in ("codebook", "out", "reports"):
        if not spec.get(req):
            problems.append(Problem(where, f"'{req}' is missing", f"add '{req}:' to the batch "
                                    "file", column=req))
    lang = spec.get("lang", "en")
    if lang not in LANGS:
        problems.append(Problem(where, f"unknown language {lang!r}", f"use one of {LANGS}",
                                column="lang", value=lang))
    for key in ("codebook", "out", "data", "title"):
        if spec.get(key) is not None and not isinstance(spec[key], str):
            problems.append(Problem(where, f"'{key}' must be text, got "
                                    f"{type(spec[key]).__name__}", f"write '{key}: ...' with "
                                    "one value", column=key))
    batch_deck = _deck_options(spec, base, where, "", problems, ["html"], None)
    if problems:
        raise CXInputError(problems)
    codebook = (base / spec["codebook"]).resolve()
    data = str((base / spec["data"]).resolve()) if spec.get("data") else None
    survey = load(codebook, data=data)  # the codebook and data are checked once, up front
    out = check_out_dir(base / spec["out"], where=f"{where}: out", create=False,
                        data_files=[survey.source, survey.codebook.data], codebook=codebook)
    settings = {"codebook": str(codebook), "data": data, "out": str(out), "lang": lang,
                "title": spec.get("title") or survey.codebook.survey_name(lang),
                "survey": survey.codebook.survey_name(lang),
                "data_sha": survey.sha256, "codebook_sha": survey.codebook.sha256}
    jobs: list[Job] = []
    reports = spec["reports"]
    if not isinstance(reports, list):
        raise CXInputError(Problem(where, "'reports' must be a list",
                                   "write '- notebook: nps_overview' items under reports:"))
    for i, rep in enumerate(reports, start=1):
        if isinstance(rep, str):
            rep = {"notebook": rep}
        label = f"reports[{i}]"
        if not isinstance(rep, dict) or "notebook" not in rep:
            problems.append(Problem(where, f"{label} has no notebook",
                                    "write '- notebook: <name>'", column=label))
            continue
        for k in rep:
            if k not in _REPORT_KEYS:
                problems.append(Problem(where, f"{label}: unknown key '{k}'",
                                        f"use only {sorted(_REPORT_KEYS)}", column=str(k)))
        try:
            nb_path = find_notebook(rep["notebook"]) if isinstance(rep["notebook"], str) else None
        except CXInputError as err:
            problems.extend(err.problems)
            continue
        if nb_path is None:
            problems.append(Problem(where, f"{label}: 'notebook' must be text",
                                    "write '- notebook: <name>'", column="notebook"))
            continue
        bad_shape = [(k, kind) for k, kind, ok in (
            ("parameters", "a mapping", isinstance(rep.get("parameters") or {}, dict)),
            ("for_each", "one column name",
             rep.get("for_each") is None or isinstance(rep.get("for_each"), str)),
            ("name", "text", rep.get("name") is None or isinstance(rep.get("name"), str)))
            if not ok]
        if bad_shape:
            problems.extend(Problem(where, f"{label}: '{k}' must be {kind}",
                                    f"write '{k}:' as {kind} (see notebooks/batches/"
                                    "by_region.yaml)", column=k) for k, kind in bad_shape)
            continue
        if rep.get("name") is not None:
            try:
                safe_name(rep["name"], where=f"{where}: {label} name")
            except CXInputError as err:
                problems.extend(err.problems)
                continue
        formats, template = _deck_options(rep, base, where, f"{label}: ", problems, *batch_deck)
        params = dict(rep.get("parameters") or {})
        for reserved in ("codebook", "data", "lang"):
            if reserved in params:
                problems.append(Problem(where, f"{label}: '{reserved}' is set for the whole "
                                        "batch", f"set '{reserved}:' at the top of the batch file",
                                        column=reserved))
        col = rep.get("for_each")
        if col is not None:
            try:
                check_groupable(survey.codebook, col, purpose="name", where=f"{where}: "
                                f"{label} for_each")
            except CXInputError as err:
                problems.extend(err.problems)
                continue
        if col is not None and col not in survey.data.columns:
            problems.append(Problem(where, f"{label}: for_each column not in the data",
                                    "use one of the codebook's segments or moderators",
                                    column=str(col)))
            continue
        values = ([None] if col is None else
                  sorted(survey.data[col].dropna().unique(), key=lambda v: str(v)))
        stem = rep.get("name") or nb_path.stem
        for v in values:
            p = dict(params)
            if col is not None:
                p.update(filter_column=col, filter_value=str(v))
            try:
                checked = check_parameters(nb_path, p)
                check_values(checked, where=nb_path.name)
                check_columns(survey.codebook, checked, where=nb_path.name,
                              columns=survey.data.columns)
            except CXInputError as err:
                problems.extend(Problem(where, f"{label} ({nb_path.stem}): {q.what}", q.fix,
                                        column=q.column, value=q.value) for q in err.problems)
                break
            name = stem if col is None else f"{stem}-{name_for_value(v)}"
            jobs.append(Job(notebook=str(nb_path), name=name, codebook=str(codebook),
                            out=str(out), lang=lang, data=data, parameters=checked,
                            formats=formats, template=template))
    names = [j.name for j in jobs]
    dup = sorted({n for n in names if names.count(n) > 1})
    if dup:
        problems.append(Problem(where, f"two reports would be written as {dup}",
                                "give the reports distinct 'name:' values"))
    if problems:
        raise CXInputError(problems)
    for j in jobs:
        j.key = _job_key(j, settings)
    return jobs, settings


def _deck_options(spec: dict[str, Any], base: Path, where: str, label: str,
                  problems: list[Problem], formats: list[str],
                  template: str | None) -> tuple[list[str], str | None]:
    """``format:`` / ``template:`` of the batch or of one report (else the inherited ones)."""
    from .deck import check_formats, check_template

    try:
        if spec.get("format") is not None:
            formats = check_formats(spec["format"], where=f"{where}: {label}format")
        if spec.get("template") is not None:
            if not isinstance(spec["template"], str):
                raise CXInputError(Problem(where, f"{label}'template' must be text",
                                           "write 'template: corporate.pptx'",
                                           column="template"))
            template = str(check_template(base / spec["template"],
                                          where=f"{where}: {label}template").resolve())
    except CXInputError as err:
        problems.extend(err.problems)
    return formats, template


def _job_key(job: Job, settings: dict[str, Any]) -> str:
    what = {"notebook": file_sha256(job.notebook), "params": job.parameters,
            "lang": job.lang, "data": settings["data_sha"],
            "codebook": settings["codebook_sha"], "code": code_fingerprint()}
    if job.formats != ["html"] or job.template:  # html-only keys stay as they were
        what["formats"] = job.formats
        what["template"] = file_sha256(job.template) if job.template else None
    payload = json.dumps(what, sort_keys=True, default=str)
    return hashlib.sha256(payload.encode()).hexdigest()


def _run_job(job: Job) -> JobResult:
    """Run one report; never raises (a failure is returned as a result)."""
    from .run import ReportError, run_report

    t0 = time.perf_counter()
    try:
        res = run_report(job.notebook, codebook=job.codebook, data=job.data, out_dir=job.out,
                         lang=job.lang, parameters=job.parameters, name=job.name,
                         validate_data=False, index="index.html", formats=job.formats,
                         template=job.template)
        return JobResult(job.name, Path(job.notebook).stem, "ok", res.seconds, str(res.path),
                         suppress_key_figures(res.key_figures, job.parameters.get("min_n", 30)),
                         parameters=job.parameters, files=[str(p) for p in res.files])
    except ReportError as err:
        error = {"cell": err.cell, "ename": err.ename, "evalue": err.evalue}
    except CXInputError as err:
        error = {"cell": None, "ename": "CXInputError", "evalue": str(err),
                 "said": _said(err, job.lang)}
    except Exception as err:  # noqa: BLE001 - any failure is reported, the batch goes on
        error = {"cell": None, "ename": type(err).__name__, "evalue": str(err)}
    return JobResult(job.name, Path(job.notebook).stem, "failed", time.perf_counter() - t0,
                     error=error, parameters=job.parameters)


def suppress_key_figures(figures: dict[str, Any], min_n: float = 30) -> dict[str, Any]:
    """Key figures for the index under the report's small-base rule.

    A report whose base (``n_eff`` when recorded, else ``n``) is under ``min_n`` shows no NPS
    and no top priority in the index; ``suppressed`` is set instead.

    Parameters
    ----------
    figures : dict
        The report's key figures (``n``, ``n_eff``, ``nps``, ``top_priority``, ``ci_low``,
        ``ci_high``, ...).
    min_n : float, default 30
        The report's smallest base shown.

    Returns
    -------
    dict
        A copy; under a small base ``nps``, ``top_priority``, ``ci_low`` and ``ci_high``
        are None and ``suppressed`` is True. Figures without ``n`` or ``n_eff`` are
        returned unchanged.

    Examples
    --------
    >>> suppress_key_figures({"n": 2, "nps": -100.0, "title": "x"})
    {'n': 2, 'nps': None, 'title': 'x', 'suppressed': True}
    >>> suppress_key_figures({"n": 40, "n_eff": 25.0, "nps": 12.0}, min_n=20)
    {'n': 40, 'n_eff': 25.0, 'nps': 12.0}
    """
    from .disclosure import is_small

    out = dict(figures or {})
    if out.get("n") is None and out.get("n_eff") is None:
        return out
    if is_small({"base": out.get("n"), "n_eff": out.get("n_eff")}, min_n):
        for k in ("nps", "top_priority", "ci_low", "ci_high"):
            if k in out:
                out[k] = None
        out["suppressed"] = True
    return out


def _read_manifest(out: Path) -> dict[str, Any]:
    try:
        return json.loads((out / MANIFEST).read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return {}


def _write_atomic(path: Path, text: str) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    write_atomic(path, text)


def run_batch(jobs: list[Job], settings: dict[str, Any], *, workers: int | None = None,
              scheduler: str | None = None, force: bool = False, progress: bool = True,
              echo: bool = True, timeout: float = 1800) -> list[JobResult]:
    """Run planned jobs; returns one result per job (ok, skipped or failed).

    A failed report never stops the batch. Every finished report is recorded in the output
    folder's manifest (under :func:`cxresearch.files.folder_lock`, so two batches in one
    folder merge their entries), and ``index.html`` is written at the end
    (:func:`write_index`). Ctrl-C or SIGTERM stops the workers and leaves no partial file.

    Parameters
    ----------
    jobs : list of Job
        The planned jobs (:func:`plan_batch`).
    settings : dict
        The batch settings from :func:`plan_batch`.
    workers : int, optional
        Parallel reports in a local process pool (default: the number of cores).
    scheduler : str, optional
        Address of a running Dask ``distributed`` scheduler; the reports run on its workers.
    force : bool
        Rerun reports whose inputs are unchanged since the last run.
    progress : bool, default True
        Show a progress bar on a terminal.
    echo : bool, default True
        Print one line per finished report.
    timeout : float
        Seconds one report may take on a Dask cluster (default 1800); a lost worker or a
        stuck report fails after that instead of hanging the batch.

    Returns
    -------
    list of JobResult
        In the order of ``jobs``.

    Examples
    --------
    Not run here: every report starts a Jupyter kernel. :func:`plan_batch` shows what is
    planned and checked before that.

    >>> import cxresearch as cx
    >>> jobs, settings = plan_batch({"codebook": str(cx.bundled_codebook()),
    ...                              "out": "reports", "reports": ["nps_overview"]},
    ...                             base=".")  # doctest: +SKIP
    >>> [(r.name, r.status) for r in run_batch(jobs, settings, workers=2)]  # doctest: +SKIP
    [('nps_overview', 'ok')]
    """
    out = check_out_dir(settings["out"])
    manifest = _read_manifest(out)
    results: dict[str, JobResult] = {}
    todo = []
    for j in jobs:
        prev = manifest.get(j.name)
        if (not force and prev and prev.get("key") == j.key and prev.get("status") == "ok"
                and (out / f"{j.name}.html").is_file()):
            results[j.name] = JobResult(j.name, Path(j.notebook).stem, "skipped",
                                        prev.get("seconds", 0.0), str(out / f"{j.name}.html"),
                                        prev.get("key_figures", {}), parameters=j.parameters)
        else:
            todo.append(j)
    bar = None
    if progress and todo:
        from tqdm.auto import tqdm

        # disable=None: a bar on a terminal, no carriage-return noise in logs and CI
        bar = tqdm(total=len(todo), desc="reports", unit="report", file=sys.stderr,
                   disable=None)

    def done(res: JobResult, job: Job) -> None:
        results[res.name] = res
        entry = {"key": job.key, "status": res.status, "seconds": res.seconds,
                 "key_figures": res.key_figures, "error": res.error,
                 "notebook": res.notebook, "parameters": res.parameters,
                 "file": Path(res.path).name if res.path else None}
        manifest[res.name] = entry
        with folder_lock(out):  # another batch in this folder: merge, never overwrite
            current = _read_manifest(out)
            current[res.name] = entry
            _write_atomic(out / MANIFEST, json.dumps(current, indent=1, default=str))
        if bar is not None:
            bar.update(1)
        if echo:
            msg = (f"{res.status:7s} {res.name} ({res.seconds:.1f} s)" if res.status == "ok" else
                   f"FAILED  {res.name}: {_error_line(res.error)}")
            (bar.write if bar is not None else print)(msg)

    try:
        if scheduler:
            _run_dask(todo, scheduler, done, timeout=timeout)
        else:
            n = workers or os.cpu_count() or 1
            if n == 1 or len(todo) <= 1:
                for j in todo:
                    done(_run_job(j), j)
            else:
                _warm_imports()
                with ProcessPoolExecutor(max_workers=min(n, len(todo))) as pool:
                    futures = {pool.submit(_run_job, j): j for j in todo}
                    try:
                        for fut in as_completed(futures):
                            done(fut.result(), futures[fut])
                    except KeyboardInterrupt:  # Ctrl-C or SIGTERM: stop the workers now
                        for fut in futures:
                            fut.cancel()
                        # the pool has no public "kill"; its worker processes are terminated
                        # so none outlives the batch (each report is written atomically, so
                        # a stopped worker leaves at most a .part file, removed below)
                        for proc in list(getattr(pool, "_processes", {}).values()):
                            proc.terminate()
                        pool.shutdown(wait=False, cancel_futures=True)
                        raise
    except KeyboardInterrupt:
        for part in out.glob(".*.part"):
            part.unlink(missing_ok=True)
        raise
    finally:
        if bar is not None:
            bar.close()
    ordered = [results[j.name] for j in jobs if j.name in results]
    with folder_lock(out):  # the index lists this batch's reports and any other batch's
        write_index(ordered + _other_reports(out, {r.name for r in ordered}), settings)
    return ordered


def _other_reports(out: Path, names: set[str]) -> list[JobResult]:
    """Reports in ``out`` written by another batch (from the manifest), for the index.

    Two batches writing into one folder each list the other's reports too, so neither
    index loses the other's rows; reports whose file is gone are left out. Call it under
    :func:`cxresearch.files.folder_lock`.
    """
    others = []
    for name, entry in sorted(_read_manifest(out).items()):
        if name in names or not isinstance(entry, dict):
            continue
        file = entry.get("file") or f"{name}.html"
        if entry.get("status") != "ok" or Path(file).name != file or not (out / file).is_file():
            continue
        others.append(JobResult(name, str(entry.get("notebook") or ""), "skipped",
                                float(entry.get("seconds") or 0.0), str(out / file),
                                dict(entry.get("key_figures") or {}),
                                parameters=dict(entry.get("parameters") or {})))
    return others


def _warm_imports() -> None:
    """Import the report machinery before the pool forks, so workers inherit it.

    Otherwise every worker pays papermill's, nbconvert's and jupyter_client's imports (about a
    second) on its first report, which a single-process run pays only once.
    """
    import nbconvert  # noqa: F401
    import papermill  # noqa: F401

    from .run import html_exporter

    html_exporter()


def check_scheduler_address(address: str, *, where: str = "--scheduler") -> str:
    """A Dask scheduler address must be ``[tcp|tls|ws|wss|ucx|inproc]://host:port``.

    Checked before a batch starts, so a typo fails at once instead of after a connection
    timeout. The scheme is optional (Dask assumes ``tcp``).

    Parameters
    ----------
    address : str
        The address, e.g. ``tcp://10.0.0.5:8786``.
    where : str, default "--scheduler"
        Where it was given, for the message.

    Returns
    -------
    str
        ``address`` unchanged.

    Raises
    ------
    CXInputError
        Not ``host:port`` with a known scheme and a port from 1 to 65535.

    Examples
    --------
    >>> check_scheduler_address("tcp://10.0.0.5:8786")
    'tcp://10.0.0.5:8786'
    >>> check_scheduler_address("http://scheduler:8786")
    Traceback (most recent call last):
    ...
    cxresearch.errors.CXInputError: --scheduler: not a Dask scheduler address (e.g. 'http://scheduler:8786')
      fix: give it as tcp://host:8786 (the address the scheduler prints when it starts)
    """
    m = re.fullmatch(r"(?:(tcp|tls|ws|wss|ucx|inproc)://)?([\w.-]+|\[[0-9a-fA-F:]+\])"
                     r":(\d{1,5})", str(address).strip())
    if not m or not 0 < int(m.group(3)) < 65536:
        raise CXInputError(Problem(where, "not a Dask scheduler address",
                                   "give it as tcp://host:8786 (the address the scheduler "
                                   "prints when it starts)", value=str(address)[:60]))
    return address


def _run_dask(todo: list[Job], scheduler: str, done, *, timeout: float = 1800) -> None:
    from distributed import Client
    from distributed import as_completed as dask_completed

    check_scheduler_address(scheduler)
    try:
        client = Client(scheduler, timeout="15s")
    except (OSError, TimeoutError) as err:
        raise CXInputError(Problem("--scheduler", f"the Dask scheduler at {scheduler} cannot be "
                                   f"reached ({type(err).__name__})", "start it (dask "
                                   "scheduler) or check the address; no report was run")
                           ) from None
    with client:
        futures = {client.submit(_run_job, j, pure=False, key=f"cx-{j.name}-{j.key[:8]}"): j
                   for j in todo}
        workers = max(1, len(client.scheduler_info().get("workers", {})))
        waiting = dict(futures)
        try:
            _collect(dask_completed(list(futures), timeout=timeout * -(-len(todo) // workers)),
                     futures, waiting, done)
        except TimeoutError:
            for fut, job in waiting.items():
                fut.cancel()
                done(JobResult(job.name, Path(job.notebook).stem, "failed",
                               error={"cell": None, "ename": "TimeoutError",
                                      "evalue": f"no result within {timeout:.0f} s per report "
                                      "(a lost worker or a stuck report)"},
                               parameters=job.parameters), job)


def _collect(completed, futures, waiting, done) -> None:
    for fut in completed:
        job = futures[fut]
        try:
            res = fut.result()
        except Exception as err:  # noqa: BLE001 - a lost worker fails only that report
            res = JobResult(job.name, Path(job.notebook).stem, "failed",
                            error={"cell": None, "ename": type(err).__name__,
                                   "evalue": str(err)}, parameters=job.parameters)
        waiting.pop(fut, None)
        done(res, job)


def _said(err: CXInputError, lang: str) -> str:
    """The first problem of a refused report as the index page says it, in ``lang`` (the
    problem's catalog text when it has a message key, else its English)."""
    if not err.problems:
        return str(html.escape(str(err)))
    p = err.problems[0]
    where, what, fix = problem_text(p, lang)
    if p.column:
        where = t("err.where_column", lang, where=where, column=p.column)
    return str(t("err.line", lang, where=where, what=what, fix=fix))


def _error_line(error: dict[str, Any] | None) -> str:
    if not error:
        return ""
    cell = f"cell {error['cell']}: " if error.get("cell") is not None else ""
    first = str(error.get("evalue", "")).strip().splitlines()
    return f"{cell}{error.get('ename')}: {first[0] if first else ''}"


_INDEX_CSS = """
 body { font-family: system-ui, -apple-system, "Segoe UI", sans-serif; max-width: 60rem;
        margin: 1.5rem auto; padding: 0 1rem; color: #222; line-height: 1.45; }
 h1 { font-size: 1.7rem; margin-bottom: 0.2rem; }
 h2 { font-size: 1.2rem; margin-top: 2rem; border-bottom: 1px solid #ddd; }
 .cx-sub { color: #555; margin-top: 0; }
 .cx-key { display: flex; flex-wrap: wrap; gap: 1.5rem; align-items: baseline;
           background: #f5f7fa; border-left: 4px solid #0072B2; padding: 0.8rem 1.2rem; }
 .cx-key .cx-big { font-size: 2.6rem; font-weight: 700; color: #0072B2; }
 .cx-key p { margin: 0.2rem 0; }
 .cx-actions li { margin: 0.35rem 0; }
 .cx-tied { color: #555; font-size: 0.9rem; }
 .cx-scroll { overflow-x: auto; max-width: 100%; }
 table.cx-narrow { width: auto; min-width: 20rem; }
 table { border-collapse: collapse; width: 100%; font-size: 0.92rem; }
 th, td { padding: 0.35rem 0.6rem; border-bottom: 1px solid #ddd; text-align: left;
          vertical-align: top; }
 td.num, th.num { text-align: right; font-variant-numeric: tabular-nums; white-space: nowrap; }
 tr.failed td { color: #B34700; }
 a { color: #0072B2; }
 .cx-provenance { margin-top: 3rem; font-size: 0.82rem; color: #444; }
 .cx-provenance h2 { font-size: 1rem; }
"""


def _esc(text: Any) -> str:
    """HTML for a report's sentence or title (catalog text: data in it is already escaped)."""
    return html.escape(html.unescape(str(text)), quote=False)


def _bold(text: str) -> str:
    """Escape a headline sentence and keep its **bold** parts (the only markup it may hold).

    The sentence is catalog text (:func:`cxresearch.i18n.t`), so asterisks typed in a label
    are character references there and never become bold.
    """
    parts = re.split(r"\*\*(.+?)\*\*", str(text))
    return "".join(f"<strong>{_esc(p)}</strong>" if i % 2 else _esc(p)
                   for i, p in enumerate(parts))


def _outcome_value(value: float | None, kind: str, lang: str) -> str:
    if value is None:
        return "–"
    if kind == "nps":
        return fmt_pts(value, lang)
    if kind == "binary":
        return fmt_pct(value / 100, lang)
    return fmt_num(value, lang, 2)


def _index_key_outcome(results: list[JobResult], lang: str) -> str:
    """The key outcome with its interval, and its trend over waves when the survey has waves."""
    kf = next((r.key_figures for r in results
               if r.status != "failed" and r.key_figures.get("outcome")
               and not r.parameters.get("filter_value")), None)
    if kf is None:
        return ""
    o = kf["outcome"]
    kind = o.get("type", "nps")
    level = fmt_num(100 * o.get("level", 0.95), lang)
    value = _outcome_value(o.get("value"), kind, lang)
    ci = (f"{_outcome_value(o['ci_low'], kind, lang)} … {_outcome_value(o['ci_high'], kind, lang)}"
          if o.get("ci_low") is not None else "–")
    parts = [f'<div class="cx-big">{value}</div><div>',
             f"<p><strong>{_esc(o.get('label', ''))}</strong></p>",
             "<p>" + t("idx.key_ci", lang, level=level, ci=ci,
                       n=fmt_num(o.get("n") or 0, lang)) + "</p>"]
    if o.get("scope"):
        parts.append(f"<p class='cx-tied'>{_esc(capitalize_first(o['scope']))}</p>")
    parts.append("</div>")
    block = f'<section class="cx-key">{"".join(parts)}</section>'
    trend = kf.get("trend") or []
    if len(trend) >= 2:
        rows = "".join(
            f"<tr><td>{html.escape(str(w['wave']))}</td>"
            f"<td class='num'>{_outcome_value(w['value'], kind, lang)}</td>"
            f"<td class='num'>{_outcome_value(w.get('ci_low'), kind, lang)} … "
            f"{_outcome_value(w.get('ci_high'), kind, lang)}</td>"
            f"<td class='num'>{fmt_num(w.get('n') or 0, lang)}</td></tr>" for w in trend)
        heads = (f"<th>{t('col.wave', lang)}</th><th class='num'>{_esc(o.get('short', ''))}"
                 f"</th><th class='num'>{t('idx.ci_head', lang, level=level)}</th>"
                 f"<th class='num'>{t('col.base', lang)}</th>")
        sentence = f"<p>{_bold(kf['trend_sentence'])}</p>" if kf.get("trend_sentence") else ""
        block += (f"<h3>{t('idx.trend_h', lang)}</h3>{sentence}<div class='cx-scroll'>"
                  "<table class='cx-narrow'>"
                  f"<thead><tr>{heads}</tr></thead><tbody>{rows}</tbody></table></div>")
    return f"<h2 id='key'>{t('idx.key_h', lang)}</h2>{block}"


def _index_actions(results: list[JobResult], lang: str) -> str:
    """The top actions of the (unfiltered) driver report, tied ones shown as tied."""
    source = next((r for r in results if r.status != "failed" and "actions" in r.key_figures
                   and not r.parameters.get("filter_value")), None)
    if source is None:
        return ""
    kf = source.key_figures
    link = f' <a href="{html.escape(Path(source.path).name)}">{t("idx.more", lang)}</a>'
    actions = kf.get("actions") or []
    if not actions:
        note = kf.get("actions_note") or t("idx.no_actions", lang)
        return f"<h2 id='actions'>{t('idx.actions_h', lang)}</h2><p>{_bold(note)}{link}</p>"
    items = []
    for a in actions:
        tied = (f" <span class='cx-tied'>{t('idx.tied', lang)}</span>" if a.get("tied")
                else "")
        items.append(f"<li>{_bold(a['text'])}{tied}</li>")
    note = f"<p class='cx-tied'>{_bold(kf['actions_note'])}</p>" if kf.get("actions_note") else ""
    return (f"<h2 id='actions'>{t('idx.actions_h', lang)}</h2>"
            f"<ol class='cx-actions'>{''.join(items)}</ol>{note}<p>{link.strip()}</p>")


def _report_question(r: JobResult, lang: str) -> str:
    kf = r.key_figures or {}
    if kf.get("question"):
        return _esc(kf["question"])
    key = f"idx.q.{r.notebook}"
    return t(key, lang) if has_text(key) else ""


def _report_headline(r: JobResult, lang: str) -> str:
    """The report's headline answer: its own sentence, else one built from its key figures."""
    kf = r.key_figures or {}
    if kf.get("headline"):
        return _bold(kf["headline"])
    if kf.get("min_alpha") is not None and kf.get("cfi") is not None:
        return t("idx.h.measurement", lang, alpha=fmt_num(kf["min_alpha"], lang, 2),
                 cfi=fmt_num(kf["cfi"], lang, 3))
    if kf.get("significant_interactions") is not None:
        return t("idx.h.moderators", lang, k=fmt_num(kf["significant_interactions"], lang))
    if kf.get("nps") is not None and kf.get("wave") is not None:
        return t("idx.h.wave", lang, wave=str(kf["wave"]), nps=fmt_pts(kf["nps"], lang))
    if kf.get("top_priority"):
        return t("idx.h.top", lang, driver=str(kf["top_priority"]))
    if kf.get("nps") is not None:
        return t("idx.h.nps", lang, nps=fmt_pts(kf["nps"], lang))
    return ""


def write_index(results: Iterable[JobResult], settings: dict[str, Any]) -> Path:
    """Write ``index.html``, the survey's front page.

    The page leads with the key outcome (with its interval, and its trend when the survey has
    waves), then the top actions of the driver report (tied priorities shown as tied), then one
    line per report: the question it answers, its headline answer and a link. Run times,
    build status and errors are in the provenance section at the bottom. Each report links back
    to this page (see :func:`cxresearch.run.run_report`'s ``index``).

    The figures come from each report's key figures (:func:`cxresearch.narrative.key_figures`):
    ``question`` and ``headline`` (sentences in the report language), ``outcome`` (``label,
    type, value, ci_low, ci_high, level, n, scope``), ``trend`` (a list of ``wave, value,
    ci_low, ci_high, n``) with ``trend_sentence``, and ``actions`` (``text, tied``) with
    ``actions_note``. Reports that give fewer of them get a shorter line.

    Parameters
    ----------
    results : iterable of JobResult
        The reports, in the order listed.
    settings : dict
        The batch settings (:func:`plan_batch`): ``out`` (the folder, which must exist),
        ``lang``, ``title``, ``survey`` and ``codebook`` are used.

    Returns
    -------
    Path
        The index file, ``out/index.html`` (written atomically).

    Examples
    --------
    >>> import tempfile
    >>> folder = tempfile.TemporaryDirectory()
    >>> results = [JobResult("nps_overview", "nps_overview", "ok", 8.2,
    ...                      str(Path(folder.name) / "nps_overview.html"),
    ...                      {"title": "NPS overview", "n": 3000, "nps": 21.4}),
    ...            JobResult("driver_analysis-web", "driver_analysis", "failed", 1.0,
    ...                      error={"cell": 12, "ename": "ValueError", "evalue": "no drivers"})]
    >>> page = write_index(results, {"out": folder.name, "lang": "en", "title": "Shop survey",
    ...                              "codebook": "shop.yaml"})
    >>> text = page.read_text(encoding="utf-8")
    >>> page.name, '<a href="nps_overview.html">NPS overview</a>' in text, "NPS +21" in text
    ('index.html', True, True)
    >>> "cell 12: ValueError: no drivers" in text
    True
    >>> folder.cleanup()
    """
    results = list(results)
    lang = settings.get("lang", "en")
    out = Path(settings["out"])
    esc = html.escape
    title = esc(str(settings.get("title", "")))
    rows, prov_rows = [], []
    for r in results:
        kf = r.key_figures or {}
        seg = r.parameters.get("filter_value")
        seg_text = f" · <strong>{esc(str(seg))}</strong>" if seg else ""
        if r.status in ("ok", "skipped") and r.path:
            name = html.unescape(str(kf.get("short_title") or kf.get("title") or r.name))
            survey = str(settings.get("survey") or "")
            if survey and name.endswith(f": {survey}"):  # the page is about this survey anyway
                name = name[: -len(survey) - 2]
            name = esc(name, quote=False)
            link = f'<a href="{esc(Path(r.path).name)}">{name}</a>{seg_text}'
            rows.append(f"<tr><td>{link}</td><td>{_report_question(r, lang)}</td>"
                        f"<td>{_report_headline(r, lang)}</td></tr>")
            status = t("idx.status_ok" if r.status == "ok" else "idx.status_skipped", lang)
            prov_rows.append(f"<tr><td>{esc(r.name)}</td><td>{status}</td>"
                             f"<td class='num'>{fmt_num(r.seconds, lang, 1)}</td><td></td></tr>")
        else:
            rows.append(f"<tr class='failed'><td>{esc(r.name)}{seg_text}</td>"
                        f"<td>{_report_question(r, lang)}</td>"
                        f"<td>{t('idx.not_written', lang)}</td></tr>")
            prov_rows.append(f"<tr class='failed'><td>{esc(r.name)}</td>"
                             f"<td>{t('idx.failed', lang)}</td>"
                             f"<td class='num'>{fmt_num(r.seconds, lang, 1)}</td>"
                             f"<td>{(r.error or {}).get('said') or esc(_error_line(r.error))}"
                             "</td></tr>")
    n_failed = sum(r.status == "failed" for r in results)
    status = (t("idx.all_ok", lang) if not n_failed else
              t("idx.some_failed", lang, k=n_failed))
    note_key = "idx.failed_note_one" if n_failed == 1 else "idx.failed_note"
    failed_note = (f"<p class='cx-tied'>{t(note_key, lang, k=n_failed)}</p>"
                   if n_failed else "")
    heads = "".join(f"<th>{t(k, lang)}</th>" for k in ("idx.report", "idx.question",
                                                          "idx.answer"))
    prov_heads = "".join(f"<th{c}>{t(k, lang)}</th>" for k, c in (
        ("idx.report", ""), ("idx.status", ""), ("idx.seconds", " class='num'"),
        ("idx.error", "")))
    built = fmt_date(time.strftime("%Y-%m-%d", time.gmtime()), lang) + time.strftime(
        " %H:%M UTC", time.gmtime())
    survey = str(settings.get("survey") or "")
    sub = t("idx.subtitle", lang, date=built)
    if survey and survey != str(settings.get("title", "")):
        sub = f"{esc(survey)} · {sub}"
    page = f"""<!DOCTYPE html>
<html lang="{esc(lang)}"><head><meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
{CSP_META.strip()}
<title>{title}</title>
<style>{_INDEX_CSS}</style></head><body>
<main>
<h1>{title}</h1>
<p class="cx-sub">{sub}</p>
{failed_note}
{_index_key_outcome(results, lang)}
{_index_actions(results, lang)}
<h2 id="reports">{t('idx.reports_h', lang)}</h2>
<div class="cx-scroll"><table><thead><tr>{heads}</tr></thead><tbody>
{''.join(rows)}
</tbody></table></div>
</main>
<footer class="cx-provenance" id="provenance"><h2>{t('provenance', lang)}</h2>
<p>{status}</p>
<div class="cx-scroll"><table><thead><tr>{prov_heads}</tr></thead><tbody>
{''.join(prov_rows)}
</tbody></table></div>
<p>cxresearch {__version__} · {t('prov.codebook', lang)}: {esc(Path(settings['codebook']).name)}
· {built}</p>
</footer>
</body></html>
"""
    target = out / "index.html"
    _write_atomic(target, page)
    return target


def _summary(results: list[JobResult]) -> str:
    lines = [f"{'report':40s} {'status':8s} {'seconds':>8s}"]
    for r in results:
        lines.append(f"{r.name[:40]:40s} {r.status:8s} {r.seconds:8.1f}")
        if r.error:
            lines.append(f"    {_error_line(r.error)}")
    ok = sum(r.status == "ok" for r in results)
    skipped = sum(r.status == "skipped" for r in results)
    failed = sum(r.status == "failed" for r in results)
    lines.append(f"{ok} written, {skipped} up to date, {failed} failed")
    return "\n".join(lines)


class _sigterm_as_interrupt:  # noqa: N801 - used like a function
    """While running, SIGTERM stops the batch like Ctrl-C (workers stopped, no partial files)."""

    def __enter__(self):
        import signal
        import threading

        self.old = None
        if threading.current_thread() is threading.main_thread():
            def handler(signum, frame):
                raise KeyboardInterrupt

            self.old = signal.signal(signal.SIGTERM, handler)
        return self

    def __exit__(self, *exc):
        import signal

        if self.old is not None:
            signal.signal(signal.SIGTERM, self.old)
        return False


def run_batch_file(path: str | Path, *, workers: int | None = None,
                   scheduler: str | None = None, force: bool = False,
                   timeout: float = 1800) -> int:
    """``cx batch``: plan, run, summarise; returns the exit code (0 ok, 1 a report failed).

    Parameters
    ----------
    path : str or Path
        The batch file (:func:`read_batch`).
    workers : int, optional
        Parallel reports in a local process pool (default: the number of cores).
    scheduler : str, optional
        Address of a running Dask scheduler (:func:`check_scheduler_address`).
    force : bool, default False
        Rerun reports whose inputs are unchanged since the last run.
    timeout : float, default 1800
        Seconds one report may take on a Dask cluster.

    Returns
    -------
    int
        0 when every report was written or up to date, 1 when one failed.

    Examples
    --------
    Not run here: every report starts a Jupyter kernel (:func:`plan_batch` is the part
    that runs before).

    >>> run_batch_file("notebooks/batches/by_region.yaml", workers=2)  # doctest: +SKIP
    0
    """
    path = Path(path)
    if scheduler:
        check_scheduler_address(scheduler)
    jobs, settings = plan_batch(read_batch(path), base=path.parent, where=str(path))
    t0 = time.perf_counter()
    with _sigterm_as_interrupt():
        results = run_batch(jobs, settings, workers=workers, scheduler=scheduler, force=force,
                            timeout=timeout)
    print(_summary(results))
    print(f"index: {Path(settings['out']) / 'index.html'} ({time.perf_counter() - t0:.1f} s)")
    return 1 if any(r.status == "failed" for r in results) else 0


def run_demo(out: str | Path = "reports", *, lang: str = "en", workers: int | None = None,
             force: bool = False) -> int:
    """``cx demo``: every shipped report notebook on the bundled survey, plus an index.

    The reports are :data:`DEMO_NOTEBOOKS`, run as one batch (:func:`run_batch`).

    Parameters
    ----------
    out : str or Path, default "reports"
        The output folder.
    lang : {"en", "fi", "sv"}, default "en"
        The reports' language.
    workers : int, optional
        Parallel reports (default: the number of cores).
    force : bool, default False
        Rerun reports that are up to date.

    Returns
    -------
    int
        0 when every report was written or up to date, 1 when one failed.

    Examples
    --------
    Not run here: seven reports take a minute or more.

    >>> import tempfile
    >>> with tempfile.TemporaryDirectory() as out:  # doctest: +SKIP
    ...     run_demo(out, lang="sv")
    0
    """
    from .run import list_notebooks

    available = set(list_notebooks())
    spec = {"codebook": str(bundled_codebook()), "out": str(Path(out).resolve()), "lang": lang,
            "reports": [{"notebook": n} for n in DEMO_NOTEBOOKS if n in available]}
    jobs, settings = plan_batch(spec, base=project_root(), where="cx demo")
    t0 = time.perf_counter()
    results = run_batch(jobs, settings, workers=workers, force=force)
    print(_summary(results))
    print(f"index: {Path(settings['out']) / 'index.html'} ({time.perf_counter() - t0:.1f} s)")
    return 1 if any(r.status == "failed" for r in results) else 0


def results_as_records(results: list[JobResult]) -> list[dict[str, Any]]:
    """Results as JSON-friendly dicts."""
    return [asdict(r) for r in results]
