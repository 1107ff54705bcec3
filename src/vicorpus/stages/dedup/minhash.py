"""Stage ``minhash_dedup``: remove near-duplicate documents (MinHash LSH), out of core.

Phases (a global stage, see ``stages/base.py``):

1. **signatures** (per read task, in parallel): shingles of folded syllable n-grams →
   ``bands × rows`` MinHash values (rensa) → one 64-bit key per band. Each (document,
   band) row goes to partition ``band × P + key mod P``, P from the corpus size, so a
   partition holds one band's keys for about 1/P of the documents.
2. **cluster** (per partition, in parallel): documents sharing a band key are
   candidates; each group becomes a star of edges to its first document.
3. **resolve** (one process): union-find over all edges, read partition by partition,
   on a parent array of 4 bytes per document (``minhash.Components``); edges are never
   held together. The representative of a cluster is its first document in input order
   (source order in the config, then file order, then position in the file): the same
   choice whatever the number of workers. Only the ids of representatives are looked up.
4. **apply** (per task): duplicates get ``drop_reason = near_duplicate`` and
   ``duplicate_of``; every document that reaches the stage carries
   ``minhash_cluster_size`` (FineWeb-2's name; 1 for a unique document) and
   ``minhash_cluster_id`` (the id of its cluster's representative), so a release can
   upsample by cluster size as FineWeb-2's rehydration does.

The dedup key folds case, punctuation, number values and, by default, tone marks (see
``minhash/folding.py`` and ``docs/dedup.md`` for the measurement behind the default).
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import ClassVar

import numpy as np
import polars as pl
import pyarrow as pa
from pydantic import Field

from vicorpus.minhash.components import Components
from vicorpus.minhash.folding import DiacriticsFolding
from vicorpus.minhash.shingles import shingle_hashes
from vicorpus.minhash.signatures import band_keys, minhash_signatures
from vicorpus.schema import DROP_REASON, DUPLICATE_OF, ORDINAL
from vicorpus.stages.base import ORDER, PARTITION, DocumentIndex, GlobalStage
from vicorpus.stages.dedup.verification import PairVerifier

CLUSTER_SIZE = "minhash_cluster_size"
CLUSTER_ID = "minhash_cluster_id"
# With verification, groups up to this size give all their pairs (at most 28 edges).
_ALL_PAIRS_GROUP = 8
# Edges merged per union-find call: bounds the temporary arrays of the resolve step.
_EDGE_CHUNK = 1 << 20


class MinhashDedup(GlobalStage):
    """Drop near-duplicate documents (MinHash LSH over syllable n-grams), keeping the first of each cluster."""

    name: ClassVar[str] = "minhash_dedup"
    signature_columns: ClassVar[dict[str, pl.DataType]] = {"key": pl.UInt64()}
    output_columns: ClassVar[dict[str, pl.DataType]] = {CLUSTER_SIZE: pl.Int64(), CLUSTER_ID: pl.String()}
    resolves: ClassVar[bool] = True

    n_grams: int = Field(5, ge=1, le=64, description="Syllables per shingle (FineWeb-2: 5 words).")
    bands: int = Field(14, ge=1, le=256, description="LSH bands (FineWeb-2: 14).")
    rows: int = Field(8, ge=1, le=64, description="MinHash values per band (FineWeb-2: 8).")
    seed: int = Field(1, ge=0, lt=2**32, description="Seed of the MinHash permutations.")
    diacritics: DiacriticsFolding = Field(
        DiacriticsFolding.TONES,
        description=(
            "Vietnamese marks in the dedup key: 'keep' all, fold 'tones' only (hòa = hoà = hoa, "
            "ơ ư ă â ê ô đ kept), or fold 'all' marks as FineWeb-2 does."
        ),
    )
    fold_numbers: bool = Field(
        True, description="Every number folds to 0 (as FineWeb-2), so pages differing only in numbers match."
    )

    verify_threshold: float | None = Field(
        None,
        gt=0,
        le=1,
        description=(
            "If set, a candidate pair is merged only when the exact Jaccard similarity of the two "
            "documents' shingle sets reaches this value (texts are re-read and re-shingled for the "
            "candidates: fewer false merges, more time)."
        ),
    )

    def partition_count(self, corpus_partitions: int) -> int:
        return self.bands * corpus_partitions

    def shingles(self, texts: list[str]) -> tuple[np.ndarray, np.ndarray]:
        """Flat shingle hashes and offsets of texts, with this stage's settings."""
        return shingle_hashes(texts, self.n_grams, self.diacritics, self.fold_numbers)

    def signatures(self, batch: pl.DataFrame, partitions: int) -> pl.DataFrame:
        shingles, offsets = self.shingles(batch["text"].to_list())
        has_shingles = np.diff(offsets) > 0  # a text without tokens is nobody's duplicate
        signatures = minhash_signatures(shingles, offsets, self.bands * self.rows, self.seed)[has_shingles]
        keys = band_keys(signatures, self.bands, self.rows)  # (documents, bands)
        order = batch[ORDER].to_numpy().astype(np.uint64)[has_shingles]
        band = np.tile(np.arange(self.bands, dtype=np.uint64), order.size)
        flat_keys = keys.reshape(-1)
        partition = band * np.uint64(partitions) + flat_keys % np.uint64(partitions)
        return pl.DataFrame(
            {
                ORDER: pl.Series(np.repeat(order, self.bands), dtype=pl.UInt64),
                PARTITION: pl.Series(partition.astype(np.uint32), dtype=pl.UInt32),
                "key": pl.Series(flat_keys, dtype=pl.UInt64),
            }
        )

    def cluster(self, signatures: pl.DataFrame) -> pl.DataFrame:
        """Edges ``a → b`` (``a`` < ``b``) between documents sharing a band key.

        Without verification, a star to the group's first document joins the group.
        With it, a rejected star edge would cut off members that are similar to each
        other, so groups of up to ``_ALL_PAIRS_GROUP`` documents give all their pairs.
        """
        keys = signatures["key"].to_numpy()
        orders = signatures[ORDER].to_numpy()
        # NumPy instead of a Polars group_by with lists: ~50 bytes per row at the peak.
        by_key = np.lexsort((orders, keys))  # by key, then input order: a group's first is its minimum
        keys, orders = keys[by_key], orders[by_key]
        del by_key
        group_start = np.flatnonzero(np.concatenate(([True], keys[1:] != keys[:-1])))
        group_size = np.diff(np.append(group_start, keys.size))
        first = np.repeat(orders[group_start], group_size)
        member = orders != first
        edges = [pl.DataFrame({"a": first[member], "b": orders[member]}, schema={"a": pl.UInt64, "b": pl.UInt64})]
        if self.verify_threshold is not None:
            pairs: list[tuple[int, int]] = []
            small = np.flatnonzero((group_size > 2) & (group_size <= _ALL_PAIRS_GROUP))  # pairs: star already
            for start, size in zip(group_start[small].tolist(), group_size[small].tolist(), strict=True):
                members = orders[start : start + size].tolist()
                pairs.extend((a, b) for i, a in enumerate(members) for b in members[i + 1 :])
            edges.append(pl.DataFrame(pairs, schema={"a": pl.UInt64, "b": pl.UInt64}, orient="row"))
        return pl.concat(edges).filter(pl.col("a") != pl.col("b")).unique().sort("a", "b")

    def resolve(self, edges: Iterator[pl.DataFrame], documents: DocumentIndex) -> Iterator[pl.DataFrame]:
        sizes = np.asarray(documents.task_sizes(), dtype=np.int64)
        bases = np.concatenate(([0], np.cumsum(sizes)))
        components = Components(int(bases[-1]))
        verifier = None
        if self.verify_threshold is not None:
            verifier = PairVerifier(self.shingles, self.verify_threshold, documents, bases, components)
        for frame in edges:
            for start in range(0, frame.height, _EDGE_CHUNK):
                chunk = frame.slice(start, _EDGE_CHUNK)
                left, right = _dense(chunk["a"], bases), _dense(chunk["b"], bases)
                if verifier is not None:
                    left, right = verifier.similar(left, right)
                components.union(left, right)
        # 4-byte arrays while the corpus has < 2^31 documents: memory stays ~20 bytes/document.
        roots = components.roots()
        del components
        cluster_size = np.bincount(roots, minlength=roots.size).astype(roots.dtype)
        cluster_size = cluster_size[roots]
        clustered = np.flatnonzero(cluster_size > 1)
        representatives = np.unique(roots[clustered])
        representative_ids = _representative_ids(representatives, bases, documents)
        for task in range(sizes.size):
            lo, hi = np.searchsorted(clustered, [bases[task], bases[task + 1]])
            members = clustered[lo:hi]
            if members.size == 0:
                continue
            member_roots = roots[members]
            # Representatives are sorted document numbers: a search instead of a join.
            cluster_id = pl.Series(CLUSTER_ID, representative_ids.take(np.searchsorted(representatives, member_roots)))
            yield pl.DataFrame(
                {
                    "task": pl.Series(np.full(members.size, task), dtype=pl.UInt32),
                    ORDINAL: pl.Series(members - bases[task], dtype=pl.UInt32),
                    DUPLICATE_OF: cluster_id.set(pl.Series(member_roots == members), None),
                    CLUSTER_ID: cluster_id,
                    CLUSTER_SIZE: pl.Series(cluster_size[members], dtype=pl.Int64),
                }
            )

    def apply(self, batch: pl.DataFrame, assignments: pl.DataFrame) -> pl.DataFrame:
        if ORDINAL not in assignments.columns:  # no cluster anywhere in the corpus: no assignment file
            assignments = pl.DataFrame(
                schema={ORDINAL: pl.UInt32, DUPLICATE_OF: pl.String, CLUSTER_ID: pl.String, CLUSTER_SIZE: pl.Int64}
            )
        found = assignments.select(
            pl.col(ORDINAL).cast(pl.UInt32),
            pl.col(DUPLICATE_OF).alias("_duplicate_of"),
            pl.col(CLUSTER_ID).alias("_cluster_id"),
            pl.col(CLUSTER_SIZE).alias("_cluster_size"),
        )
        marked = batch.join(found, on=ORDINAL, how="left", maintain_order="left")
        is_duplicate = pl.col("_duplicate_of").is_not_null()
        return marked.with_columns(
            pl.when(is_duplicate).then(pl.lit("near_duplicate")).otherwise(pl.col(DROP_REASON)).alias(DROP_REASON),
            pl.when(is_duplicate).then(pl.col("_duplicate_of")).otherwise(pl.col(DUPLICATE_OF)).alias(DUPLICATE_OF),
            pl.coalesce(pl.col("_cluster_size"), pl.lit(1, dtype=pl.Int64)).alias(CLUSTER_SIZE),
            pl.coalesce(pl.col("_cluster_id"), pl.col("id")).alias(CLUSTER_ID),
        ).select(batch.columns)


def _dense(order: pl.Series, bases: np.ndarray) -> np.ndarray:
    """Order key (task << 32 | ordinal) → document number in input order."""
    values = order.to_numpy().astype(np.uint64)
    return bases[(values >> np.uint64(32)).astype(np.int64)] + (values & np.uint64(0xFFFFFFFF)).astype(np.int64)


def _representative_ids(representatives: np.ndarray, bases: np.ndarray, documents: DocumentIndex) -> pa.Array:
    """Ids of the representatives (sorted document numbers), in their order, read task by task.

    Copied into one Arrow buffer: a Polars selection of a task's ids would keep the whole
    task's string buffer alive (measured: ~36 bytes per corpus document at 1M).
    """
    chunks = []
    for task in range(bases.size - 1):
        lo, hi = np.searchsorted(representatives, [bases[task], bases[task + 1]])
        if lo == hi:
            continue
        ids = documents.ids(task)  # sorted by ordinal
        wanted = representatives[lo:hi] - bases[task]
        ordinals = ids[ORDINAL].to_numpy()
        at = np.searchsorted(ordinals, wanted)
        if at.max() >= ordinals.size or not np.array_equal(ordinals[at], wanted):
            raise RuntimeError(f"minhash_dedup: representatives missing from the ids of task {task}")
        chunks.append(ids["id"].to_arrow().cast(pa.large_string()).take(pa.array(at)))
    return pa.chunked_array(chunks, type=pa.large_string()).combine_chunks()
