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


@pytest.mark.parametrize("lang, point", [("en", "40.0"), ("fi", "40,0"), ("sv", "40,0")])
def test_feedback_writes_numbers_the_locale_way(lang, point):
    from cxresearch.i18n import fmt_num

    wrong = check("nps_point", 40, truth=22.4, lang=lang)
    assert point in wrong.message
    right = check("nps_margin", "6,4", truth=6.38, lang=lang)
    assert right.correct is True and fmt_num(6.38, lang, 1) in right.message
    # a negative answer written with a true minus sign is read as a number
    assert check("nps_point", "−3,0", truth=-3.0, lang=lang).correct is True


def test_choice_in_the_report_language():
    names = {"high": "hög", "low": "låg"}
    right = check("moderator_level", " Hög ", truth="high", lang="sv", labels=names)
    assert right.correct is True and "hög" in right.message and "high" not in right.message
    assert check("moderator_level", "high", truth="high", lang="sv", labels=names).correct
    wrong = check("moderator_level", "låg", truth="high", lang="sv", labels=names)
    assert wrong.correct is False and "hög" in wrong.message and "high" not in wrong.message


TEACHING = ["nps_uncertainty", "key_drivers", "moderators", "measurement", "action"]


@pytest.mark.slow
def test_teaching_notebooks_in_swedish(tmp_path):
    """Each teaching notebook's teacher version in Swedish: Swedish text, decimal commas and
    true minus signs in text and tables, charts that say what they show."""
    import re

    from helpers import RAW

    from cxresearch.batch import plan_batch, run_batch
    from cxresearch.i18n import fmt_num, t

    speed = {"nps_uncertainty": {"n_sim": 300}, "key_drivers": {"n_sim": 40}}
    spec = {"codebook": str(RAW / "retail_cx.yaml"), "out": str(tmp_path), "lang": "sv",
            "reports": [{"notebook": f"teaching/{nb}", "name": nb,
                         "parameters": dict(speed.get(nb, {}), solutions=True)}
                        for nb in TEACHING]}
    jobs, settings = plan_batch(spec, base=tmp_path)
    results = run_batch(jobs, settings, workers=2, progress=False, echo=False)
    assert [r.status for r in results] == ["ok"] * 5, [r.error for r in results]
    generic = {t("chart", lang) for lang in ("en", "fi", "sv")}
    for r in results:
        page = (tmp_path / f"{r.name}.html").read_text(encoding="utf-8")
        assert 'lang="sv"' in page and "✔" in page and "✘" not in page, r.name
        alts = re.findall(r'<img[^>]*\balt="([^"]*)"', page)
        assert alts or r.name == "measurement", r.name
        assert all(a not in generic and len(a) > 40 for a in alts), (r.name, alts)
        body = re.sub(r"<(style|script)[^>]*>.*?</\1>", " ", page, flags=re.S)
        body = re.sub(r"<img[^>]*>", " ", body)
        text = " ".join(re.sub(r"<[^>]+>", " ", body).split())
        text = text.split(t("provenance", "sv"))[0]       # version numbers have points
        assert t("teach.exercise", "sv", k=1) in text, r.name
        assert t("teach.exercise", "en", k=1) not in text, r.name
        assert re.search(r"\d,\d", text), r.name                       # decimal comma
        assert not re.search(r"(?<![\w.])\d+\.\d+(?![\w.])", text), (
            r.name, re.findall(r".{30}(?<![\w.])\d+\.\d+(?![\w.]).{30}", text)[:3])
        assert not re.search(r"(?<![\w−-])-\d", text), r.name          # true minus signs
    # the figures the notebooks computed are shown the Swedish way
    kf = {r.name: r.key_figures for r in results}
    page = (tmp_path / "nps_uncertainty.html").read_text(encoding="utf-8")
    assert fmt_num(kf["nps_uncertainty"]["nps"], "sv", 1) in page
    # data values are in Swedish: no English construct names or income bands left
    drivers = (tmp_path / "key_drivers.html").read_text(encoding="utf-8")
    assert t("t2.name.service", "sv") in drivers and ">service<" not in drivers
    # (the answer codes students may type stay, in <code>)
    mods = re.sub(r"<(style|script|code)[^>]*>.*?</\1>", " ",
                  (tmp_path / "moderators.html").read_text(encoding="utf-8"), flags=re.S)
    assert "mean - SD" not in mods and not re.search(r"\b(middle|situational|consumer)\b",
                                                      re.sub(r"<[^>]+>", " ", mods))
