"""croissant.json: Croissant 1.1 + RAI 1.0, checked and read by mlcroissant offline."""

from __future__ import annotations

import dataclasses
import hashlib
import itertools
import json
import logging
import shutil
import socket
from pathlib import Path
from typing import Any

import pyarrow as pa
import pyarrow.parquet as pq
import pytest

from conftest import NetworkAttempt
from vicorpus.release.croissant import (
    CROISSANT_1_1,
    CROISSANT_FILE,
    RAI_1_0,
    build_croissant,
    data_type,
    write_croissant,
)
from vicorpus.release.facts import TO_BE_FILLED, RunFacts, load_run_facts

RAI_KEYS = (
    "rai:dataCollection",
    "rai:dataCollectionType",
    "rai:dataCollectionTimeframe",
    "rai:dataPreprocessingProtocol",
    "rai:dataManipulationProtocol",
    "rai:personalSensitiveInformation",
    "rai:dataLimitations",
    "rai:dataBiases",
    "rai:dataUseCases",
    "rai:dataSocialImpact",
)


@pytest.fixture(scope="module")
def croissant(demo_run: Path) -> dict[str, Any]:
    return dict(json.loads((demo_run / CROISSANT_FILE).read_text(encoding="utf-8")))


@pytest.fixture(scope="module")
def facts(demo_run: Path) -> RunFacts:
    return load_run_facts(demo_run)


def kept_rows(root: Path) -> dict[str, str]:
    rows = {}
    for shard in sorted((root / "kept").glob("*.parquet")):
        table = pq.read_table(shard, columns=["id", "text"])
        rows.update(zip(table.column("id").to_pylist(), table.column("text").to_pylist(), strict=True))
    return rows


def test_the_offline_guard_refuses_connections(offline: None) -> None:
    with pytest.raises(NetworkAttempt), socket.create_connection(("127.0.0.1", 9), timeout=1):
        pass


def test_mlcroissant_validates_without_errors_or_warnings_and_reads_the_kept_documents(
    demo_run: Path, offline: None, caplog: pytest.LogCaptureFixture
) -> None:
    import mlcroissant as mlc

    with caplog.at_level(logging.WARNING):
        dataset = mlc.Dataset(jsonld=demo_run / CROISSANT_FILE)
    issues = dataset.metadata.ctx.issues
    assert not issues.errors, issues.report()
    assert not issues.warnings, issues.report()
    assert not [r for r in caplog.records if "not standard" in r.getMessage()], "the @context lacks standard terms"

    records = list(itertools.islice(dataset.records("documents"), 5))
    kept = kept_rows(demo_run)
    assert len(records) == 5
    for record in records:
        document_id = record["documents/id"].decode()
        assert document_id in kept
        assert record["documents/text"].decode() == kept[document_id]
        assert record["documents/source"].decode() in {"news", "forum", "notices"}


def test_mlcroissant_reads_every_kept_document(demo_run: Path, offline: None) -> None:
    import mlcroissant as mlc

    dataset = mlc.Dataset(jsonld=demo_run / CROISSANT_FILE)
    ids = [record["documents/id"].decode() for record in dataset.records("documents")]
    assert sorted(ids) == sorted(kept_rows(demo_run))


def test_mlcroissant_rejects_a_broken_file(tmp_path: Path, croissant: dict[str, Any], offline: None) -> None:
    """The validation test above can fail: a field without a data type is an error."""
    import mlcroissant as mlc

    broken = json.loads(json.dumps(croissant))
    del broken["recordSet"][0]["field"][0]["dataType"]
    path = tmp_path / CROISSANT_FILE
    path.write_text(json.dumps(broken), encoding="utf-8")
    with pytest.raises(mlc.ValidationError):
        mlc.Dataset(jsonld=path)


def test_each_kept_shard_is_a_file_object_with_its_real_digest_and_size(
    demo_run: Path, croissant: dict[str, Any]
) -> None:
    objects = {d["contentUrl"]: d for d in croissant["distribution"] if d["@type"] == "cr:FileObject"}
    shards = sorted((demo_run / "kept").glob("*.parquet"))
    assert shards and sorted(objects) == [shard.relative_to(demo_run).as_posix() for shard in shards]
    for shard in shards:
        entry = objects[shard.relative_to(demo_run).as_posix()]
        assert entry["sha256"] == hashlib.sha256(shard.read_bytes()).hexdigest()
        assert entry["contentSize"] == f"{shard.stat().st_size} B"
        assert entry["encodingFormat"] == "application/x-parquet"
    file_sets = [d for d in croissant["distribution"] if d["@type"] == "cr:FileSet"]
    assert [d["includes"] for d in file_sets] == ["kept/*.parquet"]


def test_dataset_level_properties(croissant: dict[str, Any], facts: RunFacts) -> None:
    assert croissant["@type"] == "sc:Dataset"
    assert croissant["conformsTo"] == [CROISSANT_1_1, RAI_1_0]
    context = croissant["@context"]
    assert context["cr"] == "http://mlcommons.org/croissant/"
    assert context["rai"] == "http://mlcommons.org/croissant/RAI/"
    assert context["prov"] == "http://www.w3.org/ns/prov#"
    assert context["dataType"] == {"@id": "cr:dataType", "@type": "@vocab"}
    assert croissant["name"] == "vicorpus-demo"
    assert croissant["license"] == ["https://spdx.org/licenses/CC0-1.0.html"]
    assert croissant["inLanguage"] == "vi"
    assert croissant["version"] == facts.release.version
    assert croissant["datePublished"] == facts.finished_at
    assert croissant["url"] == TO_BE_FILLED  # the demo's release block has no url
    assert croissant["creator"] == [{"@type": "sc:Organization", "name": "vicorpus developers"}]


def test_one_field_per_output_column_with_its_data_type(demo_run: Path, croissant: dict[str, Any]) -> None:
    [record_set] = croissant["recordSet"]
    assert record_set["@id"] == "documents"
    assert record_set["key"] == {"@id": "documents/id"}
    schema = pq.read_schema(sorted((demo_run / "kept").glob("*.parquet"))[0])
    fields = {field["name"]: field for field in record_set["field"]}
    assert list(fields) == schema.names
    for name, field in fields.items():
        assert field["@id"] == f"documents/{name}"
        assert field["source"] == {"fileSet": {"@id": "kept-parquet-files"}, "extract": {"column": name}}
        assert field["description"]
    expected = {
        "id": "sc:Text",
        "text": "sc:Text",
        "url": "sc:Text",
        "language_score": "sc:Float",
        "vi_no_diacritics": "sc:Boolean",
        "pii_phone": "sc:Integer",
        "minhash_cluster_size": "sc:Integer",
    }
    assert {name: fields[name]["dataType"] for name in expected} == expected
    assert (
        "redact_pii" in fields["pii_street_address"]["description"]
        or "placeholder" in (fields["pii_street_address"]["description"])
    )


def test_arrow_types_map_to_croissant_data_types() -> None:
    assert data_type(pa.string()) == "sc:Text"
    assert data_type(pa.large_string()) == "sc:Text"
    assert data_type(pa.bool_()) == "sc:Boolean"
    assert data_type(pa.uint32()) == "sc:Integer"
    assert data_type(pa.int64()) == "sc:Integer"
    assert data_type(pa.float32()) == "sc:Float"
    assert data_type(pa.float64()) == "sc:Float"
    assert data_type(pa.date32()) == "sc:Date"
    assert data_type(pa.timestamp("s")) == "sc:DateTime"
    assert data_type(pa.list_(pa.int32())) == "sc:Integer"


def test_rai_fields(croissant: dict[str, Any], facts: RunFacts) -> None:
    for key in RAI_KEYS:
        assert croissant.get(key), key
    # One preprocessing entry per stage, in the run's order, with its settings.
    protocol = croissant["rai:dataPreprocessingProtocol"]
    assert len(protocol) == len(facts.stages)
    for position, (entry, record) in enumerate(zip(protocol, facts.stages, strict=True), start=1):
        assert entry.startswith(f"{position}. {record['label']} (")
        for key in record["settings"]:
            assert f"{key}=" in entry
    assert "min_chars=200" in protocol[[r["label"] for r in facts.stages].index("length_filter")]
    assert croissant["rai:dataCollectionType"] == ["Web Scraping", "Secondary Data analysis", "Others"]
    # ISO 8601 intervals, the RAI vocabulary's form; notices has no collection period.
    assert croissant["rai:dataCollectionTimeframe"] == ["2025-01/2025-03", "2025-02/2025-02"]
    assert "vicorpus-sample-crawler" in croissant["rai:dataCollection"]
    assert "obeyed robots.txt: yes" in croissant["rai:dataCollection"]
    assert croissant["rai:dataSocialImpact"] == TO_BE_FILLED
    assert TO_BE_FILLED in croissant["rai:dataBiases"]
    assert any("news 76.7 % of documents" in note for note in croissant["rai:dataBiases"])
    assert any("diendan-mau.vn" in note for note in croissant["rai:dataBiases"])
    assert "redact_pii" in croissant["rai:dataManipulationProtocol"]


def test_personal_data_counts_come_from_the_redaction_stage(croissant: dict[str, Any], facts: RunFacts) -> None:
    [redact] = [record for record in facts.stages if record["name"] == "redact_pii"]
    spans = sum(count for name, count in redact["counters"].items() if name.startswith("pii_"))
    assert spans > 0
    notes = croissant["rai:personalSensitiveInformation"]
    assert f"{spans} spans replaced by placeholders" in notes[0]
    assert f"phone {redact['counters']['pii_phone']}" in notes[0]


def test_without_a_redaction_stage_it_says_personal_data_was_not_redacted(facts: RunFacts) -> None:
    manifest = {**facts.manifest, "stages": [r for r in facts.stages if r["name"] != "redact_pii"]}
    built = build_croissant(dataclasses.replace(facts, manifest=manifest))
    assert "NOT redacted" in built["rai:personalSensitiveInformation"][0]
    assert "redact_pii" not in built["rai:dataManipulationProtocol"]


def test_provenance_names_every_source_and_the_run(croissant: dict[str, Any], facts: RunFacts) -> None:
    derived = croissant["prov:wasDerivedFrom"]
    assert [entity["name"] for entity in derived] == [source.name for source in facts.sources]
    news = derived[0]
    assert news["@type"] == "prov:Entity"
    assert news["url"] == "https://example.org/vicorpus-sample/news"
    assert news["dct:type"] == "crawled"
    assert news["license"] == ["https://spdx.org/licenses/CC0-1.0.html"]
    assert news["prov:wasAttributedTo"]["name"] == "vicorpus-sample-crawler"
    assert "url" not in derived[1]  # forum has no homepage
    run = croissant["prov:wasGeneratedBy"]
    assert run["@type"] == "prov:Activity"
    assert run["prov:wasAssociatedWith"]["softwareVersion"] == facts.manifest["versions"]["vicorpus"]
    assert run["prov:endedAtTime"] == facts.finished_at
    assert [step["prov:label"] for step in run["dct:hasPart"]] == [r["label"] for r in facts.stages]


def test_licences_outside_the_spdx_list_are_named_creative_works(facts: RunFacts) -> None:
    stats = {**facts.stats, "licenses": [{"value": "MIT OR LicenseRef-vn-law", "docs": 1, "chars": 1}]}
    built = build_croissant(dataclasses.replace(facts, stats=stats))
    assert built["license"][0] == "https://spdx.org/licenses/MIT.html"
    assert built["license"][1]["@type"] == "sc:CreativeWork"
    assert built["license"][1]["name"] == "LicenseRef-vn-law"


def test_write_croissant_replaces_the_file_atomically_with_utf8_json(demo_run: Path, tmp_path: Path) -> None:
    copy = tmp_path / "out"
    shutil.copytree(demo_run, copy)
    (copy / CROISSANT_FILE).unlink()
    facts = load_run_facts(copy)
    path = write_croissant(facts)
    assert path == copy / CROISSANT_FILE
    assert not list(copy.glob("*.partial"))
    text = path.read_text(encoding="utf-8")
    assert "tiếng Việt" in text  # not \\u-escaped
    assert json.loads(text) == build_croissant(facts)
    # The run wrote the same paper.
    assert text == (demo_run / CROISSANT_FILE).read_text(encoding="utf-8")


def test_rai_texts_claim_only_the_stages_that_ran(facts: RunFacts) -> None:
    skipped = {"language", "quality_signals", "language_filter", "spam_filter", "gopher_repetition"}
    skipped |= {"fineweb_quality", "gopher_quality", "c4_lines", "redact_pii"}
    manifest = {**facts.manifest, "stages": [r for r in facts.stages if r["name"] not in skipped]}
    built = build_croissant(dataclasses.replace(facts, manifest=manifest))
    texts = " ".join([*built["rai:dataLimitations"], *built["rai:dataBiases"]])
    assert "Language identification" not in texts and "heuristic" not in texts
    assert "No quality, repetition or spam filter ran" in texts and "No language filter ran" in texts
    assert "NOT redacted" in built["rai:personalSensitiveInformation"][0]
    assert "No optout stage ran" in built["rai:dataCollection"]
    full = build_croissant(facts)
    assert any("Language identification" in note for note in full["rai:dataLimitations"])
    assert "only these kinds: " in full["rai:personalSensitiveInformation"][0]


def test_stages_are_not_rebuilt_from_their_settings(facts: RunFacts) -> None:
    """An optout stage whose robots.txt snapshot is gone, and records of an older version
    (no character counts, no label): croissant.json is still written from the folder."""
    optout = {
        "label": "optout",
        "name": "optout",
        "kind": "filter",
        "settings": {
            "signals": ["tdm_reservation"],
            "robots_file": "/nonexistent/robots.jsonl",
            "robots_user_agents": [],
        },
        "docs_in": 84,
        "dropped": 0,
    }
    old = [
        {k: v for k, v in r.items() if k not in ("chars_in", "chars_dropped", "chars_out", "label")}
        for r in facts.stages
    ]
    built = build_croissant(dataclasses.replace(facts, manifest={**facts.manifest, "stages": [optout, *old]}))
    assert (
        "The optout stage honoured these opt-out signals: tdm_reservation, and robots.txt rules"
        in built["rai:dataCollection"]
    )
    protocol = built["rai:dataPreprocessingProtocol"]
    assert protocol[1].startswith("2. normalize (transform)") and "characters not recorded" in protocol[1]
    fields = {field["name"]: field for field in built["recordSet"][0]["field"]}
    assert (
        "redact_pii" in fields["pii_street_address"]["description"]
        or "placeholder" in (fields["pii_street_address"]["description"])
    )
