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
import sys
import unicodedata
from collections.abc import Callable
from pathlib import Path
from typing import Final

import numpy as np

from vicorpus.spam.folding import code_page_description
from vicorpus.user_cache import cache_folder, write_cache_file

# Bump when the file's layout changes, so old files are ignored.
_CACHE_LAYOUT: Final = 1
_PREFIX: Final = "spam-fold-table-"
_SHAPE: Final = (0x110000,)
_DTYPE: Final = np.dtype(np.int16)
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
    write_cache_file(path, _PREFIX, lambda handle: np.save(handle, table, allow_pickle=False))


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
