"""The user's cache folder: derived files that only save time (py3langid's decompressed
model, the spam fold's code point table, the tokenizer's character classes), written so
that concurrent workers never read a half-written file and old versions do not pile up."""

from __future__ import annotations

import hashlib
import importlib
import os
import sys
import tempfile
import time
import unicodedata
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import Any, BinaryIO, Final

import numpy as np

# A temporary file this old was left by a process killed while writing it.
_STALE_SECONDS: Final = 3600
# ``cached_array`` files end with a SHA-256 of the array's bytes.
_DIGEST_SIZE: Final = 32


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


def source_key(parts: Sequence[str], modules: Sequence[str]) -> str:
    """A SHA-256 of ``parts``, of this Python (its version and Unicode database) and of the
    source files of ``modules``: the key of a file derived from them, so that a changed
    module is never answered from an old file. OSError when a module has no source file."""
    digest = hashlib.sha256()
    for part in (sys.version, unicodedata.unidata_version, *parts):
        digest.update(part.encode() + b"\0")
    for name in modules:
        source = getattr(importlib.import_module(name), "__file__", None)
        if source is None:  # not loaded from a file: nothing to key on
            raise OSError(f"no source file for {name}")
        digest.update(Path(source).read_bytes() + b"\0")
    return digest.hexdigest()


def cached_array(
    prefix: str, key: str, dtype: np.dtype[Any], shape: tuple[int, ...], build: Callable[[], np.ndarray]
) -> np.ndarray:
    """``build()``'s array (of ``dtype`` and ``shape``), read from ``{prefix}{key}.npy`` in
    the cache folder when an earlier process left it there (else built and kept there).
    The file holds the array's bytes and their SHA-256, checked on reading: a missing,
    cut short, damaged or foreign file, or no cache folder, means building the array."""
    folder = cache_folder()
    path = None if folder is None else folder / f"{prefix}{key[:32]}.npy"
    if path is not None:
        cached = _read_array(path, dtype, shape)
        if cached is not None:
            return cached
    array = build()
    if array.dtype != dtype or array.shape != shape:
        raise ValueError(f"{prefix}: built {array.dtype}{array.shape}, expected {dtype}{shape}")
    if path is not None:
        data = np.ascontiguousarray(array).reshape(-1).view(np.uint8)
        stored = np.concatenate([data, np.frombuffer(hashlib.sha256(data.data).digest(), dtype=np.uint8)])
        write_cache_file(path, prefix, lambda handle: np.save(handle, stored, allow_pickle=False))
    return array


def _read_array(path: Path, dtype: np.dtype[Any], shape: tuple[int, ...]) -> np.ndarray | None:
    size = int(np.prod(shape)) * dtype.itemsize
    try:
        stored = np.load(path, allow_pickle=False)
    except (OSError, ValueError, EOFError):
        return None  # absent, cut short or not an .npy file
    if not isinstance(stored, np.ndarray):  # an .npz archive (np.load opened it)
        stored.close()
        return None
    if stored.dtype != np.uint8 or stored.shape != (size + _DIGEST_SIZE,):
        return None
    data = stored[:size]
    if hashlib.sha256(data.data).digest() != stored[size:].tobytes():
        return None  # damaged
    return data.view(dtype).reshape(shape)
