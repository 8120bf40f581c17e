"""Writing files safely: a reader never sees half a file.

Examples
--------
>>> import tempfile
>>> from pathlib import Path
>>> with tempfile.TemporaryDirectory() as d:
...     target = Path(d) / "report.html"
...     write_atomic(target, "<p>done</p>")
...     target.read_text(encoding="utf-8")
'<p>done</p>'
"""

from __future__ import annotations

import os
import tempfile
from pathlib import Path

__all__ = ["write_atomic"]


def write_atomic(path: str | Path, data: str | bytes) -> None:
    """Write ``data`` to ``path`` atomically.

    The data goes to a temporary file in the same folder, which then replaces ``path`` in one
    step (``os.replace``), so an interrupted run never leaves a half-written file. The file gets
    mode 0644. Text is written as UTF-8.

    Parameters
    ----------
    path : str or Path
        The target file; its folder must exist.
    data : str or bytes
        The file's content.
    """
    target = Path(path)
    fd, tmp = tempfile.mkstemp(dir=target.parent, prefix=f".{target.name}.", suffix=".part")
    try:
        if isinstance(data, bytes):
            with os.fdopen(fd, "wb") as fh:
                fh.write(data)
        else:
            with os.fdopen(fd, "w", encoding="utf-8") as fh:
                fh.write(data)
        os.chmod(tmp, 0o644)
        os.replace(tmp, target)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise
