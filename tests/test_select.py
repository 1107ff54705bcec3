"""`vicorpus select`: a subset of a run's kept documents with its own ledger and papers."""

from __future__ import annotations

import json
from collections import Counter
from pathlib import Path

import pytest

from conftest import read_rows, run_cli
from vicorpus.errors import ConfigError
from vicorpus.subset import Selection, select_subset


def _parent_labels(demo_run: Path) -> Counter[str]:
    return Counter(row["domain_label"] for row in read_rows(demo_run / "kept"))


def test_subset_holds_exactly_the_chosen_documents_and_balances(demo_run: Path, tmp_path: Path) -> None:
    labels = _parent_labels(demo_run)
    chosen = [label for label, _ in labels.most_common(2)]
    result = run_cli("select", demo_run, "--domain", ",".join(chosen), "-o", tmp_path / "subset")
    assert result.returncode == 0, result.stderr
    subset = tmp_path / "subset"
    rows = read_rows(subset / "kept")
    parent_rows = [row for row in read_rows(demo_run / "kept") if row["domain_label"] in chosen]
    assert [row["id"] for row in rows] == [row["id"] for row in parent_rows]  # same order, same rows
    assert rows == parent_rows  # every column unchanged
    ledger = json.loads((subset / "ledger.json").read_text())
    parent_ledger = json.loads((demo_run / "ledger.json").read_text())
    total, parent_total = ledger["total"], parent_ledger["total"]
    not_selected = sum(labels.values()) - len(rows)
    assert total["kept"] == len(rows) == sum(labels[label] for label in chosen)
    # the parent's ledger with its kept documents split: what the run dropped stays on record
    assert total["input"] == parent_total["input"]
    assert total["duplicates"] == parent_total["duplicates"]
    assert total["quarantined"] == parent_total["quarantined"]
    assert total["rejected"] == parent_total["rejected"] + not_selected
    assert total["rejected_by_reason"] == {**parent_total["rejected_by_reason"], "not_selected": not_selected}
    assert ledger["balanced"]
    for entry in ledger["sources"].values():
        assert entry["input"] == entry["kept"] + entry["rejected"] + entry["duplicates"] + entry["quarantined"]
        assert entry["balanced"]
    manifest = json.loads((subset / "manifest.json").read_text())
    assert manifest["selection"]["criteria"]["domains"] == chosen
    assert manifest["stages"][-1]["name"] == "select"
    parent_manifest = json.loads((demo_run / "manifest.json").read_text())
    assert manifest["selection"]["parent_fingerprint"] == parent_manifest["config_fingerprint"]
    for paper in ("README.md", "croissant.json", "eu_training_content_summary.json", "report.html"):
        assert (subset / paper).is_file(), paper
    card = (subset / "README.md").read_text()
    assert "subset" in card.lower()
    croissant = json.loads((subset / "croissant.json").read_text())
    described = {obj["contentUrl"] for obj in croissant["distribution"] if obj["@type"] == "cr:FileObject"}
    assert described == {path.relative_to(subset).as_posix() for path in (subset / "kept").glob("*.parquet")}


def test_domain_and_dialect_criteria_combine(demo_run: Path, tmp_path: Path) -> None:
    rows = read_rows(demo_run / "kept")
    label = _parent_labels(demo_run).most_common(1)[0][0]
    expected = [r["id"] for r in rows if r["domain_label"] == label and r["dialect"] in ("unknown", "southern")]
    result = select_subset(demo_run, tmp_path / "s", Selection((label,), ("unknown", "southern")))
    assert [row["id"] for row in read_rows(tmp_path / "s" / "kept")] == expected
    assert result.kept == len(expected)


def test_bad_requests_are_usage_errors_naming_the_option(demo_run: Path, tmp_path: Path) -> None:
    cases = [
        (("--domain", "cooking"), "--domain: unknown label 'cooking'"),
        (("--dialect", "western"), "--dialect: unknown label 'western'"),
        ((), "give --domain and/or --dialect"),
        (("--domain", "health", "--min-domain-score", "2"), "--min-domain-score"),
    ]
    for options, message in cases:
        result = run_cli("select", demo_run, *options, "-o", tmp_path / "x")
        assert result.returncode == 2, (options, result.stderr)
        assert message in result.stderr, (options, result.stderr)
        assert "Traceback" not in result.stderr
        assert not (tmp_path / "x").exists()
    inside = run_cli("select", demo_run, "--domain", "health", "-o", demo_run / "subset")
    assert inside.returncode == 2 and "outside the run folder" in inside.stderr
    (tmp_path / "full").mkdir()
    (tmp_path / "full" / "keep.txt").write_text("mine")
    refused = run_cli("select", demo_run, "--domain", "health", "-o", tmp_path / "full")
    assert refused.returncode == 2 and "holds no subset written by vicorpus select" in refused.stderr
    assert (tmp_path / "full" / "keep.txt").read_text() == "mine"
    not_a_run = run_cli("select", tmp_path, "--domain", "health", "-o", tmp_path / "y")
    assert not_a_run.returncode == 2 and "no finished vicorpus run" in not_a_run.stderr


def test_run_without_labels_says_which_stage_is_missing(tmp_path: Path) -> None:
    from vicorpus.pipeline import Pipeline

    source = tmp_path / "docs.jsonl"
    source.write_text(json.dumps({"text": "Hà Nội mùa thu, trời trong xanh và gió nhẹ."}, ensure_ascii=False) + "\n")
    pipeline = Pipeline.from_dict({"sources": [{"name": "s", "format": "jsonl", "path": str(source)}], "stages": []})
    pipeline.run(tmp_path / "out", workers=1, progress=False)
    with pytest.raises(ConfigError, match="no 'domain_label' column; run the 'domain' stage"):
        select_subset(tmp_path / "out", tmp_path / "sub", Selection(("health",)))


def test_subset_croissant_validates_and_reads_only_the_subset(demo_run: Path, tmp_path: Path, offline: None) -> None:
    import mlcroissant as mlc

    label = _parent_labels(demo_run).most_common(1)[0][0]
    select_subset(demo_run, tmp_path / "s", Selection((label,)))
    dataset = mlc.Dataset(jsonld=tmp_path / "s" / "croissant.json")
    issues = dataset.metadata.ctx.issues
    assert not issues.errors, issues.report()
    ids = sorted(record["documents/id"].decode() for record in dataset.records("documents"))
    assert ids == sorted(row["id"] for row in read_rows(demo_run / "kept") if row["domain_label"] == label)


def test_overwrite_replaces_only_an_earlier_subset(demo_run: Path, tmp_path: Path) -> None:
    label = _parent_labels(demo_run).most_common(1)[0][0]
    first = run_cli("select", demo_run, "--domain", label, "-o", tmp_path / "subset")
    assert first.returncode == 0, first.stderr
    again = run_cli("select", demo_run, "--domain", label, "-o", tmp_path / "subset")
    assert again.returncode == 2 and "pass --overwrite" in again.stderr
    replaced = run_cli("select", demo_run, "--dialect", "unknown", "-o", tmp_path / "subset", "--overwrite")
    assert replaced.returncode == 0, replaced.stderr
    manifest = json.loads((tmp_path / "subset" / "manifest.json").read_text())
    assert manifest["selection"]["criteria"]["dialects"] == ["unknown"]
    assert not [p for p in tmp_path.iterdir() if p.name.startswith(".subset")]  # no temporary folder left
    # a folder that holds anything else is never deleted, --overwrite or not
    (tmp_path / "mine").mkdir()
    (tmp_path / "mine" / "precious.txt").write_text("keep me")
    refused = run_cli("select", demo_run, "--domain", label, "-o", tmp_path / "mine", "--overwrite")
    assert refused.returncode == 2 and "holds no subset written by vicorpus select" in refused.stderr
    assert (tmp_path / "mine" / "precious.txt").read_text() == "keep me"


def test_the_run_folder_and_its_ancestors_are_never_targets(demo_run: Path) -> None:
    for target in (demo_run, demo_run.parent, demo_run / "kept"):
        result = run_cli("select", demo_run, "--domain", "health", "-o", target, "--overwrite")
        assert result.returncode == 2, (target, result.stderr)
        assert "run folder" in result.stderr
    assert (demo_run / "ledger.json").is_file() and list((demo_run / "kept").glob("*.parquet"))


def test_a_changed_run_folder_is_refused_before_a_subset_appears(demo_run: Path, tmp_path: Path) -> None:
    import shutil

    copy = tmp_path / "run"
    shutil.copytree(demo_run, copy)
    sorted((copy / "kept").glob("*.parquet"))[0].unlink()
    result = run_cli("select", copy, "--domain", "health", "-o", tmp_path / "subset")
    assert result.returncode == 2 and "the run's ledger says" in result.stderr
    assert not (tmp_path / "subset").exists()
    assert not [p for p in tmp_path.iterdir() if p.name.startswith(".subset")]
    shard = sorted((copy / "kept").glob("*.parquet"))[0]
    shard.write_bytes(b"not parquet")
    broken = run_cli("select", copy, "--domain", "health", "-o", tmp_path / "subset")
    assert broken.returncode == 2 and "not a readable Parquet file" in broken.stderr
    (tmp_path / "afile").write_text("x")
    into_file = run_cli("select", demo_run, "--domain", "health", "-o", tmp_path / "afile")
    assert into_file.returncode == 2 and "is a file" in into_file.stderr
