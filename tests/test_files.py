"""Files stay where they belong: safe names, checked output folders, umask, folder locks."""

from __future__ import annotations

import json
import os
import stat
import subprocess
import sys
from pathlib import Path

import pytest
from helpers import RAW, ROOT

from cxresearch.errors import CXInputError
from cxresearch.files import RESERVED_NAMES, check_out_dir, name_for_value, safe_name, write_atomic


@pytest.mark.parametrize("name", ["../x", "..", "a/b", "a\\b", "/etc/passwd", "C:x", ".env",
                                  "", "   ", "x" * 81, "index", "Index.html", "nul",
                                  "tab\there", "new\nline", "a/../../b"])
def test_unsafe_names_refused(name):
    with pytest.raises(CXInputError) as info:
        safe_name(name)
    assert "report name" in str(info.value)


@pytest.mark.parametrize("name", ["nps_overview", "nps-north", "Raportti 2026", "ääkköset"])
def test_plain_names_pass(name):
    assert safe_name(name) == name


@pytest.mark.parametrize("value", ["North", "Nord/Süd", "../../etc", "$x$ & <b>", "index",
                                   "x" * 500, "", " ", "liisa@example.com", "€", "a\x00b",
                                   "CON", "-", ".."])
def test_value_names_are_safe_and_bounded(value):
    name = name_for_value(value)
    assert 1 <= len(name) <= 49
    assert all(c.isascii() and (c.isalnum() or c in "-_") for c in name), name
    safe_name(name)  # never reserved, never a path


def test_value_names_distinct_for_distinct_values():
    values = ["a/b", "a-b", "a b", "A-B", "x" * 300 + "1", "x" * 300 + "2", "ä", "a"]
    names = [name_for_value(v) for v in values]
    assert len(set(names) - {"a-b"}) >= len(values) - 2  # only exact slugs may coincide
    assert name_for_value("x" * 300 + "1") != name_for_value("x" * 300 + "2")
    assert "index" not in {name_for_value("index"), name_for_value("INDEX")}
    assert "index" in RESERVED_NAMES


@pytest.mark.parametrize("sub", ["", "new", "x/y"])
def test_out_dir_in_raw_refused(sub):
    with pytest.raises(CXInputError, match="inside data/raw"):
        check_out_dir(RAW / sub if sub else RAW, create=False)
    with pytest.raises(CXInputError, match="inside data/raw"):
        check_out_dir(ROOT / "data" / "processed" / ".." / "raw", create=False)


def test_out_dir_missing_is_checked_not_created(tmp_path):
    target = tmp_path / "a" / "b"
    assert check_out_dir(target, create=False) == target.resolve()
    assert not (tmp_path / "a").exists()
    assert check_out_dir(target).is_dir()


@pytest.mark.skipif(os.geteuid() == 0, reason="root can write to read-only folders")
def test_out_dir_read_only_refused(tmp_path):
    ro = tmp_path / "ro"
    ro.mkdir()
    ro.chmod(0o500)
    try:
        with pytest.raises(CXInputError, match="cannot be"):
            check_out_dir(ro)
        with pytest.raises(CXInputError, match="cannot be"):
            check_out_dir(ro / "sub", create=False)
    finally:
        ro.chmod(0o700)


def test_out_dir_that_is_a_file_refused(tmp_path):
    (tmp_path / "f").write_text("x")
    with pytest.raises(CXInputError, match="is a file"):
        check_out_dir(tmp_path / "f")


@pytest.mark.parametrize("mask, mode", [(0o027, 0o640), (0o022, 0o644), (0o077, 0o600)])
def test_write_atomic_respects_umask(tmp_path, mask, mode):
    old = os.umask(mask)
    try:
        write_atomic(tmp_path / "r.html", "<p>x</p>")
    finally:
        os.umask(old)
    assert stat.S_IMODE((tmp_path / "r.html").stat().st_mode) == mode
    assert not list(tmp_path.glob(".*.part"))


_WRITER = """
import json, sys
from pathlib import Path
from cxresearch.files import folder_lock, write_atomic
out, tag = Path(sys.argv[1]), sys.argv[2]
for i in range(25):
    with folder_lock(out):
        p = out / "m.json"
        m = json.loads(p.read_text()) if p.exists() else {}
        m[f"{tag}{i}"] = i
        write_atomic(p, json.dumps(m))
"""


def test_two_writers_under_the_folder_lock_lose_nothing(tmp_path):
    env = dict(os.environ, PYTHONPATH=str(ROOT) + os.pathsep + os.environ.get("PYTHONPATH", ""))
    procs = [subprocess.Popen([sys.executable, "-c", _WRITER, str(tmp_path), tag], env=env)
             for tag in ("a", "b")]
    assert [p.wait(timeout=60) for p in procs] == [0, 0]
    m = json.loads((tmp_path / "m.json").read_text())
    assert sorted(m) == sorted([f"a{i}" for i in range(25)] + [f"b{i}" for i in range(25)])


def test_cli_report_leaves_nothing_for_a_refused_name(tmp_path, capsys):
    from cxresearch.cli import main

    code = main(["report", "nps_overview", "--codebook", str(RAW / "retail_cx.yaml"),
                 "--out", str(tmp_path / "o"), "--name", "../escape"])
    assert code == 2 and "report name" in capsys.readouterr().err
    assert not (tmp_path / "escape.html").exists() and not (tmp_path / "o").exists()
    assert not Path(tmp_path.parent / "escape.html").exists()


def test_out_dir_in_the_surveys_own_data_folder_refused(tmp_path):
    # data in a folder of its own: that folder and all under it are raw data
    raw, cb = tmp_path / "exports" / "survey.csv", tmp_path / "survey.yaml"
    for out in (tmp_path / "exports", tmp_path / "exports" / "reports" / "x"):
        with pytest.raises(CXInputError, match="folder of the raw data survey.csv") as info:
            check_out_dir(out, create=False, data_files=[raw], codebook=cb)
        assert str((tmp_path / "exports").resolve()) in str(info.value)
    # data beside the codebook (cx report --codebook my.yaml --out reports/): only the
    # project folder itself is refused, reports/ inside it is where reports go
    beside = tmp_path / "survey.csv"
    with pytest.raises(CXInputError, match="is .*, the folder of the raw data"):
        check_out_dir(tmp_path, create=False, data_files=[beside], codebook=cb)
    ok = check_out_dir(tmp_path / "reports", create=False, data_files=[None, beside], codebook=cb)
    assert ok == (tmp_path / "reports").resolve() and not ok.exists()
    assert check_out_dir(tmp_path / "elsewhere", data_files=[raw]).is_dir()
