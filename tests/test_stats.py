"""Shared statistical helpers against scipy and statsmodels (independent implementations)."""

from __future__ import annotations

import numpy as np
import pytest
from scipy import stats as sps
from statsmodels.stats.multitest import multipletests

from cxresearch.errors import CXInputError
from cxresearch.stats import (
    check_level,
    fisher_z_interval,
    normal_cdf,
    normal_ppf,
    p_adjust,
    two_sided_p,
    z_value,
)


@pytest.mark.parametrize("level", [0.5, 0.8, 0.9, 0.95, 0.99, 0.999])
def test_z_value_matches_scipy(level):
    assert z_value(level) == pytest.approx(sps.norm.ppf(0.5 + level / 2), rel=1e-12)


def test_normal_functions_match_scipy():
    q = np.array([1e-10, 0.01, 0.3, 0.5, 0.97, 1 - 1e-10])
    assert np.allclose(normal_ppf(q), sps.norm.ppf(q), rtol=1e-10)
    x = np.array([-9.0, -2.0, 0.0, 1.3, 8.0])
    assert np.allclose(normal_cdf(x), sps.norm.cdf(x), rtol=1e-12, atol=0)
    z = np.array([0.0, 1.0, 3.0, 9.0])
    assert np.allclose(two_sided_p(z), 2 * sps.norm.sf(z), rtol=1e-10, atol=0)
    assert np.isnan(normal_ppf(np.nan)) and normal_ppf(0.0) == -np.inf


def test_p_adjust_matches_statsmodels_and_keeps_nans():
    rng = np.random.default_rng(3)
    p = rng.uniform(0, 0.2, 12)
    for method in ("fdr_bh", "holm", "bonferroni", "fdr_by"):
        assert np.allclose(p_adjust(p, method), multipletests(p, method=method)[1])
    with_nan = np.r_[p[:3], np.nan, p[3:6]]
    out = p_adjust(with_nan)
    assert np.isnan(out[3])
    assert np.allclose(np.delete(out, 3), multipletests(np.r_[p[:6]], method="fdr_bh")[1])
    assert p_adjust([0.2])[0] == 0.2
    with pytest.raises(CXInputError, match="unknown multiple-testing method"):
        p_adjust([0.1, 0.2], "fdr")


def test_fisher_z_interval_by_hand():
    # hand calculation: artanh(0.5) = 0.549306; half width 1.959964 / sqrt(47) = 0.285890
    lo, hi = fisher_z_interval(0.5, 50)
    assert lo == pytest.approx(np.tanh(0.549306144 - 0.285891), abs=1e-6)
    assert hi == pytest.approx(np.tanh(0.549306144 + 0.285891), abs=1e-6)
    assert all(np.isnan(fisher_z_interval(0.5, 3)))


@pytest.mark.parametrize("bad", [0, 1, 95, -0.1, "x", None])
def test_bad_levels(bad):
    with pytest.raises(CXInputError, match="between 0 and 1"):
        check_level(bad)


def test_bootstrap_counts_are_multinomial_resamples_in_bounded_chunks():
    # a resample of n rows with replacement: counts sum to n, each row's count is
    # Binomial(n, 1/n) (mean 1, variance 1 - 1/n), and chunks hold at most `cells` counts
    from cxresearch.stats import bootstrap_counts

    n, n_boot = 50, 4000
    chunks = list(bootstrap_counts(np.random.default_rng(3), n, n_boot, cells=1000))
    assert all(c.shape[0] * n <= 1000 for c in chunks)
    counts = np.concatenate(chunks)
    assert counts.shape == (n_boot, n) and (counts.sum(1) == n).all()
    assert abs(counts.mean() - 1) < 1e-12                     # exactly: rows sum to n
    assert counts.var() == pytest.approx(1 - 1 / n, rel=0.03)  # SE of the variance ≈ 0.4 %
    # rows are exchangeable: no row is drawn more often than chance allows
    per_row = counts.mean(0)
    assert np.abs(per_row - 1).max() < 5 * np.sqrt((1 - 1 / n) / n_boot)
