"""Small statistical building blocks shared by every analysis module: one implementation each.

Normal quantiles and tail probabilities come from :class:`statistics.NormalDist` (standard
library, exact to double precision) so that importing an analysis module does not import
``scipy.stats`` (about 0.5 s). Multiple-testing adjustment is statsmodels' ``multipletests``.

Examples
--------
>>> round(z_value(0.95), 6)
1.959964
>>> p_adjust([0.01, 0.04, float("nan"), 0.03]).round(3).tolist()
[0.03, 0.04, nan, 0.04]
"""

from __future__ import annotations

import math
from collections.abc import Iterator, Sequence
from statistics import NormalDist

import numpy as np

from .errors import CXInputError, Problem

__all__ = ["z_value", "normal_cdf", "normal_ppf", "two_sided_p", "p_adjust",
           "fisher_z_interval", "check_level", "bootstrap_counts", "P_ADJUST_METHODS"]

_N01 = NormalDist()

#: Methods :func:`p_adjust` accepts (statsmodels' names), plus ``"none"``.
P_ADJUST_METHODS = ("fdr_bh", "fdr_by", "holm", "bonferroni", "none")


def check_level(level: float, *, where: str = "level") -> float:
    """Return ``level`` if it is a confidence level strictly between 0 and 1, else raise.

    Parameters
    ----------
    level : float
        The confidence level to check, e.g. 0.95.
    where : str
        What the error message names as the place of a bad value (a parameter or file).

    Returns
    -------
    float
        ``level`` as a float.

    Raises
    ------
    CXInputError
        When ``level`` is not a number strictly between 0 and 1 (e.g. 95 for 95 %).

    Examples
    --------
    >>> check_level(0.9)
    0.9
    """
    try:
        ok = 0 < float(level) < 1
    except (TypeError, ValueError):
        ok = False
    if not ok:
        raise CXInputError(Problem(where, "the confidence level must be between 0 and 1",
                                   "use e.g. 0.95 for 95 % intervals", value=level))
    return float(level)


def z_value(level: float = 0.95) -> float:
    """The two-sided standard-normal critical value for a confidence ``level``.

    :math:`z = \\Phi^{-1}(1/2 + \\text{level}/2)`.

    Parameters
    ----------
    level : float
        Confidence level strictly between 0 and 1 (default 0.95).

    Returns
    -------
    float
        The critical value, e.g. 1.95996 for 0.95 (Python's ``statistics.NormalDist``).

    Examples
    --------
    >>> round(z_value(0.90), 4)
    1.6449
    """
    return _N01.inv_cdf(0.5 + check_level(level) / 2)


def normal_ppf(q: float | np.ndarray) -> float | np.ndarray:
    """Standard-normal quantile function :math:`\\Phi^{-1}(q)`, element-wise for arrays.

    Values of ``q`` at 0 or 1 give -inf / inf; NaN stays NaN.

    Parameters
    ----------
    q : float or numpy.ndarray
        Probabilities.

    Returns
    -------
    float or numpy.ndarray
        The quantiles, a float for a scalar ``q``, an array of ``q``'s shape otherwise.

    Examples
    --------
    >>> float(normal_ppf(0.975)) == z_value(0.95)
    True
    """
    def one(x: float) -> float:
        if x != x:
            return math.nan
        if x <= 0:
            return -math.inf
        if x >= 1:
            return math.inf
        return _N01.inv_cdf(x)

    if np.ndim(q) == 0:
        return one(float(q))
    arr = np.asarray(q, dtype=float)
    return np.vectorize(one, otypes=[float])(arr)


def normal_cdf(x: float | np.ndarray) -> float | np.ndarray:
    """Standard-normal distribution function :math:`\\Phi(x)`, element-wise for arrays.

    Uses :math:`\\Phi(x) = \\tfrac12\\operatorname{erfc}(-x/\\sqrt2)`, accurate in both tails.

    Parameters
    ----------
    x : float or numpy.ndarray
        Standard-normal values.

    Returns
    -------
    float or numpy.ndarray
        :math:`P(Z \\le x)`, a float for a scalar ``x``, an array of ``x``'s shape otherwise.

    Examples
    --------
    >>> round(float(normal_cdf(1.959963984540054)), 6)
    0.975
    """
    if np.ndim(x) == 0:
        return 0.5 * math.erfc(-float(x) / math.sqrt(2))
    arr = np.asarray(x, dtype=float)
    return 0.5 * np.vectorize(math.erfc, otypes=[float])(-arr / math.sqrt(2))


def two_sided_p(z: float | np.ndarray) -> float | np.ndarray:
    """Two-sided p-value of a z statistic, :math:`2\\,(1 - \\Phi(|z|))`, computed as
    :math:`\\operatorname{erfc}(|z|/\\sqrt2)` so that tiny p-values do not round to 0.

    Parameters
    ----------
    z : float or numpy.ndarray
        z statistics (estimate divided by its standard error).

    Returns
    -------
    float or numpy.ndarray
        p-values in [0, 1], a float for a scalar ``z``, an array of ``z``'s shape otherwise.

    Examples
    --------
    >>> round(two_sided_p(1.959963984540054), 6)
    0.05
    """
    if np.ndim(z) == 0:
        return math.erfc(abs(float(z)) / math.sqrt(2))
    arr = np.abs(np.asarray(z, dtype=float))
    return np.vectorize(math.erfc, otypes=[float])(arr / math.sqrt(2))


def p_adjust(p: Sequence[float] | np.ndarray, method: str = "fdr_bh") -> np.ndarray:
    """Adjust p-values for multiple testing; NaNs (tests not run) are left out and kept NaN.

    Parameters
    ----------
    p : array-like of float
        Raw p-values; NaN marks a test that was not run (e.g. a suppressed small base).
    method : str
        ``"fdr_bh"`` (Benjamini–Hochberg false-discovery rate, the default), ``"fdr_by"``,
        ``"holm"``, ``"bonferroni"`` or ``"none"``.

    Returns
    -------
    numpy.ndarray
        Adjusted p-values, same length and order as ``p``.

    Notes
    -----
    Benjamini & Hochberg (1995), *JRSS B* 57(1): :math:`p_{(i)}^{adj} = \\min_{j \\ge i}
    \\min(1, m\\,p_{(j)}/j)`. Computed by ``statsmodels.stats.multitest.multipletests``.

    Examples
    --------
    >>> p_adjust([0.01, 0.02, 0.03, 0.04], "bonferroni").tolist()
    [0.04, 0.08, 0.12, 0.16]
    """
    if method not in P_ADJUST_METHODS:
        raise CXInputError(Problem("p_adjust", f"unknown multiple-testing method {method!r}",
                                   f"use one of {', '.join(P_ADJUST_METHODS)}", value=method))
    p = np.asarray(p, dtype=float)
    out = np.full(len(p), np.nan)
    ok = ~np.isnan(p)
    if not ok.any():
        return out
    if method == "none" or ok.sum() == 1:
        out[ok] = p[ok]
    else:
        from statsmodels.stats.multitest import multipletests

        out[ok] = multipletests(p[ok], method=method)[1]
    return out


def fisher_z_interval(r: float, n: float, level: float = 0.95) -> tuple[float, float]:
    """Confidence interval of a correlation by Fisher's z transformation.

    :math:`\\tanh(\\operatorname{artanh} r \\pm z_{1-\\alpha/2} / \\sqrt{n - 3})` (Fisher 1921).
    ``n`` may be an effective sample size. Returns ``(nan, nan)`` when ``n <= 3``.

    Parameters
    ----------
    r : float
        The correlation (clipped just inside -1 and 1).
    n : float
        Sample size, or an effective sample size (e.g. Kish's for weighted data).
    level : float
        Confidence level (default 0.95).

    Returns
    -------
    tuple of float
        ``(low, high)``; ``(nan, nan)`` when ``n <= 3`` or ``r`` is NaN.

    Examples
    --------
    >>> [round(v, 4) for v in fisher_z_interval(0.3, 103)]
    [0.113, 0.4664]
    """
    if not n > 3 or r != r:
        return (math.nan, math.nan)
    r = max(min(float(r), 1 - 1e-15), -1 + 1e-15)
    half = z_value(level) / math.sqrt(n - 3)
    z = math.atanh(r)
    return (math.tanh(z - half), math.tanh(z + half))


def bootstrap_counts(rng: np.random.Generator, n: int, n_boot: int, *,
                     cells: int = 2_000_000) -> Iterator[np.ndarray]:
    """Bootstrap resamples of ``n`` rows as multinomial row counts, in chunks.

    Resample b draws ``n`` rows with replacement; its counts c_b (how often each row was
    drawn) are the case weights of a fit on the resample, so statistics of many resamples
    become matrix products ``counts @ per-row values`` instead of copied rows (Efron &
    Tibshirani 1993, ch. 6: the bootstrap as a multinomial reweighting). Chunks hold at most
    ``cells`` counts (2,000,000 floats: about 16 MB), at least one resample.

    Parameters
    ----------
    rng : numpy.random.Generator
        The random generator (draws ``rng.integers(0, n, (b, n))`` per chunk, in order, so a
        seed gives the same resamples as drawing row indices one resample after another).
    n : int
        Rows in the sample.
    n_boot : int
        Resamples in all.
    cells : int
        The most counts per chunk (rows × resamples).

    Yields
    ------
    ndarray
        Counts, shape (b, n), float; each row sums to ``n``.

    Examples
    --------
    >>> rng = np.random.default_rng(0)
    >>> chunks = list(bootstrap_counts(rng, 5, 7, cells=10))
    >>> [c.shape for c in chunks], [c.sum(1).tolist() for c in chunks][0]
    ([(2, 5), (2, 5), (2, 5), (1, 5)], [5.0, 5.0])
    """
    chunk = max(1, min(n_boot, cells // max(n, 1)))
    for start in range(0, n_boot, chunk):
        b = min(chunk, n_boot - start)
        idx = rng.integers(0, n, size=(b, n))
        yield np.bincount((idx + (np.arange(b) * n)[:, None]).ravel(),
                          minlength=b * n).reshape(b, n).astype(float)
