"""From key drivers to action: importance–performance analysis, penalty–reward, priorities.

:func:`ipa` places drivers in the four quadrants of importance against performance,
:func:`penalty_reward` estimates the asymmetric effects of low and high scores (Kano classes
with their bootstrap stability), :func:`priorities` ranks drivers by the expected gain in the
outcome from improving them, and :func:`action_plan` turns the four views into one ranked
list with ties, the effect's sign and the reasons where the other views disagree.
Data preparation is :func:`cxresearch.importance.prepare_drivers`.
"""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np
import pandas as pd

from .errors import CXInputError, Problem
from .importance import check_choice, check_collinear, prepare_drivers
from .io import Survey, resolve_defaults
from .stats import bootstrap_counts, check_level

__all__ = [
    "KANO_STABLE",
    "COLLINEAR_R2",
    "REASONS",
    "ipa",
    "penalty_reward",
    "priorities",
    "action_plan",
]

#: A Kano class is shown only when at least this share of bootstrap resamples gives the
#: driver the same class (else "unclear"); ``summaries.THRESHOLDS["kano_stable"]``.
KANO_STABLE = 0.8

#: A driver whose R² on the other drivers reaches this (VIF ≥ 2) shares much of its
#: variation with them: Shapley splits the shared credit, the expected gain does not.
COLLINEAR_R2 = 0.5

#: The reason codes of :func:`action_plan`, in the order they are explained.
REASONS = ("negative_effect", "uncertain", "correlated_with_others", "share_differs",
           "grid_fix_first", "already_high_performance", "kano_indifferent")


# --------------------------------------------------------------------------- action


QUADRANTS = ("fix first", "keep up", "low priority", "possible overkill")


def ipa(importance: pd.DataFrame, *, cut: str = "mean") -> pd.DataFrame:
    """Importance–performance analysis (Martilla & James 1977).

    Parameters
    ----------
    importance : DataFrame
        Output of :func:`relative_importance` (``driver, importance, performance``).
    cut : {"mean", "median"}
        Where the quadrant lines are drawn on both axes.

    Returns
    -------
    DataFrame
        ``driver, importance, performance, quadrant`` with quadrant one of ``fix first``
        (important, low performance), ``keep up`` (important, high performance), ``low
        priority`` (less important, low performance), ``possible overkill`` (less important,
        high performance). ``attrs`` hold the cut values.

    Examples
    --------
    >>> t = pd.DataFrame({"driver": list("abcd"), "importance": [.3, .3, .1, .1],
    ...                   "performance": [4, 6, 4, 6]})
    >>> ipa(t)["quadrant"].tolist()
    ['fix first', 'keep up', 'low priority', 'possible overkill']
    """
    check_choice(cut, ("mean", "median"), name="cut")
    need = [c for c in ("driver", "importance", "performance") if c not in importance.columns]
    if need:
        raise CXInputError(Problem("importance", f"the table has no column {need[0]!r}",
                                   "pass the output of relative_importance", column=need[0]))
    t = importance[["driver", "importance", "performance"]].copy()
    f = np.mean if cut == "mean" else np.median
    ci, cp = float(f(t["importance"])), float(f(t["performance"]))
    hi_i, hi_p = t["importance"] >= ci, t["performance"] >= cp
    t["quadrant"] = np.select([hi_i & ~hi_p, hi_i & hi_p, ~hi_i & ~hi_p],
                              ["fix first", "keep up", "low priority"], "possible overkill")
    t.attrs.update(importance_cut=ci, performance_cut=cp, cut=cut)
    return t


def penalty_reward(data: pd.DataFrame | Survey, *, outcome: str | None = None,
                   drivers: Sequence[str] | None = None, weight: str | None | bool = None,
                   scale: Sequence[float] | None = None, low: float | None = None,
                   high: float | None = None, level: float = 0.95,
                   alpha: float | None = None, n_boot: int = 0,
                   seed: int | None = 0) -> pd.DataFrame:
    """Penalty–reward analysis with Kano classes (Brandt 1987; Matzler & Sauerwein 2002).

    Each driver is split into low, middle and high ratings (default: the lower and upper
    thirds of its scale). One regression of the outcome on all the low and high dummies
    (middle = reference, HC3 errors) gives each driver's penalty (effect of a low rating,
    ≤ 0 expected) and reward (effect of a high rating).

    Kano class: *basic* when the penalty is significant and larger than twice the reward,
    *excitement* when the reward is significant and larger than twice the penalty,
    *performance* when either is significant otherwise, *indifferent* when neither is.

    Stability (``n_boot`` > 0): respondents are resampled ``n_boot`` times (with their
    weights), the regression and the classes are computed again on each resample, and
    ``kano_stability`` is the share of resamples that give the driver the same class as the
    full sample. A class below :data:`KANO_STABLE` (0.8) of the resamples is shown as
    ``kano_shown = "unclear"``: the data cannot tell the classes apart.

    Parameters
    ----------
    data : DataFrame or Survey
        Respondents (a Survey supplies the key outcome, its scale, the drivers and weight).
    outcome : str, optional
        The outcome column (default: the codebook's key outcome).
    drivers : list of str, optional
        Driver columns (default: the codebook's drivers).
    weight : str, None or False
        Survey weight column (None: the codebook's; False: unweighted).
    scale : (low, high), optional
        The drivers' answer scale for the default thirds (a codebook construct's own scale
        comes first; else this, else the observed range).
    low, high : float, optional
        Ratings below ``low`` are "low", above ``high`` "high" (default: the lower and upper
        thirds of the scale).
    level : float
        Confidence level of the tests: a penalty or reward is significant when its p-value is
        below ``1 - level`` (default 0.95, i.e. p < 0.05).
    alpha : float, optional
        Deprecated: the significance level ``1 - level``; use ``level``.
    n_boot : int
        Bootstrap resamples for the stability of the classes (0: none, stability NaN).
    seed : int, optional
        Seed of the resampling.

    Returns
    -------
    DataFrame
        ``driver, penalty, penalty_p, reward, reward_p, share_low, share_high, kano,
        kano_stability`` (share of resamples with the same class, NaN without bootstrap),
        ``kano_shown`` (the class when stable, else ``"unclear"``; the class itself without
        bootstrap).

    Examples
    --------
    >>> rng = np.random.default_rng(1)
    >>> x = rng.uniform(1, 7, (800, 2))
    >>> y = 5 - 2 * (x[:, 0] < 3) + rng.normal(0, 1, 800)
    >>> df = pd.DataFrame(x, columns=["basic", "none"]).assign(y=y)
    >>> pr = penalty_reward(df, outcome="y", drivers=["basic", "none"], scale=(1, 7),
    ...                     n_boot=50)
    >>> pr.loc[0, ["kano", "kano_shown"]].tolist(), bool(pr.loc[0, "kano_stability"] > .9)
    (['basic', 'basic'], True)
    """
    if alpha is not None:  # the old name, kept for one release
        import warnings

        warnings.warn("penalty_reward(alpha=...) is deprecated: use level=1 - alpha "
                      "(e.g. level=0.95 for alpha=0.05)", DeprecationWarning, stacklevel=2)
        level = 1 - check_level(1 - alpha, where="alpha")
    alpha = 1 - check_level(level)
    sub, outcome, drivers, weight, cb = prepare_drivers(data, outcome, drivers, weight)
    frame = pd.DataFrame({"y": sub[outcome]})
    rows = []
    for d in drivers:
        lo_s, hi_s = (cb.constructs[d].scale if cb is not None and d in cb.constructs else
                      (scale or (sub[d].min(), sub[d].max())))
        third = (hi_s - lo_s) / 3
        lo_cut = low if low is not None else lo_s + third
        hi_cut = high if high is not None else hi_s - third
        frame[f"low_{len(rows)}"] = (sub[d] < lo_cut).astype(float)
        frame[f"high_{len(rows)}"] = (sub[d] > hi_cut).astype(float)
        rows.append(d)
    keep = [c for c in frame.columns if c != "y" and 0 < frame[c].mean() < 1]
    D = np.column_stack([np.ones(len(frame)), frame[keep].to_numpy(dtype=float)])
    y = frame["y"].to_numpy(dtype=float)
    w = sub[weight].to_numpy(dtype=float) if weight else np.ones(len(y))

    pos = {c: j for j, c in enumerate(["Intercept", *keep])}

    def classes(beta: np.ndarray, pvalues: np.ndarray) -> np.ndarray:
        """Kano class per fit (rows) and driver (columns)."""
        def col(a: np.ndarray, c: str) -> np.ndarray:
            return a[:, pos[c]] if c in pos else np.full(len(a), np.nan)

        return np.stack([_kano_classes(col(beta, f"low_{i}"), col(pvalues, f"low_{i}"),
                                       col(beta, f"high_{i}"), col(pvalues, f"high_{i}"),
                                       alpha) for i in range(len(rows))], axis=1)

    params, pvalues = _wls_hc3(D, y, w)
    kano = classes(params, pvalues)[0]
    est = {c: (params[0, pos[c]], pvalues[0, pos[c]]) if c in pos else (np.nan, np.nan)
           for i in range(len(rows)) for c in (f"low_{i}", f"high_{i}")}
    stability = np.full(len(rows), np.nan)
    if n_boot:
        # resamples as multinomial row counts; the regressions of a chunk are fitted at once
        cross = _Cross(D)
        same = np.zeros(len(rows))
        for counts in bootstrap_counts(np.random.default_rng(seed), len(y), n_boot):
            same += (classes(*_wls_hc3(D, y, w, counts, cross)) == kano).sum(0)
        stability = same / n_boot
    out = []
    for i, d in enumerate(rows):
        (pen, pp), (rew, rp) = est[f"low_{i}"], est[f"high_{i}"]
        shown = kano[i] if not n_boot or stability[i] >= KANO_STABLE else "unclear"
        out.append({"driver": d, "penalty": pen, "penalty_p": pp, "reward": rew,
                    "reward_p": rp, "share_low": 100 * frame[f"low_{i}"].mean(),
                    "share_high": 100 * frame[f"high_{i}"].mean(), "kano": kano[i],
                    "kano_stability": stability[i], "kano_shown": shown})
    t = pd.DataFrame(out)
    t.attrs.update(n_boot=n_boot, kano_stable=KANO_STABLE)
    return t


def _wls_hc3(X: np.ndarray, y: np.ndarray, w: np.ndarray, counts: np.ndarray | None = None,
             cross: _Cross | None = None) -> tuple[np.ndarray, np.ndarray]:
    """WLS fits with HC3 errors (as statsmodels'), one per row of ``counts`` (B, n).

    A row of ``counts`` is a resample's multinomial row counts c_i, so resampled respondents
    are fitted without copying rows: with W_i = c_i w_i, the resample's Gram matrix is
    X' diag(W) X, the leverage of each copy of row i is h_i = w_i x_i' (X' diag(W) X)⁻¹ x_i
    and the HC3 meat is Σ_i c_i w_i² r_i² / (1 − h_i)² x_i x_i' (MacKinnon & White 1985;
    Long & Ervin 2000), each one matrix product over rows (``cross``'s float32 pair
    products). Without ``counts``: the full sample, in float64. Returns coefficients and
    two-sided normal p-values, (B, p) each; a column without variation in a resample gets
    p = NaN (pseudo-inverse).
    """
    from .stats import normal_cdf

    if counts is None:
        counts = np.ones((1, len(y)))

        def gram(V: np.ndarray) -> np.ndarray:
            return ((X.T * V[0]) @ X)[None]

        def quad(inv: np.ndarray) -> np.ndarray:
            return ((X @ inv[0]) * X).sum(1)[None]
    else:
        gram, quad = cross.hessian, cross.quad
    W = counts * w[None, :]
    inv = np.linalg.pinv(gram(W), hermitian=True)                      # (B, p, p)
    beta = np.einsum("bjk,bk->bj", inv, W @ (X * y[:, None]))
    r = y[None, :] - beta @ X.T                                          # (B, n)
    # one step of iterative refinement with the float64 residuals: the float32 Gram
    # matrix then only slows the convergence, it does not bias the coefficients
    beta += np.einsum("bjk,bk->bj", inv, (W * r) @ X)
    r = y[None, :] - beta @ X.T
    with np.errstate(all="ignore"):
        h = quad(inv) * w[None, :]
        u = np.where(counts > 0, W * w[None, :] * r ** 2 / (1 - h) ** 2, 0.0)
        cov = inv @ gram(u) @ inv
        se = np.sqrt(np.einsum("bjj->bj", cov))
        z = np.abs(beta) / se
        p = 2 * normal_cdf(-z)
    p[~np.isfinite(z)] = np.nan
    return beta, p


def _kano_classes(pen: np.ndarray, pp: np.ndarray, rew: np.ndarray, rp: np.ndarray,
                  alpha: float) -> np.ndarray:
    """The Kano class of one driver per fit, from its penalties, rewards and p-values."""
    pen, pp, rew, rp = (np.asarray(a, dtype=float) for a in (pen, pp, rew, rp))
    with np.errstate(invalid="ignore"):
        sig_p = (pp < alpha) & (pen < 0)
        sig_r = (rp < alpha) & (rew > 0)
    a_pen = np.where(np.isnan(pen), 0.0, np.maximum(-pen, 0.0))
    a_rew = np.where(np.isnan(rew), 0.0, np.maximum(rew, 0.0))
    return np.select([sig_p & (a_pen > 2 * a_rew), sig_r & (a_rew > 2 * a_pen),
                      sig_p | sig_r], ["basic", "excitement", "performance"], "indifferent")


def priorities(data: pd.DataFrame | Survey, *, outcome: str | None = None,
               drivers: Sequence[str] | None = None, weight: str | None | bool = None,
               scale: Sequence[float] | None = None, target: str = "mean",
               n_boot: int = 0, level: float = 0.95, seed: int | None = 0) -> pd.DataFrame:
    """The short, ranked list of what to fix first: expected gain per driver.

    For each driver, the customers rating it below its (weighted) mean are moved up to the
    mean, everything else unchanged, and the outcome is predicted again. The bootstrap
    resamples respondents as multinomial row weights and refits every model on them at once,
    vectorised over resamples (weighted Newton steps of the logits started at the
    full-sample fit; weighted cross-products for OLS). On an NPS scale from
    ``LINEAR_BOOT_FROM`` (20,000) respondents on, the resamples' logits are one Newton step
    from the full fit and the gains linearised in the fitted parameters (see
    ``_LinearGains``: O(1/n) error against an O(1/√n) spread), so 100 resamples take
    seconds at 130,000 respondents. On an NPS scale the
    gain is in NPS points, predicted from two logits (promoter vs rest and detractor vs rest):
    NPS = 100 · (mean P(promoter) − mean P(detractor)). On other scales it is the change of the
    outcome mean predicted by OLS.

    Parameters
    ----------
    data : DataFrame or Survey
        Respondents (a Survey supplies the key outcome, its scale, the drivers and weight).
    outcome : str, optional
        The outcome column (default: the codebook's key outcome).
    drivers : list of str, optional
        Driver columns (default: the codebook's drivers).
    weight : str, None or False
        Survey weight column (None: the codebook's; False: unweighted).
    scale : (low, high), optional
        The outcome's answer scale (default: the codebook outcome's); on 0–10 or 1–10 the
        gain is in NPS points.
    target : {"mean", "median"}
        The level the low-rating customers are moved to.
    n_boot : int
        Bootstrap resamples for the gain's interval (each refits the models, as weights).
    level : float
        Confidence level of the gain's percentile interval.
    seed : int, optional
        Bootstrap seed.

    Returns
    -------
    DataFrame
        Ranked by gain: ``rank, driver, gain`` (NPS points or outcome units),
        ``ci_low, ci_high``, ``share_below`` (% of customers below the target), ``performance``
        (weighted mean), ``unit`` ("NPS points" or "outcome mean"). ``attrs`` hold ``outcome,
        n, target, n_boot, level``.

    Examples
    --------
    >>> rng = np.random.default_rng(0)
    >>> df = pd.DataFrame(rng.integers(1, 6, size=(400, 2)), columns=["service", "price"])
    >>> df["ltr"] = np.clip(2 * df["service"] + rng.integers(-1, 2, 400), 0, 10)
    >>> p = priorities(df, outcome="ltr", drivers=["service", "price"], scale=(0, 10))
    >>> p["driver"].tolist()[0], p["unit"][0]
    ('service', 'NPS points')
    """
    return _priorities(data, outcome=outcome, drivers=drivers, weight=weight, scale=scale,
                       target=target, n_boot=n_boot, level=level, seed=seed)[0]


def _priorities(data: pd.DataFrame | Survey, *, outcome: str | None,
                drivers: Sequence[str] | None, weight: str | None | bool,
                scale: Sequence[float] | None, target: str, n_boot: int, level: float,
                seed: int | None) -> tuple[pd.DataFrame, pd.DataFrame | None]:
    """:func:`priorities` and its bootstrap gains (resamples × drivers, None without)."""
    check_choice(target, ("mean", "median"), name="target")
    check_level(level)
    sub, outcome, drivers, weight, cb = prepare_drivers(data, outcome, drivers, weight)
    if scale is None:  # the codebook outcome's scale (resolve_defaults)
        scale = resolve_defaults(data, outcome=outcome, check=False).scale
    nps_scale = scale is not None and tuple(int(s) for s in scale) in ((0, 10), (1, 10))
    X = sub[drivers].to_numpy(dtype=float)
    y = sub[outcome].to_numpy(dtype=float)
    w = sub[weight].to_numpy(dtype=float) if weight else np.ones(len(sub))
    check_collinear(np.corrcoef(np.column_stack([X, y]), rowvar=False), drivers)
    Xc = np.column_stack([np.ones(len(y)), X])
    cross = _Cross(Xc) if nps_scale else None
    targets = [(y >= 9).astype(float), (y <= 6).astype(float)] if nps_scale else []
    # the full-sample fits; every bootstrap resample starts its Newton steps from them
    betas0 = [_logit_newton(Xc, t_, w[None, :], cross=cross)[0] for t_ in targets]

    def gains(W: np.ndarray, start: list[np.ndarray]) -> tuple[np.ndarray, np.ndarray]:
        """Gains (B, p) and % below target (B, p) for row weights W (B, n)."""
        tot = W.sum(axis=1)
        lev = (W @ X) / tot[:, None] if target == "mean" else _weighted_median(X, W)
        p_ = X.shape[1]
        below = np.empty((len(W), p_))
        shift = np.empty((len(W), p_))         # Σ_i W_bi δ_bij, δ = max(level − x, 0)
        rows = []
        for j in range(p_):
            # only the rows below the level in some resample are moved
            r = np.flatnonzero(X[:, j] < lev[:, j].max())
            d = np.maximum(lev[:, j, None] - X[r, j][None, :], 0.0)          # (B, m_j)
            Wr = W[:, r]
            below[:, j] = 100 * (Wr * (d > 0)).sum(axis=1) / tot
            shift[:, j] = (Wr * d).sum(axis=1)
            rows.append((r, d, Wr))
        if not nps_scale:
            gram = np.stack([(Xc * wb[:, None]).T @ Xc for wb in W])   # exact, float64
            beta = np.linalg.solve(gram, ((W * y[None, :]) @ Xc)[..., None])[..., 0]
            return beta[:, 1:] * shift / tot[:, None], below
        from scipy.special import expit

        out = np.zeros((len(W), p_))
        for sign, t_, b0 in zip((1.0, -1.0), targets, start, strict=True):
            beta = _logit_newton(Xc, t_, W, b0, cross=cross)[0]             # (B, k)
            eta = beta @ Xc.T                                                # (B, n)
            for j, (r, d, Wr) in enumerate(rows):
                e = eta[:, r]
                moved = expit(e + d * beta[:, j + 1, None])
                moved -= expit(e)
                out[:, j] += sign * 100 * np.einsum("bm,bm->b", Wr, moved) / tot
        return out, below

    g, b = gains(w[None, :], betas0)
    gain, below = g[0], b[0]
    lo = hi = np.full(len(drivers), np.nan)
    boot = None
    if n_boot:
        n = len(y)
        linear = nps_scale and target == "mean" and n >= LINEAR_BOOT_FROM
        if linear:
            lin = _LinearGains(X, Xc, targets, w, betas0, cross)
        boots = []
        for counts in bootstrap_counts(np.random.default_rng(seed), n, n_boot):
            bsz = len(counts)
            if linear:
                boots.append(lin(counts * w[None, :]))
            else:
                boots.append(gains(counts * w[None, :],
                                   [np.repeat(b0[None], bsz, 0) for b0 in betas0])[0])
        a = (1 - level) / 2
        boot = pd.DataFrame(np.concatenate(boots), columns=drivers)
        lo, hi = np.quantile(boot.to_numpy(), [a, 1 - a], axis=0)
    perf = np.average(X, axis=0, weights=w)
    t = pd.DataFrame({"driver": drivers, "gain": gain, "ci_low": lo, "ci_high": hi,
                      "share_below": below, "performance": perf,
                      "unit": "NPS points" if nps_scale else "outcome mean"})
    t = t.sort_values("gain", ascending=False, kind="stable").reset_index(drop=True)
    t.insert(0, "rank", np.arange(1, len(t) + 1))
    t.attrs.update(outcome=outcome, n=len(sub), target=target, n_boot=n_boot, level=level)
    return t, boot


def action_plan(data: pd.DataFrame | Survey, *, outcome: str | None = None,
                drivers: Sequence[str] | None = None, weight: str | None | bool = None,
                scale: Sequence[float] | None = None, target: str = "mean",
                level: float = 0.95, n_boot: int = 200, seed: int | None = 0,
                importance: pd.DataFrame | None = None,
                kano: pd.DataFrame | None = None) -> pd.DataFrame:
    """One ranked action plan: expected gain with interval, ties, sign and reasons.

    The ranking is :func:`priorities` (expected gain in the outcome's units: NPS points on a
    0–10 recommendation scale, else the outcome mean). The other views are evidence for it:
    the Shapley share (:func:`cxresearch.importance.relative_importance`), the
    importance–performance quadrant (:func:`ipa`) and the Kano class with its bootstrap
    stability (:func:`penalty_reward`). Where they disagree with the ranking, a reason code
    says why.

    Ties (a paired bootstrap test): drivers are taken in order of gain; the first opens tie
    group 1 and is its leader. The next driver joins the current group unless the percentile
    interval (at ``level``) of the leader's gain minus its gain, over the same resamples, lies
    above zero; then it opens the next group and leads it. ``rank`` is the position of the
    group's leader (1, 1, 3, …): tied drivers share a rank.

    Fix first: a driver is an action (``status`` "fix first" or "next") only when its whole
    interval is above zero. "Fix first" are the actions in the best tie group that has one;
    the other actions are "next". A driver with a negative or uncertain effect is never an
    action (status "negative" when the interval is below zero, else "unclear"); without
    bootstrap (``n_boot=0``) nothing is tested and a positive gain is "untested".

    Reason codes (boolean columns, and joined in ``reasons``):

    - ``negative_effect``: the whole interval of the gain is below zero (without bootstrap:
      the gain is negative): improving the driver is expected to lower the outcome, holding
      the other drivers constant.
    - ``uncertain``: the interval includes zero (or there is none).
    - ``correlated_with_others``: the Shapley share disagrees with the plan (its rank lies
      outside the ranks of the driver's tie group, or the driver is an action ranked above
      its share rank that the grid calls "low priority") and the driver's R² on the other
      drivers is at least :data:`COLLINEAR_R2` (Shapley splits the variation it shares with
      them; the gain counts its own effect).
    - ``share_differs``: the share disagrees in the same way, the driver not collinear (the
      share is explained variation, the gain also weighs how many rate the driver low and
      how far below its average). Neither share code is set for a negative effect: the
      share has no sign, and ``negative_effect`` says why it is no action.
    - ``grid_fix_first``: the grid says "fix first" (important, rated below the drivers'
      average) but the plan does not (a smaller or an uncertain gain).
    - ``already_high_performance``: an action although the grid puts it in "keep up" or
      "possible overkill" (rated above the drivers' average): its low raters still gain.
    - ``kano_indifferent``: an action although its stable Kano class is indifferent (the
      effect runs through the whole scale, not its ends).

    Parameters
    ----------
    data : Survey or DataFrame
    outcome, drivers, weight, scale, target :
        As in :func:`priorities`.
    level : float
        Confidence level of the gains' intervals and the tie tests.
    n_boot : int
        Bootstrap resamples of the gains (and of the Kano classes when ``kano`` is computed).
    seed : int, optional
    importance : DataFrame, optional
        :func:`cxresearch.importance.relative_importance` already computed for these drivers
        (else Shapley without bootstrap is computed).
    kano : DataFrame, optional
        :func:`penalty_reward` already computed (else with ``n_boot`` resamples).

    Returns
    -------
    DataFrame
        One row per driver, ranked: ``rank, tie_group, driver, gain, ci_low, ci_high, unit,
        effect_sign`` (+1, −1 or 0, the sign of the gain), ``status``, ``fix_first``,
        ``share`` (Shapley %), ``share_rank``, ``quadrant``, ``kano`` (shown class or
        "unclear"), ``kano_stability``, ``r2_others``, ``performance``, ``share_below``,
        one boolean column per code in :data:`REASONS`, and ``reasons`` (the codes that
        apply, comma-separated). ``attrs`` hold ``outcome, n, n_boot, level``.

    Examples
    --------
    >>> rng = np.random.default_rng(3)
    >>> X = rng.normal(4, 1, (600, 3))
    >>> y = X @ [0.8, 0.3, -0.4] + rng.normal(0, 1, 600)
    >>> df = pd.DataFrame(X, columns=["a", "b", "c"]).assign(y=y)
    >>> plan = action_plan(df, outcome="y", drivers=["a", "b", "c"], n_boot=50)
    >>> plan[["driver", "status", "effect_sign"]].values.tolist()
    [['a', 'fix first', 1], ['b', 'next', 1], ['c', 'negative', -1]]
    """
    from .importance import relative_importance

    check_level(level)
    prio, boot = _priorities(data, outcome=outcome, drivers=drivers, weight=weight,
                             scale=scale, target=target, n_boot=n_boot, level=level, seed=seed)
    names = prio["driver"].tolist()
    sub, outcome, drivers, weight, _ = prepare_drivers(data, outcome, drivers, weight)
    w_arg: str | bool = weight or False  # None would mean "the codebook's weight" again
    if importance is None:
        importance = relative_importance(data, outcome=outcome, drivers=drivers, weight=w_arg)
    if kano is None:
        kano = penalty_reward(data, outcome=outcome, drivers=drivers, weight=w_arg,
                              level=level, n_boot=n_boot, seed=seed)
    for name, table in (("importance", importance), ("kano", kano)):
        if set(table["driver"]) != set(names):
            raise CXInputError(Problem("action_plan", f"the {name} table has other drivers "
                                       "than the plan", f"compute {name} for the same drivers"))
    quad = ipa(importance).set_index("driver")
    imp = importance.set_index("driver")
    kan = kano.set_index("driver")
    # tie groups by the paired bootstrap difference to the group's leader
    a = (1 - level) / 2
    ranks: list[int] = []
    leader: tuple[str, int] | None = None
    for i, d in enumerate(names):
        if leader is None or boot is None or np.quantile(boot[leader[0]] - boot[d], a) > 0:
            leader = (d, i)
        ranks.append(leader[1] + 1)
    group = pd.Series(ranks).rank(method="dense").astype(int).tolist()
    t = prio[["driver", "gain", "ci_low", "ci_high", "unit", "performance",
              "share_below"]].copy()
    t.attrs = {}
    t.insert(0, "tie_group", group)
    t.insert(0, "rank", ranks)
    has_ci = boot is not None
    t["effect_sign"] = np.sign(t["gain"]).astype(int)
    positive = (t["ci_low"] > 0) if has_ci else pd.Series(False, index=t.index)
    t["status"] = np.select(
        [positive, (t["ci_high"] < 0) if has_ci else t["gain"] < 0,
         pd.Series(not has_ci, index=t.index) & (t["gain"] > 0)],
        ["next", "negative", "untested"], "unclear")
    if positive.any():
        first = t.loc[positive, "tie_group"].min()
        t.loc[positive & (t["tie_group"] == first), "status"] = "fix first"
    t["fix_first"] = t["status"] == "fix first"
    t["share"] = t["driver"].map(imp["share"])
    t["share_rank"] = t["share"].rank(ascending=False, method="min").astype(int)
    t["quadrant"] = t["driver"].map(quad["quadrant"])
    t["kano"] = t["driver"].map(kan["kano_shown"] if "kano_shown" in kan else kan["kano"])
    t["kano_stability"] = t["driver"].map(kan["kano_stability"]
                                          if "kano_stability" in kan else pd.Series(np.nan,
                                                                                     kan.index))
    X = sub[drivers].to_numpy(dtype=float)
    w = sub[weight].to_numpy(dtype=float) if weight else None
    R = np.corrcoef(X, rowvar=False) if w is None else _cov_to_corr(np.cov(X.T, aweights=w))
    r2o = 1 - 1 / np.diag(np.linalg.inv(np.atleast_2d(R))) if len(drivers) > 1 else [0.0]
    t["r2_others"] = t["driver"].map(dict(zip(drivers, r2o, strict=True)))
    lo_rank = t.groupby("tie_group")["rank"].transform("min")
    hi_rank = lo_rank + t.groupby("tie_group")["rank"].transform("size") - 1
    action = t["status"].isin(["fix first", "next"])
    differs = ((t["share_rank"] < lo_rank) | (t["share_rank"] > hi_rank)
               | (action & (t["quadrant"] == "low priority") & (t["rank"] < t["share_rank"])))
    t["negative_effect"] = t["status"] == "negative"
    differs &= ~t["negative_effect"]  # an unsigned share of a negative effect: said there
    t["uncertain"] = (not has_ci) | ((t["ci_low"] <= 0) & (t["ci_high"] >= 0))
    t["correlated_with_others"] = differs & (t["r2_others"] >= COLLINEAR_R2)
    t["share_differs"] = differs & (t["r2_others"] < COLLINEAR_R2)
    t["grid_fix_first"] = (t["quadrant"] == "fix first") & (t["status"] != "fix first")
    t["already_high_performance"] = action & t["quadrant"].isin(["keep up",
                                                                 "possible overkill"])
    t["kano_indifferent"] = action & (t["kano"] == "indifferent")
    t["reasons"] = [", ".join(c for c in REASONS if r[c]) for _, r in t.iterrows()]
    t.attrs.update(outcome=outcome, n=prio.attrs["n"], n_boot=n_boot, level=level)
    return t.reset_index(drop=True)


def _cov_to_corr(C: np.ndarray) -> np.ndarray:
    d = np.sqrt(np.diag(C))
    return C / np.outer(d, d)


class _Cross:
    """Products of every pair of columns of Xc (n, k), per row, for weighted Gram matrices.

    ``hessian(V)`` is Xc' diag(V_b) Xc for every row of V (B, n) as one matrix product
    (B, n) @ (n, k(k+1)/2) instead of a (B, n, k) temporary. The products are kept in float32
    (half the memory and time): they only shape Newton's steps, whose fixed point the exact
    float64 gradient decides.
    """

    def __init__(self, Xc: np.ndarray) -> None:
        k = Xc.shape[1]
        self.k = k
        self.iu = np.triu_indices(k)
        X32 = Xc.astype(np.float32)
        # column-major: each pair product is written to contiguous memory
        self.pairs = np.empty((len(Xc), len(self.iu[0])), dtype=np.float32, order="F")
        for c, (i, j) in enumerate(zip(*self.iu, strict=True)):
            np.multiply(X32[:, i], X32[:, j], out=self.pairs[:, c])

    def hessian(self, V: np.ndarray) -> np.ndarray:
        # as (pairs' V')': OpenBLAS threads the (B, n) @ (n, k²/2) orientation badly (25×
        # slower on a busy 2-core machine), the transposed one well
        packed = (self.pairs.T @ V.astype(np.float32).T).T.astype(float)
        H = np.empty((len(V), self.k, self.k))
        H[:, self.iu[0], self.iu[1]] = packed
        H[:, self.iu[1], self.iu[0]] = packed
        return H

    def quad(self, M: np.ndarray) -> np.ndarray:
        """x_i' M_b x_i for every row i and every symmetric M_b of M (B, k, k): (B, n)."""
        packed = M[:, self.iu[0], self.iu[1]] * np.where(self.iu[0] == self.iu[1], 1, 2)
        return (self.pairs @ packed.astype(np.float32).T).T.astype(float)


#: From this many respondents on, priorities' bootstrap on an NPS scale is linearised
LINEAR_BOOT_FROM = 20_000


class _LinearGains:
    """Bootstrap gains at large n without refitting: one-step logits, linearised gains.

    Each resample's logit is one Newton step from the full-sample fit β̂ with the
    resample's information at β̂, β_b = β̂ + H_b⁻¹ Σ_i W_bi x_i (t_i − p̂_i) (the one-step
    bootstrap of GLMs, Moulton & Zeger 1991), and each row's moved-minus-observed probability
    h_ij(β, δ_ij) is expanded to first order around (β̂, δ̂_ij), δ = (level − x)⁺: the
    resample's gain is 100 / T_b · {Σ_i W_bi h_ij(β̂, δ̂_ij) + (T_b / T) [A_j'(β_b − β̂) +
    F_j(level_bj) − F_j(level̂_j)]}, A_j the full-sample sum of ∂h/∂β and F_j(L) =
    Σ_i w_i ∂h/∂δ (L − x_ij)⁺ (prefix sums over the sorted x_j: exact where the level
    crosses a scale point, which a derivative in the level would miss). Resample weights
    enter exactly; only the O(1/√n) parameter shifts are linearised, an error of O(1/n)
    against a sampling spread of O(1/√n). Every resample then costs one matrix product of
    its row weights with n × (2p + 2k + p) per-row columns.
    """

    def __init__(self, X: np.ndarray, Xc: np.ndarray, targets: list[np.ndarray],
                 w: np.ndarray, betas: list[np.ndarray], cross: _Cross | None = None) -> None:
        from scipy.special import expit

        n, p = X.shape
        self.T = w.sum()
        self.lev = (w @ X) / self.T
        delta = np.maximum(self.lev[None, :] - X, 0.0)
        self.order = np.argsort(X, axis=0, kind="stable")
        self.xs = np.take_along_axis(X, self.order, axis=0)
        cols, self.parts = [], []
        for t_, b in zip(targets, betas, strict=True):
            b = b[0]
            eta = Xc @ b
            p0 = expit(eta)
            v0 = p0 * (1 - p0)
            moved = expit(eta[:, None] + delta * b[None, 1:])                 # (n, p)
            vm = moved * (1 - moved)
            h0 = moved - p0[:, None]
            # A_j = Σ_i w_i [(σ'(m_ij) − σ'(η_i)) x_i + σ'(m_ij) δ_ij e_j]
            A = ((vm - v0[:, None]) * w[:, None]).T @ Xc                        # (p, k)
            A[np.arange(p), np.arange(1, p + 1)] += (w[:, None] * vm * delta).sum(axis=0)
            # F_j(L) = Σ_i w_i σ'(m_ij) β_j (L − x_ij)⁺ as prefix sums over sorted x_j: the
            # level's effect, exact at the kink where L crosses a scale point
            c = (w[:, None] * vm * b[None, 1:])[self.order, np.arange(p)]        # sorted rows
            C = (np.cumsum(c, axis=0), np.cumsum(c * self.xs, axis=0))
            self.parts.append((v0, A, C))
            cols += [h0, Xc * (t_ - p0)[:, None]]
        cols.append(X)
        self.M = np.column_stack(cols)
        self.p, self.k = p, Xc.shape[1]
        self.cross = cross or _Cross(Xc)

    def _F(self, C: tuple[np.ndarray, np.ndarray], L: np.ndarray) -> np.ndarray:
        """Σ_i c_ij (L_bj − x_ij)⁺ for levels L (B, p), from the prefix sums C."""
        out = np.zeros(L.shape)
        for j in range(self.p):
            k = np.searchsorted(self.xs[:, j], L[:, j], side="left")    # rows with x < L
            has = k > 0
            kk = np.maximum(k - 1, 0)
            out[:, j] = np.where(has, L[:, j] * C[0][kk, j] - C[1][kk, j], 0.0)
        return out

    def __call__(self, W: np.ndarray) -> np.ndarray:
        S = (self.M.T @ W.T).T                   # (B, columns), see _Cross.hessian
        Tb = W.sum(axis=1)
        p, k = self.p, self.k
        lev = S[:, -p:] / Tb[:, None]
        out = np.zeros((len(W), p))
        for i, (sign, (v0, A, C)) in enumerate(zip((1.0, -1.0), self.parts, strict=True)):
            base = i * (p + k)
            h = S[:, base:base + p]
            H = self.cross.hessian(W * v0[None, :])              # the resample's information
            dbeta = np.linalg.solve(H, S[:, base + p:base + p + k][..., None])[..., 0]
            lin = (dbeta @ A.T + self._F(C, lev) - self._F(C, self.lev[None, :])) * (
                Tb / self.T)[:, None]
            out += sign * 100 * (h + lin) / Tb[:, None]
        return out


def _logit_newton(Xc: np.ndarray, y: np.ndarray, W: np.ndarray,
                  start: np.ndarray | None = None, tol: float = 1e-10,
                  max_iter: int = 50, cross: _Cross | None = None) -> tuple[np.ndarray, bool]:
    """Weighted logit MLE for every row of weights W (B, n) at once, by Newton's method.

    Gradient Xc'(W ⊙ (y − p)) and Hessian Xc' diag(W p (1 − p)) Xc are matrix products over
    the rows for all resamples at once. Returns (B, k) coefficients and whether every fit
    converged (largest step < tol).
    """
    from scipy.special import expit

    cross = cross or _Cross(Xc)
    B, k = len(W), Xc.shape[1]
    beta = np.zeros((B, k)) if start is None else np.array(start, dtype=float).reshape(B, k)
    ok = False
    for _ in range(max_iter):
        pr = expit(beta @ Xc.T)                                  # (B, n)
        grad = (W * (y[None, :] - pr)) @ Xc
        H = cross.hessian(W * pr * (1 - pr))
        step = np.linalg.solve(H + 1e-12 * np.eye(k)[None], grad[..., None])[..., 0]
        beta += step
        if np.abs(step).max() < tol:
            ok = True
            break
    return beta, ok


def _weighted_median(X: np.ndarray, W: np.ndarray) -> np.ndarray:
    """Weighted median (B, p) of each column of X (n, p) for every row of weights W (B, n)."""
    out = np.empty((len(W), X.shape[1]))
    for j in range(X.shape[1]):
        order = np.argsort(X[:, j], kind="stable")
        cw = np.cumsum(W[:, order], axis=1)
        pos = (cw < cw[:, -1:] / 2).sum(axis=1)
        out[:, j] = X[order, j][np.minimum(pos, len(order) - 1)]
    return out
