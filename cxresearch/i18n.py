"""Report text in every language, from the message catalogs in ``cxresearch/messages/``.

Every sentence a report shows comes from a catalog, filled with computed values, so a
notebook's narrative follows its ``lang`` parameter and never holds hard-coded numbers or
sentences. A catalog is a folder ``messages/<lang>/`` of YAML files (one per domain:
``common.yaml``, ``nps.yaml``, ``drivers.yaml`` ...), each a flat mapping from message key to
text; adding a language is adding a folder, with no code change. A key may be defined in only
one file of a language, and every language must define the same keys (a test checks it).
Interpolated text values are escaped (:func:`as_text`): labels that come from data cannot
inject HTML or Markdown.

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

__all__ = ["LANGS", "MINUS", "t", "Text", "as_text", "has_text", "catalog", "locale_of", "fmt_num", "fmt_pts",
           "fmt_pct", "fmt_p", "p_phrase", "fmt_date", "fmt_range", "axis_formatter",
           "category_label", "in_sentence", "keep_case", "capitalize_first", "problem_text"]

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

    Parameters
    ----------
    key : str
        A message key such as ``"nps.headline"``, or any other text.

    Returns
    -------
    bool
        Whether :func:`t` can write ``key``; use it to tell a message key from a label
        typed as is.

    Examples
    --------
    >>> has_text("summary"), has_text("Some heading")
    (True, False)
    """
    return key in catalog("en")

class Text(str):
    """A catalog text from :func:`t`: passed into another :func:`t`, it is not escaped again.

    Examples
    --------
    >>> inner = t("scope.filter", "en", column="region", value="A & B")
    >>> isinstance(inner, Text), t("scope.filter", "en", column="x", value=inner)
    (True, 'x = region = A &amp; B')
    """

    __slots__ = ()


# characters that Markdown (and nbconvert's math and Mermaid handling) would interpret
_MD_ENTITIES = str.maketrans({c: f"&#{ord(c)};" for c in "\\`*_[]$~|#"})


def as_text(value: str) -> str:
    """``value`` (a label or answer from data) made to show literally in HTML and Markdown.

    HTML is escaped, and the characters Markdown, math (``$``) and Mermaid (backticks) would
    interpret become numeric character references, as does the ``:`` of ``://`` (bare web
    addresses become links otherwise); line breaks become spaces. A browser shows the text
    exactly as typed; nothing in it becomes bold, a link, an image, a formula or a script.

    Parameters
    ----------
    value : str
        The text from data or a codebook.

    Returns
    -------
    str
        The escaped text.

    Examples
    --------
    >>> as_text("**bold** [x](http://y) $a$ <b>")
    '&#42;&#42;bold&#42;&#42; &#91;x&#93;(http&#58;//y) &#36;a&#36; &lt;b&gt;'
    """
    out = html.escape(str(value), quote=False).translate(_MD_ENTITIES)
    return out.replace("://", "&#58;//").replace("\r\n", " ").replace("\n", " ").replace(
        "\r", " ")


def t(key: str, lang: str = "en", **values: Any) -> str:
    """The text ``key`` in ``lang``, formatted with ``values``.

    String values (labels and answers from data) are escaped with :func:`as_text`, so they
    show as typed in the report's HTML and Markdown; the results of another :func:`t` call
    (:class:`Text`) are passed through. Unknown languages fall back to English; an unknown
    key raises ``KeyError``.

    Parameters
    ----------
    key : str
        The message key, e.g. ``"nps.headline"`` (see ``cxresearch/messages/<lang>/``).
    lang : str
        The report language; one without a catalog writes English.
    **values
        The values the template's ``{placeholders}`` take, already formatted for reading
        (see :func:`fmt_num`, :func:`fmt_pts`, ...): text is escaped, :class:`Text` is not,
        other values are formatted with ``str.format``.

    Returns
    -------
    Text
        The filled-in message (a ``str``), safe to show in HTML and Markdown.

    Examples
    --------
    >>> t("summary", "fi"), t("summary", "sv"), t("summary", "de")
    ('Tiivistelmä', 'Sammanfattning', 'Executive summary')
    >>> t("scope.filter", "sv", column="region", value="A & B")
    'region: A &amp; B'
    """
    messages = catalog(lang if lang in LANGS else "en")
    template = messages[key]
    safe = {k: v if isinstance(v, Text) else as_text(v) if isinstance(v, str) else v
            for k, v in values.items()}
    return Text(template.format(**safe))


# Babel (CLDR data) gives each language its decimal and group separators and its date
# conventions, so adding a language is adding a catalog: its ``fmt.locale`` key names the CLDR
# locale (Finland-Swedish is ``sv_FI``) and ``fmt.date`` the date pattern ("d.M.y" in Finland).
_DEFAULT_LOCALES = {"en": ("en_GB", "d MMM y"), "fi": ("fi_FI", "d.M.y"),
                    "sv": ("sv_FI", "d.M.y")}
MINUS = "\u2212"


@functools.cache
def locale_of(lang: str) -> tuple[str, str]:
    """The CLDR locale and date pattern of ``lang``: ``(locale, date_pattern)``.

    Read from the catalog's ``fmt.locale`` and ``fmt.date`` messages when the language has
    them, else a built-in default (en → en_GB, fi → fi_FI, sv → sv_FI), else ``lang`` itself
    with Babel's medium date format; a code Babel does not know falls back to British English.

    Parameters
    ----------
    lang : str
        A language code.

    Returns
    -------
    tuple of (str, str)
        The CLDR locale name and the CLDR date pattern.

    Examples
    --------
    >>> locale_of("fi"), locale_of("sv")[0]
    (('fi_FI', 'd.M.y'), 'sv_FI')
    >>> locale_of("de"), locale_of("xx")
    (('de', 'medium'), ('en_GB', 'd MMM y'))
    """
    from babel import Locale, UnknownLocaleError

    loc, pattern = _DEFAULT_LOCALES.get(lang, (lang, "medium"))
    if lang in LANGS:
        messages = catalog(lang)
        loc = messages.get("fmt.locale", loc)
        pattern = messages.get("fmt.date", pattern)
    try:
        Locale.parse(loc)
    except (UnknownLocaleError, ValueError):
        loc, pattern = _DEFAULT_LOCALES["en"]
    return loc, pattern


def fmt_num(x: float, lang: str = "en", digits: int = 0) -> str:
    """A number for reading: the locale's group and decimal separators, a true minus sign.

    Rounding is Python's (half to even on the binary value) to ``digits`` decimals; the
    separators come from CLDR via Babel. A value that rounds to zero has no sign.

    Parameters
    ----------
    x : float or None
        The number; ``None`` and NaN are written as a dash ``–``.
    lang : str
        The report language (its locale, see :func:`locale_of`).
    digits : int
        Decimals to show.

    Returns
    -------
    str
        The number as a reader of ``lang`` writes it.

    Examples
    --------
    >>> fmt_num(12345.678, "en", 1)
    '12,345.7'
    >>> fmt_num(12345.678, "fi", 1) == "12\u00a0345,7"   # no-break space, decimal comma
    True
    >>> fmt_num(-0.184, "sv", 2) == "\u22120,18"            # true minus sign, decimal comma
    True
    >>> fmt_num(2.5), fmt_num(-0.004, "en", 2), fmt_num(None)
    ('2', '0.00', '–')
    """
    from decimal import Decimal

    from babel.numbers import format_decimal

    if x is None or x != x:  # NaN
        return "–"
    text = f"{abs(float(x)):.{digits}f}"
    pattern = "#,##0" + ("." + "0" * digits if digits > 0 else "")
    body = format_decimal(Decimal(text), format=pattern, locale=locale_of(lang)[0])
    negative = float(x) < 0 and float(text) != 0
    return (MINUS if negative else "") + body


def fmt_pts(x: float, lang: str = "en", digits: int = 0) -> str:
    """An NPS value or difference in points, always with its sign (a true minus).

    Zero (after rounding to ``digits``) is written without a sign.

    Parameters
    ----------
    x : float or None
        The value in NPS points (−100 … +100); ``None`` and NaN give ``–``.
    lang : str
        The report language.
    digits : int
        Decimals to show.

    Returns
    -------
    str
        The signed value, e.g. ``+27`` or ``−3,4``.

    Examples
    --------
    >>> fmt_pts(27.07), fmt_pts(-3.4, "fi", 1), fmt_pts(0.2)
    ('+27', '−3,4', '0')
    """
    if x is None or x != x:
        return "–"
    r = round(x, digits)
    if r == 0:
        return fmt_num(0.0, lang, digits)
    body = fmt_num(abs(r), lang, digits)
    return ("+" if r > 0 else MINUS) + body


def fmt_pct(share: float, lang: str = "en", digits: int = 0) -> str:
    """A share (0–1) as a percentage the locale's way: ``27%`` in English, ``27 %`` in Finnish.

    The number is ``100 * share`` written by :func:`fmt_num`; where the per-cent sign goes
    (and whether a no-break space comes before it) follows the locale's CLDR percent pattern.

    Parameters
    ----------
    share : float or None
        A proportion between 0 and 1; ``None`` and NaN give ``–``.
    lang : str
        The report language.
    digits : int
        Decimals of the percentage.

    Returns
    -------
    str
        The percentage with its sign.

    Examples
    --------
    >>> fmt_pct(0.273), fmt_pct(0.2734, "fi", 1) == "27,3\u00a0%"
    ('27%', True)
    """
    from babel import Locale

    if share is None or share != share:
        return "–"
    number = fmt_num(100 * float(share), lang, digits)
    pattern = Locale.parse(locale_of(lang)[0]).percent_formats[None].pattern.split(";")[0]
    if "#,##0" not in pattern:
        return number + "\u00a0%"
    return pattern.replace("#,##0", number, 1)


def fmt_p(p: float, lang: str = "en", digits: int = 3) -> str:
    """A p-value for a table: ``< 0.001`` below the smallest shown value, else ``0.023``.

    Parameters
    ----------
    p : float or None
        The p-value; ``None`` and NaN give ``–``.
    lang : str
        The report language (decimal separator).
    digits : int
        Decimals shown; values below ``10 ** -digits`` are written ``< 0.001`` (for 3).

    Returns
    -------
    str
        The p-value for reading.

    Examples
    --------
    >>> fmt_p(0.0004), fmt_p(0.0234, "fi"), fmt_p(0.5, "sv")
    ('< 0.001', '0,023', '0,500')
    >>> fmt_p(0.0004, "fi"), fmt_p(0.0123, digits=2)
    ('< 0,001', '0.01')
    """
    if p is None or p != p:
        return "–"
    floor = 10.0 ** -digits
    if p < floor:
        return "< " + fmt_num(floor, lang, digits)
    return fmt_num(p, lang, digits)


def p_phrase(p: float, lang: str = "en") -> str:
    """A p-value for a sentence: ``p < 0.001`` or ``p = 0.023`` (decimal comma in Finnish).

    Templates put it in whole (``({p})``), so a small p never reads "p = < 0.001".

    Parameters
    ----------
    p : float
        The p-value.
    lang : str
        Report language.

    Returns
    -------
    str
        ``"p < …"`` or ``"p = …"`` (:func:`fmt_p`'s number).

    Examples
    --------
    >>> p_phrase(0.0234), p_phrase(0.0004, "fi")
    ('p = 0.023', 'p < 0,001')
    """
    text = fmt_p(p, lang)
    return f"p {text}" if text.startswith("<") else f"p = {text}"


def fmt_date(value: Any, lang: str = "en") -> str:
    """A date for reading: ``1.3.2026`` in Finnish and Finland-Swedish, ``1 Mar 2026`` in English.

    The pattern is the catalog's ``fmt.date`` (see :func:`locale_of`), written with Babel.

    Parameters
    ----------
    value : date, datetime, pandas.Timestamp, str or None
        The date; a string is read as ISO ``YYYY-MM-DD`` (a time after it is ignored), a
        time of day is dropped. ``None``, NaN and ``NaT`` give ``–``.
    lang : str
        The report language.

    Returns
    -------
    str
        The date as a reader of ``lang`` writes it.

    Examples
    --------
    >>> fmt_date("2026-03-01", "fi"), fmt_date("2026-03-01", "sv"), fmt_date("2026-03-01")
    ('1.3.2026', '1.3.2026', '1 Mar 2026')
    >>> import pandas as pd
    >>> fmt_date(pd.Timestamp("2026-12-24 10:00")), fmt_date(None)
    ('24 Dec 2026', '–')
    """
    import datetime as dt

    from babel.dates import format_date

    if value is None or (isinstance(value, float) and value != value):
        return "–"
    if isinstance(value, str):
        value = dt.date.fromisoformat(value[:10])
    if hasattr(value, "to_pydatetime"):
        if value != value:  # NaT
            return "–"
        value = value.to_pydatetime()
    if isinstance(value, dt.datetime):
        value = value.date()
    loc, pattern = locale_of(lang)
    return format_date(value, pattern, locale=loc)


def _param_text(value: Any, lang: str) -> Any:
    """A placeholder value of a :class:`~cxresearch.errors.Problem` written the way ``lang``
    writes it: dates and numbers formatted, lists joined, text as it is (:func:`t` escapes it)."""
    import datetime as dt
    import numbers

    if isinstance(value, Text):
        return value
    if isinstance(value, (dt.date, dt.datetime)) or hasattr(value, "to_pydatetime"):
        return fmt_date(value, lang)
    if isinstance(value, numbers.Number) and not isinstance(value, bool):
        x = float(value)  # type: ignore[arg-type]
        return fmt_num(x, lang, 0 if x.is_integer() else 1)
    if isinstance(value, (list, tuple)):
        return ", ".join(str(v) for v in value)
    return str(value)


def problem_text(problem: Problem, lang: str = "en") -> tuple[str, str, str]:
    """Where, what and fix of a :class:`~cxresearch.errors.Problem` in the language ``lang``.

    A problem with a ``key`` whose messages ``err.<key>.what`` and ``err.<key>.fix`` are in the
    catalogs is said from them, its ``params`` filled in (dates and numbers written the way
    ``lang`` writes them, text escaped by :func:`t`); any other problem keeps its English
    ``what`` and ``fix``. ``where`` is translated when it is one of the generic places
    (``data``, ``codebook``, ``parameters``, ``parameter <name>``), else kept (a file name).

    Parameters
    ----------
    problem : Problem
        The problem (e.g. the first of a :class:`~cxresearch.errors.CXInputError`).
    lang : str
        Report language.

    Returns
    -------
    tuple of str
        ``(where, what, fix)``; the catalog texts are :class:`Text` (not escaped again by
        :func:`t`), the English fallbacks plain strings.

    Examples
    --------
    >>> p = Problem("data", "only 4 respondents answered in two waves",
    ...             "carry-over needs repeat respondents (a panel)",
    ...             key="carryover.few_pairs", params={"n": 4})
    >>> problem_text(p, "fi")[:2]
    ('aineisto', 'kahdessa aallossa vastanneita on vain 4')
    >>> problem_text(Problem("survey.csv", "not a number", "correct it"), "sv")
    ('survey.csv', 'not a number', 'correct it')
    """
    where: str = problem.where
    if where in ("data", "codebook", "parameters"):
        where = t(f"err.where.{where}", lang)
    elif where.startswith("parameter ") and " " not in where[len("parameter "):]:
        where = t("err.where.parameter", lang, name=where[len("parameter "):])
    key = problem.key
    if not key or f"err.{key}.what" not in catalog("en"):
        return where, problem.what, problem.fix
    values = {k: _param_text(v, lang) for k, v in dict(problem.params).items()}
    try:
        return where, t(f"err.{key}.what", lang, **values), t(f"err.{key}.fix", lang, **values)
    except (KeyError, IndexError):  # a placeholder without its value: the English, not a crash
        return where, problem.what, problem.fix


def fmt_range(low: float, high: float, lang: str = "en", digits: int = 0, *,
              points: bool = False) -> str:
    """An interval for reading, ``low … high`` (NPS points with their signs if ``points``).

    Parameters
    ----------
    low, high : float
        The interval's ends (e.g. a confidence interval).
    lang : str
        The report language.
    digits : int
        Decimals of both ends.
    points : bool
        Write the ends as NPS points with :func:`fmt_pts` (signed) instead of :func:`fmt_num`.

    Returns
    -------
    str
        ``"low … high"``, the ends separated by a spaced ellipsis.

    Examples
    --------
    >>> fmt_range(0.1234, 0.5, digits=2), fmt_range(-3.2, 12.4, "fi", 1, points=True)
    ('0.12 … 0.50', '−3,2 … +12,4')
    """
    f = fmt_pts if points else fmt_num
    return f"{f(low, lang, digits)} … {f(high, lang, digits)}"


def axis_formatter(lang: str = "en", kind: str = "num"):
    """A matplotlib tick formatter that writes tick values the way ``lang`` writes numbers.

    Parameters
    ----------
    lang : str
        Report language.
    kind : {"num", "pts", "pct"}
        Plain numbers, signed points (``+10``, ``−10``), or values already in per cent shown
        with the locale's per-cent sign. Decimals follow the tick spacing (as few as show
        every tick distinctly).

    Returns
    -------
    matplotlib.ticker.Formatter

    Examples
    --------
    >>> f = axis_formatter("fi")
    >>> f.format_ticks([-0.5, 0.0, 0.5, 1.0]) == ["\u22120,5", "0,0", "0,5", "1,0"]
    True
    >>> axis_formatter("en", "pts").format_ticks([-20, 0, 20])
    ['−20', '0', '+20']
    """
    from matplotlib.ticker import Formatter

    if kind not in ("num", "pts", "pct"):
        raise ValueError(f"axis_formatter: kind must be num, pts or pct, not {kind!r}")

    class _LocaleFormatter(Formatter):
        digits = 0

        def set_locs(self, locs):
            super().set_locs(locs)
            self.digits = _tick_digits(list(locs))

        def __call__(self, x, pos=None):
            if kind == "pts":
                return fmt_pts(x, lang, self.digits)
            if kind == "pct":
                return fmt_pct(x / 100, lang, self.digits)
            return fmt_num(x, lang, self.digits)

    return _LocaleFormatter()


def _tick_digits(locs: list[float]) -> int:
    """The fewest decimals (0–4) at which every tick value is written exactly."""
    finite = [v for v in locs if v == v and abs(v) != float("inf")]
    for d in range(5):
        if all(abs(round(v, d) - v) < 1e-9 * max(1.0, abs(v)) for v in finite):
            return d
    return 4


def category_label(cat: str, lang: str = "en") -> str:
    """Translated NPS category name (``detractor``, ``passive``, ``promoter``).

    Parameters
    ----------
    cat : {"detractor", "passive", "promoter"}
        The category as :func:`cxresearch.metrics.nps_category` writes it.
    lang : str
        The report language.

    Returns
    -------
    str
        The category's name in the plural, as a table heading or legend entry.

    Examples
    --------
    >>> [category_label(c, "fi") for c in ("detractor", "passive", "promoter")]
    ['Arvostelijat', 'Passiiviset', 'Suosittelijat']
    >>> category_label("promoter", "sv")
    'Promotorer'
    """
    return t(cat, lang)



#: Names that keep their capitals mid-sentence (a codebook's ``proper_names``)
_AS_WRITTEN: set[str] = set()


def keep_case(names: Any) -> None:
    """Declare names (brands, places, products) that :func:`in_sentence` never lowers.

    Reading a codebook declares its ``proper_names:`` list. A label that starts with a declared
    name (``"Nordic Mall app"`` for ``Nordic Mall``) is kept as written.

    Parameters
    ----------
    names : iterable of str
        The names, written as they must appear.

    Examples
    --------
    >>> keep_case(["Nordic Mall"])
    >>> in_sentence("Nordic Mall app", "en"), in_sentence("Nordic Mall", "fi")
    ('Nordic Mall app', 'Nordic Mall')
    """
    _AS_WRITTEN.update(str(n).strip() for n in names or () if str(n).strip())


def in_sentence(label: str, lang: str = "en") -> str:
    """A construct, question or column label as it stands in the middle of a sentence.

    Languages whose catalog sets ``fmt.lower_labels: 'yes'`` (English, Finnish, Swedish) write
    common nouns in lower case mid-sentence ("the service encounter score", "sosiaalinen
    ympäristö"). A label is kept as written when its first word has another capital letter
    (acronyms and names: "NPS", "NPS-kysymys", "McDonald's"), is the English "I", or when it
    starts with a name declared by :func:`keep_case` (a codebook's ``proper_names:``). Value
    labels are written in the codebook the way they stand mid-sentence and are not passed here.

    Parameters
    ----------
    label : str
        The label as written in the codebook (sentence case).
    lang : str
        The report language; one without ``fmt.lower_labels: 'yes'`` keeps every label as is.

    Returns
    -------
    str
        The label with its first letter lowered, or unchanged.

    Examples
    --------
    >>> in_sentence("Sosiaalinen ympäristö", "fi"), in_sentence("NPS-kysymys", "fi")
    ('sosiaalinen ympäristö', 'NPS-kysymys')
    >>> in_sentence("Service encounter", "en"), in_sentence("I trust the staff", "en")
    ('service encounter', 'I trust the staff')
    """
    label = str(label)
    lower = catalog(lang).get("fmt.lower_labels", "no") == "yes" if lang in LANGS else False
    if not lower or not label:
        return label
    first = label.split()[0] if label.split() else label
    if any(ch.isupper() for ch in first[1:]) or first in ("I", "I'm", "I've", "I'd"):
        return label
    if any(label == n or label.startswith(n + " ") or label.startswith(n + "-")
           for n in _AS_WRITTEN):
        return label
    return label[0].lower() + label[1:]


#: What may come before the first letter of a visible text: quotes and spaces.
_LEADING = frozenset(" \"'“”„«»‘’")
#: Markdown marks a catalog text (:class:`Text`) may open with: bold and italic.
_MARKUP = frozenset("*_")


def capitalize_first(text: str) -> str:
    """``text`` with the first letter of its visible text in upper case.

    Leading quotes and spaces are skipped. In a catalog text (:class:`Text`, from :func:`t`)
    leading bold and italic marks are Markdown and skipped as well (a value inside it is
    escaped, so its own ``*`` shows and is not skipped); in any other text (a label or answer
    from data, shown literally) a ``*`` or ``_`` is a typed character. A text whose visible
    text starts with anything but a letter (a digit, ``*``, ``<``, ``$``, ``[``: a label
    typed so) is returned as it is. A :class:`Text` stays one.

    Parameters
    ----------
    text : str
        The sentence.

    Returns
    -------
    str
        The sentence with its first letter raised.

    Examples
    --------
    >>> capitalize_first(Text("**sosiaalinen ympäristö** on tärkein"))
    '**Sosiaalinen ympäristö** on tärkein'
    >>> capitalize_first("myymälä"), capitalize_first("“hinta”"), capitalize_first("**x**")
    ('Myymälä', '“Hinta”', '**x**')
    >>> capitalize_first("<img src=x>"), capitalize_first("$x^2$")
    ('<img src=x>', '$x^2$')
    """
    markup = isinstance(text, Text)
    text = str(text)
    skip = _LEADING | _MARKUP if markup else _LEADING
    for i, ch in enumerate(text):
        if ch.isalpha():
            text = text[:i] + ch.upper() + text[i + 1:]
            break
        if ch not in skip:  # a digit, or a label that starts with other signs: as typed
            break
    return Text(text) if markup else text
