"""cx batch: planning, strict parameters, failures, skipping, Dask, and the index page."""

from __future__ import annotations

import json
import os
import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
import yaml
from helpers import RAW, ROOT

from cxresearch.batch import plan_batch, run_batch, run_batch_file
from cxresearch.errors import CXInputError

CB = str(RAW / "retail_cx.yaml")


def write_batch(tmp_path: Path, reports, **extra) -> Path:
    spec = {"codebook": CB, "out": str(tmp_path / "out"), "lang": "en", "reports": reports}
    spec.update(extra)
    path = tmp_path / "batch.yaml"
    path.write_text(yaml.safe_dump(spec))
    return path


def test_plan_expands_for_each_and_checks_parameters(tmp_path):
    spec = {"codebook": CB, "out": str(tmp_path), "reports": [
        {"notebook": "nps_overview"},
        {"notebook": "driver_analysis", "for_each": "region", "parameters": {"n_boot": 10}}]}
    jobs, settings = plan_batch(spec, base=tmp_path)
    names = [j.name for j in jobs]
    assert names == ["nps_overview", "driver_analysis-pirkanmaa",
                     "driver_analysis-pohjois-pohjanmaa", "driver_analysis-uusimaa",
                     "driver_analysis-varsinais-suomi"]
    assert jobs[1].parameters == {"n_boot": 10, "filter_column": "region",
                                  "filter_value": "Pirkanmaa"}
    assert len({j.key for j in jobs}) == 5


def test_bad_parameters_rejected_before_any_kernel(tmp_path):
    path = write_batch(tmp_path, [{"notebook": "driver_analysis",
                                   "parameters": {"n_bot": 5, "min_n": "many"}},
                                  {"notebook": "nope"}])
    with pytest.raises(CXInputError) as info:
        run_batch_file(path)
    text = str(info.value)
    assert "unknown parameter 'n_bot'" in text and "did you mean 'n_boot'?" in text
    assert "'min_n' must be int" in text and "n_boot: int = 500" in text
    assert "no such report notebook" in text
    assert not (tmp_path / "out").exists()


def test_cli_batch_errors_exit_2(tmp_path):
    bad = tmp_path / "b.yaml"
    bad.write_text("codebook: [x\n")
    r = subprocess.run([sys.executable, "-m", "cxresearch.cli", "batch", str(bad)],
                       capture_output=True, text=True)
    assert r.returncode == 2 and "not valid YAML" in r.stderr and "Traceback" not in r.stderr
    path = write_batch(tmp_path, [{"notebook": "nps_overview", "for_each": "regoin"}])
    r = subprocess.run([sys.executable, "-m", "cxresearch.cli", "batch", str(path)],
                       capture_output=True, text=True)
    assert r.returncode == 2 and "column 'regoin'" in r.stderr


@pytest.mark.slow
def test_failure_does_not_stop_batch_and_rerun_skips(tmp_path):
    # a missing column is refused before any kernel starts; a value only the notebook's own
    # call rejects fails inside its report, and the batch goes on
    path = write_batch(tmp_path, [
        {"notebook": "nps_overview"},
        {"notebook": "nps_overview", "name": "broken", "parameters": {"ci": "no_such_ci"}}])
    r = subprocess.run([sys.executable, "-m", "cxresearch.cli", "batch", str(path),
                        "--workers", "2"], capture_output=True, text=True, timeout=600)
    assert r.returncode == 1, r.stderr
    out = tmp_path / "out"
    assert (out / "nps_overview.html").is_file() and not (out / "broken.html").exists()
    assert "broken" in r.stdout and "cell" in r.stdout and "no_such_ci" in r.stdout
    index = (out / "index.html").read_text()
    assert "failed" in index and "no_such_ci" in index and 'href="nps_overview.html"' in index
    assert not list(out.glob(".*.part"))
    manifest = json.loads((out / ".cx-batch-manifest.json").read_text())
    assert manifest["broken"]["status"] == "failed"
    assert manifest["broken"]["error"]["ename"] == "CXInputError"
    # rerun: the good report is up to date, the failed one is tried again
    mtime = (out / "nps_overview.html").stat().st_mtime_ns
    r2 = subprocess.run([sys.executable, "-m", "cxresearch.cli", "batch", str(path)],
                        capture_output=True, text=True, timeout=600)
    assert "1 up to date" in r2.stdout and "1 failed" in r2.stdout
    assert (out / "nps_overview.html").stat().st_mtime_ns == mtime
    r3 = subprocess.run([sys.executable, "-m", "cxresearch.cli", "batch", str(path), "--force"],
                        capture_output=True, text=True, timeout=600)
    assert "0 up to date" in r3.stdout
    assert (out / "nps_overview.html").stat().st_mtime_ns != mtime


@pytest.mark.slow
def test_changed_parameters_rerun(tmp_path):
    spec = {"codebook": CB, "out": str(tmp_path / "out"),
            "reports": [{"notebook": "nps_overview"}]}
    jobs, settings = plan_batch(spec, base=tmp_path)
    first = run_batch(jobs, settings, workers=1, progress=False, echo=False)
    assert first[0].status == "ok"
    spec["reports"][0]["parameters"] = {"min_n": 50}
    jobs2, _ = plan_batch(spec, base=tmp_path)
    again = run_batch(jobs2, settings, workers=1, progress=False, echo=False)
    assert again[0].status == "ok" and jobs2[0].key != jobs[0].key


@pytest.mark.slow
def test_dask_local_cluster(tmp_path):
    from distributed import LocalCluster

    spec = {"codebook": CB, "out": str(tmp_path / "out"), "lang": "fi", "reports": [
        {"notebook": "nps_overview", "for_each": "channel"}]}
    jobs, settings = plan_batch(spec, base=tmp_path)
    with LocalCluster(n_workers=2, threads_per_worker=1, processes=True,
                      dashboard_address=None) as cluster:
        results = run_batch(jobs, settings, scheduler=cluster.scheduler_address,
                            progress=False, echo=False)
    assert [r.status for r in results] == ["ok"] * 3, [r.error for r in results]
    assert {p.name for p in (tmp_path / "out").glob("*.html")} == {
        "index.html", "nps_overview-app.html", "nps_overview-store.html",
        "nps_overview-web.html"}
    assert results[0].key_figures["n"] > 0


def _chromium() -> str | None:
    return shutil.which("chromium") or (
        "/usr/bin/chromium" if os.path.exists("/usr/bin/chromium") else None)


@pytest.mark.slow
def test_reports_in_real_chromium(tmp_path):
    exe = _chromium()
    if exe is None:
        if os.environ.get("CI"):
            pytest.fail("chromium is not installed: `make test` installs Debian's chromium")
        pytest.skip("chromium not installed (make browser)")
    from playwright.sync_api import sync_playwright

    spec = {"codebook": CB, "out": str(tmp_path / "out"), "reports": [
        {"notebook": "nps_overview"},
        {"notebook": "driver_analysis", "for_each": "channel",
         "parameters": {"n_boot": 50, "priority_boot": 0}}]}
    jobs, settings = plan_batch(spec, base=tmp_path)
    results = run_batch(jobs, settings, progress=False, echo=False)
    assert all(r.status == "ok" for r in results)
    out = tmp_path / "out"
    args = ["--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
            "--disable-background-networking", "--disable-component-update", "--disable-sync"]
    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=exe, args=args)
        page = browser.new_page()
        problems: list[str] = []
        page.on("console", lambda m: problems.append(m.text) if m.type == "error" else None)
        page.on("pageerror", lambda e: problems.append(str(e)))
        page.on("requestfailed", lambda r: problems.append(f"request failed: {r.url}"))
        page.goto((out / "index.html").as_uri())
        hrefs = page.eval_on_selector_all("a", "els => els.map(e => e.getAttribute('href'))")
        hrefs = sorted(set(hrefs))
        assert len(hrefs) == 4
        for href in hrefs:
            assert (out / href).is_file(), href
            page.goto((out / href).as_uri())
            page.wait_for_load_state("load")
            widths = page.evaluate("Array.from(document.images).map(i => i.naturalWidth)")
            assert widths and all(w > 0 for w in widths), (href, widths)
            assert page.locator("nav.cx-toc a").count() >= 3
            assert page.locator("footer.cx-provenance").count() == 1
        browser.close()
    assert problems == []


def test_example_batch_is_valid():
    from cxresearch.batch import read_batch

    path = ROOT / "notebooks" / "batches" / "by_region.yaml"
    jobs, settings = plan_batch(read_batch(path), base=path.parent)
    assert len(jobs) == 5 and settings["lang"] == "fi"
    assert Path(settings["out"]) == ROOT / "reports" / "by_region"


# --------------------------------------------------------------------------- index: CSP, merge

_CONCURRENT_BATCH = """
import sys, time
from pathlib import Path
from filelock import FileLock, Timeout
import cxresearch.batch as batch
from cxresearch.files import write_atomic
out, tag, cb = Path(sys.argv[1]), sys.argv[2], sys.argv[3]
out.mkdir(exist_ok=True)
(out / f"ready-{tag}").touch()
while not all((out / f"ready-{t}").exists() for t in "ab"):  # start together
    time.sleep(0.01)

def fake_run(job):  # a report without a kernel: the test is about the folder, not notebooks
    time.sleep(0.03)
    path = Path(job.out) / f"{job.name}.html"
    write_atomic(path, f"<p>{job.name}</p>")
    return batch.JobResult(job.name, "nps_overview", "ok", 0.03, str(path),
                           {"n": 100, "title": job.name}, parameters=job.parameters)

real_index = batch.write_index
held = []
def checked_index(results, settings):  # the index is written while this batch holds the lock
    probe = FileLock(str(out / ".cx-batch.lock"), timeout=0)
    try:
        probe.acquire()
        probe.release()
        held.append(False)
    except Timeout:
        held.append(True)
    return real_index(results, settings)

batch._run_job, batch.write_index = fake_run, checked_index
jobs = [batch.Job("nps_overview", f"{tag}{i}", cb, str(out), key=f"k{tag}{i}") for i in range(8)]
settings = {"out": str(out), "codebook": cb, "lang": "en", "title": "T"}
batch.run_batch(jobs, settings, workers=1, progress=False, echo=False)
assert held == [True], held
"""


def test_two_concurrent_batches_in_one_folder_keep_each_others_rows(tmp_path):
    import re

    out = tmp_path / "out"
    env = dict(os.environ, PYTHONPATH=str(ROOT) + os.pathsep + os.environ.get("PYTHONPATH", ""))
    procs = [subprocess.Popen([sys.executable, "-c", _CONCURRENT_BATCH, str(out), tag, CB],
                              env=env, stderr=subprocess.PIPE, text=True) for tag in "ab"]
    codes = [p.wait(timeout=120) for p in procs]
    assert codes == [0, 0], [p.stderr.read() for p in procs]
    want = {f"{t}{i}" for t in "ab" for i in range(8)}
    manifest = json.loads((out / ".cx-batch-manifest.json").read_text())
    assert set(manifest) == want
    index = (out / "index.html").read_text()
    linked = set(re.findall(r'href="([^"]+)\.html"', index))
    assert linked == want  # the later batch's index lists the earlier one's reports too


def test_index_carries_the_reports_csp_and_no_script(tmp_path):
    from cxresearch.batch import JobResult, write_index
    from cxresearch.run import CSP_META

    out = tmp_path / "out"
    out.mkdir()
    (out / "r.html").write_text("<p>r</p>")
    hostile = "<script>alert(1)</script><img src=x onerror=alert(2)>"
    page = write_index([JobResult("r", "nps_overview", "ok", 1.0, str(out / "r.html"),
                                  {"n": 100, "title": hostile, "headline": hostile},
                                  parameters={"filter_value": hostile})],
                       {"out": str(out), "codebook": CB, "lang": "en",
                        "title": hostile}).read_text()
    assert CSP_META.strip() in page
    assert "default-src 'none'" in page and "script-src" not in page  # no script source allowed
    assert "<script" not in page.lower() and "<img" not in page.lower()
    assert not re.search(r"\son\w+\s*=", page.replace("onerror=alert(2)&gt;", ""))


# --------------------------------------------------------------------------- SIGTERM


def _descendants(pid: int) -> dict[int, str]:
    """Every process below ``pid``: psutil when installed, else a walk of /proc."""
    try:
        import psutil

        out = {}
        for p in psutil.Process(pid).children(recursive=True):
            try:
                out[p.pid] = " ".join(p.cmdline())
            except psutil.Error:
                pass
        return out
    except ImportError:
        parents: dict[int, list[int]] = {}
        for stat in Path("/proc").glob("[0-9]*/stat"):
            try:
                fields = stat.read_text().rsplit(")", 1)[1].split()
            except OSError:
                continue
            parents.setdefault(int(fields[1]), []).append(int(stat.parent.name))
        out, todo = {}, [pid]
        while todo:
            for child in parents.get(todo.pop(), []):
                try:
                    out[child] = (Path(f"/proc/{child}/cmdline").read_bytes()
                                  .replace(b"\0", b" ").decode(errors="replace"))
                except OSError:
                    continue
                todo.append(child)
        return out


def _alive(pid: int) -> bool:
    try:
        state = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()[0]
    except OSError:
        return False
    return state != "Z"


@pytest.mark.slow
@pytest.mark.parametrize("workers", [1, 2])
def test_sigterm_leaves_no_orphan_kernels_and_no_part_files(tmp_path, workers):
    import signal
    import time

    path = write_batch(tmp_path, [
        {"notebook": "driver_analysis", "parameters": {"n_boot": 3000, "priority_boot": 500}},
        {"notebook": "moderators", "parameters": {"n_boot": 3000}}])
    env = dict(os.environ, PYTHONPATH=str(ROOT) + os.pathsep + os.environ.get("PYTHONPATH", ""))
    proc = subprocess.Popen([sys.executable, "-m", "cxresearch.cli", "batch", str(path),
                             "--workers", str(workers)], env=env, stdout=subprocess.PIPE,
                            stderr=subprocess.PIPE, text=True, start_new_session=True)
    seen: dict[int, str] = {}
    try:
        deadline = time.monotonic() + 240
        while time.monotonic() < deadline and proc.poll() is None:
            seen.update(_descendants(proc.pid))
            kernels = [p for p, cmd in seen.items() if "ipykernel" in cmd and _alive(p)]
            if len(kernels) >= workers:
                break
            time.sleep(0.5)
        assert proc.poll() is None, "the batch ended before its kernels started"
        assert kernels, seen
        time.sleep(2)  # the kernels are running cells
        seen.update(_descendants(proc.pid))
        proc.send_signal(signal.SIGTERM)
        _, err = proc.communicate(timeout=60)
        assert proc.returncode == 130, err
        assert "Traceback" not in err and "interrupted" in err
        deadline = time.monotonic() + 15  # a kernel may take a moment to shut down
        while time.monotonic() < deadline and any(_alive(p) for p in seen):
            time.sleep(0.3)
        assert not [(p, seen[p][:80]) for p in seen if _alive(p)]
        out = tmp_path / "out"
        assert not list(out.rglob("*.part")), list(out.rglob("*"))
    finally:  # on a failure, stop what this test started (by id)
        if proc.poll() is None:
            seen.update(_descendants(proc.pid))
            proc.kill()
            proc.wait(timeout=30)
        for p in seen:
            if _alive(p):
                try:
                    os.kill(p, signal.SIGKILL)
                except OSError:
                    pass


def test_demo_runs_every_report_notebook_and_the_readme_lists_them():
    """`cx demo` renders every shipped report notebook (open_text too), and the README says so."""
    from cxresearch.batch import DEMO_NOTEBOOKS
    from cxresearch.run import list_notebooks

    assert sorted(DEMO_NOTEBOOKS) == sorted(n for n in list_notebooks()
                                            if not n.startswith("teaching"))
    assert "open_text" in DEMO_NOTEBOOKS
    readme = " ".join((ROOT / "README.md").read_text(encoding="utf-8").split())
    words = {2: "two", 3: "three", 4: "four", 5: "five", 6: "six", 7: "seven", 8: "eight"}
    assert f"it links the {words[len(DEMO_NOTEBOOKS)]} reports" in readme
    assert "open answers)" in readme


@pytest.mark.parametrize("lang, one, two", [
    ("en", "One report could not be written", "2 reports could not be written"),
    ("fi", "Yhtä raporttia ei voitu luoda", "2 raporttia ei voitu luoda"),
    ("sv", "En rapport kunde inte skapas", "2 rapporter kunde inte skapas")])
def test_index_failed_note_agrees_in_number(tmp_path, lang, one, two):
    # "1 raporttia ei voitu luoda" is wrong Finnish: one failure has its own sentence
    import html as _html

    from cxresearch.batch import JobResult, write_index

    def failed(name):
        return JobResult(name, "nps_overview", "failed", 1.0,
                         error={"cell": 3, "ename": "ValueError", "evalue": "x"})

    for results, expected, other in [([failed("a")], one, two),
                                     ([failed("a"), failed("b")], two, one)]:
        text = _html.unescape(write_index(results, {"out": str(tmp_path), "lang": lang,
                                                    "title": "T", "codebook": "c.yaml"}).read_text("utf-8"))
        assert expected in text and other not in text


def test_batch_index_names_the_survey_in_the_batch_language():
    from cxresearch.io import project_root

    spec = {"codebook": "data/raw/retail_cx.yaml", "out": "reports/x", "lang": "fi",
            "reports": [{"notebook": "nps_overview"}]}
    _, settings = plan_batch(spec, base=project_root())
    assert settings["survey"] == settings["title"] == (
        "Vähittäiskaupan asiakaskokemuskysely (simuloitu)")
    _, settings = plan_batch(dict(spec, lang="sv"), base=project_root())
    assert settings["survey"] == "Kundupplevelseenkät i detaljhandeln (simulerad)"
