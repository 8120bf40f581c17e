"""Summaries in words of the measurement, moderators, journey and tracking reports.

Each ``*_summary`` function takes the results the report computed and returns the report's
summary as a list of sentences in the report language. Every threshold the sentences use lives
in :data:`THRESHOLDS`:

``alpha``
    significance (and FDR) level of every test a sentence relies on (0.05).
``power``
    power of the minimum detectable effect reported when a test finds nothing (0.80).
``alpha_ok``
    Cronbach's alpha a construct should reach (0.70).
``fit_good``, ``fit_acceptable``
    CFA cut-offs (Hu & Bentler 1999): good fit needs CFI and TLI ≥ 0.95, RMSEA ≤ 0.06,
    SRMR ≤ 0.08; acceptable CFI ≥ 0.90, RMSEA ≤ 0.08, SRMR ≤ 0.10.
``htmt_max``
    the HTMT ratio above which two constructs may not be distinct (0.85).
``large_n``
    from this many respondents a scan leads with effect sizes, not p-values (20,000).
``practical_slope``, ``practical_nps``, ``practical_mean``
    the smallest differences worth acting on: a simple-slope difference of 0.10 outcome
    points per driver point, 5 NPS points, 0.2 points on a driver or rating scale.
``phase_order``
    journey phases in journey order (pre, core, post); other phases follow in data order.
``kano_stable``
    a Kano class is shown only when at least this share of bootstrap resamples gives the
    same class, else "unclear" (0.8, :data:`cxresearch.actions.KANO_STABLE`).

A section the survey cannot support is skipped with one sentence from :func:`skip_sentence`.

Examples
--------
>>> inline_label("Sosiaalinen ympäristö", "fi"), inline_label("NPS", "fi")
('sosiaalinen ympäristö', 'NPS')
>>> round(min_detectable(1.0), 2)   # (z_0.975 + z_0.80) × SE
2.8
"""

from __future__ import annotations

from typing import Any

import numpy as np
import pandas as pd

from .actions import KANO_STABLE
from .i18n import Text, fmt_date, fmt_num, fmt_pct, fmt_pts, fmt_range, in_sentence, problem_text, t
from .stats import normal_ppf

__all__ = [
    "THRESHOLDS",
    "inline_label",
    "min_detectable",
    "skip_sentence",
    "problem_sentence",
    "phase_sorted",
    "fit_quality",
    "top_mediated",
    "measurement_summary",
    "moderators_summary",
    "journey_summary",
    "tracking_summary",
    "alerts_list",
    "outcome_change_summary",
    "gap_sentence",
]

#: Every threshold the four summaries use (see the module docstring).
THRESHOLDS: dict[str, Any] = {
    "alpha": 0.05,
    "power": 0.80,
    "alpha_ok": 0.70,
    "fit_good": {"cfi": 0.95, "tli": 0.95, "rmsea": 0.06, "srmr": 0.08},
    "fit_acceptable": {"cfi": 0.90, "rmsea": 0.08, "srmr": 0.10},
    "htmt_max": 0.85,
    "large_n": 20000,
    "practical_slope": 0.10,
    "practical_nps": 5.0,
    "practical_mean": 0.2,
    "phase_order": ("pre", "core", "post"),
    "kano_stable": KANO_STABLE,
}


def inline_label(label: Any, lang: str = "en") -> str:
    """A construct, outcome or column label as it stands mid-sentence in ``lang``.

    English, Finnish and Swedish lower-case the first letter unless the label is an acronym or
    a name ("NPS", "CES", a codebook's ``proper_names``): see :func:`cxresearch.i18n.in_sentence`.
    Value labels (region names) are not passed here.

    Parameters
    ----------
    label : object
        The label (made a string).
    lang : str
        Report language.

    Returns
    -------
    str
        The label as written mid-sentence.

    Examples
    --------
    >>> inline_label("Kiire", "fi"), inline_label("Service encounter", "en")
    ('kiire', 'service encounter')
    """
    return in_sentence(str(label), lang)


def min_detectable(se: float, *, alpha: float | None = None, power: float | None = None,
                   tests: int = 1) -> float:
    """The smallest true effect a two-sided z test with this SE detects with ``power``.

    MDE = (z₁₋α/(2m) + z_power) · SE for m = ``tests`` (the first Benjamini–Hochberg step,
    where a single true effect among m tests must reach p < α/m); Cohen (1988), ch. 12.

    Parameters
    ----------
    se : float
        Standard error of the estimate (NaN or None: NaN).
    alpha : float, optional
        Significance level (default ``THRESHOLDS["alpha"]``).
    power : float, optional
        Power (default ``THRESHOLDS["power"]``).
    tests : int
        Number of tests m of the family.

    Returns
    -------
    float
        The minimum detectable effect, in the units of ``se``.

    Examples
    --------
    >>> round(min_detectable(2.0, tests=10), 2)
    7.29
    """
    alpha = THRESHOLDS["alpha"] if alpha is None else alpha
    power = THRESHOLDS["power"] if power is None else power
    if se is None or not np.isfinite(se):
        return float("nan")
    return float((normal_ppf(1 - alpha / (2 * max(tests, 1))) + normal_ppf(power)) * se)


def skip_sentence(section: str, lang: str = "en", **values: Any) -> str:
    """The one sentence that says why a section is skipped (``skip.<section>`` in the catalog).

    Parameters
    ----------
    section : str
        The catalog key after ``skip.``.
    lang : str
        Report language.
    **values
        Values of the message's placeholders.

    Returns
    -------
    str
        The sentence.

    Examples
    --------
    >>> skip_sentence("no_waves", "en")
    'This survey has one wave only, so there is no change over time to show.'
    """
    return t(f"skip.{section}", lang, **values)


def problem_sentence(error: Exception, *, section: str, lang: str = "en") -> str:
    """The sentence that says why a section is not shown when its input was refused.

    A :class:`cxresearch.errors.CXInputError` names what is wrong, where (file or parameter,
    column) and how to fix it; the report says all three instead of a bare "no data", in the
    report's language when the problem has a message key (:func:`cxresearch.i18n.problem_text`;
    else in the problem's English). The offending value is left out (it may come from an
    answer).

    Parameters
    ----------
    error : Exception
        The refusal, normally a ``CXInputError`` (its first problem is told).
    section : str
        The section not shown (``skip.section.<section>`` in the catalog).
    lang : str
        Report language.

    Returns
    -------
    str
        One sentence from ``skip.input_error``.

    Examples
    --------
    >>> from cxresearch.errors import CXInputError, Problem
    >>> err = CXInputError(Problem("parameters", "no responses after 2031-01-01",
    ...                            "give a date inside the survey period", column="date"))
    >>> import html  # the sentence is Markdown-safe text: as a reader sees it
    >>> html.unescape(problem_sentence(err, section="change", lang="en"))
    ... # doctest: +NORMALIZE_WHITESPACE
    'The section “before/after view of the change” is not shown: no responses after 2031-01-01
    (parameters, column date). To fix it: give a date inside the survey period.'
    """
    problems = getattr(error, "problems", None) or []
    if not problems:
        return t("skip.input_error_bare", lang, section=t(f"skip.section.{section}", lang),
                 what=str(error).rstrip(". "))
    where, what, fix = problem_text(problems[0], lang)
    if problems[0].column:
        where = t("err.where_column", lang, where=where, column=problems[0].column)

    def bare(text: str) -> str:  # without the closing full stop; a catalog text stays one
        return Text(text.rstrip(". ")) if isinstance(text, Text) else str(text).rstrip(". ")

    return t("skip.input_error", lang, section=t(f"skip.section.{section}", lang),
             what=bare(what), where=where, fix=bare(fix))


def phase_sorted(values: Any) -> list[Any]:
    """Journey phases in journey order (``THRESHOLDS["phase_order"]``), others after them.

    Parameters
    ----------
    values : iterable
        Phase values (duplicates dropped).

    Returns
    -------
    list
        The known phases in journey order, then the others as they came.

    Examples
    --------
    >>> phase_sorted(["post", "core", "pre", "extra"])
    ['pre', 'core', 'post', 'extra']
    """
    order = {p: i for i, p in enumerate(THRESHOLDS["phase_order"])}
    vals = list(dict.fromkeys(values))
    return sorted(vals, key=lambda v: (order.get(str(v), len(order)), vals.index(v)))


def fit_quality(fit: dict[str, float]) -> str:
    """``good``, ``acceptable`` or ``poor`` by the cut-offs in :data:`THRESHOLDS`.

    Good: every one of CFI, TLI, RMSEA and SRMR within ``fit_good``; acceptable: CFI, RMSEA
    and SRMR within ``fit_acceptable`` (Hu & Bentler 1999).

    Parameters
    ----------
    fit : dict
        ``cfi, tli, rmsea, srmr`` (the ``fit`` of :func:`cxresearch.measurement.cfa`).

    Returns
    -------
    str
        ``"good"``, ``"acceptable"`` or ``"poor"``.

    Examples
    --------
    >>> fit_quality({"cfi": 0.97, "tli": 0.96, "rmsea": 0.04, "srmr": 0.03})
    'good'
    """
    g, a = THRESHOLDS["fit_good"], THRESHOLDS["fit_acceptable"]
    if (fit["cfi"] >= g["cfi"] and fit["tli"] >= g["tli"] and fit["rmsea"] <= g["rmsea"]
            and fit["srmr"] <= g["srmr"]):
        return "good"
    if fit["cfi"] >= a["cfi"] and fit["rmsea"] <= a["rmsea"] and fit["srmr"] <= a["srmr"]:
        return "acceptable"
    return "poor"


def _label(labels: dict[str, str] | None, name: Any, lang: str) -> str:
    return inline_label((labels or {}).get(name, name), lang)


# --------------------------------------------------------------------------- measurement


def top_mediated(paths: pd.DataFrame) -> pd.Series:
    """The driver whose effect through the mediator is largest, in standard deviations.

    One rule for every report that names "the largest indirect effect" (the standardised
    indirect effect ``std_indirect`` when present, else ``indirect``).

    Parameters
    ----------
    paths : DataFrame
        The ``paths`` table of :func:`cxresearch.moderation.satisfaction_paths` (or
        :func:`cxresearch.moderation.mediation`).

    Returns
    -------
    Series
        The row of that driver.

    Examples
    --------
    >>> p = pd.DataFrame({"driver": ["a", "b"], "indirect": [0.3, 0.2],
    ...                   "std_indirect": [0.05, 0.08]})
    >>> top_mediated(p)["driver"]
    'b'
    """
    col = "std_indirect" if "std_indirect" in paths else "indirect"
    return paths.loc[paths[col].idxmax()]


def measurement_summary(rel: pd.DataFrame | None, items: pd.DataFrame | None = None,
                        cfa: Any = None, sem: Any = None, *, paths: Any = None,
                        labels: dict[str, str] | None = None, skipped: list[str] | None = None,
                        lang: str = "en", outcome_label: str = "",
                        no_sem: str = "") -> list[str]:
    """The measurement report's summary.

    Parameters
    ----------
    rel, items : DataFrame
        :func:`cxresearch.measurement.reliability` with ``items=True`` (None: no multi-item
        construct).
    cfa : CFAResult, optional
        :func:`cxresearch.measurement.cfa` (None: too few constructs for a CFA).
    sem : SEMResult, optional
        :func:`cxresearch.measurement.structural_model` (None: no satisfaction outcome).
    paths : PathsResult, optional
        :func:`cxresearch.moderation.satisfaction_paths`, the observed-score fit the
        moderators report quotes too: its R² and the largest indirect effect
        (:func:`top_mediated`) lead, in raw units and SDs, and the latent model's values
        for the same driver follow, labelled as the different quantity they are.
    skipped : list of str
        Single-item constructs left out (named in one sentence).
    outcome_label : str
        The key outcome's label when it is not a recommendation score (a yes/no or rating
        outcome): the structural model's sentence names it instead of "recommendation".
    no_sem : str
        The sentence said when ``sem`` is None (default: the survey has no satisfaction
        outcome).
    labels : dict, optional
        Display names of the constructs and drivers.
    lang : str
        Report language.

    Returns
    -------
    list of str

    Examples
    --------
    >>> rel = pd.DataFrame({"construct": ["service", "price"], "alpha": [0.86, 0.64]})
    >>> measurement_summary(rel)[0]
    "Reliability: Cronbach's alpha ranges from 0.64 (price) to 0.86 (service); 1 of 2 constructs reach 0.70."
    """
    lines: list[str] = []
    if rel is None or not len(rel):
        return [skip_sentence("no_multi_item", lang)]
    lo, hi = rel.loc[rel["alpha"].idxmin()], rel.loc[rel["alpha"].idxmax()]
    lines.append(t("ms.alpha_range", lang, lo=fmt_num(lo["alpha"], lang, 2),
                   lo_c=_label(labels, lo["construct"], lang), hi=fmt_num(hi["alpha"], lang, 2),
                   hi_c=_label(labels, hi["construct"], lang),
                   k=int((rel["alpha"] >= THRESHOLDS["alpha_ok"]).sum()), n=len(rel),
                   cut=fmt_num(THRESHOLDS["alpha_ok"], lang, 2)))
    if items is not None and len(items):
        gain = items.merge(rel[["construct", "alpha"]], on="construct")
        gain = gain[gain["alpha_if_deleted"] > gain["alpha"]]
        if len(gain):
            w = gain.loc[(gain["alpha_if_deleted"] - gain["alpha"]).idxmax()]
            lines.append(t("ms.weak_item", lang, item=w["item"],
                           construct=_label(labels, w["construct"], lang),
                           a=fmt_num(w["alpha"], lang, 2), b=fmt_num(w["alpha_if_deleted"], lang, 2),
                           r=fmt_num(w["item_rest_r"], lang, 2)))
    if skipped:
        lines.append(skip_sentence("single_item", lang,
                                   names=", ".join(_label(labels, s, lang) for s in skipped)))
    if cfa is None:
        lines.append(skip_sentence("no_cfa", lang))
        return lines
    f = cfa.fit
    lines.append(t("ms.fit", lang, quality=t(f"fit.{fit_quality(f)}", lang),
                   cfi=fmt_num(f["cfi"], lang, 3), tli=fmt_num(f["tli"], lang, 3),
                   rmsea=fmt_num(f["rmsea"], lang, 3), lo=fmt_num(f["rmsea_ci_low"], lang, 3),
                   hi=fmt_num(f["rmsea_ci_high"], lang, 3), srmr=fmt_num(f["srmr"], lang, 3),
                   n=fmt_num(f["n"], lang)))
    H = cfa.htmt.where(~np.eye(len(cfa.htmt), dtype=bool))
    top_pair = H.stack().idxmax()
    lines.append(t("ms.validity", lang, k=int(cfa.validity["fornell_larcker"].sum()),
                   n=len(cfa.validity), h=fmt_num(H.stack().max(), lang, 2),
                   pair=f"{_label(labels, top_pair[0], lang)} – {_label(labels, top_pair[1], lang)}",
                   cut=fmt_num(THRESHOLDS["htmt_max"], lang, 2)))
    if paths is not None:
        top = top_mediated(paths.paths)
        named = {"outcome": in_sentence(outcome_label, lang)} if outcome_label else {}
        lines.append(t("or.paths" if outcome_label else "ms.paths", lang, **named,
                       how=t("ms.wls" if paths.weighted else "ms.ols", lang),
                       n=fmt_num(paths.n, lang),
                       r2s=fmt_pct(paths.r2["mediator"], lang, 1),
                       r2r=fmt_pct(paths.r2["outcome"], lang, 1),
                       driver=_label(labels, top["driver"], lang),
                       ind=fmt_num(top["indirect"], lang, 3),
                       std=fmt_num(top["std_indirect"], lang, 3),
                       share=fmt_pct(top["share_mediated"], lang)))
        if sem is not None and top["driver"] in set(sem.indirect["driver"]):
            lat = sem.indirect.set_index("driver").loc[top["driver"]]
            lines.append(t("ms.sem_latent", lang, r2s=fmt_pct(sem.r2[sem.mediator], lang, 1),
                           r2r=fmt_pct(sem.r2[sem.outcome], lang, 1),
                           driver=_label(labels, top["driver"], lang),
                           ind=fmt_num(lat["indirect"], lang, 3)))
    elif sem is not None:
        top = sem.indirect.loc[sem.indirect["indirect"].abs().idxmax()]
        named = {"outcome": in_sentence(outcome_label, lang)} if outcome_label else {}
        lines.append(t("or.sem" if outcome_label else "ms.sem", lang,
                       r2s=fmt_pct(sem.r2[sem.mediator], lang),
                       r2r=fmt_pct(sem.r2[sem.outcome], lang),
                       driver=_label(labels, top["driver"], lang),
                       ind=fmt_num(top["indirect"], lang, 3), **named))
    else:
        lines.append(no_sem or skip_sentence("no_satisfaction", lang))
    return lines


# --------------------------------------------------------------------------- moderators


def _scan_mde(scan: pd.DataFrame) -> float:
    """Median SE of a slope difference, recovered from each test's p and slope range."""
    ok = scan[(scan["p_value"] < 0.999) & (scan["p_value"] > 0)]
    if not len(ok):
        return float("nan")
    z = normal_ppf(1 - ok["p_value"].to_numpy() / 2)
    se = (ok["slope_max"] - ok["slope_min"]).abs().to_numpy() / z
    return float(np.median(se))


def moderators_summary(scan: pd.DataFrame, *, labels: dict[str, str] | None = None,
                       moderator_labels: dict[str, str] | None = None,
                       level_label: Any = None, sve: Any = None,
                       med: pd.DataFrame | None = None, n: int | None = None,
                       paths: Any = None, lang: str = "en",
                       outcome_label: str = "", no_sat: str = "") -> list[str]:
    """The moderators report's summary.

    With no significant interaction, the minimum detectable slope difference is given
    (:func:`min_detectable` of the scan's median SE at the first Benjamini–Hochberg step), so
    "not significant" does not read as "no effect". From ``THRESHOLDS["large_n"]`` respondents
    the count of interactions larger than ``practical_slope`` leads.

    Parameters
    ----------
    scan : DataFrame
        :func:`cxresearch.moderation.moderation_scan`.
    level_label : callable, optional
        ``level_label(moderator, level) -> str`` writes a moderator level in ``lang``
        (codebook value labels, "mean − SD"/"mean + SD" for continuous moderators).
    sve, med :
        :func:`cxresearch.moderation.satisfaction_vs_experience` and
        :func:`cxresearch.moderation.mediation` (None: skipped with a sentence).
    paths : PathsResult, optional
        :func:`cxresearch.moderation.satisfaction_paths`: the one observed-score fit the
        measurement report quotes too; when given it supplies ``sve`` and ``med``, and the
        mediated driver is chosen by :func:`top_mediated`.
    outcome_label : str
        The key outcome's label when it is not a recommendation score (a yes/no or rating
        outcome): the sentences name it, and the ceiling note names no 0–10 scale.
    no_sat : str
        The sentence said when both ``sve`` and ``med`` are None (default: the survey has no
        satisfaction outcome).
    labels, moderator_labels : dict, optional
        Display names of the drivers and of the moderators.
    n : int, optional
        Respondents; from ``THRESHOLDS["large_n"]`` the practical-size count leads.
    lang : str
        Report language.

    Returns
    -------
    list of str

    Examples
    --------
    >>> moderators_summary(pd.DataFrame())[0][:44]
    'The codebook names no moderators with two or'
    """
    if paths is not None:
        sve, med = paths.sve, paths.paths
    a = THRESHOLDS["alpha"]
    lab = level_label or (lambda m, v: str(v))
    mods = moderator_labels or {}
    lines: list[str] = []
    if not len(scan):
        lines.append(skip_sentence("no_moderators", lang))
    else:
        sig = scan[scan["p_adjusted"] < a]
        k, m = len(sig), len(scan)
        big = n is not None and n >= THRESHOLDS["large_n"]
        practical = sig[(sig["slope_max"] - sig["slope_min"]).abs()
                        >= THRESHOLDS["practical_slope"]]
        if big:
            lines.append(t("md.practical", lang, k=len(practical), m=m, sig=k,
                           d=fmt_num(THRESHOLDS["practical_slope"], lang, 2)))
        lines.append(t("md.count_one" if m == 1 else "md.count", lang, k=k, m=m))
        for _, r in (practical if big else sig).head(3).iterrows():
            mod = mods.get(r["moderator"], r["moderator"])
            lines.append(t("md.one", lang, driver=_label(labels, r["driver"], lang),
                           moderator=inline_label(mod, lang),
                           lo=fmt_num(r["slope_min"], lang, 2),
                           lo_l=lab(r["moderator"], r["level_min"]),
                           hi=fmt_num(r["slope_max"], lang, 2),
                           hi_l=lab(r["moderator"], r["level_max"]),
                           p=_p(r["p_adjusted"], lang)))
        if k:
            lines.append(t("or.ceiling" if outcome_label else "md.ceiling", lang))
        if k < m:
            mde = min_detectable(_scan_mde(scan), tests=m)
            lines.append(t("md.mde", lang, mde=fmt_num(mde, lang, 2),
                           power=fmt_pct(THRESHOLDS["power"], lang)))
    if sve is not None:
        r2 = dict(zip(sve.models["model"], sve.models["r2"], strict=True))
        tests = sve.tests.set_index("added")
        named = {"outcome": in_sentence(outcome_label, lang)} if outcome_label else {}
        pre = "or." if outcome_label else ""
        lines.append(t(f"{pre}verdict.{sve.verdict}", lang, **named) + " " + t(
            f"{pre or 'md.'}sat_experience", lang, **named,
            r2e=fmt_pct(r2["experience"], lang, 1),
            r2s=fmt_pct(r2["satisfaction"], lang, 1), r2b=fmt_pct(r2["both"], lang, 1),
            how=t("ms.wls" if sve.weighted else "ms.ols", lang),
            de=fmt_num(100 * tests.loc["experience", "delta_r2"], lang, 1),
            pe=_p(tests.loc["experience", "f_p"], lang),
            ds=fmt_num(100 * tests.loc["satisfaction", "delta_r2"], lang, 1),
            ps=_p(tests.loc["satisfaction", "f_p"], lang)))
        diff = getattr(sve, "r2_diff", None) or {}
        if diff.get("n_boot"):  # the test behind the verdict
            lines.append(t("md.r2_diff", lang, d=fmt_num(100 * diff["estimate"], lang, 1),
                           lo=fmt_num(100 * diff["ci_low"], lang, 1),
                           hi=fmt_num(100 * diff["ci_high"], lang, 1),
                           level=fmt_num(100 * diff["level"], lang)))
    if med is not None and len(med):
        mm = top_mediated(med)
        std = mm["std_indirect"] if "std_indirect" in mm else float("nan")
        lines.append(t("md.mediation", lang, share=fmt_pct(mm["share_mediated"], lang),
                       driver=_label(labels, mm["driver"], lang),
                       ind=fmt_num(mm["indirect"], lang, 3), level=95,
                       lo=fmt_num(mm["ci_low"], lang, 3), hi=fmt_num(mm["ci_high"], lang, 3),
                       std=fmt_num(std, lang, 3)))
    if sve is None and med is None:
        lines.append(no_sat or skip_sentence("no_satisfaction", lang))
    return lines


def _p(p: float, lang: str) -> str:
    from .i18n import p_phrase

    return p_phrase(p, lang)


# --------------------------------------------------------------------------- journey


def journey_summary(journey: pd.DataFrame | None, tests: dict[str, pd.DataFrame] | None = None,
                    *, value_label: Any = None, top_by_phase: dict[Any, str] | None = None,
                    gap: Any = None, lang: str = "en") -> list[str]:
    """The journey report's summary: no "highest/lowest" without an FDR-controlled test.

    Parameters
    ----------
    journey : DataFrame
        :func:`cxresearch.tracking.journey_nps` (None: the codebook has no journey columns).
    tests : dict
        ``{level: nps_test of every pair of that level's values}`` (FDR-adjusted over the
        pairs). The best-vs-worst sentence is written only when that pair's adjusted p is
        below ``THRESHOLDS["alpha"]``; otherwise a "no clear difference" sentence with the
        minimum detectable difference.
    value_label : callable, optional
        ``value_label(level, value) -> str`` gives a value's label in ``lang``.
    top_by_phase : dict
        ``{phase: label of its most important driver}``.
    gap : ChannelGapResult, optional
        :func:`cxresearch.tracking.channel_gap`; the correlation is reported adjusted for the
        customer's experience level (the confound), with the unadjusted one beside it.
    lang : str
        Report language.

    Returns
    -------
    list of str

    Examples
    --------
    >>> journey_summary(None)
    ['The codebook names no journey columns (phase, touchpoint, channel), so the journey view cannot be shown.']
    """
    vl = value_label or (lambda level, v: str(v))
    lines: list[str] = []
    if journey is None:
        return [skip_sentence("no_journey", lang)]
    for level in ("phase", "touchpoint", "channel"):
        part = journey[(journey["level"] == level) & ~journey["small_base"]].sort_values("nps")
        if len(part) < 2:
            continue
        best, worst = part.iloc[-1], part.iloc[0]
        tt = (tests or {}).get(level)
        row = None
        if tt is not None and len(tt):
            hit = tt[((tt["group_a"] == best["value"]) & (tt["group_b"] == worst["value"]))
                     | ((tt["group_a"] == worst["value"]) & (tt["group_b"] == best["value"]))]
            row = hit.iloc[0] if len(hit) else None
        what = t(f"jr.what.{level}", lang)
        if row is not None and row["p_adjusted"] < THRESHOLDS["alpha"]:
            lines.append(t("jr.diff", lang, what=what, best=vl(level, best["value"]),
                           b=fmt_pts(best["nps"], lang), worst=vl(level, worst["value"]),
                           w=fmt_pts(worst["nps"], lang), p=_p(row["p_adjusted"], lang)))
        else:
            mde = min_detectable(float(row["se"]) if row is not None else np.nan,
                                 tests=len(tt) if tt is not None else 1)
            lines.append(t("jr.no_diff", lang, what=what, lo=fmt_pts(worst["nps"], lang),
                           hi=fmt_pts(best["nps"], lang),
                           p=_p(row["p_adjusted"], lang) if row is not None else "–",
                           mde=fmt_num(mde, lang, 0)))
    if top_by_phase:
        phases = phase_sorted(top_by_phase)
        tops = [top_by_phase[p] for p in phases]
        if len(set(tops)) == 1:
            lines.append(t("jr.phase_driver_same", lang, driver=tops[0]))
        else:
            lines.append(t("jr.phase_driver_list", lang, items="; ".join(
                f"{vl('phase', p)}: {d}" for p, d in zip(phases, tops, strict=True))))
    if gap is not None:
        g, ga = gap.r_gap_outcome, gap.r_gap_outcome_adjusted
        key = "jr.gap_adj" if ga is not None and ga["p_value"] < THRESHOLDS["alpha"] else \
            "jr.gap_confounded"
        ga = ga or g
        lines.append(t(key, lang, n=fmt_num(gap.n, lang), gap=fmt_num(gap.mean_gap, lang, 2),
                       r=fmt_num(g["r"], lang, 2), ra=fmt_num(ga["r"], lang, 2),
                       lo=fmt_num(ga["ci_low"], lang, 2), hi=fmt_num(ga["ci_high"], lang, 2)))
    else:
        lines.append(t("jr.nogap", lang))
    return lines


# --------------------------------------------------------------------------- tracking


def alerts_list(alerts: pd.DataFrame, *, labels: dict[str, str] | None = None,
                value_label: Any = None, lang: str = "en") -> list[str]:
    """The "what changed since the previous wave" list: one line per significant change.

    Parameters
    ----------
    alerts : DataFrame
        :func:`cxresearch.tracking.wave_alerts`.
    labels : dict
        Labels of the outcomes, drivers and segment columns.
    value_label : callable, optional
        ``value_label(column, value) -> str`` for segment levels.
    lang : str
        Report language.

    Returns
    -------
    list of str
        Empty input gives ``[]``; no significant change gives one "nothing moved" line.

    Examples
    --------
    >>> alerts = pd.DataFrame({"name": ["ltr"], "kind": ["outcome"], "value": [None],
    ...                        "unit": ["nps"], "change": [6.0], "before": [20.0],
    ...                        "after": [26.0], "p_adjusted": [0.01], "significant": [True],
    ...                        "from_wave": ["2026Q1"], "to_wave": ["2026Q2"]})
    >>> alerts_list(alerts, labels={"ltr": "NPS"})
    ['**NPS**: NPS +20 → +26 (+6.0 points, FDR-adjusted p = 0.010).']
    """
    if alerts is None or not len(alerts):
        return []
    vl = value_label or (lambda c, v: str(v))
    sig = alerts[alerts["significant"]]
    w0, w1 = alerts["from_wave"].iloc[0], alerts["to_wave"].iloc[0]
    if not len(sig):
        return [t("tr.alert_none", lang, w0=w0, w1=w1, m=len(alerts))]
    out = []
    for _, r in sig.iterrows():
        name = (labels or {}).get(r["name"], r["name"])
        what = (f"{name}: {vl(r['name'], r['value'])}" if r["kind"] == "segment"
                else str(name))
        change = (fmt_pts(r["change"], lang, 1) if r["unit"] in ("nps", "percent")
                  else fmt_pts(r["change"], lang, 2))
        key = {"nps": "tr.alert_nps", "percent": "or.alert_share"}.get(r["unit"], "tr.alert_mean")
        out.append(t(key, lang,
                     what=what, change=change, before=_val(r, lang), after=_val(r, lang, True),
                     p=_p(r["p_adjusted"], lang)))
    return out


def _val(r: pd.Series, lang: str, after: bool = False) -> str:
    v = r["after" if after else "before"]
    if r["unit"] == "percent":
        return fmt_pct(v / 100, lang, 1)
    return fmt_pts(v, lang, 0) if r["unit"] == "nps" else fmt_num(v, lang, 2)


def tracking_summary(waves: pd.DataFrame | None, changes: pd.DataFrame | None = None,
                     total: pd.Series | None = None, *, wave: str | None = None,
                     ba: Any = None, scores: pd.DataFrame | None = None,
                     change_name: str = "", treated_label: str = "",
                     labels: dict[str, str] | None = None, carry: Any = None,
                     lang: str = "en") -> list[str]:
    """The tracking report's summary.

    Parameters
    ----------
    waves, changes : DataFrame
        :func:`cxresearch.tracking.wave_nps` and :func:`cxresearch.tracking.wave_changes`
        (None: one wave only, skipped with a sentence).
    total : Series
        :func:`cxresearch.metrics.nps_test` of the last against the first wave.
    ba, scores :
        :func:`cxresearch.tracking.before_after` and
        :func:`cxresearch.tracking.before_after_scores` of the targeted driver scores.
        A test that finds nothing reports its minimum detectable effect.
    change_name, treated_label : str
        What the change was and whom it applied to, as written mid-sentence.
    wave : str
        The wave column of ``waves``.
    labels : dict, optional
        Display names of the driver scores in ``scores``.
    carry : CarryoverResult, optional
        :func:`cxresearch.tracking.carryover` (None: no panel, said in a sentence): the
        earlier experience with the later "previous experience" rating and the earlier
        answer's coefficient on the later one (0–10 points).
    lang : str
        Report language.

    Returns
    -------
    list of str

    Examples
    --------
    >>> tracking_summary(None)
    ['This survey has one wave only, so there is no change over time to show.', 'The survey has no repeat respondents (panel), so the carry-over between waves is not estimated.']
    """
    a = THRESHOLDS["alpha"]
    lines: list[str] = []
    if waves is None or wave is None or len(waves) < 2:
        lines.append(skip_sentence("no_waves", lang))
    else:
        first, last = waves.iloc[0], waves.iloc[-1]
        key = "tr.trend"
        if total is not None and total["p_value"] < a:
            key = "tr.trend_up" if total["diff"] > 0 else "tr.trend_down"
        lines.append(t(key, lang, first=fmt_pts(first["nps"], lang), w0=first[wave],
                       last=fmt_pts(last["nps"], lang), w1=last[wave],
                       change=fmt_pts(total["diff"], lang, 1) if total is not None else "–",
                       lo=fmt_pts(total["ci_low"], lang, 1) if total is not None else "–",
                       hi=fmt_pts(total["ci_high"], lang, 1) if total is not None else "–"))
        if changes is not None and len(changes):
            sig = changes[changes["significant"]]
            for _, r in sig.iterrows():
                lines.append(t("tr.sig_change", lang, w0=r["from_wave"], w1=r["to_wave"],
                               change=fmt_pts(r["change"], lang, 1), p=_p(r["p_adjusted"], lang)))
            if not len(sig):
                se = float(np.nanmedian((changes["ci_high"] - changes["ci_low"]) / (2 * 1.959964)))
                lines.append(t("tr.no_sig", lang, mde=fmt_num(
                    min_detectable(se, tests=len(changes)), lang, 0)))
    if ba is not None:
        name = change_name or t("tr.the_change", lang)
        c = ba.change
        lines.append(t("tr.change", lang, name=name, date=fmt_date(ba.change_date, lang),
                       treated=treated_label or t("tr.everyone", lang),
                       est=fmt_pts(c["estimate"], lang, 1), lo=fmt_pts(c["ci_low"], lang, 1),
                       hi=fmt_pts(c["ci_high"], lang, 1)))
        d = ba.did
        if d is not None:
            if d["p_value"] < a:
                lines.append(t("tr.did", lang, est=fmt_pts(d["estimate"], lang, 1),
                               lo=fmt_pts(d["ci_low"], lang, 1), hi=fmt_pts(d["ci_high"], lang, 1),
                               p=_p(d["p_value"], lang), verdict=t("tr.did_yes", lang)))
            else:
                lines.append(t("tr.did_none", lang, est=fmt_pts(d["estimate"], lang, 1),
                               lo=fmt_pts(d["ci_low"], lang, 1), hi=fmt_pts(d["ci_high"], lang, 1),
                               p=_p(d["p_value"], lang),
                               mde=fmt_num(min_detectable(d["se"]), lang, 0)))
        lines += _score_lines(scores, labels, lang)
    lines += _carry_lines(carry, "nps", "", lang)
    return lines


def _carry_lines(carry: Any, kind: str, outcome: str, lang: str) -> list[str]:
    """The carry-over sentences: the earlier experience with the later "previous
    experience" rating, then the earlier outcome's coefficient on the later one in the
    outcome's units (percentage points of a yes/no share, scale points, 0–10 points); the
    no-panel sentence without ``carry``."""
    if carry is None:
        return [skip_sentence("no_panel", lang)]
    lines = []
    r = _field(carry, "r_previous")
    if r is not None:
        lines.append(t("tr.carry", lang, n=fmt_num(_field(carry, "pairs"), lang),
                       r=fmt_num(r["r"], lang, 2),
                       lo=fmt_num(r["ci_low"], lang, 2), hi=fmt_num(r["ci_high"], lang, 2)))
    lag = _field(carry, "lagged") or {}
    if "coef" in lag and "ci_low" in lag and kind in ("nps", "binary", "rating"):
        scale, digits = (100, 1) if kind == "binary" else (1, 2)
        lines.append(t(f"tr.carry_lag_{kind}", lang, outcome=outcome,
                       coef=fmt_pts(scale * lag["coef"], lang, digits),
                       lo=fmt_pts(scale * lag["ci_low"], lang, digits),
                       hi=fmt_pts(scale * lag["ci_high"], lang, digits),
                       p=_p(lag["p_value"], lang)))
    return lines


def _score_lines(scores: pd.DataFrame | None, labels: dict[str, str] | None,
                 lang: str) -> list[str]:
    """One sentence per targeted score of :func:`cxresearch.tracking.before_after_scores`."""
    a = THRESHOLDS["alpha"]
    lines = []
    for _, r in (scores if scores is not None else pd.DataFrame()).iterrows():
        has_did = r["did"] == r["did"]
        est, se, p = ((r["did"], r["did_se"], r["did_p"]) if has_did else
                      (r["change"], r["change_se"], r["change_p"]))
        lo, hi = (r["did_ci_low"], r["did_ci_high"]) if has_did else (
            r["change_ci_low"], r["change_ci_high"])
        what = _label(labels, r["column"], lang)
        if p < a:
            lines.append(t("tr.score_yes", lang, what=what, est=fmt_pts(est, lang, 2),
                           ci=fmt_range(lo, hi, lang, 2, points=True), p=_p(p, lang)))
        else:
            lines.append(t("tr.score_no", lang, what=what, est=fmt_pts(est, lang, 2),
                           ci=fmt_range(lo, hi, lang, 2, points=True), p=_p(p, lang),
                           mde=fmt_num(min_detectable(se), lang, 2)))
    return lines


def outcome_change_summary(ba: Any = None, scores: pd.DataFrame | None = None, *,
                           change_name: str = "", treated_label: str = "",
                           outcome: str = "", labels: dict[str, str] | None = None,
                           carry: dict[str, Any] | None = None, lang: str = "en",
                           outcome_type: str = "") -> list[str]:
    """The before/after and carry-over sentences of the tracking report for a yes/no or a
    rating key outcome, in its units (percentage points of the share, scale points).

    Parameters
    ----------
    ba : BeforeAfterResult, optional
        :func:`cxresearch.tracking.before_after` of a binary or rating outcome (None: no
        change asked for, or it was refused).
    scores : DataFrame, optional
        :func:`cxresearch.tracking.before_after_scores` of the targeted driver scores.
    change_name, treated_label : str
        What the change was and whom it applied to, as written mid-sentence.
    outcome : str
        The outcome's label, as written inside a sentence.
    labels : dict, optional
        Driver labels.
    carry : CarryoverResult or dict, optional
        :func:`cxresearch.tracking.carryover` (None: no panel, said with a sentence); its
        lagged coefficient is said in the outcome's units.
    lang : str
    outcome_type : str
        ``binary`` or ``rating`` (default: that of ``ba``); without either the lagged
        coefficient is not said (its unit is not known).

    Returns
    -------
    list of str
        A difference-in-differences that is not significant (p ≥ ``THRESHOLDS["alpha"]``)
        is reported with its minimum detectable effect (:func:`min_detectable`).

    Examples
    --------
    >>> from types import SimpleNamespace
    >>> ba = SimpleNamespace(outcome_type="binary", change_date="2026-03-01",
    ...     change={"estimate": 4.0, "ci_low": 1.0, "ci_high": 7.0},
    ...     did={"estimate": 2.0, "se": 2.5, "ci_low": -2.9, "ci_high": 6.9, "p_value": 0.42})
    >>> lines = outcome_change_summary(ba, outcome="would buy again", carry={"pairs": 0})
    >>> lines[0][:60]
    'After the change on 1 Mar 2026, the share of all respondents'
    >>> "about 7.0 percentage points" in lines[1]
    True
    """
    lines: list[str] = []
    if ba is not None:
        kind = ba.outcome_type
        unit = t(f"out.unit.{kind}", lang)
        digits = 1 if kind == "binary" else 2
        c = ba.change
        lines.append(t(f"or.change_{kind}", lang, name=change_name or t("tr.the_change", lang),
                       date=fmt_date(ba.change_date, lang),
                       treated=treated_label or t("tr.everyone", lang), outcome=outcome,
                       est=fmt_pts(c["estimate"], lang, digits),
                       lo=fmt_pts(c["ci_low"], lang, digits),
                       hi=fmt_pts(c["ci_high"], lang, digits)))
        d = ba.did
        if d is not None:
            values = dict(est=fmt_pts(d["estimate"], lang, digits), unit=unit,
                          lo=fmt_pts(d["ci_low"], lang, digits),
                          hi=fmt_pts(d["ci_high"], lang, digits), p=_p(d["p_value"], lang))
            if d["p_value"] < THRESHOLDS["alpha"]:
                lines.append(t("or.did", lang, **values))
            else:
                lines.append(t("or.did_none", lang, **values,
                               mde=fmt_num(min_detectable(d["se"]), lang, digits)))
        lines += _score_lines(scores, labels, lang)
    kind = outcome_type or (ba.outcome_type if ba is not None else "")
    lines += _carry_lines(carry, kind, outcome, lang)
    return lines


def _field(res: Any, name: str, default: Any = None) -> Any:
    """A field of a result type (:mod:`cxresearch.results`) or of a plain dict."""
    return res.get(name, default) if isinstance(res, dict) else getattr(res, name, default)


def gap_sentence(gap: Any, *, outcome: str = "", lang: str = "en") -> str:
    """The channel-gap sentence of the journey report for a yes/no or rating key outcome.

    The association is the slope of the outcome on the gap at the same overall experience
    (``slope_adjusted`` of :func:`cxresearch.tracking.channel_gap`), in the outcome's units;
    when it is not significant the sentence says so and gives the slope that would have been
    detected (:func:`min_detectable`).

    Parameters
    ----------
    gap : ChannelGapResult, dict or None
        :func:`cxresearch.tracking.channel_gap` (None: too few multi-channel customers).
    outcome : str
        The outcome's label, as written inside a sentence.
    lang : str

    Returns
    -------
    str

    Examples
    --------
    >>> g = {"n": 120, "mean_gap": 0.8, "outcome_type": "rating",
    ...      "r_gap_outcome_adjusted": {"r": -0.05},
    ...      "slope_adjusted": {"coef": -0.1, "se": 0.08, "ci_low": -0.26, "ci_high": 0.06,
    ...                         "p_value": 0.21}}
    >>> "no clear link" in gap_sentence(g, outcome="satisfaction")
    True
    """
    if gap is None:
        return t("jr.nogap", lang)
    sl, kind = _field(gap, "slope_adjusted"), _field(gap, "outcome_type", "rating")
    digits = 1 if kind == "binary" else 2
    key = "or.gap" if sl["p_value"] < THRESHOLDS["alpha"] else "or.gap_none"
    return t(key, lang, n=fmt_num(_field(gap, "n"), lang),
             gap=fmt_num(_field(gap, "mean_gap"), lang, 2),
             slope=fmt_pts(sl["coef"], lang, digits), unit=t(f"out.unit.{kind}", lang),
             outcome=outcome, lo=fmt_pts(sl["ci_low"], lang, digits),
             hi=fmt_pts(sl["ci_high"], lang, digits), p=_p(sl["p_value"], lang),
             ra=fmt_num(_field(gap, "r_gap_outcome_adjusted")["r"], lang, 2),
             mde=fmt_num(min_detectable(sl["se"]), lang, digits))
