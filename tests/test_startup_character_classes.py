"""The tokenizer's character class table, kept in the user's cache folder.

Whatever state the cache folder is in, ``character_classes`` must be the table that
``build_character_classes`` computes from Python's ``str`` methods, byte for byte.
"""

from __future__ import annotations

import sys
import types
import unicodedata
from collections.abc import Callable, Iterator
from pathlib import Path

import numpy as np
import pytest

from vicorpus import user_cache
from vicorpus.quality import kernels, tokens

PREFIX = "character-classes-"


@pytest.fixture(scope="module")
def reference() -> np.ndarray:
    return tokens.build_character_classes()


@pytest.fixture(autouse=True)
def fresh(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[None]:
    monkeypatch.setenv("VICORPUS_CACHE_DIR", str(tmp_path))
    tokens.character_classes.cache_clear()
    yield
    tokens.character_classes.cache_clear()  # the next tests get the process's own table again


def _no_build(monkeypatch: pytest.MonkeyPatch) -> None:
    def fail() -> np.ndarray:
        raise AssertionError("the cached table should have been read")

    monkeypatch.setattr(tokens, "build_character_classes", fail)


def _cache_files(folder: Path) -> list[Path]:
    return sorted(folder.glob(f"{PREFIX}*"))


def _classes() -> np.ndarray:
    tokens.character_classes.cache_clear()
    return tokens.character_classes()


def test_reference_is_pythons_str_methods(reference: np.ndarray) -> None:
    assert reference.dtype == np.uint8 and reference.shape == (kernels.CLASS_TABLE_SIZE,)
    for code_point in [*range(0x300), *range(0x1E00, 0x1F00), 0x3000, 0x3007, 0xFF10, 0x1D7CE, 0x20000, 0x3FFFF]:
        character = chr(code_point)
        bits = int(reference[code_point])
        assert bool(bits & kernels.ALPHA) == character.isalpha()
        assert bool(bits & kernels.DIGIT) == character.isdigit()
        assert bool(bits & kernels.SPACE) == character.isspace()
    assert reference[ord("!")] & kernels.PUNCT and reference[ord("•")] & kernels.BULLET
    assert reference[ord("…")] & kernels.TERMINAL and reference[ord("»")] & kernels.CLOSER


def test_cached_table_is_the_built_table(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, reference: np.ndarray
) -> None:
    first = _classes()  # built, then kept
    assert len(_cache_files(tmp_path)) == 1
    assert first.dtype == reference.dtype and np.array_equal(first, reference)
    _no_build(monkeypatch)
    second = _classes()
    assert second.dtype == np.uint8 and second.shape == reference.shape and second.flags.c_contiguous
    assert np.array_equal(second, reference)
    # The compiled tokenizer reads the cached table as it read the built one.
    batch = tokens.tokenize_batch(["Xin chào, thế giới!  12\tab", "«Hà Nội» — ...", ""])
    assert np.array_equal(batch.classes, reference)


def _truncated(data: bytes) -> bytes:
    return data[: len(data) // 2]


def _payload_flipped(data: bytes) -> bytes:
    flipped = bytearray(data)
    flipped[-33] ^= 0x01  # the last code point's class bits (the digest follows)
    return bytes(flipped)


def _digest_flipped(data: bytes) -> bytes:
    return data[:-1] + bytes([data[-1] ^ 0xFF])


def _other_array(data: bytes) -> bytes:
    import io

    handle = io.BytesIO()
    np.save(handle, np.zeros(kernels.CLASS_TABLE_SIZE, dtype=np.uint8))  # right size, no digest
    return handle.getvalue()


def _an_npz(data: bytes) -> bytes:
    import io

    handle = io.BytesIO()
    np.savez(handle, table=np.frombuffer(data, dtype=np.uint8))
    return handle.getvalue()


@pytest.mark.parametrize(
    "damage",
    [_truncated, _payload_flipped, _digest_flipped, _other_array, _an_npz, lambda data: b"", lambda data: b"x" * 999],
    ids=["truncated", "payload-flipped", "digest-flipped", "other-array", "npz", "empty", "garbage"],
)
def test_damaged_cache_is_rebuilt_and_replaced(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, reference: np.ndarray, damage: Callable[[bytes], bytes]
) -> None:
    _classes()
    (path,) = _cache_files(tmp_path)
    path.write_bytes(damage(path.read_bytes()))
    assert np.array_equal(_classes(), reference)  # built again...
    _no_build(monkeypatch)
    assert np.array_equal(_classes(), reference)  # ...and the file rewritten
    assert [p.name for p in tmp_path.iterdir()] == [path.name]  # no leftover temporary file


def test_disabled_or_unwritable_cache_still_builds(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, reference: np.ndarray
) -> None:
    monkeypatch.setenv("VICORPUS_CACHE_DIR", "")
    assert np.array_equal(_classes(), reference)
    blocker = tmp_path / "a-file"
    blocker.write_text("not a folder")
    monkeypatch.setenv("VICORPUS_CACHE_DIR", str(blocker / "cache"))
    assert np.array_equal(_classes(), reference)
    assert sorted(tmp_path.iterdir()) == [blocker]


def test_a_changed_source_means_another_file(tmp_path: Path, reference: np.ndarray) -> None:
    _classes()
    (old,) = _cache_files(tmp_path)
    # A file of an earlier version of the code (another key): superseded and removed.
    stale = tmp_path / f"{PREFIX}{'0' * 32}.npy"
    old.rename(stale)
    assert np.array_equal(_classes(), reference)
    assert [p.name for p in _cache_files(tmp_path)] == [old.name]


def test_source_key_follows_its_inputs(monkeypatch: pytest.MonkeyPatch) -> None:
    modules = ("vicorpus.quality.kernels",)
    key = user_cache.source_key(("1",), modules)
    assert key == user_cache.source_key(("1",), modules)
    assert key != user_cache.source_key(("2",), modules)
    assert key != user_cache.source_key(("1",), ("vicorpus.quality.words",))
    monkeypatch.setattr(unicodedata, "unidata_version", "0.0.0")
    assert key != user_cache.source_key(("1",), modules)


def test_module_without_source_file_means_no_cache(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, reference: np.ndarray
) -> None:
    fileless = types.ModuleType("vicorpus_fileless_for_test")
    monkeypatch.setitem(sys.modules, fileless.__name__, fileless)
    with pytest.raises(OSError):
        user_cache.source_key((), (fileless.__name__,))
    monkeypatch.setattr(tokens, "_CLASSES_SOURCES", (*tokens._CLASSES_SOURCES, fileless.__name__))
    assert np.array_equal(_classes(), reference)
    assert _cache_files(tmp_path) == []


def test_cached_array_refuses_a_build_of_another_shape(tmp_path: Path) -> None:
    with pytest.raises(ValueError, match="expected"):
        user_cache.cached_array("test-", "k" * 32, np.dtype(np.uint8), (4,), lambda: np.zeros(5, dtype=np.uint8))
    assert list(tmp_path.iterdir()) == []


@pytest.mark.parametrize("dtype", [np.uint8, np.int16, np.uint64, np.float32])
def test_cached_array_round_trips_any_dtype(tmp_path: Path, dtype: type[np.generic]) -> None:
    built = (np.arange(60, dtype=np.int64) * 7919 % 251).astype(dtype).reshape(3, 20)
    first = user_cache.cached_array("test-", "k" * 32, np.dtype(dtype), (3, 20), built.copy)
    second = user_cache.cached_array("test-", "k" * 32, np.dtype(dtype), (3, 20), lambda: np.zeros(0, dtype=dtype))
    for got in (first, second):
        assert got.dtype == built.dtype and got.shape == built.shape and np.array_equal(got, built)
