"""§2 of the EU training-content summary (list of data sources), from a run's facts.

Each source of the pipeline lands in the section of its ``kind`` (a source without a
declared kind goes to §2.6 and says so). Sizes are the kept documents and characters of
this dataset; the template's thresholds (3 % for a "large" public dataset, the top 10 %
of domains) are computed over this dataset only, and the model provider recomputes them
over all the model's training data when merging.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from vicorpus.config.source import Source
from vicorpus.release.eu.template import (
    LARGE_PUBLIC_DATASET_SHARE,
    SME_MAX_DOMAINS,
    FilledBy,
)
from vicorpus.release.facts import TO_BE_FILLED, RunFacts

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


def _used(sources: list[Source]) -> Answer:
    return Answer(bool(sources))


def _modalities(sources: list[Source]) -> Answer:
    # vicorpus reads and writes text only.
    return Answer([TEXT] if sources else NOT_APPLICABLE)


def _comments(sources: list[Source], sizes: SourceSizes) -> Answer:
    if not sources:
        return Answer(NOT_APPLICABLE)
    chars = sum(sizes.chars_of(source) for source in sources)
    docs = sum(sizes.docs_of(source) for source in sources)
    return Answer(
        {
            "documents_kept": docs,
            "characters_kept": chars,
            "share_of_dataset_characters": share(chars, sizes.chars),
            "legal_basis": [
                {"source": source.name, "legal_basis": source.legal_basis or "not stated"} for source in sources
            ],
        }
    )


# --- §2.1 publicly available datasets ------------------------------------------------------


def public_datasets(sources: list[Source], sizes: SourceSizes) -> dict[str, Answer]:
    total = sum(sizes.chars_of(source) for source in sources)
    large = [s for s in sources if total and sizes.chars_of(s) / total > LARGE_PUBLIC_DATASET_SHARE]
    others = [s for s in sources if s not in large]
    scope = (
        "Shares are of the characters kept from this dataset's public sources; the provider recomputes "
        "them over all publicly available data the model was trained on."
    )
    if not sources:
        large_answer = other_answer = Answer(NOT_APPLICABLE)
    else:
        large_answer = Answer(
            [
                sizes.row(source) | {"share_of_public_data_characters": share(sizes.chars_of(source), total)}
                for source in large
            ],
            note=scope,
        )
        other_answer = Answer(
            _narrative(others, sizes) if others else "None: every public dataset used is listed above.", note=scope
        )
    return {
        "used": _used(sources),
        "modalities": _modalities(sources),
        "large_datasets": large_answer,
        "other_datasets": other_answer,
        "additional_comments": _comments(sources, sizes),
    }


def _narrative(sources: list[Source], sizes: SourceSizes) -> str:
    chars = sum(sizes.chars_of(source) for source in sources)
    parts = [
        f"{source.name} ({FORMAT_WORDS.get(source.format, source.format)}, {sizes.docs_of(source):,} documents, "
        f"licence {source.license}, "
        + (f"collected {period_text(source)})" if source.collection_period else "collection period not stated)")
        for source in sources
    ]
    return (
        f"{len(sources)} source(s), Vietnamese text, {chars:,} characters kept "
        f"({share(chars, sizes.chars):.1%} of the dataset): " + "; ".join(parts) + "."
    )


# --- §2.2 private datasets from third parties ------------------------------------------------


def licensed_datasets(sources: list[Source], sizes: SourceSizes) -> dict[str, Answer]:
    return {
        "used": _used(sources),
        "modalities": _modalities(sources),
        "additional_comments": _licensed(sources, sizes),
    }


def _licensed(sources: list[Source], sizes: SourceSizes) -> Answer:
    if not sources:
        return Answer(NOT_APPLICABLE)
    answer = _comments(sources, sizes)
    answer.value["sources"] = [sizes.row(source) for source in sources]
    answer.note = "The template asks no list of licensed datasets: the provider may leave the names out."
    return answer


def other_private_datasets(sources: list[Source], sizes: SourceSizes) -> dict[str, Answer]:
    # A dataset with a public homepage is taken as publicly known; the others are described.
    known = [source for source in sources if source.homepage]
    unknown = [source for source in sources if not source.homepage]
    if not sources:
        known_answer = other_answer = Answer(NOT_APPLICABLE)
    else:
        rule = "A source counts as publicly known when the pipeline gives it a homepage."
        known_answer = Answer([sizes.row(source) for source in known] if known else "None.", note=rule)
        other_answer = Answer(_narrative(unknown, sizes) if unknown else "None.", note=rule)
    return {
        "used": _used(sources),
        "modalities": _modalities(sources),
        "publicly_known": known_answer,
        "other_datasets": other_answer,
        "additional_comments": _comments(sources, sizes),
    }


# --- §2.3 crawled and scraped data ------------------------------------------------------


def top_domain_count(distinct: int) -> int:
    """The template's 10 %, rounded up: 25 domains → 3."""
    return -(-distinct // 10)


def sme_domain_count(distinct: int) -> int:
    """For SMEs: 5 % rounded up, at most 1,000."""
    return min(-(-distinct // 20), SME_MAX_DOMAINS)


def domain_lists(ranked: list[dict[str, Any]]) -> dict[str, Any]:
    """The two lists of the template from domains ranked by characters, largest first."""
    total = sum(int(row["chars"]) for row in ranked)
    rows = [
        {
            "domain": row["value"],
            "documents": int(row["docs"]),
            "characters": int(row["chars"]),
            "share_of_characters": share(int(row["chars"]), total),
        }
        for row in ranked
    ]
    top, sme = top_domain_count(len(rows)), sme_domain_count(len(rows))
    return {
        "distinct_domains": len(rows),
        "characters_with_domain": total,
        "top_10_percent_count": top,
        "sme_top_domains_count": sme,
        "sme_rule": "SMEs may list the top 5 % or 1,000 domains, whichever is lower.",
        "top_10_percent": rows[:top],
        "sme_top_domains": rows[:sme],
    }


def crawled_data(facts: RunFacts, sources: list[Source], sizes: SourceSizes) -> dict[str, Answer]:
    if not sources:
        empty = Answer(NOT_APPLICABLE)
        return {
            "used": Answer(False),
            "crawler_names": empty,
            "crawler_purposes": empty,
            "crawler_behaviour": empty,
            "collection_period": empty,
            "content_description": empty,
            "modalities": _modalities(sources),
            "top_domains": empty,
            "additional_comments": empty,
        }
    return {
        "used": Answer(True),
        "crawler_names": _crawler_names(sources),
        "crawler_purposes": _crawler_field(sources, "purpose", "purposes"),
        "crawler_behaviour": _crawler_behaviour(facts, sources),
        "collection_period": Answer([{"source": s.name, "collection_period": period_text(s)} for s in sources]),
        "content_description": _content_description(facts, sources, sizes),
        "modalities": _modalities(sources),
        "top_domains": _top_domains(facts, sources),
        "additional_comments": _comments(sources, sizes),
    }


def _undeclared(sources: list[Source]) -> str:
    return ", ".join(source.name for source in sources if source.crawler is None)


def _crawler_names(sources: list[Source]) -> Answer:
    rows = [
        {"crawler": s.crawler.name, "user_agent": s.crawler.user_agent or "not stated", "source": s.name}
        for s in sources
        if s.crawler is not None
    ]
    missing = _undeclared(sources)
    if not rows:
        return maintainers(f"No crawler block in the pipeline for the crawled source(s) {missing}.")
    return Answer(rows, note=f"No crawler declared for {missing}: the maintainers add it." if missing else None)


def _crawler_field(sources: list[Source], attribute: str, words: str) -> Answer:
    rows = [
        {"source": s.name, "crawler": s.crawler.name, attribute: getattr(s.crawler, attribute)}
        for s in sources
        if s.crawler is not None and getattr(s.crawler, attribute)
    ]
    missing = [s.name for s in sources if s.crawler is None or not getattr(s.crawler, attribute)]
    if not rows:
        return maintainers(f"The pipeline states no crawler {words} for {', '.join(missing)}.")
    note = f"Not stated for {', '.join(missing)}: the maintainers add them." if missing else None
    return Answer(rows, note=note)


def _crawler_behaviour(facts: RunFacts, sources: list[Source]) -> Answer:
    robots = {True: "obeyed robots.txt", False: "did not obey robots.txt", None: "robots.txt: not stated"}
    rows = [
        {
            "source": s.name,
            "crawler": s.crawler.name if s.crawler else "not stated",
            "robots_txt": robots[s.crawler.respects_robots_txt if s.crawler else None],
            "behaviour": (s.crawler.behaviour if s.crawler else None) or "not stated",
        }
        for s in sources
    ]
    optout = "ran" if facts.stage_labels("optout") else "did not run"
    note = (
        f"What the crawler did when it collected the pages, as the pipeline states it. At processing time the "
        f"optout stage {optout} (§3.1)."
    )
    if any(row["behaviour"] == "not stated" or row["robots_txt"].endswith("not stated") for row in rows):
        note += " Where it says 'not stated', the maintainers add it."
    return Answer(rows, note=note)


def _content_description(facts: RunFacts, sources: list[Source], sizes: SourceSizes) -> Answer:
    ranked = _crawled_ranking(facts)[0]
    total = sum(int(row["chars"]) for row in ranked)
    vn = sum(int(row["chars"]) for row in ranked if str(row["value"]).endswith(".vn"))
    return Answer(
        {
            "summary": _narrative(sources, sizes),
            "distinct_domains": len(ranked),
            "share_of_characters_from_vn_domains": share(vn, total),
            "sources": [sizes.row(source) for source in sources],
        },
        note="The maintainers may add what kinds of sites were crawled (news, forums, government, shops…).",
    )


def _crawled_ranking(facts: RunFacts) -> tuple[list[dict[str, Any]], str]:
    """Domains ranked by kept characters: over the crawled sources' documents when the
    statistics have that ranking, else over all kept documents (and the note says so)."""
    crawled = facts.stats.get("crawled_domains", {}).get("ranked", [])
    if crawled:
        return crawled, "characters kept from the crawled sources' documents"
    overall = facts.stats.get("domains", {}).get("ranked", [])
    return overall, (
        "characters of all kept documents with a domain (the run's statistics hold no ranking over the "
        "crawled sources alone)"
    )


def _top_domains(facts: RunFacts, sources: list[Source]) -> Answer:
    ranked, basis = _crawled_ranking(facts)
    if not ranked:
        return maintainers("The kept documents carry no domain: the run cannot rank the domains crawled.")
    lists = domain_lists(ranked)
    note = (
        f"Ranked by {basis}, i.e. by what this dataset kept, not by all content scraped. The model provider "
        "recomputes the lists over all data it crawled or scraped."
    )
    return Answer({"ranking_basis": basis} | lists, note=note)


# --- §2.4 user data, §2.5 synthetic data, §2.6 other sources ----------------------------------


def user_data(sources: list[Source], sizes: SourceSizes) -> dict[str, Answer]:
    if not sources:
        none = Answer(False, note="None in this dataset; the model provider adds its own user data, if any.")
        return {
            "from_model_interactions": none,
            "from_other_services": Answer(False, note=none.note),
            "services_description": Answer(NOT_APPLICABLE),
            "modalities": _modalities(sources),
            "additional_comments": Answer(NOT_APPLICABLE),
        }
    names = ", ".join(source.name for source in sources)
    return {
        "from_model_interactions": maintainers(f"Say whether the user data of {names} came from the model's users."),
        "from_other_services": maintainers(f"Say whether the user data of {names} came from other services."),
        "services_description": maintainers(f"Describe the services or products the data of {names} came from."),
        "modalities": _modalities(sources),
        "additional_comments": _comments(sources, sizes),
    }


def synthetic_data(sources: list[Source], sizes: SourceSizes) -> dict[str, Answer]:
    if not sources:
        return {
            "used": Answer(False),
            "modalities": _modalities(sources),
            "generator_models_on_market": Answer(NOT_APPLICABLE),
            "generator_models_other": Answer(NOT_APPLICABLE),
            "additional_comments": Answer(NOT_APPLICABLE),
        }
    names = ", ".join(source.name for source in sources)
    return {
        "used": Answer(True),
        "modalities": _modalities(sources),
        "generator_models_on_market": maintainers(f"The pipeline does not say which models generated {names}."),
        "generator_models_other": maintainers(f"The pipeline does not say which models generated {names}."),
        "additional_comments": _comments(sources, sizes),
    }


def other_sources(sources: list[Source], sizes: SourceSizes) -> dict[str, Answer]:
    if not sources:
        return {
            "used": Answer(False),
            "description": Answer(NOT_APPLICABLE),
            "additional_comments": Answer(NOT_APPLICABLE),
        }
    rows = [
        sizes.row(source) | {"kind": "other" if source.kind else "not declared in the pipeline"} for source in sources
    ]
    undeclared = [source.name for source in sources if source.kind is None]
    note = (
        f"The pipeline declares no kind for {', '.join(undeclared)}: listed here until the maintainers declare "
        "one (public_dataset, private_licensed, private_other, crawled, user, synthetic or other)."
        if undeclared
        else None
    )
    return {
        "used": Answer(True),
        "description": Answer({"summary": _narrative(sources, sizes), "sources": rows}, note=note),
        "additional_comments": _comments(sources, sizes),
    }


def data_sources(facts: RunFacts) -> dict[str, dict[str, Answer]]:
    """§2.1–§2.6, section id → field key → answer."""
    sizes = SourceSizes(facts)
    kinds = by_kind(facts)
    return {
        "2.1": public_datasets(kinds.get("public_dataset", []), sizes),
        "2.2.1": licensed_datasets(kinds.get("private_licensed", []), sizes),
        "2.2.2": other_private_datasets(kinds.get("private_other", []), sizes),
        "2.3": crawled_data(facts, kinds.get("crawled", []), sizes),
        "2.4": user_data(kinds.get("user", []), sizes),
        "2.5": synthetic_data(kinds.get("synthetic", []), sizes),
        "2.6": other_sources(kinds.get("other", []), sizes),
    }
