"""The code fingerprint in the cache and batch keys: changed code never serves stale results."""

import os
import shutil
import subprocess
import sys
from pathlib import Path

import cxresearch.io as cxio
from cxresearch.version import __version__, code_fingerprint

ROOT = Path(__file__).resolve().parents[1]
PROBE = "from cxresearch.version import code_fingerprint; print(code_fingerprint())"


def _fingerprint_of(package_parent: Path) -> str:
    out = subprocess.run([sys.executable, "-c", PROBE], check=True, capture_output=True,
                         text=True, cwd=package_parent,
                         env=dict(os.environ, PYTHONPATH=str(package_parent)))
    return out.stdout.strip()


def test_fingerprint_changes_with_code_and_messages(tmp_path):
    shutil.copytree(ROOT / "cxresearch", tmp_path / "cxresearch",
                    ignore=shutil.ignore_patterns("__pycache__"))
    before = _fingerprint_of(tmp_path)
    assert before == code_fingerprint()  # same bytes, same fingerprint
    with open(tmp_path / "cxresearch" / "metrics.py", "a", encoding="utf-8") as fh:
        fh.write("\n# a changed line\n")
    after_code = _fingerprint_of(tmp_path)
    assert after_code != before
    catalog = next((tmp_path / "cxresearch" / "messages").rglob("*.yaml"))
    catalog.write_text(catalog.read_text(encoding="utf-8") + "\n", encoding="utf-8")
    assert _fingerprint_of(tmp_path) not in {before, after_code}


def test_version_is_part_of_the_fingerprint(tmp_path):
    shutil.copytree(ROOT / "cxresearch", tmp_path / "cxresearch",
                    ignore=shutil.ignore_patterns("__pycache__"))
    version = tmp_path / "cxresearch" / "version.py"
    text = version.read_text(encoding="utf-8")
    assert f'__version__ = "{__version__}"' in text
    version.write_text(text.replace(f'__version__ = "{__version__}"', '__version__ = "9.9.9"'),
                       encoding="utf-8")
    assert _fingerprint_of(tmp_path) != code_fingerprint()


def test_changed_code_misses_the_processed_data_cache(tmp_path, monkeypatch):
    codebook = ROOT / "data" / "raw" / "retail_cx.yaml"
    cxio.load(codebook, cache_dir=tmp_path)
    cxio.load(codebook, cache_dir=tmp_path)  # a hit: no second file
    assert len(list(tmp_path.glob("*.parquet"))) == 1
    monkeypatch.setattr(cxio, "code_fingerprint", lambda: "0" * 16)  # "the code changed"
    cxio.load(codebook, cache_dir=tmp_path)
    assert len(list(tmp_path.glob("*.parquet"))) == 2
