"""Argument checks of the chart functions: a bad option is an error, not a silent default."""

from __future__ import annotations

import pandas as pd
import pytest

from cxresearch.errors import CXInputError
from cxresearch.plots import nps_intervals


def test_nps_intervals_refuses_an_unknown_order():
    import matplotlib.pyplot as plt

    table = pd.DataFrame({"g": ["a", "b"], "nps": [10.0, 20.0], "ci_low": [0.0, 5.0],
                          "ci_high": [20.0, 35.0]})
    with pytest.raises(CXInputError, match="unknown order 'size'"):
        nps_intervals(table, y="g", order="size")
    ax = nps_intervals(table, y="g", order="label")   # the valid values still work
    labels = [t.get_text() for t in ax.get_yticklabels()]
    assert labels in (["a", "b"], ["b", "a"])
    plt.close("all")
