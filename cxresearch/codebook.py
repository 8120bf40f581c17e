"""The survey codebook: one YAML file that describes a survey for every notebook and command.

The format is the contract in ``DESIGN.md``. :func:`read_codebook` reads and checks it and
reports *all* problems at once in a :class:`~cxresearch.errors.CXInputError`.

Examples
--------
>>> cb = codebook_from_dict({
...     "name": "Mini", "data": "mini.csv",
...     "outcomes": {"recommend": {"column": "ltr", "scale": [0, 10]}},
...     "constructs": {"price": {"items": ["p1", "p2"], "scale": [1, 5]}},
... })
>>> cb.drivers
['price']
>>> cb.recommend.column
'ltr'
"""

from __future__ import annotations

import hashlib
import math
import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from .errors import CXInputError, Problem
from .i18n import LANGS, keep_case
from .themebook import Theme, parse_themes
from .yamlfile import load_yaml

__all__ = [
    "Codebook",
    "Construct",
    "Outcome",
    "Recode",
    "codebook_from_dict",
    "ordered_levels",
    "read_codebook",
    "order_waves",
    "recode_key",
    "NPS_SCALES",
    "OUTCOME_TYPES",
]

#: Outcome types: ``nps`` (0–10 / 1–10 recommendation), ``binary`` (0/1), ``rating`` (a scale).
OUTCOME_TYPES = ("nps", "binary", "rating")

#: Scales on which an NPS is defined, with their (detractor, passive, promoter) bands.
NPS_SCALES: dict[tuple[int, int], dict[str, tuple[int, int]]] = {
    (0, 10): {"detractor": (0, 6), "passive": (7, 8), "promoter": (9, 10)},
    (1, 10): {"detractor": (1, 6), "passive": (7, 8), "promoter": (9, 10)},
}

_LEVELS = ("functional", "emotional", "meaning")
_ROLES = ("driver", "outcome")
_DATA_SUFFIXES = (".csv", ".tsv", ".txt", ".xlsx", ".sav", ".parquet", ".pq")
_KNOWN_KEYS = {
    "name", "data", "id", "panel", "weight", "date", "wave", "missing", "outcomes", "constructs",
    "moderators", "journey", "segments", "text", "pii", "labels", "column_labels",
    "min_answered", "weighting", "themes", "recode", "key_outcome",
    "description", "language",
    "format", "proper_names",
}


@dataclass(frozen=True)
class Outcome:
    """An outcome question: its column, answer scale and type.

    ``type`` is ``"nps"`` (a 0–10 or 1–10 recommendation question, reported as an NPS),
    ``"binary"`` (0/1 after recoding, reported as a percentage) or ``"rating"`` (a scale such
    as 1–5, reported as a mean and a top-box share; ``top_box`` lists the answers that count).

    Parameters
    ----------
    name : str
        The outcome's name in the codebook (``recommend``, ``satisfaction`` ...).
    column : str
        Its data column.
    scale : (low, high)
        The answer scale.
    label : dict
        Its label per language.
    type : {"nps", "binary", "rating"}
        How it is reported.
    top_box : tuple of float
        The answers that count as top box (ratings).

    Examples
    --------
    >>> Outcome("recommend", "ltr", (0, 10)).is_nps_scale
    True
    >>> Outcome("stars", "stars", (1, 5), type="rating", top_box=(4, 5)).is_nps_scale
    False
    """

    name: str
    column: str
    scale: tuple[float, float]
    label: dict[str, str] = field(default_factory=dict)
    type: str = "nps"
    top_box: tuple[float, ...] = ()

    @property
    def is_nps_scale(self) -> bool:
        """True when the scale is one on which an NPS is defined (0–10 or 1–10)."""
        return tuple(int(s) for s in self.scale) in NPS_SCALES


@dataclass(frozen=True)
class Recode:
    """A recode of one column, applied on load (the raw file never changes).

    Either ``mapping`` (answer → number, or ``None`` for "no answer"; text keys match
    case-insensitively and ignoring surrounding blanks, number keys match the number) or a
    linear map of the range ``source`` onto ``target`` (a shift such as 1–11 → 0–10, a rescale,
    or a reversal such as 1–5 → 5–1).

    Parameters
    ----------
    column : str
        The column recoded.
    mapping : tuple of (answer, value) pairs, default ()
        Answer → number (or ``None`` for "no answer"); empty for a linear recode.
    source : (low, high), optional
        The range as stored in the file (linear recode).
    target : (low, high), optional
        The range it stands for: ``x`` becomes
        ``target[0] + (x - source[0]) * (target[1] - target[0]) / (source[1] - source[0])``.

    Examples
    --------
    >>> import pandas as pd
    >>> Recode("q", source=(1, 11), target=(0, 10)).apply(pd.Series([1, 11, None])).tolist()
    [0.0, 10.0, nan]
    >>> Recode("s", mapping=(("satisfied", 1), ("dissatisfied", 0))).apply(
    ...     pd.Series(["Satisfied ", "dissatisfied"])).tolist()
    [1.0, 0.0]
    """

    column: str
    mapping: tuple[tuple[Any, Any], ...] = ()
    source: tuple[float, float] | None = None
    target: tuple[float, float] | None = None

    @property
    def lookup(self) -> dict[str, Any]:
        """The mapping keyed by :func:`recode_key` of each answer."""
        return {recode_key(k): v for k, v in self.mapping}

    def unmatched(self, values: Any) -> Any:
        """Boolean mask of answered values the recode does not cover (a pandas Series)."""
        import pandas as pd

        values = pd.Series(values)
        if self.source is not None:
            x = pd.to_numeric(values, errors="coerce")
            lo, hi = self.source
            return values.notna() & (x.isna() | (x < lo) | (x > hi))
        lookup = self.lookup
        return values.notna() & ~values.map(recode_key).isin(list(lookup))

    def apply(self, values: Any) -> Any:
        """The recoded values as floats (answers the recode does not cover become NaN)."""
        import pandas as pd

        values = pd.Series(values)
        if self.source is not None:
            (a, b), (c, d) = self.source, self.target
            x = pd.to_numeric(values, errors="coerce").astype("float64")
            out = c + (x - a) * (d - c) / (b - a)
            return out.where((x >= min(a, b)) & (x <= max(a, b)))
        lookup = self.lookup
        mapped = values.map(lambda v: lookup.get(recode_key(v)) if v is not None else None)
        return pd.to_numeric(mapped, errors="coerce").astype("float64")


def recode_key(value: Any) -> str:
    """How recode and missing codes match answers: numbers as numbers, text case-insensitively.

    Parameters
    ----------
    value : object
        An answer or a codebook key (number, numeric text, other text, bool).

    Returns
    -------
    str
        Whole numbers as their integer text (``3.0``, ``"3"`` and ``3`` give ``"3"``), other
        numbers as ``repr``, NaN as ``"nan"``, booleans as ``"0"``/``"1"``, other text
        stripped and case-folded.

    Examples
    --------
    >>> recode_key(3.0) == recode_key("3") == recode_key(3)
    True
    >>> recode_key(" Agree ")
    'agree'
    """
    if isinstance(value, bool):
        return str(int(value))
    if isinstance(value, (int, float)) or hasattr(value, "dtype"):
        try:
            f = float(value)
        except (TypeError, ValueError):
            return str(value).strip().casefold()
        if f != f:
            return "nan"
        return str(int(f)) if f.is_integer() else repr(f)
    text = str(value).strip()
    try:
        f = float(text)
    except ValueError:
        return text.casefold()
    return str(int(f)) if f.is_integer() else repr(f)


@dataclass(frozen=True)
class Construct:
    """A multi-item construct (a driver of the experience, or an outcome scale).

    Parameters
    ----------
    name : str
        The construct's name (also its score column in a loaded survey).
    items : tuple of str
        Its item columns (one item is allowed).
    scale : (low, high)
        The items' answer scale.
    reverse : tuple of str
        Items scored in reverse.
    role : {"driver", "outcome"}
        A driver of the experience, or an outcome scale.
    level : {"functional", "emotional", "meaning"}, optional
        The experience level it measures.
    label : dict
        Its label per language.

    Examples
    --------
    >>> c = Construct("price", ("p1", "p2"), (1, 5), label={"fi": "Hinta"})
    >>> c.title("fi"), c.title("sv")
    ('Hinta', 'Price')
    """

    name: str
    items: tuple[str, ...]
    scale: tuple[float, float]
    reverse: tuple[str, ...] = ()
    role: str = "driver"
    level: str | None = None
    label: dict[str, str] = field(default_factory=dict)

    def title(self, lang: str = "en") -> str:
        """The construct's label in ``lang``, falling back to English, then its name."""
        # from the name: only the first letter raised ("palvelu_laatu" → "Palvelu laatu"), so
        # the label lowers cleanly mid-sentence and acronyms in it keep their case
        plain = self.name.replace("_", " ")
        return self.label.get(lang) or self.label.get("en") or plain[:1].upper() + plain[1:]


@dataclass(frozen=True)
class Codebook:
    """A checked codebook. Build one with :func:`read_codebook` or :func:`codebook_from_dict`.

    The fields are the codebook's keys (``DESIGN.md``), checked and typed.

    Parameters
    ----------
    name : str
        The survey's name (its English form, else the first given; see :meth:`survey_name`).
    data : Path
        The data file (resolved against the codebook's folder).
    outcomes : dict of str to Outcome
        The outcome questions by name.
    constructs : dict of str to Construct
        The constructs (drivers, or outcome scales) by name.
    id, panel, weight, date, wave : str or None
        The respondent id, repeat-respondent key, survey weight, response date and wave
        columns.
    missing : tuple
        Codes that mean "no answer" in every column.
    missing_by : dict
        A column's own missing codes.
    recode : dict of str to Recode
        Recodes applied on load.
    key_outcome_name : str or None
        The ``key_outcome:`` (see :attr:`key_outcome`).
    wave_order : tuple
        The waves in time order, when the ``wave:`` key lists them.
    moderators : dict
        ``{"situational": (...), "consumer": (...)}`` moderator columns.
    journey : dict
        ``{"phase": column, "touchpoint": column, "channel": column}``.
    segments, text, pii : tuple of str
        Segment columns, open-answer columns (never shown raw) and PII columns (never shown).
    labels : dict
        One-string value labels (they replace the codes on load).
    value_labels : dict
        Value labels per language ``{column: {code: {lang: label}}}``.
    column_labels : dict
        Readable column names per language.
    min_answered : float
        Share of a construct's items to answer for a score (default 0.5).
    weighting : dict
        Raking targets (``{"rake": ..., "bounds": ...}``); empty: no raking.
    raked : bool
        True in a loaded survey's codebook whose ``weight`` is the raked weight.
    base_weight : str or None
        There: the codebook's own weight column, the base weight of the raking.
    themes : dict of str to Theme
        Open-text themes.
    format : str or None
        The export layout (:data:`cxresearch.formats.FORMATS`); None: detected.
    proper_names : tuple of str
        Names (brands, places) that keep their capitals mid-sentence in every language.
    names : dict
        The survey's name per language (``name: {en: ..., fi: ...}``); empty when the
        codebook gives one string for every language.
    path : Path or None
        The codebook file.
    sha256 : str or None
        The codebook file's SHA-256.

    Examples
    --------
    >>> cb = codebook_from_dict({
    ...     "name": "Mini", "data": "mini.csv", "weight": "w",
    ...     "outcomes": {"recommend": {"column": "ltr", "scale": [0, 10]},
    ...                  "rating": {"column": "stars", "type": "rating", "scale": [1, 5]}},
    ...     "key_outcome": "rating",
    ...     "constructs": {"price": {"items": ["p1", "p2"], "scale": [1, 5]}}})
    >>> cb.key_outcome.column, cb.recommend.column, cb.drivers, cb.weight
    ('stars', 'ltr', ['price'], 'w')
    """

    name: str
    data: Path
    outcomes: dict[str, Outcome]
    constructs: dict[str, Construct]
    id: str | None = None
    panel: str | None = None
    weight: str | None = None
    date: str | None = None
    wave: str | None = None
    missing: tuple[Any, ...] = ()
    missing_by: dict[str, tuple[Any, ...]] = field(default_factory=dict)
    recode: dict[str, Recode] = field(default_factory=dict)
    key_outcome_name: str | None = None
    wave_order: tuple[Any, ...] = ()
    moderators: dict[str, tuple[str, ...]] = field(default_factory=dict)
    journey: dict[str, str] = field(default_factory=dict)
    segments: tuple[str, ...] = ()
    text: tuple[str, ...] = ()
    pii: tuple[str, ...] = ()
    labels: dict[str, dict[Any, str]] = field(default_factory=dict)
    value_labels: dict[str, dict[Any, dict[str, str]]] = field(default_factory=dict)
    column_labels: dict[str, dict[str, str]] = field(default_factory=dict)
    #: Names (brands, places) that keep their capitals mid-sentence: see ``i18n.in_sentence``
    proper_names: tuple[str, ...] = ()
    min_answered: float = 0.5
    #: ``{"rake": {variable: {level: share}}, "bounds": (lo, hi) or None}``; empty: no raking
    weighting: dict[str, Any] = field(default_factory=dict)
    #: True in a loaded survey's codebook whose ``weight`` is the raked weight column
    raked: bool = False
    #: In such a codebook: the codebook's own ``weight`` column, the base weight of the raking
    base_weight: str | None = None
    themes: dict[str, Theme] = field(default_factory=dict)   # open-text themes (themebook)
    format: str | None = None  # the export layout (cxresearch.formats.FORMATS); None: detect
    #: The survey's name per language; empty: ``name`` in every language
    names: dict[str, str] = field(default_factory=dict)
    path: Path | None = None
    sha256: str | None = None

    @property
    def key_outcome(self) -> Outcome:
        """The outcome reports lead with: ``key_outcome:``, else ``recommend``, else the first."""
        if self.key_outcome_name in self.outcomes:
            return self.outcomes[self.key_outcome_name]
        if "recommend" in self.outcomes:
            return self.outcomes["recommend"]
        return next(iter(self.outcomes.values()))

    @property
    def recommend(self) -> Outcome:
        """The ``recommend`` outcome; the key outcome when the codebook has no ``recommend``.

        Older code reads the default outcome from here; new code should use
        :attr:`key_outcome` and check :attr:`Outcome.type`.
        """
        return self.outcomes.get("recommend") or self.key_outcome

    def outcome(self, name: str | None = None) -> Outcome:
        """The outcome called ``name`` (an outcome name or its column); the key one by default.

        Raises
        ------
        CXInputError
            When no outcome has that name or column.
        """
        if name is None:
            return self.key_outcome
        if name in self.outcomes:
            return self.outcomes[name]
        for o in self.outcomes.values():
            if o.column == name:
                return o
        raise CXInputError(Problem(str(self.path or "codebook"), f"no outcome called '{name}'",
                                   f"use one of the codebook's outcomes: {list(self.outcomes)}",
                                   column=name))

    def missing_for(self, column: str) -> tuple[Any, ...]:
        """The missing codes of ``column``: the global ones plus its own (``missing:`` mapping)."""
        return tuple(self.missing) + tuple(self.missing_by.get(column, ()))

    @property
    def drivers(self) -> list[str]:
        """Names of the constructs whose role is ``driver``, in codebook order."""
        return [c.name for c in self.constructs.values() if c.role == "driver"]

    @property
    def items(self) -> list[str]:
        """Every construct item column, in codebook order."""
        return [i for c in self.constructs.values() for i in c.items]

    @property
    def all_moderators(self) -> list[str]:
        """Situational then consumer moderator columns."""
        return [m for group in self.moderators.values() for m in group]

    def columns(self) -> list[str]:
        """Every data column the codebook names (duplicates removed, order kept)."""
        cols: list[str] = []
        for c in (self.id, self.panel, self.weight, self.date, self.wave):
            if c:
                cols.append(c)
        cols += [o.column for o in self.outcomes.values()]
        cols += self.items
        cols += list(self.recode) + list(self.missing_by)
        cols += self.all_moderators + list(self.journey.values()) + list(self.segments)
        cols += list(self.text) + list(self.pii)
        return list(dict.fromkeys(cols))

    def survey_name(self, lang: str = "en") -> str:
        """The survey's name in ``lang``: report titles, the batch index and the deck use it.

        ``name:`` is one string (the same in every language) or one per language
        (``{en: Customer survey, fi: Asiakaskysely}``); a language it does not give falls
        back to English, then to the first one given.

        Examples
        --------
        >>> cb = codebook_from_dict({
        ...     "name": {"en": "Customer survey", "fi": "Asiakaskysely"}, "data": "mini.csv",
        ...     "outcomes": {"recommend": {"column": "ltr", "scale": [0, 10]}}})
        >>> cb.survey_name("fi"), cb.survey_name("sv"), cb.name
        ('Asiakaskysely', 'Customer survey', 'Customer survey')
        >>> codebook_from_dict({"name": "Mini", "data": "mini.csv", "outcomes": {
        ...     "recommend": {"column": "ltr", "scale": [0, 10]}}}).survey_name("sv")
        'Mini'
        """
        return self.names.get(lang) or self.names.get("en") or self.name

    def label_of(self, column: str, lang: str = "en") -> str:
        """A readable name for a construct, outcome or plain column."""
        if column in self.constructs:
            return self.constructs[column].title(lang)
        for o in self.outcomes.values():
            if column in (o.name, o.column) and o.label:
                return o.label.get(lang) or o.label.get("en") or column
        names = self.column_labels.get(column, {})
        return names.get(lang) or names.get("en") or column.replace("_", " ")

    def value_label(self, column: str, value: Any, lang: str = "en") -> str:
        """The label of one data value of ``column`` in ``lang``, from the codebook's ``labels``.

        A label is one string (it then replaces the code in the loaded data, as SPSS value
        labels do) or one string per language (``{en: Store, fi: Myymälä, sv: Butik}``: the
        data keep the code and reports show the label of their language). Codes match across
        types (``1``, ``1.0`` and ``"1"`` are the same code); a value without a label is
        returned as text.

        Examples
        --------
        >>> cb = codebook_from_dict({
        ...     "name": "Mini", "data": "mini.csv",
        ...     "outcomes": {"recommend": {"column": "ltr", "scale": [0, 10]}},
        ...     "constructs": {"price": {"items": ["p1", "p2"], "scale": [1, 5]}},
        ...     "labels": {"channel": {"store": {"en": "Store", "fi": "Myymälä"}},
        ...                "region": {1: "Uusimaa"}}})
        >>> cb.value_label("channel", "store", "fi"), cb.value_label("channel", "store", "sv")
        ('Myymälä', 'Store')
        >>> cb.value_label("region", 1.0), cb.value_label("region", "Uusimaa", "fi")
        ('Uusimaa', 'Uusimaa')
        >>> cb.value_label("channel", "kiosk")
        'kiosk'
        """
        key = _code_key(value)
        for code, names in self.value_labels.get(column, {}).items():
            if _code_key(code) == key or ("" in names and _code_key(names[""]) == key):
                return names.get(lang) or names.get("en") or next(iter(names.values()))
        return str(value)

    def ordered(self, column: str, values: Any) -> list[Any]:
        """``values`` of ``column`` in the codebook's order (see :func:`ordered_levels`).

        Examples
        --------
        >>> cb = codebook_from_dict({
        ...     "name": "Mini", "data": "mini.csv",
        ...     "outcomes": {"recommend": {"column": "ltr", "scale": [0, 10]}},
        ...     "labels": {"income": {"low": {"en": "Low"}, "middle": {"en": "Middle"},
        ...                           "high": {"en": "High"}}}})
        >>> cb.ordered("income", ["high", "low", "middle"]), cb.ordered("age", ["10", "9"])
        (['low', 'middle', 'high'], ['9', '10'])
        """
        return ordered_levels(values, order=self.value_order(column))

    def value_order(self, column: str) -> list[Any]:
        """The values of ``column`` in the order its ``labels`` list them (empty if none).

        Data values are returned as the loaded data hold them: the code where the label is
        per language, the label where it is one string. Reports use it to keep journey phases,
        age groups or income bands in their natural order.
        """
        return [names.get("", code) for code, names in self.value_labels.get(column, {}).items()]


def ordered_levels(values: Any, *, order: Any = ()) -> list[Any]:
    """The distinct ``values`` of an ordinal or nominal variable in their natural order.

    The order a report shows an income band, an age group or a scale in: first the values
    ``order`` lists, in its order (the codebook's ``labels``, :meth:`Codebook.value_order`, or
    an ordered categorical's categories); codes match across types (``1``, ``1.0`` and ``"1"``
    are the same code). Then the rest: numerically when every one is a number (``"9"``
    before ``"10"``), else alphabetically.

    Parameters
    ----------
    values : iterable
        The values (duplicates are dropped).
    order : iterable, optional
        The known order.

    Returns
    -------
    list
        Each distinct value once, as given in ``values``.

    Examples
    --------
    >>> ordered_levels(["high", "low", "middle", "low"], order=["low", "middle", "high"])
    ['low', 'middle', 'high']
    >>> ordered_levels(["10", "2", "1"]), ordered_levels(["b", "a"], order=["z"])
    (['1', '2', '10'], ['a', 'b'])
    >>> ordered_levels(["2.0", "1.0"], order=[2, 1])
    ['2.0', '1.0']
    """
    distinct = list(dict.fromkeys(values))
    rank = {}
    for i, code in enumerate(order):
        rank.setdefault(_code_key(code), i)
    known = sorted((v for v in distinct if _code_key(v) in rank), key=lambda v: rank[_code_key(v)])
    rest = [v for v in distinct if _code_key(v) not in rank]

    def number(v: Any) -> float | None:
        try:
            x = float(v)
        except (TypeError, ValueError):
            return None
        return x if x == x else None

    if rest and all(number(v) is not None for v in rest):
        rest.sort(key=number)
    else:
        rest.sort(key=str)
    return known + rest


# --------------------------------------------------------------------------- reading


def read_codebook(path: str | Path) -> Codebook:
    """Read and check a YAML codebook.

    Parameters
    ----------
    path : str or Path
        The codebook file. Paths inside it are relative to this file.

    Returns
    -------
    Codebook
        The checked codebook, with its ``path`` and the file's ``sha256``.

    Raises
    ------
    CXInputError
        With one problem per thing wrong: unreadable or broken YAML, missing required keys,
        bad scales, unknown roles or levels, a data file that does not exist.

    Examples
    --------
    >>> from cxresearch.io import bundled_codebook
    >>> cb = read_codebook(bundled_codebook())
    >>> cb.key_outcome.column, cb.wave, len(cb.sha256)
    ('ltr', 'wave', 64)
    """
    path = Path(path)
    where = str(path)
    if not path.is_file():
        raise CXInputError(Problem(where, "the codebook file does not exist",
                                   "check the path given to --codebook"))
    raw_bytes = path.read_bytes()
    raw = load_yaml(raw_bytes, where=where)
    cb = codebook_from_dict(raw, base=path.parent, where=where, check_data_exists=True)
    digest = hashlib.sha256(raw_bytes).hexdigest()
    return _replace(cb, path=path.resolve(), sha256=digest)


def _survey_names(value: Any, bad: Any) -> tuple[str, dict[str, str]]:
    """``name:`` as (its English or first form, its forms per language); problems to ``bad``."""
    if not isinstance(value, dict):
        return str(value or ""), {}
    names: dict[str, str] = {}
    for lang, text in value.items():
        if str(lang) not in LANGS:
            bad(f"'name' gives the survey's name in an unknown language '{lang}'",
                f"use the language codes {', '.join(LANGS)}, e.g. "
                "'name: {en: Customer survey 2026, fi: Asiakaskysely 2026}'", f"name.{lang}")
        elif not isinstance(text, str) or not text.strip():
            bad(f"the survey's name in '{lang}' must be text",
                f"write the name as text, e.g. 'name: {{en: Customer survey 2026, {lang}: ...}}'",
                f"name.{lang}", text)
        else:
            names[str(lang)] = text
    if not value:
        return "", {}
    return (names.get("en") or next(iter(names.values()), "")), names


def _replace(cb: Codebook, **changes: Any) -> Codebook:
    from dataclasses import replace

    return replace(cb, **changes)


def codebook_from_dict(raw: Any, *, base: str | Path = ".", where: str = "codebook",
                       check_data_exists: bool = False) -> Codebook:
    """Build a :class:`Codebook` from an already parsed mapping, checking it fully.

    Parameters
    ----------
    raw : dict
        The parsed YAML.
    base : path
        The folder relative to which ``data`` is resolved.
    where : str
        How to name the codebook in messages.
    check_data_exists : bool
        Also report a ``data`` path that does not exist.

    Returns
    -------
    Codebook
        The checked codebook.

    Raises
    ------
    CXInputError
        Every problem found, at once.

    Examples
    --------
    >>> cb = codebook_from_dict({"name": "Mini", "data": "mini.csv",
    ...                          "outcomes": {"recommend": {"column": "ltr", "scale": [0, 10]}}})
    >>> cb.key_outcome.type, cb.drivers
    ('nps', [])
    >>> codebook_from_dict({"name": "Mini"})
    Traceback (most recent call last):
    ...
    cxresearch.errors.CXInputError: codebook...
    """
    problems: list[Problem] = []

    def bad(what: str, fix: str, key: str | None = None, value: Any = None) -> None:
        problems.append(Problem(where, what, fix, column=key, value=value))

    if not isinstance(raw, dict):
        kind = "empty" if raw is None else f"a {type(raw).__name__}, not a mapping"
        raise CXInputError(Problem(where, f"the codebook is {kind}",
                                   "start from the example codebook in the README: it needs at "
                                   "least name, data, outcomes.recommend and constructs"))

    for key in raw:
        if key not in _KNOWN_KEYS:
            close = _closest(str(key), _KNOWN_KEYS)
            hint = f"did you mean '{close}'?" if close else f"known keys: {sorted(_KNOWN_KEYS)}"
            bad(f"unknown key '{key}'", f"remove it or correct the spelling: {hint}", key)

    for req in ("name", "data", "outcomes"):
        if req not in raw or raw[req] in (None, "", {}, []):
            bad(f"required key '{req}' is missing or empty",
                f"add '{req}:' to the codebook (see the example in the README)", req)

    name, survey_names = _survey_names(raw.get("name"), bad)
    data_path = Path(base) / str(raw.get("data") or "")
    if raw.get("data"):
        if data_path.suffix.lower() not in _DATA_SUFFIXES:
            bad(f"data file '{raw['data']}' has an unsupported type",
                f"use one of {', '.join(_DATA_SUFFIXES)}", "data", raw["data"])
        elif check_data_exists and not data_path.is_file():
            bad(f"data file '{data_path}' does not exist",
                "correct 'data:' (it is relative to the codebook file) or pass --data FILE",
                "data", raw["data"])

    def str_or_none(key: str) -> str | None:
        v = raw.get(key)
        if v is None:
            return None
        if not isinstance(v, str) or not v:
            bad(f"'{key}' must be a column name", f"write e.g. '{key}: {key}'", key, v)
            return None
        return v

    def str_list(value: Any, key: str) -> tuple[str, ...]:
        if value is None:
            return ()
        if isinstance(value, str):
            value = [value]
        if not isinstance(value, list) or not all(isinstance(v, str) and v for v in value):
            bad(f"'{key}' must be a list of column names", f"write e.g. '{key}: [col_a, col_b]'",
                key, value)
            return ()
        return tuple(value)

    def scale_of(value: Any, key: str) -> tuple[float, float]:
        ok = (isinstance(value, (list, tuple)) and len(value) == 2
              and all(isinstance(v, (int, float)) and not isinstance(v, bool)
                      and math.isfinite(v) and abs(v) <= 1000 for v in value)
              and value[0] < value[1])
        if not ok:
            bad(f"'{key}' scale must be [low, high] with low < high (finite, within ±1000)",
                "write e.g. 'scale: [1, 7]'", key, value)
            return (0.0, 1.0)
        return (value[0], value[1])

    def label_of(value: Any, key: str) -> dict[str, str]:
        if value is None:
            return {}
        if isinstance(value, str):
            return {"en": value}
        if isinstance(value, dict) and all(isinstance(v, str) for v in value.values()):
            return {str(k): v for k, v in value.items()}
        bad(f"'{key}' label must be text or {{en: ..., fi: ...}}", "write e.g. "
            "'label: {en: Price, fi: Hinta}'", key, value)
        return {}

    # outcomes
    outcomes: dict[str, Outcome] = {}
    raw_out = raw.get("outcomes") or {}
    if not isinstance(raw_out, dict):
        bad("'outcomes' must be a mapping", "write 'outcomes: {recommend: {column: ltr, "
            "scale: [0, 10]}}'", "outcomes")
        raw_out = {}
    for oname, spec in raw_out.items():
        key = f"outcomes.{oname}"
        if not isinstance(spec, dict) or not isinstance(spec.get("column"), str):
            bad(f"'{key}' needs a column", f"write '{oname}: {{column: <name>, scale: [0, 10]}}'",
                key, spec)
            continue
        outcome = _outcome(str(oname), spec, key, bad, scale_of, label_of)
        if outcome is not None:
            outcomes[oname] = outcome

    key_outcome = raw.get("key_outcome")
    if key_outcome is not None and key_outcome not in outcomes:
        bad(f"'key_outcome: {key_outcome}' is not one of the outcomes",
            f"write the name of an outcome, e.g. 'key_outcome: {next(iter(outcomes), 'recommend')}'"
            f" (outcomes: {list(outcomes)})", "key_outcome", key_outcome)
        key_outcome = None

    # constructs
    constructs: dict[str, Construct] = {}
    raw_con = raw.get("constructs") or {}
    if not isinstance(raw_con, dict):
        bad("'constructs' must be a mapping of construct name to its items",
            "see the example codebook in the README", "constructs")
        raw_con = {}
    for cname, spec in raw_con.items():
        key = f"constructs.{cname}"
        if not isinstance(spec, dict):
            bad(f"'{key}' must be a mapping with items and scale",
                f"write '{cname}: {{items: [a, b, c], scale: [1, 7]}}'", key, spec)
            continue
        items = str_list(spec.get("items"), f"{key}.items")
        if not items:
            bad(f"'{key}' has no items", "list the item columns under 'items:' (one item is "
                f"fine: '{cname}: {{items: [q7], scale: [1, 5]}}')", key)
        dups = sorted({i for i in items if items.count(i) > 1})
        if dups:
            bad(f"'{key}' lists {dups} twice", "list each item once", key, dups[0])
        reverse = str_list(spec.get("reverse"), f"{key}.reverse")
        for r in reverse:
            if r not in items:
                bad(f"reverse item '{r}' of '{cname}' is not one of its items",
                    f"add '{r}' to {key}.items or remove it from reverse", key, r)
        role = spec.get("role", "driver")
        if role not in _ROLES:
            bad(f"'{key}.role' must be one of {_ROLES}", "write 'role: driver'", key, role)
        level = spec.get("level")
        if level is not None and level not in _LEVELS:
            bad(f"'{key}.level' must be one of {_LEVELS}", "write e.g. 'level: functional'", key,
                level)
        constructs[str(cname)] = Construct(
            name=str(cname), items=items, scale=scale_of(spec.get("scale"), key),
            reverse=reverse, role=role, level=level, label=label_of(spec.get("label"), key))
    if raw_con and not any(c.role == "driver" for c in constructs.values()):
        bad("no construct has role 'driver'", "give at least one construct 'role: driver'",
            "constructs")

    # items used twice, constructs named like columns
    seen: dict[str, str] = {}
    for c in constructs.values():
        for item in c.items:
            if item in seen:
                bad(f"item '{item}' belongs to both '{seen[item]}' and '{c.name}'",
                    "give each item to one construct", "constructs", item)
            seen[item] = c.name

    moderators: dict[str, tuple[str, ...]] = {}
    raw_mod = raw.get("moderators") or {}
    if not isinstance(raw_mod, dict):
        bad("'moderators' must map 'situational' and 'consumer' to column lists",
            "write 'moderators: {situational: [season], consumer: [age_group]}'", "moderators")
        raw_mod = {}
    for group, cols in raw_mod.items():
        if group not in ("situational", "consumer"):
            bad(f"moderator group '{group}' is not 'situational' or 'consumer'",
                "put each moderator under situational or consumer", "moderators", group)
            continue
        moderators[group] = str_list(cols, f"moderators.{group}")

    journey = raw.get("journey") or {}
    if not isinstance(journey, dict) or not all(isinstance(v, str) for v in journey.values()):
        bad("'journey' must map phase/touchpoint/channel to columns",
            "write 'journey: {phase: phase, touchpoint: touchpoint, channel: channel}'", "journey")
        journey = {}
    for k in journey:
        if k not in ("phase", "touchpoint", "channel"):
            bad(f"journey key '{k}' is not phase, touchpoint or channel",
                "use phase, touchpoint and channel", "journey", k)

    missing, missing_by = _missing(raw.get("missing"), bad)
    recode = _recodes(raw.get("recode"), bad)
    wave, wave_order = _wave(raw.get("wave"), bad)

    labels = raw.get("labels") or {}
    # each label's own form (text, or text per language) is checked value by value below
    if not isinstance(labels, dict) or not all(isinstance(v, dict) for v in labels.values()):
        bad("'labels' must map a column to {code: label}", "write 'labels: {region: {1: Uusimaa}}'",
            "labels")
        labels = {}
    # a label is one string (applied to the data on load) or one string per language (the
    # data keep the code; reports show the label of their language)
    plain_labels: dict[str, dict[Any, str]] = {}
    value_labels: dict[str, dict[Any, dict[str, str]]] = {}
    for col, mapping in labels.items():
        for code, value in mapping.items():
            if isinstance(value, str):
                plain_labels.setdefault(str(col), {})[code] = value
                value_labels.setdefault(str(col), {})[code] = {"": value}
            elif (isinstance(value, dict) and value
                  and all(isinstance(v, str) for v in value.values())):
                value_labels.setdefault(str(col), {})[code] = {str(k): v for k, v in
                                                               value.items()}
            else:
                bad(f"label of {col} = {code!r} must be text or {{en: ..., fi: ..., sv: ...}}",
                    "write e.g. 'store: {en: Store, fi: Myymälä, sv: Butik}'",
                    f"labels.{col}", value)

    column_labels: dict[str, dict[str, str]] = {}
    raw_cl = raw.get("column_labels") or {}
    if not isinstance(raw_cl, dict):
        bad("'column_labels' must map a column to its name", "write 'column_labels: "
            "{age_group: {en: Age group, fi: Ikäryhmä}}'", "column_labels")
        raw_cl = {}
    for col, value in raw_cl.items():
        names = label_of(value, f"column_labels.{col}")
        if names:
            column_labels[str(col)] = names

    min_answered = raw.get("min_answered", 0.5)
    if not isinstance(min_answered, (int, float)) or not 0 < min_answered <= 1:
        bad("'min_answered' must be a share between 0 and 1",
            "write e.g. 'min_answered: 0.5' (half of a construct's items answered)",
            "min_answered", min_answered)
        min_answered = 0.5

    weighting = _weighting(raw.get("weighting"), bad)
    file_format = raw.get("format")
    if file_format is not None:
        from .formats import FORMATS

        if file_format not in FORMATS:
            bad(f"'format' must be one of {', '.join(FORMATS)}",
                "write e.g. 'format: qualtrics', or leave it out to detect the layout",
                "format", file_format)
            file_format = None

    cb = Codebook(
        format=file_format,
        name=name, names=survey_names, data=data_path, outcomes=outcomes, constructs=constructs,
        id=str_or_none("id"), panel=str_or_none("panel"), weight=str_or_none("weight"), date=str_or_none("date"),
        wave=wave, missing=tuple(missing), missing_by=missing_by, recode=recode,
        key_outcome_name=key_outcome, wave_order=wave_order, moderators=moderators,
        journey=dict(journey), segments=str_list(raw.get("segments"), "segments"),
        text=str_list(raw.get("text"), "text"), pii=str_list(raw.get("pii"), "pii"),
        labels=plain_labels, value_labels=value_labels, column_labels=column_labels,
        proper_names=str_list(raw.get("proper_names"), "proper_names"),
        min_answered=float(min_answered), weighting=weighting,
        themes=parse_themes(raw.get("themes"), where=where, problems=problems),
    )
    # a construct may not share its name with a data column: its score is stored under that name
    named = set(cb.columns())
    for cname, con in constructs.items():
        if cname in named and con.items != (cname,):  # a single item may name its construct
            bad(f"construct '{cname}' has the same name as a data column",
                "rename the construct (its score is stored under the construct's name)",
                f"constructs.{cname}")
    for o in outcomes.values():
        owner = seen.get(o.column)
        if owner:
            bad(f"outcome '{o.name}' (column '{o.column}') is also an item of construct "
                f"'{owner}': a driver would then explain itself",
                f"remove '{o.column}' from constructs.{owner}.items or choose another outcome "
                "column", f"outcomes.{o.name}", o.column)
    _missing_inside_scales(cb, bad)
    for col in cb.pii:
        if col in cb.items or col in (o.column for o in outcomes.values()):
            bad(f"PII column '{col}' is also used as an item or outcome",
                "remove it from pii or from the analysis", "pii", col)
    if problems:
        raise CXInputError(problems)
    keep_case(cb.proper_names)  # labels that start with them keep their capitals mid-sentence
    return cb


def _weighting(value: Any, bad: Any) -> dict[str, Any]:
    """Check ``weighting: {rake: {var: {level: share}}, bounds: [lo, hi]}``; data checks
    (levels present, shares adding up to 1) happen on load, in :mod:`cxresearch.weighting`."""
    if value is None:
        return {}
    example = "write 'weighting: {rake: {age_group: {18-29: 0.2, 30-49: 0.35, 50+: 0.45}}}'"
    if not isinstance(value, dict) or not isinstance(value.get("rake"), dict) or not value["rake"]:
        bad("'weighting' needs a 'rake' mapping of variable to {level: share}", example,
            "weighting", value)
        return {}
    for key in value:
        if key not in ("rake", "bounds"):
            bad(f"unknown key 'weighting.{key}'", "use 'rake' and 'bounds'", "weighting", key)
    rake: dict[str, dict[Any, float]] = {}
    for var, shares in value["rake"].items():
        if not isinstance(shares, dict) or not shares:
            bad(f"'weighting.rake.{var}' must map each level to its population share",
                example, f"weighting.rake.{var}", shares)
            continue
        rake[str(var)] = dict(shares)
    bounds = value.get("bounds")
    if bounds is not None:
        ok = (isinstance(bounds, list) and len(bounds) == 2
              and all(isinstance(b, (int, float)) and not isinstance(b, bool) for b in bounds)
              and 0 <= bounds[0] < 1 < bounds[1])
        if not ok:
            bad("'weighting.bounds' must be [lo, hi] relative to the mean weight, "
                "0 <= lo < 1 < hi", "write e.g. 'bounds: [0.3, 3]'", "weighting.bounds", bounds)
            bounds = None
        else:
            bounds = (float(bounds[0]), float(bounds[1]))
    return {"rake": rake, "bounds": bounds}


_OUTCOME_KEYS = {"column", "scale", "type", "top_box", "label"}


def _is_number(v: Any) -> bool:
    return isinstance(v, (int, float)) and not isinstance(v, bool)


def _outcome(name: str, spec: dict, key: str, bad, scale_of, label_of) -> Outcome | None:
    """One ``outcomes:`` entry: its type (nps default on 0–10 / 1–10), scale and top box."""
    for k in spec:
        if k not in _OUTCOME_KEYS:
            bad(f"unknown key '{k}' in {key}", f"use only {sorted(_OUTCOME_KEYS)}", key, k)
    kind = spec.get("type")
    if kind is not None and kind not in OUTCOME_TYPES:
        bad(f"'{key}.type' must be one of {OUTCOME_TYPES}",
            "write 'type: nps' (0–10 recommendation), 'type: binary' (yes/no as 0/1) or "
            "'type: rating' (e.g. a 1–5 satisfaction scale)", key, kind)
        return None
    if kind == "binary":
        if spec.get("scale") not in (None, [0, 1]):
            bad(f"binary outcome '{name}' has scale {spec.get('scale')}; a binary outcome is "
                "0/1", f"remove 'scale:' from {key} and recode the answers to 0 and 1 "
                f"(e.g. recode: {{{spec['column']}: {{'yes': 1, 'no': 0}}}})", key,
                spec.get("scale"))
        scale: tuple[float, float] = (0, 1)
    else:
        if spec.get("scale") is None:
            bad(f"'{key}' has no scale", f"write e.g. '{name}: {{column: {spec['column']}, "
                "scale: [0, 10]}' (or 'type: binary' for a yes/no outcome)", key)
            return None
        scale = scale_of(spec.get("scale"), key)
        is_nps = tuple(scale) in NPS_SCALES and all(float(v).is_integer() for v in scale)
        if kind is None:
            kind = "nps" if is_nps else "rating"
        elif kind == "nps" and not is_nps:
            bad(f"outcome '{name}' is 'type: nps' but its scale {scale[0]:g}–{scale[1]:g} is "
                "not 0–10 or 1–10 (an NPS is defined only on those)",
                f"write 'type: rating' for a {scale[0]:g}–{scale[1]:g} scale, or recode it, e.g. "
                f"recode: {{{spec['column']}: {{from: [1, 11], to: [0, 10]}}}} for 1–11 codes",
                key, list(scale))
    top_box: tuple[float, ...] = ()
    raw_top = spec.get("top_box")
    if raw_top is not None and kind != "rating":
        bad(f"'top_box' is only for rating outcomes, and '{name}' is type {kind}",
            f"remove top_box from {key} or write 'type: rating'", key, raw_top)
    elif kind == "rating":
        lo, hi = scale
        if raw_top is None:  # default: the top two answers (the top one on a short scale)
            top_box = (hi - 1, hi) if hi - lo >= 4 else (hi,)
        else:
            values = [raw_top] if _is_number(raw_top) else raw_top
            if (not isinstance(values, list) or not values
                    or not all(_is_number(v) and lo <= v <= hi for v in values)):
                bad(f"'{key}.top_box' must list answers on the scale {lo:g}–{hi:g}",
                    f"write e.g. 'top_box: [{hi - 1:g}, {hi:g}]' (the answers that count as the "
                    f"top box), or one number k for every answer from k to {hi:g}", key, raw_top)
            elif _is_number(raw_top):
                top_box = tuple(float(v) for v in range(int(raw_top), int(hi) + 1))
            else:
                top_box = tuple(sorted(float(v) for v in values))
    return Outcome(name, spec["column"], scale, label_of(spec.get("label"), key), kind, top_box)


def _codes(value: Any, key: str, bad) -> tuple[Any, ...]:
    if value is None:
        return ()
    values = value if isinstance(value, list) else [value]
    ok = [v for v in values if _is_number(v) or (isinstance(v, str) and v.strip())]
    if len(ok) != len(values):
        bad(f"'{key}' must list codes (numbers or text) that mean no answer",
            f"write e.g. '{key}: [-99, 99]' or \"{key}: ['Don't know']\"", key, value)
    return tuple(ok)


def _missing(value: Any, bad) -> tuple[tuple[Any, ...], dict[str, tuple[Any, ...]]]:
    """``missing:`` as a list (every column) or ``{all: [...], column: [...], ...}``."""
    if isinstance(value, dict):
        by: dict[str, tuple[Any, ...]] = {}
        for col, codes in value.items():
            if col == "all":
                continue
            if not isinstance(col, str):
                bad(f"'missing:' key {col!r} is not a column name",
                    "write 'missing: {all: [-99], inflight_wifi: [0]}'", "missing", col)
                continue
            by[col] = _codes(codes, f"missing.{col}", bad)
        return _codes(value.get("all"), "missing.all", bad), by
    return _codes(value, "missing", bad), {}


def _recodes(value: Any, bad) -> dict[str, Recode]:
    """``recode:`` column → ``{answer: number}`` or ``{from: [a, b], to: [c, d]}``."""
    if value is None:
        return {}
    if not isinstance(value, dict):
        bad("'recode' must map columns to their recodes",
            "write e.g. 'recode: {q_recommend: {from: [1, 11], to: [0, 10]}, satisfaction: "
            "{satisfied: 1, neutral or dissatisfied: 0}}'", "recode", value)
        return {}
    out: dict[str, Recode] = {}
    for col, spec in value.items():
        key = f"recode.{col}"
        if not isinstance(spec, dict) or not spec:
            bad(f"'{key}' must be a mapping", f"write '{col}: {{from: [1, 11], to: [0, 10]}}' "
                f"or '{col}: {{\"Agree\": 4, \"Strongly agree\": 5}}'", key, spec)
            continue
        if "from" in spec or "to" in spec:
            pair = [spec.get("from"), spec.get("to")]
            ok = (set(spec) == {"from", "to"} and all(
                isinstance(p, list) and len(p) == 2 and all(_is_number(v) for v in p)
                for p in pair) and pair[0][0] < pair[0][1] and pair[1][0] != pair[1][1])
            if not ok:
                bad(f"'{key}' must be {{from: [low, high], to: [new_low, new_high]}} and nothing "
                    "else", "write e.g. '{from: [1, 11], to: [0, 10]}' (a shift) or "
                    "'{from: [1, 5], to: [5, 1]}' (a reversal)", key, spec)
                continue
            out[str(col)] = Recode(str(col), source=tuple(pair[0]), target=tuple(pair[1]))
            continue
        pairs = []
        seen: dict[str, Any] = {}
        for answer, number in spec.items():
            if answer is None or isinstance(answer, bool) or isinstance(number, bool) or not (
                    number is None or _is_number(number)):
                bad(f"'{key}' maps {answer!r} to {number!r}; each answer needs a number (or null "
                    "for no answer)", "quote yes/no/true/false answers and give numbers, e.g. "
                    "'{\"yes\": 1, \"no\": 0}'", key, answer)
                continue
            norm = recode_key(answer)
            if norm in seen:
                bad(f"'{key}' lists the answer {answer!r} twice (as {seen[norm]!r} too; answers "
                    "match ignoring case and blanks)", "list each answer once", key, answer)
            seen[norm] = answer
            pairs.append((answer, number))
        out[str(col)] = Recode(str(col), mapping=tuple(pairs))
    return out


def _wave(value: Any, bad) -> tuple[str | None, tuple[Any, ...]]:
    """``wave: column`` or ``wave: {column: wave, order: [first, second, ...]}``."""
    if value is None:
        return None, ()
    if isinstance(value, str) and value:
        return value, ()
    if isinstance(value, dict) and isinstance(value.get("column"), str) and set(value) <= {
            "column", "order"}:
        order = value.get("order") or []
        if (isinstance(order, list) and order and len(set(map(str, order))) == len(order)
                and all(isinstance(v, (str, int, float)) for v in order)):
            return value["column"], tuple(order)
        if "order" not in value:
            return value["column"], ()
    bad("'wave' must be a column name or {column: ..., order: [...]}",
        "write 'wave: wave', or 'wave: {column: wave, order: [Spring 2025, Autumn 2025]}' to "
        "give the time order of text labels (each label once)", "wave", value)
    return None, ()


def _missing_inside_scales(cb: Codebook, bad) -> None:
    """A global missing code inside an outcome's or item's scale would blank real answers."""
    scaled = [(o.column, o.scale, f"outcomes.{o.name}") for o in cb.outcomes.values()]
    scaled += [(i, c.scale, f"constructs.{c.name}") for c in cb.constructs.values()
               for i in c.items]
    hits: dict[Any, list[str]] = {}
    for col, scale, _key in scaled:
        rec = cb.recode.get(col)
        for code in cb.missing:
            if rec is not None and rec.mapping:
                inside = recode_key(code) in rec.lookup
            elif _is_number(code):
                lo, hi = rec.source if rec is not None and rec.source else scale
                inside = lo <= code <= hi and float(code).is_integer()
            else:
                inside = False
            if inside:
                hits.setdefault(code, []).append(col)
    for code, cols in hits.items():
        shown = ", ".join(cols[:4]) + (f" and {len(cols) - 4} more" if len(cols) > 4 else "")
        bad(f"the global missing code {code!r} is a real answer on the scale of {shown}: it "
            "would blank those answers", f"declare {code!r} only for the columns where it means "
            f"no answer, e.g. 'missing: {{all: [...], {cols[0]}: [{code!r}]}}' if it is that "
            "column's 'not applicable' code, and remove it from the global list", "missing", code)


_QUARTER = re.compile(r"^(?:q([1-4])[\s/_-]*((?:19|20)\d\d)|((?:19|20)\d\d)[\s/_-]*q([1-4]))$")
_HALF = re.compile(r"^(?:h([12])[\s/_-]*((?:19|20)\d\d)|((?:19|20)\d\d)[\s/_-]*h([12]))$")
_WEEK = re.compile(r"^((?:19|20)\d\d)[\s_-]*w(?:eek)?[\s_-]*(\d{1,2})$|"
                   r"^w(?:eek)?[\s_-]*(\d{1,2})[\s/_-]*((?:19|20)\d\d)$")
_YEAR_MONTH = re.compile(r"^((?:19|20)\d\d)[-/.](\d{1,2})$|^(\d{1,2})[-/.]((?:19|20)\d\d)$")


def _time_key(label: Any) -> Any:
    """A sortable time for a wave label, or None when the label is not a recognisable time."""
    import datetime as dt

    import pandas as pd

    if isinstance(label, (dt.date, pd.Timestamp)):
        return pd.Timestamp(label)
    text = str(label).strip().lower()
    m = _QUARTER.match(text)
    if m:
        q, y = (m.group(1), m.group(2)) if m.group(1) else (m.group(4), m.group(3))
        return pd.Timestamp(int(y), 3 * int(q) - 2, 1)
    m = _HALF.match(text)
    if m:
        h, y = (m.group(1), m.group(2)) if m.group(1) else (m.group(4), m.group(3))
        return pd.Timestamp(int(y), 6 * int(h) - 5, 1)
    m = _WEEK.match(text)
    if m:
        y, w = (m.group(1), m.group(2)) if m.group(1) else (m.group(4), m.group(3))
        if 1 <= int(w) <= 53:
            return pd.Timestamp(dt.date.fromisocalendar(int(y), int(w), 1))
    m = _YEAR_MONTH.match(text)
    if m:
        y, mo = (m.group(1), m.group(2)) if m.group(1) else (m.group(4), m.group(3))
        if 1 <= int(mo) <= 12:
            return pd.Timestamp(int(y), int(mo), 1)
    if re.fullmatch(r"\d{4}-\d{1,2}-\d{1,2}|\d{1,2}\.\d{1,2}\.\d{4}", text):
        try:
            return pd.Timestamp(pd.to_datetime(text, dayfirst="." in text))
        except (ValueError, TypeError):
            return None
    return None


def _natural_key(label: Any) -> tuple:
    parts = re.split(r"(\d+)", str(label).strip().casefold())
    return tuple((0, int(p), "") if p.isdigit() else (1, 0, p) for p in parts)


def order_waves(values: Any, order: Any = (), *, where: str = "data",
                column: str | None = None) -> list[Any]:
    """The distinct wave labels in ``values`` in time order.

    Parameters
    ----------
    values : sequence
        Wave labels (missing values are ignored).
    order : sequence, optional
        An explicit order (the codebook's ``wave: {column: ..., order: [...]}``); it wins.
    where, column : str
        How to name the data in an error.

    Returns
    -------
    list
        Numbers in numeric order; dates, quarters ("Q3 2025", "2025-Q3"), half-years
        ("H1 2025"), ISO weeks ("2025-W07") and months ("2025-03") in time order when every
        label is one of those; other text in natural order ("Wave 2" before "Wave 10").

    Raises
    ------
    CXInputError
        When ``order`` is given and a label is not in it.

    Examples
    --------
    >>> order_waves(["Q1 2026", "Q3 2025", "Q4 2025", "Q1 2026"])
    ['Q3 2025', 'Q4 2025', 'Q1 2026']
    >>> order_waves(["2025-W10", "2025-W07", "2024-W52"])
    ['2024-W52', '2025-W07', '2025-W10']
    >>> order_waves(["Wave 10", "Wave 2", "Wave 1"])
    ['Wave 1', 'Wave 2', 'Wave 10']
    >>> order_waves(["autumn", "spring"], order=["spring", "autumn"])
    ['spring', 'autumn']
    """
    import pandas as pd

    series = pd.Series(list(values) if not isinstance(values, pd.Series) else values)
    labels = list(pd.unique(series.dropna()))
    if order:
        rank = {recode_key(v): i for i, v in enumerate(order)}
        unknown = [v for v in labels if recode_key(v) not in rank]
        if unknown:
            raise CXInputError(Problem(
                where, f"wave label {unknown[0]!r} is not in the codebook's wave order",
                f"add every wave label to 'wave: {{column: ..., order: [...]}}' (labels: "
                f"{[str(v) for v in labels[:8]]})", column=column, value=unknown[0]))
        return sorted(labels, key=lambda v: rank[recode_key(v)])
    if all(_is_number(v) or hasattr(v, "dtype") and not isinstance(v, str) for v in labels):
        try:
            return sorted(labels)
        except TypeError:
            pass
    times = [_time_key(v) for v in labels]
    if labels and all(t is not None for t in times):
        return [v for _, v in sorted(zip(times, labels, strict=True), key=lambda p: p[0])]
    return sorted(labels, key=_natural_key)


def _code_key(value: Any) -> str:
    """A code as text, with 1, 1.0 and "1" the same code."""
    try:
        number = float(value)
    except (TypeError, ValueError):
        return str(value)
    if number != number or number in (float("inf"), float("-inf")):
        return str(value)
    return str(int(number)) if number == int(number) else str(number)


def _closest(word: str, options: set[str]) -> str | None:
    import difflib

    hits = difflib.get_close_matches(word, sorted(options), n=1, cutoff=0.6)
    return hits[0] if hits else None
