"""The ``cx`` command line.

Every command reads a codebook, exits 0 on success and exits 2 with a readable message (what,
where, an example of the bad value, how to fix it) on bad input, never with a traceback.
``--json`` prints machine-readable records. Set ``CX_DEBUG=1`` to see tracebacks of bugs.

Commands: ``validate``, ``nps``, ``outcome``, ``drivers``, ``report``, ``batch``, ``demo``,
``simulate``, ``tables``, ``themes``, ``init``.
"""

from __future__ import annotations

import argparse
import json
import math
import os
import sys
import traceback
from collections.abc import Sequence
from typing import Any

from .errors import CXInputError, Problem
from .i18n import LANGS

__all__ = ["main", "build_parser"]

EXIT_OK, EXIT_FAIL, EXIT_INPUT = 0, 1, 2


def build_parser() -> argparse.ArgumentParser:
    """The argument parser of ``cx`` (all sub-commands).

    Returns
    -------
    argparse.ArgumentParser
        ``cx`` with one sub-parser per command; the parsed namespace's ``command`` names
        the sub-command.

    Examples
    --------
    >>> args = build_parser().parse_args(["report", "nps_overview", "--codebook", "shop.yaml",
    ...                                   "--out", "reports", "--lang", "fi",
    ...                                   "-p", "min_n", "50", "--format", "html,pptx"])
    >>> args.command, args.notebook, args.lang, args.parameter, args.format
    ('report', 'nps_overview', 'fi', [['min_n', '50']], 'html,pptx')
    """
    ap = argparse.ArgumentParser(prog="cx", description="cxresearch: CX measurement workbench")
    ap.add_argument("--version", action="version", version=_version())
    sub = ap.add_subparsers(dest="command", required=True, metavar="COMMAND")

    def survey_args(p: argparse.ArgumentParser, json_flag: bool = True) -> None:
        p.add_argument("--codebook", required=True, help="the survey's YAML codebook")
        p.add_argument("--data", help="another data file with the codebook's columns")
        if json_flag:
            p.add_argument("--json", action="store_true", help="print JSON records")

    p = sub.add_parser("validate", help="check a codebook and its data; list every problem")
    survey_args(p)
    p.add_argument("--lang", default="en", choices=["en", "fi", "sv"],
                   help="language of how the data file was read (default en)")

    p = sub.add_parser("nps", help="Net Promoter Score with confidence intervals")
    survey_args(p)
    p.add_argument("--by", nargs="+", default=[], metavar="COLUMN", help="group columns")
    p.add_argument("--ci", default="adjusted-wald", choices=["adjusted-wald", "wald", "bootstrap"])
    p.add_argument("--min-n", type=int, default=30,
                   help="groups under this base are suppressed (default 30)")
    p.add_argument("--no-weight", action="store_true", help="ignore the codebook's weight")
    p.add_argument("--outcome", help="outcome name in the codebook (default: the key outcome)")

    p = sub.add_parser("outcome", help="an outcome summarised for its type: NPS, yes/no share "
                       "or rating mean and top box")
    survey_args(p)
    p.add_argument("--outcome", help="outcome name in the codebook (default: the key outcome)")
    p.add_argument("--by", nargs="+", default=[], metavar="COLUMN", help="group columns")
    p.add_argument("--min-n", type=int, default=30,
                   help="groups under this base are suppressed (default 30)")
    p.add_argument("--no-weight", action="store_true", help="ignore the codebook's weight")

    p = sub.add_parser("drivers", help="relative importance of the experience drivers")
    survey_args(p)
    p.add_argument("--method", default="shapley",
                   choices=["shapley", "relative_weights", "dominance", "pratt"])
    p.add_argument("--outcome", help="outcome name or column (default: the key outcome)")
    p.add_argument("--bootstrap", type=int, default=0, metavar="N", help="bootstrap resamples")
    p.add_argument("--seed", type=int, default=0)
    p.add_argument("--no-weight", action="store_true", help="ignore the codebook's weight")

    p = sub.add_parser("report", help="run a report notebook into one HTML file")
    p.add_argument("notebook", help="notebook name (e.g. nps_overview, teaching/action) or path")
    p.add_argument("--codebook", help="the survey's YAML codebook (teaching notebooks that "
                   "simulate their data need none)")
    p.add_argument("--data", help="another data file with the codebook's columns")
    p.add_argument("--out", required=True, help="output folder")
    p.add_argument("--lang", default="en", choices=list(LANGS))
    p.add_argument("--name", help="file name without .html (default: the notebook's)")
    p.add_argument("-p", "--parameter", nargs=2, action="append", default=[],
                   metavar=("NAME", "VALUE"), help="a notebook parameter (repeatable)")
    p.add_argument("--format", default="html",
                   help="comma list of html, pptx, xlsx (default: html)")
    p.add_argument("--template", help="a .pptx whose layouts and theme the pptx deck uses")

    p = sub.add_parser("batch", help="run a batch file of reports")
    p.add_argument("batch", help="the batch YAML file")
    p.add_argument("--workers", type=int, default=None, help="parallel reports (default: cores)")
    p.add_argument("--scheduler", help="address of a running Dask scheduler")
    p.add_argument("--force", action="store_true", help="rerun reports that are up to date")
    p.add_argument("--timeout", type=float, default=1800, metavar="SECONDS",
                   help="seconds one report may take on a Dask cluster (default 1800)")

    p = sub.add_parser("demo", help="the whole report set on the bundled survey")
    p.add_argument("--out", default="reports", help="output folder (default: reports)")
    p.add_argument("--lang", default="en", choices=list(LANGS))
    p.add_argument("--workers", type=int, default=None, help="parallel reports (default: cores)")
    p.add_argument("--force", action="store_true", help="rerun reports that are up to date")

    p = sub.add_parser("tables", help="banner book: crosstabs with significance letters (xlsx)")
    p.add_argument("banner", help="the banner YAML file (format: cxresearch/tables.py)")
    p.add_argument("--out", required=True, help="the workbook to write (.xlsx)")
    p.add_argument("--lang", choices=["en", "fi", "sv"],
                   help="language (default: the banner file's)")

    p = sub.add_parser("init", help="draft a codebook from a data file or survey export")
    p.add_argument("data", help="the data file (csv, xlsx, sav, a Qualtrics/SurveyMonkey/"
                   "Google Forms/LimeSurvey export ...)")
    p.add_argument("--out", help="write the codebook here (a new file; default: print it)")
    p.add_argument("--lang", default="en", choices=["en", "fi", "sv"],
                   help="language of the draft's comments and messages, and the one the "
                   "question texts (labels) are filed under (default: en)")

    p = sub.add_parser("simulate", help="write a simulated survey and its codebook")
    p.add_argument("--n", type=int, default=3000)
    p.add_argument("--seed", type=int, default=2026)
    p.add_argument("--out", required=True, help="output folder (existing files are kept)")
    p.add_argument("--stem", default="retail_cx")

    p = sub.add_parser("themes", help="open-text themes: 'suggest' drafts a themes: block")
    p.add_argument("action", choices=["suggest"])
    survey_args(p, json_flag=False)
    p.add_argument("--text", help="open-answer column (default: the codebook's first text)")
    p.add_argument("--lang", help="language of the answers (default: the most common)")
    p.add_argument("--n", type=int, default=8, help="number of themes (default 8)")
    p.add_argument("--seed", type=int, default=0)
    return ap


def _version() -> str:
    from .version import __version__

    return f"cx (cxresearch) {__version__}"


# --------------------------------------------------------------------------- helpers


def _clean(v: Any) -> Any:
    """JSON-safe scalars: NaN → null, numpy → Python."""
    if hasattr(v, "item") and not isinstance(v, (str, bytes)):
        v = v.item()
    if isinstance(v, float) and (math.isnan(v) or math.isinf(v)):
        return None
    if hasattr(v, "isoformat"):
        return v.isoformat()
    return v


def _records(df) -> list[dict[str, Any]]:
    return [{str(k): _clean(v) for k, v in row.items()} for row in df.to_dict("records")]


def _print_json(obj: Any) -> None:
    print(json.dumps(obj, ensure_ascii=False, indent=2, sort_keys=False))


def _print_table(df, digits: int = 1) -> None:
    import pandas as pd

    with pd.option_context("display.width", 160, "display.max_columns", 30):
        print(df.round(digits).to_string(index=False))


# --------------------------------------------------------------------------- commands


def _check_numbers(args: argparse.Namespace) -> None:
    """Every numeric option in range (exit 2 with a message, before anything is read)."""
    limits = {"bootstrap": (0, 100_000, "0 (no bootstrap) or a number of resamples such as "
                            "1000"),
              "seed": (0, 2**32 - 1, "a whole number from 0 to 4294967295"),
              "n": (10, 10_000_000, "at least 10 respondents (e.g. --n 3000)"),
              "workers": (1, 256, "a number of parallel reports from 1 up, e.g. --workers 2"),
              "min_n": (1, 1_000_000, "a base of at least 1, e.g. --min-n 30"),
              "timeout": (1, 7 * 24 * 3600, "seconds per report, e.g. --timeout 600")}
    if getattr(args, "command", None) == "themes":  # there --n is the number of themes
        limits["n"] = (2, 50, "a number of themes from 2 to 50, e.g. --n 8")
    problems = []
    for name, (low, high, fix) in limits.items():
        v = getattr(args, name, None)
        if v is not None and not low <= v <= high:
            flag = "--" + name.replace("_", "-")
            problems.append(Problem(flag, f"{flag} {v} is out of range ({low}–{high})", fix,
                                    value=v))
    if problems:
        raise CXInputError(problems)


def _check_by(survey, columns: list[str], where: str = "--by") -> None:
    from .disclosure import check_groupable

    for col in columns:
        check_groupable(survey.codebook, col, purpose="group", where=where)


def cmd_validate(args: argparse.Namespace) -> int:
    from .io import load

    try:
        survey = load(args.codebook, data=args.data)
    except CXInputError as err:
        if args.json:
            _print_json({"ok": False, "problems": err.to_records()})
            return EXIT_INPUT
        raise
    cb = survey.codebook
    d = survey.data
    info = {
        "ok": True, "survey": cb.name, "data": str(survey.source), "sha256": survey.sha256,
        "respondents": len(d), "constructs": len(cb.constructs), "drivers": cb.drivers,
        "recommend_answered": int(d[cb.recommend.column].notna().sum()),
        "construct_scores_missing": {c: int(d[c].isna().sum()) for c in cb.constructs},
        "key_outcome": cb.key_outcome.name,
        "outcomes": {o.name: {"column": o.column, "type": o.type, "scale": list(o.scale),
                              "answered": int(d[o.column].notna().sum())}
                     for o in cb.outcomes.values()},
        "notes": list(survey.notes),
    }
    if args.json:
        _print_json(info)
    else:
        key = cb.key_outcome
        print(f"OK: {cb.name}: {len(d)} respondents in {survey.source.name}, "
              f"{len(cb.constructs)} constructs ({len(cb.drivers)} drivers), "
              f"{info['outcomes'][key.name]['answered']} answered the key outcome "
              f"'{key.name}'.")
        print("Outcomes: " + ", ".join(
            f"{o.name} ({o.type}, {o.scale[0]:g}–{o.scale[1]:g}"
            + (f", top box {', '.join(f'{v:g}' for v in o.top_box)}" if o.top_box else "")
            + ")" for o in cb.outcomes.values()))
        from .draft import read_as

        for note in survey.notes:  # the export's description in --lang; other notes as they are
            print(f"Warning: {read_as(note, getattr(args, 'lang', 'en'))}")
        gaps = {k: v for k, v in info["construct_scores_missing"].items() if v}
        if gaps:
            print("Construct scores missing (too few items answered): " +
                  ", ".join(f"{k} {v}" for k, v in gaps.items()))
    return EXIT_OK


def cmd_nps(args: argparse.Namespace) -> int:
    from .io import load
    from .metrics import nps

    survey = load(args.codebook, data=args.data)
    spec = survey.codebook.outcome(args.outcome)
    if spec.type != "nps":
        raise CXInputError(Problem(
            str(survey.codebook.path or args.codebook), f"outcome '{spec.name}' is a "
            f"{spec.type} outcome, not a 0–10 recommendation question: it has no NPS",
            f"use 'cx outcome --codebook {args.codebook} --outcome {spec.name}' (a "
            + ("percentage" if spec.type == "binary" else "mean and top-box share")
            + " with its interval)", column=spec.column))
    _check_by(survey, args.by)
    table = nps(survey, outcome=spec.column, scale=spec.scale, by=args.by or None, ci=args.ci,
                min_n=args.min_n, weight=False if args.no_weight else None)
    from .disclosure import suppress

    hidden = ["promoters", "passives", "detractors", "pct_promoters", "pct_passives",
              "pct_detractors", "nps", "se", "ci_low", "ci_high"]
    # the report's rule: effective base, complementary suppression when groups are shown
    small = (suppress(table, min_n=args.min_n)["suppressed"] if args.by else
             table["n_eff"].fillna(0) < args.min_n)
    table = table.astype({c: "float64" for c in hidden})
    table.loc[small, hidden] = float("nan")  # no figure from a base under min_n is shown
    table["suppressed"] = small
    if args.json:
        cols = args.by + ["n", "base", "promoters", "passives", "detractors", "nps", "ci_low",
                          "ci_high", "n_eff", "suppressed"]
        _print_json(_records(table[cols]))
    else:
        cols = args.by + ["base", "nps", "ci_low", "ci_high", "pct_promoters", "pct_passives",
                          "pct_detractors", "n_eff", "suppressed"]
        _print_table(table[cols])
    return EXIT_OK


def cmd_drivers(args: argparse.Namespace) -> int:
    from .importance import relative_importance
    from .io import load

    survey = load(args.codebook, data=args.data)
    outcome = survey.codebook.outcome(args.outcome).column
    table = relative_importance(survey, outcome=outcome, method=args.method,
                                n_boot=args.bootstrap, seed=args.seed,
                                weight=False if args.no_weight else None)
    cols = ["driver", "importance", "share", "ci_low", "ci_high", "rank", "performance"]
    if args.json:
        _print_json(_records(table[cols]))
    else:
        _print_table(table[cols], 3)
        print(f"R² = {table.attrs['r2']:.3f}, n = {table.attrs['n']}")
    return EXIT_OK


def cmd_outcome(args: argparse.Namespace) -> int:
    from .io import load
    from .outcomes import outcome_summary

    survey = load(args.codebook, data=args.data)
    table = outcome_summary(survey, outcome=args.outcome, by=args.by or None,
                            min_n=args.min_n, weight=False if args.no_weight else None)
    figures = [c for c in table.columns if c not in {"outcome", "type", "unit", "n", "n_eff",
                                                     "small_base", "ci_method", "scale_low",
                                                     "scale_high", "top_box_values",
                                                     *args.by}]
    small = table["n"] < args.min_n
    table = table.astype({c: "float64" for c in figures})
    table.loc[small, figures] = float("nan")  # no figure from a base under min_n is shown
    table["suppressed"] = small
    table = table.drop(columns=["small_base"])
    if args.json:
        _print_json(_records(table))
    else:
        kind = table["type"].iloc[0]
        print(f"{table['outcome'].iloc[0]} ({kind}): estimate in {table['unit'].iloc[0]}")
        shown = [c for c in table.columns if c not in ("outcome", "type", "unit")]
        _print_table(table[shown], 2 if kind == "rating" else 1)
    return EXIT_OK


def cmd_report(args: argparse.Namespace) -> int:
    from .files import check_out_dir, safe_name
    from .run import run_report

    params = dict(args.parameter)
    if args.name is not None:
        safe_name(args.name)
    check_out_dir(args.out, create=False)
    for reserved in ("codebook", "data", "lang"):
        if reserved in params:
            raise CXInputError(Problem("-p", f"'{reserved}' is set with its own option",
                                       f"use --{reserved} instead of -p {reserved}",
                                       column=reserved))
    result = run_report(args.notebook, codebook=args.codebook, data=args.data,
                        out_dir=args.out, lang=args.lang, parameters=params, name=args.name,
                        from_text=True, formats=args.format, template=args.template)
    for path in result.files:
        print(f"wrote {path} ({result.seconds:.1f} s)")
    return EXIT_OK


def cmd_batch(args: argparse.Namespace) -> int:
    from .batch import run_batch_file

    return run_batch_file(args.batch, workers=args.workers, scheduler=args.scheduler,
                          force=args.force, timeout=args.timeout)


def cmd_demo(args: argparse.Namespace) -> int:
    from .batch import run_demo
    from .files import check_out_dir

    check_out_dir(args.out, create=False)
    return run_demo(args.out, lang=args.lang, workers=args.workers, force=args.force)


def cmd_init(args: argparse.Namespace) -> int:
    from .draft import draft_codebook, write_draft
    from .i18n import catalog

    draft = draft_codebook(args.data, lang=args.lang, out=args.out)
    said = catalog(args.lang)
    if args.out:
        path = write_draft(draft, args.out)
        print(said["init.cli.wrote"].format(path=path))
        for item in draft.decide:
            print(said["init.cli.decide"].format(what=item))
    else:
        print(draft.text, end="")
    return EXIT_OK


def cmd_simulate(args: argparse.Namespace) -> int:
    from .files import check_out_dir, safe_name
    from .simulate import simulate_survey

    safe_name(args.stem, where="--stem")
    out = check_out_dir(args.out, create=False)
    for suffix in (".csv", ".yaml"):
        if (out / f"{args.stem}{suffix}").exists():
            raise CXInputError(Problem(str(out / f"{args.stem}{suffix}"), "the file exists",
                                       "write to a new folder (cx simulate never replaces "
                                       "files, so raw data cannot be overwritten)"))
    paths = simulate_survey(args.n, seed=args.seed).write(out, args.stem)
    for path in paths:
        print(path)
    return EXIT_OK


def cmd_tables(args: argparse.Namespace) -> int:
    from .tables import write_banner_book

    print(f"wrote {write_banner_book(args.banner, args.out, lang=args.lang)}")
    return EXIT_OK


def cmd_themes(args: argparse.Namespace) -> int:
    from .io import load
    from .text import suggest_themes, suggestions_yaml

    table = suggest_themes(load(args.codebook, data=args.data), text=args.text, lang=args.lang,
                           n=args.n, seed=args.seed)
    print(suggestions_yaml(table), end="")
    return EXIT_OK


COMMANDS = {"themes": cmd_themes, "validate": cmd_validate, "nps": cmd_nps, "outcome": cmd_outcome,
            "drivers": cmd_drivers,
            "report": cmd_report, "batch": cmd_batch, "demo": cmd_demo,
            "simulate": cmd_simulate, "tables": cmd_tables, "init": cmd_init}


def main(argv: Sequence[str] | None = None) -> int:
    """Entry point of ``cx``; returns the exit code.

    Bad input is never a traceback: it prints ``cx COMMAND: error:`` with what, where and
    how to fix it on stderr and returns 2. A failed notebook returns 1; a bug returns 1 with
    a one-line message (``CX_DEBUG=1`` prints the traceback).

    Parameters
    ----------
    argv : sequence of str, optional
        The arguments after ``cx`` (default: ``sys.argv[1:]``).

    Returns
    -------
    int
        0 on success, 1 when a report or a bug failed, 2 on bad input, 130 when
        interrupted.

    Examples
    --------
    A survey of 80 customers written to a temporary folder:

    >>> import tempfile
    >>> from pathlib import Path
    >>> folder = tempfile.TemporaryDirectory()
    >>> d = Path(folder.name)
    >>> _ = (d / "shop.csv").write_text("id,channel,ltr\\n" + "".join(
    ...     f"{i},{'web' if i % 2 else 'store'},{10 - i % 4 if i % 2 == 0 else i % 8}\\n"
    ...     for i in range(80)), encoding="utf-8")
    >>> _ = (d / "shop.yaml").write_text("name: Shop\\ndata: shop.csv\\nid: id\\n"
    ...     "segments: [channel]\\noutcomes:\\n  recommend: {column: ltr, scale: [0, 10]}\\n",
    ...     encoding="utf-8")
    >>> main(["nps", "--codebook", str(d / "shop.yaml"), "--by", "channel", "--min-n", "20"])
    channel  base   nps  ci_low  ci_high  pct_promoters  pct_passives  pct_detractors  n_eff  suppressed
      store    40  50.0    30.6     62.4           50.0          50.0             0.0   40.0       False
        web    40 -75.0   -84.6    -54.9            0.0          25.0            75.0   40.0       False
    0
    >>> main(["nps", "--codebook", str(d / "no-such.yaml")])  # the message goes to stderr
    2
    >>> folder.cleanup()
    """
    args = build_parser().parse_args(argv)
    try:
        _check_numbers(args)
        return COMMANDS[args.command](args)
    except CXInputError as err:
        print(f"cx {args.command}: error:\n{err}", file=sys.stderr)
        return EXIT_INPUT
    except KeyboardInterrupt:
        print(f"cx {args.command}: interrupted", file=sys.stderr)
        return 130
    except Exception as err:  # noqa: BLE001 - the last line of defence against tracebacks
        from .run import ReportError

        if isinstance(err, ReportError) and err.ename == "CXInputError":
            print(f"cx {args.command}: error in {err.notebook}:\n{err.evalue}", file=sys.stderr)
            return EXIT_INPUT
        if isinstance(err, ReportError):
            print(f"cx {args.command}: the notebook failed: {err}", file=sys.stderr)
            return EXIT_FAIL
        if os.environ.get("CX_DEBUG"):
            traceback.print_exc()
        print(f"cx {args.command}: internal error: {type(err).__name__}: {err}\n"
              "This is a bug in cxresearch; rerun with CX_DEBUG=1 for details and report it.",
              file=sys.stderr)
        return EXIT_FAIL


if __name__ == "__main__":
    raise SystemExit(main())
