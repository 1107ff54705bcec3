"""The EU training-content summary as Markdown: a heading per part and section of the
template, each field with who fills it, its value and its note.

Values render by shape: text as a paragraph, yes/no as Yes/No, a list of records as a
table, a record as a bullet list (nested lists and records below it, not indented, so
that tables stay tables in every Markdown renderer).

Values come from documents (domains) and from the pipeline (source names, crawler
fields): every one is escaped (:func:`escape`), so that it renders as the literal text
it is, never as a link, an image, HTML or a heading.
"""

from __future__ import annotations

import re
from typing import Any

from vicorpus.release.eu.template import FILLED_BY_WORDS, HEADINGS, SECTIONS, heading_level, heading_text
from vicorpus.release.facts import TO_BE_FILLED, TO_BE_FILLED_BY_PROVIDER

# A table longer than this is cut in the Markdown; the JSON keeps every row. Tables the
# template wants whole (the top 10 % of domains) are never cut.
MAX_TABLE_ROWS = 1000
WHOLE_TABLES = frozenset({"top_10_percent"})
JSON_FILE = "eu_training_content_summary.json"
# The placeholders are the project's own words, written as they are so that a search of
# the file for them finds them (bracketed text alone is no link).
PLACEHOLDERS = frozenset({TO_BE_FILLED, TO_BE_FILLED_BY_PROVIDER})

# Characters with a meaning anywhere in a line (emphasis, code, links, HTML, entities,
# tables, strikethrough), backslash-escaped; and what starts a block at a line's start
# (heading, quote, list item, thematic break, setext underline).
_INLINE_SPECIAL = re.compile(r"([\\`*_\[\]<>|&~])")
_BLOCK_START = re.compile(r"^(\s*)([#+=-]|\d+[.)])")


def escape(text: str) -> str:
    """``text`` as literal Markdown: significant characters backslash-escaped, and a
    leading ``#``, ``-``, ``+``, ``=`` or ``1.`` that would open a block (``>`` is escaped anywhere)."""
    escaped = _INLINE_SPECIAL.sub(r"\\\1", text)
    return _BLOCK_START.sub(lambda m: m.group(1) + m.group(2)[:-1] + "\\" + m.group(2)[-1], escaped)


def render_eu_summary_markdown(summary: dict[str, Any]) -> str:
    dataset, template = summary["dataset"], summary["template"]
    placeholders = summary["placeholders"]
    lines = [
        f"# Public summary of training content: {_inline(dataset['pretty_name'])}",
        "",
        f"Following the *{_inline(template['title'])}* ({_inline(template['reference'])}, <{template['url']}>).",
        "",
        _inline(summary["how_to_use"]),
        "",
        f"Dataset {_inline(dataset['name'])} version {_inline(dataset['version'])}; run finished "
        f"{_inline(dataset['run_finished_at'])}. Placeholders: {_inline(placeholders['provider'])} and "
        f"{_inline(placeholders['maintainers'])}.",
        "",
    ]
    opened: set[str] = set()
    for section in SECTIONS:
        for number in _enclosing(section.id):
            if number in HEADINGS and number not in opened:
                opened.add(number)
                lines += [f"{'#' * heading_level(number)} {heading_text(number, HEADINGS[number])}", ""]
        rendered = summary["sections"][section.id]
        lines += [f"{'#' * heading_level(section.id)} {heading_text(section.id, _inline(rendered['title']))}", ""]
        for field in section.fields:
            lines += _field(rendered["fields"][field.key])
    return "\n".join(lines).rstrip() + "\n"


def _enclosing(section_id: str) -> list[str]:
    """The part and group numbers above a section: "2.2.1" → ["2", "2.2"]."""
    parts = section_id.split(".")
    return [".".join(parts[:n]) for n in range(1, len(parts))]


def _field(entry: dict[str, Any]) -> list[str]:
    who = FILLED_BY_WORDS[entry["filled_by"]] + (", optional" if entry.get("optional") else "")
    lines = [f"**{_inline(entry['label'])}** *(filled by {who})*", ""]
    lines += _value(entry["value"])
    if entry.get("note"):
        lines += [f"> {_inline(entry['note'])}", ""]
    return lines


def _value(value: Any, key: str = "") -> list[str]:
    if isinstance(value, dict):
        return _record(value)
    if isinstance(value, list):
        if value and all(isinstance(item, dict) for item in value):
            return _table(value, key)
        if not value:
            return ["None.", ""]
        return [f"- {_inline(item)}" for item in value] + [""]
    return [_inline(value), ""]


def _record(record: dict[str, Any]) -> list[str]:
    lines: list[str] = []
    nested: list[str] = []
    for key, value in record.items():
        if isinstance(value, dict) or (isinstance(value, list) and value and isinstance(value[0], dict)):
            nested += [f"*{_words(key)}:*", "", *_value(value, key)]
        else:
            shown = _inline(value) if not isinstance(value, list) else ", ".join(map(_inline, value)) or "none"
            lines.append(f"- {_words(key)}: {_percent(key, value) or shown}")
    return ([*lines, ""] if lines else []) + nested


def _table(rows: list[dict[str, Any]], key: str = "") -> list[str]:
    """A list of records as a table (``|`` in cells escaped by :func:`escape`); cut at
    ``MAX_TABLE_ROWS`` unless the template wants it whole."""
    columns = list(dict.fromkeys(column for row in rows for column in row))
    lines = [
        "| " + " | ".join(_words(column) for column in columns) + " |",
        "|" + "|".join(" --- " for _ in columns) + "|",
    ]
    shown = rows if key in WHOLE_TABLES else rows[:MAX_TABLE_ROWS]
    for row in shown:
        cells = [_percent(column, row.get(column)) or _inline(row.get(column, "")) for column in columns]
        lines.append("| " + " | ".join(cells) + " |")
    if len(rows) > len(shown):
        where = f" (field `{key}`)" if key else ""
        lines.append(f"\n… {len(rows) - len(shown):,} more rows in {JSON_FILE}{where}.")
    return [*lines, ""]


def _inline(value: Any) -> str:
    if value is None:
        return "not known"
    if isinstance(value, bool):
        return "Yes" if value else "No"
    if isinstance(value, int):
        return f"{value:,}"
    if isinstance(value, list):
        return ", ".join(_inline(item) for item in value)
    if isinstance(value, str) and value in PLACEHOLDERS:
        return str(value)
    return escape(" ".join(str(value).split()))


def _percent(key: str, value: Any) -> str | None:
    if "share" in key and isinstance(value, float):
        return f"{value:.2%}"
    return None


# Words of the keys that are names or acronyms.
SPELLING = {"eu": "EU", "sme": "SME", "utf8": "UTF-8", "txt": "txt", "vn": ".vn", "robots": "robots"}


def _words(key: str) -> str:
    words = [SPELLING.get(word, word) for word in key.split("_")]
    text = " ".join(words).replace("robots txt", "robots.txt")
    return escape(text[:1].upper() + text[1:])
