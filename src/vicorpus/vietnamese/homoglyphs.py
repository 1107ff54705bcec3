"""Look-alike letters inside Vietnamese words: eth for Đ, Cyrillic and Greek look-alikes.

Real text writes ``Ð`` (U+00D0, Icelandic eth) for ``Đ`` (U+0110), and spam hides
words with Cyrillic or Greek letters that look Latin (``сá cược`` with a Cyrillic ``с``).
A word is only changed when the folded word is a valid Vietnamese syllable and, for
Cyrillic/Greek look-alikes, the word also holds a Latin letter: an all-Cyrillic
Russian word (``со``) or a Serbian name (``Ðorđe``) stays as written.
"""

from __future__ import annotations

import re

from vicorpus.text.stream_safe import safe_nfc
from vicorpus.vietnamese.syllables import is_valid_syllable

_ETH = {"\u00d0": "\u0110", "\u00f0": "\u0111", "\u0189": "\u0110"}
# Cyrillic and Greek letters whose glyphs are Latin letters in common fonts.
_SCRIPT_LOOKALIKES = {
    "а": "a", "е": "e", "о": "o", "р": "p", "с": "c", "у": "y", "х": "x", "і": "i",
    "ј": "j", "ѕ": "s", "һ": "h", "ԁ": "d", "ԛ": "q", "ԝ": "w",
    "А": "A", "В": "B", "Е": "E", "К": "K", "М": "M", "Н": "H", "О": "O", "Р": "P",
    "С": "C", "Т": "T", "Х": "X", "І": "I", "Ј": "J", "Ѕ": "S",
    "ο": "o", "α": "a", "ν": "v", "ι": "i", "ρ": "p",
    "Α": "A", "Β": "B", "Ε": "E", "Η": "H", "Ι": "I", "Κ": "K", "Μ": "M", "Ν": "N",
    "Ο": "O", "Ρ": "P", "Τ": "T", "Χ": "X", "Υ": "Y", "Ζ": "Z",
}  # fmt: skip
_FOLD = str.maketrans({**_ETH, **_SCRIPT_LOOKALIKES})
LOOKALIKE_CHARACTERS = "".join(_ETH) + "".join(_SCRIPT_LOOKALIKES)
_SUSPECT_RE = re.compile(f"[{''.join(_ETH)}{''.join(_SCRIPT_LOOKALIKES)}]")
# Only words that hold a look-alike are visited: the matches of this pattern, which are
# the maximal runs of letters and combining marks holding one (look-alikes are letters).
# Python's engine tries it at every position of every word, backtracking through the
# rest of the word each time; ``fold_lookalikes`` finds the same runs from the look-alikes
# (the tests hold the two equal).
_SUSPECT_WORD_RE = re.compile(
    rf"(?:[^\W\d_]|[\u0300-\u036f])*[{''.join(_ETH)}{''.join(_SCRIPT_LOOKALIKES)}](?:[^\W\d_]|[\u0300-\u036f])*"
)
# A word: letters and combining marks (a Cyrillic letter keeps its combining tone in NFC).
_WORD_CHAR_RE = re.compile(r"[^\W\d_]|[\u0300-\u036f]")
_WORD_END_RE = re.compile(r"(?:[^\W\d_]|[\u0300-\u036f])*")
_LATIN_RE = re.compile(r"[A-Za-z\u00c0-\u024f\u1e00-\u1eff]")
# The same letters without × and ÷, which that range holds but which are no word characters.
_LATIN_RUN_RE = re.compile(r"[A-Za-z\u00c0-\u00d6\u00d8-\u00f6\u00f8-\u024f\u1e00-\u1eff]+")
# Look-alikes in more than one character of this many: visit the words from Latin runs.
_DENSE_SUSPECTS = 8
_DROP_SCRIPT_LOOKALIKES = dict.fromkeys(map(ord, _SCRIPT_LOOKALIKES))


def has_lookalikes(text: str) -> bool:
    return _SUSPECT_RE.search(text) is not None


def fold_lookalikes(text: str) -> tuple[str, int]:
    """Replace look-alike letters inside Vietnamese words; returns the text and the count."""
    # A word changes only with a Latin letter of its own (``_fold_word``): text in Cyrillic
    # or Greek alone, most of what has look-alikes, is left without visiting its words.
    if not _SUSPECT_RE.search(text) or not _LATIN_RE.search(text):
        return text, 0
    # The words to visit hold a look-alike and a Latin letter: reach them from the rarer of
    # the two. Vietnamese text with a planted "с" has one look-alike; a Russian page that
    # names "Windows" has look-alikes in most words and few Latin runs (3,060 pages of 17
    # languages: Russian's 180 took 0.24 s in ``normalize`` when every word was visited).
    dense = len(_SUSPECT_RE.findall(text)) * _DENSE_SUSPECTS > len(text)
    changed = 0
    pieces: list[str] = []
    copied = visited = 0  # text[:copied] is in pieces; words end at or before visited
    for match in (_LATIN_RUN_RE if dense else _SUSPECT_RE).finditer(text):
        at = match.start()
        if at < visited:  # inside the word just seen
            continue
        start = at
        while start > visited and _WORD_CHAR_RE.match(text, start - 1):
            start -= 1
        word_end = _WORD_END_RE.match(text, at)
        assert word_end is not None  # the pattern matches the empty string
        end = visited = word_end.end()
        word = text[start:end]
        if not _LATIN_RE.search(word) or (dense and not _SUSPECT_RE.search(word)):
            continue  # ``_fold_word`` would leave it: no Latin letter, or no look-alike
        folded = _fold_word(word)
        if folded is not None:
            pieces += (text[copied:start], folded)
            copied = end
            changed += 1
    if not changed:
        return text, 0
    pieces.append(text[copied:])
    return "".join(pieces), changed


def _fold_word(word: str) -> str | None:
    """The word with its look-alikes folded, or None when it stays as written."""
    folded = safe_nfc(word.translate(_FOLD))
    own_letters = word.translate(_DROP_SCRIPT_LOOKALIKES)
    if own_letters != word and not _LATIN_RE.search(own_letters):
        return None  # no Latin letter of its own: a Cyrillic or Greek word
    if not is_valid_syllable(folded):
        return None
    return folded
