"""py3langid's byte n-gram features of one text, counted in a compiled loop.

py3langid finds a text's features by walking an automaton over its UTF-8 bytes
(``py3langid.langid.visit_counts``), one Python loop step per byte: about 0.09 µs per
byte, 8 ms for a 100 KB page, and the bulk of the language stage's time on text that is
not Vietnamese (Vietnamese is decided without the general model). This is the same walk
compiled; it returns the features in the order of their first visit with their counts,
the order ``collections.Counter`` keeps, so that the score py3langid computes from them
is the same to the last bit (tested against py3langid's own ``classify``).
"""

from __future__ import annotations

import threading
from typing import Any

import numpy as np
import numpy.typing as npt
from numba import njit


@njit(cache=True, nogil=True)
def _visits(nextmove: Any, rowbase: Any, output: Any, data: Any, seen: Any) -> tuple[Any, Any]:
    # ``seen`` counts the visits per feature and is zero again on return, for the next text.
    order = np.empty(data.size, dtype=np.int64)
    found = 0
    state = 0
    for byte in data:
        state = nextmove[rowbase[state] + byte]
        feature = output[state]
        if feature >= 0:
            if seen[feature] == 0:
                order[found] = feature
                found += 1
            seen[feature] += 1
    counts = np.empty(found, dtype=np.int64)
    for index in range(found):
        feature = order[index]
        counts[index] = seen[feature]
        seen[feature] = 0
    return order[:found], counts


class FeatureWalk:
    """The automaton of one py3langid model, ready to walk texts (thread-safe)."""

    def __init__(self, nextmove: Any, row: Any, output: Any) -> None:
        # py3langid holds the table as an ``array.array``: read in place, not copied (37 MB).
        if isinstance(nextmove, np.ndarray):
            self._nextmove = nextmove
        else:
            self._nextmove = np.frombuffer(nextmove, dtype=np.dtype(nextmove.typecode))
        self._rowbase = np.asarray(row, dtype=np.int64) << 8  # as py3langid pre-shifts its rows
        self._output = np.asarray(output, dtype=np.int64)
        self._features = int(self._output.max()) + 1
        self._scratch = threading.local()

    def visits(self, data: bytes) -> tuple[npt.NDArray[np.int64], npt.NDArray[np.int64]]:
        """(features in order of first visit, visits of each) for the UTF-8 bytes ``data``."""
        seen = getattr(self._scratch, "seen", None)
        if seen is None:
            seen = self._scratch.seen = np.zeros(self._features, dtype=np.int64)
        return _visits(self._nextmove, self._rowbase, self._output, np.frombuffer(data, dtype=np.uint8), seen)
