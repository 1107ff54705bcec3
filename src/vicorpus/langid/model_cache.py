"""py3langid's model, kept decompressed in the user's cache folder between processes.

The wheel's model is LZMA-compressed, and decompressing it takes ~0.45 s: as long as the
whole language stage on 5,000 news articles. The first process that loads it keeps the
decompressed arrays in :func:`cache_folder` (~70 MB), keyed by py3langid's version and
the model file's SHA-256, and later processes read them in ~0.03 s. The cache only saves
time: a missing, stale, damaged, foreign or unwritable cache, or no home folder at all,
means loading from the wheel; the arrays are the same either way (tested).

The cache file is an uncompressed ``.npz`` (``np.savez``), but it is not read with
``np.load``: that copies every array out of the archive and checks its CRC-32, 44 ms of
CPU in a fresh process. The arrays are mapped from the file instead (``_mapped_arrays``):
the 28 MB ``ptc`` table is not copied at all (a document's classification reads a few of
its rows; classifying is as fast), and the whole load takes 26 ms (both measured, min of
3 fresh processes), with 28 MB less private memory.
Without the CRC a damaged file is found by its structure (zip and ``.npy`` headers,
sizes): the file is written aside and renamed whole (``write_cache_file``), so damage
means a file cut short or foreign, and those are caught (tested).
"""

from __future__ import annotations

import hashlib
import io
import mmap
import struct
import zipfile
from array import array
from importlib.metadata import version
from pathlib import Path
from typing import Any, BinaryIO, Final, TypeAlias

import numpy as np
import numpy.lib.format as npy_format

from vicorpus.user_cache import cache_folder as cache_folder  # where the cache lives, re-exported
from vicorpus.user_cache import write_cache_file

# What py3langid's loader returns: (nb_ptc, nb_pc, nb_classes, tk_nextmove, tk_row, tk_output).
ModelParts: TypeAlias = "tuple[Any, Any, list[str], array[int], array[int], list[int]]"
# Bump when the cache file's layout changes, so old files are ignored.
_CACHE_LAYOUT: Final = 1
_PREFIX: Final = "py3langid-model-"
# A zip archive's local file header: signature, then (at 26) the name's and the extra
# field's lengths, then (at 30) the name, the extra field and the member's data.
_LOCAL_HEADER: Final = b"PK\x03\x04"
_LOCAL_HEADER_SIZE: Final = 30
# Room for an .npy header (np.save pads it to a multiple of 64 bytes; ours are < 200).
_NPY_HEADER_ROOM: Final = 1 << 16


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


def _mapped_array(mapped: mmap.mmap, member: zipfile.ZipInfo) -> np.ndarray:
    """The array of an uncompressed ``.npy`` member, on the mapped file's memory (read-only).
    ValueError (or struct.error, EOFError) when the member is not one."""
    if member.compress_type != zipfile.ZIP_STORED:
        raise ValueError(f"{member.filename}: compressed")
    at = member.header_offset
    if mapped[at : at + len(_LOCAL_HEADER)] != _LOCAL_HEADER:
        raise ValueError(f"{member.filename}: no local header")
    name_length, extra_length = struct.unpack_from("<HH", mapped, at + 26)
    start = at + _LOCAL_HEADER_SIZE + name_length + extra_length
    end = start + member.file_size
    if end > len(mapped):
        raise ValueError(f"{member.filename}: cut short")
    header = io.BytesIO(mapped[start : min(end, start + _NPY_HEADER_ROOM)])
    major_minor = npy_format.read_magic(header)
    if major_minor == (1, 0):
        shape, fortran_order, dtype = npy_format.read_array_header_1_0(header)
    elif major_minor == (2, 0):
        shape, fortran_order, dtype = npy_format.read_array_header_2_0(header)
    else:
        raise ValueError(f"{member.filename}: .npy format {major_minor}")
    if dtype.hasobject:
        raise ValueError(f"{member.filename}: objects")
    offset = start + header.tell()
    if offset + int(np.prod(shape)) * dtype.itemsize != end:
        raise ValueError(f"{member.filename}: wrong size")
    return np.ndarray(shape, dtype=dtype, buffer=mapped, offset=offset, order="F" if fortran_order else "C")


def _mapped_arrays(path: Path) -> tuple[mmap.mmap, dict[str, np.ndarray]]:
    """The arrays of an uncompressed ``.npz`` file, by name, on a mapping of it (not read)."""
    with path.open("rb") as handle, zipfile.ZipFile(handle) as archive:
        members = archive.infolist()  # the central directory only
        mapped = mmap.mmap(handle.fileno(), 0, access=mmap.ACCESS_READ)
    return mapped, {member.filename.removesuffix(".npy"): _mapped_array(mapped, member) for member in members}


def _read_cached(path: Path) -> ModelParts | None:
    try:
        mapped, data = _mapped_arrays(path)
        nextmove = _array(str(data["nextmove_type"]), data["nextmove"])
        row = _array(str(data["row_type"]), data["row"])
        if nextmove is None or row is None:
            return None
        classes = [str(label) for label in data["classes"].tolist()]
        # ``ptc`` stays on the mapped file (read-only: py3langid only reads it); the
        # other arrays are copied into ordinary ones.
        parts = data["ptc"], np.array(data["pc"]), classes, nextmove, row, data["output"].tolist()
    except (OSError, ValueError, KeyError, EOFError, struct.error, zipfile.BadZipFile):
        return None  # absent, cut short or foreign: load from the wheel
    if hasattr(mmap, "MADV_DONTNEED"):
        # The file's pages read for those copies (39 MB of ``nextmove``) would stay in
        # the process's resident set as long as ``ptc`` keeps the mapping; ``ptc``'s
        # pages come back from the page cache when a classification reads them.
        mapped.madvise(mmap.MADV_DONTNEED)
    return parts


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
