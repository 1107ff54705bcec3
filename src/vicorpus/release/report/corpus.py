"""Run-report sections built from the corpus statistics of the kept (and rejected)
shards: signal histograms with thresholds, domains, dates, licences, label
distributions, near-duplicate clusters, opt-out signals and redacted PII."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any

from vicorpus.release.facts import RunFacts
from vicorpus.release.report.markup import esc, fmt_int, fmt_share, lookup, meter, num, section, table, td
from vicorpus.release.report.svg_charts import histogram

TOP_DOMAINS = 20


def histograms(facts: RunFacts) -> str:
    figures = []
    for column, hist in facts.stats.get("histograms", {}).items():
        # The thresholds are labelled inside the chart; the caption names the column.
        scale = "log scale" if hist.get("scale") == "log" else "0 to 1"
        caption = f'<strong>{esc(column)}</strong> <span class="muted">({esc(scale)})</span>'
        figures.append(
            f'<figure class="hist" id="hist-{esc(column)}" data-column="{esc(column)}">'
            f"<figcaption>{caption}</figcaption>{histogram(column, hist)}</figure>"
        )
    if not figures:
        return section("signals", "Quality signals", '<p class="muted">No signal columns in this run.</p>')
    return section(
        "signals",
        "Quality signals",
        f'<div class="grid">{"".join(figures)}</div>',
        "Distribution of each measured signal over kept (blue) and rejected (orange) documents, each bar a share "
        "of its own bucket; dashed red lines are thresholds, with the side they drop shaded. Hover a bar for "
        "its counts. Rejected documents dropped before a signal was measured are not in its histogram.",
    )


def _grouped_table(first: str, rows: Sequence[Mapping[str, Any]], total_docs: int, total_chars: int) -> str:
    body = [
        [
            td("(none)" if row["value"] is None else row["value"]),
            num(row["docs"]),
            meter(row["docs"], total_docs),
            num(row["chars"]),
            meter(row["chars"], total_chars),
        ]
        for row in rows
    ]
    return table([first, "documents", "share of documents", "characters", "share of characters"], body)


def _domains(stats: Mapping[str, Any], kept_docs: int, kept_chars: int) -> list[str]:
    """The largest domains and their shares of the kept characters (the dataset card's
    denominator too). ``ranked`` holds only the largest domains, never assumed to be all."""
    domains = stats.get("domains") or {}
    ranked = list(domains.get("ranked") or [])
    if not ranked:
        return ['<p class="muted">No kept document has a web domain.</p>']
    distinct = int(domains.get("distinct", len(ranked)))
    with_domain = int(domains.get("docs_with_domain", 0))
    chars_with_domain = domains.get("chars_with_domain")
    shown = ranked[:TOP_DOMAINS]
    holding = (
        f", holding {fmt_share(int(chars_with_domain), kept_chars)} of the kept characters"
        if chars_with_domain is not None
        else ""
    )
    which = f"The {len(shown)} largest" if distinct > len(shown) else "All of them"
    intro = (
        f'<p><strong data-stat="domains.distinct">{esc(fmt_int(distinct))}</strong> distinct domains; '
        f"{esc(fmt_int(with_domain))} of {esc(fmt_int(kept_docs))} kept documents "
        f"({esc(fmt_share(with_domain, kept_docs))}) have one{esc(holding)}. "
        f"{which}, largest by characters, with their share of the kept characters:</p>"
    )
    rows = [[td(row["value"]), num(row["docs"]), num(row["chars"]), meter(row["chars"], kept_chars)] for row in shown]
    return [intro, table(["domain", "documents", "characters", "share of characters"], rows)]


def corpus(facts: RunFacts) -> str:
    stats = facts.stats
    kept = stats.get("kept", {})
    kept_docs, kept_chars = int(kept.get("docs", 0)), int(kept.get("chars", 0))
    blocks = ["<h3>Web domains</h3>", *_domains(stats, kept_docs, kept_chars)]
    dates = stats.get("dates", {})
    blocks.append("<h3>Dates</h3>")
    if dates.get("docs_with_date"):
        blocks.append(
            f"<p>{esc(fmt_int(int(dates['docs_with_date'])))} kept documents "
            f"({esc(fmt_share(int(dates['docs_with_date']), kept_docs))}) carry a date, "
            f"from {esc(dates.get('min'))} to {esc(dates.get('max'))}.</p>"
        )
    else:
        blocks.append('<p class="muted">No kept document carries a date.</p>')
    blocks += ["<h3>Licences</h3>", _grouped_table("licence", stats.get("licenses", []), kept_docs, kept_chars)]
    for column, rows in stats.get("labels", {}).items():
        blocks += [f"<h3>Label: {esc(column)}</h3>", _grouped_table(column, rows, kept_docs, kept_chars)]
    return section("corpus", "What was kept", "".join(blocks))


def clusters(facts: RunFacts) -> str:
    sizes = facts.stats.get("cluster_sizes", [])
    if not sizes:
        return ""
    represented = sum(int(row["size"]) * int(row["clusters"]) for row in sizes)
    rows = [
        [
            td(fmt_int(int(row["size"])), "n"),
            num(row["clusters"]),
            num(int(row["size"]) * int(row["clusters"])),
            meter(int(row["size"]) * int(row["clusters"]), represented),
        ]
        for row in sizes
    ]
    # Dropped near duplicates as the ledger counts them, for the minhash stages that ran.
    labels = [str(r.get("label") or r.get("name")) for r in facts.stages if r.get("name") == "minhash_dedup"]
    by_stage = lookup(facts.ledger, "total", "duplicates_by_stage") or {}
    dropped = (
        f" The ledger counts {fmt_int(sum(int(by_stage.get(label, 0)) for label in labels))} near duplicates "
        f"dropped by {', '.join(labels)} in favour of a cluster's representative."
        if labels
        else ""
    )
    return section(
        "clusters",
        "Near-duplicate clusters",
        table(["cluster size", "kept documents", "documents represented", "share"], rows, numeric_from=0),
        "Each kept document stands for a cluster of near duplicates (size 1: no near duplicate)." + dropped,
    )


def optout_and_pii(facts: RunFacts) -> str:
    blocks = []
    optout: Mapping[str, Mapping[str, int]] = facts.stats.get("optout", {})
    if optout:
        rows = [
            [td(signal), num(c.get("kept", 0)), num(c.get("rejected", 0)), num(c.get("duplicates", 0))]
            for signal, c in optout.items()
        ]
        blocks += ["<h3>Opt-out signals</h3>", table(["signal", "kept", "rejected", "duplicates"], rows)]
    pii: Mapping[str, Mapping[str, int]] = facts.stats.get("pii", {})
    if pii:
        kept_docs = int(facts.stats.get("kept", {}).get("docs", 0))
        rows = [
            [
                td("any kind" if kind == "any" else kind),
                num(c.get("docs", 0)),
                meter(c.get("docs", 0), kept_docs),
                num(c.get("spans", 0)),
            ]
            for kind, c in pii.items()
        ]
        blocks += [
            "<h3>Personal data redacted</h3>",
            table(["kind", "kept documents", "share", "spans replaced"], rows),
        ]
    if not blocks:
        return ""
    return section("privacy", "Opt-outs and personal data", "".join(blocks))
