"""A node's neighbourhood at depth 1 to 3 (the "local graph"), each edge with its reason."""

from __future__ import annotations

import networkx as nx

from graph.query.edges import edge_reason
from graph.query.lookup import QueryIndex
from graph.query.nodes import node_summary, resolve_node

__all__ = ["MAX_DEPTH", "MAX_LIMIT", "neighbours"]

MAX_DEPTH = 3
MAX_LIMIT = 2000


def _adjacent(G: nx.DiGraph, node: str) -> set[str]:
    """Nodes joined to ``node`` by an edge in either direction."""
    return set(G.successors(node)) | set(G.predecessors(node))


def _layers(G: nx.DiGraph, center: str, depth: int, limit: int) -> tuple[dict[str, int], bool]:
    """Node → depth, breadth first, keeping the most central nodes of a layer that overflows.

    The hub is reached but never expanded (it joins every article), unless it is the center.
    """
    found = {center: 0}
    frontier = [center]
    truncated = False
    for level in range(1, depth + 1):
        layer: set[str] = set()
        for node in frontier:
            if node != center and G.nodes[node].get("kind") == "hub":
                continue
            layer |= _adjacent(G, node)
        layer -= found.keys()
        room = limit - len(found)
        if len(layer) > room:
            truncated = True
            ranked = sorted(layer, key=lambda n: (-float(G.nodes[n].get("pagerank") or 0.0), n))
            layer = set(ranked[: max(0, room)])
        found.update(dict.fromkeys(layer, level))
        frontier = sorted(layer)
        if not frontier or truncated:
            break
    return found, truncated


def neighbours(
    G: nx.DiGraph,
    query: str,
    depth: int = 1,
    limit: int = 500,
    index: QueryIndex | None = None,
) -> dict:
    """The nodes within ``depth`` edges of the node ``query`` names, and the edges among them.

    Parameters
    ----------
    G : networkx.DiGraph
        An nlpmap graph.
    query : str
        A node id, or a concept or article name (see :func:`~graph.query.nodes.resolve_node`).
    depth : int
        1 to 3; edges are followed in both directions.
    limit : int
        At most this many nodes (1 to 2,000); an overflowing layer keeps its
        nodes of highest PageRank and ``truncated`` is true.
    index : QueryIndex, optional
        A prebuilt query index of ``G``.

    Returns
    -------
    dict
        ``{"center", "depth", "nodes": [...], "edges": [...], "truncated"}``;
        each node is a :func:`~graph.query.nodes.node_summary` with ``depth``,
        ``pagerank``, ``degree`` (and the layout's ``x``, ``y`` when the graph has them); each edge has ``source``, ``target``,
        ``kind``, ``type`` (relations), ``weight`` and ``why`` (one
        ``{kind, text}``).

    Raises
    ------
    ValueError
        When ``depth`` or ``limit`` is out of bounds, or the query is empty or too long.
    QueryNotFound
        When the query names no node.

    Examples
    --------
    >>> G = nx.DiGraph()
    >>> G.add_node("concept:a", kind="concept", label="A", type="model")
    >>> G.add_node("concept:b", kind="concept", label="B", type="model")
    >>> G.add_edge("concept:a", "concept:b", kind="relation", type="uses")
    >>> [e["why"]["text"] for e in neighbours(G, "concept:b")["edges"]]
    ['A uses B']
    """
    if not 1 <= int(depth) <= MAX_DEPTH:
        raise ValueError(f"depth must be between 1 and {MAX_DEPTH}")
    if not 1 <= int(limit) <= MAX_LIMIT:
        raise ValueError(f"limit must be between 1 and {MAX_LIMIT}")
    center = resolve_node(G, query, index)
    found, truncated = _layers(G, center, int(depth), int(limit))
    order = sorted(found, key=lambda n: (found[n], -float(G.nodes[n].get("pagerank") or 0.0), n))
    nodes = []
    for node in order:
        item = node_summary(G, node)
        data = G.nodes[node]
        item.update(
            depth=found[node],
            pagerank=float(data.get("pagerank") or 0.0),
            degree=int(data.get("degree") or G.degree(node)),
        )
        if "x" in data and "y" in data:
            item.update(x=float(data["x"]), y=float(data["y"]))
        nodes.append(item)
    edges = []
    for u in order:
        for v, data in G.adj[u].items():
            if v in found:
                edges.append(_edge(G, u, v, data))
    return {
        "center": node_summary(G, center),
        "depth": int(depth),
        "nodes": nodes,
        "edges": edges,
        "truncated": truncated,
    }


def _edge(G: nx.DiGraph, u: str, v: str, data: dict) -> dict:
    """The JSON item of one edge."""
    item = {"source": u, "target": v, "kind": data.get("kind")}
    if data.get("type"):
        item["type"] = data["type"]
    if "weight" in data:
        item["weight"] = data["weight"]
    item["why"] = edge_reason(G, u, v, data)
    return item
