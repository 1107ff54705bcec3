"""Stage ``domain``: the topic of each document (``domain_label``) and its probability.

Twelve labels (:data:`vicorpus.topic.DOMAIN_LABELS`) from a linear model over tf-idf
weighted syllable unigrams and bigrams of the document's head. The package ships a
model (``vicorpus train-domain`` rebuilds it, or trains one on other data); a
``model`` setting points at another. The column is ``domain_label`` because
``domain`` is the web domain (DESIGN.md).
"""

from __future__ import annotations

import hashlib
from pathlib import Path
from typing import ClassVar

import polars as pl
from pydantic import Field, ValidationInfo, field_validator

from vicorpus.stages.base import Stage, StageKind
from vicorpus.topic.model import DomainModel, shipped_model, shipped_model_path

DOMAIN_COLUMNS: dict[str, pl.DataType] = {"domain_label": pl.String(), "domain_score": pl.Float32()}
_LOADED: dict[str, DomainModel] = {}
_DIGESTS: dict[tuple[str, int, int], str] = {}
# No labelled corpus has "other" (texts that fit no label), so it is what the model
# gives when it is unsure. On VNTC's Test_Full (50,373 articles, never trained on) the
# best label is right 44 % of the time below 0.4 (2.7 % of articles), 57 % between 0.4
# and 0.5, 96 % above 0.7 (docs/domain.md).
MIN_SCORE = 0.4
# A document needs a few known terms for its label to mean anything: with L2-normalized
# features one known syllable weighs as much as a whole article ("nông dân" alone is
# agriculture at 0.9998), and a text with none gets the label prior.
MIN_TERMS = 5  # about three syllables: two give three terms (both and their pair)


def _load(path: str) -> DomainModel:
    if path not in _LOADED:
        _LOADED[path] = DomainModel.load(Path(path))
    return _LOADED[path]


class DomainLabel(Stage):
    """Label each document's topic (education, health, agriculture, transport, law, …) with its probability."""

    name: ClassVar[str] = "domain"
    kind: ClassVar[StageKind] = StageKind.ANNOTATE
    output_columns: ClassVar[dict[str, pl.DataType]] = DOMAIN_COLUMNS

    model: str | None = Field(
        None,
        description="A domain model file from `vicorpus train-domain` (relative to the pipeline file's "
        "folder); default: the model shipped with vicorpus.",
    )

    min_score: float = Field(
        MIN_SCORE,
        ge=0.0,
        le=1.0,
        description="Below this probability of the best label, domain_label is 'other' (domain_score keeps it).",
    )

    min_terms: int = Field(
        MIN_TERMS, ge=0, description="Fewer distinct known terms than this: domain_label is 'other' (too little text)."
    )

    @field_validator("model")
    @classmethod
    def _model_loads(cls, value: str | None, info: ValidationInfo) -> str | None:
        if value is None:
            return None
        base = (info.context or {}).get("base_dir", Path.cwd())
        path = (Path(base) / Path(value).expanduser()).resolve()
        if not path.is_file():
            raise ValueError(f"no such model file: {path}")
        try:
            _load(str(path))
        except (OSError, ValueError, KeyError) as error:
            raise ValueError(f"not a vicorpus domain model: {path} ({error})") from error
        return str(path)

    def classifier(self) -> DomainModel:
        return shipped_model() if self.model is None else _load(self.model)

    def content_digest(self) -> str | None:
        # A retrained model — at the same path, or the shipped one under an editable
        # install — changes the labels: the run's fingerprint must see it.
        path = Path(shipped_model_path() if self.model is None else self.model)
        status = path.stat()
        key = (str(path), status.st_mtime_ns, status.st_size)  # hashed once per file version
        if key not in _DIGESTS:
            _DIGESTS[key] = hashlib.sha256(path.read_bytes()).hexdigest()
        return _DIGESTS[key]

    def __call__(self, batch: pl.DataFrame) -> pl.DataFrame:
        predictions = self.classifier().predict(batch["text"].to_list())
        labels = [
            label if score >= self.min_score and terms >= self.min_terms else "other"
            for label, score, terms in zip(
                predictions.labels, predictions.scores.tolist(), predictions.terms.tolist(), strict=True
            )
        ]
        return batch.with_columns(
            pl.Series("domain_label", labels, dtype=pl.String),
            pl.Series("domain_score", predictions.scores, dtype=pl.Float32),
        )
