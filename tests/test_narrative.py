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
    lines = nps_summary(overall, by, cx.nps_test(survey, by="age_group"), segment="age_group",
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
