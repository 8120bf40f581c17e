"""The measurement, moderators, journey and tracking reports on surveys unlike the bundled one.

- ``plain`` (en): no journey, waves, panel, date, segments or moderators;
- ``single`` (fi): every driver a single item, n = 40, one wave;
- the bundled survey in Swedish for the full set is left to the rendered-report check.

Each shape runs the four reports as one batch (kernels start: slow). A section the survey
cannot support must be replaced by the catalog sentence that says why, never a traceback.
"""

from __future__ import annotations

import re
from pathlib import Path

import pytest

import cxresearch as cx
from cxresearch.batch import plan_batch, run_batch
from cxresearch.i18n import t

pytestmark = pytest.mark.slow
REPORTS = ["measurement", "moderators", "journey", "tracking"]


def _plain(folder: Path) -> Path:
    sim = cx.simulate_survey(500, seed=21, waves=1)
    cb = dict(sim.codebook)
    for key in ("journey", "wave", "segments", "panel", "date", "moderators"):
        cb.pop(key, None)
    cb["name"] = "Plain survey"
    sim.codebook = cb
    return sim.write(folder, "plain")[1]


def _single(folder: Path) -> Path:
    sim = cx.simulate_survey(40, seed=22, waves=1)
    cb = dict(sim.codebook, name="Single-item survey")
    cb["constructs"] = {k: dict(v, items=[v["items"][0]], reverse=[])
                        for k, v in cb["constructs"].items()}
    sim.codebook = cb
    return sim.write(folder, "single")[1]


def _text(path: Path) -> str:
    page = path.read_text(encoding="utf-8")
    page = re.sub(r"<(style|script)[^>]*>.*?</\1>", " ", page, flags=re.S)
    return " ".join(re.sub(r"<[^>]+>", " ", re.sub(r"<img[^>]*>", " ", page)).split())


@pytest.mark.parametrize("shape, build, lang", [("plain", _plain, "en"),
                                                ("single", _single, "fi")])
def test_four_reports_skip_what_the_survey_cannot_support(tmp_path, shape, build, lang):
    codebook = build(tmp_path)
    spec = {"codebook": str(codebook), "out": str(tmp_path / "out"), "lang": lang,
            "reports": [{"notebook": r, **({"parameters": {"n_boot": 30}}
                                           if r in ("moderators", "journey") else {})}
                        for r in REPORTS]}
    jobs, settings = plan_batch(spec, base=tmp_path)
    results = run_batch(jobs, settings, workers=1, progress=False, echo=False)
    assert all(r.status == "ok" for r in results), [r.error for r in results]
    pages = {r: _text(tmp_path / "out" / f"{r}.html") for r in REPORTS}
    assert not any("Traceback" in p for p in pages.values())
    if shape == "plain":
        assert t("skip.no_journey", lang) in pages["journey"]
        assert t("skip.no_waves", lang) in pages["tracking"]
        assert t("skip.no_date", lang) in pages["tracking"]
        assert t("skip.no_moderators", lang) in pages["moderators"]
    else:
        assert t("skip.no_multi_item", lang) in pages["measurement"]
        assert t("skip.no_waves", lang) in pages["tracking"]
        for english in ("mean - SD", "utilitarian", "hedonic", "RMSEA (90 % CI)"):
            assert english not in " ".join(pages.values()), english
