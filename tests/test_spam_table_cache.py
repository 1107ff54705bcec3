"""The column fold's code point table read from the cache folder is the table built.

The cache only saves time: whatever is (or is not) in the folder, ``_code_table`` is
what ``build_code_table`` makes, and a table built by other code is never read.
"""

from __future__ import annotations

import sys
import types
from pathlib import Path

import numpy as np
import pytest

from vicorpus.spam import column, folding, table_cache
from vicorpus.text.normal_forms import normal_form_relevant
from vicorpus.vietnamese.gates import code_point_chunks


def _never_built() -> np.ndarray:
    raise AssertionError("the table was built, not read from the cache")


@pytest.fixture
def cache_dir(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    monkeypatch.setenv("VICORPUS_CACHE_DIR", str(tmp_path))
    return tmp_path


def _tables(folder: Path) -> list[Path]:
    return sorted(folder.glob("spam-fold-table-*.npy"))


def test_the_cached_table_is_the_built_table(cache_dir: Path) -> None:
    built = column.build_code_table()
    first = table_cache.cached_table(column.build_code_table)
    assert len(_tables(cache_dir)) == 1
    again = table_cache.cached_table(_never_built)  # read back, not built
    assert np.array_equal(first, built)
    assert np.array_equal(again, built)
    assert again.dtype == built.dtype


def test_a_damaged_or_foreign_file_is_built_again(cache_dir: Path) -> None:
    built = column.build_code_table()
    table_cache.cached_table(column.build_code_table)
    (path,) = _tables(cache_dir)
    for damage in (b"", b"not a table", path.read_bytes()[:1000]):
        path.write_bytes(damage)
        assert np.array_equal(table_cache.cached_table(column.build_code_table), built)
    np.save(path, np.zeros(10, dtype=np.int16))  # another shape
    assert np.array_equal(table_cache.cached_table(column.build_code_table), built)
    np.save(path, built.astype(np.int32))  # another type
    assert np.array_equal(table_cache.cached_table(column.build_code_table), built)
    stored = np.load(path)
    stored[12345] ^= 1  # one bit of the table flipped: its SHA-256 no longer matches
    np.save(path, stored)
    assert np.array_equal(table_cache.cached_table(column.build_code_table), built)
    assert np.array_equal(table_cache.cached_table(_never_built), built)  # written again, read back


def test_without_a_cache_folder_the_table_is_built(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    monkeypatch.setenv("VICORPUS_CACHE_DIR", "")
    assert np.array_equal(table_cache.cached_table(column.build_code_table), column.build_code_table())
    unwritable = tmp_path / "file"
    unwritable.write_text("a file where the folder should be")
    monkeypatch.setenv("VICORPUS_CACHE_DIR", str(unwritable / "cache"))
    assert np.array_equal(table_cache.cached_table(column.build_code_table), column.build_code_table())


def test_tables_of_other_code_are_removed_and_never_read(cache_dir: Path) -> None:
    old = cache_dir / "spam-fold-table-0123456789abcdef0123456789abcdef.npy"
    np.save(old, np.zeros(0x110000, dtype=np.int16))
    table = table_cache.cached_table(column.build_code_table)
    assert np.array_equal(table, column.build_code_table())
    assert old not in _tables(cache_dir)


def test_the_key_changes_with_the_code_and_the_code_page(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    key = table_cache.table_key()
    assert table_cache.table_key() == key  # the same code, the same key
    monkeypatch.setattr(table_cache, "code_page_description", lambda: folding.code_page_description() + b"x")
    assert table_cache.table_key() != key
    monkeypatch.undo()
    for name in table_cache.TABLE_SOURCES:
        edited = tmp_path / "edited.py"
        edited.write_bytes(Path(sys.modules[name].__file__ or "").read_bytes() + b"\n# edited\n")
        fake = types.ModuleType(name)
        fake.__file__ = str(edited)
        with monkeypatch.context() as patch:
            patch.setitem(sys.modules, name, fake)
            assert table_cache.table_key() != key, name


def test_the_key_holds_every_module_that_builds_the_table() -> None:
    builders = (
        column.build_code_table,
        folding.fold_table,
        folding._character_fold,
        folding._changes_case,
        folding._nfkc_relevant,
        folding._code_page,
        folding._reading,
        normal_form_relevant,
        code_point_chunks,
    )
    assert {builder.__module__ for builder in builders} <= set(table_cache.TABLE_SOURCES)
