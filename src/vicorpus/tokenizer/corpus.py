"""The kept documents of a finished run, read shard by shard, and the held-out split.

Only the ``id`` and ``text`` columns are read, one record batch at a time, so memory
stays bounded whatever the corpus size. A document is held out when the 64-bit xxHash
of its id falls below ``share * 2**64``: the split depends on the id alone, not on the
order or the number of shards, so the same document is held out in every run that kept
it and a held-out document is never trained on.
"""

from __future__ import annotations

import json
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Final

import pyarrow as pa
import pyarrow.parquet as pq
import xxhash

from vicorpus.errors import ConfigError

COLUMNS: Final = ("id", "text")
BATCH_ROWS: Final = 1024
_HASH_SPACE: Final = 1 << 64


def id_hash(doc_id: str) -> int:
    """Stable 64-bit hash of a document id (xxh64, seed 0): the same on every machine."""
    return int(xxhash.xxh64_intdigest(doc_id.encode("utf-8")))


def kept_shards(output_dir: Path) -> list[Path]:
    """The kept shards of a finished run, in name order; ConfigError when it is no finished run."""
    if not output_dir.is_dir():
        raise ConfigError([f"{output_dir}: no such folder (expected the output folder of a finished vicorpus run)"])
    kept, ledger = output_dir / "kept", output_dir / "ledger.json"
    if not ledger.is_file():
        if kept.is_dir() or (output_dir / "manifest.json").is_file() or (output_dir / ".vicorpus").is_dir():
            raise ConfigError(
                [f"{output_dir}: no ledger.json — the run has not finished (run `vicorpus run` again to resume)"]
            )
        raise ConfigError(
            [f"{output_dir}: no kept/ folder and no ledger.json — not the output folder of a vicorpus run"]
        )
    if not kept.is_dir():
        raise ConfigError([_why_no_kept_folder(output_dir, _ledger_kept(ledger))])
    shards = sorted(kept.glob("part-*.parquet"))
    for shard in shards:
        try:
            names = set(pq.ParquetFile(shard).schema_arrow.names)
        except (OSError, pa.ArrowException) as error:
            raise ConfigError([f"{shard}: not a readable Parquet file ({error})"]) from None
        missing = [column for column in COLUMNS if column not in names]
        if missing:
            raise ConfigError([f"{shard}: column(s) {', '.join(missing)} missing; is this a vicorpus kept shard?"])
    return shards


def _ledger_kept(ledger: Path) -> int | None:
    """``total.kept`` of a run's ledger.json, or None when the file does not say."""
    try:
        data = json.loads(ledger.read_text(encoding="utf-8"))
    except (OSError, ValueError):  # UnicodeDecodeError and JSONDecodeError are ValueErrors
        return None
    total = data.get("total") if isinstance(data, dict) else None
    kept = total.get("kept") if isinstance(total, dict) else None
    return kept if isinstance(kept, int) and not isinstance(kept, bool) else None


def _why_no_kept_folder(output_dir: Path, kept: int | None) -> str:
    """A finished run without kept/: it kept nothing (a run creates kept/ with its first kept
    document), or the folder was removed since."""
    if kept == 0:
        return f"{output_dir}: the run kept no documents (ledger.json: total kept 0), so there is no text to train on"
    if kept is None:
        return (
            f"{output_dir}: no kept/ folder: the run kept no documents, or kept/ was removed (ledger.json has no count)"
        )
    return f"{output_dir}: no kept/ folder, yet ledger.json counts {kept:,} kept documents; was kept/ moved or deleted?"


def _batches(shards: list[Path], columns: tuple[str, ...]) -> Iterator[dict[str, list[object]]]:
    for shard in shards:
        for batch in pq.ParquetFile(shard).iter_batches(batch_size=BATCH_ROWS, columns=list(columns)):
            yield batch.to_pydict()


@dataclass(frozen=True)
class HeldOutSplit:
    """Documents whose id hash is below ``threshold`` are held out."""

    threshold: int
    documents: int  # documents in the run
    held_out: int  # documents the rule holds out (before the character cap)

    def is_held_out(self, doc_id: str) -> bool:
        return id_hash(doc_id) < self.threshold


def plan_split(shards: list[Path], share: float) -> HeldOutSplit:
    """Read the ids once and fix the threshold; at least one document is held out.

    A small run may have no id below ``share * 2**64``; then the document with the
    smallest hash is held out alone, so fertility is always measured on unseen text.
    """
    threshold = min(int(share * _HASH_SPACE), _HASH_SPACE)
    documents = held_out = 0
    smallest = _HASH_SPACE
    for batch in _batches(shards, ("id",)):
        for doc_id in batch["id"]:
            value = id_hash(str(doc_id or ""))
            documents += 1
            held_out += value < threshold
            smallest = min(smallest, value)
    if documents < 2:
        found = "no kept document" if documents == 0 else "only one kept document"
        raise ConfigError(
            [f"the run has {found}: a tokenizer needs at least one document to train on and one held out"]
        )
    if held_out == 0:
        threshold, held_out = smallest + 1, 1
    if held_out == documents:  # a share near 1 on a tiny run: keep one document to train on
        raise ConfigError([f"held_out_share {share} holds out every document; choose a smaller share"])
    return HeldOutSplit(threshold, documents, held_out)


@dataclass
class TextTally:
    documents: int = 0
    chars: int = 0


def training_batches(shards: list[Path], split: HeldOutSplit, tally: TextTally) -> Iterator[list[str]]:
    """Texts of the documents that are not held out, one record batch at a time."""
    for batch in _batches(shards, COLUMNS):
        texts = [
            text
            for doc_id, text in zip(batch["id"], batch["text"], strict=True)
            if isinstance(text, str) and text and not split.is_held_out(str(doc_id or ""))
        ]
        tally.documents += len(texts)
        tally.chars += sum(map(len, texts))
        if texts:
            yield texts


def held_out_batches(
    shards: list[Path], split: HeldOutSplit, max_chars: int, tally: TextTally | None = None
) -> Iterator[list[str]]:
    """Texts of held-out documents, in shard order, until ``max_chars`` characters are reached.

    ``tally`` (a fresh one when not given) counts what was yielded and enforces the cap.

    Held-out documents past the cap are neither evaluated nor trained on: the training set
    is fixed by the hash alone.
    """
    if tally is None:
        tally = TextTally()
    for batch in _batches(shards, COLUMNS):
        texts = []
        for doc_id, text in zip(batch["id"], batch["text"], strict=True):
            if tally.chars >= max_chars:
                break
            if isinstance(text, str) and text and split.is_held_out(str(doc_id or "")):
                texts.append(text)
                tally.documents += 1
                tally.chars += len(text)
        if texts:
            yield texts
        if tally.chars >= max_chars:
            return
