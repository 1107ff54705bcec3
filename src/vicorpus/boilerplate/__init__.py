"""Boilerplate lines: repeated lines and paragraphs, keyed and cut out of one text.

Pure functions over strings; they know nothing of pipelines. The stage
``boilerplate_lines`` (``vicorpus.stages.dedup.boilerplate``) counts the keys across a
corpus and removes the lines that many documents of one source or domain share.
"""

from vicorpus.boilerplate.lines import (
    Span,
    Unit,
    is_candidate,
    line_hash,
    match_key,
    remove_units,
    unit_hashes,
    unit_spans,
)

__all__ = [
    "Span",
    "Unit",
    "is_candidate",
    "line_hash",
    "match_key",
    "remove_units",
    "unit_hashes",
    "unit_spans",
]
