"""The near-duplicate primitives: dedup key, shingles, MinHash/LSH, connected components."""

from __future__ import annotations

import lzma
import random

import numpy as np
import orjson
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

import vicorpus.minhash.shingles as shingles_module
from conftest import shared_data
from vicorpus.minhash import (
    Components,
    DiacriticsFolding,
    band_keys,
    detection_probability,
    fold_text,
    jaccard,
    minhash_signatures,
    shingle_hashes,
)

MASK = 2**64 - 1
P = 0x100000001B3
Q = 0x9E3779B97F4A7C15


def _splitmix(x: int) -> int:
    x = (x + 0x9E3779B97F4A7C15) & MASK
    x = ((x ^ (x >> 30)) * 0xBF58476D1CE4E5B9) & MASK
    x = ((x ^ (x >> 27)) * 0x94D049BB133111EB) & MASK
    return x ^ (x >> 31)


def _reference_shingles(text: str, n: int, diacritics: DiacriticsFolding, fold_numbers: bool) -> list[int]:
    """Plain-Python shingles from the string dedup key: what the NumPy path must equal."""
    tokens = [t for t in fold_text(text, diacritics, fold_numbers).split(" ") if t]
    hashes = [_splitmix(sum(ord(c) * pow(P, i, 2**64) for i, c in enumerate(t)) & MASK) for t in tokens]
    if not hashes:
        return []
    windows = [hashes[i : i + n] for i in range(len(hashes) - n + 1)] if len(hashes) >= n else [hashes]
    out = []
    for window in windows:
        combined = 0
        for k in range(n):
            combined = (combined * Q + (window[k] if k < len(window) else 0)) & MASK
        out.append(_splitmix(combined))
    return out


TEXTS = st.text(
    alphabet=st.sampled_from([*"aăâbcdđeêioôơuưyhòàảãạÀỞỮ 0123456789٣.,;\n\t\x00-–'\u0301\u0323😀𠀀İß", "\ud800"]),
    max_size=60,
)


@settings(max_examples=300, deadline=None)
@given(
    texts=st.lists(TEXTS, max_size=8),
    n=st.integers(1, 6),
    diacritics=st.sampled_from(list(DiacriticsFolding)),
    fold_numbers=st.booleans(),
)
def test_batch_shingles_equal_the_plain_definition(
    texts: list[str], n: int, diacritics: DiacriticsFolding, fold_numbers: bool
) -> None:
    flat, offsets = shingle_hashes(texts, n, diacritics, fold_numbers)
    assert offsets.size == len(texts) + 1
    for i, text in enumerate(texts):
        assert flat[offsets[i] : offsets[i + 1]].tolist() == _reference_shingles(text, n, diacritics, fold_numbers)


def test_chunked_batches_give_the_same_shingles(monkeypatch: pytest.MonkeyPatch) -> None:
    rng = random.Random(3)
    words = ["hòa", "bình", "độc", "lập", "tự", "do", "hạnh", "phúc", "năm", "2024", "người", "Việt"]
    texts = [" ".join(rng.choice(words) for _ in range(rng.randint(0, 300))) for _ in range(60)]
    whole, whole_offsets = shingle_hashes(texts)
    monkeypatch.setattr(shingles_module, "CHUNK_CODE_POINTS", 500)  # many chunks, some texts longer than one
    monkeypatch.setattr(shingles_module, "_POWERS", shingles_module._Powers())
    chunked, chunked_offsets = shingle_hashes(texts)
    assert np.array_equal(whole, chunked) and np.array_equal(whole_offsets, chunked_offsets)


def test_dedup_key_folds_case_punctuation_numbers_and_tones() -> None:
    assert fold_text("Hòa BÌNH, năm 2017!") == fold_text("hoà bình - năm 6") == "hoa binh năm 0"
    assert fold_text("Hòa bình", DiacriticsFolding.KEEP) == "hòa bình"
    assert fold_text("Đường phố", DiacriticsFolding.ALL) == "duong pho"
    assert fold_text("3,5 %", fold_numbers=False) == "3 5"
    assert fold_text("x\u0301y") == "xy"  # a stray combining tone mark folds away without splitting


def test_signatures_estimate_jaccard_and_band_keys_match_equal_bands() -> None:
    rng = random.Random(7)
    base = np.array([rng.getrandbits(64) for _ in range(2000)], dtype=np.uint64)
    other = base.copy()
    other[:1000] = np.array([rng.getrandbits(64) for _ in range(1000)], dtype=np.uint64)
    flat = np.concatenate([base, other, base])
    offsets = np.array([0, 2000, 4000, 6000], dtype=np.int64)
    signatures = minhash_signatures(flat, offsets, 256, seed=1)
    estimate = float(np.mean(signatures[0] == signatures[1]))
    truth = jaccard(base, other)  # 1000 shared of 3000 distinct
    assert abs(truth - 1 / 3) < 1e-9
    assert abs(estimate - truth) < 0.1  # 256 permutations: standard error ≈ 0.03
    keys = band_keys(signatures, 32, 8)
    assert np.array_equal(keys[0], keys[2])
    assert not np.array_equal(keys[0], keys[1])
    assert minhash_signatures(flat, offsets, 256, seed=2).tolist() != signatures.tolist()


def _news(count: int) -> list[str]:
    path = shared_data("baomoi-news-2017/baomoi_news.jsonl.xz")
    with lzma.open(path, "rt", encoding="utf-8") as handle:
        texts = [orjson.loads(line)["text"] for _, line in zip(range(count * 2), handle, strict=False)]
    return [t for t in texts if len(t.split()) >= 150][:count]


def _edit_to(text: str, target: float, rng: random.Random, vocabulary: list[str]) -> str:
    """Replace random syllables until the exact Jaccard with the original drops to ``target``."""
    words = text.split()
    original = shingle_hashes([text])[0]
    positions = list(range(len(words)))
    rng.shuffle(positions)
    replacements = [rng.choice(vocabulary) + "x" for _ in words]  # "x": never an original syllable

    def edited(count: int) -> str:
        out = list(words)
        for p in positions[:count]:
            out[p] = replacements[p]
        return " ".join(out)

    lo, hi = 0, len(words)
    while lo < hi:  # fewest replacements that bring the similarity down to the target
        mid = (lo + hi) // 2
        if jaccard(original, shingle_hashes([edited(mid)])[0]) <= target:
            hi = mid
        else:
            lo = mid + 1
    return edited(lo)


@pytest.mark.parametrize("target", [0.95, 0.9, 0.8, 0.7, 0.5, 0.3])
def test_detection_follows_the_lsh_s_curve_on_edited_real_documents(target: float) -> None:
    """Pairs of real articles edited to a known Jaccard: the share found as candidates
    must match 1-(1-s^8)^14 within binomial noise (4 σ), pair by pair expectation."""
    rng = random.Random(int(target * 100))
    texts = _news(150)
    vocabulary = " ".join(texts[:20]).split()
    edited = [_edit_to(t, target, rng, vocabulary) for t in texts]
    flat, offsets = shingle_hashes(texts + edited)
    similarity = np.array(
        [jaccard(flat[offsets[i] : offsets[i + 1]], flat[offsets[i + 150] : offsets[i + 151]]) for i in range(150)]
    )
    assert np.all(similarity <= target + 0.02) and np.median(similarity) > target - 0.05
    keys = band_keys(minhash_signatures(flat, offsets, 112, seed=1), 14, 8)
    found = np.any(keys[:150] == keys[150:], axis=1)
    expected = detection_probability(similarity, 14, 8)
    sigma = float(np.sqrt(np.sum(expected * (1 - expected))))
    assert abs(int(found.sum()) - float(expected.sum())) <= 4 * sigma + 2, (found.sum(), expected.sum())


def test_detection_probability_matches_fineweb2_bands() -> None:
    probability = detection_probability(np.array([0.5, 0.7, 0.8, 0.85]), 14, 8)
    assert probability[0] < 0.06 and 0.5 < probability[1] < 0.6
    assert 0.9 < probability[2] < 0.95 and probability[3] > 0.98


def _plain_components(nodes: int, edges: list[tuple[int, int]]) -> list[int]:
    parent = list(range(nodes))

    def find(x: int) -> int:
        while parent[x] != x:
            x = parent[x]
        return x

    for a, b in edges:
        ra, rb = find(a), find(b)
        parent[max(ra, rb)] = min(ra, rb)
    return [find(x) for x in range(nodes)]


@settings(max_examples=200, deadline=None)
@given(
    nodes=st.integers(1, 60),
    batches=st.lists(st.lists(st.tuples(st.integers(0, 59), st.integers(0, 59)), max_size=40), max_size=4),
)
def test_components_equal_a_plain_union_find_and_root_at_the_smallest_node(
    nodes: int, batches: list[list[tuple[int, int]]]
) -> None:
    batches = [[(a % nodes, b % nodes) for a, b in batch] for batch in batches]
    components = Components(nodes)
    for batch in batches:
        if batch:
            left, right = zip(*batch, strict=True)
            components.union(np.array(left), np.array(right))
    roots = components.roots().tolist()
    assert roots == _plain_components(nodes, [edge for batch in batches for edge in batch])
    assert all(root <= node for node, root in enumerate(roots))
