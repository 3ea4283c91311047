"""The view filter shared by the CLI, the explorer and the API: a sub-graph, never a mutation.

Signature (stable)::

    view(G, *, kinds=None, types=None, min_weight=None, focus=None, depth=1) -> nx.DiGraph

- ``kinds``: node kinds kept (``concept``, ``article``, ``section``, ``hub``...); ``None`` keeps all.
- ``types``: concept types kept; nodes of other kinds are not affected.
- ``min_weight``: edges with a numeric ``weight`` below it are dropped (edges without one stay).
- ``focus`` + ``depth``: only nodes within ``depth`` hops of ``focus`` (either direction).
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import TYPE_CHECKING

from graph.errors import QueryNotFound

if TYPE_CHECKING:
    import networkx as nx

__all__ = ["view"]


def _within(G: nx.DiGraph, focus: str, depth: int) -> set[str]:
    """Nodes at most ``depth`` hops from ``focus``, edges taken both ways."""
    seen, frontier = {focus}, {focus}
    for _ in range(max(depth, 0)):
        nxt = set()
        for node in frontier:
            nxt.update(G.successors(node))
            nxt.update(G.predecessors(node))
        frontier = nxt - seen
        seen |= frontier
        if not frontier:
            break
    return seen


def view(
    G: nx.DiGraph,
    *,
    kinds: Iterable[str] | None = None,
    types: Iterable[str] | None = None,
    min_weight: float | None = None,
    focus: str | None = None,
    depth: int = 1,
) -> nx.DiGraph:
    """Return the filtered copy of ``G`` (``G`` itself is left untouched).

    Raises
    ------
    QueryNotFound
        When ``focus`` is not a node of ``G``.
    """
    kinds = set(kinds) if kinds else None
    types = set(types) if types else None
    keep = set(G) if focus is None else None
    if focus is not None:
        if focus not in G:
            raise QueryNotFound(focus)
        keep = _within(G, focus, depth)
    nodes = [
        n
        for n in keep
        if (kinds is None or G.nodes[n].get("kind") in kinds)
        and (types is None or G.nodes[n].get("kind") != "concept" or G.nodes[n].get("type") in types)
    ]
    H = G.subgraph(nodes).copy()
    if min_weight is not None:
        low = [
            (u, v)
            for u, v, w in H.edges(data="weight")
            if isinstance(w, (int, float)) and not isinstance(w, bool) and w < min_weight
        ]
        H.remove_edges_from(low)
    return H
