"""Deprecated: use :mod:`cxresearch.importance` (relative importance and its bootstrap),
:mod:`cxresearch.models` (regression models, VIF) and :mod:`cxresearch.actions` (IPA,
penalty–reward, priorities).

This module only re-exports the three for users' own notebooks written against the old
layout; nothing in the package imports it. It will be removed in a later release.
"""

from __future__ import annotations

import warnings

from .actions import *  # noqa: F403
from .actions import QUADRANTS  # noqa: F401
from .actions import __all__ as _actions_all
from .importance import *  # noqa: F403
from .importance import __all__ as _importance_all
from .models import *  # noqa: F403
from .models import __all__ as _models_all

warnings.warn("cxresearch.drivers is deprecated: import from cxresearch.importance, "
              "cxresearch.models and cxresearch.actions instead",
              DeprecationWarning, stacklevel=2)

__all__ = [*_importance_all, *_models_all, *_actions_all]
