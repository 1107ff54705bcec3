"""The EU training-content summary (eu_training_content_summary.json / .md): every section
and field of the Commission's template, the run's answers, the provider's blanks."""

from __future__ import annotations

import json
import math
import re
from pathlib import Path
from typing import Any

import pyarrow as pa
import pyarrow.parquet as pq
import pytest
import yaml

from conftest import REPO
from vicorpus.config.governance import CollectionPeriod, Crawler
from vicorpus.config.release import ReleaseInfo
from vicorpus.config.source import Source
from vicorpus.release.corpus_stats import corpus_stats
from vicorpus.release.eu.answers import NOT_APPLICABLE
from vicorpus.release.eu.markdown import JSON_FILE, MAX_TABLE_ROWS, escape
from vicorpus.release.eu.sources import sme_domain_count, top_domain_count
from vicorpus.release.eu.summary import (
    MARKDOWN_FILE,
    build_eu_summary,
    render_eu_summary_markdown,
    write_eu_summary,
)
from vicorpus.release.eu.template import HEADINGS, SECTIONS, heading_level, heading_text
from vicorpus.release.facts import TO_BE_FILLED, TO_BE_FILLED_BY_PROVIDER, RunFacts, ShardFile, load_run_facts

FILLERS = {"run", "provider", "maintainers"}


def _fields(summary: dict[str, Any], section: str) -> dict[str, Any]:
    return dict(summary["sections"][section]["fields"])


def _value(summary: dict[str, Any], section: str, key: str) -> Any:
    return summary["sections"][section]["fields"][key]["value"]


# --- the demo run -------------------------------------------------------------------------


@pytest.fixture(scope="module")
def demo_summary(demo_run: Path) -> dict[str, Any]:
    """The JSON the run itself wrote at its end."""
    return dict(json.loads((demo_run / JSON_FILE).read_text(encoding="utf-8")))


def test_every_template_section_and_field_is_in_the_json(demo_summary: dict[str, Any]) -> None:
    assert list(demo_summary["sections"]) == [section.id for section in SECTIONS]
    for section in SECTIONS:
        rendered = demo_summary["sections"][section.id]
        assert rendered["title"] == section.title
        assert list(rendered["fields"]) == list(section.field_keys), section.id
        for field in section.fields:
            entry = rendered["fields"][field.key]
            assert entry["label"] == field.label
            assert entry["filled_by"] in FILLERS
            assert "value" in entry
            assert entry["value"] not in (None, "", [], {}), f"§{section.id} {field.key} is empty"


def test_every_section_has_a_heading_and_every_field_its_label_in_the_markdown(demo_run: Path) -> None:
    markdown = (demo_run / MARKDOWN_FILE).read_text(encoding="utf-8")
    headings = set(re.findall(r"^#{2,4} .+$", markdown, flags=re.MULTILINE))
    for number, title in HEADINGS.items():
        assert f"{'#' * heading_level(number)} {heading_text(number, title)}" in headings
    for section in SECTIONS:
        assert f"{'#' * heading_level(section.id)} {heading_text(section.id, section.title)}" in headings
        body = markdown.split(heading_text(section.id, section.title), 1)[1]
        for field in section.fields:
            assert f"**{field.label}**" in body, f"§{section.id} {field.key}"
    assert markdown.count(TO_BE_FILLED_BY_PROVIDER) >= 8
    assert "| tintuc-mau.vn |" in markdown  # the largest crawled domain, in a table


def test_the_provider_fields_are_left_blank_and_marked(demo_summary: dict[str, Any]) -> None:
    for section, key in [
        ("0", "summary_version"),
        ("1.1", "provider_name_contact"),
        ("1.1", "authorised_representative"),
        ("1.2", "versioned_model_names"),
        ("1.2", "model_dependencies"),
        ("1.2", "placed_on_market"),
        ("3.1", "code_of_practice_signatory"),
    ]:
        entry = _fields(demo_summary, section)[key]
        assert (entry["filled_by"], entry["value"]) == ("provider", TO_BE_FILLED_BY_PROVIDER), (section, key)
    for section in demo_summary["sections"].values():
        for entry in section["fields"].values():
            if entry["value"] == TO_BE_FILLED_BY_PROVIDER:
                assert entry["filled_by"] == "provider"


def test_sources_land_in_the_sections_of_their_kind(demo_summary: dict[str, Any]) -> None:
    # demo: news is crawled, forum private_other, notices other
    used = {
        section: _value(demo_summary, section, "used") for section in ("2.1", "2.2.1", "2.2.2", "2.3", "2.5", "2.6")
    }
    assert used == {"2.1": False, "2.2.1": False, "2.2.2": True, "2.3": True, "2.5": False, "2.6": True}
    assert _value(demo_summary, "2.1", "large_datasets") == NOT_APPLICABLE
    assert "forum" in _value(demo_summary, "2.2.2", "other_datasets")
    assert [row["source"] for row in _value(demo_summary, "2.6", "description")["sources"]] == ["notices"]
    assert _value(demo_summary, "2.4", "from_model_interactions") is False


def test_crawler_and_collection_come_from_the_pipeline(demo_summary: dict[str, Any]) -> None:
    config = yaml.safe_load((REPO / "examples" / "demo.yaml").read_text(encoding="utf-8"))
    news = next(source for source in config["sources"] if source["name"] == "news")
    crawlers = _value(demo_summary, "2.3", "crawler_names")
    assert [(row["crawler"], row["user_agent"], row["source"]) for row in crawlers] == [
        (news["crawler"]["name"], news["crawler"]["user_agent"], "news")
    ]
    assert _value(demo_summary, "2.3", "crawler_purposes")[0]["purpose"] == news["crawler"]["purpose"]
    assert _value(demo_summary, "2.3", "crawler_behaviour")[0]["robots_txt"] == "obeyed robots.txt"
    assert _value(demo_summary, "2.3", "collection_period") == [
        {"source": "news", "collection_period": "2025-01 – 2025-03"}
    ]
    latest = _value(demo_summary, "1.3", "latest_collection_date")
    assert latest["latest_collection_date"] == "2025-03"
    assert latest["collection_ongoing"] is False
    assert latest["sources_without_collection_period"] == ["notices"]


def test_top_domain_lists_follow_the_ten_percent_and_sme_rules(demo_run: Path, demo_summary: dict[str, Any]) -> None:
    chars: dict[str, int] = {}
    for shard in sorted((demo_run / "kept").glob("*.parquet")):
        for row in pq.read_table(shard, columns=["source", "domain", "text"]).to_pylist():
            if row["source"] == "news" and row["domain"] is not None:
                chars[row["domain"]] = chars.get(row["domain"], 0) + len(row["text"])
    ranked = sorted(chars, key=lambda domain: (-chars[domain], domain))
    lists = _value(demo_summary, "2.3", "top_domains")
    assert lists["distinct_domains"] == len(ranked) > 10
    top, sme = lists["top_10_percent"], lists["sme_top_domains"]
    assert len(top) == lists["top_10_percent_count"] == math.ceil(len(ranked) / 10)
    assert len(sme) == lists["sme_top_domains_count"] == min(math.ceil(len(ranked) / 20), 1000)
    assert [row["domain"] for row in top] == ranked[: len(top)]
    assert [row["characters"] for row in top] == [chars[domain] for domain in ranked[: len(top)]]
    assert top[0]["share_of_characters"] == pytest.approx(chars[ranked[0]] / sum(chars.values()), abs=1e-6)
    assert "crawled sources" in lists["ranking_basis"]


def test_sizes_are_the_kept_texts(demo_run: Path, demo_summary: dict[str, Any]) -> None:
    texts = [
        row["text"]
        for shard in sorted((demo_run / "kept").glob("*.parquet"))
        for row in pq.read_table(shard).to_pylist()
    ]
    size = _value(demo_summary, "1.3", "training_data_size")
    assert size["documents"] == len(texts)
    assert size["characters"] == sum(len(text) for text in texts)
    assert 0 < size["syllables"] < size["characters"]
    assert size["estimated_tokens_low"] < size["estimated_tokens_high"]
    assert size["range"] == "Less than 1 billion tokens"
    assert _fields(demo_summary, "1.3")["training_data_size"]["note"].startswith("Tokens are an estimate")


def test_opt_out_and_illegal_content_counts_equal_the_ledger(demo_run: Path, demo_summary: dict[str, Any]) -> None:
    facts = load_run_facts(demo_run)
    rejected = facts.ledger["total"]["rejected_by_reason"]
    measures = _value(demo_summary, "3.1", "measures")
    assert measures["documents_dropped_for_optout"] == rejected.get("optout", 0)
    assert {row["source"]: row["documents"] for row in measures["documents_dropped_by_source"]} == {
        name: counts["rejected_by_reason"].get("optout", 0) for name, counts in facts.ledger["sources"].items()
    }
    assert measures["optout_stage_ran"] is False  # the demo pipeline has no optout stage
    assert "no opt-out was honoured by this run" in measures["statement"]
    stages = {row["stage"]: row for row in _value(demo_summary, "3.2", "measures")["stages"]}
    assert set(stages) == {"spam_filter", "redact_pii"}
    for reason in ("spam_gambling", "spam_loans"):
        assert f"{reason}: {rejected[reason]}" in stages["spam_filter"]["documents_dropped"]
    record = next(record for record in facts.stages if record["name"] == "redact_pii")
    assert f"phone: {record['counters']['pii_phone']}" in stages["redact_pii"]["spans_redacted"]
    assert stages["redact_pii"]["spans_redacted"].count(":") == len(record["settings"]["kinds"])


# --- synthetic facts ----------------------------------------------------------------------


def _facts(
    root: Path,
    sources: list[Source],
    stats: dict[str, Any] | None = None,
    stages: list[dict[str, Any]] | None = None,
    rejected: dict[str, int] | None = None,
    kept_files: list[ShardFile] | None = None,
) -> RunFacts:
    ledger = {
        "total": {"input": 10, "kept": 10, "rejected_by_reason": rejected or {}},
        "sources": {source.name: {"rejected_by_reason": rejected or {}} for source in sources},
    }
    manifest = {"stages": stages or [], "finished_at": "2025-06-01T00:00:00+00:00"}
    return RunFacts(root, manifest, ledger, sources, ReleaseInfo(), kept_files or [], stats or {})


def _ranked(n: int) -> list[dict[str, Any]]:
    return [{"value": f"site{i:05d}.vn", "docs": 1, "chars": 10 * (n - i)} for i in range(n)]


def _domains(ranked: list[dict[str, Any]]) -> dict[str, Any]:
    """Domain statistics as corpus_stats writes them: totals over every domain, by name
    only the largest max(ceil(n / 10), 20)."""
    return {
        "distinct": len(ranked),
        "docs_with_domain": sum(row["docs"] for row in ranked),
        "chars_with_domain": sum(row["chars"] for row in ranked),
        "ranked": ranked[: max(math.ceil(len(ranked) / 10), 20)],
    }


@pytest.mark.parametrize(
    ("domains", "top", "sme"), [(1, 1, 1), (10, 1, 1), (25, 3, 2), (30, 3, 2), (41, 5, 3), (50_000, 5_000, 1_000)]
)
def test_domain_counts_round_up_and_cap_sme_at_1000(domains: int, top: int, sme: int) -> None:
    assert (top_domain_count(domains), sme_domain_count(domains)) == (top, sme)


def test_domain_lists_from_synthetic_rankings(tmp_path: Path) -> None:
    web = Source(name="web", format="warc", path="x", kind="crawled", crawler=Crawler(name="vi-bot"))
    for n, top, sme in ((25, 3, 2), (50_000, 5_000, 1_000)):
        stats = {"crawled_domains": _domains(_ranked(n)), "sources": [{"value": "web", "docs": n, "chars": 1}]}
        summary = build_eu_summary(_facts(tmp_path, [web], stats))
        lists = _value(summary, "2.3", "top_domains")
        assert (len(lists["top_10_percent"]), len(lists["sme_top_domains"])) == (top, sme)
        assert lists["distinct_domains"] == n  # from the count, not from the names kept
        assert lists["top_10_percent"][0]["domain"] == "site00000.vn"
        total = sum(row["chars"] for row in _ranked(n))
        assert lists["top_10_percent"][0]["share_of_characters"] == pytest.approx(10 * n / total, abs=1e-6)
        assert _value(summary, "2.3", "content_description")["distinct_domains"] == n
    # The whole top-10 % list is in the Markdown, however long; no table is cut below 1,000 rows.
    markdown = render_eu_summary_markdown(summary)
    assert all(f"| site{i:05d}.vn |" in markdown for i in range(5_000))
    assert "more rows in" not in markdown
    assert MAX_TABLE_ROWS == 1_000


def test_vn_share_counts_every_domain_even_those_not_named(tmp_path: Path) -> None:
    # 30 domains: the statistics name the 20 largest (.vn); of the 10 others, in the shards
    # only, five are .vn too: the share must count them (the ranking alone gives 2,000).
    rows = [("web", f"big{i}.vn", "x" * 100) for i in range(20)] + [
        ("web", f"small{i}.{'vn' if i % 2 else 'com'}", "y" * 10) for i in range(10)
    ]
    rows.append(("wiki", "other.vn", "z" * 1_000))  # another source's domain: not crawled
    (tmp_path / "kept").mkdir()
    shard = tmp_path / "kept" / "part-0.parquet"
    names = ("source", "domain", "text")
    columns = {name: [row[i] for row in rows] for i, name in enumerate(names)}
    pq.write_table(pa.table(columns | {"license": ["CC0-1.0"] * len(rows)}), shard)
    web = Source(name="web", format="warc", path="x", kind="crawled")
    wiki = Source(name="wiki", format="jsonl", path="x", kind="public_dataset")
    stats = corpus_stats(tmp_path, {}, ("web",))
    assert len(stats["crawled_domains"]["ranked"]) == 20
    facts = _facts(tmp_path, [web, wiki], stats, kept_files=[ShardFile("kept/part-0.parquet", 1, "", len(rows))])
    description = _value(build_eu_summary(facts), "2.3", "content_description")
    assert description["distinct_domains"] == 30
    assert description["share_of_characters_from_vn_domains"] == pytest.approx(2_050 / 2_100, abs=1e-6)
    # Statistics that did not count the .vn characters (made by hand): the maintainers add the share.
    del stats["crawled_domains"]["vn_chars"]
    description = _value(build_eu_summary(_facts(tmp_path, [web, wiki], stats)), "2.3", "content_description")
    assert description["share_of_characters_from_vn_domains"] == TO_BE_FILLED


def test_a_crawled_source_without_urls_lists_no_domains(tmp_path: Path) -> None:
    # The public dataset's documents carry URLs, the crawled source's do not: §2.3 must not
    # list the public dataset's domains as crawled ones.
    web = Source(name="web", format="warc", path="x", kind="crawled")
    wiki = Source(name="wiki", format="jsonl", path="x", kind="public_dataset")
    stats = {
        "domains": _domains(_ranked(12)),
        "crawled_domains": {"distinct": 0, "docs_with_domain": 0, "chars_with_domain": 0, "ranked": []},
        "sources": [{"value": "web", "docs": 5, "chars": 500}, {"value": "wiki", "docs": 12, "chars": 780}],
    }
    summary = build_eu_summary(_facts(tmp_path, [web, wiki], stats))
    top = _fields(summary, "2.3")["top_domains"]
    assert (top["filled_by"], top["value"]) == ("maintainers", TO_BE_FILLED)
    assert "carry no URL" in top["note"]
    description = _fields(summary, "2.3")["content_description"]
    assert description["value"]["distinct_domains"] == TO_BE_FILLED
    assert description["value"]["share_of_characters_from_vn_domains"] == TO_BE_FILLED
    assert "carry no URL" in description["note"]
    assert "site00000.vn" not in json.dumps(summary["sections"]["2.3"])
    assert "site00000.vn" not in render_eu_summary_markdown(summary)
    names = _fields(summary, "2.3")["crawler_names"]
    assert names["filled_by"] == "maintainers"  # the pipeline declares no crawler for web


def test_a_run_without_crawled_sources(tmp_path: Path) -> None:
    big = Source(
        name="wiki", format="wikipedia", path="x", kind="public_dataset", homepage="https://dumps.wikimedia.org"
    )
    small = Source(name="tiny", format="jsonl", path="x", kind="public_dataset")
    loose = Source(name="misc", format="text_files", path="x")  # no kind declared
    stats = {
        "sources": [
            {"value": "wiki", "docs": 90, "chars": 9_800},
            {"value": "tiny", "docs": 5, "chars": 200},
            {"value": "misc", "docs": 5, "chars": 100},
        ],
        "domains": _domains(_ranked(5)),
    }
    summary = build_eu_summary(_facts(tmp_path, [big, small, loose], stats))
    crawled = _fields(summary, "2.3")
    assert crawled["used"]["value"] is False
    assert all(entry["value"] == NOT_APPLICABLE for key, entry in crawled.items() if key not in ("used", "modalities"))
    assert _value(summary, "2.1", "used") is True
    assert [row["source"] for row in _value(summary, "2.1", "large_datasets")] == ["wiki"]  # tiny is 2 %: not large
    assert "tiny" in _value(summary, "2.1", "other_datasets")
    other = _fields(summary, "2.6")
    assert other["used"]["value"] is True
    assert "declares no kind for misc" in other["description"]["note"]
    assert _value(summary, "1.3", "linguistic_characteristics") != TO_BE_FILLED_BY_PROVIDER


def test_an_optout_stage_and_ongoing_collection(tmp_path: Path) -> None:
    web = Source(
        name="web",
        format="warc",
        path="x",
        kind="crawled",
        crawler=Crawler(name="vi-bot", respects_robots_txt=False),
        collection_period=CollectionPeriod(start="2024-05"),
    )
    stages = [{"label": "optout", "name": "optout", "settings": {"signals": ["tdm_reservation", "robots_noai"]}}]
    summary = build_eu_summary(_facts(tmp_path, [web], {}, stages, {"optout": 7}))
    measures = _value(summary, "3.1", "measures")
    assert measures["optout_stage_ran"] is True
    assert measures["documents_dropped_for_optout"] == 7
    assert measures["signals_honoured"] == ["robots_noai", "tdm_reservation"]
    assert measures["statement"].startswith("The optout stage dropped 7 document(s)")
    latest = _value(summary, "1.3", "latest_collection_date")
    assert (latest["collection_ongoing"], latest["ongoing_sources"]) == (True, ["web"])
    assert _value(summary, "2.3", "collection_period")[0]["collection_period"] == "2024-05 – ongoing"
    assert _value(summary, "2.3", "crawler_behaviour")[0]["robots_txt"] == "did not obey robots.txt"


def test_written_atomically_as_utf8_json_and_markdown(tmp_path: Path) -> None:
    news = Source(name="tin-tuc", format="jsonl", path="x", kind="private_licensed", legal_basis="hợp đồng")
    written = write_eu_summary(_facts(tmp_path, [news], {"sources": [{"value": "tin-tuc", "docs": 1, "chars": 5}]}))
    assert written == [tmp_path / JSON_FILE, tmp_path / MARKDOWN_FILE]
    assert not list(tmp_path.glob("*.partial"))
    text = (tmp_path / JSON_FILE).read_text(encoding="utf-8")
    assert "hợp đồng" in text  # UTF-8, not \u escapes
    assert text.splitlines()[1].startswith('  "')  # indent 2
    assert json.loads(text)["sections"]["2.2.1"]["fields"]["used"]["value"] is True
    assert "#### 2.2.1 Datasets commercially licensed" in (tmp_path / MARKDOWN_FILE).read_text(encoding="utf-8")


def test_redaction_is_described_by_the_stage_settings(tmp_path: Path) -> None:
    counters = {"pii_phone": 4, "pii_email": 2, "pii_bank_card": 0, "pii_ip_address": 0}
    stages = [
        {"label": "redact_pii", "name": "redact_pii", "settings": {"kinds": ["phone", "email"]}, "counters": counters}
    ]
    stats = {"pii": {"phone": {"docs": 3, "spans": 4}, "any": {"docs": 3, "spans": 6}}}
    measures = _value(build_eu_summary(_facts(tmp_path, [], stats, stages)), "3.2", "measures")
    (row,) = measures["stages"]
    assert "phone numbers, e-mail addresses" in row["what_it_does"]
    assert not any(word in row["what_it_does"] for word in ("card", "IP", "plate", "drops"))
    assert (row["spans_redacted"], row["spans_redacted_total"]) == ("phone: 4, email: 2", 6)
    assert row["documents_dropped"] == "none: drop_density not set"
    assert measures["kept_documents_with_redactions"] == 3
    dense = {"kinds": ["phone"], "drop_density": 5.0, "drop_min_spans": 3}
    stages = [{"label": "pii", "name": "redact_pii", "settings": dense, "counters": counters}]
    summary = build_eu_summary(_facts(tmp_path, [], {}, stages, {"pii_dense": 2}))
    (row,) = _value(summary, "3.2", "measures")["stages"]
    assert "at least 3 such spans and more than 5.0 spans per 1,000 characters" in row["what_it_does"]
    assert (row["documents_dropped"], row["spans_redacted"]) == ("pii_dense: 2", "phone: 4")


def test_no_stage_no_claim(tmp_path: Path) -> None:
    summary = build_eu_summary(_facts(tmp_path, [], {}))
    measures = _value(summary, "3.2", "measures")
    assert measures["stages"] == []
    assert "stages above" not in measures["not_covered"]
    assert "No language filter ran" in _value(summary, "1.3", "other_characteristics")["regional"]


def test_topics_come_from_the_domain_label_column(tmp_path: Path) -> None:
    labels = {"domain_label": [{"value": "news", "docs": 3, "chars": 300}, {"value": "law", "docs": 1, "chars": 100}]}
    content = _value(build_eu_summary(_facts(tmp_path, [], {"labels": labels})), "1.3", "types_of_content")
    assert [(row["topic"], row["share_of_characters"]) for row in content["topics"]] == [("news", 0.75), ("law", 0.25)]


HOSTILE = ["<img src=x onerror=alert(1)>.vn", "[click](evil.vn)", "*bold*_it_`code`.vn", "a|b.vn", "# head.vn"]


def test_markdown_renders_values_as_literal_text(tmp_path: Path) -> None:
    # 50 domains, the hostile ones the largest: the top 10 % holds the five of them.
    domains = HOSTILE + [f"plain{i}.vn" for i in range(45)]
    ranked = [{"value": domain, "docs": 1, "chars": 100 - i} for i, domain in enumerate(domains)]
    web = Source(
        name="web_news",
        format="warc",
        path="x",
        kind="crawled",
        legal_basis="<script>alert(1)</script>",
        crawler=Crawler(name="[bot](http://evil)", purpose="# purpose", behaviour="<b>fast</b> & *loud*"),
    )
    stats = {"crawled_domains": _domains(ranked), "sources": [{"value": "web_news", "docs": 5, "chars": 1}]}
    markdown = render_eu_summary_markdown(build_eu_summary(_facts(tmp_path, [web], stats)))
    assert r"| \<img src=x onerror=alert(1)\>.vn |" in markdown
    assert r"\[click\](evil.vn)" in markdown
    assert r"\*bold\*\_it\_\`code\`.vn" in markdown
    assert r"a\|b.vn" in markdown
    assert r"\[bot\](http://evil)" in markdown
    assert r"\<b\>fast\</b\> \& \*loud\*" in markdown
    assert r"\<script\>alert(1)\</script\>" in markdown
    assert r"web\_news" in markdown
    for raw in ("<img", "<script", "<b>", "[click]", "[bot]", "*bold*"):
        assert raw not in markdown.replace("\\" + raw[0], ""), raw
    # No line opens a heading, a quote or a list item from a value.
    assert not re.search(r"^(#+ |- )#", markdown, flags=re.MULTILINE)
    assert escape("# head") == r"\# head"
    assert escape("1. item") == r"1\. item"
    assert escape("- item") == r"\- item"
    assert escape("tintuc-mau.vn") == "tintuc-mau.vn"


def test_syllables_come_from_the_column_and_from_the_text_only_where_it_is_null(tmp_path: Path) -> None:
    from types import SimpleNamespace

    import polars as pl

    from vicorpus.release.eu.summary import count_syllables

    (tmp_path / "kept").mkdir()
    frame = pl.DataFrame({"text": ["một hai ba", "bốn năm", "x , y"], "syllable_count": [7, None, None]})
    frame.write_parquet(tmp_path / "kept" / "part-0.parquet")
    # Statistics without a count (shards that differ in the columns): counted here from the shards.
    facts = SimpleNamespace(root=tmp_path, kept_files=[SimpleNamespace(path="kept/part-0.parquet")], stats={})
    total, how = count_syllables(facts)  # type: ignore[arg-type]
    assert total == 7 + 2 + 2 and "syllable_count column" in how
