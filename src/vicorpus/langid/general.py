"""The general model for "if not Vietnamese, what is it": py3langid.

py3langid (BSD-3-Clause) ships its model inside the wheel (a naive Bayes over byte
n-grams, Lui & Baldwin 2012; 0.4 covers 139 languages), needs only NumPy, and
classifies a paragraph in about 0.2 ms; nothing is downloaded at run time. It is loaded
once per process, on first use. Chosen by measurement against pycld2, cld3, lingua,
fastText lid.176.ftz and langdetect (``bench/bench_langid_models.py``): best macro F1 on
the evaluation set (0.972), best on id/ms/tl, never calls another language Vietnamese,
pure-Python wheel everywhere. 0.3 had a much weaker model (unaccented Vietnamese 0.022).

Its model loads from a decompressed copy in the user's cache folder when there is one
(:mod:`vicorpus.langid.model_cache`).
"""

from __future__ import annotations

from functools import cache
from typing import Final, Protocol

import numpy as np

from vicorpus.langid.model_cache import load_model_parts


class _Identifier(Protocol):
    def classify(self, text: str) -> tuple[str, float]: ...


@cache
def _identifier() -> _Identifier:
    from py3langid.langid import LanguageIdentifier  # type: ignore[import-untyped]

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
