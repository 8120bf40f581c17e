"""Report text in English and Finnish.

Every sentence a report shows comes from here, filled with computed values, so a notebook's
narrative follows its ``lang`` parameter and never holds hard-coded numbers. Interpolated text
values are HTML-escaped: labels that come from data cannot inject markup into a report.

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

import html
from typing import Any

__all__ = ["LANGS", "t", "fmt_num", "fmt_pts", "category_label"]

LANGS = ("en", "fi")

TEXT: dict[str, dict[str, str]] = {
    # generic
    "summary": {"en": "Executive summary", "fi": "Tiivistelmä"},
    "method": {"en": "Method notes", "fi": "Menetelmä"},
    "provenance": {"en": "Provenance", "fi": "Alkuperätiedot"},
    "small_base": {"en": "small base", "fi": "pieni pohja"},
    "suppressed": {"en": "suppressed (n < {min_n})", "fi": "piilotettu (n < {min_n})"},
    "detractor": {"en": "Detractors", "fi": "Arvostelijat"},
    "passive": {"en": "Passives", "fi": "Passiiviset"},
    "promoter": {"en": "Promoters", "fi": "Suosittelijat"},
    "all": {"en": "All respondents", "fi": "Kaikki vastaajat"},
    "share": {"en": "Share of respondents (%)", "fi": "Osuus vastaajista (%)"},
    "answer": {"en": "Answer", "fi": "Vastaus"},
    "toc": {"en": "Contents", "fi": "Sisältö"},
    # column headings of presented tables
    "col.base": {"en": "n", "fi": "n"},
    "col.n_eff": {"en": "effective n", "fi": "efektiivinen n"},
    "col.nps": {"en": "NPS", "fi": "NPS"},
    "col.ci": {"en": "95 % CI", "fi": "95 %:n luottamusväli"},
    "col.pct_promoters": {"en": "Promoters %", "fi": "Suosittelijat %"},
    "col.pct_passives": {"en": "Passives %", "fi": "Passiiviset %"},
    "col.pct_detractors": {"en": "Detractors %", "fi": "Arvostelijat %"},
    "col.note": {"en": "Note", "fi": "Huom."},
    "col.diff": {"en": "Difference", "fi": "Ero"},
    "col.p_adjusted": {"en": "p (FDR-adjusted)", "fi": "p (FDR-korjattu)"},
    "col.pair": {"en": "Comparison", "fi": "Vertailu"},
    # NPS overview
    "nps.title": {"en": "Net Promoter Score: {survey}", "fi": "Net Promoter Score: {survey}"},
    "nps.subtitle": {"en": "{scope}, by {segment}", "fi": "{scope}, jaoteltuna: {segment}"},
    "nps.headline": {"en": "The NPS is **{nps}** ({level} % CI {low} … {high}; n = {n}).",
                     "fi": "NPS on **{nps}** ({level} %:n luottamusväli {low} … {high}; "
                           "n = {n})."},
    "nps.mix": {"en": "{pro} % of respondents are promoters (9–10), {pas} % passives and "
                      "{det} % detractors.",
                "fi": "Vastaajista {pro} % on suosittelijoita (9–10), {pas} % passiivisia ja "
                      "{det} % arvostelijoita."},
    "nps.best_worst": {"en": "By {segment}, the NPS is highest for **{best}** ({best_nps}) and "
                             "lowest for **{worst}** ({worst_nps}).",
                       "fi": "Ryhmittäin ({segment}) NPS on korkein ryhmässä **{best}** "
                             "({best_nps}) ja matalin ryhmässä **{worst}** ({worst_nps})."},
    "nps.diff_sig": {"en": "The difference between {a} and {b} ({diff} points) is statistically "
                           "significant (FDR-adjusted p = {p}).",
                     "fi": "Ryhmien {a} ja {b} ero ({diff} pistettä) on tilastollisesti "
                           "merkitsevä (FDR-korjattu p = {p})."},
    "nps.no_diff": {"en": "None of the differences between {segment} groups is statistically "
                          "significant: they are within sampling error.",
                    "fi": "Mikään ryhmien ({segment}) välisistä eroista ei ole tilastollisesti "
                          "merkitsevä: erot mahtuvat otantavirheen sisään."},
    "nps.small": {"en": "{k} group(s) have fewer than {min_n} respondents ({groups}); their "
                        "NPS is too uncertain to act on and is marked as a small base.",
                  "fi": "{k} ryhmässä on alle {min_n} vastaajaa ({groups}); niiden NPS on liian "
                        "epävarma toimenpiteiden pohjaksi ja merkitty pieneksi pohjaksi."},
    "nps.overall_h": {"en": "Overall NPS", "fi": "Kokonais-NPS"},
    "nps.dist_h": {"en": "How respondents answered", "fi": "Miten vastaajat vastasivat"},
    "nps.dist_caption": {"en": "Answers to “{question}” (0–10), coloured by NPS category.",
                         "fi": "Vastaukset kysymykseen ”{question}” (0–10) NPS-luokittain "
                               "väritettynä."},
    "nps.segment_h": {"en": "NPS by {segment}", "fi": "NPS: {segment}"},
    "nps.segment_caption": {"en": "Points are NPS values, lines their {level} % confidence "
                                  "intervals. Grey points have fewer than {min_n} respondents.",
                            "fi": "Pisteet ovat NPS-arvoja ja viivat niiden {level} %:n "
                                  "luottamusvälejä. Harmaissa ryhmissä on alle {min_n} "
                                  "vastaajaa."},
    "nps.tests_h": {"en": "Are the differences real?", "fi": "Ovatko erot todellisia?"},
    "nps.method": {"en": "NPS = % promoters − % detractors, in points (−100 … 100). Confidence "
                         "intervals: {ci_name}. {weights} Differences between groups are "
                         "tested with the adjusted-Wald z test and p-values adjusted for "
                         "multiple comparisons (Benjamini–Hochberg FDR).",
                   "fi": "NPS = suosittelijoiden % − arvostelijoiden %, pisteinä (−100 … 100). "
                         "Luottamusvälit: {ci_name}. {weights} Ryhmien erot on testattu "
                         "korjatulla Wald-z-testillä ja p-arvot korjattu monivertailua varten "
                         "(Benjamini–Hochberg FDR)."},
    "ci.adjusted-wald": {"en": "adjusted Wald (Rocks 2016)", "fi": "korjattu Wald (Rocks 2016)"},
    "ci.wald": {"en": "Wald with the trinomial variance", "fi": "Wald, trinomijakauman varianssi"},
    "ci.bootstrap": {"en": "percentile bootstrap", "fi": "persentiili-bootstrap"},
    "weights.on": {"en": "Results are weighted ({weight}); the intervals use Kish's effective "
                         "sample size.",
                   "fi": "Tulokset on painotettu ({weight}); luottamusvälit käyttävät Kishin "
                         "efektiivistä otoskokoa."},
    "weights.off": {"en": "Results are unweighted.", "fi": "Tulokset ovat painottamattomia."},
    "scope.all": {"en": "all respondents", "fi": "kaikki vastaajat"},
    "scope.filter": {"en": "{column} = {value}", "fi": "{column} = {value}"},
    # provenance footer
    "prov.data": {"en": "Data file", "fi": "Aineisto"},
    "prov.codebook": {"en": "Codebook", "fi": "Koodikirja"},
    "prov.notebook": {"en": "Notebook", "fi": "Muistio"},
    "prov.parameters": {"en": "Parameters", "fi": "Parametrit"},
    "prov.versions": {"en": "Versions", "fi": "Versiot"},
    "prov.run": {"en": "Run", "fi": "Ajo"},
    "prov.run_value": {"en": "{start} UTC, {seconds} s", "fi": "{start} UTC, {seconds} s"},
}


def t(key: str, lang: str = "en", **values: Any) -> str:
    """The text ``key`` in ``lang``, formatted with ``values`` (strings are HTML-escaped).

    Unknown languages fall back to English; an unknown key raises ``KeyError``.
    """
    entry = TEXT[key]
    template = entry.get(lang) or entry["en"]
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


def category_label(cat: str, lang: str = "en") -> str:
    """Translated NPS category name (``detractor``, ``passive``, ``promoter``)."""
    return t(cat, lang)
