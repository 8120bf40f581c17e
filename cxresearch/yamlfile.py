"""Strict YAML reading for every file a user (or a translator) writes: codebooks, batch files,
banner files and the message catalogs.

PyYAML's ``safe_load`` silently keeps the last of two equal keys (a second ``pii: []`` would
empty the first) and expands aliases without limit (a "billion laughs" file takes minutes and
gigabytes). :func:`load_yaml` refuses both, and turns syntax errors into a
:class:`~cxresearch.errors.CXInputError` that names the file, line and column.

Examples
--------
>>> load_yaml("a: 1\\nb: [x, y]\\n", where="mini.yaml")
{'a': 1, 'b': ['x', 'y']}
>>> load_yaml("pii: [email]\\npii: []\\n", where="cb.yaml")
Traceback (most recent call last):
...
cxresearch.errors.CXInputError: cb.yaml, column 'pii': the key 'pii' is given twice (lines 1 and 2)
  fix: keep one 'pii' entry and merge what the two say
"""

from __future__ import annotations

from typing import Any

import yaml

from .errors import CXInputError, Problem

__all__ = ["load_yaml", "MAX_ALIASES"]

#: Aliases (``*name``) allowed in one file; real codebooks need none or a handful.
MAX_ALIASES = 100


class _DuplicateKey(Exception):
    def __init__(self, key: Any, first: int, second: int):
        super().__init__(key)
        self.key, self.first, self.second = key, first, second


class _TooManyAliases(Exception):
    pass


class _StrictLoader(yaml.SafeLoader):
    """SafeLoader that refuses duplicate mapping keys and counts aliases."""

    def __init__(self, stream: Any):
        super().__init__(stream)
        self._aliases = 0

    def compose_node(self, parent: Any, index: Any) -> Any:  # noqa: D401 - PyYAML hook
        if self.check_event(yaml.AliasEvent):
            self._aliases += 1
            if self._aliases > MAX_ALIASES:
                raise _TooManyAliases()
        return super().compose_node(parent, index)

    def construct_mapping(self, node: Any, deep: bool = False) -> dict:
        seen: dict[Any, int] = {}
        for key_node, _ in node.value:
            key = self.construct_object(key_node, deep=True)
            try:
                hash(key)
            except TypeError:
                continue  # PyYAML reports unhashable keys itself
            line = key_node.start_mark.line + 1
            if key in seen:
                raise _DuplicateKey(key, seen[key], line)
            seen[key] = line
        return super().construct_mapping(node, deep=deep)


def load_yaml(text: str | bytes, *, where: str) -> Any:
    """Parse YAML text strictly: no duplicate keys, at most :data:`MAX_ALIASES` aliases.

    Parameters
    ----------
    text : str or bytes
        The file's content (bytes are decoded as UTF-8, a byte-order mark allowed).
    where : str
        The file name used in error messages.

    Returns
    -------
    object
        What the YAML holds (dict, list, scalar or ``None`` for an empty file).

    Raises
    ------
    CXInputError
        On text that is not UTF-8, a syntax error (with line and column), a key given twice in
        one mapping, or more aliases than a hand-written file needs.

    Examples
    --------
    >>> load_yaml(b"\\xef\\xbb\\xbfname: Kysely", where="x.yaml")
    {'name': 'Kysely'}
    """
    if isinstance(text, bytes):
        try:
            text = text.decode("utf-8-sig")
        except UnicodeDecodeError as exc:
            raise CXInputError(Problem(where, f"the file is not UTF-8 text ({exc.reason})",
                                       "save it as UTF-8")) from None
    try:
        return yaml.load(text, Loader=_StrictLoader)  # noqa: S506 - a SafeLoader subclass
    except _DuplicateKey as exc:
        raise CXInputError(Problem(
            where, f"the key '{exc.key}' is given twice (lines {exc.first} and {exc.second})",
            f"keep one '{exc.key}' entry and merge what the two say",
            column=str(exc.key))) from None
    except _TooManyAliases:
        raise CXInputError(Problem(
            where, f"the file uses more than {MAX_ALIASES} YAML aliases (*name)",
            "write the values out instead of repeating them through aliases")) from None
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None)
        loc = f" at line {mark.line + 1}, column {mark.column + 1}" if mark else ""
        reason = getattr(exc, "problem", None) or str(exc).splitlines()[0]
        raise CXInputError(Problem(
            where, f"the file is not valid YAML{loc}: {reason}",
            "fix the YAML syntax there (indentation with spaces, a space after each ':', "
            "lists in [ ] or as '- item' lines)")) from None
