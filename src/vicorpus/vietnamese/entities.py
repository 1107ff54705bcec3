"""HTML character references left in extracted text (``Vi&#7879;t``, ``&agrave;``).

Only references that stand for letters, combining marks, spaces or typographic
punctuation are decoded. ``&amp; &lt; &gt; &quot; &apos;`` stay: in source code and
markup they are the text itself, and decoding them would change clean documents.
"""

from __future__ import annotations

import html
import re
import unicodedata

# Also valid RE2 syntax: the fast path of ``fix_text`` searches for it.
REFERENCE_PATTERN = r"&(?:#[0-9]{1,7}|#[xX][0-9a-fA-F]{1,6}|[A-Za-z][A-Za-z0-9]{1,31});"
_REFERENCE_RE = re.compile(REFERENCE_PATTERN)
_KEEP_AS_WRITTEN = frozenset({"&amp;", "&lt;", "&gt;", "&quot;", "&apos;"})
_DECODABLE_CATEGORIES = ("L", "M", "Zs", "Pd", "Pi", "Pf")


def _decoded(reference: str) -> str | None:
    if reference.lower() in _KEEP_AS_WRITTEN:
        return None
    value = html.unescape(reference)
    if value == reference or len(value) != 1:
        return None
    category = unicodedata.category(value)
    if category.startswith(_DECODABLE_CATEGORIES) or value == "…":
        return value
    return None


def decode_entities(text: str) -> tuple[str, int]:
    """Decode letter-like character references; returns the text and how many."""
    if "&" not in text or not _REFERENCE_RE.search(text):
        return text, 0
    count = 0

    def replace(match: re.Match[str]) -> str:
        nonlocal count
        value = _decoded(match.group(0))
        if value is None:
            return match.group(0)
        count += 1
        return value

    return _REFERENCE_RE.sub(replace, text), count
