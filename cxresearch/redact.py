"""Masking personal details that respondents typed into open answers (fi, sv, en).

:func:`redact` masks e-mail addresses (also written "liisa (at) example (dot) com"), phone
numbers, Finnish personal identity codes (*henkilötunnus*, checked by their check character),
other long digit runs, street addresses and person names where they can be recognised
(a capitalised word after a greeting or role word, or a common first name).
:func:`safe_to_show` says whether a quote may be shown at all: when in doubt, no.

Examples
--------
>>> redact("mail anna@example.com")
'mail [e-mail]'
>>> redact("Moi Liisa, asun Mannerheimintie 12 A 5")
'Moi [name], asun [address]'
"""

from __future__ import annotations

import re

__all__ = ["redact", "safe_to_show", "is_valid_hetu", "FIRST_NAMES"]

_CHECK = "0123456789ABCDEFHJKLMNPRSTUVWXY"
_HETU = re.compile(r"\b(\d{2})(\d{2})(\d{2})([-+A-FU-Y])(\d{3})([0-9A-Y])\b", re.I)

_EMAIL = re.compile(r"[\w.+-]+@[\w-]+(\.[\w-]+)+")
_AT = r"(?:\(\s*at\s*\)|\[\s*at\s*\]|\{\s*at\s*\}|<\s*at\s*>|\s+at\s+|\s+ät\s+|\s*\(\s*ät\s*\)\s*" \
      r"|\s+miuku(?:mauku)?\s+|\s+kissanhäntä\s+|\s+snabel-?a\s+)"
_DOT = r"(?:\(\s*(?:dot|piste|punkt)\s*\)|\[\s*(?:dot|piste|punkt)\s*\]|\s+(?:dot|piste|punkt)\s+|\.)"
_OBF_EMAIL = re.compile(rf"[\w.+-]+\s*{_AT}\s*[\w-]+(?:\s*{_DOT}\s*[\w-]+)+", re.I)
_PHONE = re.compile(r"(\+?\(?\d[\d ()/.-]{6,}\d)")
_DIGITS = re.compile(r"\d(?:[\s-]?\d){5,}")

_STREET_FI = (r"(?:katu|tie|kuja|polku|väylä|ranta|tori|aukio|puistikko|kaari|rinne|piha|"
              r"mäki|raitti|bulevardi|esplanadi|katu|linja|kenttä|puisto|portti|vahe)")
_STREET_SV = r"(?:gatan|gata|vägen|väg|gränd|gränden|stigen|torget|allén|backen|plan|leden)"
_STREET_EN = (r"(?:Street|St\.?|Road|Rd\.?|Avenue|Ave\.?|Lane|Ln\.?|Drive|Dr\.?|Way|Close|"
              r"Court|Ct\.?|Place|Pl\.?|Boulevard|Blvd\.?|Terrace|Crescent|Square|Gardens)")
_HOUSE = r"\d{1,4}(?:\s?[A-Za-z](?:\s?\d{1,3})?)?(?:\s?(?:as\.?|lgh\.?|bst\.?)\s?\d{1,4})?"
_ADDRESS = re.compile(
    rf"\b[A-ZÅÄÖ][\wåäöÅÄÖ-]*{_STREET_FI}\s+{_HOUSE}\b"
    rf"|\b[A-ZÅÄÖ][\wåäöÅÄÖ-]*{_STREET_SV}\s+{_HOUSE}\b"
    rf"|\b{_HOUSE}\s+(?:[A-Z][\w'-]+\s+){{1,3}}{_STREET_EN}(?=\W|$)"
    rf"|\b\d{{5}}\s+[A-ZÅÄÖ][a-zåäö]+\b"          # postal code + town (fi, sv without space)
    rf"|\b\d{{3}}\s\d{{2}}\s+[A-ZÅÄÖ][a-zåäö]+\b"  # Swedish postal code 123 45 Town
    rf"|\b[A-Z]{{1,2}}\d[A-Z\d]?\s?\d[A-Z]{{2}}\b",  # UK postcode
    re.UNICODE)

# words after which a capitalised word is a person's name: greetings, roles, introductions
_CUE = (r"(?:hi|hello|hey|dear|thanks|thank you|mr\.?|mrs\.?|ms\.?|miss|dr\.?|my name is|"
        r"i am|i'm|named|called|agent|advisor|adviser|salesperson|sales assistant|cashier|"
        r"clerk|manager|driver|technician|staff member|employee|colleague|"
        r"moi|hei|terve|moikka|kiitos|kiitokset|rouva|herra|neiti|nimeni on|olen|"
        r"myyjä|myyjän|myyjälle|myyjältä|asiakaspalvelija|asiakaspalvelijan|asiakaspalvelijalle|"
        r"kassa|kassan|kassalle|kassalta|esimies|esimiehen|johtaja|kuljettaja|kuljettajan|"
        r"asentaja|asentajan|työntekijä|työntekijän|"
        r"hej|hejsan|tack|tack till|herr|fru|fröken|jag heter|mitt namn är|säljaren|säljare|"
        r"kassören|kassörskan|chefen|föraren|personalen|medarbetaren|handläggaren)")
_NAME_WORD = r"[A-ZÅÄÖ][a-zåäöéü]+(?:-[A-ZÅÄÖ][a-zåäöéü]+)?"
_CUED_NAME = re.compile(
    rf"(?i:\b{_CUE})[\s,:]+({_NAME_WORD}(?:\s+{_NAME_WORD})?)", re.UNICODE)

#: Common first names in Finland, Sweden and English-speaking countries (a short built-in
#: list, no download): a capitalised one is masked anywhere in an answer.
FIRST_NAMES = frozenset("""
aino anna anni anne anja anu eeva eija elina ella elsa emma emilia hanna heidi helena helmi
hilkka irma jaana johanna julia kaisa kaija katja kirsi kristiina laura leena liisa maija
maria marja marjatta minna mirja noora oona outi paula pirjo pirkko raija riikka ritva
sanna sari satu seija sirpa sofia susanna tarja tiina tuula tuulia ulla venla
aleksi antti ari eero eino esa hannu harri heikki ilkka jani jari jarmo jukka juha juho
jussi kalle kari keijo lauri markku marko matti mika mikko olli onni pasi pekka pentti
petri raimo risto sami seppo tapio teemu timo tommi toni tuomas ville väinö
agnes alice astrid birgitta britt ebba elin eva frida ingrid karin kerstin lena lina
linnea maja margareta sara signe stina ulrika vera
anders axel bengt björn carl erik fredrik gustav hans henrik johan karl lars magnus mats
nils olof oskar per stefan sven ulf
amy emily emma jessica jennifer linda mary olivia sarah susan
david james john michael peter robert thomas william
""".split())
_FIRST = re.compile(r"\b([A-ZÅÄÖ][a-zåäö]+)(?:\s+([A-ZÅÄÖ][a-zåäö]+))?\b")


def is_valid_hetu(code: str) -> bool:
    """True when ``code`` is a Finnish personal identity code with a correct check character.

    The check character is ``"0123456789ABCDEFHJKLMNPRSTUVWXY"[int(DDMMYYNNN) % 31]``
    (Digital and Population Data Services Agency). The century sign (``-``, ``+``, ``A``,
    and since 2023 ``B``-``F``, ``U``-``Y``) is accepted but not checked.

    Parameters
    ----------
    code : str
        The candidate code, ``DDMMYY``, century sign, ``NNN`` and check character;
        surrounding spaces are ignored, the check character may be lower case.

    Returns
    -------
    bool
        Whether the code is well formed, has a plausible day and month and the right check
        character.

    Examples
    --------
    >>> is_valid_hetu("131052-308T")
    True
    >>> is_valid_hetu("131052-308A")
    False
    """
    m = _HETU.fullmatch(code.strip())
    if not m:
        return False
    dd, mm, yy, _, nnn, check = m.groups()
    if not (1 <= int(dd) <= 31 and 1 <= int(mm) <= 12):
        return False
    return _CHECK[int(dd + mm + yy + nnn) % 31] == check.upper()


def _hetu(m: re.Match) -> str:
    return "[id code]" if is_valid_hetu(m.group(0)) else m.group(0)


def _first_names(m: re.Match) -> str:
    first = m.group(1)
    if first.lower() not in FIRST_NAMES:
        return m.group(0)
    return "[name]"


def redact(text: str) -> str:
    """Mask personal details in an open answer.

    Masked: e-mail addresses, also obfuscated (``[e-mail]``); Finnish personal identity codes
    with a valid check character (``[id code]``); street addresses and postal codes with a
    town in Finnish, Swedish and English forms (``[address]``); phone numbers (``[phone]``);
    other runs of six or more digits (``[number]``); person names after a greeting or role
    word and common first names (``[name]``).

    Parameters
    ----------
    text : str
        One open answer (anything else is converted with ``str``).

    Returns
    -------
    str
        The answer with each detail replaced by its bracketed placeholder; the rest of the
        text is unchanged.

    Examples
    --------
    >>> redact("call me on +358 40 123 4567 or mail anna@example.com")
    'call me on [phone] or mail [e-mail]'
    >>> redact("liisa (at) example (dot) com, hetu 131052-308T")
    '[e-mail], hetu [id code]'
    >>> redact("Säljaren Johan var trevlig")
    'Säljaren [name] var trevlig'
    """
    s = str(text)
    s = _EMAIL.sub("[e-mail]", s)
    s = _OBF_EMAIL.sub("[e-mail]", s)
    s = _HETU.sub(_hetu, s)
    s = _ADDRESS.sub("[address]", s)
    s = _PHONE.sub("[phone]", s)
    s = _DIGITS.sub("[number]", s)
    s = _CUED_NAME.sub(lambda m: m.group(0)[: m.start(1) - m.start(0)] + "[name]", s)
    s = _FIRST.sub(_first_names, s)
    return s


_DOUBT = re.compile(
    r"@|\(\s*at\s*\)|\[\s*at\s*\]|\bat\b\s+\w+\s+\bdot\b|\d{5,}|\d{6}[-+A]\d{3}"
    r"|https?://|www\.|\b[\w-]+\.(?:fi|se|com|net|org)\b", re.I)


def safe_to_show(text: str) -> bool:
    """Whether an open answer may be quoted in a report, after :func:`redact`.

    No when, after redaction, it still holds anything that looks like contact details or an
    identifier (an ``@``, "at … dot", five or more digits, a web address), when it is over
    500 characters (long answers tell stories that identify people), or when it is empty.
    When in doubt the answer is no.

    Parameters
    ----------
    text : str or None
        The answer, normally already passed through :func:`redact`.

    Returns
    -------
    bool
        ``True`` when the answer may be quoted.

    Examples
    --------
    >>> safe_to_show(redact("Great service, thanks!"))
    True
    >>> safe_to_show("reach me: liisa at example dot fi")
    False
    >>> safe_to_show("")
    False
    """
    s = str(text or "").strip()
    if not s or len(s) > 500:
        return False
    return not _DOUBT.search(s)
