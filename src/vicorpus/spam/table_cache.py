"""The column fold's code point table (``column._code_table``), kept in the user's cache
folder between processes.

Building the table walks all of Unicode in Python (which characters change case, which
may take a text off NFKC): ~0.06 s in every process that runs ``spam_filter``, 5 % of
the stage on the benchmark's 20,000 documents, paid again by every worker. Read back
from the cache it takes ~2 ms. The table depends only on the code that builds it and
on this Python's Unicode database, and the cache file's name holds a SHA-256 of all of
them (``table_key``), so a changed fold is never read from an old file. The cache only
saves time: a missing, damaged, foreign or unwritable cache, or no cache folder at all
(``VICORPUS_CACHE_DIR=""``), means building the table; the table is the same either way
(tested).
"""

from __future__ import annotations

import hashlib
import os
import sys
import tempfile
import time
import unicodedata
from collections.abc import Callable
from pathlib import Path
from typing import Final

import numpy as np

from vicorpus.langid.model_cache import cache_folder
from vicorpus.spam.folding import code_page_description

# Bump when the file's layout changes, so old files are ignored.
_CACHE_LAYOUT: Final = 1
_PREFIX: Final = "spam-fold-table-"
_SHAPE: Final = (0x110000,)
_DTYPE: Final = np.dtype(np.int16)
# A temporary file this old was left by a process killed while writing it.
_STALE_SECONDS: Final = 3600
# The modules whose code builds the table: the fold, its code page and ``fold_table``
# (folding), the table itself (column), NFKC relevance (normal_forms) and the walk over
# Unicode (gates.code_point_chunks). The other modules the code page is made from
# (look-alikes, invisibles, Vietnamese letters) enter the key through the code page
# itself (``code_page_description``).
TABLE_SOURCES: Final = (
    "vicorpus.spam.folding",
    "vicorpus.spam.column",
    "vicorpus.text.normal_forms",
    "vicorpus.vietnamese.gates",
)


def table_key() -> str:
    """A SHA-256 of everything the table is built from."""
    digest = hashlib.sha256()
    for part in (str(_CACHE_LAYOUT), sys.version, unicodedata.unidata_version):
        digest.update(part.encode() + b"\0")
    for name in TABLE_SOURCES:
        module = sys.modules.get(name)
        source = getattr(module, "__file__", None)
        if source is None:  # not loaded from a file: nothing to key on
            raise OSError(f"no source file for {name}")
        digest.update(Path(source).read_bytes() + b"\0")
    digest.update(code_page_description())
    return digest.hexdigest()


def _cache_path() -> Path | None:
    folder = cache_folder()
    if folder is None:
        return None
    try:
        key = table_key()
    except OSError:
        return None
    return folder / f"{_PREFIX}{key[:32]}.npy"


def _read_cached(path: Path) -> np.ndarray | None:
    try:
        table = np.load(path, allow_pickle=False)
    except (OSError, ValueError, EOFError):
        return None  # absent, truncated or foreign: build the table
    if not isinstance(table, np.ndarray) or table.shape != _SHAPE or table.dtype != _DTYPE:
        return None
    return table


def _write_cached(path: Path, table: np.ndarray) -> None:
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        descriptor, aside = tempfile.mkstemp(dir=path.parent, prefix=_PREFIX, suffix=".tmp")
    except OSError:  # a read-only or full disk: run without the cache
        return
    try:
        with os.fdopen(descriptor, "wb") as handle:
            np.save(handle, table, allow_pickle=False)
        Path(aside).chmod(0o644)  # derived from public code: a shared cache folder can use it
        # Written aside and renamed: concurrent workers never read a half-written file.
        Path(aside).replace(path)
    except OSError:
        Path(aside).unlink(missing_ok=True)
        return
    _remove_leftovers(path)


def _remove_leftovers(kept: Path) -> None:
    """Tables of other versions of the code, and temporary files of killed processes
    (not those another process may be writing now)."""
    now = time.time()
    for other in kept.parent.glob(f"{_PREFIX}*"):
        try:
            superseded = other.suffix == ".npy" and other != kept
            abandoned = other.suffix == ".tmp" and now - other.stat().st_mtime > _STALE_SECONDS
            if superseded or abandoned:
                other.unlink()
        except OSError:
            continue


def cached_table(build: Callable[[], np.ndarray]) -> np.ndarray:
    """The table ``build`` makes, read from the cache when it holds it (else built and
    kept there)."""
    path = _cache_path()
    table = _read_cached(path) if path is not None else None
    if table is None:
        table = build()
        if path is not None:
            _write_cached(path, table)
    return table
