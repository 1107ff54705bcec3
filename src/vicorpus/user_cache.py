"""The user's cache folder: derived files that only save time (py3langid's decompressed
model, the spam fold's code point table), written so that concurrent workers never read
a half-written file and old versions do not pile up."""

from __future__ import annotations

import os
import tempfile
import time
from collections.abc import Callable
from pathlib import Path
from typing import BinaryIO, Final

# A temporary file this old was left by a process killed while writing it.
_STALE_SECONDS: Final = 3600


def cache_folder() -> Path | None:
    """Where vicorpus keeps derived files that only save time: ``$VICORPUS_CACHE_DIR``
    (empty: no cache), else ``$XDG_CACHE_HOME/vicorpus``, else ``~/.cache/vicorpus``;
    ``None`` without any (no home folder, as for a container user without one)."""
    configured = os.environ.get("VICORPUS_CACHE_DIR")
    if configured is not None:
        return Path(configured) if configured else None
    base = os.environ.get("XDG_CACHE_HOME")
    if not base:
        try:
            base = str(Path.home() / ".cache")
        except (RuntimeError, KeyError, OSError):  # no $HOME and no passwd entry
            return None
    return Path(base) / "vicorpus"


def write_cache_file(path: Path, prefix: str, write: Callable[[BinaryIO], None]) -> None:
    """``write`` a cache file at ``path`` (its name starts with ``prefix``), then remove
    the files of that prefix it supersedes. A read-only or full disk means no cache file,
    not an error."""
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        descriptor, aside = tempfile.mkstemp(dir=path.parent, prefix=prefix, suffix=".tmp")
    except OSError:
        return
    try:
        with os.fdopen(descriptor, "wb") as handle:
            write(handle)
        Path(aside).chmod(0o644)  # derived from public files: a shared cache folder can use it
        # Written aside and renamed: concurrent workers never read a half-written file.
        Path(aside).replace(path)
    except OSError:
        Path(aside).unlink(missing_ok=True)
        return
    _remove_leftovers(path, prefix)


def _remove_leftovers(kept: Path, prefix: str) -> None:
    """Files of ``prefix`` for other versions (same suffix as ``kept``), and temporary
    files of killed processes (not those another process may be writing now)."""
    now = time.time()
    for other in kept.parent.glob(f"{prefix}*"):
        try:
            superseded = other.suffix == kept.suffix and other != kept
            abandoned = other.suffix == ".tmp" and now - other.stat().st_mtime > _STALE_SECONDS
            if superseded or abandoned:
                other.unlink()
        except OSError:
            continue
