"""The EU training-content summary as Markdown: a heading per part and section of the
template, each field with who fills it, its value and its note.

Values render by shape: text as a paragraph, yes/no as Yes/No, a list of records as a
table, a record as a bullet list (nested lists and records below it, not indented, so
that tables stay tables in every Markdown renderer).
"""

from __future__ import annotations

from typing import Any

from vicorpus.release.eu.template import FILLED_BY_WORDS, HEADINGS, SECTIONS, heading_level, heading_text

# A table longer than this is cut in the Markdown; the JSON keeps every row.
MAX_TABLE_ROWS = 1000


def render_eu_summary_markdown(summary: dict[str, Any]) -> str:
    dataset, template = summary["dataset"], summary["template"]
    lines = [
        f"# Public summary of training content: {dataset['pretty_name']}",
        "",
        f"Following the *{template['title']}* ({template['reference']}, <{template['url']}>).",
        "",
        summary["how_to_use"],
        "",
        f"Dataset `{dataset['name']}` version {dataset['version']}; run finished {dataset['run_finished_at']}. "
        f"Placeholders: `{summary['placeholders']['provider']}` and `{summary['placeholders']['maintainers']}`.",
        "",
    ]
    opened: set[str] = set()
    for section in SECTIONS:
        for number in _enclosing(section.id):
            if number in HEADINGS and number not in opened:
                opened.add(number)
                lines += [f"{'#' * heading_level(number)} {heading_text(number, HEADINGS[number])}", ""]
        rendered = summary["sections"][section.id]
        lines += [f"{'#' * heading_level(section.id)} {heading_text(section.id, rendered['title'])}", ""]
        for field in section.fields:
            lines += _field(rendered["fields"][field.key])
    return "\n".join(lines).rstrip() + "\n"


def _enclosing(section_id: str) -> list[str]:
    """The part and group numbers above a section: "2.2.1" → ["2", "2.2"]."""
    parts = section_id.split(".")
    return [".".join(parts[:n]) for n in range(1, len(parts))]


def _field(entry: dict[str, Any]) -> list[str]:
    who = FILLED_BY_WORDS[entry["filled_by"]] + (", optional" if entry.get("optional") else "")
    lines = [f"**{entry['label']}** *(filled by {who})*", ""]
    lines += _value(entry["value"])
    if entry.get("note"):
        lines += [f"> {entry['note']}", ""]
    return lines


def _value(value: Any) -> list[str]:
    if isinstance(value, dict):
        return _record(value)
    if isinstance(value, list):
        if value and all(isinstance(item, dict) for item in value):
            return _table(value)
        if not value:
            return ["None.", ""]
        return [f"- {_inline(item)}" for item in value] + [""]
    return [_inline(value), ""]


def _record(record: dict[str, Any]) -> list[str]:
    lines: list[str] = []
    nested: list[str] = []
    for key, value in record.items():
        if isinstance(value, dict) or (isinstance(value, list) and value and isinstance(value[0], dict)):
            nested += [f"*{_words(key)}:*", "", *_value(value)]
        else:
            shown = _inline(value) if not isinstance(value, list) else ", ".join(map(_inline, value)) or "none"
            lines.append(f"- {_words(key)}: {_percent(key, value) or shown}")
    return ([*lines, ""] if lines else []) + nested


def _table(rows: list[dict[str, Any]]) -> list[str]:
    columns = list(dict.fromkeys(key for row in rows for key in row))
    lines = [
        "| " + " | ".join(_words(column) for column in columns) + " |",
        "|" + "|".join(" --- " for _ in columns) + "|",
    ]
    for row in rows[:MAX_TABLE_ROWS]:
        cells = [_percent(column, row.get(column)) or _inline(row.get(column, "")) for column in columns]
        lines.append("| " + " | ".join(cell.replace("|", "\\|") for cell in cells) + " |")
    if len(rows) > MAX_TABLE_ROWS:
        lines.append(f"\n… {len(rows) - MAX_TABLE_ROWS:,} more rows in eu_training_content_summary.json.")
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
    return " ".join(str(value).split())


def _percent(key: str, value: Any) -> str | None:
    if "share" in key and isinstance(value, float):
        return f"{value:.2%}"
    return None


# Words of the keys that are names or acronyms.
SPELLING = {"eu": "EU", "sme": "SME", "utf8": "UTF-8", "txt": "txt", "vn": ".vn", "robots": "robots"}


def _words(key: str) -> str:
    words = [SPELLING.get(word, word) for word in key.split("_")]
    text = " ".join(words).replace("robots txt", "robots.txt")
    return text[:1].upper() + text[1:]
