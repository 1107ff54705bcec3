"""Fertility of tokenizers trained by ``vicorpus train-tokenizer`` on real Vietnamese text.

Builds a run folder (``kept/part-*.parquet`` + ``ledger.json``) in a temporary directory
from two corpora in ``../shared/data`` (read in place, never copied into the repository):

- ``baomoi-news-2017/baomoi_news.jsonl.xz``: 35,440 news articles, ids ``baomoi:<id>``;
- ``viwiki-undertheseanlp/viwiki.jsonl.xz``: 7,862 Wikipedia articles, ids ``viwiki:<title>``;

each text passed through ``vicorpus.vietnamese.fix_text`` as the ``normalize`` stage does.
Then trains, for each vocabulary size and model, with ``train_tokenizer_from_run`` (2 % of
the documents held out by id hash, never trained on) and prints:

1. tokens per syllable, per word, per segmented word and per 1,000 characters on the
   held-out text, for ours and for every baseline found in installed wheels; "segmented
   word" is a word of the pyvi segmenter (``Việt_Nam`` is one), when pyvi is installed;
2. how many fewer tokens each of ours needs than each baseline (%);
3. the share of our tokens spent on digits (one token per digit by design), and the number
   of pre-tokenization pieces: the fewest tokens any vocabulary could reach with our split.

    .venv/bin/python bench/bench_tokenizer.py [--vocab 16000 32000] [--models bpe unigram]
"""

from __future__ import annotations

import argparse
import json
import lzma
import shutil
import sys
import tempfile
import time
from collections.abc import Iterator
from itertools import islice
from pathlib import Path

import pyarrow as pa
import pyarrow.parquet as pq

from vicorpus.tokenizer import TokenizerReport, TokenizerScore, pre_tokenize, train_tokenizer_from_run
from vicorpus.tokenizer.corpus import TextTally, held_out_batches, kept_shards, plan_split
from vicorpus.tokenizer.fertility import count_words
from vicorpus.tokenizer.from_run import DEFAULT_HELD_OUT_SHARE, DEFAULT_MAX_HELD_OUT_CHARS
from vicorpus.vietnamese import fix_text

SHARED = Path(__file__).resolve().parents[1].parent / "shared" / "data"
CORPORA = (
    ("baomoi", SHARED / "baomoi-news-2017" / "baomoi_news.jsonl.xz", "id"),
    ("viwiki", SHARED / "viwiki-undertheseanlp" / "viwiki.jsonl.xz", "title"),
)
SHARD_DOCS = 4000


def _documents(limit: int | None) -> Iterator[tuple[str, str]]:
    for name, path, key in CORPORA:
        with lzma.open(path, "rt", encoding="utf-8") as handle:
            for line in islice(handle, limit):
                record = json.loads(line)
                yield f"{name}:{record[key]}", fix_text(record["text"])


def build_run(folder: Path, limit: int | None) -> tuple[int, int]:
    """Write the kept shards and a ledger; returns (documents, characters)."""
    (folder / "kept").mkdir(parents=True)
    documents = chars = 0
    batch: list[tuple[str, str]] = []

    def flush() -> None:
        table = pa.table({"id": [d for d, _ in batch], "text": [t for _, t in batch], "source": ["bench"] * len(batch)})
        pq.write_table(table, folder / "kept" / f"part-{documents // SHARD_DOCS:05d}.parquet")
        batch.clear()

    for doc_id, text in _documents(limit):
        batch.append((doc_id, text))
        chars += len(text)
        if len(batch) == SHARD_DOCS:
            documents += len(batch)
            flush()
    if batch:
        documents += len(batch)
        flush()
    (folder / "ledger.json").write_text(json.dumps({"note": "built by bench_tokenizer.py"}), encoding="utf-8")
    return documents, chars


def segmented_words(run: Path) -> int | None:
    """Words of the pyvi segmenter on the same held-out text; None when pyvi is not installed."""
    try:
        from pyvi import ViTokenizer
    except ImportError:
        return None
    shards = kept_shards(run)
    split = plan_split(shards, DEFAULT_HELD_OUT_SHARE)
    tally = TextTally()
    return sum(
        count_words(ViTokenizer.tokenize(text))
        for batch in held_out_batches(shards, split, DEFAULT_MAX_HELD_OUT_CHARS, tally)
        for text in batch
    )


def held_out_digits_and_pieces(run: Path) -> tuple[int, int]:
    """Digits, and pre-tokenization pieces: no tokenizer with our pre-tokenization can use fewer tokens."""
    shards = kept_shards(run)
    split = plan_split(shards, DEFAULT_HELD_OUT_SHARE)
    digits = pieces = 0
    for batch in held_out_batches(shards, split, DEFAULT_MAX_HELD_OUT_CHARS, TextTally()):
        for text in batch:
            digits += sum(char.isdigit() for char in text)
            pieces += len(pre_tokenize(text))
    return digits, pieces


def _fmt(value: float | None, digits: int = 3) -> str:
    return "—" if value is None else f"{value:.{digits}f}"


def _table(header: list[str], rows: list[list[str]]) -> None:
    """A Markdown table, first column left-aligned, the others right-aligned."""
    widths = [max(len(row[i]) for row in [header, *rows]) for i in range(len(header))]

    def line(cells: list[str]) -> str:
        return (
            "| "
            + " | ".join(
                c.ljust(w) if i == 0 else c.rjust(w) for i, (c, w) in enumerate(zip(cells, widths, strict=True))
            )
            + " |"
        )

    print(line(header))
    print("|" + "|".join(("-" * (w + 1)) + (":" if i else "-") for i, w in enumerate(widths)) + "|")
    for row in rows:
        print(line(row))


def print_tables(ours: list[tuple[str, TokenizerReport]], seg_words: int | None, digits: int, pieces: int) -> None:
    first = ours[0][1]
    held = first.held_out
    print(
        f"\nheld-out text: {held.documents:,} documents, {held.chars:,} characters, {held.syllables:,} syllables "
        f"({held.vietnamese_syllable_share:.1%} valid Vietnamese), {held.words:,} words"
        + ("" if seg_words is None else f", {seg_words:,} pyvi words")
    )
    print(f"training text: {first.training_documents:,} documents, {first.training_chars:,} characters\n")
    scored: list[tuple[str, TokenizerScore, str]] = [
        (label, report.ours, f"{report.training_seconds:.0f}") for label, report in ours
    ]
    scored += [(score.name, score, "") for score in first.baselines]
    _table(
        ["tokenizer", "vocab", "tok/syllable", "tok/word", "tok/pyvi word", "tok/1k chars", "train s"],
        [
            [
                label,
                f"{score.vocab_size:,}",
                _fmt(score.tokens_per_syllable),
                _fmt(score.tokens_per_word),
                "—" if seg_words is None else _fmt(score.tokens / seg_words),
                _fmt(score.tokens_per_1k_chars, 1),
                seconds,
            ]
            for label, score, seconds in scored
        ],
    )
    print("\nfewer tokens than the baseline on the same held-out text, 100 * (theirs - ours) / theirs:\n")
    _table(
        ["baseline", *(label for label, _ in ours)],
        [
            [baseline.name, *(f"{100 * (baseline.tokens - r.ours.tokens) / baseline.tokens:.1f} %" for _, r in ours)]
            for baseline in first.baselines
        ],
    )
    for item in first.missing:
        print(f"not compared: {item.name} ({item.reason})")
    shares = ", ".join(f"{label}: {100 * digits / report.ours.tokens:.1f} %" for label, report in ours)
    print(f"\ndigits in the held-out text: {digits:,}; one token each in ours, a share of its tokens of {shares}")
    print(
        f"pre-tokenization pieces: {pieces:,} = {pieces / held.syllables:.3f} per syllable, "
        f"{pieces / held.words:.3f} per word: the floor for any vocabulary size with this pre-tokenization"
    )


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--vocab", type=int, nargs="+", default=[16000, 32000])
    parser.add_argument("--models", nargs="+", choices=["bpe", "unigram"], default=["bpe", "unigram"])
    parser.add_argument("--limit", type=int, default=None, help="documents per corpus (default: all)")
    parser.add_argument("--keep-temp", action="store_true", help="keep the run folder and the tokenizers")
    args = parser.parse_args()
    missing = [str(path) for _, path, _ in CORPORA if not path.exists()]
    if missing:
        print(f"shared data missing: {', '.join(missing)}", file=sys.stderr)
        return 1
    temp = Path(tempfile.mkdtemp(prefix="bench-tokenizer-"))
    try:
        started = time.perf_counter()
        documents, chars = build_run(temp / "run", args.limit)
        print(f"run folder: {documents:,} documents, {chars:,} characters ({time.perf_counter() - started:.0f} s)")
        ours: list[tuple[str, TokenizerReport]] = []
        for model in args.models:
            for vocab in args.vocab:
                label = f"ours {model.upper()} {vocab // 1000}k"
                # Baselines once: the held-out text is the same for every configuration.
                report = train_tokenizer_from_run(
                    temp / "run", temp / f"tok-{model}-{vocab}", vocab_size=vocab, model=model,
                    baselines=None if not ours else [],
                )  # fmt: skip
                if ours:
                    assert report.held_out == ours[0][1].held_out, "held-out text differs between configurations"
                print(f"{label}: trained in {report.training_seconds:.0f} s, vocabulary {report.vocab_size:,}")
                ours.append((label, report))
        print_tables(ours, segmented_words(temp / "run"), *held_out_digits_and_pieces(temp / "run"))
        if args.keep_temp:
            print(f"\nkept: {temp}")
    finally:
        if not args.keep_temp:
            shutil.rmtree(temp, ignore_errors=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
