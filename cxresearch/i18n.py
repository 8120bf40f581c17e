"""Report text in every language, from the message catalogs in ``cxresearch/messages/``.

Every sentence a report shows comes from a catalog, filled with computed values, so a
notebook's narrative follows its ``lang`` parameter and never holds hard-coded numbers or
sentences. A catalog is a folder ``messages/<lang>/`` of YAML files (one per domain:
``common.yaml``, ``nps.yaml``, ``drivers.yaml`` ...), each a flat mapping from message key to
text; adding a language is adding a folder, with no code change. A key may be defined in only
one file of a language, and every language must define the same keys (a test checks it).
Interpolated text values are HTML-escaped: labels that come from data cannot inject markup.

Examples
--------
>>> t("nps.headline", "en", nps="+27", low="+24", high="+30", n="2,965", level="95")
'The NPS is **+27** (95 % CI +24 … +30; n = 2,965).'
>>> t("nps.headline", "fi", nps="+27", low="+24", high="+30", n="2 965", level="95")
'NPS on **+27** (95 %:n luottamusväli +24 … +30; n = 2 965).'
>>> t("scope.filter", "en", column="region", value="<b>North</b>")
'region = &lt;b&gt;North&lt;/b&gt;'
"""

from __future__ import annotations

import functools
import html
from pathlib import Path
from typing import Any

from .errors import CXInputError, Problem
from .yamlfile import load_yaml

__all__ = ["LANGS", "t", "has_text", "catalog", "fmt_num", "fmt_pts", "fmt_range",
           "category_label"]

_MESSAGES = Path(__file__).with_name("messages")

#: The languages that have a catalog (the folders of ``cxresearch/messages``), English first.
LANGS: tuple[str, ...] = tuple(sorted((p.name for p in _MESSAGES.iterdir() if p.is_dir()),
                                      key=lambda code: (code != "en", code)))


@functools.cache
def catalog(lang: str) -> dict[str, str]:
    """Every message of ``lang``: a dict from key to template.

    Parameters
    ----------
    lang : str
        A language code with a catalog folder (one of :data:`LANGS`).

    Returns
    -------
    dict of str to str

    Raises
    ------
    CXInputError
        If ``lang`` has no catalog, or a key is defined twice in it.

    Examples
    --------
    >>> catalog("fi")["summary"]
    'Tiivistelmä'
    """
    folder = _MESSAGES / lang
    if lang not in LANGS:
        raise CXInputError(Problem("lang", f"there is no message catalog for language {lang!r}",
                                   f"use one of {', '.join(LANGS)}", value=lang))
    merged: dict[str, str] = {}
    origin: dict[str, str] = {}
    for path in sorted(folder.glob("*.yaml")):
        entries = load_yaml(path.read_bytes(), where=str(path)) or {}
        for key, text in entries.items():
            if key in merged:
                raise CXInputError(Problem(
                    str(path), f"message {key!r} is also defined in {origin[key]}",
                    "keep the message in one file of the catalog", column=key))
            merged[key], origin[key] = str(text), path.name
    return merged


def has_text(key: str) -> bool:
    """True when ``key`` is a message of the English catalog (every catalog has the same keys).

    Examples
    --------
    >>> has_text("summary"), has_text("Some heading")
    (True, False)
    """
    return key in catalog("en")

def t(key: str, lang: str = "en", **values: Any) -> str:
    """The text ``key`` in ``lang``, formatted with ``values`` (strings are HTML-escaped).

    Unknown languages fall back to English; an unknown key raises ``KeyError``.
    """
    messages = catalog(lang if lang in LANGS else "en")
    template = messages[key]
    safe = {k: html.escape(v, quote=False) if isinstance(v, str) else v
            for k, v in values.items()}
    return template.format(**safe)


def fmt_num(x: float, lang: str = "en", digits: int = 0) -> str:
    """A number for reading: thousands separated, decimal comma in Finnish.

    Examples
    --------
    >>> fmt_num(12345.678, "en", 1)
    '12,345.7'
    >>> fmt_num(12345.678, "fi", 1) == "12\u00a0345,7"   # no-break space, decimal comma
    True
    """
    if x != x:  # NaN
        return "–"
    s = f"{x:,.{digits}f}"
    if lang == "fi":
        s = s.replace(",", "\u00a0").replace(".", ",")
    return s


def fmt_pts(x: float, lang: str = "en", digits: int = 0) -> str:
    """An NPS value or difference in points, always with its sign.

    Examples
    --------
    >>> fmt_pts(27.07), fmt_pts(-3.4, "fi", 1), fmt_pts(0.2)
    ('+27', '−3,4', '0')
    """
    if x != x:
        return "–"
    r = round(x, digits)
    if r == 0:
        return fmt_num(0.0, lang, digits)
    body = fmt_num(abs(r), lang, digits)
    return ("+" if r > 0 else "−") + body


def fmt_range(low: float, high: float, lang: str = "en", digits: int = 0, *,
              points: bool = False) -> str:
    """An interval for reading, ``low … high`` (NPS points with their signs if ``points``).

    Examples
    --------
    >>> fmt_range(0.1234, 0.5, digits=2), fmt_range(-3.2, 12.4, "fi", 1, points=True)
    ('0.12 … 0.50', '−3,2 … +12,4')
    """
    f = fmt_pts if points else fmt_num
    return f"{f(low, lang, digits)} … {f(high, lang, digits)}"


def category_label(cat: str, lang: str = "en") -> str:
    """Translated NPS category name (``detractor``, ``passive``, ``promoter``)."""
    return t(cat, lang)

