"""``vicorpus train-domain``: fit the domain model on the shared labelled corpora,
evaluate it on their held-out parts (and on a hand-labelled news set, if given), and
save it with an evaluation report."""

from __future__ import annotations

import json
import os
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


def _hand_labels(path: Path) -> tuple[dict[str, str], list[str]]:
    """``id`` → label of a JSON Lines file, and the problems found in it (line numbers)."""
    labels: dict[str, str] = {}
    problems: list[str] = []
    try:
        lines = path.read_text(encoding="utf-8").splitlines()
    except (OSError, UnicodeDecodeError) as error:
        return {}, [f"--hand-labels: cannot read {path}: {error}"]
    for number, line in enumerate(lines, start=1):
        if not line.strip():
            continue
        try:
            row = json.loads(line)
            key, label = str(row["id"]), str(row["label"])
        except (ValueError, KeyError, TypeError):
            problems.append(f"--hand-labels: {path}:{number}: not a JSON object with 'id' and 'label'")
            continue
        if label not in DOMAIN_LABELS:
            problems.append(f"--hand-labels: {path}:{number}: unknown label '{label}'")
        labels[key] = label
    return labels, problems[:10]


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


def _output_problems(model_dir: Path, overwrite: bool) -> list[str]:
    if model_dir.exists() and not model_dir.is_dir():
        return [f"-o: {model_dir} is a file, not a folder"]
    if (model_dir / MODEL_FILE).exists() and not overwrite:
        return [f"-o: {model_dir / MODEL_FILE} exists; pass --overwrite to replace it"]
    existing = model_dir
    while not existing.exists():
        existing = existing.parent
    if not existing.is_dir() or not os.access(existing, os.W_OK | os.X_OK):
        return [f"-o: cannot write into {model_dir}: {existing} is not a writable folder"]
    return []


def train_domain_command(
    data_dir: Path,
    model_dir: Path,
    hand_labels: Path | None = None,
    settings: TrainingSettings | None = None,
    *,
    overwrite: bool = False,
) -> TrainingResult:
    """Train, evaluate and save; ConfigError (before any training) for missing data, a bad
    hand-labels file, an output that cannot be written, or a missing scikit-learn."""
    problems = [f"--data: {data_dir / name} is missing" for name in _REQUIRED if not (data_dir / name).is_file()]
    labels: dict[str, str] = {}
    if hand_labels is not None:
        if hand_labels.is_file():
            labels, label_problems = _hand_labels(hand_labels)
            problems += label_problems
        else:
            problems.append(f"--hand-labels: no such file {hand_labels}")
    problems += _output_problems(model_dir, overwrite)
    try:
        import sklearn  # noqa: F401
    except ImportError:
        problems.append("train-domain needs scikit-learn: pip install 'vicorpus[train]'")
    if problems:
        raise ConfigError(problems)
    examples = labelled_examples(data_dir, exclude_ids=frozenset(labels))
    model = fit_domain_model(examples, settings)
    evaluations = _held_out_evaluations(model, examples)
    if labels:
        evaluations.append(_news_evaluation(model, data_dir, labels))
    model_dir.mkdir(parents=True, exist_ok=True)
    model.save(model_dir / MODEL_FILE)
    train_documents = sum(1 for e in examples if e.split == "train")
    report = {"train_documents": train_documents, "evaluations": [evaluation.as_dict() for evaluation in evaluations]}
    (model_dir / REPORT_FILE).write_text(json.dumps(report, indent=2, ensure_ascii=False) + "\n", encoding="utf-8")
    return TrainingResult(model_dir / MODEL_FILE, evaluations, train_documents)


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
