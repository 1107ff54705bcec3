"""Planning: find each source's files, check the configured fields, cut read tasks.

Runs before any record is processed. A path that matches nothing, or a text field
that no file has, is a configuration error naming the key, not a run of quarantines.
"""

from __future__ import annotations

import csv
import glob
import os
from collections.abc import Callable
from dataclasses import dataclass, replace
from pathlib import Path

import orjson
import pyarrow as pa
import pyarrow.parquet as pq

from vicorpus.config.messages import nearest
from vicorpus.config.source import FILE_PER_DOCUMENT_FORMATS, Source
from vicorpus.errors import ConfigError
from vicorpus.readers.base import ReadTask
from vicorpus.readers.streams import STREAM_ERRORS, is_compressed, open_binary

_MAGIC = ("*", "?", "[")
_FILES_PER_TEXT_TASK = 10_000
_PROBE_LINES = 200


@dataclass(frozen=True)
class InputFile:
    source: str
    path: str
    relpath: str
    size: int
    mtime_ns: int


@dataclass(frozen=True)
class Plan:
    tasks: tuple[ReadTask, ...]
    files: tuple[InputFile, ...]

    @property
    def total_bytes(self) -> int:
        return sum(f.size for f in self.files)


def make_plan(sources: tuple[Source, ...], resolve: Callable[[str], Path], task_bytes: int) -> Plan:
    problems: list[str] = []
    files_by_source: list[list[InputFile]] = []
    for index, source in enumerate(sources):
        files: list[InputFile] = []
        try:
            files = find_files(source, resolve(source.path))
        except OSError as error:
            problems.append(f"sources[{index}].path: cannot list '{error.filename}': {error.strerror}")
        else:
            if not files:
                problems.append(f"sources[{index}].path: '{source.path}' matches no files")
            elif (problem := probe_fields(source, index, files)) is not None:
                problems.append(problem)
        files_by_source.append(files)
    if problems:
        raise ConfigError(problems)
    tasks: list[ReadTask] = []
    for index, (source, files) in enumerate(zip(sources, files_by_source, strict=True)):
        for task in _cut_tasks(source, index, files, task_bytes):
            tasks.append(replace(task, index=len(tasks)))
    return Plan(tasks=tuple(tasks), files=tuple(f for group in files_by_source for f in group))


def find_files(source: Source, pattern: Path) -> list[InputFile]:
    """The source's files, sorted. A dangling symlink is kept, so that the reader reports
    it (unreadable_file) instead of it vanishing; a folder that cannot be listed raises
    OSError, since what it holds cannot be counted."""
    text = str(pattern)
    if any(c in text for c in _MAGIC):
        parts = pattern.parts
        fixed = next(i for i, part in enumerate(parts) if any(c in part for c in _MAGIC))
        base = Path(*parts[:fixed]) if fixed else Path()
        found = [Path(p) for p in glob.glob(text, recursive=True)]  # noqa: PTH207 - absolute patterns
    elif pattern.is_dir():
        base = pattern
        found = [Path(root) / name for root, _, names in os.walk(pattern, onerror=_raise) for name in names]
    else:
        base = pattern.parent
        found = [pattern] if pattern.exists() or pattern.is_symlink() else []
    files = []
    for path in found:
        if any(part.startswith(".") for part in path.relative_to(base).parts):
            continue
        if path.is_file():
            stat = path.stat()
            size = stat.st_size
        elif path.is_symlink() and not path.exists():
            stat, size = path.lstat(), 0
        else:
            continue
        files.append(InputFile(source.name, str(path), path.relative_to(base).as_posix(), size, stat.st_mtime_ns))
    return sorted(files, key=lambda f: f.relpath)


def _raise(error: OSError) -> None:
    raise error


def probe_fields(source: Source, index: int, files: list[InputFile]) -> str | None:
    """Check that the text field exists, reading only headers, footers or a few lines."""
    if source.format not in ("jsonl", "csv", "parquet"):
        return None  # whole files or fixed formats: no text field to look for
    seen: list[str] = []
    for file in files:
        names = _field_names(source, file)
        if names is None:
            continue
        if source.text_field in names:
            return None
        seen.extend(n for n in names if n not in seen)
        if source.format != "parquet":
            break  # JSONL/CSV: the first readable file decides
    if not seen:
        return None  # nothing readable: the readers quarantine those files
    hint = nearest(source.text_field, seen)
    did_you_mean = f"; did you mean '{hint}'?" if hint else ""
    return (
        f"sources[{index}].text_field: '{source.text_field}' is not a field of the "
        f"{source.format} input (fields found: {', '.join(seen[:20])}{did_you_mean})"
    )


def _field_names(source: Source, file: InputFile) -> list[str] | None:
    try:
        if source.format == "parquet":
            return list(pq.read_schema(file.path).names)
        with open_binary(file.path) as stream:
            if source.format == "csv":
                first = stream.readline().removeprefix(b"\xef\xbb\xbf")
                rows = list(csv.reader([first.decode("utf-8", "replace")], delimiter=source.csv_delimiter))
                return rows[0] if rows and rows[0] else None
            keys: list[str] = []
            for number in range(_PROBE_LINES):
                line = stream.readline(1024 * 1024)
                if number == 0:
                    line = line.removeprefix(b"\xef\xbb\xbf")
                if not line:
                    break
                try:
                    record = orjson.loads(line)
                except orjson.JSONDecodeError:
                    continue
                if isinstance(record, dict):
                    keys.extend(k for k in record if k not in keys)
            return keys or None
    except (*STREAM_ERRORS, pa.ArrowException):
        return None


def _cut_tasks(source: Source, index: int, files: list[InputFile], task_bytes: int) -> list[ReadTask]:
    """Tasks of about ``task_bytes``; their index is set by the caller."""
    tasks: list[ReadTask] = []
    if source.format in FILE_PER_DOCUMENT_FORMATS:
        group: list[tuple[str, str]] = []
        size = 0
        for file in files:
            group.append((file.path, file.relpath))
            size += file.size
            if size >= task_bytes or len(group) >= _FILES_PER_TEXT_TASK:
                tasks.append(ReadTask(-1, index, files=tuple(group), size=size))
                group, size = [], 0
        if group:
            tasks.append(ReadTask(-1, index, files=tuple(group), size=size))
        return tasks
    for file in files:
        whole = ReadTask(-1, index, file.path, file.relpath, size=file.size)
        if source.format == "jsonl" and not is_compressed(file.path) and file.size > task_bytes:
            for start in range(0, file.size, task_bytes):
                end = min(start + task_bytes, file.size)
                tasks.append(replace(whole, start=start, end=end, size=end - start))
        elif source.format == "parquet":
            tasks.extend(replace(whole, start=a, end=b, size=n) for a, b, n in _row_group_ranges(file, task_bytes))
        else:
            tasks.append(whole)
    return tasks


def _row_group_ranges(file: InputFile, task_bytes: int) -> list[tuple[int, int | None, int]]:
    """(first row group, end, bytes) ranges of about ``task_bytes``."""
    try:
        metadata = pq.read_metadata(file.path)
    except (OSError, pa.ArrowException):
        return [(0, None, file.size)]  # the reader quarantines it
    ranges: list[tuple[int, int | None, int]] = []
    start, size = 0, 0
    for group in range(metadata.num_row_groups):
        size += metadata.row_group(group).total_byte_size
        if size >= task_bytes:
            ranges.append((start, group + 1, size))
            start, size = group + 1, 0
    if start < metadata.num_row_groups or not ranges:
        ranges.append((start, metadata.num_row_groups, size))
    return ranges
