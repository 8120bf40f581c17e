"""``cx init``: draft a codebook from a data file or survey-platform export.

:func:`draft_codebook` reads the file with :func:`cxresearch.formats.read_export` and guesses,
column by column, what the codebook needs: the recommendation and satisfaction outcomes (by
name and question text in English, Finnish and Swedish) with their type and scale, recodes of
choice text and of shifted SPSS codes, "not applicable" codes, Likert items grouped into
constructs, reverse-worded items, the id, date, wave, weight, segments, open-text columns and
PII. Each guess is written into the YAML with a comment giving its evidence, so the user reviews
a proposal instead of starting from an empty file. Evidence never quotes a PII value or an open
answer: it gives counts, shares and patterns.

Grouping items into constructs: items sharing a name prefix (``Q3_1``, ``Q3_2``; ``SERV_SQ001``)
or a question-text stem (``Rate the service [Staff]``, ``... - Staff``, ``Palvelu: ...``) form
a construct. The remaining items go through an exploratory factor analysis: the number of
factors is chosen by parallel analysis (Horn 1965: keep the factors whose correlation-matrix
eigenvalue exceeds the mean eigenvalue of random normal data of the same shape, 200 seeded
replicates), loadings come from maximum-likelihood factor analysis with varimax rotation
(scikit-learn), and an item joins the factor it loads on most when ``|loading| >= 0.4``. Items
that join no group become single-item constructs. Within a construct of three or more items, an
item whose correlation with the mean of the other items is negative is proposed as reversed.

Examples
--------
>>> from cxresearch.io import project_root
>>> d = draft_codebook(project_root() / "tests" / "data" / "exports" / "generic.csv")
>>> d.guesses["outcomes"]["recommend"]["column"], d.guesses["constructs"]["factor_1"]["reverse"]
('recommend_score', ['rude'])
"""

from __future__ import annotations

import json
import os
import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import numpy as np
import pandas as pd

from .errors import CXInputError, Problem
from .formats import TableRead, labels_are_anchors, read_export, shifted_scale, snake_name
from .i18n import catalog, fmt_pct

__all__ = ["Draft", "draft_codebook", "write_draft", "parallel_analysis", "read_as"]

_RECOMMEND = re.compile(r"recommend|suosit|rekommend|(^|[_\s])(ltr|nps)($|[_\s])|likely.*friend",
                        re.I)
_SATISFIED = re.compile(r"satisf|tyytyv|nöjd|nojd|csat", re.I)
_PII_NAME = [
    ("email", re.compile(r"e-?mail|sähköpost|sahkopost|e-?post", re.I)),
    ("phone", re.compile(r"phone|puhelin|(^|_)tel($|_)|mobile|gsm|telefon|mobil", re.I)),
    ("name", re.compile(r"(^|_| )(first|last|full|sur)?_? ?name($|_)|firstname|lastname|"
                                 r"etunimi|sukunimi|(^|_)nimi($|_)|förnamn|efternamn|"
                                 r"(^|_)namn($|_)", re.I)),
    ("ip", re.compile(r"ip_?address|ipaddress|(^|_)ip($|_)", re.I)),
    ("location", re.compile(r"latitude|longitude", re.I)),
    ("address", re.compile(r"(^|_)(street_)?address|osoite|adress", re.I)),
]
_EMAIL = re.compile(r"[^@\s]+@[^@\s]+\.[A-Za-z]{2,}")
_PHONE = re.compile(r"\+?[\d][\d\s().-]{6,}\d")
_PERSON = re.compile(r"[A-ZÅÄÖ][a-zåäöé'-]+( [A-ZÅÄÖ][a-zåäöé'-]+){1,2}")
_ID = re.compile(r"(^|_)(id|resp_?id|respondent(_id)?|response_?id|vastaaja|vastaajatunnus|"
                 r"respondentid|responseid)($|_)", re.I)
_DATE = re.compile(r"date|time|timestamp|pvm|päivä|paiva|aikaleima|datum|tidst|submit", re.I)
_WAVE = re.compile(r"wave|aalto|kierros|våg|(^|_)round($|_)|quarter|period|jakso|kvartal", re.I)
_WEIGHT = re.compile(r"weight|(^|_)paino|vikt|(^|_)wt($|_)", re.I)
_OPEN = re.compile(r"comment|feedback|palaute|kommentti|kommentar|avoin|open|better|anything "
                   r"else|suggest|parannet|förbättr|_text$", re.I)
_BOOKKEEPING = {
    "status", "progress", "duration (in seconds)", "finished", "distributionchannel",
    "userlanguage", "externalreference", "lastpage", "last_page", "startlanguage",
    "start_language", "seed", "token", "access_code", "collector_id", "custom_data_1",
    "startdate", "enddate", "start_date", "end_date", "datestamp",
}
_SCALES = {
    "agreement": ["strongly disagree", "disagree", "neither agree nor disagree", "agree",
                  "strongly agree"],
    "agreement (neutral)": ["strongly disagree", "disagree", "neutral", "agree",
                            "strongly agree"],
    "satisfaction": ["very dissatisfied", "dissatisfied", "neutral", "satisfied",
                     "very satisfied"],
    "satisfaction (neither)": ["very dissatisfied", "dissatisfied",
                               "neither satisfied nor dissatisfied", "satisfied",
                               "very satisfied"],
    "agreement (fi)": ["täysin eri mieltä", "jokseenkin eri mieltä", "ei samaa eikä eri mieltä",
                       "jokseenkin samaa mieltä", "täysin samaa mieltä"],
    "satisfaction (fi)": ["erittäin tyytymätön", "tyytymätön", "ei tyytyväinen eikä "
                          "tyytymätön", "tyytyväinen", "erittäin tyytyväinen"],
    "agreement (sv)": ["helt oenig", "delvis oenig", "varken enig eller oenig", "delvis enig",
                       "helt enig"],
    "satisfaction (sv)": ["mycket missnöjd", "missnöjd", "varken nöjd eller missnöjd", "nöjd",
                          "mycket nöjd"],
}
_YES = {"yes", "kyllä", "kylla", "ja", "true", "satisfied", "would recommend", "1"}
_NO = {"no", "ei", "nej", "false", "neutral or dissatisfied", "dissatisfied",
       "would not recommend", "0"}
_NA_CODES = (-99, -9, -1, 99, 999)


@dataclass
class Draft:
    """A drafted codebook.

    :func:`draft_codebook` returns one; :func:`write_draft` writes its ``text``.

    Parameters
    ----------
    text : str
        The YAML, with one comment per guess giving its evidence.
    guesses : dict
        The same guesses as data (the codebook mapping without comments).
    evidence : dict
        ``{key: evidence text}`` for each guess (``"outcomes.recommend"``, ``"pii.email"``).
    decide : list of str
        What the user must decide before the codebook is complete.

    Examples
    --------
    >>> d = Draft("name: shop\\nid: id  # unique in all rows\\n", {"name": "shop", "id": "id"},
    ...           evidence={"id": "unique in all rows"})
    >>> d.guesses["id"], d.evidence["id"], d.decide
    ('id', 'unique in all rows', [])
    """

    text: str
    guesses: dict[str, Any]
    evidence: dict[str, str] = field(default_factory=dict)
    decide: list[str] = field(default_factory=list)


def _say(lang: str, key: str, **values: Any) -> str:
    """The message ``init.<key>`` of the draft in ``lang``, filled without HTML escaping (it
    goes into a YAML comment or the terminal, not into a report)."""
    return catalog(lang)[f"init.{key}"].format(**values)


#: The export descriptions of :mod:`cxresearch.formats` (English, also in ``Survey.notes``) and
#: the ``init.read.*`` messages that say them in the draft's language.
_READ_AS = [
    (re.compile(r"read as a Qualtrics export: (?P<n>\d+) header rows, (?P<values>choice text|"
                r"numeric values)(?:, (?P<k>\d+) NPS group column\(s\) kept out of the items)?"),
     "qualtrics", "nps_groups"),
    (re.compile(r"read as a SurveyMonkey export: 2 header rows \(question, then sub-answer\)"),
     "surveymonkey", None),
    (re.compile(r"read as a Google Forms export: question texts as headers"
                r"(?:, (?P<k>\d+) grid rows)?"), "google", "grids"),
    (re.compile(r"read as a LimeSurvey export: 1 header row"), "limesurvey", None),
    (re.compile(r"read as a table with a title block: the header is row (?P<n>\d+) "
                r"\((?P<k>\d+) title rows above it skipped\)"), "title_block", None),
    (re.compile(r"read as a plain table: 1 header row"), "plain", None),
    (re.compile(r"read as an SPSS file: variable labels as labels(?:, value labels for "
                r"(?P<k>\d+) variables)?(?: \((?P<s>\d+) with shifted codes, e\.g\. "
                r"(?P<col>.+)\))?"), "spss", None),
    (re.compile(r"read as a Parquet table"), "parquet", None),
]


def read_as(description: str, lang: str = "en") -> str:
    """How a data file was read, in ``lang``: an export description of
    :mod:`cxresearch.formats` (English, as in ``Survey.notes``) said from the ``init.read.*``
    messages of the catalog.

    Parameters
    ----------
    description : str
        The description (``ExportTable.description``, or a note of a Survey).
    lang : str
        ``en``, ``fi`` or ``sv``.

    Returns
    -------
    str
        The description in ``lang``; any other text unchanged.

    Examples
    --------
    >>> read_as("read as a Qualtrics export: 3 header rows, choice text", "fi")[:30]
    'luettu Qualtrics-vientinä: 3 o'
    >>> read_as("something else", "fi")
    'something else'
    """
    for rx, key, extra in _READ_AS:
        m = rx.fullmatch(description)
        if m is None:
            continue
        g = m.groupdict()
        if key == "qualtrics":
            values = _say(lang, "read.choice_text" if g["values"] == "choice text"
                          else "read.numeric")
            text = _say(lang, "read.qualtrics", n=g["n"], values=values)
        elif key == "title_block":
            text = _say(lang, "read.title_block", n=g["n"], k=g["k"])
        else:
            text = _say(lang, f"read.{key}")
        if key == "spss":
            text += _say(lang, "read.spss_labels", k=g["k"]) if g["k"] else ""
            text += _say(lang, "read.spss_shifted", k=g["s"], col=g["col"]) if g["s"] else ""
        elif extra and g.get("k"):
            text += _say(lang, f"read.{extra}", k=g["k"])
        return text
    return description


# --------------------------------------------------------------------------- statistics


def parallel_analysis(data: pd.DataFrame | np.ndarray, *, n_iter: int = 200,
                      seed: int = 0) -> tuple[int, np.ndarray, np.ndarray]:
    """Number of factors by parallel analysis (Horn 1965).

    Parameters
    ----------
    data : DataFrame or array
        Complete cases, one column per item.
    n_iter : int
        Random data sets of the same shape.
    seed : int

    Returns
    -------
    n_factors : int
        Leading eigenvalues of the correlation matrix that exceed the mean eigenvalue of the
        same position in random normal data.
    observed, random_mean : ndarray
        The eigenvalues compared (descending).

    Notes
    -----
    Horn, J. L. (1965). A rationale and test for the number of factors in factor analysis.
    *Psychometrika*, 30, 179–185.

    Examples
    --------
    >>> rng = np.random.default_rng(1)
    >>> f = rng.normal(size=(300, 2))
    >>> x = np.column_stack([f[:, 0] + rng.normal(0, .5, 300) for _ in range(3)]
    ...                     + [f[:, 1] + rng.normal(0, .5, 300) for _ in range(3)])
    >>> parallel_analysis(x)[0]
    2
    """
    x = np.asarray(data, dtype=float)
    n, p = x.shape
    observed = np.sort(np.linalg.eigvalsh(np.corrcoef(x, rowvar=False)))[::-1]
    rng = np.random.default_rng(seed)
    rand = np.empty((n_iter, p))
    for b in range(n_iter):
        z = rng.standard_normal((n, p))
        rand[b] = np.sort(np.linalg.eigvalsh(np.corrcoef(z, rowvar=False)))[::-1]
    mean = rand.mean(axis=0)
    above = observed > mean
    k = int(np.argmin(above)) if not above.all() else p
    return k, observed, mean


def _item_rest(items: pd.DataFrame) -> dict[str, float]:
    out = {}
    for c in items.columns:
        rest = items.drop(columns=c).mean(axis=1)
        ok = items[c].notna() & rest.notna()
        out[c] = float(np.corrcoef(items[c][ok], rest[ok])[0, 1]) if ok.sum() > 2 else np.nan
    return out


# --------------------------------------------------------------------------- column guesses


@dataclass
class _Col:
    name: str
    label: str
    kind: str = "unused"          # outcome | item | id | date | wave | weight | segment | text
    evidence: str = ""            # | pii | bookkeeping | derived | unused
    scale: tuple[int, int] | None = None
    recode: Any = None
    recode_evidence: str = ""
    na: list[int] = field(default_factory=list)
    na_evidence: str = ""
    values: pd.Series | None = None   # numeric answers after recode and NA codes
    binary: bool = False


def _text_scale(values: pd.Series) -> tuple[str, list[str]] | None:
    seen = {str(v).strip().lower() for v in values.dropna().unique()}
    if len(seen) < 2:
        return None
    for name, labels in _SCALES.items():
        if seen <= set(labels):
            return name, labels
    return None


def _numeric(s: pd.Series) -> pd.Series:
    if pd.api.types.is_bool_dtype(s):
        return pd.Series(np.nan, index=s.index)
    return pd.to_numeric(s, errors="coerce")


def _classify(table: TableRead, lang: str = "en") -> list[_Col]:
    df = table.data
    n = len(df)
    cols: list[_Col] = []
    for name in df.columns:
        s = df[name]
        label = table.labels.get(name, "")
        hay = f"{name} {table.original_names.get(name, '')} {label}"
        c = _Col(name, label)
        cols.append(c)
        present = s.dropna()
        if isinstance(present.dtype, pd.StringDtype) or present.dtype == object:
            present = present[present.astype(str).str.strip() != ""]
        nn = len(present)
        if nn == 0:
            c.kind, c.evidence = "unused", _say(lang, "ev.no_answers")
            continue
        text = present.astype(str)
        if name in table.derived:
            c.kind = "derived"
            c.evidence = _say(lang, "ev.derived")
            continue
        pii = next((what for what, rx in _PII_NAME if rx.search(name)
                    or rx.search(table.original_names.get(name, ""))), None)
        email_share = float(text.str.fullmatch(_EMAIL).mean())
        phone_share = float(text.str.fullmatch(_PHONE).mean()) if not \
            pd.api.types.is_numeric_dtype(present) else 0.0
        person_share = float(text.str.fullmatch(_PERSON).mean())
        if pii:
            c.kind = "pii"
            c.evidence = _say(lang, "ev.pii_name", what=_say(lang, f"pii.{pii}"))
            if email_share > 0:
                c.evidence += _say(lang, "ev.pii_email_also", share=fmt_pct(email_share, lang))
            continue
        if email_share >= 0.5:
            c.kind = "pii"
            c.evidence = _say(lang, "ev.pii_email", share=fmt_pct(email_share, lang))
            continue
        if phone_share >= 0.5:
            c.kind = "pii"
            c.evidence = _say(lang, "ev.pii_phone", share=fmt_pct(phone_share, lang))
            continue
        if person_share >= 0.8 and present.nunique() > 0.5 * nn and nn >= 5:
            c.kind = "pii"
            c.evidence = _say(lang, "ev.pii_person", share=fmt_pct(person_share, lang))
            continue
        if name.lower() in _BOOKKEEPING or (table.original_names.get(name, "").lower()
                                            in _BOOKKEEPING):
            c.kind, c.evidence = "bookkeeping", _say(lang, "ev.bookkeeping")
            if name.lower() in ("enddate", "end_date"):
                c.kind, c.evidence = "date_candidate", _say(lang, "ev.end_date")
            continue
        num = _numeric(s)
        numeric = num.notna().sum() == nn
        unique = present.nunique() == nn == n
        if _ID.search(name) and unique:
            c.kind, c.evidence = "id", _say(lang, "ev.id_name", n=n)
            continue
        if pd.api.types.is_datetime64_any_dtype(s) or (_DATE.search(hay) and not numeric):
            plain = text.str.replace(r"\s+[A-Z]{2,5}$", "", regex=True)  # "... EET" (Forms)
            parsed = pd.to_datetime(plain, errors="coerce", format="mixed") \
                if not pd.api.types.is_datetime64_any_dtype(s) else present
            share = float(parsed.notna().mean())
            if share >= 0.9:
                c.kind, c.evidence = "date", _say(lang, "ev.date", share=fmt_pct(share, lang))
                continue
        if name in table.open_text:
            c.kind, c.evidence = "text", _say(lang, "ev.text_entry")
            continue
        if _WEIGHT.search(name) and numeric and (num.dropna() > 0).all():
            c.kind = "weight"
            c.evidence = _say(lang, "ev.weight", low=f"{num.min():.2g}",
                              high=f"{num.max():.2g}", mean=f"{num.mean():.2f}")
            continue
        if _WAVE.search(name) and 2 <= present.nunique() <= 40:
            c.kind, c.evidence = "wave", _say(lang, "ev.wave", k=present.nunique())
            continue
        vl = table.value_labels.get(name, {})
        if numeric:
            _numeric_column(c, num, vl, hay, lang)
            if c.kind != "unused":
                continue
            if unique and (num.dropna() % 1 == 0).all():
                c.kind, c.evidence = "id", _say(lang, "ev.id_numbers", n=n)
                continue
            levels = num.nunique()
            if 2 <= levels <= 12 and (not vl or not labels_are_anchors(vl, num.dropna())):
                c.kind, c.evidence = "segment", _say(lang, "ev.levels", k=levels)
            continue
        scale = _text_scale(present)
        if scale is not None:
            sname, labels = scale
            c.recode = {lab[0].upper() + lab[1:]: i + 1 for i, lab in enumerate(labels)}
            c.recode_evidence = _say(lang, "ev.choice_text", scale=sname)
            c.values = text.str.strip().str.lower().map({k: i + 1 for i, k in enumerate(labels)}
                                                         ).reindex(s.index)
            c.scale = (1, 5)
            c.kind = "outcome" if (_RECOMMEND.search(hay) or _SATISFIED.search(hay)) else "item"
            c.evidence = c.recode_evidence
            continue
        codes = text.str.fullmatch(r"A\d{1,2}")
        if codes.all() and present.nunique() >= 3:
            nums = text.str[1:].astype(int)
            lo, hi = int(nums.min()), int(nums.max())
            c.recode = {f"A{k}": k for k in range(lo, hi + 1)}
            c.recode_evidence = _say(lang, "ev.limesurvey", lo=lo, hi=hi)
            c.values = text.str[1:].astype(float).reindex(s.index)
            c.scale = (min(lo, 1), max(hi, 5))
            c.kind, c.evidence = "item", c.recode_evidence
            continue
        levels = present.nunique()
        if levels == 2 and all(v.strip().lower() in _YES | _NO for v in present.unique()):
            yes = [v for v in present.unique() if v.strip().lower() in _YES]
            no = [v for v in present.unique() if v.strip().lower() in _NO]
            if len(yes) == 1 and len(no) == 1:
                c.recode = {yes[0]: 1, no[0]: 0}
                c.recode_evidence = _say(lang, "ev.two_answers")
                c.values = text.map({yes[0]: 1.0, no[0]: 0.0}).reindex(s.index)
                c.binary = True
                c.kind = "outcome" if (_RECOMMEND.search(hay) or _SATISFIED.search(hay)) \
                    else "segment"
                c.evidence = (c.recode_evidence if c.kind == "outcome"
                              else _say(lang, "ev.levels", k=2))
                continue
        mean_len = float(text.str.len().mean())
        if _OPEN.search(hay) or (levels > max(12, 0.3 * nn) and mean_len >= 15):
            c.kind = "text"
            c.evidence = (_say(lang, "ev.open", k=levels, chars=f"{mean_len:.0f}")
                          + (_say(lang, "ev.open_asks") if _OPEN.search(hay) else ""))
            continue
        if 2 <= levels <= 12:
            c.kind, c.evidence = "segment", _say(lang, "ev.levels", k=levels)
    return cols


def _numeric_column(c: _Col, num: pd.Series, vl: dict, hay: str, lang: str = "en") -> None:
    """Ratings, binary answers and outcomes among numeric columns (sets c.kind when one)."""
    values = num.dropna()
    if not (values % 1 == 0).all():
        return
    lo, hi = int(values.min()), int(values.max())
    shift = shifted_scale(vl) if vl else None
    if shift is not None:
        (f_lo, f_hi), (t_lo, t_hi) = shift
        c.recode = {"from": [f_lo, f_hi], "to": [t_lo, t_hi]}
        c.recode_evidence = _say(lang, "ev.shifted", t_lo=t_lo, f_lo=f_lo, t_hi=t_hi, f_hi=f_hi,
                                 by=f_lo - t_lo)
        num = num - (f_lo - t_lo)
        values = num.dropna()
        lo, hi = t_lo, t_hi
    is_outcome = bool(_RECOMMEND.search(hay) or _SATISFIED.search(hay))
    distinct = set(values.astype(int))
    if distinct <= {0, 1} and len(distinct) == 2:
        if is_outcome:
            c.kind, c.binary, c.values = "outcome", True, num
            c.evidence = _say(lang, "ev.zero_one")
        return
    if vl and not labels_are_anchors(vl, values) and shift is None and hi - lo <= 11 and \
            len(vl) <= 12 and not is_outcome:
        return  # every code labelled: a category (region), not a rating
    # "not applicable": 0 below a 1-k rating, or typical no-answer codes outside it
    na: list[int] = []
    if 0 in distinct and shift is None and len(distinct - {0}) >= 3:
        top = max(distinct - {0} - set(_NA_CODES))
        if top in (4, 5, 7) and not (_RECOMMEND.search(hay) and top >= 10):
            na.append(0)
            zeros = int((values == 0).sum())
            c.na_evidence = _say(lang, "ev.na_zero", n=zeros, top=top)
    for code in _NA_CODES:
        if code in distinct and (code < 0 or code > 11):
            na.append(code)
    if na:
        c.na = na
        values = values[~values.isin(na)]
        if not c.na_evidence:
            c.na_evidence = _say(lang, "ev.na_codes", codes=na)
        num = num.mask(num.isin(na))
        lo, hi = int(values.min()), int(values.max())
    if hi - lo < 3 or hi > 11 or lo < 0:
        return
    if lo <= 1 and hi <= 5:
        scale = (1, 5) if lo >= 1 else (0, 5)
    elif lo <= 1 and hi <= 7:
        scale = (1, 7) if lo >= 1 else (0, 7)
    elif hi <= 10:
        scale = (0, 10) if lo == 0 or _RECOMMEND.search(hay) else (1, 10)
    elif hi == 11 and lo >= 1 and shift is None and _RECOMMEND.search(hay):
        c.recode = {"from": [1, 11], "to": [0, 10]}
        c.recode_evidence = _say(lang, "ev.one_to_eleven")
        num, scale = num - 1, (0, 10)
    else:
        return
    c.scale, c.values = scale, num
    c.kind = "outcome" if is_outcome else "item"
    c.evidence = _say(lang, "ev.whole", lo=lo, hi=hi)
    if vl and labels_are_anchors(vl, values) and shift is None:
        c.evidence += _say(lang, "ev.anchors")


# --------------------------------------------------------------------------- constructs


def _prefix(c: _Col) -> str | None:
    m = re.fullmatch(r"(.+?)[_.]?(?:SQ)?\d+", c.name)
    if m and m.group(1):
        return m.group(1).rstrip("_.")
    for sep in (" [", " - ", ": "):
        if sep in c.label:
            return c.label.split(sep)[0].strip()
    return None


def _constructs(items: list[_Col], taken: set[str], seed: int = 0, lang: str = "en",
                ) -> tuple[dict[str, dict[str, Any]], dict[str, str]]:
    constructs: dict[str, dict[str, Any]] = {}
    evidence: dict[str, str] = {}
    groups: dict[str, list[_Col]] = {}
    for c in items:
        p = _prefix(c)
        if p:
            groups.setdefault(p, []).append(c)
    rest = [c for c in items if not any(c in g for g in groups.values() if len(g) >= 2)]

    def name_for(base: str) -> str:
        name = snake_name(base, max_len=24)
        while name in taken or name in constructs:
            name += "_score"
        return name

    for p, group in groups.items():
        if len(group) < 2:
            continue
        name = name_for(p)
        label = p if any(ch in p for ch in " ?:") else _stem([c.label for c in group])
        constructs[name] = {"items": [c.name for c in group], "scale": _common_scale(group),
                            "label": label}
        evidence[name] = _say(lang, "ev.share_text" if p == label else "ev.share_prefix", p=p)
    frame = pd.DataFrame({c.name: c.values for c in rest})
    complete = frame.dropna()
    assigned: set[str] = set()
    if len(rest) >= 3 and len(complete) >= max(50, 5 * len(rest)):
        from sklearn.decomposition import FactorAnalysis  # ML factor analysis with varimax

        k, obs, rnd = parallel_analysis(complete, seed=seed)
        if k >= 1:
            z = (complete - complete.mean()) / complete.std(ddof=0).replace(0, 1)
            fa = FactorAnalysis(n_components=k, rotation="varimax", random_state=seed).fit(z)
            loadings = pd.DataFrame(fa.components_.T, index=complete.columns)
            for j in range(k):
                members = [i for i in loadings.index
                           if int(np.argmax(loadings.loc[i].abs().to_numpy())) == j
                           and abs(loadings.loc[i, j]) >= 0.4]
                if len(members) < 2:
                    continue
                name = name_for(f"factor_{j + 1}")
                group = [c for c in rest if c.name in members]
                constructs[name] = {"items": members, "scale": _common_scale(group),
                                    "label": None}
                loads = ", ".join(f"{m} {loadings.loc[m, j]:+.2f}" for m in members)
                evidence[name] = _say(lang, "ev.factor", j=j + 1, k=k,
                                      obs=", ".join(f"{v:.2f}" for v in obs[:k + 1]),
                                      rnd=", ".join(f"{v:.2f}" for v in rnd[:k + 1]),
                                      loads=loads)
                assigned |= set(members)
    for c in rest:
        if c.name in assigned:
            continue
        name = name_for(f"{c.name}_item") if c.name in taken else c.name
        if name in taken:
            name = name_for(c.name)
        constructs[name] = {"items": [c.name], "scale": c.scale, "label": None}
        evidence[name] = _say(lang, "ev.single")
    # reverse-worded items: negative item-rest correlation
    by_name = {c.name: c for c in items}
    for name, spec in constructs.items():
        if len(spec["items"]) < 3:
            spec["reverse"] = []
            continue
        frame = pd.DataFrame({i: by_name[i].values for i in spec["items"]})
        r = _item_rest(frame)
        rev = [i for i, v in r.items() if v < 0]
        spec["reverse"] = rev
        if rev:
            evidence[f"{name}.reverse"] = _say(lang, "ev.reverse", items=", ".join(
                f"{i} {r[i]:+.2f}" for i in rev))
    return constructs, evidence


def _stem(labels: list[str]) -> str | None:
    """The question text the items' labels share ("Rate the service - Staff" ...)."""
    for sep in (" [", " - ", ": "):
        stems = {lab.split(sep)[0].strip() for lab in labels if sep in lab}
        if len(stems) == 1 and all(sep in lab for lab in labels):
            return stems.pop()
    return None


def _common_scale(group: list[_Col]) -> tuple[int, int]:
    scales = [c.scale for c in group if c.scale]
    return (min(s[0] for s in scales), max(s[1] for s in scales)) if scales else (1, 5)


# --------------------------------------------------------------------------- the draft


def draft_codebook(path: str | Path, *, lang: str = "en", out: str | Path | None = None,
                   seed: int = 0) -> Draft:
    """Draft a codebook for a data file or survey-platform export.

    Parameters
    ----------
    path : str or Path
        The data file (any type :func:`cxresearch.formats.read_export` reads, or parquet).
    lang : {"en", "fi", "sv"}
        The language the question texts are written under (``column_labels``, construct
        labels) and the codebook's ``language``.
    out : path, optional
        Where the codebook will be written: ``data:`` is made relative to it (else to the
        current folder).
    seed : int
        Seed of the parallel analysis.

    Returns
    -------
    Draft
        ``text`` (YAML with comments), ``guesses`` (the mapping), ``evidence``, ``decide``.

    Examples
    --------
    A small survey written to a temporary folder: the id, both outcomes and the open
    answers are found, and the draft says what is still to decide.

    >>> import tempfile
    >>> with tempfile.TemporaryDirectory() as folder:
    ...     f = Path(folder) / "survey.csv"
    ...     _ = f.write_text("id,recommend,satisfaction,comment\\n" + "".join(
    ...         f"{i},{i % 11},{1 + i % 5},ok\\n" for i in range(40)), encoding="utf-8")
    ...     d = draft_codebook(f, out=Path(folder) / "codebook.yaml")
    >>> d.guesses["id"], d.guesses["key_outcome"], d.guesses["text"]
    ('id', 'recommend', ['comment'])
    >>> d.guesses["outcomes"]["satisfaction"]
    {'column': 'satisfaction', 'type': 'rating', 'scale': [1, 5], 'top_box': [4, 5]}
    >>> d.evidence["id"]
    'name looks like an id; unique in all 40 rows'
    >>> d.decide[0][:32]
    'no rating items were found for k'
    """
    if lang not in ("en", "fi", "sv"):
        raise CXInputError(Problem("--lang", f"unknown language {lang!r}", "use en, fi or sv",
                                   value=lang))
    path = Path(path)
    if not path.is_file():
        raise CXInputError(Problem(str(path), "the data file does not exist",
                                   "check the path given to cx init"))
    if path.suffix.lower() in (".parquet", ".pq"):
        table = TableRead(pd.read_parquet(path), description="read as a Parquet table")
    else:
        table = read_export(path)
    if len(table.data) == 0:
        raise CXInputError(Problem(str(path), "the file has a header but no data rows",
                                   "export the data again with the respondents' rows"))
    cols = _classify(table, lang)
    by_kind: dict[str, list[_Col]] = {}
    for c in cols:
        by_kind.setdefault(c.kind, []).append(c)
    ev: dict[str, str] = {}
    decide: list[str] = []
    g: dict[str, Any] = {}

    base = Path(out).resolve().parent if out else Path.cwd()
    g["name"] = path.stem.replace("_", " ")
    g["data"] = Path(os.path.relpath(path.resolve(), base)).as_posix()
    if table.format != "table":
        g["format"] = table.format
        ev["format"] = read_as(table.description, lang)
    g["language"] = lang

    def first(kind: str, key: str) -> None:
        found = by_kind.get(kind, [])
        if found:
            g[key] = found[0].name
            ev[key] = found[0].evidence + (
                _say(lang, "ev.also", cols=", ".join(c.name for c in found[1:]))
                if len(found) > 1 else "")

    first("id", "id")
    dates = by_kind.get("date", []) or by_kind.get("date_candidate", [])
    if dates:
        pick = next((c for c in dates if re.search(r"record|submit|end|timestamp|aikaleima",
                                                   c.name, re.I)), dates[0])
        g["date"] = pick.name
        ev["date"] = (pick.evidence or _say(lang, "ev.date_default")) + (
            _say(lang, "ev.other_dates", cols=", ".join(c.name for c in dates if c is not pick))
            if len(dates) > 1 else "")
    first("wave", "wave")
    first("weight", "weight")

    # outcomes
    outcomes: dict[str, dict[str, Any]] = {}
    cands = by_kind.get("outcome", [])
    rec = [c for c in cands if _RECOMMEND.search(f"{c.name} {c.label}")]
    sat = [c for c in cands if c not in rec]
    for c in rec[:1]:
        spec: dict[str, Any] = {"column": c.name}
        if c.binary:
            spec["type"] = "binary"
            oname = "would_recommend"
        elif c.scale in ((0, 10), (1, 10)):
            spec.update(type="nps", scale=list(c.scale))
            oname = "recommend"
        else:
            spec.update(type="rating", scale=list(c.scale), top_box=_top_box(c.scale))
            oname = "recommend_rating"
        outcomes[oname] = spec
        ev[f"outcomes.{oname}"] = _say(lang, "ev.mentions_recommend", evidence=c.evidence)
    for c in sat[:1]:
        spec = {"column": c.name}
        if c.binary:
            spec["type"] = "binary"
            oname = "satisfied"
        else:
            spec.update(type="rating", scale=list(c.scale), top_box=_top_box(c.scale))
            oname = "satisfaction"
        outcomes[oname] = spec
        ev[f"outcomes.{oname}"] = _say(lang, "ev.mentions_satisfaction", evidence=c.evidence)
    for c in rec[1:] + sat[1:]:
        c.kind = "item" if c.scale else "segment"
        ev.setdefault("other_outcomes", "")
        ev["other_outcomes"] += f"{c.name} "
    if outcomes:
        g["outcomes"] = outcomes
        g["key_outcome"] = "recommend" if "recommend" in outcomes else next(iter(outcomes))
        ev["key_outcome"] = _say(lang, "ev.key_recommend" if "recommend" in outcomes
                                 else "ev.key_first")
    else:
        decide.append(_say(lang, "decide.no_outcome"))

    # recodes and missing codes
    used_outcomes = {o["column"] for o in outcomes.values()}
    items = [c for c in cols if c.kind == "item" and c.values is not None]
    recode: dict[str, Any] = {}
    missing: dict[str, list[int]] = {}
    global_codes: set[int] = set()
    for c in [c for c in cols if c.name in used_outcomes] + items:
        if c.recode is not None:
            recode[c.name] = c.recode
            ev[f"recode.{c.name}"] = c.recode_evidence
        if c.na:
            per = [v for v in c.na if v == 0]
            if per:
                missing[c.name] = per
                ev[f"missing.{c.name}"] = c.na_evidence
            global_codes |= {v for v in c.na if v != 0}
    for c in cols:  # binary outcomes / segments with text recodes
        if c.kind == "segment" and c.recode is not None:
            c.recode = None
    if global_codes or missing:
        g["missing"] = {"all": sorted(global_codes), **missing}
        if global_codes:
            ev["missing.all"] = _say(lang, "ev.global_codes", codes=sorted(global_codes))
    if recode:
        g["recode"] = recode

    taken = {c.name for c in cols} | set(outcomes)
    constructs, cev = _constructs(items, taken, seed=seed, lang=lang)
    if constructs:
        g["constructs"] = constructs
        ev.update({f"constructs.{k}": v for k, v in cev.items()})
    else:
        decide.append(_say(lang, "decide.no_items"))
    segs = [c for c in by_kind.get("segment", [])]
    if segs:
        g["segments"] = [c.name for c in segs]
        ev["segments"] = "; ".join(f"{c.name}: {c.evidence}" for c in segs)
    for key, kind in (("text", "text"), ("pii", "pii")):
        found = by_kind.get(kind, [])
        if found:
            g[key] = [c.name for c in found]
            for c in found:
                ev[f"{key}.{c.name}"] = c.evidence
    shown = ("outcome", "item", "segment", "text", "wave", "weight", "date", "id")
    labels = {c.name: c.label for c in cols if c.label and c.kind in shown}
    if labels:
        g["column_labels"] = {k: {lang: v} for k, v in labels.items()}
    unused = [c for c in cols if c.kind in ("bookkeeping", "derived", "unused",
                                            "date_candidate") and c.name != g.get("date")]
    text = _yaml(g, ev, decide, table, unused, path, lang)
    return Draft(text, g, ev, decide)


def _top_box(scale: tuple[int, int]) -> list[int]:
    lo, hi = scale
    return [hi] if hi - lo < 4 else [hi - 1, hi]


# --------------------------------------------------------------------------- YAML text


_PLAIN = re.compile(r"[A-Za-z_][A-Za-z0-9_]*")
_RESERVED = {"yes", "no", "true", "false", "null", "on", "off", "y", "n", "~"}


def _q(v: Any) -> str:
    if isinstance(v, bool):
        return "true" if v else "false"
    if isinstance(v, (int, np.integer)):
        return str(int(v))
    if isinstance(v, (float, np.floating)):
        return repr(float(v))
    s = str(v)
    if _PLAIN.fullmatch(s) and s.lower() not in _RESERVED:
        return s
    return json.dumps(s, ensure_ascii=False)


def _flow(v: Any) -> str:
    if isinstance(v, dict):
        return "{" + ", ".join(f"{_q(k)}: {_flow(x)}" for k, x in v.items()) + "}"
    if isinstance(v, (list, tuple)):
        return "[" + ", ".join(_flow(x) for x in v) + "]"
    return _q(v)


def _comment(text: str | None) -> str:
    if not text:
        return ""
    return "  # " + " ".join(str(text).split())


def _yaml(g: dict, ev: dict, decide: list[str], table: TableRead, unused: list[_Col],
          path: Path, lang: str = "en") -> str:
    out = ["# " + _say(lang, "yaml.drafted", file=path.name),
           f"# {read_as(table.description, lang)}.",
           "# " + _say(lang, "yaml.review"),
           "# " + _say(lang, "yaml.raw")]
    for d in decide:
        out.append("# " + _say(lang, "yaml.decide", what=d))
    out.append("")
    for key in ("name", "data", "format", "language", "id", "date", "wave", "weight"):
        if key in g:
            out.append(f"{key}: {_q(g[key])}{_comment(ev.get(key))}")
    if "missing" in g:
        out.append("missing:" + _comment(_say(lang, "yaml.missing")))
        for k, v in g["missing"].items():
            out.append(f"  {_q(k)}: {_flow(v)}{_comment(ev.get(f'missing.{k}'))}")
    if "recode" in g:
        out.append("recode:" + _comment(_say(lang, "yaml.recode")))
        for k, v in g["recode"].items():
            out.append(f"  {_q(k)}: {_flow(v)}{_comment(ev.get(f'recode.{k}'))}")
    if "outcomes" in g:
        out.append("outcomes:")
        for k, v in g["outcomes"].items():
            out.append(f"  {_q(k)}: {_flow(v)}{_comment(ev.get(f'outcomes.{k}'))}")
        out.append(f"key_outcome: {_q(g['key_outcome'])}{_comment(ev.get('key_outcome'))}")
    if ev.get("other_outcomes"):
        out.append("# " + _say(lang, "yaml.other_outcomes", cols=ev["other_outcomes"].strip()))
    if "constructs" in g:
        out.append("constructs:")
        for k, spec in g["constructs"].items():
            out.append(f"  {_q(k)}:{_comment(ev.get(f'constructs.{k}'))}")
            if spec.get("label"):
                out.append(f"    label: {_flow({g['language']: spec['label']})}")
            out.append(f"    items: {_flow(spec['items'])}")
            out.append(f"    scale: {_flow(list(spec['scale']))}")
            if spec.get("reverse"):
                out.append(f"    reverse: {_flow(spec['reverse'])}"
                           f"{_comment(ev.get(f'constructs.{k}.reverse'))}")
    if "segments" in g:
        out.append(f"segments: {_flow(g['segments'])}{_comment(ev.get('segments'))}")
    for key, what in (("text", _say(lang, "yaml.text")), ("pii", _say(lang, "yaml.pii"))):
        if key in g:
            out.append(f"{key}:" + _comment(what))
            for col in g[key]:
                out.append(f"  - {_q(col)}{_comment(ev.get(f'{key}.{col}'))}")
    if "column_labels" in g:
        out.append("column_labels:" + _comment(_say(lang, "yaml.column_labels")))
        for k, v in g["column_labels"].items():
            out.append(f"  {_q(k)}: {_flow(v)}")
    if unused:
        out.append("# " + _say(lang, "yaml.unused", cols="; ".join(
            f"{c.name}: {c.evidence or _say(lang, 'ev.not_needed')}" for c in unused)))
    return "\n".join(out) + "\n"


def write_draft(draft: Draft, out: str | Path) -> Path:
    """Write a draft to a new file; never replaces a file and never writes into data/raw.

    Parameters
    ----------
    draft : Draft
        The draft (its ``text`` is written, as UTF-8).
    out : str or Path
        The new codebook file; its folder must exist.

    Returns
    -------
    Path
        ``out``.

    Raises
    ------
    CXInputError
        The file exists, the folder does not exist, or it is a ``data/raw`` folder.

    Examples
    --------
    >>> import tempfile
    >>> draft = Draft("name: shop\\n", {"name": "shop"})
    >>> folder = tempfile.TemporaryDirectory()
    >>> out = write_draft(draft, Path(folder.name) / "codebook.yaml")
    >>> out.read_text(encoding="utf-8")
    'name: shop\\n'
    >>> write_draft(draft, out)   # a second time: refused
    Traceback (most recent call last):
    ...
    cxresearch.errors.CXInputError: ...the file exists...
    >>> folder.cleanup()
    """
    out = Path(out)
    resolved = out.resolve()
    if any(p.name == "raw" and p.parent.name == "data" for p in resolved.parents):
        raise CXInputError(Problem(str(out), "cx init does not write into data/raw (raw data "
                                   "and what sits beside it stay as received)",
                                   "write the codebook elsewhere, e.g. --out codebook.yaml"))
    if out.exists():
        raise CXInputError(Problem(str(out), "the file exists", "choose a new file name; cx "
                                   "init never replaces a file"))
    if not out.parent.is_dir():
        raise CXInputError(Problem(str(out), "the folder does not exist",
                                   "create the folder first or choose another --out"))
    with open(out, "x", encoding="utf-8") as fh:
        fh.write(draft.text)
    return out
