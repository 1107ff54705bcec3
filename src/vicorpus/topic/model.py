"""The domain model: a linear classifier over tf-idf weighted syllable n-grams.

A model is a vocabulary (terms and their idf), one weight per term and label, and one
intercept per label; prediction is a softmax over the labels. It is stored as one
``.npz`` file (arrays only, no pickle) and needs numpy and polars, nothing else: the
package ships one (``domain_model.npz``, made by ``vicorpus train-domain``).
"""

from __future__ import annotations

from dataclasses import dataclass
from importlib import resources
from pathlib import Path

import numpy as np

from vicorpus.topic.features import DEFAULT_MAX_CHARS, Vocabulary, occurrence_features

SHIPPED_MODEL = "domain_model.npz"
FORMAT_VERSION = 1


@dataclass(frozen=True)
class Predictions:
    labels: list[str]
    scores: np.ndarray  # probability of the predicted label, float32
    terms: np.ndarray  # distinct known terms (features) per document, int64


def weighted_features(
    texts: list[str], vocabulary: Vocabulary, idf: np.ndarray, max_chars: int
) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """``doc``, ``feature`` and value of every (document, feature) pair, sorted by document.

    Values are sublinear tf × idf, L2-normalized per document: the classic weighting of
    linear text classifiers (Joachims 1998; Manning et al. 2008, §6.4.1).
    """
    doc, feature = occurrence_features(texts, vocabulary, max_chars)
    keys, counts = np.unique(doc * vocabulary.size + feature, return_counts=True)
    doc, feature = keys // vocabulary.size, keys % vocabulary.size
    values = (1.0 + np.log(counts)) * idf[feature]
    norms = np.sqrt(np.bincount(doc, weights=values * values, minlength=len(texts)))
    norms[norms == 0] = 1.0
    return doc, feature, values / norms[doc]


@dataclass(frozen=True)
class DomainModel:
    labels: tuple[str, ...]
    vocabulary: Vocabulary
    idf: np.ndarray  # float32, one per feature
    weights: np.ndarray  # float32, features × labels
    intercepts: np.ndarray  # float32, one per label
    max_chars: int = DEFAULT_MAX_CHARS

    def probabilities(self, texts: list[str]) -> np.ndarray:
        """Per document, the probability of each label (documents × labels)."""
        return self._scored(texts)[0]

    def _scored(self, texts: list[str]) -> tuple[np.ndarray, np.ndarray]:
        doc, feature, values = weighted_features(texts, self.vocabulary, self.idf, self.max_chars)
        logits = np.zeros((len(texts), len(self.labels)), dtype=np.float64)
        if len(doc):
            starts = np.flatnonzero(np.r_[True, doc[1:] != doc[:-1]])
            # float32 products: half the temporary memory of float64, same labels
            products = self.weights[feature] * values.astype(np.float32)[:, None]
            logits[doc[starts]] = np.add.reduceat(products, starts, axis=0)
        logits += self.intercepts
        logits -= logits.max(axis=1, keepdims=True)
        exp = np.exp(logits)
        terms = np.bincount(doc, minlength=len(texts)).astype(np.int64)
        return exp / exp.sum(axis=1, keepdims=True), terms

    def predict(self, texts: list[str]) -> Predictions:
        if not texts:
            return Predictions([], np.zeros(0, dtype=np.float32), np.zeros(0, dtype=np.int64))
        probabilities, terms = self._scored(texts)
        best = probabilities.argmax(axis=1)
        labels = [self.labels[index] for index in best]
        return Predictions(labels, probabilities[np.arange(len(texts)), best].astype(np.float32), terms)

    def save(self, path: Path) -> None:
        # np.savez appends ".npz" to names without it: the temporary name keeps the suffix.
        temporary = path.with_name(path.stem + ".partial.npz")
        np.savez_compressed(
            temporary,
            format_version=np.array(FORMAT_VERSION),
            labels=np.array(self.labels),
            syllables=np.array(self.vocabulary.syllables),
            bigram_keys=self.vocabulary.bigram_keys.astype(np.int64),
            idf=self.idf.astype(np.float32),
            # half precision: the weights' rounding moves probabilities by < 1e-3
            weights=self.weights.astype(np.float16),
            intercepts=self.intercepts.astype(np.float32),
            max_chars=np.array(self.max_chars),
        )
        temporary.replace(path)

    @classmethod
    def load(cls, path: Path) -> DomainModel:
        with np.load(path, allow_pickle=False) as data:
            version = int(data["format_version"])
            if version != FORMAT_VERSION:
                raise ValueError(f"{path}: domain model format {version}, this vicorpus reads {FORMAT_VERSION}")
            vocabulary = Vocabulary([str(s) for s in data["syllables"]], data["bigram_keys"].astype(np.int64))
            labels, weights = data["labels"], data["weights"]
            if weights.shape != (vocabulary.size, len(labels)) or data["idf"].shape != (vocabulary.size,):
                raise ValueError(f"{path}: weights, idf and vocabulary sizes disagree")
            if data["intercepts"].shape != (len(labels),):
                raise ValueError(f"{path}: one intercept per label expected")
            return cls(
                labels=tuple(str(label) for label in data["labels"]),
                vocabulary=vocabulary,
                idf=data["idf"].astype(np.float32),
                weights=data["weights"].astype(np.float32),
                intercepts=data["intercepts"].astype(np.float32),
                max_chars=int(data["max_chars"]),
            )


_SHIPPED: list[DomainModel] = []


def shipped_model_path() -> Path:
    """Where the shipped model file is (the package is installed from files, not a zip)."""
    return Path(str(resources.files("vicorpus.topic") / SHIPPED_MODEL))


def shipped_model() -> DomainModel:
    """The model inside the package (loaded once per process)."""
    if not _SHIPPED:
        _SHIPPED.append(DomainModel.load(shipped_model_path()))
    return _SHIPPED[0]
