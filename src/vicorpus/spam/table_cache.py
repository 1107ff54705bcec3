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
from collections.abc import Callable
from typing import Final

import numpy as np

from vicorpus.spam.folding import code_page_description
from vicorpus.user_cache import cached_array, source_key

# Bump when the file's layout changes, so old files are ignored (2: the bytes and their
# SHA-256, ``cached_array``'s layout).
_CACHE_LAYOUT: Final = 2
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
    """A SHA-256 of everything the table is built from (OSError: a module has no source file)."""
    code_page = hashlib.sha256(code_page_description()).hexdigest()
    return source_key((str(_CACHE_LAYOUT), code_page), TABLE_SOURCES)


def cached_table(build: Callable[[], np.ndarray]) -> np.ndarray:
    """The table ``build`` makes, read from the cache when it holds it (else built and
    kept there)."""
    try:
        key = table_key()
    except OSError:  # no source file to key on: no cache
        return build()
    return cached_array(_PREFIX, key, _DTYPE, _SHAPE, build)
