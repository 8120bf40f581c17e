"""The import rule of ARCHITECTURE.md, checked on the source of every cxresearch module.

Layers (lowest first): base, data, statistics, presentation, run, cli. A module may import
from its own layer (without cycles) or a lower one, never a ``_private`` name of another
module, and never the two deprecation shims ``report`` and ``drivers``.
"""

from __future__ import annotations

import ast

import pytest
from helpers import ROOT

PACKAGE = ROOT / "cxresearch"

BASE, DATA, STATISTICS, PRESENTATION, RUN, CLI, ROOT_LAYER = range(1, 8)
LAYER = {
    # 1 base
    "errors": BASE, "yamlfile": BASE, "stats": BASE, "i18n": BASE, "version": BASE,
    "files": BASE, "redact": BASE, "results": BASE,
    # 2 data
    "codebook": DATA, "disclosure": DATA, "formats": DATA, "weighting": DATA, "io": DATA, "simulate": DATA,
    "themebook": DATA,
    # 3 statistics
    "metrics": STATISTICS, "outcomes": STATISTICS, "importance": STATISTICS,
    "models": STATISTICS, "actions": STATISTICS, "measurement": STATISTICS,
    "moderation": STATISTICS, "tracking": STATISTICS, "text": STATISTICS,
    "crosstab": STATISTICS, "draft": STATISTICS,
    # 4 presentation
    "narrative": PRESENTATION, "summaries": PRESENTATION, "plots": PRESENTATION, "teaching": PRESENTATION,
    "text_plots": PRESENTATION,
    # 5 run
    "run": RUN, "deck": RUN, "tables": RUN, "batch": RUN,
    # 6 cli
    "cli": CLI,
    # the package root re-exports the public API; nothing inside imports it
    "__init__": ROOT_LAYER,
}
SHIMS = {"report", "drivers"}  # deprecated re-exports for users' notebooks only

# private names still crossing a module boundary: being removed (helpers stats and recode)
KNOWN_EXCEPTIONS = {
    ("metrics", "io", "_rows"),
    ("teaching", "metrics", "_adjusted"),
}


def _modules() -> list[str]:
    return sorted(p.stem for p in PACKAGE.glob("*.py"))


def _imports(name: str) -> list[tuple[str, list[str], int]]:
    """(imported cxresearch module, names taken from it, line) for every import in a module."""
    tree = ast.parse((PACKAGE / f"{name}.py").read_text(encoding="utf-8"))
    known = set(_modules())
    out = []
    for node in ast.walk(tree):
        if isinstance(node, ast.ImportFrom):
            if node.level:
                if node.level > 1:
                    raise AssertionError(f"{name}.py:{node.lineno}: import above the package")
                target = node.module
            elif node.module and (node.module == "cxresearch"
                                  or node.module.startswith("cxresearch.")):
                target = node.module.partition(".")[2] or None
            else:
                continue
            names = [a.name for a in node.names]
            if target is None:  # from . import x: submodules, or names of the package root
                subs = [n for n in names if n in known]
                out += [(n, [], node.lineno) for n in subs]
                rest = [n for n in names if n not in known]
                if rest:
                    out.append(("__init__", rest, node.lineno))
            else:
                out.append((target.split(".")[0], names, node.lineno))
        elif isinstance(node, ast.Import):
            for a in node.names:
                if a.name == "cxresearch" or a.name.startswith("cxresearch."):
                    out.append((a.name.partition(".")[2].split(".")[0] or "__init__", [],
                                node.lineno))
    return out


def test_every_module_has_a_layer():
    unknown = [m for m in _modules() if m not in LAYER and m not in SHIMS]
    assert not unknown, (f"new module(s) {unknown}: add each to the layer list in "
                         "ARCHITECTURE.md and to LAYER in tests/test_architecture.py")


@pytest.mark.parametrize("module", [m for m in _modules() if m in LAYER and m != "__init__"])
def test_imports_go_down_or_sideways(module):
    bad = [f"{module}.py:{line} imports {target} (layer {LAYER.get(target)}) from layer "
           f"{LAYER[module]}" for target, _, line in _imports(module)
           if target not in SHIMS and LAYER.get(target, 0) > LAYER[module]]
    assert not bad, "\n".join(bad)


@pytest.mark.parametrize("module", _modules())
def test_no_private_name_crosses_a_module(module):
    bad = [f"{module}.py:{line} imports {n} from {target}"
           for target, names, line in _imports(module) if target != module
           for n in names
           if n.startswith("_") and not (n.startswith("__") and n.endswith("__"))
           and (module, target, n) not in KNOWN_EXCEPTIONS]
    assert not bad, "\n".join(bad) + "\nmake a public helper in the lowest module that needs it"


@pytest.mark.parametrize("module", [m for m in _modules() if m not in SHIMS])
def test_nothing_imports_the_shims(module):
    bad = [f"{module}.py:{line} imports cxresearch.{target}"
           for target, _, line in _imports(module) if target in SHIMS]
    assert not bad, "\n".join(bad) + "\nimport from run/narrative or importance/models/actions"


def test_no_import_cycles():
    graph = {m: {t for t, _, _ in _imports(m) if t in LAYER and t != m}
             for m in _modules() if m in LAYER}
    state: dict[str, int] = {}

    def visit(m: str, path: list[str]) -> None:
        state[m] = 1
        for t in sorted(graph.get(m, ())):
            if state.get(t) == 1:
                raise AssertionError("import cycle: " + " -> ".join(path[path.index(t):] + [t])
                                     if t in path else f"import cycle through {t}")
            if not state.get(t):
                visit(t, path + [t])
        state[m] = 2

    for m in sorted(graph):
        if not state.get(m):
            visit(m, [m])


def test_the_rule_catches_a_violation(tmp_path, monkeypatch):
    """The checker itself: an upward import and a private import are both found."""
    monkeypatch.setattr(__import__(__name__), "PACKAGE", tmp_path)
    (tmp_path / "errors.py").write_text("from .cli import main\nfrom .io import _rows\n")
    (tmp_path / "cli.py").write_text("")
    (tmp_path / "io.py").write_text("")
    got = _imports("errors")
    assert ("cli", ["main"], 1) in got and ("io", ["_rows"], 2) in got
    with pytest.raises(AssertionError, match="imports cli"):
        test_imports_go_down_or_sideways("errors")
    with pytest.raises(AssertionError, match="imports _rows from io"):
        test_no_private_name_crosses_a_module("errors")


@pytest.mark.parametrize("shim, homes", [("report", ["run", "narrative", "redact"]),
                                         ("drivers", ["importance", "models", "actions"])])
def test_shims_warn_and_reexport_the_new_modules(shim, homes):
    import importlib
    import sys

    sys.modules.pop(f"cxresearch.{shim}", None)
    with pytest.warns(DeprecationWarning, match=f"cxresearch.{shim} is deprecated"):
        old = importlib.import_module(f"cxresearch.{shim}")
    for home in homes:
        new = importlib.import_module(f"cxresearch.{home}")
        for name in new.__all__:
            assert getattr(old, name) is getattr(new, name), (shim, home, name)
