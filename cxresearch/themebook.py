"""The codebook's ``themes:`` block: open-text themes with labels and match terms per language.

A theme has a label per language and match terms per language (DESIGN.md, turn-2 additions)::

    themes:
      price:
        label: {en: Price, fi: Hinta, sv: Pris}
        match: {en: [price, expensive, cheap], fi: [hinta, kallis, halpa], sv: [pris, dyr]}

A term is a word or a phrase of words ("long wait"); it is matched on lemmas, so the base form
is enough (``hinta`` matches *hinnat*, *hinnoissa* and the compound *hintataso*; see
:mod:`cxresearch.text`). Theme names must be identifiers (letters, digits, ``_``) because
they become column names; a theme may not end in ``_negated`` (that suffix names the
negated-mention columns of :func:`cxresearch.text.code_themes`).

Examples
--------
>>> themes = parse_themes({"price": {"label": {"en": "Price"}, "match": {"en": ["price"]}}})
>>> themes["price"].terms("en"), themes["price"].title("fi")
(('price',), 'Price')
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import Any

from .errors import CXInputError, Problem

__all__ = ["Theme", "parse_themes"]

_NAME = re.compile(r"^[A-Za-z_][A-Za-z0-9_]*$")
_LANG = re.compile(r"^[a-z]{2,3}$")


@dataclass(frozen=True)
class Theme:
    """One open-text theme: its name, labels per language and match terms per language.

    Normally built by :func:`parse_themes` from a codebook's ``themes:`` block.

    Parameters
    ----------
    name : str
        The theme's identifier; it names the theme's column in
        :func:`cxresearch.text.code_themes`.
    label : dict of str to str
        The label per language code, e.g. ``{"en": "Price", "fi": "Hinta"}``.
    match : dict of str to tuple of str
        The match terms per language code, lower case, in base form.

    Examples
    --------
    >>> price = Theme("price", {"en": "Price", "fi": "Hinta"},
    ...               {"en": ("price", "expensive"), "fi": ("hinta",)})
    >>> price.title("fi"), price.title("sv"), price.terms("en"), price.languages
    ('Hinta', 'Price', ('price', 'expensive'), ('en', 'fi'))
    >>> Theme("waiting_time").title()
    'waiting time'
    """

    name: str
    label: dict[str, str] = field(default_factory=dict)
    match: dict[str, tuple[str, ...]] = field(default_factory=dict)

    def title(self, lang: str = "en") -> str:
        """The label in ``lang``, else English, else the name."""
        return self.label.get(lang) or self.label.get("en") or self.name.replace("_", " ")

    def terms(self, lang: str) -> tuple[str, ...]:
        """The match terms in ``lang`` (empty when the theme has none in that language)."""
        return self.match.get(lang, ())

    @property
    def languages(self) -> tuple[str, ...]:
        """Languages the theme has match terms in."""
        return tuple(lang for lang, terms in self.match.items() if terms)


def parse_themes(raw: Any, *, where: str = "codebook",
                 problems: list[Problem] | None = None) -> dict[str, Theme]:
    """Check a ``themes:`` mapping and build :class:`Theme` objects.

    Parameters
    ----------
    raw : mapping or None
        The parsed ``themes:`` value.
    where : str
        The codebook file, for messages.
    problems : list, optional
        Collect problems here (the codebook reports every problem at once); without it a
        :class:`~cxresearch.errors.CXInputError` is raised.

    Returns
    -------
    dict of str to Theme
        The usable themes by name, in codebook order. Terms are lower-cased, their spaces
        collapsed and duplicates dropped; a label given as plain text is taken as English.
        A theme with a problem is left out (and the problem collected or raised).

    Raises
    ------
    CXInputError
        When ``problems`` is not given and any theme has a problem.

    Examples
    --------
    >>> themes = parse_themes({"long_wait": {
    ...     "label": "Waiting",
    ...     "match": {"en": ["Long  wait", "queue", "queue"], "fi": "jono"}}})
    >>> themes["long_wait"].label, themes["long_wait"].match
    ({'en': 'Waiting'}, {'en': ('long wait', 'queue'), 'fi': ('jono',)})
    >>> problems = []
    >>> parse_themes({"bad name": {"match": {"en": ["x"]}}}, problems=problems)
    {}
    >>> problems[0].what
    "theme name 'bad name' is not usable as a column name"
    """
    own = problems is None
    problems = [] if own else problems
    out: dict[str, Theme] = {}

    def bad(what: str, fix: str, key: str, value: Any = None) -> None:
        problems.append(Problem(where, what, fix, column=key, value=value))

    if raw is None:
        raw = {}
    if not isinstance(raw, dict):
        bad("'themes' must map a theme name to its label and match terms",
            "write 'themes: {price: {label: {en: Price}, match: {en: [price, expensive]}}}'",
            "themes")
        raw = {}
    for name, spec in raw.items():
        key = f"themes.{name}"
        if not isinstance(name, str) or not _NAME.match(name) or name.endswith("_negated"):
            bad(f"theme name {name!r} is not usable as a column name",
                "use letters, digits and _ (not ending in _negated), e.g. 'price'", key, name)
            continue
        if not isinstance(spec, dict) or not isinstance(spec.get("match"), dict):
            bad(f"theme '{name}' needs match terms per language",
                f"write '{name}: {{label: {{en: ...}}, match: {{en: [word, ...], fi: [...]}}}}'",
                key)
            continue
        unknown = set(spec) - {"label", "match"}
        if unknown:
            bad(f"theme '{name}' has unknown keys {sorted(unknown)}",
                "a theme has only 'label' and 'match'", key, sorted(unknown)[0])
        label = spec.get("label") or {}
        if isinstance(label, str):
            label = {"en": label}
        if not isinstance(label, dict) or not all(isinstance(v, str) for v in label.values()):
            bad(f"the label of theme '{name}' must be text or {{en: ..., fi: ...}}",
                "write e.g. 'label: {en: Price, fi: Hinta, sv: Pris}'", f"{key}.label")
            label = {}
        match: dict[str, tuple[str, ...]] = {}
        for lang, terms in spec["match"].items():
            mkey = f"{key}.match.{lang}"
            if not isinstance(lang, str) or not _LANG.match(lang):
                bad(f"theme '{name}' has match terms under {lang!r}, which is not a language "
                    "code", "use two-letter codes such as en, fi, sv", mkey, lang)
                continue
            if isinstance(terms, str):
                terms = [terms]
            if (not isinstance(terms, list) or not terms
                    or not all(isinstance(t, str) and t.strip() for t in terms)):
                bad(f"the {lang} match terms of theme '{name}' must be a list of words",
                    f"write e.g. '{lang}: [price, expensive]'", mkey)
                continue
            match[lang] = tuple(dict.fromkeys(" ".join(t.lower().split()) for t in terms))
        if not match:
            continue
        out[name] = Theme(name, {str(k): v for k, v in label.items()}, match)
    if own and problems:
        raise CXInputError(problems)
    return out
