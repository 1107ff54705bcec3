"""The densest stretch of a page: the most topic and promotion hits in any run of
``WINDOW_WORDS`` words.

A page's topic score is a density over the whole page, which a long page dilutes: a
"top 5 apps" review whose third item is a betting portal with its links, a news story
followed by spam comments, a forum thread with an escort ad in a signature. Counting the
hits in the densest stretch finds the spam block wherever it sits; the decision asks more
of a stretch than of a page (``decision.MIN_WINDOW_SCORE``).
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Final

import numpy as np

# A paragraph or a block of comments; shorter pages are judged as a whole.
WINDOW_WORDS: Final = 100
_SPACE_BYTE: Final = ord(" ")


def word_numbers(folded: bytes, offsets: Sequence[int]) -> np.ndarray:
    """The number of the word (counted from 0, words apart by single spaces, as the folded
    copy is written) that holds each byte offset."""
    spaces = np.flatnonzero(np.frombuffer(folded, dtype=np.uint8) == _SPACE_BYTE)
    return np.searchsorted(spaces, np.asarray(offsets, dtype=np.int64), side="left")


def densest_window_hits(topic_words: np.ndarray, promotion_words: np.ndarray, window: int = WINDOW_WORDS) -> int:
    """The most hits (topic and promotion together) in any ``window`` consecutive words
    that hold at least one topic hit; 0 without topic hits.

    ``topic_words`` and ``promotion_words`` are the word numbers of the hits (any order).
    """
    if not len(topic_words):
        return 0
    words = np.concatenate((topic_words, promotion_words))
    is_topic = np.concatenate((np.ones(len(topic_words), np.int64), np.zeros(len(promotion_words), np.int64)))
    order = np.argsort(words, kind="stable")
    words, is_topic = words[order], is_topic[order]
    # The best window ends on a hit: for each hit, the first hit less than ``window`` words before it.
    first = np.searchsorted(words, words - (window - 1), side="left")
    last = np.arange(len(words))
    topics_before = np.concatenate(([0], np.cumsum(is_topic)))
    has_topic = topics_before[last + 1] - topics_before[first] > 0
    counts = last - first + 1
    return int(counts[has_topic].max())
