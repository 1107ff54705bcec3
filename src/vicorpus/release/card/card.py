"""``README.md``: the Hugging Face dataset card of the output folder.

YAML front matter with the Hub's dataset-card metadata (the keys documented in
https://github.com/huggingface/hub-docs/blob/main/datasetcard.md), then the seven
sections of "Datasheets for Datasets" (Gebru et al. 2021, https://arxiv.org/abs/1803.09010)
and the list of files in the folder. Everything is taken from the finished run; what only
a person knows is marked ``TO_BE_FILLED``. Composition and the run-fact sentences are in
:mod:`vicorpus.release.card.sections`; the other sections are here. Every value that comes
from documents or configuration is escaped for Markdown (``md``, ``code``, ``fenced``);
the front matter is written by ``yaml.safe_dump``.
"""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path
from typing import Any

import yaml

from vicorpus.config.source import Source
from vicorpus.release.card.hub_licenses import hub_license
from vicorpus.release.card.markdown import Md, bullets, code, fenced, md, plain_bullets, table
from vicorpus.release.card.sections import (
    bias_notes,
    composition,
    counts_table,
    ledger_table,
    limitation_notes,
    number,
    optout_note,
    pii_notes,
    settings_text,
    source_collection_text,
    stage_label,
    stage_name,
    stage_summary,
    unpublishable_sources,
    yes_no,
)
from vicorpus.release.facts import TO_BE_FILLED, RunFacts
from vicorpus.release.report.markup import stage_count
from vicorpus.release.writing import write_text_paper

CARD_FILE = "README.md"
KEPT_GLOB = "kept/*.parquet"

# The Hub's size buckets (``size_categories``), by number of rows: the upper bound of
# each and its label, as the Hub's dataset viewer writes them.
SIZE_CATEGORIES: tuple[tuple[int | None, str], ...] = (
    (1_000, "n<1K"),
    (10_000, "1K<n<10K"),
    (100_000, "10K<n<100K"),
    (1_000_000, "100K<n<1M"),
    (10_000_000, "1M<n<10M"),
    (100_000_000, "10M<n<100M"),
    (1_000_000_000, "100M<n<1B"),
    (10_000_000_000, "1B<n<10B"),
    (100_000_000_000, "10B<n<100B"),
    (1_000_000_000_000, "100B<n<1T"),
    (None, "n>1T"),
)

# How the texts came to be, in the Hub's ``language_creators`` words, per source kind.
_LANGUAGE_CREATORS = {"user": "crowdsourced", "synthetic": "machine-generated", "other": "other"}

# The other files a run writes next to the corpus, and what each tells a reader.
PAPERS: tuple[tuple[str, str], ...] = (
    ("croissant.json", "Croissant 1.1 metadata with the Responsible-AI extension (mlcroissant can load the corpus)"),
    ("eu_training_content_summary.json", "EU AI Act public summary of training content (machine-readable)"),
    ("eu_training_content_summary.md", "the same summary, for people"),
    ("licenses.json", "documents and characters per licence and per source; what may not be redistributed"),
    ("optouts.json", "which opt-out signals the run honoured and what it dropped for them"),
    ("pii.json", "personal data redacted, per kind, and documents dropped for it"),
    ("ledger.json", "where every input record ended: kept, rejected, duplicate or quarantined"),
    ("manifest.json", "the pipeline configuration, stage settings, inputs with digests, versions, timings"),
    ("report.html", "the run report: drop reasons with examples, histograms, thresholds"),
    ("rejected/", "documents dropped by a filter, with `drop_reason` and `dropped_by`"),
    ("duplicates/", "documents dropped as (near-)duplicates, with `duplicate_of`"),
    ("quarantine/", "input records that could not be read, with their raw bytes and the error"),
)


def size_category(rows: int) -> str:
    for bound, label in SIZE_CATEGORIES:
        if bound is None or rows < bound:
            return label
    raise AssertionError("unreachable: the last bucket has no bound")


def front_matter(facts: RunFacts) -> dict[str, Any]:
    """The card's metadata, in the Hub's keys and vocabulary."""
    expressions = [row["value"] for row in facts.stats.get("licenses", [])] or [s.license for s in facts.sources]
    licence = hub_license(expressions or ["NOASSERTION"])
    data: dict[str, Any] = {
        "pretty_name": facts.pretty_name,
        "language": ["vi"],
        "license": licence.ids[0] if len(licence.ids) == 1 else licence.ids,
    }
    if licence.other_name:
        data["license_name"] = licence.other_name
        data["license_link"] = licence.other_link
    annotated = any(record.get("kind") == "annotate" for record in facts.stages)
    data |= {
        "size_categories": [size_category(int(facts.stats.get("kept", {}).get("docs", 0)))],
        "task_categories": ["text-generation"],
        "task_ids": ["language-modeling"],
        "language_creators": _unique(_LANGUAGE_CREATORS.get(facts.kind_of(s), "found") for s in facts.sources)
        or ["found"],
        "annotations_creators": ["machine-generated" if annotated else "no-annotation"],
        "multilinguality": ["monolingual"],
        "source_datasets": _source_datasets(facts),
        "tags": _tags(facts),
        "configs": [{"config_name": "default", "data_files": [{"split": "train", "path": KEPT_GLOB}]}],
    }
    return data


def _source_datasets(facts: RunFacts) -> list[str]:
    # The Hub's convention: "original" for data first published here, "extended|<id>" for
    # data taken from a dataset on the Hub.
    values = []
    for source in facts.sources:
        homepage = source.homepage or ""
        marker = "huggingface.co/datasets/"
        if source.kind == "public_dataset" and marker in homepage:
            values.append("extended|" + homepage.split(marker, 1)[1].strip("/"))
        elif source.kind == "public_dataset":
            values.append("extended")
        else:
            values.append("original")
    return _unique(values) or ["original"]


def _tags(facts: RunFacts) -> list[str]:
    tags = ["vietnamese", "pretraining", "vicorpus"]
    if any(source.kind == "crawled" for source in facts.sources):
        tags.append("web-crawl")
    return tags


def _unique(values: Any) -> list[str]:
    return list(dict.fromkeys(values))


def render_dataset_card(facts: RunFacts) -> str:
    metadata = yaml.safe_dump(front_matter(facts), sort_keys=False, allow_unicode=True, width=1000)
    parts = [f"---\n{metadata}---", f"# {md(facts.pretty_name)}", _summary(facts)]
    blocked = unpublishable_sources(facts)
    if blocked:
        parts.append(redistribution_warning(blocked))
    sections = (motivation, composition, collection, preprocessing, uses, distribution, maintenance)
    parts += [section(facts) for section in sections]
    parts.append(_files(facts))
    return "\n\n".join(parts) + "\n"


def write_dataset_card(facts: RunFacts) -> Path:
    return write_text_paper(facts.root / CARD_FILE, render_dataset_card(facts))


def _summary(facts: RunFacts) -> str:
    kept = facts.stats.get("kept", {})
    versions = facts.manifest.get("versions", {})
    rows = [
        ["documents", number(int(kept.get("docs", 0)))],
        ["characters", number(int(kept.get("chars", 0)))],
        ["sources", number(len(facts.sources))],
        ["version", facts.release.version],
        ["built", f"{facts.finished_at or 'unknown'} with vicorpus {versions.get('vicorpus', 'unknown')}"],
    ]
    description = md(facts.release.description) if facts.release.description else TO_BE_FILLED
    return "\n\n".join([description, table(["", ""], rows)])


def _files(facts: RunFacts) -> str:
    shards = [
        [Md(f"`{shard.path}`"), number(shard.rows), number(shard.bytes), Md(f"`{shard.sha256}`")]
        for shard in facts.kept_files
    ]
    return "\n\n".join(
        [
            "## Files",
            f"The corpus: `{KEPT_GLOB}`, {number(len(facts.kept_files))} Parquet shards.",
            table(["shard", "documents", "bytes", "sha256"], shards),
            "Next to it, the run's other papers:",
            bullets([f"`{name}`: {what}" for name, what in PAPERS]),
        ]
    )


# --- the datasheet sections that mostly ask a person ----------------------------------


def motivation(facts: RunFacts) -> str:
    release = facts.release
    return "\n\n".join(
        [
            "## Motivation",
            bullets(
                [
                    "**For what purpose was the dataset created?** As training data for language models in "
                    f"Vietnamese, prepared with vicorpus. More specifically: {TO_BE_FILLED}",
                    "**What gap does it fill?** " + TO_BE_FILLED,
                    f"**Who created it?** {_names(release.creators)}",
                    "**Who funded its creation?** " + TO_BE_FILLED,
                ]
            ),
        ]
    )


def uses(facts: RunFacts) -> str:
    return "\n\n".join(
        [
            "## Uses",
            bullets(
                [
                    "**Intended use:** pre-training or continued pre-training of Vietnamese language models "
                    "(the use vicorpus prepares corpora for). Other uses: " + TO_BE_FILLED,
                    "**Has the dataset been used already?** " + TO_BE_FILLED,
                    "**Uses to avoid:** " + TO_BE_FILLED,
                ]
            ),
            "Known limitations and skews a user should weigh:",
            plain_bullets(limitation_notes(facts) + bias_notes(facts)),
        ]
    )


def distribution(facts: RunFacts) -> str:
    kept_licences = [row["value"] for row in facts.stats.get("licenses", [])] or [s.license for s in facts.sources]
    blocked = unpublishable_sources(facts)
    items = [
        f"**Licence(s) of the documents:** {md(', '.join(kept_licences)) or 'none'} (see Composition → Licences).",
        "**Licence of the dataset as a whole (compilation, annotations):** " + TO_BE_FILLED,
        f"**Where:** {md(facts.release.url) if facts.release.url else TO_BE_FILLED}",
        "**Format:** Parquet shards `kept/*.parquet` (one row per document), readable by 🤗 Datasets "
        '(`load_dataset("parquet", data_files="kept/*.parquet", split="train")`), Polars, DuckDB and '
        "mlcroissant (`croissant.json`).",
        "**Third-party restrictions, export controls or regulatory restrictions:** " + TO_BE_FILLED,
    ]
    parts = ["## Distribution"]
    if blocked:
        parts.append(redistribution_warning(blocked))
    parts.append(bullets(items))
    return "\n\n".join(parts)


def redistribution_warning(blocked: list[Source]) -> str:
    names = ", ".join(f"{code(source.name)} ({yes_no(source.redistributable)})" for source in blocked)
    return (
        "> [!WARNING]\n> Not every source is cleared for publication: redistributable is false or not assessed "
        f"for {names}. Remove their documents, or assess them, before publishing this dataset."
    )


def maintenance(facts: RunFacts) -> str:
    release = facts.release
    citation = fenced(release.citation) if release.citation else TO_BE_FILLED
    return "\n\n".join(
        [
            "## Maintenance",
            bullets(
                [
                    f"**Maintained by:** {_names(release.creators)}",
                    "**Contact, and removal requests for documents:** "
                    + (md(release.contact) if release.contact else TO_BE_FILLED),
                    f"**Version:** {md(release.version)}, built {md(facts.finished_at or 'at an unknown time')}.",
                    "**Will the dataset be updated, how often, and how are old versions kept?** " + TO_BE_FILLED,
                    "**Can others contribute, and how?** " + TO_BE_FILLED,
                ]
            ),
            "**Citation:**",
            citation,
        ]
    )


def _names(names: Sequence[str]) -> str:
    return md(", ".join(names)) if names else TO_BE_FILLED


# --- the datasheet sections on how the data was collected and processed ------------------


def collection(facts: RunFacts) -> str:
    crawled = any(source.kind == "crawled" for source in facts.sources)
    questions = [
        "**Who was involved in collecting the data, and how were they compensated?** " + TO_BE_FILLED,
        "**Was an ethical review conducted?** " + TO_BE_FILLED,
    ]
    if crawled or any(source.kind == "user" for source in facts.sources):
        questions.append("**Were the people the data is about notified, and did they consent?** " + TO_BE_FILLED)
    questions.append(md(optout_note(facts)))
    return "\n\n".join(
        [
            "## Collection process",
            "How each source was obtained, as declared in the pipeline:",
            plain_bullets([source_collection_text(source) for source in facts.sources]),
            "Where every input record ended (the run's ledger; `input = kept + rejected + duplicates + quarantined`):",
            ledger_table(facts),
            bullets(questions),
        ]
    )


def _chars_removed(record: dict[str, Any]) -> str:
    chars_in, chars_out = stage_count(record, "chars_in"), stage_count(record, "chars_out")
    return "–" if chars_in is None or chars_out is None else number(chars_in - chars_out)


def preprocessing(facts: RunFacts) -> str:
    total = facts.ledger.get("total", {})
    rows = [
        [
            position,
            stage_label(record),
            record.get("kind", ""),
            record.get("summary") or stage_summary(stage_name(record)),
            settings_text(record.get("settings") or {}),
            *(number(n) if (n := stage_count(record, key)) is not None else "–" for key in ("docs_in", "dropped")),
            _chars_removed(record),
        ]
        for position, record in enumerate(facts.stages, start=1)
    ]
    version = md(facts.manifest.get("versions", {}).get("vicorpus", ""))
    return "\n\n".join(
        [
            "## Preprocessing, cleaning, labeling",
            f"The corpus was processed by vicorpus {version} with these stages, in order:",
            table(["#", "stage", "kind", "what it does", "settings", "docs in", "dropped", "chars removed"], rows),
            "### Why documents were dropped",
            counts_table("rejected: reason", total.get("rejected_by_reason", {})),
            counts_table("duplicates: stage", total.get("duplicates_by_stage", {})),
            counts_table("quarantined: error", total.get("quarantined_by_reason", {})),
            "### Personal data",
            plain_bullets(pii_notes(facts)),
            "### Raw data",
            _raw_data_text(facts),
        ]
    )


def _raw_data_text(facts: RunFacts) -> str:
    selection = facts.manifest.get("selection")
    where = "next to the corpus"
    if selection:
        where = f"in the run folder this subset was cut from (`{md(str(selection.get('parent', '')))}`)"
    left_out = (
        " The documents the selection left out (`not_selected`) are in that folder's `kept/`." if selection else ""
    )
    return (
        f"The dropped documents are kept {where}, each with its reason: `rejected/`, "
        "`duplicates/` (with the id each duplicates) and `quarantine/` (unreadable records with their raw "
        f"bytes).{left_out} Whether they are published with the corpus: {TO_BE_FILLED}"
    )
