"""How Vietnamese a text is, from the writing system itself.

Evidence per whitespace token (cached per distinct token, ``quality.words``): is it a
Vietnamese syllable by the phonotactic rules (``vietnamese.syllables``), does it carry
Vietnamese marks (ă â đ ê ô ơ ư or a tone), and, for text typed without diacritics
("khong dau"), is it one of the function syllables that unaccented Vietnamese is full of
and that other Latin-script languages do not use as words.

Other Latin-script languages fail here: English, French, Spanish, Indonesian, Tagalog
have many tokens that are not Vietnamese syllables (consonant clusters, codas such as
-s -l -r -d, the letters f j w z) and almost no Vietnamese marks.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass
from typing import Final

from vicorpus.quality.stopwords import PLAIN_FUNCTION_SYLLABLES, VIETNAMESE_ONLY_RE
from vicorpus.quality.words import TOKENS

# Decision thresholds, measured on ../shared/data (docs/quality.md, language section).
# A token with Vietnamese marks that is a Vietnamese syllable is strong evidence: no
# other language writes "được", "của", "người". Clean Vietnamese documents have 0.66-0.93
# of their alphabetic tokens marked (1st-99th percentile of news, Wikipedia and law);
# English, French or Indonesian text below 0.02. A quarter marked means Vietnamese is
# the document's main language even when lists of foreign names fill the rest (Wikipedia
# pages on bands, awards, mathematics with formulas sit at 0.3-0.5).
MIN_MARKED_SHARE: Final = 0.25
FULL_SCORE_MARKED_SHARE: Final = 0.5  # the score reaches 1.0 here (min_score 0.5 = 0.25 marked)
# Unaccented Vietnamese: most tokens spell a syllable (brand and place names bring news
# paragraphs down to 0.7), and function syllables that other languages do not have.
MAX_PLAIN_MARKED_SHARE: Final = 0.05
MIN_PLAIN_VALID_SHARE: Final = 0.7
MIN_PLAIN_FUNCTION_SHARE: Final = 0.08
MIN_LINE_TOKENS: Final = 3  # shorter lines do not count for the Vietnamese line share
# Unaccented Vietnamese without function syllables (headlines, short comments: "Nuoc song
# Thuong troi nhanh", "xin video di anh dep trai"): every alphabetic token spells a
# syllable. Measured on text the thresholds were not chosen on (docs/quality.md, language
# section): with 5 tokens or more, 1 more of 20,056 texts of 76 other languages was taken
# for Vietnamese (spaCy's example sentences, and random runs of each language's stop
# words: short common words, the hardest case; with 4 tokens, 10 more), while recall
# without diacritics rose from 0.939 to 0.961 on ViHSD comments and from 0.974 to 0.982
# on stripped VNTC sentences. The score grows with the tokens: 0.5 (language_filter's
# default min_score) at 5, 1.0 from 10.
MIN_ALL_SYLLABLE_TOKENS: Final = 5
FULL_SCORE_ALL_SYLLABLE_TOKENS: Final = 10


@dataclass(frozen=True, slots=True)
class VietnameseEvidence:
    alphabetic: int  # alphabetic tokens
    valid: int  # of which Vietnamese syllables
    marked: int  # of which carry Vietnamese marks
    plain_function: int  # unaccented function syllables
    unaccented: int  # ASCII tokens that spell a syllable without its marks
    vietnamese_only: int = 0  # marked syllables with a letter only Vietnamese uses (ư, ạ, ả …)

    @property
    def valid_share(self) -> float:
        return self.valid / self.alphabetic if self.alphabetic else 0.0

    @property
    def marked_share(self) -> float:
        return self.marked / self.alphabetic if self.alphabetic else 0.0

    @property
    def unaccented_share(self) -> float:
        return self.unaccented / self.alphabetic if self.alphabetic else 0.0

    @property
    def plain_function_share(self) -> float:
        return self.plain_function / self.alphabetic if self.alphabetic else 0.0

    def is_vietnamese(self) -> bool:
        return self.marked_share >= MIN_MARKED_SHARE and self.vietnamese_only > 0

    def is_unaccented_vietnamese(self) -> bool:
        return self.marked_share <= MAX_PLAIN_MARKED_SHARE and (
            (self.unaccented_share >= MIN_PLAIN_VALID_SHARE and self.plain_function_share >= MIN_PLAIN_FUNCTION_SHARE)
            or self.all_syllables()
        )

    def all_syllables(self) -> bool:
        """At least ``MIN_ALL_SYLLABLE_TOKENS`` alphabetic tokens, and every one spells a
        syllable without marks."""
        return self.alphabetic >= MIN_ALL_SYLLABLE_TOKENS and self.unaccented == self.alphabetic

    def score(self) -> float:
        """Confidence in [0, 1] that Vietnamese is the main language: the share of tokens
        with Vietnamese marks, 1.0 from half of them (unaccented text: the share of tokens
        that spell syllables, scaled by how many are function syllables, or, when every
        token spells one, by how many tokens there are)."""
        if self.is_unaccented_vietnamese():
            score = self.unaccented_share * min(1.0, self.plain_function_share / 0.2)
            if self.all_syllables():
                score = max(score, min(1.0, self.alphabetic / FULL_SCORE_ALL_SYLLABLE_TOKENS))
            return score
        return min(1.0, self.marked_share / FULL_SCORE_MARKED_SHARE)


# Per distinct token, what it says about Vietnamese, as bit flags: a line's or a
# document's evidence is then a Counter over at most 32 codes, built in C.
_ALPHABETIC, _VALID, _MARKED, _UNACCENTED, _PLAIN_FUNCTION, _VIETNAMESE_ONLY = 1, 2, 4, 8, 16, 32


def _code(token: str) -> int:
    info = TOKENS[token]
    if not info.alphabetic:
        return 0
    code = _ALPHABETIC
    if info.valid_syllable:
        code |= _VALID | (_MARKED if info.marked else 0)
        code |= _VIETNAMESE_ONLY if info.marked and VIETNAMESE_ONLY_RE.search(info.word) else 0
    if info.unaccented_syllable:
        code |= _UNACCENTED | (_PLAIN_FUNCTION if info.word.lower() in PLAIN_FUNCTION_SYLLABLES else 0)
    return code


class _Codes(dict[str, int]):
    def __missing__(self, token: str) -> int:
        if len(self) >= 200_000:
            self.clear()  # the tail of a corpus vocabulary is unbounded
        code = self[token] = _code(token)
        return code


_CODES: Final = _Codes()


def _from_codes(counts: Counter[int]) -> VietnameseEvidence:
    alphabetic = valid = marked = plain_function = unaccented = vietnamese_only = 0
    for code, count in counts.items():
        if code & _ALPHABETIC:
            alphabetic += count
            vietnamese_only += count if code & _VIETNAMESE_ONLY else 0
            valid += count if code & _VALID else 0
            marked += count if code & _MARKED else 0
            unaccented += count if code & _UNACCENTED else 0
            plain_function += count if code & _PLAIN_FUNCTION else 0
    return VietnameseEvidence(alphabetic, valid, marked, plain_function, unaccented, vietnamese_only)


def vietnamese_evidence(tokens: list[str]) -> VietnameseEvidence:
    return _from_codes(Counter(map(_CODES.__getitem__, tokens)))


def document_evidence(text: str) -> tuple[VietnameseEvidence, float | None]:
    """The evidence of the whole text and, when it has several lines, the share of the
    characters of its lines (those with ≥ 3 alphabetic tokens) in lines judged Vietnamese
    (with or without diacritics): for code-mixed documents. One pass over the tokens."""
    lines = text.split("\n")
    if len(lines) == 1:
        return vietnamese_evidence(text.split()), None
    total: Counter[int] = Counter()
    counted = vietnamese = 0
    for line in lines:
        counts = Counter(map(_CODES.__getitem__, line.split()))
        total.update(counts)
        evidence = _from_codes(counts)
        if evidence.alphabetic < MIN_LINE_TOKENS:
            continue
        counted += len(line)
        if evidence.is_vietnamese() or evidence.is_unaccented_vietnamese():
            vietnamese += len(line)
    return _from_codes(total), (vietnamese / counted if counted else 0.0)
