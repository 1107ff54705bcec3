"""Writing a paper into the output folder: under a temporary name, then renamed, so a
reader never sees half a file."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import orjson


def write_text_paper(path: Path, text: str) -> Path:
    partial = path.with_name(path.name + ".partial")
    partial.write_text(text, encoding="utf-8")
    partial.replace(path)
    return path


def write_json_paper(path: Path, data: Any) -> Path:
    text = orjson.dumps(data, option=orjson.OPT_INDENT_2 | orjson.OPT_NON_STR_KEYS).decode() + "\n"
    return write_text_paper(path, text)
