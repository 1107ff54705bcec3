"""Vietnamese letters and tone marks as lookup tables built once at import.

Vietnamese writes six tones (thanh điệu). Five are marks placed on one vowel letter of
the syllable; in Unicode they are the combining characters below, and NFC composes every
vowel letter with every tone into one precomposed code point (U+00C0-U+01B0 and the
Latin Extended Additional block U+1EA0-U+1EF9). The vowel letters themselves carry
"quality" marks that are part of the letter, not of the tone: breve (ă), circumflex
(â ê ô) and horn (ơ ư). ``đ`` is a separate letter (d with stroke), not a diacritic in
Unicode, so it has no decomposition and needs its own table entry.

Everything here is a dict or a ``str.translate`` table so callers do no per-character
Python work.
"""

from __future__ import annotations

import unicodedata
from typing import Final

# Tone numbers, in the traditional order of the Vietnamese alphabet primers.
NGANG: Final = 0  # level tone, no mark
HUYEN: Final = 1  # grave accent, U+0300
SAC: Final = 2  # acute accent, U+0301
HOI: Final = 3  # hook above, U+0309
NGA: Final = 4  # tilde, U+0303
NANG: Final = 5  # dot below, U+0323

TONE_NAMES: Final = ("ngang", "huyền", "sắc", "hỏi", "ngã", "nặng")
TONE_MARKS: Final = ("", "\u0300", "\u0301", "\u0309", "\u0303", "\u0323")

# The 12 vowel letters of the alphabet (Quốc ngữ): a ă â e ê i o ô ơ u ư y.
BASE_VOWELS_LOWER: Final = "aăâeêioôơuưy"
BASE_VOWELS: Final = BASE_VOWELS_LOWER + BASE_VOWELS_LOWER.upper()
# The 29 letters of the alphabet; f j w z are not in it (only in loanwords and names).
ALPHABET_LOWER: Final = "aăâbcdđeêghiklmnoôơpqrstuưvxy"
ALPHABET: Final = ALPHABET_LOWER + ALPHABET_LOWER.upper()

# base vowel -> its six forms, indexed by tone number ("a" -> ("a", "à", "á", "ả", "ã", "ạ")).
TONED: Final[dict[str, tuple[str, ...]]] = {
    base: tuple(unicodedata.normalize("NFC", base + mark) for mark in TONE_MARKS) for base in BASE_VOWELS
}
# every vowel letter, toned or not -> (base vowel, tone number)
SPLIT: Final[dict[str, tuple[str, int]]] = {
    form: (base, tone) for base, forms in TONED.items() for tone, form in enumerate(forms)
}
# the 120 vowel letters that carry a tone mark (60 lower case, 60 capitals)
TONED_VOWELS: Final = "".join(form for forms in TONED.values() for form in forms[1:])
# all 144 vowel letters, toned or not
ALL_VOWELS: Final = "".join(SPLIT)

# Every precomposed letter must be a single code point, or the tables would be wrong.
assert all(len(form) == 1 for form in SPLIT), "NFC did not compose a Vietnamese vowel"

_TONE_MARK_CHARS: Final = "".join(TONE_MARKS)

# Toned letter -> base letter; free-standing tone marks (NFD input) are deleted.
_STRIP_TONE_TABLE: Final[dict[int, int | None]] = {
    ord(form): ord(base) for form, (base, tone) in SPLIT.items() if tone != NGANG
} | dict.fromkeys(map(ord, _TONE_MARK_CHARS))


def _fold_table() -> dict[int, int | None]:
    """Every Latin letter with marks -> its ASCII letter; every combining mark -> deleted.

    Built from the Unicode decompositions of the Latin blocks (Latin-1 Supplement,
    Extended-A/B, Extended Additional), so it covers Vietnamese and the other Latin
    alphabets a Vietnamese corpus quotes (French, German, pinyin). đ/Đ have no
    decomposition and are added by hand.
    """
    table: dict[int, int | None] = {}
    for code in (*range(0xC0, 0x250), *range(0x1E00, 0x1F00)):
        letter = chr(code)
        parts = unicodedata.normalize("NFD", letter)
        base, marks = parts[0], parts[1:]
        if marks and base.isascii() and base.isalpha() and all(map(unicodedata.combining, marks)):
            table[code] = ord(base)
    table[ord("đ")] = ord("d")
    table[ord("Đ")] = ord("D")
    table.update(dict.fromkeys(range(0x300, 0x370)))  # Combining Diacritical Marks block
    return table


_STRIP_DIACRITICS_TABLE: Final = _fold_table()


def split_tone(letter: str) -> tuple[str, int]:
    """A precomposed letter -> (base letter, tone number): ``"ế"`` -> ``("ê", SAC)``.

    Letters that are not Vietnamese vowels come back unchanged with tone ``NGANG``.
    """
    return SPLIT.get(letter, (letter, NGANG))


def put_tone(base: str, tone: int) -> str:
    """A base vowel letter with a tone: ``put_tone("ơ", HUYEN)`` -> ``"ờ"``.

    Raises ``ValueError`` when ``base`` is not one of the 24 base vowel letters or the
    tone is not 0-5.
    """
    forms = TONED.get(base)
    if forms is None or not 0 <= tone <= NANG:
        raise ValueError(f"cannot put tone {tone!r} on {base!r}")
    return forms[tone]


def strip_tone(text: str) -> str:
    """Remove tone marks, keep the letters: ``"Nguyễn Việt"`` -> ``"Nguyên Viêt"``."""
    return text.translate(_STRIP_TONE_TABLE)


def strip_diacritics(text: str) -> str:
    """Remove every mark and fold đ to d: ``"Đường phố"`` -> ``"Duong pho"``.

    Also folds the marked letters of other Latin alphabets (``"Müller"`` -> ``"Muller"``)
    and deletes free-standing combining marks, so NFC and NFD input give the same result.
    """
    return text.translate(_STRIP_DIACRITICS_TABLE)
