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
enforced. ``TO_DOCUMENT`` was the allow-list of what failed (123 callables at its largest);
it is empty now that every public callable passes, and a new callable that fails fails here.
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

# to document: callable -> the codes it fails (empty: keep it so, never grow it)
TO_DOCUMENT: dict[str, str] = {}


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
