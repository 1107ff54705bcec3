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

from vicorpus.release.eu.markdown import render_eu_summary_markdown
from vicorpus.release.eu.sources import (
    TEXT,
    Answer,
    SourceSizes,
    by_kind,
    data_sources,
    maintainers,
    period_text,
    share,
)
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

JSON_FILE = "eu_training_content_summary.json"
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


def _provider(note: str | None = None) -> Answer:
    return Answer(TO_BE_FILLED_BY_PROVIDER, "provider", note)


# --- §0 and §1 ----------------------------------------------------------------------------


def _about(facts: RunFacts) -> dict[str, Answer]:
    return {
        "summary_version": _provider(f"This dataset's part describes release {facts.release.version}."),
        "last_update": _provider(
            f"This dataset's part was written at the end of the run finished {facts.finished_at}."
        ),
    }


def _provider_identification(facts: RunFacts) -> dict[str, Answer]:
    contact = f"Questions about the dataset: {facts.release.contact}." if facts.release.contact else None
    if facts.release.provider:
        named = Answer(facts.release.provider, "provider", "Taken from the pipeline's release.provider.")
    else:
        named = _provider(contact)
    return {"provider_name_contact": named, "authorised_representative": _provider()}


def _model_identification() -> dict[str, Answer]:
    return {
        "versioned_model_names": _provider(),
        "model_dependencies": _provider(),
        "placed_on_market": _provider(),
    }


def count_syllables(facts: RunFacts) -> tuple[int, str]:
    """Syllables of the kept text: the ``syllable_count`` column (quality_signals) where
    present, whitespace-separated tokens with a letter or digit elsewhere."""
    files = [facts.root / shard.path for shard in facts.kept_files]
    if not files:
        return 0, "no kept documents"
    counted = pl.col("text").str.count_matches(r"[^\s]*[\w][^\s]*").cast(pl.Int64)
    if "syllable_count" in pq.read_schema(files[0]).names:
        expression = pl.coalesce(pl.col("syllable_count").cast(pl.Int64), counted)
        how = "the syllable_count column (whitespace-separated tokens with a letter or digit)"
    else:
        expression, how = counted, "whitespace-separated tokens with a letter or digit, counted from the text"
    total = pl.scan_parquet(files).select(expression.sum()).collect(engine="streaming").item()
    return int(total or 0), how


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
    topics = facts.stats.get("labels", {}).get("topic", [])
    if topics:
        value["topics"] = _label_rows(topics, "topic")
    return Answer(value, note="The maintainers may say which kinds of text these are (news, fiction, forums, …).")


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
            value["languages_kept_by_filter"] = list(record.get("settings", {}).get("languages", []))
    if labels.get("dialect"):
        value["dialects"] = _label_rows(labels["dialect"], "dialect")
    return Answer(value, note="Languages as identified by the run's language stage, per kept document.")


def _other_characteristics(facts: RunFacts) -> Answer:
    value: dict[str, Any] = {
        "regional": "Vietnamese-language text"
        + (
            ", dialect labels under 'Linguistic characteristics'"
            if facts.stats.get("labels", {}).get("dialect")
            else ""
        ),
        "demographic": "Not known: the run records nothing about the authors.",
    }
    for record in facts.stages:
        if record["name"] == "normalize":
            style = record.get("settings", {}).get("tone_style", "old")
            value["normalisation"] = (
                "Unicode NFC; legacy Vietnamese encodings and mojibake repaired; tone marks placed in the "
                f"'{style}' style."
            )
    return Answer(value, note="The maintainers may add regional or demographic traits they know of.")


def _size_comments(facts: RunFacts) -> Answer:
    total = facts.ledger.get("total", {})
    return Answer(
        {
            "input_records": int(total.get("input", 0)),
            "kept": int(total.get("kept", 0)),
            "rejected": int(total.get("rejected", 0)),
            "duplicates": int(total.get("duplicates", 0)),
            "quarantined": int(total.get("quarantined", 0)),
            "measure": "Sizes are of the kept documents (after filtering and de-duplication).",
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


# --- §3 -----------------------------------------------------------------------------------


def _rejected(facts: RunFacts) -> dict[str, int]:
    return {str(k): int(v) for k, v in facts.ledger.get("total", {}).get("rejected_by_reason", {}).items()}


def _optout_measures(facts: RunFacts) -> Answer:
    stages = [record for record in facts.stages if record["name"] == "optout"]
    signals_found = facts.stats.get("optout", {})
    dropped = _rejected(facts).get("optout", 0)
    if stages:
        statement = (
            f"The optout stage dropped {dropped:,} document(s) whose page or server reserved its rights "
            "against text and data mining or AI training."
        )
    else:
        carried = sum(int(counts.get("kept", 0)) for counts in signals_found.values())
        statement = "No optout stage ran: no opt-out was honoured by this run" + (
            f"; {carried:,} kept document(s) carry an opt-out signal." if carried else "."
        )
    crawled = by_kind(facts).get("crawled", [])
    value: dict[str, Any] = {
        "statement": statement,
        "optout_stage_ran": bool(stages),
        "signals_honoured": sorted({s for r in stages for s in r.get("settings", {}).get("signals", [])}),
        "robots_txt_snapshots": [
            r["settings"]["robots_file"] for r in stages if r.get("settings", {}).get("robots_file")
        ],
        "documents_dropped_for_optout": dropped,
        "documents_dropped_by_source": [
            {"source": name, "documents": int(counts.get("rejected_by_reason", {}).get("optout", 0))}
            for name, counts in sorted(facts.ledger.get("sources", {}).items())
        ],
        "documents_carrying_signals": [
            {"signal": signal} | {bucket: int(count) for bucket, count in counts.items()}
            for signal, counts in signals_found.items()
        ],
        "crawlers_and_robots_txt": [
            {"source": s.name, "respects_robots_txt": s.crawler.respects_robots_txt if s.crawler else None}
            for s in crawled
        ],
        "legal_basis_by_source": [
            {"source": s.name, "legal_basis": s.legal_basis or "not stated"} for s in facts.sources
        ],
    }
    return Answer(value, note="Measures of this dataset's preparation; the provider adds its own.")


# What each stage that acts on unlawful or harmful content does, in a sentence.
ILLEGAL_CONTENT_STAGES: dict[str, tuple[str, tuple[str, ...]]] = {
    "spam_filter": ("drops gambling and betting, adult, instant-loan and keyword-stuffed pages", ("spam_",)),
    "sensitive_filter": ("drops medical records and bank statements", ("sensitive_",)),
    "redact_pii": (
        "replaces personal data (phones, e-mails, ID and tax numbers, cards, accounts, plates, IP addresses) by "
        "placeholders; with drop_density set, drops documents dense with it",
        ("pii_dense",),
    ),
}
NOT_COVERED = (
    "No stage detects child sexual abuse material, terrorist content, hate speech, defamation or copyright "
    "infringement; the filters match Vietnamese text patterns and miss what they were not written for."
)


def _illegal_content(facts: RunFacts) -> Answer:
    rejected = _rejected(facts)
    rows = []
    for record in facts.stages:
        if record["name"] not in ILLEGAL_CONTENT_STAGES:
            continue
        words, prefixes = ILLEGAL_CONTENT_STAGES[record["name"]]
        drops = {reason: n for reason, n in sorted(rejected.items()) if reason.startswith(prefixes)}
        row = {
            "stage": record["label"],
            "what_it_does": words,
            "documents_dropped": ", ".join(f"{reason}: {n:,}" for reason, n in drops.items()) or "none",
        }
        if record["name"] == "redact_pii":
            spans = {k: int(v) for k, v in record.get("counters", {}).items() if k.startswith("pii_") and v}
            row["spans_redacted"] = ", ".join(f"{k.removeprefix('pii_')}: {n:,}" for k, n in sorted(spans.items()))
        rows.append(row)
    statement = (
        "Stages of this run that remove unlawful or harmful content, or redact personal data:"
        if rows
        else "No stage of this run acts on illegal or harmful content."
    )
    return Answer(
        {"statement": statement, "stages": rows, "not_covered": NOT_COVERED},
        note="Measures of this dataset's preparation; the provider adds its own.",
    )


def _other_processing(facts: RunFacts) -> Answer:
    total = facts.ledger.get("total", {})
    return Answer(
        {
            "pipeline_stages": [record["label"] for record in facts.stages],
            "rejected_by_reason": [{"reason": r, "documents": n} for r, n in sorted(_rejected(facts).items())],
            "duplicates_by_stage": [
                {"stage": s, "documents": int(n)} for s, n in sorted(total.get("duplicates_by_stage", {}).items())
            ],
            "quarantined": int(total.get("quarantined", 0)),
            "ledger": "Every input record is accounted for in ledger.json (kept, rejected, duplicate or quarantined).",
        }
    )


def _processing(facts: RunFacts) -> dict[str, dict[str, Answer]]:
    return {
        "3.1": {
            "code_of_practice_signatory": _provider(),
            "measures": _optout_measures(facts),
            "additional_comments": _provider("The provider may summarise its copyright policy here."),
        },
        "3.2": {"measures": _illegal_content(facts)},
        "3.3": {"other_information": _other_processing(facts)},
    }


# --- assembly -----------------------------------------------------------------------------


def build_eu_summary(facts: RunFacts) -> dict[str, Any]:
    answers: dict[str, dict[str, Answer]] = {
        "0": _about(facts),
        "1.1": _provider_identification(facts),
        "1.2": _model_identification(),
        "1.3": _general(facts),
        **data_sources(facts),
        **_processing(facts),
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
