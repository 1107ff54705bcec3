"""Boilerplate lines: the pure text functions, the stage's phases, and whole runs."""

from __future__ import annotations

import json
import lzma
from itertools import islice
from pathlib import Path
from typing import Any

import polars as pl
from hypothesis import given, settings
from hypothesis import strategies as st

from conftest import output_bytes, read_rows, run_cli, shared_data, write_pipeline
from vicorpus import STAGES, BoilerplateLines
from vicorpus.boilerplate import Unit, is_candidate, line_hash, match_key, remove_units, unit_hashes, unit_spans
from vicorpus.stages.base import ORDER, PARTITION

# --- pure functions -------------------------------------------------------------------


def _units(text: str, unit: Unit = Unit.LINE) -> list[str]:
    return [text[start:end] for start, end in unit_spans(text, unit)]


def test_units_are_non_blank_lines_without_their_line_breaks() -> None:
    text = "\n  Menu  \r\n\r\nBody one\r\n \t\nBody two\nTheo VTC\r"
    assert _units(text) == ["  Menu  ", "Body one", "Body two", "Theo VTC\r"]
    assert _units(text, Unit.PARAGRAPH) == ["  Menu  ", "Body one", "Body two\nTheo VTC\r"]
    assert _units("") == _units("\n\n \r\n") == _units("", Unit.PARAGRAPH) == []


def test_match_key_folds_case_whitespace_and_optionally_digits() -> None:
    assert match_key("  Theo   VnExpress\t") == match_key("THEO VNEXPRESS") == "theo vnexpress"
    assert match_key("Hoa\u0300") == match_key("Hoà")  # decomposed → NFC
    assert match_key("Lượt xem: 1.234") != match_key("Lượt xem: 87")
    assert match_key("Lượt xem: 1.234", fold_digits=True) == match_key("Lượt xem: 87", fold_digits=True)
    assert match_key("Theo VnExpress", fold_digits=True) != match_key("Theo VTC14", fold_digits=True)


def test_short_or_letterless_lines_are_never_candidates() -> None:
    assert not is_candidate("1.", 1) and not is_candidate("− + ...", 1) and not is_candidate("2017", 1)
    assert not is_candidate("ttx", 5) and is_candidate("theo vtc", 5)


def test_remove_units_keeps_the_rest_byte_identical() -> None:
    text = "Menu | Tin tức\r\n\r\nĐoạn một.\r\nBài viết liên quan\r\n\r\nĐoạn hai.\r\nTheo VnExpress"
    spans = unit_spans(text)
    assert remove_units(text, spans, [True, False, True, False, True]) == "Đoạn một.\r\n\r\nĐoạn hai."
    ends_with_break = "Đoạn một.\nTheo VnExpress\n"
    assert remove_units(ends_with_break, unit_spans(ends_with_break), [False, True]) == "Đoạn một.\n"
    assert remove_units(text, spans, [False] * 5) is text
    assert remove_units("\nA\nB\n", unit_spans("\nA\nB\n"), [True, True]).isspace()


@settings(max_examples=300, deadline=None)
@given(st.lists(st.sampled_from(["Menu", "Theo VTC", "  ", "", "Nội dung", "x\r", "\t"]), max_size=12), st.data())
def test_removing_units_removes_exactly_them(lines: list[str], data: st.DataObject) -> None:
    text = "\n".join(lines)
    spans = unit_spans(text)
    remove = data.draw(st.lists(st.booleans(), min_size=len(spans), max_size=len(spans)))
    kept = [text[start:end] for (start, end), flag in zip(spans, remove, strict=True) if not flag]
    assert _units(remove_units(text, spans, remove)) == kept


def test_unit_hashes_skip_single_line_documents_long_and_protected_lines() -> None:
    assert unit_hashes("Hay quá", "g", Unit.LINE, 5, False)[1] == [None]
    text = "== Tham khảo ==\nTheo VTC14\n" + "x" * 2000
    _, hashes = unit_hashes(text, "g", Unit.LINE, 5, False, max_chars=1000, keep=lambda line: line.startswith("=="))
    assert hashes == [None, line_hash("g", "theo vtc14"), None]
    assert line_hash("s\x00a", "theo vtc14") != line_hash("s\x00b", "theo vtc14")  # the group is in the key


def test_bad_text_never_raises() -> None:
    for text in ["", "\n" * 1000, "\r\n" * 10, "a" * 2_000_000 + "\nTheo VTC", "\ud800 lẻ\nTheo VTC", "\x00\x0b\x0c"]:
        for unit in Unit:
            spans, hashes = unit_hashes(text, "g", unit, 1, True, 1000)
            assert remove_units(text, spans, [key is not None for key in hashes]) is not None


# --- the stage's phases in one process ------------------------------------------------


def _batch(texts: list[str | None], domains: list[str | None] | None = None) -> pl.DataFrame:
    return pl.DataFrame(
        {
            "id": [f"d{index}" for index in range(len(texts))],
            "text": texts,
            "source": ["web"] * len(texts),
            "domain": domains or [None] * len(texts),
            ORDER: pl.Series(range(len(texts)), dtype=pl.UInt64),
            "drop_reason": pl.Series([None] * len(texts), dtype=pl.String),
        },
        schema_overrides={"text": pl.String, "domain": pl.String},
    )


def _run(stage: BoilerplateLines, batch: pl.DataFrame, partitions: int = 1) -> pl.DataFrame:
    signatures = stage.signatures(batch, partitions)
    count = stage.partition_count(partitions)
    assert signatures[PARTITION].max() < count  # type: ignore[operator]
    parts = signatures.partition_by(PARTITION, as_dict=True, maintain_order=True)
    boilerplate = pl.concat([stage.cluster(parts[key]) for key in sorted(parts)])  # in partition order, as a run
    return stage.apply(batch, boilerplate)


def test_scope_domain_counts_each_site_apart() -> None:
    texts = [f"Bài {i}: nội dung riêng số {i}.\nChia sẻ bài viết" for i in range(12)]
    batch = _batch(texts, ["a.vn"] * 6 + ["b.vn"] * 6)
    by_domain = _run(BoilerplateLines(min_documents=10), batch, partitions=3)
    by_source = _run(BoilerplateLines(min_documents=10, scope="source"), batch, partitions=3)
    assert by_domain["boilerplate_lines_removed"].sum() == 0
    assert by_source["boilerplate_lines_removed"].to_list() == [1] * 12
    assert by_source["text"][0] == "Bài 0: nội dung riêng số 0."


def test_apply_without_any_boilerplate_keeps_texts_and_counts_zero() -> None:
    batch = _batch(["Một\nHai", None, ""])
    out = BoilerplateLines().apply(batch, pl.DataFrame(schema={"id": pl.String, "task": pl.UInt32}))
    assert out["text"].to_list() == ["Một\nHai", None, ""]
    assert out["boilerplate_lines_removed"].to_list() == [0, 0, 0]


def test_partitions_hold_increasing_key_ranges() -> None:
    texts = [f"Dòng riêng {i}\nDòng chung của trang" for i in range(200)]
    signatures = BoilerplateLines().signatures(_batch(texts), 5)
    ranges = signatures.group_by(PARTITION).agg(pl.col("key").min().alias("lo"), pl.col("key").max().alias("hi"))
    ranges = ranges.sort(PARTITION)
    assert ranges.height == 20 and (ranges["lo"].shift(-1) > ranges["hi"]).drop_nulls().all()


# --- whole runs -----------------------------------------------------------------------

MENU = "Trang chủ | Thời sự | Thể thao | Giải trí"
FOOTER = ["Bài viết liên quan", "Chia sẻ: Facebook Twitter Zalo"]


def _synthetic(folder: Path) -> Path:
    records: list[dict[str, Any]] = []
    for i in range(40):
        body = f"Bài số {i} kể chuyện thứ {i * 7 % 13} ở làng ven sông.\r\n\r\nĐoạn hai của bài {i}, riêng nó."
        records.append({"text": f"{MENU}\r\n{body}\r\n\r\n" + "\r\n".join(FOOTER), "url": f"https://tin.vn/{i}"})
    records.append({"text": f"{MENU}\n\n{FOOTER[0]}\n", "url": "https://tin.vn/empty"})  # boilerplate only
    for i in range(8):  # another site: too few pages for its footer to count there
        records.append({"text": f"Tin {i} của trang khác.\n{FOOTER[0]}", "url": f"https://khac.vn/{i}"})
    records.append({"text": "", "url": "https://tin.vn/blank"})
    (folder / "in.jsonl").write_text("".join(json.dumps(r, ensure_ascii=False) + "\n" for r in records), "utf-8")
    return folder / "in.jsonl"


def _config(stage: dict[str, Any], **extra: Any) -> dict[str, Any]:
    source = {"name": "web", "format": "jsonl", "path": "in.jsonl", "url_field": "url"}
    return {"sources": [source], "stages": [{"boilerplate_lines": stage}], **extra}


def test_run_removes_menus_and_footers_and_loses_nothing(tmp_path: Path) -> None:
    _synthetic(tmp_path)
    outputs = []
    for workers in ("1", "2"):
        out = tmp_path / f"out-{workers}"
        config = write_pipeline(tmp_path, _config({}, task_bytes=1024, batch_size=7))
        result = run_cli("run", config, "--output", out, "--workers", workers, "--quiet")
        assert result.returncode == 0, result.stderr
        outputs.append(output_bytes(out))
    assert len(outputs[0]) > 2 and outputs[0] == outputs[1]  # several tasks, same bytes
    kept = {row["url"]: row for row in read_rows(out / "kept")}
    assert (
        kept["https://tin.vn/3"]["text"]
        == "Bài số 3 kể chuyện thứ 8 ở làng ven sông.\r\n\r\nĐoạn hai của bài 3, riêng nó."
    )
    per_page = len(MENU) + 2 + 4 + len(FOOTER[0]) + 2 + len(FOOTER[1])  # lines and their CRLFs
    assert {
        (row["boilerplate_lines_removed"], row["boilerplate_chars_removed"])
        for url, row in kept.items()
        if url.startswith("https://tin.vn/") and url[-1].isdigit()
    } == {(3, per_page)}
    assert kept["https://khac.vn/0"]["text"] == f"Tin 0 của trang khác.\n{FOOTER[0]}"
    assert kept["https://tin.vn/blank"]["boilerplate_lines_removed"] == 0
    (rejected,) = read_rows(out / "rejected")
    assert rejected["url"] == "https://tin.vn/empty" and rejected["drop_reason"] == "boilerplate_only"
    assert rejected["dropped_by"] == "boilerplate_lines" and rejected["text"] == f"{MENU}\n\n{FOOTER[0]}\n"
    ledger = json.loads((out / "ledger.json").read_text())
    assert ledger["balanced"] and ledger["total"]["input"] == 50 and ledger["total"]["kept"] == 49
    (stage,) = json.loads((out / "manifest.json").read_text())["stages"]
    empty_page = len(rejected["text"]) - 1  # all but its final line break
    assert stage["counters"] == {
        "boilerplate_lines_removed": 40 * 3 + 2,
        "boilerplate_chars_removed": 40 * per_page + empty_page,
    }


def test_bad_settings_are_config_errors_naming_the_key(tmp_path: Path) -> None:
    _synthetic(tmp_path)
    config = _config({"min_documents": 1})
    config["stages"] += [
        {"boilerplate_lines": {"scope": "site", "unit": "word"}},
        {"boilerplate_lines": {"keep_pattern": "("}},
        {"boilerplate_lines": {"min_chars": 50, "max_chars": 10}},
        {"boilerplate_lines": {"min_document": 3}},
    ]
    result = run_cli("run", write_pipeline(tmp_path, config), "--output", tmp_path / "out")
    assert result.returncode == 2 and "Traceback" not in result.stderr
    for expected in (
        "stages[0].boilerplate_lines.min_documents: Input should be greater than or equal to 2",
        "stages[1].boilerplate_lines.scope: Input should be 'source' or 'domain'",
        "stages[1].boilerplate_lines.unit: Input should be 'line' or 'paragraph'",
        "stages[2].boilerplate_lines.keep_pattern: Value error, not a valid RE2 regular expression",
        "stages[3].boilerplate_lines: Value error, min_chars (50) must not exceed max_chars (10)",
        "stages[4].boilerplate_lines: unknown key 'min_document' (did you mean 'min_documents'?)",
    ):
        assert expected in result.stderr
    assert not (tmp_path / "out").exists()
    assert STAGES["boilerplate_lines"] is BoilerplateLines


# --- real news ------------------------------------------------------------------------


def test_real_news_keeps_titles_and_loses_only_injected_footers(tmp_path: Path) -> None:
    """The first 3,000 baomoi articles: the default removes no line of theirs, while
    footers added to every 25th article go (the corpus-wide figures are in
    docs/boilerplate.md). A threshold of 4 would already remove a syndicated headline."""
    with lzma.open(shared_data("baomoi-news-2017/baomoi_news.jsonl.xz"), "rt", encoding="utf-8") as handle:
        records = [json.loads(line) for line in islice(handle, 3000)]
    for index, record in enumerate(records):
        if index % 25 == 0:
            record["text"] += "\nBài viết liên quan\nTheo Báo Mới"
    (tmp_path / "in.jsonl").write_text("".join(json.dumps(r, ensure_ascii=False) + "\n" for r in records), "utf-8")
    result = run_cli("run", write_pipeline(tmp_path, _config({})), "--output", tmp_path / "out", "--quiet")
    assert result.returncode == 0, result.stderr
    kept = read_rows(tmp_path / "out" / "kept")
    touched = [row for row in kept if row["boilerplate_lines_removed"]]
    print(f"touched {len(touched)} of {len(kept)}; removed", sum(row["boilerplate_lines_removed"] for row in kept))
    assert len(kept) == 3000 and len(touched) == 120
    originals = {record["url"]: record["text"] for record in records}
    for row in kept:
        expected = originals[row["url"]].removesuffix("\nBài viết liên quan\nTheo Báo Mới")
        assert row["text"] == expected
    texts = [record["text"] for record in records]
    low = _run(BoilerplateLines(min_documents=4), _batch(texts, ["baomoi.com"] * len(texts)))
    removed = {
        line
        for old, new in zip(texts, low["text"], strict=True)
        for line in set(old.split("\n")) - set(new.split("\n"))
    }
    assert "Dubai vay 3 tỷ USD xây sân bay lớn nhất thế giới" in removed
