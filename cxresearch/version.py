"""The package version and a fingerprint of its code, in a base module so that any module can
import them without a cycle.

Examples
--------
>>> from cxresearch.version import __version__, code_fingerprint
>>> __version__.count(".") >= 1
True
>>> len(code_fingerprint())
16
"""

from __future__ import annotations

import hashlib
from functools import lru_cache
from pathlib import Path

__all__ = ["__version__", "code_fingerprint"]

__version__ = "0.1.0"

_PACKAGE = Path(__file__).resolve().parent


@lru_cache(maxsize=1)
def code_fingerprint() -> str:
    """A short hash of the package version and of every file of the package's code.

    Used in the keys of the processed-data cache (``io``) and of the batch skip list
    (``batch``), so that changed code (a fixed recode, a new message text) never serves data
    or a report computed by the old code, even when the version number was not bumped.

    Returns
    -------
    str
        16 hexadecimal characters: SHA-256 over the version and, in sorted order, the relative
        path and bytes of every ``cxresearch/*.py`` file and every file under
        ``cxresearch/messages/``. Computed once per process (a few milliseconds).

    Examples
    --------
    >>> fp = code_fingerprint()
    >>> fp == code_fingerprint() and all(c in "0123456789abcdef" for c in fp)
    True
    """
    digest = hashlib.sha256(__version__.encode())
    files = sorted(_PACKAGE.glob("*.py")) + sorted(
        p for p in (_PACKAGE / "messages").rglob("*") if p.is_file())
    for path in files:
        digest.update(b"\0" + path.relative_to(_PACKAGE).as_posix().encode() + b"\0")
        digest.update(path.read_bytes())
    return digest.hexdigest()[:16]
