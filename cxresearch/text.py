"""Open answers: themes, coverage, tone and each theme's effect on the key outcome.

Everything runs offline: lemmas come from simplemma's dictionaries (shipped inside the
package), stopwords from stopwordsiso and scikit-learn, the English tone lexicon from the
``afinn`` package (AFINN-165, Nielsen 2011). Nothing is downloaded at run time.

**Matching** (:func:`code_themes`). Answers are split into words; every word is lemmatised in
the answer's language (simplemma). A single-word term matches a word when

* the lemmas are equal, or the word equals the term (*hinnoissa* → *hinta*, *prices* →
  *price*, *waited* → *wait*, *köer* → *kö*);
* in Finnish and Swedish, and for terms of four letters or more, the term's lemma occurs
  inside the word or its lemma: compounds and inflected compounds (*hintataso*,
  *asiakaspalvelussa*, *kundtjänsten*);
* the word is the term plus a common inflection ending of the language (``-s``, ``-es``,
  ``-ed``, ``-ing``; ``-n``, ``-en``, ``-er``, ``-erna`` ...; ``-n``, ``-t``, ``-ssa`` ...),
  for words the lemma dictionary does not know.

A phrase term ("long wait") matches consecutive words that match its words.

**Negation.** A match is *negated* when a negation word of the language (``no``, ``not``,
``never``, ``without``, ``-n't``; ``ei``, ``en``, ``eikä``, ``ilman``...; ``inte``, ``ingen``,
``inga``, ``utan``...) stands at most three words before it with no clause break (``, . ; :
! ?``, *but*, *mutta*, *men*) between: "ei jonoa", "no queue", "inga köer". A theme counts
as *mentioned* in an answer when at least one of its matches is not negated; an answer whose
only matches are negated counts as a negated mention, which :func:`code_themes` reports in
``<theme>_negated`` columns with ``negated="separate"``, adds to the mention with
``negated="count"`` and leaves out with the default ``negated="drop"``.

**Language.** With ``lang=None`` each answer's language is told from its function words (and
å/ä/ö) among the languages the themes have terms in; an answer that gives no clue is taken to
be in the first of them. A theme without terms in an answer's language is matched with its
terms in all its other languages (a stated fallback, listed in ``.attrs["notes"]``). A
language without simplemma lemma data is matched on word forms and the inflection endings
only, also noted.

Examples
--------
>>> themes = {"price": {"label": {"en": "Price", "fi": "Hinta"},
...                     "match": {"en": ["price", "expensive"], "fi": ["hinta", "kallis"]}},
...           "queue": {"label": {"en": "Queue"}, "match": {"en": ["queue"], "fi": ["jono"]}}}
>>> df = pd.DataFrame({"comment": ["Hinnat ovat liian korkeat.", "Ei jonoa, kiitos.",
...                                "The queues were long", "Kilpailukykyiset hintatasot"]})
>>> code_themes(df, text="comment", themes=themes).astype(int).to_numpy().tolist()
[[1, 0], [0, 0], [0, 1], [1, 0]]
"""

from __future__ import annotations

import functools
import math
import re
from collections.abc import Mapping, Sequence
from pathlib import Path
from typing import Any

import numpy as np
import pandas as pd

from .codebook import Codebook
from .errors import CXInputError, Problem
from .i18n import fmt_num, fmt_pts, in_sentence, t
from .io import Survey, as_frame
from .redact import redact, safe_to_show
from .stats import check_level, p_adjust, z_value
from .themebook import Theme, parse_themes

__all__ = ["code_themes", "theme_columns", "theme_impact", "theme_coverage", "answer_tone", "theme_mix",
           "themes_by", "suggest_themes", "suggestions_yaml", "detect_language",
           "summary_sentences", "difference_sentences", "impact_display_table",
           "share_display_table", "quotes", "NEGATORS", "TONE_LEXICONS"]

_WORD = re.compile(r"[^\W\d_]+(?:['’][^\W\d_]+)*|[.,;:!?]")
_BREAK_WORDS = {"but", "however", "although", "mutta", "kuitenkin", "vaikka", "men", "fast",
                "dock", "ändå", "though"}
_PUNCT = set(".,;:!?")
_DIGIT_RUN = re.compile(r"\d{5,}")
NEG_WINDOW = 3

#: Negation words per language: a theme match within three words after one is negated.
NEGATORS: dict[str, frozenset[str]] = {
    "en": frozenset({"no", "not", "never", "without", "nothing", "none", "nor", "neither",
                     "cannot", "hardly", "zero", "nobody"}),
    "fi": frozenset({"ei", "en", "et", "emme", "ette", "eivät", "eikä", "enkä", "ilman"}),
    "sv": frozenset({"inte", "ingen", "inget", "inga", "utan", "aldrig", "ej", "icke",
                     "varken", "ingenting"}),
}
#: Inflection endings accepted after a term the lemma dictionary does not resolve.
_ENDINGS: dict[str, tuple[str, ...]] = {
    "en": ("s", "es", "ed", "d", "ing", "er", "ers", "'s"),
    "fi": ("n", "a", "ä", "t", "ssa", "ssä", "sta", "stä", "lla", "llä", "lta", "ltä", "lle",
           "ksi", "ja", "jä", "ni", "si", "mme", "nne", "kin", "kaan", "kään"),
    "sv": ("n", "en", "et", "t", "er", "erna", "ar", "arna", "or", "orna", "s", "ns", "ens",
           "na", "e", "a"),
}
#: Endings for a language without its own list (a stated, crude fallback).
_GENERIC_ENDINGS = ("s", "e", "n", "en", "es", "er")
_COMPOUNDING = {"fi", "sv", "de", "da", "nb", "nn", "nl", "et", "is"}
#: Short function words that tell the language of an answer.
_FUNCTION_WORDS: dict[str, frozenset[str]] = {
    "en": frozenset("the and is was a to of it i but not no very too for with were my they "
                    "at in this that so are have had".split()),
    "fi": frozenset("ja on oli ei mutta että kun se ne liian todella tosi erittäin olivat myös "
                    "en vain aina taas olisi ovat ollut kiitos hyvin kuin kyllä".split()),
    "sv": frozenset("och är var inte men att det för med jag mycket bra inga ingen alltid "
                    "också de som en ett på hade har tack".split()),
}
#: Tone lexicons shipped in an installed package, per language: (package, file, name).
TONE_LEXICONS: dict[str, tuple[str, str, str]] = {
    "en": ("afinn", "data/AFINN-en-165.txt", "AFINN-165 (Nielsen 2011)"),
}


# --------------------------------------------------------------------------- helpers


def _where(data: Any) -> str:
    return str(data.source) if isinstance(data, Survey) else "data"


def _text_column(df: pd.DataFrame, cb: Codebook | None, text: str | None, where: str) -> str:
    if text is None:
        if cb is None or not cb.text:
            raise CXInputError(Problem(where, "there is no open-answer (text) column",
                                       "name one with text='comment', or list it under "
                                       "'text:' in the codebook"))
        text = cb.text[0]
    if text not in df.columns:
        raise CXInputError(Problem(where, f"text column '{text}' is not in the data",
                                   "correct the column name (see the codebook's 'text:')",
                                   column=text))
    return text


def _answers(df: pd.DataFrame, col: str, where: str) -> pd.Series:
    """Non-empty answers of ``col`` as strings (index kept); raises when there are none."""
    s = df[col]
    s = s[s.notna()].astype(str).str.strip()
    s = s[s.str.len() > 0]
    if s.empty:
        raise CXInputError(Problem(where, f"text column '{col}' has no answers (every row is "
                                   "empty)", "check that the right column is named as 'text:' "
                                   "and that the export kept the open answers", column=col))
    return s


def _resolve_themes(themes: Any, cb: Codebook | None, where: str) -> dict[str, Theme]:
    if themes is None:
        themes = cb.themes if cb is not None else {}
    if isinstance(themes, Mapping) and themes and all(isinstance(v, Theme)
                                                       for v in themes.values()):
        return dict(themes)
    parsed = parse_themes(dict(themes) if isinstance(themes, Mapping) else themes,
                          where=where)
    if not parsed:
        raise CXInputError(Problem(where, "no themes are defined",
                                   "add a 'themes:' block to the codebook (draft one with "
                                   "'cx themes suggest --codebook CB') or pass themes=",
                                   column="themes"))
    return parsed


@functools.cache
def _has_lemmas(lang: str) -> bool:
    from simplemma.strategies.dictionaries.dictionary_factory import SUPPORTED_LANGUAGES

    return lang in SUPPORTED_LANGUAGES


@functools.lru_cache(maxsize=400_000)
def _lemma(word: str, lang: str) -> str:
    if not _has_lemmas(lang):
        return word
    import simplemma

    return simplemma.lemmatize(word, lang=lang).lower()


def _tokens(text: str) -> list[str]:
    return _WORD.findall(text.lower().replace("’", "'"))


def _check_lang(lang: str | None, where: str) -> None:
    if lang is not None and (not isinstance(lang, str) or not re.fullmatch(r"[a-z]{2,3}", lang)):
        raise CXInputError(Problem(where, "lang must be a language code", "use e.g. 'fi', "
                                   "'sv' or 'en'", column="lang", value=lang))


@functools.lru_cache(maxsize=400_000)
def _known(word: str, lang: str) -> bool:
    if not _has_lemmas(lang):
        return False
    import simplemma

    return simplemma.is_known(word, lang=lang)


@functools.cache
def _function_votes(candidates: tuple[str, ...]) -> dict[str, tuple[float, ...]]:
    votes: dict[str, list[float]] = {}
    for i, lang in enumerate(candidates):
        for w in _FUNCTION_WORDS.get(lang, ()):
            votes.setdefault(w, [0.0] * len(candidates))[i] = 1.0
    return {w: tuple(v) for w, v in votes.items()}


def _guess_lang(tokens: list[str], raw: str, candidates: Sequence[str]) -> str:
    """Function words first; only when they do not decide, words the lemma data knows."""
    cands = tuple(candidates)
    votes = _function_votes(cands)
    score = [0.0] * len(cands)
    for w in tokens:
        v = votes.get(w)
        if v is not None:
            score = [a + b for a, b in zip(score, v, strict=True)]
    low = raw.lower()
    for i, lang in enumerate(cands):
        if lang == "sv" and "å" in low:
            score[i] += 2
        if lang in ("fi", "sv") and ("ä" in low or "ö" in low):
            score[i] += 0.5
    best = max(score)
    if best <= 0.5 or score.count(best) > 1:
        for i, lang in enumerate(cands):
            score[i] += 0.4 * sum(_known(w, lang) for w in tokens if w not in _PUNCT)
        best = max(score)
    return cands[score.index(best)] if best > 0 else cands[0]


def detect_language(data: Any, *, text: str | None = None,
                    languages: Sequence[str] = ("fi", "sv", "en")) -> pd.Series:
    """The language of each non-empty answer, told from its function words.

    Counts short function words of each candidate language (and *å* for Swedish); the
    language with most wins, ties and answers without clues go to the first candidate.
    Approximate: meant to choose the lemmatiser, not to study languages.

    Returns
    -------
    Series
        Language code per answer, indexed like the data's non-empty answers.

    Examples
    --------
    >>> df = pd.DataFrame({"c": ["Hinnat ovat liian korkeat ja jono oli pitkä",
    ...                          "The staff were very kind", "Personalen var inte trevlig"]})
    >>> detect_language(df, text="c").tolist()
    ['fi', 'en', 'sv']
    """
    df, cb = as_frame(data)
    where = _where(data)
    col = _text_column(df, cb, text, where)
    ans = _answers(df, col, where)
    langs = list(languages)
    return pd.Series([_guess_lang(_tokens(a), a, langs) for a in ans], index=ans.index,
                     name="lang")


_NONE: frozenset[int] = frozenset()


class _Matcher:
    """Theme terms compiled per language; matches words through a per-word cache."""

    def __init__(self, themes: dict[str, Theme], langs: Sequence[str]):
        self.names = list(themes)
        self.notes: list[str] = []
        # per language: list of (theme index, tuple of unit ids); units: (lemma, surface)
        self.terms: dict[str, list[tuple[int, tuple[int, ...]]]] = {}
        self.units: dict[str, list[tuple[str, str]]] = {}
        self.cache: dict[str, dict[str, frozenset[int]]] = {}
        for lang in langs:
            units: list[tuple[str, str]] = []
            terms: list[tuple[int, tuple[int, ...]]] = []
            for k, th in enumerate(themes.values()):
                own = th.terms(lang)
                pairs = [(lang, w) for w in own]
                if not own:
                    pairs = [(other, w) for other in th.languages for w in th.terms(other)]
                    self.notes.append(f"theme '{th.name}' has no {lang} terms: its terms in "
                                      f"{', '.join(th.languages)} are used for {lang} answers")
                for tl, term in pairs:
                    ids = []
                    for w in term.split():
                        units.append((_lemma(w, tl), w))
                        ids.append(len(units) - 1)
                    terms.append((k, tuple(ids)))
            self.units[lang], self.terms[lang] = units, terms
            self.cache[lang] = dict.fromkeys(_PUNCT, frozenset())
            if not _has_lemmas(lang):
                self.notes.append(f"no lemma data for '{lang}': words are matched by their "
                                  "form and common endings only")

    def word_units(self, word: str, lang: str) -> frozenset[int]:
        cache = self.cache[lang]
        hit = cache.get(word)
        if hit is not None:
            return hit
        lem = _lemma(word, lang)
        compound = lang in _COMPOUNDING
        endings = _ENDINGS.get(lang, _GENERIC_ENDINGS)
        out = []
        for u, (ul, us) in enumerate(self.units[lang]):
            if lem == ul or word == us or lem == us:
                out.append(u)
            elif compound and len(ul) >= 4 and (ul in lem or ul in word or us in word):
                out.append(u)
            elif word.startswith(us) and word[len(us):] in endings:
                out.append(u)
        res = frozenset(out)
        cache[word] = res
        return res

    def code(self, tokens: list[str], lang: str) -> tuple[set[int] | frozenset[int],
                                                          set[int] | frozenset[int]]:
        """(themes mentioned, themes only negated) in one answer."""
        cache = self.cache[lang]
        units = [cache[w] if w in cache else self.word_units(w, lang) for w in tokens]
        if not any(units):
            return _NONE, _NONE
        neg = NEGATORS.get(lang, frozenset())
        pos_hits: set[int] = set()
        neg_hits: set[int] = set()
        for i, us in enumerate(units):
            if not us:
                continue
            for k, ids in self.terms[lang]:
                if ids[0] not in us or k in pos_hits:
                    continue
                if len(ids) > 1 and not all(i + j < len(units) and ids[j] in units[i + j]
                                            for j in range(1, len(ids))):
                    continue
                negated = False
                for j in range(i - 1, max(-1, i - 1 - NEG_WINDOW), -1):
                    w = tokens[j]
                    if w in _PUNCT or w in _BREAK_WORDS:
                        break
                    if w in neg or (lang == "en" and w.endswith("n't")):
                        negated = True
                        break
                (neg_hits if negated else pos_hits).add(k)
        return pos_hits, neg_hits - pos_hits


def _theme_languages(themes: dict[str, Theme]) -> list[str]:
    langs: list[str] = []
    for th in themes.values():
        for lang in th.languages:
            if lang not in langs:
                langs.append(lang)
    return langs or ["en"]


#: Recent coding results (theme matrices, languages; no answer text), keyed by a hash of the
#: answers, the themes and the language: theme_impact and theme_coverage on the same survey
#: code the answers once.
_CODE_CACHE: dict[tuple, tuple] = {}


def _cache_key(ans: pd.Series, themes: dict[str, Theme], lang: str | None) -> tuple:
    import hashlib

    h = hashlib.sha1(pd.util.hash_pandas_object(ans, index=True).to_numpy().tobytes())
    return (h.hexdigest(), repr(sorted((k, sorted(v.match.items())) for k, v in themes.items())),
            lang)


def _code_answers(texts: np.ndarray, themes: dict[str, Theme],
                  lang: str | None) -> tuple:
    candidates = [lang] if lang else _theme_languages(themes)
    matcher = _Matcher(themes, candidates)
    K = len(matcher.names)
    pos = np.zeros((len(texts), K), dtype=bool)
    negm = np.zeros((len(texts), K), dtype=bool)
    langs = []
    single = candidates[0] if len(candidates) == 1 else None
    for r, a in enumerate(texts):
        toks = _tokens(a)
        al = single or _guess_lang(toks, a, candidates)
        langs.append(al)
        p, n = matcher.code(toks, al)
        for k in p:
            pos[r, k] = True
        for k in n:
            negm[r, k] = True
    pos.flags.writeable = False
    negm.flags.writeable = False
    return pos, negm, langs, matcher.names, tuple(matcher.notes)


def _code(df: pd.DataFrame, col: str, themes: dict[str, Theme], lang: str | None,
          where: str, negated: str = "drop") -> tuple[pd.DataFrame, pd.Series, list[str]]:
    if negated not in ("drop", "separate", "count"):
        raise CXInputError(Problem(where, f"unknown negated={negated!r}", "use 'drop', "
                                   "'separate' or 'count'", column="negated", value=negated))
    _check_lang(lang, where)
    ans = _answers(df, col, where)
    key = _cache_key(ans, themes, lang)
    hit = _CODE_CACHE.get(key)
    if hit is None:
        hit = _code_answers(ans.to_numpy(), themes, lang)
        _CODE_CACHE[key] = hit
        while len(_CODE_CACHE) > 4:
            _CODE_CACHE.pop(next(iter(_CODE_CACHE)))
    pos, negm, langs, names, mnotes = hit
    matcher_notes = list(mnotes)
    out = pd.DataFrame(pos | negm if negated == "count" else pos, index=ans.index, columns=names)
    if negated == "separate":
        for k, nm in enumerate(names):
            out[f"{nm}_negated"] = negm[:, k]
    lang_s = pd.Series(langs, index=ans.index, name="lang")
    notes = list(dict.fromkeys(matcher_notes))
    if lang is None and len(set(langs)) > 1:
        counts = lang_s.value_counts()
        notes.append("answers in several languages: " + ", ".join(
            f"{k} {v}" for k, v in counts.items()) + "; each matched with its own terms")
    return out, lang_s, notes


def code_themes(data: Any, *, text: str | None = None, themes: Any = None,
                lang: str | None = None, negated: str = "drop") -> pd.DataFrame:
    """Code each open answer with the themes it mentions.

    Parameters
    ----------
    data : Survey or DataFrame
    text : str, optional
        The open-answer column (default: the codebook's first ``text`` column).
    themes : mapping, optional
        A ``themes:`` mapping (as in the codebook) or :class:`~cxresearch.themebook.Theme`
        objects; default the Survey's ``codebook.themes``.
    lang : str, optional
        Treat every answer as this language; default: told per answer (module notes).
    negated : {"drop", "separate", "count"}
        How a negated-only mention ("no queue") counts (module notes).

    Returns
    -------
    DataFrame
        One row per non-empty answer (the data's index), one bool column per theme (plus
        ``<theme>_negated`` with ``negated="separate"``). ``.attrs["lang"]`` holds each
        answer's language and ``.attrs["notes"]`` the fallbacks used.

    Examples
    --------
    >>> df = pd.DataFrame({"c": ["no queue today", "long queues", "inga köer"]})
    >>> th = {"queue": {"match": {"en": ["queue"], "sv": ["kö"]}}}
    >>> code_themes(df, text="c", themes=th, negated="separate").to_dict("list")
    {'queue': [False, True, False], 'queue_negated': [True, False, True]}
    """
    df, cb = as_frame(data)
    where = _where(data)
    col = _text_column(df, cb, text, where)
    th = _resolve_themes(themes, cb, where)
    out, langs, notes = _code(df, col, th, lang, where, negated)
    out.attrs["lang"] = langs.to_dict()
    out.attrs["notes"] = notes
    return out


def theme_columns(data: Any, *, text: str | None = None, themes: Any = None,
                  lang: str | None = None, prefix: str = "theme_") -> pd.DataFrame:
    """The data with one 0/1 column per theme, so that themes can enter a driver analysis.

    Returns
    -------
    DataFrame
        A copy of the data (a Survey's ``.data``) plus ``<prefix><theme>`` columns: 1.0 when
        the answer mentions the theme, 0.0 when it does not, NaN for respondents without an
        answer (so that a driver model uses only those who wrote one).

    Examples
    --------
    >>> df = pd.DataFrame({"c": ["too expensive", "", "fine"], "ltr": [3, 9, 9]})
    >>> theme_columns(df, text="c", themes={"price": {"match": {"en": ["expensive"]}}}
    ...               )["theme_price"].tolist()
    [1.0, nan, 0.0]
    """
    df, cb = as_frame(data)
    codes = code_themes(data, text=text, themes=themes, lang=lang)
    out = df.copy()
    for k in codes.columns:
        out[f"{prefix}{k}"] = codes[k].astype(float).reindex(df.index)
    return out


# --------------------------------------------------------------------------- outcomes


def _outcome(df: pd.DataFrame, cb: Codebook | None, outcome: str | None, where: str,
             outcome_type: str | None) -> tuple[str, str, tuple[float, float] | None, str]:
    """(column, type, scale, name) of the outcome."""
    scale = None
    name = outcome
    if cb is not None:
        o = cb.outcomes.get(outcome) if outcome else (cb.key_outcome if cb.outcomes else None)
        if o is None and outcome is not None:
            o = next((x for x in cb.outcomes.values() if x.column == outcome), None)
        if o is not None:
            col, scale, name = o.column, o.scale, o.name
            kind = outcome_type or getattr(o, "type", None) or (
                "nps" if o.is_nps_scale else "rating")
            return col, ("nps" if kind in ("nps", None) else kind), scale, name
        col = outcome
    else:
        col = outcome
    if col is None:
        raise CXInputError(Problem(where, "no outcome is named", "pass outcome='ltr' (the "
                                   "column of the key outcome)", column="outcome"))
    if col not in df.columns:
        raise CXInputError(Problem(where, f"outcome column '{col}' is not in the data",
                                   "correct the name", column=col))
    x = pd.to_numeric(df[col], errors="coerce").dropna()
    if outcome_type is None:
        vals = set(np.unique(x))
        if vals <= {0, 1}:
            outcome_type = "binary"
        elif len(x) and x.min() >= 0 and x.max() <= 10 and x.max() >= 7 and (x % 1 == 0).all():
            outcome_type = "nps"
        else:
            outcome_type = "rating"
    if outcome_type == "nps":
        scale = (1, 10) if len(x) and x.min() >= 1 else (0, 10)
    if outcome_type not in ("nps", "binary", "rating"):
        raise CXInputError(Problem(where, f"unknown outcome type {outcome_type!r}",
                                   "use 'nps', 'binary' or 'rating'", value=outcome_type))
    return col, outcome_type, scale, str(name or col)


def _outcome_values(df: pd.DataFrame, col: str, kind: str, scale: Any,
                    where: str) -> tuple[pd.Series, pd.Series]:
    """(value in the impact's units, group label) per row; NaN where missing."""
    x = pd.to_numeric(df[col], errors="coerce")
    if kind == "nps":
        from .metrics import nps_category

        cat = nps_category(x, scale=scale or (0, 10), where=where)
        y = cat.map({"promoter": 100.0, "passive": 0.0, "detractor": -100.0}).astype(float)
        return y, cat
    if kind == "binary":
        bad = x.notna() & ~x.isin([0, 1])
        if bad.any():
            raise CXInputError(Problem(where, f"binary outcome '{col}' has values other than "
                                       "0 and 1", "recode it to 0/1 in the codebook",
                                       column=col, n_rows=int(bad.sum())))
        return 100.0 * x, x.map({0: "0", 1: "1"})
    return x.astype(float), x.map(lambda v: v if v != v else f"{v:g}")


def _prepare(data: Any, text: str | None, outcome: str | None, themes: Any,
             lang: str | None, outcome_type: str | None = None) -> dict[str, Any]:
    df, cb = as_frame(data)
    where = _where(data)
    col = _text_column(df, cb, text, where)
    th = _resolve_themes(themes, cb, where)
    codes, langs, notes = _code(df, col, th, lang, where)
    ocol, kind, scale, oname = _outcome(df, cb, outcome, where, outcome_type)
    y, group = _outcome_values(df.loc[codes.index], ocol, kind, scale, where)
    keep = y.notna()
    if not keep.any():
        raise CXInputError(Problem(where, f"no answer has a value of the outcome '{ocol}'",
                                   "check the outcome column", column=ocol))
    return {"df": df, "cb": cb, "where": where, "themes": th, "codes": codes[keep],
            "y": y[keep], "group": group[keep], "kind": kind, "outcome": oname,
            "notes": notes, "lang": langs[keep], "all_codes": codes}


# --------------------------------------------------------------------------- impact


def theme_impact(data: Any, *, text: str | None = None, outcome: str | None = None,
                 themes: Any = None, level: float = 0.95, lang: str | None = None,
                 weight: str | None = None, outcome_type: str | None = None) -> pd.DataFrame:
    """How much each theme moves the key outcome, adjusted for the other themes.

    Parameters
    ----------
    data : Survey or DataFrame
    text, themes, lang : see :func:`code_themes`.
    outcome : str, optional
        Outcome name or column (default: the codebook's key outcome, else ``recommend``).
    level : float
        Confidence level of the intervals.
    weight : str, optional
        A weight column for weighted least squares (default unweighted).
    outcome_type : {"nps", "binary", "rating"}, optional
        Only for a DataFrame: how to read the outcome (default: 0/1 → binary, integers
        0–10 → nps, else rating).

    Returns
    -------
    DataFrame
        ``theme, label, mentions, share, impact, ci_low, ci_high, p, p_adjusted, nps_impact,
        mean_with, mean_without`` sorted by impact. ``share`` is the % of answers (with an
        outcome) mentioning the theme; ``impact`` is in the outcome's units: NPS points (the
        outcome coded +100 promoter, 0 passive, −100 detractor), percentage points for a binary
        outcome, scale points for a rating. ``mean_with`` is the NPS (or mean) of the theme's
        answers. ``.attrs`` holds ``n``, ``overall`` (NPS or mean of all answers), ``kind``,
        ``outcome`` and ``notes``.

    Notes
    -----
    ``impact`` is the theme's coefficient in the least-squares regression of the coded
    outcome on an intercept and every theme's 0/1 indicator, so each theme is adjusted for the
    others; intervals and p-values use HC3 standard errors (MacKinnon & White 1985) and the
    normal distribution, p-values are adjusted for the number of themes by Benjamini–Hochberg
    (:func:`cxresearch.stats.p_adjust`). With the +100/0/−100 coding the mean of the outcome
    *is* the NPS, so the coefficient is a difference in NPS points.

    ``nps_impact`` is the "impact on NPS" of text-analytics tools (e.g. Thematic's impact
    score): ``n_t (NPS_t − NPS) / (N − n_t)`` with ``n_t`` answers mentioning the theme, their
    NPS ``NPS_t``, ``N`` answers and their NPS ``NPS``. It equals NPS − NPS(without the
    theme's answers): how much the theme's answers move the overall score. Unadjusted,
    without an interval; for other outcome types the same formula with means.

    Examples
    --------
    >>> df = pd.DataFrame({"c": ["too expensive", "great staff", "expensive, rude staff",
    ...                          "fine"] * 20, "ltr": [3, 10, 6, 9] * 20})
    >>> th = {"price": {"match": {"en": ["expensive"]}}, "staff": {"match": {"en": ["staff"]}}}
    >>> theme_impact(df, text="c", outcome="ltr", themes=th)[["theme", "mentions"]].values.tolist()
    [['staff', 40], ['price', 40]]
    """
    level = check_level(level)
    ctx = _prepare(data, text, outcome, themes, lang, outcome_type)
    codes, y = ctx["codes"], ctx["y"]
    names = list(codes.columns)
    n = len(y)
    mentions = codes.sum().astype(int)
    usable = [k for k in names if 0 < mentions[k] < n]
    rows = []
    yv = y.to_numpy(float)
    overall = float(yv.mean())
    w = None
    if weight is not None:
        df = ctx["df"]
        if weight not in df.columns:
            raise CXInputError(Problem(ctx["where"], f"weight column '{weight}' is not in the "
                                       "data", "correct the name", column=weight))
        w = pd.to_numeric(df.loc[codes.index, weight], errors="coerce").to_numpy(float)
    fit = None
    if usable:
        import statsmodels.api as sm

        X = sm.add_constant(codes[usable].to_numpy(float), has_constant="add")
        model = sm.WLS(yv, X, weights=w) if w is not None else sm.OLS(yv, X)
        fit = model.fit(cov_type="HC3")
    z = z_value(level)
    for k in names:
        m = int(mentions[k])
        mask = codes[k].to_numpy()
        with_ = float(yv[mask].mean()) if m else math.nan
        without = float(yv[~mask].mean()) if m < n else math.nan
        est = se = pval = math.nan
        if fit is not None and k in usable:
            j = usable.index(k) + 1
            est, se, pval = float(fit.params[j]), float(fit.bse[j]), float(fit.pvalues[j])
        nps_imp = m * (with_ - overall) / (n - m) if 0 < m < n else math.nan
        rows.append({"theme": k, "label": ctx["themes"][k].title(_report_lang(ctx)),
                     "mentions": m, "share": 100.0 * m / n, "impact": est,
                     "ci_low": est - z * se, "ci_high": est + z * se, "p": pval,
                     "nps_impact": nps_imp, "mean_with": with_, "mean_without": without})
    out = pd.DataFrame(rows)
    out["p_adjusted"] = p_adjust(out["p"].to_numpy())
    out = out[["theme", "label", "mentions", "share", "impact", "ci_low", "ci_high", "p",
               "p_adjusted", "nps_impact", "mean_with", "mean_without"]]
    out = out.sort_values("impact", ascending=False, na_position="last").reset_index(drop=True)
    out.attrs.update(n=n, overall=overall, kind=ctx["kind"], outcome=ctx["outcome"],
                     notes=ctx["notes"], level=level)
    return out


def _report_lang(ctx: dict[str, Any]) -> str:
    langs = ctx["lang"]
    return str(langs.mode().iloc[0]) if len(langs) else "en"


def _wilson(k: np.ndarray, n: np.ndarray, level: float) -> tuple[np.ndarray, np.ndarray]:
    from statsmodels.stats.proportion import proportion_confint

    lo, hi = proportion_confint(k, np.maximum(n, 1), alpha=1 - level, method="wilson")
    return np.where(n > 0, 100 * lo, np.nan), np.where(n > 0, 100 * hi, np.nan)


def theme_coverage(data: Any, *, text: str | None = None, themes: Any = None,
                   lang: str | None = None, level: float = 0.95) -> pd.DataFrame:
    """How many answers the themes cover: matched by at least one theme.

    Parameters
    ----------
    data : Survey or DataFrame
        The respondents (a Survey supplies the text column and its ``themes:``).
    text : str, optional
        The open-answer column (default: the codebook's first ``text`` column).
    themes : mapping, optional
        A ``themes:`` mapping or Theme objects (default: the Survey's ``codebook.themes``).
    lang : str, optional
        Treat every answer as this language (default: told per answer).
    level : float
        Confidence level of the Wilson interval.

    Returns
    -------
    DataFrame
        One row: ``answers, covered, share, ci_low, ci_high, negated_only`` (share and its
        Wilson interval in %; ``negated_only``: answers whose only matches are negated).

    Examples
    --------
    >>> df = pd.DataFrame({"c": ["too expensive", "nice", "no queue", "queue"]})
    >>> th = {"price": {"match": {"en": ["expensive"]}}, "queue": {"match": {"en": ["queue"]}}}
    >>> theme_coverage(df, text="c", themes=th)[["answers", "covered", "negated_only"]].values
    array([[4, 2, 1]])
    """
    level = check_level(level)
    df, cb = as_frame(data)
    where = _where(data)
    col = _text_column(df, cb, text, where)
    th = _resolve_themes(themes, cb, where)
    codes, _, notes = _code(df, col, th, lang, where, negated="separate")
    names = list(th)
    pos = codes[names].any(axis=1)
    neg = codes[[f"{k}_negated" for k in names]].any(axis=1) & ~pos
    n, k = len(codes), int(pos.sum())
    lo, hi = _wilson(np.array([k]), np.array([n]), level)
    out = pd.DataFrame({"answers": [n], "covered": [k], "share": [100.0 * k / n],
                        "ci_low": lo, "ci_high": hi, "negated_only": [int(neg.sum())]})
    out.attrs["notes"] = notes
    return out


@functools.cache
def _tone_lexicon(lang: str) -> dict[str, float] | None:
    spec = TONE_LEXICONS.get(lang)
    if spec is None:
        return None
    import importlib

    try:
        pkg = importlib.import_module(spec[0])
    except ImportError:
        return None
    path = Path(pkg.__file__).parent / spec[1]
    lex = {}
    for line in path.read_text(encoding="utf-8").splitlines():
        word, _, score = line.rpartition("\t")
        if word and " " not in word:
            lex[word] = float(score)
    return lex


def answer_tone(data: Any, *, text: str | None = None, outcome: str | None = None,
                lang: str | None = None, outcome_type: str | None = None) -> pd.DataFrame:
    """The tone of each answer: a lexicon score where a lexicon ships, and the writer's score.

    Parameters
    ----------
    data : Survey or DataFrame
    text, lang : see :func:`code_themes` (languages told among fi, sv and en).
    outcome : str, optional
        The writer's own score (default the key outcome); ``None`` for a DataFrame without
        one gives no ``own_tone``.
    outcome_type : {"nps", "binary", "rating"}, optional
        The outcome's type (default: the codebook's, else told from the values).

    Returns
    -------
    DataFrame
        One row per non-empty answer: ``lang, tone, tone_words, lexicon, own_score,
        own_tone``. ``tone`` (−1…1) is the mean valence of the answer's lexicon words divided by
        5, a word's sign flipped when a negation word precedes it within three words; NaN
        where the language has no lexicon (``lexicon`` names the lexicon used). ``own_tone``
        is the writer's own score rescaled to −1…1 (NPS: promoter +1, passive 0, detractor
        −1): the language-independent tone.

    Notes
    -----
    Lexicon tone is approximate: word-level valences miss irony, context and domain words.
    Only English has a lexicon shipped in an installed package: AFINN-165 (Nielsen 2011, in
    the ``afinn`` package). Finnish and Swedish answers get the writer's own score only.

    Examples
    --------
    >>> df = pd.DataFrame({"c": ["great staff", "not good at all", "Hinnat korkeat"]})
    >>> answer_tone(df, text="c")["tone"].round(2).tolist()
    [0.6, -0.6, nan]
    """
    df, cb = as_frame(data)
    where = _where(data)
    col = _text_column(df, cb, text, where)
    _check_lang(lang, where)
    ans = _answers(df, col, where)
    cands = ["fi", "sv", "en"]
    rows = []
    for a in ans.to_numpy():
        toks = _tokens(a)
        al = lang or _guess_lang(toks, a, cands)
        lex = _tone_lexicon(al)
        if lex is None:
            rows.append((al, math.nan, 0, None))
            continue
        neg = NEGATORS.get(al, frozenset())
        vals = []
        for i, wd in enumerate(toks):
            v = lex.get(wd)
            if v is None:
                v = lex.get(_lemma(wd, al))
            if v is None:
                continue
            for j in range(i - 1, max(-1, i - 1 - NEG_WINDOW), -1):
                if toks[j] in _PUNCT or toks[j] in _BREAK_WORDS:
                    break
                if toks[j] in neg or toks[j].endswith("n't"):
                    v = -v
                    break
            vals.append(v)
        tone = float(np.mean(vals)) / 5 if vals else 0.0
        rows.append((al, tone, len(vals), TONE_LEXICONS[al][2]))
    out = pd.DataFrame(rows, index=ans.index, columns=["lang", "tone", "tone_words", "lexicon"])
    own = own_tone = pd.Series(np.nan, index=ans.index)
    if cb is not None or outcome is not None:
        ocol, kind, scale, _ = _outcome(df, cb, outcome, where, outcome_type)
        own = pd.to_numeric(df.loc[ans.index, ocol], errors="coerce")
        y, _ = _outcome_values(df.loc[ans.index], ocol, kind, scale, where)
        if kind == "nps":
            own_tone = y / 100
        elif kind == "binary":
            own_tone = y / 50 - 1
        else:
            lo, hi = (scale if scale else (own.min(), own.max()))
            own_tone = 2 * (own - lo) / (hi - lo) - 1 if hi > lo else own * np.nan
    out["own_score"] = own
    out["own_tone"] = own_tone
    return out


def theme_mix(data: Any, *, text: str | None = None, outcome: str | None = None,
              themes: Any = None, lang: str | None = None,
              outcome_type: str | None = None) -> pd.DataFrame:
    """Each theme's mentions among promoters, passives and detractors (or outcome levels).

    Parameters
    ----------
    data : Survey or DataFrame
        The respondents (a Survey supplies the text column and its ``themes:``).
    text : str, optional
        The open-answer column (default: the codebook's first ``text`` column).
    themes : mapping, optional
        A ``themes:`` mapping or Theme objects (default: the Survey's ``codebook.themes``).
    lang : str, optional
        Treat every answer as this language (default: told per answer).
    outcome : str, optional
        The outcome that defines the groups (default: the codebook's key outcome).
    outcome_type : {"nps", "binary", "rating"}, optional
        The outcome's type (default: the codebook's, else told from the values).

    Returns
    -------
    DataFrame
        ``theme, group, answers, mentions, share_of_group, share_of_mentions``: for each theme
        and outcome group (promoter/passive/detractor for an NPS outcome, else each outcome
        value), the group's answers, how many mention the theme, the % of the group's answers
        that do, and the group's % of all the theme's mentions.

    Examples
    --------
    >>> df = pd.DataFrame({"c": ["too expensive", "expensive", "fine"], "ltr": [2, 9, 9]})
    >>> th = {"price": {"match": {"en": ["expensive"]}}}
    >>> theme_mix(df, text="c", outcome="ltr", themes=th)["share_of_mentions"].tolist()
    [50.0, 0.0, 50.0]
    """
    ctx = _prepare(data, text, outcome, themes, lang, outcome_type)
    codes, group = ctx["codes"], ctx["group"]
    levels = (["detractor", "passive", "promoter"] if ctx["kind"] == "nps"
              else sorted(group.dropna().unique(), key=lambda s: float(s)))
    rows = []
    for k in codes.columns:
        total = int(codes[k].sum())
        for g in levels:
            m = (group == g).to_numpy()
            cnt = int(codes[k].to_numpy()[m].sum())
            rows.append({"theme": k, "group": g, "answers": int(m.sum()), "mentions": cnt,
                         "share_of_group": 100.0 * cnt / m.sum() if m.sum() else math.nan,
                         "share_of_mentions": 100.0 * cnt / total if total else math.nan})
    return pd.DataFrame(rows)


def themes_by(data: Any, *, by: str, text: str | None = None, themes: Any = None,
              lang: str | None = None, level: float = 0.95, min_n: int = 30) -> pd.DataFrame:
    """Theme shares by group (waves, segments), with a test of the differences per theme.

    Parameters
    ----------
    data : Survey or DataFrame
        The respondents (a Survey supplies the text column and its ``themes:``).
    text : str, optional
        The open-answer column (default: the codebook's first ``text`` column).
    themes : mapping, optional
        A ``themes:`` mapping or Theme objects (default: the Survey's ``codebook.themes``).
    lang : str, optional
        Treat every answer as this language (default: told per answer).
    by : str
        The grouping column (e.g. the wave or a segment); text, id and PII columns are refused.
    level : float
        Confidence level of the Wilson intervals.
    min_n : int
        Groups with fewer answers get no share and are left out of the test.

    Returns
    -------
    DataFrame
        ``theme, group, answers, mentions, share, ci_low, ci_high, p, p_adjusted, small``:
        share of the group's answers mentioning the theme (%, Wilson interval), the p-value of
        the chi-square test of independence of theme × group (one per theme, repeated on its
        rows), Benjamini–Hochberg-adjusted over the themes, and ``small`` for groups under
        ``min_n``.

    Examples
    --------
    >>> df = pd.DataFrame({"c": ["expensive", "ok"] * 40 + ["expensive"] * 40,
    ...                    "wave": [1] * 80 + [2] * 40})
    >>> th = {"price": {"match": {"en": ["expensive"]}}}
    >>> themes_by(df, by="wave", text="c", themes=th)["share"].tolist()
    [50.0, 100.0]
    """
    level = check_level(level)
    df, cb = as_frame(data)
    where = _where(data)
    if by not in df.columns:
        raise CXInputError(Problem(where, f"grouping column '{by}' is not in the data",
                                   "correct the name", column=by))
    if cb is not None and (by in cb.text or by in cb.pii or by == cb.id):
        raise CXInputError(Problem(where, f"'{by}' is a text, PII or id column and cannot "
                                   "group results", "group by a segment or the wave",
                                   column=by))
    col = _text_column(df, cb, text, where)
    th = _resolve_themes(themes, cb, where)
    codes, _, _ = _code(df, col, th, lang, where)
    g = df.loc[codes.index, by]
    ok = g.notna()
    codes, g = codes[ok], g[ok]
    groups = sorted(g.unique(), key=lambda v: (str(type(v)), v))
    sizes = g.value_counts()
    big = [x for x in groups if sizes[x] >= min_n]
    from scipy.stats import chi2_contingency

    rows, pvals = [], []
    for k in codes.columns:
        table = np.array([[int(codes[k][g == x].sum()), int((~codes[k][g == x]).sum())]
                          for x in big]).reshape(-1, 2)
        p = math.nan
        if len(big) > 1 and table[:, 0].sum() > 0 and table[:, 1].sum() > 0:
            p = float(chi2_contingency(table, correction=False)[1])
        pvals.append(p)
        cnt = np.array([int(codes[k][g == x].sum()) for x in groups])
        nn = np.array([int(sizes[x]) for x in groups])
        lo, hi = _wilson(cnt, nn, level)
        for i, x in enumerate(groups):
            small = nn[i] < min_n
            rows.append({"theme": k, "group": x, "answers": int(nn[i]), "mentions": int(cnt[i]),
                         "share": math.nan if small else 100.0 * cnt[i] / nn[i],
                         "ci_low": math.nan if small else lo[i],
                         "ci_high": math.nan if small else hi[i], "p": p, "small": small})
    out = pd.DataFrame(rows)
    adj = dict(zip(codes.columns, p_adjust(pvals), strict=True))
    out["p_adjusted"] = out["theme"].map(adj)
    return out[["theme", "group", "answers", "mentions", "share", "ci_low", "ci_high", "p",
                "p_adjusted", "small"]]


# --------------------------------------------------------------------------- suggestions


@functools.cache
def _stopwords(lang: str) -> frozenset[str]:
    words: set[str] = set()
    try:
        import stopwordsiso

        if stopwordsiso.has_lang(lang):
            words |= set(stopwordsiso.stopwords(lang))
    except ImportError:
        pass
    if lang == "en":
        from sklearn.feature_extraction.text import ENGLISH_STOP_WORDS

        words |= set(ENGLISH_STOP_WORDS)
    return frozenset(words | NEGATORS.get(lang, frozenset()))




def _mask(text: str) -> str:
    """Shared redaction (e-mail, phone), then digit runs of five or more (customer numbers)."""
    return _DIGIT_RUN.sub("[number]", redact(" ".join(text.split())))


def suggest_themes(data: Any, *, text: str | None = None, lang: str | None = None,
                   n: int = 8, seed: int = 0, n_terms: int = 8,
                   n_examples: int = 2) -> pd.DataFrame:
    """Propose themes from the answers: NMF on lemmatised TF-IDF, for the user to edit.

    Parameters
    ----------
    data : Survey or DataFrame
    text : str, optional
        The open-answer column (default the codebook's first ``text`` column).
    lang : str, optional
        Language of the lemmas and stopwords (default: the most common language among
        fi, sv and en).
    n : int
        Number of themes.
    seed : int
        Seed of the factorisation; the same seed gives the same themes.
    n_terms, n_examples : int
        Top terms and example phrases per theme.

    Returns
    -------
    DataFrame
        ``theme, terms, share, examples``: a name (its top lemma), the top lemmas, the % of
        answers for which it is the strongest theme, and redacted example phrases (at most
        80 characters, from the answers closest to the theme). ``.attrs``: ``lang``,
        ``answers`` used and ``left_out`` (answers told to be in another language, which are
        left out so that one language's lemmas and stopwords apply).

    Notes
    -----
    Words are lowercased, lemmatised with simplemma, and stopwords (stopwordsiso, plus
    scikit-learn's English list) and words under three letters removed; TF-IDF with sublinear
    term frequency, words in at least two answers and at most half of them; NMF with
    NNDSVDa initialisation (Boutsidis & Gallopoulos 2008), which makes it deterministic.

    Examples
    --------
    >>> df = pd.DataFrame({"c": ["prices are too high", "high prices again",
    ...                          "friendly staff", "staff were friendly and kind"] * 5})
    >>> suggest_themes(df, text="c", lang="en", n=2)["theme"].tolist()
    ['friendly', 'price']
    """
    df, cb = as_frame(data)
    where = _where(data)
    _check_lang(lang, where)
    if not isinstance(n, int) or n < 1:
        raise CXInputError(Problem(where, "the number of themes must be a positive whole "
                                   "number", "use e.g. --n 8", column="n", value=n))
    col = _text_column(df, cb, text, where)
    ans = _answers(df, col, where)
    cands = ["fi", "sv", "en"] + ([lang] if lang and lang not in ("fi", "sv", "en") else [])
    guesses = pd.Series([_guess_lang(_tokens(a), a, cands) for a in ans.to_numpy()],
                        index=ans.index)
    if lang is None:
        lang = str(guesses.mode().iloc[0])
    n_all = len(ans)
    if (guesses == lang).any():     # mixed languages: only the answers in ``lang``
        ans = ans[guesses == lang]
    stop = _stopwords(lang)
    docs = []
    for a in ans.to_numpy():
        lem = [_lemma(w, lang) for w in _tokens(a) if w not in _PUNCT]
        docs.append(" ".join(w for w in lem if len(w) >= 3 and w not in stop))
    from sklearn.decomposition import NMF
    from sklearn.feature_extraction.text import TfidfVectorizer

    min_df = 2 if len(docs) >= 10 else 1
    vec = TfidfVectorizer(token_pattern=r"\S+", sublinear_tf=True, min_df=min_df, max_df=0.5)
    try:
        X = vec.fit_transform(docs)
    except ValueError:
        X = None
    if X is None or X.shape[1] < n:
        raise CXInputError(Problem(where, f"the answers in '{col}' have too few distinct "
                                   f"words for {n} themes", "ask for fewer themes (--n) or "
                                   "check the language (--lang)", column=col))
    nmf = NMF(n_components=n, init="nndsvda", random_state=seed, max_iter=500)
    W = nmf.fit_transform(X)
    H = nmf.components_
    vocab = np.array(vec.get_feature_names_out())
    strongest = W.argmax(axis=1)
    has = W.max(axis=1) > 0
    texts = ans.to_numpy()
    rows, used = [], set()
    for k in range(n):
        top = vocab[np.argsort(-H[k], kind="stable")[:n_terms]].tolist()
        name = next((w for w in top if w not in used), f"theme_{k + 1}")
        used.add(name)
        order = np.argsort(-W[:, k], kind="stable")
        ex = []
        for i in order[: 10 * n_examples]:
            if W[i, k] <= 0:
                break
            phrase = _mask(texts[i])
            if not safe_to_show(phrase):  # when in doubt an answer is not quoted
                continue
            phrase = phrase if len(phrase) <= 80 else phrase[:77].rstrip() + "..."
            if phrase not in ex:
                ex.append(phrase)
            if len(ex) == n_examples:
                break
        rows.append({"theme": name, "terms": top,
                     "share": 100.0 * float(((strongest == k) & has).mean()), "examples": ex})
    out = pd.DataFrame(rows)
    out.attrs.update(lang=lang, answers=len(ans), left_out=n_all - len(ans))
    return out


def suggestions_yaml(suggestions: pd.DataFrame, *, lang: str | None = None,
                     n_match: int = 5) -> str:
    """A ``themes:`` block for the codebook from :func:`suggest_themes`, with comments.

    Each theme's top terms and example phrases are written as YAML comments; its ``match``
    list takes the first ``n_match`` terms, its label the top term capitalised.

    Examples
    --------
    >>> s = pd.DataFrame({"theme": ["price"], "terms": [["price", "high"]], "share": [40.0],
    ...                   "examples": [["prices are high"]]})
    >>> print(suggestions_yaml(s, lang="en"))  # doctest: +NORMALIZE_WHITESPACE
    # Drafted by cx themes suggest from ? answers in 'en' (0 in other languages left out). Edit
    before use:
    # rename, merge, drop terms, add other languages.
    themes:
      # top terms: price, high; strongest theme of 40 % of the answers
      # e.g. "prices are high"
      price:
        label: {en: Price}
        match: {en: [price, high]}
    <BLANKLINE>
    """
    import json

    lang = lang or suggestions.attrs.get("lang", "en")
    lines = [f"# Drafted by cx themes suggest from {suggestions.attrs.get('answers', '?')} "
             f"answers in '{lang}' ({suggestions.attrs.get('left_out', 0)} in other languages "
             "left out). Edit before use:", "# rename, merge, drop terms, add other languages.",
             "themes:"]
    for r in suggestions.itertuples(index=False):
        key = re.sub(r"\W", "_", str(r.theme)) or "theme"
        if not re.match(r"[A-Za-z_]", key[0]):
            key = "t_" + key
        lines.append(f"  # top terms: {', '.join(r.terms)}; strongest theme of "
                     f"{r.share:.0f} % of the answers")
        for e in r.examples:
            lines.append(f"  # e.g. {json.dumps(e, ensure_ascii=False)}")
        terms = ", ".join(json.dumps(w, ensure_ascii=False) if not re.fullmatch(r"\w+", w)
                          else w for w in r.terms[:n_match])
        lines.append(f"  {key}:")
        lines.append(f"    label: {{{lang}: {str(r.theme).capitalize()}}}")
        lines.append(f"    match: {{{lang}: [{terms}]}}")
    return "\n".join(lines) + "\n"


# --------------------------------------------------------------------------- report helpers


def quotes(data: Any, *, theme: str, text: str | None = None, themes: Any = None,
           lang: str | None = None, by: str | None = None, min_n: int = 30, k: int = 2,
           seed: int = 0, max_length: int = 160) -> pd.DataFrame:
    """A few redacted answers that mention ``theme``, never from a group under ``min_n``.

    Only the text column is read (PII columns never are); each quote passes through
    :func:`cxresearch.redact.redact` (e-mail addresses, phone numbers, identity codes,
    addresses, recognisable names) and digit runs of five or more are masked too; an answer
    :func:`cxresearch.redact.safe_to_show` refuses after that is never quoted. With ``by``,
    quotes come only from groups with at least ``min_n`` answers; without it, the whole
    survey must have ``min_n`` answers.

    Returns
    -------
    DataFrame
        ``theme, quote`` (and ``group`` with ``by``).

    Examples
    --------
    >>> df = pd.DataFrame({"c": ["too expensive, mail me at a@b.fi"] * 30})
    >>> quotes(df, theme="price", text="c", themes={"price": {"match": {"en": ["expensive"]}}},
    ...        k=1)["quote"].tolist()
    ['too expensive, mail me at [e-mail]']
    """
    df, cb = as_frame(data)
    where = _where(data)
    col = _text_column(df, cb, text, where)
    th = _resolve_themes(themes, cb, where)
    if theme not in th:
        raise CXInputError(Problem(where, f"unknown theme '{theme}'",
                                   f"use one of {', '.join(th)}", column="theme", value=theme))
    codes, _, _ = _code(df, col, th, lang, where)
    idx = codes.index[codes[theme].to_numpy()]
    rng = np.random.default_rng(seed)
    rows = []
    if by is None:
        parts = [(None, idx)] if len(codes) >= min_n else []
    else:
        g = df.loc[codes.index, by]
        sizes = g.value_counts()
        parts = [(x, idx[(df.loc[idx, by] == x).to_numpy()]) for x in sizes.index
                 if sizes[x] >= min_n]
    for x, ids in parts:
        pick: dict[int, str] = {}
        for i in rng.permutation(len(ids)):  # random answers that are safe to show, up to k
            q = _mask(str(df.loc[ids[i], col]))
            if safe_to_show(q):  # when in doubt (contact details, ids, long stories): not shown
                pick[int(i)] = q
            if len(pick) == k:
                break
        for i in sorted(pick):
            q = pick[i]
            q = q if len(q) <= max_length else q[: max_length - 3].rstrip() + "..."
            rows.append({"theme": theme, **({"group": x} if by else {}), "quote": q})
    return pd.DataFrame(rows, columns=["theme"] + (["group"] if by else []) + ["quote"])


def summary_sentences(impact: pd.DataFrame, coverage: pd.DataFrame, *,
                      lang: str = "en") -> list[str]:
    """The "what customers say" summary in words, from :func:`theme_impact` and
    :func:`theme_coverage` results (report text from the ``text`` message catalog).

    Examples
    --------
    >>> imp = pd.DataFrame({"theme": ["price"], "label": ["Price"], "mentions": [40],
    ...                     "share": [25.0], "impact": [-30.0], "ci_low": [-40.0],
    ...                     "ci_high": [-20.0], "p_adjusted": [0.001], "nps_impact": [-5.0]})
    >>> imp.attrs.update(kind="nps", n=160)
    >>> cov = pd.DataFrame({"answers": [160], "covered": [100], "share": [62.5]})
    >>> summary_sentences(imp, cov)[0]
    'The themes cover 62 % of the 160 open answers.'
    """
    kind = impact.attrs.get("kind", "nps")
    unit = t(f"text.unit_{kind}", lang)
    out = [t("text.coverage", lang, share=fmt_num(float(coverage["share"].iloc[0]), lang),
             n=fmt_num(float(coverage["answers"].iloc[0]), lang))]
    if impact.empty:
        return out
    top = impact.sort_values("mentions", ascending=False).iloc[0]
    out.append(t("text.most_common", lang, theme=_lower(top["label"], lang),
                 share=fmt_num(float(top["share"]), lang)))
    sig = impact[impact["p_adjusted"] < 0.05]
    neg = sig[sig["impact"] < 0].sort_values("impact")
    pos = sig[sig["impact"] > 0].sort_values("impact", ascending=False)
    for r, key in ((neg.iloc[0] if len(neg) else None, "text.worst"),
                   (pos.iloc[0] if len(pos) else None, "text.best")):
        if r is not None:
            out.append(t(key, lang, theme=_lower(r["label"], lang),
                         impact=fmt_pts(float(r["impact"]), lang),
                         low=fmt_pts(float(r["ci_low"]), lang),
                         high=fmt_pts(float(r["ci_high"]), lang), unit=unit))
    if sig.empty:
        out.append(t("text.none_sig", lang))
    return out


def _lower(label: str, lang: str) -> str:
    """A theme label mid-sentence: lower case unless an acronym or a name (``in_sentence``)."""
    return in_sentence(str(label), lang)


def difference_sentences(table: pd.DataFrame, *, labels: Mapping[str, str] | None = None,
                         lang: str = "en", over: str = "segment",
                         alpha: float = 0.05) -> list[str]:
    """Sentences on the themes whose share differs between groups (:func:`themes_by`).

    ``over="wave"`` words them for waves, ``"segment"`` for other groups. Only differences
    with an FDR-adjusted p-value under ``alpha`` are named; otherwise one sentence says none is.

    Examples
    --------
    >>> tab = pd.DataFrame({"theme": ["price", "price"], "p_adjusted": [0.01, 0.01]})
    >>> difference_sentences(tab, labels={"price": "Price"})
    ['The share of price differs between the groups (FDR-adjusted p = 0.010).']
    """
    key = "trend" if over == "wave" else "segment"
    labels = dict(labels or {})
    per = table.groupby("theme", sort=False)["p_adjusted"].first()
    sig = per[per < alpha].sort_values()
    if sig.empty:
        return [t(f"text.{key}_none", lang)]
    return [t(f"text.{key}_sig", lang, theme=_lower(labels.get(k, k), lang),
              p=_p_text(float(p), lang)) for k, p in sig.items()]


def _p_text(p: float, lang: str) -> str:
    if p < 0.001:
        return "p < " + fmt_num(0.001, lang, 3)
    return "p = " + fmt_num(p, lang, 3)


def impact_display_table(impact: pd.DataFrame, *, lang: str = "en") -> pd.DataFrame:
    """:func:`theme_impact` as a presentation table (text cells, the language's number format).

    Examples
    --------
    >>> imp = pd.DataFrame({"label": ["Price"], "mentions": [40], "share": [25.0],
    ...                     "impact": [-30.2], "ci_low": [-40.0], "ci_high": [-20.5],
    ...                     "p_adjusted": [0.0001], "nps_impact": [-5.04]})
    >>> impact_display_table(imp, lang="fi").iloc[0].tolist()
    ['Price', '40', '25,0', '−30,2', '−40,0 … −20,5', '< 0,001', '−5,0']
    """
    num = [fmt_pts(v, lang, 1) if v == v else "–" for v in impact["impact"]]
    ci = [f"{fmt_pts(a, lang, 1)} … {fmt_pts(b, lang, 1)}" if a == a else "–"
          for a, b in zip(impact["ci_low"], impact["ci_high"], strict=True)]
    p = [("< " + fmt_num(0.001, lang, 3)) if v < 0.001 else fmt_num(v, lang, 3)
         if v == v else "–" for v in impact["p_adjusted"]]
    return pd.DataFrame({
        t("text.col_theme", lang): impact["label"].astype(str).tolist(),
        t("text.col_mentions", lang): [fmt_num(float(v), lang) for v in impact["mentions"]],
        t("text.col_share", lang): [fmt_num(float(v), lang, 1) for v in impact["share"]],
        t("text.col_impact", lang): num,
        t("col.ci", lang): ci,
        t("text.col_p", lang): p,
        t("text.col_nps_impact", lang): [fmt_pts(v, lang, 1) if v == v else "–"
                                         for v in impact["nps_impact"]],
    })


def share_display_table(table: pd.DataFrame, *, labels: Mapping[str, str] | None = None,
                        value: str = "share", group_labels: Mapping[Any, str] | None = None,
                        lang: str = "en") -> pd.DataFrame:
    """Theme × group shares (:func:`themes_by` ``share`` or :func:`theme_mix`
    ``share_of_group``) as a presentation table: one row per theme, one column per group;
    suppressed (small) groups show "–".

    Examples
    --------
    >>> tab = pd.DataFrame({"theme": ["price"] * 2, "group": [1, 2], "share": [20.0, 35.5]})
    >>> share_display_table(tab, labels={"price": "Price"}, lang="fi").values.tolist()
    [['Price', '20,0', '35,5']]
    """
    labels = dict(labels or {})
    group_labels = dict(group_labels or {})
    groups = list(dict.fromkeys(table["group"]))
    out: dict[str, list[str]] = {t("text.col_theme", lang): []}
    for g in groups:
        out[str(group_labels.get(g, g))] = []
    for k, part in table.groupby("theme", sort=False):
        out[t("text.col_theme", lang)].append(labels.get(k, k))
        vals = dict(zip(part["group"], part[value], strict=True))
        for g in groups:
            v = vals.get(g, math.nan)
            out[str(group_labels.get(g, g))].append(fmt_num(float(v), lang, 1)
                                                    if v == v else "–")
    return pd.DataFrame(out)
