"""The fact-heavy sections of the dataset card's datasheet ("Datasheets for Datasets",
Gebru et al. 2021, https://arxiv.org/abs/1803.09010): composition, collection process and
preprocessing/cleaning/labeling, filled with what the run knows, ``TO_BE_FILLED`` where
only a person can answer. ``card.py`` adds the other four sections and the front matter.

The first part puts run facts into sentences; ``croissant.py`` reuses them for its
Responsible-AI fields, so that the card and croissant.json say the same thing.
"""

from __future__ import annotations

import json
from typing import Any

from vicorpus.config.governance import CollectionPeriod
from vicorpus.config.source import Source
from vicorpus.release.card.hub_licenses import hub_license
from vicorpus.release.facts import TO_BE_FILLED, RunFacts
from vicorpus.stages.registry import STAGES

TOP_DOMAINS = 10
# A top domain holding more than this share of the documents that have a domain is
# called out as a concentration.
DOMAIN_CONCENTRATION = 0.2

# --- run facts in sentences (shared with croissant.py) ----------------------------------


def number(value: int) -> str:
    return f"{value:,}"


def percent(part: int, whole: int) -> str:
    return f"{100 * part / whole:.1f} %" if whole else "–"


def settings_text(settings: dict[str, Any]) -> str:
    """A stage's settings as they appear in the pipeline YAML, on one line."""
    if not settings:
        return "default settings"
    shown = (
        value if isinstance(value, str) else json.dumps(value, ensure_ascii=False, sort_keys=True)
        for value in settings.values()
    )
    return ", ".join(f"{key}={value}" for key, value in zip(settings, shown, strict=True))


def period_text(period: CollectionPeriod | None) -> str | None:
    if period is None:
        return None
    if period.end is None:
        return f"from {period.start} (ongoing)"
    return period.start if period.end == period.start else f"{period.start} to {period.end}"


def yes_no(value: bool | None) -> str:
    return "not assessed" if value is None else ("yes" if value else "no")


def source_collection_text(source: Source) -> str:
    """How one source's documents were obtained, from its governance fields."""
    kind = source.kind or "other (kind not set)"
    parts = [f"{source.name}: {kind} source, read as {source.format}"]
    if source.crawler is not None:
        crawler = source.crawler
        details = [f"crawled by {crawler.name}"]
        if crawler.user_agent:
            details.append(f"user agent '{crawler.user_agent}'")
        if crawler.purpose:
            details.append(f"purpose: {crawler.purpose}")
        details.append(f"obeyed robots.txt: {yes_no(crawler.respects_robots_txt)}")
        if crawler.behaviour:
            details.append(crawler.behaviour)
        parts.append("; ".join(details))
    period = period_text(source.collection_period)
    parts.append(f"collected {period}" if period else "collection period not stated")
    parts.append(f"licence {source.license}")
    if source.legal_basis:
        parts.append(f"legal basis: {source.legal_basis}")
    if source.homepage:
        parts.append(f"homepage {source.homepage}")
    return "; ".join(parts) + "."


def stage_summary(name: str) -> str:
    cls = STAGES.get(name)
    return cls.summary() if cls is not None else ""


def stage_text(position: int, record: dict[str, Any]) -> str:
    """One stage of the run: what it does, its settings and what it changed."""
    summary = stage_summary(record["name"])
    name = "" if record["name"] == record["label"] else f", {record['name']}"
    text = f"{position}. {record['label']} ({record.get('kind', 'stage')}{name})"
    text += f": {summary}" if summary else ""
    text += f" Settings: {settings_text(record.get('settings', {}))}."
    text += (
        f" {number(int(record.get('docs_in', 0)))} documents in, {number(int(record.get('dropped', 0)))} dropped;"
        f" {number(int(record.get('chars_in', 0)))} characters in, {number(int(record.get('chars_out', 0)))} out."
    )
    counters = {key: count for key, count in record.get("counters", {}).items() if count}
    if counters:
        text += " Counts: " + ", ".join(f"{key}={number(int(count))}" for key, count in counters.items()) + "."
    return text


def pii_notes(facts: RunFacts) -> list[str]:
    """What the run did about personal data: redaction counts from the redact_pii stage's
    counters, PII-dense and sensitive documents dropped, or plainly that it did nothing."""
    redact = [record for record in facts.stages if record["name"] == "redact_pii"]
    rejected = facts.ledger.get("total", {}).get("rejected_by_reason", {})
    notes = []
    if redact:
        spans: dict[str, int] = {}
        for record in redact:
            for counter, count in record.get("counters", {}).items():
                if counter.startswith("pii_"):
                    spans[counter.removeprefix("pii_")] = spans.get(counter.removeprefix("pii_"), 0) + int(count)
        kinds = ", ".join(f"{kind} {number(count)}" for kind, count in sorted(spans.items()) if count)
        kinds_redacted = sorted({kind for record in redact for kind in record.get("settings", {}).get("kinds", [])})
        notes.append(
            f"Personal data was redacted by the redact_pii stage (pattern-based; kinds: {', '.join(kinds_redacted)}): "
            f"{number(sum(spans.values()))} spans replaced by placeholders" + (f" ({kinds})." if kinds else ".")
        )
        with_pii = facts.stats.get("pii", {}).get("any", {}).get("docs")
        if with_pii is not None:
            notes.append(f"{number(int(with_pii))} kept documents had at least one span redacted.")
        if rejected.get("pii_dense"):
            notes.append(f"{number(int(rejected['pii_dense']))} documents dense with personal data were dropped.")
        notes.append(
            "Pattern-based detection misses personal data it has no pattern for (names, free-text addresses, "
            "health or political details); such data may remain in the texts."
        )
    else:
        notes.append(
            "Personal data was NOT redacted: no redact_pii stage ran, so the texts may contain names, phone "
            "numbers, e-mail addresses, ID numbers and other personal data as found in the sources."
        )
    sensitive = {reason: count for reason, count in sorted(rejected.items()) if reason.startswith("sensitive_")}
    if any(record["name"] == "sensitive_filter" for record in facts.stages):
        dropped = ", ".join(f"{reason} {number(int(count))}" for reason, count in sensitive.items()) or "none"
        notes.append(f"The sensitive_filter stage dropped medical records and bank statements: {dropped}.")
    return notes


def source_mix_note(facts: RunFacts) -> str:
    kept = facts.stats.get("kept", {})
    rows = facts.stats.get("sources", [])
    shares = ", ".join(
        f"{row['value']} {percent(row['docs'], kept.get('docs', 0))} of documents "
        f"({percent(row['chars'], kept.get('chars', 0))} of characters)"
        for row in rows
    )
    return f"Source mix of the kept documents: {shares or 'no kept documents'}."


def language_filter_notes(facts: RunFacts) -> list[str]:
    notes = []
    for record in facts.stages:
        if record["name"] == "language_filter":
            notes.append(
                f"Language filter ({record['label']}): {settings_text(record.get('settings', {}))}; "
                f"it dropped {number(int(record.get('dropped', 0)))} documents. Vietnamese mixed with other "
                "languages, or written without diacritics, is kept or dropped by these settings, not by a person."
            )
    if not notes:
        notes.append("No language filter ran: documents in other languages may be present.")
    return notes


def domain_notes(facts: RunFacts) -> list[str]:
    domains = facts.stats.get("domains", {})
    ranked = domains.get("ranked", [])
    with_domain = int(domains.get("docs_with_domain", 0))
    if not ranked or not with_domain:
        return ["No kept document has a web domain, so domain concentration is not measured."]
    top = ranked[0]
    top_ten = sum(row["docs"] for row in ranked[:TOP_DOMAINS])
    note = (
        f"Web domains: {number(len(ranked))} distinct; the largest, {top['value']}, holds "
        f"{percent(top['docs'], with_domain)} of the {number(with_domain)} documents with a domain, the top "
        f"{min(TOP_DOMAINS, len(ranked))} hold {percent(top_ten, with_domain)}."
    )
    if top["docs"] / with_domain > DOMAIN_CONCENTRATION:
        note += " The corpus leans towards the style and viewpoints of its largest sites."
    return [note]


def bias_notes(facts: RunFacts) -> list[str]:
    """What the run itself can say about skew: sources, language filtering, domains."""
    dates = facts.stats.get("dates", {})
    notes = [source_mix_note(facts), *language_filter_notes(facts), *domain_notes(facts)]
    if dates.get("min"):
        notes.append(f"Dated documents range from {dates['min']} to {dates['max']}.")
    notes.append(
        "Quality and spam filters are heuristics tuned on web text; they may drop informal, dialectal or "
        "list-like writing more often than edited prose."
    )
    return notes


def limitation_notes(facts: RunFacts) -> list[str]:
    total = facts.ledger.get("total", {})
    notes = [
        "Quality, repetition and spam filters are heuristic thresholds; some low-quality text passes them and "
        "some good text is dropped (see the rejected/ shards and report.html).",
        "Language identification runs offline on short texts and can err on mixed-language documents.",
    ]
    if total.get("quarantined"):
        notes.append(
            f"{number(int(total['quarantined']))} input records could not be read and were quarantined "
            "(see quarantine/); their content is missing from the corpus."
        )
    blocked = unpublishable_sources(facts)
    if blocked:
        names = ", ".join(f"{source.name} (redistributable: {yes_no(source.redistributable)})" for source in blocked)
        notes.append(f"Not cleared for redistribution: {names}.")
    return notes


def unpublishable_sources(facts: RunFacts) -> list[Source]:
    """Sources whose documents may not (false) or may not yet (not assessed) be published."""
    return [source for source in facts.sources if source.redistributable is not True]


# --- markdown ---------------------------------------------------------------------------


def plain(text: str) -> str:
    """Text from the run (stage summaries, sources' free text) made safe for the Hub's
    markdown, which would take "<PLACEHOLDERS>" for an HTML tag and hide it."""
    return text.replace("<", "&lt;").replace(">", "&gt;")


def table(headers: list[str], rows: list[list[Any]]) -> str:
    def cell(value: Any) -> str:
        text = "–" if value is None or value == "" else plain(str(value))
        return text.replace("|", "\\|").replace("\n", " ")

    lines = ["| " + " | ".join(headers) + " |", "|" + "|".join(" --- " for _ in headers) + "|"]
    lines += ["| " + " | ".join(cell(value) for value in row) + " |" for row in rows]
    return "\n".join(lines)


def bullets(items: list[str]) -> str:
    return "\n".join(f"- {plain(item)}" for item in items)


def _ledger_row(name: str, counts: dict[str, Any]) -> list[Any]:
    keys = ("input", "kept", "rejected", "duplicates", "quarantined")
    return [name, *(number(int(counts.get(key, 0))) for key in keys)]


def ledger_table(facts: RunFacts) -> str:
    rows = [_ledger_row(name, counts) for name, counts in sorted(facts.ledger.get("sources", {}).items())]
    rows.append(_ledger_row("**total**", facts.ledger.get("total", {})))
    return table(["source", "input records", "kept", "rejected", "duplicates", "quarantined"], rows)


def _counts_table(title: str, counts: dict[str, Any]) -> str:
    rows = [[key, number(int(count))] for key, count in sorted(counts.items(), key=lambda item: (-item[1], item[0]))]
    return table([title, "documents"], rows) if rows else "None."


# --- the seven sections -----------------------------------------------------------------


def composition(facts: RunFacts) -> str:
    kept = facts.stats.get("kept", {})
    total = facts.ledger.get("total", {})
    chars = int(kept.get("chars", 0))
    parts = [
        "## Composition",
        "Each instance is one document: a text (Unicode NFC) with the source it came from, its licence and "
        "provenance columns, and the annotations the pipeline added. The corpus holds "
        f"**{number(int(kept.get('docs', 0)))} documents**, {number(chars)} characters "
        f"({number(int(kept.get('utf8_bytes', 0)))} bytes of UTF-8 text, "
        f"{number(int(kept.get('parquet_bytes', 0)))} bytes of Parquet), out of "
        f"{number(int(total.get('input', 0)))} input records. There is one split, `train`: the whole corpus, "
        "not a sample of a larger one.",
        "### Sources",
        _sources_table(facts),
        "### Licences",
        _licences_table(facts, chars),
    ]
    for column, rows in sorted(facts.stats.get("labels", {}).items()):
        docs = int(kept.get("docs", 0))
        parts += [
            f"### Labels: `{column}`",
            table(
                [column, "documents", "share"],
                [[r["value"], number(r["docs"]), percent(r["docs"], docs)] for r in rows],
            ),
        ]
    parts += ["### Web domains", _domains_text(facts), "### Dates", _dates_text(facts)]
    by_stage = total.get("duplicates_by_stage", {})
    dedup = ", ".join(f"{stage} {number(int(count))}" for stage, count in by_stage.items()) or "no dedup stage"
    parts += [
        "### Redundancy, missing data, sensitive content",
        bullets(
            [
                f"Duplicates removed: {number(int(total.get('duplicates', 0)))} ({dedup}).",
                f"Unreadable records quarantined: {number(int(total.get('quarantined', 0)))}; "
                f"empty input files: {number(int(total.get('empty_files', 0)))}.",
                *pii_notes(facts),
                "**Does the dataset contain data that might be offensive, insulting or threatening, or that "
                f"identifies sub-populations?** {TO_BE_FILLED}",
            ]
        ),
    ]
    return "\n\n".join(parts)


def _sources_table(facts: RunFacts) -> str:
    kept = {row["value"]: row for row in facts.stats.get("sources", [])}
    rows = []
    for source in facts.sources:
        counts = kept.get(source.name, {})
        rows.append(
            [
                source.name,
                source.kind or "other (not set)",
                source.format,
                source.license,
                source.homepage,
                period_text(source.collection_period) or "not stated",
                yes_no(source.redistributable),
                number(int(counts.get("docs", 0))),
                number(int(counts.get("chars", 0))),
            ]
        )
    headers = ["source", "kind", "format", "licence", "homepage", "collected", "redistributable", "documents", "chars"]
    return table(headers, rows)


def _licences_table(facts: RunFacts, chars: int) -> str:
    sources: dict[str, list[str]] = {}
    for row in facts.stats.get("source_licenses", []):
        sources.setdefault(row["license"], []).append(row["source"])
    rows = [
        [
            row["value"],
            ", ".join(hub_license([row["value"]]).ids),
            number(row["docs"]),
            number(row["chars"]),
            percent(row["chars"], chars),
            ", ".join(sources.get(row["value"], [])),
        ]
        for row in facts.stats.get("licenses", [])
    ]
    note = (
        "\n\nA document's licence is its source's unless the page declared its own; `NOASSERTION` means "
        "nobody stated one. Per-source detail: `licenses.json`."
    )
    return table(["licence (SPDX)", "Hub id", "documents", "chars", "share of chars", "sources"], rows) + note


def _domains_text(facts: RunFacts) -> str:
    ranked = facts.stats.get("domains", {}).get("ranked", [])
    with_domain = int(facts.stats.get("domains", {}).get("docs_with_domain", 0))
    if not ranked:
        return domain_notes(facts)[0]
    rows = [[r["value"], number(r["docs"]), number(r["chars"]), percent(r["docs"], with_domain)] for r in ranked[:10]]
    return domain_notes(facts)[0] + "\n\n" + table(["domain", "documents", "chars", "share of documents"], rows)


def _dates_text(facts: RunFacts) -> str:
    dates = facts.stats.get("dates", {})
    docs = int(facts.stats.get("kept", {}).get("docs", 0))
    if not dates.get("min"):
        return "No kept document carries an ISO date."
    return (
        f"Documents are dated from {dates['min']} to {dates['max']}; "
        f"{number(int(dates.get('docs_with_date', 0)))} of {number(docs)} kept documents carry a date "
        "(publication or crawl date, as the source gave it)."
    )


def collection(facts: RunFacts) -> str:
    crawled = any(source.kind == "crawled" for source in facts.sources)
    optout = [record for record in facts.stages if record["name"] == "optout"]
    optout_dropped = int(facts.ledger.get("total", {}).get("rejected_by_reason", {}).get("optout", 0))
    questions = [
        "**Who was involved in collecting the data, and how were they compensated?** " + TO_BE_FILLED,
        "**Was an ethical review conducted?** " + TO_BE_FILLED,
    ]
    if crawled or any(source.kind == "user" for source in facts.sources):
        questions.append("**Were the people the data is about notified, and did they consent?** " + TO_BE_FILLED)
    questions.append(
        f"Machine-readable opt-outs were honoured by the optout stage: {number(optout_dropped)} documents dropped."
        if optout
        else "No optout stage ran: opt-out signals (robots.txt, TDMRep, noai) were not checked by this run."
    )
    return "\n\n".join(
        [
            "## Collection process",
            "How each source was obtained, as declared in the pipeline:",
            bullets([source_collection_text(source) for source in facts.sources]),
            "Where every input record ended (the run's ledger; `input = kept + rejected + duplicates + quarantined`):",
            ledger_table(facts),
            bullets(questions),
        ]
    )


def preprocessing(facts: RunFacts) -> str:
    total = facts.ledger.get("total", {})
    rows = [
        [
            position,
            record["label"],
            record.get("kind", ""),
            stage_summary(record["name"]),
            settings_text(record.get("settings", {})),
            number(int(record.get("docs_in", 0))),
            number(int(record.get("dropped", 0))),
            number(int(record.get("chars_in", 0)) - int(record.get("chars_out", 0))),
        ]
        for position, record in enumerate(facts.stages, start=1)
    ]
    versions = facts.manifest.get("versions", {})
    return "\n\n".join(
        [
            "## Preprocessing, cleaning, labeling",
            f"The corpus was processed by vicorpus {versions.get('vicorpus', '')} with these stages, in order:",
            table(["#", "stage", "kind", "what it does", "settings", "docs in", "dropped", "chars removed"], rows),
            "### Why documents were dropped",
            _counts_table("rejected: reason", total.get("rejected_by_reason", {})),
            _counts_table("duplicates: stage", total.get("duplicates_by_stage", {})),
            _counts_table("quarantined: error", total.get("quarantined_by_reason", {})),
            "### Personal data",
            bullets(pii_notes(facts)),
            "### Raw data",
            "The dropped documents are kept next to the corpus, each with its reason: `rejected/`, "
            "`duplicates/` (with the id each duplicates) and `quarantine/` (unreadable records with their raw "
            f"bytes). Whether they are published with the corpus: {TO_BE_FILLED}",
        ]
    )
