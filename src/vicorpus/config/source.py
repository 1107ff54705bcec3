"""Configuration of one input source."""

from __future__ import annotations

from typing import Literal

from pydantic import BaseModel, ConfigDict, Field, field_validator, model_validator

from vicorpus.config.governance import CollectionPeriod, Crawler, SourceKind
from vicorpus.config.licenses import normalize_license

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
    license: str = Field(
        "NOASSERTION",
        min_length=1,
        description=(
            "SPDX licence expression of the source's documents (a page's own <link rel=license> wins); "
            "NOASSERTION when unknown, LicenseRef-<name> for licences outside the SPDX list."
        ),
    )
    # --- governance: fills the release papers, changes no processing ---------------------
    kind: SourceKind | None = Field(
        None,
        description=(
            "public_dataset | private_licensed | private_other | crawled | user | synthetic | other "
            "(the EU training-content summary's categories)."
        ),
    )
    homepage: str | None = Field(None, description="Where the source is described or can be obtained.")
    redistributable: bool | None = Field(
        None, description="May the documents be published in a dataset release? null = not assessed."
    )
    collection_period: CollectionPeriod | None = Field(None, description="{start, end}: when it was collected.")
    crawler: Crawler | None = Field(
        None, description="crawled sources: {name, user_agent, purpose, respects_robots_txt, behaviour}."
    )
    legal_basis: str | None = Field(
        None, description="Free text: why you may use it (licence, TDM exception, contract, consent…)."
    )
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

    @field_validator("license")
    @classmethod
    def _spdx(cls, value: str) -> str:
        return normalize_license(value)

    @model_validator(mode="after")
    def _crawler_only_for_crawled(self) -> Source:
        if self.crawler is not None and self.kind not in (None, "crawled"):
            raise ValueError(f"crawler is set but kind is '{self.kind}': crawler details belong to kind: crawled")
        return self

    @property
    def effective_encoding(self) -> str:
        if self.encoding is not None:
            return self.encoding
        return "auto" if self.format == "text_files" else "utf-8"
