"""Evaluate the ``dialect`` annotation (vicorpus.dialect) on labelled data and measure its speed.

Prints, as markdown:

- ViMD speech transcripts (``../shared/data/vimd-dialect-transcripts``, 300 utterances, 100
  per region): accuracy (``unknown`` counts as wrong), the majority baseline, forced-choice
  accuracy (the best-scoring region whenever there is any evidence, the majority class
  otherwise: the fair comparison with a baseline that never abstains), per-region
  precision / recall / F1, macro-F1, coverage (share labelled ≠ unknown), accuracy on the
  covered part and the confusion matrix; the same on the 225 utterances the author did not
  read while writing the lexicon;
- the hand-labelled social comments (``tests/data/dialect_labels_social.jsonl``, texts read
  from ``../shared/data/social-comments-uit``): the same figures with ``unknown`` as a fourth
  gold class, precision on the comments labelled regional, the unknown rate on the random
  sample, and the figures of labelling round 2 (labelled after the last marker was added;
  see tests/data/dialect_labels_social.md);
- news (``baomoi-news-2017``, the first ``--news`` articles): documents/s and MB/s on one
  core (median of ``--repeat`` passes after a warm-up pass), the same through the stage on a
  Polars frame, and the share of articles labelled non-unknown (standard text: a false
  positive signal).

    .venv/bin/python bench/bench_dialect.py [--news 20000] [--repeat 3] [--cpu 0]
"""

from __future__ import annotations

import argparse
import collections
import csv
import json
import lzma
import os
import statistics
import time
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import IO

import polars as pl
import xxhash

from vicorpus.dialect import REGIONS, UNKNOWN, dialect_scores
from vicorpus.stages.annotate.dialect import Dialect

REPO = Path(__file__).resolve().parent.parent
SHARED = REPO.parent / "shared" / "data"
VIMD = SHARED / "vimd-dialect-transcripts" / "vimd_transcripts_train.jsonl"
COMMENTS = SHARED / "social-comments-uit"
LABELS = REPO / "tests" / "data" / "dialect_labels_social.jsonl"
NEWS = SHARED / "baomoi-news-2017" / "baomoi_news.jsonl.xz"
# The author read the first 25 utterances of each region (file order) before writing the lexicon.
READ_PER_REGION = 25
LABELS4 = (*REGIONS, UNKNOWN)


def forced(text: str, fallback: str) -> str:
    """The best-scoring region when there is any evidence, else ``fallback``."""
    scores = dialect_scores(text)
    if scores.evidence <= 0:
        return fallback
    values = (scores.northern, scores.central, scores.southern)
    return REGIONS[max(range(3), key=lambda r: values[r])]  # ties: REGIONS order


def majority(gold: list[str]) -> str:
    counts = collections.Counter(gold)
    return max(LABELS4, key=lambda label: (counts[label], -LABELS4.index(label)))


def report(title: str, gold: list[str], texts: list[str]) -> None:
    """Accuracy, baselines, per-region P/R/F1, coverage and the confusion matrix."""
    predicted = [dialect_scores(text).label for text in texts]
    n = len(gold)
    top = majority(gold)
    accuracy = sum(g == p for g, p in zip(gold, predicted, strict=True)) / n
    fallback = top if top != UNKNOWN else REGIONS[0]
    forced_ok = sum(g == forced(t, fallback) for g, t in zip(gold, texts, strict=True) if g != UNKNOWN)
    regional = [i for i, g in enumerate(gold) if g != UNKNOWN]
    covered = [i for i in regional if predicted[i] != UNKNOWN]
    print(f"\n### {title} ({n} items: " + ", ".join(f"{k} {gold.count(k)}" for k in LABELS4 if gold.count(k)) + ")\n")
    print(
        f"- accuracy: {accuracy:.3f} (unknown is right only where the gold label is unknown); "
        f"majority baseline ({top}): {gold.count(top) / n:.3f}"
    )
    if regional:
        base = max(gold.count(r) for r in REGIONS) / len(regional)
        print(
            f"- forced-choice accuracy on the {len(regional)} regional items: {forced_ok / len(regional):.3f} "
            f"(majority region baseline {base:.3f})"
        )
        print(
            f"- coverage of regional items (labelled ≠ unknown): {len(covered)}/{len(regional)} = "
            f"{len(covered) / len(regional):.3f}; accuracy on the covered part: "
            + (f"{sum(gold[i] == predicted[i] for i in covered) / len(covered):.3f}" if covered else "n/a")
        )
    labelled = [i for i, p in enumerate(predicted) if p != UNKNOWN]
    if labelled:
        right = sum(gold[i] == predicted[i] for i in labelled)
        print(f"- precision of all regional labels: {right}/{len(labelled)} = {right / len(labelled):.3f}")
    print("\n| region | precision | recall | F1 | predicted | gold |\n| --- | ---: | ---: | ---: | ---: | ---: |")
    f1s = []
    for region in REGIONS:
        tp = sum(g == p == region for g, p in zip(gold, predicted, strict=True))
        npred, ngold = predicted.count(region), gold.count(region)
        precision = tp / npred if npred else 0.0
        recall = tp / ngold if ngold else 0.0
        f1 = 2 * precision * recall / (precision + recall) if precision + recall else 0.0
        f1s.append(f1)
        print(f"| {region} | {precision:.3f} | {recall:.3f} | {f1:.3f} | {npred} | {ngold} |")
    print(f"\nmacro-F1 (3 regions): {statistics.mean(f1s):.3f}\n")
    print("| gold \\ predicted | " + " | ".join(LABELS4) + " |\n| --- |" + " ---: |" * 4)
    for g in LABELS4:
        if gold.count(g):
            row = [sum(x == g and p == q for x, p in zip(gold, predicted, strict=True)) for q in LABELS4]
            print(f"| {g} | " + " | ".join(map(str, row)) + " |")


def vimd() -> None:
    rows = [json.loads(line) for line in VIMD.read_text(encoding="utf-8").splitlines() if line.strip()]
    print("## ViMD transcripts (speech, standard orthography)")
    report("all utterances", [r["region"].lower() for r in rows], [r["text"] for r in rows])
    seen: collections.Counter[str] = collections.Counter()
    unread = []
    for row in rows:
        seen[row["region"]] += 1
        if seen[row["region"]] > READ_PER_REGION:
            unread.append(row)
    report("utterances not read by the author", [r["region"].lower() for r in unread], [r["text"] for r in unread])


def open_comments(name: str) -> IO[str]:
    path = COMMENTS / name
    return lzma.open(path, "rt", encoding="utf-8") if name.endswith(".xz") else path.open(encoding="utf-8")


def labelled_comments() -> list[tuple[dict[str, object], str]]:
    """(label record, comment text) for every labelled comment; the text hash must match."""
    labels = [json.loads(line) for line in LABELS.read_text(encoding="utf-8").splitlines() if line.strip()]
    texts: dict[str, list[str]] = {}
    for name in sorted({str(d["file"]) for d in labels}):
        with open_comments(name) as handle:
            texts[name] = [row["free_text"] for row in csv.DictReader(handle)]
    pairs = []
    for record in labels:
        text = texts[str(record["file"])][int(str(record["row"]))]
        if xxhash.xxh3_64_hexdigest(text.encode()) != record["xxh3"]:
            raise SystemExit(f"comment {record['file']}:{record['row']} changed (hash mismatch)")
        pairs.append((record, text))
    return pairs


def social() -> None:
    pairs = labelled_comments()
    print("\n## Social comments (ViHSD), labelled by hand")

    def subset(title: str, keep: Callable[[dict[str, object]], bool]) -> None:
        chosen = [(d, t) for d, t in pairs if keep(d)]
        report(title, [str(d["label"]) for d, _ in chosen], [t for _, t in chosen])

    subset("all labelled comments", lambda d: True)
    subset("round 2 (labelled after the last marker was added)", lambda d: d.get("round") == 2)
    subset("comments chosen by a marker search", lambda d: str(d["selection"]).startswith("marker-search"))
    random = [(d, t) for d, t in pairs if d["selection"] == "random"]
    unknown_gold = sum(d["label"] == UNKNOWN for d, _ in random)
    unknown_predicted = sum(dialect_scores(t).label == UNKNOWN for _, t in random)
    print(
        f"\nrandom sample ({len(random)} comments without any of the search words): gold unknown "
        f"{unknown_gold / len(random):.3f}, predicted unknown {unknown_predicted / len(random):.3f}"
    )
    high = [(d, t) for d, t in pairs if d.get("confidence") == "high"]
    right = sum(dialect_scores(t).label == d["label"] for d, t in high)
    print(f"high-confidence regional labels: {right}/{len(high)} predicted exactly")


def news_texts(limit: int) -> list[str]:
    texts = []
    with lzma.open(NEWS, "rt", encoding="utf-8") as handle:
        for line in handle:
            texts.append(json.loads(line)["text"])
            if len(texts) >= limit:
                break
    return texts


def timed(run: Callable[[], object], repeat: int) -> float:
    run()  # warm-up
    times = []
    for _ in range(repeat):
        started = time.perf_counter()
        run()
        times.append(time.perf_counter() - started)
    return statistics.median(times)


def news(limit: int, repeat: int) -> None:
    texts = news_texts(limit)
    megabytes = sum(len(t.encode()) for t in texts) / 1e6
    print(f"\n## News ({len(texts)} baomoi articles, {megabytes / len(texts) * 1000:.2f} kB on average)\n")
    seconds = timed(lambda: [dialect_scores(t) for t in texts], repeat)
    print(f"- dialect_scores: {len(texts) / seconds:,.0f} docs/s, {megabytes / seconds:.1f} MB/s (one core)")
    frame = pl.DataFrame({"text": texts})
    stage = Dialect()
    seconds = timed(lambda: stage(frame), repeat)
    print(f"- Dialect stage on a Polars frame: {len(texts) / seconds:,.0f} docs/s, {megabytes / seconds:.1f} MB/s")
    labels = collections.Counter(dialect_scores(t).label for t in texts)
    share = 1 - labels[UNKNOWN] / len(texts)
    print(f"- labelled non-unknown: {share:.3%} (" + ", ".join(f"{k} {labels[k]}" for k in LABELS4) + ")")


def main(argv: Iterator[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0] if __doc__ else None)
    parser.add_argument("--news", type=int, default=20_000, help="news articles to read (default 20,000)")
    parser.add_argument("--repeat", type=int, default=3, help="timed passes; the median is printed")
    parser.add_argument("--cpu", type=int, default=0, help="CPU to pin the process to (-1: do not pin)")
    args = parser.parse_args(list(argv) if argv is not None else None)
    if args.cpu >= 0 and hasattr(os, "sched_setaffinity"):
        os.sched_setaffinity(0, {args.cpu})
    vimd()
    social()
    news(args.news, args.repeat)


if __name__ == "__main__":
    main()
