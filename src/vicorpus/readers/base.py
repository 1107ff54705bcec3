"""What every reader shares: tasks, limits, and the batch builder that validates records.

Every record a reader meets ends as exactly one document row or one quarantine row;
nothing is skipped silently. Quarantine reasons are stable codes:

``malformed_json``, ``invalid_utf8``, ``invalid_utf16``, ``not_an_object``,
``missing_text_field``, ``null_text``, ``text_not_string``, ``record_too_large``,
``ragged_row``, ``malformed_csv``, ``binary_content``, ``truncated_stream``,
``unreadable_file``, ``unwritable_metadata``; web and document sources add their own (``not_html``,
``truncated_record``, ``extraction_failed``, ``extraction_timeout``, ``redirect``,
``non_article``, ``missing_text``, ``malformed_xml``, ``malformed_document``,
``unsupported_format``, ``encrypted``, ``too_large_when_unpacked``).
A record's ``raw_size`` excludes its line ending.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any

import numpy as np
import orjson
import polars as pl

from vicorpus.config.source import Source
from vicorpus.readers.encoded_text import EncodedTexts
from vicorpus.schema import CORE_SCHEMA, WEB_COLUMNS, record_id
from vicorpus.web.domains import registrable_domain

# Quarantine codes of records that are not documents by design — a crawl's images and
# redirects, a page without main text, a wiki's redirects and talk pages. They are counted
# and kept like the others, but they are not bad input: max_bad_fraction ignores them.
NOT_A_DOCUMENT = frozenset({"not_html", "not_ok_status", "no_main_text", "redirect", "non_article", "missing_text"})

# Raw bytes kept with a quarantined record, at most: enough to see what went wrong
# without letting one 200 MB line bloat the quarantine shard.
QUARANTINE_RAW_LIMIT = 1024 * 1024


class UnwritableMetadata(ValueError):
    """A record's ``keep_fields`` cannot be written as JSON (nested too deep): the record
    is quarantined as ``unwritable_metadata``, never the run stopped."""


@dataclass(frozen=True)
class ReadTask:
    """One unit of reading work; its index fixes the order of everything it produces."""

    index: int
    source_index: int
    path: str = ""  # absolute path of the file (unused for text_files)
    relpath: str = ""  # path relative to the source's base folder, used in ids
    start: int = 0  # byte offset (plain JSONL) or first row group (Parquet)
    end: int | None = None  # exclusive; None = to the end
    files: tuple[tuple[str, str], ...] = ()  # text_files: (absolute, relative) pairs
    size: int = 0  # bytes of input this task covers, for progress and planning


@dataclass(frozen=True)
class ReadLimits:
    batch_size: int
    batch_bytes: int
    max_record_bytes: int


@dataclass
class ReadBatch:
    docs: pl.DataFrame
    quarantine: list[dict[str, Any]]
    empty_files: int = 0


@dataclass
class BatchBuilder:
    """Collects valid documents and quarantined records into bounded batches."""

    source: Source
    limits: ReadLimits
    _columns: dict[str, list[str | None]] = field(default_factory=dict)
    _quarantine: list[dict[str, Any]] = field(default_factory=list)
    _bytes: int = 0
    empty_files: int = 0
    # Texts a reader wrote as UTF-8 (``add_encoded_document``); their rows of
    # ``_columns["text"]`` hold None until ``flush`` puts them in.
    encoded_texts: EncodedTexts = field(default_factory=EncodedTexts)
    # Set by a reader that writes most texts as UTF-8: ``add_document`` then encodes its
    # str texts into ``encoded_texts`` too, so that ``flush`` takes the column whole
    # instead of scattering the encoded texts among the others (0.022 s of the
    # benchmark's 0.2 s read, its 4,896 short lines taking the exact path).
    texts_as_utf8: bool = False
    # Web values (``add_document(web=...)``) by batch row; the web columns are null
    # elsewhere. Kept aside, not appended per row: most sources have none.
    _web: list[tuple[int, tuple[str | None, ...]]] = field(default_factory=list)

    def __post_init__(self) -> None:
        self._columns = _empty_columns()

    # --- adding -----------------------------------------------------------------

    def add_record(self, record: Mapping[str, Any], locator: str, raw: bytes) -> None:
        """Validate one parsed record (JSON object, CSV row, Parquet row)."""
        text_field = self.source.text_field
        if text_field not in record:
            self.quarantine(locator, "missing_text_field", f"no '{text_field}' field", raw)
            return
        text = record[text_field]
        if text is None:
            self.quarantine(locator, "null_text", f"'{text_field}' is null", raw)
            return
        if not isinstance(text, str):
            kind = type(text).__name__
            self.quarantine(locator, "text_not_string", f"'{text_field}' is a {kind}, not a string", raw)
            return
        try:
            url, date, metadata = self.record_fields(record)
        except UnwritableMetadata as error:
            self.quarantine(locator, "unwritable_metadata", str(error), raw)
            return
        self.add_document(text, locator, url=url, date=date, metadata=metadata)

    def record_fields(self, record: Mapping[str, Any]) -> tuple[str | None, str | None, str | None]:
        """A record's url, date and metadata (its keep_fields as sorted JSON) columns."""
        url = _as_text(record.get(self.source.url_field)) if self.source.url_field else None
        date = _as_text(record.get(self.source.date_field)) if self.source.date_field else None
        kept = {k: record[k] for k in self.source.keep_fields if k in record}
        try:
            metadata = orjson.dumps(kept, option=orjson.OPT_SORT_KEYS, default=str).decode() if kept else None
        except orjson.JSONEncodeError as error:  # nested deeper than orjson writes (254 levels)
            raise UnwritableMetadata(f"keep_fields cannot be written as the metadata column: {error}") from error
        return url, date, metadata

    def add_encoded_document(
        self, length: int, characters: int, locator: str, *, url: str | None, date: str | None, metadata: str | None
    ) -> None:
        """A document whose text the reader just wrote at ``encoded_texts.data[size:]``,
        ``length`` bytes of UTF-8 holding ``characters`` characters (``len`` of its str)."""
        self.encoded_texts.commit(length, len(self._columns["text"]))
        self._columns["text"].append(None)
        self._append_row(locator, url, date, metadata, None, None)
        self._bytes += characters

    def add_document(
        self,
        text: str,
        locator: str,
        *,
        url: str | None = None,
        date: str | None = None,
        metadata: str | None = None,
        web: Mapping[str, str | None] | None = None,
        license: str | None = None,
    ) -> None:
        """``web``: values of the web columns (``warc_record_id``, ``warc_payload_digest``,
        ``charset``, ``optout``); null when absent. ``license``: the document's own licence
        statement (SPDX), which wins over the source's default."""
        texts = self._columns["text"]
        if self.texts_as_utf8:
            try:
                encoded = text.encode()
            except UnicodeEncodeError:  # a lone surrogate: the str goes to the column as before
                texts.append(text)
            else:
                self.encoded_texts.append(encoded, len(texts))
                texts.append(None)
        else:
            texts.append(text)
        self._append_row(locator, url, date, metadata, web, license)
        self._bytes += len(text)

    def _append_row(
        self,
        locator: str,
        url: str | None,
        date: str | None,
        metadata: str | None,
        web: Mapping[str, str | None] | None,
        license: str | None,
    ) -> None:
        """Every column of a document but its text, and but those ``flush`` fills:
        ``source`` (one value), ``domain`` (from ``url``, vectorized) and the web columns."""
        columns = self._columns
        if web:
            self._web.append((len(columns["id"]), tuple(web.get(name) for name in WEB_COLUMNS)))
        columns["id"].append(record_id(self.source.name, locator))
        columns["url"].append(url)
        columns["origin"].append(locator)
        columns["license"].append(license or self.source.license)
        columns["date"].append(date)
        columns["metadata"].append(metadata)

    def quarantine(self, locator: str, code: str, error: str, raw: bytes) -> None:
        self._quarantine.append(
            {
                "id": record_id(self.source.name, locator),
                "source": self.source.name,
                "origin": locator,
                "error_code": code,
                "error": error,
                "raw": raw[:QUARANTINE_RAW_LIMIT],
                "raw_size": len(raw),
                "raw_truncated": len(raw) > QUARANTINE_RAW_LIMIT,
            }
        )
        self._bytes += min(len(raw), QUARANTINE_RAW_LIMIT)

    def quarantine_oversized(self, locator: str, size: int, head: bytes) -> None:
        """A record over ``max_record_bytes``: keep its head, record its full size."""
        entry_error = f"record of {size} bytes exceeds max_record_bytes={self.limits.max_record_bytes}"
        self.quarantine(locator, "record_too_large", entry_error, head)
        last = self._quarantine[-1]
        last["raw_size"] = size
        last["raw_truncated"] = size > len(last["raw"])

    # --- batching ---------------------------------------------------------------

    @property
    def pending(self) -> int:
        return len(self._columns["id"]) + len(self._quarantine)

    def full(self) -> bool:
        return self.pending >= self.limits.batch_size or self._bytes >= self.limits.batch_bytes

    def flush(self) -> ReadBatch:
        rows = len(self._columns["id"])
        columns: dict[str, Any] = {**self._columns, "source": [self.source.name] * rows, "domain": [None] * rows}
        for index, name in enumerate(WEB_COLUMNS):
            values: list[str | None] = [None] * rows
            for row, web in self._web:
                values[row] = web[index]
            columns[name] = values
        if self.encoded_texts:
            columns["text"] = self._merged_texts()
        docs = pl.DataFrame({name: columns[name] for name in CORE_SCHEMA}, schema=CORE_SCHEMA)
        batch = ReadBatch(
            docs=docs.with_columns(host_column(pl.col("url")).alias("domain")),
            quarantine=self._quarantine,
            empty_files=self.empty_files,
        )
        self._columns = _empty_columns()
        self._web = []
        self._quarantine = []
        self._bytes = 0
        self.empty_files = 0
        return batch

    def _merged_texts(self) -> pl.Series:
        """The text column: the encoded texts put in their rows among the others."""
        rows = self.encoded_texts.rows
        texts = self._columns["text"]
        if len(rows) == len(texts):
            return self.encoded_texts.take()
        merged = pl.Series("text", texts, dtype=pl.String)
        return merged.scatter(np.frombuffer(rows, dtype=np.int64), self.encoded_texts.take())


def _empty_columns() -> dict[str, list[str | None]]:
    """The columns appended row by row (see ``BatchBuilder._append_row``)."""
    return {name: [] for name in CORE_SCHEMA if name not in ("source", "domain", *WEB_COLUMNS)}


def _as_text(value: Any) -> str | None:
    if value is None or isinstance(value, (dict, list)):
        return None
    return value if isinstance(value, str) else str(value)


# [scheme:]//[userinfo@]host — the host, as urllib.parse.urlsplit(...).hostname finds it.
_HOST_PATTERN = r"^(?:[A-Za-z][A-Za-z0-9+.\-]*:)?//(?:[^@/?#]*@)?(\[[^\]/?#]*\]|[^:/?#]*)"


def host_column(url: pl.Expr) -> pl.Expr:
    """Registrable domain of a URL's host ("https://m.vnexpress.net/x" → "vnexpress.net";
    see ``vicorpus.web.domains``), lower-cased; null without a host."""
    raw = url.str.extract(_HOST_PATTERN, 1).str.to_lowercase()
    # A host is letters (IDN included), digits, dots and hyphens, or a bracketed IPv6
    # address; anything else ("<img …>.vn") is no host and must not reach the papers.
    valid = raw.str.contains(r"^[\w.\-]+$|^\[[0-9a-f:.]+\]$")
    host = raw.str.strip_chars("[]")
    host = pl.when((host.str.len_bytes() > 0) & valid).then(host).otherwise(None)
    # One Public Suffix List lookup per distinct host of the batch.
    return host.map_elements(registrable_domain, return_dtype=pl.String, skip_nulls=True)
