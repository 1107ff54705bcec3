"""Stage ``normalize``: Vietnamese text standardization with fix counts per document.

Per document: :func:`vicorpus.vietnamese.fix_text_with_report` (legacy encodings and
mojibake repaired line by line, character references, invisible characters, NFC,
look-alike letters, tone marks in the configured style), then line endings and
whitespace (:func:`vicorpus.text.normalize_basic`).

Speed: most documents need no repair at all. One vectorised scan over the column
(Polars, Rust regex) with the ``fix_text`` gate (:func:`vicorpus.vietnamese.gates.fix_gate_pattern`)
finds the few that may; the others are known to come back unchanged with an empty
report (and NFC). In those few, only the lines the gate flags are looked at. Most of
them need nothing but the tone step, which runs column-wise where that is shown exact
(:mod:`vicorpus.stages.standardize.tone_lines`); the rest go through the Python
functions a line (or a non-NFC document) at a time. The whitespace step then runs
column-wise (:func:`normalize_basic_column`), with the same result and counts as
``normalize_basic`` document by document.
"""

from __future__ import annotations

import unicodedata
from typing import ClassVar, Literal

import numpy as np
import polars as pl
from pydantic import Field

from vicorpus.stages.base import Stage, StageKind
from vicorpus.stages.standardize.tone_lines import retone_lines
from vicorpus.stages.standardize.whitespace import UNICODE_SPACE_CLASS, normalize_basic_column
from vicorpus.text.stream_safe import LONG_RUN_PATTERN, make_stream_safe, safe_nfc
from vicorpus.vietnamese.fix import FIX_KINDS, FixReport, fix_flagged_lines, fix_line
from vicorpus.vietnamese.gates import fix_gate_pattern, nfc_gate_pattern, tone_only_gates
from vicorpus.vietnamese.tones import normalize_tones

_COLUMNS = tuple(f"fix_{kind}" for kind in (*FIX_KINDS, "line_endings", "whitespace"))
# What ``normalize_tones`` looks at for URLs and e-mail addresses ("www." in any case:
# only "w" and "W" lower-case to "w"; tests/test_normalize_speed_paths.py checks it).
_LINK_HINT = r"@|://|[wW][wW][wW]\."


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
        # Unicode spaces join the gate's scan (one pass instead of two): the repair below
        # replaces them in the lines it looks at (what ``normalize_basic`` does first; it
        # commutes with the line-ending step), so the whitespace step needs no scan for
        # them, a slow one (multi-byte characters, no literal for the engine to seek).
        gate = fix_gate_pattern(self.tone_style)
        flagged = text.str.contains(f"{gate}|{UNICODE_SPACE_CLASS}").arg_true()
        if len(flagged):
            text = self._fix(text, flagged, gate, counts)
        basic = normalize_basic_column(text, unicode_space_rows=pl.Series([], dtype=pl.UInt32))
        counts["fix_line_endings"] = basic["line_endings"].to_numpy()
        counts["fix_whitespace"] += basic["whitespace"].to_numpy()
        return batch.with_columns(
            basic["text"],
            *(pl.Series(column, values, dtype=pl.UInt32) for column, values in counts.items()),
        )

    def _fix(self, text: pl.Series, rows: pl.Series, gate: str, counts: dict[str, np.ndarray]) -> pl.Series:
        """``fix_text_with_report``, NFC and the Unicode spaces of ``normalize_basic`` for
        the documents in ``rows``, line by line: only the lines the gate (or a Unicode
        space) flags are looked at, and only documents with a changed line are joined
        again. Fills the documents' counts; returns the whole column.

        A document whose flagged lines are all NFC is repaired a line at a time, each on
        its own (:meth:`_fix_by_line`). One that is not NFC goes whole through
        :func:`fix_flagged_lines`, which repairs such text as one block."""
        texts = text.gather(rows)
        row_of = rows.to_numpy()
        lines = pl.DataFrame({"doc": np.arange(len(texts), dtype=np.uint32), "line": texts.str.split("\n")})
        lines = lines.explode("line").with_row_index("at")
        flagged = _flag_lines(lines.filter(pl.col("line").str.contains(f"{gate}|{UNICODE_SPACE_CLASS}")), gate)
        has_run = flagged["line"].str.contains(LONG_RUN_PATTERN)  # the gate flags every combining mark
        if has_run.any():
            # Runs of more than 30 combining marks are cut by U+034F (UAX #15's stream-safe
            # format, ``vicorpus.text.stream_safe``), counted as an NFC change, and the
            # documents are looked at again: Python's NFC, which the repairs use, takes
            # time quadratic in a run's length.
            run_rows = row_of[np.unique(flagged["doc"].filter(has_run).to_numpy())]
            before = text.gather(run_rows).to_list()
            safe = [make_stream_safe(value) for value in before]
            cut = np.array([new is not old for new, old in zip(safe, before, strict=True)])
            if cut.any():  # always: both searches read the same characters (tested), no loop
                counts["fix_nfc"][run_rows[cut]] += 1
                return self._fix(text.scatter(run_rows, pl.Series(safe, dtype=pl.String)), rows, gate, counts)
        # Masks over the flagged lines as numpy arrays: most batches need few queries.
        doc, fix = flagged["doc"].to_numpy(), flagged["fix"].to_numpy()
        # The few lines that may not be NFC decide which documents are repaired whole.
        seen: set[int] = set()
        risky = np.flatnonzero(fix & flagged["nfc_risk"].to_numpy())
        for row, line in zip(doc[risky].tolist(), flagged["line"].gather(risky).to_list(), strict=True):
            if row not in seen and not unicodedata.is_normalized("NFC", line):
                seen.add(row)
        not_nfc = np.array(sorted(seen), dtype=np.uint32)
        whole = np.isin(doc, not_nfc) & fix
        new_lines = lines["line"]
        repaired: dict[int, str] = {}  # line index -> changed line, from the Python paths
        retoned_at = pl.Series([], dtype=pl.UInt32)
        by_line = fix & ~whole
        if by_line.any():
            retoned_at, retoned = self._fix_by_line(_rows(flagged, by_line), row_of, counts, repaired)
            new_lines = new_lines.scatter(retoned_at, retoned)
        if whole.any():
            one_line = (~texts.gather(not_nfc).str.contains("\n", literal=True)).to_list()
            self._fix_whole(_rows(flagged, whole), one_line, row_of, counts, repaired)
        if repaired:
            new_lines = new_lines.scatter(list(repaired), pl.Series(list(repaired.values()), dtype=pl.String))
        # Unicode spaces, in the lines as repaired: re-toning leaves them as they were,
        # other repairs may not (a decoded &nbsp; is one).
        at = flagged["at"].to_numpy()
        spaced = np.flatnonzero((flagged["spaces"].to_numpy() > 0) | np.isin(at, list(repaired)))
        spaced_at = at[spaced]
        if len(spaced):
            spaced_lines = new_lines.gather(spaced_at)
            found = spaced_lines.str.count_matches(UNICODE_SPACE_CLASS).to_numpy().astype(np.uint32)
            np.add.at(counts["fix_whitespace"], row_of[doc[spaced]], found)
            spaced_at = spaced_at[found > 0]
            if len(spaced_at):
                replaced = spaced_lines.filter(pl.Series(found > 0)).str.replace_all(UNICODE_SPACE_CLASS, " ")
                new_lines = new_lines.scatter(spaced_at, replaced)
        changed_at = np.concatenate([retoned_at.to_numpy(), np.fromiter(repaired, dtype=np.int64), spaced_at])
        if not len(changed_at):
            return text
        docs_changed = np.unique(lines["doc"].to_numpy()[changed_at])
        joined = (
            lines.with_columns(new_lines)
            .filter(pl.col("doc").is_in(pl.Series(docs_changed).implode()))
            .group_by("doc", maintain_order=True)
            .agg(pl.col("line").str.join("\n"))
        )
        return text.scatter(row_of[joined["doc"].to_numpy()], joined["line"])

    def _fix_by_line(
        self, flagged: pl.DataFrame, row_of: np.ndarray, counts: dict[str, np.ndarray], repaired: dict[int, str]
    ) -> tuple[pl.Series, pl.Series]:
        """``fix_line`` for the flagged lines of NFC documents. Returns the line indices
        and the lines that :func:`retone_lines` rewrote; adds the lines that the Python
        path changed to ``repaired``.

        Lines that only need the tone step, hold no link hint and no character that may
        touch NFC (the re-toned line is then NFC too) go to :func:`retone_lines`; what it
        cannot show done, and the lines that need more, are repaired in Python. (A line
        the gate flags but ``fix_text``'s own gate would not comes back unchanged from
        either path: nothing repairs it.)"""
        style = self.tone_style
        tone_only = flagged["tone_only"].to_numpy()
        retone = tone_only & ~flagged["link"].to_numpy() & ~flagged["nfc_risk"].to_numpy()
        candidates = flagged.filter(pl.Series(retone))
        retoned = retone_lines(candidates["line"], style)
        np.add.at(counts["fix_tones"], row_of[candidates["doc"].to_numpy()], retoned.tones * retoned.done)
        rewritten = pl.Series(retoned.done & (retoned.tones > 0))
        python = np.ones(flagged.height, dtype=bool)
        python[np.flatnonzero(retone)[retoned.done]] = False
        rest = flagged.filter(pl.Series(python)).select("at", "doc", "line")
        tones = counts["fix_tones"]
        for (at, doc, line), only_tones in zip(rest.iter_rows(), tone_only[python], strict=True):
            if only_tones:
                fixed, changes = normalize_tones(line, style)
                tones[row_of[doc]] += changes
            else:
                fixed, report = fix_line(line, tone_style=style)
                _add_counts(counts, row_of[doc], report)
            if fixed != line:
                repaired[at] = _nfc(fixed)
        return candidates["at"].filter(rewritten), retoned.lines.filter(rewritten)

    def _fix_whole(
        self,
        flagged: pl.DataFrame,
        one_line: list[bool],
        row_of: np.ndarray,
        counts: dict[str, np.ndarray],
        repaired: dict[int, str],
    ) -> None:
        """:func:`fix_flagged_lines` for the documents of ``flagged`` (their flagged lines,
        in order; ``one_line``: whether each document is one line); adds the changed lines
        to ``repaired``."""
        at, old_lines = flagged["at"].to_list(), flagged["line"].to_list()
        start = 0
        for (doc, end), single in zip(_runs(flagged["doc"].to_list()), one_line, strict=True):
            fixed, report = fix_flagged_lines(old_lines[start:end], one_line=single, tone_style=self.tone_style)
            _add_counts(counts, row_of[doc], report)
            for index, (old, new) in enumerate(zip(old_lines[start:end], fixed, strict=True), start=start):
                if new != old:
                    # The other lines are NFC: the text is NFC when the changed ones are.
                    repaired[at[index]] = _nfc(new)
            start = end


def _flag_lines(flagged: pl.DataFrame, gate: str) -> pl.DataFrame:
    """The lines that the gate or a Unicode space flags, with what decides their path:
    ``fix`` (the gate flags it), ``spaces`` (Unicode spaces in it), ``nfc_risk`` (a
    character that may make it not NFC), ``tone_only`` (if NFC, ``fix_line`` would only
    re-tone it: :class:`ToneOnlyGates`) and ``link`` (a hint of a URL or e-mail address,
    where ``normalize_tones`` looks closer). One scan finds the lines where any of these may
    not be the common answer (gate, no space, NFC, tone only); only those are looked at
    closer, and the rarer tests only where they can matter."""
    gates = tone_only_gates()
    line = pl.col("line")
    fix = np.ones(flagged.height, dtype=bool)
    spaces = np.zeros(flagged.height, dtype=np.uint32)
    nfc_risk = np.zeros(flagged.height, dtype=bool)
    tone_only = np.ones(flagged.height, dtype=bool)
    common = f"{gates.blocking}|{gates.suspicious}|{nfc_gate_pattern()}|{UNICODE_SPACE_CLASS}"
    first = flagged.select(common=line.str.contains(common), link=line.str.contains(_LINK_HINT))
    at = first["common"].arg_true().to_numpy()
    if len(at):
        some = flagged["line"].gather(at).to_frame()
        checks = some.select(
            spaced=line.str.contains(UNICODE_SPACE_CLASS),
            nfc_risk=line.str.contains(nfc_gate_pattern()),
            blocking=line.str.contains(gates.blocking),
            suspicious=line.str.contains(gates.suspicious),
        )
        nfc_risk[at] = checks["nfc_risk"].to_numpy()
        spaced = checks["spaced"].to_numpy()
        if spaced.any():
            found = some.filter(pl.Series(spaced)).select(
                spaces=line.str.count_matches(UNICODE_SPACE_CLASS), fix=line.str.contains(gate)
            )
            spaces[at[spaced]] = found["spaces"].to_numpy()
            fix[at[spaced]] = found["fix"].to_numpy()
        blocking = checks["blocking"].to_numpy()
        # A suspicious line needs only the tone step if no reading of it can exist.
        doubt = checks["suspicious"].to_numpy() & ~blocking
        readable = np.zeros(len(at), dtype=bool)
        if doubt.any():
            readings = some.filter(pl.Series(doubt)).select(
                line.str.contains(gates.utf8_pair) | ~line.str.contains(gates.unreadable)
            )
            readable[doubt] = readings["line"].to_numpy()
        tone_only[at] = ~(blocking | readable)
    return flagged.with_columns(
        first["link"],
        fix=pl.Series(fix),
        spaces=pl.Series(spaces),
        nfc_risk=pl.Series(nfc_risk),
        tone_only=pl.Series(tone_only),
    )


def _rows(frame: pl.DataFrame, mask: np.ndarray) -> pl.DataFrame:
    """The rows of ``frame`` where ``mask`` holds (the frame itself when all do)."""
    return frame if mask.all() else frame.filter(pl.Series(mask))


def _add_counts(counts: dict[str, np.ndarray], row: int, report: FixReport) -> None:
    if report.total:
        for kind, count in report.counts().items():
            counts[f"fix_{kind}"][row] += count


def _nfc(text: str) -> str:
    # ``normalize`` returns NFC text itself after the quick check ``is_normalized`` makes,
    # and normalizes the rest once (checking first would normalize it twice).
    return safe_nfc(text)


def _runs(values: list[int]) -> list[tuple[int, int]]:
    """(value, end) for each run of equal values: the end index (exclusive) of the run."""
    runs: list[tuple[int, int]] = []
    for index, value in enumerate(values):
        if runs and runs[-1][0] == value:
            runs[-1] = (value, index + 1)
        else:
            runs.append((value, index + 1))
    return runs
