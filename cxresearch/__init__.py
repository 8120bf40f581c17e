"""cxresearch: a Jupyter research workbench for customer-experience (CX) measurement.

Which experience drivers move customers to recommend, for whom, in which situations, and what
should be fixed first. The flat API re-exports the functions researchers call most::

    import cxresearch as cx
    survey = cx.load("data/raw/retail_cx.yaml")
    cx.nps(survey, by="channel")

The re-exports are lazy (PEP 562 module ``__getattr__``): ``import cxresearch`` loads only
this file and :mod:`cxresearch.version`; the module behind a name (and its scipy,
statsmodels, ... imports) is imported on the first access of ``cx.<name>``, so the ``cx``
command and ``import cxresearch`` start in about the time of ``import pandas``.

The result types the analysis functions return (``cx.DriverModels``, ``cx.CrosstabResult``,
``cx.RakeResult``, ... and their base ``cx.Result``) are exported too, for ``isinstance``
checks and type hints; they load just as lazily.
"""

import sys as _sys
import types as _types
from importlib import import_module as _import_module

from .version import __version__

# public name -> submodule that defines it (the flat API)
_EXPORTS = {
    "Codebook": "codebook",
    "order_waves": "codebook",
    "read_codebook": "codebook",
    "crosstab": "crosstab",
    "CXInputError": "errors",
    "Problem": "errors",
    "dominance_analysis": "importance",
    "relative_importance": "importance",
    "Survey": "io",
    "apply_codes": "io",
    "bundled_codebook": "io",
    "load": "io",
    "read_table": "io",
    "cfa": "measurement",
    "htmt": "measurement",
    "reliability": "measurement",
    "kish_n_eff": "metrics",
    "nps": "metrics",
    "nps_category": "metrics",
    "nps_test": "metrics",
    "driver_models": "models",
    "ipa": "actions",
    "penalty_reward": "actions",
    "priorities": "actions",
    "action_plan": "actions",
    "interaction": "moderation",
    "mediation": "moderation",
    "moderation_scan": "moderation",
    "satisfaction_vs_experience": "moderation",
    "korn_graubard_interval": "outcomes",
    "outcome_summary": "outcomes",
    "wilson_interval": "outcomes",
    "simulate_survey": "simulate",
    "plan_sample_size": "teaching",
    "answer_tone": "text",
    "code_themes": "text",
    "suggest_themes": "text",
    "theme_coverage": "text",
    "theme_impact": "text",
    "theme_mix": "text",
    "themes_by": "text",
    "before_after": "tracking",
    "wave_changes": "tracking",
    "wave_alerts": "tracking",
    "wave_nps": "tracking",
    "rake": "weighting",
    # result types (what the functions above return), for isinstance checks and type hints
    "Result": "results",
    "CFAResult": "measurement",
    "SEMResult": "measurement",
    "CrosstabResult": "crosstab",
    "DominanceResult": "importance",
    "DriverModels": "models",
    "InteractionResult": "moderation",
    "GroupImportanceResult": "moderation",
    "SatisfactionResult": "moderation",
    "PathsResult": "moderation",
    "BeforeAfterResult": "tracking",
    "CarryoverResult": "tracking",
    "ChannelGapResult": "tracking",
    "RakeResult": "weighting",
}

__all__ = [
    "__version__",
    "Codebook",
    "CXInputError",
    "Problem",
    "Survey",
    "bundled_codebook",
    "kish_n_eff",
    "load",
    "nps",
    "nps_category",
    "nps_test",
    "read_codebook",
    "read_table",
    "simulate_survey",
    "relative_importance",
    "dominance_analysis",
    "driver_models",
    "ipa",
    "penalty_reward",
    "priorities",
    "action_plan",
    "reliability",
    "cfa",
    "htmt",
    "interaction",
    "moderation_scan",
    "mediation",
    "satisfaction_vs_experience",
    "plan_sample_size",
    "wave_nps",
    "wave_changes",
    "wave_alerts",
    "before_after",
    "crosstab",
    "rake",
    "code_themes",
    "theme_impact",
    "theme_coverage",
    "theme_mix",
    "themes_by",
    "answer_tone",
    "suggest_themes",
    "apply_codes",
    "order_waves",
    "outcome_summary",
    "wilson_interval",
    "korn_graubard_interval",
    "Result",
    "CFAResult",
    "SEMResult",
    "CrosstabResult",
    "DominanceResult",
    "DriverModels",
    "InteractionResult",
    "GroupImportanceResult",
    "SatisfactionResult",
    "PathsResult",
    "BeforeAfterResult",
    "CarryoverResult",
    "ChannelGapResult",
    "RakeResult",
]


def __getattr__(name):
    """Import the submodule behind a flat-API name on first access (PEP 562)."""
    module = _EXPORTS.get(name)
    if module is None:
        raise AttributeError(f"module 'cxresearch' has no attribute {name!r}")
    value = getattr(_import_module(f".{module}", __name__), name)
    globals()[name] = value  # later accesses skip this function
    return value


def __dir__():
    return sorted(set(globals()) | set(__all__))


class _FlatAPI(_types.ModuleType):
    """Keeps a flat-API function whose name is also its submodule's (``crosstab``): importing
    ``cxresearch.crosstab`` sets the package attribute to the module, which would shadow the
    function; the function is set instead (the module stays in ``sys.modules``)."""

    def __setattr__(self, name, value):
        if isinstance(value, _types.ModuleType) and _EXPORTS.get(name) == name:
            value = getattr(value, name)
        super().__setattr__(name, value)


_sys.modules[__name__].__class__ = _FlatAPI
