"""cxresearch: a Jupyter research workbench for customer-experience (CX) measurement.

Which experience drivers move customers to recommend, for whom, in which situations, and what
should be fixed first. The flat API re-exports the functions researchers call most::

    import cxresearch as cx
    survey = cx.load("data/raw/retail_cx.yaml")
    cx.nps(survey, by="channel")
"""

__version__ = "0.1.0"

from .codebook import Codebook, read_codebook  # noqa: E402
from .errors import CXInputError, Problem  # noqa: E402
from .io import Survey, bundled_codebook, load, read_table  # noqa: E402
from .metrics import kish_n_eff, nps, nps_category, nps_test  # noqa: E402
from .simulate import simulate_survey  # noqa: E402

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
]
