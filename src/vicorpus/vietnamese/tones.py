"""Put each syllable's tone mark on the right vowel, in a chosen tone style.

Where the mark goes (the rules Unikey applies and the Ministry of Education spelling
rules state, QĐ 240/1984 and QĐ 1989/QĐ-BGDĐT of 2018): on the vowel with a quality
mark (ă â ê ô ơ ư; on ơ in ươ); else on the last vowel when a consonant ends the
syllable (hoàn, khoét); else on the middle vowel of three (ngoài, khuỷu); else on the
first of two (mùa, tài). The onsets qu and gi are not part of the nucleus (quý, quả,
giá, giữ; in gìn the i is shared and is the only vowel).

Open syllables with a glide, oa oe uy, are the one place where usage differs. The tone
on the first vowel (hòa, khỏe, thủy) is the long-standing practice of the press and of
most dictionaries, "kiểu cũ" (old style) in Unikey; the tone on the main vowel (hoà,
khoẻ, thuỷ) is the Ministry's rule, "kiểu mới" (new style). ``style`` is ``"old"``
(default), ``"new"``, or ``"keep"`` (fix misplaced marks only, leave oa/oe/uy as written).

Only tokens that are Vietnamese syllables once the mark is moved are changed, so words
of other languages, abbreviations, URLs and e-mail addresses keep their marks.

Speed: a correct text is recognised by one regex search that stops only at tone marks
in a suspicious position (next to another vowel, in a way the rules never produce). Only
the tokens found there are looked up, in a per-style cache of token -> fixed token.
``SUSPECT_RE2_PATTERNS`` states the same positions for RE2, for the fast path of
``fix_text``; keep the two in step (``tests/test_vi_fast_path.py`` checks it).
"""

from __future__ import annotations

import re
import unicodedata
from bisect import bisect_right
from typing import Final

from vicorpus.text.stream_safe import safe_nfc
from vicorpus.vietnamese.letters import NANG, NGANG, TONED, strip_tone
from vicorpus.vietnamese.syllables import Syllable, is_valid_syllable, parse_syllable, style_dependent_syllables

TONE_STYLES: Final = ("old", "new", "keep")


def _letters(bases: str, *, toned: bool = True, plain: bool = False) -> str:
    """The forms of ``bases`` in both cases: with the five tone marks, and/or without."""
    forms = []
    for base in bases + bases.upper():
        if plain:
            forms.append(TONED[base][0])
        if toned:
            forms.extend(TONED[base][1:])
    return "".join(forms)


# Character classes of the suspicious-position search (both cases).
_T = _letters("aăâeêioôơuưy")  # any toned vowel: where a search stops
_V = _letters("aăâeêioôơuưy", plain=True)  # any vowel
_TU = _letters("aeiouy")  # toned vowel without quality mark
_M = _letters("ăâêôơư", plain=True)  # vowel with quality mark, toned or not
_U0 = _letters("aeiouy", toned=False, plain=True)  # plain vowel, no tone
_LETTER = r"[^\W\d_]"
# Conditions checked right after a toned vowel X; each is a position the rules of the
# module docstring never produce, so a correct text has no match. Grouped by what is
# next to X, so that the common case (X between consonants) costs three checks.
_BEFORE_VOWEL = (  # X is followed by a vowel
    f"(?<=[{_letters('ư')}])(?=[{_letters('ơ', plain=True)}])",  # ựơ: ươ takes it on ơ
    f"(?<=[{_TU}])(?=[{_M}])",  # ịê, ụô: the marked vowel takes it
    f"(?<=[{_TU}])(?=[{_U0}]{_LETTER})",  # hòan, ngòai, gíup: not the last vowel before more
    f"(?<=[gG][{_letters('i')}])(?=[{_U0}])",  # gìa: the i of gi only in gì, gìn
)
_AFTER_VOWEL = (  # X follows a vowel
    f"(?<=[{_M}][{_TU}])",  # âù, ươì
    # vaò, cuả, ngaỳ: the last of two or three open vowels; but quả, già are right, and
    # so are hoà, thuỷ (the new style)
    f"(?<=[{_U0}][{_TU}])(?!{_LETTER})(?<![qQ][uU].)(?<![gG][iI].)"
    f"(?<![oO][{_letters('ae')}])(?<![uU][{_letters('y')}])",
)
_AFTER_Q = f"(?<=[qQ][{_letters('u')}])"  # qủa, qúy: the u of qu never takes it
_NEW_STYLE_FORMS = (  # hoà, khoẻ, thuỷ: X follows a vowel; changed in the old style
    f"(?<=[oO][{_letters('ae')}])(?!{_LETTER})",
    f"(?<=[uU][{_letters('y')}])(?!{_LETTER})(?<![qQ][uU].)",
)
_OLD_STYLE_FORMS = (  # hòa, khỏe, thủy: X is followed by a vowel; changed in the new style
    f"(?<=[{_letters('o')}])(?=[aAeE](?!{_LETTER}))",
    f"(?<=[{_letters('u')}])(?=[yY](?!{_LETTER}))",
)


def _suspect(before_vowel: tuple[str, ...], after_vowel: tuple[str, ...]) -> re.Pattern[str]:
    return re.compile(
        f"[{_T}](?:(?=[{_V}])(?:{'|'.join(before_vowel)})|(?<=[{_V}].)(?:{'|'.join(after_vowel)})|(?<=[qQ].){_AFTER_Q})"
    )


_SUSPECT: Final = {
    "old": _suspect(_BEFORE_VOWEL, _AFTER_VOWEL + _NEW_STYLE_FORMS),
    "new": _suspect(_BEFORE_VOWEL + _OLD_STYLE_FORMS, _AFTER_VOWEL),
    "keep": _suspect(_BEFORE_VOWEL, _AFTER_VOWEL),
}


def _re2_class(characters: str) -> str:
    return "[" + "".join(f"\\x{{{ord(c):x}}}" for c in sorted(set(characters))) + "]"


def suspect_re2_pattern(style: str, *, after: str = r"[\pL\pN]", not_letter: str = r"[^\pL\n]") -> str:
    """The positions of ``_SUSPECT[style]`` as an RE2 pattern (no look-arounds).

    It matches wherever ``_SUSPECT`` matches, and may match more: it is only the gate
    of the fast path in ``fix_text``, which runs the exact search when it fires. Letters
    after a mark are ``[\\pL\\pN]`` (a superset of Python's ``[^\\W\\d_]``) and a word end
    is any non-letter (a superset of its complement), so the gate never says less. No
    match holds a newline, so each names one line. ``after`` and ``not_letter`` replace
    those two classes (``vietnamese.gates`` spells them out for engines with other
    Unicode tables).
    """
    tu, u0, m = _re2_class(_TU), _re2_class(_U0), _re2_class(_M)
    end = f"(?m:{not_letter}|$)"  # never takes the newline: a match stays on its line
    tu_but_ae = _re2_class("".join(c for c in _TU if c not in _letters("ae")))
    tu_but_y = _re2_class("".join(c for c in _TU if c not in _letters("y")))
    keeps_new_forms = style != "old"  # hoà, thuỷ are suspect only in the old style
    alternatives = [
        _re2_class(_letters("ư")) + _re2_class(_letters("ơ", plain=True)),  # ựơ
        tu + m,  # ịê
        tu + u0 + after,  # hòan
        "[gG]" + _re2_class(_letters("i")) + u0,  # gìa
        m + tu,  # âù
        # vaò, cuả at a word end; quả, già are right
        "[aeyAEY]" + tu + end,
        "[oO]" + (tu_but_ae if keeps_new_forms else tu) + end,
        "(?m:^|[^qQ\n])[uU]" + (tu_but_y if keeps_new_forms else tu) + end,
        "(?m:^|[^gG\n])[iI]" + tu + end,
        "[qQ]" + _re2_class(_letters("u")),  # qủa
    ]
    if style == "new":  # hòa, thủy are suspect in the new style
        alternatives += [_re2_class(_letters("o")) + "[aAeE]" + end, _re2_class(_letters("u")) + "[yY]" + end]
    return "|".join(alternatives)


# RE2 patterns that match (at least) where ``_SUSPECT`` does, for the fast path of fix_text.
SUSPECT_RE2_PATTERNS: Final = {style: suspect_re2_pattern(style) for style in TONE_STYLES}

# A token: a run of word characters and combining marks (a letter followed by a mark
# that NFC could not compose is not Vietnamese and must stay whole and untouched).
# Digits and "_" belong to tokens: "hòa1" is an identifier, not a syllable; "_"-joined
# tokens are word-segmented text (Hòa_Bình) and are fixed part by part.
_TOKEN_CHARS: Final = r"\w\u0300-\u036f\u1ab0-\u1aff\u1dc0-\u1dff\u20d0-\u20ff\ufe20-\ufe2f"
_TOKEN_RE: Final = re.compile(f"[{_TOKEN_CHARS}]+")
_TOKEN_CHAR_RE: Final = re.compile(f"[{_TOKEN_CHARS}]")
# Spans never touched: URLs and e-mail addresses (a mark there is part of an address).
# The scheme and the local part are bounded: unbounded, the search scanned to the end of
# a long run of letters from every position in it, in time quadratic in the run (a line
# with "@" and then 40,000 letters took 7.5 s). RFC 5321 (4.5.3.1.1) limits a local part
# to 64 octets; registered URI schemes are far below 32 characters. Domain labels cannot
# hold ".", so giving none back (possessive) changes no match and stops the backtracking.
_PROTECTED_RE: Final = re.compile(
    r"(?:[a-z][a-z0-9+.-]{0,31}://|www\.)\S+|[\w.+-]{1,64}@[\w-]++(?:\.[\w-]++)+", re.IGNORECASE
)
# Pinyin tone letters (macron, caron) and CJK/kana/hangul: pinyin puts the mark on the
# second vowel of iu ui ua ia (liù, duì, huà, xià), exactly where a Vietnamese typing
# slip puts it, so near these a misplaced-looking mark is left alone.
_FOREIGN_HINT_RE: Final = re.compile(
    "[āēīōūǖǎěǐǒǔǚǘǜĀĒĪŌŪǕǍĚǏǑǓǙǗǛ\u3040-\u30ff\u3400-\u9fff\uac00-\ud7af\uf900-\ufaff]"
)
_CONTEXT_TOKENS: Final = 4  # tokens looked at on each side of a misplaced mark
_CONTEXT_CHARS: Final = 120  # how far to look for them
_CACHE_SIZE: Final = 100_000  # the tail of a corpus vocabulary is unbounded


def token_boundaries(characters: str) -> str:
    """The characters of ``characters`` that never belong to a token: a token next to one
    of them (or to a line's end) ends there."""
    return "".join(c for c in characters if not _TOKEN_CHAR_RE.match(c))


def _check_style(style: str) -> None:
    if style not in TONE_STYLES:
        raise ValueError(f"tone style must be one of {', '.join(TONE_STYLES)}, not {style!r}")


def _target(syllable: Syllable, style: str) -> int:
    if style == "old":
        return syllable.old_at
    if style == "new":
        return syllable.new_at
    if syllable.tone_at in (syllable.old_at, syllable.new_at):
        return syllable.tone_at
    return syllable.old_at


def _place(syllable: Syllable, style: str) -> str:
    target = _target(syllable, style)
    if syllable.tone == NGANG or target == syllable.tone_at:
        return syllable.word
    # Strip the mark, then mark the target letter; capitals map to capitals in TONED.
    letters = list(strip_tone(syllable.word))
    letters[target] = TONED[letters[target]][syllable.tone]
    return "".join(letters)


def place_tone(syllable: str, style: str = "old") -> str:
    """``syllable`` with its tone mark on the right vowel for ``style``, case kept, NFC.

    ``place_tone("hòan")`` -> ``"hoàn"``, ``place_tone("hoà")`` -> ``"hòa"``,
    ``place_tone("HÒA", "new")`` -> ``"HOÀ"``, ``place_tone("qủa")`` -> ``"quả"``.
    Anything that is not a Vietnamese syllable is returned unchanged (in NFC).
    """
    _check_style(style)
    parsed = parse_syllable(syllable)
    if parsed is None:
        return safe_nfc(syllable)
    return _place(parsed, style)


def _fix_token(token: str, style: str) -> tuple[str, bool]:
    """(fixed token, whether a misplaced mark was moved: such fixes need a Vietnamese context)."""
    if "_" in token:
        fixes = [_fix_token(part, style) for part in token.split("_")]
        return "_".join(part for part, _ in fixes), any(moved for _, moved in fixes)
    # Only plain words in lower, upper or title case: not "iPhone", not "ThủyA" (glued).
    if not token.isalpha() or not (token.islower() or token.isupper() or token.istitle()):
        return token, False
    parsed = parse_syllable(token)
    if parsed is None:
        return token, False
    return _place(parsed, style), parsed.tone_at not in (parsed.old_at, parsed.new_at)


class _Fixes(dict[str, tuple[str, bool]]):
    """token -> (fixed token, misplaced mark moved) for one style, filled on first sight."""

    def __init__(self, style: str) -> None:
        super().__init__()
        self.style = style

    def __missing__(self, token: str) -> tuple[str, bool]:
        if len(self) >= _CACHE_SIZE:
            self.clear()
        fixed = self[token] = _fix_token(token, self.style)
        return fixed


_FIXES: Final = {style: _Fixes(style) for style in TONE_STYLES}


def _vietnamese_context(text: str, start: int, end: int) -> bool:
    """Whether ``text[start:end]`` sits in Vietnamese text on its line.

    Looks at four tokens on each side: no pinyin or CJK, and at least as many lower-case
    Vietnamese words as lower-case foreign ones. Capitalised words count only around a
    capitalised token, as Vietnamese text is full of foreign names ("cuả Gruzia").
    So "Le vite de' più eccellenti", "bính âm: Xià Cháo", "Why Suyá Sing" stay.
    """
    low = max(0, start - _CONTEXT_CHARS)
    newline = text.rfind("\n", low, start)
    left = _TOKEN_RE.findall(text, newline + 1 if newline >= 0 else low, start)
    newline = text.find("\n", end, end + _CONTEXT_CHARS)
    right = _TOKEN_RE.findall(text, end, newline if newline >= 0 else end + _CONTEXT_CHARS)
    name = text[start].isupper()
    vietnamese = foreign = 0
    for word in left[-_CONTEXT_TOKENS:] + right[:_CONTEXT_TOKENS]:
        if _FOREIGN_HINT_RE.search(word):
            return False
        if word.isalpha() and (word.islower() or (name and word.istitle())):
            if is_valid_syllable(word):
                vietnamese += 1
            else:
                foreign += 1
    return foreign <= vietnamese


def _changed(before: str, after: str) -> int:
    if "_" not in before:
        return 1
    return sum(a != b for a, b in zip(before.split("_"), after.split("_"), strict=True))


def _protected_spans(text: str) -> list[int]:
    """Flat sorted [start0, end0, start1, end1, ...] of URLs and e-mail addresses."""
    if "@" not in text and "://" not in text and "www." not in text.lower():
        return []
    return [bound for match in _PROTECTED_RE.finditer(text) for bound in match.span()]


def style_fixes(style: str) -> dict[str, str]:
    """The tokens ``normalize_tones`` rewrites for the tone style alone, each with its
    rewrite (old style: hoà -> hòa, KHOẺ -> KHỎE; new style: hòa -> hoà); none for "keep".

    Each is rewritten so, and counted as one syllable, wherever it stands as a whole token
    (between characters that are not token characters, or a line's ends) in a line with
    no URL or e-mail address hint ("@", "://", "www."), whatever else the line holds:
    the mark is not misplaced (no context is needed), and the search for suspicious
    positions finds it there. That search looks at the letters of the token and at
    whether the characters around it are letters, nothing further, so finding it between
    two spaces (checked here) is finding it between any two such characters.
    """
    _check_style(style)
    fixes: dict[str, str] = {}
    if style == "keep":
        return fixes
    for bare, old_at, new_at in style_dependent_syllables():
        at = new_at if style == "old" else old_at
        for tone in range(NGANG + 1, NANG + 1):
            word = bare[:at] + TONED[bare[at]][tone] + bare[at + 1 :]
            for token in dict.fromkeys((word, word.upper(), word.title())):
                fixed, misplaced = _fix_token(token, style)
                found = _SUSPECT[style].search(f" {token} ")
                whole = _TOKEN_RE.fullmatch(token) is not None and "_" not in token
                if fixed != token and not misplaced and whole and found and 0 < found.start() <= len(token):
                    fixes[token] = fixed
    return fixes


def normalize_tones(text: str, style: str = "old") -> tuple[str, int]:
    """Fix misplaced tone marks and apply the tone style to every Vietnamese syllable.

    Returns the text in NFC and the number of syllables changed. ``baỏ`` -> ``bảo``,
    ``nghịêm`` -> ``nghiệm``, ``lựơng`` -> ``lượng``, ``hòan`` -> ``hoàn``; ``hoà`` ->
    ``hòa`` in the old style and back in the new one. Case is kept letter by letter.
    Idempotent.
    """
    _check_style(style)
    if not unicodedata.is_normalized("NFC", text):
        text = safe_nfc(text)
    fixes = _FIXES[style]
    protected: list[int] | None = None
    pieces: list[str] = []
    copied = visited = changes = 0
    for match in _SUSPECT[style].finditer(text):
        at = match.start()
        if at < visited:  # another mark in a token already seen
            continue
        start = at
        while start and _TOKEN_CHAR_RE.match(text, start - 1):
            start -= 1
        token_match = _TOKEN_RE.match(text, at)
        end = visited = token_match.end() if token_match else at + 1
        token = text[start:end]
        fixed, misplaced = fixes[token]
        if fixed == token:
            continue
        if protected is None:
            protected = _protected_spans(text)
        if bisect_right(protected, start) % 2:  # inside a URL or address
            continue
        if misplaced and not _vietnamese_context(text, start, end):
            continue
        pieces += (text[copied:start], fixed)
        copied = end
        changes += _changed(token, fixed)
    if not changes:
        return text, 0
    pieces.append(text[copied:])
    return "".join(pieces), changes
