"""The package version, in a base module so that any module can import it without a cycle.

Examples
--------
>>> from cxresearch.version import __version__
>>> __version__.count(".") >= 1
True
"""

__all__ = ["__version__"]

__version__ = "0.1.0"
