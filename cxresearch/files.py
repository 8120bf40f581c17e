"""Writing files safely: a reader never sees half a file, nothing leaves its output folder.

:func:`write_atomic` writes through a temporary file and respects the user's umask;
:func:`check_out_dir` refuses output folders inside ``data/raw`` or a survey's data folder
and folders that cannot be written, before any work starts; :func:`safe_name` checks a report
name given by the user (no path separators, no ``..``, no reserved names);
:func:`name_for_value` turns any data value into a bounded, safe file-name part;
:func:`folder_lock` makes two runs writing to one folder wait for each other.

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

import hashlib
import os
import re
import tempfile
import unicodedata
from collections.abc import Sequence
from pathlib import Path
from typing import Any

from .errors import CXInputError, Problem

__all__ = ["write_atomic", "check_out_dir", "safe_name", "name_for_value", "folder_lock",
           "RESERVED_NAMES", "file_mode"]

#: Names a report may not take: the batch writes these files itself.
RESERVED_NAMES = frozenset({"index", "manifest", ".cx-batch-manifest", ".cx-batch", "con",
                            "prn", "aux", "nul"})
_MAX_NAME = 80


def file_mode() -> int:
    """The mode a new file gets under the current umask (0666 & ~umask).

    Returns
    -------
    int
        The permission bits, e.g. ``0o644`` under umask 022 and ``0o640`` under 027.

    Examples
    --------
    >>> import os
    >>> old = os.umask(0o027)
    >>> oct(file_mode())
    '0o640'
    >>> _ = os.umask(old)
    """
    mask = os.umask(0)
    os.umask(mask)
    return 0o666 & ~mask


def write_atomic(path: str | Path, data: str | bytes) -> None:
    """Write ``data`` to ``path`` atomically.

    The data goes to a temporary file in the same folder, which then replaces ``path`` in one
    step (``os.replace``), so an interrupted run never leaves a half-written file. The file gets
    the mode an ordinary new file would get under the user's umask (0644 under umask 022,
    0640 under 027). Text is written as UTF-8.

    Parameters
    ----------
    path : str or Path
        The target file; its folder must exist.
    data : str or bytes
        The file's content.

    Examples
    --------
    >>> import tempfile
    >>> with tempfile.TemporaryDirectory() as d:
    ...     target = Path(d) / "table.csv"
    ...     write_atomic(target, "a,b")
    ...     write_atomic(target, b"a,b,c")   # replaces the file in one step
    ...     target.read_text(encoding="utf-8"), sorted(p.name for p in Path(d).iterdir())
    ('a,b,c', ['table.csv'])
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
        os.chmod(tmp, file_mode())
        os.replace(tmp, target)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise


def _raw_folder(path: Path) -> bool:
    """``path`` is a ``data/raw`` folder or inside one."""
    parts = [p.lower() for p in path.parts]
    return any(a == "data" and b == "raw" for a, b in zip(parts, parts[1:], strict=False))


def check_out_dir(path: str | Path, *, where: str = "--out", create: bool = True,
                  data_files: Sequence[str | Path | None] = (),
                  codebook: str | Path | None = None) -> Path:
    """Check an output folder before any work starts; return it resolved.

    Refused: a folder inside a ``data/raw`` folder, a survey's own raw-data folder (see
    ``data_files``: raw data is only ever read), a path that is an existing file, and a
    folder that cannot be created or written (read-only, no permission). With ``create`` the
    folder is made when missing; without, a missing folder is only checked to be creatable
    (nothing is written).

    Parameters
    ----------
    path : str or Path
        The output folder (``~`` is expanded, relative paths are resolved).
    where : str, default "--out"
        Where the folder was given (an option or a YAML key), named in the error.
    create : bool, default True
        Make the folder when missing; with False only check that it could be made.
    data_files : sequence of str or Path
        The survey's raw data files (its codebook's ``data:``, a ``--data`` file; None items
        are skipped). A data file kept in a folder of its own (not the codebook's) makes that
        folder and everything under it refused; one kept beside the codebook (the project
        folder of ``cx report --codebook my.yaml --out reports/``) makes that folder itself
        refused, and a subfolder such as ``reports/`` is allowed.
    codebook : str or Path, optional
        The codebook file whose folder is the survey's project folder.

    Returns
    -------
    Path
        The folder, resolved to an absolute path.

    Raises
    ------
    CXInputError
        Naming the folder and the fix.

    Examples
    --------
    >>> import tempfile
    >>> with tempfile.TemporaryDirectory() as d:
    ...     check_out_dir(Path(d) / "reports").name
    'reports'
    >>> check_out_dir("project/data/raw/out", create=False)
    Traceback (most recent call last):
    ...
    cxresearch.errors.CXInputError: ...inside data/raw...
    >>> with tempfile.TemporaryDirectory() as d:  # the survey's own raw-data folder
    ...     try:
    ...         check_out_dir(Path(d) / "raw" / "out", data_files=[Path(d) / "raw" / "s.csv"])
    ...     except CXInputError:
    ...         print("refused")
    refused
    """
    out = Path(path).expanduser().resolve()
    if _raw_folder(out):
        raise CXInputError(Problem(where, f"the output folder {out} is inside data/raw",
                                   "write reports to another folder, e.g. reports/ (raw data "
                                   "is only ever read)", value=str(path)))
    project = Path(codebook).expanduser().resolve().parent if codebook else None
    for file in data_files:
        if file is None:
            continue
        folder = Path(file).expanduser().resolve().parent
        if out == folder or (folder != project and folder in out.parents):
            inside = "is" if out == folder else "is inside"
            raise CXInputError(Problem(where, f"the output folder {out} {inside} {folder}, "
                                       f"the folder of the raw data {Path(file).name}",
                                       "write reports to another folder, e.g. reports/ beside "
                                       "the codebook (raw data is only ever read)",
                                       value=str(path)))
    if out.exists() and not out.is_dir():
        raise CXInputError(Problem(where, f"{out} is a file, not a folder",
                                   "give a folder for the output", value=str(path)))
    if not out.exists() and not create:
        # only check that it could be made: the nearest existing folder above it is writable
        parent = next(p for p in out.parents if p.exists())
        if not parent.is_dir() or not os.access(parent, os.W_OK | os.X_OK):
            raise CXInputError(Problem(where, f"the output folder {out} cannot be created "
                                       f"({parent} is not a writable folder)",
                                       "give a folder you can write to", value=str(path)))
        return out
    if not out.exists():
        try:
            out.mkdir(parents=True, exist_ok=True)
        except OSError as err:
            raise CXInputError(Problem(where, f"the output folder {out} cannot be created "
                                       f"({err.strerror})", "give a folder you can write to",
                                       value=str(path))) from None
    try:
        fd, probe = tempfile.mkstemp(dir=out, prefix=".cx-write-test-")
        os.close(fd)
        os.unlink(probe)
    except OSError as err:
        raise CXInputError(Problem(where, f"the output folder {out} cannot be written "
                                   f"({err.strerror})", "give a folder you can write to, or "
                                   "fix its permissions", value=str(path))) from None
    return out


def safe_name(name: str, *, where: str = "--name") -> str:
    """Check a report file name given by the user (without ``.html``); return it.

    Refused: empty names, path separators, ``..``, absolute paths, a leading dot, control
    characters, names over 80 characters and the reserved names the batch writes itself
    (``index`` and the manifest).

    Parameters
    ----------
    name : str
        The report name, without ``.html``.
    where : str, default "--name"
        Where the name was given (an option or a YAML key), named in the error.

    Returns
    -------
    str
        ``name`` unchanged.

    Raises
    ------
    CXInputError
        When the name is refused, saying why and how to fix it.

    Examples
    --------
    >>> safe_name("nps-north")
    'nps-north'
    >>> safe_name("../x")
    Traceback (most recent call last):
    ...
    cxresearch.errors.CXInputError: ...
    """
    if not isinstance(name, str):
        raise CXInputError(Problem(where, f"the report name must be text, got "
                                   f"{type(name).__name__}", "write name: some-report"))
    why = None
    if not name.strip():
        why = "is empty"
    elif "/" in name or "\\" in name or os.sep in name or (os.altsep and os.altsep in name):
        why = "contains a path separator"
    elif name.startswith(".") or ".." in name:
        why = "starts with a dot or contains '..'"
    elif Path(name).is_absolute() or re.match(r"^[A-Za-z]:", name):
        why = "is an absolute path"
    elif any(unicodedata.category(c).startswith("C") for c in name):
        why = "contains control characters"
    elif len(name) > _MAX_NAME:
        why = f"is longer than {_MAX_NAME} characters"
    elif name.lower().removesuffix(".html") in RESERVED_NAMES:
        why = "is reserved (the batch writes that file itself)"
    if why:
        raise CXInputError(Problem(where, f"the report name {why}",
                                   "give a plain file name without folders, e.g. nps-north; "
                                   "reports are always written into the output folder",
                                   value=name[:40]))
    return name


def name_for_value(value: Any, *, max_len: int = 40) -> str:
    """A safe, bounded file-name part for a data value (a ``for_each`` group).

    ASCII letters, digits, ``-`` and ``_`` only; values that had to be changed or shortened
    get a short hash of the original, so two different values never share a name.

    Parameters
    ----------
    value : object
        The data value (made text with ``str``).
    max_len : int, default 40
        The longest slug kept before the hash is added (the result is at most
        ``max_len + 9`` characters).

    Returns
    -------
    str
        The file-name part: the lower-case slug, plus ``-`` and 8 hex digits of the value's
        SHA-256 when the slug differs from the value or is a reserved name.

    Examples
    --------
    >>> name_for_value("North")
    'north'
    >>> name_for_value("Nord/Süd $x$")[:11]
    'nord-sud-x-'
    >>> len(name_for_value("x" * 500)) <= 49
    True
    """
    text = str(value)
    ascii_ = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode()
    slug = re.sub(r"[^a-z0-9_]+", "-", ascii_.lower()).strip("-_")
    exact = slug == text.lower() and len(slug) <= max_len
    slug = slug[:max_len].strip("-_") or "group"
    if not exact or slug in RESERVED_NAMES:
        slug += "-" + hashlib.sha256(text.encode("utf-8")).hexdigest()[:8]
    return slug


def folder_lock(folder: str | Path, timeout: float = 600):
    """A lock on ``folder`` (a ``.cx-batch.lock`` file): two runs writing there take turns.

    Used as a context manager; waits up to ``timeout`` seconds, then raises
    :class:`CXInputError`.

    Parameters
    ----------
    folder : str or Path
        The folder to lock; it must exist.
    timeout : float, default 600
        Seconds to wait for another run to release the lock.

    Returns
    -------
    context manager
        Holds the lock inside a ``with`` block and releases it on leaving.

    Examples
    --------
    >>> import tempfile
    >>> with tempfile.TemporaryDirectory() as d:
    ...     with folder_lock(d, timeout=5):
    ...         (Path(d) / ".cx-batch.lock").exists()
    True
    """
    from filelock import FileLock, Timeout

    lock = FileLock(str(Path(folder) / ".cx-batch.lock"), timeout=timeout)

    class _Held:
        def __enter__(self):
            try:
                lock.acquire()
            except Timeout:
                raise CXInputError(Problem(str(folder), "another batch has been writing to "
                                           f"this folder for over {timeout:.0f} s",
                                           "wait for it to finish or use another folder")
                                   ) from None
            return lock

        def __exit__(self, *exc):
            lock.release()
            return False

    return _Held()
