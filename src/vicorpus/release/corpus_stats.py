"""Statistics of a finished run's shards, for the release papers and the report.

Everything is computed from the output folder with bounded memory. The aggregates
(totals, licences, sources, domains, dates, histogram bins, labels, opt-outs, PII,
syllables) are lazy Polars queries run together by one ``pl.collect_all`` on the
streaming engine. The queries over a bucket's shards are built on one scan that also
measures each text, and Polars' common-subplan elimination runs that scan once: the text
column, the bulk of a shard, is read and measured once instead of once per statistic.
No query may take the text itself from that shared scan (the streaming engine would then
hold every text until the other queries are done): what is measured on the text is
measured in the scan (:func:`_measured`). The five example snippets per drop reason come
from a row-group walk that stops as soon as every reason has its examples.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import polars as pl
import pyarrow as pa
import pyarrow.parquet as pq

EXAMPLES_PER_REASON = 5
SNIPPET_CHARS = 240
# Columns drawn as histograms whenever present, besides every thresholded column.
ALWAYS_DRAWN = ("char_count", "language_score", "valid_syllable_share", "diacritic_share")
# Label columns whose distribution the report shows when a labelling stage wrote them.
LABEL_COLUMNS = ("language", "dialect", "domain_label")
# Domains kept by name: the EU summary needs the top 10 % by size (the SME list is
# shorter), the card and the report the top 20; the rest are only counted.
TOP_DOMAINS_MIN = 20
LINEAR_BINS = 20
# Counts are binned by quarter decades: 0, [1, 1.78), [1.78, 3.16), … up to 10^8.
LOG_BINS_PER_DECADE = 4
LOG_DECADES = 8
# Syllables for the EU summary's size estimate: whitespace-separated tokens holding a
# letter or digit. Each such token is one match running from the space before it (or the
# start of the text) to its first letter or digit: the same count as one match of
# ``[^\s]*\w[^\s]*`` per token, about 20 % faster as the matches are short.
SYLLABLES_IN_TEXT = pl.col("text").str.count_matches(r"(?:^|\s)[^\s\w]*\w").cast(pl.Int64)
# A domain under .vn (the EU summary's share of characters from Vietnamese domains).
VN_DOMAIN = pl.col("domain").str.to_lowercase().str.strip_chars_end(".").str.ends_with(".vn")

# Each text's length (and syllables, where counted from the text), measured once in the
# scan the bucket's queries share. The names cannot clash with a shard column: vicorpus
# writes none starting with underscores.
_CHARS = "__text_chars"
_BYTES = "__text_bytes"
_SYLLABLES = "__text_syllables"
CHARS = pl.col(_CHARS)

Deferred = Callable[[], Any]  # a statistic, read once the queries have run


def corpus_stats(
    root: Path,
    thresholds: dict[str, list[dict[str, Any]]],
    crawled_sources: tuple[str, ...] = (),
    ledger_total: dict[str, Any] | None = None,
) -> dict[str, Any]:
    """``crawled_sources``: sources of kind ``crawled``, whose domains the EU summary ranks.
    ``ledger_total``: the ledger's totals; with them the walk for examples stops as soon
    as every reason has its examples instead of reading every dropped row."""
    total = ledger_total or {}
    kept = _Bucket.of(root, "kept", syllables=True)
    rejected, duplicates = _Bucket.of(root, "rejected"), _Bucket.of(root, "duplicates")
    has = kept.columns
    queries = _Queries()
    later: dict[str, Deferred] = {
        "kept": _totals(queries, kept),
        "sources": _grouped(queries, kept, "source"),
        "licenses": _grouped(queries, kept, "license"),
        "source_licenses": _source_licenses(queries, kept),
        "domains": _domains(queries, kept, None if "domain" in has else ()),
        "crawled_domains": _domains(queries, kept, crawled_sources if "domain" in has else ()),
        "dates": _dates(queries, kept) if "date" in has else _ready({"min": None, "max": None, "docs_with_date": 0}),
        "histograms": _histograms(queries, kept, rejected, has & rejected.columns or has, thresholds),
        "examples": lambda: _drop_examples(root, total),
        "cluster_sizes": _cluster_sizes(queries, kept) if "minhash_cluster_size" in has else _ready([]),
        "labels": _each({column: _grouped(queries, kept, column) for column in LABEL_COLUMNS if column in has}),
        "optout": _optout(queries, {"kept": kept, "rejected": rejected, "duplicates": duplicates}),
        "pii": _pii(queries, kept, sorted(c for c in has if c.startswith("pii_"))),
        "syllables": _syllables(queries, kept),
    }
    queries.run()
    return {key: value() for key, value in later.items()}


# --- shards and queries -----------------------------------------------------------------


@dataclass(frozen=True)
class _Bucket:
    """The shards of one output bucket, their column names, and their rows with each
    text measured (``None`` without shards)."""

    files: list[Path]
    schemas: list[set[str]]
    rows: pl.LazyFrame | None

    @classmethod
    def of(cls, root: Path, bucket: str, syllables: bool = False) -> _Bucket:
        """``syllables``: count each text's syllables in the scan when the first shard has
        no ``syllable_count`` column to take them from."""
        files = _files(root, bucket)
        schemas = [set(pq.read_schema(path).names) for path in files]
        if not files:
            return cls(files, schemas, None)
        return cls(files, schemas, _measured(files, syllables and "syllable_count" not in schemas[0]))

    @property
    def columns(self) -> set[str]:
        """Columns of any shard (shards of one run share a schema; hand-assembled folders may not)."""
        return set().union(*self.schemas)


class _Queries:
    """Lazy queries run together by one ``pl.collect_all``, so that those built on one
    scan share it."""

    def __init__(self) -> None:
        self._plans: list[pl.LazyFrame] = []
        self._frames: list[pl.DataFrame] = []

    def add(self, plan: pl.LazyFrame) -> Callable[[], pl.DataFrame]:
        index = len(self._plans)
        self._plans.append(plan)
        return lambda: self._frames[index]

    def run(self) -> None:
        if self._plans:
            self._frames = pl.collect_all(self._plans, engine="streaming")


def _ready(value: Any) -> Deferred:
    return lambda: value


def _each(later: dict[str, Deferred]) -> Deferred:
    return lambda: {key: value() for key, value in later.items()}


def _files(root: Path, bucket: str) -> list[Path]:
    return sorted((root / bucket).glob("*.parquet"))


def _scan(files: list[Path]) -> pl.LazyFrame:
    # A shard without a column another has reads it as nulls rather than failing.
    return pl.scan_parquet(files, missing_columns="insert")


def _measured(files: list[Path], syllables: bool) -> pl.LazyFrame:
    # Queries that need no measure still read only their own columns: Polars drops what
    # no query uses from the shared scan.
    # Int64: Polars measures strings as UInt32 and sums a UInt32 column as UInt32, which
    # wraps past 4,294,967,295 (a corpus of a few GB).
    measures = [
        pl.col("text").str.len_chars().cast(pl.Int64).alias(_CHARS),
        pl.col("text").str.len_bytes().cast(pl.Int64).alias(_BYTES),
    ]
    if syllables:
        measures.append(SYLLABLES_IN_TEXT.alias(_SYLLABLES))
    return _scan(files).with_columns(measures)


# --- totals and groups ------------------------------------------------------------------


def _totals(queries: _Queries, kept: _Bucket) -> Deferred:
    if kept.rows is None:
        return _ready({"docs": 0, "chars": 0, "utf8_bytes": 0, "parquet_bytes": 0})
    result = queries.add(kept.rows.select(pl.len().alias("docs"), CHARS.sum().alias("chars"), pl.col(_BYTES).sum()))

    def totals() -> dict[str, int]:
        row = result().row(0)
        return {
            "docs": int(row[0]),
            "chars": int(row[1] or 0),
            "utf8_bytes": int(row[2] or 0),
            "parquet_bytes": sum(path.stat().st_size for path in kept.files),
        }

    return totals


def _grouped(queries: _Queries, bucket: _Bucket, column: str) -> Deferred:
    """Documents and characters per value of ``column``, largest first (ties by value)."""
    if bucket.rows is None:
        return _ready([])
    result = queries.add(bucket.rows.group_by(column).agg(pl.len().alias("docs"), CHARS.sum().alias("chars")))

    def grouped() -> list[dict[str, Any]]:
        frame = result().sort(["chars", column], descending=[True, False], nulls_last=True)
        return [
            {"value": value, "docs": int(docs), "chars": int(chars or 0)} for value, docs, chars in frame.iter_rows()
        ]

    return grouped


def _source_licenses(queries: _Queries, kept: _Bucket) -> Deferred:
    """Documents and characters per (source, licence): a page's own licence can differ
    from its source's default."""
    if kept.rows is None:
        return _ready([])
    result = queries.add(
        kept.rows.group_by("source", "license").agg(pl.len().alias("docs"), CHARS.sum().alias("chars"))
    )

    def source_licenses() -> list[dict[str, Any]]:
        frame = result().sort(["source", "chars", "license"], descending=[False, True, False])
        return [
            {"source": source, "license": license, "docs": int(docs), "chars": int(chars or 0)}
            for source, license, docs, chars in frame.iter_rows()
        ]

    return source_licenses


def _pii(queries: _Queries, kept: _Bucket, columns: list[str]) -> Deferred:
    """Per PII kind: kept documents that had such spans redacted, and the spans."""
    if kept.rows is None or not columns:
        return _ready({})
    aggregates = []
    for column in columns:
        aggregates += [
            (pl.col(column) > 0).sum().alias(f"{column}:docs"),
            pl.col(column).sum().alias(f"{column}:spans"),
        ]
    aggregates.append((pl.sum_horizontal(columns) > 0).sum().alias("any:docs"))
    result = queries.add(kept.rows.select(aggregates))

    def pii() -> dict[str, dict[str, int]]:
        row = result().to_dicts()[0]
        counts = {
            column.removeprefix("pii_"): {
                "docs": int(row[f"{column}:docs"] or 0),
                "spans": int(row[f"{column}:spans"] or 0),
            }
            for column in columns
        }
        counts["any"] = {"docs": int(row["any:docs"] or 0), "spans": sum(v["spans"] for v in counts.values())}
        return counts

    return pii


def _domains(queries: _Queries, kept: _Bucket, sources: tuple[str, ...] | None) -> Deferred:
    """Distinct domains and their totals; by name only the largest ``max(ceil(n/10), 20)``
    (a crawl has millions of domains: their table stays in Polars, not in Python). For the
    crawled sources (``sources`` given) also ``vn_chars``, the characters on .vn domains."""
    empty = {"distinct": 0, "docs_with_domain": 0, "chars_with_domain": 0, "ranked": []}
    if kept.rows is None or sources == ():
        return _ready(empty)
    rows = kept.rows.filter(pl.col("domain").is_not_null())
    if sources is not None:
        rows = rows.filter(pl.col("source").is_in(list(sources)))
    result = queries.add(rows.group_by("domain").agg(pl.len().alias("docs"), CHARS.sum().alias("chars")))

    def domains() -> dict[str, Any]:
        frame = result()
        if frame.height == 0:
            return empty
        keep = max(-(-frame.height // 10), TOP_DOMAINS_MIN)
        top = frame.sort(["chars", "domain"], descending=[True, False]).head(keep)
        entry = {
            "distinct": frame.height,
            "docs_with_domain": int(frame["docs"].sum()),
            "chars_with_domain": int(frame["chars"].sum() or 0),
            "ranked": [
                {"value": value, "docs": int(docs), "chars": int(chars or 0)} for value, docs, chars in top.iter_rows()
            ],
        }
        if sources is not None:  # from every domain's row: no second scan of the text for the EU summary
            entry["vn_chars"] = int(frame.filter(VN_DOMAIN).select(pl.col("chars").sum()).item() or 0)
        return entry

    return domains


def _dates(queries: _Queries, kept: _Bucket) -> Deferred:
    # Dates are strings as the sources wrote them; ISO dates sort correctly, and the
    # first ten characters are the day.
    assert kept.rows is not None  # a "date" column means there are shards
    day = pl.col("date").str.slice(0, 10)
    result = queries.add(
        kept.rows.filter(pl.col("date").str.contains(r"^\d{4}-\d{2}-\d{2}")).select(
            day.min().alias("min"), day.max().alias("max"), pl.len().alias("n")
        )
    )

    def dates() -> dict[str, Any]:
        row = result().row(0)
        return {"min": row[0], "max": row[1], "docs_with_date": int(row[2])}

    return dates


def _cluster_sizes(queries: _Queries, kept: _Bucket) -> Deferred:
    """How many kept documents stand for a near-duplicate cluster of each size."""
    assert kept.rows is not None  # a "minhash_cluster_size" column means there are shards
    size = pl.col("minhash_cluster_size")
    result = queries.add(kept.rows.filter(size.is_not_null()).group_by(size).len())

    def cluster_sizes() -> list[dict[str, int]]:
        frame = result().sort("minhash_cluster_size")
        return [{"size": int(size), "clusters": int(count)} for size, count in frame.iter_rows()]

    return cluster_sizes


def _optout(queries: _Queries, buckets: dict[str, _Bucket]) -> Deferred:
    """Documents carrying each opt-out signal (the ``optout`` column), per output bucket."""
    results = {
        name: queries.add(
            bucket.rows.select(pl.col("optout").str.split(",").alias("signal"))
            .explode("signal")
            .filter(pl.col("signal").is_not_null() & (pl.col("signal") != ""))
            .group_by("signal")
            .len()
        )
        for name, bucket in buckets.items()
        if bucket.rows is not None and "optout" in bucket.columns
    }

    def optout() -> dict[str, dict[str, int]]:
        signals: dict[str, dict[str, int]] = {}
        for name, result in results.items():
            for signal, count in result().iter_rows():
                signals.setdefault(signal, {"kept": 0, "rejected": 0, "duplicates": 0})[name] = int(count)
        return dict(sorted(signals.items()))

    return optout


def _syllables(queries: _Queries, kept: _Bucket) -> Deferred:
    """Syllables of the kept text for the EU summary: the ``syllable_count`` column
    (quality_signals) where the first shard has it, counted from the text where it is
    null or absent. ``None`` when a shard lacks a column the count reads from the first
    shard (a hand-assembled folder): the EU summary then counts as it always did, with a
    scan that fails on such a folder instead of reading nulls."""
    if kept.rows is None:
        return _ready(None)
    from_column = "syllable_count" in kept.schemas[0]
    needed = {"text", "syllable_count"} if from_column else {"text"}
    if any(not needed <= schema for schema in kept.schemas):
        return _ready(None)
    if not from_column:
        counted = queries.add(kept.rows.select(pl.col(_SYLLABLES).sum()))
        return lambda: {"total": int(counted().item() or 0), "from_column": False}
    column = pl.col("syllable_count")
    present = queries.add(kept.rows.select(column.cast(pl.Int64).sum()))
    # The text is counted only where the column is null (coalesce would count it
    # everywhere), in a scan of its own: filtered there, it reads the text of those rows
    # only (usually none), and the shared scan never hands its texts to a query.
    missing = queries.add(_scan(kept.files).filter(column.is_null()).select(SYLLABLES_IN_TEXT.sum()))
    return lambda: {"total": int(present().item() or 0) + int(missing().item() or 0), "from_column": True}


# --- histograms -------------------------------------------------------------------------


def is_linear(column: str) -> bool:
    """Shares, ratios and scores are drawn on [0, 1]; counts on a log scale."""
    return column.endswith(("_share", "_ratio", "_score", "_fineweb"))


def bin_edges(column: str) -> list[float]:
    if is_linear(column):
        return [round(i / LINEAR_BINS, 4) for i in range(LINEAR_BINS + 1)]
    return [0.0] + [round(10 ** (i / LOG_BINS_PER_DECADE), 3) for i in range(LOG_DECADES * LOG_BINS_PER_DECADE + 1)]


def _bin_expr(column: str, values: pl.Expr) -> pl.Expr:
    """Index of the bin a value falls in; values past the last edge go to the last bin."""
    if is_linear(column):
        index = (values.cast(pl.Float64) * LINEAR_BINS).floor().clip(0, LINEAR_BINS - 1)
    else:
        last = LOG_DECADES * LOG_BINS_PER_DECADE
        positive = (values.cast(pl.Float64).log10() * LOG_BINS_PER_DECADE).floor() + 1
        index = pl.when(values.cast(pl.Float64) < 1).then(0).otherwise(positive.clip(1, last))
    return index.cast(pl.Int32)


def _histograms(
    queries: _Queries,
    kept: _Bucket,
    rejected: _Bucket,
    columns: set[str],
    thresholds: dict[str, list[dict[str, Any]]],
) -> Deferred:
    drawn = [c for c in ALWAYS_DRAWN if c in columns or c == "char_count"]
    drawn += sorted(c for c in thresholds if c in columns and c not in drawn)
    counts = {"kept": _bin_counts(queries, kept, drawn), "rejected": _bin_counts(queries, rejected, drawn)}

    def histograms() -> dict[str, dict[str, Any]]:
        binned = {bucket: later() for bucket, later in counts.items()}
        result: dict[str, dict[str, Any]] = {}
        for column in drawn:
            edges = bin_edges(column)
            bins = len(edges) - 1
            entry: dict[str, Any] = {"edges": edges, "scale": "linear" if is_linear(column) else "log"}
            for bucket in ("kept", "rejected"):
                row = [0] * bins
                for index, count in binned[bucket].get(column, {}).items():
                    row[min(max(index, 0), bins - 1)] += count
                entry[bucket] = row
            entry["thresholds"] = thresholds.get(column, [])
            result[column] = entry
        return result

    return histograms


def _bin_counts(queries: _Queries, bucket: _Bucket, drawn: list[str]) -> Deferred:
    if bucket.rows is None or not drawn:
        return _ready({})
    present = bucket.columns
    expressions = []
    for column in drawn:
        if column == "char_count":
            values = CHARS  # measured here: the length filter's column is null for rows dropped before it
        elif column in present:
            values = pl.col(column)
        else:
            continue
        expressions.append(_bin_expr(column, values).alias(column))
    if not expressions:
        return _ready({})
    result = queries.add(
        bucket.rows.select(expressions)
        .unpivot(variable_name="metric", value_name="bin")
        .drop_nulls("bin")
        .group_by("metric", "bin")
        .len()
    )

    def bin_counts() -> dict[str, dict[int, int]]:
        counts: dict[str, dict[int, int]] = {}
        for metric, index, count in result().iter_rows():
            counts.setdefault(metric, {})[int(index)] = int(count)
        return counts

    return bin_counts


# --- examples ---------------------------------------------------------------------------


def _drop_examples(root: Path, total: dict[str, Any]) -> dict[str, dict[str, list[dict[str, Any]]]]:
    """Examples of what was rejected, deduplicated and quarantined, per reason."""
    return {
        "rejected": _examples(
            _files(root, "rejected"), "drop_reason", "text", ("dropped_by",), total.get("rejected_by_reason")
        ),
        "duplicates": _examples(
            _files(root, "duplicates"), "dropped_by", "text", ("duplicate_of",), total.get("duplicates_by_stage")
        ),
        "quarantine": _examples(
            _files(root, "quarantine"), "error_code", "raw", ("error",), total.get("quarantined_by_reason")
        ),
    }


def _examples(
    files: list[Path], key: str, text_column: str, extra: tuple[str, ...], counts: dict[str, int] | None
) -> dict[str, list[dict[str, Any]]]:
    """The first five rows per ``key`` value, in output order, with a text snippet."""
    found: dict[str, list[dict[str, Any]]] = {}
    if not files:
        return found
    expected = {str(k): min(int(v), EXAMPLES_PER_REASON) for k, v in counts.items()} if counts else None
    columns = ["id", "source", key, text_column, *extra]
    for batch in _batches(files, columns):
        if expected is not None and all(len(found.get(k, ())) >= n for k, n in expected.items()):
            break
        for i, value in enumerate(batch.column(key).to_pylist()):
            bucket = found.setdefault(str(value), [])
            if len(bucket) >= EXAMPLES_PER_REASON:
                continue
            # Only the rows taken are converted, one at a time: not the batch's texts, nor
            # batch.take(pa.array(...)), as pa.array of a list imports pandas (0.3 s of CPU
            # in a run that has not loaded it) to look for pandas objects.
            row = batch.slice(i, 1).to_pylist()[0]
            example = {"id": row["id"], "source": row["source"], "snippet": _snippet(row[text_column])}
            example.update({name: row.get(name) for name in extra})
            bucket.append(example)
    return dict(sorted(found.items()))


def _batches(files: list[Path], columns: list[str]) -> Iterator[pa.RecordBatch]:
    for path in files:
        parquet = pq.ParquetFile(path)
        present = [c for c in columns if c in parquet.schema_arrow.names]
        yield from parquet.iter_batches(batch_size=4096, columns=present)


def _snippet(value: str | bytes | None) -> str:
    if value is None:
        return ""
    text = value.decode("utf-8", errors="replace") if isinstance(value, bytes) else value
    text = " ".join(text[: SNIPPET_CHARS * 2].split())
    return text if len(text) <= SNIPPET_CHARS else text[: SNIPPET_CHARS - 1].rstrip() + "…"
