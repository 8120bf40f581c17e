"""The simulated survey reproduces the truth it documents."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest
import statsmodels.formula.api as smf
from helpers import RAW

import cxresearch as cx
from cxresearch.simulate import DRIVERS, simulate_large, simulate_nps_sample


@pytest.fixture(scope="module")
def big():
    return cx.simulate_survey(12000, seed=7)


def test_reproducible_from_seed(tmp_path):
    a = cx.simulate_survey(3000, seed=2026)
    a.write(tmp_path)
    assert (tmp_path / "retail_cx.csv").read_bytes() == (RAW / "retail_cx.csv").read_bytes()
    assert (tmp_path / "retail_cx.yaml").read_bytes() == (RAW / "retail_cx.yaml").read_bytes()
    with pytest.raises(FileExistsError):
        a.write(tmp_path)


def test_latent_structure(big):
    lat = big.latent
    R = np.array(big.truth["driver_corr"])
    emp = np.corrcoef(lat[DRIVERS].to_numpy(), rowvar=False)
    # returning customers' carry-over and the intervention move some correlations a little
    assert np.abs(emp - R).max() < 0.08
    ltr = big.data["ltr"].replace(-99, np.nan).dropna()
    assert ltr.skew() < -0.5  # the usual left-skewed recommendation distribution


def test_measurement_and_missing(big):
    d = big.data
    items = [c for c in d.columns if c.startswith("service_")]
    answered = d[items].replace(-99, np.nan)
    assert 0.02 < d[items].eq(-99).mean().mean() < 0.04
    # the reverse-worded item correlates negatively with the others before reversal
    assert answered.corr().loc["service_4", "service_1"] < -0.3
    assert answered.min().min() >= 1 and answered.max().max() <= 7


def test_weights_correct_age_oversample(big):
    d = big.data
    pop = {"18-29": 0.20, "30-44": 0.26, "45-59": 0.26, "60+": 0.28}
    raw = d["age_group"].value_counts(normalize=True)
    weighted = d.groupby("age_group")["weight"].sum() / d["weight"].sum()
    assert abs(raw["18-29"] - 0.20) > 0.05
    for k, v in pop.items():
        assert weighted[k] == pytest.approx(v, abs=0.015)


def test_moderation_is_real_in_the_data(big):
    s = cx.load(_write(big), cache_dir=False)
    d = s.data.dropna(subset=["ltr", "price", "atmosphere"])
    low = smf.ols("ltr ~ price + service + brand", d[d.income_band == "low"]).fit()
    high = smf.ols("ltr ~ price + service + brand", d[d.income_band == "high"]).fit()
    assert low.params["price"] > high.params["price"] + 0.15
    m = smf.ols("ltr ~ atmosphere * shopping_motive + service + brand", d).fit()
    assert m.params["atmosphere:shopping_motive[T.utilitarian]"] < 0
    assert m.pvalues["atmosphere:shopping_motive[T.utilitarian]"] < 0.001


def test_time_pressure_is_a_continuous_moderator(big):
    tp = big.data["time_pressure"]
    assert set(tp.unique()) == set(range(1, 8))
    from cxresearch.simulate import _HURRY_SHARES

    np.testing.assert_allclose(tp.value_counts(normalize=True).sort_index(), _HURRY_SHARES,
                               atol=0.015)
    # the social effect grows with time pressure in the generated data, and only when the
    # truth says so (same seed without moderation)
    formula = "ltr ~ social * time_pressure + service + atmosphere + brand + price"
    d = cx.load(_write(big), cache_dir=False).data
    m = smf.ols(formula, d).fit()
    assert m.params["social:time_pressure"] > 0 and m.pvalues["social:time_pressure"] < 1e-6
    null = cx.simulate_survey(12000, seed=7, moderation={})
    d0 = cx.load(_write(null), cache_dir=False).data
    assert smf.ols(formula, d0).fit().pvalues["social:time_pressure"] > 0.01
    assert big.truth["moderation"]["social"]["time_pressure"] == 0.5
    with pytest.raises(ValueError, match="time_pressure"):
        cx.simulate_survey(50, moderation={"price": {"age_group": 0.5}})


def _write(sim, folder=None):
    import tempfile
    from pathlib import Path

    folder = Path(folder or tempfile.mkdtemp())
    sim.write(folder, overwrite=True)
    return folder / "retail_cx.yaml"


def test_carryover(big):
    d, lat = big.data, big.latent
    ret = d["returning"] == 1
    assert 0.15 < ret[d.wave > 1].mean() < 0.35 and not ret[d.wave == 1].any()
    # a returning customer keeps their consumer traits
    first = d[~ret].set_index("customer_id")
    again = d[ret].set_index("customer_id")
    again = again[again.index.isin(first.index)]
    joined = again.join(first[["age_group"]].add_suffix("_first"))
    assert (joined["age_group"] == joined["age_group_first"]).all()
    # previous experience of returning customers correlates with the earlier experience
    t = np.array(list(big.truth["total_effects"].values()))
    R = np.array(big.truth["driver_corr"])
    index = lat[DRIVERS].to_numpy() @ t / np.sqrt(t @ R @ t)
    exp = pd.Series(index, index=d.index)
    earlier = exp[~ret].groupby(d.loc[~ret, "customer_id"]).first()
    prev = lat.loc[ret, "previous"]
    pair = pd.DataFrame({"prev": prev, "earlier": d.loc[ret, "customer_id"].map(earlier)}).dropna()
    assert pair.corr().iloc[0, 1] == pytest.approx(big.truth["carryover"], abs=0.08)


def test_intervention_moves_service_in_store(big):
    lat, d = big.latent, big.data
    store = d["channel"] == "store"
    after = d["wave"] >= 3
    did = (lat.service[store & after].mean() - lat.service[store & ~after].mean()) - (
        lat.service[~store & after].mean() - lat.service[~store & ~after].mean())
    assert did == pytest.approx(0.35, abs=0.08)


def test_nps_sample_and_large():
    x = simulate_nps_sample(200, nps=-10, seed=3, size=500)
    est = ((x >= 9).mean(axis=1) - (x <= 6).mean(axis=1)) * 100
    assert x.shape == (500, 200) and est.mean() == pytest.approx(-10, abs=1.0)
    big = simulate_large(50_000, seed=1)
    assert set(big.columns) == {"ltr", "segment", "channel", "month", "weight"}
    assert big["ltr"].between(0, 10).all() and big["month"].nunique() == 12


def test_misspelt_effect_names_are_refused():
    from cxresearch.errors import CXInputError

    with pytest.raises(CXInputError, match="did you mean 'service'"):
        cx.simulate_survey(200, effects_rec={"servcie": 0.5})
    with pytest.raises(CXInputError, match="unknown drivers"):
        cx.simulate_survey(200, effects_sat={"nonsense": 0.1})


def test_cx_simulate_too_few_is_bad_input(tmp_path):
    import subprocess
    import sys

    r = subprocess.run([sys.executable, "-m", "cxresearch.cli", "simulate", "--n", "5",
                        "--out", str(tmp_path)], capture_output=True, text=True, timeout=300)
    assert r.returncode == 2, r.stderr
    assert "Traceback" not in r.stderr and "bug" not in r.stderr
    assert "--n 5 is out of range (10–" in r.stderr
    assert not list(tmp_path.iterdir())
