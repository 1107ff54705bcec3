"""The shortcuts of the faster kernels equal the plain-Python specifications: the line
breaks the tokenizer records (walked by the language evidence and the line signals), and
the n-gram positions skipped because the n-gram's last n - 1 words do not repeat."""

from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from vicorpus.langid.identify import analyze_batch, reference_analyze
from vicorpus.quality import SIGNAL_NAMES
from vicorpus.quality.reference import reference_signals
from vicorpus.quality.signals import signal_columns
from vicorpus.quality.tokens import tokenize_batch


def _assert_equal_to_the_reference(texts: list[str]) -> None:
    columns = signal_columns(texts)
    for index, text in enumerate(texts):
        expected = reference_signals(text).as_tuple()
        got = tuple(columns[name][index].item() for name in SIGNAL_NAMES)
        mismatched = [name for name, a, b in zip(SIGNAL_NAMES, got, expected, strict=True) if a != b]
        assert not mismatched, (index, text[:200], mismatched)
    assert analyze_batch(texts) == [reference_analyze(text) for text in texts]


def _assert_newlines_recorded(texts: list[str]) -> None:
    batch = tokenize_batch(texts)
    joined = "".join(texts)
    assert batch.newlines.tolist() == [index for index, character in enumerate(joined) if character == "\n"]
    offsets = batch.line_offsets.tolist()
    assert [offsets[i + 1] - offsets[i] for i in range(len(texts))] == [text.count("\n") for text in texts]


@pytest.mark.parametrize(
    "texts",
    [
        ["Hà Nội\nlà thủ đô.\n\nViệt Nam", "", "một dòng", "\n"],
        ["\n" * 500, "a\nb", "\n \n\t\n"],  # more line breaks than the room guessed for them
        ["a\n" * 300, "x"],  # as many breaks as tokens, both beyond the room
        ["", "", ""],
        ["\r\n\u2028\x0b\x1c\n"],  # other line boundaries are whitespace, not "\n"
    ],
)
def test_the_tokenizer_records_every_line_break(texts: list[str]) -> None:
    _assert_newlines_recorded(texts)
    _assert_equal_to_the_reference(texts)


@settings(max_examples=200, deadline=None)
@given(st.lists(st.text(alphabet="ab \n.", max_size=120), min_size=1, max_size=5))
def test_line_breaks_and_lines_equal_the_reference_on_generated_text(texts: list[str]) -> None:
    _assert_newlines_recorded(texts)
    _assert_equal_to_the_reference(texts)


def test_ngrams_repeated_at_the_end_of_a_document_are_counted() -> None:
    """An n-gram whose second occurrence ends the document: its last n - 1 words start at
    the last (n - 1)-gram, which has no n-gram of its own (kept for the check all the same)."""
    texts = [
        "x a b c y a b c",
        "x a b c d e f y a b c d e f",
        "m n o p q r s t u v w z m n o p q r s t u v w",
        "a b a b a b a",
    ]
    _assert_equal_to_the_reference(texts)


@settings(max_examples=300, deadline=None)
@given(st.lists(st.lists(st.sampled_from(["a", "b", "c", "ba", "."]), max_size=60).map(" ".join), max_size=4))
def test_ngram_signals_equal_the_reference_on_repetitive_text(texts: list[str]) -> None:
    """Few distinct words: n-grams of every size repeat, overlap and end documents."""
    _assert_equal_to_the_reference([*texts, "a"])
