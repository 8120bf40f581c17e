"""Masking personal details that respondents typed into open answers.

Examples
--------
>>> redact("mail anna@example.com")
'mail [e-mail]'
"""

from __future__ import annotations

import re

__all__ = ["redact"]

_EMAIL = re.compile(r"[\w.+-]+@[\w-]+(\.[\w-]+)+")
_PHONE = re.compile(r"(\+?\(?\d[\d ()-]{6,}\d)")


def redact(text: str) -> str:
    """Mask e-mail addresses and phone numbers that respondents typed into open answers.

    Examples
    --------
    >>> redact("call me on +358 40 123 4567 or mail anna@example.com")
    'call me on [phone] or mail [e-mail]'
    """
    return _PHONE.sub("[phone]", _EMAIL.sub("[e-mail]", str(text)))
