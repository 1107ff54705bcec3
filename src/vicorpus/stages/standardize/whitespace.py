"""``normalize_basic`` for a whole column of NFC texts, as Polars expressions.

The same steps in the same order as :func:`vicorpus.text.normalize_basic`, each with
the same count, so that every text and count is the one the function gives; only the
NFC step is left to the caller (the column must already be NFC). Each step is a no-op
on texts it does not apply to, so the gates of the function (substring checks that save
it a regex pass) only matter where they change a result: the trailing-space step, which
also removes spaces at the very end of a text, counts them only where the function runs
it (elsewhere the edge step counts the text).

Collapsing inner runs of spaces keeps a run next to another whitespace character or an
edge; Rust's regex has no look-around, so the pattern takes the character on each side
and puts it back. A match then takes the character after its run, which the next run may
need as the character before it ("a  b  c"): a second pass finds those runs, which are
never next to each other (each follows a run the first pass collapsed).
"""

from __future__ import annotations

import re
from functools import cache

import numpy as np
import polars as pl

from vicorpus.text.basics import UNICODE_SPACES
from vicorpus.vietnamese.gates import code_point_chunks


def _escape(characters: str) -> str:
    return "".join(f"\\x{{{ord(c):x}}}" for c in characters)


@cache
def _not_whitespace() -> str:
    """A class of the characters that are not ``str.isspace()`` (what ``normalize_basic``
    tests); Python's ``\\s`` is that test."""
    # str.split() splits at the same characters and is several times faster than the
    # regex: chunks without any (all of them beyond the BMP) are passed over by it.
    chunks = [chunk for _, chunk in code_point_chunks() if chunk.split() != [chunk]]
    spaces = "".join(match.group() for chunk in chunks for match in re.finditer(r"\s+", chunk))
    return "[^" + _escape(spaces) + "]"


UNICODE_SPACE_CLASS = "[" + _escape(UNICODE_SPACES) + "]"
_BLANK_LINES = r"\n{3,}"
_EDGES = " \t\n"


class _Column:
    """A text column and its two counts, rewritten step by step.

    A step runs either on the texts it concerns (``step``: they are gathered, and only
    those it changes are scattered back; a scatter copies the whole column) or on the
    whole column (``step_where``, for a pattern with no match elsewhere: the scan passes
    quickly over the other texts). Whichever measured faster on real text (20,000 news
    and Wikipedia documents): the whole column only where the texts concerned hold most
    of its bytes (blank lines: 61%; gathered, the trailing-space step took half the time,
    26% of the bytes, and the collapse of runs 15% less, 43%)."""

    def __init__(self, texts: pl.Series) -> None:
        self.text = texts.rename("text")
        self.line_endings = np.zeros(len(texts), dtype=np.uint32)
        self.whitespace = np.zeros(len(texts), dtype=np.uint32)

    def checks(self) -> dict[str, np.ndarray]:
        """Which texts hold what the steps look for (substring checks: one query, and one
        more on the texts with a carriage return or a tab)."""
        text = pl.col("text")
        # Each regex here takes the place of two substring scans, at about the cost of one
        # (its bytes are searched for together; measured on 20,000 texts: 8.2 ms against
        # 14.0 for " \n" or "\t\n", 8.7 against 15.3 for "\r" or "\t").
        found = self.text.to_frame().select(
            cr_or_tab=text.str.contains("[\r\t]"),
            trailing=text.str.contains("[ \t]\n"),
            double_space=text.str.contains("  ", literal=True),
            blank_lines=text.str.contains("\n\n\n", literal=True),
            space_at_end=text.str.ends_with(" ") | text.str.ends_with("\t"),
        )
        checks = {name: found[name].to_numpy() for name in found.columns}
        checks["cr"], checks["tab"] = np.zeros((2, len(self.text)), dtype=bool)
        rows = np.flatnonzero(checks.pop("cr_or_tab"))
        if len(rows):  # few texts hold either (none in most corpora)
            some = (
                self.text.gather(rows)
                .to_frame()
                .select(cr=text.str.contains("\r", literal=True), tab=text.str.contains("\t", literal=True))
            )
            checks["cr"][rows], checks["tab"][rows] = some["cr"].to_numpy(), some["tab"].to_numpy()
        return checks

    def step(self, rows: np.ndarray, pattern: str, replacement: str, counts: np.ndarray) -> np.ndarray:
        """Replace ``pattern`` in the texts of ``rows``; add the number of matches to
        ``counts``. Returns the rows where it matched. Only those are rewritten and
        scattered back (a scatter copies the whole column; none is made without a match)."""
        if not len(rows):
            return rows
        texts = self.text.gather(rows)
        found = texts.str.count_matches(pattern).to_numpy().astype(np.uint32)
        counts[rows] += found
        matched = found > 0
        rows = rows[matched]
        if len(rows):
            self.text = self.text.scatter(rows, texts.filter(pl.Series(matched)).str.replace_all(pattern, replacement))
        return rows

    def step_where(self, rows: np.ndarray, pattern: str, replacement: str, counts: np.ndarray | None = None) -> None:
        """``step`` for a pattern with no match outside ``rows`` (a mask), run on the whole column."""
        if not rows.any():
            return
        text = pl.col("text")
        if counts is None:
            self.text = self.text.to_frame().select(text.str.replace_all(pattern, replacement)).to_series()
            return
        done = self.text.to_frame().select(
            count=text.str.count_matches(pattern), text=text.str.replace_all(pattern, replacement)
        )
        counts += done["count"].to_numpy().astype(np.uint32)
        self.text = done["text"]


def normalize_basic_column(texts: pl.Series, unicode_space_rows: pl.Series | None = None) -> pl.DataFrame:
    """Columns ``text``, ``line_endings`` and ``whitespace`` (UInt32), as ``normalize_basic``
    gives them for each (NFC) text of ``texts``. ``unicode_space_rows``: the only rows that
    may hold a Unicode space (all when None; a scan for them is slow)."""
    column = _Column(texts)
    if unicode_space_rows is None:
        unicode_space_rows = column.text.str.contains(UNICODE_SPACE_CLASS).arg_true()
    loose_end = _inner_steps(column, np.unique(unicode_space_rows.to_numpy()))
    # The edges: only " \t\n" (str.strip() would also eat the C0 controls 0x1C-0x1F).
    # A text starts or ends with one of them exactly when stripping shortens it: two
    # lengths (no scan) in place of six prefix and suffix tests.
    stripped = column.text.str.strip_chars(_EDGES)
    edge = column.text.str.len_bytes().to_numpy() != stripped.str.len_bytes().to_numpy()
    column.whitespace += edge | loose_end
    return pl.DataFrame(
        {
            "text": stripped,
            "line_endings": pl.Series(column.line_endings, dtype=pl.UInt32),
            "whitespace": pl.Series(column.whitespace, dtype=pl.UInt32),
        }
    )


def _inner_steps(column: _Column, unicode_space_rows: np.ndarray) -> np.ndarray:
    """Every step of ``normalize_basic`` after NFC but the edges, in its order; only
    ``unicode_space_rows`` may hold a Unicode space. Returns, for each text, whether the
    end of it lost spaces the function leaves to the edge step (which counts them).

    The substring checks are made once, up front, and made again only after the steps
    that can change what they find (line endings, Unicode spaces: both rare). After that,
    a step creates what a check looks for in one case only (stripping line ends can make
    blank lines), and a check may say more than is left when its step runs, which then
    changes nothing in those texts."""
    found = column.checks()
    if found["cr"].any():
        column.step_where(found["cr"], "\r", "\r", column.line_endings)  # count only
        column.step_where(found["cr"], "\r\n", "\n")
        column.step_where(found["cr"], "\r", "\n")
    column.step(unicode_space_rows, UNICODE_SPACE_CLASS, " ", column.whitespace)
    if found["cr"].any() or len(unicode_space_rows):
        found = column.checks()
    # Spaces before a line end: the pattern "(?m:[ \t]+$)" written as two, with literal
    # suffixes the regex engine searches for (about 30% faster); their matches are disjoint.
    # The first is "[ \t]+\n" spelled as two branches that each start with a literal:
    # the same matches, found about 10 times faster by the Rust engine.
    trailing = found["trailing"]
    column.step(np.flatnonzero(trailing), " [ \t]*\n|\t[ \t]*\n", "\n", column.whitespace)
    # The second removes spaces at the very end, and only where the function runs this
    # step; elsewhere the edge step removes them and counts the text once. It runs on all
    # texts all the same (no step in between looks at the end of a text, nor
    # starts or ends a text with another character), and the texts that lost spaces here
    # but not in the function are returned, for the edge step to count. (The step before
    # leaves the end of a text as it is.)
    ends = found["space_at_end"]
    column.whitespace += ends & trailing
    if ends.any():  # "[ \t]+\z" removed without a regex (measured: 15 ms against 23 on 20,000 texts)
        column.text = column.text.str.strip_chars_end(" \t")
    not_space = _not_whitespace()
    # Runs of spaces (or of spaces and tabs, in texts with a tab: the function picks one
    # pattern per text), each pattern in its rows only. The second pass finds the runs
    # whose first character the first pass took: only in texts where the first pass
    # matched (elsewhere the text and the answer are as before), which it runs on alone.
    tab = found["tab"]
    runs = (
        ((tab, "[ \t]{2,}"), (found["double_space"] & ~tab, " {2,}"))
        if tab.any()
        else ((found["double_space"], " {2,}"),)
    )
    for rows, run in runs:
        collapse = f"({not_space}){run}({not_space})"
        collapsed = column.step(np.flatnonzero(rows), collapse, "${1} ${2}", column.whitespace)
        column.step(collapsed, collapse, "${1} ${2}", column.whitespace)
    # Stripping line ends can make blank lines ("\n \n\n"): those texts are looked at too.
    column.step_where(found["blank_lines"] | trailing, _BLANK_LINES, "\n\n", column.whitespace)
    loose_end: np.ndarray = ends & ~trailing
    return loose_end
