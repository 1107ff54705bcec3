"""The general language model's cache: the same model as the wheel's, and never needed.

The cache only saves decompressing py3langid's model; whatever state the cache folder is
in, the model must be the wheel's, array for array.
"""

from __future__ import annotations

import os
import time
from array import array
from pathlib import Path
from typing import Any

import numpy as np
import pytest
from py3langid.langid import MODEL_DIR, MODEL_FILE, LanguageIdentifier  # type: ignore[import-untyped]
from py3langid.modelio import load_model  # type: ignore[import-untyped]

from vicorpus.langid import model_cache as general

TEXTS = [
    "The committee will publish its annual report on the state of public transport next week.",
    "Le conseil municipal a décidé de rénover la bibliothèque du quartier avant la fin de l'année.",
    "Pemerintah daerah akan membangun jembatan baru untuk menghubungkan kedua desa tersebut.",
    "Городской совет принял решение отремонтировать библиотеку до конца этого года.",
    "Ủy ban nhân dân thành phố vừa công bố kế hoạch cải tạo thư viện.",
]


@pytest.fixture(scope="module")
def wheel_parts() -> Any:
    return load_model(Path(MODEL_DIR) / MODEL_FILE)


def _assert_same_model(parts: Any, expected: Any) -> None:
    for got, want in zip(parts, expected, strict=True):
        assert type(got) is type(want)
        if isinstance(want, np.ndarray):
            assert got.dtype == want.dtype
            assert np.array_equal(got, want)
        elif isinstance(want, array):
            assert got.typecode == want.typecode
            assert got == want
        else:
            assert got == want


def _cache_files(folder: Path) -> list[Path]:
    return sorted(folder.glob("py3langid-model-*.npz"))


def test_cached_model_is_the_wheels_model(tmp_path: Path, monkeypatch: pytest.MonkeyPatch, wheel_parts: Any) -> None:
    monkeypatch.setenv("VICORPUS_CACHE_DIR", str(tmp_path))
    first = general.load_model_parts()  # decompressed from the wheel, then cached
    assert len(_cache_files(tmp_path)) == 1
    _assert_same_model(first, wheel_parts)

    def no_wheel(path: Path) -> Any:
        raise AssertionError("the cached model should have been read")

    monkeypatch.setattr("py3langid.modelio.load_model", no_wheel)
    second = general.load_model_parts()
    _assert_same_model(second, wheel_parts)
    ptc, pc, classes, nextmove, row, output = second
    cached = LanguageIdentifier(ptc, pc, classes, nextmove, output, norm_probs=True, tk_row=row)
    original = LanguageIdentifier.from_model_file(MODEL_FILE, norm_probs=True)
    for text in TEXTS:
        assert cached.classify(text) == original.classify(text)


def test_damaged_cache_is_replaced(tmp_path: Path, monkeypatch: pytest.MonkeyPatch, wheel_parts: Any) -> None:
    monkeypatch.setenv("VICORPUS_CACHE_DIR", str(tmp_path))
    general.load_model_parts()
    (path,) = _cache_files(tmp_path)
    path.write_bytes(path.read_bytes()[: 1 << 16])  # a write cut short
    _assert_same_model(general.load_model_parts(), wheel_parts)
    _assert_same_model(general.load_model_parts(), wheel_parts)  # read from the rewritten file
    assert [p.name for p in tmp_path.iterdir()] == [path.name]  # no leftover temporary file


def test_unwritable_or_disabled_cache_still_loads(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, wheel_parts: Any
) -> None:
    blocker = tmp_path / "a-file"
    blocker.write_text("not a folder")
    monkeypatch.setenv("VICORPUS_CACHE_DIR", str(blocker / "cache"))
    _assert_same_model(general.load_model_parts(), wheel_parts)

    monkeypatch.setenv("VICORPUS_CACHE_DIR", "")
    assert general.cache_folder() is None
    _assert_same_model(general.load_model_parts(), wheel_parts)
    assert sorted(tmp_path.iterdir()) == [blocker]


def test_cache_folder_follows_xdg(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("VICORPUS_CACHE_DIR", raising=False)
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path))
    assert general.cache_folder() == tmp_path / "vicorpus"


def test_no_home_folder_means_no_cache(monkeypatch: pytest.MonkeyPatch, wheel_parts: Any) -> None:
    # A container user with no $HOME and no passwd entry: Path.home() raises.
    def no_home() -> Path:
        raise RuntimeError("Could not determine home directory.")

    monkeypatch.delenv("VICORPUS_CACHE_DIR", raising=False)
    monkeypatch.delenv("XDG_CACHE_HOME", raising=False)
    monkeypatch.setattr(Path, "home", staticmethod(no_home))
    assert general.cache_folder() is None
    _assert_same_model(general.load_model_parts(), wheel_parts)


def test_other_versions_and_stale_temporary_files_are_removed(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, wheel_parts: Any
) -> None:
    monkeypatch.setenv("VICORPUS_CACHE_DIR", str(tmp_path))
    old_model = tmp_path / "py3langid-model-0.3.0-0123456789abcdef0123-v1.npz"
    stale = tmp_path / "py3langid-model-killed.tmp"
    in_progress = tmp_path / "py3langid-model-writing.tmp"
    unrelated = tmp_path / "something-else.npz"
    for path in (old_model, stale, in_progress, unrelated):
        path.write_bytes(b"x")
    os.utime(stale, (time.time() - 7200, time.time() - 7200))
    _assert_same_model(general.load_model_parts(), wheel_parts)
    left = sorted(p.name for p in tmp_path.iterdir())
    assert left == sorted([*(p.name for p in _cache_files(tmp_path)), in_progress.name, unrelated.name])
    assert len(_cache_files(tmp_path)) == 1
    (cached,) = _cache_files(tmp_path)
    assert cached.stat().st_mode & 0o777 == 0o644
