"""``licenses.json``, ``optouts.json`` and ``pii.json``: the machine-readable answers to
"may I publish this?", "whose wishes did the run honour?" and "what personal data was
removed?", next to ``ledger.json`` and ``manifest.json``."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from vicorpus.config.licenses import UNSTATED, license_keys
from vicorpus.release.facts import RunFacts
from vicorpus.release.writing import write_json_paper

LICENSES_FILE = "licenses.json"
OPTOUTS_FILE = "optouts.json"
PII_FILE = "pii.json"


def build_licenses(facts: RunFacts) -> dict[str, Any]:
    """Kept documents and characters per licence and per source, and what may not (or
    may not yet) be redistributed: a source with ``redistributable: false`` or unset."""
    sources = {source.name: source for source in facts.sources}
    by_license: dict[str, dict[str, Any]] = {}
    by_source: dict[str, dict[str, Any]] = {}
    for row in facts.stats.get("source_licenses", []):
        source = sources.get(row["source"])
        redistributable = source.redistributable if source else None
        entry = by_license.setdefault(
            row["license"],
            {"license": row["license"], "keys": license_keys(row["license"]), "docs": 0, "chars": 0, "sources": []},
        )
        entry["docs"] += row["docs"]
        entry["chars"] += row["chars"]
        entry["sources"].append(row["source"])
        per_source = by_source.setdefault(
            row["source"],
            {
                "source": row["source"],
                "default_license": source.license if source else None,
                "redistributable": redistributable,
                "docs": 0,
                "chars": 0,
                "docs_with_own_license": 0,
            },
        )
        per_source["docs"] += row["docs"]
        per_source["chars"] += row["chars"]
        if source is not None and row["license"] != source.license:
            per_source["docs_with_own_license"] += row["docs"]
    total_docs = sum(entry["docs"] for entry in by_source.values())
    total_chars = sum(entry["chars"] for entry in by_source.values())
    return {
        "kept": {"docs": total_docs, "chars": total_chars},
        "by_license": sorted(by_license.values(), key=lambda e: (-e["chars"], e["license"])),
        "by_source": sorted(by_source.values(), key=lambda e: e["source"]),
        "not_redistributable": _subtotal(by_source.values(), lambda e: e["redistributable"] is False),
        "redistributable_not_assessed": _subtotal(by_source.values(), lambda e: e["redistributable"] is None),
        "license_not_asserted": _subtotal(by_license.values(), lambda e: e["license"] == UNSTATED, key="license"),
        "note": (
            "A document's licence is its source's default unless the page declared its own "
            "(<link rel=license> / <a rel=license>); redistributable is the source's flag in the pipeline."
        ),
    }


def build_optouts(facts: RunFacts) -> dict[str, Any]:
    """Which machine-readable opt-outs the run honoured, how many documents carried each
    signal, and how many were dropped for it."""
    stages = [record for record in facts.stages if record["name"] == "optout"]
    rejected = facts.ledger.get("total", {}).get("rejected_by_reason", {})
    by_source = {
        name: counts.get("rejected_by_reason", {}).get("optout", 0)
        for name, counts in sorted(facts.ledger.get("sources", {}).items())
    }
    signals_found = facts.stats.get("optout", {})
    result: dict[str, Any] = {
        "honoured": bool(stages),
        "stages": [{"label": record["label"], "settings": record.get("settings", {})} for record in stages],
        "documents_dropped": int(rejected.get("optout", 0)),
        "documents_dropped_by_source": by_source,
        "signals_found": signals_found,
    }
    if not stages:
        carried = sum(counts.get("kept", 0) for counts in signals_found.values())
        result["note"] = "No optout stage ran: no opt-out was honoured by this run" + (
            f"; {carried} kept documents carry an opt-out signal." if carried else "."
        )
    return result


def build_pii(facts: RunFacts) -> dict[str, Any]:
    """What personal data the run redacted (spans per kind, from the stage counters) and
    dropped, and how many kept documents had something redacted."""
    stages = [record for record in facts.stages if record["name"] == "redact_pii"]
    spans: dict[str, int] = {}
    for record in stages:
        for counter, count in record.get("counters", {}).items():
            if counter.startswith("pii_"):
                kind = counter.removeprefix("pii_")
                spans[kind] = spans.get(kind, 0) + int(count)
    rejected = facts.ledger.get("total", {}).get("rejected_by_reason", {})
    sensitive = [record for record in facts.stages if record["name"] == "sensitive_filter"]
    result: dict[str, Any] = {
        "redacted": bool(stages),
        "stages": [{"label": record["label"], "settings": record.get("settings", {})} for record in stages],
        "spans_redacted_by_kind": dict(sorted(spans.items())),
        "spans_redacted": sum(spans.values()),
        "kept_documents_with_redactions": facts.stats.get("pii", {}),
        "documents_dropped_pii_dense": int(rejected.get("pii_dense", 0)),
        "sensitive_filter": {
            "ran": bool(sensitive),
            "documents_dropped_by_reason": {
                reason: count for reason, count in sorted(rejected.items()) if reason.startswith("sensitive_")
            },
        },
    }
    if not stages:
        result["note"] = "No redact_pii stage ran: personal data in the texts was not redacted by this run."
    return result


def write_governance_reports(facts: RunFacts) -> list[Path]:
    return [
        write_json_paper(facts.root / LICENSES_FILE, build_licenses(facts)),
        write_json_paper(facts.root / OPTOUTS_FILE, build_optouts(facts)),
        write_json_paper(facts.root / PII_FILE, build_pii(facts)),
    ]


def _subtotal(entries: Any, keep: Any, key: str = "source") -> dict[str, Any]:
    chosen = [entry for entry in entries if keep(entry)]
    return {
        "docs": sum(entry["docs"] for entry in chosen),
        "chars": sum(entry["chars"] for entry in chosen),
        f"{key}s": sorted(entry[key] for entry in chosen),
    }
