"""py3langid's cached model read by mapping its ``.npz`` file (no ``np.load``).

The mapped arrays must be ``np.load``'s arrays, and anything that is not the
uncompressed archive ``np.savez`` writes must be refused (then the wheel's model is
loaded and the cache file written again).
"""

from __future__ import annotations

import io
import zipfile
from pathlib import Path
from typing import Any

import numpy as np
import pytest
from py3langid.langid import MODEL_DIR, MODEL_FILE  # type: ignore[import-untyped]
from py3langid.modelio import load_model  # type: ignore[import-untyped]

from vicorpus.langid import model_cache

ARRAYS: dict[str, np.ndarray] = {
    "ptc": (np.arange(7 * 5, dtype=np.float32) / 3).astype(np.float16).reshape(7, 5),
    "pc": np.linspace(-3, 3, 5, dtype=np.float32),
    "classes": np.array(["en", "vi", "zh", "und", "fr"]),
    "nextmove": np.arange(1000, dtype=np.uint32) * 2654435761 % 4096,
    "nextmove_type": np.array("I"),
    "row": np.arange(33, dtype=np.uint16),
    "row_type": np.array("H"),
    "output": np.arange(-5, 28, dtype=np.int64),
    "fortran": np.asfortranarray(np.arange(12, dtype=np.int32).reshape(3, 4)),
    "empty": np.zeros((0, 3), dtype=np.float64),
    "odd": np.arange(3, dtype=np.uint8),  # puts the next member at an odd offset
    "after_odd": np.arange(5, dtype=np.float64),
}


@pytest.fixture(scope="module")
def wheel_parts() -> Any:
    return load_model(Path(MODEL_DIR) / MODEL_FILE)


def _savez(path: Path, arrays: dict[str, np.ndarray], *, compressed: bool = False) -> None:
    (np.savez_compressed if compressed else np.savez)(path, **arrays)  # type: ignore[arg-type]


def test_mapped_arrays_are_np_loads_arrays(tmp_path: Path) -> None:
    path = tmp_path / "a.npz"
    _savez(path, ARRAYS)
    _, mapped = model_cache._mapped_arrays(path)
    with np.load(path) as loaded:
        assert sorted(mapped) == sorted(loaded.files)
        for name in loaded.files:
            got, want = mapped[name], loaded[name]
            assert type(got) is np.ndarray
            assert got.dtype == want.dtype and got.shape == want.shape
            assert got.flags.f_contiguous == want.flags.f_contiguous
            assert np.array_equal(got, want)
            assert not got.flags.writeable  # the file's pages, not a copy


def test_cached_parts_are_the_wheels_parts(tmp_path: Path, wheel_parts: Any) -> None:
    path = tmp_path / "model.npz"
    model_cache._write_cached(path, wheel_parts)
    parts = model_cache._read_cached(path)
    assert parts is not None
    for got, want in zip(parts, wheel_parts, strict=True):
        assert type(got) is type(want)
        if isinstance(want, np.ndarray):
            assert got.dtype == want.dtype and np.array_equal(got, want)
        else:
            assert got == want
    assert parts[1].flags.writeable  # the small arrays are ordinary copies


def _rewritten(path: Path, change: Any) -> None:
    """``path``'s archive written again with each member's bytes passed through ``change``."""
    with zipfile.ZipFile(path) as archive:
        members = {info.filename: archive.read(info) for info in archive.infolist()}
    with zipfile.ZipFile(path, "w") as archive:
        for name, data in members.items():
            archive.writestr(name, change(name, data))


def _resized(name: str, data: bytes) -> bytes:
    # The header promises one element more than the member holds.
    return data.replace(b"(33,)", b"(34,)") if name == "row.npy" else data


def _cut(name: str, data: bytes) -> bytes:
    return data[:-8] if name == "output.npy" else data


def _bad_magic(name: str, data: bytes) -> bytes:
    return b"\x00" + data[1:] if name == "pc.npy" else data


def _format_9(name: str, data: bytes) -> bytes:
    return data[:6] + b"\x09\x00" + data[8:] if name == "pc.npy" else data


def _objects(name: str, data: bytes) -> bytes:
    if name != "classes.npy":
        return data
    handle = io.BytesIO()
    np.save(handle, np.array(["en", None], dtype=object), allow_pickle=True)
    return handle.getvalue()


@pytest.mark.parametrize("change", [_resized, _cut, _bad_magic, _format_9, _objects])
def test_damaged_members_are_refused(tmp_path: Path, change: Any) -> None:
    path = tmp_path / "a.npz"
    _savez(path, ARRAYS)
    _rewritten(path, change)
    assert model_cache._read_cached(path) is None


def test_compressed_truncated_or_foreign_files_are_refused(tmp_path: Path) -> None:
    path = tmp_path / "a.npz"
    _savez(path, ARRAYS, compressed=True)
    assert model_cache._read_cached(path) is None
    _savez(path, ARRAYS)
    data = path.read_bytes()
    local_header = data.index(b"PK\x03\x04", 1)  # the second member's local header
    path.write_bytes(data[:local_header] + b"XX" + data[local_header + 2 :])
    assert model_cache._read_cached(path) is None
    for content in (b"", b"not a zip", data[: len(data) // 2]):
        path.write_bytes(content)
        assert model_cache._read_cached(path) is None
    assert model_cache._read_cached(tmp_path / "missing.npz") is None
    _savez(path, {name: array for name, array in ARRAYS.items() if name != "row"})
    assert model_cache._read_cached(path) is None  # a member missing


def test_a_refused_cache_file_is_replaced_by_the_wheels_model(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, wheel_parts: Any
) -> None:
    monkeypatch.setenv("VICORPUS_CACHE_DIR", str(tmp_path))
    model_cache.load_model_parts()
    (path,) = tmp_path.glob("py3langid-model-*.npz")
    _rewritten(path, _resized)  # intact zip, one member's header lying about its size
    parts = model_cache.load_model_parts()  # refused: from the wheel, and written again
    assert parts[3] == wheel_parts[3] and np.array_equal(parts[0], wheel_parts[0])
    assert model_cache._read_cached(path) is not None
