"""Source governance fields, per-document licences, and the licence / opt-out / PII
papers of a run; ``vicorpus report``."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest

from conftest import REPO, read_rows, run_cli, write_pipeline
from test_web import ARTICLE, page
from vicorpus.config.licenses import license_keys, normalize_license
from vicorpus.errors import ConfigError
from vicorpus.pipeline import Pipeline
from vicorpus.run.layout import RUN_FILES
from vicorpus.web.licenses import license_url_to_spdx, page_license

SAMPLE = REPO / "examples" / "sample_corpus" / "data" / "news.jsonl.gz"


def _source(**fields: Any) -> dict[str, Any]:
    return {"name": "news", "format": "jsonl", "path": str(SAMPLE), **fields}


def _problems(**fields: Any) -> str:
    with pytest.raises(ConfigError) as caught:
        Pipeline.from_dict({"sources": [_source(**fields)]})
    return str(caught.value)


# --- configuration ------------------------------------------------------------------------


def test_licences_are_spdx_expressions_in_spdx_spelling() -> None:
    assert normalize_license("cc-by-sa-4.0") == "CC-BY-SA-4.0"
    assert normalize_license("GPL-2.0+") == "GPL-2.0-or-later"
    assert normalize_license("noassertion") == "NOASSERTION"
    assert normalize_license("LicenseRef-vn-law OR CC0-1.0") == "LicenseRef-vn-law OR CC0-1.0"
    assert license_keys("MIT OR CC0-1.0") == ["MIT", "CC0-1.0"]
    pipeline = Pipeline.from_dict({"sources": [_source(license="cc0-1.0")]})
    assert pipeline.sources[0].license == "CC0-1.0"


@pytest.mark.parametrize(
    ("fields", "expected"),
    [
        ({"license": "Apache2"}, "sources[0].license: Value error, 'Apache2': unknown SPDX licence key(s) Apache2"),
        ({"license": "MIT AND"}, "sources[0].license: Value error, 'MIT AND' is not a complete SPDX"),
        ({"kind": "scraped"}, "sources[0].kind: Input should be 'public_dataset', 'private_licensed'"),
        ({"collection_period": {"start": "2024-13"}}, "sources[0].collection_period.start: Value error, '2024-13'"),
        ({"collection_period": {"start": "2024-05", "end": "2024-04-30"}}, "end 2024-04-30 is before start 2024-05"),
        ({"collection_period": {"start": "2025-02-30"}}, "collection_period.start: Value error, '2025-02-30' is not a"),
        ({"collection_period": {"start": "2024-05", "ends": "2024"}}, "unknown key 'ends' (did you mean 'end'?)"),
        ({"kind": "public_dataset", "crawler": {"name": "bot"}}, "crawler is set but kind is 'public_dataset'"),
        ({"crawler": {"user_agent": "bot/1"}}, "sources[0].crawler.name: Field required"),
        ({"redistributable": "maybe"}, "sources[0].redistributable: Input should be a valid boolean"),
    ],
)
def test_bad_governance_fields_are_config_errors_naming_the_key(fields: dict[str, Any], expected: str) -> None:
    assert expected in _problems(**fields)


def test_release_block_is_checked_and_yaml_dates_are_accepted() -> None:
    with pytest.raises(ConfigError, match=r"release: unknown key 'titel'"):
        Pipeline.from_dict({"sources": [_source()], "release": {"titel": "x"}})
    text = (
        f"sources:\n  - name: news\n    format: jsonl\n    path: {SAMPLE}\n"
        "    collection_period: {start: 2024-05-17, end: 2025}\n"
    )
    pipeline = Pipeline.from_yaml(text)
    period = pipeline.sources[0].collection_period
    assert period is not None and (period.start, period.end) == ("2024-05-17", "2025")
    assert Pipeline.from_yaml(pipeline.to_yaml()) == pipeline
    # An impossible date is the config's error, naming the key, not the YAML parser's.
    with pytest.raises(ConfigError, match=r"sources\[0\]\.collection_period\.start: .*'2025-02-30' is not a calendar"):
        Pipeline.from_yaml(text.replace("2024-05-17", "2025-02-30"))


def test_governance_fields_do_not_change_what_a_run_computes(tmp_path: Path) -> None:
    """Editing the papers' fields reuses the finished run (no conflict, no recomputation)."""
    config: dict[str, Any] = {
        "sources": [_source(license="CC0-1.0")],
        "stages": [{"length_filter": {"min_chars": 50}}],
        "max_bad_fraction": 0.1,  # the sample carries unparseable records on purpose
    }
    out = tmp_path / "out"
    assert run_cli("run", write_pipeline(tmp_path, config), "-o", out, "-q").returncode == 0
    marker = next((out / ".vicorpus" / "done").rglob("*.json"))
    before = marker.stat().st_mtime_ns
    timings = {k: json.loads((out / "manifest.json").read_text())[k] for k in ("finished_at", "wall_seconds")}
    config["sources"][0].update(kind="crawled", homepage="https://example.org", crawler={"name": "bot"})
    config["release"] = {"pretty_name": "Tên mới"}
    result = run_cli("run", write_pipeline(tmp_path, config), "-o", out, "-q")
    assert result.returncode == 0, result.stderr
    assert marker.stat().st_mtime_ns == before
    manifest = json.loads((out / "manifest.json").read_text())
    assert {k: manifest[k] for k in timings} == timings  # the run's timings, not the re-run's
    assert "Tên mới" in (out / "README.md").read_text(encoding="utf-8")


# --- per-document licences ------------------------------------------------------------------


def test_licence_urls_map_to_spdx_only_when_certain() -> None:
    assert license_url_to_spdx("https://creativecommons.org/licenses/by-sa/4.0/deed.vi") == "CC-BY-SA-4.0"
    assert license_url_to_spdx("http://creativecommons.org/licenses/by-nc-nd/3.0/vn/") == "CC-BY-NC-ND-3.0"
    assert license_url_to_spdx("//creativecommons.org/publicdomain/zero/1.0/") == "CC0-1.0"
    assert license_url_to_spdx("https://creativecommons.org/licenses/by/5.0/") is None
    assert license_url_to_spdx("https://example.org/license") is None
    assert page_license("<a rel='license' href='https://creativecommons.org/licenses/by/4.0/'>CC</a>") == "CC-BY-4.0"
    assert page_license("<link rel=license href=https://opendatacommons.org/licenses/odbl/1-0/>") == "ODbL-1.0"
    # A licence link without rel=license (e.g. in an article's text) is no statement.
    assert page_license('<a href="https://creativecommons.org/licenses/by/4.0/">license</a>') is None


def test_a_pages_own_licence_wins_over_the_source_default(tmp_path: Path) -> None:
    pages = tmp_path / "pages"
    pages.mkdir()
    cc = '<link rel="license" href="https://creativecommons.org/licenses/by-sa/4.0/">'
    (pages / "a.html").write_text(page(ARTICLE, head=cc), encoding="utf-8")
    (pages / "b.html").write_text(page(ARTICLE[1:]), encoding="utf-8")
    config = {
        "sources": [{"name": "pages", "format": "html", "path": "pages", "license": "NOASSERTION", "kind": "crawled"}]
    }
    out = tmp_path / "out"
    result = run_cli("run", write_pipeline(tmp_path, config), "-o", out, "-q")
    assert result.returncode == 0, result.stderr
    licences = {row["origin"]: row["license"] for row in read_rows(out / "kept")}
    assert licences == {"a.html": "CC-BY-SA-4.0", "b.html": "NOASSERTION"}
    papers = json.loads((out / "licenses.json").read_text())
    assert {e["license"]: e["docs"] for e in papers["by_license"]} == {"CC-BY-SA-4.0": 1, "NOASSERTION": 1}
    assert papers["by_source"][0]["docs_with_own_license"] == 1
    assert papers["license_not_asserted"]["docs"] == 1
    assert papers["redistributable_not_assessed"]["sources"] == ["pages"]


# --- papers of the demo run -------------------------------------------------------------------


def test_every_run_writes_its_papers(demo_run: Path) -> None:
    for name in RUN_FILES:
        assert (demo_run / name).is_file() and (demo_run / name).stat().st_size > 0, name
    assert not list(demo_run.glob("*.partial"))


def test_licences_json_adds_up_to_the_kept_shards(demo_run: Path) -> None:
    papers = json.loads((demo_run / "licenses.json").read_text())
    kept = read_rows(demo_run / "kept")
    assert papers["kept"] == {"docs": len(kept), "chars": sum(len(row["text"]) for row in kept)}
    per_licence: dict[str, int] = {}
    for row in kept:
        per_licence[row["license"]] = per_licence.get(row["license"], 0) + 1
    assert {e["license"]: e["docs"] for e in papers["by_license"]} == per_licence
    assert {e["source"]: e["redistributable"] for e in papers["by_source"]} == {
        "forum": True,
        "news": True,
        "notices": True,
    }
    assert papers["not_redistributable"]["docs"] == 0


def test_pii_json_counts_equal_the_stage_counters_and_the_kept_columns(demo_run: Path) -> None:
    pii = json.loads((demo_run / "pii.json").read_text())
    manifest = json.loads((demo_run / "manifest.json").read_text())
    counters = next(s for s in manifest["stages"] if s["name"] == "redact_pii")["counters"]
    assert pii["redacted"] is True
    assert pii["spans_redacted_by_kind"] == {k.removeprefix("pii_"): v for k, v in counters.items()}
    assert pii["spans_redacted_by_kind"]["phone"] > 0  # the sample corpus carries made-up phone numbers
    kept = read_rows(demo_run / "kept")
    with_phone = sum(1 for row in kept if row["pii_phone"])
    assert pii["kept_documents_with_redactions"]["phone"]["docs"] == with_phone
    assert sum("<PHONE>" in row["text"] for row in kept) == with_phone


def test_optouts_json_says_plainly_when_nothing_was_honoured(demo_run: Path) -> None:
    optouts = json.loads((demo_run / "optouts.json").read_text())
    assert optouts["honoured"] is False and optouts["documents_dropped"] == 0
    assert optouts["note"].startswith("No optout stage ran")


def test_optouts_json_counts_signals_and_drops(tmp_path: Path) -> None:
    pages = tmp_path / "pages"
    pages.mkdir()
    (pages / "a.html").write_text(page(ARTICLE, head='<meta name="robots" content="noai">'), "utf-8")
    (pages / "b.html").write_text(page(ARTICLE[1:], head='<meta name="tdm-reservation" content="1">'), "utf-8")
    (pages / "c.html").write_text(page(ARTICLE[2:]), "utf-8")
    config = {"sources": [{"name": "pages", "format": "html", "path": "pages"}], "stages": [{"optout": {}}]}
    out = tmp_path / "out"
    assert run_cli("run", write_pipeline(tmp_path, config), "-o", out, "-q").returncode == 0
    optouts = json.loads((out / "optouts.json").read_text())
    ledger = json.loads((out / "ledger.json").read_text())
    assert optouts["honoured"] is True
    assert optouts["documents_dropped"] == ledger["total"]["rejected_by_reason"]["optout"] == 2
    assert optouts["signals_found"] == {
        "robots_noai": {"kept": 0, "rejected": 1, "duplicates": 0},
        "tdm_reservation": {"kept": 0, "rejected": 1, "duplicates": 0},
    }


# --- vicorpus report ----------------------------------------------------------------------------


def test_report_command_writes_the_papers_again(tmp_path: Path, demo_run: Path) -> None:
    import shutil

    copy = tmp_path / "copy"
    shutil.copytree(demo_run, copy)
    for name in ("report.html", "README.md", "croissant.json", "licenses.json"):
        (copy / name).unlink()
    result = run_cli("report", copy)
    assert result.returncode == 0, result.stderr
    for name in RUN_FILES:
        assert (copy / name).is_file(), name
    assert (copy / "licenses.json").read_bytes() == (demo_run / "licenses.json").read_bytes()


def test_report_command_on_a_folder_without_a_run_is_a_usage_error(tmp_path: Path) -> None:
    result = run_cli("report", tmp_path)
    assert result.returncode == 2 and "Traceback" not in result.stderr
    assert "holds no finished vicorpus run" in result.stderr


@pytest.mark.parametrize(
    ("lines", "stages"),
    [
        (['{"text": "ngắn"}', '{"text": "quá ngắn"}'], [{"length_filter": {"min_chars": 1000}}]),  # all rejected
        (["not json", '{"text": null}'], []),  # all quarantined
    ],
)
def test_a_run_that_keeps_nothing_still_writes_every_paper(
    tmp_path: Path, lines: list[str], stages: list[dict[str, Any]]
) -> None:
    (tmp_path / "a.jsonl").write_text("\n".join(lines) + "\n", encoding="utf-8")
    config = {"sources": [{"name": "a", "format": "jsonl", "path": "a.jsonl"}], "stages": stages, "max_bad_fraction": 1}
    out = tmp_path / "out"
    result = run_cli("run", write_pipeline(tmp_path, config), "-o", out, "-q")
    assert result.returncode == 0, result.stderr
    for name in RUN_FILES:
        assert (out / name).is_file(), name
    assert json.loads((out / "licenses.json").read_text())["kept"] == {"docs": 0, "chars": 0}
    assert json.loads((out / "croissant.json").read_text())["recordSet"]
    assert 'data-ledger="total.kept" data-value="0"' in (out / "report.html").read_text(encoding="utf-8")


def test_papers_are_written_from_the_folder_alone(tmp_path: Path) -> None:
    """The robots snapshot an optout stage read is gone: the papers are still written."""
    pages = tmp_path / "pages"
    pages.mkdir()
    (pages / "a.html").write_text(page(ARTICLE), encoding="utf-8")
    snapshot = tmp_path / "robots.jsonl"
    snapshot.write_text(json.dumps({"domain": "x.vn", "robots_txt": "User-agent: *\nAllow: /\n"}) + "\n", "utf-8")
    config = {
        "sources": [{"name": "pages", "format": "html", "path": "pages"}],
        "stages": [{"optout": {"robots_file": str(snapshot)}}, {"length_filter": {"min_chars": 10}}],
    }
    out = tmp_path / "out"
    assert run_cli("run", write_pipeline(tmp_path, config), "-o", out, "-q").returncode == 0
    snapshot.unlink()
    (out / "report.html").unlink()
    result = run_cli("report", out)
    assert result.returncode == 0, result.stderr
    assert "too_short" in (out / "report.html").read_text(encoding="utf-8")  # the length threshold, drawn


def test_urls_whose_host_is_no_host_give_no_domain_and_no_crash(tmp_path: Path) -> None:
    import polars as pl

    from vicorpus.readers.base import host_column
    from vicorpus.web.robots import RobotsSnapshot

    urls = ["http://<img src=x onerror=alert(1)>.vn/a", "https://[click](evil.vn)/x", "https://Tin-Tức.vn/a", None]
    domains = pl.DataFrame({"url": urls}).select(host_column(pl.col("url")))["url"].to_list()
    assert domains == [None, None, "tin-tức.vn", None]
    assert RobotsSnapshot(rules={}, fetched={}).disallowing_agent("http://a.[click](evil.vn)/x", ("GPTBot",)) is None


def test_a_paper_cut_short_is_cleared_on_resume(demo_run: Path, tmp_path: Path) -> None:
    import shutil

    from vicorpus.run.layout import Layout

    copy = tmp_path / "copy"
    shutil.copytree(demo_run, copy)
    (copy / "README.md.partial").write_text("half a card", encoding="utf-8")
    Layout(copy).clear_partials()
    assert not (copy / "README.md.partial").exists() and (copy / "README.md").exists()
