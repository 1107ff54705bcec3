"""``croissant.json``: the corpus described in Croissant 1.1 with the Responsible-AI
extension 1.0, so that mlcroissant (and the Hub, Kaggle, dataset search engines) can
find, check and load it.

Specs: Croissant 1.1 (http://mlcommons.org/croissant/1.1, docs/croissant-spec-1.1.md in
github.com/mlcommons/croissant), RAI 1.0 (http://mlcommons.org/croissant/RAI/1.0, its
vocabulary in docs/croissant_rai.ttl). Provenance uses W3C PROV-O, as the 1.1 spec's
"Provenance Representation" section recommends.
"""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path
from typing import Any

import pyarrow as pa
import pyarrow.parquet as pq

from vicorpus.config.licenses import UNSTATED, license_keys
from vicorpus.config.source import Source
from vicorpus.release.card.hub_licenses import spdx_url
from vicorpus.release.card.sections import (
    bias_notes,
    limitation_notes,
    optout_note,
    period_text,
    pii_notes,
    source_collection_text,
    stage_label,
    stage_name,
    stage_summary,
    stage_text,
)
from vicorpus.release.facts import TO_BE_FILLED, RunFacts
from vicorpus.release.writing import write_text_paper
from vicorpus.stages.registry import STAGES

CROISSANT_FILE = "croissant.json"
CROISSANT_1_1 = "http://mlcommons.org/croissant/1.1"
RAI_1_0 = "http://mlcommons.org/croissant/RAI/1.0"
RECORD_SET = "documents"
FILE_SET = "kept-parquet-files"
PARQUET = "application/x-parquet"

# The JSON-LD context of the 1.1 spec's Appendix 1, plus PROV-O, plus the four 1.0 terms
# mlcroissant 1.1 still expects (path, repeated, replace, samplingRate: without them it
# logs "the JSON-LD @context is not standard"). One deviation: schema.org as
# https://schema.org/, not http://: mlcroissant resolves types against https://schema.org/
# and rejects the http form ("doesn't extend https://schema.org/Dataset"), and the spec's
# own 1.1 example datasets use https too.
CONTEXT: dict[str, Any] = {
    "@language": "en",
    "@vocab": "https://schema.org/",
    "sc": "https://schema.org/",
    "cr": "http://mlcommons.org/croissant/",
    "rai": "http://mlcommons.org/croissant/RAI/",
    "dct": "http://purl.org/dc/terms/",
    "prov": "http://www.w3.org/ns/prov#",
    "annotation": "cr:annotation",
    "arrayShape": "cr:arrayShape",
    "citeAs": "cr:citeAs",
    "column": "cr:column",
    "conformsTo": "dct:conformsTo",
    "containedIn": "cr:containedIn",
    "data": {"@id": "cr:data", "@type": "@json"},
    "dataType": {"@id": "cr:dataType", "@type": "@vocab"},
    "equivalentProperty": "cr:equivalentProperty",
    "examples": {"@id": "cr:examples", "@type": "@json"},
    "excludes": "cr:excludes",
    "extract": "cr:extract",
    "field": "cr:field",
    "fileProperty": "cr:fileProperty",
    "fileObject": "cr:fileObject",
    "fileSet": "cr:fileSet",
    "format": "cr:format",
    "includes": "cr:includes",
    "isArray": "cr:isArray",
    "isLiveDataset": "cr:isLiveDataset",
    "jsonPath": "cr:jsonPath",
    "key": "cr:key",
    "md5": "cr:md5",
    "parentField": "cr:parentField",
    "path": "cr:path",
    "recordSet": "cr:recordSet",
    "references": "cr:references",
    "regex": "cr:regex",
    "readLines": "cr:readLines",
    "repeated": "cr:repeated",
    "replace": "cr:replace",
    "samplingRate": "cr:samplingRate",
    "sdVersion": "cr:sdVersion",
    "separator": "cr:separator",
    "source": "cr:source",
    "subField": "cr:subField",
    "transform": "cr:transform",
    "unArchive": "cr:unArchive",
    "value": "cr:value",
}

# rai:dataCollectionType, in the RAI vocabulary's recommended values, per source kind.
_COLLECTION_TYPES = {
    "public_dataset": "Secondary Data analysis",
    "private_licensed": "Secondary Data analysis",
    "private_other": "Secondary Data analysis",
    "crawled": "Web Scraping",
    "user": "User-generated content data",
    "synthetic": "Others",
    "other": "Others",
}

# Media types of the source formats (``documents`` mixes several and gets none).
_MEDIA_TYPES = {
    "jsonl": "application/jsonl",
    "parquet": PARQUET,
    "csv": "text/csv",
    "text_files": "text/plain",
    "warc": "application/warc",
    "html": "text/html",
    "wikipedia": "application/xml",
}

# What the core columns (DESIGN.md's data model) and the best-known stage columns hold;
# other stage columns are described by the stage that adds them.
COLUMNS = {
    "id": "Stable document id: a hash of the source name and the record's locator.",
    "text": "The document text, Unicode NFC.",
    "source": "Name of the source (pipeline input) the document came from.",
    "url": "URL the document was published at, when known.",
    "domain": "Registrable web domain of the URL, when known.",
    "origin": "Input file and record number or offset, to trace the document back.",
    "license": "SPDX licence expression of the document (NOASSERTION when not stated).",
    "date": "Publication or crawl date as the source gave it, when known.",
    "metadata": "Other fields of the source record, as a JSON object.",
    "warc_record_id": "WARC-Record-ID of the response record (web sources).",
    "warc_payload_digest": "WARC-Payload-Digest of the response record (web sources).",
    "charset": "Character set the web page was decoded with (web sources).",
    "optout": "Machine-readable opt-out signals the page carried, comma-separated.",
    "language": "Language code from offline language identification.",
    "language_score": "Confidence of the language identification, from 0 to 1.",
    "char_count": "Number of characters of the text.",
    "minhash_cluster_size": "Number of near-duplicate documents this document stands for (itself included).",
    "minhash_cluster_id": "Id of the near-duplicate cluster the document belongs to.",
}
# Count columns named by prefix: what the stage counted, per document.
COLUMN_PREFIXES = {
    "pii_": "Number of {} spans replaced by a placeholder.",
    "fix_": "Number of {} repairs made by normalization.",
}


def build_croissant(facts: RunFacts) -> dict[str, Any]:
    release = facts.release
    document: dict[str, Any] = {
        "@context": CONTEXT,
        "@type": "sc:Dataset",
        "conformsTo": [CROISSANT_1_1, RAI_1_0],
        "name": facts.name,
        "alternateName": facts.pretty_name,
        "description": release.description or TO_BE_FILLED,
        "license": _licenses(facts),
        "url": release.url or TO_BE_FILLED,
        "version": release.version,
        "datePublished": facts.finished_at or None,
        "creator": [{"@type": "sc:Organization", "name": name} for name in release.creators]
        or [{"@type": "sc:Organization", "name": TO_BE_FILLED}],
        "citeAs": release.citation or TO_BE_FILLED,
        "inLanguage": "vi",
        "keywords": ["Vietnamese", "tiếng Việt", "text corpus", "language modeling", "LLM pre-training", "vicorpus"],
        "distribution": _distribution(facts),
        "recordSet": [_record_set(facts)],
        **_rai(facts),
        "prov:wasDerivedFrom": [_source_entity(facts, source) for source in facts.sources],
        "prov:wasGeneratedBy": _run_activity(facts),
    }
    return {key: value for key, value in document.items() if value is not None}


def write_croissant(facts: RunFacts) -> Path:
    text = json.dumps(build_croissant(facts), ensure_ascii=False, indent=2) + "\n"
    return write_text_paper(facts.root / CROISSANT_FILE, text)


# --- licences ---------------------------------------------------------------------------


def _licenses(facts: RunFacts) -> list[Any]:
    """Every licence of the kept documents: the SPDX page's URL (what Croissant recommends),
    or a named CreativeWork for licences outside the SPDX list."""
    expressions = [row["value"] for row in facts.stats.get("licenses", [])] or [s.license for s in facts.sources]
    return _license_values(expressions or [UNSTATED])


def _license_values(expressions: list[str]) -> list[Any]:
    values: list[Any] = []
    for expression in expressions:
        for key in license_keys(expression):
            url = spdx_url(key)
            if url is not None:
                value: Any = url
            elif key == UNSTATED:
                value = {"@type": "sc:CreativeWork", "name": UNSTATED, "description": "No licence was stated."}
            else:
                value = {"@type": "sc:CreativeWork", "name": key, "description": "A licence outside the SPDX list."}
            if value not in values:
                values.append(value)
    return values


# --- files and records ------------------------------------------------------------------


def _distribution(facts: RunFacts) -> list[dict[str, Any]]:
    files: list[dict[str, Any]] = [
        {
            "@type": "cr:FileObject",
            "@id": shard.path,
            "name": shard.path,
            "description": f"Kept documents, shard {position} ({shard.rows} rows).",
            "contentUrl": shard.path,
            "encodingFormat": PARQUET,
            "contentSize": f"{shard.bytes} B",
            "sha256": shard.sha256,
        }
        for position, shard in enumerate(facts.kept_files, start=1)
    ]
    # Records are read through a FileSet over the folder: mlcroissant resolves a FileSet
    # without containedIn against the folder croissant.json lies in, while a FileSet
    # containedIn plain (non-archive) FileObjects is not read. The FileObjects above carry
    # the digests of the same files.
    files.append(
        {
            "@type": "cr:FileSet",
            "@id": FILE_SET,
            "name": FILE_SET,
            "description": "All kept shards (the FileObjects above), one row per document.",
            "encodingFormat": PARQUET,
            "includes": "kept/*.parquet",
        }
    )
    return files


def _record_set(facts: RunFacts) -> dict[str, Any]:
    schema = pq.read_schema(facts.root / facts.kept_files[0].path) if facts.kept_files else pa.schema([])
    added_by = _column_stages(facts)
    fields = []
    for arrow_field in schema:
        column = arrow_field.name
        description = _column_description(column, added_by)
        field: dict[str, Any] = {
            "@type": "cr:Field",
            "@id": f"{RECORD_SET}/{column}",
            "name": column,
            "description": description,
            "dataType": data_type(arrow_field.type),
            "source": {"fileSet": {"@id": FILE_SET}, "extract": {"column": column}},
        }
        if pa.types.is_list(arrow_field.type) or pa.types.is_large_list(arrow_field.type):
            field["isArray"] = True
        fields.append(field)
    record_set: dict[str, Any] = {
        "@type": "cr:RecordSet",
        "@id": RECORD_SET,
        "name": RECORD_SET,
        "description": "One record per kept document.",
        "field": fields,
    }
    if "id" in schema.names:
        record_set["key"] = {"@id": f"{RECORD_SET}/id"}
    return record_set


def data_type(arrow_type: pa.DataType) -> str:
    """The Croissant dataType of an Arrow type (list types: of their items)."""
    if pa.types.is_list(arrow_type) or pa.types.is_large_list(arrow_type):
        return data_type(arrow_type.value_type)
    if pa.types.is_boolean(arrow_type):
        return "sc:Boolean"
    if pa.types.is_integer(arrow_type):
        return "sc:Integer"
    if pa.types.is_floating(arrow_type) or pa.types.is_decimal(arrow_type):
        return "sc:Float"
    if pa.types.is_date(arrow_type):
        return "sc:Date"
    if pa.types.is_timestamp(arrow_type):
        return "sc:DateTime"
    return "sc:Text"


def _column_description(column: str, added_by: dict[str, str]) -> str:
    if column in COLUMNS:
        return COLUMNS[column]
    for prefix, template in COLUMN_PREFIXES.items():
        if column.startswith(prefix):
            return template.format(column.removeprefix(prefix).replace("_", " "))
    return added_by.get(column, "Column written by the pipeline.")


def _column_stages(facts: RunFacts) -> dict[str, str]:
    """Which stage added each column, from the stage classes' declarations: no stage is
    rebuilt from its recorded settings (a validator may read a file that is gone)."""
    described: dict[str, str] = {}
    for record in facts.stages:
        cls = STAGES.get(stage_name(record))
        if cls is None:
            continue
        for column in cls.output_columns:
            described.setdefault(column, f"Added by the {stage_label(record)} stage: {cls.summary()}")
    return described


# --- Responsible AI ---------------------------------------------------------------------


def _rai(facts: RunFacts) -> dict[str, Any]:
    total = facts.ledger.get("total", {})
    stages = facts.stages
    rai: dict[str, Any] = {
        "rai:dataCollection": " ".join(
            [*(source_collection_text(source) for source in facts.sources), optout_note(facts)]
        ),
        "rai:dataCollectionType": list(
            dict.fromkeys(_COLLECTION_TYPES.get(facts.kind_of(source), "Others") for source in facts.sources)
        ),
        "rai:dataCollectionRawData": "; ".join(
            f"{source.name} ({source.format}, {source.license}{', ' + source.homepage if source.homepage else ''})"
            for source in facts.sources
        ),
        "rai:dataCollectionMissingData": _missing_data(total),
        "rai:dataPreprocessingProtocol": [stage_text(i, record) for i, record in enumerate(stages, start=1)],
        "rai:personalSensitiveInformation": pii_notes(facts),
        "rai:dataBiases": [*bias_notes(facts), TO_BE_FILLED],
        "rai:dataLimitations": [*limitation_notes(facts), TO_BE_FILLED],
        "rai:dataUseCases": [
            "Pre-training or continued pre-training of Vietnamese language models.",
            TO_BE_FILLED,
        ],
        "rai:dataSocialImpact": TO_BE_FILLED,
        "rai:dataReleaseMaintenancePlan": (
            f"Version {facts.release.version}; contact: {facts.release.contact or TO_BE_FILLED}; "
            f"update and deprecation plan: {TO_BE_FILLED}"
        ),
    }
    timeframe = [_interval(source) for source in facts.sources if source.collection_period is not None]
    if timeframe:
        # The vocabulary's form: ISO 8601 intervals ("2020/2022"), one per source.
        rai["rai:dataCollectionTimeframe"] = list(dict.fromkeys(timeframe))
    rewrites = [record for record in stages if record.get("kind") == "transform"]
    if rewrites:
        rai["rai:dataManipulationProtocol"] = "The text was rewritten by: " + "; ".join(
            f"{stage_label(record)} ({stage_summary(stage_name(record))})" for record in rewrites
        )
    annotators = [record for record in stages if record.get("kind") == "annotate"]
    if annotators:
        version = facts.manifest.get("versions", {}).get("vicorpus", "")
        rai["rai:machineAnnotationTools"] = [
            f"vicorpus {version} {stage_label(record)} stage: {stage_summary(stage_name(record))}"
            for record in annotators
        ]
    return rai


def _interval(source: Source) -> str:
    period = source.collection_period
    assert period is not None
    return f"{period.start}/{period.end or '..'}"


def _missing_data(total: dict[str, Any]) -> str:
    reasons = ", ".join(f"{reason} {count}" for reason, count in sorted(total.get("quarantined_by_reason", {}).items()))
    return (
        f"{total.get('quarantined', 0)} input records could not be read and were quarantined"
        + (f" ({reasons})" if reasons else "")
        + f"; {total.get('empty_files', 0)} input files were empty. Columns such as url, domain and date are "
        "null where the source did not provide them."
    )


# --- provenance (PROV-O) ----------------------------------------------------------------


def _source_entity(facts: RunFacts, source: Source) -> dict[str, Any]:
    entity: dict[str, Any] = {
        "@type": "prov:Entity",
        "name": source.name,
        "description": source_collection_text(source),
        "dct:type": facts.kind_of(source),
        "license": _license_values([source.license]),
    }
    if source.format in _MEDIA_TYPES:
        entity["encodingFormat"] = _MEDIA_TYPES[source.format]
    if source.homepage:
        entity["url"] = source.homepage
    period = period_text(source.collection_period)
    if period:
        entity["dct:temporal"] = period
    if source.crawler is not None:
        entity["prov:wasAttributedTo"] = {
            "@type": "prov:SoftwareAgent",
            "name": source.crawler.name,
            **({"description": source.crawler.user_agent} if source.crawler.user_agent else {}),
        }
    return entity


def _run_activity(facts: RunFacts) -> dict[str, Any]:
    versions = facts.manifest.get("versions", {})
    activity: dict[str, Any] = {
        "@type": "prov:Activity",
        "prov:label": "vicorpus pipeline run",
        "prov:wasAssociatedWith": {
            "@type": "prov:SoftwareAgent",
            "name": "vicorpus",
            "softwareVersion": versions.get("vicorpus", "unknown"),
        },
        "dct:hasPart": [
            {
                "@type": "prov:Activity",
                "position": position,
                "prov:label": stage_label(record),
                "name": stage_name(record),
                "description": stage_text(position, record),
            }
            for position, record in enumerate(facts.stages, start=1)
        ],
    }
    started = _started_at(facts)
    if started:
        activity["prov:startedAtTime"] = started
    if facts.finished_at:
        activity["prov:endedAtTime"] = facts.finished_at
    return activity


def _started_at(facts: RunFacts) -> str | None:
    seconds = facts.manifest.get("wall_seconds")
    if not facts.finished_at or not isinstance(seconds, int | float):
        return None
    try:
        finished = dt.datetime.fromisoformat(facts.finished_at)
    except ValueError:
        return None
    return (finished - dt.timedelta(seconds=seconds)).isoformat(timespec="seconds")
