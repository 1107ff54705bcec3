"""``eu_training_content_summary.json`` and ``.md``: the part of the EU public summary of
training content (:mod:`vicorpus.release.eu.template`) that one dataset can answer.

Every section and field of the template is present. What the run knows is filled from
its output folder; the model provider's fields carry ``TO_BE_FILLED_BY_PROVIDER`` and
what only the people who ran the pipeline know carries ``TO_BE_FILLED``. The model
builder merges this summary into the summary of the model trained on it.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import polars as pl
import pyarrow.parquet as pq

from vicorpus.release.corpus_stats import SYLLABLES_IN_TEXT
from vicorpus.release.eu.answers import TEXT, Answer, SourceSizes, maintainers, period_text, provider, share
from vicorpus.release.eu.markdown import JSON_FILE, render_eu_summary_markdown
from vicorpus.release.eu.processing import processing
from vicorpus.release.eu.sources import data_sources
from vicorpus.release.eu.template import (
    SECTIONS,
    TEMPLATE_REFERENCE,
    TEMPLATE_TITLE,
    TEMPLATE_URL,
    TEXT_SIZE_RANGES,
)
from vicorpus.release.facts import TO_BE_FILLED, TO_BE_FILLED_BY_PROVIDER, RunFacts
from vicorpus.release.writing import write_json_paper, write_text_paper

__all__ = ["build_eu_summary", "render_eu_summary_markdown", "write_eu_summary"]

MARKDOWN_FILE = "eu_training_content_summary.md"

# Tokens per Vietnamese syllable with common BPE tokenizers: a rough range, not a
# measurement of the model's tokenizer (it depends on how much Vietnamese its vocabulary
# holds); the provider replaces the estimate with its own tokenizer's count.
TOKENS_PER_SYLLABLE = (1.3, 1.5)
# The 24 official languages of the EU (ISO 639-1): the template asks which are covered.
EU_OFFICIAL_LANGUAGES = frozenset(
    {"bg", "cs", "da", "de", "el", "en", "es", "et", "fi", "fr", "ga", "hr"}
    | {"hu", "it", "lt", "lv", "mt", "nl", "pl", "pt", "ro", "sk", "sl", "sv"}
)
HOW_TO_USE = (
    "This summary covers one dataset, prepared by vicorpus, not a model. The provider of a general-purpose AI "
    "model trained on it merges it into the model's own summary: fields marked 'provider' are the provider's "
    "to answer, fields marked 'maintainers' are for the people who ran the pipeline, and the run's answers "
    "(sizes, domain lists, shares) cover this dataset only and are recomputed over all the model's training data."
)


# --- §0 and §1 ----------------------------------------------------------------------------


def _about(facts: RunFacts) -> dict[str, Answer]:
    return {
        "summary_version": provider(f"This dataset's part describes release {facts.release.version}."),
        "last_update": provider(f"This dataset's part was written at the end of the run finished {facts.finished_at}."),
    }


def _provider_identification(facts: RunFacts) -> dict[str, Answer]:
    contact = f"Questions about the dataset: {facts.release.contact}." if facts.release.contact else None
    if facts.release.provider:
        named = Answer(facts.release.provider, "provider", "Taken from the pipeline's release.provider.")
    else:
        named = provider(contact)
    return {"provider_name_contact": named, "authorised_representative": provider()}


def _model_identification() -> dict[str, Answer]:
    return {
        "versioned_model_names": provider(),
        "model_dependencies": provider(),
        "placed_on_market": provider(),
    }


def count_syllables(facts: RunFacts) -> tuple[int, str]:
    """Syllables of the kept text: the ``syllable_count`` column (quality_signals) where
    present, whitespace-separated tokens with a letter or digit elsewhere. Counted with
    the other statistics in their one scan of the shards (``stats["syllables"]``), here
    only for a folder whose shards differ in those columns."""
    files = [facts.root / shard.path for shard in facts.kept_files]
    if not files:
        return 0, "no kept documents"
    counted = facts.stats.get("syllables") or _count_in_shards(files)
    if not counted["from_column"]:
        return int(counted["total"]), "whitespace-separated tokens with a letter or digit, counted from the text"
    return int(counted["total"]), "the syllable_count column (whitespace-separated tokens with a letter or digit)"


def _count_in_shards(files: list[Path]) -> dict[str, Any]:
    # A strict scan, as before the count joined the statistics: a shard without a column
    # the first shard has fails the count rather than reading nulls.
    shards = pl.scan_parquet(files)
    if "syllable_count" not in pq.read_schema(files[0]).names:
        total = shards.select(SYLLABLES_IN_TEXT.sum()).collect(engine="streaming").item()
        return {"total": int(total or 0), "from_column": False}
    # The text is counted only where the column is null (coalesce would count it everywhere).
    column = pl.col("syllable_count")
    present = shards.select(column.cast(pl.Int64).sum()).collect(engine="streaming").item()
    missing = shards.filter(column.is_null()).select(SYLLABLES_IN_TEXT.sum()).collect(engine="streaming").item()
    return {"total": int(present or 0) + int(missing or 0), "from_column": True}


def size_range(tokens: float) -> str:
    return next(label for limit, label in TEXT_SIZE_RANGES if tokens < limit)


def _size(facts: RunFacts) -> Answer:
    kept = facts.stats.get("kept", {})
    syllables, how = count_syllables(facts)
    low, high = (round(syllables * ratio) for ratio in TOKENS_PER_SYLLABLE)
    return Answer(
        {
            "modality": TEXT,
            "range": size_range(high),
            "documents": int(kept.get("docs", 0)),
            "characters": int(kept.get("chars", 0)),
            "utf8_bytes": int(kept.get("utf8_bytes", 0)),
            "syllables": syllables,
            "estimated_tokens_low": low,
            "estimated_tokens_high": high,
        },
        note=(
            f"Tokens are an estimate: syllables ({how}) times {TOKENS_PER_SYLLABLE[0]}–{TOKENS_PER_SYLLABLE[1]} "
            "tokens per syllable, a rough figure for common BPE tokenizers on Vietnamese; the range is chosen "
            "from the high estimate. The provider replaces it with its own tokenizer's count over all training data."
        ),
    )


def _types_of_content(facts: RunFacts, sizes: SourceSizes) -> Answer:
    rows = [sizes.row(source) | {"kind": source.kind or "not declared"} for source in facts.sources]
    value: dict[str, Any] = {
        "modality": TEXT,
        "description": facts.release.description or TO_BE_FILLED,
        "sources": rows,
    }
    note = "The maintainers may say which kinds of text these are (news, fiction, forums, …)."
    topics = facts.stats.get("labels", {}).get("domain_label", [])
    if topics:
        value["topics"] = _label_rows(topics, "topic")
        note += " Topics are the labels of the run's domain_label column, per kept document."
    return Answer(value, note=note)


def _latest_collection(facts: RunFacts) -> Answer:
    periods = [source.collection_period for source in facts.sources if source.collection_period]
    ends = [period.end for period in periods if period.end]
    ongoing = [source.name for source in facts.sources if source.collection_period and not source.collection_period.end]
    unknown = [source.name for source in facts.sources if not source.collection_period]
    dates = facts.stats.get("dates", {})
    value = {
        # "2024" as an end means the whole year: compare by the latest day it can mean.
        "latest_collection_date": max(ends, key=lambda end: end + "-99-99"[len(end) - 4 :]) if ends else None,
        "collection_ongoing": bool(ongoing),
        "ongoing_sources": ongoing,
        "sources_without_collection_period": unknown,
        "earliest_document_date": dates.get("min"),
        "latest_document_date": dates.get("max"),
        "documents_with_date": int(dates.get("docs_with_date", 0)),
    }
    note = "From the sources' collection periods; document dates are the dates the documents carry."
    if unknown:
        note += f" The maintainers add the collection period of {', '.join(unknown)}."
    return Answer(value, note=note)


def _label_rows(rows: list[dict[str, Any]], name: str) -> list[dict[str, Any]]:
    total = sum(int(row["chars"]) for row in rows)
    return [
        {
            name: row["value"],
            "documents": int(row["docs"]),
            "characters": int(row["chars"]),
            "share_of_characters": share(int(row["chars"]), total),
        }
        for row in rows
    ]


def _linguistic(facts: RunFacts) -> Answer:
    labels = facts.stats.get("labels", {})
    languages = labels.get("language", [])
    if not languages:
        return maintainers("No language stage ran: the run did not measure the languages of the text.")
    value: dict[str, Any] = {
        "languages": _label_rows(languages, "language"),
        "eu_official_languages": sorted({str(row["value"]) for row in languages} & EU_OFFICIAL_LANGUAGES),
    }
    for record in facts.stages:
        if record["name"] == "language_filter":
            value["languages_kept_by_filter"] = _languages(record)
    if labels.get("dialect"):
        value["dialects"] = _label_rows(labels["dialect"], "dialect")
    return Answer(value, note="Languages as identified by the run's language stage, per kept document.")


# How the normalize stage placed tone marks, per its tone_style setting.
TONE_WORDS: dict[str, str] = {
    "old": "tone marks placed in the old style (hòa, thủy)",
    "new": "tone marks placed in the new style (hoà, thuỷ)",
    "keep": "tone marks of open syllables kept as written, misplaced ones fixed",
}


def _other_characteristics(facts: RunFacts) -> Answer:
    kept = sorted({str(code) for r in facts.stages if r["name"] == "language_filter" for code in _languages(r)})
    if kept == ["vi"]:
        regional = "Vietnamese-language text (the language filter kept Vietnamese only)"
    elif kept:
        regional = f"Text in the languages the language filter kept: {', '.join(kept)}"
    else:
        regional = "No language filter ran: the text is in the languages the sources hold"
    if facts.stats.get("labels", {}).get("dialect"):
        regional += "; dialect labels under 'Linguistic characteristics'"
    value: dict[str, Any] = {
        "regional": regional,
        "demographic": "Not known: the run records nothing about the authors.",
    }
    for record in facts.stages:
        if record["name"] == "normalize":
            style = str(record.get("settings", {}).get("tone_style", "old"))
            value["normalisation"] = (
                "Unicode NFC; legacy Vietnamese encodings and mojibake repaired; "
                f"{TONE_WORDS.get(style, f'tone marks in the {style!r} style')}."
            )
    return Answer(value, note="The maintainers may add regional or demographic traits they know of.")


def _languages(record: dict[str, Any]) -> list[Any]:
    return list(record.get("settings", {}).get("languages", []))


def _size_comments(facts: RunFacts) -> Answer:
    total = facts.ledger.get("total", {})
    return Answer(
        {
            "input_records": int(total.get("input", 0)),
            "kept": int(total.get("kept", 0)),
            "rejected": int(total.get("rejected", 0)),
            "duplicates": int(total.get("duplicates", 0)),
            "quarantined": int(total.get("quarantined", 0)),
            "measure": "Sizes are of the kept documents, after the run's stages (listed under 3.3).",
        }
    )


def _general(facts: RunFacts) -> dict[str, Answer]:
    sizes = SourceSizes(facts)
    return {
        "modalities": Answer([TEXT], note="vicorpus prepares text only."),
        "training_data_size": _size(facts),
        "types_of_content": _types_of_content(facts, sizes),
        "latest_collection_date": _latest_collection(facts),
        "linguistic_characteristics": _linguistic(facts),
        "other_characteristics": _other_characteristics(facts),
        "additional_comments": _size_comments(facts),
    }


# --- assembly -----------------------------------------------------------------------------


def build_eu_summary(facts: RunFacts) -> dict[str, Any]:
    answers: dict[str, dict[str, Answer]] = {
        "0": _about(facts),
        "1.1": _provider_identification(facts),
        "1.2": _model_identification(),
        "1.3": _general(facts),
        **data_sources(facts),
        **processing(facts),
    }
    sections: dict[str, Any] = {}
    for section in SECTIONS:
        given = answers[section.id]
        if set(given) != set(section.field_keys):  # a builder out of step with the template
            raise AssertionError(f"§{section.id}: fields {sorted(given)} != template {sorted(section.field_keys)}")
        fields: dict[str, Any] = {}
        for field in section.fields:
            answer = given[field.key]
            entry: dict[str, Any] = {
                "label": field.label,
                "filled_by": answer.filled_by or field.filled_by,
                "optional": field.optional,
                "value": answer.value,
            }
            if answer.note:
                entry["note"] = answer.note
            fields[field.key] = entry
        sections[section.id] = {"title": section.title, "fields": fields}
    release = facts.release
    return {
        "template": {"title": TEMPLATE_TITLE, "reference": TEMPLATE_REFERENCE, "url": TEMPLATE_URL},
        "dataset": {
            "name": facts.name,
            "pretty_name": facts.pretty_name,
            "version": release.version,
            "url": release.url or TO_BE_FILLED,
            "contact": release.contact or TO_BE_FILLED,
            "run_finished_at": facts.finished_at,
            "collection_periods": [{"source": s.name, "collection_period": period_text(s)} for s in facts.sources],
        },
        "how_to_use": HOW_TO_USE,
        "placeholders": {"provider": TO_BE_FILLED_BY_PROVIDER, "maintainers": TO_BE_FILLED},
        "sections": sections,
    }


def write_eu_summary(facts: RunFacts) -> list[Path]:
    """``eu_training_content_summary.json`` and ``.md`` in the run's folder, each written
    under a temporary name and renamed."""
    summary = build_eu_summary(facts)
    return [
        write_json_paper(facts.root / JSON_FILE, summary),
        write_text_paper(facts.root / MARKDOWN_FILE, render_eu_summary_markdown(summary)),
    ]
