"""How a marker is written down and when it counts: the rule vocabulary of the lexicon.

A :class:`Marker` is one or more lower-case syllables with a weight per region. Its context
rules look only at the word before and the word after it ("" when a clause boundary —
punctuation, a line break, the start or end of the text — is there instead):

- ``not_after`` / ``not_before`` *veto* a hit next to one of the listed words: the false
  friend (chi phí "cost", mô hình "model", hàm răng "teeth", Tây Ban Nha "Spain");
- ``after`` / ``before`` / ``final`` *license* a hit: when any of them is given, the word
  counts only after one of the ``after`` words, before one of the ``before`` words, or at
  the end of a clause (``final``: the next thing is a boundary or a sentence-final
  particle, "đi mô rứa"), e.g. mô "where" after a verb of place, never mô "tissue";
- ``cased`` markers count only in lower case (capitalised they are names: Ngô Quyền, Nha
  Trang, Cái Răng, Kim Chi), except at the start of a clause before a lower-case word.

Hyphenated words are one word (mô-tô, ni-lông, mi-ni) and never match a marker.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Final

# Index of a region in weight triples; the order of ``REGIONS``.
REGIONS: Final = ("northern", "central", "southern")


@dataclass(frozen=True, slots=True)
class Marker:
    """One lexicon entry: lower-case syllables, weight per region and its context rules."""

    words: tuple[str, ...]
    weights: tuple[float, float, float]
    after: frozenset[str] = frozenset()
    before: frozenset[str] = frozenset()
    final: bool = False
    not_after: frozenset[str] = frozenset()
    not_before: frozenset[str] = frozenset()
    cased: bool = False

    @property
    def licensed(self) -> bool:
        """True when the marker counts only in the places it names."""
        return self.final or bool(self.after) or bool(self.before)


def marker(
    words: str,
    n: float = 0.0,
    c: float = 0.0,
    s: float = 0.0,
    *,
    after: str = "",
    before: str = "",
    final: bool = False,
    not_after: str = "",
    not_before: str = "",
    cased: bool = False,
) -> Marker:
    """A marker from space-separated strings: ``marker("mô", c=1.5, final=True, not_before="hình tả")``."""
    return Marker(
        tuple(words.split()),
        (n, c, s),
        frozenset(after.split()),
        frozenset(before.split()),
        final,
        frozenset(not_after.split()),
        frozenset(not_before.split()),
        cased,
    )


# Particles that may close a clause after another particle or demonstrative ("đi mô rứa",
# "sao vậy hả", "thế nhỉ"): a word followed by one of them counts as clause-final.
_PARTICLES = "à ạ ư hả hở hử chứ chớ nhé nhỉ nhá nha nhen nghen hen hén nè hông hổng đấy đó rứa hè hỉ tề nờ á"
FINAL_PARTICLES: Final = frozenset(f"{_PARTICLES} không chưa thế vậy dzậy zậy ri ni mô tê răng chi cơ ấy ý".split())
