"""Set-up files agree with each other."""

from __future__ import annotations

import re
import tomllib

import yaml
from helpers import ROOT

CONDA_NAMES = {"python-duckdb": "duckdb"}


def _name(req: str) -> str:
    return re.split(r"[<>=!~ ;\[]", req.strip(), maxsplit=1)[0].lower()


def test_environment_yml_matches_pyproject():
    py = tomllib.loads((ROOT / "pyproject.toml").read_text())
    deps = {_name(d): d for d in py["project"]["dependencies"]}
    env = yaml.safe_load((ROOT / "environment.yml").read_text())
    conda, pip = set(), []
    for d in env["dependencies"]:
        if isinstance(d, dict):
            pip = d["pip"]
        else:
            conda.add(_name(d))
    conda = {CONDA_NAMES.get(c, c) for c in conda} - {"python", "pip"}
    pip_names = {_name(p) for p in pip if not p.startswith("-e")}
    assert "-e ." in pip
    assert conda | pip_names == set(deps)
    # and the same lower bounds
    for d in env["dependencies"]:
        if isinstance(d, str) and ">=" in d:
            name = CONDA_NAMES.get(_name(d), _name(d))
            assert d.split(">=")[1] == deps[name].split(">=")[1], name


def test_console_script_and_ci():
    py = tomllib.loads((ROOT / "pyproject.toml").read_text())
    assert py["project"]["scripts"]["cx"] == "cxresearch.cli:main"
    assert "make test" in (ROOT / ".ci" / "run").read_text()
    readme = (ROOT / "README.md").read_text()
    assert "make report" in readme and "make test" in readme


def test_every_module_has_all():
    import importlib
    import pkgutil

    import cxresearch

    for mod in pkgutil.iter_modules(cxresearch.__path__):
        m = importlib.import_module(f"cxresearch.{mod.name}")
        assert hasattr(m, "__all__"), mod.name
        for name in m.__all__:
            assert hasattr(m, name), (mod.name, name)
