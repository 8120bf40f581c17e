"""The hostile-input corpus: every bad case exits 2 with a message naming problem and fix."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest
import yaml

DATA = Path(__file__).resolve().parent / "data"
BAD = sorted(p for p in (DATA / "bad").iterdir() if p.is_dir())
OK = sorted(p for p in (DATA / "ok").iterdir() if p.is_dir())


def run_case(folder: Path):
    exp = yaml.safe_load((folder / "expect.yaml").read_text())
    args = [sys.executable, "-m", "cxresearch.cli", exp["command"], "--codebook",
            str(folder / "codebook.yaml"), *exp["args"]]
    if exp["command"] == "validate" and exp["exit"] == 0:
        args.append("--json")
    return exp, subprocess.run(args, capture_output=True, text=True, timeout=120)


def test_corpus_is_large_enough():
    assert len(BAD) >= 40 and len(OK) >= 5


@pytest.mark.parametrize("folder", BAD, ids=[p.name for p in BAD])
def test_bad_case(folder):
    before = {p.name: p.read_bytes() for p in folder.iterdir()}
    exp, r = run_case(folder)
    assert r.returncode == exp["exit"] == 2, (r.returncode, r.stdout, r.stderr)
    assert "Traceback" not in r.stderr + r.stdout
    assert "fix:" in r.stderr
    for fragment in exp["contains"]:
        assert fragment in r.stderr, (fragment, r.stderr)
    # nothing was written next to the input, and the input is unchanged
    assert {p.name: p.read_bytes() for p in folder.iterdir()} == before


@pytest.mark.parametrize("folder", OK, ids=[p.name for p in OK])
def test_tolerated_case(folder):
    import cxresearch as cx

    exp, r = run_case(folder)
    assert r.returncode == 0, r.stderr
    assert json.loads(r.stdout)["respondents"] == exp["check"]["respondents"]
    s = cx.load(folder / "codebook.yaml", cache_dir=False)
    assert int(s.data["ltr"].sum()) == exp["check"]["ltr_sum"]
    assert str(s.data["day"].iloc[0].date()) == "2026-01-05"


# --------------------------------------------------------------------------- in-process corpus
# Round two (issue 19): every case runs cxresearch.cli.main in this process (fast), and checks
# the exit code, the message, that no respondent's e-mail or comment reaches stdout/stderr,
# that nothing was written next to the inputs and that the inputs are unchanged.

HOSTILE_COMMENT = "Call Liisa at +358 40 123 4567, liisa.virtanen@example.com <script>x</script>"


@pytest.fixture(scope="module")
def hostile(tmp_path_factory):
    """The bundled survey with a hostile comment and e-mails, copied out of data/raw."""
    import pandas as pd

    folder = tmp_path_factory.mktemp("hostile")
    raw = DATA.parent.parent / "data" / "raw"
    df = pd.read_csv(raw / "retail_cx.csv")
    df["comment"] = HOSTILE_COMMENT
    df.to_csv(folder / "retail_cx.csv", index=False)
    (folder / "retail_cx.yaml").write_text((raw / "retail_cx.yaml").read_text())
    return folder


def _secrets(folder: Path) -> list[str]:
    import pandas as pd

    df = pd.read_csv(folder / "retail_cx.csv")
    return [*df["email"].astype(str).head(50), "liisa.virtanen@example.com", "123 4567",
            "<script>x"]


def _batch(folder: Path, body: str) -> list[str]:
    path = folder / "b.yaml"
    path.write_text(f"codebook: retail_cx.yaml\nout: out\n{body}")
    return ["batch", str(path)]


def _cases():
    cb = "{cb}"
    c = []
    # 1: text, PII, id and weight columns never group, filter or name
    for col in ("comment", "email", "respondent_id", "weight"):
        c.append((f"nps_by_{col}", ["nps", "--codebook", cb, "--by", col], [f"'{col}'",
                                                                             "cannot group"]))
        c.append((f"nps_by_region_and_{col}", ["nps", "--codebook", cb, "--by", "region", col],
                  [f"'{col}'"]))
        for nb, param in (("nps_overview", "segment"), ("nps_overview", "filter_column"),
                          ("driver_analysis", "filter_column"), ("journey", "segment"),
                          ("tracking", "by"), ("tracking", "change_group")):
            c.append((f"report_{nb}_{param}_{col}",
                      ["report", nb, "--codebook", cb, "--out", "{tmp}/o", "-p", param, col],
                      [f"'{col}'", "cannot"]))
        c.append((f"batch_for_each_{col}", ("batch", f"reports:\n  - notebook: nps_overview\n"
                                            f"    for_each: {col}\n"), [f"'{col}'",
                                                                        "cannot name"]))
    # 7: names and folders
    for name in ("../x", "/tmp/x", "a/b", "..", ".hidden", "index", "INDEX", "x" * 120,
                 "a\\b", "tab\there"):
        c.append((f"report_name_{abs(hash(name)) % 10_000}",
                  ["report", "nps_overview", "--codebook", cb, "--out", "{tmp}/o", "--name",
                   name], ["report name"]))
        c.append((f"batch_name_{abs(hash(name)) % 10_000}",
                  ("batch", f"reports:\n  - notebook: nps_overview\n    name: {json.dumps(name)}\n"),
                  ["report name"]))
    for out in ("{raw}", "{raw}/sub", "{raw}/../raw"):
        c.append((f"report_out_raw_{out[-3:]}", ["report", "nps_overview", "--codebook", cb,
                                                 "--out", out], ["inside data/raw"]))
        c.append((f"demo_out_raw_{out[-3:]}", ["demo", "--out", out], ["inside data/raw"]))
        c.append((f"simulate_out_raw_{out[-3:]}", ["simulate", "--n", "100", "--out", out],
                  ["inside data/raw"]))
    c.append(("report_out_is_file", ["report", "nps_overview", "--codebook", cb, "--out",
                                     "{tmp}/afile"], ["is a file"]))
    c.append(("simulate_stem_escape", ["simulate", "--n", "100", "--out", "{tmp}/s", "--stem",
                                       "../x"], ["report name"]))
    # 9: numbers
    for args, frag in ((["drivers", "--codebook", cb, "--bootstrap", "-1"], "--bootstrap"),
                       (["drivers", "--codebook", cb, "--bootstrap", "1000000"], "--bootstrap"),
                       (["drivers", "--codebook", cb, "--seed", "-1"], "--seed"),
                       (["drivers", "--codebook", cb, "--seed", str(2**40)], "--seed"),
                       (["simulate", "--n", "5", "--out", "{tmp}/s"], "--n"),
                       (["simulate", "--n", "0", "--out", "{tmp}/s"], "--n"),
                       (["simulate", "--n", "-3", "--out", "{tmp}/s"], "--n"),
                       (["simulate", "--seed", "-1", "--out", "{tmp}/s"], "--seed"),
                       (["nps", "--codebook", cb, "--min-n", "0"], "--min-n"),
                       (["nps", "--codebook", cb, "--min-n", "-5"], "--min-n"),
                       (["batch", "{tmp}/none.yaml", "--workers", "0"], "--workers"),
                       (["demo", "--out", "{tmp}/d", "--workers", "-2"], "--workers")):
        c.append((f"number_{args[0]}_{args[-2] if args[-2].startswith('-') else args[1]}_"
                  f"{args[-1]}".replace("/", "").replace("{tmp}", ""), args, [frag,
                                                                             "out of range"]))
    # 9: report parameters, before the kernel starts
    for nb, param, value, frag in (
            ("driver_analysis", "n_boot", "-1", "'n_boot'"),
            ("driver_analysis", "priority_boot", "-5", "'priority_boot'"),
            ("driver_analysis", "seed", "-1", "'seed'"),
            ("nps_overview", "min_n", "0", "'min_n'"),
            ("nps_overview", "min_n", "-30", "'min_n'"),
            ("journey", "n_boot", "-2", "'n_boot'"),
            ("moderators", "n_boot", "-1", "'n_boot'"),
            ("tracking", "change_date", "not a date", "not a date"),
            ("tracking", "change_date", "2026-13-45", "not a date"),
            ("nps_overview", "segment", "nowhere", "'nowhere'"),
            ("nps_overview", "filter_column", "nowhere", "'nowhere'"),
            ("journey", "segment", "nowhere", "'nowhere'"),
            ("tracking", "by", "nowhere", "'nowhere'"),
            ("nps_overview", "min_n", "many", "must be int"),
            ("driver_analysis", "n_boot", "1.5", "must be int")):
        c.append((f"param_{nb}_{param}_{value}".replace(" ", "_"),
                  ["report", nb, "--codebook", cb, "--out", "{tmp}/o", "-p", param, value],
                  [frag]))
    # 9: batch file shapes
    for label, body, frag in (
            ("parameters_string", "reports:\n  - notebook: nps_overview\n    parameters: min_n=5\n",
             "'parameters' must be a mapping"),
            ("parameters_list", "reports:\n  - notebook: nps_overview\n    parameters: [1, 2]\n",
             "'parameters' must be a mapping"),
            ("notebook_number", "reports:\n  - notebook: 123\n", "'notebook' must be text"),
            ("notebook_list", "reports:\n  - notebook: [a, b]\n", "'notebook' must be text"),
            ("for_each_list", "reports:\n  - notebook: nps_overview\n    for_each: [region]\n",
             "'for_each' must be one column name"),
            ("for_each_missing", "reports:\n  - notebook: nps_overview\n    for_each: nowhere\n",
             "for_each column not in the data"),
            ("title_list", "title: [a, b]\nreports:\n  - notebook: nps_overview\n",
             "'title' must be text"),
            ("name_number", "reports:\n  - notebook: nps_overview\n    name: 5\n",
             "'name' must be text"),
            ("reports_mapping", "reports: {a: 1}\n", "'reports' must be a list"),
            ("no_reports", "title: x\n", "'reports' is missing"),
            ("unknown_key", "reports: [nps_overview]\nworkers: 3\n", "unknown key 'workers'"),
            ("unknown_report_key", "reports:\n  - notebook: nps_overview\n    filter: x\n",
             "unknown key 'filter'"),
            ("lang_unknown", "lang: de\nreports: [nps_overview]\n", "unknown language"),
            ("lang_reserved_param", "reports:\n  - notebook: nps_overview\n"
             "    parameters: {lang: fi}\n", "'lang' is set for the whole batch"),
            ("bad_param", "reports:\n  - notebook: driver_analysis\n    parameters: {n_boot: -4}\n",
             "'n_boot'"),
            ("bad_param_date", "reports:\n  - notebook: tracking\n"
             "    parameters: {change_date: someday}\n", "not a date"),
            ("unknown_notebook", "reports: [nowhere_nb]\n", "no such report notebook"),
            ("out_raw", "reports: [nps_overview]\n", "inside data/raw")):
        c.append((f"batchshape_{label}", ("batch", body), [frag]))
    return c


CASES = _cases()


def test_inprocess_corpus_is_large():
    assert len(BAD) + len(CASES) >= 150


@pytest.mark.parametrize("case", CASES, ids=[c[0] for c in CASES])
def test_inprocess_bad_case(case, hostile, tmp_path, capsys):
    from cxresearch.cli import main

    label, args, fragments = case
    raw = DATA.parent.parent / "data" / "raw"
    (tmp_path / "afile").write_text("x")
    if isinstance(args, tuple):  # a batch file written next to the hostile survey
        work = tmp_path / "batch"
        work.mkdir()
        for f in hostile.iterdir():
            (work / f.name).write_bytes(f.read_bytes())
        body = args[1]
        if label == "batchshape_out_raw":
            (work / "b.yaml").write_text(f"codebook: retail_cx.yaml\nout: {raw}\n{body}")
            argv = ["batch", str(work / "b.yaml")]
        else:
            argv = _batch(work, body)
        inputs = work
    else:
        argv = [a.format(cb=hostile / "retail_cx.yaml", tmp=tmp_path, raw=raw) for a in args]
        inputs = hostile
    before = {p.name: p.read_bytes() for p in inputs.iterdir() if p.is_file()}
    code = main(argv)
    out, err = capsys.readouterr()
    assert code == 2, (code, out, err)
    assert "Traceback" not in out + err and "internal error" not in err
    for fragment in fragments:
        assert fragment in err, (fragment, err)
    for secret in _secrets(hostile):
        assert secret not in out + err, secret
    after = {p.name: p.read_bytes() for p in inputs.iterdir() if p.is_file()}
    assert after == before
    assert not (tmp_path / "o").exists() and not (inputs / "out").exists()
    assert not list(raw.glob("**/*.html"))


@pytest.mark.parametrize("address", ["not an address", "tcp://", "http://x:8786", "x:99999",
                                     "tcp://host", "tcp://a b:1", ":8786", "tcp://h:0"])
def test_bad_dask_address_is_exit_2_before_anything(address, tmp_path, capsys):
    from cxresearch.cli import main

    code = main(["batch", str(tmp_path / "none.yaml"), "--scheduler", address])
    err = capsys.readouterr().err
    assert code == 2 and "not a Dask scheduler address" in err and "Traceback" not in err


def test_unreachable_scheduler_is_exit_2_quickly(tmp_path, capsys):
    """A closed port: the batch ends with a message, it does not hang."""
    import socket
    import time

    from cxresearch.batch import Job, run_batch

    with socket.socket() as s:  # a port nobody listens on
        s.bind(("127.0.0.1", 0))
        port = s.getsockname()[1]
    job = Job(notebook="x.ipynb", name="x", codebook="c.yaml", out=str(tmp_path), key="k")
    settings = {"out": str(tmp_path), "codebook": "c.yaml", "lang": "en", "title": "t"}
    t0 = time.perf_counter()
    from cxresearch.errors import CXInputError

    with pytest.raises(CXInputError, match="cannot be reached"):
        run_batch([job], settings, scheduler=f"tcp://127.0.0.1:{port}", progress=False)
    assert time.perf_counter() - t0 < 60
    assert not (tmp_path / "x.html").exists()


@pytest.mark.parametrize("value", ["0", "-5", "nan", "inf"])
def test_bad_batch_timeout(value, tmp_path, capsys):
    from cxresearch.cli import main

    code = main(["batch", str(tmp_path / "none.yaml"), "--timeout", value])
    assert code == 2 and "--timeout" in capsys.readouterr().err


_CB_CASES = {
    "scale_infinite": (lambda c: c["outcomes"]["recommend"].update(scale=[0, float("inf")]),
                       "finite"),
    "scale_huge": (lambda c: c["constructs"]["price"].update(scale=[1, 1e300]), "finite"),
    "scale_nan": (lambda c: c["constructs"]["price"].update(scale=[1, float("nan")]), "scale"),
    "label_list": (lambda c: c.update(labels={"channel": {"web": ["a", "b"]}}), "labels.channel"),
    "label_mapping": (lambda c: c.update(labels={"channel": {"web": {"x": 1}}}), "labels.channel"),
}


@pytest.mark.parametrize("label", sorted(_CB_CASES))
def test_bad_codebook_values_exit_2(label, tmp_path, capsys):
    from cxresearch.cli import main

    cb = yaml.safe_load((DATA / "bad" / "duplicate_ids" / "codebook.yaml").read_text())
    change, fragment = _CB_CASES[label]
    change(cb)
    (tmp_path / "data.csv").write_bytes((DATA / "ok" / "missing_codes" / "data.csv").read_bytes())
    (tmp_path / "codebook.yaml").write_text(yaml.safe_dump(cb))
    code = main(["validate", "--codebook", str(tmp_path / "codebook.yaml")])
    err = capsys.readouterr().err
    assert code == 2 and fragment in err and "internal error" not in err
    assert "@example.com" not in err


# --------------------------------------------------------------------------- degenerate surveys

ROOT = Path(__file__).resolve().parent.parent
EVERY_REPORT = ["nps_overview", "driver_analysis", "measurement", "moderators", "journey",
                "tracking", "open_text"]
# (case, language, reports refused with exit 2 before the kernel, reports whose data is so
# degenerate that they must say in a sentence what cannot be shown)
DEGENERATE = [
    ("n2", "fi", {"measurement", "open_text"},
     {"nps_overview", "driver_analysis", "moderators", "journey", "tracking"}),
    ("all_promoters_one_channel_one_wave", "sv",
     {"driver_analysis", "measurement", "moderators", "journey", "open_text"},
     {"nps_overview", "tracking"}),
    ("constant_driver_one_wave", "en", {"driver_analysis", "measurement", "moderators",
                                        "journey"}, {"tracking"}),
]


def _degenerate_survey(case: str, folder: Path) -> Path:
    import shutil

    import pandas as pd

    raw = ROOT / "data" / "raw"
    df = pd.read_csv(raw / "retail_cx.csv")
    if case == "n2":
        df = df.head(2)
    elif case == "all_promoters_one_channel_one_wave":
        df = df.head(150).assign(ltr=10, channel="store", wave=1)
    else:  # one driver construct answered 4 by everyone
        df = df.head(400).assign(wave=1, **{f"service_{i}": 4 for i in range(1, 5)})
    folder.mkdir(parents=True, exist_ok=True)
    df.to_csv(folder / "retail_cx.csv", index=False)
    shutil.copy(raw / "retail_cx.yaml", folder / "retail_cx.yaml")
    return folder / "retail_cx.yaml"


def _limit_fragments(lang: str) -> list[str]:
    """The fixed words of every catalog sentence that says what the data cannot support."""
    import re

    from cxresearch.i18n import catalog

    keys = [k for k in catalog(lang) if k.startswith("skip.")] + [
        "disc.suppressed_all", "drv.too_small", "drv.too_small_eff", "nps.one_level"]
    out = []
    for k in keys:
        parts = re.split(r"\{[^}]*\}", catalog(lang)[k])
        out.append(" ".join(max(parts, key=len).split()))
    return out


def _shown_text(page: str) -> str:
    import html
    import re

    page = re.sub(r"<style.*?</style>", " ", page, flags=re.S)
    return " ".join(html.unescape(re.sub(r"<[^>]+>", " ", page)).split())


@pytest.mark.slow
@pytest.mark.parametrize("case, lang, refused, limited", DEGENERATE,
                         ids=[c[0] for c in DEGENERATE])
def test_degenerate_survey_through_every_report(case, lang, refused, limited, tmp_path):
    from cxresearch.batch import plan_batch, run_batch

    cb = _degenerate_survey(case, tmp_path / "survey")
    before = (tmp_path / "survey" / "retail_cx.csv").read_bytes()
    fast = {"driver_analysis": {"n_boot": 20, "priority_boot": 0}, "journey": {"n_boot": 20},
            "moderators": {"n_boot": 20}}
    spec = {"codebook": str(cb), "out": str(tmp_path / "out"), "lang": lang,
            "reports": [{"notebook": n, "parameters": fast.get(n, {})} for n in EVERY_REPORT]}
    jobs, settings = plan_batch(spec, base=tmp_path)
    results = {r.name: r for r in run_batch(jobs, settings, workers=2, progress=False,
                                             echo=False)}
    fragments = _limit_fragments(lang)
    for name, r in results.items():
        if name in refused:  # refused before the kernel: a clear message, no report file
            assert r.status == "failed" and r.error["ename"] == "CXInputError", (name, r.error)
            assert r.error["cell"] is None and "fix:" in r.error["evalue"], r.error
            assert not (tmp_path / "out" / f"{name}.html").exists()
            continue
        assert r.status == "ok", (name, r.error)
        text = _shown_text(Path(r.path).read_text(encoding="utf-8"))
        assert "Traceback" not in text and "Error" not in text, name
        if name in limited:
            hits = [f for f in fragments if f in text]
            assert hits, (name, text[:600])
    assert set(results) == set(EVERY_REPORT)
    # the command line says the same, exit 2, before any kernel starts (a fast refusal)
    import time

    first = sorted(refused)[0]
    t0 = time.perf_counter()
    r = subprocess.run([sys.executable, "-m", "cxresearch.cli", "report", first, "--codebook",
                        str(cb), "--out", str(tmp_path / "cli")], capture_output=True,
                       text=True, timeout=120)
    assert r.returncode == 2 and "fix:" in r.stderr and "Traceback" not in r.stderr, r.stderr
    assert time.perf_counter() - t0 < 20 and not (tmp_path / "cli").exists()
    assert (tmp_path / "survey" / "retail_cx.csv").read_bytes() == before


@pytest.mark.parametrize("lang", ["fi", "sv"])
def test_a_refused_report_is_said_on_the_index_in_its_language(lang, tmp_path):
    """A report refused before its kernel (every respondent a promoter: nothing for the driver
    report to explain) is listed on the index page with the refusal in the batch's language,
    while the manifest and the command line keep the English."""
    import re

    from cxresearch.batch import plan_batch, run_batch
    from cxresearch.i18n import catalog

    cb = _degenerate_survey("all_promoters_one_channel_one_wave", tmp_path / "survey")
    spec = {"codebook": str(cb), "out": str(tmp_path / "out"), "lang": lang,
            "reports": [{"notebook": "driver_analysis"}]}
    jobs, settings = plan_batch(spec, base=tmp_path)
    (res,) = run_batch(jobs, settings, workers=1, progress=False, echo=False)
    assert res.status == "failed" and "every respondent" in res.error["evalue"]
    page = _shown_text((tmp_path / "out" / "index.html").read_text(encoding="utf-8"))
    fixed = re.split(r"\{[^}]*\}", catalog(lang)["err.supports.constant_outcome.what"])
    assert all(part.strip() in page for part in fixed if part.strip()), page[-800:]
    assert "every respondent" not in page and "explains differences" not in page
    assert "(10)" not in page  # the answer everyone gave is not repeated
