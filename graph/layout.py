"""Laying the graph out ahead of drawing, so the browser draws final positions at once.

pyvis's default physics needs about 26 s to settle 500 nodes in a browser;
``networkx.spring_layout`` needs 0.7 s for 500 nodes and over 10 s for 2,000.
This module runs a force model in vectorised NumPy (0.05 s for the 745 nodes
of NLP_ability, 0.6 s for 10,000), in four steps:

1. **Satellites.** A node with at most one strong tie (a concept only one
   article mentions in earnest) is set aside; it will orbit the neighbour it
   is most strongly tied to, whose mass grows so that the orbit has room.
2. **Forces** on the remaining core. Springs pull by edge kind
   (:func:`edge_weight`): ``links_to`` and ``mentions`` (by salience cubed,
   ``primary`` strongest), ``in_section`` moderately, ontology ``relation``
   edges barely; the springs of the hub and of index pages (nodes with more
   than ``INDEX_LINKS`` links) are weakened, since they tie everything
   together. A spring pulls with ``w * log(1 + d)`` (the LinLog mode of
   ForceAtlas2, which separates clusters), and a node whose ties are all weak
   still feels a total pull of ``MIN_PULL``, so concepts sit near the articles
   that mention them without dragging those articles. Repulsion is
   ``m_i * m_j / d``: exact for small cores, from a particle mesh (masses
   spread on a grid, convolved by FFT with the ``1/d`` kernel) for large ones.
   A linear gravity, stronger vertically, keeps the map as wide as a screen;
   the anchor (the hub) is pinned at the centre.
3. **Satellites back**, on arcs around their neighbour, on the side away
   from that neighbour's own neighbours.
4. **Overlap removal**: pairs closer than the sum of their radii (larger for
   a high PageRank among the node's kind, :func:`node_radii`) are pushed
   apart, the pairs found on a grid.

Everything is seeded: the same graph always gets the same drawing.
"""

from __future__ import annotations

import math
from collections.abc import Mapping

import networkx as nx
import numpy as np

__all__ = ["EDGE_WEIGHTS", "EXACT_LIMIT", "SPACING", "edge_weight", "layout_positions", "node_radii"]

# pull of an edge by kind; ``mentions`` is scaled by salience in edge_weight
EDGE_WEIGHTS: dict[str, float] = {
    "links_to": 1.0,
    "mentions": 1.0,
    "in_section": 1.5,
    "relation": 0.03,
}
UNKNOWN_KIND_WEIGHT = 0.3
WEAK_WEIGHT = 0.1  # edges at most this weak never make a satellite
PRIMARY_BOOST = 3.0
MENTION_FLOOR = 0.05  # keeps passing mentions near their articles
INDEX_LINKS = 12  # a node with more links than this is an index page
ANCHOR_EDGE_WEIGHT = 0.2  # springs of the anchor (the hub links and mentions nearly everything)

EXACT_LIMIT = 300  # core nodes up to which repulsion is summed exactly
SPACING = 70.0  # screen units per unit of the force model
GRAVITY = 1.0
ATTRACTION = 6.0  # springs against repulsion
MIN_PULL = 2.5  # total spring pull a weakly tied node feels at least
SATELLITE_MASS = 0.5  # mass a parent gains per satellite
RADIUS_MIN = 9.0  # overlap radii, screen units
RADIUS_MAX = 30.0


def edge_weight(attrs: Mapping) -> float:
    """The pull of one edge, from its ``kind`` (and ``salience``/``primary`` for mentions).

    Edges without a ``kind`` (plain graphs) pull with weight 1.

    Examples
    --------
    >>> edge_weight({"kind": "relation"}) < edge_weight({"kind": "in_section"}) < edge_weight({"kind": "links_to"})
    True
    >>> edge_weight({"kind": "mentions", "salience": 0.9, "primary": True}) > edge_weight(
    ...     {"kind": "mentions", "salience": 0.2})
    True
    """
    kind = attrs.get("kind")
    if kind is None:
        return 1.0
    if kind == "mentions":
        try:
            salience = min(max(float(attrs.get("salience", 0.5)), 0.0), 1.0)
        except (TypeError, ValueError):
            salience = 0.5
        weight = EDGE_WEIGHTS["mentions"] * salience**3 * (PRIMARY_BOOST if attrs.get("primary") else 1.0)
        return MENTION_FLOOR + weight
    return EDGE_WEIGHTS.get(kind, UNKNOWN_KIND_WEIGHT)


def node_radii(G: nx.Graph, nodes: list) -> np.ndarray:
    """The room each node needs (screen units): larger for a high PageRank among its kind.

    Without ``pagerank`` attributes the degree ranks instead.
    """
    n = len(nodes)
    score = np.empty(n)
    kinds: dict[object, list[int]] = {}
    for i, node in enumerate(nodes):
        attrs = G.nodes[node]
        value = attrs.get("pagerank")
        score[i] = float(value) if isinstance(value, (int, float)) else float(G.degree(node))
        kinds.setdefault(attrs.get("kind"), []).append(i)
    percentile = np.ones(n)
    for members in kinds.values():
        if len(members) > 1:
            idx = np.asarray(members)
            ranks = np.argsort(np.argsort(score[idx], kind="stable"), kind="stable")
            percentile[idx] = ranks / (len(members) - 1)
    return RADIUS_MIN + (RADIUS_MAX - RADIUS_MIN) * percentile**6


def layout_positions(
    G: nx.Graph,
    *,
    seed: int = 42,
    iterations: int = 70,
    anchor: object = "hub",
    aspect: float = 1.4,
    spacing: float = SPACING,
) -> dict[object, tuple[float, float]]:
    """Compute a force-directed layout of ``G`` in screen units.

    Parameters
    ----------
    G : networkx.Graph
        The graph (directed or not; edges count both ways); not modified. Edge
        ``kind`` attributes weight the springs (:func:`edge_weight`); node
        ``pagerank`` (with ``kind``) sizes the room each node gets.
    seed : int
        Seed of the initial positions: the same graph always gets the same drawing.
    iterations : int
        Cooling steps of the force model.
    anchor : hashable
        A node pinned at the centre when present (the hub).
    aspect : float
        Width over height of the drawing (gravity is stronger vertically).
    spacing : float
        Screen units per unit of the force model: roughly the length of a
        strong edge.

    Returns
    -------
    dict
        ``{node: (x, y)}``, coordinates rounded to one decimal, centred on the
        anchor (or the origin), no two nodes closer than the sum of their radii
        (:func:`node_radii`), up to a small tolerance.

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
    anchor_at = index.get(anchor, -1)
    src, dst, weight = _edges(G, index, anchor_at)
    parent = _satellites(n, src, dst, weight, anchor_at)
    full, core = _core_positions(
        parent, src, dst, weight, anchor_at, seed=seed, iterations=iterations, aspect=aspect
    )
    full = _place_satellites(full, parent, src, dst, core)
    full *= spacing
    full = _remove_overlaps(full, node_radii(G, nodes))
    centre = full[anchor_at].copy() if anchor_at >= 0 else full.mean(axis=0)
    full -= centre
    return {node: (round(float(full[i, 0]), 1), round(float(full[i, 1]), 1)) for node, i in index.items()}


def _core_positions(
    parent: np.ndarray,
    src: np.ndarray,
    dst: np.ndarray,
    weight: np.ndarray,
    anchor: int,
    *,
    seed: int,
    iterations: int,
    aspect: float,
) -> tuple[np.ndarray, np.ndarray]:
    """Force-model positions of the core nodes (those that are no satellite).

    Satellites are left out of the simulation (each adds :data:`SATELLITE_MASS` to its
    parent) and stay at the origin; the anchor, when it is a core node, is pinned.

    Returns
    -------
    tuple
        ``(positions, core)``: an ``(n, 2)`` array for every node, and the core nodes' indices.
    """
    n = parent.size
    core = np.flatnonzero(parent < 0)
    core_index = np.full(n, -1, dtype=np.int64)
    core_index[core] = np.arange(core.size)
    keep = (parent[src] < 0) & (parent[dst] < 0)
    mass = np.ones(core.size, dtype=np.float32)
    satellites = np.flatnonzero(parent >= 0)
    np.add.at(mass, core_index[parent[satellites]], SATELLITE_MASS)
    pinned = int(core_index[anchor]) if anchor >= 0 else -1
    rng = np.random.default_rng(seed)
    pos = _simulate(
        core.size,
        core_index[src[keep]],
        core_index[dst[keep]],
        weight[keep],
        mass,
        rng,
        iterations=iterations,
        aspect=aspect,
        pinned=pinned,
    )
    full = np.zeros((n, 2))
    full[core] = pos
    return full, core


def _edges(G: nx.Graph, index: Mapping, anchor: int) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """Edge endpoints (indices) and weights, self-loops dropped.

    The anchor's springs are weakened (it links to and mentions nearly
    everything), and so are the links of index pages: a node with more than
    ``INDEX_LINKS`` ``links_to`` edges shares ``INDEX_LINKS`` links' worth of pull.
    """
    src, dst, weight, link = [], [], [], []
    for u, v, attrs in G.edges(data=True):
        if u != v:
            src.append(index[u])
            dst.append(index[v])
            weight.append(edge_weight(attrs))
            link.append(attrs.get("kind") == "links_to")
    src_a = np.asarray(src, dtype=np.int64)
    dst_a = np.asarray(dst, dtype=np.int64)
    weight_a = np.asarray(weight, dtype=np.float32)
    if src_a.size == 0:
        return src_a, dst_a, weight_a
    link_a = np.asarray(link, dtype=bool)
    links = np.bincount(src_a[link_a], minlength=len(index))
    busy = link_a & (links[src_a] > INDEX_LINKS)
    weight_a[busy] *= INDEX_LINKS / links[src_a[busy]]
    if anchor >= 0:
        touching = (src_a == anchor) | (dst_a == anchor)
        weight_a[touching & ~busy] *= ANCHOR_EDGE_WEIGHT
    return src_a, dst_a, weight_a


def _satellites(n: int, src: np.ndarray, dst: np.ndarray, weight: np.ndarray, anchor: int) -> np.ndarray:
    """For each node, the index of the neighbour it orbits, or -1 (core node).

    A node with at most one strong neighbour (weight above ``WEAK_WEIGHT``)
    orbits the neighbour it is most strongly tied to, if that one has two
    strong neighbours or more; the anchor never orbits.
    """
    parent = np.full(n, -1, dtype=np.int64)
    if src.size == 0:
        return parent
    strong = weight > WEAK_WEIGHT
    a, b = src[strong], dst[strong]
    pairs = np.unique(np.minimum(a, b) * n + np.maximum(a, b))  # distinct strong neighbours
    degree = np.bincount(pairs // n, minlength=n) + np.bincount(pairs % n, minlength=n)
    node = np.concatenate([src, dst])
    other = np.concatenate([dst, src])
    pull = np.concatenate([weight, weight])
    ok = (degree[node] <= 1) & (degree[other] >= 2) & (node != anchor)
    node, other, pull = node[ok], other[ok], pull[ok]
    if node.size == 0:
        return parent
    order = np.lexsort((other, -pull, node))  # per node: the strongest tie first, then the lowest index
    node, other = node[order], other[order]
    first = np.ones(node.size, dtype=bool)
    first[1:] = node[1:] != node[:-1]
    parent[node[first]] = other[first]
    return parent


def _simulate(
    n: int,
    src: np.ndarray,
    dst: np.ndarray,
    weight: np.ndarray,
    mass: np.ndarray,
    rng: np.random.Generator,
    *,
    iterations: int,
    aspect: float,
    pinned: int,
) -> np.ndarray:
    """Positions of the core under springs, repulsion and gravity (model units)."""
    if n == 1:
        return np.zeros((1, 2))
    total = float(mass.sum())
    radius = math.sqrt(total / GRAVITY)  # the disc the repulsion fills against gravity
    pos = (rng.random((n, 2)) - 0.5).astype(np.float32) * np.float32(2 * radius)
    if pinned >= 0:
        pos[pinned] = 0.0
    gravity = np.asarray([GRAVITY / math.sqrt(aspect), GRAVITY * math.sqrt(aspect)], dtype=np.float32)
    mesh = None if n <= EXACT_LIMIT else _Mesh(_mesh_size(n))
    temperature = 0.25 * radius
    floor = 0.01 * radius
    decay = (floor / temperature) ** (1.0 / max(iterations - 1, 1))
    inv_mass = (1.0 / mass)[:, None]
    # a weakly tied node still feels a total pull of MIN_PULL, shared by its edges
    strength = np.bincount(src, weight, minlength=n) + np.bincount(dst, weight, minlength=n)
    boost = np.maximum(1.0, MIN_PULL / np.maximum(strength, 1e-9)).astype(np.float32)
    boost_src, boost_dst = boost[src], boost[dst]
    pull = (weight * np.float32(ATTRACTION)).astype(np.float32)
    for _ in range(iterations):
        if mesh is None:
            force = _exact_repulsion(pos, mass)
        else:
            force = mesh.repulsion(pos, mass)
        if src.size:
            delta = pos[dst] - pos[src]
            dist = np.sqrt((delta * delta).sum(axis=1)) + np.float32(1e-6)
            delta *= (pull * np.log1p(dist) / dist)[:, None]
            for axis in (0, 1):
                force[:, axis] += np.bincount(src, delta[:, axis] * boost_src, minlength=n)
                force[:, axis] -= np.bincount(dst, delta[:, axis] * boost_dst, minlength=n)
        force -= pos * gravity * mass[:, None]
        step = force * inv_mass
        length = np.sqrt((step * step).sum(axis=1)) + 1e-9
        pos += step * (np.minimum(length, temperature) / length)[:, None]
        if pinned >= 0:
            pos[pinned] = 0.0
        temperature *= decay
    return pos.astype(np.float64)


def _exact_repulsion(pos: np.ndarray, mass: np.ndarray) -> np.ndarray:
    """Repulsion m_i m_j / d along each pair, summed over all pairs."""
    dx = pos[:, 0, None] - pos[None, :, 0]
    dy = pos[:, 1, None] - pos[None, :, 1]
    dist2 = dx * dx
    dist2 += dy * dy
    dist2 += np.float32(1e-4)
    coef = np.divide(mass[None, :], dist2, out=dist2)
    out = np.empty_like(pos)
    out[:, 0] = np.einsum("ij,ij->i", dx, coef)
    out[:, 1] = np.einsum("ij,ij->i", dy, coef)
    return out * mass[:, None]


def _mesh_size(n: int) -> int:
    """Grid cells per side for the particle mesh: about two per node spacing, a multiple of 16."""
    return int(min(256, max(32, 16 * math.ceil(2 * math.sqrt(n) / 16))))


class _Mesh:
    """Particle-mesh repulsion: masses on a grid, convolved by FFT with the 1/d kernel.

    The grid is padded to twice its size so the convolution does not wrap.
    With the same cloud-in-cell weights to spread and to gather, and an odd
    kernel, no node pushes itself.
    """

    def __init__(self, size: int) -> None:
        self.size = size
        padded = 2 * size
        offsets = np.fft.fftfreq(padded, 1.0 / padded)
        ox, oy = np.meshgrid(offsets, offsets, indexing="ij")
        r2 = ox * ox + oy * oy + 1.0  # softened by one cell
        self.kx = np.fft.rfft2(ox / r2)
        self.ky = np.fft.rfft2(oy / r2)

    def repulsion(self, pos: np.ndarray, mass: np.ndarray) -> np.ndarray:
        """Repulsion on each node from all masses (same units as the exact sum)."""
        size, padded = self.size, 2 * self.size
        low = pos.min(axis=0)
        cell = float((pos.max(axis=0) - low).max()) / (size - 1) + 1e-9
        grid = (pos - low) / np.float32(cell)
        base = np.clip(np.floor(grid).astype(np.int64), 0, size - 2)
        frac = np.clip(grid - base, 0.0, 1.0)
        fx, fy = frac[:, 0], frac[:, 1]
        flat = base[:, 0] * size + base[:, 1]
        cells = np.concatenate([flat, flat + size, flat + 1, flat + size + 1])
        share = np.concatenate([(1 - fx) * (1 - fy), fx * (1 - fy), (1 - fx) * fy, fx * fy])
        density = np.bincount(cells, share * np.tile(mass, 4), minlength=size * size).reshape(size, size)
        spectrum = np.fft.rfft2(density, s=(padded, padded))
        field_x = np.fft.irfft2(spectrum * self.kx, s=(padded, padded))[:size, :size].ravel()
        field_y = np.fft.irfft2(spectrum * self.ky, s=(padded, padded))[:size, :size].ravel()
        n = pos.shape[0]
        out = np.empty(pos.shape, dtype=np.float32)
        out[:, 0] = (field_x[cells] * share).reshape(4, n).sum(axis=0)
        out[:, 1] = (field_y[cells] * share).reshape(4, n).sum(axis=0)
        out *= (mass / cell)[:, None]
        return out


def _place_satellites(
    pos: np.ndarray, parent: np.ndarray, src: np.ndarray, dst: np.ndarray, core: np.ndarray
) -> np.ndarray:
    """Put each satellite on arcs around its parent, on the side away from the parent's core neighbours."""
    satellites = np.flatnonzero(parent >= 0)
    if satellites.size == 0:
        return pos
    out = pos.copy()
    n = pos.shape[0]
    is_core = np.zeros(n, dtype=bool)
    is_core[core] = True
    both = is_core[src] & is_core[dst]
    a, b = src[both], dst[both]
    # direction away from the core neighbours (or from the centre for leaves of the core)
    pull = np.zeros((n, 2))
    count = np.bincount(np.concatenate([a, b]), minlength=n).astype(float)
    for axis in (0, 1):
        pull[:, axis] = np.bincount(a, pos[b, axis], minlength=n) + np.bincount(b, pos[a, axis], minlength=n)
    mean = np.where(count[:, None] > 0, pull / np.maximum(count, 1)[:, None], pos.mean(axis=0))
    away = pos - mean
    angle0 = np.arctan2(away[:, 1], away[:, 0])
    order = satellites[np.argsort(parent[satellites], kind="stable")]
    owners, starts, counts = np.unique(parent[order], return_index=True, return_counts=True)
    slot = np.arange(order.size) - np.repeat(starts, counts)
    total = np.repeat(counts, counts)
    # rings of 6, 12, 18, ... slots; a single satellite sits straight ahead
    ring = np.floor((np.sqrt(1 + 4 * slot / 3.0) - 1) / 2).astype(np.int64)  # 6 * r(r+1)/2 slots before ring r
    before = 3 * ring * (ring + 1)
    in_ring = np.minimum(6 * (ring + 1), total - before)
    position = slot - before
    # spread each ring over an arc that widens with its size, centred on the free side
    span = np.minimum(2 * math.pi, 0.55 * in_ring) * (in_ring - 1) / np.maximum(in_ring, 1)
    theta = np.repeat(angle0[owners], counts) + np.where(
        in_ring > 1, span * (position / np.maximum(in_ring - 1, 1) - 0.5), 0.0
    )
    distance = 0.55 * (1 + ring)
    out[order, 0] = pos[parent[order], 0] + distance * np.cos(theta)
    out[order, 1] = pos[parent[order], 1] + distance * np.sin(theta)
    return out


def _remove_overlaps(pos: np.ndarray, radius: np.ndarray, *, rounds: int = 50, refresh: int = 5) -> np.ndarray:
    """Push apart every pair closer than the sum of their radii (both move part of the overlap).

    Candidate pairs (within reach of each other, with room for the moves of
    the next rounds) are found on a grid every ``refresh`` rounds.
    """
    out = pos.copy()
    n = out.shape[0]
    golden = math.pi * (3 - math.sqrt(5))
    widest = float(radius.max())
    i_all = j_all = np.zeros(0, dtype=np.int64)
    for round_ in range(rounds):
        if round_ % refresh == 0:
            i_all, j_all = _close_pairs(out, 3 * widest)
        if i_all.size == 0:
            break
        delta = out[i_all] - out[j_all]
        dist = np.sqrt((delta * delta).sum(axis=1))
        need = radius[i_all] + radius[j_all]
        hit = dist < need
        if not hit.any():
            if round_ % refresh == 0:
                break
            continue
        i, j, delta, dist, need = i_all[hit], j_all[hit], delta[hit], dist[hit], need[hit]
        same = dist < 1e-6
        # coincident nodes part along a direction fixed by their indices
        delta[same] = np.stack([np.cos(golden * i[same]), np.sin(golden * i[same])], axis=1)
        dist[same] = 1.0
        push = delta * ((need - dist) / dist * 0.5)[:, None]
        move = np.empty_like(out)
        for axis in (0, 1):
            move[:, axis] = np.bincount(i, push[:, axis], minlength=n) - np.bincount(j, push[:, axis], minlength=n)
        # a node pushed by many neighbours moves by their mean push, which does not overshoot
        hits = np.bincount(np.concatenate([i, j]), minlength=n)
        out += move * (np.minimum(hits, 4) / np.maximum(hits, 1))[:, None]
    return out


def _close_pairs(pos: np.ndarray, reach: float) -> tuple[np.ndarray, np.ndarray]:
    """All pairs ``i != j`` (each once) in the same or adjacent grid cells of side ``reach``."""
    n = pos.shape[0]
    cells = np.floor((pos - pos.min(axis=0)) / reach).astype(np.int64)
    width = int(cells[:, 1].max()) + 3
    key = (cells[:, 0] + 1) * width + cells[:, 1] + 1
    order = np.argsort(key, kind="stable")
    sorted_keys = key[order]
    firsts, lasts = [], []
    for dx, dy in ((0, 0), (1, -1), (1, 0), (1, 1), (0, 1)):
        target = key + dx * width + dy
        start = np.searchsorted(sorted_keys, target, side="left")
        end = np.searchsorted(sorted_keys, target, side="right")
        count = end - start
        total = int(count.sum())
        if total == 0:
            continue
        first = np.repeat(np.arange(n), count)
        offset = np.arange(total) - np.repeat(np.cumsum(count) - count, count)
        second = order[np.repeat(start, count) + offset]
        if dx == 0 and dy == 0:
            keep = first < second
            first, second = first[keep], second[keep]
        firsts.append(first)
        lasts.append(second)
    if not firsts:
        empty = np.zeros(0, dtype=np.int64)
        return empty, empty
    return np.concatenate(firsts), np.concatenate(lasts)
