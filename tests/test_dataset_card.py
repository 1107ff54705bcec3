"""README.md: a Hugging Face dataset card whose metadata the Hub accepts and whose body is
a datasheet filled from the run."""

from __future__ import annotations

import dataclasses
import inspect
import re
import shutil
from pathlib import Path
from typing import Any

import pytest
import yaml

from vicorpus.release.card.card import CARD_FILE, render_dataset_card, size_category, write_dataset_card
from vicorpus.release.card.hub_licenses import HUB_LICENSE_IDS, hub_license, hub_license_id
from vicorpus.release.card.markdown import md
from vicorpus.release.facts import TO_BE_FILLED, RunFacts, load_run_facts

# Keys documented in the Hub's dataset-card spec
# (https://github.com/huggingface/hub-docs/blob/main/datasetcard.md) besides the
# arguments of huggingface_hub.DatasetCardData.
DOCUMENTED_KEYS = {
    "language",
    "license",
    "license_name",
    "license_link",
    "license_details",
    "tags",
    "annotations_creators",
    "language_creators",
    "language_details",
    "pretty_name",
    "size_categories",
    "source_datasets",
    "task_categories",
    "task_ids",
    "paperswithcode_id",
    "configs",
    "dataset_info",
    "extra_gated_fields",
    "extra_gated_prompt",
    "train-eval-index",
}
# The Hub's size buckets, as its dataset viewer writes them.
HUB_SIZE_CATEGORIES = [
    "n<1K",
    "1K<n<10K",
    "10K<n<100K",
    "100K<n<1M",
    "1M<n<10M",
    "10M<n<100M",
    "100M<n<1B",
    "1B<n<10B",
    "10B<n<100B",
    "100B<n<1T",
    "n>1T",
]
DATASHEET_SECTIONS = [
    "Motivation",
    "Composition",
    "Collection process",
    "Preprocessing, cleaning, labeling",
    "Uses",
    "Distribution",
    "Maintenance",
]


@pytest.fixture(autouse=True)
def _no_network(offline: None) -> None:
    """huggingface_hub must parse the card without calling the Hub."""


@pytest.fixture(scope="module")
def card(demo_run: Path) -> str:
    return (demo_run / CARD_FILE).read_text(encoding="utf-8")


@pytest.fixture(scope="module")
def facts(demo_run: Path) -> RunFacts:
    return load_run_facts(demo_run)


def split_card(text: str) -> tuple[dict[str, Any], str]:
    match = re.match(r"---\n(.*?\n)---\n(.*)", text, flags=re.DOTALL)
    assert match, "no YAML front matter"
    return dict(yaml.safe_load(match.group(1))), match.group(2)


def sections(body: str) -> dict[str, str]:
    parts = re.split(r"^## (.+)$", body, flags=re.MULTILINE)
    return dict(zip(parts[1::2], parts[2::2], strict=True))


def test_front_matter_parses_with_the_hubs_library(card: str) -> None:
    from huggingface_hub import DatasetCard, DatasetCardData

    metadata, _ = split_card(card)
    data = DatasetCard(card).data
    assert isinstance(data, DatasetCardData)
    assert data.license == "cc0-1.0"
    assert data.language == ["vi"]
    assert data.to_dict()["configs"] == metadata["configs"]


def test_every_front_matter_key_is_a_hub_dataset_card_key(card: str) -> None:
    from huggingface_hub import DatasetCardData

    arguments = set(inspect.signature(DatasetCardData.__init__).parameters) - {"self", "kwargs"}
    metadata, _ = split_card(card)
    unknown = set(metadata) - (arguments | DOCUMENTED_KEYS)
    assert not unknown


def test_front_matter_values(card: str, demo_run: Path) -> None:
    metadata, _ = split_card(card)
    assert metadata["pretty_name"] == "vicorpus demo corpus (sample, made-up Vietnamese text)"
    assert metadata["language"] == ["vi"]
    assert metadata["license"] == "cc0-1.0"
    assert metadata["license"] in HUB_LICENSE_IDS
    assert metadata["size_categories"] == ["n<1K"]  # 60 kept documents
    assert set(metadata["size_categories"]) <= set(HUB_SIZE_CATEGORIES)
    assert metadata["task_categories"] == ["text-generation"]
    assert metadata["task_ids"] == ["language-modeling"]
    assert metadata["multilinguality"] == ["monolingual"]
    assert metadata["annotations_creators"] == ["machine-generated"]
    assert metadata["language_creators"] == ["found", "other"]
    assert metadata["source_datasets"] == ["original"]
    assert "vietnamese" in metadata["tags"]
    [config] = metadata["configs"]
    assert config == {"config_name": "default", "data_files": [{"split": "train", "path": "kept/*.parquet"}]}
    matched = sorted(demo_run.glob(config["data_files"][0]["path"]))
    assert matched == sorted((demo_run / "kept").glob("*.parquet"))
    assert matched


def test_size_categories_follow_the_hubs_buckets() -> None:
    assert size_category(0) == "n<1K"
    assert size_category(999) == "n<1K"
    assert size_category(1_000) == "1K<n<10K"
    assert size_category(99_999) == "10K<n<100K"
    assert size_category(250_000_000) == "100M<n<1B"
    assert size_category(10**13) == "n>1T"
    assert [size_category(10**exponent * 5) for exponent in range(2, 13)] == HUB_SIZE_CATEGORIES


def test_body_has_the_seven_datasheet_sections_in_order(card: str) -> None:
    _, body = split_card(card)
    headings = [name for name in sections(body) if name != "Files"]
    assert headings == DATASHEET_SECTIONS


def test_fields_for_a_person_are_marked(card: str) -> None:
    _, body = split_card(card)
    by_name = sections(body)
    promised = {
        "Motivation": ["**Who funded its creation?** " + TO_BE_FILLED, "**What gap does it fill?** " + TO_BE_FILLED],
        "Composition": ["identifies sub-populations?** " + TO_BE_FILLED],
        "Collection process": ["**Was an ethical review conducted?** " + TO_BE_FILLED],
        "Uses": ["**Uses to avoid:** " + TO_BE_FILLED],
        "Distribution": ["**Where:** " + TO_BE_FILLED, "export controls or regulatory restrictions:** " + TO_BE_FILLED],
        # The demo's release block has neither contact nor citation.
        "Maintenance": ["removal requests for documents:** " + TO_BE_FILLED, "**Citation:**\n\n" + TO_BE_FILLED],
    }
    for section, marks in promised.items():
        for mark in marks:
            assert mark in by_name[section], (section, mark)


def test_ledger_numbers_appear_as_in_the_ledger(card: str, facts: RunFacts) -> None:
    _, body = split_card(card)
    keys = ("input", "kept", "rejected", "duplicates", "quarantined")
    for name, counts in [*facts.ledger["sources"].items(), ("**total**", facts.ledger["total"])]:
        row = "| " + " | ".join([name, *(f"{counts[key]:,}" for key in keys)]) + " |"
        assert row in body, row
    total = facts.ledger["total"]
    assert f"| documents | {total['kept']:,} |" in body
    assert f"**{total['kept']:,} documents**" in body
    assert f"out of {total['input']:,} input records" in body
    for reason, count in total["rejected_by_reason"].items():
        assert f"| {md(reason)} | {count:,} |" in body
    for reason, count in total["quarantined_by_reason"].items():
        assert f"| {md(reason)} | {count:,} |" in body
    # Per-source kept counts in the sources table are the ledger's too.
    for name, counts in facts.ledger["sources"].items():
        pattern = rf"^\| {re.escape(md(name))} \| .* \| {counts['kept']:,} \| [\d,]+ \|$"
        assert re.search(pattern, body, flags=re.MULTILINE), name


def test_sources_licences_stages_and_files_are_listed(card: str, facts: RunFacts) -> None:
    _, body = split_card(card)
    by_name = sections(body)
    assert (
        "| news | crawled | jsonl | CC0-1.0 | https://example.org/vicorpus-sample/news | 2025-01 – 2025-03 | yes |"
        in (by_name["Composition"])
    )
    assert "| CC0-1.0 | cc0-1.0 | 60 | 67,651 | 100.0 % |" in by_name["Composition"]
    assert "| diendan-mau.vn | 10 |" in by_name["Composition"]
    for position, record in enumerate(facts.stages, start=1):
        row = f"| {position} | {md(record['label'])} | {record['kind']} |"
        assert row in by_name["Preprocessing, cleaning, labeling"]
    assert (
        md("min_chars=200") == "min\\_chars=200" and md("min_chars=200") in by_name["Preprocessing, cleaning, labeling"]
    )
    assert "&lt;PLACEHOLDERS&gt;" in body and "<PLACEHOLDERS>" not in body
    assert "18 spans replaced by placeholders" in by_name["Preprocessing, cleaning, labeling"]
    for shard in facts.kept_files:
        assert f"| `{shard.path}` | {shard.rows:,} | {shard.bytes:,} | `{shard.sha256}` |" in by_name["Files"]
    for paper in ("croissant.json", "eu_training_content_summary.json", "eu_training_content_summary.md"):
        assert f"`{paper}`" in by_name["Files"]
    for paper in ("licenses.json", "optouts.json", "pii.json", "ledger.json", "manifest.json", "report.html"):
        assert f"`{paper}`" in by_name["Files"]


def test_no_warning_when_every_source_is_redistributable(card: str) -> None:
    assert "[!WARNING]" not in card


def test_warning_names_sources_not_cleared_for_redistribution(facts: RunFacts) -> None:
    sources = [
        facts.sources[0].model_copy(update={"redistributable": False}),
        facts.sources[1].model_copy(update={"redistributable": None}),
        facts.sources[2],
    ]
    text = render_dataset_card(dataclasses.replace(facts, sources=sources))
    _, body = split_card(text)
    warning = body.split("\n\n## Motivation")[0]
    assert "[!WARNING]" in warning
    assert "`news` (no)" in warning and "`forum` (not assessed)" in warning and "notices" not in warning
    assert "[!WARNING]" in sections(body)["Distribution"]


def test_licences_the_hub_lacks_become_other_with_a_name_and_link(facts: RunFacts) -> None:
    from huggingface_hub import DatasetCard

    licences = [
        {"value": "LicenseRef-vn-law", "docs": 40, "chars": 400},
        {"value": "CC-BY-4.0", "docs": 21, "chars": 1},
    ]
    text = render_dataset_card(dataclasses.replace(facts, stats={**facts.stats, "licenses": licences}))
    metadata, body = split_card(text)
    assert metadata["license"] == ["other", "cc-by-4.0"]
    assert metadata["license_name"] == "licenseref-vn-law"
    assert metadata["license_link"] == "licenses.json"
    assert DatasetCard(text).data.license == ["other", "cc-by-4.0"]
    assert "| LicenseRef-vn-law | other | 40 | 400 |" in body


def test_spdx_to_hub_licence_ids() -> None:
    assert hub_license(["CC-BY-SA-4.0"]).ids == ["cc-by-sa-4.0"]
    assert hub_license(["MIT OR CC0-1.0"]).ids == ["mit", "cc0-1.0"]
    assert hub_license(["MIT", "MIT AND Apache-2.0"]).ids == ["mit", "apache-2.0"]
    assert hub_license(["NOASSERTION"]).ids == ["unknown"]
    assert hub_license(["Apache-2.0 WITH LLVM-exception"]).ids == ["apache-2.0"]
    vn_law = hub_license(["LicenseRef-vn-law"])
    assert vn_law.ids == ["other"]
    assert vn_law.other_name == "licenseref-vn-law"
    assert vn_law.other_link == "licenses.json"
    # A licence on the SPDX list that the Hub lacks links to its SPDX page.
    eupl = hub_license(["EUPL-1.2"])
    assert eupl.ids == ["other"] and eupl.other_link == "https://spdx.org/licenses/EUPL-1.2.html"
    assert hub_license_id("GPL-3.0-or-later") == "gpl-3.0"
    assert hub_license_id("ODbL-1.0") == "odbl"
    assert hub_license_id("ODC-By-1.0") == "odc-by"
    assert hub_license_id("PDDL-1.0") == "pddl"
    assert hub_license_id("GFDL-1.3-only") == "gfdl"
    assert hub_license_id("cc-by-nc-sa-4.0") == "cc-by-nc-sa-4.0"
    for key in ("CC0-1.0", "CC-BY-4.0", "MIT", "Apache-2.0", "NONE", "LicenseRef-x", "Unlicense", "Zlib"):
        assert hub_license_id(key) in HUB_LICENSE_IDS


def test_write_dataset_card_writes_atomically_the_rendered_card(demo_run: Path, tmp_path: Path, card: str) -> None:
    copy = tmp_path / "out"
    shutil.copytree(demo_run, copy)
    (copy / CARD_FILE).unlink()
    facts = load_run_facts(copy)
    path = write_dataset_card(facts)
    assert path == copy / CARD_FILE
    assert not list(copy.glob("*.partial"))
    assert path.read_text(encoding="utf-8") == render_dataset_card(facts) == card


# --- shares, escaping, and claims only about stages that ran ---------------------------------

QUALITY_AND_LANGUAGE = {"language", "quality_signals", "language_filter", "spam_filter", "gopher_repetition"}
QUALITY_AND_LANGUAGE |= {"fineweb_quality", "gopher_quality", "c4_lines"}


def _without_stages(facts: RunFacts, names: set[str]) -> RunFacts:
    manifest = {**facts.manifest, "stages": [r for r in facts.stages if r["name"] not in names]}
    return dataclasses.replace(facts, manifest=manifest)


def test_domain_shares_are_shares_of_characters_as_in_the_report(card: str, facts: RunFacts) -> None:
    from vicorpus.release.report.html import render_report

    _, body = split_card(card)
    composition = sections(body)["Composition"]
    assert "| domain | documents | characters | share of characters |" in composition
    table = composition.split("### Web domains")[1].split("### Dates")[0]
    in_card = dict(re.findall(r"^\| (.+?) \| [\d,]+ \| [\d,]+ \| ([^|]+) \|$", table, flags=re.MULTILINE))
    page = render_report(facts)
    domains = page[page.index("<h3>Web domains</h3>") : page.index("<h3>Dates</h3>")]
    in_report = dict(re.findall(r'<th scope="row">([^<]+)</th>.*?<span class="pct">([^<]+)</span>', domains))
    assert len(in_card) == min(10, len(facts.stats["domains"]["ranked"])) and in_card
    kept_chars = facts.stats["kept"]["chars"]
    for row in facts.stats["domains"]["ranked"][:10]:
        expected = f"{100 * row['chars'] / kept_chars:.1f} %"
        assert in_card[md(row["value"])] == in_report[row["value"]] == expected, row["value"]


def test_values_from_documents_and_config_cannot_inject_markdown(facts: RunFacts) -> None:
    from markdown_it import MarkdownIt

    hostile_domain, bold_domain = "[click](https://evil.vn)", "**bold**.vn"
    ranked = [
        {"value": hostile_domain, "docs": 3, "chars": 300},
        {"value": bold_domain, "docs": 2, "chars": 200},
        {"value": "`code`|<b>x</b>|![img](https://evil.vn/a.png)", "docs": 1, "chars": 100},
    ]
    stats = {
        **facts.stats,
        "domains": {"distinct": 3, "docs_with_domain": 6, "chars_with_domain": 600, "ranked": ranked},
    }
    source = facts.sources[0].model_copy(
        update={"name": "[src](https://evil.vn) _x_", "legal_basis": "- # 1. *not a list*", "redistributable": False}
    )
    crawler = source.crawler.model_copy(update={"name": "**crawler**"}) if source.crawler else None
    source = source.model_copy(update={"crawler": crawler})
    release = facts.release.model_copy(
        update={"pretty_name": "Name: [x] # not a comment", "description": "1. [link](https://evil.vn) ~~gone~~"}
    )
    text = render_dataset_card(dataclasses.replace(facts, stats=stats, sources=[source], release=release))
    metadata, body = split_card(text)
    assert metadata["pretty_name"] == "Name: [x] # not a comment"  # safe_dump keeps the front matter valid
    html = MarkdownIt("commonmark").enable(["table", "strikethrough"]).render(body)
    assert "evil.vn" in html and "<a " not in html and "<img" not in html and "<s>" not in html
    assert "<strong>bold</strong>" not in html and "<strong>crawler</strong>" not in html
    assert "<em>x</em>" not in html and "<b>x</b>" not in html and "<ol" not in html
    assert "[click](https://evil.vn)" in html and "**bold**.vn" in html and "[src](https://evil.vn) _x_" in html
    # Each hostile domain is one row of the domains table, its cells intact.
    assert re.search(r"<td>`code`\|&lt;b&gt;x&lt;/b&gt;\|!\[img\]\(https://evil\.vn/a\.png\)</td>\s*<td>1</td>", html)


def test_markdown_escaping_leaves_ordinary_values_readable() -> None:
    assert md("diendan-mau.vn") == "diendan-mau.vn"
    assert md("100.0 %") == "100.0 %" and md("2025-01 – 2025-03") == "2025-01 – 2025-03"
    assert md("- item") == "\\- item" and md("1. item") == "1\\. item" and md("# h") == "\\# h"
    assert md("a|b\nc") == "a\\|b c" and md("<X> &amp;") == "&lt;X&gt; &amp;amp;"


def test_without_language_or_quality_stages_nothing_is_claimed_about_them(facts: RunFacts) -> None:
    text = render_dataset_card(_without_stages(facts, QUALITY_AND_LANGUAGE))
    assert "Language identification" not in text
    assert "Quality and spam filters" not in text and "heuristic thresholds" not in text
    assert "quality and spam filters that ran" not in text
    assert "No quality, repetition or spam filter ran" in text
    assert "No language filter ran" in text
    full = render_dataset_card(facts)
    assert "Language identification runs offline" in full and "heuristic thresholds" in full


def test_pii_sentence_lists_only_the_recorded_kinds(facts: RunFacts) -> None:
    stages = [
        {**r, "settings": {**r["settings"], "kinds": ["email", "phone"]}} if r["name"] == "redact_pii" else r
        for r in facts.stages
    ]
    text = render_dataset_card(dataclasses.replace(facts, manifest={**facts.manifest, "stages": stages}))
    [redact] = [r for r in stages if r["name"] == "redact_pii"]
    spans = redact["counters"]["pii_email"] + redact["counters"]["pii_phone"]
    assert f"only these kinds: email, phone): {spans} spans replaced by placeholders" in text
    assert "citizen" not in text.split("### Personal data")[1].split("###")[0]
    assert "No optout stage ran" in text and text.count("No optout stage ran") == 1


def test_a_manifest_without_character_counts_still_gives_a_card(facts: RunFacts) -> None:
    stages = [
        {k: v for k, v in r.items() if k not in ("chars_in", "chars_dropped", "chars_out", "label")}
        for r in facts.stages
    ]
    text = render_dataset_card(dataclasses.replace(facts, manifest={**facts.manifest, "stages": stages}))
    preprocessing = sections(split_card(text)[1])["Preprocessing, cleaning, labeling"]
    assert "| 1 | normalize | transform |" in preprocessing
    assert re.search(r"^\| 1 \| normalize \|.*\| [\d,]+ \| [\d,]+ \| – \|$", preprocessing, flags=re.MULTILINE)
