"""Laying the graph out ahead of drawing, so the browser draws final positions at once.

pyvis's default physics needs about 26 s to settle 500 nodes in a browser;
``networkx.spring_layout`` needs 0.7 s for 500 nodes and over 10 s for 2,000.
This module runs Fruchterman-Reingold in vectorised NumPy: exact repulsion
for graphs up to :data:`EXACT_LIMIT` nodes, repulsion from a random sample of
nodes (rescaled) beyond it, so large maps still lay out in seconds.
"""

from __future__ import annotations

import math

import networkx as nx
import numpy as np

__all__ = ["EXACT_LIMIT", "layout_positions"]

EXACT_LIMIT = 800
SAMPLE_SIZE = 256


def layout_positions(
    G: nx.Graph, *, seed: int = 42, iterations: int = 80
) -> dict[str, tuple[float, float]]:
    """Compute a force-directed layout of ``G`` in screen units.

    Parameters
    ----------
    G : networkx.Graph
        The graph (directed or not; edges count both ways); not modified.
    seed : int
        Seed of the initial positions and of the repulsion samples: the same
        graph always gets the same drawing.
    iterations : int
        Cooling steps.

    Returns
    -------
    dict
        ``{node: (x, y)}``, coordinates rounded to one decimal, spread so that
        neighbouring nodes sit roughly 100 units apart whatever the size.

    Examples
    --------
    >>> pos = layout_positions(nx.path_graph(3))
    >>> sorted(pos) == [0, 1, 2]
    True
    """
    nodes = list(G)
    n = len(nodes)
    if n == 0:
        return {}
    if n == 1:
        return {nodes[0]: (0.0, 0.0)}
    index = {node: i for i, node in enumerate(nodes)}
    src, dst = [], []
    for u, v in G.edges():
        if u != v:
            src.append(index[u])
            dst.append(index[v])
    src_a = np.asarray(src, dtype=np.int64)
    dst_a = np.asarray(dst, dtype=np.int64)

    rng = np.random.default_rng(seed)
    pos = (rng.random((n, 2), dtype=np.float64) - 0.5).astype(np.float32)
    k = 1.0 / math.sqrt(n)  # optimal distance in the unit square
    temperature = 0.1
    cooling = temperature / (iterations + 1)
    exact = n <= EXACT_LIMIT
    for _ in range(iterations):
        disp = _repulsion(pos, k, rng, exact)
        if src_a.size:
            delta = pos[src_a] - pos[dst_a]
            dist = np.sqrt((delta * delta).sum(axis=1)) + 1e-9
            pull = delta * (dist / k)[:, None]  # attraction d^2/k along delta/d
            for axis in (0, 1):
                disp[:, axis] += np.bincount(dst_a, pull[:, axis], minlength=n)
                disp[:, axis] -= np.bincount(src_a, pull[:, axis], minlength=n)
        # gentle gravity keeps isolated parts near the centre
        disp -= pos * (0.05 / k) * k
        length = np.sqrt((disp * disp).sum(axis=1)) + 1e-9
        pos += disp * (np.minimum(length, temperature) / length)[:, None]
        temperature -= cooling
    pos -= pos.mean(axis=0)
    scale = 100.0 / k
    return {
        node: (round(float(pos[i, 0]) * scale, 1), round(float(pos[i, 1]) * scale, 1))
        for node, i in index.items()
    }


def _repulsion(pos: np.ndarray, k: float, rng: np.random.Generator, exact: bool) -> np.ndarray:
    """Repulsive displacement k^2/d along each pair's direction."""
    n = pos.shape[0]
    if exact:
        others = pos
        weight = 1.0
    else:
        pick = rng.choice(n, size=min(SAMPLE_SIZE, n), replace=False)
        others = pos[pick]
        weight = n / others.shape[0]
    dx = pos[:, 0, None] - others[None, :, 0]
    dy = pos[:, 1, None] - others[None, :, 1]
    dist2 = dx * dx
    dist2 += dy * dy
    np.maximum(dist2, 1e-6, out=dist2)
    coef = np.divide(k * k, dist2, out=dist2)
    if exact:
        np.fill_diagonal(coef, 0.0)
    out = np.empty_like(pos)
    out[:, 0] = np.einsum("ij,ij->i", dx, coef)
    out[:, 1] = np.einsum("ij,ij->i", dy, coef)
    return out * weight
