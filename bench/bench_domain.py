"""Domain stage: speed per core and quality of the shipped model on held-out data.

    .venv/bin/python bench/bench_domain.py [--docs 20000]

Speed: the ``domain`` stage's model on real news articles (Báo Mới 2017) and VNTC test
articles, one thread (POLARS_MAX_THREADS=1, set before polars is imported), documents
per second. Quality: per-label precision/recall/F1 and macro-F1 of the shipped model on
VNTC Test_Full (never trained on), the held-out laws, UIT-VSFC's test split and the
hand-labelled Báo Mới articles (tests/data/domain_labels_baomoi.jsonl).
"""

from __future__ import annotations

import os

os.environ["POLARS_MAX_THREADS"] = "1"
os.environ.setdefault("OMP_NUM_THREADS", "1")

import argparse
import json
import lzma
import sys
import time
from itertools import islice
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO / "src"))

from vicorpus.commands.train_domain import format_evaluation  # noqa: E402
from vicorpus.stages.annotate.domain import MIN_TERMS  # noqa: E402
from vicorpus.topic import DOMAIN_LABELS, shipped_model  # noqa: E402
from vicorpus.topic.corpora import law_examples, vntc_examples, vsfc_examples  # noqa: E402
from vicorpus.topic.evaluation import evaluate  # noqa: E402

DATA = REPO.parent / "shared" / "data"
BATCH = 1000


def _texts(path: Path, limit: int) -> list[str]:
    with lzma.open(path, "rt", encoding="utf-8") as lines:
        return [json.loads(line)["text"] for line in islice(lines, limit)]


def _speed(name: str, texts: list[str]) -> None:
    model = shipped_model()
    model.predict(texts[:BATCH])  # warm-up: vocabulary table built once per process
    started = time.perf_counter()
    for start in range(0, len(texts), BATCH):
        model.predict(texts[start : start + BATCH])
    seconds = time.perf_counter() - started
    mean_chars = sum(map(len, texts)) / len(texts)
    print(f"{name}: {len(texts):,} docs (mean {mean_chars:,.0f} chars), {len(texts) / seconds:,.0f} docs/s on one core")


def _predict(texts: list[str]) -> list[str]:
    model = shipped_model()
    return [
        label for start in range(0, len(texts), BATCH) for label in model.predict(texts[start : start + BATCH]).labels
    ]


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--docs", type=int, default=20000)
    args = parser.parse_args()
    print("== speed (one core)")
    _speed("Báo Mới news", _texts(DATA / "baomoi-news-2017" / "baomoi_news.jsonl.xz", args.docs))
    _speed("VNTC test", _texts(DATA / "vntc" / "vntc_test.jsonl.xz", args.docs))
    print("== quality of the shipped model on held-out data")
    held_out = [
        ("VNTC Test_Full", [e for e in vntc_examples(DATA) if e.split == "test"]),
        ("laws (held-out laws)", [e for e in law_examples(DATA) if e.split == "test"]),
        ("UIT-VSFC test", [e for e in vsfc_examples(DATA) if e.split == "test"]),
    ]
    for name, examples in held_out:
        result = evaluate(name, [e.label for e in examples], _predict([e.text for e in examples]), DOMAIN_LABELS)
        print("\n".join(format_evaluation(result)))
    labels_path = REPO / "tests" / "data" / "domain_labels_baomoi.jsonl"
    labels = {row["id"]: row["label"] for row in map(json.loads, labels_path.read_text().splitlines())}
    texts, gold = [], []
    with lzma.open(DATA / "baomoi-news-2017" / "baomoi_news.jsonl.xz", "rt", encoding="utf-8") as lines:
        for line in lines:
            row = json.loads(line)
            if row["id"] in labels:
                texts.append(row["text"].strip())
                gold.append(labels[row["id"]])
    predicted = _predict(texts)
    print("\n".join(format_evaluation(evaluate("hand-labelled Báo Mới (350)", gold, predicted, DOMAIN_LABELS))))
    predictions = shipped_model().predict(texts)
    scores, terms = predictions.scores.tolist(), predictions.terms.tolist()
    for threshold in (0.3, 0.4, 0.5):  # the stage: 'other' below min_score or with < min_terms known terms
        relabelled = [
            p if s >= threshold and t >= MIN_TERMS else "other"
            for p, s, t in zip(predicted, scores, terms, strict=True)
        ]
        result = evaluate(f"  … stage labels, min_score {threshold}", gold, relabelled, DOMAIN_LABELS)
        print(f"{result.name}: accuracy {result.accuracy:.3f}, macro-F1 {result.macro_f1:.3f}")


if __name__ == "__main__":
    main()
