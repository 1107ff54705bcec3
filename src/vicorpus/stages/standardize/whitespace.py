"""``normalize_basic`` for a whole column of NFC texts, as Polars expressions.

The same steps in the same order as :func:`vicorpus.text.normalize_basic`, each with
the same count, so that every text and count is the one the function gives; only the
NFC step is left to the caller (the column must already be NFC). Each step is a no-op
on texts it does not apply to, so the gates of the function (substring checks that save
it a regex pass) only matter where they change a result: the trailing-space step, which
also removes spaces at the very end of a text, runs only where the function runs it.

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
    spaces = "".join(match.group() for _, chunk in code_point_chunks() for match in re.finditer(r"\s+", chunk))
    return "[^" + _escape(spaces) + "]"


UNICODE_SPACE_CLASS = "[" + _escape(UNICODE_SPACES) + "]"
_BLANK_LINES = r"\n{3,}"
_EDGES = " \t\n"


class _Column:
    """A text column and its two counts, rewritten step by step on the rows a step concerns
    (a gather, the step on those rows, a scatter): most steps concern few rows."""

    def __init__(self, texts: pl.Series) -> None:
        self.text = texts.rename("text")
        self.line_endings = np.zeros(len(texts), dtype=np.uint32)
        self.whitespace = np.zeros(len(texts), dtype=np.uint32)

    def rows(self, *literals: str) -> pl.Series:
        return _contains_any(self.text, *literals).arg_true()

    def step(self, rows: pl.Series, pattern: str, replacement: str, counts: np.ndarray | None = None) -> None:
        """Replace ``pattern`` in the texts of ``rows``; add the number of matches to ``counts``."""
        if not len(rows):
            return
        texts = self.text.gather(rows)
        if counts is not None:
            counts[rows.to_numpy()] += texts.str.count_matches(pattern).to_numpy().astype(np.uint32)
        self.text = self.text.scatter(rows, texts.str.replace_all(pattern, replacement))


def normalize_basic_column(texts: pl.Series, unicode_space_rows: pl.Series | None = None) -> pl.DataFrame:
    """Columns ``text``, ``line_endings`` and ``whitespace`` (UInt32), as ``normalize_basic``
    gives them for each (NFC) text of ``texts``. ``unicode_space_rows``: the only rows that
    may hold a Unicode space (all when None; a scan for them is slow)."""
    texts = texts.rename("text")
    # The rows any step but the last (the edges) may change, found by substring checks;
    # no step creates work for another outside them. They are handled apart, so that each
    # step gathers and scatters within them only.
    heavy = _contains_any(texts, "\r", " \n", "\t\n", "\t", "  ", "\n\n\n")
    if unicode_space_rows is None:
        spaces = texts.str.contains(UNICODE_SPACE_CLASS)
    else:
        spaces = pl.Series(np.zeros(len(texts), dtype=bool)).scatter(unicode_space_rows, True)
    heavy_rows = (heavy | spaces).arg_true()
    line_endings = np.zeros(len(texts), dtype=np.uint32)
    whitespace = np.zeros(len(texts), dtype=np.uint32)
    if len(heavy_rows):
        column = _Column(texts.gather(heavy_rows))
        _inner_steps(column, spaces.gather(heavy_rows).arg_true())
        texts = texts.scatter(heavy_rows, column.text)
        at = heavy_rows.to_numpy()
        line_endings[at] = column.line_endings
        whitespace[at] = column.whitespace
    edge = _starts_or_ends_with_edge(texts).arg_true()
    if len(edge):
        whitespace[edge.to_numpy()] += 1
        texts = texts.scatter(edge, texts.gather(edge).str.strip_chars(_EDGES))
    return pl.DataFrame(
        {
            "text": texts,
            "line_endings": pl.Series(line_endings, dtype=pl.UInt32),
            "whitespace": pl.Series(whitespace, dtype=pl.UInt32),
        }
    )


def _contains_any(texts: pl.Series, *literals: str) -> pl.Series:
    return reduce(operator.or_, (texts.str.contains(s, literal=True) for s in literals))


def _starts_or_ends_with_edge(texts: pl.Series) -> pl.Series:
    return reduce(operator.or_, (test(c) for c in _EDGES for test in (texts.str.starts_with, texts.str.ends_with)))


def _inner_steps(column: _Column, unicode_space_rows: pl.Series) -> None:
    """Every step of ``normalize_basic`` after NFC but the edges, in its order; only
    ``unicode_space_rows`` may hold a Unicode space."""
    crlf = column.rows("\r")
    column.step(crlf, "\r", "\r", column.line_endings)  # count only
    column.step(crlf, "\r\n", "\n")
    column.step(crlf, "\r", "\n")
    column.step(unicode_space_rows, UNICODE_SPACE_CLASS, " ", column.whitespace)
    # Spaces before a line end: the pattern "(?m:[ \t]+$)" written as two, with literal
    # suffixes the regex engine searches for (about 30% faster); their matches are disjoint.
    trailing = column.rows(" \n", "\t\n")
    column.step(trailing, "[ \t]+\n", "\n", column.whitespace)
    column.step(trailing, "[ \t]+\\z", "", column.whitespace)
    tab = column.text.str.contains("\t", literal=True)
    double_space = column.text.str.contains("  ", literal=True)
    for rows, run in ((tab.arg_true(), "[ \t]{2,}"), ((double_space & ~tab).arg_true(), " {2,}")):
        pattern = f"({_not_whitespace()}){run}({_not_whitespace()})"
        column.step(rows, pattern, "${1} ${2}", column.whitespace)
        column.step(rows, pattern, "${1} ${2}", column.whitespace)
    column.step(column.rows("\n\n\n"), _BLANK_LINES, "\n\n", column.whitespace)
