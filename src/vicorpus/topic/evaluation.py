"""Per-label precision, recall and F1, macro-F1 and a confusion table, for the domain model."""

from __future__ import annotations

from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass


@dataclass(frozen=True)
class LabelScores:
    label: str
    precision: float
    recall: float
    f1: float
    support: int


@dataclass(frozen=True)
class Evaluation:
    name: str
    documents: int
    accuracy: float
    macro_f1: float  # over the labels present in the gold labels
    per_label: list[LabelScores]
    confusion: dict[tuple[str, str], int]  # (gold, predicted) → documents

    def as_dict(self) -> dict[str, object]:
        return {
            "name": self.name,
            "documents": self.documents,
            "accuracy": round(self.accuracy, 4),
            "macro_f1": round(self.macro_f1, 4),
            "per_label": {
                s.label: {
                    "precision": round(s.precision, 4),
                    "recall": round(s.recall, 4),
                    "f1": round(s.f1, 4),
                    "support": s.support,
                }
                for s in self.per_label
            },
        }


def evaluate(name: str, gold: Sequence[str], predicted: Sequence[str], labels: Sequence[str]) -> Evaluation:
    """Scores of ``predicted`` against ``gold``; labels absent from ``gold`` are not averaged
    (a held-out corpus without agriculture says nothing about agriculture)."""
    if len(gold) != len(predicted):
        raise ValueError("gold and predicted differ in length")
    confusion = Counter(zip(gold, predicted, strict=True))
    per_label = []
    for label in labels:
        true_positive = confusion[(label, label)]
        gold_count = sum(count for (g, _), count in confusion.items() if g == label)
        predicted_count = sum(count for (_, p), count in confusion.items() if p == label)
        precision = true_positive / predicted_count if predicted_count else 0.0
        recall = true_positive / gold_count if gold_count else 0.0
        f1 = 2 * precision * recall / (precision + recall) if precision + recall else 0.0
        per_label.append(LabelScores(label, precision, recall, f1, gold_count))
    present = [scores for scores in per_label if scores.support]
    correct = sum(count for (g, p), count in confusion.items() if g == p)
    return Evaluation(
        name,
        len(gold),
        correct / len(gold) if gold else 0.0,
        sum(s.f1 for s in present) / len(present) if present else 0.0,
        per_label,
        dict(confusion),
    )
