"""Strict YAML: duplicate keys and alias bombs are refused with a message naming the file."""

from __future__ import annotations

import time

import pytest

from cxresearch.errors import CXInputError
from cxresearch.yamlfile import MAX_ALIASES, load_yaml


def test_plain_yaml_reads_like_safe_load():
    import yaml

    text = "name: x\nouter: {a: 1, b: [1, 2]}\nlist:\n  - {k: v}\n"
    assert load_yaml(text, where="f.yaml") == yaml.safe_load(text)


def test_duplicate_key_names_both_lines():
    with pytest.raises(CXInputError) as err:
        load_yaml("a: 1\nb:\n  c: 1\n  c: 2\n", where="cb.yaml")
    msg = str(err.value)
    assert "cb.yaml" in msg and "'c' is given twice (lines 3 and 4)" in msg


def test_alias_bomb_is_refused_quickly():
    lines = ["a0: &a0 [x, x, x, x, x, x, x, x, x, x]"]
    for i in range(1, 12):
        prev = f"*a{i - 1}"
        lines.append(f"a{i}: &a{i} [{', '.join([prev] * 10)}]")
    start = time.perf_counter()
    with pytest.raises(CXInputError, match=f"more than {MAX_ALIASES} YAML aliases"):
        load_yaml("\n".join(lines), where="bomb.yaml")
    assert time.perf_counter() - start < 5


def test_a_few_aliases_are_fine():
    assert load_yaml("a: &s [1, 2]\nb: *s\n", where="f.yaml") == {"a": [1, 2], "b": [1, 2]}


def test_syntax_error_has_line_and_column():
    with pytest.raises(CXInputError, match=r"f.yaml: the file is not valid YAML at line 2"):
        load_yaml("a: [1, 2\nb: 3\n", where="f.yaml")


def test_non_utf8_bytes():
    with pytest.raises(CXInputError, match="not UTF-8"):
        load_yaml("name: Kyselyä".encode("cp1252"), where="f.yaml")
