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
from .io import Survey
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
    level : float
        Confidence level of the tests: a penalty or reward is significant when its p-value is
        below ``1 - level`` (default 0.95, i.e. p < 0.05).
    alpha : float, optional
        Deprecated: the significance level ``1 - level``; use ``level``.

    Returns
    -------
    DataFrame
        ``driver, penalty, penalty_p, reward, reward_p, share_low, share_high, kano``.
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
    target : {"mean", "median"}
        The level the low-rating customers are moved to.
    n_boot : int
        Bootstrap resamples for the gain's interval (each refits the models, as weights).

    Returns
    -------
    DataFrame
        Ranked by gain: ``rank, driver, gain`` (NPS points or outcome units),
        ``ci_low, ci_high``, ``share_below`` (% of customers below the target), ``performance``
        (weighted mean), ``unit`` ("NPS points" or "outcome mean").
    """
    check_choice(target, ("mean", "median"), name="target")
    check_level(level)
    sub, outcome, drivers, weight, cb = prepare_drivers(data, outcome, drivers, weight)
    if scale is None and cb is not None and outcome == cb.recommend.column:
        scale = cb.recommend.scale
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
    if n_boot:
        rng = np.random.default_rng(seed)
        n = len(y)
        chunk = max(1, min(n_boot, 2_000_000 // n))    # (B, n) arrays of about 16 MB
        linear = nps_scale and target == "mean" and n >= LINEAR_BOOT_FROM
        if linear:
            lin = _LinearGains(X, Xc, targets, w, betas0, cross)
        boots = []
        for s0 in range(0, n_boot, chunk):
            bsz = min(chunk, n_boot - s0)
            idx = rng.integers(0, n, size=(bsz, n))
            counts = np.bincount((idx + (np.arange(bsz) * n)[:, None]).ravel(),
                                 minlength=bsz * n).reshape(bsz, n).astype(float)
            del idx
            if linear:
                boots.append(lin(counts * w[None, :]))
            else:
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
        self.pairs = np.empty((len(Xc), len(self.iu[0])), dtype=np.float32)
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
