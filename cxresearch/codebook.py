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
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from .errors import CXInputError, Problem
from .yamlfile import load_yaml

__all__ = [
    "Codebook",
    "Construct",
    "Outcome",
    "codebook_from_dict",
    "read_codebook",
    "NPS_SCALES",
]

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
    "min_answered",
    "description", "language",
}


@dataclass(frozen=True)
class Outcome:
    """An outcome question: its column and answer scale."""

    name: str
    column: str
    scale: tuple[float, float]
    label: dict[str, str] = field(default_factory=dict)

    @property
    def is_nps_scale(self) -> bool:
        """True when the scale is one on which an NPS is defined (0–10 or 1–10)."""
        return tuple(int(s) for s in self.scale) in NPS_SCALES


@dataclass(frozen=True)
class Construct:
    """A multi-item construct (a driver of the experience, or an outcome scale)."""

    name: str
    items: tuple[str, ...]
    scale: tuple[float, float]
    reverse: tuple[str, ...] = ()
    role: str = "driver"
    level: str | None = None
    label: dict[str, str] = field(default_factory=dict)

    def title(self, lang: str = "en") -> str:
        """The construct's label in ``lang``, falling back to English, then its name."""
        return self.label.get(lang) or self.label.get("en") or self.name.replace("_", " ").title()


@dataclass(frozen=True)
class Codebook:
    """A checked codebook. Build one with :func:`read_codebook` or :func:`codebook_from_dict`."""

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
    moderators: dict[str, tuple[str, ...]] = field(default_factory=dict)
    journey: dict[str, str] = field(default_factory=dict)
    segments: tuple[str, ...] = ()
    text: tuple[str, ...] = ()
    pii: tuple[str, ...] = ()
    labels: dict[str, dict[Any, str]] = field(default_factory=dict)
    column_labels: dict[str, dict[str, str]] = field(default_factory=dict)
    min_answered: float = 0.5
    path: Path | None = None
    sha256: str | None = None

    @property
    def recommend(self) -> Outcome:
        """The recommendation (NPS) outcome."""
        return self.outcomes["recommend"]

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
        cols += self.all_moderators + list(self.journey.values()) + list(self.segments)
        cols += list(self.text) + list(self.pii)
        return list(dict.fromkeys(cols))

    def label_of(self, column: str, lang: str = "en") -> str:
        """A readable name for a construct, outcome or plain column."""
        if column in self.constructs:
            return self.constructs[column].title(lang)
        for o in self.outcomes.values():
            if column in (o.name, o.column) and o.label:
                return o.label.get(lang) or o.label.get("en") or column
        names = self.column_labels.get(column, {})
        return names.get(lang) or names.get("en") or column.replace("_", " ")


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

    Raises
    ------
    CXInputError
        With one problem per thing wrong: unreadable or broken YAML, missing required keys,
        bad scales, unknown roles or levels, a data file that does not exist.
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

    for req in ("name", "data", "outcomes", "constructs"):
        if req not in raw or raw[req] in (None, "", {}, []):
            bad(f"required key '{req}' is missing or empty",
                f"add '{req}:' to the codebook (see the example in the README)", req)

    name = str(raw.get("name") or "")
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
    elif raw_out and "recommend" not in raw_out:
        bad("'outcomes' has no 'recommend' entry (the likelihood-to-recommend question)",
            "add 'recommend: {column: <your LTR column>, scale: [0, 10]}' under outcomes",
            "outcomes.recommend")
    for oname, spec in raw_out.items():
        key = f"outcomes.{oname}"
        if not isinstance(spec, dict) or not isinstance(spec.get("column"), str):
            bad(f"'{key}' needs a column", f"write '{oname}: {{column: <name>, scale: [0, 10]}}'",
                key, spec)
            continue
        outcomes[oname] = Outcome(str(oname), spec["column"],
                                  scale_of(spec.get("scale"), key),
                                  label_of(spec.get("label"), key))

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
            bad(f"'{key}' has no items", "list the item columns under 'items:'", key)
        elif len(items) == 1:
            bad(f"construct '{cname}' has a single item; a construct is measured by two or more "
                "items (its reliability and factor structure cannot be assessed otherwise)",
                f"add the construct's other items, or analyse '{items[0]}' as a plain column",
                key, items[0])
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

    missing = raw.get("missing") or []
    if not isinstance(missing, list):
        missing = [missing]

    labels = raw.get("labels") or {}
    if not isinstance(labels, dict) or not all(
            isinstance(v, dict) and all(isinstance(x, (str, int, float)) and not
                                        isinstance(x, bool) for x in v.values())
            for v in labels.values()):
        bad("'labels' must map a column to {code: label}", "write 'labels: {region: {1: Uusimaa}}'",
            "labels")
        labels = {}

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

    cb = Codebook(
        name=name, data=data_path, outcomes=outcomes, constructs=constructs,
        id=str_or_none("id"), panel=str_or_none("panel"), weight=str_or_none("weight"), date=str_or_none("date"),
        wave=str_or_none("wave"), missing=tuple(missing), moderators=moderators,
        journey=dict(journey), segments=str_list(raw.get("segments"), "segments"),
        text=str_list(raw.get("text"), "text"), pii=str_list(raw.get("pii"), "pii"),
        labels={str(k): dict(v) for k, v in labels.items()}, column_labels=column_labels,
        min_answered=float(min_answered),
    )
    # a construct may not share its name with a data column: its score is stored under that name
    named = set(cb.columns())
    for cname in constructs:
        if cname in named:
            bad(f"construct '{cname}' has the same name as a data column",
                "rename the construct (its score is stored under the construct's name)",
                f"constructs.{cname}")
    for col in cb.pii:
        if col in cb.items or col in (o.column for o in outcomes.values()):
            bad(f"PII column '{col}' is also used as an item or outcome",
                "remove it from pii or from the analysis", "pii", col)
    if problems:
        raise CXInputError(problems)
    return cb


def _closest(word: str, options: set[str]) -> str | None:
    import difflib

    hits = difflib.get_close_matches(word, sorted(options), n=1, cutoff=0.6)
    return hits[0] if hits else None
