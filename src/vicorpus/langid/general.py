"""The general model for "if not Vietnamese, what is it": py3langid.

py3langid (BSD-3-Clause) ships its model inside the wheel (a naive Bayes over byte
n-grams, Lui & Baldwin 2012; 0.4 covers 139 languages), needs only NumPy, and
classifies a paragraph in about 0.2 ms; nothing is downloaded at run time. It is loaded
once per process, on first use. Chosen by measurement against pycld2, cld3, lingua,
fastText lid.176.ftz and langdetect (``bench/bench_langid_models.py``): best macro F1 on
the evaluation set (0.972), best on id/ms/tl, never calls another language Vietnamese,
pure-Python wheel everywhere. 0.3 had a much weaker model (unaccented Vietnamese 0.022).

The wheel's model is LZMA-compressed, and decompressing it takes ~0.45 s: as long as the
whole language stage on 5,000 news articles. The first process that loads it keeps the
decompressed arrays in the user's cache folder (:func:`cache_folder`, ~35 MB), keyed by
the model file's SHA-256, and later processes read them in ~20 ms. The cache only saves
time: a missing, stale, damaged or unwritable cache means loading from the wheel.
"""

from __future__ import annotations

import hashlib
import os
import tempfile
import zipfile
from array import array
from functools import cache
from pathlib import Path
from typing import Any, Final, Protocol, TypeAlias

import numpy as np


class _Identifier(Protocol):
    def classify(self, text: str) -> tuple[str, float]: ...


# What py3langid's loader returns: (nb_ptc, nb_pc, nb_classes, tk_nextmove, tk_row, tk_output).
_ModelParts: TypeAlias = "tuple[Any, Any, list[str], array[int], array[int], list[int]]"
# Bump when the cache file's layout changes, so old files are ignored.
_CACHE_LAYOUT: Final = 1


def cache_folder() -> Path | None:
    """Where vicorpus keeps derived files that only save time: ``$VICORPUS_CACHE_DIR``
    (empty: no cache), else ``$XDG_CACHE_HOME/vicorpus``, else ``~/.cache/vicorpus``."""
    configured = os.environ.get("VICORPUS_CACHE_DIR")
    if configured is not None:
        return Path(configured) if configured else None
    base = os.environ.get("XDG_CACHE_HOME") or str(Path.home() / ".cache")
    return Path(base) / "vicorpus"


def _cache_path(model_file: Path) -> Path | None:
    folder = cache_folder()
    if folder is None:
        return None
    digest = hashlib.sha256(model_file.read_bytes()).hexdigest()[:20]
    return folder / f"py3langid-model-{digest}-v{_CACHE_LAYOUT}.npz"


def _read_cached(path: Path) -> _ModelParts | None:
    try:
        with np.load(path, allow_pickle=False) as data:
            return (
                data["ptc"],
                data["pc"],
                [str(label) for label in data["classes"].tolist()],
                array(str(data["nextmove_type"]), data["nextmove"].tobytes()),
                array(str(data["row_type"]), data["row"].tobytes()),
                data["output"].tolist(),
            )
    except (OSError, ValueError, KeyError, EOFError, zipfile.BadZipFile):
        return None  # absent, truncated or foreign: load from the wheel


def _write_cached(path: Path, parts: _ModelParts) -> None:
    ptc, pc, classes, nextmove, row, output = parts
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        descriptor, aside = tempfile.mkstemp(dir=path.parent, suffix=".tmp")
    except OSError:  # a read-only or full disk: run without the cache
        return
    try:
        with os.fdopen(descriptor, "wb") as handle:
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
        # Written aside and renamed: concurrent workers never read a half-written file.
        Path(aside).replace(path)
    except OSError:
        Path(aside).unlink(missing_ok=True)


def load_model_parts() -> _ModelParts:
    """py3langid's model as its own loader returns it, from the cache when it holds it."""
    from py3langid.langid import MODEL_DIR, MODEL_FILE  # type: ignore[import-untyped]
    from py3langid.modelio import load_model  # type: ignore[import-untyped]

    model_file = Path(MODEL_DIR) / MODEL_FILE
    path = _cache_path(model_file)
    parts = _read_cached(path) if path is not None else None
    if parts is None:
        parts = load_model(model_file)
        if path is not None:
            _write_cached(path, parts)
    return parts


@cache
def _identifier() -> _Identifier:
    from py3langid.langid import LanguageIdentifier

    # As ``LanguageIdentifier.from_model_file`` builds it, from the same arrays.
    ptc, pc, classes, nextmove, row, output = load_model_parts()
    identifier: _Identifier = LanguageIdentifier(
        np.asarray(ptc), np.asarray(pc), classes, nextmove, output, norm_probs=True, tk_row=row
    )
    return identifier


# py3langid 0.4 labels Chinese varieties and "no linguistic content" with ISO 639-3
# codes; vicorpus reports the macrolanguage and "und". Other languages without an ISO
# 639-1 code (pcm Nigerian Pidgin, bcl Central Bikol, …) keep their ISO 639-3 code.
_LABELS: Final = {"yue": "zh", "wuu": "zh", "gan": "zh", "hak": "zh", "nan": "zh", "zxx": "und"}


def classify(text: str) -> tuple[str, float]:
    """(ISO 639-1 code, or ISO 639-3 where there is none; probability) by the general model."""
    language, probability = _identifier().classify(text)
    language = _LABELS.get(str(language), str(language))
    return language, 0.0 if language == "und" else float(probability)
