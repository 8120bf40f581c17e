"""From key drivers to action: importance–performance analysis, penalty–reward, priorities.

:func:`ipa` places drivers in the four quadrants of importance against performance,
:func:`penalty_reward` estimates the asymmetric effects of low and high scores, and
:func:`priorities` ranks drivers by the expected gain in the outcome from improving them.
Data preparation is :func:`cxresearch.importance.prepare_drivers`.
"""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np
import pandas as pd

from .errors import CXInputError, Problem
from .importance import check_choice, check_collinear, prepare_drivers
from .io import Survey, resolve_defaults
from .stats import check_level

__all__ = [
    "ipa",
    "penalty_reward",
    "priorities",
]


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
                   alpha: float | None = None) -> pd.DataFrame:
    """Penalty–reward analysis with Kano classes (Brandt 1987; Matzler & Sauerwein 2002).

    Each driver is split into low, middle and high ratings (default: the lower and upper
    thirds of its scale). One regression of the outcome on all the low and high dummies
    (middle = reference) gives each driver's penalty (effect of a low rating, ≤ 0 expected)
    and reward (effect of a high rating).

    Kano class: *basic* when the penalty is significant and larger than twice the reward,
    *excitement* when the reward is significant and larger than twice the penalty,
    *performance* when either is significant otherwise, *indifferent* when neither is.

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

    Returns
    -------
    DataFrame
        ``driver, penalty, penalty_p, reward, reward_p, share_low, share_high, kano``.

    Examples
    --------
    >>> rng = np.random.default_rng(0)
    >>> df = pd.DataFrame(rng.integers(1, 6, size=(600, 2)), columns=["clean", "gift"])
    >>> df["y"] = -2.0 * (df["clean"] <= 2) + 0.0 * df["gift"] + rng.normal(size=600)
    >>> pr = penalty_reward(df, outcome="y", drivers=["clean", "gift"], scale=(1, 5))
    >>> pr.set_index("driver").loc["clean", "kano"]
    'basic'
    """
    import statsmodels.formula.api as smf

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
    f = "y ~ " + " + ".join(keep) if keep else "y ~ 1"
    fit = (smf.wls(f, frame, weights=sub[weight]) if weight else smf.ols(f, frame)).fit(
        cov_type="HC3")
    out = []
    for i, d in enumerate(rows):
        lo_c, hi_c = f"low_{i}", f"high_{i}"
        pen = fit.params.get(lo_c, np.nan)
        rew = fit.params.get(hi_c, np.nan)
        pp = fit.pvalues.get(lo_c, np.nan)
        rp = fit.pvalues.get(hi_c, np.nan)
        sig_p = pp < alpha and pen < 0
        sig_r = rp < alpha and rew > 0
        a_pen, a_rew = max(-pen, 0.0) if pen == pen else 0.0, max(rew, 0.0) if rew == rew else 0.0
        if sig_p and a_pen > 2 * a_rew:
            kano = "basic"
        elif sig_r and a_rew > 2 * a_pen:
            kano = "excitement"
        elif sig_p or sig_r:
            kano = "performance"
        else:
            kano = "indifferent"
        out.append({"driver": d, "penalty": pen, "penalty_p": pp, "reward": rew,
                    "reward_p": rp, "share_low": 100 * frame[lo_c].mean(),
                    "share_high": 100 * frame[hi_c].mean(), "kano": kano})
    return pd.DataFrame(out)


def priorities(data: pd.DataFrame | Survey, *, outcome: str | None = None,
               drivers: Sequence[str] | None = None, weight: str | None | bool = None,
               scale: Sequence[float] | None = None, target: str = "mean",
               n_boot: int = 0, level: float = 0.95, seed: int | None = 0) -> pd.DataFrame:
    """The short, ranked list of what to fix first: expected gain per driver.

    For each driver, the customers rating it below its (weighted) mean are moved up to the
    mean, everything else unchanged, and the outcome is predicted again. The bootstrap
    resamples respondents as multinomial row weights and refits every model on them at once,
    vectorised over resamples (weighted Newton steps of the logits started at the
    full-sample fit; weighted cross-products for OLS), so it takes seconds at 100,000+
    respondents. On an NPS scale the
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
        (weighted mean), ``unit`` ("NPS points" or "outcome mean").

    Examples
    --------
    >>> rng = np.random.default_rng(0)
    >>> df = pd.DataFrame(rng.integers(1, 6, size=(400, 2)), columns=["service", "price"])
    >>> df["ltr"] = np.clip(2 * df["service"] + rng.integers(-1, 2, 400), 0, 10)
    >>> p = priorities(df, outcome="ltr", drivers=["service", "price"], scale=(0, 10))
    >>> p["driver"].tolist()[0], p["unit"][0]
    ('service', 'NPS points')
    """
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
    targets = [(y >= 9).astype(float), (y <= 6).astype(float)] if nps_scale else []
    # the full-sample fits; every bootstrap resample starts its Newton steps from them
    betas0 = [_logit_newton(Xc, t_, w[None, :])[0] for t_ in targets]

    def gains(W: np.ndarray, start: list[np.ndarray]) -> tuple[np.ndarray, np.ndarray]:
        """Gains (B, p) and % below target (B, p) for row weights W (B, n)."""
        tot = W.sum(axis=1)
        lev = (W @ X) / tot[:, None] if target == "mean" else _weighted_median(X, W)
        delta = np.maximum(lev[:, None, :] - X[None, :, :], 0.0)        # (B, n, p)
        below = 100 * np.einsum("bn,bnp->bp", W, (delta > 0).astype(float)) / tot[:, None]
        if not nps_scale:
            XtW = Xc.T[None] * W[:, None, :]
            beta = np.linalg.solve(XtW @ Xc, (XtW @ y)[..., None])[..., 0]
            return beta[:, 1:] * np.einsum("bn,bnp->bp", W, delta) / tot[:, None], below
        out = np.zeros((len(W), X.shape[1]))
        for sign, t_, b0 in zip((1.0, -1.0), targets, start, strict=True):
            beta = _logit_newton(Xc, t_, W, b0)[0]                      # (B, k)
            eta = np.einsum("nk,bk->bn", Xc, beta)
            p0 = 1 / (1 + np.exp(-eta))
            for j in range(X.shape[1]):
                moved = eta + delta[:, :, j] * beta[:, j + 1, None]
                out[:, j] += sign * 100 * (W * (1 / (1 + np.exp(-moved)) - p0)).sum(1) / tot
        return out, below

    g, b = gains(w[None, :], betas0)
    gain, below = g[0], b[0]
    lo = hi = np.full(len(drivers), np.nan)
    if n_boot:
        rng = np.random.default_rng(seed)
        n = len(y)
        chunk = max(1, min(50, 6_000_000 // (n * X.shape[1])))    # (B, n, p) ≈ 50 MB
        boots = []
        for s0 in range(0, n_boot, chunk):
            bsz = min(chunk, n_boot - s0)
            idx = rng.integers(0, n, size=(bsz, n))
            counts = np.bincount((idx + (np.arange(bsz) * n)[:, None]).ravel(),
                                 minlength=bsz * n).reshape(bsz, n).astype(float)
            boots.append(gains(counts * w[None, :],
                               [np.repeat(b0[None], bsz, 0) for b0 in betas0])[0])
        a = (1 - level) / 2
        lo, hi = np.quantile(np.concatenate(boots), [a, 1 - a], axis=0)
    perf = np.average(X, axis=0, weights=w)
    t = pd.DataFrame({"driver": drivers, "gain": gain, "ci_low": lo, "ci_high": hi,
                      "share_below": below, "performance": perf,
                      "unit": "NPS points" if nps_scale else "outcome mean"})
    t = t.sort_values("gain", ascending=False, kind="stable").reset_index(drop=True)
    t.insert(0, "rank", np.arange(1, len(t) + 1))
    t.attrs.update(outcome=outcome, n=len(sub), target=target, n_boot=n_boot)
    return t


def _logit_newton(Xc: np.ndarray, y: np.ndarray, W: np.ndarray,
                  start: np.ndarray | None = None, tol: float = 1e-10,
                  max_iter: int = 50) -> tuple[np.ndarray, bool]:
    """Weighted logit MLE for every row of weights W (B, n) at once, by Newton's method.

    Returns (B, k) coefficients and whether every fit converged (largest step < tol).
    """
    B, k = len(W), Xc.shape[1]
    beta = np.zeros((B, k)) if start is None else np.array(start, dtype=float).reshape(B, k)
    ok = False
    for _ in range(max_iter):
        eta = np.einsum("nk,bk->bn", Xc, beta)
        pr = 1 / (1 + np.exp(-eta))
        grad = np.einsum("bn,nk->bk", W * (y[None, :] - pr), Xc)
        H = np.einsum("nk,bn,nl->bkl", Xc, W * pr * (1 - pr), Xc, optimize=True)
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
