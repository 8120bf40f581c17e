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


TEXT.update({
    # key-driver analysis
    "drv.title": {"en": "What drives recommendation: {survey}",
                  "fi": "Mikä saa suosittelemaan: {survey}"},
    "drv.subtitle": {"en": "{scope}; outcome: {outcome}; method: {method}",
                     "fi": "{scope}; selitettävä: {outcome}; menetelmä: {method}"},
    "drv.headline": {"en": "Together the {k} experience drivers explain **{r2} %** of the "
                           "variation in {outcome} (R², {level} % CI {lo}–{hi} %; n = {n}).",
                     "fi": "Yhdessä {k} kokemustekijää selittävät **{r2} %** vaihtelusta "
                           "(R², {level} %:n luottamusväli {lo}–{hi} %; n = {n}): {outcome}."},
    "drv.headline_nc": {"en": "Together the {k} experience drivers explain **{r2} %** of the "
                              "variation in {outcome} (R²; n = {n}).",
                        "fi": "Yhdessä {k} kokemustekijää selittävät **{r2} %** vaihtelusta "
                              "(R²; n = {n}): {outcome}."},
    "drv.top": {"en": "**{driver}** matters most: {share} % of the explained variation"
                      "{ci}.",
                "fi": "**{driver}** on tärkein: {share} % selitetystä vaihtelusta{ci}."},
    "drv.top_ci": {"en": " ({level} % CI {lo}–{hi} %)", "fi": " ({level} %:n lv {lo}–{hi} %)"},
    "drv.top_sure": {"en": "It ranks above {second} in {prob} % of the bootstrap resamples.",
                     "fi": "Se on tärkeämpi kuin {second} {prob} %:ssa bootstrap-otoksista."},
    "drv.priority": {"en": "**Fix first: {driver}.** Raising the {below} % of customers who "
                           "rate it below average to the average would lift the NPS by about "
                           "**{gain} points**{ci}.",
                     "fi": "**Korjaa ensin: {driver}.** Jos keskimääräistä heikommin "
                           "arvioivat asiakkaat ({below} %) nostettaisiin keskitasolle, NPS "
                           "nousisi noin **{gain} pistettä**{ci}."},
    "drv.priority_mean": {"en": "**Fix first: {driver}.** Raising the {below} % of customers "
                                "who rate it below average to the average would lift the mean "
                                "{outcome} by about **{gain}**{ci}.",
                          "fi": "**Korjaa ensin: {driver}.** Jos keskimääräistä heikommin "
                                "arvioivat asiakkaat ({below} %) nostettaisiin keskitasolle, "
                                "keskiarvo ({outcome}) nousisi noin **{gain}**{ci}."},
    "drv.gain_ci": {"en": " ({level} % CI {lo} … {hi})", "fi": " ({level} %:n lv {lo} … {hi})"},
    "drv.next": {"en": "Next on the list: {drivers}.", "fi": "Seuraavina listalla: {drivers}."},
    "drv.fix_quadrant_one": {"en": "In the importance–performance grid, {drivers} falls in "
                                   "“fix first”: important, but rated below the other drivers.",
                             "fi": "Tärkeys–suoritus-kartalla {drivers} osuu alueelle ”korjaa "
                                   "ensin”: tärkeä, mutta arvioitu muita heikommaksi."},
    "drv.fix_quadrant": {"en": "In the importance–performance grid, {drivers} fall in "
                               "“fix first”: important, but rated below the other drivers.",
                         "fi": "Tärkeys–suoritus-kartalla {drivers} osuvat alueelle ”korjaa "
                               "ensin”: tärkeitä, mutta arvioitu muita heikommiksi."},
    "drv.too_small": {"en": "Only {n} respondents answered every driver and the outcome "
                            "(minimum {min_n}): too few for a key-driver analysis.",
                      "fi": "Vain {n} vastaajaa vastasi kaikkiin tekijöihin ja "
                            "selitettävään (vähintään {min_n}): liian vähän "
                            "tekijäanalyysiin."},
    "drv.importance_h": {"en": "Relative importance", "fi": "Suhteellinen tärkeys"},
    "drv.importance_caption": {"en": "Each driver's share of the explained variation ({method})"
                                     "; lines are {level} % bootstrap intervals ({n_boot} "
                                     "resamples).",
                               "fi": "Kunkin tekijän osuus selitetystä vaihtelusta ({method})"
                                     "; viivat ovat {level} %:n bootstrap-välejä ({n_boot} "
                                     "otosta)."},
    "drv.ipa_h": {"en": "Importance and performance", "fi": "Tärkeys ja suoritus"},
    "drv.ipa_caption": {"en": "Importance against the mean rating of each driver; dashed lines "
                              "at the {cut}s.",
                        "fi": "Tärkeys suhteessa kunkin tekijän keskiarvoon; katkoviivat "
                              "kohdissa {cut}."},
    "drv.pr_h": {"en": "Penalties and rewards", "fi": "Rangaistukset ja palkkiot"},
    "drv.pr_caption": {"en": "Change in {outcome} with a low (left) or high (right) rating of "
                             "a driver compared with a middle rating; Kano class in brackets.",
                       "fi": "Muutos ({outcome}), kun tekijä on arvioitu heikoksi (vasen) tai "
                             "hyväksi (oikea) keskitasoon verrattuna; Kano-luokka suluissa."},
    "drv.priorities_h": {"en": "What to fix first", "fi": "Mitä korjata ensin"},
    "drv.models_h": {"en": "Regression models", "fi": "Regressiomallit"},
    "drv.models_caption": {"en": "OLS with HC3 robust standard errors; standardised "
                                 "coefficients and variance inflation factors (VIF > 5 would "
                                 "signal collinearity).",
                           "fi": "OLS-malli, HC3-vakioidut keskivirheet; standardoidut "
                                 "kertoimet ja VIF-arvot (VIF > 5 viittaisi "
                                 "monikollineaarisuuteen)."},
    "drv.comparison_caption": {"en": "Model comparison: R² for OLS, McFadden's pseudo-R² for "
                                     "the logit models.",
                               "fi": "Mallien vertailu: R² (OLS), McFaddenin pseudo-R² "
                                     "(logit-mallit)."},
    "drv.method": {"en": "Relative importance decomposes R² exactly over all {subsets} subsets "
                         "of drivers ({method}); intervals resample respondents ({n_boot} "
                         "times, {ci}). Drivers are construct scores (item means). {weights} "
                         "The gain of a driver is predicted with logit models of promoters and "
                         "detractors; it is an association, not a proven cause.",
                   "fi": "Suhteellinen tärkeys jakaa R²:n tarkasti kaikkien {subsets} "
                         "tekijäyhdistelmän yli ({method}); luottamusvälit saadaan "
                         "ottamalla vastaajista uusia otoksia ({n_boot} kertaa, {ci}). "
                         "Tekijät ovat osioiden keskiarvoja. {weights} Tekijän hyöty on "
                         "ennustettu suosittelijoiden ja arvostelijoiden logit-malleilla; se "
                         "on yhteys, ei todistettu syy."},
    "drv.axis_share": {"en": "Share of explained variation (%)",
                       "fi": "Osuus selitetystä vaihtelusta (%)"},
    "drv.axis_r2": {"en": "Importance (part of R²)", "fi": "Tärkeys (osuus R²:sta)"},
    "drv.axis_performance": {"en": "Performance (mean rating)", "fi": "Suoritus (keskiarvo)"},
    "drv.axis_pr": {"en": "Effect on the outcome", "fi": "Vaikutus selitettävään"},
    "drv.penalty": {"en": "Penalty (low rating)", "fi": "Rangaistus (heikko arvio)"},
    "drv.reward": {"en": "Reward (high rating)", "fi": "Palkkio (hyvä arvio)"},
    "method.shapley": {"en": "Shapley value (LMG)", "fi": "Shapley-arvo (LMG)"},
    "method.dominance": {"en": "general dominance", "fi": "yleinen dominanssi"},
    "method.relative_weights": {"en": "Johnson's relative weights",
                                "fi": "Johnsonin suhteelliset painot"},
    "method.pratt": {"en": "Pratt's measure", "fi": "Prattin mitta"},
    "ci.percentile": {"en": "percentile intervals", "fi": "persentiilivälit"},
    "ci.bca": {"en": "BCa intervals", "fi": "BCa-välit"},
    "cut.mean": {"en": "mean", "fi": "keskiarvo"},
    "cut.median": {"en": "median", "fi": "mediaani"},
    "quad.fix first": {"en": "fix first", "fi": "korjaa ensin"},
    "quad.keep up": {"en": "keep up", "fi": "pidä yllä"},
    "quad.low priority": {"en": "low priority", "fi": "matala prioriteetti"},
    "quad.possible overkill": {"en": "possible overkill", "fi": "mahdollinen ylisuoritus"},
    "kano.basic": {"en": "basic", "fi": "perustekijä"},
    "kano.performance": {"en": "performance", "fi": "suoritustekijä"},
    "kano.excitement": {"en": "excitement", "fi": "innostustekijä"},
    "kano.indifferent": {"en": "indifferent", "fi": "neutraali"},
    "col.driver": {"en": "Driver", "fi": "Tekijä"},
    "col.share": {"en": "Share %", "fi": "Osuus %"},
    "col.share_ci": {"en": "95 % CI", "fi": "95 %:n lv"},
    "col.rank": {"en": "Rank", "fi": "Sija"},
    "col.rank_ci": {"en": "Rank range", "fi": "Sijaväli"},
    "col.performance": {"en": "Performance", "fi": "Suoritus"},
    "col.quadrant": {"en": "Quadrant", "fi": "Alue"},
    "col.gain": {"en": "Expected gain", "fi": "Odotettu hyöty"},
    "col.below": {"en": "Below average %", "fi": "Alle keskitason %"},
    "col.kano": {"en": "Kano class", "fi": "Kano-luokka"},
    "col.coef": {"en": "Coefficient", "fi": "Kerroin"},
    "col.std_coef": {"en": "Standardised", "fi": "Standardoitu"},
    "col.p": {"en": "p", "fi": "p"},
    "col.vif": {"en": "VIF", "fi": "VIF"},
    "col.model": {"en": "Model", "fi": "Malli"},
    "col.r2": {"en": "R²", "fi": "R²"},
    "col.aic": {"en": "AIC", "fi": "AIC"},
    "model.ols": {"en": "OLS (0–10)", "fi": "OLS (0–10)"},
    "model.ordered_logit": {"en": "Ordered logit (0–10)", "fi": "Järjestetty logit (0–10)"},
    "model.promoter": {"en": "Logit: promoter vs rest", "fi": "Logit: suosittelija vs muut"},
    "model.detractor": {"en": "Logit: detractor vs rest", "fi": "Logit: arvostelija vs muut"},
})
