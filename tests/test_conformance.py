"""The API contract as a test, in the spirit of scikit-learn's ``check_estimator`` (issue 17
item 4): every public analysis function of ``cxresearch.__all__`` is walked through the same
checks on a small sample of the bundled survey.

A new analysis function gets an entry in ``CALLS`` (its name in ``cxresearch.__all__``, or
``"module.function"`` for one reached through its module; how to call it on a Survey, on a
plain DataFrame with explicit column names, and with a missing column); the checks are:

- ``signature``: the data comes first, every other parameter is keyword-only;
- ``survey`` / ``frame``: it accepts a :class:`~cxresearch.io.Survey` and a DataFrame;
- ``no_mutation``: the input frame is deep-equal before and after the call;
- ``result``: a DataFrame or Series, or one documented result dataclass; no bootstrap draws
  (arrays or frames) hidden in ``DataFrame.attrs``, which concat and merge drop. A function
  that returns a frame and has draws says so with ``return_draws=True``, which gives
  ``(frame, draws)`` (one row of ``draws`` per resample; as pingouin's ``return_dist``).
  An old place of the draws kept for one release holds a warning
  :class:`~cxresearch.results.Deprecated`, not the array;
- ``missing_column``: a column that is not there is a ``CXInputError``;
- ``names``: no drifting parameter names (``group``, ``alpha``, ``score``) without the
  consistent one (``by``, ``level``, ``outcome``) beside it.

Checks a function does not pass yet are in ``KNOWN`` as strict xfails with the reason: when
it is fixed the test fails until the entry is removed.
"""

from __future__ import annotations

import dataclasses
import inspect
import warnings

import numpy as np
import pandas as pd
import pytest

import cxresearch as cx
from cxresearch.errors import CXInputError
from cxresearch.io import Survey
from cxresearch.results import Deprecated

DRIVERS = ["service", "price", "assortment"]
ITEMS = {"service": ["service_1", "service_2", "service_3"],
         "price": ["price_1", "price_2", "price_3"]}
MISSING = "no_such_column"
THEMES = {"price": {"label": {"en": "Price"},
                    "match": {"en": ["price"], "fi": ["hinta"], "sv": ["pris"]}}}


def _ipa_input(sample: Survey) -> pd.DataFrame:
    return cx.relative_importance(sample.data, outcome="ltr", drivers=DRIVERS)


#: name -> (kwargs on a Survey, kwargs on a DataFrame, kwargs with a missing column)
CALLS = {
    "nps": ({"by": "channel"}, {"outcome": "ltr", "by": "channel", "weight": False},
            {"outcome": "ltr", "by": MISSING}),
    "nps_test": ({"by": "channel"}, {"by": "channel", "outcome": "ltr", "weight": False},
                 {"by": MISSING, "outcome": "ltr"}),
    "outcome_summary": ({"by": "channel"}, {"outcome": "ltr", "by": "channel", "weight": False, "type": "nps",
                         "scale": (0, 10)},
                        {"outcome": MISSING}),
    "relative_importance": ({}, {"outcome": "ltr", "drivers": DRIVERS},
                            {"outcome": "ltr", "drivers": [*DRIVERS, MISSING]}),
    "dominance_analysis": ({}, {"outcome": "ltr", "drivers": DRIVERS},
                           {"outcome": "ltr", "drivers": [*DRIVERS, MISSING]}),
    "driver_models": ({}, {"outcome": "ltr", "drivers": DRIVERS},
                      {"outcome": "ltr", "drivers": [*DRIVERS, MISSING]}),
    "ipa": (None, {}, None),
    "penalty_reward": ({}, {"outcome": "ltr", "drivers": DRIVERS, "scale": (1, 5)},
                       {"outcome": "ltr", "drivers": [*DRIVERS, MISSING], "scale": (1, 5)}),
    "priorities": ({}, {"outcome": "ltr", "drivers": DRIVERS, "scale": (1, 5)},
                   {"outcome": "ltr", "drivers": [*DRIVERS, MISSING], "scale": (1, 5)}),
    "action_plan": ({"n_boot": 20}, {"outcome": "ltr", "drivers": DRIVERS, "scale": (1, 5),
                                     "n_boot": 20},
                    {"outcome": "ltr", "drivers": [*DRIVERS, MISSING], "scale": (1, 5)}),
    "reliability": ({}, {"constructs": ITEMS}, {"constructs": {"x": ["service_1", MISSING]}}),
    "cfa": ({}, {"constructs": ITEMS},
            {"constructs": {"service": ITEMS["service"], "x": ["price_1", "price_2", MISSING]}}),
    "htmt": ({}, {"constructs": ITEMS},
             {"constructs": {"service": ITEMS["service"], "x": ["price_1", "price_2", MISSING]}}),
    "interaction": ({"driver": "service", "moderator": "channel"},
                    {"driver": "service", "moderator": "channel", "outcome": "ltr"},
                    {"driver": MISSING, "moderator": "channel", "outcome": "ltr"}),
    "moderation_scan": ({"drivers": DRIVERS, "moderators": ["channel"]},
                        {"drivers": DRIVERS, "moderators": ["channel"], "outcome": "ltr"},
                        {"drivers": DRIVERS, "moderators": [MISSING], "outcome": "ltr"}),
    "mediation": ({"drivers": ["service"], "mediator": "csat", "n_boot": 50},
                  {"drivers": ["service"], "mediator": "csat", "outcome": "ltr", "n_boot": 50},
                  {"drivers": ["service"], "mediator": MISSING, "outcome": "ltr", "n_boot": 50}),
    "satisfaction_vs_experience": ({"satisfaction": "csat", "drivers": DRIVERS},
                                   {"satisfaction": "csat", "drivers": DRIVERS, "outcome": "ltr"},
                                   {"satisfaction": MISSING, "drivers": DRIVERS,
                                    "outcome": "ltr"}),
    "wave_nps": ({}, {"wave": "wave", "outcome": "ltr", "weight": False},
                 {"wave": MISSING, "outcome": "ltr"}),
    "wave_changes": ({}, {"wave": "wave", "outcome": "ltr", "weight": False},
                     {"wave": MISSING, "outcome": "ltr"}),
    "wave_alerts": ({"drivers": ["service"], "segments": []},
                    {"wave": "wave", "outcomes": [], "drivers": ["service"], "segments": []},
                    {"wave": MISSING, "drivers": ["service"], "segments": []}),
    "before_after": ({"change_date": "2026-03-01"},
                     {"change_date": "2026-03-01", "date": "response_date", "outcome": "ltr",
                      "weight": False},
                     {"change_date": "2026-03-01", "date": MISSING, "outcome": "ltr"}),
    "crosstab": ({"rows": "channel", "columns": "region"},
                 {"rows": "channel", "columns": "region", "weight": False},
                 {"rows": MISSING, "columns": "region"}),
    "rake": ({"targets": {"channel": {"web": 0.4, "store": 0.4, "app": 0.2}}},
             {"targets": {"channel": {"web": 0.4, "store": 0.4, "app": 0.2}}},
             {"targets": {MISSING: {"a": 1.0}}}),
    "code_themes": ({}, {"text": "comment", "themes": THEMES},
                    {"text": MISSING, "themes": THEMES}),
    "theme_impact": ({}, {"text": "comment", "outcome": "ltr",
                          "themes": THEMES},
                     {"text": "comment", "outcome": MISSING, "themes": THEMES}),
    "theme_coverage": ({}, {"text": "comment", "themes": THEMES},
                       {"text": MISSING, "themes": THEMES}),
    "theme_mix": ({}, {"text": "comment", "outcome": "ltr", "themes": THEMES},
                  {"text": "comment", "outcome": MISSING, "themes": THEMES}),
    "themes_by": ({"by": "channel"}, {"by": "channel", "text": "comment",
                                      "themes": THEMES},
                  {"by": MISSING, "text": "comment", "themes": THEMES}),
    "answer_tone": ({}, {"text": "comment", "outcome": "ltr"},
                    {"text": MISSING, "outcome": "ltr"}),
    # analysis functions of a module (not in cxresearch.__all__): "module.function"
    "measurement.structural_model": (
        {"drivers": ["service", "price"]},
        {"drivers": ITEMS, "mediator": "csat", "outcome": "ltr"},
        {"drivers": ITEMS, "mediator": MISSING, "outcome": "ltr"}),
    "moderation.group_importance": (
        {"by": "channel", "n_boot": 20, "min_n": 50},
        {"by": "channel", "drivers": DRIVERS, "outcome": "ltr", "n_boot": 20, "min_n": 50},
        {"by": MISSING, "drivers": DRIVERS, "outcome": "ltr", "n_boot": 0}),
    "moderation.satisfaction_paths": (
        {"drivers": DRIVERS, "n_boot": 20},
        {"drivers": DRIVERS, "mediator": "csat", "outcome": "ltr", "n_boot": 20},
        {"drivers": DRIVERS, "mediator": MISSING, "outcome": "ltr", "n_boot": 0}),
    "tracking.carryover": (
        {}, {"panel": "customer_id", "wave": "wave", "drivers": DRIVERS, "outcome": "ltr",
             "weight": False},
        {"panel": MISSING, "wave": "wave", "drivers": DRIVERS, "outcome": "ltr"}),
    "tracking.channel_gap": (
        {}, {"panel": "customer_id", "channel": "channel", "drivers": DRIVERS,
             "outcome": "ltr", "weight": False},
        {"panel": "customer_id", "channel": MISSING, "drivers": DRIVERS, "outcome": "ltr"}),
}
#: functions of repeat respondents: checked on the whole bundled survey (the 400-respondent
#: sample has too few customers who answered twice)
PANEL = {"tracking.carryover", "tracking.channel_gap"}

#: documented result types besides DataFrame / Series (dataclasses with explicit fields)
RESULT_TYPES = ("CFAResult", "CrosstabResult", "DominanceResult", "DriverModels",
                "InteractionResult", "SatisfactionResult", "BeforeAfterResult", "SEMResult",
                "CarryoverResult", "ChannelGapResult", "GroupImportanceResult", "PathsResult")

# Names in cxresearch.__all__ that are not analysis functions of a survey.
NOT_ANALYSIS = {"__version__", "Codebook", "CXInputError", "Problem", "Survey",
                "bundled_codebook", "load", "read_codebook", "read_table", "simulate_survey",
                "kish_n_eff", "nps_category", "plan_sample_size", "apply_codes", "order_waves",
                "wilson_interval", "korn_graubard_interval", "suggest_themes",
                # the result types, exported for isinstance checks and type hints
                "Result", "RakeResult", *RESULT_TYPES}

#: (function, check) -> reason it does not conform yet
KNOWN: dict[tuple[str, str], str] = {}

CHECKS = ["signature", "survey", "frame", "no_mutation", "result", "missing_column", "names"]
DRIFT = {"group": "by", "alpha": "level", "score": "outcome"}


def test_registry_covers_every_analysis_function():
    analysis = set(cx.__all__) - NOT_ANALYSIS
    top = {n for n in CALLS if "." not in n}
    assert analysis == top, sorted(analysis ^ top)


@pytest.fixture(scope="module")
def sample(survey) -> Survey:
    """400 respondents of the bundled survey (every wave and channel present)."""
    data = survey.data.sample(400, random_state=1).sort_index().reset_index(drop=True)
    return dataclasses.replace(survey, data=data)


def _func(name):
    """``cx.<name>``, or ``cxresearch.<module>.<function>`` for a dotted name."""
    if "." not in name:
        return getattr(cx, name)
    import importlib

    module, func = name.split(".")
    return getattr(importlib.import_module(f"cxresearch.{module}"), func)


def _call(name, data, kwargs):
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        return _func(name)(data, **kwargs)


def _frame_input(name, sample):
    return _ipa_input(sample) if name == "ipa" else sample.data.copy()


def _check(name, check, sample):
    func = _func(name)
    on_survey, on_frame, missing = CALLS[name]
    if check == "signature":
        params = list(inspect.signature(func).parameters.values())[1:]
        positional = [p.name for p in params if p.kind is not p.KEYWORD_ONLY]
        assert not positional, f"{name}: not keyword-only: {positional}"
        hidden = [p.name for p in params if p.kind is p.VAR_KEYWORD]
        assert not hidden, f"{name}: columns through **{hidden[0]}, not in the signature"
    elif check == "survey":
        if on_survey is None:
            pytest.skip(f"{name} takes another function's result, not survey data")
        assert _call(name, sample, on_survey) is not None
    elif check == "frame":
        assert _call(name, _frame_input(name, sample), on_frame) is not None
    elif check == "no_mutation":
        data = _frame_input(name, sample)
        before = data.copy(deep=True)
        _call(name, data, on_frame)
        pd.testing.assert_frame_equal(data, before)
        if on_survey is not None:
            before = sample.data.copy(deep=True)
            _call(name, sample, on_survey)
            pd.testing.assert_frame_equal(sample.data, before)
    elif check == "result":
        kwargs = dict(on_frame)
        if "n_boot" in inspect.signature(func).parameters:  # draws, if any, must be explicit
            kwargs["n_boot"] = 20
        result = _call(name, _frame_input(name, sample), kwargs)
        if isinstance(result, pd.DataFrame | pd.Series):
            # array-likes in attrs are hidden draws; only a Deprecated old place may stay
            hidden = [k for k, v in result.attrs.items()
                      if (isinstance(v, np.ndarray | pd.DataFrame | pd.Series)
                          or hasattr(type(v), "__array__")) and not isinstance(v, Deprecated)]
            assert not hidden, f"{name}: arrays in DataFrame.attrs: {hidden}"
            if "return_draws" in inspect.signature(func).parameters:
                table, draws = _call(name, _frame_input(name, sample),
                                     kwargs | {"return_draws": True})
                pd.testing.assert_frame_equal(table, result)
                assert isinstance(draws, pd.DataFrame) and len(draws) == kwargs["n_boot"]
        else:
            assert dataclasses.is_dataclass(result), f"{name}: returns {type(result).__name__}"
            assert type(result).__name__ in RESULT_TYPES, type(result).__name__
            assert type(result).__doc__, f"{type(result).__name__} is not documented"
    elif check == "missing_column":
        if missing is None:
            pytest.skip(f"{name} takes no column names")
        with pytest.raises(CXInputError, match=MISSING):
            _call(name, sample.data.copy(), missing)
    elif check == "names":
        params = set(inspect.signature(func).parameters)
        drift = [old for old, new in DRIFT.items() if old in params and new not in params]
        # an old name beside the new one is the deprecated alias: allowed for one release
        assert not drift, f"{name}: {drift} instead of {[DRIFT[d] for d in drift]}"


@pytest.mark.parametrize("name, check", [
    pytest.param(n, c, marks=pytest.mark.xfail(strict=True, reason=KNOWN[n, c]))
    if (n, c) in KNOWN else (n, c)
    for n in CALLS for c in CHECKS])
def test_conformance(name, check, sample, survey):
    _check(name, check, survey if name in PANEL else sample)


def test_deprecated_alpha_of_penalty_reward_warns_and_equals_level(sample):
    kwargs = {"outcome": "ltr", "drivers": DRIVERS, "scale": (1, 5)}
    new = cx.penalty_reward(sample.data, level=0.9, **kwargs)
    with pytest.warns(DeprecationWarning, match="use level"):
        old = cx.penalty_reward(sample.data, alpha=0.1, **kwargs)
    pd.testing.assert_frame_equal(old, new)
    strict = cx.penalty_reward(sample.data, level=0.999999, **kwargs)
    assert (strict["kano"] == "indifferent").sum() >= (new["kano"] == "indifferent").sum()


#: (function, old name, old value, new name, new value, kwargs of a DataFrame call)
ALIASES = [
    ("nps", "score", "ltr", "outcome", "ltr", {"by": "channel", "weight": False}),
    ("nps_test", "score", "ltr", "outcome", "ltr", {"by": "channel", "weight": False}),
    ("nps_test", "group", "channel", "by", "channel", {"outcome": "ltr", "weight": False}),
    ("before_after", "score", "ltr", "outcome", "ltr",
     {"change_date": "2026-03-01", "date": "response_date", "weight": False}),
    ("before_after", "group", "channel", "by", "channel",
     {"change_date": "2026-03-01", "date": "response_date", "outcome": "ltr",
      "treated": "store", "weight": False}),
    ("moderation_scan", "alpha", 0.2, "level", 0.8,
     {"drivers": DRIVERS, "moderators": ["channel", "region"], "outcome": "ltr",
      "weight": False}),
    ("wave_nps", "score", "ltr", "outcome", "ltr", {"wave": "wave", "weight": False}),
    ("wave_changes", "score", "ltr", "outcome", "ltr", {"wave": "wave", "weight": False}),
]


def _frames(result):
    """The tidy frames of a result (itself, or the DataFrame fields of a result dataclass)."""
    if isinstance(result, pd.DataFrame):
        return [result]
    values = (result.values() if isinstance(result, dict) else
              [getattr(result, f.name) for f in dataclasses.fields(result)])
    return [v for v in values if isinstance(v, pd.DataFrame)]


@pytest.mark.parametrize("name, old, old_value, new, new_value, kwargs", ALIASES,
                         ids=[f"{a[0]}-{a[1]}" for a in ALIASES])
def test_deprecated_alias_warns_names_the_new_one_and_gives_the_same(
        name, old, old_value, new, new_value, kwargs, sample):
    func = getattr(cx, name)
    expected = func(sample.data, **kwargs, **{new: new_value})
    with pytest.warns(DeprecationWarning, match=rf"{name}\({old}=.*use {new}="):
        got = func(sample.data, **kwargs, **{old: old_value})
    for a, b in zip(_frames(got), _frames(expected), strict=True):
        pd.testing.assert_frame_equal(a, b)
    with pytest.raises(CXInputError, match=f"both {old}= and {new}="):
        func(sample.data, **kwargs, **{old: old_value, new: new_value})


def test_moderation_scan_level_sets_the_fdr_cut(sample):
    kwargs = {"drivers": DRIVERS, "moderators": ["channel", "region"], "outcome": "ltr",
              "weight": False}
    scan = cx.moderation_scan(sample.data, level=0.5, **kwargs)
    assert (scan["significant"] == (scan["p_adjusted"] < 0.5)).all()
    # a different level changes the cut, not the p-values: the test could fail
    strict = cx.moderation_scan(sample.data, level=0.999, **kwargs)
    pd.testing.assert_series_equal(scan["p_adjusted"], strict["p_adjusted"])
    assert strict["significant"].sum() <= scan["significant"].sum()


# --------------------------------------------------------------------------- one resolver

#: analysis functions that only compute an NPS: they default to the survey's NPS outcome
NPS_ONLY = {"nps", "nps_test", "wave_nps", "wave_changes"}
#: analysis functions without an outcome to default (or that use every codebook outcome)
NO_OUTCOME = {"ipa", "reliability", "cfa", "htmt", "crosstab", "rake", "code_themes",
              "theme_coverage", "themes_by", "wave_alerts"}


@pytest.fixture(scope="module")
def rated(sample) -> Survey:
    """The sample with a 1-5 ``rating`` outcome as the codebook's key outcome."""
    from cxresearch.codebook import Outcome

    data = sample.data
    rating = ((data["ltr"] + 2 * data["csat"]) / 4).round().clip(1, 5)
    cb = sample.codebook
    outcomes = {**cb.outcomes, "rating": Outcome("rating", "rating", (1, 5), {}, "rating",
                                                 (4.0, 5.0))}
    cb = dataclasses.replace(cb, outcomes=outcomes, key_outcome_name="rating")
    return dataclasses.replace(sample, data=data.assign(rating=rating), codebook=cb)


def _same(a, b) -> bool:
    fa, fb = _frames(a), _frames(b)
    assert fa, f"no tidy frame in a {type(a).__name__}"
    try:
        for x, y in zip(fa, fb, strict=True):
            pd.testing.assert_frame_equal(x, y)
    except AssertionError:
        return False
    return True


@pytest.mark.parametrize("name", [n for n in CALLS if n not in NO_OUTCOME | PANEL])
def test_survey_default_outcome_is_the_key_outcome(name, rated):
    """resolve_defaults decides the outcome for every analysis function: the codebook's key
    outcome (here a 1-5 rating), or for the NPS-only functions the survey's NPS outcome."""
    kwargs = dict(CALLS[name][0])
    expected, other = ("ltr", "rating") if name in NPS_ONLY else ("rating", "ltr")
    default = _call(name, rated, kwargs)
    assert _same(default, _call(name, rated, kwargs | {"outcome": expected}))
    if name in NPS_ONLY:  # the rating has no NPS: the default could not have been it
        with pytest.raises(CXInputError, match="not a 0–10 recommendation|not an NPS scale"):
            _call(name, rated, kwargs | {"outcome": other})
    else:  # the outcome matters to the result, so the equality above could fail
        assert not _same(default, _call(name, rated, kwargs | {"outcome": other}))


def test_structural_model_defaults_to_the_key_outcome(rated):
    from cxresearch.measurement import structural_model

    res = structural_model(rated, drivers=["service", "price"])
    assert res.outcome == "rating" and res.mediator == "csat"
    assert set(res.paths["to"]) == {"rating", "csat"}


def test_resolve_defaults_on_a_frame_names_what_to_pass(sample):
    from cxresearch.io import resolve_defaults

    with pytest.raises(CXInputError, match="pass outcome=") as info:
        resolve_defaults(sample.data, need=["outcome", "wave"])
    assert [p.column for p in info.value.problems] == ["outcome", "wave"]
    with pytest.raises(CXInputError, match="did you mean 'ltr'") as info:
        resolve_defaults(sample.data, outcome="LTR ")
    assert info.value.problems[0].column == "LTR "
    d = resolve_defaults(sample, outcome="satisfaction", weight=False)
    assert (d.outcome, d.outcome_type, d.scale, d.weight) == ("csat", "rating", (1, 5), None)


#: the functions that returned dicts: (function, old key, attribute)
DICT_KEYS = [("dominance_analysis", "general", "general"),
             ("driver_models", "coefficients", "coefficients"),
             ("interaction", "slopes", "slopes"),
             ("satisfaction_vs_experience", "verdict", "verdict"),
             ("before_after", "group", "by"),
             ("measurement.structural_model", "indirect", "indirect"),
             ("moderation.group_importance", "differences", "differences"),
             ("moderation.satisfaction_paths", "sve", "sve"),
             ("tracking.carryover", "lagged", "lagged"),
             ("tracking.channel_gap", "customers", "customers")]


@pytest.mark.parametrize("name, key, attr", DICT_KEYS, ids=[k[0] for k in DICT_KEYS])
def test_result_keeps_dict_access_for_one_release(name, key, attr, sample, survey):
    data = (survey if name in PANEL else sample).data.copy()
    result = _call(name, data, CALLS[name][1])
    assert dataclasses.is_dataclass(result) and type(result).__doc__
    with pytest.raises(dataclasses.FrozenInstanceError):
        setattr(result, attr, None)
    with pytest.warns(DeprecationWarning, match=rf"\[{key!r}\] is deprecated: use the "
                                                rf"attribute \.{attr}"):
        old = result[key]
    assert old is getattr(result, attr)
    with pytest.warns(DeprecationWarning):
        assert key in result and result.get(key) is getattr(result, attr)
    with pytest.warns(DeprecationWarning), pytest.raises(KeyError):
        result["no_such_key"]


def test_driver_models_absent_models_read_as_missing_keys(sample):
    """An old dict had no "promoter" key off an NPS scale: ``in`` and ``get`` still say so."""
    res = cx.driver_models(sample.data, outcome="csat", drivers=DRIVERS, weight=False)
    assert res.promoter is None and res.ordered_logit is not None
    with pytest.warns(DeprecationWarning):
        assert "promoter" not in res and "ordered_logit" in res
    from cxresearch.models import model_comparison

    assert model_comparison(res)["model"].tolist() == ["ols", "ordered_logit"]
