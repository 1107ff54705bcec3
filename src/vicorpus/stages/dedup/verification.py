"""Exact-Jaccard verification of MinHash candidate pairs (``minhash_dedup``'s ``verify_threshold``).

LSH makes pairs candidates with a probability that rises smoothly with their similarity
(the S-curve), so some candidates are less similar than wanted. Verification re-reads
the two texts, shingles them with the stage's settings and merges the pair only when
the exact Jaccard similarity of the shingle sets reaches the threshold.

Cost control: a pair whose documents are already in one component (merged through
another band or another pair) is not verified again; a rejected pair is remembered,
since it comes back in every band it shares. Texts are read per task, only for the
documents of the pairs being verified.
"""

from __future__ import annotations

from collections.abc import Callable

import numpy as np
import numpy.typing as npt

from vicorpus.minhash.components import Components
from vicorpus.minhash.signatures import jaccard
from vicorpus.stages.base import DocumentIndex

Shingler = Callable[[list[str]], tuple[np.ndarray, np.ndarray]]
Nodes = npt.NDArray[np.int64]


class PairVerifier:
    def __init__(
        self, shingles: Shingler, threshold: float, documents: DocumentIndex, bases: Nodes, components: Components
    ) -> None:
        self._shingles = shingles
        self._threshold = threshold
        self._documents = documents
        self._bases = bases
        self._components = components
        self._rejected: set[tuple[int, int]] = set()
        self.checked = 0
        self.rejected = 0

    def similar(self, left: Nodes, right: Nodes) -> tuple[Nodes, Nodes]:
        """The pairs (left[i], right[i]) that pass the exact-Jaccard threshold."""
        open_pairs = self._components.find(left) != self._components.find(right)
        left, right = left[open_pairs], right[open_pairs]
        fresh = np.array([(a, b) not in self._rejected for a, b in zip(left.tolist(), right.tolist(), strict=True)])
        if left.size == 0 or not fresh.any():
            return left[:0], right[:0]
        left, right = left[fresh], right[fresh]
        sets = self._load(np.unique(np.concatenate([left, right])))
        keep = np.zeros(left.size, dtype=bool)
        for i, (a, b) in enumerate(zip(left.tolist(), right.tolist(), strict=True)):
            keep[i] = jaccard(sets[a], sets[b]) >= self._threshold
            if not keep[i]:
                self._rejected.add((a, b))
        self.checked += left.size
        self.rejected += int((~keep).sum())
        return left[keep], right[keep]

    def _load(self, nodes: Nodes) -> dict[int, np.ndarray]:
        """Shingle sets of the given documents, read task by task."""
        sets: dict[int, np.ndarray] = {}
        tasks = np.searchsorted(self._bases, nodes, side="right") - 1
        for task in np.unique(tasks).tolist():
            members = nodes[tasks == task]
            texts = self._documents.texts(task, (members - self._bases[task]).tolist())
            flat, offsets = self._shingles(texts)
            for i, node in enumerate(members.tolist()):
                sets[node] = flat[offsets[i] : offsets[i + 1]]
        return sets
