"""Stage ``normalize``: Vietnamese text standardization with fix counts per document.

Per document: :func:`vicorpus.vietnamese.fix_text_with_report` (legacy encodings and
mojibake repaired line by line, character references, invisible characters, NFC,
look-alike letters, tone marks in the configured style), then line endings and
whitespace (:func:`vicorpus.text.normalize_basic`).

Speed: most documents need no repair at all. One vectorised scan over the column
(Polars, Rust regex) with the ``fix_text`` gate (:func:`vicorpus.vietnamese.gates.fix_gate_pattern`)
finds the few that may; only those go through ``fix_text_with_report`` in Python, the
others are known to come back unchanged with an empty report (and NFC). The whitespace
step then runs column-wise (:func:`normalize_basic_column`), with the same result and
counts as ``normalize_basic`` document by document.
"""

from __future__ import annotations

import unicodedata
from typing import ClassVar, Literal

import numpy as np
import polars as pl
from pydantic import Field

from vicorpus.stages.base import Stage, StageKind
from vicorpus.stages.standardize.whitespace import UNICODE_SPACE_CLASS, normalize_basic_column
from vicorpus.vietnamese.fix import FIX_KINDS, fix_flagged_lines
from vicorpus.vietnamese.gates import fix_gate_pattern, repair_gate_pattern

_COLUMNS = tuple(f"fix_{kind}" for kind in (*FIX_KINDS, "line_endings", "whitespace"))


class Normalize(Stage):
    """Repair encodings, mojibake and tone marks; NFC; tidy whitespace; counts each fix."""

    name: ClassVar[str] = "normalize"
    kind: ClassVar[StageKind] = StageKind.TRANSFORM
    output_columns: ClassVar[dict[str, pl.DataType]] = {column: pl.UInt32() for column in _COLUMNS}
    counter_columns: ClassVar[tuple[str, ...]] = _COLUMNS

    tone_style: Literal["old", "new", "keep"] = Field(
        "old",
        description=(
            "Tone placement in open oa/oe/uy syllables: old = hòa, thủy, khỏe (as in news; "
            "default), new = hoà, thuỷ, khoẻ, keep = as written. Misplaced tones are always fixed."
        ),
    )

    def __call__(self, batch: pl.DataFrame) -> pl.DataFrame:
        text = batch["text"]
        counts = {column: np.zeros(len(text), dtype=np.uint32) for column in _COLUMNS}
        # Unicode spaces join the gate's scan (one pass instead of two): ``fix_text`` clears
        # such documents on its own, and the whitespace step then only scans these rows.
        gate = fix_gate_pattern(self.tone_style)
        flagged = text.str.contains(f"{gate}|{UNICODE_SPACE_CLASS}").arg_true()
        if len(flagged):
            text = self._fix(text, flagged, gate, counts)
        basic = normalize_basic_column(text, unicode_space_rows=flagged)
        counts["fix_line_endings"] = basic["line_endings"].to_numpy()
        counts["fix_whitespace"] = basic["whitespace"].to_numpy()
        return batch.with_columns(
            basic["text"],
            *(pl.Series(column, values, dtype=pl.UInt32) for column, values in counts.items()),
        )

    def _fix(self, text: pl.Series, rows: pl.Series, gate: str, counts: dict[str, np.ndarray]) -> pl.Series:
        """``fix_text_with_report`` and NFC (the first step of ``normalize_basic``) for the
        documents in ``rows``, line by line: only the lines the gate flags reach Python
        (:func:`fix_flagged_lines`), and only documents with a changed line are joined
        again. Fills the documents' counts; returns the whole column."""
        texts = text.gather(rows)
        lines = pl.DataFrame({"doc": np.arange(len(texts), dtype=np.uint32), "line": texts.str.split("\n")})
        lines = lines.explode("line").with_row_index("at")
        flagged = lines.filter(pl.col("line").str.contains(gate)).with_columns(
            repair=pl.col("line").str.contains(repair_gate_pattern(self.tone_style))
        )
        one_line = (~texts.str.contains("\n", literal=True)).to_list()
        row_of = rows.to_list()
        changed_at: list[int] = []
        changed_lines: list[str] = []
        changed_docs: list[int] = []
        at, docs, old_lines = flagged["at"].to_list(), flagged["doc"].to_list(), flagged["line"].to_list()
        repair = flagged["repair"].to_list()
        start = 0
        for doc, end in _runs(docs):
            fixed, report = fix_flagged_lines(
                old_lines[start:end], one_line=one_line[doc], tone_style=self.tone_style, repair_flags=repair[start:end]
            )
            if report.total:
                for kind, count in report.counts().items():
                    counts[f"fix_{kind}"][row_of[doc]] = count
            for index, (old, new) in enumerate(zip(old_lines[start:end], fixed, strict=True), start=start):
                if new != old:
                    # The other lines are NFC: the text is NFC when the changed ones are.
                    changed_lines.append(_nfc(new))
                    changed_at.append(at[index])
                    if not changed_docs or changed_docs[-1] != doc:
                        changed_docs.append(doc)
            start = end
        if not changed_docs:
            return text
        docs_changed = pl.Series(changed_docs, dtype=pl.UInt32)
        new_lines = lines["line"].scatter(changed_at, pl.Series(changed_lines, dtype=pl.String))
        joined = (
            lines.with_columns(new_lines)
            .filter(pl.col("doc").is_in(docs_changed.implode()))
            .group_by("doc", maintain_order=True)
            .agg(pl.col("line").str.join("\n"))
        )
        return text.scatter(rows.gather(docs_changed), joined["line"])


def _nfc(text: str) -> str:
    return text if unicodedata.is_normalized("NFC", text) else unicodedata.normalize("NFC", text)


def _runs(values: list[int]) -> list[tuple[int, int]]:
    """(value, end) for each run of equal values: the end index (exclusive) of the run."""
    runs: list[tuple[int, int]] = []
    for index, value in enumerate(values):
        if runs and runs[-1][0] == value:
            runs[-1] = (value, index + 1)
        else:
            runs.append((value, index + 1))
    return runs
