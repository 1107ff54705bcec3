"""Markdown for the dataset card, safe for values from documents and configuration.

A domain, source name, licence or crawler field is text, never Markdown: :func:`md`
escapes it so that ``[click](evil.vn)`` or ``**bold**.vn`` show as written, with no link,
emphasis, HTML tag, table cell break or list item coming out of it. Markdown the card
writes itself (bold questions, code spans) is put in as it is: :class:`Md` cells in tables,
and list items, whose values the caller escapes.
"""

from __future__ import annotations

import re
from typing import Any

_SIGNIFICANT = re.compile(r"([\\`*_\[\]|!~$#])")
_ENTITY = re.compile(r"&(?=#?[0-9A-Za-z]+;)")
# What starts a block when a value opens a line (a paragraph, a list item): a list item,
# a setext underline or thematic break, an ordered list item ("#" is always escaped).
_LINE_START = re.compile(r"^(\+|-+|=+|\d{1,9}[.)])(?=\s|$)")


def _escape_line_start(match: re.Match[str]) -> str:
    lead = match.group(1)  # a list or setext mark, or an ordered list's "1." / "1)"
    return "\\" + lead if lead[0] in "+-=" else lead[:-1] + "\\" + lead[-1]


class Md(str):
    """Markdown written by vicorpus (bold, code spans), put into a table as it is."""


def md(value: object) -> str:
    """Text from documents or configuration as inline Markdown that shows it literally:
    no link, emphasis, code span, image, HTML tag, entity, table cell break, heading or
    list item can come out of it, and no newline (the Hub's renderer would take
    "<PLACEHOLDERS>" for an HTML tag and hide it)."""
    text = " ".join(str(value).split())
    text = _SIGNIFICANT.sub(r"\\\1", _ENTITY.sub("&amp;", text))
    text = text.replace("<", "&lt;").replace(">", "&gt;")
    return _LINE_START.sub(_escape_line_start, text, count=1)


def code(value: object) -> str:
    """A code span showing ``value`` as it is, whatever backticks it holds (not in tables)."""
    text = " ".join(str(value).split())
    fence = "`" * (max((len(run) for run in re.findall(r"`+", text)), default=0) + 1)
    pad = " " if text.startswith("`") or text.endswith("`") else ""
    return f"{fence}{pad}{text}{pad}{fence}"


def fenced(text: str) -> str:
    """A fenced code block holding ``text`` as it is."""
    fence = "`" * max(3, max((len(run) for run in re.findall(r"`+", text)), default=0) + 1)
    return f"{fence}\n{text}\n{fence}"


def table(headers: list[str], rows: list[list[Any]]) -> str:
    """A table of plain values (escaped by :func:`md`) or :class:`Md` cells."""

    def cell(value: Any) -> str:
        if value is None or value == "":
            return "–"
        return str(value) if isinstance(value, Md) else md(value)

    lines = ["| " + " | ".join(headers) + " |", "|" + "|".join(" --- " for _ in headers) + "|"]
    lines += ["| " + " | ".join(cell(value) for value in row) + " |" for row in rows]
    return "\n".join(lines)


def bullets(items: list[str]) -> str:
    """A list of Markdown items: values in them must have passed :func:`md`."""
    return "\n".join(f"- {item}" for item in items)


def plain_bullets(notes: list[str]) -> str:
    """A list of plain-text sentences (run facts), each escaped whole."""
    return bullets([md(note) for note in notes])
