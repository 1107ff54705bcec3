"""Spam evidence in one text, as numbers: term hits per category, brands, calls to action,
contacts, reporting language, and repetition. No thresholds here (see ``decision``).

Matching runs on the folded copy (``folding.fold_to_bytes``) with RE2: each term list is
one alternation compiled to a DFA over bytes, which reads each byte once however many
terms there are (the Aho-Corasick idea, done by the regex engine). The common case on clean text
is one fold and one scan, for topic terms, brand tokens and contacts, that finds
nothing; the other scans (calls to action, reporting language) and the count of word
pairs run only when that first scan found something they could add to.
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass
from itertools import pairwise
from typing import Any, Final

import numpy as np
import re2  # type: ignore[import-untyped]

from vicorpus.spam.accented import NO_HITS, AccentedHits, accented_hits
from vicorpus.spam.folding import fold_to_bytes
from vicorpus.spam.lexicon import (
    ADULT_CODED_TERMS,
    ADULT_TERMS,
    BRAND_ENDINGS,
    BRAND_NAMES,
    CONTACT_SHORT_FORMS,
    CONTACT_TERMS,
    GAMBLING_TERMS,
    KEYWORD_LIST_MARKERS,
    LOAN_TERMS,
    NOT_BRANDS,
    PROMOTION_TERMS,
    REPORTING_TERMS,
    SCAM_CODED_TERMS,
    SCAM_TERMS,
)
from vicorpus.spam.pairs import top_pair_repeats
from vicorpus.spam.window import WINDOW_WORDS, densest_window_hits, word_numbers

# Densities are per 100 words, but of at least this many words: on a 10-word snippet one
# hit would be 10 per 100 words, and a snippet says too little to be judged on density.
DENSITY_FLOOR_WORDS: Final = 50

# The euphemisms of escort and webcam ads (``lexicon.ADULT_CODED_TERMS``) are ordinary
# words one at a time; a page holding at least this many different ones speaks of the
# trade, and then each of their hits counts as an adult term. Of the 167,657 clean texts
# of ../shared/data, 19 hold two or more (a family story's youngest sibling who "chiều
# khách" in a shop, a film review's "happy ending", an express train in a travel story;
# counted 2026-11-25): the highest adult score among them is 2.4, where a page needs 4
# (``decision.MIN_TOPIC_SCORE``), and the highest stretch 4, where one needs 10. Of the
# spam check pages the adult term list missed, the euphemistic massage ads hold 5-7
# different ones, webcam, forum and comment spam 2-3. The same holds for the words of
# scam offers (``lexicon.SCAM_CODED_TERMS``; none of the clean texts is flagged with them).
MIN_CODED_TERMS: Final = 2

# Between the syllables of a term: nothing (``nhacai``), a space, or one separator that
# spam puts between words to break keyword filters (``nha.cai``, ``nha_cai``).
_JOINER: Final = r"[ ._\-*+~|/]?"


# What spam writes in place of a vowel to break keyword filters ("c4 cu0c", "n0 hu",
# "c@ cuoc", "s*x"): each vowel of a term also matches these. Only in the terms: brand
# tokens and phone numbers are matched as written.
_VOWEL_STAND_INS: Final = {"a": "4@*", "e": "3*", "i": "1!*", "o": "0*", "u": "*"}


def _letter_pattern(letter: str) -> str:
    stand_ins = _VOWEL_STAND_INS.get(letter, "")
    return f"[{re.escape(letter + stand_ins)}]" if stand_ins else re.escape(letter)


def _edge_pattern(letter: str, at_start: bool) -> str:
    """A term's first or last letter with the word boundary beside it. A symbol standing
    in for a vowel is no word character: beside it the same edge ("no letter or digit on
    the other side") is ``\\B``, not ``\\b``."""
    stand_ins = _VOWEL_STAND_INS.get(letter, "")
    word = "[" + re.escape(letter + "".join(c for c in stand_ins if c.isalnum())) + "]"
    symbols = "".join(c for c in stand_ins if not c.isalnum())
    if not symbols:
        return rf"\b{word}" if at_start else rf"{word}\b"
    symbol = "[" + re.escape(symbols) + "]"
    return rf"(?:\b{word}|\B{symbol})" if at_start else rf"(?:{word}\b|{symbol}\B)"


def _term_pattern(term: str) -> str:
    letters = [[_letter_pattern(letter) for letter in syllable] for syllable in term.split(" ")]
    if len(term) > 1 and term[0].isalnum():
        letters[0][0] = _edge_pattern(term[0], at_start=True)
    if len(term) > 1 and term[-1].isalnum():
        letters[-1][-1] = _edge_pattern(term[-1], at_start=False)
    return _JOINER.join("".join(syllable) for syllable in letters)


def _alternation(terms: Iterable[str]) -> str:
    # Longest first: RE2's longest-match mode would find them anyway; this keeps the
    # pattern readable when printed.
    return "|".join(_term_pattern(term) for term in sorted(set(terms), key=lambda term: (-len(term), term)))


def _groups(groups: Iterable[str]) -> str:
    return "|".join(f"({group})" for group in groups)


def _compile_pattern(pattern: str) -> Any:
    options = re2.Options()
    options.longest_match = True  # "nha cai uy tin" is one hit, not "nha cai" and then nothing
    return re2.compile(pattern.encode("ascii"), options)


def _compile(groups: Iterable[str]) -> Any:
    return _compile_pattern(_groups(groups))


# A brand token: a prefix glued to a brand ending, or a listed name. Before a digit
# ending ("88") the prefix must hold a letter, so that years and amounts (1988, 388)
# are not brands.
_DIGIT_ENDINGS: Final = "|".join(ending for ending in BRAND_ENDINGS if ending.isdigit())
_WORD_ENDINGS: Final = "|".join(ending for ending in BRAND_ENDINGS if not ending.isdigit())
_BRAND_PATTERN: Final = (
    rf"\b(?:[a-z0-9]*[a-z][a-z0-9]*(?:{_DIGIT_ENDINGS})|[a-z0-9]+(?:{_WORD_ENDINGS})"
    rf"|{'|'.join(map(re.escape, BRAND_NAMES))})\b"
)
# Vietnamese phone numbers (10 digits for mobiles, 11 for landlines with 0 and the area
# code) as they are written: glued, or in groups of 3 and 4 digits apart by a space, a dot
# or a dash (0912345678, 0912.345.678, 091 234 5678, 024 3825 1234, 0232 3822 000, +84 912 345 678).
# Groups of two digits are left out on purpose: lottery results ("07 08 10 12 15") and
# prices ("1.020.000.000") are written that way; for the same reason a number must not
# follow a digit and a separator (RE2 has no look-behind: the character before is part of
# the match, which changes nothing for counting). Spam also spaces a number out digit by
# digit to slip past such patterns ("0 3 6 8 • 4 2 9 • 1 5 7", "0 7 0 3 - 9 6 5 - 2 8 1";
# "•" folds to "*"): 15 of the 416 spam check pages do, none of the 167,657 clean texts of
# ../shared/data holds such a run (counted 2026-11-25).
_SEP: Final = r"[ .\-]"
# Ads also space the groups out around a dot, dash or bullet ("0869 . 274 . 153", "0938 •
# 572 • 416"; "•" folds to "*"). Then only the groupings of 10 and 11 digits with a group of
# 4 count: amounts grouped by thousands ("1 . 050 . 000 . 000") and lottery results
# ("012 - 345 - 678") have none, and a space before the gap hides the digit before it
# from the test above.
_SPACED_GAP: Final = r" [.\-*] "
_SPACED_GROUPINGS: Final = ((4, 3, 3), (3, 3, 4), (3, 4, 3), (3, 4, 4), (4, 3, 4), (4, 4, 3))
_SPACED_PHONE: Final = "|".join(
    rf"0[1-9][0-9]{{{first - 2}}}{_SPACED_GAP}[0-9]{{{second}}}{_SPACED_GAP}[0-9]{{{third}}}"
    for first, second, third in _SPACED_GROUPINGS
)
_DIGIT_GAP: Final = r"[ .\-*]{1,3}"
_PHONE_PATTERN: Final = (
    r"(?:^|[^0-9.,])(?:0[1-9][0-9]{8,9}"
    rf"|0[1-9][0-9]{{1,2}}{_SEP}[0-9]{{3,4}}{_SEP}[0-9]{{3,4}}"
    rf"|{_SPACED_PHONE}"
    rf"|0[1-9][0-9]{{2}}{_SEP}[0-9]{{6}}"
    rf"|0{_DIGIT_GAP}[1-9](?:{_DIGIT_GAP}[0-9]){{8,9}})\b"
    rf"|\+84{_SEP}?[1-9][0-9]{{1,2}}{_SEP}?[0-9]{{3}}{_SEP}?[0-9]{{3,4}}\b"
)
# A URL counts once, whatever its length; a bare domain is a name and a known ending,
# also with a space before the dot, which spam puts there to break the link for filters
# and asks the reader to remove ("clipnong-xem .site/hot (bỏ khoảng trắng)");
# a shortened link (what comment spam posts) is a shortener's domain and a path.
_SHORTENERS: Final = r"bit\.ly|cutt\.ly|rb\.gy|shorturl\.at|t\.ly|is\.gd|goo\.gl|ow\.ly|tiny\.cc|s\.id"
_LINK_PATTERN: Final = (
    r"(?:https?://|\bwww\.|\bt\.me/)[^ \"'<>]*|\b[a-z0-9][a-z0-9\-]* ?\."
    r"(?:com|net|org|vn|info|biz|xyz|top|club|vip|bet|win|me|io|co|app|live|site|online|fun|tv|cc|pro|link"
    r"|click|icu|cyou|asia)\b"
    rf"|\b(?:{_SHORTENERS})/[^ \"'<>]+"
)
_CONTACT_SHORT_FORMS: Final = "|".join(
    r"\b" + re.escape(form) + (r"\b" if form[-1].isalnum() else "") for form in CONTACT_SHORT_FORMS
)
# An ISBN-10 is ten digits that may start with 0 (0571227953): matched here so that the
# phone pattern does not take it (the earlier, longer match wins), then not counted.
_ISBN_PATTERN: Final = r"\bisbn[ :\-]*(?:[0-9][ \-]?){9}[0-9x]\b"
# Group numbers below follow the order of the tuples. The first scan holds everything a
# page needs to be judged at all: topic terms, brands, and ways to reach a seller.
_EVIDENCE_GROUPS: Final = (
    _alternation(GAMBLING_TERMS),
    _alternation(ADULT_TERMS),
    _alternation(LOAN_TERMS),
    _alternation(SCAM_TERMS),
    _BRAND_PATTERN,
    _alternation(CONTACT_TERMS) + "|" + _CONTACT_SHORT_FORMS,
    _PHONE_PATTERN,
    _ISBN_PATTERN,
)
_EVIDENCE_RE: Final = _compile(_EVIDENCE_GROUPS)
# The same scan as one pattern string without groups (RE2 syntax, ASCII), for
# ``vicorpus.spam.column``'s search of whole columns: no match means no evidence.
EVIDENCE_PATTERN: Final = "|".join(f"(?:{group})" for group in _EVIDENCE_GROUPS)
_BRAND_GROUP: Final = 5
_ADULT_GROUP: Final = 2
_SCAM_GROUP: Final = 4
_PROMOTION_RE: Final = _compile((_alternation(PROMOTION_TERMS), _LINK_PATTERN, _alternation(KEYWORD_LIST_MARKERS)))
# Only counted, so without a group: RE2 then finds each match without working out group
# bounds (the same matches; on 925 pages the column scan flagged, 0.07 s instead of 0.15 s).
_REPORTING_RE: Final = _compile_pattern(_alternation(REPORTING_TERMS))
# One group per term: which terms matched, not only how often.
_ADULT_CODED_RE: Final = _compile(map(_term_pattern, ADULT_CODED_TERMS))
_SCAM_CODED_RE: Final = _compile(map(_term_pattern, SCAM_CODED_TERMS))
_SPACE_BYTE: Final = ord(" ")
_NOT_BRANDS: Final = frozenset(token.encode("ascii") for token in NOT_BRANDS)
# Letters stay, everything else becomes a space: "nhanh," and "nhanh" are one word, and
# numbers drop out, so that price lists and result tables ("2017 Toyota ... 2017 Ford")
# do not count as repeated phrases.
_LETTERS_ONLY: Final = bytes(code if chr(code).isalpha() and code < 128 else ord(" ") for code in range(256))


@dataclass(frozen=True, slots=True)
class SpamSignals:
    """Counts of spam evidence in one text, all matched on its folded copy.

    Some counts are only taken when they can matter, which keeps clean text fast; they
    are None otherwise:

    - ``promotion_terms``, ``links``, ``keyword_list_markers``: when the page has a topic
      term or brand token, or a way to reach a seller (a phone number, a messenger or
      hotline word). Without either, no decision uses them.
    - ``reporting_terms``: when the page has a topic term or brand token (reporting
      language only offsets those).
    - ``top_pair_repeats``: when the page has a way to reach a seller (a doorway page
      wants to be called; one that gives no contact is not judged on repetition).
    - ``adult_coded_terms``, ``scam_coded_terms``: as ``promotion_terms``.
    """

    words: int  # whitespace-separated tokens of the folded copy
    gambling_terms: int  # hits of lexicon.GAMBLING_TERMS and ACCENTED_GAMBLING_TERMS
    adult_terms: int  # hits of lexicon.ADULT_TERMS, and of ADULT_CODED_TERMS when at least MIN_CODED_TERMS differ
    loan_terms: int  # hits of lexicon.LOAN_TERMS
    brand_tokens: int  # betting-brand-shaped tokens (fb88, kubet, 789bet)
    distinct_brands: int
    contact_terms: int  # zalo, telegram, hotline ... (lexicon.CONTACT_TERMS)
    phone_numbers: int
    promotion_terms: int | None  # calls to action and offers (lexicon.PROMOTION_TERMS, ACCENTED_PROMOTION_TERMS)
    links: int | None  # URLs and bare domains
    keyword_list_markers: int | None  # "từ khóa", "tags", ...
    reporting_terms: int | None  # police, court, law, bank-supervision, health words
    top_pair_repeats: int | None  # occurrences of the most frequent pair of adjacent words
    # The most hits of the topic and of promotion in any ``window.WINDOW_WORDS`` words of
    # the folded copy; None on pages without topic terms or not longer than that.
    window_gambling: int | None = None
    window_adult: int | None = None
    window_loans: int | None = None
    adult_coded_terms: int | None = None  # different lexicon.ADULT_CODED_TERMS found
    scam_terms: int = 0  # hits of lexicon.SCAM_TERMS, and of SCAM_CODED_TERMS when at least MIN_CODED_TERMS differ
    window_scams: int | None = None
    scam_coded_terms: int | None = None  # different lexicon.SCAM_CODED_TERMS found

    def per_100_words(self, count: float) -> float:
        return 100.0 * count / max(self.words, DENSITY_FLOOR_WORDS)

    @property
    def reach(self) -> int:
        """Ways to reach the seller: phone numbers, messenger and hotline words."""
        return self.contact_terms + self.phone_numbers

    @property
    def promotion(self) -> int:
        """Everything that pushes the reader to act: calls to action, links, ways to reach the seller."""
        return (self.promotion_terms or 0) + (self.links or 0) + self.reach

    def _topic_score(self, topic_hits: int) -> float:
        if topic_hits == 0:
            return 0.0
        return self.per_100_words(topic_hits + self.promotion - (self.reporting_terms or 0))

    @property
    def gambling_hits(self) -> int:
        return self.gambling_terms + self.brand_tokens

    @property
    def gambling_score(self) -> float:
        """(gambling terms + brand tokens + promotion - reporting terms) per 100 words; 0 without gambling terms."""
        return self._topic_score(self.gambling_hits)

    @property
    def adult_score(self) -> float:
        """(adult terms + promotion - reporting terms) per 100 words; 0 without adult terms."""
        return self._topic_score(self.adult_terms)

    @property
    def loan_score(self) -> float:
        """(loan terms + promotion - reporting terms) per 100 words; 0 without loan terms."""
        return self._topic_score(self.loan_terms)

    @property
    def scam_score(self) -> float:
        """(scam terms + promotion - reporting terms) per 100 words; 0 without scam terms."""
        return self._topic_score(self.scam_terms)

    def _window_score(self, window_hits: int | None) -> float:
        if not window_hits:
            return 0.0
        return 100.0 * (window_hits - (self.reporting_terms or 0)) / WINDOW_WORDS

    @property
    def window_scores(self) -> tuple[float, float, float, float]:
        """The topic scores of the densest stretch, for gambling, adult, loans and scams:
        (hits of the topic and promotion in its ``WINDOW_WORDS`` words - the page's
        reporting terms) per 100 words; 0 where not counted."""
        return (
            self._window_score(self.window_gambling),
            self._window_score(self.window_adult),
            self._window_score(self.window_loans),
            self._window_score(self.window_scams),
        )

    @property
    def top_pair_share(self) -> float:
        """Share of the words taken by the most frequent word pair (0.2: a fifth of the text)."""
        if not self.top_pair_repeats or not self.words:
            return 0.0
        return min(1.0, 2.0 * self.top_pair_repeats / self.words)


def _matches(pattern: Any, folded: bytes) -> list[Any]:
    # ``finditer``'s first step is the search ``search`` does, and makes no match object
    # when it finds nothing; a ``search`` first would scan up to the first match twice.
    return list(pattern.finditer(folded))


def _spaces(folded: bytes) -> int:
    # Compared and counted by numpy (vectorised): 5x faster than ``bytes.count`` on long pages.
    return int(np.count_nonzero(np.frombuffer(folded, dtype=np.uint8) == _SPACE_BYTE))


def _count(pattern: Any, folded: bytes) -> int:
    return sum(1 for _ in pattern.finditer(folded))


def _count_groups(matches: list[Any], groups: int) -> list[int]:
    counts = [0] * (groups + 1)  # index 0 unused: group numbers start at 1
    for match in matches:
        counts[match.lastindex] += 1
    return counts


def top_pair_repeats_plain(folded: bytes) -> int:
    """Occurrences of the most frequent pair of adjacent words (punctuation and numbers
    ignored): the definition, which ``pairs.top_pair_repeats`` computes (the tests hold
    them equal)."""
    words = folded.translate(_LETTERS_ONLY).split()
    if len(words) < 2:
        return 0
    return max(Counter(pairwise(words)).values())


def spam_signals(text: str) -> SpamSignals:
    """Spam evidence in ``text``, matched on its folded copy (see ``fold_for_matching``),
    and for the few terms that folding would make news words, on the text (``accented``)."""
    return folded_spam_signals(fold_to_bytes(text), accented_hits(text))


def has_evidence(folded: bytes) -> bool:
    """Whether ``folded_spam_signals(folded)`` finds any topic term, brand token, contact
    term, phone number or ISBN; without any (and no accented gambling term), all its
    counts are zero or None."""
    return _EVIDENCE_RE.search(folded) is not None


def folded_spam_signals(folded: bytes, accented: AccentedHits = NO_HITS) -> SpamSignals:
    """``spam_signals`` of the text whose ``fold_to_bytes`` copy is ``folded`` and whose
    ``accented_hits`` are ``accented``."""
    evidence = _matches(_EVIDENCE_RE, folded)
    evidence = [match for match in evidence if match.lastindex != _BRAND_GROUP or match.group() not in _NOT_BRANDS]
    brands = Counter(match.group() for match in evidence if match.lastindex == _BRAND_GROUP)
    _, gambling, adult, loans, scams, _, contact, phones, _ = _count_groups(evidence, 8)
    gambling += accented.gambling
    has_topic = gambling + adult + loans + scams + len(brands) > 0
    has_reach = contact + phones > 0
    promotion = links = markers = coded_terms = scam_coded_terms = None
    pushes: list[Any] = []
    coded: list[Any] = []
    scam_coded: list[Any] = []
    if has_topic or has_reach:
        pushes = _matches(_PROMOTION_RE, folded)
        _, promotion, links, markers = _count_groups(pushes, 3)
        promotion += accented.promotion
        coded, coded_terms = _coded(_ADULT_CODED_RE, folded, evidence, _ADULT_GROUP)
        adult += len(coded)
        scam_coded, scam_coded_terms = _coded(_SCAM_CODED_RE, folded, evidence, _SCAM_GROUP)
        scams += len(scam_coded)
        has_topic = has_topic or bool(coded or scam_coded)
    words = _spaces(folded) + 1 if folded else 0
    windows = (
        _densest_windows(folded, evidence, pushes, coded, scam_coded)
        if has_topic and words > WINDOW_WORDS
        else (None, None, None, None)
    )
    return SpamSignals(
        words=words,
        gambling_terms=gambling,
        adult_terms=adult,
        loan_terms=loans,
        brand_tokens=sum(brands.values()),
        distinct_brands=len(brands),
        contact_terms=contact,
        phone_numbers=phones,
        promotion_terms=promotion,
        links=links,
        keyword_list_markers=markers,
        reporting_terms=_count(_REPORTING_RE, folded) if has_topic else None,
        top_pair_repeats=top_pair_repeats(folded) if has_reach else None,
        window_gambling=windows[0],
        window_adult=windows[1],
        window_loans=windows[2],
        adult_coded_terms=coded_terms,
        scam_terms=scams,
        window_scams=windows[3],
        scam_coded_terms=scam_coded_terms,
    )


def _coded(pattern: Any, folded: bytes, evidence: list[Any], group: int) -> tuple[list[Any], int]:
    """The matches of a coded-term ``pattern`` that count (none unless at least
    ``MIN_CODED_TERMS`` different terms are found), and how many different ones are found.
    A match that shares a byte with a term of the topic's ``group`` of ``evidence`` counts
    once, as that term: "shot" in "1 shot", "18+" in "clip 18+", "lộ clip" in "lộ clip sex",
    "truy vết" in "truy vết dòng tiền"."""
    terms = [(match.start(), match.end()) for match in evidence if match.lastindex == group]
    coded = [
        match
        for match in _matches(pattern, folded)
        if not any(match.start() < end and start < match.end() for start, end in terms)
    ]
    different = len({match.lastindex for match in coded})
    return (coded if different >= MIN_CODED_TERMS else []), different


# Groups of ``_EVIDENCE_RE`` that are topic terms (gambling counts brand tokens too) and
# that push the reader (contact terms, phone numbers); of ``_PROMOTION_RE``, calls to
# action and links (keyword-list markers are no promotion, as in ``SpamSignals.promotion``).
_TOPIC_GROUPS: Final = ((1, _BRAND_GROUP), (2,), (3,), (4,))
_EVIDENCE_PUSH_GROUPS: Final = (6, 7)
_PROMOTION_PUSH_GROUPS: Final = (1, 2)


def _densest_windows(
    folded: bytes, evidence: list[Any], pushes: list[Any], adult_coded: list[Any], scam_coded: list[Any]
) -> tuple[int, int, int, int]:
    """For gambling, adult, loans and scams: the most hits of the topic and promotion in any
    ``window.WINDOW_WORDS`` words (see ``window``); ``adult_coded``, ``scam_coded``: the
    coded terms that count."""
    push_offsets = [match.start() for match in evidence if match.lastindex in _EVIDENCE_PUSH_GROUPS]
    push_offsets += [match.start() for match in pushes if match.lastindex in _PROMOTION_PUSH_GROUPS]
    push_words = word_numbers(folded, push_offsets)
    best = []
    for groups, extra in zip(_TOPIC_GROUPS, ([], adult_coded, [], scam_coded), strict=True):
        topic_offsets = [match.start() for match in evidence if match.lastindex in groups]
        topic_words = word_numbers(folded, topic_offsets + [match.start() for match in extra])
        best.append(densest_window_hits(topic_words, push_words))
    return best[0], best[1], best[2], best[3]
