"""The base of the documented result types that analysis functions return besides a frame.

A function whose answer is more than one table (the tables, the fitted models, a verdict)
returns a small frozen dataclass whose attributes its docstring lists: tidy DataFrames,
statsmodels results and plain values, with any bootstrap draws in a field of their own
(never in ``DataFrame.attrs``, which concat and merge drop). The conformance test
(``tests/test_conformance.py``) checks that every analysis function returns a frame or one
of these.

Earlier releases returned plain dicts. :class:`Result` keeps dict-style reading
(``res["slopes"]``, ``res.get("did")``, ``"promoter" in res``, ``res.keys()``) working for
one release with a :class:`DeprecationWarning` that names the attribute to use instead.

Examples
--------
>>> import dataclasses, warnings
>>> @dataclasses.dataclass(frozen=True, eq=False)
... class Demo(Result):
...     _optional = ("note",)
...     value: float
...     note: str | None = None
>>> r = Demo(1.5)
>>> r.value
1.5
>>> with warnings.catch_warnings(record=True) as caught:
...     warnings.simplefilter("always")
...     r["value"], "note" in r, r.get("missing", 0)
(1.5, False, 0)
>>> str(caught[0].message)
"Demo['value'] is deprecated: use the attribute .value (dict-style access goes in the next release)"
"""

from __future__ import annotations

import dataclasses
import warnings
from collections.abc import Iterator
from typing import Any, ClassVar

__all__ = ["Result", "Deprecated"]


class Result:
    """Mixin of the result dataclasses: attributes, plus deprecated dict-style reading.

    ``_renamed`` maps an old dict key to the attribute that replaced it (the key and the
    attribute are the same name otherwise). A field in ``_optional`` whose value is None
    reads as a missing key (``in`` is False, ``get`` gives the default, ``[]`` a KeyError),
    as such keys of the old dicts were absent.

    Examples
    --------
    >>> import dataclasses
    >>> @dataclasses.dataclass(frozen=True, eq=False)
    ... class Pair(Result):
    ...     a: int
    ...     b: int | None = None
    >>> Pair(1).fields()
    ['a', 'b']
    """

    _renamed: ClassVar[dict[str, str]] = {}
    _optional: ClassVar[tuple[str, ...]] = ()

    def fields(self) -> list[str]:
        """The attribute names, in order.

        Returns
        -------
        list of str
            The dataclass field names.

        Examples
        --------
        >>> import dataclasses
        >>> @dataclasses.dataclass(frozen=True)
        ... class One(Result):
        ...     x: int
        >>> One(3).fields()
        ['x']
        """
        return [f.name for f in dataclasses.fields(self)]

    def _attr(self, key: Any) -> str:
        name = self._renamed.get(key, key)
        warnings.warn(f"{type(self).__name__}[{key!r}] is deprecated: use the attribute ."
                      f"{name} (dict-style access goes in the next release)",
                      DeprecationWarning, stacklevel=3)
        return name

    def _has(self, name: str) -> bool:
        return name in self.fields() and not (name in self._optional
                                              and getattr(self, name) is None)

    def _present(self) -> list[str]:
        old = {v: k for k, v in self._renamed.items()}
        return [old.get(n, n) for n in self.fields() if self._has(n)]

    def __getitem__(self, key: str) -> Any:
        name = self._attr(key)
        if not self._has(name):
            raise KeyError(key)
        return getattr(self, name)

    def get(self, key: str, default: Any = None) -> Any:
        """Deprecated dict-style ``get``: the attribute, or ``default`` when it is absent.

        Parameters
        ----------
        key : str
            The old dict key.
        default : object
            What to return when the result has no such value.

        Returns
        -------
        object
            The attribute's value or ``default``.

        Examples
        --------
        >>> import dataclasses, warnings
        >>> @dataclasses.dataclass(frozen=True)
        ... class One(Result):
        ...     _optional = ("x",)
        ...     x: int | None = None
        >>> with warnings.catch_warnings():
        ...     warnings.simplefilter("ignore")
        ...     One().get("x", 7)
        7
        """
        name = self._attr(key)
        return getattr(self, name) if self._has(name) else default

    def __contains__(self, key: object) -> bool:
        warnings.warn(f"'{key}' in {type(self).__name__} is deprecated: use its attributes "
                      "(an absent model is None)", DeprecationWarning, stacklevel=2)
        return key in self._present()

    def keys(self) -> list[str]:
        """Deprecated dict-style ``keys``: the old keys that have a value.

        Returns
        -------
        list of str
            Keys as the old dict had them (absent optional ones left out).

        Examples
        --------
        >>> import dataclasses, warnings
        >>> @dataclasses.dataclass(frozen=True)
        ... class One(Result):
        ...     x: int = 1
        >>> with warnings.catch_warnings():
        ...     warnings.simplefilter("ignore")
        ...     One().keys()
        ['x']
        """
        warnings.warn(f"{type(self).__name__}.keys() is deprecated: use its attributes",
                      DeprecationWarning, stacklevel=2)
        return self._present()

    def __iter__(self) -> Iterator[str]:
        warnings.warn(f"iterating over a {type(self).__name__} is deprecated: use its "
                      "attributes", DeprecationWarning, stacklevel=2)
        return iter(self._present())


class Deprecated:
    """A value kept readable at its old place for one release, warning when it is used.

    Bootstrap draws used to travel in ``DataFrame.attrs``; they are now returned explicitly
    (e.g. ``relative_importance(..., return_draws=True)``). The old ``attrs["boot"]`` holds
    this wrapper instead of the frame: reading from it (an attribute, ``[]``, ``len``,
    ``np.asarray``) gives the old value's answer with a :class:`DeprecationWarning` saying
    what to use. It is not an array itself, so the draws are not mistaken for a field of
    the result (the conformance test lets only this wrapper stand in ``attrs``).

    Parameters
    ----------
    value : object
        The old value (a DataFrame of draws).
    message : str
        The warning: what is deprecated and what to use instead.

    Examples
    --------
    >>> import warnings
    >>> import pandas as pd
    >>> old = Deprecated(pd.DataFrame({"a": [1.0, 2.0]}), "attrs['boot'] is deprecated")
    >>> with warnings.catch_warnings(record=True) as caught:
    ...     warnings.simplefilter("always")
    ...     float(old["a"].sum()), old.shape
    (3.0, (2, 1))
    >>> str(caught[0].message)
    "attrs['boot'] is deprecated"
    """

    __slots__ = ("_value", "_message")

    def __init__(self, value: Any, message: str) -> None:
        object.__setattr__(self, "_value", value)
        object.__setattr__(self, "_message", message)

    @property
    def wrapped(self) -> Any:
        """The old value, without a warning (for the package's own deprecated paths).

        Returns
        -------
        object
            The value given to the constructor.

        Examples
        --------
        >>> Deprecated([1, 2], "old").wrapped
        [1, 2]
        """
        return self._value

    def _warn(self) -> Any:
        warnings.warn(self._message, DeprecationWarning, stacklevel=3)
        return self._value

    def __getattr__(self, name: str) -> Any:
        if name.startswith("__") or name in ("_value", "_message"):
            raise AttributeError(name)
        return getattr(self._warn(), name)

    def __getitem__(self, key: Any) -> Any:
        return self._warn()[key]

    def __len__(self) -> int:
        return len(self._warn())

    def __array__(self, dtype: Any = None, copy: Any = None) -> Any:
        import numpy as np

        return np.asarray(self._warn(), dtype=dtype)

    def __deepcopy__(self, memo: dict) -> Deprecated:
        # pandas deep-copies attrs on every operation: the wrapped draws are read-only
        return self

    def __reduce__(self) -> tuple:
        return (Deprecated, (self._value, self._message))

    def __repr__(self) -> str:
        return f"Deprecated({type(self._value).__name__}: {self._message})"
