"""Sample-size planning against simulation, the studies' truths, and the exercise checkers."""

from __future__ import annotations

import numpy as np
import pytest
from scipy import stats

from cxresearch.errors import CXInputError
from cxresearch.metrics import nps_se
from cxresearch.teaching import (
    EXERCISES,
    check,
    nps_sampling_study,
    nps_shares,
    plan_sample_size,
    recovery_study,
    scale_study,
)


def test_margin_formula_by_hand_and_by_simulation():
    plan = plan_sample_size(margin=5, nps=30, passives=0.3)
    V = 0.5 + 0.2 - 0.3**2
    assert plan["variance"] == pytest.approx(V)
    assert plan["n"] == int(np.ceil(stats.norm.ppf(0.975) ** 2 * V / 0.05**2))
    # simulated: the Wald half-width at that n is 5 points on average
    n = int(plan["n"])
    counts = np.random.default_rng(1).multinomial(n, [0.5, 0.3, 0.2], size=4000)
    pP, pD = counts[:, 0] / n, counts[:, 2] / n
    half = 100 * 1.959964 * np.sqrt((pP + pD - (pP - pD) ** 2) / n)
    assert half.mean() == pytest.approx(5.0, abs=0.05)


def test_difference_power_by_simulation():
    plan = plan_sample_size(difference=10, nps=30, passives=0.3)
    n = int(plan["n"])
    rng = np.random.default_rng(2)
    a = rng.multinomial(n, [0.5, 0.3, 0.2], size=3000)
    b = rng.multinomial(n, [0.45, 0.3, 0.25], size=3000)
    ca, sa = nps_se(a[:, 0] / n, a[:, 2] / n, float(n), adjusted=True)
    cb, sb = nps_se(b[:, 0] / n, b[:, 2] / n, float(n), adjusted=True)
    power = (np.abs(ca - cb) / np.sqrt(sa**2 + sb**2) > 1.959964).mean()
    assert power == pytest.approx(0.80, abs=0.03)


def test_plan_errors():
    with pytest.raises(CXInputError, match="either margin"):
        plan_sample_size()
    with pytest.raises(CXInputError, match="impossible"):
        nps_shares(90, 0.3)


def test_sampling_study_is_calibrated():
    s = nps_sampling_study(nps=20, passives=0.25, sizes=(100, 1000), n_sim=3000, seed=3)
    assert s["coverage"].between(0.93, 0.965).all()
    assert s["false_alarm"].between(0.035, 0.065).all()
    w = s.set_index("n")["mean_width"]
    assert w[100] / w[1000] == pytest.approx(np.sqrt(10), rel=0.06)   # width ∝ 1/√n


def test_recovery_study():
    eff = {"a": 0.4, "b": 0.3, "c": 0.15, "z": 0.0}
    low = recovery_study(effects=eff, corr=0.3, n=400, n_sim=150, seed=4)["summary"]
    high = recovery_study(effects=eff, corr=0.9, n=400, n_sim=150, seed=4)["summary"]
    s = low.set_index("driver")
    np.testing.assert_allclose(s["beta_mean"], s["true_beta"], atol=0.02)   # unbiased
    np.testing.assert_allclose(s["shapley_mean"], s["true_shapley"], atol=0.01)
    assert s["true_shapley"].sum() == pytest.approx(0.5)               # R² = 0.5 by design
    h = high.set_index("driver")
    assert (h["beta_sd"] > 2 * s["beta_sd"]).all()          # collinearity inflates beta SDs
    assert (h["shapley_sd"] < h["beta_sd"]).all()            # Shapley values stay stable
    assert h.loc["c", "beta_sign_flips"] > 0.05


def test_scale_study_truth():
    from cxresearch.measurement import reliability

    d = scale_study(n=1500, seed=5)
    rel, items = reliability(d, constructs={"good": [f"good_{k}" for k in range(1, 5)],
                                            "bad": [f"bad_{k}" for k in range(1, 5)]},
                             items=True, omega=False)
    r = rel.set_index("construct")["alpha"]
    assert r["good"] > 0.8 and r["bad"] < 0.3
    bad = items[items.construct == "bad"].set_index("item")
    assert bad["item_rest_r"].idxmin() == "bad_4"           # the unreversed item
    fixed = d.assign(bad_4=8 - d["bad_4"])
    _, items2 = reliability(fixed, constructs={"bad": [f"bad_{k}" for k in range(1, 5)]},
                            items=True, omega=False)
    assert items2.set_index("item")["item_rest_r"].idxmin() == "bad_3"   # the weak item


@pytest.mark.parametrize("lang", ["en", "fi"])
def test_checkers(lang):
    assert check("nps_point", "22,3", truth=22.4, lang=lang).correct is True
    wrong = check("nps_point", 40, truth=22.4, lang=lang)
    assert wrong.correct is False and ("7" in wrong.message)      # says why: 7s and 8s
    assert check("nps_point", "many", truth=22.4, lang=lang).correct is False
    assert check("nps_plan", 1000, truth=968, lang=lang).correct is True   # within 5 %
    assert check("nps_plan", 1100, truth=968, lang=lang).correct is False
    hint = check("kda_top_driver", None, truth="service", lang=lang)
    assert hint.correct is None and hint.message
    assert check("kda_top_driver", " Service ", truth="service", lang=lang).correct is True
    assert check("action_quadrant", "keep up", truth="fix first", lang=lang,
                 driver="price").correct is False
    for name in EXERCISES:
        assert check(name, None, truth="x", lang=lang, driver="d").message
    with pytest.raises(CXInputError, match="unknown exercise"):
        check("nope", 1, truth=1)
