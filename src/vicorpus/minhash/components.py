"""Connected components of a graph given as edge batches, in memory linear in nodes.

Union-find over a NumPy parent array (4 bytes per node while there are fewer than 2^31
nodes): each batch of edges is merged by vectorized rounds of "link the larger root to
the smaller", with ``np.minimum.at`` settling conflicts, until every edge of the batch
joins one component. Roots only ever move to smaller indices, so a component's root is
its smallest node: with nodes numbered in input order, the first document of a cluster.
Edges are never stored, so memory does not grow with the number of pairs; only the nodes
of a batch are re-pointed at their roots after it, and the final full compression runs
in slices, so no temporary array is as large as the parent array.
"""

from __future__ import annotations

from typing import Any

import numpy as np
import numpy.typing as npt

Nodes = npt.NDArray[np.int64]
# Nodes compressed at a time by ``compress``: bounds its temporary arrays (~16 MB).
_SLICE = 1 << 20


class Components:
    def __init__(self, nodes: int) -> None:
        dtype = np.int32 if nodes < 2**31 else np.int64
        self.parent: npt.NDArray[np.signedinteger[Any]] = np.arange(nodes, dtype=dtype)

    def find(self, nodes: Nodes) -> Nodes:
        """Roots of the given nodes (no compression)."""
        current = self.parent[nodes]
        while True:
            above = self.parent[current]
            if np.array_equal(above, current):
                return current.astype(np.int64)
            current = above

    def union(self, left: Nodes, right: Nodes) -> None:
        """Merge the components of ``left[i]`` and ``right[i]`` for every i."""
        left = np.asarray(left, dtype=np.int64)
        right = np.asarray(right, dtype=np.int64)
        touched_left, touched_right = left, right
        while left.size:
            left_root, right_root = self.find(left), self.find(right)
            apart = left_root != right_root
            if not apart.any():
                break
            left, right = left[apart], right[apart]
            low = np.minimum(left_root[apart], right_root[apart])
            high = np.maximum(left_root[apart], right_root[apart])
            np.minimum.at(self.parent, high, low.astype(self.parent.dtype))
        # Path compression for the batch's nodes only: a full pass would allocate
        # parent-sized temporaries per batch (measured: ~18 bytes/document at 1M).
        for nodes in (touched_left, touched_right):
            self.parent[nodes] = self.find(nodes).astype(self.parent.dtype)

    def compress(self) -> None:
        """Point every node straight at its root, slice by slice."""
        for start in range(0, self.parent.size, _SLICE):
            nodes = np.arange(start, min(start + _SLICE, self.parent.size), dtype=np.int64)
            self.parent[start : start + nodes.size] = self.find(nodes).astype(self.parent.dtype)

    def roots(self) -> npt.NDArray[np.signedinteger[Any]]:
        """Every node's root (the parent array itself, int32 below 2^31 nodes)."""
        self.compress()
        return self.parent
