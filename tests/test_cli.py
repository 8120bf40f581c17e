"""The cx command end to end: exit codes, messages without tracebacks, JSON records."""

from __future__ import annotations

import contextlib
import io
import json
import subprocess
import sys
from pathlib import Path

import pandas as pd
import pytest
from helpers import mini_frame

import cxresearch as cx
from cxresearch.cli import main


def run_subprocess(*args, cwd=None):
    """The real ``cx`` process: kept for the one end-to-end smoke test."""
    return subprocess.run([sys.executable, "-m", "cxresearch.cli", *map(str, args)],
                          capture_output=True, text=True, cwd=cwd, timeout=600)


def run(*args, cwd=None):
    """``cx ARGS`` in-process (cli.main with stdout/stderr captured): what a subprocess would
    show, without paying an interpreter and the imports for every call."""
    out, err = io.StringIO(), io.StringIO()
    with contextlib.ExitStack() as stack:
        if cwd is not None:
            stack.enter_context(contextlib.chdir(cwd))
        stack.enter_context(contextlib.redirect_stdout(out))
        stack.enter_context(contextlib.redirect_stderr(err))
        try:
            code = main([str(a) for a in args])
        except SystemExit as exc:  # argparse usage errors
            code = exc.code if isinstance(exc.code, int) else 1
    return subprocess.CompletedProcess(args, code, out.getvalue(), err.getvalue())


def assert_user_error(r, *needles):
    assert r.returncode == 2, r.stderr
    assert "Traceback" not in r.stderr + r.stdout
    for n in needles:
        assert n in r.stderr, (n, r.stderr)


def test_validate_ok(bundled_codebook):
    r = run_subprocess("validate", "--codebook", bundled_codebook)  # end-to-end smoke test
    assert r.returncode == 0 and "OK: Retail CX survey" in r.stdout
    r = run("validate", "--codebook", bundled_codebook, "--json")
    info = json.loads(r.stdout)
    assert info["ok"] and info["respondents"] == 3000


def test_validate_bad_data_exit_2(make_survey):
    df = mini_frame()
    df.loc[3, "ltr"] = 12
    df.loc[5, "s1"] = 9
    cb = make_survey(df)
    r = run("validate", "--codebook", cb)
    assert_user_error(r, "mini.csv", "column 'ltr'", "row 4", "12", "column 's1'", "row 6", "fix:")
    r = run("validate", "--codebook", cb, "--json")
    assert r.returncode == 2
    problems = json.loads(r.stdout)["problems"]
    assert {p["column"] for p in problems} == {"ltr", "s1"}


def test_broken_yaml_and_missing_codebook(tmp_path):
    bad = tmp_path / "bad.yaml"
    bad.write_text("name: [oops\n")
    assert_user_error(run("nps", "--codebook", bad), "not valid YAML")
    assert_user_error(run("nps", "--codebook", tmp_path / "none.yaml"), "does not exist")


def test_nps_json_matches_api(bundled_codebook, survey):
    r = run("nps", "--codebook", bundled_codebook, "--by", "channel", "--json")
    assert r.returncode == 0, r.stderr
    records = json.loads(r.stdout)
    api = cx.nps(survey, by="channel").set_index("channel")
    for rec in records:
        assert set(rec) >= {"channel", "n", "promoters", "passives", "detractors", "nps",
                            "ci_low", "ci_high", "n_eff"}
        assert rec["nps"] == pytest.approx(api.loc[rec["channel"], "nps"], rel=1e-12)
        assert rec["ci_low"] == pytest.approx(api.loc[rec["channel"], "ci_low"], rel=1e-12)


def test_nps_small_bases_suppressed_in_json(make_survey):
    df = pd.concat([mini_frame(60, seed=1).assign(channel="web"),
                    mini_frame(45, seed=3).assign(channel="store"),
                    mini_frame(5, seed=2).assign(channel="fax")], ignore_index=True)
    df["id"] = range(len(df))
    r = run("nps", "--codebook", make_survey(df), "--by", "channel", "--json")
    recs = {x["channel"]: x for x in json.loads(r.stdout)}
    assert recs["fax"]["suppressed"] and recs["fax"]["nps"] is None
    assert recs["fax"]["promoters"] is None and recs["web"]["nps"] is not None
    # complementary suppression: the smallest shown group goes too, or fax = total - web
    assert recs["store"]["suppressed"] and recs["store"]["nps"] is None


def test_nps_unknown_by_column(bundled_codebook):
    assert_user_error(run("nps", "--codebook", bundled_codebook, "--by", "chanel"),
                      "column 'chanel'")


def test_simulate_never_overwrites(tmp_path):
    r = run("simulate", "--n", 200, "--seed", 1, "--out", tmp_path)
    assert r.returncode == 0 and (tmp_path / "retail_cx.csv").is_file()
    before = (tmp_path / "retail_cx.csv").read_bytes()
    assert_user_error(run("simulate", "--n", 100, "--out", tmp_path), "the file exists")
    assert (tmp_path / "retail_cx.csv").read_bytes() == before
    assert run("validate", "--codebook", tmp_path / "retail_cx.yaml").returncode == 0


def test_report_parameter_errors_before_kernel(bundled_codebook, tmp_path):
    r = run("report", "nps_overview", "--codebook", bundled_codebook, "--out", tmp_path,
            "-p", "min_m", "20", "-p", "segment", "region")
    assert_user_error(r, "unknown parameter 'min_m'", "did you mean 'min_n'?", "min_n: int = 30")
    r = run("report", "nps_overview", "--codebook", bundled_codebook, "--out", tmp_path,
            "-p", "min_n", "many")
    assert_user_error(r, "'min_n' must be int")
    assert_user_error(run("report", "no_such", "--codebook", bundled_codebook, "--out", tmp_path),
                      "no such report notebook", "nps_overview")
    assert not list(tmp_path.iterdir())


def test_usage_error_is_exit_2():
    r = run("nps")
    assert r.returncode == 2 and "Traceback" not in r.stderr


def test_drivers_json(bundled_codebook, survey):
    from cxresearch.importance import relative_importance

    r = run("drivers", "--codebook", bundled_codebook, "--bootstrap", "200", "--json")
    assert r.returncode == 0, r.stderr
    recs = json.loads(r.stdout)
    api = relative_importance(survey, n_boot=200, seed=0).set_index("driver")
    assert [x["driver"] for x in recs] == list(api.index)
    for x in recs:
        assert set(x) == {"driver", "importance", "share", "ci_low", "ci_high", "rank",
                          "performance"}
        assert x["importance"] == pytest.approx(api.loc[x["driver"], "importance"], rel=1e-12)
        assert x["ci_low"] == pytest.approx(api.loc[x["driver"], "ci_low"], rel=1e-12)
    assert sum(x["share"] for x in recs) == pytest.approx(100)


def test_drivers_bad_input(make_survey):
    df = mini_frame(40)
    df["p1"] = 3
    df["p2"] = 3
    r = run("drivers", "--codebook", make_survey(df))
    assert_user_error(r, "column 'price'", "same value for every respondent")


# --------------------------------------------------------------------------- outcome types

def _reviews(tmp_path):
    """tests/reference/outcomes_data.csv with the yes/no flag as text, as an export has it."""
    from pathlib import Path

    import yaml

    ref = Path(__file__).resolve().parent / "reference"
    d = pd.read_csv(ref / "outcomes_data.csv")
    rng = __import__("numpy").random.default_rng(4)
    d["ltr"] = rng.integers(0, 11, len(d))
    d["value"] = (d["stars"] + rng.integers(-1, 2, len(d))).clip(1, 5)
    d.assign(recommend_flag=d.recommend_flag.map({1: "Yes", 0: "No"})).to_csv(
        tmp_path / "reviews.csv", index=False)
    cb = {"name": "Reviews", "data": "reviews.csv", "id": "id", "weight": "w",
          "recode": {"recommend_flag": {"Yes": 1, "No": 0}},
          "outcomes": {"would_recommend": {"column": "recommend_flag", "type": "binary"},
                       "stars": {"column": "stars", "type": "rating", "scale": [1, 5],
                                 "top_box": [4, 5]},
                       "recommend": {"column": "ltr", "scale": [0, 10]}},
          "key_outcome": "would_recommend",
          "constructs": {"value": {"items": ["value"], "scale": [1, 5]}},
          "segments": ["region"]}
    (tmp_path / "cb.yaml").write_text(yaml.safe_dump(cb))
    return tmp_path / "cb.yaml", d


def test_cx_outcome_binary_json_matches_statsmodels_and_r(tmp_path):
    from pathlib import Path

    from statsmodels.stats.proportion import proportion_confint

    cb, d = _reviews(tmp_path)
    r = run("outcome", "--codebook", cb, "--json")              # key outcome, weighted
    assert r.returncode == 0, r.stderr
    (rec,) = json.loads(r.stdout)
    ref = json.loads((Path(__file__).resolve().parent / "reference" /
                      "outcomes_survey.json").read_text())["weighted"]["binary"]
    assert rec["outcome"] == "would_recommend" and rec["type"] == "binary"
    assert rec["unit"] == "percent" and rec["ci_method"] == "korn-graubard"
    assert [rec["estimate"], rec["ci_low"], rec["ci_high"]] == pytest.approx(
        [100 * v for v in ref], abs=1e-6)
    r = run("outcome", "--codebook", cb, "--no-weight", "--by", "region", "--json",
            "--min-n", "110")
    recs = {x["region"]: x for x in json.loads(r.stdout)}
    north = d[d.region == "north"].recommend_flag
    lo, hi = proportion_confint(north.sum(), len(north), method="wilson")
    assert [recs["north"]["ci_low"], recs["north"]["ci_high"]] == pytest.approx(
        [100 * lo, 100 * hi], abs=1e-9)
    assert recs["south"]["suppressed"] and recs["south"]["estimate"] is None  # n 105 < 110


def test_cx_outcome_rating_json_matches_scipy(tmp_path):
    from scipy import stats

    cb, d = _reviews(tmp_path)
    r = run("outcome", "--codebook", cb, "--outcome", "stars", "--no-weight", "--json")
    assert r.returncode == 0, r.stderr
    (rec,) = json.loads(r.stdout)
    y = d.stars.to_numpy(float)
    lo, hi = stats.t.interval(0.95, len(y) - 1, loc=y.mean(), scale=stats.sem(y))
    assert rec["type"] == "rating" and rec["unit"] == "mean" and rec["n"] == len(y)
    assert [rec["estimate"], rec["ci_low"], rec["ci_high"]] == pytest.approx([y.mean(), lo, hi])
    assert rec["top_box"] == pytest.approx(100 * (y >= 4).mean())
    assert rec["top_box_values"] == "4, 5"
    text = run("outcome", "--codebook", cb, "--outcome", "stars")
    assert text.returncode == 0 and "stars (rating)" in text.stdout


def test_cx_nps_uses_key_outcome_and_refuses_non_nps(tmp_path):
    cb, d = _reviews(tmp_path)
    assert_user_error(run("nps", "--codebook", cb), "'would_recommend' is a binary outcome",
                      "cx outcome --codebook", "--outcome would_recommend")
    assert_user_error(run("nps", "--codebook", cb, "--outcome", "stars"), "rating outcome",
                      "cx outcome")
    r = run("nps", "--codebook", cb, "--outcome", "recommend", "--no-weight", "--json")
    assert r.returncode == 0, r.stderr
    hand = 100 * ((d.ltr >= 9).mean() - (d.ltr <= 6).mean())
    assert json.loads(r.stdout)[0]["nps"] == pytest.approx(hand)
    assert_user_error(run("outcome", "--codebook", cb, "--outcome", "nope"),
                      "no outcome called 'nope'")


def test_cx_validate_lists_outcome_types(tmp_path):
    cb, _ = _reviews(tmp_path)
    r = run("validate", "--codebook", cb, "--json")
    assert r.returncode == 0, r.stderr
    info = json.loads(r.stdout)
    assert info["key_outcome"] == "would_recommend"
    assert {k: v["type"] for k, v in info["outcomes"].items()} == {
        "would_recommend": "binary", "stars": "rating", "recommend": "nps"}
    text = run("validate", "--codebook", cb).stdout
    assert "would_recommend (binary, 0–1)" in text and "stars (rating, 1–5, top box 4, 5)" in text


def test_cx_drivers_on_a_rating_outcome_with_single_items(tmp_path):
    import numpy as np

    cb, d = _reviews(tmp_path)
    r = run("drivers", "--codebook", cb, "--outcome", "stars", "--no-weight", "--json")
    assert r.returncode == 0, r.stderr
    (rec,) = json.loads(r.stdout)
    # one driver: its importance is the squared correlation with the outcome
    assert rec["driver"] == "value"
    assert rec["importance"] == pytest.approx(np.corrcoef(d.value, d.stars)[0, 1] ** 2)


@pytest.mark.parametrize("lang", ["fi", "sv"])
def test_validate_says_how_an_export_was_read_in_lang(tmp_path, lang):
    import shutil

    from cxresearch.i18n import catalog

    shutil.copy(Path(__file__).parent / "data" / "exports" / "qualtrics_text.csv", tmp_path)
    assert run("init", str(tmp_path / "qualtrics_text.csv"), "--out",
               str(tmp_path / "cb.yaml")).returncode == 0
    english = run("validate", "--codebook", tmp_path / "cb.yaml").stdout
    assert "read as a Qualtrics export: 3 header rows, choice text" in english
    r = run("validate", "--codebook", tmp_path / "cb.yaml", "--lang", lang)
    assert r.returncode == 0
    said = catalog(lang)["init.read.qualtrics"].format(n=3, values=catalog(lang)[
        "init.read.choice_text"])
    assert said in r.stdout and "read as a Qualtrics" not in r.stdout


def test_out_into_the_surveys_own_data_folder_is_refused(make_survey, tmp_path):
    # the folder of the codebook's data: file (or of --data) is raw data, never an output
    (tmp_path / "survey").mkdir()
    cb = make_survey(filename="survey/mini.csv")
    (tmp_path / "other").mkdir()
    mini_frame().to_csv(tmp_path / "other" / "mini2.csv", index=False)
    before = sorted(p.relative_to(tmp_path) for p in tmp_path.rglob("*"))
    folder = str((tmp_path / "survey").resolve())
    for out in (tmp_path / "survey", tmp_path / "survey" / "reports" / "new"):
        r = run("report", "nps_overview", "--codebook", cb, "--out", out)
        assert_user_error(r, folder, "the folder of the raw data mini.csv")
    r = run("report", "nps_overview", "--codebook", cb, "--data",
            tmp_path / "other" / "mini2.csv", "--out", tmp_path / "other")
    assert_user_error(r, str((tmp_path / "other").resolve()), "mini2.csv")
    (tmp_path / "batch.yaml").write_text(
        "codebook: mini.yaml\nout: survey/out\nreports:\n  - notebook: nps_overview\n",
        encoding="utf-8")
    assert_user_error(run("batch", tmp_path / "batch.yaml"), folder, "out")
    after = {p.relative_to(tmp_path) for p in tmp_path.rglob("*")}
    assert after == set(before) | {Path("batch.yaml")}        # nothing written
