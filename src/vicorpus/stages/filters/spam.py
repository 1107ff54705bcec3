"""Stage ``spam_filter``: drop Vietnamese web spam (gambling, adult, instant loans, scams, doorway pages).

The evidence is matched on an evasion-resistant folded copy of the text
(:mod:`vicorpus.spam`), and the few jargon terms that folding would make everyday words
on the text itself (:mod:`vicorpus.spam.accented`); the stage keeps the per-document scores as columns, so the
thresholds (settings) can be changed and re-applied without recomputing anything.
The whole column is folded and scanned at once (:mod:`vicorpus.spam.column`); only the
documents with evidence are judged one by one.
"""

from __future__ import annotations

from typing import ClassVar

import numpy as np
import polars as pl
from pydantic import Field

from vicorpus.schema import DROP_REASON
from vicorpus.spam import decision, spam_category, spam_signals
from vicorpus.spam.accented import NO_HITS
from vicorpus.spam.column import evidence_candidates
from vicorpus.spam.signals import folded_spam_signals
from vicorpus.stages.base import Stage, StageKind

SPAM_COLUMNS: dict[str, pl.DataType] = {
    "spam_gambling_score": pl.Float32(),
    "spam_adult_score": pl.Float32(),
    "spam_loan_score": pl.Float32(),
    "spam_scam_score": pl.Float32(),
    "spam_brand_tokens": pl.UInt32(),
    "spam_contacts": pl.UInt32(),
    "spam_window_score": pl.Float32(),
}


class SpamFilter(Stage):
    """Drop gambling, adult, instant-loan, scam and keyword-stuffed pages (reasons spam_*), evasion-resistant."""

    name: ClassVar[str] = "spam_filter"
    kind: ClassVar[StageKind] = StageKind.FILTER
    output_columns: ClassVar[dict[str, pl.DataType]] = SPAM_COLUMNS

    min_topic_hits: int = Field(
        decision.MIN_TOPIC_HITS, ge=1, description="Topic terms needed (gambling/adult/loans/scams)."
    )
    min_promotion: int = Field(decision.MIN_PROMOTION, ge=0, description="Calls to action, links and contacts needed.")
    min_topic_score: float = Field(
        decision.MIN_TOPIC_SCORE,
        ge=0,
        description="(topic terms + promotion - reporting terms) per 100 words needed.",
    )
    min_window_score: float = Field(
        decision.MIN_WINDOW_SCORE,
        ge=0,
        description="The same score on the densest 100 words, needed when the page's is too low.",
    )
    min_pair_repeats: int = Field(
        decision.MIN_PAIR_REPEATS, ge=1, description="Doorway pages: repeats of the top pair."
    )
    min_pair_share: float = Field(
        decision.MIN_PAIR_SHARE, ge=0, le=1, description="Doorway pages: share of words in the top pair."
    )

    def __call__(self, batch: pl.DataFrame) -> pl.DataFrame:
        text = batch["text"]
        rows = len(text)
        gambling = np.zeros(rows, dtype=np.float32)
        adult = np.zeros(rows, dtype=np.float32)
        loans = np.zeros(rows, dtype=np.float32)
        scams = np.zeros(rows, dtype=np.float32)
        brands = np.zeros(rows, dtype=np.uint32)
        contacts = np.zeros(rows, dtype=np.uint32)
        windows = np.zeros(rows, dtype=np.float32)
        reasons: list[str | None] = [None] * rows
        # Documents whose folded copy holds no evidence score zero everywhere and are no
        # spam whatever the thresholds (see ``spam.column``); only the others are judged.
        candidates = (
            evidence_candidates(text) if not text.null_count() else [(row, None, NO_HITS) for row in range(rows)]
        )
        unfolded = [row for row, folded, _ in candidates if folded is None]
        texts = dict(zip(unfolded, text.gather(unfolded).to_list(), strict=True)) if unfolded else {}
        for row, folded, accented in candidates:
            signals = folded_spam_signals(folded, accented) if folded is not None else spam_signals(texts[row])
            gambling[row] = signals.gambling_score
            adult[row] = signals.adult_score
            loans[row] = signals.loan_score
            scams[row] = signals.scam_score
            brands[row] = signals.brand_tokens
            contacts[row] = signals.reach
            windows[row] = max(signals.window_scores)
            reasons[row] = spam_category(
                signals,
                min_topic_hits=self.min_topic_hits,
                min_promotion=self.min_promotion,
                min_topic_score=self.min_topic_score,
                min_window_score=self.min_window_score,
                min_pair_repeats=self.min_pair_repeats,
                min_pair_share=self.min_pair_share,
            )
        return batch.with_columns(
            pl.Series("spam_gambling_score", gambling, dtype=pl.Float32),
            pl.Series("spam_adult_score", adult, dtype=pl.Float32),
            pl.Series("spam_loan_score", loans, dtype=pl.Float32),
            pl.Series("spam_scam_score", scams, dtype=pl.Float32),
            pl.Series("spam_brand_tokens", brands, dtype=pl.UInt32),
            pl.Series("spam_contacts", contacts, dtype=pl.UInt32),
            pl.Series("spam_window_score", windows, dtype=pl.Float32),
            pl.Series(DROP_REASON, reasons, dtype=pl.String),
        )
