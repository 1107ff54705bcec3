"""The Vietnamese letters outside ASCII, split the way the legacy encodings store them.

Every toned or marked Vietnamese letter is an ASCII base letter plus at most one
*quality* mark (breve ă, circumflex â ê ô, horn ơ ư) plus at most one *tone* mark
(acute, grave, hook above, tilde, dot below). Unicode NFC composes each combination
into one precomposed code point; ``đ``/``Đ`` (d with stroke) have no decomposition.
Two-byte and ASCII encodings (VNI, CP1258, VIQR) write these parts one by one, so
their tables are generated from this split instead of being typed out 134 times.
"""

from __future__ import annotations

import unicodedata
from typing import Final, NamedTuple

BREVE: Final = "\u0306"
CIRCUMFLEX: Final = "\u0302"
HORN: Final = "\u031b"
ACUTE: Final = "\u0301"  # sắc
GRAVE: Final = "\u0300"  # huyền
HOOK: Final = "\u0309"  # hỏi
TILDE: Final = "\u0303"  # ngã
DOT: Final = "\u0323"  # nặng
TONES: Final = (ACUTE, GRAVE, HOOK, TILDE, DOT)

# Which quality marks each base vowel takes in the Vietnamese alphabet (Quốc ngữ).
_QUALITIES: Final = {"a": ("", BREVE, CIRCUMFLEX), "e": ("", CIRCUMFLEX), "i": ("",),
                     "o": ("", CIRCUMFLEX, HORN), "u": ("", HORN), "y": ("",)}  # fmt: skip


class Split(NamedTuple):
    """One letter as base (``a``… or ``d`` for đ), quality mark and tone mark ("" = none)."""

    base: str
    quality: str
    tone: str


def _build() -> dict[str, Split]:
    split: dict[str, Split] = {}
    for lower, qualities in _QUALITIES.items():
        for base in (lower, lower.upper()):
            for quality in qualities:
                for tone in ("", *TONES):
                    if quality or tone:
                        letter = unicodedata.normalize("NFC", base + quality + tone)
                        assert len(letter) == 1, letter
                        split[letter] = Split(base, quality, tone)
    split["đ"] = Split("d", "", "")
    split["Đ"] = Split("D", "", "")
    return split


# The 134 non-ASCII letters of Vietnamese (67 lower case + 67 capitals) -> their parts.
SPLIT: Final[dict[str, Split]] = _build()
LETTERS: Final = "".join(SPLIT)
LOWER: Final = "".join(ch for ch in LETTERS if ch.islower())
assert len(SPLIT) == 134 and len(LOWER) == 67
