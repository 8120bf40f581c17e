"""Report notebooks run by papermill and exported to self-contained HTML."""

from __future__ import annotations

import json
import re

import nbformat
import pandas as pd
import pytest
from helpers import RAW, ROOT

from cxresearch.errors import CXInputError
from cxresearch.io import file_sha256
from cxresearch.run import (
    check_parameters,
    export_html,
    find_notebook,
    list_notebooks,
    notebook_parameters,
    run_report,
)

IMG = re.compile(r'<img[^>]*src="data:image/png;base64,')

IMG = re.compile(r'<img[^>]*src="data:image/png;base64,')


def test_notebooks_are_thin_and_stripped():
    for path in (ROOT / "notebooks").rglob("*.ipynb"):
        nb = json.loads(path.read_text())
        tagged = [c for c in nb["cells"] if "parameters" in c["metadata"].get("tags", [])]
        assert len(tagged) == 1, path
        for cell in nb["cells"]:
            if cell["cell_type"] == "code":
                assert cell["outputs"] == [] and cell["execution_count"] is None, path
                src = "".join(cell["source"])
                assert not re.search(r"^\s*(def|class) ", src, flags=re.M), path
        params = notebook_parameters(path)
        assert params, path


def test_check_parameters_types_and_names():
    nb = find_notebook("nps_overview")
    assert check_parameters(nb, {"min_n": "50", "segment": "region"}, from_text=True) == {
        "min_n": 50, "segment": "region"}
    with pytest.raises(CXInputError) as info:
        check_parameters(nb, {"segmnet": "x", "min_n": 2.5, "lang": "de"})
    text = str(info.value)
    assert "did you mean 'segment'?" in text and "'min_n' must be int" in text
    assert "unknown report language 'de'" in text
    assert "codebook: str" in text  # the message lists the notebook's parameters


def test_export_html_strips_code_and_external_scripts():
    nb = nbformat.v4.new_notebook()
    nb.cells = [nbformat.v4.new_code_cell("secret_code = 1", outputs=[
        nbformat.v4.new_output("display_data", data={"text/markdown": "## Hello"}),
        nbformat.v4.new_output("stream", name="stderr", text="warning noise")])]
    page = export_html(nb, title="t", provenance={
        "notebook": "x.ipynb", "data": "d", "codebook": "c", "parameters": {"a": 1},
        "versions": {"python": "3"}, "start": "now", "seconds": 1.0})
    assert "secret_code" not in page and "warning noise" not in page
    assert not re.search(r"<script[^>]+src=\"https?://", page)
    assert "Provenance" in page and "Hello" in page


@pytest.fixture(scope="module")
def nps_reports(tmp_path_factory, bundled_codebook):
    out = tmp_path_factory.mktemp("reports")
    en = run_report("nps_overview", codebook=bundled_codebook, out_dir=out, lang="en")
    fi = run_report("nps_overview", codebook=bundled_codebook, out_dir=out, lang="fi",
                    name="nps_fi", parameters={"segment": "region", "min_n": 500})
    return en, fi


@pytest.mark.slow
def test_nps_report_content(nps_reports, survey):
    import cxresearch as cx

    en, fi = nps_reports
    page = en.path.read_text()
    # what to do first, then the detail and the sections; the headline number is the computed one
    order = [page.find(s) for s in ("What to do", "The numbers behind it", "Overall NPS",
                                    "NPS by channel",
                                    "Method notes", "Provenance")]
    assert all(i > 0 for i in order) and order == sorted(order)
    nps = cx.nps(survey).iloc[0]
    assert f"The NPS is <strong>+{round(nps['nps'])}</strong>" in page
    assert IMG.search(page)
    assert file_sha256(RAW / "retail_cx.csv")[:16] in page
    assert en.key_figures["n"] == int(nps["base"])
    # no code, no PII, no raw comments
    assert "cx.load(" not in page
    raw = pd.read_csv(RAW / "retail_cx.csv")
    assert not any(e in page for e in raw["email"].head(200))
    comments = [c for c in raw["comment"].dropna().unique() if len(c) > 12]
    assert not any(c in page for c in comments)


@pytest.mark.slow
def test_finnish_report_and_suppression(nps_reports, survey):
    import cxresearch as cx

    _, fi = nps_reports
    page = fi.path.read_text()
    assert 'lang="fi"' in page and "Mitä kannattaa tehdä" in page and "Menetelmä" in page
    assert "Executive summary" not in page
    by = cx.nps(survey, by="region")
    small = by[by["base"] < 500]
    assert len(small) >= 1
    for _, row in small.iterrows():
        assert "piilotettu (n &lt; 500)" in page or "piilotettu (n < 500)" in page
        # the small region's NPS value is not printed in its table row
        cell = re.search(re.escape(row["region"]) + r"</td>(.*?)</tr>", page, flags=re.S)
        assert cell and "piilotettu" in cell.group(1)


@pytest.mark.slow
def test_report_failure_leaves_no_file(bundled_codebook, tmp_path):
    with pytest.raises(Exception) as info:
        run_report("nps_overview", codebook=bundled_codebook, out_dir=tmp_path,
                   parameters={"segment": "no_such_column"})
    assert "no_such_column" in str(info.value)
    assert not list(tmp_path.glob("*.html")) and not list(tmp_path.glob(".*part"))


def test_list_notebooks():
    assert "nps_overview" in list_notebooks()


@pytest.mark.slow
def test_driver_report(bundled_codebook, survey, tmp_path):
    from cxresearch.actions import priorities

    res = run_report("driver_analysis", codebook=bundled_codebook, out_dir=tmp_path, lang="en",
                     parameters={"n_boot": 100, "priority_boot": 0})
    page = res.path.read_text()
    order = [page.find(s) for s in ("What to do", "The numbers behind it", "What to fix first",
                                    "Relative importance", "Importance and performance",
                                    "Penalties and rewards", "Regression models",
                                    "Method notes")]
    assert all(i > 0 for i in order) and order == sorted(order)
    top = priorities(survey).iloc[0]
    label = survey.codebook.constructs[top["driver"]].title("en")
    assert res.key_figures["top_priority"] == label
    # priority_boot=0: nothing is tested, so no "fix first" claim and the order is untested
    assert f"Fix first: {label}." not in page
    assert "computed without intervals (priority_boot = 0)" in page
    assert len(IMG.findall(page)) == 3
    # the bundled survey is weighted; the one model that cannot be says so
    assert "The ordered logit is unweighted" in page


@pytest.mark.slow
def test_driver_report_small_group_says_so(bundled_codebook, tmp_path):
    res = run_report("driver_analysis", codebook=bundled_codebook, out_dir=tmp_path, lang="fi",
                     parameters={"filter_column": "region", "filter_value": "Uusimaa",
                                 "min_n": 5000, "n_boot": 0})
    page = res.path.read_text()
    assert "liian vähän avaintekijäanalyysiin" in page
    assert not IMG.search(page) and res.key_figures["top_priority"] is None


@pytest.mark.slow
@pytest.mark.parametrize("name, lang, headings", [
    ("measurement", "fi", ["Tiivistelmä", "Reliabiliteetti", "Vahvistava faktorianalyysi"]),
    ("moderators", "en", ["Executive summary", "Which drivers depend", "Experience or "
                                                                       "satisfaction?"]),
    ("journey", "en", ["Executive summary", "NPS by phase", "Segments: region"]),
    ("tracking", "fi", ["Tiivistelmä", "NPS aalloittain", "Näkyikö muutos luvuissa?"]),
])
def test_experience_model_reports(bundled_codebook, tmp_path, name, lang, headings):
    params = {"n_boot": 50} if name in ("moderators", "journey") else {}
    res = run_report(name, codebook=bundled_codebook, out_dir=tmp_path, lang=lang,
                     parameters=params)
    page = res.path.read_text()
    pos = [page.find(h) for h in headings]
    assert all(p > 0 for p in pos) and pos == sorted(pos), (name, pos)
    assert "Traceback" not in page
    assert IMG.search(page)
    if name == "moderators":
        # the model table gives R² in % like the sentence above it, not as 0.xxx
        import re

        r2e = re.search(r"The experience drivers explain ([\d.]+)\s*%", page)
        assert r2e and "R² (%)" in page
        assert re.search(rf"<td[^>]*>{re.escape(r2e.group(1))}</td>", page)


@pytest.mark.slow
def test_moderators_report_when_no_moderator_can_be_tested(bundled_codebook, tmp_path):
    res = run_report("moderators", codebook=bundled_codebook, out_dir=tmp_path, lang="en",
                     parameters={"moderators": ["weather"], "min_n": 5000, "n_boot": 20})
    page = res.path.read_text()
    # no testable moderator: one sentence says why, not an empty "0 of 0" scan
    from cxresearch.i18n import t

    assert t("skip.no_moderators", "en") in page and "0 of 0" not in page
    assert res.key_figures["significant_interactions"] == 0


TEACHING = ["nps_uncertainty", "key_drivers", "moderators", "measurement", "action"]


@pytest.mark.slow
def test_teaching_notebooks_both_languages_and_modes(tmp_path):
    """Every teaching notebook in en/fi, student and teacher versions (20 runs, in parallel)."""
    from cxresearch.batch import plan_batch, run_batch

    reports = []
    for nb in TEACHING:
        for sol in (False, True):
            params = {"solutions": sol}
            if nb == "nps_uncertainty":
                params["n_sim"] = 500
            if nb == "key_drivers":
                params["n_sim"] = 60
            reports.append({"notebook": f"teaching/{nb}", "name": f"{nb}-{int(sol)}",
                            "parameters": params})
    results = []
    for lang in ("en", "fi"):
        spec = {"codebook": str(RAW / "retail_cx.yaml"), "out": str(tmp_path / lang),
                "lang": lang, "reports": reports}
        jobs, settings = plan_batch(spec, base=tmp_path)
        results += run_batch(jobs, settings, workers=2, progress=False, echo=False)
    assert [r.status for r in results] == ["ok"] * 20, [r.error for r in results
                                                       if r.status != "ok"]
    for lang in ("en", "fi"):
        for nb in TEACHING:
            student = (tmp_path / lang / f"{nb}-0.html").read_text()
            teacher = (tmp_path / lang / f"{nb}-1.html").read_text()
            assert "✎" in student and "✘" not in student       # hints, no verdicts yet
            assert "✔" in teacher and "✘" not in teacher and "✎" not in teacher
            assert f'lang="{lang}"' in teacher
