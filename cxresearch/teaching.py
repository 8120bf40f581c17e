"""Teaching CX measurement: sample-size planning, simulation studies and self-checking exercises.

* :func:`plan_sample_size`: respondents needed for a target NPS margin of error, or to detect
  a difference between two NPS values, with the formula.
* Simulation studies with a known truth, used by the notebooks in ``notebooks/teaching``:
  :func:`nps_sampling_study`, :func:`recovery_study`, :func:`scale_study`.
* :func:`check`: one checker per exercise (see :data:`EXERCISES`); it tells the student whether
  the answer is right and, if not, why, in English or Finnish.

Examples
--------
>>> plan_sample_size(margin=5, nps=30, passives=0.3)["n"]
np.int64(938)
>>> check("nps_point", 22.0, truth=22.4, lang="en").correct
True
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

import numpy as np
import pandas as pd
from scipy import stats

from .errors import CXInputError, Problem
from .i18n import TEXT, fmt_num, t

__all__ = [
    "Feedback",
    "EXERCISES",
    "check",
    "plan_sample_size",
    "nps_shares",
    "nps_sampling_study",
    "recovery_study",
    "scale_study",
]


# --------------------------------------------------------------------------- sample size


def nps_shares(nps: float, passives: float) -> tuple[float, float]:
    """Promoter and detractor shares implied by an NPS (points) and a passive share.

    Examples
    --------
    >>> nps_shares(30, 0.3)
    (0.5, 0.2)
    """
    pP = (1 - passives + nps / 100) / 2
    pD = 1 - passives - pP
    if min(pP, pD) < -1e-12 or not 0 <= passives <= 1:
        raise CXInputError(Problem("parameters", f"an NPS of {nps:g} is impossible with "
                                   f"{100 * passives:g} % passives",
                                   "lower the passive share or choose another NPS"))
    return round(pP, 12), round(pD, 12)


def _variance(nps: float, passives: float) -> float:
    pP, pD = nps_shares(nps, passives)
    return pP + pD - (pP - pD) ** 2


def plan_sample_size(*, margin: float | None = None, nps: float = 0.0, passives: float = 0.3,
                     difference: float | None = None, nps_b: float | None = None,
                     passives_b: float | None = None, level: float = 0.95,
                     power: float = 0.8) -> dict[str, Any]:
    """Respondents needed for an NPS margin of error, or to detect a difference.

    One NPS: the margin of error of the Wald interval is m = z·√(V/n) with the trinomial
    variance V = p_P + p_D − (p_P − p_D)², so n = z²·V / m² (m and the NPS as proportions).

    Two NPS values (independent samples of equal size): to detect d = NPS_a − NPS_b with a
    two-sided test at ``level`` and the given ``power``,
    n per group = (z_{1−α/2} + z_{power})² · (V_a + V_b) / d².

    Parameters
    ----------
    margin : float
        Target half-width of the interval in NPS points (e.g. 5 for ±5).
    nps, passives : float
        The expected NPS (points) and share of passives (0–1); the variance is largest at
        NPS 0 with no passives (V = 1), the safe choice when nothing is known.
    difference : float
        The difference to detect, in points; ``nps_b`` defaults to ``nps − difference``.
    level, power : float

    Returns
    -------
    dict
        ``n`` (rounded up; per group for a difference), ``variance`` (V, or V_a + V_b), ``z``,
        ``formula`` (text), and the inputs.

    Examples
    --------
    >>> plan_sample_size(difference=10, nps=30, passives=0.3)["n"]
    np.int64(997)
    """
    if (margin is None) == (difference is None):
        raise CXInputError(Problem("parameters", "give either margin= or difference=",
                                   "margin for one NPS, difference for comparing two"))
    z = stats.norm.ppf(0.5 + level / 2)
    if margin is not None:
        if margin <= 0:
            raise CXInputError(Problem("parameters", "margin must be positive",
                                       "give the half-width in points, e.g. margin=5"))
        V = _variance(nps, passives)
        n = int(np.ceil(z**2 * V / (margin / 100) ** 2))
        return {"n": np.int64(n), "variance": V, "z": z, "margin": margin, "nps": nps,
                "passives": passives, "level": level,
                "formula": "n = z² · (p_P + p_D − (p_P − p_D)²) / m²"}
    if difference == 0:
        raise CXInputError(Problem("parameters", "difference must not be 0",
                                   "give the smallest difference worth detecting, in points"))
    nps_b = nps - difference if nps_b is None else nps_b
    V = _variance(nps, passives) + _variance(nps_b, passives if passives_b is None else
                                             passives_b)
    zb = stats.norm.ppf(power)
    n = int(np.ceil((z + zb) ** 2 * V / (difference / 100) ** 2))
    return {"n": np.int64(n), "variance": V, "z": z, "z_power": zb, "difference": difference,
            "nps": nps, "nps_b": nps_b, "passives": passives, "level": level, "power": power,
            "formula": "n per group = (z_{1−α/2} + z_{power})² · (V_a + V_b) / d²"}


# --------------------------------------------------------------------------- studies


def nps_sampling_study(*, nps: float = 30.0, passives: float = 0.3,
                       sizes: Sequence[int] = (50, 100, 200, 500, 1000, 2000),
                       n_sim: int = 2000, level: float = 0.95, seed: int = 0) -> pd.DataFrame:
    """How uncertain is an NPS? Many samples of each size from one known population.

    Returns
    -------
    DataFrame
        ``n, mean_width`` (of the adjusted-Wald interval, points), ``coverage`` (share of
        intervals containing the true NPS), ``sd`` (of the sample NPS), ``range_90`` (the
        middle 90 % of sample NPS values, as text), ``false_alarm`` (share of pairs of samples
        from the same population that a z test calls different), ``big_gap`` (share of pairs
        whose NPS differ by 10 points or more).
    """
    from .metrics import _adjusted

    pP, pD = nps_shares(nps, passives)
    rng = np.random.default_rng(seed)
    z = stats.norm.ppf(0.5 + level / 2)
    rows = []
    for n in sizes:
        counts = rng.multinomial(n, [pP, passives, pD], size=(n_sim, 2))
        sp, sd_ = counts[..., 0] / n, counts[..., 2] / n
        center, se = _adjusted(sp, sd_, float(n))
        lo, hi = center - z * se, center + z * se
        est = 100 * (sp - sd_)
        cover = (lo[:, 0] <= nps / 100) & (nps / 100 <= hi[:, 0])
        diff_se = np.sqrt(se[:, 0] ** 2 + se[:, 1] ** 2)
        alarm = np.abs(center[:, 0] - center[:, 1]) / diff_se > z
        q05, q95 = np.quantile(est[:, 0], [0.05, 0.95])
        rows.append({"n": n, "mean_width": 100 * float(np.mean(hi[:, 0] - lo[:, 0])),
                     "coverage": float(cover.mean()), "sd": float(est[:, 0].std()),
                     "range_90": f"{q05:+.0f} … {q95:+.0f}",
                     "false_alarm": float(alarm.mean()),
                     "big_gap": float((np.abs(est[:, 0] - est[:, 1]) >= 10).mean())})
    return pd.DataFrame(rows)


def recovery_study(*, effects: dict[str, float] | None = None, corr: float = 0.3,
                   n: int = 500, n_sim: int = 200, seed: int = 0) -> dict[str, pd.DataFrame]:
    """Do the analyses recover the true driver effects? Repeated samples from a known model.

    The outcome is y = Σ b_j x_j + e with standardised drivers correlated ``corr`` and
    R² = 0.5. For each sample: OLS betas and exact Shapley values.

    Returns
    -------
    dict
        ``summary``: ``driver, true_beta, true_shapley, beta_mean, beta_sd, beta_sign_flips``
        (share of samples with the opposite sign), ``shapley_mean, shapley_sd,
        rank_recovered`` (share of samples ranking the driver at its true rank);
        ``samples``: long table ``sample, driver, beta, shapley``.
    """
    from .drivers import shapley_from_corr

    effects = effects or {"service": 0.40, "brand": 0.30, "price": 0.15, "atmosphere": 0.05}
    names = list(effects)
    p = len(names)
    R = np.full((p, p), corr)
    np.fill_diagonal(R, 1.0)
    b = np.array([effects[k] for k in names], dtype=float)
    signal = float(b @ R @ b)
    if signal <= 0:
        raise CXInputError(Problem("parameters", "the effects explain nothing",
                                   "give at least one non-zero effect"))
    scale = np.sqrt(0.5 / signal)           # R² = 0.5
    b_s = b * scale
    pop = np.block([[R, (R @ b_s)[:, None]], [(R @ b_s)[None, :], np.ones((1, 1))]])
    true_shap = shapley_from_corr(pop)
    true_rank = (-true_shap).argsort().argsort()
    rng = np.random.default_rng(seed)
    L = np.linalg.cholesky(R)
    rows = []
    for s in range(n_sim):
        X = rng.standard_normal((n, p)) @ L.T
        y = X @ b_s + np.sqrt(0.5) * rng.standard_normal(n)
        Xc = np.column_stack([np.ones(n), X])
        beta = np.linalg.lstsq(Xc, y, rcond=None)[0][1:]
        sdx, sdy = X.std(axis=0, ddof=1), y.std(ddof=1)
        Rs = np.corrcoef(np.column_stack([X, y]), rowvar=False)
        shap = shapley_from_corr(Rs)
        rank = (-shap).argsort().argsort()
        for j, name in enumerate(names):
            rows.append({"sample": s, "driver": name, "beta": beta[j] * sdx[j] / sdy,
                         "shapley": shap[j], "rank_ok": rank[j] == true_rank[j]})
    samples = pd.DataFrame(rows)
    g = samples.groupby("driver", sort=False)
    summary = pd.DataFrame({
        "driver": names, "true_beta": b_s, "true_shapley": true_shap,
        "beta_mean": g["beta"].mean().loc[names].to_numpy(),
        "beta_sd": g["beta"].std().loc[names].to_numpy(),
        "beta_sign_flips": [float((np.sign(samples.loc[samples.driver == k, "beta"])
                                   != np.sign(b_s[j]) * (b_s[j] != 0)).mean())
                            if b_s[j] != 0 else float("nan") for j, k in enumerate(names)],
        "shapley_mean": g["shapley"].mean().loc[names].to_numpy(),
        "shapley_sd": g["shapley"].std().loc[names].to_numpy(),
        "rank_recovered": g["rank_ok"].mean().loc[names].to_numpy()})
    return {"summary": summary, "samples": samples.drop(columns="rank_ok")}


def scale_study(*, n: int = 600, seed: int = 0) -> pd.DataFrame:
    """Answers to a good and a bad 4-item scale (1–7), for reliability and CFA exercises.

    The good scale ``good_1..4`` has loadings 0.8, 0.75, 0.8, 0.7. The bad scale
    ``bad_1..4`` has loadings 0.7, 0.65, 0.1 (``bad_3`` measures something else) and a
    reverse-worded ``bad_4`` (loading 0.6) whose answers were *not* reversed.
    """
    rng = np.random.default_rng(seed)
    f = rng.standard_normal((n, 2))
    cols = {}
    cuts = stats.norm.ppf(np.cumsum([0.05, 0.08, 0.15, 0.24, 0.24, 0.16])[:])

    def item(factor: np.ndarray, lam: float) -> np.ndarray:
        x = lam * factor + np.sqrt(1 - lam**2) * rng.standard_normal(n)
        return 1 + np.searchsorted(cuts, x)

    for k, lam in enumerate([0.8, 0.75, 0.8, 0.7], start=1):
        cols[f"good_{k}"] = item(f[:, 0], lam)
    for k, lam in enumerate([0.7, 0.65, 0.1], start=1):
        cols[f"bad_{k}"] = item(f[:, 1], lam)
    cols["bad_4"] = 8 - item(f[:, 1], 0.6)   # reverse-worded and left unreversed
    return pd.DataFrame(cols)


# --------------------------------------------------------------------------- exercises


@dataclass
class Feedback:
    """The checker's verdict: right or not, and why, as markdown in the notebook."""

    correct: bool | None
    message: str

    def _repr_markdown_(self) -> str:
        # ✔ ✘ ✎ are in common text fonts (DejaVu), unlike emoji
        mark = "✔" if self.correct else ("✎" if self.correct is None else "✘")
        return f"{mark} {self.message}"

    def __str__(self) -> str:
        return self._repr_markdown_()


def _num(answer: Any) -> float | None:
    try:
        return float(str(answer).replace(",", ".").replace("−", "-"))
    except (TypeError, ValueError):
        return None


def _check_number(answer: Any, truth: float, tol: float, lang: str, key: str,
                  **kw: Any) -> Feedback:
    x = _num(answer)
    if x is None:
        return Feedback(False, t("ex.not_a_number", lang, answer=str(answer)))
    if abs(x - truth) <= tol:
        return Feedback(True, t(f"{key}.right", lang, truth=fmt_num(truth, lang, 1), **kw))
    hint = t(f"{key}.high" if x > truth else f"{key}.low", lang, **kw)
    return Feedback(False, t("ex.wrong_number", lang, answer=fmt_num(x, lang, 1)) + " " + hint)


def _check_choice(answer: Any, truth: str, lang: str, key: str, **kw: Any) -> Feedback:
    a = str(answer).strip().lower()
    if a == str(truth).strip().lower():
        return Feedback(True, t(f"{key}.right", lang, truth=truth, **kw))
    return Feedback(False, t("ex.wrong_choice", lang, answer=str(answer)) + " " +
                    t(f"{key}.why", lang, truth=truth, **kw))


#: Exercise name → how it is checked (number with tolerance, or a choice).
EXERCISES: dict[str, dict[str, Any]] = {
    "nps_point": {"kind": "number", "tol": 0.5},
    "nps_margin": {"kind": "number", "tol": 0.5},
    "nps_plan": {"kind": "number", "rel_tol": 0.05},
    "nps_false_alarm": {"kind": "number", "tol": 2.0},
    "kda_top_driver": {"kind": "choice"},
    "kda_unstable_beta": {"kind": "choice"},
    "moderator_level": {"kind": "choice"},
    "moderator_group": {"kind": "choice"},
    "scale_drop_item": {"kind": "choice"},
    "scale_reverse_item": {"kind": "choice"},
    "action_quadrant": {"kind": "choice"},
    "action_priority": {"kind": "choice"},
}


def check(exercise: str, answer: Any, *, truth: Any, lang: str = "en", **context: Any) -> Feedback:
    """Check a student's answer to one exercise against the truth the notebook computed.

    An unanswered exercise (``None`` or ``...``) gets a hint instead of a verdict.
    """
    if exercise not in EXERCISES:
        raise CXInputError(Problem("parameters", f"unknown exercise {exercise!r}",
                                   f"use one of {sorted(EXERCISES)}"))
    key = f"ex.{exercise}"
    if answer is None or answer is Ellipsis or (isinstance(answer, str) and not answer.strip()):
        return Feedback(None, t(f"{key}.hint", lang, **context))
    spec = EXERCISES[exercise]
    if spec["kind"] == "number":
        tol = spec.get("tol", spec.get("rel_tol", 0) * abs(float(truth)))
        return _check_number(answer, float(truth), tol, lang, key, **context)
    return _check_choice(answer, str(truth), lang, key, **context)


TEXT.update({
    "ex.not_a_number": {"en": "“{answer}” is not a number: write the answer as a number.",
                        "fi": "”{answer}” ei ole luku: kirjoita vastaus lukuna."},
    "ex.wrong_number": {"en": "Not quite: {answer} is off.", "fi": "Ei aivan: {answer} ei "
                                                                 "osu."},
    "ex.wrong_choice": {"en": "Not quite: “{answer}” is not it.",
                        "fi": "Ei aivan: ”{answer}” ei ole oikein."},
    "ex.nps_point.hint": {"en": "Count promoters (9–10) and detractors (0–6), divide each by "
                                "n and subtract: NPS = 100 · (P − D) / n.",
                          "fi": "Laske suosittelijat (9–10) ja arvostelijat (0–6), jaa "
                                "kumpikin n:llä ja vähennä: NPS = 100 · (P − D) / n."},
    "ex.nps_point.right": {"en": "Right: the sample NPS is {truth}.",
                           "fi": "Oikein: otoksen NPS on {truth}."},
    "ex.nps_point.high": {"en": "Too high: did you count the 7s and 8s as promoters?",
                          "fi": "Liian suuri: laskitko 7:t ja 8:t suosittelijoiksi?"},
    "ex.nps_point.low": {"en": "Too low: did you count 7 and 8 as detractors? Only 0–6 are.",
                         "fi": "Liian pieni: laskitko 7:t ja 8:t arvostelijoiksi? Vain 0–6 "
                               "ovat."},
    "ex.nps_margin.hint": {"en": "Margin = 1.96 · √(V / n) · 100 with V = p_P + p_D − "
                                 "(p_P − p_D)².",
                           "fi": "Virhemarginaali = 1,96 · √(V / n) · 100, missä V = p_P + "
                                 "p_D − (p_P − p_D)²."},
    "ex.nps_margin.right": {"en": "Right: ±{truth} points.", "fi": "Oikein: ±{truth} "
                                                                 "pistettä."},
    "ex.nps_margin.high": {"en": "Too wide: check that you divided by n before the square "
                                 "root.",
                           "fi": "Liian leveä: jaoitko n:llä ennen neliöjuurta?"},
    "ex.nps_margin.low": {"en": "Too narrow: the variance of an NPS is p_P + p_D − (p_P − "
                                "p_D)², not p(1 − p) of one share.",
                          "fi": "Liian kapea: NPS:n varianssi on p_P + p_D − (p_P − p_D)², "
                                "ei yhden osuuden p(1 − p)."},
    "ex.nps_plan.hint": {"en": "Solve the margin formula for n: n = z² · V / m².",
                         "fi": "Ratkaise n virhemarginaalin kaavasta: n = z² · V / m²."},
    "ex.nps_plan.right": {"en": "Right: about {truth} respondents.",
                          "fi": "Oikein: noin {truth} vastaajaa."},
    "ex.nps_plan.high": {"en": "More than needed: check the margin is in proportions (0.05, "
                               "not 5).",
                         "fi": "Enemmän kuin tarvitaan: onko marginaali osuutena (0,05 eikä "
                               "5)?"},
    "ex.nps_plan.low": {"en": "Too few: did you use the NPS variance V, and z = 1.96 squared?",
                        "fi": "Liian vähän: käytitkö NPS:n varianssia V ja z = 1,96 "
                              "toiseen?"},
    "ex.nps_false_alarm.hint": {"en": "Look at the false-alarm column of the table: two "
                                      "samples from the same population.",
                                "fi": "Katso taulukon vääriä hälytyksiä: kaksi otosta samasta "
                                      "perusjoukosta."},
    "ex.nps_false_alarm.right": {"en": "Right: about {truth} % — close to the 5 % the test "
                                       "allows, whatever the sample size.",
                                 "fi": "Oikein: noin {truth} % — lähellä testin sallimaa 5 %:a "
                                       "otoskoosta riippumatta."},
    "ex.nps_false_alarm.high": {"en": "Too high: a 5 % test calls about 5 % of equal pairs "
                                      "different.",
                                "fi": "Liian suuri: 5 %:n testi pitää noin 5 % samanlaisista "
                                      "pareista erilaisina."},
    "ex.nps_false_alarm.low": {"en": "Too low: even equal populations differ by chance in "
                                     "about 5 % of pairs.",
                               "fi": "Liian pieni: samatkin perusjoukot eroavat sattumalta "
                                     "noin 5 %:ssa pareista."},
    "ex.kda_top_driver.hint": {"en": "Which driver has the largest true Shapley value in the "
                                     "table?",
                               "fi": "Millä tekijällä on suurin todellinen Shapley-arvo?"},
    "ex.kda_top_driver.right": {"en": "Right: {truth} matters most.",
                                "fi": "Oikein: {truth} on tärkein."},
    "ex.kda_top_driver.why": {"en": "The largest true Shapley value belongs to {truth}.",
                              "fi": "Suurin todellinen Shapley-arvo on tekijällä {truth}."},
    "ex.kda_unstable_beta.hint": {"en": "Which driver's beta changes sign most often between "
                                        "samples?",
                                  "fi": "Minkä tekijän beta vaihtaa etumerkkiä useimmin "
                                        "otosten välillä?"},
    "ex.kda_unstable_beta.right": {"en": "Right: {truth}'s beta flips sign across samples "
                                         "while its Shapley value stays positive — raw betas "
                                         "mislead when drivers are correlated.",
                                   "fi": "Oikein: tekijän {truth} beta vaihtaa etumerkkiä, "
                                         "mutta Shapley-arvo pysyy positiivisena — betat "
                                         "johtavat harhaan, kun tekijät korreloivat."},
    "ex.kda_unstable_beta.why": {"en": "{truth} has the most sign flips in the beta column.",
                                 "fi": "Tekijällä {truth} on eniten etumerkin vaihtoja."},
    "ex.moderator_level.hint": {"en": "Compare the price slopes across income bands.",
                                "fi": "Vertaa hinnan kulmakertoimia tuloluokittain."},
    "ex.moderator_level.right": {"en": "Right: price matters most for the {truth} income band.",
                                 "fi": "Oikein: hinta on tärkein tuloluokassa {truth}."},
    "ex.moderator_level.why": {"en": "The largest price slope is in the {truth} band.",
                               "fi": "Suurin hinnan kulmakerroin on luokassa {truth}."},
    "ex.moderator_group.hint": {"en": "Is shopping motive a situational or a consumer "
                                      "moderator?",
                                "fi": "Onko ostosmotiivi tilanne- vai kuluttajamoderaattori?"},
    "ex.moderator_group.right": {"en": "Right: {truth}.", "fi": "Oikein: {truth}."},
    "ex.moderator_group.why": {"en": "Motives belong to the customer: {truth}.",
                               "fi": "Motiivi on asiakkaan ominaisuus: {truth}."},
    "ex.scale_drop_item.hint": {"en": "Which item of the bad scale has the lowest item–rest "
                                      "correlation?",
                                "fi": "Millä huonon mittarin osiolla on pienin osio–loput-"
                                      "korrelaatio?"},
    "ex.scale_drop_item.right": {"en": "Right: {truth} measures something else.",
                                 "fi": "Oikein: {truth} mittaa jotain muuta."},
    "ex.scale_drop_item.why": {"en": "{truth} has the lowest item–rest correlation and alpha "
                                     "rises most without it.",
                               "fi": "Osiolla {truth} on pienin osio–loput-korrelaatio, ja alfa "
                                     "nousee eniten ilman sitä."},
    "ex.scale_reverse_item.hint": {"en": "Which item correlates negatively with the rest?",
                                   "fi": "Mikä osio korreloi negatiivisesti muiden kanssa?"},
    "ex.scale_reverse_item.right": {"en": "Right: {truth} is reverse-worded and must be "
                                          "reversed (8 − x) before scoring.",
                                    "fi": "Oikein: {truth} on käänteinen ja se on käännettävä "
                                          "(8 − x) ennen pisteytystä."},
    "ex.scale_reverse_item.why": {"en": "{truth} has a negative item–rest correlation.",
                                  "fi": "Osion {truth} osio–loput-korrelaatio on "
                                        "negatiivinen."},
    "ex.action_quadrant.hint": {"en": "Find {driver} in the importance–performance grid.",
                                "fi": "Etsi {driver} tärkeys–suoritus-kartalta."},
    "ex.action_quadrant.right": {"en": "Right: {driver} is in “{truth}”.",
                                 "fi": "Oikein: {driver} on alueella ”{truth}”."},
    "ex.action_quadrant.why": {"en": "{driver} is in “{truth}”: compare its importance and "
                                     "performance with the dashed lines.",
                               "fi": "{driver} on alueella ”{truth}”: vertaa sen tärkeyttä ja "
                                     "suoritusta katkoviivoihin."},
    "ex.action_priority.hint": {"en": "Which driver tops the list of expected NPS gains?",
                                "fi": "Mikä tekijä on odotettujen NPS-hyötyjen kärjessä?"},
    "ex.action_priority.right": {"en": "Right: fix {truth} first.",
                                 "fi": "Oikein: korjaa ensin {truth}."},
    "ex.action_priority.why": {"en": "{truth} has the largest expected gain — importance alone "
                                     "is not the answer; how many customers rate it low "
                                     "matters too.",
                               "fi": "Tekijällä {truth} on suurin odotettu hyöty — pelkkä "
                                     "tärkeys ei ratkaise, vaan myös se, kuinka moni arvioi sen "
                                     "heikoksi."},
})


TEXT.update({
    "teach.exercise": {"en": "Exercise {k}", "fi": "Tehtävä {k}"},
    "col.ci_width": {"en": "95 % CI width", "fi": "95 %:n lv:n leveys"},
    "col.coverage": {"en": "Coverage %", "fi": "Kattavuus %"},
    "col.range_90": {"en": "Middle 90 % of NPS", "fi": "NPS:ien keskimmäiset 90 %"},
    "col.false_alarm": {"en": "False alarms %", "fi": "Väärät hälytykset %"},
    "col.big_gap": {"en": "Gap ≥ 10 points %", "fi": "Ero ≥ 10 pistettä %"},
    # (a) NPS and its uncertainty
    "t1.title": {"en": "What an NPS is, and how uncertain it is",
                 "fi": "Mikä NPS on ja kuinka epävarma se on"},
    "t1.intro": {"en": "Customers answer “How likely are you to recommend us to a friend or "
                       "colleague?” on 0–10. Promoters answer 9–10, passives 7–8, detractors "
                       "0–6, and **NPS = % promoters − % detractors** (−100 … +100). Here the "
                       "population's true NPS is **{nps}** with {passives} % passives, and we "
                       "draw samples from it.",
                 "fi": "Asiakkaat vastaavat kysymykseen ”Kuinka todennäköisesti suosittelisit "
                       "meitä ystävälle tai kollegalle?” asteikolla 0–10. Suosittelijat "
                       "vastaavat 9–10, passiiviset 7–8 ja arvostelijat 0–6, ja **NPS = "
                       "suosittelijoiden % − arvostelijoiden %** (−100 … +100). Tässä "
                       "perusjoukon todellinen NPS on **{nps}** ja passiivisia on {passives} %; "
                       "poimimme siitä otoksia."},
    "t1.q_point": {"en": "A sample of {n} answers was drawn; its answer counts are below. "
                         "**What is this sample's NPS?** (Write it in `answer_1`.)",
                   "fi": "Poimittiin {n} vastauksen otos; vastausten määrät ovat alla. **Mikä "
                         "on tämän otoksen NPS?** (Kirjoita se muuttujaan `answer_1`.)"},
    "t1.q_margin": {"en": "The margin of error of an NPS at 95 % is 1.96 · √(V / n) · 100 with "
                          "V = p_P + p_D − (p_P − p_D)². **What is it for n = {n} in this "
                          "population?** (`answer_2`, in points)",
                    "fi": "NPS:n virhemarginaali 95 %:n tasolla on 1,96 · √(V / n) · 100, missä "
                          "V = p_P + p_D − (p_P − p_D)². **Mikä se on, kun n = {n} tässä "
                          "perusjoukossa?** (`answer_2`, pisteinä)"},
    "t1.study": {"en": "{sims} samples of each size from the same population: the average "
                       "width of the 95 % interval, how often it contains the true NPS, the "
                       "middle 90 % of the sample NPS values, how often a z test says two "
                       "samples differ (a false alarm: they come from the same population) and "
                       "how often two samples differ by 10 points or more.",
                 "fi": "{sims} otosta kustakin koosta samasta perusjoukosta: 95 %:n "
                       "luottamusvälin keskileveys, kuinka usein väli sisältää todellisen NPS:n, "
                       "otos-NPS:ien keskimmäiset 90 %, kuinka usein z-testi pitää kahta otosta "
                       "erilaisina (väärä hälytys: ne ovat samasta perusjoukosta) ja kuinka "
                       "usein kaksi otosta eroaa 10 pistettä tai enemmän."},
    "t1.q_false": {"en": "**What share of pairs of samples of n = {n} are falsely called "
                         "different?** (`answer_3`, in %)",
                   "fi": "**Kuinka suuri osa n = {n} otospareista todetaan virheellisesti "
                         "erilaisiksi?** (`answer_3`, prosentteina)"},
    "t1.plan": {"en": "Planning: for a margin m, n = z² · V / m². For a ±{m}-point margin at "
                      "NPS {nps} with {passives} % passives: V = {v}. To detect a {d}-point "
                      "difference between two NPS values (80 % power, 5 % level): "
                      "n per group = (z₀.₉₇₅ + z₀.₈)² · (V_a + V_b) / d² = **{n_diff}**.",
                "fi": "Suunnittelu: marginaalille m n = z² · V / m². ±{m} pisteen "
                      "marginaaliin, kun NPS on {nps} ja passiivisia {passives} %: V = {v}. "
                      "{d} pisteen eron havaitsemiseen kahden NPS:n välillä (voima 80 %, "
                      "merkitsevyys 5 %): n ryhmää kohden = (z₀.₉₇₅ + z₀.₈)² · (V_a + V_b) / d² "
                      "= **{n_diff}**."},
    "t1.q_plan": {"en": "**How many respondents give a ±{m}-point margin here?** (`answer_4`)",
                  "fi": "**Montako vastaajaa tarvitaan ±{m} pisteen marginaaliin?** "
                        "(`answer_4`)"},
    "t1.width_caption": {"en": "Width of the 95 % interval by sample size (log scale).",
                         "fi": "95 %:n luottamusvälin leveys otoskoon mukaan "
                               "(logaritminen asteikko)."},
    # (b) key drivers with a known truth
    "t2.title": {"en": "Key drivers with a known truth", "fi": "Avaintekijät, kun totuus "
                                                              "tunnetaan"},
    "t2.intro": {"en": "We set the true effects ourselves ({effects}) and draw {sims} surveys "
                       "of {n} respondents. Change `effects` and `corr_high` in the parameters "
                       "and run again.",
                 "fi": "Asetamme todelliset vaikutukset itse ({effects}) ja poimimme {sims} "
                       "kyselyä, joissa on {n} vastaajaa. Muuta parametreja `effects` ja "
                       "`corr_high` ja aja uudelleen."},
    "t2.low": {"en": "Drivers correlated {r}: betas and Shapley values both recover the truth.",
               "fi": "Tekijöiden korrelaatio {r}: sekä betat että Shapley-arvot löytävät "
                     "totuuden."},
    "t2.high": {"en": "Drivers correlated {r} (multicollinearity): the betas swing from sample "
                      "to sample and can even change sign; the Shapley values, which share the "
                      "common variance fairly, stay stable.",
                "fi": "Tekijöiden korrelaatio {r} (monikollineaarisuus): betat heilahtelevat "
                      "otoksesta toiseen ja voivat vaihtaa etumerkkiä; Shapley-arvot, jotka "
                      "jakavat yhteisen vaihtelun reilusti, pysyvät vakaina."},
    "t2.q_top": {"en": "**Which driver matters most?** (`answer_1`, a driver name)",
                 "fi": "**Mikä tekijä on tärkein?** (`answer_1`, tekijän nimi)"},
    "t2.q_unstable": {"en": "**Under multicollinearity, which driver's beta is least "
                            "trustworthy?** (`answer_2`)",
                      "fi": "**Minkä tekijän betaan voi monikollineaarisuuden vallitessa "
                            "luottaa vähiten?** (`answer_2`)"},
    "t2.box_caption": {"en": "Standardised betas (left) and Shapley values (right) over the "
                             "simulated samples; crosses mark the truth.",
                       "fi": "Standardoidut betat (vasen) ja Shapley-arvot (oikea) "
                             "simuloiduissa otoksissa; rastit ovat todelliset arvot."},
    # (c) moderators
    "t3.title": {"en": "Situational and consumer moderators",
                 "fi": "Tilanne- ja kuluttajamoderaattorit"},
    "t3.intro": {"en": "Moderators change how strongly a driver acts. Situational moderators "
                       "describe the moment (season, weather, region), consumer moderators the "
                       "customer (age, income, motives). In this simulated survey the true "
                       "price effect is multiplied by {low} for low, {mid} for middle and "
                       "{high} for high incomes.",
                 "fi": "Moderaattorit muuttavat tekijän vaikutuksen voimakkuutta. "
                       "Tilannemoderaattorit kuvaavat hetkeä (vuodenaika, sää, alue), "
                       "kuluttajamoderaattorit asiakasta (ikä, tulot, motiivit). Tässä "
                       "simuloidussa kyselyssä hinnan todellinen vaikutus kerrotaan luvulla "
                       "{low} pienituloisilla, {mid} keskituloisilla ja {high} "
                       "suurituloisilla."},
    "t3.q_level": {"en": "**In which income band does price matter most?** (`answer_1`)",
                   "fi": "**Missä tuloluokassa hinta on tärkein?** (`answer_1`)"},
    "t3.q_group": {"en": "**Is shopping motive a situational or a consumer moderator?** "
                         "(`answer_2`)",
                   "fi": "**Onko ostosmotiivi tilanne- (situational) vai kuluttajamoderaattori "
                         "(consumer)?** (`answer_2`)"},
    "t3.scan": {"en": "All driver × moderator interactions, FDR-adjusted: the true ones (price "
                      "× income, atmosphere × motive, service × season, social × age, social "
                      "× time pressure) should stand out; weather and gender have no true "
                      "effect. On a bounded 0–10 answer some pairs without a true effect can "
                      "pass too: a group whose answers sit near the top of the scale shows "
                      "flatter slopes for every driver.",
                "fi": "Kaikki tekijä × moderaattori -yhdysvaikutukset FDR-korjattuina: "
                      "todellisten (hinta × tulot, ilmapiiri × motiivi, palvelu × vuodenaika, "
                      "sosiaalinen × ikä, sosiaalinen × kiire) pitäisi erottua; säällä ja "
                      "sukupuolella ei ole todellista vaikutusta. Rajatulla 0–10-asteikolla "
                      "myös jokin pari ilman todellista vaikutusta voi läpäistä testin: "
                      "ryhmä, jonka vastaukset ovat lähellä asteikon yläpäätä, näyttää "
                      "loivempia kulmakertoimia kaikille tekijöille."},
    "t3.jn_h": {"en": "A continuous moderator: time pressure",
                "fi": "Jatkuva moderaattori: kiire"},
    "t3.jn": {"en": "Time pressure is answered on 1–7, so there are no groups to compare. The "
                    "model is LTR = b₀ + b₁·social + b₂·m + b₃·social·m + controls, and the "
                    "effect of the social environment at pressure m is the simple slope "
                    "b₁ + b₃·m with variance v₁₁ + 2m·v₁₃ + m²·v₃₃. The Johnson–Neyman bounds "
                    "are the values of m where the slope's z equals ±1.96: the roots of "
                    "(b₁ + b₃m)² = 1.96²·(v₁₁ + 2m·v₁₃ + m²·v₃₃). In the simulation the true "
                    "effect is multiplied by 1 + {k}·t for a standardised time pressure t.",
              "fi": "Kiirettä kysytään asteikolla 1–7, joten vertailtavia ryhmiä ei ole. Malli "
                    "on LTR = b₀ + b₁·sosiaalinen + b₂·m + b₃·sosiaalinen·m + kontrollit, ja "
                    "sosiaalisen ympäristön vaikutus kiireen tasolla m on b₁ + b₃·m, jonka "
                    "varianssi on v₁₁ + 2m·v₁₃ + m²·v₃₃. Johnson–Neyman-rajat ovat ne m:n "
                    "arvot, joilla kulmakertoimen z on ±1,96: yhtälön "
                    "(b₁ + b₃m)² = 1,96²·(v₁₁ + 2m·v₁₃ + m²·v₃₃) juuret. Simulaatiossa "
                    "todellinen vaikutus kerrotaan luvulla 1 + {k}·t, kun t on vakioitu "
                    "kiire."},
    # (d) measurement
    "t4.title": {"en": "Measurement: a good and a bad scale", "fi": "Mittaus: hyvä ja huono "
                                                                   "mittari"},
    "t4.intro": {"en": "Two four-item scales answered by {n} respondents. Alpha is the share "
                       "of a sum score's variance that is not measurement error; item–rest "
                       "correlations show which items belong.",
                 "fi": "Kaksi neljän osion mittaria, joihin vastasi {n} henkilöä. Alfa on se "
                       "osa summapistemäärän vaihtelusta, joka ei ole mittausvirhettä; "
                       "osio–loput-korrelaatiot näyttävät, mitkä osiot kuuluvat joukkoon."},
    "t4.q_reverse": {"en": "**Which item of the bad scale is reverse-worded?** (`answer_1`)",
                     "fi": "**Mikä huonon mittarin osio on käänteinen?** (`answer_1`)"},
    "t4.q_drop": {"en": "After reversing it (8 − x): **which item should be dropped?** "
                        "(`answer_2`)",
                  "fi": "Kun se on käännetty (8 − x): **mikä osio kannattaa poistaa?** "
                        "(`answer_2`)"},
    "t4.cfa": {"en": "One-factor CFA of each scale: {good} for the good scale; {bad} for the "
                     "bad scale after reversing {rev}; {fixed} after also dropping {drop} "
                     "(with three items a one-factor model is saturated: it fits perfectly "
                     "by construction, so only its loadings can be judged).",
               "fi": "Yhden faktorin CFA kummallekin mittarille: hyvä mittari {good}; huono "
                     "mittari, kun {rev} on käännetty, {bad}; kun lisäksi {drop} on "
                     "poistettu, {fixed} (kolmen osion yhden faktorin malli on kyllästetty: "
                     "se sopii aina täydellisesti, joten vain latauksia voi arvioida)."},
    # (e) action
    "t5.title": {"en": "From analysis to action", "fi": "Analyysista toimenpiteisiin"},
    "t5.intro": {"en": "Importance alone does not say what to fix. Importance–performance "
                       "analysis adds how well each driver performs; the priority list adds "
                       "how many customers rate it low and what lifting them would do to the "
                       "NPS.",
                 "fi": "Pelkkä tärkeys ei kerro, mitä korjata. Tärkeys–suoritus-analyysi "
                       "lisää tiedon siitä, kuinka hyvin tekijä toimii; prioriteettilista "
                       "lisää, kuinka moni asiakas arvioi sen heikoksi ja mitä heidän "
                       "nostamisensa tekisi NPS:lle."},
    "t5.q_quadrant": {"en": "**In which quadrant is {driver}?** (`answer_1`: fix first, keep "
                            "up, low priority or possible overkill)",
                      "fi": "**Millä alueella {driver} on?** (`answer_1`: fix first, keep up, "
                            "low priority tai possible overkill)"},
    "t5.q_priority": {"en": "**Which driver would you fix first?** (`answer_2`)",
                      "fi": "**Minkä tekijän korjaisit ensin?** (`answer_2`)"},
    "teach.solutions_note": {"en": "Teacher's version: the answers are filled in.",
                             "fi": "Opettajan versio: vastaukset on täytetty."},
})
