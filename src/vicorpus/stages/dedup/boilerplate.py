"""Stage ``boilerplate_lines``: remove lines that many documents of one source or domain share.

As CCNet removes paragraphs repeated across a shard, this stage removes from ``text``
the lines (or paragraphs) that appear in at least ``min_documents`` distinct documents
of the same group — menus, footers, "Bài viết liên quan", "Theo VTC14", bylines, share
buttons. The group is the ``source`` (``scope: source``) or the web ``domain``, falling
back to the source for documents without one (``scope: domain``): a menu is shared by
the pages of one site, and a line two sites share (a syndicated headline) is content.
Lines are matched after case folding and whitespace collapsing (``boilerplate/lines.py``).

Phases (a global stage, see ``stages/base.py``):

1. **signatures**: one row per (document, distinct candidate line), keyed by a 64-bit
   xxh3 hash of the group and the line's matching key. The partition is the key's
   position in the hash range (``key × P >> 64``), so partition files hold disjoint,
   increasing key ranges and their concatenation is sorted.
2. **cluster** (per partition): documents per key; keys with at least
   ``min_documents`` are the boilerplate set, one ``key`` row each (with its
   ``documents`` count), sorted. The rows have no ``task`` column, so every task
   receives the whole set.
3. **apply** (per task): each candidate line of each document is looked up in the set
   (binary search, the set stays one sorted NumPy array); matching lines go. Each
   document gets ``boilerplate_lines_removed`` (lines, or paragraphs with
   ``unit: paragraph``) and ``boilerplate_chars_removed``, totalled in the run
   statistics. A document left without non-blank text is rejected with
   ``drop_reason = boilerplate_only`` and keeps its original text, so the rejected
   shard shows what it was made of.

What is never counted nor removed: a line shorter than ``min_chars`` (after folding) or
without a letter (list markers, table cells, numbers); a line longer than ``max_chars``
(boilerplate is short, and skipping long lines before folding is most of the speed); a
line matching ``keep_pattern`` (e.g. Wikipedia section headings, which are otherwise
most of what the stage finds in Wikipedia); any line of a document that has only one
non-blank line (a repeated one-line document is a duplicate, which the dedup stages
keep one copy of, not boilerplate, which would lose every copy).

Memory: a cluster partition holds its signature rows (16 bytes per document-line before
Polars overheads; ``partition_count`` is 4 × the corpus default because documents have
many lines). Every task holds the whole boilerplate set, 8 bytes per line: with the
default threshold it is small (2 lines for 35k news articles, 525 for 8k Wikipedia
articles, see ``docs/boilerplate.md``). With ``min_documents: 2`` on a large corpus every
sentence quoted twice within a group joins the set — tens of millions of lines, hundreds
of MB per worker, and real content removed. The set size is the sum of ``assigned`` in
the cluster phase's done-markers (``.vicorpus/done/global-N/*.json``). Place this stage
after ``exact_dedup`` and ``minhash_dedup``: copies of an article would otherwise count
its title and lead several times.
"""

from __future__ import annotations

from functools import cache
from typing import Any, ClassVar, Literal

import numpy as np
import numpy.typing as npt
import polars as pl
import re2  # type: ignore[import-untyped]
from pydantic import Field, field_validator, model_validator

from vicorpus.boilerplate import Unit, remove_units, unit_hashes
from vicorpus.schema import DROP_REASON
from vicorpus.stages.base import ORDER, PARTITION, GlobalStage

LINES_REMOVED = "boilerplate_lines_removed"
CHARS_REMOVED = "boilerplate_chars_removed"
DROP_CODE = "boilerplate_only"


class BoilerplateLines(GlobalStage):
    """Remove lines repeated across many documents of one source or domain (menus, footers, bylines)."""

    name: ClassVar[str] = "boilerplate_lines"
    signature_columns: ClassVar[dict[str, pl.DataType]] = {"key": pl.UInt64()}
    output_columns: ClassVar[dict[str, pl.DataType]] = {LINES_REMOVED: pl.Int64(), CHARS_REMOVED: pl.Int64()}
    counter_columns: ClassVar[tuple[str, ...]] = (LINES_REMOVED, CHARS_REMOVED)

    min_documents: int = Field(
        10,
        ge=2,
        le=2**31,
        description=(
            "A line is boilerplate when at least this many distinct documents of its group "
            "contain it (10: above the 4 copies that a syndicated headline reaches in 35k news "
            "articles, see docs/boilerplate.md)."
        ),
    )
    scope: Literal["source", "domain"] = Field(
        "domain",
        description="Count lines per web domain (documents without one: per source) or per source.",
    )
    unit: Unit = Field(
        Unit.LINE,
        description="What is matched and removed: 'line' (non-blank line) or 'paragraph' (lines between blank lines).",
    )
    min_chars: int = Field(
        5,
        ge=1,
        le=10_000,
        description=(
            "Shorter lines (after case and whitespace folding) are never counted, nor are lines without a letter."
        ),
    )
    max_chars: int = Field(
        1000,
        ge=1,
        description=(
            "Longer lines (or paragraphs) are never counted nor folded: no line shared by 5 or more "
            "documents is longer than 137 characters in news or Wikipedia, and lines over 1,000 "
            "characters hold 88 % of news text (docs/boilerplate.md)."
        ),
    )
    keep_pattern: str | None = Field(
        None,
        description=(
            "Lines matching this regular expression (RE2 syntax, searched in the line as written) are "
            "never counted nor removed; e.g. '^=+ .* =+$' keeps Wikipedia section headings."
        ),
    )
    fold_digits: bool = Field(
        False,
        description=(
            "Match lines that differ only in numbers ('Lượt xem: 12' = 'Lượt xem: 7'). Off by default: "
            "on news it matched the titles of numbered series ('… (Phần 2)')."
        ),
    )

    @field_validator("keep_pattern")
    @classmethod
    def _compiles(cls, pattern: str | None) -> str | None:
        if pattern is not None:
            try:
                _compiled(pattern)
            except re2.error as error:
                message = error.args[0].decode() if error.args and isinstance(error.args[0], bytes) else str(error)
                raise ValueError(f"not a valid RE2 regular expression: {message}") from None
        return pattern

    @model_validator(mode="after")
    def _lengths_in_order(self) -> BoilerplateLines:
        if self.min_chars > self.max_chars:
            raise ValueError(f"min_chars ({self.min_chars}) must not exceed max_chars ({self.max_chars})")
        return self

    def partition_count(self, corpus_partitions: int) -> int:
        return 4 * corpus_partitions

    def _groups(self, batch: pl.DataFrame) -> list[str]:
        # Prefixed so that a domain and a source with the same name stay apart.
        source = pl.lit("s\x00") + pl.col("source").fill_null("")
        group = source if self.scope == "source" else pl.coalesce(pl.lit("d\x00") + pl.col("domain"), source)
        return batch.select(group.alias("group"))["group"].to_list()

    def _hashes(self, text: str | None, group: str) -> tuple[list[tuple[int, int]], list[int | None]]:
        keep = _compiled(self.keep_pattern).search if self.keep_pattern is not None else None
        return unit_hashes(text or "", group, self.unit, self.min_chars, self.fold_digits, self.max_chars, keep)

    def signatures(self, batch: pl.DataFrame, partitions: int) -> pl.DataFrame:
        orders: list[int] = []
        keys: list[int] = []
        rows = zip(batch[ORDER].to_list(), batch["text"].to_list(), self._groups(batch), strict=True)
        for order, text, group in rows:
            distinct = {key for key in self._hashes(text, group)[1] if key is not None}
            keys.extend(sorted(distinct))
            orders.extend([order] * len(distinct))
        key_array = np.asarray(keys, dtype=np.uint64)
        # ``partitions`` is the corpus default; this stage spreads over its own count.
        # key × P / 2**64 without overflow (P ≤ 2**32): monotonic in the key.
        count = np.uint64(self.partition_count(partitions))
        partition = ((key_array >> np.uint64(32)) * count) >> np.uint64(32)
        return pl.DataFrame(
            {
                ORDER: pl.Series(orders, dtype=pl.UInt64),
                PARTITION: pl.Series(partition.astype(np.uint32), dtype=pl.UInt32),
                "key": pl.Series(key_array, dtype=pl.UInt64),
            }
        )

    def cluster(self, signatures: pl.DataFrame) -> pl.DataFrame:
        # A document emits each key once, so rows per key = distinct documents per key.
        return (
            signatures.group_by("key")
            .agg(pl.len().cast(pl.Int64).alias("documents"))
            .filter(pl.col("documents") >= self.min_documents)
            .sort("key")
        )

    def apply(self, batch: pl.DataFrame, assignments: pl.DataFrame) -> pl.DataFrame:
        boilerplate = _sorted_keys(assignments)
        texts: list[str | None] = batch["text"].to_list()
        new_texts = list(texts)
        lines_removed = [0] * len(texts)
        chars_removed = [0] * len(texts)
        boilerplate_only = [False] * len(texts)
        if boilerplate.size:
            documents = [self._hashes(text, group) for text, group in zip(texts, self._groups(batch), strict=True)]
            flat = np.fromiter((key for _, hashes in documents for key in hashes if key is not None), dtype=np.uint64)
            # One vectorized lookup per batch instead of one per line.
            hits = iter(_member(boilerplate, flat).tolist())
            for row, (spans, hashes) in enumerate(documents):
                found = [key is not None and next(hits) for key in hashes]
                text = texts[row]
                removed = sum(found)
                if not removed or text is None:
                    continue
                cleaned = remove_units(text, spans, found)
                lines_removed[row] = removed
                chars_removed[row] = len(text) - len(cleaned)
                if cleaned.isspace() or not cleaned:
                    boilerplate_only[row] = True  # rejected with its original text
                else:
                    new_texts[row] = cleaned
        return batch.with_columns(
            pl.Series("text", new_texts, dtype=pl.String),
            pl.Series(LINES_REMOVED, lines_removed, dtype=pl.Int64),
            pl.Series(CHARS_REMOVED, chars_removed, dtype=pl.Int64),
            pl.when(pl.Series(boilerplate_only, dtype=pl.Boolean))
            .then(pl.lit(DROP_CODE))
            .otherwise(pl.col(DROP_REASON))
            .alias(DROP_REASON),
        ).select(*batch.columns, *(name for name in self.output_columns if name not in batch.columns))


def _sorted_keys(assignments: pl.DataFrame) -> npt.NDArray[np.uint64]:
    """The boilerplate set as a sorted array (already sorted when the partition files
    come in partition order, as they do; sorted here otherwise, to be safe)."""
    if "key" not in assignments.columns or assignments.is_empty():
        return np.empty(0, dtype=np.uint64)
    keys = assignments["key"].cast(pl.UInt64).to_numpy()
    if keys.size > 1 and not bool(np.all(keys[1:] >= keys[:-1])):
        keys = np.sort(keys)
    return keys


def _member(keys: npt.NDArray[np.uint64], values: npt.NDArray[np.uint64]) -> npt.NDArray[np.bool_]:
    """Whether each value is in the sorted ``keys``."""
    index = np.searchsorted(keys, values)
    inside = index < keys.size
    found = np.zeros(values.size, dtype=bool)
    found[inside] = keys[index[inside]] == values[inside]
    return found


@cache
def _compiled(pattern: str) -> Any:
    """The compiled pattern, once per process (the stage itself pickles as text)."""
    options = re2.Options()
    options.log_errors = False  # a bad pattern is reported as a config error, not logged
    return re2.compile(pattern, options)
