"""cxresearch: a Jupyter research workbench for customer-experience (CX) measurement.

Which experience drivers move customers to recommend, for whom, in which situations, and what
should be fixed first. The flat API re-exports the functions researchers call most::

    import cxresearch as cx
    survey = cx.load("data/raw/retail_cx.yaml")
    cx.nps(survey, by="channel")
"""

from .actions import ipa, penalty_reward, priorities
from .codebook import Codebook, order_waves, read_codebook  # noqa: E402
from .crosstab import crosstab  # noqa: E402
from .errors import CXInputError, Problem  # noqa: E402
from .importance import dominance_analysis, relative_importance
from .io import Survey, apply_codes, bundled_codebook, load, read_table  # noqa: E402
from .measurement import cfa, htmt, reliability  # noqa: E402
from .metrics import kish_n_eff, nps, nps_category, nps_test  # noqa: E402
from .models import driver_models
from .moderation import (  # noqa: E402
    interaction,
    mediation,
    moderation_scan,
    satisfaction_vs_experience,
)
from .outcomes import korn_graubard_interval, outcome_summary, wilson_interval  # noqa: E402
from .simulate import simulate_survey  # noqa: E402
from .teaching import plan_sample_size  # noqa: E402
from .text import (  # noqa: E402
    answer_tone,
    code_themes,
    suggest_themes,
    theme_coverage,
    theme_impact,
    theme_mix,
    themes_by,
)
from .tracking import before_after, wave_alerts, wave_changes, wave_nps  # noqa: E402
from .version import __version__
from .weighting import rake  # noqa: E402

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
]
