"""The tone style of whole columns of lines: ``normalize_tones`` as a few Rust passes.

The specification is :func:`vicorpus.vietnamese.normalize_tones`, which visits a line in
Python. What it changes in real text is mostly a fixed vocabulary: the tone-style forms
of open oa/oe/uy syllables (hoà -> hòa, thuỷ -> thủy in the old style, the reverse in the
new one; :func:`vicorpus.vietnamese.tones.style_fixes`). Here those tokens are rewritten
column-wise, and a line counts as done only when the suspicious-position gate
(:func:`vicorpus.vietnamese.gates.suspect_gate_pattern`, which fires wherever
``normalize_tones`` could change anything) finds nothing in the rewritten line. The other
lines (a misplaced mark such as "cuả", a token next to a character the boundary class
leaves out) are left to the caller, for the Python path.

Why a line the gate clears is what ``normalize_tones`` makes of it, for an NFC line with
no URL or e-mail hint: every token rewritten here is, in Python too, rewritten so and
counted once (``style_fixes`` says why). Whether ``normalize_tones`` stops at a position
depends only on the letters of its token and on whether the characters next to them are
letters; rewriting other tokens (bounded by non-letters) changes neither. So a position
where it would stop outside the rewritten tokens is still one in the rewritten line, and
the gate, which fires wherever the search stops, would fire.

Rust's regex has no look-around: a match takes the boundary character on each side and
puts it back. Like the run collapse of the whitespace step, that needs a second pass for
the tokens right after a matched one ("hoà, hoà"), which are never next to each other.
Matched tokens are marked with U+0002 (a line that already holds one is never done) and
then swapped for their rewrite by one Aho-Corasick pass.
"""

from __future__ import annotations

from functools import cache
from typing import Final, NamedTuple

import numpy as np
import polars as pl

from vicorpus.vietnamese.gates import class_pattern, suspect_gate_pattern
from vicorpus.vietnamese.tones import style_fixes, token_boundaries

_MARK: Final = "\x02"
# Characters a token may end at, tried as boundaries (those that are token characters
# are left out): ASCII, Latin-1 punctuation, general punctuation, CJK punctuation. A
# token next to anything else is left to the Python path.
_BOUNDARY_CANDIDATES: Final = ((0x00, 0x7F), (0xA0, 0xBF), (0x2000, 0x206F), (0x3000, 0x3011))


class _Table(NamedTuple):
    pattern: str  # a rewritten token with the boundary character on each side
    fixes: dict[str, str]  # mark + token -> rewrite


@cache
def _table(style: str) -> _Table | None:
    fixes = style_fixes(style)
    if not fixes:
        return None
    candidates = "".join(chr(code) for first, last in _BOUNDARY_CANDIDATES for code in range(first, last + 1))
    boundary = class_pattern([(ord(c), ord(c)) for c in token_boundaries(candidates) if c not in (_MARK, "\n")])
    # Longest first: where one token is the start of another, the longer one is tried first.
    tokens = sorted(fixes, key=lambda token: (-len(token), token))
    alternatives = "|".join(tokens)
    return _Table(f"(^|{boundary})({alternatives})({boundary}|$)", {_MARK + token: fixes[token] for token in tokens})


class Retoned(NamedTuple):
    lines: pl.Series  # each line as normalize_tones returns it (where done), else as it was
    tones: np.ndarray  # syllables rewritten per line (UInt32)
    done: np.ndarray  # bool: the line is what normalize_tones returns, with that count


def retone_lines(lines: pl.Series, style: str) -> Retoned:
    """``normalize_tones(line, style)`` for the lines of ``lines`` where that can be shown
    column-wise (``done``). Every line must be NFC and without "@", "://" or "www." (in
    any case), which ``normalize_tones`` would look at for URLs and e-mail addresses.
    A rewritten line is NFC when it holds no character that may make a text not NFC
    (``gates.nfc_gate_pattern``): the rewrites are NFC, and so is the rest."""
    tones = np.zeros(len(lines), dtype=np.uint32)
    table = _table(style)
    line = pl.col("line")
    lines = lines.rename("line")
    # One query per step (a query has a fixed cost that matters on small batches).
    found = lines.to_frame().select(
        marked=line.str.contains(_MARK, literal=True),
        rewrite=line.str.contains(table.pattern) if table else pl.lit(False),
    )
    rows = found["rewrite"].arg_true()
    if table is not None and len(rows):
        mark = f"${{1}}{_MARK}${{2}}${{3}}"
        marked = (
            lines.gather(rows)
            .to_frame()
            .select(line.str.replace_all(table.pattern, mark).str.replace_all(table.pattern, mark))
        )
        rewritten = marked.select(
            tones=line.str.count_matches(_MARK, literal=True), line=line.str.replace_many(table.fixes, leftmost=True)
        )
        tones[rows.to_numpy()] = rewritten["tones"].to_numpy()
        lines = lines.scatter(rows, rewritten["line"])
    done = ~(lines.str.contains(suspect_gate_pattern(style)) | found["marked"])
    return Retoned(lines, tones, done.to_numpy())
