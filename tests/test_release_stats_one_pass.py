"""The corpus statistics run as one batch of queries over one scan per bucket: every
statistic still counts what it did when each was its own query, the EU summary takes its
syllable count from that batch, and the faster syllable pattern counts as the old one."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path
from types import SimpleNamespace
from typing import Any

import polars as pl
import pyarrow as pa
import pyarrow.parquet as pq
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from vicorpus.release import corpus_stats as stats_module
from vicorpus.release.corpus_stats import SYLLABLES_IN_TEXT, corpus_stats
from vicorpus.release.eu import summary as summary_module
from vicorpus.release.eu.summary import count_syllables

# The pattern the EU summary counted with before: one match per whitespace-separated
# token holding a letter or digit.
REFERENCE_SYLLABLES = pl.col("text").str.count_matches(r"[^\s]*[\w][^\s]*").cast(pl.Int64)

KEPT = [
    # source, domain, date, optout, pii_phone, syllable_count, text
    ("web", "a.vn", "2024-03-05T10:00", "tdmrep", 1, 3, "một hai ba"),
    ("web", "B.VN.", "2023-12-31", None, 0, None, "bốn  năm, … 6"),
    ("web", "c.com", "05/06/2024", "robots,tdmrep", 2, 2, "x y"),
    ("wiki", "d.vn", None, "", 0, None, "ờ"),
    ("web", None, "2025-01-01", None, 0, 1, ""),
]


def _write(path: Path, columns: dict[str, Any]) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    pq.write_table(pa.table(columns), path, row_group_size=2)


def _run_folder(root: Path) -> Path:
    names = ("source", "domain", "date", "optout", "pii_phone", "syllable_count", "text")
    table = {name: [row[i] for row in KEPT] for i, name in enumerate(names)}
    table["pii_phone"] = pa.array(table["pii_phone"], pa.uint32())
    table["syllable_count"] = pa.array(table["syllable_count"], pa.uint32())
    table["id"] = [f"k{i}" for i in range(len(KEPT))]
    table["license"] = ["CC0-1.0"] * len(KEPT)
    # Two shards of one schema: the second holds the last two rows.
    _write(root / "kept" / "part-0.parquet", {k: v[:3] for k, v in table.items()})
    _write(root / "kept" / "part-1.parquet", {k: v[3:] for k, v in table.items()})
    _write(
        root / "rejected" / "part-0.parquet",
        {"id": ["r0", "r1"], "source": ["web"] * 2, "text": ["abc", "dé"], "optout": ["tdmrep", None]}
        | {"drop_reason": ["too_short"] * 2, "dropped_by": ["length_filter"] * 2},
    )
    _write(
        root / "duplicates" / "part-0.parquet",
        {"id": ["u0"], "source": ["web"], "text": ["một hai ba"], "optout": ["robots"]}
        | {"dropped_by": ["exact_dedup"], "duplicate_of": ["k0"]},
    )
    return root


def test_all_statistics_are_one_batch_of_queries(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """A statistic collected on its own would read the shards' text again."""
    batches: list[int] = []
    collect_all = pl.collect_all

    def counting(frames: list[pl.LazyFrame], **options: Any) -> list[pl.DataFrame]:
        batches.append(len(frames))
        return collect_all(frames, **options)

    def refuse(*args: Any, **kwargs: Any) -> None:
        raise AssertionError("a statistic collected on its own")

    monkeypatch.setattr(stats_module.pl, "collect_all", counting)
    monkeypatch.setattr(pl.LazyFrame, "collect", refuse)
    stats = corpus_stats(_run_folder(tmp_path), {}, ("web",))
    assert len(batches) == 1 and batches[0] > 10
    texts = [row[-1] for row in KEPT]
    assert stats["kept"] | {"parquet_bytes": 0} == {
        "docs": 5,
        "chars": sum(map(len, texts)),
        "utf8_bytes": sum(len(t.encode()) for t in texts),
        "parquet_bytes": 0,
    }
    assert stats["sources"] == [
        {"value": "web", "docs": 4, "chars": sum(len(row[-1]) for row in KEPT if row[0] == "web")},
        {"value": "wiki", "docs": 1, "chars": 1},
    ]
    crawled = stats["crawled_domains"]
    assert (crawled["distinct"], crawled["chars_with_domain"]) == (3, 10 + 13 + 3)
    assert crawled["vn_chars"] == 10 + 13  # a.vn and B.VN. (case and the final dot ignored); d.vn is wiki's
    assert "vn_chars" not in stats["domains"]
    assert stats["dates"] == {"min": "2023-12-31", "max": "2025-01-01", "docs_with_date": 3}
    assert stats["optout"] == {
        "robots": {"kept": 1, "rejected": 0, "duplicates": 1},
        "tdmrep": {"kept": 2, "rejected": 1, "duplicates": 0},
    }
    assert stats["pii"] == {"phone": {"docs": 2, "spans": 3}, "any": {"docs": 2, "spans": 3}}
    assert sum(stats["histograms"]["char_count"]["kept"]) == 5
    assert sum(stats["histograms"]["char_count"]["rejected"]) == 2
    # The column where it is set (3 + 2 + 1), the text where it is null ("…" is no syllable).
    assert stats["syllables"] == {"total": 6 + 3 + 1, "from_column": True}


def test_the_eu_summary_takes_the_syllables_from_the_statistics(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    root = _run_folder(tmp_path)
    stats = corpus_stats(root, {})
    kept = [SimpleNamespace(path=f"kept/part-{i}.parquet") for i in range(2)]

    def refuse(*args: Any, **kwargs: Any) -> None:
        raise AssertionError("the shards scanned again")

    monkeypatch.setattr(summary_module.pl, "scan_parquet", refuse)
    total, how = count_syllables(SimpleNamespace(root=root, kept_files=kept, stats=stats))  # type: ignore[arg-type]
    assert total == 10 and "syllable_count column" in how


@pytest.mark.parametrize("with_column", [True, False])
def test_syllables_of_the_one_pass_equal_the_count_from_the_shards(tmp_path: Path, with_column: bool) -> None:
    texts = ["một hai ba", "bốn năm", "x , y", "", "…"]
    columns: dict[str, Any] = {"text": texts, "source": ["s"] * 5, "license": ["MIT"] * 5}
    if with_column:
        columns["syllable_count"] = pa.array([7, None, None, 0, None], pa.uint32())
    _write(tmp_path / "kept" / "part-0.parquet", columns)
    _write(tmp_path / "kept" / "part-1.parquet", {k: v[:0] for k, v in columns.items()})  # no rows
    kept = [SimpleNamespace(path=f"kept/part-{i}.parquet") for i in range(2)]
    facts = SimpleNamespace(root=tmp_path, kept_files=kept, stats=corpus_stats(tmp_path, {}))
    from_shards = SimpleNamespace(root=tmp_path, kept_files=kept, stats={})
    assert facts.stats["syllables"] == {"total": 11 if with_column else 3 + 2 + 2, "from_column": with_column}
    assert count_syllables(facts) == count_syllables(from_shards)  # type: ignore[arg-type]


def test_shards_that_differ_in_the_counted_columns_are_counted_as_before(tmp_path: Path) -> None:
    # The first shard has syllable_count, the second not: the statistics leave the count
    # to the EU summary, whose scan refuses the folder as it always did.
    text = {"text": ["một hai", "ba"], "source": ["s", "s"], "license": ["MIT", "MIT"]}
    _write(tmp_path / "kept" / "part-0.parquet", text | {"syllable_count": pa.array([2, 1], pa.uint32())})
    _write(tmp_path / "kept" / "part-1.parquet", text)
    stats = corpus_stats(tmp_path, {})
    assert stats["syllables"] is None and stats["kept"]["docs"] == 4
    kept = [SimpleNamespace(path=f"kept/part-{i}.parquet") for i in range(2)]
    with pytest.raises(pl.exceptions.ColumnNotFoundError):
        count_syllables(SimpleNamespace(root=tmp_path, kept_files=kept, stats=stats))  # type: ignore[arg-type]


def test_the_statistics_do_not_load_pandas(tmp_path: Path) -> None:
    """Taking example rows with pa.array imported pandas: 0.3 s of CPU in every run with
    rejected documents. A fresh interpreter, as the tests may have loaded it already."""
    code = (
        "import sys; from pathlib import Path; from vicorpus.release.corpus_stats import corpus_stats; "
        "stats = corpus_stats(Path(sys.argv[1]), {}); "
        "print(sum(map(len, stats['examples'].values())), 'pandas' in sys.modules)"
    )
    done = subprocess.run([sys.executable, "-c", code, str(_run_folder(tmp_path))], capture_output=True, text=True)
    assert done.returncode == 0, done.stderr
    assert done.stdout.split() == ["2", "False"]  # examples of both drops (rejected, duplicate), no pandas


TRICKY = list("ab1_ .,-…\t\n\r\u00a0\u2028\u3000\u200b\u0301ạĐ😀\x00\x1c\u180e\ufeff")


@settings(max_examples=300, deadline=None)
@given(
    texts=st.lists(
        st.text(st.sampled_from(TRICKY) | st.characters(exclude_categories=("Cs",)), max_size=40),
        min_size=1,
        max_size=10,
    )
)
def test_the_syllable_pattern_counts_as_the_reference(texts: list[str]) -> None:
    frame = pl.DataFrame({"text": texts})
    assert (
        frame.select(SYLLABLES_IN_TEXT).to_series().to_list() == frame.select(REFERENCE_SYLLABLES).to_series().to_list()
    )
