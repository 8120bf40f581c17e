"""Docstrings a user can learn from, checked with numpydoc's validator (issue 17 item 5).

Every public callable of ``cxresearch.__all__`` and of every module's ``__all__`` (the
deprecation shims ``report`` and ``drivers`` excepted) is validated with
``numpydoc.validate.validate``. Required (the error codes enforced):

- ``GL08`` the object has a docstring;
- ``SS01`` it has a summary line;
- ``PR01`` every parameter is documented in Parameters; ``PR02`` none is documented that
  does not exist;
- ``RT01`` a function that returns something has a Returns section;
- ``EX01`` it has an Examples section (run by ``pytest --doctest-modules``: keep them fast).

Style codes (``PR08`` capitals, ``SA01`` See Also, ``ES01`` extended summary, ...) are not
enforced. ``TO_DOCUMENT`` lists what fails today with the codes it fails; it may only
shrink: an entry that passes, or a new callable that fails, fails this test.
"""

from __future__ import annotations

import importlib
import warnings
from pathlib import Path

import pytest

numpydoc_validate = pytest.importorskip("numpydoc.validate")

import cxresearch  # noqa: E402

CODES = {"GL08", "SS01", "PR01", "PR02", "RT01", "EX01"}
SHIMS = {"report", "drivers"}
PACKAGE = Path(cxresearch.__file__).parent

# to document: callable -> the codes it fails today (shrink this list, never grow it)
TO_DOCUMENT = {
    "cxresearch.narrative.outcome_display_table": "PR01 RT01",  # merged late: to document
    "cxresearch.narrative.outcome_distribution_table": "PR01 RT01",  # merged late: to document
    "cxresearch.narrative.outcome_sentences": "PR01 RT01",  # merged late: to document
    "cxresearch.narrative.outcome_tests_table": "PR01 RT01",  # merged late: to document
    "cxresearch.deck.build_pptx": "EX01 RT01",  # merged late: to document
    "cxresearch.deck.build_xlsx": "EX01 PR01 RT01",  # merged late: to document
    "cxresearch.deck.check_formats": "EX01 PR01 RT01",  # merged late: to document
    "cxresearch.deck.check_template": "EX01 PR01 RT01",  # merged late: to document
    "cxresearch.deck.report_items": "EX01 PR01 RT01",  # merged late: to document
    "cxresearch.narrative.chart_bundle": "PR01 RT01",  # merged late: to document
    "cxresearch.narrative.parse_number": "PR01 RT01",  # merged late: to document
    "cxresearch.narrative.table_bundle": "PR01 RT01",  # merged late: to document
    "cxresearch.batch.Job": "EX01 PR01",
    "cxresearch.batch.JobResult": "EX01 PR01",
    "cxresearch.batch.check_scheduler_address": "EX01 PR01 RT01",
    "cxresearch.batch.plan_batch": "EX01 PR01",
    "cxresearch.batch.read_batch": "EX01 PR01 RT01",
    "cxresearch.batch.run_batch": "EX01 PR01 RT01",
    "cxresearch.batch.run_batch_file": "EX01 PR01 RT01",
    "cxresearch.batch.run_demo": "EX01 PR01 RT01",
    "cxresearch.batch.suppress_key_figures": "PR01 RT01",
    "cxresearch.batch.write_index": "EX01 PR01 RT01",
    "cxresearch.cli.build_parser": "EX01 RT01",
    "cxresearch.cli.main": "EX01 PR01 RT01",
    "cxresearch.codebook.Recode": "PR01",
    "cxresearch.codebook.recode_key": "PR01 RT01",
    "cxresearch.crosstab.CrosstabResult": "EX01 PR01",
    "cxresearch.disclosure.check_groupable": "RT01",
    "cxresearch.disclosure.effective_base": "PR01 RT01",
    "cxresearch.disclosure.is_small": "EX01 PR01 RT01",
    "cxresearch.disclosure.suppress": "EX01 PR01",
    "cxresearch.draft.Draft": "EX01 PR01",
    "cxresearch.draft.draft_codebook": "EX01",
    "cxresearch.draft.write_draft": "EX01 PR01 RT01",
    "cxresearch.files.file_mode": "EX01 RT01",
    "cxresearch.files.folder_lock": "EX01 PR01 RT01",
    "cxresearch.files.name_for_value": "PR01 RT01",
    "cxresearch.files.safe_name": "PR01 RT01",
    "cxresearch.files.write_atomic": "EX01",
    "cxresearch.formats.TableRead": "EX01 PR01",
    "cxresearch.formats.detect_layout": "PR01 RT01",
    "cxresearch.formats.labels_are_anchors": "PR01 RT01",
    "cxresearch.formats.read_export": "EX01",
    "cxresearch.formats.shifted_scale": "PR01 RT01",
    "cxresearch.formats.snake_name": "PR01 RT01",
    "cxresearch.i18n.capitalize_first": "PR01 RT01",
    "cxresearch.i18n.category_label": "EX01 PR01 RT01",
    "cxresearch.i18n.fmt_date": "PR01 RT01",
    "cxresearch.i18n.fmt_num": "PR01 RT01",
    "cxresearch.i18n.fmt_p": "PR01 RT01",
    "cxresearch.i18n.fmt_pct": "PR01 RT01",
    "cxresearch.i18n.fmt_pts": "PR01 RT01",
    "cxresearch.i18n.fmt_range": "PR01 RT01",
    "cxresearch.i18n.has_text": "PR01 RT01",
    "cxresearch.i18n.in_sentence": "PR01 RT01",
    "cxresearch.i18n.locale_of": "PR01",
    "cxresearch.i18n.t": "EX01 PR01 RT01",
    "cxresearch.models.OrderedLogitFit": "EX01 PR01",
    "cxresearch.models.ordered_logit": "PR01 RT01",
    "cxresearch.narrative.alt_distribution": "EX01 PR01 RT01",
    "cxresearch.narrative.alt_groups": "EX01 PR01 RT01",
    "cxresearch.narrative.alt_waves": "EX01 PR01 RT01",
    "cxresearch.narrative.coefficients_display_table": "EX01 PR01 RT01",
    "cxresearch.narrative.comment_sample": "EX01 PR01",
    "cxresearch.narrative.comparison_display_table": "EX01 PR01 RT01",
    "cxresearch.narrative.key_figures": "EX01 PR01",
    "cxresearch.narrative.nps_actions": "EX01 PR01",
    "cxresearch.narrative.nps_display_table": "EX01 PR01 RT01",
    "cxresearch.narrative.nps_summary": "EX01 PR01",
    "cxresearch.narrative.nps_tests_table": "EX01 PR01 RT01",
    "cxresearch.narrative.plain": "PR01 RT01",
    "cxresearch.narrative.priorities_display_table": "EX01 PR01 RT01",
    "cxresearch.narrative.show_chart": "EX01 PR01",
    "cxresearch.narrative.show_table": "EX01 PR01",
    "cxresearch.narrative.trend_records": "EX01 PR01 RT01",
    "cxresearch.plots.htmt_heatmap": "EX01 PR01 RT01",
    "cxresearch.plots.ipa_plot": "EX01 PR01 RT01",
    "cxresearch.plots.nps_distribution": "EX01 PR01 RT01",
    "cxresearch.plots.nps_intervals": "EX01 PR01 PR02 RT01",
    "cxresearch.plots.wave_plot": "EX01 PR01 RT01",
    "cxresearch.redact.is_valid_hetu": "PR01 RT01",
    "cxresearch.redact.redact": "PR01 RT01",
    "cxresearch.redact.safe_to_show": "PR01 RT01",
    "cxresearch.run.ReportError": "EX01 PR01",
    "cxresearch.run.ReportResult": "EX01 PR01",
    "cxresearch.run.check_columns": "EX01 PR01",
    "cxresearch.run.check_parameters": "EX01 PR01 RT01",
    "cxresearch.run.check_values": "PR01",
    "cxresearch.run.export_html": "EX01 PR01 RT01",
    "cxresearch.run.find_notebook": "EX01 PR01 RT01",
    "cxresearch.run.html_exporter": "EX01",
    "cxresearch.run.list_notebooks": "EX01 RT01",
    "cxresearch.run.notebook_parameters": "EX01 PR01 RT01",
    "cxresearch.run.run_report": "EX01 PR01",
    "cxresearch.simulate.SimulatedSurvey": "EX01 PR01",
    "cxresearch.simulate.simulate_comments": "PR01",
    "cxresearch.simulate.simulate_large": "PR01 RT01",
    "cxresearch.simulate.simulate_nps_sample": "PR01 RT01",
    "cxresearch.tables.BannerSpec": "EX01 PR01",
    "cxresearch.tables.TableSpec": "EX01 PR01",
    "cxresearch.tables.banner_book": "EX01",
    "cxresearch.tables.banner_from_dict": "EX01 PR01 RT01",
    "cxresearch.tables.read_banner": "EX01 PR01 RT01",
    "cxresearch.tables.write_banner_book": "EX01",
    "cxresearch.teaching.Feedback": "EX01 PR01",
    "cxresearch.teaching.nps_sampling_study": "EX01 PR01",
    "cxresearch.teaching.nps_shares": "PR01 RT01",
    "cxresearch.teaching.recovery_study": "EX01 PR01",
    "cxresearch.teaching.scale_study": "EX01 PR01 RT01",
    "cxresearch.text.detect_language": "PR01",
    "cxresearch.text.difference_sentences": "PR01 RT01",
    "cxresearch.text.impact_display_table": "PR01 RT01",
    "cxresearch.text.quotes": "PR01",
    "cxresearch.text.share_display_table": "PR01 RT01",
    "cxresearch.text.suggestions_yaml": "PR01 RT01",
    "cxresearch.text.summary_sentences": "PR01 RT01",
    "cxresearch.text.theme_columns": "PR01",
    "cxresearch.text_plots.theme_impact_plot": "EX01 PR01",
    "cxresearch.text_plots.theme_trend_plot": "EX01 PR01",
    "cxresearch.themebook.Theme": "EX01 PR01",
    "cxresearch.themebook.parse_themes": "EX01",
    "cxresearch.weighting.RakeResult": "EX01 PR01",
}


def _public_callables() -> dict[str, object]:
    found: dict[str, object] = {}
    modules = [importlib.import_module(f"cxresearch.{f.stem}")
               for f in sorted(PACKAGE.glob("*.py"))
               if not f.stem.startswith("_") and f.stem not in SHIMS]
    for module in [cxresearch, *modules]:
        for name in getattr(module, "__all__", []):
            obj = getattr(module, name)
            if callable(obj) and getattr(obj, "__module__", "").startswith("cxresearch"):
                found.setdefault(f"{obj.__module__}.{obj.__qualname__}", obj)
    return found


with warnings.catch_warnings():
    warnings.simplefilter("ignore")
    PUBLIC = sorted(_public_callables())


def test_allow_list_names_exist():
    assert not set(TO_DOCUMENT) - set(PUBLIC), sorted(set(TO_DOCUMENT) - set(PUBLIC))


@pytest.mark.parametrize("path", PUBLIC)
def test_docstring(path):
    result = numpydoc_validate.validate(path)
    errors = {code: msg for code, msg in result["errors"] if code in CODES}
    allowed = set(TO_DOCUMENT.get(path, "").split())
    new = {code: msg for code, msg in errors.items() if code not in allowed}
    assert not new, f"{path}: {new}"
    fixed = allowed - set(errors)
    assert not fixed, f"{path} now passes {sorted(fixed)}: remove them from TO_DOCUMENT"


def _long_prose_lines(path: Path, limit: int = 100) -> list[tuple[int, int]]:
    """Docstring lines of ``path`` over ``limit`` characters, example code and output
    (from a ``>>>`` line to the next blank line) left out: (line number, length)."""
    import ast

    src = path.read_text(encoding="utf-8")
    lines = src.splitlines()
    long = []
    for node in ast.walk(ast.parse(src)):
        if not isinstance(node, ast.Module | ast.FunctionDef | ast.AsyncFunctionDef |
                          ast.ClassDef):
            continue
        doc = node.body[0] if node.body else None
        if not (isinstance(doc, ast.Expr) and isinstance(doc.value, ast.Constant)
                and isinstance(doc.value.value, str)):
            continue
        example = False
        for n in range(doc.lineno, doc.end_lineno + 1):
            text = lines[n - 1]
            example = text.strip().startswith(">>>") or (example and bool(text.strip()))
            if not example and len(text) > limit:
                long.append((n, len(text)))
    return long


def test_docstring_prose_fits_the_line_length():
    # ruff's E501 is off (doctest output may be long): the prose is held to 100 characters
    root = Path(cxresearch.__file__).parent
    long = {p.name: found for p in sorted(root.glob("*.py")) if (found := _long_prose_lines(p))}
    assert not long, long
