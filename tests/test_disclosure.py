"""Disclosure control: no grouping by text/PII/id columns, one small-base rule on the
effective base, complementary suppression that defeats differencing."""

from __future__ import annotations

import itertools

import numpy as np
import pandas as pd
import pytest
from helpers import MINI_CODEBOOK

from cxresearch.codebook import codebook_from_dict
from cxresearch.disclosure import check_groupable, effective_base, suppress
from cxresearch.errors import CXInputError
from cxresearch.metrics import nps
from cxresearch.narrative import nps_display_table, nps_summary


@pytest.fixture
def cb(tmp_path):
    (tmp_path / "mini.csv").write_text("x\n1\n")
    return codebook_from_dict(dict(MINI_CODEBOOK, panel=None), base=tmp_path)


@pytest.mark.parametrize("col, kind", [("comment", "open-text"), ("email", "PII"),
                                       ("id", "id column"), ("w", "weight column")])
@pytest.mark.parametrize("purpose", ["group", "filter", "name", "segment", "moderator"])
def test_text_pii_id_columns_refused_without_values(cb, col, kind, purpose):
    with pytest.raises(CXInputError) as info:
        check_groupable(cb, col, purpose=purpose, where="--by")
    msg = str(info.value)
    assert f"'{col}'" in msg and kind in msg and "fix:" in msg
    assert "@example.com" not in msg and "person0" not in msg


def test_segment_columns_pass(cb):
    assert check_groupable(cb, "channel") == "channel"


def test_effective_base_is_kish_and_ignores_zero_weights():
    assert effective_base([1.0] + [0.0] * 29) == pytest.approx(1.0)
    w = np.array([0.5, 1, 2, 2.5])
    assert effective_base(w) == pytest.approx(6.0 ** 2 / (0.25 + 1 + 4 + 6.25))  # (Σw)²/Σw²
    assert effective_base(np.ones(40)) == pytest.approx(40)


def _survey(sizes, seed=0, zero_weight_extra=0):
    rng = np.random.default_rng(seed)
    rows = []
    for g, n in sizes.items():
        rows += [{"g": g, "ltr": int(rng.integers(0, 11)), "w": 1.0} for _ in range(n)]
    rows += [{"g": "tiny", "ltr": 10, "w": 0.0} for _ in range(zero_weight_extra)]
    return pd.DataFrame(rows)


def test_zero_weight_rows_cannot_hide_one_person():
    df = _survey({"a": 80, "b": 60, "tiny": 1}, zero_weight_extra=29)
    table = nps(df, outcome="ltr", by="g", weight="w", min_n=30)
    assert table.set_index("g").loc["tiny", "n_eff"] == pytest.approx(1.0)
    shown = nps_display_table(table, by="g", min_n=30)
    tiny = shown[shown["g"] == "tiny"].iloc[0]
    assert "suppressed" in tiny["NPS"]


def _hidden(display: pd.DataFrame) -> list[str]:
    return display.loc[display["NPS"].str.contains("suppressed"), "g"].tolist()


@pytest.mark.parametrize("sizes", [{"a": 80, "b": 60, "c": 5},
                                   {"a": 50, "b": 45, "c": 40, "d": 3},
                                   {"a": 200, "b": 2},
                                   {"a": 90, "b": 4, "c": 6},
                                   {"a": 70, "b": 31, "c": 29}])
def test_no_suppressed_cell_rebuilt_by_differencing(sizes):
    """Differencing every pair of outputs (total and shown groups, total minus any set of
    shown groups) never isolates a suppressed group's promoters or detractors."""
    df = _survey(sizes)
    table = nps(df, outcome="ltr", by="g", min_n=30)
    overall = nps(df, outcome="ltr", min_n=30)
    display = nps_display_table(table, by="g", min_n=30)
    hidden = set(_hidden(display))
    small = {g for g, n in sizes.items() if n < 30}
    assert small <= hidden
    shown = [g for g in sizes if g not in hidden]
    counts = table.set_index("g")[["promoters", "detractors", "base"]]
    total = overall.iloc[0][["promoters", "detractors", "base"]].astype(float)
    for k in range(len(shown) + 1):
        for subset in itertools.combinations(shown, k):
            rest = total - counts.loc[list(subset)].sum()
            # what is left is the sum over every group not in the subset; it isolates one
            # suppressed group only if exactly one group is left and that group is hidden
            left = [g for g in sizes if g not in subset]
            assert not (len(left) == 1 and left[0] in hidden), (subset, rest.to_dict())
    # and pairs of outputs: no two shown figures differ by exactly one hidden group
    for a, b in itertools.combinations(shown + ["<total>"], 2):
        members = {x: ({x} if x != "<total>" else set(sizes)) for x in (a, b)}
        diff = members[a] ^ members[b]
        assert not (len(diff) == 1 and diff <= hidden), (a, b)


def test_suppress_marks_reason_and_total():
    t = pd.DataFrame({"g": ["a", "b"], "base": [3, 2], "n_eff": [3.0, 2.0]})
    out = suppress(t, min_n=30)
    assert out["suppressed"].all() and out.attrs["suppress_total"]
    t = pd.DataFrame({"g": ["a"], "base": [3], "n_eff": [3.0]})
    assert suppress(t, min_n=30).attrs["suppress_total"]


def test_summary_of_a_small_report_leads_with_suppression_not_nps():
    df = _survey({"a": 2})
    overall = nps(df, outcome="ltr", min_n=30)
    lines = nps_summary(overall, lang="en", min_n=30)
    assert len(lines) == 1 and "fewer than the 30" in lines[0]
    assert "NPS" not in lines[0] and str(round(overall["nps"].iloc[0])) not in lines[0]
    assert "suppressed" not in nps_display_table(overall, min_n=30).iloc[0, 0]
    assert "suppressed" in nps_display_table(overall, min_n=30)["NPS"].iloc[0]


def test_summary_never_names_the_nps_of_a_hidden_group():
    from cxresearch.i18n import fmt_pts

    df = _survey({"a": 80, "b": 60, "c": 5}, seed=3)
    table = nps(df, outcome="ltr", by="g", min_n=30)
    overall = nps(df, outcome="ltr", min_n=30)
    lines = nps_summary(overall, table, segment="g", lang="en", min_n=30)
    text = " ".join(lines)
    by = table.set_index("g")
    for g in ("b", "c"):  # c is small, b is its complementary cell
        assert fmt_pts(by.loc[g, "nps"], "en") not in text, g
    assert not any("highest" in line or "best" in line for line in lines)
    assert lines[-1].startswith("The NPS of b is not shown either")
    for lang in ("fi", "sv"):
        assert len(nps_summary(overall, table, segment="g", lang=lang, min_n=30)) == len(lines)


@pytest.mark.parametrize("figures, min_n, hidden", [
    ({"n": 2, "nps": -100.0, "top_priority": "price"}, 30, True),
    ({"n": 30, "n_eff": 1.0, "nps": 80.0}, 30, True),   # 29 zero weights and one person
    ({"n": 200, "n_eff": 150.0, "nps": 12.0}, 30, False),
    ({"n": 40, "nps": 5.0}, 50, True),                  # the report's own min_n counts
])
def test_index_rows_follow_the_same_rule(figures, min_n, hidden):
    from cxresearch.batch import suppress_key_figures

    out = suppress_key_figures(figures, min_n)
    assert (out["nps"] is None) is hidden and out.get("suppressed", False) is hidden
    assert out["n"] == figures["n"]


# --------------------------------------------------------------------------- driver tables by segment

def _driver_survey(sizes, seed=0, zero_weight_extra=0):
    rng = np.random.default_rng(seed)
    df = _survey(sizes, seed=seed, zero_weight_extra=zero_weight_extra)
    df["d1"] = rng.integers(1, 8, len(df)).astype(float)
    df["d2"] = rng.integers(1, 8, len(df)).astype(float)
    df["ltr"] = np.clip(np.round(df["d1"] + df["d2"] - 4 + rng.normal(0, 1.5, len(df))), 0, 10)
    return df


@pytest.mark.parametrize("sizes", [{"a": 80, "b": 60, "c": 5}, {"a": 50, "b": 45, "c": 40, "d": 3},
                                   {"a": 200, "b": 2}])
def test_segment_profile_driver_means_cannot_be_differenced(sizes):
    """Driver means per segment times their bases add up to the total's: with one small
    segment hidden alone, total minus the shown segments would give its mean exactly."""
    from cxresearch.tracking import segment_profile

    df = _driver_survey(sizes)
    prof = segment_profile(df, by="g", drivers=["d1", "d2"], outcome="ltr", min_n=30,
                           weight=False).set_index("g")
    small = {g for g, n in sizes.items() if n < 30}
    hidden = set(prof.index[prof["suppressed"]])
    assert small <= hidden and len(hidden) >= min(2, len(sizes))
    assert prof.loc[sorted(hidden), ["nps", "d1", "d2"]].isna().all().all()
    shown = [g for g in sizes if g not in hidden]
    for g in shown:  # shown means are the plain means
        assert prof.loc[g, "d1"] == pytest.approx(df.loc[df.g == g, "d1"].mean(), rel=1e-12)
    total = df["d1"].sum()
    for k in range(len(shown) + 1):
        for subset in itertools.combinations(shown, k):
            rest = total - sum(prof.loc[g, "d1"] * prof.loc[g, "base"] for g in subset)
            rest_n = len(df) - sum(prof.loc[g, "base"] for g in subset)
            for g in hidden:  # what is left never is one hidden segment's own sum and count
                own = df.loc[df.g == g, "d1"]
                assert not (rest_n == len(own) and rest == pytest.approx(own.sum())), subset


def test_zero_weights_cannot_make_a_segment_big_enough():
    from cxresearch.moderation import group_importance
    from cxresearch.tracking import segment_profile

    df = _driver_survey({"a": 150, "b": 140, "tiny": 1}, zero_weight_extra=129)
    assert (df.g == "tiny").sum() == 130  # 130 rows, one of them weighted: effective base 1
    prof = segment_profile(df, by="g", drivers=["d1"], outcome="ltr", weight="w",
                           min_n=30).set_index("g")
    assert prof.loc["tiny", "suppressed"] and np.isnan(prof.loc["tiny", "d1"])
    gi = group_importance(df, by="g", drivers=["d1", "d2"], outcome="ltr", weight="w",
                          n_boot=0, min_n=100)
    assert "tiny" not in set(gi.importance["group"])
    assert set(gi.suppressed["group"]) == {"tiny"}
    # unweighted, the same 130 rows are 130 respondents and the group is analysed
    gi = group_importance(df, by="g", drivers=["d1", "d2"], outcome="ltr", weight=False,
                          n_boot=0, min_n=100)
    assert "tiny" in set(gi.importance["group"])


def test_moderator_levels_count_the_effective_base():
    from cxresearch.moderation import interaction

    df = _driver_survey({"a": 150, "b": 140, "tiny": 1}, zero_weight_extra=129)
    weighted = interaction(df, driver="d1", moderator="g", outcome="ltr", controls=["d2"],
                           weight="w", min_n=30)
    assert set(weighted.slopes["level"].astype(str)) == {"a", "b"}
    plain = interaction(df, driver="d1", moderator="g", outcome="ltr", controls=["d2"],
                        weight=False, min_n=30)
    assert "tiny" in set(plain.slopes["level"].astype(str))
