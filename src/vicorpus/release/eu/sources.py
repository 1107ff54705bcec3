"""§2 of the EU training-content summary (list of data sources), from a run's facts.

Each source of the pipeline lands in the section of its ``kind`` (a source without a
declared kind goes to §2.6 and says so). Sizes are the kept documents and characters of
this dataset; the template's thresholds (3 % for a "large" public dataset, the top 10 %
of domains) are computed over this dataset only, and the model provider recomputes them
over all the model's training data when merging.
"""

from __future__ import annotations

import math
from typing import Any

from vicorpus.config.source import Source
from vicorpus.release.eu.answers import (
    FORMAT_WORDS,
    NOT_APPLICABLE,
    TEXT,
    Answer,
    SourceSizes,
    by_kind,
    maintainers,
    period_text,
    share,
)
from vicorpus.release.eu.template import (
    LARGE_PUBLIC_DATASET_SHARE,
    SME_MAX_DOMAINS,
    SME_TOP_DOMAIN_SHARE,
    TOP_DOMAIN_SHARE,
)
from vicorpus.release.facts import TO_BE_FILLED, RunFacts

# §2.3's domains are those of the crawled sources' documents only, never of other sources.
CRAWLED_BASIS = "characters kept from the crawled sources' documents"
NO_CRAWLED_URL = (
    "The crawled sources' kept documents carry no URL, hence no domain, so the run cannot tell which domains "
    "were crawled (the domains of other sources' documents are not crawled domains)."
)


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
    return math.ceil(distinct * TOP_DOMAIN_SHARE)


def sme_domain_count(distinct: int) -> int:
    """For SMEs: 5 % rounded up, at most 1,000."""
    return min(math.ceil(distinct * SME_TOP_DOMAIN_SHARE), SME_MAX_DOMAINS)


def crawled_domains(facts: RunFacts) -> dict[str, Any]:
    """The crawled sources' domains as the statistics count them: ``distinct``, their
    documents and characters, and by name only the largest (``ranked``, enough for the
    lists): counts and shares come from the totals, never from the length of ``ranked``;
    ``vn_chars``: the characters on .vn domains, ``None`` when not counted."""
    entry = facts.stats.get("crawled_domains") or {}
    totals = {key: int(entry.get(key) or 0) for key in ("distinct", "docs_with_domain", "chars_with_domain")}
    vn = entry.get("vn_chars")
    return totals | {"ranked": list(entry.get("ranked") or []), "vn_chars": None if vn is None else int(vn)}


def domain_lists(domains: dict[str, Any]) -> dict[str, Any]:
    """The template's two lists, from :func:`crawled_domains` (ranked largest first)."""
    distinct, total = domains["distinct"], domains["chars_with_domain"]
    top, sme = top_domain_count(distinct), sme_domain_count(distinct)
    rows = [
        {
            "domain": row["value"],
            "documents": int(row["docs"]),
            "characters": int(row["chars"]),
            "share_of_characters": share(int(row["chars"]), total),
        }
        for row in domains["ranked"][:top]  # the SME list is never longer
    ]
    return {
        "distinct_domains": distinct,
        "documents_with_domain": domains["docs_with_domain"],
        "characters_with_domain": total,
        "top_10_percent_count": top,
        "sme_top_domains_count": sme,
        "sme_rule": (
            f"SMEs may list the top {float(SME_TOP_DOMAIN_SHARE):.0%} or {SME_MAX_DOMAINS:,} domains, "
            "whichever is lower."
        ),
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
        "top_domains": _top_domains(facts),
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
    domains = crawled_domains(facts)
    vn = _vn_domain_chars(domains) if domains["distinct"] else None
    note = "The maintainers may add what kinds of sites were crawled (news, forums, government, shops…)."
    if not domains["distinct"]:
        note += f" {NO_CRAWLED_URL} The maintainers add the number of domains and the share from .vn domains."
    elif vn is None:
        note += " The run cannot count the characters from .vn domains: the maintainers add the share."
    value = {
        "summary": _narrative(sources, sizes),
        "distinct_domains": domains["distinct"] or TO_BE_FILLED,
        "share_of_characters_from_vn_domains": TO_BE_FILLED if vn is None else share(vn, domains["chars_with_domain"]),
        "sources": [sizes.row(source) for source in sources],
    }
    return Answer(value, note=note)


def _vn_domain_chars(domains: dict[str, Any]) -> int | None:
    """Characters kept from the crawled sources' documents on a .vn domain: from the
    ranking when it names every domain, else as the statistics counted them over every
    domain (``vn_chars``); ``None`` when they did not."""
    if len(domains["ranked"]) >= domains["distinct"]:
        return sum(int(row["chars"]) for row in domains["ranked"] if _is_vn(row["value"]))
    vn: int | None = domains["vn_chars"]
    return vn


def _is_vn(domain: Any) -> bool:
    return str(domain).lower().rstrip(".").endswith(".vn")


def _top_domains(facts: RunFacts) -> Answer:
    domains = crawled_domains(facts)
    if not domains["distinct"]:
        return maintainers(f"{NO_CRAWLED_URL} The maintainers list the domains crawled, largest first.")
    lists = domain_lists(domains)
    note = (
        f"Ranked by {CRAWLED_BASIS}, i.e. by what this dataset kept, not by all content scraped. The model "
        "provider recomputes the lists over all data it crawled or scraped."
    )
    named, wanted = len(lists["top_10_percent"]), lists["top_10_percent_count"]
    if named < wanted:  # statistics that name fewer domains than the list needs
        note += f" The run's statistics name only {named:,} of the {wanted:,} domains: the maintainers add the rest."
    return Answer({"ranking_basis": CRAWLED_BASIS} | lists, note=note)


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
