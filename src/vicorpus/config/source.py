"""Configuration of one input source."""

from __future__ import annotations

from typing import Literal

from pydantic import BaseModel, ConfigDict, Field

SourceFormat = Literal["jsonl", "parquet", "csv", "text_files", "warc", "html", "wikipedia", "documents"]
SOURCE_FORMATS: tuple[str, ...] = ("jsonl", "parquet", "csv", "text_files", "warc", "html", "wikipedia", "documents")
# Formats whose files are read whole, many files per task (one document per file).
FILE_PER_DOCUMENT_FORMATS: tuple[str, ...] = ("text_files", "html", "documents")
SourceEncoding = Literal["utf-8", "auto", "utf-16", "cp1258", "tcvn3", "vni", "viscii", "vps", "viqr"]


class Source(BaseModel):
    """One input source: a set of files in one format, with one licence."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    name: str = Field(
        pattern=r"^[A-Za-z0-9][A-Za-z0-9_.-]*$",
        description="Unique name; part of every record id, so keep it stable.",
    )
    format: SourceFormat = Field(
        description=(
            "jsonl | parquet | csv | text_files | warc (.warc, .warc.gz: response records → main text) | "
            "html (saved pages) | wikipedia (MediaWiki XML dumps, .xml or .xml.bz2) | documents (DOCX, ODT, PDF, RTF)"
        )
    )
    path: str = Field(
        min_length=1,
        description=(
            "File, folder or glob (** allowed). Relative paths are relative to the "
            "pipeline file's folder. JSONL may be .gz, .zst or .xz compressed."
        ),
    )
    text_field: str = Field("text", min_length=1, description="Column or key holding the text.")
    url_field: str | None = Field("url", description="Column or key holding the URL, if any.")
    date_field: str | None = Field("date", description="Column or key holding the date, if any.")
    keep_fields: tuple[str, ...] = Field(
        (), description="Other columns or keys to keep, as a JSON object in `metadata`."
    )
    license: str = Field("NOASSERTION", min_length=1, description="SPDX licence expression of the source.")
    encoding: SourceEncoding | None = Field(
        None,
        description=(
            "Text encoding: utf-8 (records with invalid UTF-8 are quarantined), auto "
            "(detect legacy Vietnamese encodings), or a name: utf-16, cp1258, tcvn3, vni, "
            "viscii, vps, viqr. Default: auto for text_files, utf-8 otherwise. UTF-8 and "
            "UTF-16 byte-order marks are always honoured."
        ),
    )
    csv_delimiter: str = Field(",", min_length=1, max_length=1, description="CSV field separator.")
    time_limit_seconds: float = Field(
        60.0,
        ge=0,
        description="warc, html, documents: time limit per document's extraction, in seconds (0: none).",
    )
    html_extractor: Literal["trafilatura", "resiliparse"] = Field(
        "trafilatura",
        description="warc and html: main-text extractor (measured in bench/README.md).",
    )

    @property
    def effective_encoding(self) -> str:
        if self.encoding is not None:
            return self.encoding
        return "auto" if self.format == "text_files" else "utf-8"
