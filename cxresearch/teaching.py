"""Teaching CX measurement: sample-size planning, simulation studies and self-checking exercises.

* :func:`plan_sample_size`: respondents needed for a target NPS margin of error, or to detect
  a difference between two NPS values, with the formula.
* Simulation studies with a known truth, used by the notebooks in ``notebooks/teaching``:
  :func:`nps_sampling_study`, :func:`recovery_study`, :func:`scale_study`.
* :func:`check`: one checker per exercise (see :data:`EXERCISES`); it tells the student whether
  the answer is right and, if not, why, in English, Finnish or Swedish.

Examples
--------
>>> plan_sample_size(margin=5, nps=30, passives=0.3)["n"]
np.int64(938)
>>> check("nps_point", 22.0, truth=22.4, lang="en").correct
True
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import Any

import numpy as np
import pandas as pd

from .errors import CXInputError, Problem
from .i18n import fmt_num, t
from .metrics import nps_se
from .stats import normal_ppf, z_value

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

    With p_P + p_0 + p_D = 1 and NPS = 100 · (p_P − p_D):
    p_P = (1 − p_0 + NPS/100) / 2 and p_D = 1 − p_0 − p_P.

    Parameters
    ----------
    nps : float
        The NPS in points (−100 … +100).
    passives : float
        The share of passives p_0 (0–1).

    Returns
    -------
    tuple of (float, float)
        The promoter share p_P and the detractor share p_D (rounded to 12 decimals).

    Raises
    ------
    CXInputError
        When no shares give that NPS with that many passives (e.g. NPS 90 with 30 %
        passives).

    Examples
    --------
    >>> nps_shares(30, 0.3)
    (0.5, 0.2)
    >>> nps_shares(0, 0.0)   # the largest variance: half promoters, half detractors
    (0.5, 0.5)
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
    nps_b, passives_b : float, optional
        The second group's expected NPS (points) and share of passives (default: ``nps −
        difference`` and ``passives``).
    level, power : float
        Confidence level of the interval or the test, and the test's power.

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
    z = z_value(level)
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
    zb = float(normal_ppf(power))
    n = int(np.ceil((z + zb) ** 2 * V / (difference / 100) ** 2))
    return {"n": np.int64(n), "variance": V, "z": z, "z_power": zb, "difference": difference,
            "nps": nps, "nps_b": nps_b, "passives": passives, "level": level, "power": power,
            "formula": "n per group = (z_{1−α/2} + z_{power})² · (V_a + V_b) / d²"}


# --------------------------------------------------------------------------- studies


def nps_sampling_study(*, nps: float = 30.0, passives: float = 0.3,
                       sizes: Sequence[int] = (50, 100, 200, 500, 1000, 2000),
                       n_sim: int = 2000, level: float = 0.95, seed: int = 0) -> pd.DataFrame:
    """How uncertain is an NPS? Many samples of each size from one known population.

    For each size ``n``, ``n_sim`` pairs of samples are drawn from the multinomial
    population (p_P, p_0, p_D) given by :func:`nps_shares`; each sample gets the
    adjusted-Wald interval of :func:`cxresearch.metrics.nps_se`, and each pair a z test
    of their difference.

    Parameters
    ----------
    nps : float
        The population's true NPS (points).
    passives : float
        The population's share of passives (0–1).
    sizes : sequence of int
        The sample sizes studied, one row each.
    n_sim : int
        Simulated pairs of samples per size.
    level : float
        Confidence level of the intervals and the test.
    seed : int
        Seed of the random generator (the same seed gives the same table).

    Returns
    -------
    DataFrame
        ``n, mean_width`` (of the adjusted-Wald interval, points), ``coverage`` (share of
        intervals containing the true NPS), ``sd`` (of the sample NPS), ``range_90`` (the
        middle 90 % of sample NPS values, as text; ``low_90``, ``high_90`` its ends as numbers, for
        a report to write the locale's way), ``false_alarm`` (share of pairs of samples
        from the same population that a z test calls different), ``big_gap`` (share of pairs
        whose NPS differ by 10 points or more).

    Examples
    --------
    >>> study = nps_sampling_study(nps=30, passives=0.3, sizes=(100, 1000), n_sim=500)
    >>> study[["n", "mean_width", "coverage", "range_90"]].round(2)
          n  mean_width  coverage   range_90
    0   100       29.91      0.95  +17 … +43
    1  1000        9.67      0.95  +26 … +34
    """
    pP, pD = nps_shares(nps, passives)
    rng = np.random.default_rng(seed)
    z = z_value(level)
    rows = []
    for n in sizes:
        counts = rng.multinomial(n, [pP, passives, pD], size=(n_sim, 2))
        sp, sd_ = counts[..., 0] / n, counts[..., 2] / n
        center, se = nps_se(sp, sd_, float(n), adjusted=True)
        lo, hi = center - z * se, center + z * se
        est = 100 * (sp - sd_)
        cover = (lo[:, 0] <= nps / 100) & (nps / 100 <= hi[:, 0])
        diff_se = np.sqrt(se[:, 0] ** 2 + se[:, 1] ** 2)
        alarm = np.abs(center[:, 0] - center[:, 1]) / diff_se > z
        q05, q95 = np.quantile(est[:, 0], [0.05, 0.95])
        rows.append({"n": n, "mean_width": 100 * float(np.mean(hi[:, 0] - lo[:, 0])),
                     "coverage": float(cover.mean()), "sd": float(est[:, 0].std()),
                     "range_90": f"{q05:+.0f} … {q95:+.0f}", "low_90": float(q05),
                     "high_90": float(q95),
                     "false_alarm": float(alarm.mean()),
                     "big_gap": float((np.abs(est[:, 0] - est[:, 1]) >= 10).mean())})
    return pd.DataFrame(rows)


def recovery_study(*, effects: dict[str, float] | None = None, corr: float = 0.3,
                   n: int = 500, n_sim: int = 200, seed: int = 0) -> dict[str, pd.DataFrame]:
    """Do the analyses recover the true driver effects? Repeated samples from a known model.

    The outcome is y = Σ b_j x_j + e with standardised drivers correlated ``corr`` and
    R² = 0.5 (the effects are scaled to give it), so the true standardised betas and the
    true Shapley values (:func:`cxresearch.importance.shapley_from_corr` of the population
    correlations) are known. For each of ``n_sim`` samples of ``n`` respondents: the
    standardised OLS betas and the exact Shapley values.

    Parameters
    ----------
    effects : dict of str to float, optional
        Driver name → its (unscaled) effect; by default service 0.40, brand 0.30,
        price 0.15, atmosphere 0.05.
    corr : float
        The correlation between every pair of drivers.
    n : int
        Respondents per sample.
    n_sim : int
        Number of samples.
    seed : int
        Seed of the random generator.

    Returns
    -------
    dict
        ``summary``: ``driver, true_beta, true_shapley, beta_mean, beta_sd, beta_sign_flips``
        (share of samples with the opposite sign), ``shapley_mean, shapley_sd,
        rank_recovered`` (share of samples ranking the driver at its true rank);
        ``samples``: long table ``sample, driver, beta, shapley``. ``beta_sign_flips`` is
        NaN for a driver with no true effect.

    Raises
    ------
    CXInputError
        When the effects explain nothing.

    Examples
    --------
    >>> study = recovery_study(effects={"service": 0.5, "price": 0.0}, corr=0.2,
    ...                        n=200, n_sim=20)
    >>> study["summary"][["driver", "true_beta", "beta_mean", "rank_recovered"]].round(2)
        driver  true_beta  beta_mean  rank_recovered
    0  service       0.71        0.7             1.0
    1    price       0.00        0.0             1.0
    >>> study["samples"].shape   # 20 samples x 2 drivers
    (40, 4)
    """
    from .importance import shapley_from_corr

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

    Each item is λ·f + √(1 − λ²)·e for a standard normal factor f (one per scale,
    independent) and noise e, cut into seven categories at the normal quantiles of the
    cumulative shares 5, 13, 28, 52, 76 and 92 %.

    Parameters
    ----------
    n : int
        Number of respondents (rows).
    seed : int
        Seed of the random generator.

    Returns
    -------
    DataFrame
        ``good_1, good_2, good_3, good_4, bad_1, bad_2, bad_3, bad_4``: integer answers 1–7.

    Examples
    --------
    >>> answers = scale_study(n=300)
    >>> answers.shape, int(answers.min().min()), int(answers.max().max())
    ((300, 8), 1, 7)
    >>> answers.corr().loc["bad_1", ["bad_2", "bad_3", "bad_4"]].round(2).tolist()
    [0.43, 0.09, -0.34]
    """
    rng = np.random.default_rng(seed)
    f = rng.standard_normal((n, 2))
    cols = {}
    cuts = normal_ppf(np.cumsum([0.05, 0.08, 0.15, 0.24, 0.24, 0.16])[:])

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
    """The checker's verdict: right or not, and why, as markdown in the notebook.

    Returned by :func:`check`. In a notebook it shows as markdown with a mark in front:
    ✔ right, ✘ wrong, ✎ a hint (no answer yet).

    Parameters
    ----------
    correct : bool or None
        Whether the answer is right; ``None`` when there was no answer and the message is
        a hint.
    message : str
        Why, in markdown, in the language the checker was asked for.

    Examples
    --------
    >>> print(Feedback(True, "Right: the NPS is 22.4."))
    ✔ Right: the NPS is 22.4.
    >>> Feedback(None, "Count the promoters first.")._repr_markdown_()
    '✎ Count the promoters first.'
    """

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


def _check_choice(answer: Any, truth: str, lang: str, key: str,
                  labels: Mapping[str, str] | None = None, **kw: Any) -> Feedback:
    shown = str((labels or {}).get(truth, truth))
    a = " ".join(str(answer).split()).lower()
    if a in {str(truth).strip().lower(), shown.strip().lower()}:
        return Feedback(True, t(f"{key}.right", lang, truth=shown, **kw))
    return Feedback(False, t("ex.wrong_choice", lang, answer=str(answer)) + " " +
                    t(f"{key}.why", lang, truth=shown, **kw))


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


def check(exercise: str, answer: Any, *, truth: Any, lang: str = "en",
          labels: Mapping[str, str] | None = None, **context: Any) -> Feedback:
    """Check a student's answer to one exercise against the truth the notebook computed.

    An unanswered exercise (``None`` or ``...``) gets a hint instead of a verdict. A number is
    accepted within the exercise's tolerance (see :data:`EXERCISES`) and may be written the
    locale's way (``22,4``, ``−3``); the feedback writes numbers the way ``lang`` does.

    Parameters
    ----------
    exercise : str
        One of :data:`EXERCISES`.
    answer : Any
        The student's answer: a number (or its text), a choice (text), or ``None``.
    truth : Any
        The right answer, computed by the notebook (a choice as its code, e.g. ``"high"``).
    lang : str
        Language of the feedback (``en``, ``fi``, ``sv``).
    labels : mapping of str to str, optional
        Choice code → its name in ``lang`` (``{"high": "hög"}``): the student may answer with
        either, and the feedback names the choice in ``lang``.
    **context
        Values the exercise's messages need (e.g. ``driver``).

    Returns
    -------
    Feedback
        ``correct`` (True, False, or None for a hint) and ``message`` (markdown).

    Examples
    --------
    >>> check("moderator_level", "Hög", truth="high", lang="sv", labels={"high": "hög"}).correct
    True
    >>> check("nps_point", "22,9", truth=22.4, lang="fi").correct
    True
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
    return _check_choice(answer, str(truth), lang, key, labels, **context)
