"""Northern / Central / Southern Vietnamese from lexical markers, as pure text functions.

- :func:`dialect_scores` — scores per region (summing to 1 when there is evidence), the
  length-scaled evidence total and a label (``"unknown"`` when the evidence is weak or
  split between regions), with the thresholds as arguments;
- :func:`find_markers` — the markers that counted, for explanations and audits;
- :data:`LEXICON` — the markers with their weights and false-friend guards
  (:mod:`vicorpus.dialect.markers` documents each one and its source), built with
  :func:`marker` (the rule vocabulary is in :mod:`vicorpus.dialect.rules`).

The package knows nothing of pipelines; the ``dialect`` stage wraps it. Method, measured
accuracy and limits: ``docs/dialect.md``.
"""

from vicorpus.dialect.markers import LEXICON
from vicorpus.dialect.rules import REGIONS, Marker, marker
from vicorpus.dialect.scoring import (
    MIN_EVIDENCE,
    MIN_MARGIN,
    REFERENCE_CHARS,
    UNKNOWN,
    DialectScores,
    Hit,
    dialect_scores,
    find_markers,
    label_of,
)

__all__ = [
    "LEXICON",
    "MIN_EVIDENCE",
    "MIN_MARGIN",
    "REFERENCE_CHARS",
    "REGIONS",
    "UNKNOWN",
    "DialectScores",
    "Hit",
    "Marker",
    "dialect_scores",
    "find_markers",
    "label_of",
    "marker",
]
