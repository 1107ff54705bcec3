"""§3 of the EU training-content summary (data processing aspects), from a run's facts.

Every sentence says what a stage that ran did, in the terms of its recorded settings
(the manifest's ``settings``) and its counts (the ledger, the stage's ``counters``); a
stage that did not run is not described.
"""

from __future__ import annotations

from typing import Any

from vicorpus.release.eu.answers import Answer, by_kind, provider
from vicorpus.release.facts import RunFacts

OWN_MEASURES = "Measures of this dataset's preparation; the provider adds its own."
# What the filters acting on unlawful or harmful content drop, and their drop reasons.
FILTERS: dict[str, tuple[str, tuple[str, ...]]] = {
    "spam_filter": ("drops gambling and betting, adult, instant-loan, scam and keyword-stuffed pages", ("spam_",)),
    "sensitive_filter": ("drops medical records and bank statements", ("sensitive_",)),
}
PII_DENSE = "pii_dense"
# The kinds of personal data of redact_pii's ``kinds`` setting, in words.
PII_WORDS: dict[str, str] = {
    "phone": "phone numbers",
    "email": "e-mail addresses",
    "citizen_id": "citizen ID numbers (CCCD/CMND)",
    "passport": "passport numbers",
    "tax_code": "personal tax codes",
    "company_tax_code": "company tax codes",
    "bank_card": "bank card numbers",
    "bank_account": "bank account numbers",
    "licence_plate": "licence plates",
    "ip_address": "IP addresses",
    "street_address": "street addresses",
}
NOT_DETECTED = (
    "No stage of this run detects child sexual abuse material, terrorist content, hate speech, defamation or "
    "copyright infringement"
)


def rejected_by_reason(facts: RunFacts) -> dict[str, int]:
    return {str(k): int(v) for k, v in facts.ledger.get("total", {}).get("rejected_by_reason", {}).items()}


def _settings(record: dict[str, Any]) -> dict[str, Any]:
    return dict(record.get("settings") or {})


# --- §3.1 -------------------------------------------------------------------------------


def _optout_measures(facts: RunFacts) -> Answer:
    stages = [record for record in facts.stages if record["name"] == "optout"]
    signals_found = facts.stats.get("optout", {})
    dropped = rejected_by_reason(facts).get("optout", 0)
    signals = sorted({signal for record in stages for signal in _settings(record).get("signals", [])})
    robots = [_settings(record)["robots_file"] for record in stages if _settings(record).get("robots_file")]
    if stages:
        statement = (
            f"The optout stage dropped {dropped:,} document(s) carrying an opt-out signal it honours "
            f"({', '.join(signals) or 'none set'})"
            + (" or whose URL a robots.txt snapshot disallows to AI-training crawlers." if robots else ".")
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
        "signals_honoured": signals,
        "robots_txt_snapshots": robots,
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
    return Answer(value, note=OWN_MEASURES)


# --- §3.2 -------------------------------------------------------------------------------


def redacted_spans(record: dict[str, Any]) -> dict[str, int]:
    """Spans a redact_pii stage replaced, per kind of its ``kinds`` setting, from its
    counters (``pii_<kind>``); the one place eu/ counts them. A manifest without the
    setting: the kinds the counters name."""
    counters = record.get("counters") or {}
    kinds = _settings(record).get("kinds") or [key.removeprefix("pii_") for key in counters if key.startswith("pii_")]
    return {str(kind): int(counters.get(f"pii_{kind}", 0)) for kind in kinds}


def _redaction_words(record: dict[str, Any]) -> str:
    settings = _settings(record)
    kinds = settings.get("kinds")
    listed = ", ".join(PII_WORDS.get(str(kind), str(kind).replace("_", " ")) for kind in kinds) if kinds else None
    words = f"replaces personal data ({listed or 'kinds not recorded in the manifest'}) by placeholders"
    density = settings.get("drop_density")
    if density is not None:
        least = settings.get("drop_min_spans")
        words += (
            f"; drops documents with {f'at least {least} such spans and ' if least else ''}more than {density} "
            f"spans per 1,000 characters (reason {PII_DENSE}), redacted all the same"
        )
    return words


def _illegal_content(facts: RunFacts) -> Answer:
    rejected = rejected_by_reason(facts)
    rows = []
    for record in facts.stages:
        if record["name"] in FILTERS:
            words, prefixes = FILTERS[record["name"]]
        elif record["name"] == "redact_pii":
            words = _redaction_words(record)
            prefixes = (PII_DENSE,) if _settings(record).get("drop_density") is not None else ()
        else:
            continue
        drops = {reason: n for reason, n in sorted(rejected.items()) if prefixes and reason.startswith(prefixes)}
        row: dict[str, Any] = {"stage": record["label"], "what_it_does": words}
        dropped = ", ".join(f"{reason}: {n:,}" for reason, n in drops.items()) or "none"
        row["documents_dropped"] = dropped if prefixes else "none: drop_density not set"
        if record["name"] == "redact_pii":
            spans = redacted_spans(record)
            row["spans_redacted"] = ", ".join(f"{kind}: {n:,}" for kind, n in spans.items()) or "none"
            row["spans_redacted_total"] = sum(spans.values())
        rows.append(row)
    with_pii = facts.stats.get("pii", {}).get("any", {}).get("docs")
    value: dict[str, Any] = {
        "statement": (
            "Stages of this run that drop unlawful or harmful content or redact personal data:"
            if rows
            else "No stage of this run acts on illegal or harmful content or on personal data."
        ),
        "stages": rows,
    }
    if with_pii is not None and any(record["name"] == "redact_pii" for record in facts.stages):
        value["kept_documents_with_redactions"] = int(with_pii)
    value["not_covered"] = NOT_DETECTED + (
        "; the stages above match text patterns and miss what they were not written for." if rows else "."
    )
    return Answer(value, note=OWN_MEASURES)


# --- §3.3 -------------------------------------------------------------------------------


def _other_processing(facts: RunFacts) -> Answer:
    total = facts.ledger.get("total", {})
    return Answer(
        {
            "pipeline_stages": [record["label"] for record in facts.stages],
            "rejected_by_reason": [{"reason": r, "documents": n} for r, n in sorted(rejected_by_reason(facts).items())],
            "duplicates_by_stage": [
                {"stage": s, "documents": int(n)} for s, n in sorted(total.get("duplicates_by_stage", {}).items())
            ],
            "quarantined": int(total.get("quarantined", 0)),
            "ledger": "Every input record is accounted for in ledger.json (kept, rejected, duplicate or quarantined).",
        }
    )


def processing(facts: RunFacts) -> dict[str, dict[str, Answer]]:
    """§3.1–§3.3, section id → field key → answer."""
    return {
        "3.1": {
            "code_of_practice_signatory": provider(),
            "measures": _optout_measures(facts),
            "additional_comments": provider("The provider may summarise its copyright policy here."),
        },
        "3.2": {"measures": _illegal_content(facts)},
        "3.3": {"other_information": _other_processing(facts)},
    }
