"""Quality filters over the ``quality_signals`` columns: Gopher, FineWeb, C4.

Each filter compares columns with thresholds (settings; ``null`` turns a rule off) and
names the first failing rule as the drop reason. The defaults are re-derived for
syllables on news, Wikipedia and law text (``docs/quality.md``): FineWeb-2's ``vie_Latn``
values count pyvi words (about 1.4 syllables each) and would remove many clean laws
(which repeat long formulas) and Wikipedia lists.
"""

from __future__ import annotations

from typing import ClassVar

import polars as pl
from pydantic import Field, field_validator

from vicorpus.stages.base import Stage, StageKind, Threshold
from vicorpus.stages.filters.rules import Rule, above, below, drop_by_rules, thresholds_of


class _SignalFilter(Stage):
    kind: ClassVar[StageKind] = StageKind.FILTER
    requires_stage: ClassVar[str] = "quality_signals"

    def rules(self) -> list[Rule]:
        raise NotImplementedError

    def thresholds(self) -> list[Threshold]:
        return thresholds_of(self.rules())

    def __call__(self, batch: pl.DataFrame) -> pl.DataFrame:
        return drop_by_rules(batch, self.rules())


class GopherQuality(_SignalFilter):
    """Drop documents that fail Gopher's quality rules (length, syllable length, symbols, stop words)."""

    name: ClassVar[str] = "gopher_quality"

    min_syllables: int | None = Field(20, ge=0, description="Fewer syllables: gopher_short_doc.")
    max_syllables: int | None = Field(250_000, ge=1, description="More syllables: gopher_long_doc.")
    min_mean_syllable_length: float | None = Field(2.5, ge=0, description="gopher_below_avg_threshold.")
    max_mean_syllable_length: float | None = Field(7.0, ge=0, description="gopher_above_avg_threshold.")
    max_hash_ratio: float | None = Field(0.1, ge=0, description="'#' per token: gopher_too_many_hashes.")
    max_ellipsis_ratio: float | None = Field(0.1, ge=0, description="Ellipses per token: gopher_too_many_ellipsis.")
    # Gopher's 0.9, over list items only: Vietnamese interviews and dialogue open every
    # turn with a dash, and Gopher's count of every such line removed 122 of the 50,373
    # VNTC test news articles (0.24 %; 10 of 12 sampled were interviews, see docs/quality.md).
    max_bullet_list_line_share: float | None = Field(
        0.9,
        ge=0.0,
        le=1.0,
        description="Lines starting with a bullet that do not end as a sentence: gopher_too_many_bullets.",
    )
    max_bullet_line_share: float | None = Field(
        None,
        ge=0.0,
        le=1.0,
        description="Every line starting with a bullet (Gopher's rule; off by default): gopher_too_many_bullets.",
    )
    # 0.7, not Gopher's 0.3: news articles are title + lead + body, and a lead that ends
    # in "…" already makes 1/3 (2.2 % of baomoi articles have 2/3).
    max_ellipsis_line_share: float | None = Field(0.7, ge=0.0, le=1.0, description="gopher_too_many_end_ellipsis.")
    min_alpha_token_share: float | None = Field(0.6, ge=0.0, le=1.0, description="gopher_below_alpha_threshold.")
    # Gopher counts distinct stop words of a list; FineWeb-2's 13 for Vietnamese drop
    # 0.45 % of clean news (short items with none of là, và, của, …), so the default
    # counts the larger list of function syllables instead (quality/stopwords.py).
    min_function_syllables: int | None = Field(
        2, ge=0, description="Fewer function syllables (quality/stopwords.py): gopher_enough_stop_words."
    )
    min_stopwords_fineweb2: int | None = Field(
        None, ge=0, description="Distinct FineWeb-2 stop words needed (Gopher's rule; off by default)."
    )

    def rules(self) -> list[Rule]:
        return [
            *below("syllable_count", self.min_syllables, "gopher_short_doc"),
            *above("syllable_count", self.max_syllables, "gopher_long_doc"),
            *below("mean_syllable_length", self.min_mean_syllable_length, "gopher_below_avg_threshold"),
            *above("mean_syllable_length", self.max_mean_syllable_length, "gopher_above_avg_threshold"),
            *above("hash_ratio", self.max_hash_ratio, "gopher_too_many_hashes"),
            *above("ellipsis_ratio", self.max_ellipsis_ratio, "gopher_too_many_ellipsis"),
            *above("bullet_list_line_share", self.max_bullet_list_line_share, "gopher_too_many_bullets"),
            *above("bullet_line_share", self.max_bullet_line_share, "gopher_too_many_bullets"),
            *above("ellipsis_line_share", self.max_ellipsis_line_share, "gopher_too_many_end_ellipsis"),
            *below("alpha_token_share", self.min_alpha_token_share, "gopher_below_alpha_threshold"),
            *below("stopword_count", self.min_function_syllables, "gopher_enough_stop_words"),
            *below("stopwords_fineweb2", self.min_stopwords_fineweb2, "gopher_enough_stop_words"),
        ]


class GopherRepetition(_SignalFilter):
    """Drop documents with repeated lines, paragraphs or syllable n-grams (Gopher's repetition rules)."""

    name: ClassVar[str] = "gopher_repetition"

    max_dup_line_share: float | None = Field(0.3, ge=0.0, le=1.0, description="dup_line_frac")
    max_dup_para_share: float | None = Field(0.3, ge=0.0, le=1.0, description="dup_para_frac")
    max_dup_line_char_share: float | None = Field(0.2, ge=0.0, le=1.0, description="dup_line_char_frac")
    max_dup_para_char_share: float | None = Field(0.2, ge=0.0, le=1.0, description="dup_para_char_frac")
    max_top_ngram_char_share: dict[int, float] = Field(
        {2: 0.22, 3: 0.22, 4: 0.25}, description="n (2-4) -> limit; reason top_{n}_gram"
    )
    max_dup_ngram_char_share: dict[int, float] = Field(
        {5: 0.50, 6: 0.47, 7: 0.44, 8: 0.41, 9: 0.38, 10: 0.36},
        description="n (5-10) -> limit; reason duplicated_{n}_n_grams",
    )

    def rules(self) -> list[Rule]:
        rules = [
            *above("dup_para_share", self.max_dup_para_share, "dup_para_frac"),
            *above("dup_para_char_share", self.max_dup_para_char_share, "dup_para_char_frac"),
            *above("dup_line_share", self.max_dup_line_share, "dup_line_frac"),
            *above("dup_line_char_share", self.max_dup_line_char_share, "dup_line_char_frac"),
        ]
        for n, limit in sorted(self.max_top_ngram_char_share.items()):
            rules += above(f"top_{n}gram_char_share", limit, f"top_{n}_gram")
        for n, limit in sorted(self.max_dup_ngram_char_share.items()):
            rules += above(f"dup_{n}gram_char_share", limit, f"duplicated_{n}_n_grams")
        return rules

    @field_validator("max_top_ngram_char_share")
    @classmethod
    def _top_sizes(cls, value: dict[int, float]) -> dict[int, float]:
        if not set(value) <= {2, 3, 4}:
            raise ValueError("n must be 2, 3 or 4")
        return value

    @field_validator("max_dup_ngram_char_share")
    @classmethod
    def _dup_sizes(cls, value: dict[int, float]) -> dict[int, float]:
        if not set(value) <= set(range(5, 11)):
            raise ValueError("n must be between 5 and 10")
        return value


class FineWebQuality(_SignalFilter):
    """Drop documents failing FineWeb's line rules (punctuation, short lines, repeated lines, lists)."""

    name: ClassVar[str] = "fineweb_quality"

    # Off by default: 2.2 % of clean news have no line ending in terminal punctuation
    # (title, lead and a body that ends with the source, "Theo Trí thức trẻ").
    min_terminal_punct_line_share: float | None = Field(None, ge=0.0, le=1.0, description="line_punct_ratio")
    max_short_line_share: float | None = Field(0.95, ge=0.0, le=1.0, description="short_line_ratio (lines ≤ 30 chars)")
    max_dup_line_char_share: float | None = Field(0.2, ge=0.0, le=1.0, description="char_dup_ratio")
    max_newline_ratio: float | None = Field(0.5, ge=0, description="Line breaks per syllable: list_ratio.")

    def rules(self) -> list[Rule]:
        return [
            *below("terminal_punct_line_share", self.min_terminal_punct_line_share, "line_punct_ratio"),
            *above("short_line_share", self.max_short_line_share, "short_line_ratio"),
            *above("dup_line_char_share_fineweb", self.max_dup_line_char_share, "char_dup_ratio"),
            *above("newline_ratio", self.max_newline_ratio, "list_ratio"),
        ]


class C4Lines(_SignalFilter):
    """Drop pages with C4's boilerplate markers: lorem ipsum, curly brackets, javascript or policy lines."""

    name: ClassVar[str] = "c4_lines"

    drop_lorem_ipsum: bool = Field(True, description="c4_lorem_ipsum")
    drop_curly_bracket: bool = Field(True, description="c4_curly_bracket (code)")
    max_javascript_lines: int | None = Field(0, ge=0, description="c4_javascript")
    max_policy_lines: int | None = Field(0, ge=0, description="c4_policy (cookie, terms of use, privacy)")

    def rules(self) -> list[Rule]:
        rules: list[Rule] = []
        if self.drop_lorem_ipsum:
            rules.append(Rule(pl.col("c4_has_lorem_ipsum"), "c4_lorem_ipsum"))
        if self.drop_curly_bracket:
            rules.append(Rule(pl.col("c4_has_curly_bracket"), "c4_curly_bracket"))
        rules += above("c4_javascript_lines", self.max_javascript_lines, "c4_javascript")
        rules += above("c4_policy_lines", self.max_policy_lines, "c4_policy")
        return rules
