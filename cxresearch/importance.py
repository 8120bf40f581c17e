"""Relative importance of key drivers: which experience drivers move recommendation.

Relative importance decomposes the R² of the outcome on the drivers:

* ``"shapley"`` (LMG; Lindeman, Merenda & Gold 1980): each driver's R² increment averaged over
  all orders of entry — exact, over all 2^p subsets. Subset R² values come from the
  correlation matrix (the weighted one with survey weights) by a Cholesky extension: a subset's
  factor is its parent's (the subset without its largest member) plus one row, so
  R²(S) = R²(parent) + z², computed level by level for all subsets (and all bootstrap
  resamples) at once in numpy. No model is refitted.
* ``"dominance"``: Budescu's (1993) general dominance, which equals the Shapley value;
  :func:`dominance_analysis` also gives conditional and complete dominance.
* ``"relative_weights"``: Johnson (2000): regress the outcome on the orthogonal counterparts
  Z = R^{1/2} of the drivers and split R² with the squared loadings.
* ``"pratt"``: β_j · r_jy (Pratt 1987); sums to R², can be negative.

Bootstrap resamples respondents (rows); confidence intervals are percentile or BCa (the
acceleration from a grouped jackknife), for importances, shares and ranks, and
:func:`prob_more_important` gives P(driver A more important than B).

:func:`prepare_drivers` is the one data preparation of every key-driver function (also
used by :mod:`cxresearch.models` and :mod:`cxresearch.actions`).

Examples
--------
>>> import cxresearch as cx
>>> survey = cx.load(cx.bundled_codebook())
>>> t = relative_importance(survey, method="shapley")
>>> t[["driver", "rank"]].head(3)
    driver  rank
0  service     1
1   social     2
2    brand     3
>>> bool(abs(t["importance"].sum() - t.attrs["r2"]) < 1e-12)
True
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from functools import lru_cache
from math import comb
from typing import Any

import numpy as np
import pandas as pd
from scipy import stats

from .errors import CXInputError, Problem
from .io import Survey, resolve_defaults
from .results import Result
from .stats import check_level

__all__ = [
    "METHODS",
    "relative_importance",
    "dominance_analysis",
    "DominanceResult",
    "prob_more_important",
    "all_subsets_r2",
    "shapley_from_corr",
    "prepare_drivers",
    "check_collinear",
    "check_choice",
    "closest_name",
]

METHODS = ("shapley", "dominance", "relative_weights", "pratt")


# --------------------------------------------------------------------------- data preparation


def closest_name(word: object, options: Sequence[object]) -> str | None:
    """The option spelt most like ``word`` (same but for case, else difflib), or None.

    Parameters
    ----------
    word : object
        What was given.
    options : sequence
        The accepted names.

    Returns
    -------
    str or None
        The closest option (difflib ratio 0.6 or more), else None.

    Examples
    --------
    >>> closest_name("Servce", ["service", "price"]), closest_name("xyz", ["price"])
    ('service', None)
    """
    import difflib

    opts = [str(o) for o in options]
    text = str(word).strip().lower()
    same = [o for o in opts if o.lower() == text]
    if same:
        return same[0]
    hits = difflib.get_close_matches(text, [o.lower() for o in opts], n=1, cutoff=0.6)
    return next(o for o in opts if o.lower() == hits[0]) if hits else None


def check_choice(value: object, options: Sequence[object], *, name: str,
                 where: str = "parameters") -> None:
    """Refuse a value that is not one of ``options``, suggesting the closest one.

    Parameters
    ----------
    value : object
        The value given.
    options : sequence
        The accepted values.
    name : str
        The parameter's name, used in the message.
    where : str
        Where the value came from (default ``"parameters"``).

    Raises
    ------
    CXInputError
        ``value`` is not in ``options``; the fix names the closest option and lists them all.

    Examples
    --------
    >>> check_choice("mean", ("mean", "median"), name="target")
    >>> check_choice("meen", ("mean", "median"), name="target")
    Traceback (most recent call last):
    ...
    cxresearch.errors.CXInputError: ...did you mean 'mean'?...
    """
    if value in options:
        return
    near = closest_name(value, options)
    hint = f"did you mean {near!r}? " if near is not None else ""
    raise CXInputError(Problem(where, f"unknown {name} {value!r}",
                               f"{hint}use one of: {', '.join(map(repr, options))}",
                               column=name, value=str(value)[:40]))


def prepare_drivers(data: pd.DataFrame | Survey, outcome: str | None,
                    drivers: Sequence[str] | None, weight: str | None | bool,
                    min_n: int = 10) -> tuple[pd.DataFrame, str, list[str], str | None, Any]:
    """The checked complete cases of a key-driver analysis, with the Survey's defaults.

    Parameters
    ----------
    data : Survey or DataFrame
    outcome : str or None
        The outcome column or codebook outcome name (default: the codebook's key outcome,
        see :func:`cxresearch.io.resolve_defaults`).
    drivers : list of str or None
        The driver columns (default: the codebook's drivers).
    weight : str, None or False
        The weight column; None takes the codebook's weight, False means unweighted.
    min_n : int
        Fewest complete respondents accepted (at least the number of drivers + 2).

    Returns
    -------
    tuple
        ``(sub, outcome, drivers, weight, codebook)``: ``sub`` holds the rows where the
        outcome, every driver (and a positive weight) are present, numeric; ``codebook`` is
        None for a DataFrame.

    Raises
    ------
    CXInputError
        A missing column, an empty or constant driver, or too few complete respondents.

    Examples
    --------
    >>> import pandas as pd
    >>> df = pd.DataFrame({"y": [1, 2, 3, 4, 5], "a": [2, 1, 4, 3, None], "b": [1, 1, 2, 3, 3]})
    >>> sub, outcome, drivers, weight, cb = prepare_drivers(df, "y", ["a", "b"], None, min_n=3)
    >>> len(sub), outcome, drivers, weight, cb
    (4, 'y', ['a', 'b'], None, None)
    """
    d = resolve_defaults(data, outcome=outcome, weight=weight, drivers=drivers or None,
                         check=False)
    df, cb, where, outcome, drivers, weight = (d.data, d.codebook, d.where, d.outcome,
                                               d.drivers, d.weight)
    if not outcome:
        raise CXInputError(Problem(where, "no outcome column given",
                                   "pass outcome='<recommendation column>'"))
    if not drivers:
        raise CXInputError(Problem(where, "no drivers given", "pass drivers=[...] (two or more)"))
    drivers = list(dict.fromkeys(drivers))
    cols = [outcome, *drivers] + ([weight] if weight else [])
    missing = [c for c in cols if c not in df.columns]
    if missing:
        def fix(c: str) -> str:
            near = closest_name(c, list(df.columns))
            hint = f"did you mean '{near}'? " if near is not None else ""
            return f"{hint}use one of: {', '.join(map(str, df.columns[:20]))}"
        raise CXInputError([Problem(where, "the column is not in the data", fix(c),
                                    column=c) for c in missing])
    if outcome in drivers:
        raise CXInputError(Problem(where, f"'{outcome}' is both the outcome and a driver",
                                   "remove it from the drivers", column=outcome))
    sub = df[cols]
    text = [c for c in cols if not pd.api.types.is_numeric_dtype(sub[c])]
    if text:
        sub = sub.assign(**{c: pd.to_numeric(sub[c], errors="coerce") for c in text})
    answered = sub[drivers].notna().sum().to_numpy()
    for c in np.asarray(drivers)[answered == 0]:
        raise CXInputError(Problem(where, "every answer of this driver is missing",
                                   "drop the driver or check its items and missing codes",
                                   column=str(c)))
    values = sub.to_numpy(dtype=float)
    keep = ~np.isnan(values).any(axis=1)
    if weight:
        keep &= values[:, -1] > 0
    sub = sub[keep] if not keep.all() else sub
    values = values[keep]
    if len(sub) < max(min_n, len(drivers) + 2):
        raise CXInputError(Problem(
            where, f"only {len(sub)} respondents answered the outcome and every driver",
            f"key-driver analysis of {len(drivers)} drivers needs at least "
            f"{max(min_n, len(drivers) + 2)}; use fewer drivers or a larger group"))
    spread = np.ptp(values[:, : len(drivers) + 1], axis=0)
    for i in np.flatnonzero(spread == 0):
        c = cols[i]
        raise CXInputError(Problem(where, f"'{c}' has the same value for every respondent",
                                   "a constant cannot explain or be explained: drop it",
                                   column=c, value=_plain_value(values[0, i])))
    return sub, outcome, drivers, weight, cb


def _plain_value(v: float) -> float | int:
    return int(v) if float(v).is_integer() else float(v)


def _weighted_corr(X: np.ndarray, w: np.ndarray | None) -> np.ndarray:
    """Correlation matrix of the columns of X (weighted if w is given)."""
    if w is None:
        return np.corrcoef(X, rowvar=False)
    w = w / w.sum()
    mu = w @ X
    Xc = X - mu
    C = (Xc * w[:, None]).T @ Xc
    d = np.sqrt(np.diag(C))
    return C / np.outer(d, d)


def check_collinear(R: np.ndarray, drivers: list[str], where: str = "data") -> None:
    """Refuse drivers whose correlation matrix (outcome last in R) is singular.

    Parameters
    ----------
    R : ndarray
        Correlation matrix of the drivers and, in the last row and column, the outcome.
    drivers : list of str
        The drivers' names, in the order of R.
    where : str
        The data source named in the error.

    Raises
    ------
    CXInputError
        One driver is a linear combination of others; the message names the drivers involved.

    Examples
    --------
    >>> import numpy as np
    >>> check_collinear(np.eye(3), ["a", "b"])  # independent drivers pass
    >>> R = np.array([[1.0, 1.0, 0.5], [1.0, 1.0, 0.5], [0.5, 0.5, 1.0]])
    >>> check_collinear(R, ["a", "b"])
    Traceback (most recent call last):
    ...
    cxresearch.errors.CXInputError: ...
    """
    Rxx = R[:-1, :-1]
    vals, vecs = np.linalg.eigh(Rxx)
    if vals[0] < 1e-10:
        v = np.abs(vecs[:, 0])
        involved = [drivers[i] for i in np.flatnonzero(v > 0.1)]
        raise CXInputError(Problem(
            where, "the drivers are perfectly collinear (one is a linear combination of the "
            f"others: {', '.join(involved)}); the model cannot be estimated",
            "drop one of them or combine them into one construct"))


# --------------------------------------------------------------------------- all subsets


def all_subsets_r2(R: np.ndarray) -> np.ndarray:
    """R² of the last variable regressed on every subset of the others.

    Parameters
    ----------
    R : array, shape (p+1, p+1) or (B, p+1, p+1)
        Correlation (or covariance) matrices; the outcome is the *last* row/column.

    Returns
    -------
    array, shape (2**p,) or (B, 2**p)
        ``r2[..., mask]`` is the R² of the subset whose members are the set bits of ``mask``.

    Notes
    -----
    For a subset S with largest member j and parent P = S \\ {j}, the Cholesky factor of R_SS
    is that of R_PP plus one row w = L_P⁻¹ R_Pj with pivot d = √(1 − w'w). Every subset keeps
    M_S = L_S⁻¹ R_S,(c) for the columns c > max(S) it can still add, plus the outcome; its
    last column z gives R²(S) = z'z. Children are built for all parents of a level at once.
    A driver that adds nothing (d ≈ 0, collinearity) contributes 0.

    Examples
    --------
    >>> R = np.array([[1, .5, .4], [.5, 1, .3], [.4, .3, 1.]])
    >>> r2 = all_subsets_r2(R)
    >>> r2[0b01], r2[0b10]      # single drivers: squared correlations
    (np.float64(0.16...), np.float64(0.09))
    >>> bool(np.isclose(r2[0b11], np.array([.4, .3]) @ np.linalg.solve(R[:2, :2], [.4, .3])))
    True
    """
    R = np.asarray(R, dtype=float)
    single = R.ndim == 2
    if single:
        R = R[None]
    scale = np.sqrt(np.einsum("bii->bi", R))
    R = R / scale[:, :, None] / scale[:, None, :]
    out = np.clip(_subsets_grouped(R), 0.0, 1.0)
    return out[0] if single else out


_TINY = 1e-12


@lru_cache(maxsize=32)
def _group_plan(p: int) -> list[dict[int, tuple[np.ndarray, dict[int, int]]]]:
    """The subset masks of every group, for every level: they depend on p only.

    Level k (subsets of k+1 members) maps each largest member j to (masks, offsets): the
    masks in the order the recursion fills them, and the offset at which the children of
    each parent group m start.
    """
    plan = []
    level = {-1: np.zeros(1, dtype=np.int64)}
    for _ in range(p):
        parts: dict[int, list[np.ndarray]] = {}
        offsets: dict[int, dict[int, int]] = {}
        for m, masks in level.items():
            for j in range(m + 1, p):
                offsets.setdefault(j, {})[m] = sum(len(x) for x in parts.get(j, []))
                parts.setdefault(j, []).append(masks | (1 << j))
        level = {j: np.concatenate(v) for j, v in parts.items()}
        plan.append({j: (level[j], offsets[j]) for j in level})
    return plan


def _subsets_grouped(R: np.ndarray) -> np.ndarray:
    B, q, _ = R.shape
    p = q - 1
    out = np.zeros((B, 1 << p))
    # level: {largest member m: M (B, C, k, p - m)}; the columns of M are the variables
    # m+1 .. p-1 that the subsets may still add, then the outcome. R² of the parents is read
    # back from `out` through the cached masks.
    level = {-1: np.empty((B, 1, 0, q))}
    masks_of = {-1: np.zeros(1, dtype=np.int64)}
    for k, groups in enumerate(_group_plan(p)):
        nxt = {j: np.empty((B, len(masks), k + 1, p - j)) for j, (masks, _) in groups.items()}
        for m, M in level.items():
            n_child = M.shape[-1] - 1
            if n_child == 0:
                continue
            W = M[..., :n_child]                                  # (B, C, k, n_child)
            # new Cholesky row of every child at once: (R_j,· − w_j' M) / d_j; the diagonal
            # of G = W'M holds w_j'w_j, so the pivots d_j² = 1 − w_j'w_j come with it
            new = np.matmul(W.transpose(0, 1, 3, 2), M)           # (B, C, n_child, q_m)
            d2 = 1.0 - np.diagonal(new, axis1=2, axis2=3)         # (B, C, n_child)
            ok = d2 > _TINY
            np.subtract(R[:, m + 1:p, m + 1:][:, None], new, out=new)
            new /= np.sqrt(np.where(ok, d2, 1.0))[..., None]
            if not ok.all():  # a driver that adds nothing (collinear) gets a zero row
                new[~ok] = 0.0
            parent_r2 = out[:, masks_of[m]]
            C = M.shape[1]
            for c in range(n_child):
                j = m + 1 + c
                lo = groups[j][1][m]
                child = nxt[j]
                child[:, lo:lo + C, :k, :] = M[..., c + 1:]
                child[:, lo:lo + C, k, :] = new[:, :, c, c + 1:]
            # every child's R² at once: the parent's plus the last element squared
            child_masks = masks_of[m][:, None] | (1 << np.arange(m + 1, p))[None, :]
            out[:, child_masks] = parent_r2[:, :, None] + new[:, :, :, -1] ** 2
        level = nxt
        masks_of = {j: masks for j, (masks, _) in groups.items()}
    return out


@lru_cache(maxsize=32)
def _popcount(n_bits: int) -> np.ndarray:
    """Number of members of every subset mask 0 .. 2**n_bits - 1 (built by doubling)."""
    count = np.zeros(1, dtype=np.int8)
    for _ in range(n_bits):
        count = np.concatenate([count, count + 1])
    return count


def _shapley_from_r2(r2: np.ndarray, p: int) -> np.ndarray:
    """Shapley values (B, p) from all-subset R² (B, 2**p).

    φ_j = Σ_{S ∌ j} w(|S|) [R²(S ∪ j) − R²(S)] with w(k) = 1 / (p · C(p−1, k)), rewritten as
    Σ_{T ∋ j} w(|T|−1) R²(T) − Σ_{S ∌ j} w(|S|) R²(S): per-bit sums of two weighted arrays,
    taken with contiguous reshapes instead of fancy indexing.
    """
    size = _popcount(p).astype(np.int64)
    w = np.array([1.0 / (p * comb(p - 1, k)) for k in range(p)] + [0.0])
    a = r2 * (w[np.maximum(size - 1, 0)] * (size > 0))     # as T containing j
    b = r2 * w[size]                                        # as S without j (w(p) = 0)
    B = r2.shape[0]
    out = np.empty((B, p))
    for j in range(p):
        ra = a.reshape(B, 1 << (p - 1 - j), 2, 1 << j)
        rb = b.reshape(B, 1 << (p - 1 - j), 2, 1 << j)
        out[:, j] = ra[:, :, 1, :].sum(axis=(1, 2)) - rb[:, :, 0, :].sum(axis=(1, 2))
    return out


def shapley_from_corr(R: np.ndarray) -> np.ndarray:
    """Exact Shapley (LMG) decomposition of R² from a correlation matrix (outcome last).

    Each driver's value is the mean, over orders of entry, of the R² it adds (Lindeman,
    Merenda & Gold 1980; Grömping 2007, *The American Statistician* 61(2)); the values sum
    to the full model's R².

    Parameters
    ----------
    R : ndarray
        (p + 1) × (p + 1) correlation matrix, the p drivers first and the outcome last.

    Returns
    -------
    ndarray
        The p drivers' Shapley values (parts of R²).

    Examples
    --------
    >>> R = np.array([[1, .5, .4], [.5, 1, .3], [.4, .3, 1.]])
    >>> phi = shapley_from_corr(R)
    >>> bool(np.isclose(phi.sum(), all_subsets_r2(R)[-1]))
    True
    """
    R = np.asarray(R, dtype=float)
    single = R.ndim == 2
    Rb = R[None] if single else R
    phi = _shapley_from_r2(all_subsets_r2(Rb), Rb.shape[-1] - 1)
    return phi[0] if single else phi


def _relative_weights(R: np.ndarray) -> np.ndarray:
    """Johnson's relative weights (B, p) from correlation matrices (B, p+1, p+1)."""
    Rxx, rxy = R[:, :-1, :-1], R[:, :-1, -1]
    vals, vecs = np.linalg.eigh(Rxx)
    vals = np.clip(vals, 1e-15, None)
    Lam = np.einsum("bij,bj,bkj->bik", vecs, np.sqrt(vals), vecs)     # R^{1/2}
    beta = np.linalg.solve(Lam, rxy[..., None])[..., 0]
    return np.einsum("bjk,bk->bj", Lam**2, beta**2)


def _pratt(R: np.ndarray) -> np.ndarray:
    Rxx, rxy = R[:, :-1, :-1], R[:, :-1, -1]
    beta = np.linalg.solve(Rxx, rxy[..., None])[..., 0]
    return beta * rxy


def _importance(R: np.ndarray, method: str) -> tuple[np.ndarray, np.ndarray]:
    """Importances (B, p) and R² (B,) for correlation matrices (B, p+1, p+1)."""
    if method in ("shapley", "dominance"):
        r2 = all_subsets_r2(R)
        return _shapley_from_r2(r2, R.shape[-1] - 1), r2[:, -1]
    Rxx, rxy = R[:, :-1, :-1], R[:, :-1, -1]
    full = np.einsum("bi,bi->b", rxy, np.linalg.solve(Rxx, rxy[..., None])[..., 0])
    if method == "relative_weights":
        return _relative_weights(R), full
    return _pratt(R), full


def _ranks(imp: np.ndarray) -> np.ndarray:
    """Rank 1 = most important, per row."""
    order = np.argsort(-imp, axis=-1, kind="stable")
    ranks = np.empty_like(order)
    np.put_along_axis(ranks, order, np.arange(1, imp.shape[-1] + 1)[None, :], axis=-1)
    return ranks


# --------------------------------------------------------------------------- bootstrap


def _cov_to_corr(C: np.ndarray) -> np.ndarray:
    """Correlation matrices (..., q, q) from covariance matrices of the same shape."""
    d = np.sqrt(np.einsum("...ii->...i", C))
    return C / d[..., :, None] / d[..., None, :]


def _boot_corr(X: np.ndarray, w: np.ndarray | None, n_boot: int, rng: np.random.Generator,
               chunk: int = 250) -> np.ndarray:
    """Correlation matrices of n_boot row resamples, via resample counts and one matmul.

    Every importance method reads correlations (relative weights and Pratt are not scale
    free), so the resampled covariances are standardised here, once, for all of them.
    Resample counts take n_boot × n floats, so chunks shrink for large n (about 80 MB each).
    """
    n, q = X.shape
    chunk = max(1, min(chunk, 10_000_000 // max(n, 1)))
    base_w = np.ones(n) if w is None else w
    # products of every pair of columns, per respondent: C_b = counts_b @ XX
    iu = np.triu_indices(q)
    XX = np.concatenate([X, X[:, iu[0]] * X[:, iu[1]]], axis=1)
    out = np.empty((n_boot, q, q))
    for start in range(0, n_boot, chunk):
        b = min(chunk, n_boot - start)
        idx = rng.integers(0, n, size=(b, n))
        counts = np.bincount((idx + (np.arange(b) * n)[:, None]).ravel(),
                             minlength=b * n).reshape(b, n).astype(float)
        cw = counts * base_w[None, :]
        tot = cw.sum(axis=1)
        S = (cw @ XX) / tot[:, None]
        mu, second = S[:, :q], S[:, q:]
        cov = np.empty((b, q, q))
        cov[:, iu[0], iu[1]] = second - mu[:, iu[0]] * mu[:, iu[1]]
        cov[:, iu[1], iu[0]] = cov[:, iu[0], iu[1]]
        out[start:start + b] = _cov_to_corr(cov)
    return out


def _jackknife_corr(X: np.ndarray, w: np.ndarray | None, groups: int,
                    rng: np.random.Generator) -> np.ndarray:
    """Correlation matrices leaving out each of ``groups`` random groups of respondents."""
    n, q = X.shape
    g = min(groups, n)
    label = rng.permutation(n) % g
    base_w = np.ones(n) if w is None else w
    out = np.empty((g, q, q))
    for k in range(g):
        keep = label != k
        out[k] = np.cov(X[keep], rowvar=False, aweights=base_w[keep])
    return _cov_to_corr(out)


def _bca_interval(theta_hat: np.ndarray, boot: np.ndarray, jack: np.ndarray,
                  level: float) -> tuple[np.ndarray, np.ndarray]:
    """BCa limits (Efron 1987) per column; falls back to percentile where undefined."""
    alpha = (1 - level) / 2
    prop = (boot < theta_hat[None, :]).mean(axis=0)
    prop = np.clip(prop, 1 / (2 * len(boot)), 1 - 1 / (2 * len(boot)))
    z0 = stats.norm.ppf(prop)
    jm = jack.mean(axis=0)
    num = ((jm - jack) ** 3).sum(axis=0)
    den = 6 * (((jm - jack) ** 2).sum(axis=0)) ** 1.5
    a = np.divide(num, den, out=np.zeros_like(num), where=den > 0)
    lo_hi = []
    for q in (alpha, 1 - alpha):
        zq = stats.norm.ppf(q)
        adj = stats.norm.cdf(z0 + (z0 + zq) / (1 - a * (z0 + zq)))
        lo_hi.append(np.array([np.quantile(boot[:, j], adj[j]) for j in range(boot.shape[1])]))
    return lo_hi[0], lo_hi[1]


# --------------------------------------------------------------------------- public API


def relative_importance(data: pd.DataFrame | Survey, *, outcome: str | None = None,
                        drivers: Sequence[str] | None = None, method: str = "shapley",
                        weight: str | None | bool = None, n_boot: int = 0,
                        ci: str = "percentile", level: float = 0.95, seed: int | None = 0,
                        jackknife_groups: int = 200, progress: bool = False) -> pd.DataFrame:
    """Relative importance of the drivers for an outcome, with bootstrap uncertainty.

    Parameters
    ----------
    data : DataFrame or Survey
        With a Survey, ``outcome`` defaults to the key outcome, ``drivers`` to
        the constructs with role ``driver`` and ``weight`` to the codebook's weight.
    outcome : str
        Any numeric outcome (0–10 LTR, a 1–7 recommendation item, satisfaction ...).
    drivers : list of str
        Driver columns (construct scores); respondents missing any are left out.
    method : {"shapley", "dominance", "relative_weights", "pratt"}
    weight : str, optional
        Survey weight column (``False`` ignores the codebook's weight).
    n_boot : int
        Bootstrap resamples (0: no intervals).
    ci : {"percentile", "bca"}
        Interval type. BCa's acceleration uses a jackknife over ``jackknife_groups``
        random groups of respondents (leave-one-out when n is smaller).
    level : float
        Confidence level.
    seed : int, optional
        Seed of the resampling.
    jackknife_groups : int
        Groups of the BCa jackknife (``ci="bca"``).
    progress : bool
        Show a progress bar over bootstrap chunks (tqdm).

    Returns
    -------
    DataFrame
        One row per driver, most important first: ``driver, importance`` (its part of R²),
        ``share`` (% of the explained part), ``ci_low, ci_high`` (importance),
        ``share_ci_low, share_ci_high``, ``rank``, ``rank_ci_low, rank_ci_high``,
        ``performance`` (the driver's weighted mean score). ``attrs`` hold ``r2``,
        ``r2_ci``, ``n``, ``method``, ``outcome``, ``weight`` and, when bootstrapped,
        ``boot`` (resamples × drivers importances) for :func:`prob_more_important`.

    Examples
    --------
    >>> rng = np.random.default_rng(0)
    >>> df = pd.DataFrame(rng.normal(size=(300, 3)), columns=["a", "b", "c"])
    >>> df["y"] = 2 * df["a"] + df["b"] + rng.normal(size=300)
    >>> t = relative_importance(df, outcome="y", drivers=["a", "b", "c"], n_boot=200)
    >>> t["driver"].tolist(), bool(abs(t["importance"].sum() - t.attrs["r2"]) < 1e-12)
    (['a', 'b', 'c'], True)
    >>> bool((t["ci_low"] <= t["importance"]).all() and (t["importance"] <= t["ci_high"]).all())
    True
    """
    check_choice(method, METHODS, name="method")
    check_choice(ci, ("percentile", "bca"), name="ci")
    check_level(level)
    if method in ("shapley", "dominance") and drivers is not None and len(drivers) > 24:
        raise CXInputError(Problem("parameters", f"{len(drivers)} drivers: exact Shapley needs "
                                   "2^p subsets", "use at most 24 drivers, or relative_weights"))
    sub, outcome, drivers, weight, _ = prepare_drivers(data, outcome, drivers, weight)
    X = sub[[*drivers, outcome]].to_numpy(dtype=float)
    w = sub[weight].to_numpy(dtype=float) if weight else None
    where = str(data.source) if isinstance(data, Survey) else "data"
    R = _weighted_corr(X, w)
    check_collinear(R, drivers, where)
    imp, r2 = _importance(R[None], method)
    imp, r2 = imp[0], float(r2[0])
    perf = (np.average(X[:, :-1], axis=0, weights=w) if w is not None else X[:, :-1].mean(0))
    nan = np.full(len(drivers), np.nan)
    cols_out: dict[str, Any] = {
        "driver": drivers, "importance": imp,
        "share": 100 * imp / imp.sum() if imp.sum() else nan, "ci_low": nan, "ci_high": nan,
        "share_ci_low": nan, "share_ci_high": nan, "rank": _ranks(imp[None])[0],
        "rank_ci_low": nan, "rank_ci_high": nan, "performance": perf}
    boot = None
    r2_ci = (np.nan, np.nan)
    if n_boot:
        rng = np.random.default_rng(seed)
        chunks = range(0, n_boot, 250)
        if progress:
            from tqdm.auto import tqdm

            chunks = tqdm(chunks, desc="bootstrap", unit="×250")
        boots, r2s = [], []
        for start in chunks:
            Rb = _boot_corr(X, w, min(250, n_boot - start), rng)
            ib, rb = _importance(Rb, method)
            boots.append(ib)
            r2s.append(rb)
        boot, r2b = np.concatenate(boots), np.concatenate(r2s)
        shares = 100 * boot / boot.sum(axis=1, keepdims=True)
        ranks = _ranks(boot)
        a = (1 - level) / 2
        if ci == "bca":
            jack_R = _jackknife_corr(X, w, jackknife_groups, rng)
            jack_imp, jack_r2 = _importance(jack_R, method)
            lo, hi = _bca_interval(imp, boot, jack_imp, level)
            jack_sh = 100 * jack_imp / jack_imp.sum(axis=1, keepdims=True)
            slo, shi = _bca_interval(cols_out["share"], shares, jack_sh, level)
            rlo, rhi = _bca_interval(np.array([r2]), r2b[:, None], jack_r2[:, None], level)
            r2_ci = (float(rlo[0]), float(rhi[0]))
        else:
            lo, hi = np.quantile(boot, [a, 1 - a], axis=0)
            slo, shi = np.quantile(shares, [a, 1 - a], axis=0)
            r2_ci = tuple(float(v) for v in np.quantile(r2b, [a, 1 - a]))
        cols_out.update(ci_low=lo, ci_high=hi, share_ci_low=slo, share_ci_high=shi,
                        rank_ci_low=np.quantile(ranks, a, axis=0, method="lower"),
                        rank_ci_high=np.quantile(ranks, 1 - a, axis=0, method="higher"))
    order = np.argsort(-imp, kind="stable")
    ordered = [drivers[i] for i in order]
    table = pd.DataFrame({k: [v[i] for i in order] if k == "driver" else np.asarray(v)[order]
                          for k, v in cols_out.items()})
    table.attrs.update(r2=r2, r2_ci=r2_ci, n=len(sub), method=method, outcome=outcome,
                       weight=weight, level=level, ci=ci if n_boot else None, n_boot=n_boot,
                       drivers_order=ordered)
    if boot is not None:
        table.attrs["boot"] = pd.DataFrame(boot[:, order], columns=ordered)
    return table


def prob_more_important(table: pd.DataFrame) -> pd.DataFrame:
    """P(row driver more important than column driver) over the bootstrap resamples.

    Parameters
    ----------
    table : DataFrame
        Output of :func:`relative_importance` with ``n_boot > 0``.

    Returns
    -------
    DataFrame
        Square, drivers × drivers, diagonal NaN.

    Examples
    --------
    >>> rng = np.random.default_rng(0)
    >>> df = pd.DataFrame(rng.normal(size=(300, 2)), columns=["a", "b"])
    >>> df["y"] = 2 * df["a"] + 0.5 * df["b"] + rng.normal(size=300)
    >>> p = prob_more_important(relative_importance(df, outcome="y", drivers=["a", "b"],
    ...                                             n_boot=200))
    >>> float(p.loc["a", "b"]), float(p.loc["b", "a"])
    (1.0, 0.0)
    """
    boot = table.attrs.get("boot")
    if boot is None:
        raise CXInputError(Problem("parameters", "the table has no bootstrap resamples",
                                   "call relative_importance(..., n_boot=1000) first"))
    b = boot.to_numpy()
    P = (b[:, :, None] > b[:, None, :]).mean(axis=0)
    np.fill_diagonal(P, np.nan)
    return pd.DataFrame(P, index=boot.columns, columns=boot.columns)


@dataclass(frozen=True, eq=False)
class DominanceResult(Result):
    """The result of :func:`dominance_analysis` (dict-style ``res["general"]`` is deprecated).

    Parameters
    ----------
    general : DataFrame
        ``driver, general``: general dominance, the mean of the conditional dominances
        (= the Shapley value; the general dominances sum to the full model's R²).
    conditional : DataFrame
        Drivers (index) × model size k (columns 0 … p−1): the mean R² gain of the driver
        over the subsets of size k of the other drivers.
    complete : DataFrame
        Drivers × drivers: 1 where the row driver adds more R² than the column driver to
        *every* subset of the remaining drivers, 0 where the column driver does, 0.5 where
        neither dominates completely (NaN on the diagonal).
    outcome : str
        The outcome column.
    weight : str or None
        The weight column used (None: unweighted).
    n : int
        Respondents with every driver and the outcome.

    Examples
    --------
    >>> import numpy as np
    >>> rng = np.random.default_rng(0)
    >>> df = pd.DataFrame(rng.normal(size=(200, 3)), columns=["a", "b", "c"])
    >>> df["y"] = 2 * df["a"] + df["b"] + rng.normal(size=200)
    >>> res = dominance_analysis(df, outcome="y", drivers=["a", "b", "c"])
    >>> res.general["driver"][res.general["general"].idxmax()], float(res.complete.loc["a", "b"])
    ('a', 1.0)
    """

    general: pd.DataFrame
    conditional: pd.DataFrame
    complete: pd.DataFrame
    outcome: str
    weight: str | None
    n: int


def dominance_analysis(data: pd.DataFrame | Survey, *, outcome: str | None = None,
                       drivers: Sequence[str] | None = None,
                       weight: str | None | bool = None) -> DominanceResult:
    """Dominance analysis (Budescu 1993; Azen & Budescu 2003).

    For every subset S of the other drivers, the R² gain of adding driver j,
    R²(S ∪ {j}) − R²(S), from the (weighted) correlation matrix. Conditional dominance at
    size k is its mean over the subsets of size k, general dominance the mean over k;
    driver i completely dominates j when it adds more than j to every subset of the others.

    Parameters
    ----------
    data : DataFrame or Survey
        Respondents (a Survey supplies the key outcome, the drivers and the weight).
    outcome : str, optional
        The outcome column (default: the codebook's key outcome).
    drivers : list of str, optional
        Driver columns (default: the codebook's drivers); at most about 15 (2^p subsets).
    weight : str, None or False
        Survey weight column (None: the codebook's; False: unweighted).

    Returns
    -------
    DominanceResult
        ``general`` (``driver, general``), ``conditional`` and ``complete`` (see
        :class:`DominanceResult`), ``outcome``, ``weight``, ``n``.

    Examples
    --------
    >>> import numpy as np
    >>> rng = np.random.default_rng(0)
    >>> df = pd.DataFrame(rng.normal(size=(200, 2)), columns=["a", "b"])
    >>> df["y"] = df["a"] + rng.normal(size=200)
    >>> res = dominance_analysis(df, outcome="y", drivers=["a", "b"])
    >>> list(res.general["driver"]), res.conditional.shape
    (['a', 'b'], (2, 2))
    """
    sub, outcome, drivers, weight, _ = prepare_drivers(data, outcome, drivers, weight)
    X = sub[[*drivers, outcome]].to_numpy(dtype=float)
    R = _weighted_corr(X, sub[weight].to_numpy(dtype=float) if weight else None)
    check_collinear(R, drivers)
    p = len(drivers)
    r2 = all_subsets_r2(R)
    masks = np.arange(1 << p, dtype=np.int64)
    size = _popcount(p).astype(np.int64)
    cond = np.empty((p, p))
    for j in range(p):
        without = masks[((masks >> j) & 1) == 0]
        gain = r2[without | (1 << j)] - r2[without]
        for k in range(p):
            cond[j, k] = gain[size[without] == k].mean()
    complete = np.full((p, p), np.nan)
    for i in range(p):
        for j in range(p):
            if i == j:
                continue
            others = masks[(((masks >> i) & 1) == 0) & (((masks >> j) & 1) == 0)]
            diff = r2[others | (1 << i)] - r2[others | (1 << j)]
            complete[i, j] = 1.0 if (diff > 1e-12).all() else (
                0.0 if (diff < -1e-12).all() else 0.5)
    general = pd.DataFrame({"driver": drivers, "general": cond.mean(axis=1)})
    return DominanceResult(general, pd.DataFrame(cond, index=drivers, columns=range(p)),
                           pd.DataFrame(complete, index=drivers, columns=drivers),
                           outcome, weight, len(sub))
