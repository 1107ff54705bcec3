"""Is this token a Vietnamese syllable? Decided by the rules of the writing system.

A written Vietnamese syllable is  onset + [glide] + nucleus + [coda]  with a tone
(Nguyễn Đình Hòa, *Vietnamese: Tiếng Việt không son phấn*, 1997, ch. 2; Đoàn Thiện
Thuật, *Ngữ âm tiếng Việt*, 1977). The tables below write that structure down; at import
every allowed combination is spelled out once (3,412 toneless syllables, in 8 ms) into a
dict that also records which letter carries the tone, so a check is one dict lookup.
Nothing here comes from a word list: a syllable is accepted because its parts and their
combination are allowed, and rejected otherwise.

Spelling rules applied (Quy định chính tả tiếng Việt, Bộ Giáo dục, QĐ 240/1984, and the
textbook rules of QĐ 1989/QĐ-BGDĐT, 2018):
- /k/ is written k before i y e ê, q before the glide u, c elsewhere; likewise gh and ngh
  before i y e ê, g and ng elsewhere;
- the glide /w/ is written o before a ă e, u elsewhere, always u after q; it does not
  follow labial onsets (b m p ph v) except in a few loanwords (xe buýt, vải voan);
- gi is one onset: gi + a = gia, and it shares its i with a rhyme that starts with i
  (gìn = gi + in, giếng = gi + iêng);
- the diphthong iê is written yê when nothing precedes it or after the glide (yên,
  khuyên), and ia/ua/ưa in open syllables (kìa, mua, mưa);
- syllables ending in the stops p t c ch take only the sắc or nặng tone.
"""

from __future__ import annotations

import re
import unicodedata
from functools import lru_cache
from typing import Final, NamedTuple

from vicorpus.text.stream_safe import safe_nfc
from vicorpus.vietnamese.letters import BASE_VOWELS_LOWER, HOI, HUYEN, NANG, NGA, NGANG, SAC, SPLIT, TONED, strip_tone

_ONSETS: Final = (
    *("", "b", "c", "ch", "d", "đ", "g", "gh", "gi", "h", "k", "kh", "l", "m", "n"),
    *("ng", "ngh", "nh", "p", "ph", "qu", "r", "s", "t", "th", "tr", "v", "x"),
)
_LABIALS: Final = frozenset({"b", "m", "p", "ph", "v"})
_FRONT: Final = "ieêy"  # letters before which /k ɣ ŋ/ are written k gh ngh
_FRONT_ONLY: Final = frozenset({"k", "gh", "ngh"})
_NOT_FRONT: Final = frozenset({"c", "g", "ng"})
# Loanwords with a glide after a labial onset (xe buýt, vải voan, thùng phuy, tiền boa).
_LABIAL_GLIDE_LOANS: Final = frozenset({("b", "uyt"), ("v", "oan"), ("ph", "uy"), ("b", "oa")})
# Established spellings against the c/k and g/gh rules: gen (gene), and k before a back
# vowel in place names (Bắc Kạn, Kon Tum, Kông Chro, sông Ka Long), which QĐ 240/1984
# keeps as they are written locally.
_SPELLING_LOANS: Final = frozenset({("g", "en"), ("k", "a"), ("k", "an"), ("k", "on"), ("k", "ông")})

# Nucleus -> the codas it takes ("-" = open syllable), without a glide. From the rhyme
# tables of Đoàn Thiện Thuật (1977): short ă â never end a syllable, ch/nh follow only
# a ê i (front vowels: anh, ach spell /ɛɲ ɛk/), the diphthongs
# iê uô ươ need a coda and are spelled ia ua ưa when open. "oo" is the long o of
# xoong, boong, moóc; "ăk" is kept for the Central Highlands names Đắk Lắk, Đắk Nông.
_PLAIN_CODAS: Final = {
    "a": "- c ch i m n ng nh o p t u y",
    "ă": "c k m n ng p t",
    "â": "c m n ng p t u y",
    "e": "- c m n ng o p t",
    "ê": "- ch m n nh p t u",
    "i": "- ch m n nh p t u",
    "y": "-",
    "o": "- c i m n ng p t",
    "oo": "c ng",
    "ô": "- c i m n ng p t",
    "ơ": "- i m n p t",
    "u": "- c i m n ng p t",
    "ư": "- c i ng t u",
    "iê": "c m n ng p t u",
    "ia": "-",
    "uô": "c i m n ng t",
    "ua": "-",
    "ươ": "c i m n ng p t u",
    "ưa": "-",
}
# Glide + nucleus -> codas (hoa, hoặc, khoẻ, xuân, huế, thuỷ, khuya, khuyên, thuở).
_GLIDE_CODAS: Final = {
    "oa": "- c ch i m n ng nh o p t y",
    "oă": "c m n ng t",
    "oe": "- n o t",
    "uâ": "n ng t y",
    "uê": "- ch nh",
    "uy": "- ch nh t u a",
    "uyê": "n t",
    "uơ": "-",
}
# After qu the glide is the u of the onset, so the written rhyme starts at the nucleus
# (qua, quắp, quân, quen, quê, quều, quy, quýt, quỳnh, quyết, quờ, Quới, quốc; qui and
# quít are older spellings of quy and quýt, still common).
_QU_CODAS: Final = {
    "a": "- c ch i n ng nh o t u y",
    "ă": "c m n ng p t",
    "â": "n ng t y",
    "e": "- n o t",
    "ê": "- ch n nh t u",
    "i": "- t",
    "y": "- ch nh t",
    "yê": "n t",
    "ơ": "- i",
    "ô": "c",
}
# Open y instead of i is the traditional spelling after these onsets only (y tá, hy
# vọng, kỳ, lý, mỹ, sỹ, tỷ, Thy, Vy); elsewhere i (bi, chi, di, ghi, nghi).
_Y_ONSETS: Final = frozenset({"", "h", "k", "l", "m", "s", "t", "th", "v"})
_STOPS: Final = ("c", "ch", "p", "t", "k")
_MARKED: Final = "ăâêôơư"  # vowel letters with a quality mark; they take the tone
# Open glide syllables where the two tone styles differ: old hòa khỏe thủy, new hoà khoẻ thuỷ.
_STYLE_RHYMES: Final = frozenset({"oa", "oe", "uy"})


def _rhymes(table: dict[str, str]) -> list[str]:
    return [nucleus + ("" if coda == "-" else coda) for nucleus, codas in table.items() for coda in codas.split()]


def _tone_at(rhyme: str, start: int, glided: bool) -> tuple[int, int]:
    """Where the tone goes in ``rhyme`` (spelled from index ``start``): (old style, new style).

    The rules of Unikey/the Ministry: on the marked vowel (the last one: ơ of ươ); else
    on the last vowel when a consonant ends the syllable; else on the middle vowel of
    three; else on the first of two, except open oa/oe/uy (old: first, new: second).
    """
    vowels = [i for i, letter in enumerate(rhyme) if letter in BASE_VOWELS_LOWER]
    marked = [i for i in vowels if rhyme[i] in _MARKED]
    if marked:
        at = marked[-1]
    elif rhyme[-1] not in BASE_VOWELS_LOWER:
        at = vowels[-1]
    elif len(vowels) == 3:
        at = vowels[1]
    elif glided and rhyme in _STYLE_RHYMES:
        return start + vowels[0], start + vowels[1]
    else:
        at = vowels[0]
    return start + at, start + at


def _build() -> dict[str, tuple[bool, int, int]]:
    """Every toneless lower-case syllable -> (ends in a stop, tone index old, tone index new)."""
    table: dict[str, tuple[bool, int, int]] = {}

    def add(spelled: str, rhyme: str, start: int, glided: bool) -> None:
        # setdefault: when two analyses spell the same string (gi + u / g + iu) the first wins
        table.setdefault(spelled, (rhyme.endswith(_STOPS), *_tone_at(rhyme, start, glided)))

    shared_i: list[tuple[str, str]] = []
    for onset in _ONSETS:
        if onset == "qu":
            for rhyme in _rhymes(_QU_CODAS):
                add(onset + rhyme, rhyme, 2, False)
            continue
        for rhyme in _rhymes(_PLAIN_CODAS):
            front = rhyme[0] in _FRONT
            misspelt = (onset in _FRONT_ONLY and not front) or (onset in _NOT_FRONT and front)
            if misspelt and (onset, rhyme) not in _SPELLING_LOANS:
                continue
            if onset == "gi" and rhyme[0] in "iy":
                if rhyme[0] == "i" and rhyme != "ia":
                    shared_i.append((rhyme, "g" + rhyme))  # gìn, giếng: i belongs to both
                continue
            if rhyme == "y" and onset not in _Y_ONSETS:
                continue
            if rhyme.startswith("iê") and not onset:
                if rhyme[2:] not in ("m", "n", "ng", "t", "u"):
                    continue
                rhyme = "y" + rhyme[1:]  # yên, yêu, yết, yếm, yểng
            add(onset + rhyme, rhyme, len(onset), False)
        for rhyme in _rhymes(_GLIDE_CODAS):
            if onset in ("c", "k", "gh", "ngh", "gi") or (onset == "g" and rhyme[0] != "o"):
                continue
            if onset in _LABIALS and (onset, rhyme) not in _LABIAL_GLIDE_LOANS:
                continue
            add(onset + rhyme, rhyme, len(onset), True)
    for rhyme, spelled in shared_i:
        add(spelled, rhyme, 1, False)
    return table


_SYLLABLES: Final = _build()
_STOP_TONES: Final = (SAC, NANG)
_ALL_TONES: Final = (NGANG, HUYEN, SAC, HOI, NGA, NANG)


def style_dependent_syllables() -> list[tuple[str, int, int]]:
    """(toneless lower-case syllable, tone index old style, tone index new style) for the
    syllables where the two differ (open oa, oe, uy after a glide: hoa, khoe, thuy)."""
    return [(bare, old_at, new_at) for bare, (_, old_at, new_at) in _SYLLABLES.items() if old_at != new_at]


class Syllable(NamedTuple):
    """A token analysed as a Vietnamese syllable."""

    word: str  # the token in NFC, case kept
    bare: str  # lower case, tone mark removed: the key of the syllable table
    tone: int  # tone number (letters.NGANG ... letters.NANG)
    tone_at: int  # index of the letter that carries the tone mark, -1 for ngang
    old_at: int  # index where the tone belongs in the old style (hòa)
    new_at: int  # index where the tone belongs in the new style (hoà)


@lru_cache(maxsize=1 << 16)
def parse_syllable(token: str) -> Syllable | None:
    """Analyse ``token`` as one Vietnamese syllable; ``None`` when it is not one.

    Any case and any Unicode form. The tone mark may sit on any vowel letter (``hòan`` is
    parsed as ``hoàn`` with the tone misplaced): the tone belongs to the syllable, and its
    position is checked separately. More than one tone mark is not a syllable.
    """
    word = token if unicodedata.is_normalized("NFC", token) else safe_nfc(token)
    lower = word.lower()
    if len(lower) != len(word):  # İ and a few others lower-case to two code points
        return None
    bare = strip_tone(lower)
    entry = _SYLLABLES.get(bare)
    if entry is None or len(bare) != len(lower):  # a tone mark left loose on a consonant
        return None
    tone, tone_at = NGANG, -1
    if bare != lower:
        marked = [i for i, (a, b) in enumerate(zip(lower, bare, strict=True)) if a != b]
        if len(marked) != 1:
            return None
        tone_at = marked[0]
        tone = SPLIT[lower[tone_at]][1]
    stop, old_at, new_at = entry
    if stop and tone not in _STOP_TONES:
        return None
    return Syllable(word, bare, tone, tone_at, old_at, new_at)


def toneless_syllables() -> list[tuple[str, tuple[int, ...]]]:
    """Every toneless lower-case syllable (the key of the table) with the tones it takes:
    all six, or only sắc and nặng when it ends in a stop."""
    return [(bare, _STOP_TONES if stop else _ALL_TONES) for bare, (stop, _, _) in _SYLLABLES.items()]


def syllable_forms() -> list[str]:
    """Every lower-case NFC string ``parse_syllable`` accepts (24,009), spelled out from
    the table by its rules: each toneless syllable with each tone it takes, the mark on
    any one of its vowel letters (a misplaced mark is still the syllable)."""
    forms: list[str] = []
    for bare, tones in toneless_syllables():
        if NGANG in tones:
            forms.append(bare)
        for at, letter in enumerate(bare):
            if letter in BASE_VOWELS_LOWER:
                head, tail = bare[:at], bare[at + 1 :]
                forms += [head + TONED[letter][tone] + tail for tone in tones if tone != NGANG]
    return forms


_UNMARK: Final = str.maketrans("ăâêôơưđ", "aaeoouđ".replace("đ", "d"))
# Every syllable with all its marks removed (hoàn -> hoan, người -> nguoi, đường -> duong):
# the forms of Vietnamese typed without diacritics ("khong dau").
UNACCENTED_SYLLABLES: Final = frozenset(bare.translate(_UNMARK) for bare in _SYLLABLES)


def is_unaccented_syllable(token: str) -> bool:
    """True when ``token`` (ASCII letters, any case) is a Vietnamese syllable written
    without diacritics: ``muon`` (muốn), ``duoc`` (được), ``cac`` (các)."""
    return token.isascii() and token.lower() in UNACCENTED_SYLLABLES


class _Valid(dict[str, bool]):
    """token -> is a syllable: corpus-scale callers pay one dict lookup per word."""

    def __missing__(self, token: str) -> bool:
        if len(self) >= 1 << 17:  # bounded: the tail of a corpus vocabulary is unbounded
            self.clear()
        valid = self[token] = parse_syllable(token) is not None
        return valid


_VALID: Final = _Valid()


def is_valid_syllable(token: str, *, strict: bool = False) -> bool:
    """True when ``token`` is a well-formed Vietnamese syllable (any case, NFC or NFD).

    Both tone styles are accepted (hòa and hoà). A tone mark on the wrong vowel of a valid
    syllable (``hòan``, a typing slip, still Vietnamese) is accepted unless ``strict``.
    """
    if not strict:
        return _VALID[token]
    parsed = parse_syllable(token)
    return parsed is not None and parsed.tone_at in (-1, parsed.old_at, parsed.new_at)


# Letters (any script); digits and "_" split words. A combining mark that NFC could not
# compose stays inside its word, which is then not a syllable. The simpler pattern is
# 1.5x faster and serves the texts without such marks (nearly all).
_LETTERS_RE: Final = re.compile(r"[^\W\d_]+")
_LETTERS_AND_MARKS_RE: Final = re.compile(r"(?:[^\W\d_]|[\u0300-\u036f])+")
_MARK_RE: Final = re.compile(r"[\u0300-\u036f]")


def syllables(text: str) -> list[str]:
    """The letter runs of ``text``, in NFC: the candidate syllables, whatever their language."""
    if not unicodedata.is_normalized("NFC", text):
        text = safe_nfc(text)
    return (_LETTERS_AND_MARKS_RE if _MARK_RE.search(text) else _LETTERS_RE).findall(text)


def valid_syllable_share(text: str) -> float:
    """Share of the letter runs of ``text`` that are Vietnamese syllables; 0.0 when there are none."""
    words = syllables(text)
    return sum(map(_VALID.__getitem__, words)) / len(words) if words else 0.0
