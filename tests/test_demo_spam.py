"""The demo drops every spam page written for its sample corpus as spam, evasions included
(``examples/sample_corpus/spam_pages.jsonl``: betting, "game bài đổi thưởng", "nổ hũ",
instant loans, and a page spelled out letter by letter, "N.h.à c.á.i", "n.ổ h.ũ")."""

from __future__ import annotations

import json
from pathlib import Path

import polars as pl

from conftest import REPO

SPAM_PAGES = REPO / "examples" / "sample_corpus" / "spam_pages.jsonl"
SPAM_REASONS = {"spam_gambling", "spam_adult", "spam_loans", "spam_scams", "spam_keyword_stuffing"}


def test_every_spam_page_of_the_sample_corpus_is_dropped_as_spam(demo_run: Path) -> None:
    titles = [json.loads(line)["title"] for line in SPAM_PAGES.read_text(encoding="utf-8").splitlines()]
    rejected = pl.read_parquet(demo_run / "rejected" / "*.parquet")
    kept = pl.read_parquet(demo_run / "kept" / "*.parquet")
    for title in titles:
        # Each page is a record whose text opens with its title (make_sample.py).
        assert not kept.filter(pl.col("text").str.starts_with(title)).height, title
        reasons = rejected.filter(pl.col("text").str.starts_with(title))["drop_reason"].to_list()
        assert reasons and set(reasons) <= SPAM_REASONS, (title, reasons)
