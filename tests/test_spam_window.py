"""``spam.window``: the densest stretch of hits, against a direct count."""

from __future__ import annotations

import numpy as np
from hypothesis import given, settings
from hypothesis import strategies as st

from vicorpus.spam.window import densest_window_hits, word_numbers


def _direct(topic: list[int], promotion: list[int], window: int) -> int:
    best = 0
    for start in range(-window, max(topic + promotion, default=0) + 1):
        inside = range(start, start + window)
        topic_hits = sum(word in inside for word in topic)
        if topic_hits:
            best = max(best, topic_hits + sum(word in inside for word in promotion))
    return best


@settings(max_examples=300, deadline=None)
@given(
    st.lists(st.integers(0, 400), max_size=12),
    st.lists(st.integers(0, 400), max_size=12),
    st.integers(1, 120),
)
def test_densest_window_equals_a_direct_count(topic: list[int], promotion: list[int], window: int) -> None:
    found = densest_window_hits(np.array(topic, dtype=np.int64), np.array(promotion, dtype=np.int64), window)
    assert found == _direct(topic, promotion, window)


def test_a_window_needs_a_topic_hit() -> None:
    promotion = np.arange(50, dtype=np.int64)
    assert densest_window_hits(np.array([], dtype=np.int64), promotion, 100) == 0
    # 50 promotion hits, one topic hit 200 words later: only the topic hit is in its window.
    assert densest_window_hits(np.array([250], dtype=np.int64), promotion, 100) == 1
    assert densest_window_hits(np.array([120], dtype=np.int64), promotion, 100) == 1 + 29  # words 21..49


def test_word_numbers_count_the_spaces_before_an_offset() -> None:
    folded = b"nha cai uy tin dang ky"
    offsets = [0, 4, 8, 11, 15, 20]
    assert word_numbers(folded, offsets).tolist() == [0, 1, 2, 3, 4, 5]
