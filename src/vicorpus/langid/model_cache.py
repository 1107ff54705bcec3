"""py3langid's model, kept decompressed in the user's cache folder between processes.

The wheel's model is LZMA-compressed, and decompressing it takes ~0.45 s: as long as the
whole language stage on 5,000 news articles. The first process that loads it keeps the
decompressed arrays in :func:`cache_folder` (~70 MB), keyed by py3langid's version and
the model file's SHA-256, and later processes read them in ~0.1 s. The cache only saves
time: a missing, stale, damaged, foreign or unwritable cache, or no home folder at all,
means loading from the wheel; the arrays are the same either way (tested).
"""

from __future__ import annotations

import hashlib
import zipfile
from array import array
from importlib.metadata import version
from pathlib import Path
from typing import Any, BinaryIO, Final, TypeAlias

import numpy as np

from vicorpus.user_cache import cache_folder as cache_folder  # where the cache lives, re-exported
from vicorpus.user_cache import write_cache_file

# What py3langid's loader returns: (nb_ptc, nb_pc, nb_classes, tk_nextmove, tk_row, tk_output).
ModelParts: TypeAlias = "tuple[Any, Any, list[str], array[int], array[int], list[int]]"
# Bump when the cache file's layout changes, so old files are ignored.
_CACHE_LAYOUT: Final = 1
_PREFIX: Final = "py3langid-model-"


def _cache_path(model_file: Path) -> Path | None:
    folder = cache_folder()
    if folder is None:
        return None
    digest = hashlib.sha256(model_file.read_bytes()).hexdigest()[:20]
    return folder / f"{_PREFIX}{version('py3langid')}-{digest}-v{_CACHE_LAYOUT}.npz"


def _array(typecode: str, values: np.ndarray) -> array[int] | None:
    out = array(typecode)
    if out.itemsize != values.dtype.itemsize:  # written where this typecode has another size
        return None
    out.frombytes(np.ascontiguousarray(values).data.cast("B"))
    return out


def _read_cached(path: Path) -> ModelParts | None:
    try:
        with np.load(path, allow_pickle=False) as data:
            nextmove = _array(str(data["nextmove_type"]), data["nextmove"])
            row = _array(str(data["row_type"]), data["row"])
            if nextmove is None or row is None:
                return None
            classes = [str(label) for label in data["classes"].tolist()]
            return data["ptc"], data["pc"], classes, nextmove, row, data["output"].tolist()
    except (OSError, ValueError, KeyError, EOFError, zipfile.BadZipFile):
        return None  # absent, truncated or foreign: load from the wheel


def _write_cached(path: Path, parts: ModelParts) -> None:
    ptc, pc, classes, nextmove, row, output = parts

    def write(handle: BinaryIO) -> None:
        np.savez(
            handle,
            ptc=ptc,
            pc=pc,
            classes=np.array(classes),
            nextmove=np.frombuffer(nextmove, dtype=f"u{nextmove.itemsize}"),
            nextmove_type=np.array(nextmove.typecode),
            row=np.frombuffer(row, dtype=f"u{row.itemsize}"),
            row_type=np.array(row.typecode),
            output=np.array(output, dtype=np.int64),
        )

    write_cache_file(path, _PREFIX, write)


def load_model_parts() -> ModelParts:
    """py3langid's model as its own loader returns it, from the cache when it holds it."""
    from py3langid.langid import MODEL_DIR, MODEL_FILE  # type: ignore[import-untyped]
    from py3langid.modelio import load_model  # type: ignore[import-untyped]

    model_file = Path(MODEL_DIR) / MODEL_FILE
    try:
        path = _cache_path(model_file)
    except (OSError, ImportError):  # unreadable model file, or no package metadata
        path = None
    parts = _read_cached(path) if path is not None else None
    if parts is None:
        parts = load_model(model_file)
        if path is not None:
            _write_cached(path, parts)
    return parts
