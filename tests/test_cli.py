"""The cx command end to end: exit codes, messages without tracebacks, JSON records."""

from __future__ import annotations

import json
import subprocess
import sys

import pandas as pd
import pytest
from helpers import mini_frame

import cxresearch as cx


def run(*args, cwd=None):
    return subprocess.run([sys.executable, "-m", "cxresearch.cli", *map(str, args)],
                          capture_output=True, text=True, cwd=cwd, timeout=600)


def assert_user_error(r, *needles):
    assert r.returncode == 2, r.stderr
    assert "Traceback" not in r.stderr + r.stdout
    for n in needles:
        assert n in r.stderr, (n, r.stderr)


def test_validate_ok(bundled_codebook):
    r = run("validate", "--codebook", bundled_codebook)
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
