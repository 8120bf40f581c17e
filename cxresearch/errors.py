"""User-facing errors: one readable message per problem in the input.

Every check in cxresearch that fails because of the *user's* input (a file, a codebook, a
parameter) raises :class:`CXInputError`. It carries a list of :class:`Problem` records so that
all problems are reported at once, and the ``cx`` command turns it into exit code 2 with the
message and no traceback.

Examples
--------
>>> err = CXInputError([Problem("survey.csv", "column 'ltr' is missing", "add it", column="ltr")])
>>> print(err)
survey.csv, column 'ltr': column 'ltr' is missing
  fix: add it
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field

__all__ = ["CXInputError", "Problem", "describe_rows", "renamed"]


@dataclass(frozen=True)
class Problem:
    """One problem in the user's input.

    Parameters
    ----------
    where : str
        The file (or parameter set) the problem is in.
    what : str
        What is wrong, in one sentence.
    fix : str
        How to fix it.
    column : str, optional
        The column (or codebook key) concerned.
    rows : tuple of int
        1-based data rows (the header is not counted), at most a few shown.
    value : object, optional
        An example of the bad value.
    n_rows : int, optional
        How many rows have the problem in all (``rows`` shows the first few).
    key : str, optional
        The message key of the problem in the catalogs: a report says it from
        ``err.<key>.what`` and ``err.<key>.fix`` in its own language
        (:func:`cxresearch.i18n.problem_text`); ``what`` and ``fix`` stay the English text of
        the command line, exceptions and logs.
    params : mapping
        The values of the messages' placeholders: column names and other names as text,
        counts as numbers and dates as dates (a report writes them the way its language
        does). Never an answer of a respondent.

    Examples
    --------
    >>> p = Problem("survey.csv", "not a number", "correct the value", column="ltr",
    ...             rows=(3,), value="ten")
    >>> print(p)
    survey.csv, column 'ltr', row 3: not a number (e.g. 'ten')
      fix: correct the value
    >>> Problem("data", "only 4 respondents answered in two waves", "use a panel",
    ...         key="carryover.few_pairs", params={"n": 4}).params["n"]
    4
    """

    where: str
    what: str
    fix: str
    column: str | None = None
    rows: tuple[int, ...] = field(default_factory=tuple)
    value: object = None
    n_rows: int | None = None
    key: str | None = None
    params: Mapping[str, object] = field(default_factory=dict, hash=False, compare=False)

    def __str__(self) -> str:
        head = self.where
        if self.column:
            head += f", column '{self.column}'"
        if self.rows:
            head += f", {describe_rows(self.rows, self.n_rows)}"
        text = f"{head}: {self.what}"
        if self.value is not None:
            text += f" (e.g. {self.value!r})"
        return f"{text}\n  fix: {self.fix}"

    def to_dict(self) -> dict:
        """The problem as a JSON-friendly record."""
        return {
            "where": self.where,
            "column": self.column,
            "rows": list(self.rows),
            "n_rows": self.n_rows if self.n_rows is not None else len(self.rows),
            "value": None if self.value is None else str(self.value),
            "what": self.what,
            "fix": self.fix,
            "key": self.key,
        }


def describe_rows(rows: Sequence[int], total: int | None = None, limit: int = 5) -> str:
    """Describe 1-based data row numbers briefly.

    Parameters
    ----------
    rows : sequence of int
        1-based row numbers of the data file (as a user sees them in a spreadsheet).
    total : int, optional
        The number of such rows when ``rows`` is only a sample of them.
    limit : int
        How many row numbers to list before "and N more" (default 5).

    Returns
    -------
    str
        E.g. ``'rows 3, 9 and 2 more'``; never the rows' contents.

    Examples
    --------
    >>> describe_rows([3, 9, 12, 40, 41, 42, 50])
    'rows 3, 9, 12, 40, 41 and 2 more'
    >>> describe_rows([7])
    'row 7'
    """
    rows = list(rows)
    total = len(rows) if total is None else total
    shown = ", ".join(str(r) for r in rows[:limit])
    word = "row" if total == 1 else "rows"
    more = f" and {total - limit} more" if total > limit else ""
    return f"{word} {shown}{more}"


class CXInputError(ValueError):
    """Bad user input: carries every problem found, each with where, what and how to fix.

    Subclasses :class:`ValueError` so that generic callers can still catch it.

    Parameters
    ----------
    problems : Problem or iterable of Problem
        Every problem found (reported together).

    Examples
    --------
    >>> err = CXInputError([Problem("cb.yaml", "no outcomes", "add 'outcomes:'"),
    ...                     Problem("cb.yaml", "no data", "add 'data:'")])
    >>> len(err.problems), err.to_records()[1]["what"]
    (2, 'no data')
    """

    def __init__(self, problems: Problem | Iterable[Problem]):
        if isinstance(problems, Problem):
            problems = [problems]
        self.problems: list[Problem] = list(problems)
        super().__init__(str(self))

    def __str__(self) -> str:
        return "\n".join(str(p) for p in self.problems)

    def to_records(self) -> list[dict]:
        """All problems as JSON-friendly records."""
        return [p.to_dict() for p in self.problems]


def renamed(function: str, old: str, old_value: object, new: str, new_value: object, *,
            default: object = None, convert: object = None, stacklevel: int = 3) -> object:
    """The value of a renamed keyword argument, accepting the old name for one release.

    The old name still works with a :class:`DeprecationWarning` that names the new one; both
    given is a :class:`CXInputError`.

    Parameters
    ----------
    function : str
        The function's name, for the messages.
    old, new : str
        The deprecated and the current argument name.
    old_value, new_value : object
        The values passed under each name (``default`` when not passed).
    default : object
        The value that means "not passed" (``None`` unless the new argument has another
        default, e.g. ``level=0.95``).
    convert : callable, optional
        Turns an old value into a new one (``alpha`` → ``level = 1 - alpha``).
    stacklevel : int
        Passed to :func:`warnings.warn`: 3 points at the caller of ``function``.

    Returns
    -------
    object
        ``new_value``, or the (converted) ``old_value`` when only the old name was given.

    Raises
    ------
    CXInputError
        When both names are given.

    Examples
    --------
    >>> import warnings
    >>> with warnings.catch_warnings(record=True) as caught:
    ...     warnings.simplefilter("always")
    ...     renamed("nps", "score", "ltr", "outcome", None)
    'ltr'
    >>> str(caught[0].message)
    'nps(score=...) is deprecated: use outcome=... (the old name goes in the next release)'
    >>> renamed("nps", "score", None, "outcome", "ltr")
    'ltr'
    """
    if old_value is None:
        return new_value
    if new_value is not default and new_value is not None:
        raise CXInputError(Problem("parameters", f"{function}() got both {old}= and {new}=",
                                   f"pass only {new}= ({old}= is its deprecated old name)",
                                   column=old))
    import warnings

    warnings.warn(f"{function}({old}=...) is deprecated: use {new}=... (the old name goes in "
                  "the next release)", DeprecationWarning, stacklevel=stacklevel)
    return convert(old_value) if callable(convert) else old_value
