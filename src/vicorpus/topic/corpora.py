"""Labelled examples for the domain model, read from the shared data folder.

Each corpus gives documents with a label and a split (``train`` or ``test``):

- VNTC (10 news topics; its own Train_Full / Test_Full split), mapped by
  :data:`vicorpus.topic.labels.VNTC_TOPICS`, with seed labels for agriculture, transport
  and education (:mod:`vicorpus.topic.seeds`);
- the Vietnamese laws corpus (law), cut into pieces of a few articles; whole laws are
  held out by a stable hash of their name, so no law is on both sides;
- UIT-VSFC student feedback (education), its own train/dev/test split, sentences
  grouped into short documents;
- Báo Mới news (unlabelled): only documents that a seed lexicon dominates, split by a
  stable hash of the article id; ids in ``exclude_ids`` (a hand-labelled evaluation set)
  are never used.
"""

from __future__ import annotations

import json
import lzma
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import xxhash

from vicorpus.topic.labels import VNTC_TOPICS
from vicorpus.topic.seeds import seed_labels

# A law piece: about the length of a news article's head, cut at line ends.
LAW_PIECE_CHARS = 2500
VSFC_SENTENCES_PER_DOCUMENT = 6
# Share of laws and of seed-labelled Báo Mới articles held out for testing.
HELD_OUT_SHARE = 0.2
_BATCH = 2000


@dataclass(frozen=True)
class Example:
    text: str
    label: str
    corpus: str
    split: str  # "train" or "test"


def _held_out(key: str) -> bool:
    return xxhash.xxh64_intdigest(key.encode("utf-8")) % 1000 < HELD_OUT_SHARE * 1000


def _jsonl(path: Path) -> Iterator[dict[str, object]]:
    opener = lzma.open if path.suffix == ".xz" else open
    with opener(path, "rt", encoding="utf-8") as lines:
        for line in lines:
            if line.strip():
                yield json.loads(line)


def _with_seed_labels(texts: list[str], labels: list[str]) -> list[str]:
    """Seed labels override the corpus label, except that law stays law: a smuggling
    or crash trial is filed under law by readers of VNTC's Pháp luật pages."""
    seeded = seed_labels(texts)
    return [label if (seed is None or label == "law") else seed for label, seed in zip(labels, seeded, strict=True)]


def vntc_examples(data_dir: Path) -> Iterator[Example]:
    for split, name in (("train", "vntc_train.jsonl.xz"), ("test", "vntc_test.jsonl.xz")):
        rows = list(_jsonl(data_dir / "vntc" / name))
        for start in range(0, len(rows), _BATCH):
            chunk = rows[start : start + _BATCH]
            texts = [str(row["text"]).strip() for row in chunk]
            labels = _with_seed_labels(texts, [VNTC_TOPICS[str(row["label"])] for row in chunk])
            for text, label in zip(texts, labels, strict=True):
                yield Example(text, label, "vntc", split)


def law_examples(data_dir: Path) -> Iterator[Example]:
    for row in _jsonl(data_dir / "vlc-legal-corpus" / "vlc_laws_raw.jsonl.xz"):
        split = "test" if _held_out(str(row["doc"])) else "train"
        piece: list[str] = []
        size = 0
        for line in str(row["text"]).splitlines():
            piece.append(line)
            size += len(line) + 1
            if size >= LAW_PIECE_CHARS:
                yield Example("\n".join(piece).strip(), "law", "laws", split)
                piece, size = [], 0
        if size > LAW_PIECE_CHARS // 4:
            yield Example("\n".join(piece).strip(), "law", "laws", split)


def vsfc_examples(data_dir: Path) -> Iterator[Example]:
    by_split: dict[str, list[str]] = {}
    for row in _jsonl(data_dir / "social-comments-uit" / "uit_vsfc.jsonl.xz"):
        by_split.setdefault(str(row["split"]), []).append(str(row["text"]))
    for split, sentences in sorted(by_split.items()):
        ours = "test" if split == "test" else "train"
        for start in range(0, len(sentences), VSFC_SENTENCES_PER_DOCUMENT):
            text = "\n".join(sentences[start : start + VSFC_SENTENCES_PER_DOCUMENT])
            yield Example(text, "education", "uit_vsfc", ours)


def baomoi_seed_examples(data_dir: Path, exclude_ids: frozenset[str]) -> Iterator[Example]:
    rows = [
        row
        for row in _jsonl(data_dir / "baomoi-news-2017" / "baomoi_news.jsonl.xz")
        if str(row["id"]) not in exclude_ids
    ]
    for start in range(0, len(rows), _BATCH):
        chunk = rows[start : start + _BATCH]
        texts = [str(row["text"]).strip() for row in chunk]
        for row, text, seed in zip(chunk, texts, seed_labels(texts), strict=True):
            if seed is not None:
                split = "test" if _held_out(str(row["id"])) else "train"
                yield Example(text, seed, "baomoi_seeded", split)


def labelled_examples(data_dir: Path, exclude_ids: frozenset[str] = frozenset()) -> list[Example]:
    """Every labelled example of every corpus, in a fixed order."""
    return [
        *vntc_examples(data_dir),
        *law_examples(data_dir),
        *vsfc_examples(data_dir),
        *baomoi_seed_examples(data_dir, exclude_ids),
    ]
