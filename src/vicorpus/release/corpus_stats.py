"""Statistics of a finished run's shards, for the release papers and the report.

Everything is computed from the output folder with bounded memory: Polars' streaming
engine for the aggregates (group sizes: licences, sources, domains, histogram bins) and
a row-group walk for the five example snippets per drop reason. Only the columns a
statistic needs are read.
"""

from __future__ import annotations

from collections.abc import Iterator
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
    kept = _files(root, "kept")
    rejected = _files(root, "rejected")
    duplicates = _files(root, "duplicates")
    kept_columns = _columns(kept)
    dropped_columns = _columns(rejected) | _columns(duplicates)
    stats: dict[str, Any] = {
        "kept": _totals(kept),
        "sources": _grouped(kept, "source"),
        "licenses": _grouped(kept, "license"),
        "source_licenses": _source_licenses(kept),
        "domains": _domains(kept, None if "domain" in kept_columns else ()),
        "crawled_domains": _domains(kept, crawled_sources if "domain" in kept_columns else ()),
        "dates": _dates(kept) if "date" in kept_columns else {"min": None, "max": None, "docs_with_date": 0},
        "histograms": _histograms(kept, rejected, kept_columns & _columns(rejected) or kept_columns, thresholds),
        "examples": {
            "rejected": _examples(rejected, "drop_reason", "text", ("dropped_by",), total.get("rejected_by_reason")),
            "duplicates": _examples(
                duplicates, "dropped_by", "text", ("duplicate_of",), total.get("duplicates_by_stage")
            ),
            "quarantine": _examples(
                _files(root, "quarantine"), "error_code", "raw", ("error",), total.get("quarantined_by_reason")
            ),
        },
        "cluster_sizes": _cluster_sizes(kept) if "minhash_cluster_size" in kept_columns else [],
        "labels": {column: _grouped(kept, column) for column in LABEL_COLUMNS if column in kept_columns},
        "optout": _optout(kept, rejected, duplicates, kept_columns | dropped_columns),
        "pii": _pii(kept, sorted(c for c in kept_columns if c.startswith("pii_"))),
    }
    return stats


# --- shards -----------------------------------------------------------------------------


def _files(root: Path, bucket: str) -> list[Path]:
    return sorted((root / bucket).glob("*.parquet"))


def _columns(files: list[Path]) -> set[str]:
    """Columns of any shard (shards of one run share a schema; hand-assembled folders may not)."""
    names: set[str] = set()
    for path in files:
        names.update(pq.read_schema(path).names)
    return names


def _scan(files: list[Path]) -> pl.LazyFrame:
    # A shard without a column another has reads it as nulls rather than failing.
    return pl.scan_parquet(files, missing_columns="insert")


def _collect(frame: pl.LazyFrame) -> pl.DataFrame:
    return frame.collect(engine="streaming")


CHARS = pl.col("text").str.len_chars()


# --- totals and groups ------------------------------------------------------------------


def _totals(files: list[Path]) -> dict[str, int]:
    if not files:
        return {"docs": 0, "chars": 0, "utf8_bytes": 0, "parquet_bytes": 0}
    row = _collect(
        _scan(files).select(pl.len().alias("docs"), CHARS.sum().alias("chars"), pl.col("text").str.len_bytes().sum())
    ).row(0)
    return {
        "docs": int(row[0]),
        "chars": int(row[1] or 0),
        "utf8_bytes": int(row[2] or 0),
        "parquet_bytes": sum(path.stat().st_size for path in files),
    }


def _grouped(files: list[Path], column: str) -> list[dict[str, Any]]:
    """Documents and characters per value of ``column``, largest first (ties by value)."""
    if not files:
        return []
    frame = _collect(_scan(files).group_by(column).agg(pl.len().alias("docs"), CHARS.sum().alias("chars"))).sort(
        ["chars", column], descending=[True, False], nulls_last=True
    )
    return [{"value": value, "docs": int(docs), "chars": int(chars or 0)} for value, docs, chars in frame.iter_rows()]


def _source_licenses(files: list[Path]) -> list[dict[str, Any]]:
    """Documents and characters per (source, licence): a page's own licence can differ
    from its source's default."""
    if not files:
        return []
    frame = _collect(
        _scan(files).group_by("source", "license").agg(pl.len().alias("docs"), CHARS.sum().alias("chars"))
    ).sort(["source", "chars", "license"], descending=[False, True, False])
    return [
        {"source": source, "license": license, "docs": int(docs), "chars": int(chars or 0)}
        for source, license, docs, chars in frame.iter_rows()
    ]


def _pii(files: list[Path], columns: list[str]) -> dict[str, dict[str, int]]:
    """Per PII kind: kept documents that had such spans redacted, and the spans."""
    if not files or not columns:
        return {}
    aggregates = []
    for column in columns:
        aggregates += [
            (pl.col(column) > 0).sum().alias(f"{column}:docs"),
            pl.col(column).sum().alias(f"{column}:spans"),
        ]
    aggregates.append((pl.sum_horizontal(columns) > 0).sum().alias("any:docs"))
    row = _collect(_scan(files).select(aggregates)).to_dicts()[0]
    result = {
        column.removeprefix("pii_"): {
            "docs": int(row[f"{column}:docs"] or 0),
            "spans": int(row[f"{column}:spans"] or 0),
        }
        for column in columns
    }
    result["any"] = {"docs": int(row["any:docs"] or 0), "spans": sum(v["spans"] for v in result.values())}
    return result


def _domains(files: list[Path], sources: tuple[str, ...] | None) -> dict[str, Any]:
    """Distinct domains and their totals; by name only the largest ``max(ceil(n/10), 20)``
    (a crawl has millions of domains: their table stays in Polars, not in Python)."""
    empty = {"distinct": 0, "docs_with_domain": 0, "chars_with_domain": 0, "ranked": []}
    if not files or sources == ():
        return empty
    scan = _scan(files).filter(pl.col("domain").is_not_null())
    if sources is not None:
        scan = scan.filter(pl.col("source").is_in(list(sources)))
    frame = _collect(scan.group_by("domain").agg(pl.len().alias("docs"), CHARS.sum().alias("chars")))
    if frame.height == 0:
        return empty
    keep = max(-(-frame.height // 10), TOP_DOMAINS_MIN)
    top = frame.sort(["chars", "domain"], descending=[True, False]).head(keep)
    return {
        "distinct": frame.height,
        "docs_with_domain": int(frame["docs"].sum()),
        "chars_with_domain": int(frame["chars"].sum() or 0),
        "ranked": [
            {"value": value, "docs": int(docs), "chars": int(chars or 0)} for value, docs, chars in top.iter_rows()
        ],
    }


def _dates(files: list[Path]) -> dict[str, Any]:
    # Dates are strings as the sources wrote them; ISO dates sort correctly, and the
    # first ten characters are the day.
    day = pl.col("date").str.slice(0, 10)
    row = _collect(
        _scan(files)
        .filter(pl.col("date").str.contains(r"^\d{4}-\d{2}-\d{2}"))
        .select(day.min().alias("min"), day.max().alias("max"), pl.len().alias("n"))
    ).row(0)
    return {"min": row[0], "max": row[1], "docs_with_date": int(row[2])}


def _cluster_sizes(files: list[Path]) -> list[dict[str, int]]:
    """How many kept documents stand for a near-duplicate cluster of each size."""
    frame = _collect(
        _scan(files).filter(pl.col("minhash_cluster_size").is_not_null()).group_by("minhash_cluster_size").len()
    ).sort("minhash_cluster_size")
    return [{"size": int(size), "clusters": int(count)} for size, count in frame.iter_rows()]


def _optout(
    kept: list[Path], rejected: list[Path], duplicates: list[Path], columns: set[str]
) -> dict[str, dict[str, int]]:
    """Documents carrying each opt-out signal (the ``optout`` column), per output bucket."""
    signals: dict[str, dict[str, int]] = {}
    if "optout" not in columns:
        return signals
    for bucket, files in (("kept", kept), ("rejected", rejected), ("duplicates", duplicates)):
        if not files or "optout" not in _columns(files):
            continue
        frame = _collect(
            _scan(files)
            .select(pl.col("optout").str.split(",").alias("signal"))
            .explode("signal")
            .filter(pl.col("signal").is_not_null() & (pl.col("signal") != ""))
            .group_by("signal")
            .len()
        )
        for signal, count in frame.iter_rows():
            signals.setdefault(signal, {"kept": 0, "rejected": 0, "duplicates": 0})[bucket] = int(count)
    return dict(sorted(signals.items()))


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
    kept: list[Path],
    rejected: list[Path],
    columns: set[str],
    thresholds: dict[str, list[dict[str, Any]]],
) -> dict[str, dict[str, Any]]:
    drawn = [c for c in ALWAYS_DRAWN if c in columns or c == "char_count"]
    drawn += sorted(c for c in thresholds if c in columns and c not in drawn)
    histograms: dict[str, dict[str, Any]] = {}
    counts = {bucket: _bin_counts(files, drawn, columns) for bucket, files in (("kept", kept), ("rejected", rejected))}
    for column in drawn:
        edges = bin_edges(column)
        bins = len(edges) - 1
        entry: dict[str, Any] = {"edges": edges, "scale": "linear" if is_linear(column) else "log"}
        for bucket in ("kept", "rejected"):
            row = [0] * bins
            for index, count in counts[bucket].get(column, {}).items():
                row[min(max(index, 0), bins - 1)] += count
            entry[bucket] = row
        entry["thresholds"] = thresholds.get(column, [])
        histograms[column] = entry
    return histograms


def _bin_counts(files: list[Path], drawn: list[str], columns: set[str]) -> dict[str, dict[int, int]]:
    if not files or not drawn:
        return {}
    present = _columns(files)
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
        return {}
    frame = _collect(
        _scan(files)
        .select(expressions)
        .unpivot(variable_name="metric", value_name="bin")
        .drop_nulls("bin")
        .group_by("metric", "bin")
        .len()
    )
    result: dict[str, dict[int, int]] = {}
    for metric, index, count in frame.iter_rows():
        result.setdefault(metric, {})[int(index)] = int(count)
    return result


# --- examples ---------------------------------------------------------------------------


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
        keys = batch.column(key).to_pylist()
        wanted = [i for i, value in enumerate(keys) if len(found.get(str(value), ())) < EXAMPLES_PER_REASON]
        if not wanted:
            continue
        rows = batch.take(pa.array(wanted)).to_pylist()
        for row in rows:
            bucket = found.setdefault(str(row[key]), [])
            if len(bucket) >= EXAMPLES_PER_REASON:
                continue
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
