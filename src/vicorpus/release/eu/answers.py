"""Building blocks of the EU training-content summary's answers: an answer with who
fills it, sizes per source, and the words the sections share."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from vicorpus.config.source import Source
from vicorpus.release.eu.template import FilledBy
from vicorpus.release.facts import TO_BE_FILLED, TO_BE_FILLED_BY_PROVIDER, RunFacts

TEXT = "Text"
NOT_APPLICABLE = "Not applicable: this dataset has no source of this kind."
# What each reader format holds, for the narrative descriptions.
FORMAT_WORDS: dict[str, str] = {
    "jsonl": "records from JSON Lines files",
    "parquet": "records from Parquet files",
    "csv": "records from CSV files",
    "text_files": "plain-text files, one document each",
    "warc": "web pages (main text extracted from WARC archives)",
    "html": "saved web pages (main text extracted)",
    "wikipedia": "Wikipedia articles (MediaWiki XML dump)",
    "documents": "office and PDF documents (DOCX, ODT, PDF, RTF)",
}


@dataclass
class Answer:
    """One field's answer; ``filled_by`` None keeps the template's default."""

    value: Any
    filled_by: FilledBy | None = None
    note: str | None = None


def maintainers(note: str) -> Answer:
    return Answer(TO_BE_FILLED, "maintainers", note)


def period_text(source: Source) -> str:
    period = source.collection_period
    if period is None:
        return "not stated"
    if period.end is None:
        return f"{period.start} – ongoing"
    return period.start if period.start == period.end else f"{period.start} – {period.end}"


def share(part: int, whole: int) -> float:
    return round(part / whole, 6) if whole else 0.0


class SourceSizes:
    """Kept documents and characters per source, and the dataset's totals."""

    def __init__(self, facts: RunFacts) -> None:
        self.by_source = {row["value"]: (int(row["docs"]), int(row["chars"])) for row in facts.stats.get("sources", [])}
        self.chars = sum(chars for _, chars in self.by_source.values())

    def docs_of(self, source: Source) -> int:
        return self.by_source.get(source.name, (0, 0))[0]

    def chars_of(self, source: Source) -> int:
        return self.by_source.get(source.name, (0, 0))[1]

    def row(self, source: Source) -> dict[str, Any]:
        """A source as a table row: what it is, how much of it was kept, under which terms."""
        return {
            "source": source.name,
            "content": FORMAT_WORDS.get(source.format, source.format),
            "documents": self.docs_of(source),
            "characters": self.chars_of(source),
            "share_of_dataset_characters": share(self.chars_of(source), self.chars),
            "license": source.license,
            "collection_period": period_text(source),
            "homepage": source.homepage or "not stated",
        }


def by_kind(facts: RunFacts) -> dict[str, list[Source]]:
    groups: dict[str, list[Source]] = {}
    for source in facts.sources:
        groups.setdefault(facts.kind_of(source), []).append(source)
    return groups


def provider(note: str | None = None) -> Answer:
    return Answer(TO_BE_FILLED_BY_PROVIDER, "provider", note)
