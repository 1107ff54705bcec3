"""Run-report sections built from the ledger and the manifest: the header, the key
numbers, the per-source table, the stage funnel, the drop reasons with example
snippets, and the stage timings."""

from __future__ import annotations

import json
from collections.abc import Mapping
from typing import Any

from vicorpus.release.facts import RunFacts
from vicorpus.release.report.markup import (
    esc,
    fmt_bytes,
    fmt_int,
    fmt_number,
    fmt_seconds,
    fmt_share,
    fmt_signed,
    ledger_value,
    lookup,
    meter,
    num,
    plural,
    section,
    stage_count,
    table,
    td,
)
from vicorpus.release.report.svg_charts import (
    DUPLICATE,
    KEPT,
    QUARANTINED,
    REJECTED,
    REWRITTEN,
    BarRow,
    Series,
    stacked_bars,
)

# Per-source columns in the drop tables stop here; the source table has the totals.
MAX_SOURCE_COLUMNS = 12


def header(facts: RunFacts) -> str:
    manifest = facts.manifest
    versions: Mapping[str, Any] = manifest.get("versions") or {}
    command = " ".join(str(part) for part in manifest.get("command") or [])
    items = [
        ("dataset", f"{facts.name} {facts.release.version}"),
        ("finished", facts.finished_at.replace("T", " ") or "–"),
        ("vicorpus", str(versions.get("vicorpus", "–"))),
        ("wall time", fmt_seconds(manifest.get("wall_seconds"))),
        ("workers", str(manifest.get("workers", "–"))),
    ]
    facts_list = "".join(f'<div><dt>{esc(k)}</dt><dd data-meta="{esc(k)}">{esc(v)}</dd></div>' for k, v in items)
    more = [("command", command), ("config fingerprint", str(manifest.get("config_fingerprint", "")))]
    more += [(name, str(version)) for name, version in sorted(versions.items()) if name != "vicorpus"]
    details = table(["", "value"], ([td(k), f"<td><code>{esc(v)}</code></td>"] for k, v in more if v), numeric_from=2)
    description = f'<p class="intro">{esc(facts.release.description)}</p>' if facts.release.description else ""
    banner = ""
    if lookup(facts.ledger, "balanced") is False or lookup(facts.ledger, "total", "balanced") is False:
        banner = (
            '<p class="alert" role="alert">The ledger does not balance: '
            "input ≠ kept + rejected + duplicates + quarantined.</p>"
        )
    return (
        f'<header><p class="kicker">vicorpus run report</p><h1>{esc(facts.pretty_name)}</h1>{description}'
        f'<dl class="meta">{facts_list}</dl>{banner}'
        f"<details><summary>command and software versions</summary>{details}</details></header>"
    )


def key_numbers(facts: RunFacts) -> str:
    ledger = facts.ledger
    total_input = lookup(ledger, "total", "input") or 0
    cards = []
    for key, label in (
        ("input", "input documents"),
        ("kept", "kept"),
        ("rejected", "rejected"),
        ("duplicates", "duplicates"),
        ("quarantined", "quarantined"),
    ):
        value = lookup(ledger, "total", key)
        share = f'<span class="sub">{esc(fmt_share(value, total_input))} of input</span>' if key != "input" else ""
        cards.append(_card(label, ledger_value(ledger, "total", key, tag="span", css="big"), share, key))
    cards.append(_card("empty files", ledger_value(ledger, "total", "empty_files", tag="span", css="big"), "", "empty"))
    cards.append(
        _card("ledger balanced", ledger_value(ledger, "total", "balanced", tag="span", css="big"), "", "balanced")
    )
    kept = facts.stats.get("kept", {})
    for label, text in (
        ("kept characters", fmt_int(int(kept.get("chars", 0)))),
        ("kept UTF-8 text", fmt_bytes(int(kept.get("utf8_bytes", 0)))),
        ("kept Parquet files", fmt_bytes(int(kept.get("parquet_bytes", 0)))),
    ):
        cards.append(_card(label, f'<span class="big">{esc(text)}</span>', "", "stats"))
    return section(
        "numbers",
        "Key numbers",
        f'<div class="cards">{"".join(cards)}</div>',
        "Every input record ends in exactly one place: kept, rejected by a filter, dropped as a duplicate, "
        "or quarantined as unreadable.",
    )


def _card(label: str, value: str, sub: str, kind: str) -> str:
    return f'<div class="card {esc(kind)}"><span class="label">{esc(label)}</span>{value}{sub}</div>'


def _source_names(facts: RunFacts) -> list[str]:
    """Sources in pipeline order, then any the ledger has and the config lacks."""
    names = [source.name for source in facts.sources]
    return names + sorted(name for name in facts.ledger.get("sources", {}) if name not in names)


def sources_table(facts: RunFacts) -> str:
    ledger = facts.ledger
    configured = {source.name: source for source in facts.sources}
    files: dict[str, list[int]] = {}
    for entry in facts.manifest.get("inputs") or []:
        count_bytes = files.setdefault(str(entry.get("source")), [0, 0])
        count_bytes[0] += 1
        count_bytes[1] += int(entry.get("bytes") or 0)
    kept_chars = {row["value"]: row["chars"] for row in facts.stats.get("sources", [])}
    counts = ("input", "kept", "rejected", "duplicates", "quarantined", "empty_files", "balanced")
    rows = []
    for name in _source_names(facts):
        source = configured.get(name)
        n_files, n_bytes = files.get(name, [0, 0])
        rows.append(
            [
                td(name),
                td(source.kind if source and source.kind else "–"),
                td(source.license if source else "–"),
                td(f"{plural(n_files, 'file')}, {fmt_bytes(n_bytes)}", "n"),
                *(ledger_value(ledger, "sources", name, key) for key in counts),
                num(kept_chars.get(name, 0)),
            ]
        )
    rows.append(
        [
            '<td class="total">all sources</td>',
            td(""),
            td(""),
            td(
                f"{plural(sum(f[0] for f in files.values()), 'file')}, {fmt_bytes(sum(f[1] for f in files.values()))}",
                "n",
            ),
            *(ledger_value(ledger, "total", key, css="n") for key in counts),
            num(facts.stats.get("kept", {}).get("chars", 0), "n"),
        ]
    )
    headers = ["source", "kind", "licence", "read", "input", "kept", "rejected", "duplicates"]
    headers += ["quarantined", "empty files", "balanced", "kept chars"]
    return section("sources", "Sources", table(headers, rows, numeric_from=3))


# --- funnel -----------------------------------------------------------------------------


def funnel(facts: RunFacts) -> str:
    ledger, stages = facts.ledger, facts.stages
    duplicate_stages = set(lookup(ledger, "total", "duplicates_by_stage") or {})
    total_input = int(lookup(ledger, "total", "input") or 0)
    quarantined = int(lookup(ledger, "total", "quarantined") or 0)
    kept = int(lookup(ledger, "total", "kept") or 0)
    kept_chars = int(facts.stats.get("kept", {}).get("chars", 0))
    # A manifest of an older version may lack a count: shown as "–", drawn as nothing.
    first_docs = stage_count(stages[0], "docs_in") if stages else None
    if first_docs is None:
        first_docs = total_input - quarantined
    first_chars = stage_count(stages[0], "chars_in") if stages else kept_chars

    rows = [
        [
            td("read"),
            td("read"),
            ledger_value(ledger, "total", "input"),
            ledger_value(ledger, "total", "quarantined"),
            num(first_docs),
            num(None),
            num(None),
            num(None),
            num(first_chars),
        ]
    ]
    read_note = f"{fmt_int(total_input)} read, {fmt_int(quarantined)} quarantined"
    doc_bars = [BarRow("read", (first_docs, 0, 0, quarantined), read_note)]
    chars_note = "characters not recorded" if first_chars is None else f"{fmt_int(first_chars)} in readable records"
    char_bars = [BarRow("read", (first_chars or 0, 0, 0, 0), chars_note)]
    for stage in stages:
        label = str(stage.get("label") or stage.get("name") or "?")
        duplicate = label in duplicate_stages
        docs_in, dropped = stage_count(stage, "docs_in"), stage_count(stage, "dropped")
        docs_out = None if docs_in is None or dropped is None else docs_in - dropped
        chars_in, chars_dropped, chars_out = (stage_count(stage, k) for k in ("chars_in", "chars_dropped", "chars_out"))
        rewritten = None
        if chars_in is not None and chars_dropped is not None and chars_out is not None:
            rewritten = chars_out - (chars_in - chars_dropped)
        rows.append(
            [
                td(label),
                td(stage.get("kind", "")),
                num(docs_in),
                num(dropped),
                num(docs_out),
                num(chars_in),
                num(chars_dropped),
                num(None) if rewritten is None else td(fmt_signed(rewritten) if rewritten else "0", "n"),
                num(chars_out),
            ]
        )
        doc_bars.append(_doc_bar(label, docs_out or 0, dropped or 0, duplicate))
        char_bars.append(_char_bar(label, chars_out or 0, chars_dropped or 0, rewritten, duplicate))
    rows.append(
        [
            '<td class="total">kept</td>',
            td(""),
            ledger_value(ledger, "total", "kept", css="n"),
            num(None),
            ledger_value(ledger, "total", "kept", css="n"),
            num(None),
            num(None),
            num(None),
            num(kept_chars, "n"),
        ]
    )
    doc_bars.append(BarRow("kept", (kept, 0, 0, 0), f"{fmt_int(kept)} ({fmt_share(kept, total_input)} of input)"))
    char_bars.append(
        BarRow("kept", (kept_chars, 0, 0, 0), f"{fmt_int(kept_chars)} ({fmt_share(kept_chars, first_chars or 0)})")
    )

    headers = ["stage", "kind", "docs in", "dropped", "docs out", "chars in", "chars dropped", "chars rewritten"]
    headers.append("chars out")
    doc_series = [Series("continue", KEPT), Series("rejected", REJECTED), Series("duplicates", DUPLICATE)]
    doc_series.append(Series("quarantined", QUARANTINED))
    char_series = [*doc_series[:3], Series("removed by rewriting", REWRITTEN)]
    body = (
        f"<figure>{stacked_bars('Documents through the stages', doc_series, doc_bars)}"
        "<figcaption>Documents entering each stage and what it dropped.</figcaption></figure>"
        f"<figure>{stacked_bars('Characters through the stages', char_series, char_bars)}"
        "<figcaption>Characters entering each stage: carried on, dropped with rejected or duplicate documents, "
        "or removed by a transform (normalization, redaction).</figcaption></figure>"
        + table(headers, rows, numeric_from=2)
    )
    return section(
        "funnel",
        "Funnel",
        body,
        "Documents and characters through each stage, in pipeline order. Quarantined records never reach "
        "a stage; characters of unreadable records are not counted.",
    )


def _doc_bar(label: str, out: int, dropped: int, duplicate: bool) -> BarRow:
    parts = (out, 0 if duplicate else dropped, dropped if duplicate else 0, 0)
    return BarRow(label, parts, f"−{fmt_int(dropped)} {'duplicates' if duplicate else 'rejected'}" if dropped else "")


def _char_bar(label: str, out: int, dropped: int, rewritten: int | None, duplicate: bool) -> BarRow:
    """A stage's characters: carried on, dropped with documents, removed by rewriting;
    nothing drawn when the manifest has no character counts for it."""
    if rewritten is None:
        return BarRow(label, (0, 0, 0, 0), "characters not recorded")
    parts = (out, 0 if duplicate else dropped, dropped if duplicate else 0, max(-rewritten, 0))
    notes = (
        f"−{fmt_int(dropped)} dropped" if dropped else "",
        f"{fmt_signed(rewritten)} rewritten" if rewritten else "",
    )
    return BarRow(label, parts, " ".join(note for note in notes if note))


# --- drops ------------------------------------------------------------------------------


def drops(facts: RunFacts) -> str:
    reason_stage = {
        str(threshold.get("reason")): str(threshold.get("stage"))
        for hist in facts.stats.get("histograms", {}).values()
        for threshold in hist.get("thresholds") or []
        if threshold.get("reason") and threshold.get("stage")
    }
    parts = [
        _drop_kind(facts, "rejected", "rejected_by_reason", "Rejected by reason", "dropped_by", reason_stage),
        _drop_kind(facts, "duplicates", "duplicates_by_stage", "Duplicates by stage", "duplicate_of", None),
        _drop_kind(facts, "quarantine", "quarantined_by_reason", "Quarantined by error", "error", None),
    ]
    return section(
        "drops",
        "Why documents were dropped",
        "".join(parts),
        "Counts from the ledger, with up to five example snippets per reason (the first in output order).",
    )


def _drop_kind(
    facts: RunFacts,
    anchor: str,
    ledger_key: str,
    title: str,
    extra: str,
    reason_stage: Mapping[str, str] | None,
) -> str:
    ledger = facts.ledger
    examples: Mapping[str, list[dict[str, Any]]] = facts.stats.get("examples", {}).get(anchor, {})
    counts: Mapping[str, int] = lookup(ledger, "total", ledger_key) or {}
    reasons = sorted(set(counts) | set(examples), key=lambda r: (-int(counts.get(r, 0)), r))
    stage_of = {r: rows[0].get("dropped_by", "") for r, rows in examples.items() if rows}
    names = _source_names(facts)
    per_source = [n for n in names if lookup(ledger, "sources", n, ledger_key)][:MAX_SOURCE_COLUMNS]
    total_input = int(lookup(ledger, "total", "input") or 0)
    rows = []
    for reason in reasons:
        cells = [td(reason)]
        if reason_stage is not None:
            cells.append(td(stage_of.get(reason) or reason_stage.get(reason) or "–"))
        cells.append(ledger_value(ledger, "total", ledger_key, reason))
        cells.append(meter(int(counts.get(reason, 0)), total_input))
        cells += [ledger_value(ledger, "sources", name, ledger_key, reason) for name in per_source]
        rows.append(cells)
    headers = [title.split()[-1], *(["stage"] if reason_stage is not None else []), "documents", "share of input"]
    headers += per_source
    first_numeric = 2 if reason_stage is not None else 1
    blocks = [f'<h3 id="{esc(anchor)}">{esc(title)}</h3>', table(headers, rows, numeric_from=first_numeric)]
    for reason in reasons:
        found = examples.get(reason, [])
        if not found:
            continue
        items = "".join(_example(example, extra) for example in found)
        summary = f"{reason} — {plural(int(counts.get(reason, 0)), 'document')}, {len(found)} shown"
        blocks.append(f'<details class="examples"><summary>{esc(summary)}</summary><ol>{items}</ol></details>')
    return "".join(blocks)


def _example(example: Mapping[str, Any], extra: str) -> str:
    labels = {"dropped_by": "dropped by", "duplicate_of": "duplicate of", "error": "error"}
    meta = f"<code>{esc(example.get('id', ''))}</code> · {esc(example.get('source', ''))}"
    if example.get(extra):
        meta += f" · {esc(labels.get(extra, extra))} <code>{esc(example[extra])}</code>"
    snippet = f'<blockquote class="snippet" lang="vi">{esc(example.get("snippet", ""))}</blockquote>'
    return f'<li><p class="ex-meta">{meta}</p>{snippet}</li>'


# --- stages and timings -------------------------------------------------------------------


def timings(facts: RunFacts) -> str:
    stages = facts.stages
    stage_seconds = sum(float(stage.get("seconds") or 0) for stage in stages)
    rows = []
    for stage in stages:
        counters = {k: v for k, v in (stage.get("counters") or {}).items() if v}
        settings = json.dumps(stage.get("settings") or {}, ensure_ascii=False, sort_keys=True, indent=1)
        label, name = str(stage.get("label", "?")), str(stage.get("name", ""))
        rows.append(
            [
                td(label if label == name else f"{label} ({name})"),
                td(stage.get("kind", "")),
                td(fmt_seconds(stage.get("seconds")), "n"),
                meter(float(stage.get("seconds") or 0), stage_seconds),
                td(", ".join(f"{k} {fmt_number(v)}" for k, v in counters.items()) or "–", "small"),
                f"<td><details><summary>settings</summary><pre>{esc(settings)}</pre></details></td>",
            ]
        )
    headers = ["stage", "kind", "seconds", "share", "counters", "settings"]
    stage_table = table(headers, rows, numeric_from=2, numeric_to=4)
    phases = facts.manifest.get("phases") or {}
    phase_rows = [
        [td(name), num(int(phase.get("items", 0))), td(fmt_seconds(phase.get("seconds")), "n")]
        for name, phase in phases.items()
    ]
    wall = facts.manifest.get("wall_seconds")
    summary = (
        f'<p>Wall time <strong data-meta="wall">{esc(fmt_seconds(wall))}</strong> with '
        f"{esc(facts.manifest.get('workers', '–'))} worker(s); the stages' own work adds up to "
        f"{esc(fmt_seconds(stage_seconds))} of worker time (reading, writing and deduplication phases come on top).</p>"
    )
    return section(
        "timings",
        "Stages and timings",
        summary + stage_table + "<h3>Phases</h3>" + table(["phase", "tasks", "seconds"], phase_rows),
    )
