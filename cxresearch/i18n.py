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

__all__ = ["LANGS", "t", "fmt_num", "fmt_pts", "fmt_range", "category_label"]

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
    "chart": {"en": "Chart (its figures are in the table and text next to it)",
              "fi": "Kaavio (sen luvut ovat viereisessä taulukossa ja tekstissä)"},
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
                           "significant (FDR-adjusted {p}).",
                     "fi": "Ryhmien {a} ja {b} ero ({diff} pistettä) on tilastollisesti "
                           "merkitsevä (FDR-korjattu {p})."},
    "nps.no_diff": {"en": "None of the differences between {segment} groups is statistically "
                          "significant: they are within sampling error.",
                    "fi": "Mikään ryhmien ({segment}) välisistä eroista ei ole tilastollisesti "
                          "merkitsevä: erot mahtuvat otantavirheen sisään."},
    "nps.small": {"en": "{k} group(s) have fewer than {min_n} respondents ({groups}); their "
                        "NPS is too uncertain to act on and is not shown.",
                  "fi": "{k} ryhmässä on alle {min_n} vastaajaa ({groups}); niiden NPS on liian "
                        "epävarma toimenpiteiden pohjaksi, eikä sitä näytetä."},
    "nps.overall_h": {"en": "Overall NPS", "fi": "Kokonais-NPS"},
    "nps.dist_h": {"en": "How respondents answered", "fi": "Miten vastaajat vastasivat"},
    "nps.dist_caption": {"en": "Answers to “{question}” (0–10), coloured by NPS category.",
                         "fi": "Vastaukset kysymykseen ”{question}” (0–10) NPS-luokittain "
                               "väritettynä."},
    "nps.segment_h": {"en": "NPS by {segment}", "fi": "NPS: {segment}"},
    "nps.segment_caption": {"en": "Points are NPS values, lines their {level} % confidence "
                                  "intervals. Groups with fewer than {min_n} respondents are not shown.",
                            "fi": "Pisteet ovat NPS-arvoja ja viivat niiden {level} %:n "
                                  "luottamusvälejä. Alle {min_n} vastaajan ryhmiä ei näytetä."},
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
    "drv.ordered_unweighted": {"en": "The ordered logit is unweighted (statsmodels' "
                                     "OrderedModel takes no survey weights); the other models "
                                     "are weighted.",
                               "fi": "Järjestetty logit-malli on painottamaton (statsmodelsin "
                                     "OrderedModel ei ota painoja); muut mallit on painotettu."},
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


TEXT.update({
    # measurement
    "ms.title": {"en": "Measurement quality: {survey}", "fi": "Mittauksen laatu: {survey}"},
    "ms.alpha_range": {"en": "Reliability: Cronbach's alpha ranges from {lo} ({lo_c}) to {hi} "
                             "({hi_c}); {k} of {n} constructs reach 0.70.",
                       "fi": "Reliabiliteetti: Cronbachin alfa vaihtelee välillä {lo} ({lo_c}) "
                             "– {hi} ({hi_c}); {k}/{n} mittaria ylittää 0,70."},
    "ms.weak_item": {"en": "Weakest item: **{item}** in {construct}; without it alpha would rise "
                           "from {a} to {b} (item–rest correlation {r}).",
                     "fi": "Heikoin osio: **{item}** ({construct}); ilman sitä alfa nousisi "
                           "arvosta {a} arvoon {b} (osio–loput-korrelaatio {r})."},
    "ms.fit": {"en": "The CFA fits {quality}: CFI {cfi}, TLI {tli}, RMSEA {rmsea} (90 % CI {lo}–"
                     "{hi}), SRMR {srmr} (n = {n}).",
               "fi": "CFA-mallin sopivuus on {quality}: CFI {cfi}, TLI {tli}, RMSEA {rmsea} "
                     "(90 %:n lv {lo}–{hi}), SRMR {srmr} (n = {n})."},
    "fit.good": {"en": "good", "fi": "hyvä"}, "fit.acceptable": {"en": "acceptable",
                                                                 "fi": "kohtuullinen"},
    "fit.poor": {"en": "poor", "fi": "heikko"},
    "ms.validity": {"en": "Discriminant validity: {k} of {n} constructs pass the Fornell–Larcker "
                          "check; the highest HTMT is {h} ({pair}; values above 0.85 would "
                          "question that two constructs are distinct).",
                    "fi": "Erotteleva validiteetti: {k}/{n} mittaria läpäisee Fornell–Larcker-"
                          "testin; suurin HTMT on {h} ({pair}; yli 0,85 arvot kyseenalaistaisivat "
                          "mittareiden erillisyyden)."},
    "ms.sem": {"en": "In the structural model the drivers explain {r2s} % of satisfaction and, "
                     "with satisfaction, {r2r} % of recommendation; the largest indirect effect "
                     "through satisfaction is {driver}'s ({ind}, standardised).",
               "fi": "Rakennemallissa tekijät selittävät {r2s} % tyytyväisyydestä ja yhdessä "
                     "tyytyväisyyden kanssa {r2r} % suosittelusta; suurin tyytyväisyyden kautta "
                     "kulkeva epäsuora vaikutus on tekijällä {driver} ({ind}, standardoitu)."},
    "ms.reliability_h": {"en": "Reliability", "fi": "Reliabiliteetti"},
    "ms.items_h": {"en": "Items", "fi": "Osiot"},
    "ms.cfa_h": {"en": "Confirmatory factor analysis", "fi": "Vahvistava faktorianalyysi"},
    "ms.validity_h": {"en": "Convergent and discriminant validity",
                      "fi": "Konvergentti ja erotteleva validiteetti"},
    "ms.htmt_caption": {"en": "Heterotrait–monotrait ratios between the constructs.",
                        "fi": "HTMT-suhteet mittareiden välillä."},
    "ms.sem_h": {"en": "Drivers → satisfaction → recommendation",
                 "fi": "Tekijät → tyytyväisyys → suosittelu"},
    "ms.method": {"en": "Alpha with Feldt's interval from pairwise-complete covariances; omega "
                        "from one-factor models. CFA and the structural model are fitted with "
                        "semopy (maximum likelihood) to the pairwise-complete covariance matrix "
                        "with n = the smallest pairwise count. Cut-offs used in the text: CFI "
                        "and TLI ≥ 0.95, RMSEA ≤ 0.06 and SRMR ≤ 0.08 for good fit (Hu & "
                        "Bentler 1999); AVE ≥ 0.5 and CR ≥ 0.7.",
                  "fi": "Alfa Feldtin luottamusvälein parittaisista kovariansseista; omega "
                        "yhden faktorin malleista. CFA ja rakennemalli on estimoitu semopy-"
                        "kirjastolla (suurimman uskottavuuden menetelmä) parittaisesta "
                        "kovarianssimatriisista, n = pienin parittainen havaintomäärä. Rajat: "
                        "CFI ja TLI ≥ 0,95, RMSEA ≤ 0,06 ja SRMR ≤ 0,08 hyvälle sopivuudelle "
                        "(Hu & Bentler 1999); AVE ≥ 0,5 ja CR ≥ 0,7."},
    "col.construct": {"en": "Construct", "fi": "Mittari"},
    "col.alpha": {"en": "Alpha", "fi": "Alfa"}, "col.omega": {"en": "Omega", "fi": "Omega"},
    "col.n_items": {"en": "Items", "fi": "Osioita"},
    "col.item": {"en": "Item", "fi": "Osio"}, "col.mean": {"en": "Mean", "fi": "Keskiarvo"},
    "col.sd": {"en": "SD", "fi": "Keskihajonta"},
    "col.item_rest_r": {"en": "Item–rest r", "fi": "Osio–loput r"},
    "col.alpha_if_deleted": {"en": "Alpha if deleted", "fi": "Alfa ilman osiota"},
    "col.std_loading": {"en": "Std. loading", "fi": "Std. lataus"},
    "col.ave": {"en": "AVE", "fi": "AVE"}, "col.cr": {"en": "CR", "fi": "CR"},
    "col.max_corr": {"en": "Max factor r", "fi": "Suurin faktori-r"},
    "col.max_htmt": {"en": "Max HTMT", "fi": "Suurin HTMT"},
    "col.fornell_larcker": {"en": "√AVE > r", "fi": "√AVE > r"},
    "col.statistic": {"en": "Statistic", "fi": "Tunnusluku"},
    "col.value": {"en": "Value", "fi": "Arvo"},
    "col.path": {"en": "Path", "fi": "Polku"},
    "col.estimate": {"en": "Estimate", "fi": "Estimaatti"},
    "col.indirect": {"en": "Indirect", "fi": "Epäsuora"},
    "col.direct": {"en": "Direct", "fi": "Suora"},
    "col.total": {"en": "Total", "fi": "Kokonais"},
    "yes": {"en": "yes", "fi": "kyllä"}, "no": {"en": "no", "fi": "ei"},
    # moderators
    "md.title": {"en": "Who and when: moderators, mediation and satisfaction: {survey}",
                 "fi": "Kenelle ja milloin: moderaattorit, mediaatio ja tyytyväisyys: {survey}"},
    "md.count": {"en": "{k} of {m} driver × moderator interactions remain significant after "
                       "FDR correction.",
                 "fi": "{k}/{m} tekijä × moderaattori -yhdysvaikutusta on merkitseviä FDR-"
                       "korjauksen jälkeen."},
    "md.one": {"en": "The effect of **{driver}** depends on {moderator}: slope {lo} for {lo_l} "
                     "vs {hi} for {hi_l} (FDR-adjusted {p}).",
               "fi": "Tekijän **{driver}** vaikutus riippuu moderaattorista {moderator}: "
                     "kulmakerroin {lo} ({lo_l}) vs {hi} ({hi_l}) (FDR-korjattu {p})."},
    "md.ceiling": {"en": "On a bounded 0–10 scale, groups nearer the top show flatter slopes "
                         "(a ceiling effect), so an interaction is a difference in slopes, not "
                         "always a different mechanism.",
                   "fi": "Rajatulla 0–10-asteikolla lähellä yläpäätä olevilla ryhmillä "
                         "kulmakertoimet ovat loivempia (kattoefekti), joten yhdysvaikutus on "
                         "kulmakertoimien ero eikä aina eri mekanismi."},
    "md.sat_experience": {"en": "The experience drivers explain {r2e} % of the variation in "
                                "recommendation, satisfaction alone {r2s} %. Added to "
                                "satisfaction, the drivers explain {de} percentage points "
                                "more (F test {pe}); satisfaction adds {ds} points to the "
                                "drivers ({ps}).",
                          "fi": "Kokemustekijät selittävät {r2e} % suosittelun vaihtelusta, "
                                "tyytyväisyys yksin {r2s} %. Tyytyväisyyden lisäksi tekijät "
                                "selittävät {de} prosenttiyksikköä enemmän (F-testin {pe}); "
                                "tyytyväisyys lisää tekijöihin {ds} yksikköä ({ps})."},
    "verdict.experience": {"en": "**The customer experience explains recommendation better "
                                 "than satisfaction does.**",
                           "fi": "**Asiakaskokemus selittää suosittelua paremmin kuin "
                                 "tyytyväisyys.**"},
    "verdict.satisfaction": {"en": "**Satisfaction explains recommendation better than the "
                                   "experience drivers do.**",
                             "fi": "**Tyytyväisyys selittää suosittelua paremmin kuin "
                                   "kokemustekijät.**"},
    "verdict.mixed": {"en": "**Neither satisfaction nor the experience drivers clearly explain "
                            "recommendation better.**",
                      "fi": "**Tyytyväisyys ja kokemustekijät selittävät suosittelua yhtä "
                            "hyvin.**"},
    "md.mediation": {"en": "Satisfaction carries {share} % of the effect of {driver} "
                           "(indirect effect {ind}, {level} % CI {lo} … {hi}).",
                     "fi": "Tyytyväisyys välittää {share} % tekijän {driver} vaikutuksesta "
                           "(epäsuora vaikutus {ind}, {level} %:n lv {lo} … {hi})."},
    "md.scan_h": {"en": "Which drivers depend on the situation or the customer?",
                  "fi": "Mitkä tekijät riippuvat tilanteesta tai asiakkaasta?"},
    "md.slopes_h": {"en": "{driver} by {moderator}", "fi": "{driver}: {moderator}"},
    "md.slopes_caption": {"en": "Effect of a one-point higher rating of {driver} on {outcome}, "
                                "by {moderator}, other drivers held constant; lines are 95 % "
                                "intervals.",
                          "fi": "Yhden pisteen paremman arvion ({driver}) vaikutus "
                                "selitettävään ({outcome}) ryhmittäin ({moderator}), muut "
                                "tekijät vakioituna; viivat ovat 95 %:n välejä."},
    "md.groups_h": {"en": "Driver importance by {moderator}",
                    "fi": "Tekijöiden tärkeys: {moderator}"},
    "md.groups_caption": {"en": "Each driver's share (%) of the explained variation within "
                                "each group, with its 95 % bootstrap interval ({n_boot} "
                                "resamples per group).",
                          "fi": "Kunkin tekijän osuus (%) selitetystä vaihtelusta ryhmän "
                                "sisällä ja sen 95 %:n bootstrap-väli ({n_boot} otosta "
                                "ryhmää kohti)."},
    "md.diff_caption": {"en": "Differences in importance (part of R²) between the groups, "
                              "bootstrap tests, FDR-adjusted; shown are {what}.",
                        "fi": "Tärkeyksien (osuus R²:sta) erot ryhmien välillä, "
                              "bootstrap-testit, FDR-korjattu; taulukossa {what}."},
    "md.diff_sig": {"en": "the significant differences", "fi": "merkitsevät erot"},
    "md.diff_top": {"en": "the three strongest differences (none is significant)",
                    "fi": "kolme vahvinta eroa (mikään ei ole merkitsevä)"},
    "md.jn_h": {"en": "{driver} across {moderator}", "fi": "{driver} ja {moderator}"},
    "md.jn_caption": {"en": "Effect of a one-point higher rating of {driver} on {outcome} at "
                            "each value of {moderator}, other drivers held constant; the band "
                            "is the 95 % interval, dark where the effect is significant, "
                            "dashed lines are the Johnson–Neyman bounds.",
                      "fi": "Yhden pisteen paremman arvion ({driver}) vaikutus selitettävään "
                            "({outcome}) muuttujan {moderator} eri arvoilla, muut tekijät "
                            "vakioituna; nauha on 95 %:n väli, tumma kun vaikutus on "
                            "merkitsevä; katkoviivat ovat Johnson–Neyman-rajat."},
    "jn.significant": {"en": "significant", "fi": "merkitsevä"},
    "jn.not_significant": {"en": "not significant", "fi": "ei merkitsevä"},
    "jn.all": {"en": "The effect of {driver} is significant at every observed value of "
                     "{moderator} ({low} … {high}).",
               "fi": "Tekijän {driver} vaikutus on merkitsevä kaikilla muuttujan {moderator} "
                     "havaituilla arvoilla ({low} … {high})."},
    "jn.none": {"en": "The effect of {driver} is not significant at any observed value of "
                      "{moderator} ({low} … {high}).",
                "fi": "Tekijän {driver} vaikutus ei ole merkitsevä millään muuttujan "
                      "{moderator} havaitulla arvolla ({low} … {high})."},
    "jn.below": {"en": "The effect of {driver} is significant where {moderator} is below {b1} "
                       "(observed {low} … {high}).",
                 "fi": "Tekijän {driver} vaikutus on merkitsevä, kun {moderator} on alle {b1} "
                       "(havaittu {low} … {high})."},
    "jn.above": {"en": "The effect of {driver} is significant where {moderator} is above {b1} "
                       "(observed {low} … {high}).",
                 "fi": "Tekijän {driver} vaikutus on merkitsevä, kun {moderator} on yli {b1} "
                       "(havaittu {low} … {high})."},
    "jn.between": {"en": "The effect of {driver} is significant where {moderator} is between "
                         "{b1} and {b2} (observed {low} … {high}).",
                   "fi": "Tekijän {driver} vaikutus on merkitsevä, kun {moderator} on välillä "
                         "{b1} … {b2} (havaittu {low} … {high})."},
    "jn.outside": {"en": "The effect of {driver} is significant where {moderator} is below {b1} "
                         "or above {b2} (observed {low} … {high}).",
                   "fi": "Tekijän {driver} vaikutus on merkitsevä, kun {moderator} on alle "
                         "{b1} tai yli {b2} (havaittu {low} … {high})."},
    "md.mediation_h": {"en": "Through satisfaction", "fi": "Tyytyväisyyden kautta"},
    "md.sat_h": {"en": "Experience or satisfaction?", "fi": "Kokemus vai tyytyväisyys?"},
    "md.method": {"en": "Interactions: one OLS model per moderator with every driver's "
                        "interaction (HC3 errors), so each is tested holding the other drivers "
                        "and their interactions constant; "
                        "moderator levels under {min_n} respondents are left out; p-values are "
                        "adjusted across all {m} tests (Benjamini–Hochberg). Group importances "
                        "are bootstrapped within each group. Indirect effects a·b use "
                        "percentile bootstrap intervals ({n_boot} resamples). The satisfaction "
                        "comparison uses nested OLS models with F and likelihood-ratio tests.",
                  "fi": "Yhdysvaikutukset: yksi OLS-malli moderaattoria kohti, jossa ovat "
                        "kaikkien tekijöiden yhdysvaikutukset (HC3-keskivirheet), joten kutakin "
                        "testataan muut tekijät ja niiden yhdysvaikutukset vakioituna; "
                        "alle {min_n} vastaajan ryhmät jätetään pois; p-arvot on korjattu "
                        "kaikkien {m} testin yli (Benjamini–Hochberg). Ryhmäkohtaiset "
                        "tärkeydet on bootstrapattu ryhmien sisällä. Epäsuorien vaikutusten a·b "
                        "välit ovat persentiili-bootstrap-välejä ({n_boot} otosta). "
                        "Tyytyväisyysvertailu käyttää sisäkkäisiä OLS-malleja, F- ja "
                        "uskottavuusosamäärätestejä."},
    "col.moderator": {"en": "Moderator", "fi": "Moderaattori"},
    "col.level": {"en": "Level", "fi": "Taso"},
    "col.slope": {"en": "Slope", "fi": "Kulmakerroin"},
    "col.slope_range": {"en": "Slope range", "fi": "Kulmakertoimien vaihteluväli"},
    "col.group": {"en": "Group", "fi": "Ryhmä"},
    "col.groups_compared": {"en": "Groups compared", "fi": "Verratut ryhmät"},
    "col.significant": {"en": "Significant", "fi": "Merkitsevä"},
    "col.delta_r2": {"en": "Added R²", "fi": "Lisätty R²"},
    "col.share_mediated": {"en": "Mediated %", "fi": "Välittynyt %"},
    "col.adj_r2": {"en": "Adj. R²", "fi": "Korj. R²"},
    "model.satisfaction": {"en": "Satisfaction only", "fi": "Vain tyytyväisyys"},
    "model.experience": {"en": "Experience drivers only", "fi": "Vain kokemustekijät"},
    "model.both": {"en": "Both", "fi": "Molemmat"},
    # journey
    "jr.title": {"en": "The customer journey: {survey}", "fi": "Asiakaspolku: {survey}"},
    "jr.phase_best": {"en": "Across the journey, the NPS is highest in the {best} phase ({b}) "
                            "and lowest in the {worst} phase ({w}).",
                      "fi": "Asiakaspolulla NPS on korkein vaiheessa {best} ({b}) ja matalin "
                            "vaiheessa {worst} ({w})."},
    "jr.touch": {"en": "Among touchpoints, {worst} has the lowest NPS ({w}) and {best} the "
                       "highest ({b}).",
                 "fi": "Kosketuspisteistä matalin NPS on pisteellä {worst} ({w}) ja korkein "
                       "pisteellä {best} ({b})."},
    "jr.phase_driver": {"en": "The most important driver is {pre} before the purchase, {core} "
                              "in the core phase and {post} afterwards.",
                        "fi": "Tärkein tekijä on {pre} ennen ostoa, {core} ydinvaiheessa ja "
                              "{post} oston jälkeen."},
    "jr.gap": {"en": "{n} customers answered about two or more channels; their experience "
                     "differs by {gap} points on average between channels, and a wider gap "
                     "goes with lower recommendation (r = {r}, 95 % CI {lo} … {hi}).",
               "fi": "{n} asiakasta vastasi kahdesta tai useammasta kanavasta; heidän "
                     "kokemuksensa eroaa kanavien välillä keskimäärin {gap} pistettä, ja "
                     "suurempi ero liittyy heikompaan suositteluun (r = {r}, 95 %:n lv "
                     "{lo} … {hi})."},
    "jr.nogap": {"en": "Too few customers answered about more than one channel to measure "
                       "channel consistency as a gap.",
                 "fi": "Liian harva asiakas vastasi useammasta kanavasta kanavien välisen eron "
                       "mittaamiseen."},
    "jr.level_h": {"en": "NPS by {level}", "fi": "NPS: {level}"},
    "jr.driver_h": {"en": "What matters in each phase", "fi": "Mikä on tärkeää kussakin "
                                                              "vaiheessa"},
    "jr.gap_h": {"en": "Channel consistency", "fi": "Kanavien yhtenäisyys"},
    "jr.segments_h": {"en": "Segments: {segment}", "fi": "Segmentit: {segment}"},
    "jr.method": {"en": "NPS with adjusted-Wald intervals; importances are Shapley values "
                        "within each phase with {n_boot} bootstrap resamples. Groups under "
                        "{min_n} respondents are suppressed: their figures are not computed "
                        "or shown. The channel gap is the largest minus the smallest mean "
                        "driver score of a customer across the channels they answered about.",
                  "fi": "NPS korjatuin Wald-välein; tärkeydet ovat Shapley-arvoja kunkin "
                        "vaiheen sisällä ({n_boot} bootstrap-otosta). Alle {min_n} vastaajan "
                        "ryhmät on piilotettu: niiden lukuja ei lasketa eikä näytetä. Kanavaero "
                        "on asiakkaan suurin miinus pienin tekijöiden keskiarvo hänen "
                        "käyttämiensä kanavien välillä."},
    "phase": {"en": "phase", "fi": "vaihe"}, "touchpoint": {"en": "touchpoint",
                                                            "fi": "kosketuspiste"},
    "channel": {"en": "channel", "fi": "kanava"},
    # tracking
    "tr.title": {"en": "Tracking over waves: {survey}", "fi": "Seuranta aalloittain: {survey}"},
    "tr.trend": {"en": "The NPS moved from {first} in wave {w0} to {last} in wave {w1} "
                       "({change} points; 95 % CI {lo} … {hi}).",
                 "fi": "NPS muuttui aallon {w0} arvosta {first} aallon {w1} arvoon {last} "
                       "({change} pistettä; 95 %:n lv {lo} … {hi})."},
    "tr.sig_change": {"en": "The change from wave {w0} to {w1} ({change} points) is "
                            "statistically significant (FDR-adjusted {p}).",
                      "fi": "Muutos aallosta {w0} aaltoon {w1} ({change} pistettä) on "
                            "tilastollisesti merkitsevä (FDR-korjattu {p})."},
    "tr.no_sig": {"en": "No single wave-to-wave change is statistically significant on its "
                        "own.",
                  "fi": "Yksikään aallosta toiseen tapahtunut muutos ei yksinään ole "
                        "tilastollisesti merkitsevä."},
    "tr.change": {"en": "After the change on {date}, the NPS of {treated} moved by {est} points "
                        "(95 % CI {lo} … {hi}).",
                  "fi": "Muutoksen ({date}) jälkeen ryhmän {treated} NPS muuttui {est} "
                        "pistettä (95 %:n lv {lo} … {hi})."},
    "tr.did": {"en": "Compared with the other groups over the same time, the change is {est} "
                     "points (difference-in-differences, 95 % CI {lo} … {hi}, {p}): {verdict}",
               "fi": "Verrattuna muihin ryhmiin samana aikana muutos on {est} pistettä "
                     "(erotusten erotus, 95 %:n lv {lo} … {hi}, {p}): {verdict}"},
    "tr.did_yes": {"en": "the change moved the numbers.", "fi": "muutos näkyy luvuissa."},
    "tr.did_no": {"en": "the data cannot tell the change's effect from the general trend.",
                  "fi": "aineistosta ei voi erottaa muutoksen vaikutusta yleisestä "
                        "kehityksestä."},
    "tr.carry": {"en": "{n} customers answered in two waves. Their earlier experience "
                       "correlates r = {r} (95 % CI {lo} … {hi}) with how they rate their "
                       "previous experience next time: experiences carry over.",
                 "fi": "{n} asiakasta vastasi kahdessa aallossa. Heidän aiempi kokemuksensa "
                       "korreloi r = {r} (95 %:n lv {lo} … {hi}) sen kanssa, miten he "
                       "seuraavalla kerralla arvioivat aiemman kokemuksensa: kokemukset "
                       "siirtyvät eteenpäin."},
    "tr.waves_h": {"en": "NPS per wave", "fi": "NPS aalloittain"},
    "tr.waves_caption": {"en": "NPS per wave; the band is the 95 % confidence interval.",
                         "fi": "NPS aalloittain; varjostus on 95 %:n luottamusväli."},
    "tr.change_h": {"en": "Did the change move the numbers?",
                    "fi": "Näkyikö muutos luvuissa?"},
    "tr.carry_h": {"en": "Carry-over between waves", "fi": "Kokemusten siirtyminen aaltojen "
                                                       "välillä"},
    "tr.method": {"en": "NPS per wave with adjusted-Wald intervals; wave-to-wave changes with "
                        "the adjusted-Wald z test, FDR-adjusted. The difference-in-differences "
                        "compares the NPS change of the changed group with that of the other "
                        "groups; its interval uses the four groups' trinomial variances and "
                        "agrees with an OLS model with HC3 errors (estimate {reg}).",
                  "fi": "NPS aalloittain korjatuin Wald-välein; aaltojen väliset muutokset "
                        "korjatulla Wald-z-testillä, FDR-korjattuna. Erotusten erotus vertaa "
                        "muutetun ryhmän NPS-muutosta muiden ryhmien muutokseen; sen "
                        "luottamusväli käyttää neljän ryhmän trinomivariansseja ja vastaa "
                        "OLS-mallia HC3-keskivirheillä (estimaatti {reg})."},
    "col.wave": {"en": "Wave", "fi": "Aalto"},
    "col.change": {"en": "Change", "fi": "Muutos"},
    "col.period": {"en": "Period", "fi": "Jakso"},
    "period.before": {"en": "before", "fi": "ennen"}, "period.after": {"en": "after",
                                                                      "fi": "jälkeen"},
    "grp.treated": {"en": "changed group", "fi": "muutettu ryhmä"},
    "grp.comparison": {"en": "comparison", "fi": "vertailuryhmä"},
})


TEXT.update({
    "idx.report": {"en": "Report", "fi": "Raportti"},
    "idx.title": {"en": "Title", "fi": "Otsikko"},
    "idx.top": {"en": "Top priority", "fi": "Tärkein kehityskohde"},
    "idx.seconds": {"en": "Run time (s)", "fi": "Ajoaika (s)"},
    "idx.failed": {"en": "failed", "fi": "epäonnistui"},
    "idx.all_ok": {"en": "Every report was written.", "fi": "Kaikki raportit kirjoitettiin."},
    "idx.some_failed": {"en": "{k} report(s) failed; their errors are listed below.",
                        "fi": "{k} raporttia epäonnistui; virheet on lueteltu alla."},
})


TEXT.update({
    "nps.comments_h": {"en": "In customers' words", "fi": "Asiakkaiden sanoin"},
    "nps.comments_caption": {"en": "A random sample of open answers per category; e-mail "
                                   "addresses and phone numbers are masked.",
                             "fi": "Satunnainen otos avovastauksia luokittain; "
                                   "sähköpostiosoitteet ja puhelinnumerot on peitetty."},
    "col.comment": {"en": "Comment", "fi": "Kommentti"},
    "col.category": {"en": "Category", "fi": "Luokka"},
})
