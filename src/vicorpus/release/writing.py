"""Writing a paper into the output folder: under a temporary name, then renamed, so a
reader never sees half a file."""

from __future__ import annotations

import os
from pathlib import Path
from typing import Any

import orjson


def write_text_paper(path: Path, text: str) -> Path:
    partial = path.with_name(path.name + ".partial")
    with partial.open("w", encoding="utf-8") as handle:
        handle.write(text)
        handle.flush()
        os.fsync(handle.fileno())
    partial.replace(path)
    return path


def write_json_paper(path: Path, data: Any) -> Path:
    text = orjson.dumps(data, option=orjson.OPT_INDENT_2 | orjson.OPT_NON_STR_KEYS).decode() + "\n"
    return write_text_paper(path, text)
