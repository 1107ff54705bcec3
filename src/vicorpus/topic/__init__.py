"""Topic (domain) labels of Vietnamese documents: a small linear model over syllable
n-grams, trained on labelled Vietnamese corpora and shipped with the package.

``shipped_model().predict(texts)`` gives one of :data:`DOMAIN_LABELS` and its
probability per text; nothing here knows about pipelines.
"""

from vicorpus.topic.labels import DOMAIN_LABELS
from vicorpus.topic.model import DomainModel, Predictions, shipped_model

__all__ = ["DOMAIN_LABELS", "DomainModel", "Predictions", "shipped_model"]
