"""Fit the domain model on labelled examples (``vicorpus train-domain``).

scikit-learn's multinomial logistic regression (``pip install 'vicorpus[train]'``) fits
the weights; the features are computed by :mod:`vicorpus.topic.features` and weighted by
:func:`vicorpus.topic.model.weighted_features`, the code that predicts, so training and
the stage cannot drift apart. Training is deterministic (lbfgs, fixed data order).
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

import numpy as np
import polars as pl

from vicorpus.topic.corpora import Example
from vicorpus.topic.features import DEFAULT_MAX_CHARS, Vocabulary, document_syllables, syllable_numbers
from vicorpus.topic.labels import DOMAIN_LABELS
from vicorpus.topic.model import DomainModel, weighted_features

# Terms seen in fewer training documents carry names and typos rather than topic
# (the usual document-frequency cut of text classification, e.g. Joachims 1998).
MIN_DOCUMENT_FREQUENCY = 3
# The most frequent bigrams kept: bounds the shipped model's size (≈ 2 MB).
MAX_BIGRAMS = 100_000
# Inverse regularization strength (docs/domain.md: validation on VNTC's training split).
REGULARIZATION_C = 4.0
_BATCH = 4000


@dataclass(frozen=True)
class TrainingSettings:
    max_chars: int = DEFAULT_MAX_CHARS
    min_document_frequency: int = MIN_DOCUMENT_FREQUENCY
    max_bigrams: int = MAX_BIGRAMS
    c: float = REGULARIZATION_C
    max_iter: int = 300


def _batches(texts: Sequence[str]) -> list[list[str]]:
    return [list(texts[start : start + _BATCH]) for start in range(0, len(texts), _BATCH)]


def build_vocabulary(texts: Sequence[str], settings: TrainingSettings) -> tuple[Vocabulary, np.ndarray]:
    """Syllables and bigrams in at least ``min_document_frequency`` documents, and the idf
    of every feature (smoothed, as scikit-learn's TfidfTransformer)."""
    frequencies = [
        document_syllables(batch, settings.max_chars).unique().group_by("syllable").len("df")
        for batch in _batches(texts)
    ]
    syllable_df = (
        pl.concat(frequencies).group_by("syllable").sum().filter(pl.col("df") >= settings.min_document_frequency)
    ).sort("syllable")
    syllables = Vocabulary(syllable_df["syllable"].to_list(), np.zeros(0, dtype=np.int64))
    n = len(syllables.syllables)
    pair_frequencies = []
    for batch in _batches(texts):
        doc, number = syllable_numbers(batch, syllables.table(), settings.max_chars)
        pair = (number[:-1] >= 0) & (number[1:] >= 0) & (doc[:-1] == doc[1:])
        frame = pl.DataFrame({"doc": doc[:-1][pair], "key": number[:-1][pair] * n + number[1:][pair]})
        pair_frequencies.append(frame.unique().group_by("key").len("df"))
    bigram_df = (
        pl.concat(pair_frequencies)
        .group_by("key")
        .sum()
        .filter(pl.col("df") >= settings.min_document_frequency)
        .sort(["df", "key"], descending=[True, False])
        .head(settings.max_bigrams)
        .sort("key")
    )
    vocabulary = Vocabulary(syllables.syllables, bigram_df["key"].to_numpy().astype(np.int64))
    df = np.concatenate([syllable_df["df"].to_numpy(), bigram_df["df"].to_numpy()]).astype(np.float64)
    idf = np.log((1 + len(texts)) / (1 + df)) + 1.0
    return vocabulary, idf.astype(np.float32)


def feature_matrix(texts: Sequence[str], vocabulary: Vocabulary, idf: np.ndarray, max_chars: int) -> Any:
    """The weighted feature matrix of ``texts`` (scipy CSR), built batch by batch."""
    from scipy import sparse

    blocks = []
    for batch in _batches(texts):
        doc, feature, values = weighted_features(batch, vocabulary, idf, max_chars)
        blocks.append(sparse.csr_matrix((values, (doc, feature)), shape=(len(batch), vocabulary.size)))
    return sparse.vstack(blocks, format="csr")


def fit_domain_model(examples: Sequence[Example], settings: TrainingSettings | None = None) -> DomainModel:
    """Fit on the ``train`` examples; labels are :data:`DOMAIN_LABELS` in that order."""
    from sklearn.linear_model import LogisticRegression

    settings = settings or TrainingSettings()
    train = [example for example in examples if example.split == "train"]
    texts = [example.text for example in train]
    vocabulary, idf = build_vocabulary(texts, settings)
    matrix = feature_matrix(texts, vocabulary, idf, settings.max_chars)
    index = {label: position for position, label in enumerate(DOMAIN_LABELS)}
    targets = np.array([index[example.label] for example in train])
    classifier = LogisticRegression(C=settings.c, max_iter=settings.max_iter, class_weight="balanced")
    classifier.fit(matrix, targets)
    weights = np.zeros((vocabulary.size, len(DOMAIN_LABELS)), dtype=np.float32)
    intercepts = np.full(len(DOMAIN_LABELS), -1e4, dtype=np.float32)  # a label without examples is never chosen
    for column, label_index in enumerate(classifier.classes_):
        weights[:, label_index] = classifier.coef_[column]
        intercepts[label_index] = classifier.intercept_[column]
    return DomainModel(DOMAIN_LABELS, vocabulary, idf, weights, intercepts, settings.max_chars)
