"""From a text to region evidence, scores and a label, with the lexicon of :mod:`.markers`.

Most text holds no marker at all, so the text is not tokenized: one precompiled regex (a
trie of the lexicon's first syllables, bounded by non-word characters so that hyphenated
words like mô-tô or ni-lông never match) finds the candidates in the lower-cased text, and
only around those are the neighbouring words read. On 20,000 baomoi news articles (2.6 kB
on average) this ran about twice as fast as splitting every text into tokens first (5,900
against 3,150 documents/s, one measurement on the 2-core development machine; the current
speed is printed by ``bench/bench_dialect.py``).
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterator
from typing import Final, NamedTuple

from vicorpus.dialect.markers import LEXICON
from vicorpus.dialect.rules import FINAL_PARTICLES, REGIONS, Marker
from vicorpus.text.stream_safe import safe_nfc

# Label thresholds (defaults of the ``dialect`` stage). Fixed from the weight scale before
# any evaluation, not fitted: MIN_EVIDENCE 1.0 = one regional word (weight ≥ 1.0) or two
# preferences (0.5); MIN_MARGIN 0.3 = the winner needs about twice the runner-up's
# evidence (0.65 vs 0.35), so "nhé … nha" (0.5/0.5) or "tui" alone (0.6/0.4) stay unknown.
MIN_EVIDENCE: Final = 1.0
MIN_MARGIN: Final = 0.3
# Evidence is scaled to at most this many characters of text: a comment or a spoken
# utterance (ViMD: 245 characters on average) keeps its raw sum, a 3 kB news article with
# one "đấy" in a quotation has 0.7 / 3 = 0.23. 1,000 characters ≈ 220 syllables ≈ a long
# paragraph, the span over which a dialect speaker's text shows markers at all.
REFERENCE_CHARS: Final = 1000
UNKNOWN: Final = "unknown"
# A marker counts at most this often per text: a repeated word is one lexical choice, and
# topic nouns repeat (an article on răng "teeth", nỏ "crossbows" or lợn "pigs"), while a
# dialect shows through several different markers.
MAX_REPEATS: Final = 2
# Only the first million characters of a text are read. Beyond them a label is out of reach
# anyway (each marker counts at most twice and evidence is per 1,000 characters), and a
# 200 MB single-line document would otherwise cost minutes and gigabytes (str.lower()
# allocates 12 bytes per character); dense dialect text is read at about 1 s per million
# characters.
MAX_CHARS: Final = 1_000_000


def _index(lexicon: tuple[Marker, ...]) -> dict[str, Marker]:
    """Phrase (words joined by one space) → its marker."""
    index: dict[str, Marker] = {}
    for marker in lexicon:
        phrase = " ".join(marker.words)
        if phrase in index:
            raise ValueError(f"marker {phrase!r} is listed twice")
        index[phrase] = marker
    return index


def _trie(suffixes: dict[str, str]) -> str:
    """A regex matching exactly the phrases of ``suffixes`` (words apart by spaces or tabs),
    each followed by its own suffix pattern, factored as a trie: Python's engine tries
    alternatives one by one, a trie shares their prefixes (16% faster than one alternative
    per lookahead phrase on news, 2-3 times faster than no trie)."""
    tree: dict[str, dict | str] = {}  # type: ignore[type-arg]
    for phrase, suffix in suffixes.items():
        node = tree
        for char in phrase:
            node = node.setdefault(char, {})  # type: ignore[assignment]
        node[""] = suffix

    def emit(node: dict) -> str:  # type: ignore[type-arg]
        branches = [
            (r"[^\S\n]+" if char == " " else re.escape(char)) + emit(child)
            for char, child in sorted(node.items())
            if char
        ]
        if "" in node:
            branches.append(node[""])  # last: a longer phrase wins over its prefix
        return branches[0] if len(branches) == 1 else "(?:" + "|".join(branches) + ")"

    return emit(tree)


def _lookahead(marker: Marker) -> str | None:
    """For a marker licensed only by what follows it, a regex lookahead that the next word
    or boundary must satisfy; ``None`` when the previous word can license it too.

    It is a necessary condition that ``_counts`` checks again; in the candidate regex it
    keeps frequent words from becoming candidates at all (cơ, thế, bảo and ý were the most
    frequent candidates in news, nearly always as cơ quan, thế giới, bảo vệ, ý kiến …).
    """
    if not marker.licensed or marker.after:
        return None
    words = sorted(marker.before | (FINAL_PARTICLES if marker.final else frozenset()), key=lambda w: (-len(w), w))
    options = [r"[^\w\s]|\n|\Z"] if marker.final else []
    if words:
        options.append("(?:" + "|".join(map(re.escape, words)) + r")(?![\w-])")
    return r"(?![\w-])(?=[^\S\n]*(?:" + "|".join(options) + "))"


def _candidates(index: dict[str, Marker]) -> re.Pattern[str]:
    """One regex for every phrase of the lexicon, at word boundaries (a hyphen is part of a
    word: mô-tô, ni-lông, mi-ni never match)."""
    end = r"(?![\w-])"
    return re.compile(r"(?<![\w-])" + _trie({p: _lookahead(m) or end for p, m in index.items()}))


_INDEX: Final = _index(LEXICON)
_CANDIDATE: Final = _candidates(_INDEX)
# The next word after a position (spaces and tabs skipped; a newline, punctuation or the
# end of the text leave group 1 empty: a clause boundary), and the last word before one.
_NEXT: Final = re.compile(r"[^\S\n]*(\w+(?:-\w+)*)?")
_PREVIOUS: Final = re.compile(r"(\w+)?[^\S\n]*\Z")
_LOOKBEHIND: Final = 32  # characters searched for the previous word: longer than any guard word
_BOUNDARY: Final = ""
# Vietnamese letters with a diacritic. Comments typed with diacritics have 0.5-1.2 of
# them per word, comments typed without 0-0.1 (ViHSD dev, comments of 3+ words).
_MARKED: Final = re.compile("[àáảãạăằắẳẵặâầấẩẫậèéẻẽẹêềếểễệìíỉĩịòóỏõọôồốổỗộơờớởỡợùúủũụưừứửữựỳýỷỹỵđ]")
_MIN_MARKED_PER_WORD: Final = 0.2
# Measured on the first 100,000 characters: enough for the share, and bounded memory on a
# document that is one 200 MB line.
_SAMPLE_CHARS: Final = 100_000


class DialectScores(NamedTuple):
    """Scores per region (sum 1 with evidence, all 0 without), evidence and the label."""

    northern: float
    central: float
    southern: float
    evidence: float  # weighted marker sum, scaled to REFERENCE_CHARS of text
    label: str  # "northern" | "central" | "southern" | "unknown"


class Hit(NamedTuple):
    """A marker that counted: its words, weights and character span in the text."""

    phrase: str
    weights: tuple[float, float, float]
    start: int
    end: int


def _counts(marker: Marker, previous: str, following: str, capitalised: bool, next_capitalised: bool) -> bool:
    """Whether a marker whose words matched counts, given its neighbours ("" = a boundary)."""
    # A capitalised cased marker is a name (Nha Trang, Ngô Quyền, Kim Chi) unless it opens
    # a clause and the next word is not capitalised too ("Răng mi không đi?").
    if marker.cased and capitalised and not (previous == _BOUNDARY and not next_capitalised):
        return False
    if previous in marker.not_after or following in marker.not_before:
        return False
    if not marker.licensed:
        return True
    return (
        previous in marker.after
        or following in marker.before
        or (marker.final and (following == _BOUNDARY or following in FINAL_PARTICLES))
    )


def find_markers(text: str) -> list[Hit]:
    """The markers that count in ``text``, left to right; a phrase consumes its words.

    Spans index the NFC form of ``text`` (the text itself when it arrives normalized);
    only the first ``MAX_CHARS`` characters are read.
    """
    return list(_hits(text))


def _hits(text: str) -> Iterator[Hit]:
    """The hits of :func:`find_markers`, one at a time, in the first ``MAX_CHARS``."""
    text = text[:MAX_CHARS]
    if not text.isascii() and not unicodedata.is_normalized("NFC", text):
        text = safe_nfc(text)
    lower = text.lower()
    if len(lower) != len(text):  # a letter whose lower case is longer (never in Vietnamese)
        text = lower
    position = 0
    plain: bool | None = None  # written without diacritics? computed at the first ASCII hit
    while (match := _CANDIDATE.search(lower, position)) is not None:
        start, end = match.span()
        phrase = match.group()
        if " " in phrase or "\t" in phrase:
            phrase = " ".join(phrase.split())
        hit = _hit(text, lower, start, end, phrase)
        if hit is None and " " in phrase:
            # A phrase out of context: its first word may still count on its own, and the
            # search resumes after that word so that the next one is a candidate again.
            end = start + len(phrase.split(" ", 1)[0])
            hit = _hit(text, lower, start, end, phrase.split(" ", 1)[0])
        if hit is not None and hit.phrase.isascii():
            # Without diacritics nha, chi, mi, coi are also nhà, chị, mì, cõi …, and in
            # English text chi, tau, coi are other words: ASCII markers need marked text.
            if plain is None:
                sample = lower[:_SAMPLE_CHARS]
                plain = len(_MARKED.findall(sample)) < _MIN_MARKED_PER_WORD * len(sample.split())
            if plain:
                hit = None
        if hit is not None:
            yield hit
        position = end


def _hit(text: str, lower: str, start: int, end: int, phrase: str) -> Hit | None:
    """The hit of ``phrase`` at ``start:end`` if its marker counts in this context."""
    marker = _INDEX.get(phrase)
    if marker is None:
        return None
    previous = _PREVIOUS.search(lower, max(0, start - _LOOKBEHIND), start)
    before = (previous.group(1) if previous else None) or _BOUNDARY
    following = _NEXT.match(lower, end)
    after = (following.group(1) if following else None) or _BOUNDARY
    next_capitalised = following is not None and after != _BOUNDARY and text[following.start(1)].isupper()
    if _counts(marker, before, after, not text[start:end].islower(), next_capitalised):
        return Hit(phrase, marker.weights, start, end)
    return None


def label_of(scores: tuple[float, float, float], evidence: float, min_evidence: float, min_margin: float) -> str:
    """The region with the highest score, or ``unknown`` when the evidence is weak or split."""
    if evidence <= 0 or evidence < min_evidence:
        return UNKNOWN
    ranked = sorted(range(3), key=lambda r: -scores[r])  # stable: ties go to REGIONS order
    if scores[ranked[0]] - scores[ranked[1]] < min_margin:
        return UNKNOWN
    return REGIONS[ranked[0]]


def dialect_scores(text: str, *, min_evidence: float = MIN_EVIDENCE, min_margin: float = MIN_MARGIN) -> DialectScores:
    """Northern / Central / Southern scores and a label for one text (NFC expected)."""
    totals = [0.0, 0.0, 0.0]
    seen: dict[str, int] = {}
    for hit in _hits(text):
        seen[hit.phrase] = count = seen.get(hit.phrase, 0) + 1
        if count <= MAX_REPEATS:
            for region in range(3):
                totals[region] += hit.weights[region]
    raw = sum(totals)
    if raw <= 0:
        return DialectScores(0.0, 0.0, 0.0, 0.0, UNKNOWN)
    scores = (totals[0] / raw, totals[1] / raw, totals[2] / raw)
    evidence = raw * min(1.0, REFERENCE_CHARS / min(len(text), MAX_CHARS))
    return DialectScores(*scores, evidence, label_of(scores, evidence, min_evidence, min_margin))
