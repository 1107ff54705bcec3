"""Vietnamese personal data: find it, redact it. Pure functions on ``str``.

>>> from vicorpus.pii import find_pii, redact
>>> redact("Liên hệ anh Nam, SĐT 0912.345.678, email nam@example.com")[0]
'Liên hệ anh Nam, SĐT <PHONE>, email <EMAIL>'

Kinds, formats and their sources: ``docs/pii.md`` and the module docstrings
(``phones``, ``identity``, ``finance``, ``plates``, ``network``, ``addresses``).
"""

from vicorpus.pii.finder import DEFAULT_KINDS, DEFAULT_PLACEHOLDERS, Redactor, find_pii, redact
from vicorpus.pii.spans import PiiKind, Span

__all__ = ["DEFAULT_KINDS", "DEFAULT_PLACEHOLDERS", "PiiKind", "Redactor", "Span", "find_pii", "redact"]
