"""The fact-heavy sections of the dataset card's datasheet ("Datasheets for Datasets",
Gebru et al. 2021, https://arxiv.org/abs/1803.09010): composition and the notes the
uses section lists, filled with what the run knows, ``TO_BE_FILLED`` where only a person
can answer. ``card.py`` adds the other sections and the front matter.

The first part puts run facts into plain-text sentences; ``croissant.py`` reuses them for
its Responsible-AI fields, so that the card and croissant.json say the same thing. Each
sentence claims only what a stage that ran did: stage records are read defensively
(``.get``), since a manifest may come from an older version or be edited by hand. In
the card, every value that comes from documents or configuration passes :func:`md`.
"""

from __future__ import annotations

import json
from typing import Any

from vicorpus.config.governance import CollectionPeriod
from vicorpus.config.source import Source
from vicorpus.release.card.hub_licenses import hub_license
from vicorpus.release.card.markdown import Md, bullets, md, table
from vicorpus.release.facts import TO_BE_FILLED, RunFacts
from vicorpus.release.report.markup import fmt_share, stage_count
from vicorpus.stages.registry import STAGES

TOP_DOMAINS = 10
# A domain holding more than this share of the kept characters is called out as a
# concentration.
DOMAIN_CONCENTRATION = 0.2
# Stages whose heuristics the notes on quality filtering speak about.
QUALITY_FILTERS = ("gopher_quality", "gopher_repetition", "fineweb_quality", "c4_lines", "spam_filter")

# --- stage records and run facts in sentences (shared with croissant.py) ----------------


def number(value: int) -> str:
    return f"{value:,}"


def percent(part: float, whole: float) -> str:
    """A share as the report writes it ("12.3 %", "<0.1 %", "–" of nothing)."""
    return fmt_share(part, whole)


def stage_name(record: dict[str, Any]) -> str:
    return str(record.get("name") or "")


def stage_label(record: dict[str, Any]) -> str:
    return str(record.get("label") or record.get("name") or "?")


def stages_named(facts: RunFacts, *names: str) -> list[dict[str, Any]]:
    """The stage records of the stages called ``names`` that ran, in pipeline order."""
    return [record for record in facts.stages if stage_name(record) in names]


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
    """``start – end``, ``start – ongoing`` while collection goes on, one date when both are equal."""
    if period is None:
        return None
    if period.end is None:
        return f"{period.start} – ongoing"
    return period.start if period.end == period.start else f"{period.start} – {period.end}"


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


def _count_text(record: dict[str, Any], key: str) -> str:
    count = stage_count(record, key)
    return "–" if count is None else number(count)


def stage_text(position: int, record: dict[str, Any]) -> str:
    """One stage of the run: what it does, its settings and what it changed."""
    name, label = stage_name(record), stage_label(record)
    summary = stage_summary(name)
    text = f"{position}. {label} ({record.get('kind') or 'stage'}{'' if name in ('', label) else f', {name}'})"
    text += f": {summary}" if summary else ""
    text += f" Settings: {settings_text(record.get('settings') or {})}."
    text += f" {_count_text(record, 'docs_in')} documents in, {_count_text(record, 'dropped')} dropped;"
    if stage_count(record, "chars_in") is None or stage_count(record, "chars_out") is None:
        text += " characters not recorded."
    else:
        text += f" {_count_text(record, 'chars_in')} characters in, {_count_text(record, 'chars_out')} out."
    counters = {key: count for key, count in (record.get("counters") or {}).items() if count}
    if counters:
        text += " Counts: " + ", ".join(f"{key}={number(int(count))}" for key, count in counters.items()) + "."
    return text


def pii_spans(facts: RunFacts) -> dict[str, int]:
    """Spans redacted per PII kind, the one count every paper of this package uses: the
    redact_pii stages' counters (every document they saw, dropped ones included), or,
    for a manifest without counters, the kept documents' ``pii_*`` columns."""
    spans: dict[str, int] = {}
    for record in stages_named(facts, "redact_pii"):
        for counter, count in (record.get("counters") or {}).items():
            if str(counter).startswith("pii_") and count:
                kind = str(counter).removeprefix("pii_")
                spans[kind] = spans.get(kind, 0) + int(count)
    if not spans:
        kept = facts.stats.get("pii") or {}
        spans = {kind: int(c.get("spans", 0)) for kind, c in kept.items() if kind != "any" and c.get("spans")}
    return dict(sorted(spans.items()))


def pii_notes(facts: RunFacts) -> list[str]:
    """What the run did about personal data: the kinds the redact_pii stage was set to
    redact and the spans it replaced, PII-dense and sensitive documents dropped, or
    plainly that it did nothing."""
    redact = stages_named(facts, "redact_pii")
    rejected = facts.ledger.get("total", {}).get("rejected_by_reason", {})
    notes = []
    if redact:
        kinds = sorted({str(kind) for record in redact for kind in (record.get("settings") or {}).get("kinds") or []})
        spans = {kind: count for kind, count in pii_spans(facts).items() if not kinds or kind in kinds}
        per_kind = ", ".join(f"{kind} {number(count)}" for kind, count in spans.items())
        listed = f"only these kinds: {', '.join(kinds)}" if kinds else "kinds not recorded in the manifest"
        # A subset's stage counters are those of the run it was cut from: say so.
        where = "In the run this subset was cut from, p" if facts.manifest.get("selection") else "P"
        notes.append(
            f"{where}ersonal data was redacted by the redact_pii stage (pattern-based; {listed}): "
            f"{number(sum(spans.values()))} spans replaced by placeholders" + (f" ({per_kind})." if per_kind else ".")
        )
        with_pii = (facts.stats.get("pii") or {}).get("any", {}).get("docs")
        if with_pii is not None:
            notes.append(f"{number(int(with_pii))} kept documents had at least one span redacted.")
        if rejected.get("pii_dense"):
            notes.append(f"{number(int(rejected['pii_dense']))} documents dense with personal data were dropped.")
        notes.append(
            "Patterns miss some spans of the kinds they cover, and personal data of other kinds (names, health or "
            "political details, kinds not listed above) was not looked for; such data may remain in the texts."
        )
    else:
        notes.append(
            "Personal data was NOT redacted: no redact_pii stage ran, so the texts may contain names, phone "
            "numbers, e-mail addresses, ID numbers and other personal data as found in the sources."
        )
    if stages_named(facts, "sensitive_filter"):
        sensitive = {reason: count for reason, count in sorted(rejected.items()) if reason.startswith("sensitive_")}
        dropped = ", ".join(f"{reason} {number(int(count))}" for reason, count in sensitive.items()) or "none"
        notes.append(f"The sensitive_filter stage dropped medical records and bank statements: {dropped}.")
    return notes


def optout_note(facts: RunFacts) -> str:
    """Whether the run honoured machine-readable opt-outs: the signals its optout stages
    were set to honour and what they dropped, or that none ran."""
    stages = stages_named(facts, "optout")
    if not stages:
        carried = sum(int(c.get("kept", 0)) for c in (facts.stats.get("optout") or {}).values())
        return "No optout stage ran: no opt-out was honoured by this run" + (
            f"; {number(carried)} kept documents carry an opt-out signal." if carried else "."
        )
    settings = [record.get("settings") or {} for record in stages]
    signals = sorted({str(signal) for s in settings for signal in s.get("signals") or []})
    honoured = ", ".join(signals) or "signals not recorded"
    if any(s.get("robots_file") for s in settings):
        honoured += ", and robots.txt rules for AI-training crawlers (from a snapshot)"
    dropped = int(facts.ledger.get("total", {}).get("rejected_by_reason", {}).get("optout", 0))
    return f"The optout stage honoured these opt-out signals: {honoured}; it dropped {number(dropped)} documents."


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
    notes = [
        f"Language filter ({stage_label(record)}): {settings_text(record.get('settings') or {})}; "
        f"it dropped {_count_text(record, 'dropped')} documents. Vietnamese mixed with other "
        "languages, or written without diacritics, is kept or dropped by these settings, not by a person."
        for record in stages_named(facts, "language_filter")
    ]
    return notes or ["No language filter ran: documents in other languages may be present."]


def domain_shares(facts: RunFacts) -> tuple[list[dict[str, Any]], int]:
    """The largest domains (largest by characters first; not every domain) and the kept
    characters their shares are taken of: the one denominator of domain shares."""
    ranked = list((facts.stats.get("domains") or {}).get("ranked") or [])
    return ranked, int(facts.stats.get("kept", {}).get("chars", 0))


def domain_notes(facts: RunFacts) -> list[str]:
    domains = facts.stats.get("domains") or {}
    ranked, chars = domain_shares(facts)
    if not ranked or not chars:
        return ["No kept document has a web domain, so domain concentration is not measured."]
    top, largest = ranked[0], ranked[:TOP_DOMAINS]
    with_domain = domains.get("chars_with_domain")
    holding = "" if with_domain is None else f", holding {percent(int(with_domain), chars)} of the kept characters"
    note = (
        f"Web domains: {number(int(domains.get('distinct', len(ranked))))} distinct{holding}; the largest, "
        f"{top['value']}, holds {percent(top['chars'], chars)}, the top {len(largest)} hold "
        f"{percent(sum(int(row['chars']) for row in largest), chars)} (shares of the kept characters)."
    )
    if int(top["chars"]) / chars > DOMAIN_CONCENTRATION:
        note += " The corpus leans towards the style and viewpoints of its largest sites."
    return [note]


def bias_notes(facts: RunFacts) -> list[str]:
    """What the run itself can say about skew: sources, language filtering, domains,
    dates, and the quality filters that ran."""
    dates = facts.stats.get("dates", {})
    notes = [source_mix_note(facts), *language_filter_notes(facts), *domain_notes(facts)]
    if dates.get("min"):
        notes.append(f"Dated documents range from {dates['min']} to {dates['max']}.")
    if stages_named(facts, *QUALITY_FILTERS):
        notes.append(
            "The quality and spam filters that ran are heuristics tuned on web text; they may drop informal, "
            "dialectal or list-like writing more often than edited prose."
        )
    return notes


def limitation_notes(facts: RunFacts) -> list[str]:
    total = facts.ledger.get("total", {})
    quality = [stage_label(record) for record in stages_named(facts, *QUALITY_FILTERS)]
    notes = [
        f"The quality, repetition and spam filters ({', '.join(quality)}) are heuristic thresholds; some "
        "low-quality text passes them and some good text is dropped (see the rejected/ shards and report.html)."
        if quality
        else "No quality, repetition or spam filter ran: low-quality text and spam were not filtered out."
    ]
    if stages_named(facts, "language"):
        notes.append("Language identification runs offline on short texts and can err on mixed-language documents.")
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


# --- tables of the run -----------------------------------------------------------------


def _ledger_row(name: str, counts: dict[str, Any]) -> list[Any]:
    keys = ("input", "kept", "rejected", "duplicates", "quarantined")
    return [name, *(number(int(counts.get(key, 0))) for key in keys)]


def ledger_table(facts: RunFacts) -> str:
    rows = [_ledger_row(name, counts) for name, counts in sorted(facts.ledger.get("sources", {}).items())]
    rows.append(_ledger_row(Md("**total**"), facts.ledger.get("total", {})))
    return table(["source", "input records", "kept", "rejected", "duplicates", "quarantined"], rows)


def counts_table(title: str, counts: dict[str, Any]) -> str:
    rows = [[key, number(int(count))] for key, count in sorted(counts.items(), key=lambda item: (-item[1], item[0]))]
    return table([title, "documents"], rows) if rows else "None."


# --- composition ------------------------------------------------------------------------


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
                [md(column), "documents", "share of documents"],
                [[r["value"], number(r["docs"]), percent(r["docs"], docs)] for r in rows],
            ),
        ]
    parts += ["### Web domains", _domains_text(facts), "### Dates", _dates_text(facts)]
    by_stage = total.get("duplicates_by_stage", {})
    dedup = ", ".join(f"{md(stage)} {number(int(count))}" for stage, count in by_stage.items()) or "no dedup stage"
    parts += [
        "### Redundancy, missing data, sensitive content",
        bullets(
            [
                f"Duplicates removed: {number(int(total.get('duplicates', 0)))} ({dedup}).",
                f"Unreadable records quarantined: {number(int(total.get('quarantined', 0)))}; "
                f"empty input files: {number(int(total.get('empty_files', 0)))}.",
                *(md(note) for note in pii_notes(facts)),
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
    ranked, chars = domain_shares(facts)
    note = md(domain_notes(facts)[0])
    if not ranked:
        return note
    rows = [
        [r["value"], number(r["docs"]), number(r["chars"]), percent(r["chars"], chars)] for r in ranked[:TOP_DOMAINS]
    ]
    return note + "\n\n" + table(["domain", "documents", "characters", "share of characters"], rows)


def _dates_text(facts: RunFacts) -> str:
    dates = facts.stats.get("dates", {})
    docs = int(facts.stats.get("kept", {}).get("docs", 0))
    if not dates.get("min"):
        return "No kept document carries an ISO date."
    return (
        f"Documents are dated from {md(dates['min'])} to {md(dates['max'])}; "
        f"{number(int(dates.get('docs_with_date', 0)))} of {number(docs)} kept documents carry a date "
        "(publication or crawl date, as the source gave it)."
    )
