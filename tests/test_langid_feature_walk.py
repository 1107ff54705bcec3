"""The general model's compiled byte walk (``vicorpus.langid.feature_walk``) finds what
py3langid's own walk finds, in the same order, and with the model's float16 table or its
float32 copy the scores are py3langid's to the bit."""

from __future__ import annotations

import random

import numpy as np
import pytest
from py3langid.langid import MODEL_FILE, LanguageIdentifier, visit_counts  # type: ignore[import-untyped]

from vicorpus.langid.general import FLOAT32_TABLE_AFTER, _identifier

TEXTS = [
    "",
    " ",
    "\x00",
    "a",
    "ABC DEF",  # upper case: py3langid lowers it before the walk
    "The committee will publish its annual report on the state of public transport next week.",
    "Le conseil municipal a décidé de rénover la bibliothèque du quartier avant la fin de l'année.",
    "Городской совет принял решение отремонтировать библиотеку до конца этого года.",
    "東京都は来年度から新しい図書館の建設を始めると発表した。",
    "Ủy ban nhân dân thành phố vừa công bố kế hoạch cải tạo thư viện.",
    "def main() -> None:\n    print('hello')\n",
    "😀🎉 ok " * 50,
    "lone \ud800 surrogate",
    "Die Stadt plant eine neue Brücke über den Fluss. " * 400,  # 20 KB
]


@pytest.fixture(scope="module")
def original() -> LanguageIdentifier:
    return LanguageIdentifier.from_model_file(MODEL_FILE, norm_probs=True)


def _random_texts() -> list[str]:
    generator = random.Random(11)
    alphabet = "aeiouáàảãạăâđêôơư nmtlhgck.,!?\n0123456789ÄÖÜßçñЖжя中文한국어ไทย😀\t"
    return ["".join(generator.choice(alphabet) for _ in range(generator.randint(0, 300))) for _ in range(500)]


@pytest.mark.parametrize("text", TEXTS + _random_texts()[:50])
def test_the_walk_finds_py3langids_features_in_its_order(text: str, original: LanguageIdentifier) -> None:
    data = original._encode(text)
    expected = visit_counts(original.tk_nextmove, original._rowbase, original.tk_output, data) or {}
    features, counts = _identifier().walk.visits(data)
    assert list(zip(features.tolist(), counts.tolist(), strict=True)) == list(expected.items())


@pytest.mark.parametrize("table", ["float16", "float32"])
def test_classify_is_py3langids_to_the_bit(table: str, original: LanguageIdentifier) -> None:
    ours = _identifier()
    saved = ours.float32_table, ours.scored
    # The table as loaded, or the float32 copy a process makes after FLOAT32_TABLE_AFTER texts.
    ours.float32_table = np.asarray(ours.nb_ptc, dtype=np.float32) if table == "float32" else None
    ours.scored = -(10**9)  # no switch in the middle of the test
    try:
        for text in TEXTS + _random_texts():
            assert ours.classify(text) == original.classify(text), text[:60]
    finally:
        ours.float32_table, ours.scored = saved


def test_the_float32_table_is_made_after_enough_texts() -> None:
    ours = _identifier()
    saved = ours.float32_table, ours.scored
    ours.float32_table, ours.scored = None, 0
    try:
        for _ in range(FLOAT32_TABLE_AFTER):
            ours.classify("Die Stadt plant eine neue Brücke.")
        assert ours.float32_table is None
        ours.classify("Die Stadt plant eine neue Brücke.")
        assert ours.float32_table is not None and ours.float32_table.dtype == np.float32
    finally:
        ours.float32_table, ours.scored = saved
