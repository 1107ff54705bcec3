"""``normalize_basic`` for a whole column of NFC texts, as Polars expressions.

The same steps in the same order as :func:`vicorpus.text.normalize_basic`, each with
the same count, so that every text and count is the one the function gives; only the
NFC step is left to the caller (the column must already be NFC). Each step is a no-op
on texts it does not apply to, so the gates of the function (substring checks that save
it a regex pass) only matter where they change a result: the trailing-space step, which
also removes spaces at the very end of a text, counts them only where the function runs
it (elsewhere the edge step counts the text). Most steps run on the whole column, which
costs less than gathering the texts they concern and scattering them back.

Collapsing inner runs of spaces keeps a run next to another whitespace character or an
edge; Rust's regex has no look-around, so the pattern takes the character on each side
and puts it back. A match then takes the character after its run, which the next run may
need as the character before it ("a  b  c"): a second pass finds those runs, which are
never next to each other (each follows a run the first pass collapsed).
"""

from __future__ import annotations

import operator
import re
from functools import cache, reduce

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
    """A text column and its two counts, rewritten step by step. A step runs on the whole
    column when its pattern has no match outside the rows it concerns: the scan passes
    quickly over the other texts (these patterns start with a literal) and leaves them as
    they are, which costs less than gathering the rows and scattering them back (a
    scatter copies the whole column). Each step is one query (a query has a fixed cost
    that matters on small batches)."""

    def __init__(self, texts: pl.Series) -> None:
        self.text = texts.rename("text")
        self.line_endings = np.zeros(len(texts), dtype=np.uint32)
        self.whitespace = np.zeros(len(texts), dtype=np.uint32)

    def checks(self) -> dict[str, np.ndarray]:
        """Which texts hold what the steps look for (substring checks, one query)."""
        text = pl.col("text")
        found = self.text.to_frame().select(
            cr=text.str.contains("\r", literal=True),
            trailing=text.str.contains(" \n", literal=True) | text.str.contains("\t\n", literal=True),
            tab=text.str.contains("\t", literal=True),
            double_space=text.str.contains("  ", literal=True),
            blank_lines=text.str.contains("\n\n\n", literal=True),
            space_at_end=text.str.ends_with(" ") | text.str.ends_with("\t"),
        )
        return {name: found[name].to_numpy() for name in found.columns}

    def step(self, rows: np.ndarray, pattern: str, replacement: str, counts: np.ndarray | None = None) -> None:
        """Replace ``pattern`` in the texts of ``rows``; add the number of matches to ``counts``."""
        if not len(rows):
            return
        texts = self.text.gather(rows)
        if counts is not None:
            counts[rows] += texts.str.count_matches(pattern).to_numpy().astype(np.uint32)
        self.text = self.text.scatter(rows, texts.str.replace_all(pattern, replacement))

    def step_where(self, rows: np.ndarray, pattern: str, replacement: str, counts: np.ndarray | None = None) -> None:
        """``step`` for a pattern with no match outside ``rows`` (a mask), run on the whole column."""
        if not rows.any():
            return
        text = pl.col("text")
        done = self.text.to_frame().select(
            count=text.str.count_matches(pattern), text=text.str.replace_all(pattern, replacement)
        )
        if counts is not None:
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
    # Stripping a text that starts and ends with none of them leaves it as it is.
    text = pl.col("text")
    edges = column.text.to_frame().select(
        edge=reduce(operator.or_, (test(c) for c in _EDGES for test in (text.str.starts_with, text.str.ends_with))),
        text=text.str.strip_chars(_EDGES),
    )
    column.whitespace += edges["edge"].to_numpy() | loose_end
    return pl.DataFrame(
        {
            "text": edges["text"],
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
    column.step_where(trailing, " [ \t]*\n|\t[ \t]*\n", "\n", column.whitespace)
    # The second removes spaces at the very end, and only where the function runs this
    # step; elsewhere the edge step removes them and counts the text once. It runs on the
    # whole column all the same (no step in between looks at the end of a text, nor
    # starts or ends a text with another character), and the texts that lost spaces here
    # but not in the function are returned, for the edge step to count. (The step before
    # leaves the end of a text as it is.)
    ends = found["space_at_end"]
    column.whitespace += ends & trailing
    column.step_where(ends, "[ \t]+\\z", "")
    not_space = _not_whitespace()
    if found["tab"].any():  # the two patterns each keep to their rows (the function picks one)
        tab = found["tab"]
        for rows, run in ((np.flatnonzero(tab), "[ \t]{2,}"), (np.flatnonzero(found["double_space"] & ~tab), " {2,}")):
            for _ in range(2):
                column.step(rows, f"({not_space}){run}({not_space})", "${1} ${2}", column.whitespace)
    else:  # runs of spaces match nowhere else
        # The second pass finds the runs whose first character the first pass took.
        collapse = f"({not_space}) {{2,}}({not_space})"
        for _ in range(2):
            column.step_where(found["double_space"], collapse, "${1} ${2}", column.whitespace)
    # Stripping line ends can make blank lines ("\n \n\n"): those texts are looked at too.
    column.step_where(found["blank_lines"] | trailing, _BLANK_LINES, "\n\n", column.whitespace)
    loose_end: np.ndarray = ends & ~trailing
    return loose_end
