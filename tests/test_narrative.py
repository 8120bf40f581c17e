"""Summaries in words and display tables of the narrative module."""

from __future__ import annotations

import re

import pandas as pd
import pytest

IMG = re.compile(r'<img[^>]*src="data:image/png;base64,')


def test_nps_summary_names_the_segment_by_its_label(survey):
    import cxresearch as cx
    from cxresearch.narrative import nps_summary

    overall = cx.nps(survey)
    by = cx.nps(survey, by="age_group")
    lines = nps_summary(overall, by, cx.nps_test(survey, group="age_group"), segment="age_group",
                        label="Ikäryhmä", lang="fi")
    ok = by[by["base"] >= 30].sort_values("nps")
    best = next(line for line in lines if "korkein" in line)
    assert "Ikäryhmä" in best and "age_group" not in " ".join(lines)
    assert f"**{ok.iloc[-1]['age_group']}**" in best and f"**{ok.iloc[0]['age_group']}**" in best


def test_format_table_refuses_two_columns_under_one_heading():
    from cxresearch.narrative import format_table

    df = pd.DataFrame({"group_a": ["x"], "group_b": ["y"]})
    with pytest.raises(ValueError, match="headed 'Group'"):
        format_table(df, [("group_a", "col.group", "text"), ("group_b", "col.group", "text")])


@pytest.mark.parametrize("lang", ["en", "fi", "sv"])
def test_action_plan_words_follow_the_computed_plan(lang):
    # issue 13.11: the report lists only the plan's actions and explains each disagreement
    from helpers import plan_frame

    from cxresearch import narrative
    from cxresearch.actions import REASONS, action_plan
    from cxresearch.i18n import t

    drivers = ["A", "B", "C", "D", "E1", "E2"]
    labels = {"A": "Service", "B": "Staff", "C": "Price", "D": "Noise", "E1": "App",
              "E2": "Web"}
    plan = action_plan(plan_frame(), outcome="y", drivers=drivers, n_boot=200, seed=1)
    acts, note = narrative.action_plan(plan, labels=labels, lang=lang, top=10)
    listed = [a["driver"] for a in acts]
    assert listed == plan.loc[plan["status"].isin(["fix first", "next"]), "driver"].tolist()
    assert "D" not in listed and "B" not in listed and listed[0] == "A"
    assert [a["fix_first"] for a in acts] == [d == "A" for d in listed]
    tied = {a["driver"]: a["tied"] for a in acts}
    assert tied[max(["E1", "E2"], key=listed.index)] and not tied["A"]
    assert note == t("do.tied", lang)
    reasons = narrative.plan_reasons(plan, labels=labels, outcome_label="NPS", lang=lang)
    codes = [c for c in REASONS if plan[c].any()
             and (c != "uncertain" or (plan[c] & ~plan["negative_effect"]).any())]
    assert len(reasons) == len(codes)
    by_code = dict(zip(codes, reasons, strict=True))
    assert by_code["negative_effect"].startswith("Noise:")
    assert "Staff" in by_code["correlated_with_others"].split(":")[0]
    shown = narrative.plan_display_table(plan, labels=labels, lang=lang)
    status = dict(zip(shown[t("col.driver", lang)], shown[t("col.status", lang)], strict=True))
    assert status["Noise"] == t("plan.status.negative", lang)
    assert status["Service"] == t("plan.status.fix first", lang)
