"""``vicorpus train-domain``: fit the domain model on the shared labelled corpora,
evaluate it on their held-out parts (and on a hand-labelled news set, if given), and
save it with an evaluation report."""

from __future__ import annotations

import json
from dataclasses import dataclass
from pathlib import Path

from vicorpus.errors import ConfigError
from vicorpus.topic.corpora import Example, labelled_examples
from vicorpus.topic.evaluation import Evaluation, evaluate
from vicorpus.topic.labels import DOMAIN_LABELS
from vicorpus.topic.model import DomainModel
from vicorpus.topic.training import TrainingSettings, fit_domain_model

MODEL_FILE = "domain_model.npz"
REPORT_FILE = "domain_model_evaluation.json"
_REQUIRED = (
    "vntc/vntc_train.jsonl.xz",
    "vntc/vntc_test.jsonl.xz",
    "vlc-legal-corpus/vlc_laws_raw.jsonl.xz",
    "social-comments-uit/uit_vsfc.jsonl.xz",
    "baomoi-news-2017/baomoi_news.jsonl.xz",
)
_PREDICT_BATCH = 2000


@dataclass(frozen=True)
class TrainingResult:
    model_path: Path
    evaluations: list[Evaluation]
    train_documents: int


def _hand_labels(path: Path) -> dict[str, str]:
    labels: dict[str, str] = {}
    for line in path.read_text(encoding="utf-8").splitlines():
        if line.strip():
            row = json.loads(line)
            labels[str(row["id"])] = str(row["label"])
    return labels


def _predict(model: DomainModel, texts: list[str]) -> list[str]:
    labels: list[str] = []
    for start in range(0, len(texts), _PREDICT_BATCH):
        labels += model.predict(texts[start : start + _PREDICT_BATCH]).labels
    return labels


def _held_out_evaluations(model: DomainModel, examples: list[Example]) -> list[Evaluation]:
    test = [example for example in examples if example.split == "test"]
    predicted = _predict(model, [example.text for example in test])
    evaluations = []
    for corpus in sorted({example.corpus for example in test}):
        gold = [e.label for e in test if e.corpus == corpus]
        chosen = [p for e, p in zip(test, predicted, strict=True) if e.corpus == corpus]
        evaluations.append(evaluate(f"held-out {corpus}", gold, chosen, DOMAIN_LABELS))
    evaluations.append(evaluate("held-out, all corpora", [e.label for e in test], predicted, DOMAIN_LABELS))
    return evaluations


def _news_evaluation(model: DomainModel, data_dir: Path, labels: dict[str, str]) -> Evaluation:
    import lzma

    texts, gold = [], []
    with lzma.open(data_dir / "baomoi-news-2017" / "baomoi_news.jsonl.xz", "rt", encoding="utf-8") as lines:
        for line in lines:
            row = json.loads(line)
            if str(row["id"]) in labels:
                texts.append(str(row["text"]).strip())
                gold.append(labels[str(row["id"])])
    return evaluate("hand-labelled Báo Mới news", gold, _predict(model, texts), DOMAIN_LABELS)


def train_domain_command(
    data_dir: Path, model_dir: Path, hand_labels: Path | None = None, settings: TrainingSettings | None = None
) -> TrainingResult:
    """Train, evaluate and save; ConfigError for missing data or a missing scikit-learn."""
    problems = [f"--data: {data_dir / name} is missing" for name in _REQUIRED if not (data_dir / name).is_file()]
    if hand_labels is not None and not hand_labels.is_file():
        problems.append(f"--hand-labels: no such file {hand_labels}")
    try:
        import sklearn  # noqa: F401
    except ImportError:
        problems.append("train-domain needs scikit-learn: pip install 'vicorpus[train]'")
    if problems:
        raise ConfigError(problems)
    labels = _hand_labels(hand_labels) if hand_labels else {}
    examples = labelled_examples(data_dir, exclude_ids=frozenset(labels))
    model = fit_domain_model(examples, settings)
    evaluations = _held_out_evaluations(model, examples)
    if labels:
        evaluations.append(_news_evaluation(model, data_dir, labels))
    model_dir.mkdir(parents=True, exist_ok=True)
    model.save(model_dir / MODEL_FILE)
    report = {
        "train_documents": sum(1 for e in examples if e.split == "train"),
        "evaluations": [evaluation.as_dict() for evaluation in evaluations],
    }
    (model_dir / REPORT_FILE).write_text(json.dumps(report, indent=2, ensure_ascii=False) + "\n", encoding="utf-8")
    return TrainingResult(model_dir / MODEL_FILE, evaluations, report["train_documents"])  # type: ignore[arg-type]


def format_evaluation(evaluation: Evaluation) -> list[str]:
    lines = [
        f"{evaluation.name}: {evaluation.documents:,} docs, "
        f"accuracy {evaluation.accuracy:.3f}, macro-F1 {evaluation.macro_f1:.3f}"
    ]
    for scores in evaluation.per_label:
        if scores.support:
            lines.append(
                f"    {scores.label:<22} P {scores.precision:.3f}  R {scores.recall:.3f}  "
                f"F1 {scores.f1:.3f}  n={scores.support}"
            )
    return lines
