"""VIQR: Vietnamese Quoted-Readable, RFC 1456 (Viet-Std group, 1992).

VIQR writes Vietnamese in 7-bit ASCII: a vowel letter is followed by its quality mark
(``(`` breve, ``^`` circumflex, ``+`` horn) and then its tone mark (``'`` acute, `````
grave, ``?`` hook above, ``~`` tilde, ``.`` dot below); ``dd``/``DD`` is đ/Đ. A
backslash before a mark character keeps it literal (``\\.``). Non-ASCII bytes decode
as a Windows-1252 reader shows them.

These marks are also ordinary punctuation, so decoding is conservative and only forms
letters that exist in Vietnamese:

* a mark is read only right after a vowel it can modify (``(`` after a, ``^`` after
  a e o, ``+`` after o u, a tone after any vowel or vowel+quality);
* a tone is not read after a vowel that follows another tone mark (``no^.i.``: the
  syllable already has its tone, so the final ``.`` is a full stop);
* ``.`` and ``?`` at the end of a line (before optional spaces) are punctuation
  (``nha` Le^.`` is "nhà Lê."). RFC 1456 reads them as tones unless escaped (``\\.``),
  but VIQR as written (and as UniKey writes it) leaves sentence ends unescaped; a
  line that really ends in a hook or dot-below letter without punctuation is the
  rarer case. Elsewhere they are tones, as the RFC says;
* ``(`` is a breve only before a tone mark and a letter, or right before one of the
  final consonants c m n p t (ă never ends a syllable), so ``f(a(x))`` stays as it is;
* ``dd``/``DD``/``Dd`` is đ/Đ only at the start of a word and before a vowel.

Decode VIQR only when the text is known to be VIQR: plain English would lose some
apostrophes and question marks.
"""

from __future__ import annotations

import re
import unicodedata
from typing import Final

from vicorpus.vietnamese.charsets import _single_byte
from vicorpus.vietnamese.charsets._letters import (
    ACUTE,
    BREVE,
    CIRCUMFLEX,
    DOT,
    GRAVE,
    HOOK,
    HORN,
    SPLIT,
    TILDE,
)
from vicorpus.vietnamese.charsets.cp1252_view import legacy_as_cp1252

# RFC 1456 mnemonics.
QUALITY_MARKS: Final = {BREVE: "(", CIRCUMFLEX: "^", HORN: "+"}
TONE_MARKS: Final = {ACUTE: "'", GRAVE: "`", HOOK: "?", TILDE: "~", DOT: "."}
_MARK_CHARS: Final = "(^+'`?~."

# Letter -> its VIQR spelling, and back (only sequences that carry at least one mark).
_SPELLING: Final = {
    letter: base + QUALITY_MARKS.get(quality, "") + TONE_MARKS.get(tone, "")
    for letter, (base, quality, tone) in SPLIT.items()
    if quality or tone
}
_SPELLING["đ"] = "dd"
_SPELLING["Đ"] = "DD"
_LETTER_OF: Final = {spelling: letter for letter, spelling in _SPELLING.items()} | {"Dd": "Đ"}

# "." and "?" that end a line (before optional spaces/tabs) are punctuation: they are
# hidden first, together with backslash-escaped characters, so that no rule below
# looks beyond its own word (which lets each distinct word be converted only once).
_LINE_BREAKS: Final = "\n\r\v\f\x1c\x1d\x1e\x85\u2028\u2029"  # what str.splitlines() splits on
# Backslash escapes: a mark after a vowel or mark, or the second d of a word-initial dd.
_ESCAPE: Final = re.compile(
    r"""\\(?:(?<=[aeiouyAEIOUY(^+'`?~.]\\)([(^+'`?~.])|(?<=[dD]\\)(?<![A-Za-z0-9][dD]\\)([dD]))"""
)
# Hidden characters become Unicode noncharacters (reserved for internal use; cp1252
# bytes never produce them) until the letters are formed.
_HIDDEN: Final = {char: chr(0xFDD0 + index) for index, char in enumerate(_MARK_CHARS + "dD")}
_HIDDEN_LINE_END: Final = {".": "\ufdea", "?": "\ufdeb"}
_RESTORE: Final = [(hidden, char) for char, hidden in (*_HIDDEN.items(), *_HIDDEN_LINE_END.items())]

# Each alternative starts with a plain letter (so the regex engine can skip ahead fast);
# lookbehinds placed after it check the character before the letter.
_FRESH: Final = r"""(?<!['`?~.][A-Za-z])"""  # the vowel does not follow a tone mark
_SEQUENCE: Final = re.compile(
    rf"""(
      dd(?<![A-Za-z0-9]dd)(?=[aeiouyAEIOUY])                 # đ at a word start, before a vowel
    | D[Dd](?<![A-Za-z0-9]D[Dd])(?=[aeiouyAEIOUY])           # Đ
    | [aA]{_FRESH}\([`'?~.](?=[A-Za-z])                      # ă + tone, a letter follows
    | (?:[aAeEoO]{_FRESH}\^|[oOuU]{_FRESH}\+|[aeiouyAEIOUY]{_FRESH})['`?~.]  # vowel (+quality) + tone
    | [aA]\((?=[cmnptCMNPT]) | [aAeEoO]\^ | [oOuU]\+          # quality mark alone
    )""",
    re.VERBOSE,
)
# Converting the distinct words only pays off when words repeat.
_MIN_WORDS: Final = 256


def _hide_escaped(match: re.Match[str]) -> str:
    return _HIDDEN[match[1] or match[2]]


def _hide_line_ends(text: str) -> str:
    lines = text.splitlines(keepends=True)
    for index, line in enumerate(lines):
        body = line.rstrip(_LINE_BREAKS).rstrip(" \t")
        if body.endswith((".", "?")):
            lines[index] = body[:-1] + _HIDDEN_LINE_END[body[-1]] + line[len(body) :]
    return "".join(lines)


def _form_letters(text: str) -> str:
    parts = _SEQUENCE.split(text)
    parts[1::2] = map(_LETTER_OF.__getitem__, parts[1::2])
    return "".join(parts)


def _form_letters_by_word(text: str) -> str:
    words = text.split(" ")
    if len(words) < _MIN_WORDS:
        return _form_letters(text)
    distinct = list(dict.fromkeys(words))
    if 2 * len(distinct) > len(words):
        return _form_letters(text)
    formed = dict(zip(distinct, _form_letters(" ".join(distinct)).split(" "), strict=True))
    return " ".join(map(formed.__getitem__, words))


def _viqr_to_unicode(text: str) -> str:
    """VIQR text (no noncharacters U+FDD0-U+FDEF) -> Unicode (see the module docstring)."""
    if "\\" in text:
        text = _ESCAPE.sub(_hide_escaped, text)
    text = _form_letters_by_word(_hide_line_ends(text))
    for hidden, char in _RESTORE:
        if hidden in text:
            text = text.replace(hidden, char)
    return text


def decode(data: bytes) -> str:
    """VIQR bytes -> NFC text; never raises."""
    # The cp1252 view holds no noncharacter and no combining mark: the result is NFC.
    return _viqr_to_unicode(legacy_as_cp1252(data))


_SPELL: Final = {ord(letter): spelling for letter, spelling in _SPELLING.items()}
# Where the encoder must escape: a literal mark after a letter whose VIQR spelling ends
# in a vowel or quality mark (it would be read as part of that letter), and the first d
# of a literal word-initial "dd".
_NEEDS_ESCAPE: Final = re.compile(r"""(?<=[aeiouyAEIOUYăâêôơưĂÂÊÔƠƯ])[(^+'`?~.]|(?<![A-Za-z0-9])[dD](?=[dD])""")


def _escape(match: re.Match[str]) -> str:
    char = match[0]
    return char + "\\" if char in "dD" else "\\" + char


def unicode_to_viqr(text: str) -> str:
    """Text -> VIQR (RFC 1456 mnemonics), escaping literal marks that would be misread.

    Decodes back to the NFC text for ordinary Vietnamese prose. VIQR as decoded here
    cannot express: a line ending in a letter with a hook or dot-below tone and no
    punctuation after it (``.``/``?`` at a line end read as punctuation), đ/Đ inside a
    word or before a consonant (``ĐT``), literal backslashes before marks, and the
    noncharacters U+FDD0-U+FDEF.
    """
    text = unicodedata.normalize("NFC", text)
    plain = text.translate(_SPELL)
    if _viqr_to_unicode(plain) == text:
        return plain
    return _NEEDS_ESCAPE.sub(_escape, text).translate(_SPELL)


_VIEW_ENCODING: Final = _single_byte.encoding_table({})


def encode(text: str, errors: _single_byte.Errors = "strict") -> bytes:
    """Text -> VIQR bytes: ASCII, other characters as their cp1252 bytes (else error or ``?``)."""
    if errors == "replace":  # replace first, so that a "?" after a vowel gets escaped
        text = "".join(
            char if char in _SPELLING or _VIEW_ENCODING.get(ord(char), char) <= "\xff" else "?"
            for char in unicodedata.normalize("NFC", text)
        )
    return _single_byte.encode(unicode_to_viqr(text), _VIEW_ENCODING, "viqr", errors)
