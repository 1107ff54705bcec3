"""The general model for "if not Vietnamese, what is it": py3langid.

py3langid (BSD-3-Clause) ships its model inside the wheel (a naive Bayes over byte
n-grams, Lui & Baldwin 2012; 0.4 covers 139 languages), needs only NumPy, and
classifies a paragraph in about 0.1 ms; nothing is downloaded at run time. It is loaded
once per process, on first use. Its byte walk runs compiled (``feature_walk``) and its
scoring on a float32 copy of its table once a process has classified many texts, with
the same scores to the bit (the language stage on pages in other languages: 2 to 3
times faster, ``bench/README.md``).

Chosen by measurement against pycld2, cld3, lingua, fastText lid.176.ftz and langdetect
(``bench/bench_langid_models.py``): best macro F1 on the evaluation set (0.972), best on
id/ms/tl, never calls another language Vietnamese, pure-Python wheel everywhere. 0.3 had
a much weaker model (unaccented Vietnamese 0.022).

Its model loads from a decompressed copy in the user's cache folder when there is one
(:mod:`vicorpus.langid.model_cache`).
"""

from __future__ import annotations

from functools import cache
from typing import Any, Final, Protocol

import numpy as np

from vicorpus.langid.feature_walk import FeatureWalk
from vicorpus.langid.model_cache import load_model_parts
from vicorpus.text.stream_safe import make_stream_safe

# py3langid's table (100,053 features × 142 languages) is float16, and NumPy casts the
# rows a text selects to float32 on every call: ~1 ns per value, 0.16 ms for a 4 KB page
# (1,258 rows), more than half of classifying it. A float32 copy costs 57 MB and ~30 ms
# once; it is made when the process has classified this many texts, by which time the
# casts have cost more (a Vietnamese corpus sends few texts here and never pays for it).
FLOAT32_TABLE_AFTER: Final = 500


class _Identifier(Protocol):
    def classify(self, text: str) -> tuple[str, float]: ...


@cache
def _identifier() -> _Identifier:
    from py3langid.langid import LanguageIdentifier  # type: ignore[import-untyped]

    class CompiledWalkIdentifier(LanguageIdentifier):  # type: ignore[misc]
        """py3langid's identifier with its byte walk compiled (``feature_walk``) and,
        in a process that classifies many texts, its table read as float32; the scores
        are py3langid's to the bit (tested)."""

        def __init__(self, *args: Any, **kwargs: Any) -> None:
            super().__init__(*args, **kwargs)
            self.walk = FeatureWalk(self.tk_nextmove, self.tk_row, self.tk_output)
            self.scored = 0
            self.float32_table: np.ndarray | None = None

        def _raw_score(self, text: bytes) -> Any:
            features, counts = self.walk.visits(text)
            if features.size == 0:  # py3langid's own answer for a text without features
                return super()._raw_score(b"")
            # py3langid's ``_sparse_score``: NumPy casts the float16 rows to float32 for
            # the product, the same values the float32 table holds.
            return np.log1p(counts.astype(np.float32)) @ self._table()[features] + self.nb_pc

        def set_languages(self, langs: Any = None) -> Any:
            self.float32_table = None  # the table changes with the languages
            return super().set_languages(langs)

        def _table(self) -> np.ndarray:
            self.scored += 1
            if self.float32_table is None and self.scored > FLOAT32_TABLE_AFTER:
                self.float32_table = np.asarray(self.nb_ptc, dtype=np.float32)
            return self.nb_ptc if self.float32_table is None else self.float32_table

    # As ``LanguageIdentifier.from_model_file`` builds it, from the same arrays.
    ptc, pc, classes, nextmove, row, output = load_model_parts()
    identifier: _Identifier = CompiledWalkIdentifier(
        np.asarray(ptc), np.asarray(pc), classes, nextmove, output, norm_probs=True, tk_row=row
    )
    return identifier


# py3langid 0.4 labels Chinese varieties and "no linguistic content" with ISO 639-3
# codes; vicorpus reports the macrolanguage and "und". Other languages without an ISO
# 639-1 code (pcm Nigerian Pidgin, bcl Central Bikol, …) keep their ISO 639-3 code.
_LABELS: Final = {"yue": "zh", "wuu": "zh", "gan": "zh", "hak": "zh", "nan": "zh", "zxx": "und"}


def classify(text: str) -> tuple[str, float]:
    """(ISO 639-1 code, or ISO 639-3 where there is none; probability) by the general model."""
    # py3langid normalizes the text (NFC) first: runs of combining marks are cut first.
    language, probability = _identifier().classify(make_stream_safe(text))
    language = _LABELS.get(str(language), str(language))
    return language, 0.0 if language == "und" else float(probability)
