"""Connected components of a graph given as edge batches, in memory linear in nodes.

Union-find over a NumPy parent array (4 bytes per node while there are fewer than 2^31
nodes): each batch of edges is merged by vectorized rounds of "link the larger root to
the smaller", with ``np.minimum.at`` settling conflicts, until every edge of the batch
joins one component. Roots only ever move to smaller indices, so a component's root is
its smallest node: with nodes numbered in input order, the first document of a cluster.
Edges are never stored, so memory does not grow with the number of pairs.
"""

from __future__ import annotations

from typing import Any

import numpy as np
import numpy.typing as npt

Nodes = npt.NDArray[np.int64]


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
        while left.size:
            left_root, right_root = self.find(left), self.find(right)
            apart = left_root != right_root
            if not apart.any():
                break
            left, right = left[apart], right[apart]
            low = np.minimum(left_root[apart], right_root[apart])
            high = np.maximum(left_root[apart], right_root[apart])
            np.minimum.at(self.parent, high, low.astype(self.parent.dtype))
        self.compress()

    def compress(self) -> None:
        """Point every node straight at its root (pointer jumping)."""
        while True:
            above = self.parent[self.parent]
            if np.array_equal(above, self.parent):
                return
            self.parent = above

    def roots(self) -> npt.NDArray[np.signedinteger[Any]]:
        """Every node's root (the parent array itself, int32 below 2^31 nodes)."""
        self.compress()
        return self.parent
