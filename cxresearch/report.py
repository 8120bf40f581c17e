"""Deprecated: use :mod:`cxresearch.run` (running and exporting notebooks) and
:mod:`cxresearch.narrative` (text, display tables, summaries in words).

This module only re-exports both (and :func:`cxresearch.redact.redact`) for users' own
notebooks written against the old layout; nothing in the package imports it. It will be
removed in a later release.
"""

from __future__ import annotations

import warnings

from .narrative import *  # noqa: F403
from .narrative import __all__ as _narrative_all
from .redact import *  # noqa: F403
from .redact import __all__ as _redact_all
from .run import *  # noqa: F403
from .run import __all__ as _run_all

warnings.warn("cxresearch.report is deprecated: import from cxresearch.run (running, export) "
              "and cxresearch.narrative (text and tables) instead",
              DeprecationWarning, stacklevel=2)

__all__ = sorted(set(_run_all) | set(_narrative_all) | set(_redact_all))
